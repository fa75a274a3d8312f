// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Plimsoll",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "plimsoll", targets: ["plimsoll"])
    ],
    targets: [
        // C libraries from Debian, one module map each (see STYLE.md).
        .systemLibrary(name: "CArchive", pkgConfig: "libarchive", providers: [.apt(["libarchive-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CSQLite3", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        // Value types shared by every module; no C.
        .target(name: "Model"),

        // Swift owners of the C libraries.
        .target(name: "Hashing", dependencies: ["CCrypto", "Model"]),
        .target(name: "Archive", dependencies: ["CArchive", "CZlib"]),
        .target(name: "SQLite", dependencies: ["CSQLite3"]),
        .target(name: "HTTPClient", dependencies: ["CCurl"]),

        // The pipeline.
        .target(name: "Versions", dependencies: ["Model"]),
        .target(name: "ImageSource", dependencies: ["Model", "Hashing", "HTTPClient", "Archive"]),
        .target(name: "Layers", dependencies: ["Model", "Hashing", "Archive", "ImageSource"]),
        .target(
            name: "Catalog", dependencies: ["Model", "Layers", "Archive", "SQLite", "Versions", "Hashing"]),
        .target(name: "VulnDB", dependencies: ["Model", "SQLite", "Versions", "HTTPClient", "Archive", "Hashing"]),
        .target(name: "Match", dependencies: ["Model", "Versions", "VulnDB"]),
        .target(name: "Report", dependencies: ["Model", "Hashing"]),
        .target(
            name: "PlimsollCLI",
            dependencies: [
                "Model", "Versions", "ImageSource", "Layers", "Catalog", "VulnDB", "Match", "Report",
            ]
        ),
        .executableTarget(name: "plimsoll", dependencies: ["PlimsollCLI"]),

        // Tests.
        .target(name: "TestSupport", dependencies: ["Model", "Layers"], path: "Tests/TestSupport"),
        .testTarget(name: "ModelTests", dependencies: ["Model"]),
        .testTarget(name: "HashingTests", dependencies: ["Hashing", "Model"]),
        .testTarget(name: "VersionsTests", dependencies: ["Versions", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(
            name: "ImageSourceTests", dependencies: ["ImageSource", "HTTPClient", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "LayersTests", dependencies: ["Layers", "ImageSource", "Archive", "TestSupport"]),
        .testTarget(
            name: "CatalogTests", dependencies: ["Catalog", "Layers", "ImageSource", "TestSupport"],
            exclude: ["Fixtures"]),
        .testTarget(name: "VulnDBTests", dependencies: ["VulnDB", "TestSupport"]),
        .testTarget(name: "MatchTests", dependencies: ["Match", "VulnDB", "Catalog", "TestSupport"]),
        .testTarget(name: "ReportTests", dependencies: ["Report", "Catalog", "Layers", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["PlimsollCLI", "TestSupport"], exclude: ["Fixtures"]),
    ]
)

// Strict settings for every Swift target (as swift-nio and swift-log do).
for target in package.targets where target.type != .system {
    target.swiftSettings =
        (target.swiftSettings ?? []) + [
            .enableUpcomingFeature("ExistentialAny"),
            .enableUpcomingFeature("InternalImportsByDefault"),
            .enableUpcomingFeature("MemberImportVisibility"),
        ]
}
