/// One positive of a query as the selection stage needs it.
public struct PositiveCandidate: Sendable, Equatable {
    /// Global corpus row.
    public var row: Int
    /// Its score against the query.
    public var score: Float
    /// Its duplicate keys: candidates sharing one are the positive itself and are masked.
    public var keys: DuplicateKeys

    public init(row: Int, score: Float, keys: DuplicateKeys) {
        self.row = row
        self.score = score
        self.keys = keys
    }
}

/// Why a query got fewer negatives than asked.
public enum ShortfallReason: String, Sendable, CaseIterable {
    /// The search returned fewer than `rangeMin + numNegatives` non-positive candidates
    /// (a small corpus, or `rangeMax` too small).
    case tooFewCandidates = "too_few_candidates"
    /// The score filters (margins, min/max score) left too few candidates after `rangeMin`.
    case scoreFilters = "score_filters"
    /// Enough candidates passed the filters but `--dedupe-threshold` removed too many.
    case dedupeThreshold = "dedupe_threshold"
}

/// A candidate set aside for review: it scores above the query's (lowest) positive, or
/// within the margin of it — the usual sign of an unlabeled positive.
public struct SuspectedFalseNegative: Sendable, Equatable {
    /// Why it is suspected: `above_positive`, `within_absolute_margin`, `within_relative_margin`.
    public var reason: String
    /// Corpus row of the candidate.
    public var row: Int
    /// Its score.
    public var score: Float
    /// Its rank among the query's candidates (0 = best).
    public var rank: Int
}

/// What the selection stage chose for one query.
public struct QuerySelection: Sendable, Equatable {
    /// Chosen negatives, best first (score descending, ties by lower row).
    public var negatives: [(row: Int, score: Float)]
    /// The query's positives in input order, with scores.
    public var positives: [PositiveCandidate]
    /// Set when fewer than `numNegatives` negatives were found.
    public var shortfall: ShortfallReason?
    /// Candidates suspected to be unlabeled positives.
    public var suspects: [SuspectedFalseNegative]

    public static func == (a: QuerySelection, b: QuerySelection) -> Bool {
        a.negatives.map(\.row) == b.negatives.map(\.row) && a.negatives.map(\.score) == b.negatives.map(\.score)
            && a.positives == b.positives && a.shortfall == b.shortfall && a.suspects == b.suspects
    }
}

/// How many candidates each stage of the selection removed, summed over queries.
public struct SelectionCounters: Sendable, Equatable {
    /// Filled candidate slots examined (queries × search depth, less unfilled slots).
    public var candidates = 0
    /// Candidates that were a positive of their query (or a duplicate of one).
    public var positivesMasked = 0
    public var absoluteMargin = 0
    public var relativeMargin = 0
    public var maxScore = 0
    public var minScore = 0
    /// Survivors past the first `rangeMax`.
    public var beyondRangeMax = 0
    /// Survivors skipped by `rangeMin`.
    public var rangeMin = 0
    /// Candidates skipped by `--dedupe-threshold`.
    public var dedupeThreshold = 0
    /// Chosen negatives by their rank among the query's candidates (index 0 = the best
    /// candidate, positives included in the ranking): the rank distribution of the output.
    public var chosenRanks: [Int] = []

    mutating func add(_ o: SelectionCounters) {
        candidates += o.candidates; positivesMasked += o.positivesMasked
        absoluteMargin += o.absoluteMargin; relativeMargin += o.relativeMargin
        maxScore += o.maxScore; minScore += o.minScore
        beyondRangeMax += o.beyondRangeMax; rangeMin += o.rangeMin; dedupeThreshold += o.dedupeThreshold
        if chosenRanks.count < o.chosenRanks.count { chosenRanks += [Int](repeating: 0, count: o.chosenRanks.count - chosenRanks.count) }
        for (rank, n) in o.chosenRanks.enumerated() { chosenRanks[rank] += n }
    }
}

