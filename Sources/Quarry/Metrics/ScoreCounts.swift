/// Exact per-score label counts of a scored pool: for every distinct score, how many negatives
/// and positives have it — the sufficient statistic of every threshold rule, at full precision.
///
/// Counts of disjoint partitions merge exactly (``merged(_:)``: a k-way merge of sorted lists
/// adding the counts of equal scores), so a threshold derived from the merged counts
/// (``operatingPoint(_:)``: `--target-recall`, `--target-precision`, `--target-fpr`) is the
/// threshold ``ThresholdCurve`` derives from the concatenated pool, bit for bit. Nothing is
/// binned: the size is one entry per distinct score (at most the row count; for scores
/// rounded to a few digits, far fewer).
///
/// ```swift
/// let parts = try partitions.map { ScoreCounts(try ScoredLabels(scores: $0.scores, labels: $0.labels)) }
/// let threshold = ScoreCounts.merged(parts).operatingPoint(.targetRecall(0.9))?.threshold
/// ```
public struct ScoreCounts: Sendable, Equatable {
    /// The distinct scores, descending (`-0.0` is folded onto `+0.0`, as the curves do).
    public private(set) var scores: [Double]
    /// Negatives scored exactly `scores[g]`.
    public private(set) var negatives: [Int]
    /// Positives scored exactly `scores[g]`.
    public private(set) var positives: [Int]

    /// Counts from validated scores and labels.
    /// - Complexity: O(n) (the radix sort of ``ThresholdCurve``).
    public init(_ data: ScoredLabels) {
        let curve = ThresholdCurve(data)
        scores = curve.thresholds
        positives = curve.truePositives.indices.map { g in curve.truePositives[g] - (g > 0 ? curve.truePositives[g - 1] : 0) }
        negatives = curve.falsePositives.indices.map { g in curve.falsePositives[g] - (g > 0 ? curve.falsePositives[g - 1] : 0) }
    }

    /// Counts given directly.
    /// - Throws: ``InvalidInput`` (`.dataError`) unless the arrays have one length, the scores are
    ///   finite and strictly descending, and every count is ≥ 0 with at least one per score.
    public init(scores: [Double], negatives: [Int], positives: [Int]) throws {
        guard scores.count == negatives.count, scores.count == positives.count else {
            throw InvalidInput("score counts: \(scores.count) scores but \(negatives.count) negative and \(positives.count) positive counts", kind: .dataError)
        }
        for g in scores.indices {
            guard scores[g].isFinite else { throw InvalidInput("score counts: score \(g) is \(scores[g]), expected a finite number", kind: .dataError) }
            guard negatives[g] >= 0, positives[g] >= 0, negatives[g] + positives[g] > 0 else {
                throw InvalidInput("score counts: score \(scores[g]) has counts \(negatives[g]), \(positives[g]); expected non-negative counts, not both zero", kind: .dataError)
            }
            if g > 0, ScoreRadixSort.descendingKey(scores[g - 1]) >= ScoreRadixSort.descendingKey(scores[g]) {
                throw InvalidInput("score counts: scores must be distinct and descending, found \(scores[g - 1]) then \(scores[g])", kind: .dataError)
            }
        }
        self.scores = scores.map { $0 + 0.0 }
        self.negatives = negatives
        self.positives = positives
    }

    /// Rows counted.
    public var rows: Int { negatives.reduce(0, +) + positives.reduce(0, +) }

    /// The exact counts of the union of disjoint pools.
    /// - Complexity: O(g log p) for g distinct scores over p parts.
    public static func merged(_ parts: [ScoreCounts]) -> ScoreCounts {
        var result = ScoreCounts(uncheckedScores: [], negatives: [], positives: [])
        var cursor = [Int](repeating: 0, count: parts.count)
        while true {
            // The best remaining key over all parts (few parts: a linear scan is enough).
            var best: UInt64? = nil
            for (p, part) in parts.enumerated() where cursor[p] < part.scores.count {
                let key = ScoreRadixSort.descendingKey(part.scores[cursor[p]])
                if best == nil || key < best! { best = key }
            }
            guard let key = best else { return result }
            var n = 0, y = 0
            for (p, part) in parts.enumerated() where cursor[p] < part.scores.count
                && ScoreRadixSort.descendingKey(part.scores[cursor[p]]) == key {
                n += part.negatives[cursor[p]]; y += part.positives[cursor[p]]
                cursor[p] += 1
            }
            result.scores.append(ScoreRadixSort.score(fromDescendingKey: key))
            result.negatives.append(n)
            result.positives.append(y)
        }
    }

    private init(uncheckedScores scores: [Double], negatives: [Int], positives: [Int]) {
        self.scores = scores
        self.negatives = negatives
        self.positives = positives
    }

    /// The operating point `rule` selects on the counted pool: the one ``ThresholdCurve``
    /// selects on the rows themselves (same cumulative counts, same selection code).
    /// - Complexity: O(g).
    public func operatingPoint(_ rule: OperatingPointRule) -> OperatingPoint? {
        ThresholdCurve(counts: self).operatingPoint(rule)
    }
}

extension ThresholdCurve {
    /// A curve from exact counts: thresholds and cumulative counts only, no rows, so it serves
    /// operating points but not the threshold band or the bootstrap (which resample rows).
    init(counts: ScoreCounts) {
        var tp = 0, fp = 0
        var tps: [Int] = [], fps: [Int] = []
        tps.reserveCapacity(counts.scores.count); fps.reserveCapacity(counts.scores.count)
        for g in counts.scores.indices {
            tp += counts.positives[g]; fp += counts.negatives[g]
            tps.append(tp); fps.append(fp)
        }
        thresholds = counts.scores
        truePositives = tps
        falsePositives = fps
        sortedScores = []
        sortedLabels = []
        positives = tp
        negatives = fp
    }
}
