import Foundation
import Testing
@testable import Quarry

/// Loads the logistic-regression oracles written by `Tests/Fixtures/models/make_lr_fixtures.py`
/// and the bundled spam data they refer to.
enum ModelFixtures {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let directory = packageRoot.appendingPathComponent("Tests/Fixtures/models")
    /// The bundled spam data (a copy of ../shared/data/tabular/spam.csv, see Examples/data/PROVENANCE.md).
    static let spamPath = packageRoot.appendingPathComponent("Examples/data/spam.csv").path

    /// One scikit-learn fit.
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var data: String
        var c: Double
        var balanced: Bool
        var sampleWeights: Bool
        var standardize: Bool
        var coefficients: [Double]
        var intercept: Double
        var logLoss: Double
        var testDescription: String { name }
    }

    nonisolated(unsafe) static let json: [String: Any] = {
        let data = try! Data(contentsOf: directory.appendingPathComponent("lr_fixtures.json"))
        return try! JSONSerialization.jsonObject(with: data) as! [String: Any]
    }()

    static func cases(spam: Bool) -> [Case] {
        (json["cases"] as! [[String: Any]]).compactMap { c in
            guard (c["data"] as! String == "spam") == spam else { return nil }
            let expected = c["expected"] as! [String: Any]
            return Case(name: c["name"] as! String, data: c["data"] as! String, c: c["c"] as! Double,
                        balanced: (c["class_weight"] as? String) == "balanced", sampleWeights: c["sample_weights"] as! Bool,
                        standardize: c["standardize"] as! Bool, coefficients: expected["coefficients"] as! [Double],
                        intercept: expected["intercept"] as! Double, logLoss: expected["log_loss"] as! Double)
        }
    }

    /// A generated data set of the fixture file (missing values as NaN).
    static func generated(_ name: String, weights: Bool) -> LabeledData {
        let set = (json["datasets"] as! [String: Any])[name] as! [String: Any]
        let rows = set["features"] as! [[Any]]
        let d = rows[0].count
        var values: [Double] = []
        for c in 0..<d { for row in rows { values.append((row[c] as? Double) ?? .nan) } }
        let features = FeatureMatrix(names: (0..<d).map { "f\($0)" }, rowCount: rows.count, values: values)
        let labels = (set["labels"] as! [Int]).map { $0 == 1 }
        return try! LabeledData(features: features, labels: labels, weights: weights ? set["weights"] as? [Double] : nil)
    }

    /// The spam set: every column but `id` and `label` as features.
    static func spam(weights: Bool) -> LabeledData {
        let text = try! String(contentsOfFile: spamPath, encoding: .utf8)
        let lines = text.split(separator: "\n")
        let header = lines[0].split(separator: ",").map(String.init)
        let labelIndex = header.firstIndex(of: "label")!, idIndex = header.firstIndex(of: "id")!
        let featureIndices = header.indices.filter { $0 != labelIndex && $0 != idIndex }
        let rows = lines.dropFirst().map { $0.split(separator: ",").map { Double($0)! } }
        var values: [Double] = []
        for c in featureIndices { for row in rows { values.append(row[c]) } }
        let features = FeatureMatrix(names: featureIndices.map { header[$0] }, rowCount: rows.count, values: values)
        // As the fixture script: weight of row i = 1 + (i mod 5) / 2.
        let w = weights ? (0..<rows.count).map { 1 + Double($0 % 5) / 2 } : nil
        return try! LabeledData(features: features, labels: rows.map { $0[labelIndex] == 1 }, weights: w)
    }

    static func data(for c: Case) -> LabeledData {
        c.data == "spam" ? spam(weights: c.sampleWeights) : generated(c.data, weights: c.sampleWeights)
    }

    /// scikit-learn's `log_loss(y, p, sample_weight=w)`.
    static func logLoss(_ p: [Double], _ data: LabeledData) -> Double {
        let w = data.weightsOrOnes
        var sum = 0.0, total = 0.0
        for i in p.indices {
            let q = min(max(data.labels[i] ? p[i] : 1 - p[i], Double.ulpOfOne), 1)
            sum -= w[i] * Foundation.log(q)
            total += w[i]
        }
        return sum / total
    }
}
