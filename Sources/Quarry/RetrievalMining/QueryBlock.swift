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
        guard count >= 1, index >= 0, index < count else {
            throw RetrievalMiningFailure.option("\(InvalidInput.named("queryBlock")) must be j/n with 0 ≤ j < n, got \(index)/\(count)")
        }
        self.index = index
        self.count = count
    }

    /// Parses `"j/n"`.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let j = Int(parts[0]), let n = Int(parts[1]) else {
            throw RetrievalMiningFailure.option("\(InvalidInput.named("queryBlock")) expects j/n (e.g. 0/4), got '\(text)'")
        }
        try self.init(index: j, count: n)
    }

    /// The positions (in task order) of a `queries`-query task this block holds.
    public func range(ofQueries queries: Int) -> Range<Int> {
        (queries * index / count)..<(queries * (index + 1) / count)
    }
}
