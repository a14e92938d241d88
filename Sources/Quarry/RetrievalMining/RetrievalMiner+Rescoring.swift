/// Two-stage mining: dense search → the candidate pool → external scores → selection, as
/// sentence-transformers' `mine_hard_negatives` does with a `cross_encoder` (it rescores the
/// window when a margin or `max_score` is set).
extension RetrievalMiner {
    /// Stage 1: every query's dense search window and positives (``CandidatePool``).
    /// - Complexity: the search of ``mine(queries:corpus:task:)``; O(queries × searchDepth) output.
    public func candidatePool(queries: EmbeddingMatrix, corpus: EmbeddingMatrix, task: RetrievalTask) throws -> CandidatePool {
        let resolved = try check(queries: queries, corpus: corpus, task: task)
        let lists = try search(queries: queries, corpus: corpus, task: task, slice: 0..<corpus.rows,
                               depth: resolved.searchDepth).lists
        let positives = positives(task: task, queries: queries, corpus: corpus)
        return CandidatePool(entries: positives.enumerated().map { q, positiveList in
            var entries: [CandidatePool.Entry] = []
            var seen = Set<Int>()
            for (rank, slot) in lists.slots(ofQuery: q).enumerated() where lists.rows[slot] >= 0 {
                let row = lists.rows[slot], key = lists.keys[slot]
                let isPositive = positiveList.contains { $0.row == row || $0.keys.matches(key) }
                entries.append(.init(rank: rank, row: row, denseScore: lists.scores[slot], isPositive: isPositive))
                seen.insert(row)
            }
            for p in positiveList where !seen.contains(p.row) {
                entries.append(.init(rank: nil, row: p.row, denseScore: p.score, isPositive: true))
            }
            return entries
        })
    }

    /// Stage 2: selects negatives from `pool` under the reference's rules with `score(q, row)`
    /// in place of the dense score — for the window and for the positives (margins are taken
    /// against the query's lowest rescored positive). The window is re-ranked by the new
    /// score (ties by lower corpus row); pool entries flagged positive stay masked.
    /// - Parameters:
    ///   - score: the external score of (task query `q`, corpus row), or `nil` when missing.
    ///   - corpus: needed only for `dedupeThreshold`.
    /// - Throws: ``RetrievalMiningFailure`` when a pair has no score, or when
    ///   `dedupeThreshold` is set without `corpus`.
    public func selectRescored(pool: CandidatePool, task: RetrievalTask, corpus: EmbeddingMatrix? = nil,
                               score: (Int, Int) -> Float?) throws -> RetrievalMiningResult {
        var clock = StageClock()
        let resolved = try options.resolved(maxPositives: task.maxPositives)
        if options.dedupeThreshold != nil, corpus == nil {
            throw RetrievalMiningFailure.option("dedupeThreshold needs the corpus embeddings at selection")
        }
        precondition(pool.entries.count == task.queryRows.count, "one pool list per task query")
        let depth = max(pool.depth, 1)
        var lists = CandidateLists(queryCount: task.queryRows.count, depth: depth)
        var positives: [[PositiveCandidate]] = []
        func missing(_ q: Int, _ row: Int) -> RetrievalMiningFailure {
            RetrievalMiningFailure("no score for query \(task.queryLabels.identifier(task.queryRows[q]).serialized()) and corpus \(task.corpusLabels.identifier(row).serialized()); score every pair of the pool", kind: .dataError)
        }
        for q in 0..<task.queryRows.count {
            // Positive keys are unique per row; a flagged duplicate borrows its query's first positive's key.
            let positiveList = try task.positives[q].map { row -> PositiveCandidate in
                guard let s = score(q, row) else { throw missing(q, row) }
                return PositiveCandidate(row: row, score: s, keys: DuplicateKeys(vector: UInt64(row) &+ 1, text: 0))
            }
            positives.append(positiveList)
            var window: [(row: Int, score: Float, keys: DuplicateKeys)] = []
            for entry in pool.entries[q] where entry.rank != nil {
                guard let s = score(q, entry.row) else { throw missing(q, entry.row) }
                let keys = entry.isPositive && !task.positives[q].contains(entry.row)
                    ? positiveList[0].keys : DuplicateKeys(vector: UInt64(entry.row) &+ 1, text: 0)
                window.append((entry.row, s, keys))
            }
            window.sort { CandidateLists.ranksBefore($0.score, $0.row, $1.score, $1.row) }
            for (i, candidate) in window.enumerated() {
                let slot = q * depth + i
                lists.rows[slot] = candidate.row
                lists.scores[slot] = candidate.score
                lists.keys[slot] = candidate.keys
            }
        }
        clock.lap("read_scores")
        var result = select(lists: lists, positives: positives, task: task, corpus: corpus, resolved: resolved,
                            corpusRows: corpus?.rows ?? 0, duplicateRows: 0, clock: clock)
        if pool.depth < resolved.searchDepth {
            result.report.warnings.append("the pool holds at most \(pool.depth) candidates per query but these options search range_max + max positives = \(resolved.searchDepth): selections match a one-stage run only when the corpus has no more candidates")
        }
        return result
    }
}
