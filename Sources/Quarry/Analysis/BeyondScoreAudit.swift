import Foundation

/// Is there information in the features, beyond the model's score, that tells the labels
/// apart near the operating threshold? The verdict explain gives on hard negatives.
///
/// Hard negatives and the positives they are mistaken for differ in score, and the score is
/// a function of the features, so any discriminator separates them by the score alone. The
/// question that matters is conditional on the score: does `P(y | x, s)` differ from
/// `P(y | s)`? The audit answers it as a multicalibration audit of the score on the region
/// (Hébert-Johnson, Kim, Reingold & Rothblum, "Multicalibration", ICML 2018; Kim, Ghorbani &
/// Zou, "Multiaccuracy: black-box post-processing for fairness in classification", AIES 2019):
///
/// 1. **Region**: the labelled rows with score ≥ threshold (or in a band around it).
/// 2. **Recalibration**, cross-fitted over `K` folds: an isotonic regression of the label on
///    the score (``IsotonicRegression``), fitted on the other folds, gives each row the offset
///    `o = logit q̂(s)` — everything the score knows, made calibrated.
/// 3. **Auditor**: Quarry's GBDT, depth ≤ 3, boosted *from the offset* (LightGBM's
///    `init_score`), trained on `K − 2` folds and early-stopped on one; the statistic `T` is
///    its out-of-fold log-loss reduction per row over the offset, in nats.
/// 4. **Null**: labels permuted within score-quantile bins, which keeps the label–score link
///    and breaks any other — a binned conditional permutation test (Berrett, Wang, Barber &
///    Samworth, "The conditional permutation test for independence while controlling for
///    confounders", JRSS-B 2020). `p = (1 + #{T_b ≥ T}) / (B + 1)`; under the null `T` is
///    usually negative, so it is compared with the null distribution, never with 0.
/// 5. **Power**: labels redrawn from the offset plus a planted signal worth
///    ``Options/minimumEffect`` nats per row (on one feature, residualised on the score
///    bins); the share detected at the null's critical value is the power.
/// 6. **Verdict**: `separable` when `p < α`; `not_separable` when `p ≥ α`, each class has at
///    least ``Options/minimumClassRows`` rows and the power is at least
///    ``Options/requiredPower``; otherwise `inconclusive`, with the reason.
///
/// Then it names what carries the information (``FeatureEvidence``, ``PairEvidence``):
/// per-feature generalised covariance measures conditional on the score (Shah & Peters,
/// "The hardness of conditional independence testing and the generalised covariance
/// measure", Ann. Statist. 2020), Holm-corrected, and pairs whose depth-2 auditor beats an
/// additive one. ``namedFeatures`` is the list a feature-revision strategy can start from.
///
/// Features are binned once; the `1 + B + injections` statistics (`K` fits each) reuse the
/// bins and run in parallel, each writing its own slot, so the result does not depend on
/// the thread count.
///
/// ```swift
/// let audit = try BeyondScoreAudit(features: matrix, labels: labels, scores: scores, threshold: 0.5)
/// if audit.verdict == .separable { print(audit.namedFeatures) }
/// ```
public struct BeyondScoreAudit: Sendable, Equatable {
    /// The answer.
    public enum Verdict: String, Sendable, Equatable, CaseIterable {
        /// The features carry information about the label beyond the score.
        case separable
        /// No information beyond the score, and the test had the power to find the minimum effect.
        case notSeparable = "not_separable"
        /// Neither can be said (too few rows, or too little power); ``reason`` says which.
        case inconclusive
    }

