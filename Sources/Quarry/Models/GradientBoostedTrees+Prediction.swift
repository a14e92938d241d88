import Foundation

/// All trees of an ensemble in one set of flat arrays, for batch prediction.
///
/// Node and leaf indices are global: a child `c ≥ 0` is node `c`, `c < 0` is leaf `~c`;
/// `roots[t]` is tree `t`'s first node (or `~leaf` for a single-leaf tree).
struct FlatForest {
    var roots: [Int32] = []
    var feature: [Int32] = []
    var threshold: [Double] = []
    var defaultLeft: [Bool] = []
    var left: [Int32] = []
    var right: [Int32] = []
    var leafValue: [Double] = []

    init(_ trees: [RegressionTree]) {
        for tree in trees {
            let nodeBase = Int32(feature.count)
            let leafBase = Int32(leafValue.count)
            func global(_ c: Int32) -> Int32 { c >= 0 ? c + nodeBase : ~(~c + leafBase) }
            roots.append(tree.splitFeature.isEmpty ? ~leafBase : nodeBase)
            feature += tree.splitFeature
            threshold += tree.threshold
            defaultLeft += tree.defaultLeft
            left += tree.leftChild.map(global)
            right += tree.rightChild.map(global)
            leafValue += tree.leafValue
        }
    }
}

extension GradientBoostedTrees {
    /// Rows scored together: their feature values stay in cache while every tree walks them.
    static let predictionBlock = 256

    /// Positive-class probabilities `sigmoid(raw score)`, one per row.
    /// - Throws: ``InvalidInput`` when `features.names` differ from ``featureNames``.
    /// - Complexity: O(rows × trees × depth), spread over the cores.
    public func score(_ features: FeatureMatrix) throws -> [Double] {
        try checkFeatures(features)
        let threads = configuration.threadCount ?? activeCoreCount()
        return rawScores(features, threads: threads).map { 1 / (1 + exp(-$0)) }
    }

    /// Raw scores (log-odds): ``initialScore`` plus every tree's output, added in tree order.
    /// - Throws: ``InvalidInput`` when `features.names` differ from ``featureNames``.
    public func rawScores(_ features: FeatureMatrix) throws -> [Double] {
        try checkFeatures(features)
        return rawScores(features, threads: configuration.threadCount ?? activeCoreCount())
    }

    /// Raw scores on raw values; rows are processed in blocks, each block walks tree after tree.
    ///
    /// Each row's sum is taken in tree order, so results do not depend on `threads`.
    func rawScores(_ features: FeatureMatrix, threads: Int) -> [Double] {
        let n = features.rowCount
        var out = [Double](repeating: initialScore, count: n)
        guard n > 0, !trees.isEmpty else { return out }
        let forest = FlatForest(trees)
        let blocks = (n + Self.predictionBlock - 1) / Self.predictionBlock
        features.values.withUnsafeBufferPointer { valuesBuffer in
            out.withUnsafeMutableBufferPointer { outBuffer in
                let values = valuesBuffer.baseAddress!
                let sums = outBuffer.baseAddress!
                forest.feature.withUnsafeBufferPointer { feature in
                forest.threshold.withUnsafeBufferPointer { threshold in
                forest.defaultLeft.withUnsafeBufferPointer { defaultLeft in
                forest.left.withUnsafeBufferPointer { left in
                forest.right.withUnsafeBufferPointer { right in
                forest.leafValue.withUnsafeBufferPointer { leafValue in
                    parallelFor(blocks, threads: threads) { block in
                        let start = block * Self.predictionBlock
                        let end = min(n, start + Self.predictionBlock)
                        for root in forest.roots {
                            for row in start..<end {
                                var node = root
                                while node >= 0 {
                                    let i = Int(node)
                                    let x = values[Int(feature[i]) * n + row]
                                    let goLeft = x.isNaN ? defaultLeft[i] : x <= threshold[i]
                                    node = goLeft ? left[i] : right[i]
                                }
                                sums[row] += leafValue[Int(~node)]
                            }
                        }
                    }
                }}}}}}
            }
        }
        return out
    }
}
