/// The strategy arm's final model against a control arm's final model on the same test rows:
/// the paired difference of threshold-free measures with a seeded bootstrap interval.
///
/// Each replicate draws the test rows with replacement (replicate b uses
/// `SeededGenerator(seed: seed).derived(b)`) and measures both models on the same draw, so the
/// interval is of the paired difference; bounds are the 2.5th and 97.5th percentiles
/// (``BootstrapIntervals/linearPercentile(sortedValues:quantile:)``). A verdict is `better` or
/// `worse` only when the interval excludes 0, else `tie` (Efron & Tibshirani 1993, ch. 13).
public struct LoopComparison: Sendable {
    /// One measure compared.
    public struct Difference: Sendable {
        /// The measure's key (`fpr_at_target_recall`, `partial_auc`).
        public var metric: String
        /// Whether lower values are better (FPR) or higher (AUC).
        public var lowerIsBetter: Bool
        /// The strategy's value on the full test set.
        public var strategy: Double
        /// The control's value.
        public var control: Double
        /// strategy − control.
        public var difference: Double { strategy - control }
        /// The bootstrap interval of the difference (`nil` when no replicate defined it).
        public var interval: ConfidenceInterval?
        /// The full-pool model's value, when that control ran.
        public var fullPool: Double?

        /// `better`, `worse` (for the strategy) or `tie`.
        public var verdict: String {
            guard let interval else { return "inconclusive" }
            if interval.high < 0 { return lowerIsBetter ? "better" : "worse" }
            if interval.low > 0 { return lowerIsBetter ? "worse" : "better" }
            return "tie"
        }

        /// The bootstrap interval of full pool − control (same replicates as ``interval``), when
        /// the full-pool control ran.
        public var fullPoolInterval: ConfidenceInterval?

        /// Whether the full pool beat the control beyond noise: its interval of full pool −
        /// control excludes 0 on the better side. Only then is there a gap to capture.
        public var gapStatus: GapStatus? {
            guard let fullPool else { return nil }
            guard let gap = fullPoolInterval else { return .undefined }
            let better = lowerIsBetter ? gap.high < 0 : gap.low > 0
            let worse = lowerIsBetter ? gap.low > 0 : gap.high < 0
            if better, abs(fullPool - control) > 0 { return .defined }
            return worse ? .fullPoolWorse : .withinNoise
        }

        /// The share of the control → full-pool gap the strategy captured, (strategy − control)
        /// / (full pool − control): 1 when the strategy reached the full pool's value, 0 when it
        /// stayed at the control's, negative when it moved away from the full pool, above 1 past
        /// it. The ratio reads the same for measures where lower is better (FPR) and higher is
        /// better (AUC): with the full pool better than the control, a positive share means the
        /// strategy beat the control. `nil` (n/a) unless ``gapStatus`` is `defined` — when the
        /// full pool did not beat the control beyond noise (its interval includes 0) or did worse,
        /// there is no gap whose share means anything.
        public var gapCaptured: Double? {
            guard gapStatus == .defined, let fullPool else { return nil }
            return (strategy - control) / (fullPool - control)
        }

        var json: JSONValue {
            [
                "metric": .string(metric),
                "lower_is_better": .bool(lowerIsBetter),
                "strategy": .number(strategy),
                "control": .number(control),
                "difference": .number(difference),
                "interval": interval.map { ["low": .number($0.low), "high": .number($0.high)] } ?? .null,
                "verdict": .string(verdict),
                "full_pool": .optional(fullPool),
                "full_pool_minus_control_interval": fullPoolInterval.map { ["low": .number($0.low), "high": .number($0.high)] } ?? .null,
                "gap_captured": .optional(gapCaptured),
                "gap_status": gapStatus.map { .string($0.rawValue) } ?? .null,
            ]
        }
    }

    /// Whether the share of the control → full-pool gap is defined.
    public enum GapStatus: String, Sendable {
        /// The full pool beat the control beyond noise: the share is defined.
        case defined
        /// The full pool − control interval includes 0: the gap is within noise.
        case withinNoise = "gap within noise"
        /// The full pool did worse than the control beyond noise: no gap to capture.
        case fullPoolWorse = "full pool worse than control"
        /// No replicate measured the full pool.
        case undefined = "no interval"
    }

