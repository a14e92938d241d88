/// What a retrieval mining run did: its parameters, inputs, score distributions, what each
/// filter skipped, who got too few negatives and why, and how long each stage took.
public struct RetrievalMiningReport: Sendable {
    /// The validated options.
    public var options: ResolvedRetrievalMiningOptions
    /// Queries mined (distinct queries in the pairs).
    public var queryCount: Int
    /// (query, positive) pairs.
    public var pairCount: Int
    /// Corpus rows searched (all shards together).
    public var corpusRows: Int
    /// Corpus rows that duplicate an earlier row (identical vector or text); never searched.
    /// Counted within each shard when merging.
    public var duplicateRows: Int
    /// Output rows written, and the most the format could have produced.
    public var rows: Int
    public var maximumRows: Int
    public var positiveScores: ScoreSummary
    public var negativeScores: ScoreSummary
    public var differences: ScoreSummary
    public var counters: SelectionCounters
    /// Queries with fewer negatives than asked, by reason.
    public var shortfalls: [ShortfallReason: Int]
    /// Suspected false negatives found.
    public var suspectCount: Int
    /// Seconds per stage, in pipeline order.
    public var timings: [(stage: String, seconds: Double)]
    /// Things the user should know (e.g. an option the reference overrides).
    public var warnings: [String]
    /// For a query block (``RetrievalTask/block``): the sorted score lists behind the three
    /// summaries, so blocks combine exactly; `nil` for a run on every query.
    public var blockScoreLists: ScoreLists? = nil

    /// Queries with fewer negatives than asked.
    public var queriesShort: Int { shortfalls.values.reduce(0, +) }

    /// The report as JSON (snake_case keys, parameters included).
    public var json: JSONValue {
        let o = options.options
        var sampling: [(String, JSONValue)] = [("strategy", "top")]
        if case .random(let seed) = o.sampling { sampling = [("strategy", "random"), ("seed", .number(Double(seed)))] }
        func opt(_ x: Float?) -> JSONValue { x.map { .number(Double($0)) } ?? .null }
        let parameters: JSONValue = .object([
            ("num_negatives", .number(Double(o.numNegatives))), ("range_min", .number(Double(o.rangeMin))),
            ("range_max", .number(Double(options.rangeMax))), ("range_max_derived", .bool(options.rangeMaxWasDerived)),
            ("min_score", opt(o.minScore)), ("max_score", opt(o.maxScore)),
            ("absolute_margin", opt(o.absoluteMargin)), ("relative_margin", opt(o.relativeMargin)),
            ("sampling", .object(sampling)), ("output_format", .string(options.format.rawValue)),
            ("include_scores", .bool(options.includeScores)), ("include_positives", .bool(o.includePositives)),
            ("dedupe_threshold", opt(o.dedupeThreshold)),
            ("collapse_identical_vectors", .bool(o.collapseIdenticalVectors)),
            ("search_depth", .number(Double(options.searchDepth))),
        ])
        let c = counters
        let skipped: JSONValue = .object([
            ("candidates", .number(Double(c.candidates))), ("positives_masked", .number(Double(c.positivesMasked))),
            ("absolute_margin", .number(Double(c.absoluteMargin))), ("relative_margin", .number(Double(c.relativeMargin))),
            ("max_score", .number(Double(c.maxScore))), ("min_score", .number(Double(c.minScore))),
            ("beyond_range_max", .number(Double(c.beyondRangeMax))), ("range_min", .number(Double(c.rangeMin))),
            ("dedupe_threshold", .number(Double(c.dedupeThreshold))),
        ])
        let reasons: JSONValue = .object(ShortfallReason.allCases.map { ($0.rawValue, .number(Double(shortfalls[$0] ?? 0))) })
        var members: [(String, JSONValue)] = [
            ("quarry_version", .string(Quarry.version)),
            ("command", "mine-retrieval"),
            ("parameters", parameters),
            ("queries", .number(Double(queryCount))), ("pairs", .number(Double(pairCount))),
            ("corpus_rows", .number(Double(corpusRows))), ("duplicate_corpus_rows", .number(Double(duplicateRows))),
            ("rows", .number(Double(rows))), ("maximum_rows", .number(Double(maximumRows))),
            ("positive_scores", positiveScores.json), ("negative_scores", negativeScores.json),
            ("difference_scores", differences.json),
            ("filters", skipped),
            ("chosen_ranks", .array(c.chosenRanks.map { .number(Double($0)) })),
            ("queries_short", .object([("count", .number(Double(queriesShort))), ("by_reason", reasons),
                                       ("rows_missing", .number(Double(maximumRows - rows)))])),
            ("suspects", .number(Double(suspectCount))),
            ("timings_seconds", .object(timings.map { ($0.stage, .number(($0.seconds * 1e6).rounded() / 1e6)) })),
            ("warnings", .array(warnings.map { .string($0) })),
        ]
        if let blockScoreLists { members.append(("block_score_lists", blockScoreLists.json)) }
        return .object(members)
    }

