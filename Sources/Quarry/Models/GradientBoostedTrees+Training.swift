import Dispatch
import Foundation

extension GradientBoostedTrees {
    /// Fits a model to `data`, optionally watching `validation` for early stopping.
    ///
    /// Boosting starts from the log-odds of the weighted base rate and fits each tree to the
    /// log-loss gradients `p − y` and hessians `p(1 − p)` (times the sample weight). With
    /// `validation` and ``Configuration/earlyStoppingRounds``, boosting stops once the
    /// validation metric has not improved for that many rounds and the model keeps the trees
    /// up to its best round.
    /// - Throws: ``InvalidInput`` for a bad parameter (usage), or for data with a single
    ///   class, no feature columns or a validation set with other features (data error).
    /// - Parameter progress: told of each tree added (stage `boosting`).
    /// - Complexity: O(treeCount × rows × features × depth) histogram work, spread over the cores.
    public static func fit(_ data: LabeledData, validation: LabeledData? = nil,
                           configuration: Configuration = Configuration(),
                           progress: ProgressReporter = .silent) throws -> (model: GradientBoostedTrees, report: TrainingReport) {
        try configuration.validate()
        try checkData(data, validation: validation, names: data.features.names)
        let initial = try baseRateLogOdds(data)
        let start = GradientBoostedTrees(featureNames: data.features.names, configuration: configuration,
                                         initialScore: initial, trees: [])
        return start.boost(data, validation: validation, configuration: configuration, treeCount: configuration.treeCount,
                           progress: progress)
    }

    /// Fits a model boosted from a given raw score per row (LightGBM's `init_score`).
    ///
    /// Row `i` starts from `initScores[i]` instead of the base-rate log-odds, so the trees
    /// learn only what the offset misses. As in LightGBM, the offset is not part of the model:
    /// its ``initialScore`` is 0 and a prediction is `offset + rawScores(x)`; early stopping
    /// watches `validation` scored from `validationInitScores`.
    /// - Throws: ``InvalidInput`` as ``fit(_:validation:configuration:)``, and for an offset
    ///   count that differs from the rows or a non-finite offset (data error).
    /// - Complexity: as ``fit(_:validation:configuration:)``.
    public static func fit(_ data: LabeledData, initScores: [Double], validation: LabeledData? = nil,
                           validationInitScores: [Double]? = nil,
                           configuration: Configuration = Configuration()) throws -> (model: GradientBoostedTrees, report: TrainingReport) {
        try configuration.validate()
        try checkData(data, validation: validation, names: data.features.names)
        try checkOffsets(initScores, rows: data.features.rowCount, name: "initScores")
        if let validation {
            guard let validationInitScores else {
                throw InvalidInput("validationInitScores must be given with a validation set when boosting from initScores", kind: .usage)
            }
            try checkOffsets(validationInitScores, rows: validation.features.rowCount, name: "validationInitScores")
        }
        let start = GradientBoostedTrees(featureNames: data.features.names, configuration: configuration,
                                         initialScore: 0, trees: [])
        return start.boost(data, validation: validation, configuration: configuration, treeCount: configuration.treeCount,
                           initScores: initScores, validationInitScores: validationInitScores)
    }

    static func checkOffsets(_ offsets: [Double], rows: Int, name: String) throws {
        guard offsets.count == rows else {
            throw InvalidInput("\(name) has \(offsets.count) values for \(rows) rows", kind: .dataError)
        }
        if let bad = offsets.firstIndex(where: { !$0.isFinite }) {
            throw InvalidInput("\(name)[\(bad)] is \(offsets[bad]); expected a finite raw score", kind: .dataError)
        }
    }

    /// The log-odds of the weighted base rate of `data`.
    /// - Throws: ``InvalidInput`` when the weights sum to 0 or the labels hold one class.
    static func baseRateLogOdds(_ data: LabeledData) throws -> Double {
        var positive = 0.0, total = 0.0
        for i in 0..<data.labels.count {
            let w = data.weights?[i] ?? 1
            if data.labels[i] { positive += w }
            total += w
        }
        guard total > 0 else { throw InvalidInput("the training sample weights sum to 0", kind: .dataError) }
        let rate = positive / total
        guard rate > 0, rate < 1 else {
            throw InvalidInput("the training labels hold only one class (all \(rate == 0 ? "negative" : "positive")); "
                + "a classifier needs both", kind: .dataError)
        }
        return log(rate / (1 - rate))
    }

