/// One of `count` contiguous slices of a corpus, written `i/n` on the command line.
public struct CorpusShard: Sendable, Equatable {
    /// 0-based shard number.
    public let index: Int
    /// Number of shards.
    public let count: Int

    /// - Throws: ``RetrievalMiningFailure`` (usage) unless `0 ≤ index < count`.
    public init(index: Int, count: Int) throws {
        try ContiguousPart.check(index: index, count: count, parameter: "corpusShard", letter: "i")
        self.index = index
        self.count = count
    }

    /// Parses `"i/n"`.
    public init(parsing text: String) throws {
        let (index, count) = try ContiguousPart.parse(text, parameter: "corpusShard", letter: "i")
        try self.init(index: index, count: count)
    }

    /// The rows of a `rows`-row corpus this shard covers: `⌊rows·i/n⌋ ..< ⌊rows·(i+1)/n⌋`.
    public func slice(ofRows rows: Int) -> Range<Int> {
        ContiguousPart.range(index: index, count: count, of: rows)
    }
}
