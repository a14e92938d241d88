/// Turns selections into output rows in the reference's column layout and order, and
/// collects the score lists its statistics are computed from.
///
/// Columns: `anchor`, `positive`, then `negative` (triplet), `negative_1…negative_n`
/// (n-tuple), `label`/`score` (labeled-pair, where `positive` holds the document) or
/// `labels`/`scores` (labeled-list, where `positive` holds the document list); `scores`
/// when scores are requested. Values are texts when text files were given, else ids.
enum RetrievalRows {
    /// Score lists behind the statistics, as the reference computes them per format.
    struct Scores {
        var negatives: [Float] = []
        var differences: [Float] = []
        var rows = 0
        var maximumRows = 0

        /// Adds each negative's score, and the positive's lead over it, to the lists.
        mutating func record(positive: Float, _ chosen: [(row: Int, score: Float)]) {
            for negative in chosen {
                negatives.append(negative.score)
                differences.append(positive - negative.score)
            }
        }
    }

    /// Emits every row (when `emitting`) and returns the statistics' score lists.
    static func build(task: RetrievalTask, selections: [QuerySelection], options: ResolvedRetrievalMiningOptions,
                      emitting: Bool = true, emit: (JSONValue) throws -> Void) rethrows -> Scores {
        var s = Scores()
        let n = options.options.numNegatives
        let withScores = options.includeScores
        let anchorOf = { (q: Int) in task.queryLabels.value(task.queryRows[q]) }
        let doc = { (row: Int) in task.corpusLabels.value(row) }
        func number(_ x: Float) -> JSONValue { .number(Double(x)) }
        for (q, selection) in selections.enumerated() {
            let negatives = selection.negatives
            switch options.format {
            case .triplet:
                s.maximumRows += selection.positives.count * n
                for p in selection.positives {
                    s.record(positive: p.score, negatives)
                    s.rows += negatives.count
                    guard emitting else { continue }
                    for negative in negatives {
                        var members: [(String, JSONValue)] = [("anchor", anchorOf(q)), ("positive", doc(p.row)),
                                                              ("negative", doc(negative.row))]
                        if withScores { members.append(("scores", .array([number(p.score), number(negative.score)]))) }
                        try emit(.object(members))
                    }
                }
            case .nTuple, .nTupleScores:
                s.maximumRows += selection.positives.count
                guard negatives.count == n else { continue }
                for p in selection.positives {
                    s.record(positive: p.score, negatives)
                    s.rows += 1
                    guard emitting else { continue }
                    var members: [(String, JSONValue)] = [("anchor", anchorOf(q)), ("positive", doc(p.row))]
                    for (i, negative) in negatives.enumerated() { members.append(("negative_\(i + 1)", doc(negative.row))) }
                    if withScores { members.append(("scores", .array([number(p.score)] + negatives.map { number($0.score) }))) }
                    try emit(.object(members))
                }
            case .labeledPair:
                s.maximumRows += selection.positives.count + n
                for p in selection.positives {
                    s.record(positive: p.score, negatives)
                }
                s.rows += selection.positives.count + negatives.count
                guard emitting else { continue }
                for p in selection.positives {
                    try emit(.object([("anchor", anchorOf(q)), ("positive", doc(p.row)),
                                      withScores ? ("score", number(p.score)) : ("label", 1)]))
                }
                for negative in negatives {
                    try emit(.object([("anchor", anchorOf(q)), ("positive", doc(negative.row)),
                                      withScores ? ("score", number(negative.score)) : ("label", 0)]))
                }
            case .labeledList:
                s.maximumRows += selection.positives.count
                guard !negatives.isEmpty else { continue }
                for p in selection.positives {
                    s.record(positive: p.score, negatives)
                    s.rows += 1
                    guard emitting else { continue }
                    let documents = JSONValue.array([doc(p.row)] + negatives.map { doc($0.row) })
                    let tail: (String, JSONValue) = withScores
                        ? ("scores", .array([number(p.score)] + negatives.map { number($0.score) }))
                        : ("labels", .array([1] + negatives.map { _ in 0 }))
                    try emit(.object([("anchor", anchorOf(q)), ("positive", documents), tail]))
                }
            }
        }
        return s
    }
}
