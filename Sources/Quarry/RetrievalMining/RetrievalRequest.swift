/// A dense-retrieval mining run described by its files: what `quarry mine-retrieval`, `merge`,
/// `retrieval-pool` and `retrieval-select` ask of the library, one method each.
///
/// Each method loads the embeddings (`.npy`) and the pairs / id / text files, restricts the
/// task to ``queryBlock`` when one is given, and runs ``RetrievalMiner``; the caller writes or
/// prints the typed result.
///
/// ```swift
/// let request = RetrievalRequest(sources: .init(pairs: "pairs.jsonl"), options: RetrievalMiningOptions())
/// let result = try request.mine(queries: "q.npy", corpus: "c.npy")
/// try result.writeRows(to: "mined.jsonl")
/// ```
public struct RetrievalRequest: Sendable {
    /// The pairs (or qrels) and the id/text files.
    public var sources: RetrievalTask.Sources
    /// The selection options.
    public var options: RetrievalMiningOptions
    /// Only this block of the queries (in pairs order), when given.
    public var queryBlock: QueryBlock?
    /// Threads of the search and the selection (0 = every core); results never depend on it.
    public var threads: Int
    /// Told of the search (stage `search`, unit `corpus rows`) and of reading pools and parts.
    public var progress: ProgressReporter

    public init(sources: RetrievalTask.Sources, options: RetrievalMiningOptions, queryBlock: QueryBlock? = nil, threads: Int = 0,
                progress: ProgressReporter = .silent) {
        self.sources = sources
        self.options = options
        self.queryBlock = queryBlock
        self.threads = threads
        self.progress = progress
    }

    /// What a corpus shard wrote to its partial candidate file.
    public struct ShardWritten: Sendable {
        /// The shard.
        public var shard: CorpusShard
        /// The corpus rows it searched.
        public var slice: Range<Int>
        /// The candidates kept per query.
        public var depth: Int
        /// The queries of the task (of the block, with one).
        public var queries: Int
    }

    /// The whole pipeline on one machine: search the corpus, select negatives.
    /// - Throws: ``RetrievalMiningFailure`` for invalid options or mismatched inputs; what the
    ///   loaders throw, naming the file.
    public func mine(queries: String, corpus: String) throws -> RetrievalMiningResult {
        // A block reads only its rows of the memory-mapped files (checked before the search).
        let lazy = queryBlock != nil
        let (queryMatrix, corpusMatrix, task) = try load(queries: queries, corpus: corpus, lazy: lazy)
        let miner = try miner(corpusRows: corpusMatrix.rows)
        if lazy { try miner.0.checkReadRows(queries: queryMatrix, corpus: corpusMatrix, task: task) }
        defer { miner.1.finish() }
        return try miner.0.mine(queries: queryMatrix, corpus: corpusMatrix, task: task)
    }

    /// Stages 1–3 on one corpus slice, written as a partial candidate file to `output` for
    /// ``merge(parts:corpus:)``; reads only the slice's rows.
    public func searchShard(_ shard: CorpusShard, queries: String, corpus: String, writingTo output: String) throws -> ShardWritten {
        let (queryMatrix, corpusMatrix, task) = try load(queries: queries, corpus: corpus, lazy: true)
        let miner = try miner(corpusRows: corpusMatrix.rows)
        defer { miner.1.finish() }
        let part = try miner.0.searchShard(queries: queryMatrix, corpus: corpusMatrix, task: task, shard: shard)
        try PartialCandidateFile.write(part, task: task, to: output)
        return ShardWritten(shard: shard, slice: part.slice, depth: part.lists.depth, queries: task.queryRows.count)
    }

    /// Stages 4–5 on the union of corpus-shard partial files (of ``queryBlock``'s block, with one).
    /// - Parameter corpus: the corpus embeddings, needed only for `dedupeThreshold`.
    public func merge(parts: [String], corpus: String?) throws -> RetrievalMiningResult {
        let corpusMatrix = try corpus.map { try EmbeddingMatrix.load(npy: $0) }
        guard let firstPart = parts.first else {
            throw RetrievalMiningFailure("merge needs at least one partial file", kind: .usage)
        }
        let corpusRows = try PartialCandidateFile.corpusRows(of: firstPart)
        let task = try self.task(queryCount: nil, corpusCount: corpusRows)
        return try RetrievalMiner(options: options).merge(parts: parts, task: task, corpus: corpusMatrix, progress: progress)
    }

    /// Each query's dense candidate window, written to `output` for rescoring
    /// (``selectRescored(pool:scores:corpus:)``).
    /// - Returns: the queries written and the window's depth.
    public func candidatePool(queries: String, corpus: String, writingTo output: String) throws -> (queries: Int, depth: Int) {
        let queryMatrix = try EmbeddingMatrix.load(npy: queries)
        let corpusMatrix = try EmbeddingMatrix.load(npy: corpus)
        let task = try RetrievalTask.load(sources, queryCount: queryMatrix.rows, corpusCount: corpusMatrix.rows)
        let miner = try miner(corpusRows: corpusMatrix.rows)
        defer { miner.1.finish() }
        let pool = try miner.0.candidatePool(queries: queryMatrix, corpus: corpusMatrix, task: task)
        try pool.write(to: output, task: task)
        return (task.queryRows.count, pool.depth)
    }

    /// Negatives selected from a candidate pool by external scores (JSONL, one per pool pair).
    /// - Parameter corpus: the corpus embeddings, needed only for `dedupeThreshold`.
    public func selectRescored(pool: String, scores: String, corpus: String?) throws -> RetrievalMiningResult {
        let corpusMatrix = try corpus.map { try EmbeddingMatrix.load(npy: $0) }
        let task = try RetrievalTask.load(sources, queryCount: nil, corpusCount: corpusMatrix?.rows)
        let candidatePool = try CandidatePool.read(path: pool, task: task, progress: progress)
        let external = try ExternalPairScores.read(path: scores, task: task, progress: progress)
        return try RetrievalMiner(options: options)
            .selectRescored(pool: candidatePool, task: task, corpus: corpusMatrix) { external.score(query: $0, row: $1) }
    }

    // MARK: - Loading

    /// The task of ``sources`` for matrices of these sizes, restricted to the block.
    private func task(queryCount: Int?, corpusCount: Int?) throws -> RetrievalTask {
        let whole = try RetrievalTask.load(sources, queryCount: queryCount, corpusCount: corpusCount)
        return queryBlock.map { whole.restricted(to: $0) } ?? whole
    }

    private func load(queries: String, corpus: String, lazy: Bool) throws -> (EmbeddingMatrix, EmbeddingMatrix, RetrievalTask) {
        let queryMatrix = try EmbeddingMatrix.load(npy: queries, checkingFinite: !lazy)
        let corpusMatrix = try EmbeddingMatrix.load(npy: corpus, checkingFinite: !lazy)
        return (queryMatrix, corpusMatrix, try task(queryCount: queryMatrix.rows, corpusCount: corpusMatrix.rows))
    }

    /// The exact-search miner, its search told to ``progress``; finish the meter when done.
    private func miner(corpusRows: Int) throws -> (RetrievalMiner, ProgressMeter) {
        let meter = progress.start("search", unit: "corpus rows", total: corpusRows)
        let miner = RetrievalMiner(options: options, searcher: .exact(threads: threads, progress: { meter.advance(to: $0) }),
                                   threads: threads)
        return (miner, meter)
    }
}