    /// The report as text: the reference's score table, then skip counts, shortfalls, timings.
    public var text: String {
        var lines: [String] = []
        func pad(_ s: String, _ width: Int, left: Bool = false) -> String {
            let padding = String(repeating: " ", count: max(0, width - s.count))
            return left ? s + padding : padding + s
        }
        func row(_ name: String, _ a: String, _ b: String, _ c: String) -> String {
            pad(name, 6, left: true) + " " + pad(a, 14) + " " + pad(b, 14) + " " + pad(c, 14)
        }
        func f(_ x: Double?) -> String { x.map { formatFixed($0, 4) } ?? "-" }
        lines.append("Setting range_max to \(options.rangeMax)\(options.rangeMaxWasDerived ? " (derived)" : ""); search depth \(options.searchDepth).")
        lines.append(row("Metric", "Positive", "Negative", "Difference"))
        lines.append(row("Count", grouped(positiveScores.count), grouped(negativeScores.count), ""))
        let summaries = [positiveScores, negativeScores, differences]
        lines.append(row("Mean", f(summaries[0].mean), f(summaries[1].mean), f(summaries[2].mean)))
        lines.append(row("Median", f(summaries[0].median), f(summaries[1].median), f(summaries[2].median)))
        lines.append(row("Std", f(summaries[0].standardDeviation), f(summaries[1].standardDeviation), f(summaries[2].standardDeviation)))
        lines.append(row("Min", f(summaries[0].minimum), f(summaries[1].minimum), f(summaries[2].minimum)))
        lines.append(row("25%", f(summaries[0].quartile1), f(summaries[1].quartile1), f(summaries[2].quartile1)))
        lines.append(row("50%", f(summaries[0].quartile2), f(summaries[1].quartile2), f(summaries[2].quartile2)))
        lines.append(row("75%", f(summaries[0].quartile3), f(summaries[1].quartile3), f(summaries[2].quartile3)))
        lines.append(row("Max", f(summaries[0].maximum), f(summaries[1].maximum), f(summaries[2].maximum)))
        let c = counters
        let o = options.options
        lines.append("Candidates examined: \(grouped(c.candidates)); positives masked: \(grouped(c.positivesMasked)); duplicate corpus rows skipped: \(grouped(duplicateRows)).")
        for (name, value, count) in [("absolute_margin", o.absoluteMargin, c.absoluteMargin),
                                     ("relative_margin", o.relativeMargin, c.relativeMargin),
                                     ("max_score", o.maxScore, c.maxScore), ("min_score", o.minScore, c.minScore)] {
            guard let value else { continue }
            let ratio = c.candidates > 0 ? Double(count) / Double(c.candidates) * 100 : 0
            lines.append("Skipped \(grouped(count)) potential negatives (\(formatFixed(ratio, 2))%) due to the \(name) of \(value).")
        }
        if c.beyondRangeMax > 0 { lines.append("Left \(grouped(c.beyondRangeMax)) surviving candidates beyond range_max.") }
        if c.rangeMin > 0 { lines.append("Skipped \(grouped(c.rangeMin)) surviving candidates by range_min.") }
        if o.dedupeThreshold != nil { lines.append("Skipped \(grouped(c.dedupeThreshold)) near-duplicate negatives (dedupe_threshold \(o.dedupeThreshold!)).") }
        if queriesShort > 0 {
            let parts = ShortfallReason.allCases.compactMap { r in shortfalls[r].map { "\($0) \(r.rawValue)" } }
            lines.append("\(grouped(queriesShort)) of \(grouped(queryCount)) queries got fewer than \(o.numNegatives) negatives (\(parts.joined(separator: ", "))); \(grouped(maximumRows - rows)) of \(grouped(maximumRows)) possible rows missing.")
        }
        if suspectCount > 0 { lines.append("Suspected false negatives: \(grouped(suspectCount)).") }
        lines.append("Rows written: \(grouped(rows)).")
        lines.append("Timings: " + timings.map { "\($0.stage) \(formatFixed($0.seconds, 3)) s" }.joined(separator: ", "))
        for w in warnings { lines.append("Warning: \(w)") }
        return lines.joined(separator: "\n")
    }
}

/// `x` with `digits` decimals, rounded half away from zero, without Foundation.
func formatFixed(_ x: Double, _ digits: Int) -> String { NumberFormat.fixed(x, digits) }

/// `n` with thousands separators (`8,000`).
func grouped(_ n: Int) -> String {
    let digits = String(abs(n))
    var out = ""
    for (i, ch) in digits.enumerated() {
        if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
        out.append(ch)
    }
    return (n < 0 ? "-" : "") + out
}
