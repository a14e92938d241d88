/// A two-sided interval.
public struct ConfidenceInterval: Sendable, Equatable {
    /// The lower bound.
    public let low: Double
    /// The upper bound.
    public let high: Double

    public init(low: Double, high: Double) {
        self.low = low
        self.high = high
    }
}

/// Seeded percentile-bootstrap 95% intervals for the operating point's precision, recall and
/// false-positive rate, and for average precision.
///
/// Each replicate draws n rows with replacement (n = the number of rows). Replicate r uses
/// the generator `SeededGenerator(seed: seed).derived(r)`, so every replicate is the same
/// whatever the thread count and whichever thread runs it. The threshold is held fixed at
/// the operating point chosen on the full data (the interval describes that decision's
/// uncertainty, not a re-tuned one's). A replicate where a rate is undefined (no predicted
/// positives for precision, no positives for recall and average precision, no negatives for
/// the false-positive rate) is left out of that rate's interval; ``definedReplicates`` says
/// how many were used. Bounds are the 2.5th and 97.5th percentiles with `numpy.percentile`'s
/// default (`linear`) definition: the value at virtual index (m − 1) · q of the m sorted
/// values, linearly interpolated (Efron & Tibshirani, "An Introduction to the Bootstrap", 1993, ch. 13).
public struct BootstrapIntervals: Sendable, Equatable {
    /// Replicates drawn.
    public let replicates: Int
    /// The seed.
    public let seed: UInt64
    /// Precision at the fixed threshold; `nil` without an operating point or defined replicates.
    public let precision: ConfidenceInterval?
    /// Recall at the fixed threshold.
    public let recall: ConfidenceInterval?
    /// False-positive rate at the fixed threshold.
    public let falsePositiveRate: ConfidenceInterval?
    /// Average precision.
    public let averagePrecision: ConfidenceInterval?
    /// How many replicates defined each statistic: precision, recall, fpr, average precision.
    public let definedReplicates: [Int]

    /// The lower percentile, 2.5.
    public static let lowerQuantile = 0.025
    /// The upper percentile, 97.5.
    public static let upperQuantile = 0.975

    /// The 95 % percentile interval (``lowerQuantile``, ``upperQuantile``) of bootstrap
    /// replicate values in any order; `nil` when there are none.
    /// - Complexity: O(n log n) for the sort.
    static func percentileInterval(_ values: [Double]) -> ConfidenceInterval? {
        let sorted = values.sorted()
        return sorted.isEmpty ? nil : ConfidenceInterval(low: linearPercentile(sortedValues: sorted, quantile: lowerQuantile),
                                                          high: linearPercentile(sortedValues: sorted, quantile: upperQuantile))
    }

    /// The `q`-quantile of `sortedValues` as `numpy.percentile(…, 100·q)` with its default
    /// `linear` method (including numpy's symmetric interpolation formula).
    /// - Precondition: `sortedValues` is ascending and not empty; q in [0, 1].
    public static func linearPercentile(sortedValues: [Double], quantile q: Double) -> Double {
        precondition(!sortedValues.isEmpty && q >= 0 && q <= 1)
        let virtualIndex = Double(sortedValues.count - 1) * q
        let lowerIndex = Int(virtualIndex.rounded(.down))
        let upperIndex = min(lowerIndex + 1, sortedValues.count - 1)
        let t = virtualIndex - Double(lowerIndex)
        let a = sortedValues[lowerIndex]
        let b = sortedValues[upperIndex]
        let difference = b - a
        return t >= 0.5 ? b - difference * (1 - t) : a + difference * t
    }
}

extension ThresholdCurve {
    /// The generator replicate `replicate` draws its rows with.
    static func bootstrapGenerator(seed: UInt64, replicate: Int) -> SeededGenerator {
        SeededGenerator(seed: seed).derived(UInt64(replicate))
    }

