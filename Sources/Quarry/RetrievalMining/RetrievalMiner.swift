import Dispatch

/// Mines hard negatives for dense retrieval: for each query, corpus passages that score
/// close to — but safely below — its positives, selected as sentence-transformers'
/// `mine_hard_negatives` selects them with exact search.
///
/// One straight pipeline, each stage timed in the report:
/// 1. **check** — dimensions agree, options are valid for the largest positive count;
/// 2. **dedupe + search** — duplicate corpus rows (identical vectors or texts) collapse to
///    their first row, then the exact top `rangeMax + maxPositives` of each query
///    (``InnerProductSearch``; ties → lower row);
/// 3. **positives** — each query's positive scores, with the same FMA chain as the kernel;
/// 4. **select** — mask positives, score filters, `rangeMax`/`rangeMin`, top or seeded
///    random sampling, optional near-duplicate threshold (``NegativeSelection``);
/// 5. **statistics** — score distributions per output format, as the reference reports.
///
/// With `--corpus-shard` the pipeline stops after stage 3 and writes a partial file
/// (``PartialCandidateFile``); ``merge(parts:task:corpus:)`` runs stages 4–5 on the union
/// of the parts and gives byte-identical output to a single run.
///
/// ```swift
/// var options = RetrievalMiningOptions()
/// options.numNegatives = 4
/// options.relativeMargin = 0.05
/// let result = try RetrievalMiner(options: options).mine(queries: q, corpus: c, task: task)
/// try result.writeRows(to: "mined.jsonl")
/// ```
public struct RetrievalMiner: Sendable {
    /// The selection options.
    public var options: RetrievalMiningOptions
    /// The top-k search (the exact SIMD kernel by default).
    public var searcher: TopKSearcher
    /// Threads for the selection stage (0 = every core); results never depend on it.
    public var threads: Int

    public init(options: RetrievalMiningOptions, searcher: TopKSearcher = .exact(), threads: Int = 0) {
        self.options = options
        self.searcher = searcher
        self.threads = threads
    }

    /// Runs the whole pipeline on one machine.
    /// - Throws: ``RetrievalMiningFailure`` for invalid options or mismatched inputs;
    ///   ``InvalidInput`` from the kernel.
    /// - Complexity: O(n·m·d) search; O(n·(rangeMax + maxPositives)) memory beyond the inputs.
    public func mine(queries: EmbeddingMatrix, corpus: EmbeddingMatrix, task: RetrievalTask) throws -> RetrievalMiningResult {
        var clock = StageClock()
        let resolved = try check(queries: queries, corpus: corpus, task: task)
        clock.lap("check")
        let candidates = try search(queries: queries, corpus: corpus, task: task, slice: 0..<corpus.rows,
                                    depth: resolved.searchDepth)
        clock.lap("dedupe_and_search")
        let positives = positives(task: task, queries: queries, corpus: corpus)
        clock.lap("positives")
        return select(lists: candidates.lists, positives: positives, task: task, corpus: corpus, resolved: resolved,
                      corpusRows: corpus.rows, duplicateRows: candidates.duplicates.duplicateCount, clock: clock)
    }

    /// Stages 1–3 on one corpus slice: what a shard writes to its partial file.
    public func searchShard(queries: EmbeddingMatrix, corpus: EmbeddingMatrix, task: RetrievalTask,
                            shard: CorpusShard) throws -> ShardCandidates {
        let resolved = try check(queries: queries, corpus: corpus, task: task)
        let slice = shard.slice(ofRows: corpus.rows)
        corpus.adviseSequential(rows: slice)
        try checkReadRows(queries: queries, corpus: corpus, task: task, slice: slice)
        let outcome = try search(queries: queries, corpus: corpus, task: task, slice: slice, depth: resolved.searchDepth)
        return ShardCandidates(shard: shard, slice: slice, corpusRows: corpus.rows, dimension: corpus.dimension,
                               rangeMax: resolved.rangeMax, maxPositives: resolved.maxPositives,
                               collapsesIdenticalVectors: options.collapseIdenticalVectors,
                               duplicateRows: outcome.duplicates.duplicateCount, lists: outcome.lists,
                               positives: positives(task: task, queries: queries, corpus: corpus))
    }

