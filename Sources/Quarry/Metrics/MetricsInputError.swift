/// Why scores, labels or evaluation options were rejected.
///
/// Raised once, at the public entry points (``ScoredLabels/init(scores:labels:)``,
/// ``Evaluator/init(options:)``); the kernels behind them trust their input.
public enum MetricsInputError: QuarryFailure, Equatable {
    /// There are no rows to evaluate.
    case empty
    /// The score and label arrays differ in length.
    case lengthMismatch(scores: Int, labels: Int)
    /// A score is NaN or infinite (`row` is 0-based).
    case nonFiniteScore(row: Int, value: Double)
    /// A label is neither 0 nor 1 (`row` is 0-based).
    case nonBinaryLabel(row: Int, value: Int)
    /// An option is out of its range: `key` names the option, `expected` its domain.
    case invalidOption(key: String, expected: String, found: String)

    public var kind: FailureKind {
        switch self {
        case .invalidOption: .usage
        default: .dataError
        }
    }

    public var message: String {
        switch self {
        case .empty:
            "no rows to evaluate: expected at least one scored, labelled row"
        case let .lengthMismatch(scores, labels):
            "scores and labels differ in length: \(scores) scores, \(labels) labels"
        case let .nonFiniteScore(row, value):
            "score at row \(row) (0-based) is \(value): expected a finite number"
        case let .nonBinaryLabel(row, value):
            "label at row \(row) (0-based) is \(value): expected 0 or 1"
        case let .invalidOption(key, expected, found):
            "option '\(key)': expected \(expected), found \(found)"
        }
    }
}
