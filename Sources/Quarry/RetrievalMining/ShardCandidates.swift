/// What one corpus shard found: every query's best candidates within the shard's slice
/// (global rows, scores, duplicate keys) and every query's positives with their scores.
///
/// It holds exactly what the selection stage needs, so ``RetrievalMiner/merge(parts:task:corpus:)``
/// can apply every filter and sampling rule without the embeddings.
public struct ShardCandidates: Sendable {
    public let shard: CorpusShard
    /// The corpus rows searched.
    public let slice: Range<Int>
    /// Rows of the whole corpus.
    public let corpusRows: Int
    public let dimension: Int
    /// The `rangeMax` and largest positive count the search depth was derived from.
    public let rangeMax: Int
    public let maxPositives: Int
    /// Whether rows with identical vectors were collapsed (the keys depend on it).
    public let collapsesIdenticalVectors: Bool
    /// Duplicate rows found inside the slice.
    public let duplicateRows: Int
    /// Per query, the best `rangeMax + maxPositives` distinct candidates in the slice.
    public let lists: CandidateLists
    /// Per query, its positives (scores computed from the full corpus file).
    public let positives: [[PositiveCandidate]]
}
