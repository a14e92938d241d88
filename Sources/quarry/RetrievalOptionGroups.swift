import ArgumentParser
import Quarry

/// Selection options shared by `mine-retrieval` and `merge` (sentence-transformers names).
struct RetrievalSelectionOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Negatives per query.")
    var numNegatives: Int = 3
    @Option(parsing: .unconditional, help: "Surviving candidates to skip before sampling.")
    var rangeMin: Int = 0
    @Option(parsing: .unconditional, help: "Candidates to consider per query (default: range-min + num-negatives × (10 with a margin or max-score, else 1) + the most positives of any query).")
    var rangeMax: Int?
    @Option(parsing: .unconditional, help: "Drop candidates scoring below this.")
    var minScore: Float?
    @Option(parsing: .unconditional, help: "Drop candidates scoring above this.")
    var maxScore: Float?
    @Option(parsing: .unconditional, help: "Drop candidates with negative + margin > the query's lowest positive score.")
    var absoluteMargin: Float?
    @Option(parsing: .unconditional, help: "Drop candidates with negative > positive − |positive| × margin.")
    var relativeMargin: Float?
    @Option(help: "top or random.")
    var sampling: String = "top"
    @Option(parsing: .unconditional, help: "Seed for --sampling random.")
    var seed: UInt64 = 0
    @Option(help: "triplet, n-tuple, n-tuple-scores, labeled-pair or labeled-list.")
    var outputFormat: String = "triplet"
    @Flag(help: "Add similarity scores to the rows.")
    var includeScores = false
    @Flag(help: "Keep positives among the candidates (forces n-tuple, as the reference does).")
    var includePositives = false
    @Option(parsing: .unconditional, help: "Drop a negative whose cosine to an already chosen negative of the same query is ≥ this.")
    var dedupeThreshold: Float?
    @Flag(help: "Do not treat corpus rows with identical vectors as one passage (the reference only merges identical texts).")
    var keepDuplicateVectors = false

    /// The library options, with the string choices checked.
    func libraryOptions() throws -> RetrievalMiningOptions {
        var o = RetrievalMiningOptions()
        o.numNegatives = numNegatives
        o.rangeMin = rangeMin
        o.rangeMax = rangeMax
        o.minScore = minScore
        o.maxScore = maxScore
        o.absoluteMargin = absoluteMargin
        o.relativeMargin = relativeMargin
        switch sampling {
        case "top": o.sampling = .top
        case "random": o.sampling = .random(seed: seed)
        default: throw RetrievalMiningFailure("--sampling must be top or random, got '\(sampling)'", kind: .usage)
        }
        guard let format = RetrievalOutputFormat(rawValue: outputFormat) else {
            throw RetrievalMiningFailure("--output-format must be one of \(RetrievalOutputFormat.allCases.map(\.rawValue).joined(separator: ", ")), got '\(outputFormat)'", kind: .usage)
        }
        o.outputFormat = format
        o.includeScores = includeScores
        o.includePositives = includePositives
        o.dedupeThreshold = dedupeThreshold
        o.collapseIdenticalVectors = !keepDuplicateVectors
        return o
    }
}

/// The query and corpus embeddings a dense search reads (`mine-retrieval`, `retrieval-pool`).
struct RetrievalEmbeddingOptions: ParsableArguments {
    @Option(help: "Query embeddings (.npy).")
    var queries: String
    @Option(help: "Corpus embeddings (.npy).")
    var corpus: String
}

/// The corpus embeddings a selection without a search reads only to drop near-duplicate
/// negatives (`merge`, `retrieval-select`).
struct RetrievalDedupeCorpusOptions: ParsableArguments {
    @Option(help: "Corpus embeddings (.npy); needed only with --dedupe-threshold.")
    var corpus: String?
}

/// The files that name queries, positives and corpus rows.
struct RetrievalPairOptions: ParsableArguments {
    @Option(help: "JSONL of {\"query_id\": …, \"positive_id\": …}; ids are row numbers unless id or text files are given.")
    var pairs: String?
    @Option(help: "Positives as relevance judgments instead of --pairs: TREC qrels (query_id iteration doc_id relevance) or BEIR TSV (query-id corpus-id score).")
    var qrels: String?
    @Option(parsing: .unconditional, help: "With --qrels: the least relevance that makes a document a positive.")
    var minRelevance: Int = 1
    @Option(help: "JSONL naming query rows: one id per line (a bare value or {\"id\": …}).")
    var queryIds: String?
    @Option(help: "JSONL naming corpus rows: one id per line.")
    var corpusIds: String?
    @Option(help: "JSONL of {\"id\": …, \"text\": …} per query row; rows are written as texts.")
    var queriesText: String?
    @Option(help: "JSONL of {\"id\": …, \"text\": …} per corpus row; identical texts are one passage.")
    var corpusText: String?

    /// Every file these options name (for the output-is-an-input check).
    var files: [String?] { [pairs, qrels, queryIds, corpusIds, queriesText, corpusText] }

    /// The library's description of these files.
    /// - Throws: a usage failure (exit 64) unless exactly one of --pairs and --qrels is given.
    func sources() throws -> RetrievalTask.Sources {
        if (pairs == nil) == (qrels == nil) {
            throw RetrievalMiningFailure("give the positives with exactly one of --pairs or --qrels", kind: .usage)
        }
        if let qrels {
            return .init(pairs: qrels, pairsFormat: .qrels(minimumRelevance: minRelevance), queryIDs: queryIds,
                         corpusIDs: corpusIds, queryTexts: queriesText, corpusTexts: corpusText)
        }
        return .init(pairs: pairs ?? "", queryIDs: queryIds, corpusIDs: corpusIds, queryTexts: queriesText, corpusTexts: corpusText)
    }
}

/// Where results go and how they are shown.
struct RetrievalOutputOptions: ParsableArguments {
    @Option(name: [.short, .long], help: "Output JSONL file (training rows).")
    var output: String?
    @Option(help: "Write suspected false negatives (candidates above or within the margin of the positive) to this JSONL file.")
    var suspects: String?
    @Flag(help: "Print the report as JSON on stdout.")
    var json = false
    @Flag(help: "Print nothing but errors.")
    var quiet = false

    /// Writes rows and suspects, then prints the report.
    func finish(_ result: RetrievalMiningResult, command: String) throws {
        var result = result
        result.report.warnings = result.report.warnings.map(Flags.render)
        let clock = ContinuousClock()
        let start = clock.now
        if let output { try result.writeRows(to: output) }
        if let suspects { try result.writeSuspects(to: suspects) }
        let elapsed = clock.now - start
        result.report.timings.append(("write", Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18))
        if json {
            var report = result.report.json
            if case .object(var members) = report {
                if let i = members.firstIndex(where: { $0.0 == "command" }) { members[i].1 = .string(command) }
                members.append(("output", output.map { .string($0) } ?? .null))
                members.append(("suspects_file", suspects.map { .string($0) } ?? .null))
                report = .object(members)
            }
            Terminal.print(report.serialized(pretty: true))
        } else if !quiet {
            Terminal.print(result.report.text)
        }
    }
}
