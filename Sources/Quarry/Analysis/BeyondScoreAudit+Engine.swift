import Foundation

/// The audit's fixed parts on the region's rows — score bins, folds, binned features — and
/// the statistic computed on any labelling of those rows.
struct AuditEngine: Sendable {
    let features: FeatureMatrix
    let scores: [Double]
    let options: BeyondScoreAudit.Options
    /// Score-quantile bin of each row and the rows of each bin.
    let scoreBin: [Int]
    let binMembers: [[Int]]
    /// Fold of each row; each fold's rows and the rows of all other folds, ascending.
    let fold: [Int]
    let foldRows: [[Int32]]
    /// Per fold `k`: the rows of the other folds (ascending) and the isotonic design of their
    /// scores predicted at fold `k`'s scores, prepared once for every labelling.
    let otherRows: [[Int]]
    let recalibration: [IsotonicRegression.FixedDesign]
    /// Per fold `k`: the auditor's training rows, every fold but `k` and `k + 1`, ascending.
    let auditorTrainRows: [[Int32]]
    /// The depth-`maxDepth` auditor on features binned once.
    let booster: OffsetBooster

    /// Offsets are clipped to `logit([ε, 1 − ε])` so an isotonic block of one class costs a finite loss.
    static let clip = 1e-3

    /// Bins the scores by rank into ``BeyondScoreAudit/Options/scoreBins`` equal groups and
    /// deals folds within consecutive runs of `K` rows in score order (a seeded permutation of
    /// the folds per run), so every fold covers the whole score range.
    init(features: FeatureMatrix, scores: [Double], options: BeyondScoreAudit.Options) {
        self.features = features
        self.scores = scores
        self.options = options
        let n = scores.count
        let order = scores.indices.sorted { scores[$0] < scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
        let bins = Swift.min(options.scoreBins, n)
        var scoreBin = [Int](repeating: 0, count: n)
        var members = [[Int]](repeating: [], count: bins)
        for (rank, row) in order.enumerated() {
            let b = rank * bins / n
            scoreBin[row] = b
            members[b].append(row)
        }
        var fold = [Int](repeating: 0, count: n)
        var g = SeededGenerator(seed: options.seed).derived(0xF01D)
        for start in stride(from: 0, to: n, by: options.folds) {
            var deal = Array(0..<options.folds)
            g.shuffle(&deal)
            for j in start..<Swift.min(n, start + options.folds) { fold[order[j]] = deal[j - start] }
        }
        self.scoreBin = scoreBin
        binMembers = members
        self.fold = fold
        let foldRows = (0..<options.folds).map { k in (0..<n).filter { fold[$0] == k }.map(Int32.init) }
        self.foldRows = foldRows
        let otherRows = (0..<options.folds).map { k in (0..<n).filter { fold[$0] != k } }
        self.otherRows = otherRows
        recalibration = (0..<options.folds).map { k in
            IsotonicRegression.FixedDesign(x: otherRows[k].map { scores[$0] }, at: foldRows[k].map { scores[Int($0)] })
        }
        auditorTrainRows = (0..<options.folds).map { k in
            let validation = (k + 1) % options.folds
            return (0..<n).filter { fold[$0] != k && fold[$0] != validation }.map(Int32.init)
        }
        booster = OffsetBooster(features: features, configuration: options.auditorConfiguration(depth: options.maxDepth), threads: 1)
    }

    var rowCount: Int { scores.count }

    /// `labels` permuted within each score bin.
    func permutedWithinBins(_ labels: [Double], using g: inout SeededGenerator) -> [Double] {
        var out = labels
        for rows in binMembers {
            var values = rows.map { labels[$0] }
            g.shuffle(&values)
            for (row, value) in zip(rows, values) { out[row] = value }
        }
        return out
    }

    /// Cross-fitted offsets: each fold's rows get `logit q̂(s)` from an isotonic regression
    /// of the labels on the scores of the other folds.
    /// - Complexity: O(K · n) (the sorts are done once, in ``recalibration``).
    func offsets(labels: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: rowCount)
        for k in 0..<options.folds {
            let fitted = recalibration[k].predictions(y: otherRows[k].map { labels[$0] })
            for (r, value) in zip(foldRows[k], fitted) {
                let q = Swift.min(Swift.max(value, Self.clip), 1 - Self.clip)
                out[Int(r)] = Foundation.log(q / (1 - q))
            }
        }
        return out
    }

    /// The out-of-fold result of boosting from the offsets.
    struct Statistic {
        /// Per row: log-loss at the offset minus log-loss with the auditor (nats).
        var reductions: [Double]
        var offsetLogLoss: Double
        var auditorLogLoss: Double
        /// Summed split gain of the fold auditors per feature.
        var gainByFeature: [Double]
        /// `T`, the mean of ``reductions``.
        var perRowReduction: Double { reductions.reduce(0, +) / Double(reductions.count) }
    }

