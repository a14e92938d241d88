import Foundation

/// Many small boosted fits from per-row offsets on one set of binned features.
///
/// The beyond-score audit refits the same shallow model hundreds of times on the same rows
/// with permuted labels; only the labels and offsets change, so the features are binned once
/// here and every fit grows its trees on a row subset of those bins (as LightGBM reuses a
/// `Dataset` across `train` calls). Each fit starts from its rows' offsets (LightGBM's
/// `init_score`), early-stops on a validation subset — zero trees allowed, when no tree
/// improves on the offset alone — and returns the raw increments it adds to other rows.
struct OffsetBooster: Sendable {
    let data: BinnedFeatures
    let configuration: GradientBoostedTrees.Configuration
    /// The missing-value bin of each feature.
    private let missingBins: [UInt8]

    /// What one fit produced.
    struct Fit {
        /// The kept trees (after early stopping), with their bin thresholds.
        var trees: [RegressionTree]
        /// The raw score the trees add to each row of `evaluate`, in that order.
        var increments: [Double]
    }

    /// Bins `features` (all rows) once with `configuration`'s bin settings.
    /// - Complexity: O(d · n log n).
    init(features: FeatureMatrix, configuration: GradientBoostedTrees.Configuration, threads: Int) {
        data = BinnedFeatures(features, configuration: configuration, threads: threads)
        self.configuration = configuration
        missingBins = data.mappers.map { UInt8($0.missingBin) }
    }

    /// The same binned features with other tree parameters (depth, leaves); the bin
    /// settings of `configuration` are ignored.
    init(sharing other: OffsetBooster, configuration: GradientBoostedTrees.Configuration) {
        data = other.data
        self.configuration = configuration
        missingBins = other.missingBins
    }

    /// Boosts from `offsets` on the rows `train` (ascending), watching the log-loss of the
    /// rows `validation` for early stopping (``GradientBoostedTrees/Configuration/earlyStoppingRounds``),
    /// and scores the rows `evaluate` with the kept trees. Single-threaded: callers run fits in parallel.
    /// - Parameters:
    ///   - labels: 0 or 1 for every row of the binned data.
    ///   - offsets: the starting raw score of every row.
    ///   - features: the feature columns trees may split on.
    /// - Complexity: O(treeCount · |train| · |features| · depth) histogram work.
    func fit(labels: [Double], offsets: [Double], train: [Int32], validation: [Int32], evaluate: [Int32],
             features: [Int]) -> Fit {
        let n = data.rowCount
        let learner = TreeLearner(data: data, configuration: configuration, threads: 1)
        let scores = UnsafeMutablePointer<Double>.allocate(capacity: n)
        scores.initialize(from: offsets, count: n)
        let gradients = UnsafeMutablePointer<Float>.allocate(capacity: n)
        gradients.initialize(repeating: 0, count: n)
        let hessians = UnsafeMutablePointer<Float>.allocate(capacity: n)
        hessians.initialize(repeating: 0, count: n)
        defer { scores.deallocate(); gradients.deallocate(); hessians.deallocate() }
        var validationScores = validation.map { offsets[Int($0)] }
        var trees: [RegressionTree] = []
        var kept = 0
        var bestLoss = Self.logLoss(validationScores, rows: validation, labels: labels)
        let patience = configuration.earlyStoppingRounds ?? configuration.treeCount
        labels.withUnsafeBufferPointer { y in
        train.withUnsafeBufferPointer { trainRows in
            for _ in 0..<configuration.treeCount {
                for r in trainRows {
                    let i = Int(r)
                    let p = 1 / (1 + exp(-scores[i]))
                    gradients[i] = Float(p - y[i])
                    hessians[i] = Float(Swift.max(p * (1 - p), 1e-16))
                }
                guard let grown = learner.grow(rows: train, gradients: gradients, hessians: hessians, features: features) else { break }
                learner.rowIndices.withUnsafeBufferPointer { rowIndices in
                    for (leaf, range) in grown.leafRanges.enumerated() {
                        let value = grown.tree.leafValue[leaf]
                        for i in range { scores[Int(rowIndices[i])] += value }
                    }
                }
                validationScores.withUnsafeMutableBufferPointer { out in
                    addOutputs(of: grown.tree, rows: validation, into: out.baseAddress!)
                }
                trees.append(grown.tree)
                let loss = Self.logLoss(validationScores, rows: validation, labels: labels)
                if loss < bestLoss {
                    bestLoss = loss
                    kept = trees.count
                } else if trees.count - kept >= patience {
                    break
                }
            }
        }
        }
        trees.removeLast(trees.count - kept)
        // Per row, the trees' outputs are summed in tree order from 0.
        var increments = [Double](repeating: 0, count: evaluate.count)
        increments.withUnsafeMutableBufferPointer { out in
            for tree in trees { addOutputs(of: tree, rows: evaluate, into: out.baseAddress!) }
        }
        return Fit(trees: trees, increments: increments)
    }

    /// Adds `tree`'s output for each of `rows` (of the binned data) to `out[k]`.
    /// - Complexity: O(|rows| · depth).
    func addOutputs(of tree: RegressionTree, rows: [Int32], into out: UnsafeMutablePointer<Double>) {
        let n = data.rowCount
        guard !tree.splitFeature.isEmpty else {
            for k in rows.indices { out[k] += tree.leafValue[0] }
            return
        }
        data.bins.withUnsafeBufferPointer { binsBuffer in
        missingBins.withUnsafeBufferPointer { missing in
        tree.splitFeature.withUnsafeBufferPointer { feature in
        tree.thresholdBin.withUnsafeBufferPointer { threshold in
        tree.defaultLeft.withUnsafeBufferPointer { defaultLeft in
        tree.leftChild.withUnsafeBufferPointer { left in
        tree.rightChild.withUnsafeBufferPointer { right in
        tree.leafValue.withUnsafeBufferPointer { value in
        rows.withUnsafeBufferPointer { rows in
            let bins = binsBuffer.baseAddress!
            for k in 0..<rows.count {
                let row = Int(rows[k])
                var node: Int32 = 0
                // The walk of RegressionTree.leaf(bin:missingBin:), on the binned columns.
                while node >= 0 {
                    let i = Int(node)
                    let f = Int(feature[i])
                    let b = bins[f &* n &+ row]
                    let goLeft = b == missing[f] ? defaultLeft[i] : b <= threshold[i]
                    node = goLeft ? left[i] : right[i]
                }
                out[k] += value[Int(~node)]
            }
        }}}}}}}}}
    }

    /// Mean log-loss of raw `scores` against `labels[rows[k]]`.
    static func logLoss(_ scores: [Double], rows: [Int32], labels: [Double]) -> Double {
        guard !rows.isEmpty else { return 0 }
        var total = 0.0
        for (k, r) in rows.enumerated() {
            total += LogSigmoid.softplus(labels[Int(r)] > 0.5 ? -scores[k] : scores[k])
        }
        return total / Double(rows.count)
    }
}
