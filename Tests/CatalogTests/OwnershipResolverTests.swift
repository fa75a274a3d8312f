import Catalog
import Layers
import Model
import Testing

@Suite struct OwnershipResolverTests {
    static func package(
        _ name: String, _ type: PackageType, at path: String? = nil, files: [String] = []
    ) -> Package {
        Package(
            name: name, version: "1.0", type: type, purl: PURL(type: type.purlType, name: name, version: "1.0"),
            locations: path.map { [Location(path: $0)] } ?? [], files: files, foundBy: "test")
    }

    static let inventory: [Package] = [
        package("docker-registry", .deb, at: "/var/lib/dpkg/status", files: ["/.", "/usr/bin/docker-registry"]),
        package("liblog4j2-java", .deb, at: "/var/lib/dpkg/status", files: ["/usr/share/java/log4j-core-2.19.0.jar"]),
        package("busybox", .apk, at: "/lib/apk/db/installed", files: ["/bin/busybox"]),
        package("python3.11-minimal", .deb, files: ["/usr/bin/python3.11"]),
        package("golang-bin", .rpm, files: ["/usr/lib/golang/bin/go"]),
        package("github.com/docker/distribution/cmd/registry", .goModule, at: "/usr/bin/docker-registry"),
        package("stdlib", .goModule, at: "/usr/bin/docker-registry"),
        package("log4j-core", .javaArchive, at: "/usr/share/java/log4j-core-2.19.0.jar"),
        package("requests", .python, at: "/usr/local/lib/python3.11/site-packages/requests-2.19.1.dist-info/METADATA"),
        package("busybox", .binary, at: "/bin/busybox"),
        package("python", .binary, at: "/usr/bin/python3.11"),
        package("go", .binary, at: "/usr/local/go/bin/go"),
        package("cmd/go", .goModule, at: "/usr/lib/golang/bin/go"),
    ]

    @Test func marksPackagesWhoseEvidenceAnOSPackageInstalled() {
        let result = OwnershipResolver.annotate(Self.inventory, excludingOwnedBinaries: false)
        let owners = result.map { "\($0.type.rawValue):\($0.name)=\($0.metadata["ownedBy"] ?? "-")" }
        #expect(
            owners == [
                "deb:docker-registry=-", "deb:liblog4j2-java=-", "apk:busybox=-", "deb:python3.11-minimal=-",
                "rpm:golang-bin=-",
                "go-module:github.com/docker/distribution/cmd/registry=deb:docker-registry",
                "go-module:stdlib=deb:docker-registry",
                "java-archive:log4j-core=deb:liblog4j2-java",
                "python:requests=-",
                "binary:busybox=apk:busybox",
                "binary:python=deb:python3.11-minimal",
                "binary:go=-",
                "go-module:cmd/go=rpm:golang-bin",
            ])
    }

    @Test func ownedClassifierResultsAreDroppedByDefaultAsSyftDoes() {
        let result = OwnershipResolver.annotate(Self.inventory)
        #expect(result.filter { $0.type == .binary }.map(\.name) == ["go"])
        #expect(result.count == Self.inventory.count - 2)
    }

    @Test func mergedUsrPathsMatchEitherSpelling() {
        let packages = [
            Self.package("coreutils", .deb, files: ["/bin/ls"]),
            Self.package("ls-thing", .binary, at: "/usr/bin/ls"),
            Self.package("util", .deb, files: ["/usr/sbin/tool"]),
            Self.package("tool", .goModule, at: "/sbin/tool"),
        ]
        let result = OwnershipResolver.annotate(packages, excludingOwnedBinaries: false)
        #expect(result[1].metadata["ownedBy"] == "deb:coreutils")
        #expect(result[3].metadata["ownedBy"] == "deb:util")
    }

    @Test func withoutFileListsNothingChanges() {
        let packages = [Self.package("x", .binary, at: "/usr/bin/x"), Self.package("y", .deb)]
        #expect(OwnershipResolver.annotate(packages) == packages)
    }
}

@Suite struct OwnershipResolverImageTests {
    /// The Go binary in debian-bookworm, owned per dpkg's own file list (`info/docker-registry.list`).
    @Test func dockerRegistryInDebianBookwormIsOwnedByItsDeb() throws {
        let tree = try BinaryTestImage.tree(
            image: "debian-bookworm", matching: "^(/usr/bin/docker-registry|/var/lib/dpkg/info/docker-registry\\.list)$"
        )
        let list = try #require(tree.contents(of: "/var/lib/dpkg/info/docker-registry.list"))
        let files = String(decoding: list, as: UTF8.self).split(separator: "\n").map(String.init)
        let deb = Package(
            name: "docker-registry", version: "2.8.2+ds1-1", type: .deb,
            purl: PURL(type: "deb", namespace: "debian", name: "docker-registry", version: "2.8.2+ds1-1"),
            files: files, foundBy: "dpkg")
        let context = CatalogContext(distro: Distro(id: "debian", versionID: "12"))
        let go = try GoBinaryCataloger().catalog(tree, context: context)
        #expect(go.count == 2)
        let result = OwnershipResolver.annotate([deb] + go)
        #expect(result.dropFirst().map { $0.metadata["ownedBy"] } == ["deb:docker-registry", "deb:docker-registry"])
    }
}
