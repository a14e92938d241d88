/// Two-sample effect sizes used to compare a feature between two groups of rows.
///
/// Each function takes the two samples with missing values (NaN) already removed.
enum TwoSampleStatistics {
    /// Cohen's d with the pooled standard deviation:
    /// `(mean(a) − mean(b)) / sqrt(((n_a − 1)·s_a² + (n_b − 1)·s_b²) / (n_a + n_b − 2))`,
    /// `s²` the unbiased (ddof = 1) variances (Cohen 1988, §2.5).
    ///
    /// `nil` when either sample is empty, both have a single value, or the pooled standard
    /// deviation is zero (a constant feature: no scale to measure the gap in).
    /// - Complexity: O(n_a + n_b).
    static func standardizedMeanDifference(_ a: [Double], _ b: [Double]) -> Double? {
        guard !a.isEmpty, !b.isEmpty, a.count + b.count > 2 else { return nil }
        let (meanA, ssA) = meanAndSumOfSquares(a)
        let (meanB, ssB) = meanAndSumOfSquares(b)
        let pooledVariance = (ssA + ssB) / Double(a.count + b.count - 2)
        guard pooledVariance > 0 else { return nil }
        return (meanA - meanB) / pooledVariance.squareRoot()
    }

    /// Mean and sum of squared deviations from it (two passes).
    static func meanAndSumOfSquares(_ x: [Double]) -> (Double, Double) {
        let mean = x.reduce(0, +) / Double(x.count)
        return (mean, x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) })
    }

    /// The two-sample Kolmogorov–Smirnov statistic `sup_x |F_a(x) − F_b(x)|` over the
    /// empirical distribution functions (`scipy.stats.ks_2samp(...).statistic`).
    ///
    /// `nil` when a sample is empty.
    /// - Complexity: O(n log n) for the sorts.
    static func kolmogorovSmirnov(_ a: [Double], _ b: [Double]) -> Double? {
        guard !a.isEmpty, !b.isEmpty else { return nil }
        let sa = a.sorted(), sb = b.sorted()
        var i = 0, j = 0, best = 0.0
        // Step both distribution functions past every copy of the next smallest value, so
        // ties between the samples are compared after the whole tie.
        while i < sa.count, j < sb.count {
            let x = Swift.min(sa[i], sb[j])
            while i < sa.count, sa[i] == x { i += 1 }
            while j < sb.count, sb[j] == x { j += 1 }
            best = Swift.max(best, Swift.abs(Double(i) / Double(sa.count) - Double(j) / Double(sb.count)))
        }
        return best
    }

    /// The ROC AUC of the raw value as a score for "belongs to `a`" against `b`: the
    /// probability that a random member of `a` exceeds a random member of `b`, ties counting
    /// one half (the Mann–Whitney U statistic over `n_a·n_b`; equals sklearn's
    /// `roc_auc_score` with `a` labelled 1).
    ///
    /// `nil` when a sample is empty.
    /// - Complexity: O(n log n).
    static func rocAUC(positives a: [Double], negatives b: [Double]) -> Double? {
        guard !a.isEmpty, !b.isEmpty else { return nil }
        let values = (a.map { ($0, true) } + b.map { ($0, false) }).sorted { $0.0 < $1.0 }
        // Sum of mid-ranks of `a`.
        var rankSum = 0.0
        var start = 0
        while start < values.count {
            var end = start
            while end + 1 < values.count, values[end + 1].0 == values[start].0 { end += 1 }
            let midRank = Double(start + end) / 2 + 1
            for k in start...end where values[k].1 { rankSum += midRank }
            start = end + 1
        }
        let na = Double(a.count), nb = Double(b.count)
        return (rankSum - na * (na + 1) / 2) / (na * nb)
    }
}
