/// Why the hard negatives are hard: the result of ``ExplainReport/explain(features:labels:scores:threshold:hardRows:ids:options:)``.
///
/// ```swift
/// let report = try ExplainReport.explain(features: matrix, labels: labels, scores: scores, threshold: 0.5)
/// print(report.text)                       // readable summary
/// print(report.json.serialized(pretty: true))
/// report.suspects.excluding(minedRows)     // mined rows minus suspected label errors
/// ```
public struct ExplainReport: Sendable, Equatable {
    public let groups: ExplainGroups
    /// Every feature's marginal difference between hard negatives and positives (including
    /// what the score already explains), ranked by |AUC − 0.5| (see ``FeatureSeparation/rank(features:groups:)``).
    public let features: [FeatureSeparation]
    /// The verdict: is there information beyond the score (``BeyondScoreAudit``)?
    public let beyondScore: BeyondScoreAudit
    public let slices: [WeakSlice]
    public let suspects: LabelSuspects
    /// Human-readable caveats (fallbacks, undefined statistics).
    public let warnings: [String]
    public let options: ExplainOptions
    /// Row ids for the suspects list, when the input had an id column.
    public let ids: [String]?
    /// The number of rows analysed.
    public let rowCount: Int

    /// Runs every analysis.
    ///
    /// - Parameters:
    ///   - features: numeric features (NaN = missing).
    ///   - labels: `true` for positive rows.
    ///   - scores: the model's finite scores.
    ///   - threshold: the operating threshold.
    ///   - hardRows: already mined hard negatives, or `nil` for negatives scoring ≥ threshold.
    ///   - ids: optional row ids shown with suspects.
    ///   - progress: told how the beyond-score audit's permutations advance.
    /// - Throws: ``InvalidInput`` for inconsistent inputs or options.
    /// - Complexity: dominated by the beyond-score audit and the suspects' neighbour search.
    public static func explain(features: FeatureMatrix, labels: [Bool], scores: [Double], threshold: Double,
                               hardRows: [Int]? = nil, ids: [String]? = nil, options: ExplainOptions = .init(),
                               progress: ProgressReporter = .silent) throws -> ExplainReport {
        guard labels.count == features.rowCount, scores.count == features.rowCount else {
            throw InvalidInput("features have \(features.rowCount) rows, labels \(labels.count), scores \(scores.count)", kind: .dataError)
        }
        guard features.rowCount > 0 else { throw InvalidInput("no rows to explain", kind: .dataError) }
        guard features.columnCount > 0 else { throw InvalidInput("no feature columns to explain", kind: .usage) }
        if let ids, ids.count != features.rowCount {
            throw InvalidInput("ids has \(ids.count) values but there are \(features.rowCount) rows", kind: .dataError)
        }
        let groups = try ExplainGroups(scores: scores, labels: labels, threshold: threshold, hardRows: hardRows, options: options.groups)
        var warnings: [String] = []
        if groups.hardNegatives.isEmpty { warnings.append("no hard negatives: no negative scores at or above the threshold") }
        if groups.positivesFellBack {
            warnings.append("fewer than \(options.groups.minimumPositives) true positives within \(Table.format(options.groups.positiveBand)) above the threshold; all \(groups.positives.count) true positives are used instead")
        }
        if groups.positives.isEmpty { warnings.append("no true positives at or above the threshold: nothing to compare the hard negatives with") }
        let ranked = FeatureSeparation.rank(features: features, groups: groups)
        let undefined = ranked.filter { $0.smdVersusPositives == nil && !groups.hardNegatives.isEmpty && !groups.positives.isEmpty }
        if !undefined.isEmpty {
            warnings.append("standardized mean difference undefined (null) for \(undefined.count) feature(s) constant over hard negatives and positives: \(Table.list(undefined.map(\.feature), limit: 5))")
        }
        // With given hard negatives, the region is those rows and the positives at or above the threshold.
        let region = groups.hardRowsGiven
            ? groups.hardNegatives + scores.indices.filter { labels[$0] && scores[$0] >= threshold }
            : nil
        let beyondScore = try BeyondScoreAudit(features: features, labels: labels, scores: scores, threshold: threshold,
                                               regionRows: region, options: options.audit, progress: progress)
        if let reason = beyondScore.reason { warnings.append("beyond-score audit inconclusive: \(reason)") }
        let slices = try WeakSliceFinder.find(features: features, labels: labels, hardNegatives: groups.hardNegatives, options: options.slices)
        let suspects = try LabelSuspects(features: features, labels: labels, scores: scores, threshold: threshold,
                                         candidates: groups.hardNegatives, options: options.suspects)
        return ExplainReport(groups: groups, features: ranked, beyondScore: beyondScore, slices: slices,
                             suspects: suspects, warnings: warnings, options: options, ids: ids, rowCount: features.rowCount)
    }

    /// The machine-readable result: `quarry_version`, parameters, groups, `beyond_score`
    /// (the verdict), `features` (marginal differences), slices, suspects, warnings.
    public var json: JSONValue {
        let g = options.groups
        return [
            "quarry_version": .string(Quarry.version),
            "parameters": [
                "threshold": .number(groups.threshold),
                "hard_source": .string(groups.hardRowsGiven ? "given" : "threshold"),
                "positive_band": .number(g.positiveBand),
                "minimum_positives": .number(Double(g.minimumPositives)),
                "easy_margin": .number(g.easyMargin),
                "seed": .number(Double(options.seed)),
                "feature_ranking": "abs(auc_vs_positives - 0.5)",
                "slices": options.slices.json,
                "suspects": options.suspects.json,
            ],
            "rows": .number(Double(rowCount)),
            "groups": [
                "hard_negatives": .number(Double(groups.hardNegatives.count)),
                "positives": .number(Double(groups.positives.count)),
                "positives_fell_back_to_all_true_positives": .bool(groups.positivesFellBack),
                "easy_negatives": .number(Double(groups.easyNegatives.count)),
            ],
            "beyond_score": beyondScore.json,
            "features": .array(features.map(\.json)),
            "slices": .array(slices.map(\.json)),
            "suspects": suspects.json(ids: ids),
            "warnings": .array(warnings.map { .string($0) }),
        ]
    }
}
