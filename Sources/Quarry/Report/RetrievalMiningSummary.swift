/// `quarry mine-retrieval`'s JSON summary (``RetrievalMiningReport/json``) read back into
/// typed values, for the report.
public struct RetrievalMiningSummary: Sendable, Equatable {
    /// A score distribution: count, mean and the five-number summary.
    public struct Distribution: Sendable, Equatable {
        public var count: Int
        public var mean: Double?
        public var standardDeviation: Double?
        public var minimum: Double?, q25: Double?, median: Double?, q75: Double?, maximum: Double?
    }

    public var queries: Int
    public var pairs: Int
    public var corpusRows: Int
    public var duplicateCorpusRows: Int
    public var rows: Int
    public var maximumRows: Int
    public var numNegatives: Int
    public var rangeMin: Int
    public var rangeMax: Int
    public var sampling: String
    public var outputFormat: String
    public var positives: Distribution
    public var negatives: Distribution
    public var differences: Distribution
    /// What each stage removed, in pipeline order: (`candidates`, examined), then each filter.
    public var filters: [(name: String, count: Int)]
    /// Chosen negatives per candidate rank (empty for summaries written before the key existed).
    public var chosenRanks: [Int]
    public var queriesShort: Int
    public var shortfalls: [(reason: String, count: Int)]
    public var suspects: Int
    public var warnings: [String]

    public static func == (a: Self, b: Self) -> Bool {
        a.queries == b.queries && a.rows == b.rows && a.positives == b.positives && a.negatives == b.negatives
            && a.differences == b.differences && a.filters.map(\.name) == b.filters.map(\.name)
            && a.filters.map(\.count) == b.filters.map(\.count) && a.chosenRanks == b.chosenRanks
    }

    /// The commands whose `--json` summary this decodes.
    public static let commands: Set<String> = ["mine-retrieval", "retrieval-select"]

    /// Decodes `json`, read from `file` (named in errors).
    /// - Throws: ``InvalidInput`` (data error) naming a missing or mistyped key.
    public init(json: JSONValue, file: String) throws {
        let root = JSONFields(json, file: file)
        guard let command = try root.optionalString("command"), Self.commands.contains(command) else {
            throw root.failure("command", "must be \"mine-retrieval\" or \"retrieval-select\" (this is not a retrieval mining summary)")
        }
        queries = try root.integer("queries")
        pairs = try root.integer("pairs")
        corpusRows = try root.integer("corpus_rows")
        duplicateCorpusRows = try root.integer("duplicate_corpus_rows")
        rows = try root.integer("rows")
        maximumRows = try root.integer("maximum_rows")
        let p = try root.object("parameters")
        numNegatives = try p.integer("num_negatives")
        rangeMin = try p.integer("range_min")
        rangeMax = try p.integer("range_max")
        sampling = try p.object("sampling").string("strategy")
        outputFormat = try p.string("output_format")
        func distribution(_ key: String) throws -> Distribution {
            let d = try root.object(key)
            return Distribution(count: try d.integer("count"), mean: try d.optionalNumber("mean"), standardDeviation: try d.optionalNumber("std"),
                                minimum: try d.optionalNumber("min"), q25: try d.optionalNumber("q25"), median: try d.optionalNumber("q50"),
                                q75: try d.optionalNumber("q75"), maximum: try d.optionalNumber("max"))
        }
        positives = try distribution("positive_scores")
        negatives = try distribution("negative_scores")
        differences = try distribution("difference_scores")
        let f = try root.object("filters")
        guard let members = f.value.objectValue else { throw root.failure("filters", "must be an object") }
        filters = try members.map { name, _ in (name, try f.integer(name)) }
        chosenRanks = try root.numbers("chosen_ranks").map { Int($0) }
        let short = try root.object("queries_short")
        queriesShort = try short.integer("count")
        let reasons = try short.object("by_reason")
        shortfalls = try (reasons.value.objectValue ?? []).map { name, _ in (name, try reasons.integer(name)) }
        suspects = try root.integer("suspects")
        warnings = try root.strings("warnings")
    }
}