    /// Stages 4–5 on the union of shard partial files.
    ///
    /// The parts must cover the corpus exactly once and have been searched at least as
    /// deep as these options need. Reads one query record at a time from every part, so
    /// memory is O(queries × depth) whatever the corpus size.
    /// - Parameters:
    ///   - corpus: needed only for `dedupeThreshold` (cosines between negatives).
    ///   - progress: told how many queries are combined (stage `merge`, unit `queries`).
    public func merge(parts: [String], task: RetrievalTask, corpus: EmbeddingMatrix?,
                      progress: ProgressReporter = .silent) throws -> RetrievalMiningResult {
        var clock = StageClock()
        let corpusRows = try corpus?.rows ?? parts.first.map { try PartialCandidateFile.corpusRows(of: $0) }
        let resolved = try options.resolved(maxPositives: task.maxPositives, corpusRows: corpusRows)
        if options.dedupeThreshold != nil, corpus == nil {
            throw RetrievalMiningFailure.option("\(InvalidInput.named("dedupeThreshold")) needs the corpus embeddings when merging: add \(InvalidInput.named("corpus")) C.npy")
        }
        let combined = try PartialCandidateFile.combine(parts: parts, task: task, depth: resolved.searchDepth,
                                                        corpusDimension: corpus?.dimension,
                                                        collapseIdenticalVectors: options.collapseIdenticalVectors,
                                                        progress: progress)
        clock.lap("read_parts")
        return select(lists: combined.lists, positives: combined.positives, task: task, corpus: corpus,
                      resolved: resolved, corpusRows: combined.corpusRows, duplicateRows: combined.duplicateRows,
                      clock: clock)
    }

    /// The NaN/infinity check of exactly the rows a run reads — the task's query rows, the
    /// corpus slice and the positives' rows — for matrices loaded with `checkingFinite: false`
    /// (a shard or block must not read the whole file). ``searchShard`` always runs it;
    /// ``mine`` callers run it when they loaded lazily.
    public func checkReadRows(queries: EmbeddingMatrix, corpus: EmbeddingMatrix, task: RetrievalTask,
                              slice: Range<Int>? = nil) throws {
        try queries.checkFinite(rows: task.queryRows.filter { $0 < queries.rows })
        try corpus.checkFinite(rows: slice ?? 0..<corpus.rows)
        try corpus.checkFinite(rows: Set(task.positives.joined()).filter { $0 < corpus.rows }.sorted())
    }

    // MARK: - Stages

    func check(queries: EmbeddingMatrix, corpus: EmbeddingMatrix, task: RetrievalTask) throws -> ResolvedRetrievalMiningOptions {
        guard queries.dimension == corpus.dimension else {
            throw RetrievalMiningFailure("dimension mismatch: \(queries.source) has \(queries.dimension) columns but \(corpus.source) has \(corpus.dimension); both must come from the same embedding model",
                                         kind: .dataError)
        }
        // An empty query block is legitimate (more blocks than queries): it mines nothing.
        guard !task.queryRows.isEmpty || task.block != nil else {
            throw RetrievalMiningFailure("no (query, positive) pairs to mine", kind: .dataError)
        }
        if let bad = task.queryRows.first(where: { $0 >= queries.rows }) {
            throw RetrievalMiningFailure("query row \(bad) is out of range: \(queries.source) has \(queries.rows) rows", kind: .dataError)
        }
        if let bad = task.positives.joined().first(where: { $0 >= corpus.rows }) {
            throw RetrievalMiningFailure("positive row \(bad) is out of range: \(corpus.source) has \(corpus.rows) rows", kind: .dataError)
        }
        if let count = task.queryLabels.count, count != queries.rows {
            throw RetrievalMiningFailure("the query id/text file names \(count) rows but \(queries.source) has \(queries.rows)", kind: .dataError)
        }
        if let count = task.corpusLabels.count, count != corpus.rows {
            throw RetrievalMiningFailure("the corpus id/text file names \(count) rows but \(corpus.source) has \(corpus.rows)", kind: .dataError)
        }
        return try options.resolved(maxPositives: task.maxPositives, corpusRows: corpus.rows)
    }

    func search(queries: EmbeddingMatrix, corpus: EmbeddingMatrix, task: RetrievalTask, slice: Range<Int>,
                        depth: Int) throws -> CandidateSearch.Outcome {
        let d = queries.dimension
        var gathered = [Float](repeating: 0, count: task.queryRows.count * d)
        gathered.withUnsafeMutableBufferPointer { buffer in
            for (i, row) in task.queryRows.enumerated() {
                let source = queries.row(row)
                for c in 0..<d { buffer[i * d + c] = source[c] }
            }
        }
        return try gathered.withUnsafeBufferPointer { q in
            try CandidateSearch.run(queries: q, queryCount: task.queryRows.count, corpus: corpus, slice: slice,
                                    depth: depth, texts: task.corpusLabels.texts,
                                    collapseVectors: options.collapseIdenticalVectors, searcher: searcher)
        }
    }

