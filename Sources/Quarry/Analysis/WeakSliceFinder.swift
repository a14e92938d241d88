/// Finds slices of the negatives — one quantile bin of a feature, or a conjunction of bins of
/// two features — where hard negatives are over-represented (Deepchecks' weak-segment idea,
/// aimed at the mined set: the "error" is being a hard negative).
///
/// Bins are the distinct `i / bins` quantiles of each feature over the negatives (see
/// ``QuantileBins``), plus a "missing" bin. A slice is kept when its support (negatives in
/// it) is at least ``Options/minimumSupport`` and its lift exceeds 1; a two-feature slice is
/// kept only when its lift also exceeds the lift of each of its one-feature parts (otherwise
/// the single condition says it all). Ranked by lift descending, then hard negatives
/// covered descending, then fewer conditions, then column order; a slice whose negatives
/// overlap a better-ranked reported one's by Jaccard similarity above
/// ``Options/maximumOverlap`` is skipped.
public enum WeakSliceFinder {
    public struct Options: Sendable, Equatable {
        public var bins: Int
        public var minimumSupport: Int
        public var includePairs: Bool
        public var maximumResults: Int
        /// A slice whose negatives overlap a better-ranked reported slice's by more than this
        /// Jaccard similarity is skipped as a near duplicate (1 keeps everything).
        public var maximumOverlap: Double

        public init(bins: Int = 5, minimumSupport: Int = 20, includePairs: Bool = true, maximumResults: Int = 10,
                    maximumOverlap: Double = 0.5) {
            self.bins = bins
            self.minimumSupport = minimumSupport
            self.includePairs = includePairs
            self.maximumResults = maximumResults
            self.maximumOverlap = maximumOverlap
        }

        /// Checks every option's range.
        /// - Throws: ``InvalidInput`` (usage) naming the option, its bound and the value.
        public func validate() throws {
            try InvalidInput.check((2...64).contains(bins), "bins", "in 2...64", bins)
            try InvalidInput.check(minimumSupport >= 1, "minimumSupport", "at least 1", minimumSupport)
            try InvalidInput.check(maximumResults >= 0, "maximumResults", "≥ 0", maximumResults)
            try InvalidInput.check((0...1).contains(maximumOverlap), "maximumOverlap", "in [0, 1]", maximumOverlap)
        }

        var json: JSONValue {
            ["bins": .number(Double(bins)), "minimum_support": .number(Double(minimumSupport)),
             "include_pairs": .bool(includePairs), "maximum_results": .number(Double(maximumResults)),
             "maximum_overlap": .number(maximumOverlap)]
        }
    }

