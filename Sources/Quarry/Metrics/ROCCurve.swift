/// A receiver operating characteristic curve, as scikit-learn's
/// `roc_curve(drop_intermediate=False)`: one point per distinct score, preceded by (0, 0)
/// at threshold +∞.
public struct ROCCurve: Sendable, Equatable {
    /// False-positive rates, ascending, starting at 0.
    public let falsePositiveRates: [Double]
    /// True-positive rates, ascending, starting at 0.
    public let truePositiveRates: [Double]
    /// Thresholds, descending: `+infinity`, then the distinct scores.
    public let thresholds: [Double]
}

extension ThresholdCurve {
    /// The ROC curve, or `nil` when only one class is present (its rates would be undefined).
    /// - Complexity: O(g).
    public var rocCurve: ROCCurve? {
        guard positives > 0, negatives > 0 else { return nil }
        let p = Double(positives)
        let n = Double(negatives)
        return ROCCurve(
            falsePositiveRates: [0] + falsePositives.map { Double($0) / n },
            truePositiveRates: [0] + truePositives.map { Double($0) / p },
            thresholds: [.infinity] + thresholds)
    }
}
