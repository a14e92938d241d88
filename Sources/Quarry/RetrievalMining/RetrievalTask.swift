/// The queries to mine and their positives, resolved to matrix rows, plus how to name rows
/// in the output.
///
/// Queries keep the order of their first appearance in the pairs file and a query's
/// positives keep theirs, as the reference orders its output. A repeated pair counts once.
public struct RetrievalTask: Sendable {
    /// Query rows to mine, each once, in order of first appearance in the pairs.
    public let queryRows: [Int]
    /// For each entry of ``queryRows``, its positive corpus rows (no repeats).
    public let positives: [[Int]]
    /// How query rows are written in the output.
    public let queryLabels: RowLabels
    /// How corpus rows are written in the output; its texts also define text duplicates.
    public let corpusLabels: RowLabels
    /// The query block this task is restricted to (``restricted(to:)``), or `nil` for every query.
    public let block: QueryBlock?
    /// The largest number of positives of any query of the whole task, before any
    /// restriction to a block: the default `rangeMax` and the search depth derive from it, so
    /// every block searches and selects exactly as a run on every query does.
    public let maxPositives: Int

    /// Builds a task from resolved rows; `positives[i]` belongs to `queryRows[i]`.
    public init(queryRows: [Int], positives: [[Int]], queryLabels: RowLabels = .rowNumbers, corpusLabels: RowLabels = .rowNumbers) {
        precondition(queryRows.count == positives.count, "one positive list per query")
        self.queryRows = queryRows
        self.positives = positives
        self.queryLabels = queryLabels
        self.corpusLabels = corpusLabels
        self.block = nil
        self.maxPositives = positives.map(\.count).max() ?? 0
    }

    private init(restricting task: RetrievalTask, to block: QueryBlock) {
        let range = block.range(ofQueries: task.queryRows.count)
        queryRows = Array(task.queryRows[range])
        positives = Array(task.positives[range])
        queryLabels = task.queryLabels
        corpusLabels = task.corpusLabels
        self.block = block
        maxPositives = task.maxPositives
    }

    /// The queries of `block` (in task order) with their positives; row labels and
    /// ``maxPositives`` stay those of the whole task. The block may be empty.
    /// - Precondition: the task is not already restricted.
    public func restricted(to block: QueryBlock) -> RetrievalTask {
        precondition(self.block == nil, "a task is restricted to a query block once")
        return RetrievalTask(restricting: self, to: block)
    }

    /// The number of (query, positive) pairs.
    public var pairCount: Int { positives.reduce(0) { $0 + $1.count } }
}

/// How the rows of a matrix are named in output files.
public enum RowLabels: Sendable {
    /// The 0-based row number.
    case rowNumbers
    /// One id per row (from an id file).
    case ids([String])
    /// One id and one text per row (from a text file); the text is written.
    case texts(ids: [String], texts: [String])

    /// The output value for `row`: its text, its id, or its number.
    func value(_ row: Int) -> JSONValue {
        switch self {
        case .rowNumbers: .number(Double(row))
        case .ids(let ids): .string(ids[row])
        case .texts(_, let texts): .string(texts[row])
        }
    }

    /// The identifier of `row` (id or row number), for suspects and partial files.
    func identifier(_ row: Int) -> JSONValue {
        switch self {
        case .rowNumbers: .number(Double(row))
        case .ids(let ids), .texts(let ids, _): .string(ids[row])
        }
    }

    /// The texts, if any.
    var texts: [String]? {
        if case .texts(_, let texts) = self { return texts }
        return nil
    }

    /// Number of rows named, or nil for row numbers.
    var count: Int? {
        switch self {
        case .rowNumbers: nil
        case .ids(let ids), .texts(let ids, _): ids.count
        }
    }
}
