import Foundation
import ImageSource
import Layers
import TestSupport
import Testing

/// Not a timed test: prints how long squashing takes, for `scripts/bench/layers.sh` (enabled by
/// `PLIMSOLL_BENCH=1`). It asserts only that the work was done.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["PLIMSOLL_BENCH"] == "1"))
struct LayerBenchmark {
    @Test(arguments: ["debian-bookworm"])
    func squashWallTime(name: String) async throws {
        let input = ProcessInfo.processInfo.environment["PLIMSOLL_BENCH_INPUT"] ?? ImageForms.ociDir(name)
        let images = try await ImageLoader.open(input, options: SourceOptions(cacheDirectory: "/nonexistent"))
        var best = Double.infinity
        var files = 0
        for _ in 0..<3 {
            let start = Date()
            let tree = try await LayerSquasher.squash(images[0], wants: { $0.path == "/var/lib/dpkg/status" })
            best = min(best, Date().timeIntervalSince(start))
            files = tree.nodes.count
        }
        #expect(files > 1000)
        print("bench: plimsoll squash \(input): \(String(format: "%.2f", best)) s (best of 3, \(files) paths)")
    }
}
