/// The k best corpus rows of every query, as two row-major `queryCount × k` tables.
///
/// Row `q` of ``indices`` lists query `q`'s best corpus rows, best first; ``scores`` holds
/// their inner products in the same layout. Ties are ordered by lower corpus index. When a
/// query has fewer than `k` hits (the corpus has fewer than `k` rows, or some scores were
/// NaN or −∞), the unfilled tail of its row holds index `-1` and score `-infinity`.
///
/// ```swift
/// let result = try InnerProductSearch.topK(queries: q, corpus: c, dimension: 384, k: 10)
/// let best = result.indices(ofQuery: 0).first   // corpus row closest to query 0
/// ```
public struct TopKResult: Sendable, Equatable {
    /// Number of queries (rows of the tables).
    public let queryCount: Int
    /// Number of slots per query (columns of the tables).
    public let k: Int
    /// `queryCount × k`, row-major: global corpus indices (including the search's
    /// `corpusIndexOffset`), best first; `-1` where the row has fewer than `k` hits.
    public var indices: [Int]
    /// `queryCount × k`, row-major: the scores of ``indices``; `-infinity` where unfilled.
    public var scores: [Float]

    /// Creates a result from its tables; `indices` and `scores` must hold `queryCount × k` entries.
    public init(queryCount: Int, k: Int, indices: [Int], scores: [Float]) {
        precondition(queryCount >= 0 && k >= 0, "queryCount and k must be non-negative")
        precondition(indices.count == queryCount * k && scores.count == queryCount * k,
                     "indices and scores must hold queryCount × k entries")
        self.queryCount = queryCount
        self.k = k
        self.indices = indices
        self.scores = scores
    }

    /// Query `q`'s corpus indices, best first (`-1` for unfilled slots).
    /// - Complexity: O(1).
    public func indices(ofQuery q: Int) -> ArraySlice<Int> {
        precondition(q >= 0 && q < queryCount, "query \(q) is out of range 0..<\(queryCount)")
        return indices[(q * k)..<((q + 1) * k)]
    }

    /// Query `q`'s scores, best first (`-infinity` for unfilled slots).
    /// - Complexity: O(1).
    public func scores(ofQuery q: Int) -> ArraySlice<Float> {
        precondition(q >= 0 && q < queryCount, "query \(q) is out of range 0..<\(queryCount)")
        return scores[(q * k)..<((q + 1) * k)]
    }
}