    /// Bootstrap intervals (see ``BootstrapIntervals`` for the method).
    ///
    /// Rows are drawn as positions in the sorted order, so a replicate is a vector of
    /// multiplicities over the already-sorted rows and needs no sort of its own.
    /// - Parameters:
    ///   - threshold: the fixed operating threshold, or `nil` for the average-precision interval only.
    ///   - replicates: ≥ 1.
    ///   - seed: the seed.
    ///   - threads: replicates run in this many parallel chunks (`nil`: every core); the result does not depend on it.
    ///   - progress: told of each finished replicate (stage `bootstrap`, unit `replicates`).
    /// - Complexity: O(replicates · n) time, O(threads · n) extra memory.
    public func bootstrapIntervals(threshold: Double?, replicates: Int, seed: UInt64, threads: Int? = nil,
                                   progress: ProgressReporter = .silent) -> BootstrapIntervals {
        precondition(replicates >= 1)
        let meter = progress.start("bootstrap", unit: "replicates", total: replicates)
        defer { meter.finish() }
        let cutoff = threshold.map { rowCount(atOrAbove: $0) }
        let statistics = 4
        var values = [Double](repeating: .nan, count: replicates * statistics)
        let chunks = max(1, min(threads ?? activeCoreCount(), replicates))
        values.withUnsafeMutableBufferPointer { out in
            parallelFor(chunks, threads: chunks) { chunk in
                var counts = [UInt32](repeating: 0, count: rows)
                for r in ScoreRadixSort.chunkRange(chunk, of: chunks, count: replicates) {
                    let s = replicateStatistics(replicate: r, seed: seed, cutoff: cutoff, counts: &counts)
                    out[r * statistics] = s.precision ?? .nan
                    out[r * statistics + 1] = s.recall ?? .nan
                    out[r * statistics + 2] = s.falsePositiveRate ?? .nan
                    out[r * statistics + 3] = s.averagePrecision ?? .nan
                    meter.advance(by: 1)
                }
            }
        }
        var intervals: [ConfidenceInterval?] = []
        var defined: [Int] = []
        for k in 0..<statistics {
            let column = stride(from: k, to: values.count, by: statistics).map { values[$0] }.filter { !$0.isNaN }
            defined.append(column.count)
            intervals.append(BootstrapIntervals.percentileInterval(column))
        }
        return BootstrapIntervals(replicates: replicates, seed: seed, precision: intervals[0], recall: intervals[1],
                                  falsePositiveRate: intervals[2], averagePrecision: intervals[3], definedReplicates: defined)
    }

    /// One replicate's statistics; `counts` is scratch space of `rows` elements.
    func replicateStatistics(replicate: Int, seed: UInt64, cutoff: Int?, counts: inout [UInt32])
        -> (precision: Double?, recall: Double?, falsePositiveRate: Double?, averagePrecision: Double?)
    {
        let n = rows
        var generator = Self.bootstrapGenerator(seed: seed, replicate: replicate)
        return counts.withUnsafeMutableBufferPointer { counts in
            for i in 0..<n { counts[i] = 0 }
            for _ in 0..<n { counts[generator.nextInt(below: n)] &+= 1 }
            return sortedLabels.withUnsafeBufferPointer { labels in
                // Walk the sorted rows group by group (a group = one distinct score).
                var tp = 0
                var fp = 0
                var tpAtCutoff = 0
                var fpAtCutoff = 0
                var apSum = 0.0
                var row = 0
                for g in thresholds.indices {
                    let groupEnd = truePositives[g] + falsePositives[g]
                    let tpBefore = tp
                    while row < groupEnd {
                        let c = Int(counts[row])
                        if labels[row] == 1 { tp += c } else { fp += c }
                        row += 1
                    }
                    if tp != tpBefore {
                        apSum += Double(tp - tpBefore) * (Double(tp) / Double(tp + fp))
                    }
                    if let cutoff, groupEnd == cutoff {
                        tpAtCutoff = tp
                        fpAtCutoff = fp
                    }
                }
                let positives = tp
                let negatives = fp
                let point = OperatingPoint(threshold: 0, truePositives: tpAtCutoff, falsePositives: fpAtCutoff,
                                           trueNegatives: negatives - fpAtCutoff, falseNegatives: positives - tpAtCutoff)
                let ap = positives > 0 ? max(0, apSum / Double(positives)) : nil
                guard cutoff != nil else { return (nil, nil, nil, ap) }
                return (point.precision, point.recall, point.falsePositiveRate, ap)
            }
        }
    }
}
