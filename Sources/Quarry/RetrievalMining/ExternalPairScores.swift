/// Scores of (query, passage) pairs from outside Quarry — a cross-encoder, a reranking
/// service, a file — read from JSONL `{"query_id": …, "corpus_id": …, "score": …}`.
public struct ExternalPairScores: Sendable {
    private var scores: [Int: [Int: Float]]   // task query index → corpus row → score

    /// The score of task query `q` against corpus `row`, if given.
    public func score(query q: Int, row: Int) -> Float? { scores[q]?[row] }

    /// Reads a scores file for `task` (ids resolve as in the pairs file).
    /// - Parameter progress: told how many bytes are parsed (stage `reading`, unit `bytes`).
    /// - Throws: ``RetrievalMiningFailure`` naming the line and key of an unknown id, a
    ///   non-finite score, or a pair given twice with different scores.
    public static func read(path: String, task: RetrievalTask, progress: ProgressReporter = .silent) throws -> ExternalPairScores {
        let queryIndex = task.queryLabels.rowIndex, corpusIndex = task.corpusLabels.rowIndex
        var position: [Int: Int] = [:]
        for (q, row) in task.queryRows.enumerated() { position[row] = q }
        var scores: [Int: [Int: Float]] = [:]
        try RetrievalJSONLines.forEachValue(in: path, progress: progress) { line, value in
            guard case .object = value else {
                throw RetrievalMiningFailure.data(path, line: line, "expected a JSON object {\"query_id\": …, \"corpus_id\": …, \"score\": …}")
            }
            let queryRow = try RetrievalRowIDs.row(value["query_id"], index: queryIndex, path: path, line: line, key: "query_id")
            let row = try RetrievalRowIDs.row(value["corpus_id"], index: corpusIndex, path: path, line: line, key: "corpus_id")
            guard case .number(let s)? = value["score"], s.isFinite, Float(s).isFinite else {
                throw RetrievalMiningFailure.data(path, line: line, key: "score", "expected a finite number")
            }
            guard let q = position[queryRow] else { return }   // a query outside the task is not needed
            if let earlier = scores[q]?[row], earlier != Float(s) {
                throw RetrievalMiningFailure.data(path, line: line, key: "score", "this pair was already scored \(earlier)")
            }
            scores[q, default: [:]][row] = Float(s)
        }
        return ExternalPairScores(scores: scores)
    }
}
