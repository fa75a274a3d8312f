import Foundation
public import ImageSource

/// Turns an image's layers into one squashed `FileTree`: one streaming pass per layer (read two at a time,
/// applied in order), whiteouts and opaque directories applied to lower layers, hard links bound to the content
/// they had when linked, entry paths confined to the image root, and each file attributed to its layer.
public enum LayerSquasher {
    /// Reads `image` (its layers, or its host root directory for `dir:` sources) into a squashed tree, capturing
    /// the bytes of every regular file `wants` accepts. The tree's warnings are about reading the layers;
    /// `image.warnings` (e.g. skipped foreign layers) stay on the image.
    public static func squash(
        _ image: Image, wants: @escaping @Sendable (FileEntryInfo) -> Bool, limits: LayerLimits = .default,
        progress: (@Sendable (ProgressEvent) -> Void)? = nil
    ) async throws -> FileTree {
        if let root = image.rootDirectory {
            var tree = try DirectoryWalker(root: root, wants: wants, limits: limits).load()
            reportLinkLoops(in: &tree)
            return tree
        }
        var tree = FileTree(layerDigests: image.layers.map(\.diffID))
        tree.maxLinkDepth = limits.maxLinkDepth
        var applier = ChangeApplier()
        let budget = ByteBudget(limit: limits.maxImageBytes)
        let layers = image.layers
        func reader(_ index: Int) -> LayerReader {
            LayerReader(
                layer: layers[index], index: index, count: layers.count, wants: wants, limits: limits, budget: budget,
                progress: progress)
        }
        // Two layers decompress at once (or PLIMSOLL_LAYER_JOBS); results are applied strictly in layer order.
        let jobs = ProcessInfo.processInfo.environment["PLIMSOLL_LAYER_JOBS"].flatMap { Int($0) }
        let width = max(1, jobs ?? min(2, ProcessInfo.processInfo.activeProcessorCount))
        try await withThrowingTaskGroup(of: (Int, [LayerChange], [String]).self) { group in
            var nextToStart = 0
            var nextToApply = 0
            var ready: [Int: ([LayerChange], [String])] = [:]
            while nextToStart < min(width, layers.count) {
                let layerReader = reader(nextToStart)
                group.addTask {
                    let result = try layerReader.read(); return (layerReader.index, result.0, result.1)
                }
                nextToStart += 1
            }
            while let (index, changes, warnings) = try await group.next() {
                ready[index] = (changes, warnings)
                while let (changes, warnings) = ready.removeValue(forKey: nextToApply) {
                    tree.warnings += warnings
                    applier.apply(changes, layerIndex: nextToApply, to: &tree)
                    nextToApply += 1
                }
                if nextToStart < layers.count {
                    let layerReader = reader(nextToStart)
                    group.addTask {
                        let result = try layerReader.read(); return (layerReader.index, result.0, result.1)
                    }
                    nextToStart += 1
                }
            }
        }
        try await captureHardlinkedContents(applier.missingContents, in: &tree, reader: reader, wants: wants)
        reportLinkLoops(in: &tree)
        return tree
    }

    /// Hard links whose path is wanted but whose target's bytes were not captured (the target itself was not
    /// wanted): re-read just the layers holding those targets. Rare, so a second pass is cheaper than buffering.
    private static func captureHardlinkedContents(
        _ missing: [ChangeApplier.MissingContent], in tree: inout FileTree, reader: (Int) -> LayerReader,
        wants: @Sendable (FileEntryInfo) -> Bool
    ) async throws {
        let needed = missing.filter { item in
            guard let node = tree.nodes[item.linkPath], node.contents == nil, node.kind == .regular else {
                return false
            }
            return wants(FileEntryInfo(path: item.linkPath, kind: .regular, size: node.size, mode: node.mode))
        }
        for (layerIndex, items) in Dictionary(grouping: needed, by: \.sourceLayer).sorted(by: { $0.key < $1.key }) {
            var layerReader = reader(layerIndex)
            layerReader.onlyPaths = Set(items.map(\.sourcePath))
            let (changes, _) = try layerReader.read()
            var captured: [String: [UInt8]] = [:]
            for case .entry(let path, let node) in changes {
                if let contents = node.contents { captured[path] = contents }
            }
            for item in items {
                if let contents = captured[item.sourcePath] { tree.setContents(contents, at: item.linkPath) }
            }
        }
    }

    /// Every symlink that cannot be resolved within the link-depth limit gets a warning on its path.
    private static func reportLinkLoops(in tree: inout FileTree) {
        var loops: [String] = []
        for (path, node) in tree.nodes {
            guard case .symlink = node.kind else { continue }
            do { _ = try tree.resolve(path) } catch { loops.append(path) }
        }
        for path in loops.sorted() {
            tree.warnings.append("symlink loop at '\(path)': not followed (more than \(tree.maxLinkDepth) links)")
        }
    }
}
