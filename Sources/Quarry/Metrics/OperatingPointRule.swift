/// How the operating threshold is chosen. "Predicted positive" always means score ≥ threshold.
///
/// The derived rules pick among the distinct scores (each one a threshold that changes the
/// confusion matrix) the one that meets the target with the best value of the other side:
///
/// | rule | qualifying thresholds | best | tie |
/// |---|---|---|---|
/// | ``targetRecall(_:)`` R | recall ≥ R | highest precision | higher threshold |
/// | ``targetPrecision(_:)`` P | precision ≥ P | highest recall | higher threshold |
/// | ``targetFPR(_:)`` F | false-positive rate ≤ F | highest recall | higher threshold |
///
/// Precision ties are compared exactly (as fractions of counts). When no distinct score
/// qualifies, or the target's rate is undefined (no positives for recall and precision
/// targets, no negatives for an FPR target), there is no operating point: the report has
/// `null` and a warning.
public enum OperatingPointRule: Sendable, Equatable {
    /// A fixed threshold.
    case threshold(Double)
    /// The most precise threshold whose recall is at least the target, in [0, 1].
    case targetRecall(Double)
    /// The threshold with the most recall whose precision is at least the target, in [0, 1].
    case targetPrecision(Double)
    /// The threshold with the most recall whose false-positive rate is at most the target, in [0, 1].
    case targetFPR(Double)

    /// The JSON name of the rule's parameter (`threshold`, `target_recall`, …).
    public var key: String {
        switch self {
        case .threshold: "threshold"
        case .targetRecall: "target_recall"
        case .targetPrecision: "target_precision"
        case .targetFPR: "target_fpr"
        }
    }

    /// The rule's parameter value.
    public var value: Double {
        switch self {
        case .threshold(let x), .targetRecall(let x), .targetPrecision(let x), .targetFPR(let x): x
        }
    }

    /// Checks the parameter: a finite threshold, or a target in [0, 1].
    /// - Throws: ``MetricsInputError/invalidOption(key:expected:found:)``.
    public func validate() throws {
        switch self {
        case .threshold(let t):
            guard t.isFinite else {
                throw MetricsInputError.invalidOption(key: key, expected: "a finite number", found: "\(t)")
            }
        default:
            guard value >= 0, value <= 1 else {
                throw MetricsInputError.invalidOption(key: key, expected: "a rate in [0, 1]", found: "\(value)")
            }
        }
    }
}
