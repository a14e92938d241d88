import Foundation

extension BeyondScoreAudit {
    /// How much one feature tells about the label at a given score.
    ///
    /// The generalised covariance measure (Shah & Peters, Ann. Statist. 2020) of the label's
    /// residual `y − q̂(s)` (cross-fitted isotonic recalibration) with the feature's residual
    /// on the score bins, `x − mean(x | bin)`: `z = √n · mean(R) / sd(R)`, `R` the products,
    /// asymptotically standard normal when the feature adds nothing. A second measure takes the
    /// residual's magnitude `|x − mean(x | bin)|` (itself residualised), which finds effects
    /// symmetric in the feature (a square); the stronger of the two is kept, its two-sided
    /// p-value doubled (Bonferroni), and the p-values are Holm-corrected across features.
    public struct FeatureEvidence: Sendable, Equatable {
        /// Which residual carried the stronger measure.
        public enum Shape: String, Sendable, Equatable {
            /// The feature's value (a monotone effect).
            case linear
            /// The feature's distance from its bin mean (an effect symmetric in the feature).
            case magnitude
        }

        public let name: String
        /// The GCM z-statistic (signed: positive when larger values mean more positives).
        public let statistic: Double
        public let shape: Shape
        /// Two-sided p-value (doubled for the two shapes) and its Holm-adjusted value.
        public let pValue: Double
        public let adjustedPValue: Double
        /// The feature's share of the observed auditors' split gain.
        public let auditorGainShare: Double
        /// Whether the adjusted p-value is below α.
        public let named: Bool

        var json: JSONValue {
            ["name": .string(name), "statistic": .number(statistic), "shape": .string(shape.rawValue),
             "p_value": .number(pValue), "p_holm": .number(adjustedPValue),
             "auditor_gain_share": .number(auditorGainShare), "named": .bool(named)]
        }
    }

    /// Whether two features act jointly beyond the score: a depth-2 auditor on the pair
    /// against an additive (depth-1, stumps) auditor on the same two features, both boosted
    /// from the offset on the same folds.
    ///
    /// `statistic` is `√n · mean(d) / sd(d)` of the per-row out-of-fold log-loss differences
    /// `d` (additive minus joint); the one-sided p-value is Holm-corrected across the pairs tested.
    public struct PairEvidence: Sendable, Equatable {
        public let first: String
        public let second: String
        public let statistic: Double
        public let pValue: Double
        public let adjustedPValue: Double
        /// Out-of-fold log-loss reduction per row over the offset of the joint and the additive auditor.
        public let jointReduction: Double
        public let additiveReduction: Double
        public let named: Bool

        var json: JSONValue {
            ["features": .array([.string(first), .string(second)]), "statistic": .number(statistic),
             "p_value": .number(pValue), "p_holm": .number(adjustedPValue),
             "joint_reduction": .number(jointReduction), "additive_reduction": .number(additiveReduction),
             "named": .bool(named)]
        }
    }

    /// Holm's step-down adjustment (Holm, Scand. J. Statist. 1979), in the input order.
    static func holm(_ p: [Double]) -> [Double] {
        let order = p.indices.sorted { p[$0] < p[$1] || (p[$0] == p[$1] && $0 < $1) }
        var adjusted = [Double](repeating: 1, count: p.count)
        var running = 0.0
        for (rank, i) in order.enumerated() {
            running = Swift.max(running, Swift.min(1, Double(p.count - rank) * p[i]))
            adjusted[i] = running
        }
        return adjusted
    }

    /// `P(Z > z)` for a standard normal `Z`.
    static func upperTail(_ z: Double) -> Double { 0.5 * erfc(z / 2.0.squareRoot()) }

    /// `√n · mean / sd` of `values` (0 when they are constant).
    static func zStatistic(_ values: [Double]) -> Double {
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n
        return variance > 1e-300 ? n.squareRoot() * mean / variance.squareRoot() : 0
    }
}

