/// Threshold-free measures of a loop model on the test set, which tell arms apart without the
/// noise of a threshold carried over from validation.
public struct LoopRankingMetrics: Sendable, Equatable {
    /// The recall at which the FPR is read (the loop's recall target, else 0.9).
    public var targetRecall: Double
    /// The least FPR among thresholds with recall ≥ ``targetRecall`` on the test ROC.
    public var fprAtTargetRecall: Double
    /// The lower end a of the band TPR ∈ [a, 1] of ``partialAUC``.
    public var minTPR: Double
    /// The McClish-standardized partial AUC over TPR ∈ [``minTPR``, 1].
    public var partialAUC: Double
    /// Test positives.
    public var positives: Int
    /// Test negatives: the FPR's denominator (one false positive moves it by 1/negatives).
    public var negatives: Int

    /// The band of the partial AUC: TPR ∈ [0.8, 1].
    public static let defaultMinTPR = 0.8

    /// Measures `scores` against `labels`; `nil` when a class is missing.
    public init?(scores: [Double], labels: [Bool], targetRecall: Double, minTPR: Double = Self.defaultMinTPR) throws {
        let data = try ScoredLabels(scores: scores, labels: labels)
        let curve = ThresholdCurve(data, threads: 1)
        guard let fpr = curve.fprAtRecall(targetRecall), let pauc = data.partialAUC(minTPR: minTPR) else { return nil }
        self.targetRecall = targetRecall
        self.fprAtTargetRecall = fpr
        self.minTPR = minTPR
        self.partialAUC = pauc
        self.positives = data.positives
        self.negatives = data.negatives
    }

    /// The recall the loop reads FPR at: its target for a recall rule, else 0.9.
    public static func targetRecall(for rule: OperatingPointRule) -> Double {
        if case .targetRecall(let r) = rule { return r }
        return 0.9
    }

    /// Reads back ``json`` (a loop round's `test_ranking`).
    /// - Throws: ``InvalidInput`` (data error) naming the file and key of a missing or mistyped value.
    init(json fields: JSONFields) throws {
        targetRecall = try fields.numberOrNaN("target_recall")
        fprAtTargetRecall = try fields.numberOrNaN("fpr_at_target_recall")
        minTPR = try fields.numberOrNaN("min_tpr")
        partialAUC = try fields.numberOrNaN("partial_auc")
        positives = try fields.integer("positives")
        negatives = try fields.integer("negatives")
    }

    /// As `metrics.json`'s `test_ranking`.
    public var json: JSONValue {
        [
            "target_recall": .number(targetRecall),
            "fpr_at_target_recall": .number(fprAtTargetRecall),
            "min_tpr": .number(minTPR),
            "partial_auc": .number(partialAUC),
            "positives": .number(Double(positives)),
            "negatives": .number(Double(negatives)),
        ]
    }
}