/// The selection rules of `mine_hard_negatives`, applied to one query's candidate list.
enum NegativeSelection {
    /// Selects the negatives of query `q` from its candidate slots.
    ///
    /// Stages, in the reference's order: mask positives → absolute margin → relative
    /// margin → max score → min score (margins against the query's lowest positive score)
    /// → keep the first `rangeMax` survivors → skip `rangeMin` → walk them in rank order
    /// (`top`) or in a seeded random order (`random`), skipping near-duplicates of chosen
    /// negatives when `dedupeThreshold` is set, until `numNegatives` are chosen.
    /// - Complexity: O(depth · positives) plus O(numNegatives² · d) with a dedupe threshold.
    static func select(query q: Int, queryRow: Int, lists: CandidateLists, positives: [PositiveCandidate],
                       options resolved: ResolvedRetrievalMiningOptions, corpus: EmbeddingMatrix?,
                       counters: inout SelectionCounters) -> QuerySelection {
        let o = resolved.options
        let slots = lists.slots(ofQuery: q)
        let positiveFloor = positives.map(\.score).min() ?? .infinity
        var survivors: [Int] = []   // slot indices
        survivors.reserveCapacity(slots.count)
        var suspects: [SuspectedFalseNegative] = []
        var unmasked = 0
        for (rank, slot) in slots.enumerated() {
            let row = lists.rows[slot]
            guard row >= 0 else { continue }
            counters.candidates += 1
            let key = lists.keys[slot]
            if !o.includePositives, positives.contains(where: { $0.row == row || $0.keys.matches(key) }) {
                counters.positivesMasked += 1
                continue
            }
            unmasked += 1
            let score = lists.scores[slot]
            if let margin = o.absoluteMargin, score + margin > positiveFloor {
                counters.absoluteMargin += 1
                suspects.append(.init(reason: "within_absolute_margin", row: row, score: score, rank: rank))
                continue
            }
            if let margin = o.relativeMargin, score > positiveFloor - abs(positiveFloor) * margin {
                counters.relativeMargin += 1
                suspects.append(.init(reason: "within_relative_margin", row: row, score: score, rank: rank))
                continue
            }
            if score > positiveFloor {
                suspects.append(.init(reason: "above_positive", row: row, score: score, rank: rank))
            }
            if let maxScore = o.maxScore, score > maxScore { counters.maxScore += 1; continue }
            if let minScore = o.minScore, score < minScore { counters.minScore += 1; continue }
            survivors.append(slot)
        }
        // The reference keeps the top rangeMax survivors, then drops the first rangeMin.
        if survivors.count > resolved.rangeMax {
            counters.beyondRangeMax += survivors.count - resolved.rangeMax
            survivors.removeLast(survivors.count - resolved.rangeMax)
        }
        let skipped = min(o.rangeMin, survivors.count)
        counters.rangeMin += skipped
        var pool = Array(survivors.dropFirst(skipped))
        if case .random(let seed) = o.sampling {
            // A per-query stream: the sample depends on the seed and the query row only.
            var generator = SeededGenerator(seed: seed).derived(UInt64(queryRow))
            // Front to back, so a prefix is a uniform sample.
            generator.shuffle(&pool)
        }
        var chosen: [Int] = []
        chosen.reserveCapacity(o.numNegatives)
        for slot in pool {
            if chosen.count == o.numNegatives { break }
            if let threshold = o.dedupeThreshold, let corpus {
                let vector = corpus.row(lists.rows[slot])
                if chosen.contains(where: { VectorMath.cosine(corpus.row(lists.rows[$0]), vector) >= threshold }) {
                    counters.dedupeThreshold += 1
                    continue
                }
            }
            chosen.append(slot)
        }
        chosen.sort()   // slot order is rank order
        // A query's slots are contiguous and in rank order, so a slot's rank is its offset.
        let base = slots.lowerBound
        if let deepest = chosen.last.map({ $0 - base }), counters.chosenRanks.count <= deepest {
            counters.chosenRanks += [Int](repeating: 0, count: deepest + 1 - counters.chosenRanks.count)
        }
        for slot in chosen { counters.chosenRanks[slot - base] += 1 }
        var shortfall: ShortfallReason?
        if chosen.count < o.numNegatives {
            if unmasked < o.rangeMin + o.numNegatives { shortfall = .tooFewCandidates }
            else if pool.count < o.numNegatives { shortfall = .scoreFilters }
            else { shortfall = .dedupeThreshold }
        }
        return QuerySelection(negatives: chosen.map { (lists.rows[$0], lists.scores[$0]) },
                              positives: positives, shortfall: shortfall, suspects: suspects)
    }
}
