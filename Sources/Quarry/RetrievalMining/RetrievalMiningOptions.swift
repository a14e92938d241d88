/// How candidates are chosen among those that survive the filters.
public enum RetrievalSampling: Sendable, Equatable {
    /// The highest-scoring surviving candidates.
    case top
    /// A uniform sample of the surviving candidates, drawn with a per-query stream derived
    /// from `seed` (so the result does not depend on thread count or sharding).
    case random(seed: UInt64)
}

/// The shape of the mined rows, as sentence-transformers' `mine_hard_negatives` writes them.
public enum RetrievalOutputFormat: String, Sendable, CaseIterable {
    /// `anchor, positive, negative` — one row per negative.
    case triplet
    /// `anchor, positive, negative_1 … negative_n` — queries that cannot fill n are dropped.
    case nTuple = "n-tuple"
    /// `n-tuple` with a `scores` column (the reference's deprecated alias, kept for parity).
    case nTupleScores = "n-tuple-scores"
    /// `anchor, positive, label` — the positive with label 1, each negative with label 0.
    case labeledPair = "labeled-pair"
    /// `anchor, positive: [documents], labels: [1, 0, …]`.
    case labeledList = "labeled-list"
}

/// Every selection choice of a retrieval mining run, validated up front.
///
/// The names and defaults follow sentence-transformers' `mine_hard_negatives`
/// (`sentence_transformers/util/hard_negatives.py`); three choices differ on purpose
/// (see DESIGN.md, "Retrieval semantics"): random sampling takes a seed, exact score ties
/// break by lower corpus index, and the relative margin drops `neg > pos − |pos|·m`.
///
/// ```swift
/// var options = RetrievalMiningOptions()
/// options.numNegatives = 4
/// options.relativeMargin = 0.05
/// let resolved = try options.resolved(maxPositives: 1)   // rangeMax = 41
/// ```
public struct RetrievalMiningOptions: Sendable, Equatable {
    /// Negatives per query (≥ 1).
    public var numNegatives: Int = 3
    /// Surviving candidates skipped before sampling (≥ 0).
    public var rangeMin: Int = 0
    /// Candidates considered per query; `nil` derives it (see ``resolved(maxPositives:)``).
    public var rangeMax: Int? = nil
    /// Candidates scoring below this are dropped.
    public var minScore: Float? = nil
    /// Candidates scoring above this are dropped.
    public var maxScore: Float? = nil
    /// Candidates with `neg + m > pos` are dropped (pos = the query's lowest positive score).
    public var absoluteMargin: Float? = nil
    /// Candidates with `neg > pos − |pos|·m` are dropped.
    public var relativeMargin: Float? = nil
    /// Top or seeded random sampling.
    public var sampling: RetrievalSampling = .top
    /// The row shape of the output.
    public var outputFormat: RetrievalOutputFormat = .triplet
    /// Whether rows carry the similarity scores (`scores`, or `score` in labeled pairs).
    public var includeScores: Bool = false
    /// Keep positives among the candidates (the reference then forces n-tuple output).
    public var includePositives: Bool = false
    /// Drop a negative whose cosine to an already selected negative of the same query is ≥ this.
    public var dedupeThreshold: Float? = nil
    /// Treat corpus rows with bit-identical vectors as one passage (default). The reference
    /// de-duplicates by text only; turn this off to reproduce it exactly when different
    /// texts share a vector (e.g. texts that differ past the model's token window).
    public var collapseIdenticalVectors: Bool = true

    public init() {}