extension AuditEngine {
    /// Per-feature GCM evidence, ranked by p-value then |statistic|.
    func featureEvidence(labels: [Double], offsets: [Double], alpha: Double, gains: [Double]) -> [BeyondScoreAudit.FeatureEvidence] {
        let labelResidual = zip(labels, offsets).map { y, o in y - 1 / (1 + Foundation.exp(-o)) }
        let totalGain = gains.reduce(0, +)
        var raw: [(name: String, z: Double, shape: BeyondScoreAudit.FeatureEvidence.Shape, p: Double, gain: Double)] = []
        for c in 0..<features.columnCount {
            let values = Array(features.column(c))
            let residual = residualOnBins(values)
            let magnitude = residualOnBins(zip(values, residual).map { x, r in x.isNaN ? .nan : Swift.abs(r) })
            let zLinear = BeyondScoreAudit.zStatistic(zip(residual, labelResidual).map(*))
            let zMagnitude = BeyondScoreAudit.zStatistic(zip(magnitude, labelResidual).map(*))
            let useLinear = Swift.abs(zLinear) >= Swift.abs(zMagnitude)
            let z = useLinear ? zLinear : zMagnitude
            let p = Swift.min(1, 2 * 2 * BeyondScoreAudit.upperTail(Swift.abs(z)))
            raw.append((features.names[c], z, useLinear ? .linear : .magnitude, p, totalGain > 0 ? gains[c] / totalGain : 0))
        }
        let adjusted = BeyondScoreAudit.holm(raw.map(\.p))
        let evidence = raw.indices.map { i in
            BeyondScoreAudit.FeatureEvidence(name: raw[i].name, statistic: raw[i].z, shape: raw[i].shape, pValue: raw[i].p,
                                             adjustedPValue: adjusted[i], auditorGainShare: raw[i].gain, named: adjusted[i] < alpha)
        }
        return evidence.sorted {
            $0.pValue != $1.pValue ? $0.pValue < $1.pValue : Swift.abs($0.statistic) > Swift.abs($1.statistic)
        }
    }

    /// Pair evidence for the pairs of the `pairCandidates` strongest features, ranked by p-value.
    func pairEvidence(labels: [Double], offsets: [Double], candidates: [BeyondScoreAudit.FeatureEvidence],
                      alpha: Double, threads: Int) -> [BeyondScoreAudit.PairEvidence] {
        let top = candidates.prefix(options.pairCandidates).compactMap { e in features.names.firstIndex(of: e.name) }
        var pairs: [(Int, Int)] = []
        for i in top.indices { for j in top.indices where j > i { pairs.append((top[i], top[j])) } }
        guard !pairs.isEmpty else { return [] }
        let additive = OffsetBooster(sharing: booster, configuration: options.auditorConfiguration(depth: 1))
        let joint = OffsetBooster(sharing: booster, configuration: options.auditorConfiguration(depth: 2))
        let results = UnsafeMutableBufferPointer<Double>.allocate(capacity: pairs.count * 3)
        results.initialize(repeating: 0)
        defer { results.deallocate() }
        parallelFor(pairs.count, threads: threads) { k in
            let columns = [pairs[k].0, pairs[k].1].sorted()
            let a = statistic(labels: labels, offsets: offsets, booster: additive, features: columns)
            let b = statistic(labels: labels, offsets: offsets, booster: joint, features: columns)
            results[3 * k] = BeyondScoreAudit.zStatistic(zip(b.reductions, a.reductions).map(-))
            results[3 * k + 1] = b.perRowReduction
            results[3 * k + 2] = a.perRowReduction
        }
        let p = pairs.indices.map { BeyondScoreAudit.upperTail(results[3 * $0]) }
        let adjusted = BeyondScoreAudit.holm(p)
        let evidence = pairs.indices.map { k in
            BeyondScoreAudit.PairEvidence(first: features.names[pairs[k].0], second: features.names[pairs[k].1],
                                          statistic: results[3 * k], pValue: p[k], adjustedPValue: adjusted[k],
                                          jointReduction: results[3 * k + 1], additiveReduction: results[3 * k + 2],
                                          named: adjusted[k] < alpha)
        }
        return evidence.sorted { $0.pValue != $1.pValue ? $0.pValue < $1.pValue : $0.statistic > $1.statistic }
    }
}
