/// One module line of Go build info (`mod`, `dep`, or a `=>` replacement).
public struct GoModule: Hashable, Sendable {
    /// The module path, e.g. `github.com/Masterminds/semver/v3`.
    public var path: String
    /// The module version, e.g. `v3.3.0`, or `(devel)` for a main module built from a checkout.
    public var version: String
    /// The `h1:` checksum, when recorded.
    public var sum: String?
    /// The module that replaced this one (`replace` directive), when any.
    public var replacement: GoModuleReplacement?

    public init(path: String, version: String, sum: String? = nil, replacement: GoModuleReplacement? = nil) {
        self.path = path
        self.version = version
        self.sum = sum
        self.replacement = replacement
    }
}

/// The target of a `replace` directive as recorded in build info.
public struct GoModuleReplacement: Hashable, Sendable {
    public var path: String
    public var version: String
    public var sum: String?
}

/// The build information the Go linker embeds in every module-aware binary (what `go version -m` prints).
public struct GoBuildInfo: Hashable, Sendable {
    /// The toolchain version, e.g. `go1.19.8`.
    public var goVersion: String
    /// The main package path (`path` line), e.g. `github.com/docker/distribution/cmd/registry`.
    public var path: String?
    /// The main module (`mod` line); nil for GOPATH-mode builds.
    public var main: GoModule?
    /// Every dependency (`dep` lines), replacements attached.
    public var dependencies: [GoModule]
    /// Build settings (`build` lines) in order, values unquoted, e.g. `("-ldflags", "-s -w")`, `("GOARCH", "amd64")`.
    public var settings: [(key: String, value: String)]

    public init(
        goVersion: String, path: String? = nil, main: GoModule? = nil, dependencies: [GoModule] = [],
        settings: [(key: String, value: String)] = []
    ) {
        self.goVersion = goVersion
        self.path = path
        self.main = main
        self.dependencies = dependencies
        self.settings = settings
    }

    /// The last value of build setting `key`.
    public func setting(_ key: String) -> String? {
        settings.last { $0.key == key }?.value
    }

    public static func == (lhs: GoBuildInfo, rhs: GoBuildInfo) -> Bool {
        lhs.goVersion == rhs.goVersion && lhs.path == rhs.path && lhs.main == rhs.main
            && lhs.dependencies == rhs.dependencies && lhs.settings.elementsEqual(rhs.settings) { $0 == $1 }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(goVersion)
        hasher.combine(path)
        hasher.combine(main)
        hasher.combine(dependencies)
    }

    /// Parses the module-info text (after the sentinels are removed), as Go's `debug.ParseBuildInfo` does.
    public static func parse(goVersion: String, modinfo: String, path filePath: String) throws(PackageFileError)
        -> GoBuildInfo
    {
        var info = GoBuildInfo(goVersion: goVersion)
        var lineNumber = 0
        for rawLine in modinfo.split(separator: "\n", omittingEmptySubsequences: true) {
            lineNumber += 1
            let fields = rawLine.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            func bad() -> PackageFileError {
                PackageFileError(
                    path: filePath, reason: "go build info line \(lineNumber) is malformed: '\(rawLine.prefix(120))'")
            }
            switch fields[0] {
            case "path":
                guard fields.count >= 2 else { throw bad() }
                info.path = fields[1]
            case "mod", "dep":
                guard fields.count >= 3, !fields[1].isEmpty else { throw bad() }
                let module = GoModule(
                    path: fields[1], version: fields[2], sum: fields.count > 3 && !fields[3].isEmpty ? fields[3] : nil)
                if fields[0] == "mod" { info.main = module } else { info.dependencies.append(module) }
            case "=>":
                guard fields.count >= 3 else { throw bad() }
                let replacement = GoModuleReplacement(
                    path: fields[1], version: fields[2], sum: fields.count > 3 && !fields[3].isEmpty ? fields[3] : nil)
                if !info.dependencies.isEmpty {
                    info.dependencies[info.dependencies.count - 1].replacement = replacement
                } else if info.main != nil {
                    info.main?.replacement = replacement
                } else {
                    throw bad()
                }
            case "build":
                guard fields.count >= 2 else { throw bad() }
                let setting = fields[1...].joined(separator: "\t")
                guard let equals = setting.firstIndex(of: "=") else { throw bad() }
                let key = GoStringLiteral.unquoteIfQuoted(String(setting[..<equals]))
                let value = GoStringLiteral.unquoteIfQuoted(String(setting[setting.index(after: equals)...]))
                info.settings.append((key, value))
            default:
                // Unknown line kinds are skipped, as Go's own parser would reject only malformed known ones.
                continue
            }
        }
        return info
    }
}
