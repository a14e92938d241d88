/// The exact inner-product top-k search the miner calls, as a value so tests and
/// benchmarks can supply another implementation.
///
/// The closure receives row-major queries (n × d) and corpus rows (m × d), the dimension,
/// `k` and the global index of the first corpus row, and returns n × k global indices
/// (−1 unfilled) and scores (−∞ unfilled), best first, ties by lower index.
public struct TopKSearcher: Sendable {
    /// Runs one search.
    public let run: @Sendable (_ queries: UnsafeBufferPointer<Float>, _ corpus: UnsafeBufferPointer<Float>,
                               _ dimension: Int, _ k: Int, _ corpusIndexOffset: Int) throws -> (indices: [Int], scores: [Float])

    public init(_ run: @escaping @Sendable (UnsafeBufferPointer<Float>, UnsafeBufferPointer<Float>, Int, Int, Int) throws
        -> (indices: [Int], scores: [Float])) {
        self.run = run
    }

    /// ``InnerProductSearch`` on `threads` threads (0 = every core); `progress` receives the
    /// running count of corpus rows searched (from worker threads).
    public static func exact(threads: Int = 0, progress: (@Sendable (Int) -> Void)? = nil) -> TopKSearcher {
        TopKSearcher { queries, corpus, dimension, k, offset in
            let result = try InnerProductSearch.topK(queries: queries, corpus: corpus, dimension: dimension, k: k,
                                                     corpusIndexOffset: offset, threads: threads, progress: progress)
            return (result.indices, result.scores)
        }
    }
}
