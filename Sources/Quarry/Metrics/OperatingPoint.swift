/// The confusion matrix at one threshold (predicted positive ⇔ score ≥ threshold) and the
/// rates derived from it.
public struct OperatingPoint: Sendable, Equatable {
    /// The threshold.
    public let threshold: Double
    /// Positives scored ≥ threshold.
    public let truePositives: Int
    /// Negatives scored ≥ threshold.
    public let falsePositives: Int
    /// Negatives scored < threshold.
    public let trueNegatives: Int
    /// Positives scored < threshold.
    public let falseNegatives: Int

    public init(threshold: Double, truePositives: Int, falsePositives: Int, trueNegatives: Int, falseNegatives: Int) {
        self.threshold = threshold
        self.truePositives = truePositives
        self.falsePositives = falsePositives
        self.trueNegatives = trueNegatives
        self.falseNegatives = falseNegatives
    }

    /// tp / (tp + fp); `nil` when nothing is predicted positive.
    public var precision: Double? {
        Self.ratio(truePositives, truePositives + falsePositives)
    }

    /// tp / (tp + fn); `nil` when there are no positives.
    public var recall: Double? {
        Self.ratio(truePositives, truePositives + falseNegatives)
    }

    /// fp / (fp + tn); `nil` when there are no negatives.
    public var falsePositiveRate: Double? {
        Self.ratio(falsePositives, falsePositives + trueNegatives)
    }

    /// 2·tp / (2·tp + fp + fn), as scikit-learn's `f1_score` (the harmonic mean of precision
    /// and recall where both exist); `nil` only when tp + fp + fn = 0.
    public var f1: Double? {
        Self.ratio(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives)
    }

    static func ratio(_ numerator: Int, _ denominator: Int) -> Double? {
        denominator == 0 ? nil : Double(numerator) / Double(denominator)
    }
}

extension ThresholdCurve {
    /// The operating point at `threshold`.
    /// - Complexity: O(log g).
    public func operatingPoint(atThreshold threshold: Double) -> OperatingPoint {
        let g = distinctCount(atOrAbove: threshold)
        return operatingPoint(threshold: threshold, distinctIndex: g - 1)
    }

    /// The operating point chosen by `rule` (see ``OperatingPointRule`` for the rules), or
    /// `nil` when no distinct score meets the target or its rate is undefined.
    /// - Complexity: O(g) for a target, O(log g) for a fixed threshold.
    public func operatingPoint(_ rule: OperatingPointRule) -> OperatingPoint? {
        guard let g = distinctIndex(for: rule) else {
            if case .threshold(let t) = rule { return operatingPoint(atThreshold: t) }
            return nil
        }
        return operatingPoint(threshold: thresholds[g], distinctIndex: g)
    }

    /// The index into ``thresholds`` a target rule selects; `nil` for a fixed threshold or
    /// when nothing qualifies.
    func distinctIndex(for rule: OperatingPointRule) -> Int? {
        var best: Int? = nil
        switch rule {
        case .threshold:
            return nil
        case .targetRecall(let target):
            guard positives > 0 else { return nil }
            let p = Double(positives)
            for g in thresholds.indices where Double(truePositives[g]) / p >= target {
                // Strictly more precise (exact fraction comparison) replaces; ties keep the higher threshold.
                if let b = best {
                    let lhs = truePositives[g] * (truePositives[b] + falsePositives[b])
                    let rhs = truePositives[b] * (truePositives[g] + falsePositives[g])
                    if lhs > rhs { best = g }
                } else {
                    best = g
                }
            }
        case .targetPrecision(let target):
            guard positives > 0 else { return nil }
            for g in thresholds.indices {
                let tp = truePositives[g]
                guard Double(tp) / Double(tp + falsePositives[g]) >= target else { continue }
                if best == nil || tp > truePositives[best!] { best = g }
            }
        case .targetFPR(let target):
            guard negatives > 0 else { return nil }
            let n = Double(negatives)
            // fp only grows along the thresholds, so the qualifying ones are a prefix.
            for g in thresholds.indices {
                guard Double(falsePositives[g]) / n <= target else { break }
                if best == nil || truePositives[g] > truePositives[best!] { best = g }
            }
        }
        return best
    }

    private func operatingPoint(threshold: Double, distinctIndex g: Int) -> OperatingPoint {
        let tp = g >= 0 ? truePositives[g] : 0
        let fp = g >= 0 ? falsePositives[g] : 0
        return OperatingPoint(threshold: threshold, truePositives: tp, falsePositives: fp,
                              trueNegatives: negatives - fp, falseNegatives: positives - tp)
    }
}