    /// The control compared against.
    public var control: LoopControl
    /// The round both final models come from.
    public var round: Int
    /// The recall FPR is read at.
    public var targetRecall: Double
    /// Test negatives (the FPR's denominator) and positives.
    public var testNegatives: Int
    public var testPositives: Int
    /// FPR at the target recall on the test ROC (the primary measure), then the partial AUC
    /// over TPR ∈ [0.8, 1].
    public var differences: [Difference]
    /// Bootstrap replicates and their seed.
    public var replicates: Int
    public var seed: UInt64

    /// Compares test scores of the two arms (and of the full-pool model).
    /// - Throws: ``MetricsInputError`` for non-finite scores.
    /// - Complexity: O(replicates · n) for n test rows (the full pool's replicates, when given,
    ///   measure it on the same draws, for the interval of full pool − control).
    public init(control: LoopControl, round: Int, labels: [Bool], strategyScores: [Double], controlScores: [Double],
                fullPoolScores: [Double]?, targetRecall: Double, replicates: Int = 1000, seed: UInt64) throws {
        for scores in [strategyScores, controlScores] + (fullPoolScores.map { [$0] } ?? []) {
            _ = try ScoredLabels(scores: scores, labels: labels)    // finite scores, one per row
        }
        let minTPR = LoopRankingMetrics.defaultMinTPR
        let rankedStrategy = RankedScores(strategyScores), rankedControl = RankedScores(controlScores)
        func measure(_ ranked: RankedScores, _ counts: [Int]) -> [Double]? {
            ranked.measure(counts: counts, labels: labels, targetRecall: targetRecall, minTPR: minTPR).map { [$0.fpr, $0.partialAUC] }
        }
        let n = labels.count
        let ones = [Int](repeating: 1, count: n)
        let rankedFull = fullPoolScores.map(RankedScores.init)
        var replicateDifferences: [[Double]] = [[], []]
        var fullDifferences: [[Double]] = [[], []]
        Self.forEachReplicate(rows: n, replicates: replicates, seed: seed) { counts in
            guard let a = measure(rankedStrategy, counts), let c = measure(rankedControl, counts) else { return }
            for k in 0..<2 { replicateDifferences[k].append(a[k] - c[k]) }
            if let rankedFull, let f = measure(rankedFull, counts) {
                for k in 0..<2 { fullDifferences[k].append(f[k] - c[k]) }
            }
        }
        var differences: [Difference] = []
        if let a = measure(rankedStrategy, ones), let c = measure(rankedControl, ones) {
            let full = rankedFull.flatMap { measure($0, ones) }
            for (k, name) in ["fpr_at_target_recall", "partial_auc"].enumerated() {
                differences.append(Difference(metric: name, lowerIsBetter: k == 0, strategy: a[k], control: c[k],
                                              interval: BootstrapIntervals.percentileInterval(replicateDifferences[k]), fullPool: full?[k],
                                              fullPoolInterval: full == nil ? nil : BootstrapIntervals.percentileInterval(fullDifferences[k])))
            }
        }
        self.control = control
        self.round = round
        self.targetRecall = targetRecall
        self.testNegatives = labels.filter { !$0 }.count
        self.testPositives = n - testNegatives
        self.differences = differences
        self.replicates = replicates
        self.seed = seed
    }

    /// The primary measure's comparison (FPR at the target recall), when defined.
    public var primary: Difference? { differences.first { $0.metric == "fpr_at_target_recall" } }

    /// As the summary's `comparison`.
    public var json: JSONValue {
        [
            "control": .string(control.rawValue),
            "round": .number(Double(round)),
            "target_recall": .number(targetRecall),
            "test_negatives": .number(Double(testNegatives)),
            "test_positives": .number(Double(testPositives)),
            "bootstrap": ["replicates": .number(Double(replicates)), "seed": .string(String(seed)), "paired_over": "test rows"],
            "differences": .array(differences.map(\.json)),
        ]
    }
}

