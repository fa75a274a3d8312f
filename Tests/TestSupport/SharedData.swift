public import Foundation

/// Paths to the shared test data kit (`../shared` beside the repository) and to scratch space.
public enum SharedData {
    /// The repository root (this file is at Tests/TestSupport/SharedData.swift).
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared`, or `PLIMSOLL_SHARED_DIR` when set.
    public static let root: URL = {
        if let override = ProcessInfo.processInfo.environment["PLIMSOLL_SHARED_DIR"] {
            return URL(fileURLWithPath: override)
        }
        return repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")
    }()

    public static var images: URL { root.appendingPathComponent("images") }
    public static var feeds: URL { root.appendingPathComponent("feeds") }

    /// A fresh private temporary directory, removed by the caller when done.
    public static func makeTemporaryDirectory(_ label: String = "plimsoll-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
