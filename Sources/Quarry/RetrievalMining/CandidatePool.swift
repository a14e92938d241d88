/// Each query's dense candidate window, written out so that another scorer (a cross-encoder,
/// vLLM, TEI, a file of scores) can rescore it before selection — the two-stage form of
/// sentence-transformers' `mine_hard_negatives(cross_encoder=…)`.
///
/// Per query (task order): its best `rangeMax + maxPositives` distinct candidates by dense
/// score (the search window the reference rescores), each flagged when it is a positive or a
/// duplicate of one, then its positives that fell outside the window (rank `nil`).
///
/// File form (JSONL, one pair a line, keyed by ids — row numbers when no id/text file is given):
/// `{"query_id": …, "rank": 0, "corpus_id": …, "dense_score": 0.71, "is_positive": false}`.
public struct CandidatePool: Sendable, Equatable {
    /// One (query, passage) pair of the pool.
    public struct Entry: Sendable, Equatable {
        /// Position in the query's dense window (0 = best), `nil` for a positive outside it.
        public var rank: Int?
        /// Global corpus row.
        public var row: Int
        /// The dense (inner-product) score.
        public var denseScore: Float
        /// Whether it is a positive of the query or a duplicate of one (masked at selection).
        public var isPositive: Bool

        public init(rank: Int?, row: Int, denseScore: Float, isPositive: Bool) {
            self.rank = rank
            self.row = row
            self.denseScore = denseScore
            self.isPositive = isPositive
        }
    }

    /// Per query in task order: window entries by rank, then positives outside the window.
    public var entries: [[Entry]]

    public init(entries: [[Entry]]) {
        self.entries = entries
    }

    /// The longest window of any query.
    public var depth: Int { entries.map { $0.filter { $0.rank != nil }.count }.max() ?? 0 }

    /// Writes the pool as JSONL to `path` atomically.
    public func write(to path: String, task: RetrievalTask) throws {
        let file = try AtomicFile(path: path)
        var buffer: [UInt8] = []
        for (q, list) in entries.enumerated() {
            let query = task.queryLabels.identifier(task.queryRows[q])
            for entry in list {
                let row: JSONValue = .object([
                    ("query_id", query), ("rank", entry.rank.map { .number(Double($0)) } ?? .null),
                    ("corpus_id", task.corpusLabels.identifier(entry.row)),
                    ("dense_score", .number(Double(entry.denseScore))), ("is_positive", .bool(entry.isPositive)),
                ])
                JSONLineEncoder.append(row, to: &buffer)
                buffer.append(0x0A)
            }
            if buffer.count >= 1 << 20 { try file.write(buffer); buffer.removeAll(keepingCapacity: true) }
        }
        try file.write(buffer)
        try file.commit()
    }

    /// Reads a pool written by ``write(to:task:)`` for the same task (pairs and id/text files).
    /// - Parameter progress: told how many bytes are parsed (stage `reading`, unit `bytes`).
    /// - Throws: ``RetrievalMiningFailure`` naming the line and key of an unknown id, a query
    ///   not in the task, a missing key, or a task query the pool lacks.
    public static func read(path: String, task: RetrievalTask, progress: ProgressReporter = .silent) throws -> CandidatePool {
        let queryIndex = task.queryLabels.rowIndex, corpusIndex = task.corpusLabels.rowIndex
        var position: [Int: Int] = [:]
        for (q, row) in task.queryRows.enumerated() { position[row] = q }
        var entries = [[Entry]](repeating: [], count: task.queryRows.count)
        try RetrievalJSONLines.forEachValue(in: path, progress: progress) { line, value in
            guard case .object = value else {
                throw RetrievalMiningFailure.data(path, line: line, "expected a JSON object {\"query_id\", \"rank\", \"corpus_id\", \"dense_score\", \"is_positive\"}")
            }
            let queryRow = try RetrievalRowIDs.row(value["query_id"], index: queryIndex, path: path, line: line, key: "query_id")
            let corpusRow = try RetrievalRowIDs.row(value["corpus_id"], index: corpusIndex, path: path, line: line, key: "corpus_id")
            guard let q = position[queryRow] else {
                throw RetrievalMiningFailure.data(path, line: line, key: "query_id", "query \(value["query_id"]!.serialized()) has no positive in the pairs; write the pool and select with the same pairs")
            }
            let rank: Int?
            switch value["rank"] {
            case .null?: rank = nil
            case .number(let d)? where d >= 0 && d == d.rounded(): rank = Int(d)
            default: throw RetrievalMiningFailure.data(path, line: line, key: "rank", "expected a rank (0, 1, …) or null")
            }
            guard case .number(let score)? = value["dense_score"], score.isFinite else {
                throw RetrievalMiningFailure.data(path, line: line, key: "dense_score", "expected a finite number")
            }
            guard case .bool(let isPositive)? = value["is_positive"] else {
                throw RetrievalMiningFailure.data(path, line: line, key: "is_positive", "expected true or false")
            }
            entries[q].append(Entry(rank: rank, row: corpusRow, denseScore: Float(score), isPositive: isPositive))
        }
        if let missing = entries.firstIndex(where: { $0.isEmpty }) {
            throw RetrievalMiningFailure.data(path, "has no candidates for query \(task.queryLabels.identifier(task.queryRows[missing]).serialized()); write the pool with the same pairs")
        }
        return CandidatePool(entries: entries)
    }
}

/// Resolving the ids of retrieval files to matrix rows.
enum RetrievalRowIDs {
    /// The row `value` names: looked up in `index` when given, else a row number.
    static func row(_ value: JSONValue?, index: [String: Int]?, path: String, line: Int, key: String) throws -> Int {
        guard let value else { throw RetrievalMiningFailure.data(path, line: line, key: key, "missing") }
        guard let id = RetrievalJSONLines.identifier(value) else {
            throw RetrievalMiningFailure.data(path, line: line, key: key, "expected a string id or a row number, found \(value.serialized())")
        }
        if let index {
            guard let row = index[id.text] else { throw RetrievalMiningFailure.data(path, line: line, key: key, "unknown id \(id.display)") }
            return row
        }
        guard case .int(let row) = id, row >= 0 else {
            throw RetrievalMiningFailure.data(path, line: line, key: key, "expected a row number (no id or text file was given), found \(id.display)")
        }
        return row
    }
}

extension RowLabels {
    /// Id → row, or `nil` when rows are named by their numbers.
    var rowIndex: [String: Int]? {
        switch self {
        case .rowNumbers: return nil
        case .ids(let ids), .texts(let ids, _):
            var index: [String: Int] = [:]
            for (row, id) in ids.enumerated() where index[id] == nil { index[id] = row }
            return index
        }
    }
}