    /// The ranked weak slices among the negatives (`labels[row] == false`).
    /// - Throws: ``InvalidInput`` for a bad option (see ``Options/validate()``) or mismatched lengths.
    /// - Complexity: O(d² · n) for the pairs, n = negatives.
    public static func find(features: FeatureMatrix, labels: [Bool], hardNegatives: [Int], options: Options = Options()) throws -> [WeakSlice] {
        guard labels.count == features.rowCount else {
            throw InvalidInput("labels has \(labels.count) values but the features have \(features.rowCount) rows", kind: .dataError)
        }
        try options.validate()
        let negatives = labels.indices.filter { !labels[$0] }
        let hardSet = Set(hardNegatives)
        guard !negatives.isEmpty, !hardSet.isEmpty else { return [] }
        let isHard = negatives.map { hardSet.contains($0) }
        let overallRate = Double(isHard.filter { $0 }.count) / Double(negatives.count)
        let totalHard = Double(isHard.filter { $0 }.count)
        let binned = QuantileBins(features.selecting(rows: negatives), maxBins: options.bins)
        let n = negatives.count

        func condition(_ c: Int, _ code: Int) -> SliceCondition {
            let cuts = binned.cuts[c]
            if code == 0 {
                return SliceCondition(feature: features.names[c], column: c, lower: nil, upper: nil, isMissing: true)
            }
            return SliceCondition(feature: features.names[c], column: c,
                                  lower: code >= 2 ? cuts[code - 2] : nil,
                                  upper: code - 1 < cuts.count ? cuts[code - 1] : nil, isMissing: false)
        }
        func lift(_ support: Int, _ hard: Int) -> Double { Double(hard) / Double(support) / overallRate }

        var slices: [WeakSlice] = []
        var singleLift: [[Double]] = []
        for c in 0..<binned.columnCount {
            let codes = binned.codeCount(c)
            var support = [Int](repeating: 0, count: codes), hard = [Int](repeating: 0, count: codes)
            for i in 0..<n {
                let code = Int(binned.codes[c * n + i])
                support[code] += 1
                if isHard[i] { hard[code] += 1 }
            }
            singleLift.append((0..<codes).map { support[$0] > 0 ? lift(support[$0], hard[$0]) : 0 })
            // A feature with a single value bin (and no missing) says nothing: its bin is everything.
            guard codes > 2 || support[0] > 0 else { continue }
            for code in 0..<codes where support[code] >= options.minimumSupport && support[code] < n {
                let l = lift(support[code], hard[code])
                guard l > 1 else { continue }
                slices.append(WeakSlice(conditions: [condition(c, code)], support: support[code], hardNegatives: hard[code],
                                        coverage: Double(hard[code]) / totalHard, lift: l))
            }
        }
        if options.includePairs {
            for a in 0..<binned.columnCount {
                let codesA = binned.codeCount(a)
                for b in (a + 1)..<Swift.max(a + 1, binned.columnCount) {
                    let codesB = binned.codeCount(b)
                    var support = [Int](repeating: 0, count: codesA * codesB), hard = support
                    for i in 0..<n {
                        let cell = Int(binned.codes[a * n + i]) * codesB + Int(binned.codes[b * n + i])
                        support[cell] += 1
                        if isHard[i] { hard[cell] += 1 }
                    }
                    for cell in 0..<(codesA * codesB) where support[cell] >= options.minimumSupport {
                        let ca = cell / codesB, cb = cell % codesB
                        let l = lift(support[cell], hard[cell])
                        guard l > 1, l > singleLift[a][ca], l > singleLift[b][cb] else { continue }
                        slices.append(WeakSlice(conditions: [condition(a, ca), condition(b, cb)], support: support[cell],
                                                hardNegatives: hard[cell], coverage: Double(hard[cell]) / totalHard, lift: l))
                    }
                }
            }
        }
        slices.sort { x, y in
            if x.lift != y.lift { return x.lift > y.lift }
            if x.hardNegatives != y.hardNegatives { return x.hardNegatives > y.hardNegatives }
            if x.conditions.count != y.conditions.count { return x.conditions.count < y.conditions.count }
            // Each condition is identified by (column, upper bound), missing sorting first.
            let kx = x.conditions.flatMap { [Double($0.column), $0.isMissing ? -.infinity : ($0.upper ?? .infinity)] }
            let ky = y.conditions.flatMap { [Double($0.column), $0.isMissing ? -.infinity : ($0.upper ?? .infinity)] }
            return kx.lexicographicallyPrecedes(ky)
        }
        // Walk the ranking, skipping near duplicates of slices already kept (a pair that
        // merely trims a strong single condition would otherwise fill the list).
        var kept: [WeakSlice] = []
        var keptMembers: [Set<Int>] = []
        for slice in slices {
            guard kept.count < options.maximumResults else { break }
            let members = Set((0..<n).filter { i in slice.conditions.allSatisfy { $0.contains(features[negatives[i], $0.column]) } })
            let duplicate = keptMembers.contains { other in
                Double(members.intersection(other).count) / Double(members.union(other).count) > options.maximumOverlap
            }
            if duplicate { continue }
            kept.append(slice)
            keptMembers.append(members)
        }
        return kept
    }
}
