/// How a loop picks the model it recommends.
public enum LoopChooser: String, Sendable, CaseIterable {
    /// The best by the tracked validation metric (precision at the validation threshold for a
    /// recall target) among round 0, every round of the strategy and of the controls
    /// (``LoopChoice/choose(_:)``).
    case best
    /// The initial model or a control's final model, whichever has the lower FPR at the target
    /// recall on the validation ROC; the strategy's final model replaces it only when a paired
    /// bootstrap over validation rows puts its FPR below the reference's beyond noise
    /// (``LoopChoice/guarded(references:strategy:labels:targetRecall:replicates:seed:)``).
    case guarded
}

extension LoopChoice {
    /// A model the guarded chooser considers: its arm, round and validation scores.
    public struct Candidate: Sendable {
        /// `strategy` (round 0 is the initial model) or a control's name.
        public var arm: String
        /// The round (`nil` for the full-pool model).
        public var round: Int?
        /// The model's scores on the validation rows.
        public var scores: [Double]

        public init(arm: String, round: Int?, scores: [Double]) {
            self.arm = arm
            self.round = round
            self.scores = scores
        }
    }

    /// What the guarded chooser measured: the reference, the strategy's final model, and the
    /// bootstrap interval of their difference in validation FPR at the target recall.
    public struct Guard: Sendable, Equatable {
        /// Equal when their JSON is (the candidates are tuples, which are not `Equatable`).
        public static func == (a: Guard, b: Guard) -> Bool {
            a.json == b.json
        }

        /// The reference: the initial model or a control's final model.
        public var referenceArm: String
        public var referenceRound: Int?
        /// Its validation FPR at the target recall.
        public var referenceFPR: Double
        /// The strategy's final round and its validation FPR (`nil` without a strategy round).
        public var strategyRound: Int?
        public var strategyFPR: Double?
        /// The 95 % percentile-bootstrap interval of strategy − reference over validation rows.
        public var interval: ConfidenceInterval?
        /// The recall the FPRs are read at.
        public var targetRecall: Double
        /// Every reference's validation FPR at the target recall, in the order considered (`nil`
        /// where a class is missing), so that other reference rules can be replayed offline.
        public var candidates: [(arm: String, round: Int?, fpr: Double?)] = []
        /// The runner-up reference (the next lowest validation FPR; `nil` with one reference or
        /// when no other reference could be measured) and the 95 % percentile-bootstrap interval of
        /// runner-up − reference FPR over the same replicates: an interval reaching 0 means the
        /// reference step could not tell the two apart on this validation set.
        public var runnerUp: (arm: String, round: Int?, fpr: Double)?
        public var runnerUpInterval: ConfidenceInterval?
        /// Validation positives and negatives: what the FPR at the target recall rests on.
        public var validationPositives: Int = 0
        public var validationNegatives: Int
        public var replicates: Int
        public var seed: UInt64

        var json: JSONValue {
            [
                "metric": "validation_fpr_at_target_recall",
                "target_recall": .number(targetRecall),
                "validation_negatives": .number(Double(validationNegatives)),
                "reference": ["arm": .string(referenceArm), "round": referenceRound.map { .number(Double($0)) } ?? .null,
                              "fpr": .number(referenceFPR)],
                "strategy": ["round": strategyRound.map { .number(Double($0)) } ?? .null, "fpr": .optional(strategyFPR)],
                "references": .array(candidates.map { ["arm": .string($0.arm), "round": $0.round.map { .number(Double($0)) } ?? .null,
                                                       "fpr": .optional($0.fpr)] }),
                "strategy_minus_reference_interval": interval.map { ["low": .number($0.low), "high": .number($0.high)] } ?? .null,
                "runner_up": runnerUp.map { ["arm": .string($0.arm), "round": $0.round.map { .number(Double($0)) } ?? .null,
                                             "fpr": .number($0.fpr)] } ?? .null,
                "runner_up_minus_reference_interval": runnerUpInterval.map { ["low": .number($0.low), "high": .number($0.high)] } ?? .null,
                "validation_positives": .number(Double(validationPositives)),
                "bootstrap": ["replicates": .number(Double(replicates)), "seed": .string(String(seed)), "paired_over": "validation rows"],
            ]
        }
    }

