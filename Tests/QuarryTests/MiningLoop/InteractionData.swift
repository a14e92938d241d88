import Foundation
@testable import Quarry

/// Planted truth for the revise strategy: hard negatives defined by an interaction of two
/// present features.
///
/// Three features. Positives have `x3 ~ N(1.5, 1)`; easy negatives `x3 ~ N(−1.5, 1)`; hard
/// negatives look positive on `x3 ~ N(1.5, 1)` but have `x1` and `x2` of the same sign and
/// magnitude ≥ 1.5, so `x1·x2 ≥ 2.25`. For everyone else `x1`, `x2` are independent N(0, 1).
/// The signs are symmetric, so `x1` and `x2` carry no linear signal: a logistic model on the
/// raw columns cannot tell hard negatives from positives, one with `x1·x2` can.
enum InteractionData {
    static func make(rows: Int, hardShare: Double, seed: UInt64) throws -> LabeledData {
        var rng = SeededGenerator(seed: seed)
        func gauss() -> Double {
            let u = max(rng.nextUnitDouble(), 1e-300), v = rng.nextUnitDouble()
            return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
        }
        var x1: [Double] = [], x2: [Double] = [], x3: [Double] = [], labels: [Bool] = []
        for _ in 0..<rows {
            let u = rng.nextUnitDouble()
            if u < 0.3 {
                x1.append(gauss()); x2.append(gauss()); x3.append(1.5 + gauss()); labels.append(true)
            } else if u < 0.3 + hardShare {
                let sign: Double = rng.nextUnitDouble() < 0.5 ? -1 : 1
                x1.append(sign * (1.5 + abs(gauss()) * 0.6)); x2.append(sign * (1.5 + abs(gauss()) * 0.6))
                x3.append(1.5 + gauss()); labels.append(false)
            } else {
                x1.append(gauss()); x2.append(gauss()); x3.append(-1.5 + gauss()); labels.append(false)
            }
        }
        return try LabeledData(features: FeatureMatrix(names: ["x1", "x2", "x3"], rowCount: rows, values: x1 + x2 + x3), labels: labels)
    }

    static func dataSets<M: TrainableModel>(seed: UInt64 = 21) throws -> MiningLoop<M>.DataSets {
        try .init(train: make(rows: 1500, hardShare: 0.01, seed: seed),
                  pool: make(rows: 4000, hardShare: 0.15, seed: seed + 1),
                  validation: make(rows: 2000, hardShare: 0.15, seed: seed + 2),
                  test: make(rows: 2000, hardShare: 0.15, seed: seed + 3))
    }
}
