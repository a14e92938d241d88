/// How one feature separates the hard negatives from the reference positives and from the
/// easy negatives.
///
/// Effect sizes are computed on the non-missing values of each group. The standardized mean
/// difference is Cohen's d with the pooled (ddof = 1) standard deviation, signed
/// hard − other; the KS statistic is the two-sample Kolmogorov–Smirnov distance; the AUC is
/// the feature's own ROC AUC as a score for "hard negative" against the positives (0.5 = no
/// information, above 0.5 = hard negatives have larger values).
public struct FeatureSeparation: Sendable, Equatable {
    /// The feature's name.
    public let feature: String
    /// Its column in the feature matrix.
    public let column: Int
    /// Cohen's d, hard negatives against reference positives (`nil` when undefined).
    public let smdVersusPositives: Double?
    /// KS statistic, hard negatives against reference positives.
    public let ksVersusPositives: Double?
    /// ROC AUC of the feature alone, hard negatives (class 1) against reference positives.
    public let aucVersusPositives: Double?
    /// Cohen's d, hard negatives against easy negatives.
    public let smdVersusEasyNegatives: Double?
    /// KS statistic, hard negatives against easy negatives.
    public let ksVersusEasyNegatives: Double?
    /// Share of missing values among hard negatives, reference positives, easy negatives
    /// (`nil` for an empty group).
    public let missingRateHard: Double?
    public let missingRatePositives: Double?
    public let missingRateEasy: Double?

    /// `|AUC − 0.5|`, the ranking key (0 when undefined).
    public var aucDistance: Double { aucVersusPositives.map { Swift.abs($0 - 0.5) } ?? 0 }

    /// Measures every feature of `features` over `groups`, ranked by ``aucDistance``
    /// descending, then by `|SMD vs positives|` descending, then by column.
    ///
    /// The ranking uses the AUC because it is invariant to monotone transforms and robust to
    /// the heavy tails of count features; the SMD is reported beside it.
    /// - Complexity: O(d · n log n).
    public static func rank(features: FeatureMatrix, groups: ExplainGroups) -> [FeatureSeparation] {
        let measured = (0..<features.columnCount).map { c in measure(features: features, column: c, groups: groups) }
        return measured.sorted { a, b in
            if a.aucDistance != b.aucDistance { return a.aucDistance > b.aucDistance }
            let sa = Swift.abs(a.smdVersusPositives ?? 0), sb = Swift.abs(b.smdVersusPositives ?? 0)
            if sa != sb { return sa > sb }
            return a.column < b.column
        }
    }

    /// Measures column `column`.
    public static func measure(features: FeatureMatrix, column: Int, groups: ExplainGroups) -> FeatureSeparation {
        let values = features.column(column)
        let base = values.startIndex
        func present(_ rows: [Int]) -> [Double] { rows.map { values[base + $0] }.filter { !$0.isNaN } }
        func missingRate(_ rows: [Int], _ kept: Int) -> Double? {
            rows.isEmpty ? nil : Double(rows.count - kept) / Double(rows.count)
        }
        let hard = present(groups.hardNegatives)
        let positives = present(groups.positives)
        let easy = present(groups.easyNegatives)
        return FeatureSeparation(
            feature: features.names[column], column: column,
            smdVersusPositives: TwoSampleStatistics.standardizedMeanDifference(hard, positives),
            ksVersusPositives: TwoSampleStatistics.kolmogorovSmirnov(hard, positives),
            aucVersusPositives: TwoSampleStatistics.rocAUC(positives: hard, negatives: positives),
            smdVersusEasyNegatives: TwoSampleStatistics.standardizedMeanDifference(hard, easy),
            ksVersusEasyNegatives: TwoSampleStatistics.kolmogorovSmirnov(hard, easy),
            missingRateHard: missingRate(groups.hardNegatives, hard.count),
            missingRatePositives: missingRate(groups.positives, positives.count),
            missingRateEasy: missingRate(groups.easyNegatives, easy.count))
    }

    /// snake_case JSON; undefined values are `null`.
    public var json: JSONValue {
        [
            "feature": .string(feature),
            "smd_vs_positives": .optional(smdVersusPositives),
            "ks_vs_positives": .optional(ksVersusPositives),
            "auc_vs_positives": .optional(aucVersusPositives),
            "smd_vs_easy_negatives": .optional(smdVersusEasyNegatives),
            "ks_vs_easy_negatives": .optional(ksVersusEasyNegatives),
            "missing_rate": [
                "hard_negatives": .optional(missingRateHard),
                "positives": .optional(missingRatePositives),
                "easy_negatives": .optional(missingRateEasy),
            ],
        ]
    }
}
