/// Count, mean, standard deviation and quantiles of a set of numbers.
///
/// Quantiles use linear interpolation between order statistics (`numpy.percentile`'s
/// default, "type 7"); the standard deviation is the population one (`ddof = 0`, as
/// `numpy.std`). An empty set has `count == 0` and `nil` everywhere else.
public struct DistributionSummary: Sendable, Equatable {
    public let count: Int
    public let mean: Double?
    public let std: Double?
    public let min: Double?
    public let p05: Double?
    public let p25: Double?
    public let median: Double?
    public let p75: Double?
    public let p95: Double?
    public let max: Double?

    /// Summarizes `values` (any order).
    /// - Complexity: O(n log n) for the sort.
    public init(_ values: [Double]) {
        count = values.count
        guard !values.isEmpty else {
            mean = nil; std = nil; min = nil; p05 = nil; p25 = nil; median = nil; p75 = nil; p95 = nil; max = nil
            return
        }
        let sorted = values.sorted()
        // Two-pass mean and variance: exact enough for any score scale.
        let m = sorted.reduce(0, +) / Double(sorted.count)
        mean = m
        std = (sorted.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(sorted.count)).squareRoot()
        min = sorted.first
        max = sorted.last
        p05 = Self.quantile(sorted, 0.05)
        p25 = Self.quantile(sorted, 0.25)
        median = Self.quantile(sorted, 0.5)
        p75 = Self.quantile(sorted, 0.75)
        p95 = Self.quantile(sorted, 0.95)
    }

    /// The `q`-quantile of ascending `sorted` by linear interpolation (numpy's default).
    public static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        precondition(!sorted.isEmpty && q >= 0 && q <= 1)
        let position = q * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = Swift.min(lower + 1, sorted.count - 1)
        let fraction = position - Double(lower)
        return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
    }

    /// `{count, mean, std, min, p05, p25, median, p75, p95, max}`; nulls when empty.
    public var json: JSONValue {
        [
            "count": .number(Double(count)),
            "mean": .optional(mean), "std": .optional(std),
            "min": .optional(min), "p05": .optional(p05), "p25": .optional(p25),
            "median": .optional(median), "p75": .optional(p75), "p95": .optional(p95),
            "max": .optional(max),
        ]
    }
}