    /// The conservative choice: never worse than the better of the initial model and the
    /// control, up to validation noise, which is what a user deploying the recommended model
    /// is promised.
    ///
    /// 1. The reference is the first of `references` (the initial model first, then each
    ///    control's final model) with the least FPR at `targetRecall` on the validation ROC
    ///    (ties keep the earlier one).
    /// 2. The strategy's final model replaces it only when the 95 % percentile-bootstrap
    ///    interval of strategy − reference FPR, paired over validation rows (replicate b draws
    ///    the rows with `SeededGenerator(seed: seed).derived(b)`), lies entirely below 0.
    ///
    /// The record also holds the runner-up reference and the interval of runner-up − reference
    /// on the same replicates, so the choice says when step 1 was within validation noise (on
    /// the loop benchmark's smallest set, about 65 validation positives, it often is; see
    /// bench/results/loop.md, "Session 6–7").
    ///
    /// Both steps read FPR at the target recall on the validation set's own ROC — the test
    /// measure the benchmark judges by, not precision at a threshold carried over — and only
    /// each arm's final model is a candidate besides the initial one, so the choice does not
    /// pick the luckiest of many rounds on validation noise (Efron & Tibshirani 1993, ch. 16,
    /// on bootstrap tests).
    /// - Parameters:
    ///   - references: the initial model first, then the controls' final models (not empty).
    ///   - strategy: the strategy's final model (`nil` when round 0 is the last round).
    ///   - labels: the validation labels, one per score.
    /// - Throws: ``MetricsInputError`` for non-finite scores or a count that is not the labels'.
    /// - Complexity: O(replicates · n + k · n log n) for n validation rows and k candidates.
    public static func guarded(references: [Candidate], strategy: Candidate?, labels: [Bool], targetRecall: Double,
                               replicates: Int = 1000, seed: UInt64) throws -> LoopChoice {
        precondition(!references.isEmpty, "the initial model is always a reference")
        for candidate in references + (strategy.map { [$0] } ?? []) {
            _ = try ScoredLabels(scores: candidate.scores, labels: labels)    // finite scores, one per row
        }
        let n = labels.count
        let ones = [Int](repeating: 1, count: n)
        let minTPR = LoopRankingMetrics.defaultMinTPR
        func fpr(_ ranked: LoopComparison.RankedScores, _ counts: [Int]) -> Double? {
            ranked.measure(counts: counts, labels: labels, targetRecall: targetRecall, minTPR: minTPR)?.fpr
        }
        let negatives = labels.filter { !$0 }.count
        var reference = references[0]
        var referenceRanked = LoopComparison.RankedScores(reference.scores)
        var measured: [(arm: String, round: Int?, fpr: Double?)] = [(reference.arm, reference.round, fpr(referenceRanked, ones))]
        guard var referenceFPR = measured[0].fpr else {
            // A class is missing on validation: nothing can be measured, keep the initial model.
            return LoopChoice(arm: reference.arm, round: reference.round, validationMetric: nil)
        }
        for candidate in references.dropFirst() {
            let ranked = LoopComparison.RankedScores(candidate.scores)
            let value = fpr(ranked, ones)
            measured.append((candidate.arm, candidate.round, value))
            if let value, value < referenceFPR {
                (reference, referenceRanked, referenceFPR) = (candidate, ranked, value)
            }
        }
        let runnerUp = zip(references, measured).filter { $0.0.arm != reference.arm || $0.0.round != reference.round }
            .compactMap { candidate, m in m.fpr.map { (candidate: candidate, fpr: $0) } }
            .min { $0.fpr < $1.fpr }
        var record = Guard(referenceArm: reference.arm, referenceRound: reference.round, referenceFPR: referenceFPR,
                           strategyRound: strategy?.round, strategyFPR: nil, interval: nil, targetRecall: targetRecall,
                           candidates: measured, runnerUp: runnerUp.map { ($0.candidate.arm, $0.candidate.round, $0.fpr) },
                           validationPositives: n - negatives, validationNegatives: negatives, replicates: replicates, seed: seed)
        var choice = LoopChoice(arm: reference.arm, round: reference.round, validationMetric: referenceFPR)
        let strategyRanked = strategy.map { LoopComparison.RankedScores($0.scores) }
        let runnerUpRanked = runnerUp.map { LoopComparison.RankedScores($0.candidate.scores) }
        if let strategyRanked { record.strategyFPR = fpr(strategyRanked, ones) }
        if strategyRanked != nil || runnerUpRanked != nil {
            var differences: [Double] = [], margins: [Double] = []
            LoopComparison.forEachReplicate(rows: n, replicates: replicates, seed: seed) { counts in
                guard let r = fpr(referenceRanked, counts) else { return }
                if let strategyRanked, let s = fpr(strategyRanked, counts) { differences.append(s - r) }
                if let runnerUpRanked, let u = fpr(runnerUpRanked, counts) { margins.append(u - r) }
            }
            record.interval = BootstrapIntervals.percentileInterval(differences)
            record.runnerUpInterval = BootstrapIntervals.percentileInterval(margins)
            if let strategy, let interval = record.interval, interval.high < 0, let value = record.strategyFPR {
                choice = LoopChoice(arm: strategy.arm, round: strategy.round, validationMetric: value)
            }
        }
        choice.guardRecord = record
        return choice
    }
}
