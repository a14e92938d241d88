/// The distribution of a set of scores, as the reference prints it: count, mean, median,
/// standard deviation, quartiles, minimum and maximum.
///
/// Unlike ``DistributionSummary`` (numpy's conventions, used by the classifier side), the
/// conventions follow the reference's torch calls so numbers can be compared: the median
/// is the lower middle value (`torch.median`), the standard deviation uses n − 1
/// (`torch.std`), and quartiles interpolate linearly (`torch.quantile`).
public struct ScoreSummary: Sendable, Equatable {
    public var count: Int
    /// `nil` for an empty set (here and below).
    public var mean: Double?
    public var median: Double?
    public var standardDeviation: Double?
    public var minimum: Double?
    public var quartile1: Double?
    public var quartile2: Double?
    public var quartile3: Double?
    public var maximum: Double?

    /// Summarises `scores`.
    /// - Complexity: O(n log n).
    public init(_ scores: [Float]) {
        count = scores.count
        guard !scores.isEmpty else { return }
        let sorted = scores.map(Double.init).sorted()
        let n = sorted.count
        let mean = sorted.reduce(0, +) / Double(n)
        self.mean = mean
        median = sorted[(n - 1) / 2]
        if n > 1 {
            let squares = sorted.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            standardDeviation = (squares / Double(n - 1)).squareRoot()
        }
        minimum = sorted[0]
        maximum = sorted[n - 1]
        // Linear interpolation is the same rule as torch.quantile's default.
        quartile1 = DistributionSummary.quantile(sorted, 0.25)
        quartile2 = DistributionSummary.quantile(sorted, 0.5)
        quartile3 = DistributionSummary.quantile(sorted, 0.75)
    }

    /// The summary as a JSON object with snake_case keys (`null` for undefined values).
    public var json: JSONValue {
        .object([
            ("count", .number(Double(count))),
            ("mean", .optional(mean)), ("median", .optional(median)), ("std", .optional(standardDeviation)),
            ("min", .optional(minimum)), ("q25", .optional(quartile1)), ("q50", .optional(quartile2)),
            ("q75", .optional(quartile3)), ("max", .optional(maximum)),
        ])
    }
}