/// The model a loop recommends: with ``LoopChooser/best`` the best by validation among round 0,
/// the strategy's rounds and the control arms' rounds (ties keep the earlier candidate, round 0
/// first, so a model is replaced only by one that measured better); with
/// ``LoopChooser/guarded`` see ``guarded(references:strategy:labels:targetRecall:replicates:seed:)``.
public struct LoopChoice: Sendable, Equatable {
    /// `strategy`, or a control's name.
    public var arm: String
    /// The round whose model it is (`nil` for the full-pool model, fitted once).
    public var round: Int?
    /// Its validation metric (the guarded chooser: its validation FPR at the target recall).
    public var validationMetric: Double?
    /// What the guarded chooser (``LoopChooser/guarded``) measured; `nil` for ``LoopChooser/best``.
    public var guardRecord: Guard?

    public init(arm: String, round: Int?, validationMetric: Double?, guardRecord: Guard? = nil) {
        self.arm = arm
        self.round = round
        self.validationMetric = validationMetric
        self.guardRecord = guardRecord
    }

    /// Picks among the rounds' records.
    public static func choose(_ rounds: [LoopRound]) -> LoopChoice {
        var best = LoopChoice(arm: "strategy", round: 0, validationMetric: rounds.first?.validationMetric)
        func consider(_ arm: String, _ round: Int?, _ value: Double?) {
            guard let value else { return }
            if best.validationMetric == nil || value > best.validationMetric! { best = LoopChoice(arm: arm, round: round, validationMetric: value) }
        }
        for r in rounds { consider("strategy", r.round, r.validationMetric) }
        var fullPool: Double?
        for r in rounds {
            for (control, record) in r.controls {
                if control == .fullPool { fullPool = record.validationMetric } else if r.round > 0 { consider(control.rawValue, r.round, record.validationMetric) }
            }
        }
        consider(LoopControl.fullPool.rawValue, nil, fullPool)
        return best
    }

    /// Says in words why this model.
    public var words: String {
        if let guardRecord { return guardedWords(guardRecord) }
        if round == 0 { return "neither mining nor the control beat the initial model on validation: keep the initial model" }
        switch arm {
        case "strategy": return "the mined (hard) negatives helped most on validation"
        case LoopControl.fullPool.rawValue: return "the model trained on the whole pool was best on validation: on this data more data beat mining"
        default: return "on this data \(arm) negatives helped more than hard ones (best on validation)"
        }
    }

    /// Why the guarded chooser chose this model.
    func guardedWords(_ record: Guard) -> String {
        let reference = record.referenceRound == 0 ? "the initial model" : "the \(record.referenceArm) control"
        if arm == "strategy", round != 0 {
            return "the mined (hard) negatives beat \(reference) on validation beyond noise (FPR at the target recall)"
        }
        let mining = record.strategyRound == nil ? "" : ", and mining did not beat it beyond validation noise"
        let noise = Self.withinNoise(record)
        if round == 0 { return "the initial model had the lowest validation FPR at the target recall\(mining): keep the initial model\(noise)" }
        if arm == LoopControl.fullPool.rawValue { return "the model trained on the whole pool beat the initial model on validation\(mining)\(noise)" }
        return "on this data \(arm) negatives beat the initial model on validation\(mining)\(noise)"
    }

    /// The caveat when the reference step could not tell the reference from the runner-up (their
    /// interval reaches 0), or "" when it could or there was no runner-up.
    static func withinNoise(_ record: Guard) -> String {
        guard let runnerUp = record.runnerUp, let interval = record.runnerUpInterval, interval.low <= 0 else { return "" }
        let other = runnerUp.round == 0 ? "the initial model" : runnerUp.arm == LoopControl.fullPool.rawValue
            ? "the whole-pool model" : "the \(runnerUp.arm) control"
        return "; but \(other) is within validation noise of it (FPR difference, 95 % interval "
            + "[\(NumberFormat.fixed(interval.low, 3)), \(NumberFormat.fixed(interval.high, 3))] on \(record.validationPositives) "
            + "validation positives), so which of the two is better on new data is not settled"
    }

    public var json: JSONValue {
        var pairs: [(String, JSONValue)] = [("arm", .string(arm)), ("round", round.map { .number(Double($0)) } ?? .null),
                                            ("validation_metric", .optional(validationMetric)), ("reason", .string(words))]
        if let guardRecord { pairs.insert(("chooser", "guarded"), at: 0); pairs.append(("guard", guardRecord.json)) }
        return .object(pairs)
    }
}
