#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A derived feature the revise strategy may add, with where it came from.
public struct RevisionCandidate: Sendable, Equatable {
    /// Which analysis proposed it.
    public enum Source: String, Sendable, Equatable {
        /// A product or ratio of a pair the beyond-score audit names.
        case interaction
        /// A (soft) indicator of a weak slice where hard negatives are over-represented.
        case slice
        /// `log1p` of a non-negative, heavy-tailed feature.
        case heavyTail = "heavy-tail"
        /// A definition the user gave (``ReviseFeaturesStrategy/Options/userFeatures``).
        case user
    }

    /// The definition.
    public let feature: DerivedFeature
    /// Where it came from.
    public let source: Source
    /// Why, in a few words (the pair's gain share, the slice's lift, the skewness).
    public let reason: String

    public init(feature: DerivedFeature, source: Source, reason: String) {
        self.feature = feature
        self.source = source
        self.reason = reason
    }

    public var json: JSONValue {
        ["name": .string(feature.name), "definition": .string(feature.text), "source": .string(source.rawValue),
         "reason": .string(reason)]
    }
}

extension RevisionCandidate {
    /// How many candidates of each kind are generated.
    public struct Limits: Sendable, Equatable {
        /// Top pairs the beyond-score audit names; each gives a product and two ratios.
        public var interactionPairs: Int
        /// Top weak slices; each gives one indicator.
        public var slices: Int
        /// Most heavy-tailed features; each gives its `log1p`.
        public var heavyTailed: Int
        /// A non-negative feature is heavy-tailed when its sample skewness is at least this.
        public var skewness: Double

        public init(interactionPairs: Int = 3, slices: Int = 3, heavyTailed: Int = 4, skewness: Double = 2) {
            self.interactionPairs = interactionPairs
            self.slices = slices
            self.heavyTailed = heavyTailed
            self.skewness = skewness
        }

        var json: JSONValue {
            ["interaction_pairs": .number(Double(interactionPairs)), "slices": .number(Double(slices)),
             "heavy_tailed": .number(Double(heavyTailed)), "skewness": .number(skewness)]
        }
    }

    /// Candidates from an analysis of the hard negatives against the positives.
    ///
    /// - **interactions**: the pairs the beyond-score audit names (``auditedPairs(features:labels:scores:threshold:groups:limit:seed:)``:
    ///   information beyond the score that a pair carries jointly, then pairs of the features
    ///   it names) give `a * b`, `a / (1 + abs(b))` and `b / (1 + abs(a))` (the `1 + abs`
    ///   keeps the denominator ≥ 1, so no row becomes missing);
    /// - **slices**: each weak slice (``WeakSliceFinder``) gives a soft indicator
    ///   `min(max((x − lo) / ε, 0), 1) × (1 − min(max((x − hi) / ε′, 0), 1))`, where ε is the
    ///   gap between the data values on either side of the bound: exactly 1 inside the slice and
    ///   0 outside for every value in the data (the expression language has no comparisons),
    ///   linear in the gaps between them. Slices on missing values are skipped;
    /// - **heavy tails**: a feature with at least 10 present values, none negative, at least 5
    ///   distinct values among the first 10,000, and a
    ///   sample skewness (third standardized moment) ≥ ``Limits/skewness`` gives
    ///   `log1p(x)`, most skewed first.
    ///
    /// Candidates whose name is already a column are dropped; names are unique.
    /// - Parameters:
    ///   - features: the rows (the model's inputs and current derived columns).
    ///   - labels, scores: per row; `threshold`: the operating threshold.
    ///   - hardRows: the hard negatives among the rows.
    ///   - seed: seeds the audit's folds and permutations.
    public static func generate(features: FeatureMatrix, labels: [Bool], scores: [Double], threshold: Double,
                                hardRows: [Int], limits: Limits, seed: UInt64) throws -> [RevisionCandidate] {
        var result: [RevisionCandidate] = []
        var names = Set(features.names)
        func add(_ name: String, _ expression: FeatureExpression, _ source: Source, _ reason: String) {
            guard !names.contains(name) else { return }
            names.insert(name)
            result.append(RevisionCandidate(feature: DerivedFeature(name: name, expression: expression), source: source, reason: reason))
        }
        let groups = try ExplainGroups(scores: scores, labels: labels, threshold: threshold, hardRows: hardRows)

        if limits.interactionPairs > 0 {
            for pair in try auditedPairs(features: features, labels: labels, scores: scores, threshold: threshold,
                                         groups: groups, limit: limits.interactionPairs, seed: seed) {
                let a = FeatureExpression.column(pair.first), b = FeatureExpression.column(pair.second)
                add("\(pair.first)_x_\(pair.second)", .binary(.multiply, a, b), .interaction, pair.reason)
                add("\(pair.first)_per_\(pair.second)", .binary(.divide, a, .binary(.add, .number(1), .call(.abs, [b]))), .interaction, pair.reason)
                add("\(pair.second)_per_\(pair.first)", .binary(.divide, b, .binary(.add, .number(1), .call(.abs, [a]))), .interaction, pair.reason)
            }
        }

        if limits.slices > 0 {
            let slices = try WeakSliceFinder.find(features: features, labels: labels, hardNegatives: groups.hardNegatives,
                                                  options: .init(maximumResults: limits.slices))
            for (k, slice) in slices.enumerated() where !slice.conditions.contains(where: \.isMissing) {
                var factors: [FeatureExpression] = []
                for condition in slice.conditions {
                    let column = Array(features.column(condition.column))
                    if let lower = condition.lower, let ramp = ramp(condition.feature, column, from: lower) { factors.append(ramp) }
                    if let upper = condition.upper, let ramp = ramp(condition.feature, column, from: upper) {
                        factors.append(.binary(.subtract, .number(1), ramp))
                    }
                }
                guard let first = factors.first else { continue }
                let indicator = factors.dropFirst().reduce(first) { .binary(.multiply, $0, $1) }
                add("slice\(k + 1)_" + slice.conditions.map(\.feature).joined(separator: "_"), indicator, .slice,
                    "\(slice.text): lift \(SliceCondition.short(slice.lift)), \(slice.hardNegatives) hard of \(slice.support)")
            }
        }

        if limits.heavyTailed > 0 {
            var tailed: [(column: Int, skewness: Double)] = []
            for c in 0..<features.columnCount {
                if let s = heavyTailSkewness(features.column(c)), s >= limits.skewness { tailed.append((c, s)) }
            }
            tailed.sort { $0.skewness != $1.skewness ? $0.skewness > $1.skewness : $0.column < $1.column }
            for (c, s) in tailed.prefix(limits.heavyTailed) {
                let name = features.names[c]
                add("log1p_\(name)", .call(.log1p, [.column(name)]), .heavyTail, "skewness \(SliceCondition.short(s))")
            }
        }
        return result
    }

