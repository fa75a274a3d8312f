import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The shared images in every form: `oci/` layouts, `docker-save-oci/`, and the docker-archive / oci-archive
/// files `formats.sh` writes once per test process into a private temporary directory.
public enum ImageForms {
    public static let names = ["alpine", "alpine-3.10", "debian-bookworm", "distroless-like", "layered-whiteout"]

    /// `oci-dir:` input for a shared layout.
    public static func ociDir(_ name: String) -> String {
        "oci-dir:" + SharedData.images.appendingPathComponent("oci/\(name)").path
    }

    /// `docker-archive:` and `oci-archive:` inputs written by `formats.sh`.
    public static func dockerArchive(_ name: String) throws -> String {
        "docker-archive:" + (try formats()) + "/docker-archive/\(name).tar"
    }
    public static func ociArchive(_ name: String) throws -> String {
        "oci-archive:" + (try formats()) + "/oci-archive/\(name).tar"
    }

    /// Runs `formats.sh` once into a directory keyed by the content of `images.json`, shared by both test modules
    /// and later test processes through a lock (the archives are ~400 MB: written once, not per run).
    public static func formats() throws -> String {
        try cached.get()
    }

    private static let cached: Result<String, any Error> = Result {
        let base = ProcessInfo.processInfo.environment["PLIMSOLL_TEST_TMP"] ?? NSTemporaryDirectory()
        let record = try Data(contentsOf: SharedData.images.appendingPathComponent("images.json"))
        // FNV-1a: a stable name for this version of the shared images.
        let key = record.reduce(UInt64(0xcbf2_9ce4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
        let directory = base + "/plimsoll-image-forms-\(getuid())-\(String(key, radix: 16))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let lock = open(directory + "/.lock", O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        defer { close(lock) }
        flock(lock, LOCK_EX)
        defer { flock(lock, LOCK_UN) }
        if FileManager.default.fileExists(atPath: directory + "/.done") { return directory }
        let script = SharedData.images.appendingPathComponent("formats.sh").path
        let result = try ProcessRunner.run(script, [directory])
        guard result.status == 0 else {
            struct FormatsFailed: Error { var output: String }
            throw FormatsFailed(output: result.error)
        }
        _ = FileManager.default.createFile(atPath: directory + "/.done", contents: Data())
        return directory
    }
}
