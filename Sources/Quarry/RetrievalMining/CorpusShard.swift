/// One of `count` contiguous slices of a corpus, written `i/n` on the command line.
public struct CorpusShard: Sendable, Equatable {
    /// 0-based shard number.
    public let index: Int
    /// Number of shards.
    public let count: Int

    /// - Throws: ``RetrievalMiningFailure`` (usage) unless `0 ≤ index < count`.
    public init(index: Int, count: Int) throws {
        guard count >= 1, index >= 0, index < count else {
            throw RetrievalMiningFailure.option("\(InvalidInput.named("corpusShard")) must be i/n with 0 ≤ i < n, got \(index)/\(count)")
        }
        self.index = index
        self.count = count
    }

    /// Parses `"i/n"`.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]) else {
            throw RetrievalMiningFailure.option("\(InvalidInput.named("corpusShard")) expects i/n (e.g. 0/4), got '\(text)'")
        }
        try self.init(index: i, count: n)
    }

    /// The rows of a `rows`-row corpus this shard covers: `⌊rows·i/n⌋ ..< ⌊rows·(i+1)/n⌋`.
    public func slice(ofRows rows: Int) -> Range<Int> {
        (rows * index / count)..<(rows * (index + 1) / count)
    }
}
