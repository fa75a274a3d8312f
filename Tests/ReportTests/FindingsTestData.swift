import Foundation
import Model
import Report

/// Findings as the matcher reports them for the Debian 10 pkgdb (libsystemd0, libgnutls30) plus a PyPI one.
enum FindingsTestData {
    static let layer = Digest(algorithm: "sha256", hex: String(repeating: "ab", count: 32))

    static func debianPackage(_ name: String, _ version: String, source: String) -> Package {
        Package(
            name: name, version: version, type: .deb,
            purl: PURL(
                type: "deb", namespace: "debian", name: name, version: version,
                qualifiers: ["arch": "amd64", "distro": "debian-10"]),
            locations: [Location(path: "/var/lib/dpkg/status", layerDigest: layer, layerIndex: 0)],
            sourceName: source, foundBy: "dpkg")
    }

    static var findings: [Finding] {
        var systemd = Finding(
            id: "DLA-3377-1", aliases: ["CVE-2022-3821", "CVE-2022-4415", "CVE-2023-26604"],
            package: debianPackage("libsystemd0", "241-7~deb10u1", source: "systemd"),
            installedVersion: "241-7~deb10u1",
            fixedVersions: ["241-7~deb10u9"], fixState: .fixed, severity: .high, severitySource: "nvd", cvssScore: 7.8,
            cvssVector: "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", namespace: "debian:10",
            urls: ["https://security-tracker.debian.org/tracker/DLA-3377-1"], matchType: "distro-source-package")
        systemd.summary = "systemd - security update"
        let gnutls = Finding(
            id: "DLA-3321-1", aliases: ["CVE-2023-0361"],
            package: debianPackage("libgnutls30", "3.6.7-4", source: "gnutls28"), installedVersion: "3.6.7-4",
            fixedVersions: ["3.6.7-4+deb10u10"], fixState: .fixed, severity: .critical, severitySource: "nvd",
            cvssScore: 9.1, knownExploited: true, epssScore: 0.0123, epssPercentile: 0.51, namespace: "debian:10",
            urls: ["https://security-tracker.debian.org/tracker/DLA-3321-1"], matchType: "distro-source-package")
        let systemdOlder = Finding(
            id: "DLA-2000-1", aliases: ["CVE-2019-1000"],
            package: debianPackage("libsystemd0", "241-7~deb10u1", source: "systemd"),
            installedVersion: "241-7~deb10u1",
            fixedVersions: ["241-7~deb10u2"], fixState: .fixed, severity: .medium, namespace: "debian:10",
            matchType: "distro-source-package")
        let requests = Finding(
            id: "PYSEC-2023-74", aliases: ["CVE-2023-32681", "GHSA-j8r2-6x86-q33q"],
            package: Package(
                name: "requests", version: "2.28.1", type: .python,
                purl: PURL(type: "pypi", name: "requests", version: "2.28.1"),
                locations: [
                    Location(
                        path: "/usr/lib/python3/dist-packages/requests-2.28.1.dist-info/METADATA", layerIndex: 2)
                ], foundBy: "python-dist-info"),
            installedVersion: "2.28.1", fixedVersions: [], fixState: .notFixed, severity: .low, namespace: "pypi",
            urls: ["https://osv.dev/vulnerability/PYSEC-2023-74"], matchType: "ecosystem")
        var ignored = requests
        ignored.id = "PYSEC-2018-28"
        ignored.aliases = ["CVE-2018-18074"]
        ignored.severity = .high
        ignored.suppressedBy = "ignore rule: not reachable in our app (expires 2027-01-01)"
        ignored.suppressionKind = .ignoreRule
        var vexed = gnutls
        vexed.id = "DLA-9999-1"
        vexed.aliases = ["CVE-2024-0001"]
        vexed.suppressedBy = "vex not_affected: vulnerable_code_not_in_execute_path"
        vexed.suppressionKind = .vexNotAffected
        return [requests, systemd, ignored, gnutls, systemdOlder, vexed]
    }

    static func report(status: GateStatus = .pass) -> FindingsReport {
        let image = ImageDescription(
            userInput: "dir:/tmp/debian-10", scheme: "dir", fullTag: "debian-bookworm:12",
            manifestDigest: Digest(algorithm: "sha256", hex: String(repeating: "7a", count: 32)),
            layerDigests: [layer])
        return FindingsReport(
            image: image, distro: Distro(id: "debian", versionID: "10", codename: "buster"), findings: findings,
            status: status, evaluatedAt: Date(timeIntervalSince1970: 1_800_000_000), policy: "fail on high or above",
            remediation: [], warnings: ["vulnerability database is 40 days old"])
    }
}
