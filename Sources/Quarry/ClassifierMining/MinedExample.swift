/// One mined example: which row, its score, its side and its rank among its side's
/// mined examples (1 = hardest), with whatever the caller attached to the row.
public struct MinedExample<Payload> {
    /// The row's position in the input (0-based data row, header excluded).
    public let row: Int
    /// The model's score.
    public let score: Double
    /// Negative (label 0) or positive (label 1).
    public let side: MiningSide
    /// 1 for the hardest example of its side, then 2, 3, …
    public let rank: Int
    /// The caller's data for the row (for example its original fields), or `Void`.
    public let payload: Payload
}

extension MinedExample: Sendable where Payload: Sendable {}
