/// One condition of a slice: a feature's value lies in one quantile bin, or is missing.
public struct SliceCondition: Sendable, Equatable {
    public let feature: String
    public let column: Int
    /// The exclusive lower bound (`nil`: unbounded below).
    public let lower: Double?
    /// The inclusive upper bound (`nil`: unbounded above).
    public let upper: Double?
    /// The condition is "the value is missing" (bounds are then `nil`).
    public let isMissing: Bool

    /// Whether `value` satisfies the condition.
    public func contains(_ value: Double) -> Bool {
        if value.isNaN { return isMissing }
        if isMissing { return false }
        if let lower, !(value > lower) { return false }
        if let upper, !(value <= upper) { return false }
        return true
    }

    /// `feature <= 3`, `0.5 < feature <= 3`, `feature > 3`, `feature is missing`; bounds
    /// shown to 4 significant digits (the JSON has them exactly).
    public var text: String {
        if isMissing { return "\(feature) is missing" }
        switch (lower, upper) {
        case let (l?, u?): return "\(Self.short(l)) < \(feature) <= \(Self.short(u))"
        case let (nil, u?): return "\(feature) <= \(Self.short(u))"
        case let (l?, nil): return "\(feature) > \(Self.short(l))"
        case (nil, nil): return "\(feature) is present"
        }
    }

    /// `x` rounded to 4 significant digits, in shortest form.
    static func short(_ x: Double) -> String { NumberFormat.significant(x) }

    public var json: JSONValue {
        ["feature": .string(feature), "lower_exclusive": .optional(lower), "upper_inclusive": .optional(upper),
         "missing": .bool(isMissing), "text": .string(text)]
    }
}

/// A region of feature space where hard negatives are over-represented among the negatives:
/// a conjunction of one or two ``SliceCondition``s.
public struct WeakSlice: Sendable, Equatable {
    public let conditions: [SliceCondition]
    /// Negatives in the slice.
    public let support: Int
    /// Hard negatives in the slice.
    public let hardNegatives: Int
    /// Share of all hard negatives that fall in the slice.
    public let coverage: Double
    /// Hard-negative rate in the slice over the overall hard-negative rate among negatives.
    public let lift: Double

    public var text: String { conditions.map(\.text).joined(separator: " and ") }

    public var json: JSONValue {
        ["conditions": .array(conditions.map(\.json)), "text": .string(text), "support": .number(Double(support)),
         "hard_negatives": .number(Double(hardNegatives)), "coverage": .number(coverage), "lift": .number(lift)]
    }
}
