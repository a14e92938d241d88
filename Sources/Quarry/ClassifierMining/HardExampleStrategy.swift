/// A rule that decides which examples of one side are hard.
///
/// Strategies only decide membership and an optional per-side cap; ordering, bounded
/// memory, validation and the summary are done once, around them, by ``HardExampleCollector``
/// (the template-method split pytorch-metric-learning's miners use). Hardness is always
/// "score high" for negatives and "score low" for positives.
public protocol HardExampleStrategy: Sendable {
    /// The name used on the command line and in reports.
    var name: String { get }
    /// Whether a row of `side` with `score` qualifies.
    func qualifies(score: Double, side: MiningSide) -> Bool
    /// The most examples kept per side (the hardest), or `nil` for all that qualify.
    var limitPerSide: Int? { get }
    /// The parameters, for the report.
    var parametersJSON: JSONValue { get }
}

extension HardExampleStrategy {
    public var limitPerSide: Int? { nil }
}
