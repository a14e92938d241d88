extension ThresholdCurve {
    /// The lowest false-positive rate among thresholds whose recall (TPR) is at least
    /// `targetRecall`, read from this curve (the test set's own ROC, with no threshold carried
    /// over from another set).
    ///
    /// The same as taking scikit-learn's `roc_curve(…, drop_intermediate=False)` and the
    /// smallest `fpr` whose `tpr ≥ targetRecall`: no interpolation between points.
    /// - Parameter targetRecall: in [0, 1].
    /// - Returns: `nil` when a class is missing (the rates are undefined).
    /// - Complexity: O(g) for g distinct scores.
    public func fprAtRecall(_ targetRecall: Double) -> Double? {
        precondition(targetRecall >= 0 && targetRecall <= 1, "targetRecall must be in [0, 1]")
        guard positives > 0, negatives > 0 else { return nil }
        if targetRecall == 0 { return 0 }
        // Rates grow with g, so the first threshold that reaches the target has the least FPR.
        for g in thresholds.indices where Double(truePositives[g]) >= targetRecall * Double(positives) {
            return Double(falsePositives[g]) / Double(negatives)
        }
        return 1
    }
}

extension ScoredLabels {
    /// The McClish-standardized partial ROC AUC over the high-recall band TPR ∈ [`minTPR`, 1].
    ///
    /// The band TPR ≥ a of the ROC curve is the band FPR′ ≤ 1 − a of the curve with the roles
    /// of the classes swapped (negatives as positives, scores negated): FPR′ = 1 − TPR and
    /// TPR′ = 1 − FPR. So this is ``ThresholdCurve/partialAUC(maxFPR:)`` — scikit-learn's
    /// `roc_auc_score(1 − y, −s, max_fpr = 1 − minTPR)` — of the swapped data, and 0.5 means
    /// chance, 1 a perfect ranking in that band (McClish, "Analyzing a portion of the ROC curve",
    /// Med. Decis. Making 1989; the TPR-range form as in Jiang, Metz & Nishikawa, Radiology 1996).
    /// - Parameter minTPR: in [0, 1); 0 gives the full ROC AUC.
    /// - Returns: `nil` when a class is missing.
    /// - Complexity: O(n) (one more sort of the rows).
    public func partialAUC(minTPR: Double) -> Double? {
        precondition(minTPR >= 0 && minTPR < 1, "minTPR must be in [0, 1)")
        guard positives > 0, negatives > 0 else { return nil }
        // `0 - s` keeps zero scores +0.0, so ties stay ties.
        let swapped = try! ScoredLabels(scores: scores.map { 0 - $0 }, labels: labels.map { 1 - $0 })
        return ThresholdCurve(swapped, threads: 1).partialAUC(maxFPR: 1 - minTPR)
    }
}
