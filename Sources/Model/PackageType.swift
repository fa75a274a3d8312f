/// The kind of package, named as syft names them so SBOMs line up.
public enum PackageType: String, Sendable, Codable, CaseIterable, Comparable {
    case apk
    case deb
    case rpm
    case python
    case javaArchive = "java-archive"
    case npm
    case goModule = "go-module"
    case rustCrate = "rust-crate"
    case gem
    case phpComposer = "php-composer"
    case dotnet
    case binary

    /// The purl type for packages of this kind.
    public var purlType: String {
        switch self {
        case .apk: "apk"
        case .deb: "deb"
        case .rpm: "rpm"
        case .python: "pypi"
        case .javaArchive: "maven"
        case .npm: "npm"
        case .goModule: "golang"
        case .rustCrate: "cargo"
        case .gem: "gem"
        case .phpComposer: "composer"
        case .dotnet: "nuget"
        case .binary: "generic"
        }
    }

    /// Whether this is an operating-system package (matched against distro advisories).
    public var isOSPackage: Bool { self == .apk || self == .deb || self == .rpm }

    public static func < (lhs: PackageType, rhs: PackageType) -> Bool { lhs.rawValue < rhs.rawValue }
}