    /// The options with `rangeMax` filled in and every bound checked.
    ///
    /// The default `rangeMax` is `rangeMin + numNegatives × (10 if a margin or maxScore is
    /// set, else 1) + maxPositives`, as the reference derives it. Every count is checked
    /// against the corpus before anything is computed or allocated from it, so a huge value
    /// is a clear error rather than an arithmetic trap or a failed allocation.
    /// - Parameters:
    ///   - maxPositives: the largest number of positives of any query.
    ///   - corpusRows: the corpus size: the largest sensible `numNegatives`, the bound on
    ///     `rangeMin`, and the most candidates searched (a larger `rangeMax` means the whole
    ///     corpus); `nil` when unknown, then only overflow is guarded against.
    /// - Throws: ``RetrievalMiningFailure`` (usage) naming the bound, the value and a fix.
    public func resolved(maxPositives: Int, corpusRows: Int? = nil) throws -> ResolvedRetrievalMiningOptions {
        guard numNegatives >= 1 else {
            throw RetrievalMiningFailure.option("\(InvalidInput.named("numNegatives")) must be at least 1, got \(numNegatives)")
        }
        guard rangeMin >= 0 else {
            throw RetrievalMiningFailure.option("\(InvalidInput.named("rangeMin")) must be non-negative, got \(rangeMin)")
        }
        if let rangeMax, rangeMax < 1 {
            throw RetrievalMiningFailure.option("\(InvalidInput.named("rangeMax")) must be at least 1, got \(rangeMax)")
        }
        // Past the corpus size no query has that many candidates; past Int32.max the sizes
        // derived from these counts could overflow.
        let largest = corpusRows ?? Int(Int32.max)
        let what = corpusRows.map { "the corpus size, \($0) rows" } ?? "\(Int32.max)"
        guard numNegatives <= largest else {
            throw RetrievalMiningFailure.option("\(InvalidInput.named("numNegatives")) \(numNegatives) is more than a query can have: at most \(what)")
        }
        guard rangeMin < largest else {
            throw RetrievalMiningFailure.option("\(InvalidInput.named("rangeMin")) \(rangeMin) skips every candidate: it must be below \(what)")
        }
        // A range-max above the corpus size means the whole corpus (as in the reference);
        // past Int32.max it is a mistake, and sums with it could overflow.
        if let rangeMax, rangeMax > Int(Int32.max) {
            throw RetrievalMiningFailure.option("\(InvalidInput.named("rangeMax")) \(rangeMax) is too large: at most \(Int32.max)\(corpusRows.map { ", and more than the corpus size (\($0) rows) means the whole corpus" } ?? "")")
        }
        guard maxPositives >= 0, maxPositives <= Int(Int32.max) else {
            throw RetrievalMiningFailure.option("a query has \(maxPositives) positives: at most \(Int32.max) are supported")
        }
        for (name, value) in [("minScore", minScore), ("maxScore", maxScore),
                              ("absoluteMargin", absoluteMargin), ("relativeMargin", relativeMargin),
                              ("dedupeThreshold", dedupeThreshold)] {
            if let value, !value.isFinite {
                throw RetrievalMiningFailure.option("\(InvalidInput.named(name)) must be a finite number, got \(value)")
            }
        }
        if let minScore, let maxScore, minScore > maxScore {
            throw RetrievalMiningFailure.option(
                "\(InvalidInput.named("minScore")) (\(minScore)) is above \(InvalidInput.named("maxScore")) (\(maxScore)): no candidate can pass; lower \(InvalidInput.named("minScore")) or raise \(InvalidInput.named("maxScore"))")
        }
        let widening = (absoluteMargin != nil || relativeMargin != nil || maxScore != nil) ? 10 : 1
        let range = rangeMax ?? (rangeMin + numNegatives * widening + maxPositives)
        guard rangeMin < range else {
            throw RetrievalMiningFailure.option(
                "\(InvalidInput.named("rangeMin")) must be smaller than \(InvalidInput.named("rangeMax")), got \(InvalidInput.named("rangeMin")) \(rangeMin) and \(InvalidInput.named("rangeMax")) \(range)")
        }
        guard numNegatives <= range - rangeMin else {
            throw RetrievalMiningFailure.option(
                "cannot mine \(numNegatives) negatives per query: only \(range - rangeMin) candidates remain after skipping the first \(InvalidInput.named("rangeMin")) \(rangeMin) of \(InvalidInput.named("rangeMax")) \(range); decrease \(InvalidInput.named("numNegatives")) or \(InvalidInput.named("rangeMin")), or increase \(InvalidInput.named("rangeMax"))")
        }
        var format = outputFormat
        var scores = includeScores
        if format == .nTupleScores { format = .nTuple; scores = true }
        // The reference forces n-tuple output with include_positives so the ranking order is kept.
        if includePositives { format = .nTuple }
        return ResolvedRetrievalMiningOptions(
            options: self, rangeMax: range, maxPositives: maxPositives, format: format, includeScores: scores,
            rangeMaxWasDerived: rangeMax == nil, corpusRows: corpusRows)
    }
}

/// ``RetrievalMiningOptions`` after validation: `rangeMax` known, the format normalised.
public struct ResolvedRetrievalMiningOptions: Sendable, Equatable {
    /// The options as given.
    public let options: RetrievalMiningOptions
    /// The number of candidates kept per query after the score filters.
    public let rangeMax: Int
    /// The largest number of positives of any query.
    public let maxPositives: Int
    /// The output format (`n-tuple-scores` becomes `n-tuple` with scores).
    public let format: RetrievalOutputFormat
    /// Whether rows carry scores.
    public let includeScores: Bool
    /// Whether `rangeMax` came from the default rule.
    public let rangeMaxWasDerived: Bool
    /// The corpus size, when known: no query has more candidates.
    public let corpusRows: Int?

    /// Candidates searched per query: `rangeMax + maxPositives`, leaving room for the
    /// positives, and never more than the corpus has.
    public var searchDepth: Int { min(rangeMax + maxPositives, corpusRows ?? .max) }
}
