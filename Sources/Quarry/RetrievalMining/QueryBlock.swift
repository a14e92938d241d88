/// One of `count` contiguous blocks of a task's queries, written `j/n` on the command line.
///
/// Blocks split the queries in task order (first appearance in the pairs): block `j` holds
/// entries `⌊q·j/n⌋ ..< ⌊q·(j+1)/n⌋` of the task's `q` queries, so some blocks are empty when
/// `n > q`. Together with ``CorpusShard`` it makes the two-dimensional sharding of a job
/// (query blocks × corpus shards): every (block, shard) search is independent, every block
/// merges its shards independently, and the per-block outputs concatenated in block order
/// are byte-identical to one run on everything (the selection of a query depends only on
/// its own candidates, on the whole task's largest positive count and on its global row).
public struct QueryBlock: Sendable, Equatable {
    /// 0-based block number.
    public let index: Int
    /// Number of blocks.
    public let count: Int

    /// - Throws: ``RetrievalMiningFailure`` (usage) unless `0 ≤ index < count`.
    public init(index: Int, count: Int) throws {
        try ContiguousPart.check(index: index, count: count, parameter: "queryBlock", letter: "j")
        self.index = index
        self.count = count
    }

    /// Parses `"j/n"`.
    public init(parsing text: String) throws {
        let (index, count) = try ContiguousPart.parse(text, parameter: "queryBlock", letter: "j")
        try self.init(index: index, count: count)
    }

    /// The positions (in task order) of a `queries`-query task this block holds.
    public func range(ofQueries queries: Int) -> Range<Int> {
        ContiguousPart.range(index: index, count: count, of: queries)
    }
}
