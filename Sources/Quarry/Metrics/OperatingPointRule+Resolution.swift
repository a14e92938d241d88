extension OperatingPointRule {
    /// The operating point this rule picks on `data`: the point at a fixed threshold is
    /// `nil` (nothing is chosen), a target's is the curve's point that meets it.
    ///
    /// - Parameter source: names the data in the message (a file path).
    /// - Returns: the threshold, and the point chosen for a target.
    /// - Throws: ``InvalidInput`` (data error) when no threshold meets the target.
    /// - Complexity: O(n log n) for a target (one sort of the scores), O(1) for a threshold.
    public func resolve(scores: [Double], labels: [Bool], source: String) throws -> (threshold: Double, chosen: OperatingPoint?) {
        if case .threshold(let t) = self { return (t, nil) }
        let curve = ThresholdCurve(try ScoredLabels(scores: scores, labels: labels))
        guard let point = curve.operatingPoint(self) else {
            throw InvalidInput("\(source): no threshold meets \(InvalidInput.named(parameterName)) \(Table.format(value)) on this data",
                               kind: .dataError)
        }
        return (point.threshold, point)
    }

    /// The operating point this rule picks on exact score counts (``ScoreCounts``, e.g. merged
    /// from every partition of a pool): the same point ``resolve(scores:labels:source:)`` picks
    /// on the concatenated rows.
    ///
    /// - Parameter source: names the counts in the message (a file path).
    /// - Throws: ``InvalidInput`` (data error) when no threshold meets the target.
    /// - Complexity: O(d) in the number of distinct scores.
    public func resolve(counts: ScoreCounts, source: String) throws -> (threshold: Double, chosen: OperatingPoint?) {
        if case .threshold(let t) = self { return (t, nil) }
        guard let point = counts.operatingPoint(self) else {
            throw InvalidInput("\(source): no threshold meets \(InvalidInput.named(parameterName)) \(Table.format(value)) on this data",
                               kind: .dataError)
        }
        return (point.threshold, point)
    }

    /// The Swift name of the rule's parameter (`threshold`, `targetRecall`, …), as messages write it.
    public var parameterName: String {
        switch self {
        case .threshold: "threshold"
        case .targetRecall: "targetRecall"
        case .targetPrecision: "targetPrecision"
        case .targetFPR: "targetFPR"
        }
    }
}