    /// `T` for `labels`: for each fold `k`, an auditor trained on the folds other than `k` and
    /// `k + 1`, early-stopped on fold `k + 1`, scores fold `k`.
    func statistic(labels: [Double], offsets given: [Double]? = nil, booster: OffsetBooster? = nil,
                   features allowed: [Int]? = nil) -> Statistic {
        let booster = booster ?? self.booster
        let o = given ?? offsets(labels: labels)
        let allowed = allowed ?? Array(0..<features.columnCount)
        var reductions = [Double](repeating: 0, count: rowCount)
        var base = 0.0, audited = 0.0
        var gains = [Double](repeating: 0, count: features.columnCount)
        let K = options.folds
        for k in 0..<K {
            let validation = (k + 1) % K
            let fit = booster.fit(labels: labels, offsets: o, train: auditorTrainRows[k], validation: foldRows[validation],
                                  evaluate: foldRows[k], features: allowed)
            for (r, increment) in zip(foldRows[k], fit.increments) {
                let i = Int(r), positive = labels[i] > 0.5
                let before = LogSigmoid.softplus(positive ? -o[i] : o[i])
                let after = LogSigmoid.softplus(positive ? -(o[i] + increment) : o[i] + increment)
                reductions[i] = before - after
                base += before
                audited += after
            }
            for tree in fit.trees {
                for (f, g) in zip(tree.splitFeature, tree.gain) { gains[Int(f)] += g }
            }
        }
        let n = Double(rowCount)
        return Statistic(reductions: reductions, offsetLogLoss: base / n, auditorLogLoss: audited / n, gainByFeature: gains)
    }

    /// `count` labelings drawn from `sigmoid(offset + γ z)`, `z` one feature (cycling through
    /// the features) residualised on the score bins, standardized and clipped to ±3, and `γ`
    /// chosen so the planted model beats the offset by ``BeyondScoreAudit/Options/minimumEffect``
    /// nats per row (mean Kullback–Leibler divergence of the two Bernoulli laws).
    ///
    /// A feature that is (almost) a function of the score is left out: no signal on it can be
    /// information beyond the score, and the recalibration absorbs it, so counting it would
    /// cap the power below what the test has (e.g. `a` when the score is `σ(2a)`).
    func plantedLabelings(offsets: [Double], count: Int, generator: SeededGenerator) -> [[Double]] {
        let signals = (0..<features.columnCount)
            .filter { scoreDetermination(column: $0) < Self.scoreDeterminedShare }
            .compactMap { standardizedResidual(column: $0) }
        guard count > 0, !signals.isEmpty else { return [] }
        var g = generator
        // One strength per signal (the bisection is the costly part, and it depends only on the signal).
        let strengths = signals.prefix(count).map { Self.strength(offsets: offsets, signal: $0, effect: options.minimumEffect) }
        return (0..<count).map { m in
            let z = signals[m % signals.count]
            let gamma = strengths[m % signals.count]
            return zip(offsets, z).map { o, zi in g.nextUnitDouble() < 1 / (1 + Foundation.exp(-(o + gamma * zi))) ? 1 : 0 }
        }
    }

    /// Share of a column's variance that a monotone function of the score explains: the
    /// better of an increasing and a decreasing isotonic regression of the column on the score,
    /// in-sample, over the non-missing values (1 for a monotone function of the score).
    func scoreDetermination(column c: Int) -> Double {
        let values = Array(features.column(c))
        let present = values.indices.filter { !values[$0].isNaN }
        guard present.count >= 2 else { return 1 }
        let x = present.map { scores[$0] }, y = present.map { values[$0] }
        let mean = y.reduce(0, +) / Double(y.count)
        let total = y.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        guard total > 0 else { return 1 }
        let up = IsotonicRegression(x: x, y: y), down = IsotonicRegression(x: x, y: y.map { -$0 })
        var upLeft = 0.0, downLeft = 0.0
        for (xi, yi) in zip(x, y) {
            let u = yi - up.predict(xi), d = yi + down.predict(xi)
            upLeft += u * u; downLeft += d * d
        }
        return 1 - Swift.min(upLeft, downLeft) / total
    }

    /// Features whose ``scoreDetermination(column:)`` reaches this share get no planted signal.
    static let scoreDeterminedShare = 0.9

    /// Column `c` minus its mean in each score bin (missing values → 0), divided by its
    /// standard deviation and clipped to ±3; `nil` for a column constant within bins.
    func standardizedResidual(column c: Int) -> [Double]? {
        let r = residualOnBins(Array(features.column(c)))
        let sd = (r.reduce(0) { $0 + $1 * $1 } / Double(r.count)).squareRoot()
        guard sd > 1e-12 else { return nil }
        return r.map { Swift.min(3, Swift.max(-3, $0 / sd)) }
    }

    /// `values` minus their mean within each score bin over the non-missing values; missing → 0.
    func residualOnBins(_ values: [Double]) -> [Double] {
        var out = [Double](repeating: 0, count: values.count)
        for rows in binMembers {
            let present = rows.filter { !values[$0].isNaN }
            guard !present.isEmpty else { continue }
            let mean = present.reduce(0) { $0 + values[$1] } / Double(present.count)
            for row in present { out[row] = values[row] - mean }
        }
        return out
    }

    /// The `γ ≥ 0` with mean KL(Bernoulli(σ(o + γz)) ‖ Bernoulli(σ(o))) = `effect` (bisection).
    static func strength(offsets: [Double], signal: [Double], effect: Double) -> Double {
        func divergence(_ gamma: Double) -> Double {
            var total = 0.0
            for (o, z) in zip(offsets, signal) {
                let p = 1 / (1 + Foundation.exp(-o)), q = 1 / (1 + Foundation.exp(-(o + gamma * z)))
                total += q * Foundation.log(q / p) + (1 - q) * Foundation.log((1 - q) / (1 - p))
            }
            return total / Double(offsets.count)
        }
        var lo = 0.0, hi = 1.0
        while divergence(hi) < effect, hi < 1e3 { hi *= 2 }
        for _ in 0..<50 {
            let mid = (lo + hi) / 2
            if divergence(mid) < effect { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }
}
