/// The negatives chosen for every query, with the run's report; writes the training rows
/// and the suspects file.
public struct RetrievalMiningResult: Sendable {
    /// The queries, positives and row names mined.
    public let task: RetrievalTask
    /// The options used.
    public let options: ResolvedRetrievalMiningOptions
    /// One selection per query of ``task``.
    public let selections: [QuerySelection]
    /// Statistics, filter counts, shortfalls, timings.
    public var report: RetrievalMiningReport

    /// The output rows as JSONL text lines (no trailing newline each).
    public func rowLines() -> [String] {
        var lines: [String] = []
        _ = RetrievalRows.build(task: task, selections: selections, options: options) { row in
            var bytes: [UInt8] = []
            JSONLineEncoder.append(row, to: &bytes)
            lines.append(String(decoding: bytes, as: UTF8.self))
        }
        return lines
    }

    /// Writes the rows as JSONL to `path` atomically (nothing appears on failure).
    public func writeRows(to path: String) throws {
        let file = try AtomicFile(path: path)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 21)
        try RetrievalRows.build(task: task, selections: selections, options: options) { row in
            JSONLineEncoder.append(row, to: &buffer)
            buffer.append(0x0A)
            if buffer.count >= 1 << 20 { try file.write(buffer); buffer.removeAll(keepingCapacity: true) }
        }
        try file.write(buffer)
        try file.commit()
    }

    /// The suspected false negatives as JSONL rows: query and candidate ids (and texts when
    /// known), the candidate's score and rank, the query's lowest positive and its score,
    /// and the reason.
    public func suspectLines() -> [String] {
        var lines: [String] = []
        for (q, selection) in selections.enumerated() where !selection.suspects.isEmpty {
            let queryRow = task.queryRows[q]
            guard let floor = selection.positives.min(by: { $0.score < $1.score }) else { continue }
            for s in selection.suspects {
                var members: [(String, JSONValue)] = [
                    ("query_id", task.queryLabels.identifier(queryRow)),
                    ("candidate_id", task.corpusLabels.identifier(s.row)),
                    ("candidate_score", .number(Double(s.score))), ("candidate_rank", .number(Double(s.rank))),
                    ("positive_id", task.corpusLabels.identifier(floor.row)),
                    ("positive_score", .number(Double(floor.score))),
                    ("reason", .string(s.reason)),
                ]
                if case .texts = task.queryLabels { members.append(("query", task.queryLabels.value(queryRow))) }
                if case .texts = task.corpusLabels {
                    members.append(("candidate", task.corpusLabels.value(s.row)))
                    members.append(("positive", task.corpusLabels.value(floor.row)))
                }
                var bytes: [UInt8] = []
                JSONLineEncoder.append(.object(members), to: &bytes)
                lines.append(String(decoding: bytes, as: UTF8.self))
            }
        }
        return lines
    }

    /// Writes ``suspectLines()`` to `path` atomically.
    public func writeSuspects(to path: String) throws {
        let file = try AtomicFile(path: path)
        var buffer: [UInt8] = []
        for line in suspectLines() { buffer += Array(line.utf8); buffer.append(0x0A) }
        try file.write(buffer)
        try file.commit()
    }
}
