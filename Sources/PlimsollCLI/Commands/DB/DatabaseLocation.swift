import ImageSource
import VulnDB

/// Where the vulnerability database lives: `--db PATH`, else `$PLIMSOLL_DB`, else `<cache>/db/plimsoll.db` with
/// the cache directory chosen as for images (`$PLIMSOLL_CACHE_DIR`, `$XDG_CACHE_HOME/plimsoll`,
/// `~/.cache/plimsoll`). Every command that reads the database resolves it here.
enum DatabaseLocation {
    /// The database path for a `--db` value (nil when not given), the process environment and `--cache-dir`.
    static func resolve(option: String?, environment: [String: String], cacheDirectory: String? = nil) -> String {
        if let option, !option.isEmpty { return option }
        if let explicit = environment["PLIMSOLL_DB"], !explicit.isEmpty { return explicit }
        return VulnerabilityStore.defaultPath(
            cacheDirectory: cacheDirectory ?? SourceOptions.defaultCacheDirectory(environment: environment))
    }
}
