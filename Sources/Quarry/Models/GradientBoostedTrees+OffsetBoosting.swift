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
    /// - Complexity: O(rounds · |train| · |features| · depth) histogram work.
    func fit(labels: [Double], offsets: [Double], train: [Int32], validation: [Int32], evaluate: [Int32],
             features: [Int]) -> Fit {
        let n = data.rowCount
        let learner = TreeLearner(data: data, configuration: configuration, threads: 1)
        var scores = offsets
        var validationScores = validation.map { offsets[Int($0)] }
        var gradients = [Float](repeating: 0, count: n)
        var hessians = [Float](repeating: 0, count: n)
        var trees: [RegressionTree] = []
        var kept = 0
        var bestLoss = Self.logLoss(validationScores, rows: validation, labels: labels)
        let patience = configuration.earlyStoppingRounds ?? configuration.rounds
        for _ in 0..<configuration.rounds {
            for r in train {
                let i = Int(r)
                let p = 1 / (1 + exp(-scores[i]))
                gradients[i] = Float(p - labels[i])
                hessians[i] = Float(Swift.max(p * (1 - p), 1e-16))
            }
            let grown = gradients.withUnsafeBufferPointer { g in
                hessians.withUnsafeBufferPointer { h in
                    learner.grow(rows: train, gradients: g.baseAddress!, hessians: h.baseAddress!, features: features)
                }
            }
            guard let grown else { break }
            for (leaf, range) in grown.leafRanges.enumerated() {
                let value = grown.tree.leafValue[leaf]
                for i in range { scores[Int(learner.rowIndices[i])] += value }
            }
            for (k, r) in validation.enumerated() { validationScores[k] += leafValue(grown.tree, row: Int(r)) }
            trees.append(grown.tree)
            let loss = Self.logLoss(validationScores, rows: validation, labels: labels)
            if loss < bestLoss {
                bestLoss = loss
                kept = trees.count
            } else if trees.count - kept >= patience {
                break
            }
        }
        trees.removeLast(trees.count - kept)
        let increments = evaluate.map { r in trees.reduce(0.0) { $0 + leafValue($1, row: Int(r)) } }
        return Fit(trees: trees, increments: increments)
    }

    /// The output of `tree` for a row of the binned data.
    @inline(__always)
    func leafValue(_ tree: RegressionTree, row: Int) -> Double {
        let n = data.rowCount
        return data.bins.withUnsafeBufferPointer { bins in
            tree.leafValue[tree.leaf(bin: { bins[$0 &* n &+ row] }, missingBin: { missingBins[$0] })]
        }
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
