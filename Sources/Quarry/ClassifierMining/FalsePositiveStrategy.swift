/// Mines the model's mistakes at the operating point: negatives scored at or above the
/// threshold (false positives) and, on the positive side, positives scored below it
/// (false negatives).
///
/// "Predicted positive" means `score >= threshold`, the convention of every Quarry metric.
public struct FalsePositiveStrategy: HardExampleStrategy {
    /// The operating threshold.
    public let threshold: Double

    public init(threshold: Double) { self.threshold = threshold }

    public var name: String { "false-positives" }

    public func qualifies(score: Double, side: MiningSide) -> Bool {
        switch side {
        case .negative: score >= threshold
        case .positive: score < threshold
        }
    }

    public var parametersJSON: JSONValue { ["strategy": .string(name), "threshold": .number(threshold)] }
}