    /// Adds up to `treeCount` trees fitted on `data`, starting from this ensemble (LightGBM's `init_model`).
    ///
    /// Every row of `data` starts from this model's raw score; new bins are found on the
    /// new data; bagging and feature sampling continue the seeded streams by round number,
    /// so continuing a model on its own training data with the same configuration grows the
    /// trees that one longer run would have grown. Single-class data is allowed (fine-tuning
    /// on mined hard negatives).
    /// - Parameters:
    ///   - configuration: parameters for the new trees; this model's when `nil`
    ///     (its ``Configuration/treeCount`` is ignored in favour of `treeCount`).
    /// - Throws: ``InvalidInput`` as ``fit(_:validation:configuration:)``, and when `data`
    ///   has other columns than ``featureNames``.
    public func continued(on data: LabeledData, validation: LabeledData? = nil, treeCount: Int,
                          configuration: Configuration? = nil) throws -> (model: GradientBoostedTrees, report: TrainingReport) {
        let configuration = configuration ?? self.configuration
        try configuration.validate()
        guard treeCount >= 0 else { throw InvalidInput("gbdt parameter 'rounds' must be ≥ 0; got \(treeCount)") }
        try checkFeatures(data.features)
        try Self.checkData(data, validation: validation, names: featureNames)
        return boost(data, validation: validation, configuration: configuration, treeCount: treeCount)
    }

