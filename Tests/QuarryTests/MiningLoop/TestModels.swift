import Foundation
@testable import Quarry

/// A tiny trainable model for testing the loop's mechanics: a linear score along the
/// difference of the class means (a nearest-centroid rule), squashed to a probability.
/// `continued` moves halfway toward the fit on the new data.
struct CentroidModel: TrainableModel, Equatable {
    static let kind = "test-centroid"
    let featureNames: [String]
    let weights: [Double]
    let bias: Double

    struct TrainingOptions: Sendable {}
    struct ContinuationOptions: Sendable { var step = 0.5 }

    init(featureNames: [String], weights: [Double], bias: Double) {
        self.featureNames = featureNames
        self.weights = weights
        self.bias = bias
    }

    static func fit(_ data: LabeledData, options: TrainingOptions) throws -> CentroidModel {
        let x = data.features
        let w = data.weightsOrOnes
        var weights: [Double] = []
        var bias = 0.0
        for c in 0..<x.columnCount {
            var sp = 0.0, sn = 0.0, wp = 0.0, wn = 0.0
            for r in 0..<x.rowCount {
                if data.labels[r] { sp += w[r] * x[r, c]; wp += w[r] } else { sn += w[r] * x[r, c]; wn += w[r] }
            }
            let mp = wp > 0 ? sp / wp : 0, mn = wn > 0 ? sn / wn : 0
            weights.append(mp - mn)
            bias -= (mp - mn) * (mp + mn) / 2
        }
        return CentroidModel(featureNames: x.names, weights: weights, bias: bias)
    }

    func continued(on data: LabeledData, options: ContinuationOptions) throws -> CentroidModel {
        let target = try Self.fit(data, options: TrainingOptions())
        let s = options.step
        return CentroidModel(featureNames: featureNames,
                             weights: zip(weights, target.weights).map { $0 + s * ($1 - $0) },
                             bias: bias + s * (target.bias - bias))
    }

    func score(_ features: FeatureMatrix) throws -> [Double] {
        try checkFeatures(features)
        return (0..<features.rowCount).map { r in
            var z = bias
            for c in 0..<features.columnCount { z += weights[c] * features[r, c] }
            return 1 / (1 + exp(-z))
        }
    }

    func parametersJSON() -> JSONValue {
        ["weights": .array(weights.map { .number($0) }), "bias": .number(bias)]
    }

    init(parametersJSON json: JSONValue, featureNames: [String]) throws {
        guard let w = json["weights"]?.arrayValue?.compactMap(\.doubleValue), let b = json["bias"]?.doubleValue else {
            throw InvalidInput("bad test model")
        }
        self.init(featureNames: featureNames, weights: w, bias: b)
    }
}

/// Seeded synthetic data: positives around (2, 2), easy negatives around (−2, −2), and a
/// cluster of hard negatives around (1, 2.5) that a model trained on few of them scores high.
enum LoopData {
    static func make(rows: Int, hardShare: Double, seed: UInt64) throws -> LabeledData {
        var rng = SeededGenerator(seed: seed)
        func gauss() -> Double {
            let u = max(rng.nextUnitDouble(), 1e-300), v = rng.nextUnitDouble()
            return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
        }
        var a: [Double] = [], b: [Double] = [], labels: [Bool] = []
        for _ in 0..<rows {
            let u = rng.nextUnitDouble()
            if u < 0.3 {
                a.append(2 + gauss()); b.append(2 + gauss()); labels.append(true)
            } else if u < 0.3 + hardShare {
                a.append(1 + 0.5 * gauss()); b.append(2.5 + 0.5 * gauss()); labels.append(false)
            } else {
                a.append(-2 + gauss()); b.append(-2 + gauss()); labels.append(false)
            }
        }
        return try LabeledData(features: FeatureMatrix(names: ["a", "b"], rowCount: rows, values: a + b), labels: labels)
    }
}