    public let verdict: Verdict
    /// Why the verdict is `inconclusive` (`nil` otherwise).
    public let reason: String?
    /// The rows of the region (indices into the input), ascending.
    public let rows: [Int]
    /// Positives and negatives in the region.
    public let positives: Int
    public let negatives: Int
    /// `T`: out-of-fold log-loss reduction per row of the auditor over the recalibrated score,
    /// in nats (`nil` when the test did not run).
    public let statistic: Double?
    /// Out-of-fold log-loss per row of the recalibrated score alone, and with the auditor.
    public let offsetLogLoss: Double?
    public let auditorLogLoss: Double?
    /// The permutation p-value `(1 + #{T_b ≥ T}) / (B + 1)`.
    public let pValue: Double?
    /// `T_b` of each permutation.
    public let nullStatistics: [Double]
    /// The smallest null statistic the test calls significant at α (the detection bar of the power check).
    public let criticalValue: Double?
    /// Share of planted signals of ``Options/minimumEffect`` detected (`nil` when not checked).
    public let power: Double?
    /// Per-feature evidence, ranked by strength.
    public let features: [FeatureEvidence]
    /// Pairs whose joint effect was tested, ranked by strength.
    public let interactions: [PairEvidence]
    public let options: Options

    /// Audits the score on the region of `threshold`.
    ///
    /// - Parameters:
    ///   - features: numeric features of every row (NaN = missing).
    ///   - labels: `true` for positives, one per row.
    ///   - scores: the model's finite scores, one per row.
    ///   - threshold: the operating threshold.
    ///   - regionRows: the region's rows when the caller chose them (e.g. given hard negatives
    ///     and the positives at or above the threshold); `nil` applies ``Options/region``.
    ///   - progress: told of each permuted or planted labelling fitted (stage `audit`).
    /// - Throws: ``InvalidInput`` for mismatched lengths, non-finite scores or a bad option.
    /// - Complexity: O((1 + B + injections) · K · rounds · n · d · depth) for `n` region rows.
    public init(features: FeatureMatrix, labels: [Bool], scores: [Double], threshold: Double,
                regionRows: [Int]? = nil, options: Options = Options(), progress: ProgressReporter = .silent) throws {
        try options.validate()
        guard labels.count == features.rowCount, scores.count == features.rowCount else {
            throw InvalidInput("features have \(features.rowCount) rows, labels \(labels.count), scores \(scores.count)", kind: .dataError)
        }
        guard threshold.isFinite else { throw InvalidInput("threshold must be a finite number, found \(threshold)") }
        if let bad = scores.firstIndex(where: { !$0.isFinite }) {
            throw InvalidInput("score of row \(bad + 1) is \(scores[bad]), expected a finite number", kind: .dataError)
        }
        self.options = options
        let rows: [Int]
        if let regionRows {
            rows = Array(Set(regionRows)).sorted()
        } else {
            switch options.region {
            case .atOrAboveThreshold: rows = scores.indices.filter { scores[$0] >= threshold }
            case .band(let w): rows = scores.indices.filter { Swift.abs(scores[$0] - threshold) <= w }
            }
        }
        self.rows = rows
        let y = rows.map { labels[$0] ? 1.0 : 0.0 }
        positives = Int(y.reduce(0, +))
        negatives = rows.count - positives
        let tooFew = "too few rows: the region has \(positives) positives and \(negatives) negatives"
        guard Swift.min(positives, negatives) >= 2 * options.folds else {
            verdict = .inconclusive
            reason = "\(tooFew); the test needs at least \(2 * options.folds) of each"
            statistic = nil; offsetLogLoss = nil; auditorLogLoss = nil; pValue = nil; nullStatistics = []
            criticalValue = nil; power = nil; self.features = []; interactions = []
            return
        }
        let engine = AuditEngine(features: features.selecting(rows: rows), scores: rows.map { scores[$0] }, options: options)
        let threads = options.threads ?? activeCoreCount()
        let root = SeededGenerator(seed: options.seed)

        // Labelings: observed, B permutations within score bins, then the planted signals.
        var labelings = [y]
        for b in 0..<options.permutations {
            var g = root.derived(UInt64(b + 1))
            labelings.append(engine.permutedWithinBins(y, using: &g))
        }
        let observedOffsets = engine.offsets(labels: y)
        let injections = engine.plantedLabelings(offsets: observedOffsets, count: options.powerInjections,
                                                 generator: root.derived(0xF0_0000))
        labelings += injections
        let observed = engine.statistic(labels: y, offsets: observedOffsets)
        let others = Array(labelings.dropFirst())
        let results = UnsafeMutableBufferPointer<Double>.allocate(capacity: others.count)
        results.initialize(repeating: .nan)
        defer { results.deallocate() }
        let meter = progress.start("audit", unit: "labellings", total: others.count)
        parallelFor(others.count, threads: threads) { job in
            results[job] = engine.statistic(labels: others[job]).perRowReduction
            meter.advance(by: 1)
        }
        meter.finish()
        let t = observed.perRowReduction
        let null = Array(results[0..<options.permutations])
        let planted = Array(results[options.permutations...])
        statistic = t
        nullStatistics = null
        offsetLogLoss = observed.offsetLogLoss
        auditorLogLoss = observed.auditorLogLoss
        let exceed = null.filter { $0 >= t }.count
        let p = Double(1 + exceed) / Double(options.permutations + 1)
        pValue = p
        // The smallest c with (1 + #{T_b ≥ c}) / (B + 1) < α: above the k-th largest null value.
        let sorted = null.sorted(by: >)
        let allowed = Int((options.alpha * Double(options.permutations + 1)).rounded(.up)) - 1  // #{T_b ≥ c} ≤ allowed − 1
        let critical = allowed >= 1 ? sorted[Swift.min(allowed - 1, sorted.count - 1)] : .infinity
        criticalValue = critical.isFinite ? critical : nil
        power = planted.isEmpty ? nil : Double(planted.filter { $0 > critical }.count) / Double(planted.count)

        if p < options.alpha {
            verdict = .separable; reason = nil
        } else if Swift.min(positives, negatives) < options.minimumClassRows {
            verdict = .inconclusive
            reason = "\(tooFew); no information beyond the score is claimed below \(options.minimumClassRows) of each"
        } else if let power, power >= options.requiredPower {
            verdict = .notSeparable; reason = nil
        } else {
            verdict = .inconclusive
            reason = power.map {
                "too little power: a planted signal of \(Table.format(options.minimumEffect)) nats per row was detected in \(Table.format($0 * 100))% of \(options.powerInjections) injections (needs \(Table.format(options.requiredPower * 100))%); more labelled rows in the region would help"
            } ?? "no power check was run (power injections = 0), so no information cannot be told from too little data"
        }
        let evidence = engine.featureEvidence(labels: y, offsets: observedOffsets, alpha: options.alpha,
                                              gains: observed.gainByFeature)
        self.features = evidence
        interactions = engine.pairEvidence(labels: y, offsets: observedOffsets, candidates: evidence, alpha: options.alpha,
                                           threads: threads)
    }

    /// The features and pairs the evidence names (Holm-significant), strongest first:
    /// candidates for a feature-revision strategy. Empty unless the verdict is `separable`.
    public var namedFeatures: [String] {
        guard verdict == .separable else { return [] }
        var names = features.filter(\.named).map(\.name)
        for pair in interactions where pair.named {
            for name in [pair.first, pair.second] where !names.contains(name) { names.append(name) }
        }
        return names
    }

    /// The one-sentence advice of the verdict.
    public var advice: String {
        switch verdict {
        case .notSeparable:
            return "the features cannot tell these negatives from positives at the same score: collect or engineer a new property; more data or a bigger model will not help"
        case .separable:
            let pairs = interactions.filter(\.named).map { "\($0.first) × \($0.second)" }
            let singles = features.filter(\.named).map(\.name)
            let named = (pairs + singles).prefix(5)
            let what = named.isEmpty ? "the features jointly (no single feature or pair stands out)" : Table.list(Array(named), limit: 5)
            return "the features carry information beyond the score, in \(what): feature revision (\(InvalidInput.setting("strategy", "revise"))) or a more flexible model can use it"
        case .inconclusive:
            return "no verdict: \(reason ?? "see the warnings")"
        }
    }
}