    /// The boosting loop shared by ``fit`` and ``continued``: adds up to `treeCount` trees to `self`.
    /// `initScores` / `validationInitScores`, when given, are added to the rows' starting raw scores.
    func boost(_ training: LabeledData, validation: LabeledData?,
               configuration: Configuration, treeCount: Int, initScores: [Double]? = nil,
               validationInitScores: [Double]? = nil,
               progress: ProgressReporter = .silent) -> (model: GradientBoostedTrees, report: TrainingReport) {
        let meter = progress.start("boosting", unit: "trees", total: treeCount)
        defer { meter.finish() }
        let features = training.features
        let labels = training.labels.map { $0 ? 1.0 : 0.0 }
        let weights = training.weights
        let clockStart = DispatchTime.now().uptimeNanoseconds
        let threads = configuration.threadCount ?? activeCoreCount()
        let n = features.rowCount
        let featureCount = features.columnCount
        let data = BinnedFeatures(features, configuration: configuration, threads: threads)
        let binningSeconds = Double(DispatchTime.now().uptimeNanoseconds - clockStart) / 1e9
        let learner = TreeLearner(data: data, configuration: configuration, threads: threads)
        var scores = rawScores(features, threads: threads)
        if let initScores { for i in 0..<n { scores[i] += initScores[i] } }
        var validationScores = validation.map { rawScores($0.features, threads: threads) }
        if let validationInitScores, var vs = validationScores {
            for i in 0..<vs.count { vs[i] += validationInitScores[i] }
            validationScores = vs
        }
        var gradients = [Float](repeating: 0, count: n)
        var hessians = [Float](repeating: 0, count: n)
        let firstRound = trees.count
        let rowChunks = chunks(of: n, parts: threads * 4)
        let seed = SeededGenerator(seed: configuration.seed)

        var newTrees: [RegressionTree] = []
        var history: [Double] = []
        var bestRound: Int? = nil
        var bestValue = 0.0
        var stopReason = TrainingReport.StopReason.roundsCompleted
        var bag: [Int32]? = nil
        var bagMask: [Bool]? = nil
        let metric = configuration.earlyStoppingMetric

        for round in 0..<treeCount {
            meter.advance(to: round)
            let absoluteRound = firstRound + round
            // Gradients and hessians of the log-loss at the current scores.
            scores.withUnsafeBufferPointer { s in
                gradients.withUnsafeMutableBufferPointer { g in
                    hessians.withUnsafeMutableBufferPointer { h in
                        parallelFor(rowChunks.count, threads: threads) { c in
                            for i in rowChunks[c] {
                                let p = 1 / (1 + exp(-s[i]))
                                let w = weights?[i] ?? 1
                                g[i] = Float((p - labels[i]) * w)
                                h[i] = Float(max(p * (1 - p), 1e-16) * w)
                            }
                        }
                    }
                }
            }
            // Row bagging: a seeded Bernoulli draw every `baggingFrequency` rounds.
            if configuration.bagsRows {
                let drawRound = absoluteRound - absoluteRound % configuration.baggingFrequency
                if bag == nil || absoluteRound % configuration.baggingFrequency == 0 {
                    var rng = seed.derived(0x1_0000_0000 + UInt64(drawRound))
                    var rows: [Int32] = []
                    rows.reserveCapacity(Int(Double(n) * configuration.baggingFraction * 1.1) + 16)
                    var mask = [Bool](repeating: false, count: n)
                    for i in 0..<n where rng.nextUnitDouble() < configuration.baggingFraction {
                        rows.append(Int32(i))
                        mask[i] = true
                    }
                    bag = rows
                    bagMask = mask
                }
            }
            // Feature sampling per tree.
            var treeFeatures = Array(0..<featureCount)
            if configuration.featureFraction < 1 {
                var rng = seed.derived(0x2_0000_0000 + UInt64(absoluteRound))
                let k = max(1, Int((configuration.featureFraction * Double(featureCount)).rounded()))
                treeFeatures = rng.sampleIndices(k, from: featureCount)
            }
            let grown = gradients.withUnsafeBufferPointer { g in
                hessians.withUnsafeBufferPointer { h in
                    learner.grow(rows: bag, gradients: g.baseAddress!, hessians: h.baseAddress!, features: treeFeatures)
                }
            }
            guard let grown else {
                stopReason = .noSplitPossible
                break
            }
            // Update training scores: in-bag rows by their leaf range, the others by walking the tree.
            scores.withUnsafeMutableBufferPointer { s in
                // Each row is in one leaf range, so pieces of the ranges can be added in parallel.
                let pieces = grown.leafRanges.enumerated().flatMap { leaf, range in
                    stride(from: range.lowerBound, to: range.upperBound, by: 1 << 15).map {
                        (leaf: leaf, rows: $0..<min(range.upperBound, $0 + (1 << 15)))
                    }
                }
                learner.rowIndices.withUnsafeBufferPointer { idx in
                    parallelFor(pieces.count, threads: threads) { p in
                        let value = grown.tree.leafValue[pieces[p].leaf]
                        for i in pieces[p].rows { s[Int(idx[i])] += value }
                    }
                }
                if let bagMask {
                    let tree = grown.tree
                    data.bins.withUnsafeBufferPointer { bins in
                        parallelFor(rowChunks.count, threads: threads) { c in
                            for i in rowChunks[c] where !bagMask[i] {
                                let leaf = tree.leaf(bin: { bins[$0 &* n &+ i] },
                                                     missingBin: { UInt8(data.mappers[$0].missingBin) })
                                s[i] += tree.leafValue[leaf]
                            }
                        }
                    }
                }
            }
            var tree = grown.tree
            tree.thresholdBin = []
            newTrees.append(tree)

            if let validation, var vs = validationScores {
                let one = GradientBoostedTrees(featureNames: featureNames, configuration: configuration,
                                               initialScore: 0, trees: [tree])
                let add = one.rawScores(validation.features, threads: threads)
                for i in 0..<vs.count { vs[i] += add[i] }
                validationScores = vs
                let value = Self.metricValue(metric, scores: vs, labels: validation.labels, weights: validation.weights)
                history.append(value)
                let improved = bestRound == nil || (metric == .logLoss ? value < bestValue : value > bestValue)
                if improved {
                    bestRound = round + 1
                    bestValue = value
                }
                if let patience = configuration.earlyStoppingRounds, let best = bestRound, round + 1 - best >= patience {
                    stopReason = .earlyStopping
                    break
                }
            }
        }
        let roundsFitted = newTrees.count
        if configuration.earlyStoppingRounds != nil, let best = bestRound {
            newTrees.removeLast(newTrees.count - best)
        }
        let model = GradientBoostedTrees(featureNames: featureNames, configuration: configuration,
                                         initialScore: initialScore, trees: trees + newTrees)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - clockStart) / 1e9
        let report = TrainingReport(treesAdded: newTrees.count, roundsFitted: roundsFitted, bestRound: bestRound,
                                    validationHistory: history, metric: validation == nil ? nil : metric,
                                    stopReason: stopReason, seconds: seconds, binningSeconds: binningSeconds)
        return (model, report)
    }

    /// The weighted validation metric of raw scores: log-loss, or ROC AUC (ties counted half).
    /// - Complexity: O(n) for log-loss, O(n log n) for AUC.
    static func metricValue(_ metric: EarlyStoppingMetric, scores: [Double], labels: [Bool], weights: [Double]?) -> Double {
        switch metric {
        case .logLoss:
            var loss = 0.0, total = 0.0
            for i in 0..<scores.count {
                let w = weights?[i] ?? 1
                let s = scores[i]
                // log(1 + e^{-s}) for y = 1, log(1 + e^{s}) for y = 0, computed stably.
                let z = labels[i] ? -s : s
                loss += w * LogSigmoid.softplus(z)
                total += w
            }
            return total > 0 ? loss / total : .nan
        case .rocAUC:
            let order = scores.indices.sorted { scores[$0] > scores[$1] }
            var tp = 0.0, fp = 0.0, area = 0.0
            var i = 0
            while i < order.count {
                var j = i
                var dtp = 0.0, dfp = 0.0
                while j < order.count, scores[order[j]] == scores[order[i]] {
                    let w = weights?[order[j]] ?? 1
                    if labels[order[j]] { dtp += w } else { dfp += w }
                    j += 1
                }
                area += dfp * (tp + dtp / 2)
                tp += dtp
                fp += dfp
                i = j
            }
            return tp > 0 && fp > 0 ? area / (tp * fp) : .nan
        }
    }

    static func checkData(_ data: LabeledData, validation: LabeledData?, names: [String]) throws {
        guard data.features.columnCount > 0 else {
            throw InvalidInput("the training data has no feature columns", kind: .dataError)
        }
        if let validation, validation.features.names != names {
            throw InvalidInput("the validation data's features \(Table.list(validation.features.names)) differ from "
                + "the training features \(Table.list(names))", kind: .dataError)
        }
    }
}
