/// The rows scored near the operating threshold: scores in [t − W, t + W], both ends included.
///
/// This is where a classifier's decisions are fragile and where hard negatives live.
/// `errorRate` is the share of band rows misclassified at t (positives below t, negatives
/// at or above it). `ece` is the expected calibration error inside the band, for
/// probability scores only: the band [low, high] is cut into `bins` equal-width bins (a
/// score equal to `high` goes to the last bin; a zero-width band is one bin), and
/// ECE = Σ_b (n_b / n) · |mean label_b − mean score_b| over the non-empty bins
/// (Naeini et al., "Obtaining well calibrated probabilities using Bayesian binning", AAAI 2015).
public struct ThresholdBand: Sendable, Equatable {
    /// t − W.
    public let low: Double
    /// t + W.
    public let high: Double
    /// Rows with low ≤ score ≤ high.
    public let rows: Int
    /// Positive rows in the band.
    public let positives: Int
    /// Negative rows in the band.
    public let negatives: Int
    /// Misclassified share of the band at the threshold; `nil` when the band is empty.
    public let errorRate: Double?
    /// Expected calibration error in the band; `nil` when the band is empty or the scores
    /// are not probabilities.
    public let ece: Double?
}

extension ThresholdCurve {
    /// The band of half-width `halfWidth` around `threshold`.
    /// - Parameters:
    ///   - threshold: the operating threshold t.
    ///   - halfWidth: W ≥ 0.
    ///   - probabilities: whether scores are probabilities (then ``ThresholdBand/ece`` is computed).
    ///   - bins: ECE bins, ≥ 1.
    /// - Complexity: O(log n + rows in the band).
    public func band(around threshold: Double, halfWidth: Double, probabilities: Bool, bins: Int = 10) -> ThresholdBand {
        precondition(halfWidth >= 0 && bins >= 1)
        let low = threshold - halfWidth
        let high = threshold + halfWidth
        let start = sortedRowCount { $0 > high }
        let end = sortedRowCount { $0 >= low }
        var positives = 0
        var errors = 0
        var binRows = [Int](repeating: 0, count: bins)
        var binPositives = [Int](repeating: 0, count: bins)
        var binScoreSums = [Double](repeating: 0, count: bins)
        let width = high - low
        for i in start..<max(start, end) {
            let score = sortedScores[i]
            let positive = sortedLabels[i] == 1
            if positive { positives += 1 }
            if positive != (score >= threshold) { errors += 1 }
            if probabilities {
                let b = width > 0 ? min(bins - 1, Int((score - low) / width * Double(bins))) : 0
                binRows[b] += 1
                binPositives[b] += positive ? 1 : 0
                binScoreSums[b] += score
            }
        }
        let rows = max(0, end - start)
        var ece: Double? = nil
        if probabilities && rows > 0 {
            var sum = 0.0
            for b in 0..<bins where binRows[b] > 0 {
                let count = Double(binRows[b])
                sum += count * abs(Double(binPositives[b]) / count - binScoreSums[b] / count)
            }
            ece = sum / Double(rows)
        }
        return ThresholdBand(low: low, high: high, rows: rows, positives: positives, negatives: rows - positives,
                             errorRate: rows > 0 ? Double(errors) / Double(rows) : nil, ece: ece)
    }

    /// The length of the prefix of the (descending) sorted scores that satisfies `isAbove`,
    /// a predicate true for high scores and false for low ones.
    func sortedRowCount(_ isAbove: (Double) -> Bool) -> Int {
        var low = 0
        var high = sortedScores.count
        while low < high {
            let mid = (low + high) / 2
            if isAbove(sortedScores[mid]) { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