    /// Every query's positives with their scores and duplicate keys.
    func positives(task: RetrievalTask, queries: EmbeddingMatrix, corpus: EmbeddingMatrix) -> [[PositiveCandidate]] {
        let texts = task.corpusLabels.texts
        let byVector = options.collapseIdenticalVectors
        return zip(task.queryRows, task.positives).map { queryRow, rows in
            rows.map { row in
                PositiveCandidate(row: row, score: VectorMath.dot(queries.row(queryRow), corpus.row(row)),
                                  keys: DuplicateKeys.of(row: row, corpus: corpus, texts: texts, byVector: byVector))
            }
        }
    }

    func select(lists: CandidateLists, positives: [[PositiveCandidate]], task: RetrievalTask,
                        corpus: EmbeddingMatrix?, resolved: ResolvedRetrievalMiningOptions, corpusRows: Int,
                        duplicateRows: Int, clock: StageClock) -> RetrievalMiningResult {
        var clock = clock
        let n = task.queryRows.count
        let chunk = 1024
        let chunks = (n + chunk - 1) / chunk
        var selections = [QuerySelection?](repeating: nil, count: n)
        var chunkCounters = [SelectionCounters](repeating: SelectionCounters(), count: chunks)
        selections.withUnsafeMutableBufferPointer { out in
            chunkCounters.withUnsafeMutableBufferPointer { counters in
                let out = SharedPointer(out.baseAddress!), counters = SharedPointer(counters.baseAddress!)
                // Each chunk writes its own selections and counters, summed in chunk order below.
                parallelFor(chunks, threads: threads == 0 ? activeCoreCount() : threads) { c in
                    var local = SelectionCounters()
                    for q in (c * chunk)..<min(n, (c + 1) * chunk) {
                        out.base[q] = NegativeSelection.select(
                            query: q, queryRow: task.queryRows[q], lists: lists, positives: positives[q],
                            options: resolved, corpus: corpus, counters: &local)
                    }
                    counters.base[c] = local
                }
            }
        }
        var counters = SelectionCounters()
        for c in chunkCounters { counters.add(c) }
        let chosen = selections.map { $0! }
        clock.lap("select")
        let scores = RetrievalRows.build(task: task, selections: chosen, options: resolved, emitting: false) { _ in }
        var shortfalls: [ShortfallReason: Int] = [:]
        for s in chosen { if let r = s.shortfall { shortfalls[r, default: 0] += 1 } }
        let positiveScores = chosen.flatMap { $0.positives.map(\.score) }
        var warnings: [String] = []
        if options.includePositives, options.outputFormat != .nTuple, options.outputFormat != .nTupleScores {
            warnings.append("\(InvalidInput.named("includePositives")) forces the n-tuple output format (as the reference does), so the ranking order is kept")
        }
        let report = RetrievalMiningReport(
            options: resolved, queryCount: n, pairCount: task.pairCount, corpusRows: corpusRows,
            duplicateRows: duplicateRows, rows: scores.rows, maximumRows: scores.maximumRows,
            positiveScores: ScoreSummary(positiveScores), negativeScores: ScoreSummary(scores.negatives),
            differences: ScoreSummary(scores.differences), counters: counters, shortfalls: shortfalls,
            suspectCount: chosen.reduce(0) { $0 + $1.suspects.count }, timings: [], warnings: warnings,
            blockScoreLists: task.block == nil ? nil
                : .init(positives: positiveScores, negatives: scores.negatives, differences: scores.differences))
        clock.lap("statistics")
        var result = RetrievalMiningResult(task: task, options: resolved, selections: chosen, report: report)
        result.report.timings = clock.laps
        return result
    }
}

/// Wall-clock time per pipeline stage.
struct StageClock {
    private let clock = ContinuousClock()
    private var last: ContinuousClock.Instant
    private(set) var laps: [(stage: String, seconds: Double)] = []

    init() { last = clock.now }

    mutating func lap(_ stage: String) {
        let now = clock.now
        laps.append((stage, (now - last).seconds))
        last = now
    }
}
