/// Validated binary-classification scores: one finite score and one 0/1 label per row.
///
/// This is the single validation point of the metrics: every kernel behind it (sorting,
/// curves, operating points, bootstrap) assumes what it checks.
///
/// ```swift
/// let data = try ScoredLabels(scores: [0.9, 0.2, 0.7], labels: [true, false, false])
/// let report = try Evaluator(options: .init(operatingPoint: .threshold(0.5))).evaluate(data)
/// ```
public struct ScoredLabels: Sendable {
    /// The scores, all finite. Higher means "more positive".
    public let scores: [Double]
    /// The labels as 0 (negative) or 1 (positive).
    public let labels: [UInt8]
    /// The number of rows labelled 1.
    public let positives: Int
    /// Whether every score lies in [0, 1], so probability metrics (log loss, Brier, ECE) apply.
    public let areProbabilities: Bool

    /// The number of rows.
    public var count: Int { scores.count }
    /// The number of rows labelled 0.
    public var negatives: Int { scores.count - positives }

    /// Validates scores and Boolean labels.
    /// - Throws: ``MetricsInputError`` when empty, of different lengths, or a score is not finite.
    /// - Complexity: O(n).
    public init(scores: [Double], labels: [Bool]) throws {
        try self.init(scores: scores, binaryLabels: labels.map { $0 ? 1 : 0 })
    }

    /// Validates scores and 0/1 labels.
    /// - Throws: ``MetricsInputError`` when empty, of different lengths, a score is not
    ///   finite or a label is not 0 or 1.
    /// - Complexity: O(n).
    public init(scores: [Double], labels: [UInt8]) throws {
        if let row = labels.firstIndex(where: { $0 > 1 }) {
            guard labels.count == scores.count else {
                throw MetricsInputError.lengthMismatch(scores: scores.count, labels: labels.count)
            }
            throw MetricsInputError.nonBinaryLabel(row: row, value: Int(labels[row]))
        }
        try self.init(scores: scores, binaryLabels: labels)
    }

    private init(scores: [Double], binaryLabels labels: [UInt8]) throws {
        guard scores.count == labels.count else {
            throw MetricsInputError.lengthMismatch(scores: scores.count, labels: labels.count)
        }
        guard !scores.isEmpty else { throw MetricsInputError.empty }
        var positives = 0
        var probabilities = true
        for row in scores.indices {
            let score = scores[row]
            guard score.isFinite else { throw MetricsInputError.nonFiniteScore(row: row, value: score) }
            if score < 0 || score > 1 { probabilities = false }
            positives &+= Int(labels[row])
        }
        self.scores = scores
        self.labels = labels
        self.positives = positives
        self.areProbabilities = probabilities
    }
}