    /// The pairs the beyond-score audit names, strongest first, up to `limit`: first the pairs
    /// whose joint auditor beats the additive one (Holm-significant ``BeyondScoreAudit/PairEvidence``),
    /// then pairs of the features it names (Holm-significant GCM, ``BeyondScoreAudit/FeatureEvidence``)
    /// in their rank order. Empty when nothing is named: no pair then carries information the
    /// score lacks, as far as the audit can tell.
    ///
    /// The region is the hard negatives and the positives at or above the threshold. The audit
    /// runs with 3 folds, 40 rounds, the fewest permutations it accepts (20) and no power
    /// check: the named features and pairs are tests of their own, and the verdict is not used.
    static func auditedPairs(features: FeatureMatrix, labels: [Bool], scores: [Double], threshold: Double,
                             groups: ExplainGroups, limit: Int, seed: UInt64) throws -> [(first: String, second: String, reason: String)] {
        let region = groups.hardNegatives + scores.indices.filter { labels[$0] && scores[$0] >= threshold }
        let audit = try BeyondScoreAudit(features: features, labels: labels, scores: scores, threshold: threshold, regionRows: region,
                                         options: .init(folds: 3, permutations: 20, powerInjections: 0, rounds: 40, seed: seed))
        var pairs: [(first: String, second: String, reason: String)] = []
        func contains(_ a: String, _ b: String) -> Bool { pairs.contains { Set([$0.first, $0.second]) == Set([a, b]) } }
        for pair in audit.interactions where pair.named && pairs.count < limit {
            pairs.append((pair.first, pair.second,
                          "pair (\(pair.first), \(pair.second)) beyond the score: joint z \(SliceCondition.short(pair.statistic)), Holm p \(SliceCondition.short(pair.adjustedPValue))"))
        }
        let named = audit.features.filter(\.named)
        for i in named.indices {
            for j in named.indices where j > i && pairs.count < limit && !contains(named[i].name, named[j].name) {
                pairs.append((named[i].name, named[j].name,
                              "features \(named[i].name), \(named[j].name) named beyond the score (GCM z \(SliceCondition.short(named[i].statistic)), \(SliceCondition.short(named[j].statistic)))"))
            }
        }
        return pairs
    }

    /// `min(max((x − a) / (b − a), 0), 1)` where `a` is the largest value of `column` at or
    /// below `bound` and `b` the smallest above it; `nil` when no value lies above `bound`.
    ///
    /// On every value of the column this is exactly the step `x > bound`. Ramping between the
    /// two neighbouring data values (rather than from the bound itself, an interpolated
    /// quantile such as 0.15299999999999994) keeps the printed definition to numbers that
    /// occur in the data, e.g. `(x - 0.147) / (0.153 - 0.147)`.
    static func ramp(_ name: String, _ column: [Double], from bound: Double) -> FeatureExpression? {
        var next = Double.infinity, previous = -Double.infinity
        for x in column {
            if x > bound { next = min(next, x) } else if x <= bound { previous = max(previous, x) }
        }
        guard next.isFinite else { return nil }
        let start = previous.isFinite ? previous : bound
        let shifted: FeatureExpression = start >= 0
            ? .binary(.subtract, .column(name), .number(start))
            : .binary(.add, .column(name), .number(-start))
        let width: FeatureExpression = start == 0 ? .number(next)
            : start > 0 ? .binary(.subtract, .number(next), .number(start))
            : .binary(.add, .number(next), .number(-start))
        let scaled = FeatureExpression.binary(.divide, shifted, width)
        return .call(.min, [.call(.max, [scaled, .number(0)]), .number(1)])
    }

    /// The sample skewness of the present values when they are all ≥ 0 with at least 5
    /// distinct values, else `nil`.
    /// - Complexity: O(n).
    static func heavyTailSkewness(_ values: ArraySlice<Double>) -> Double? {
        let present = values.filter { !$0.isNaN }
        guard present.count >= 10, present.allSatisfy({ $0 >= 0 }), Set(present.prefix(10_000)).count >= 5 else { return nil }
        let n = Double(present.count)
        let mean = present.reduce(0, +) / n
        var m2 = 0.0, m3 = 0.0
        for x in present {
            let d = x - mean
            m2 += d * d
            m3 += d * d * d
        }
        m2 /= n
        m3 /= n
        guard m2 > 0 else { return nil }
        return m3 / (m2 * m2.squareRoot())
    }
}
