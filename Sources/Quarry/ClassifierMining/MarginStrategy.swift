/// Mines the examples that are not yet *safely* on their side of the threshold: negatives
/// scored at or above `threshold − band`, positives scored below `threshold + band`.
///
/// This is the hard-example criterion of data mining for detector training (Felzenszwalb,
/// Girshick, McAllester, Ramanan, "Object Detection with Discriminatively Trained Part-Based
/// Models", PAMI 2010, §4.1: keep examples inside the margin, drop the easy ones beyond it),
/// with the margin expressed as a band in score units around the operating threshold.
public struct MarginStrategy: HardExampleStrategy {
    /// The operating threshold.
    public let threshold: Double
    /// The half-width of the margin, in score units (≥ 0).
    public let margin: Double

    /// - Throws: ``InvalidInput`` when `margin` is negative or not finite.
    public init(threshold: Double, margin: Double) throws {
        guard margin.isFinite, margin >= 0 else {
            throw InvalidInput(parameter: "margin", "must be a finite number ≥ 0; got \(margin)")
        }
        self.threshold = threshold
        self.margin = margin
    }

    public var name: String { "margin" }

    public func qualifies(score: Double, side: MiningSide) -> Bool {
        switch side {
        case .negative: score >= threshold - margin
        case .positive: score < threshold + margin
        }
    }

    public var parametersJSON: JSONValue {
        ["strategy": .string(name), "threshold": .number(threshold), "band": .number(margin)]
    }
}
