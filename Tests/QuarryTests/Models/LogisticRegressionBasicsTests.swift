import Foundation
import Testing
@testable import Quarry

@Suite struct LogisticRegressionBasicsTests {
    /// A random model and data with missing values, from a seeded generator.
    static func randomModelAndData(seed: UInt64, rows: Int, columns: Int) -> (LogisticRegression, FeatureMatrix) {
        var rng = SeededGenerator(seed: seed)
        func normal() -> Double { (0..<6).reduce(-3.0) { acc, _ in acc + rng.nextUnitDouble() } }
        let names = (0..<columns).map { "x\($0)" }
        let model = LogisticRegression(featureNames: names, coefficients: names.map { _ in normal() }, intercept: normal(),
                                       centers: names.map { _ in normal() }, scales: names.map { _ in 0.5 + rng.nextUnitDouble() },
                                       imputeValues: names.map { _ in normal() })
        let values = (0..<(rows * columns)).map { _ in rng.nextUnitDouble() < 0.05 ? Double.nan : 3 * normal() }
        return (model, FeatureMatrix(names: names, rowCount: rows, values: values))
    }

    @Test("scores equal a brute-force σ(b + Σ β·(x − μ)·s)", arguments: [(1, 3, 1), (2, 1023, 7), (3, 5000, 13), (4, 2049, 1)])
    func scoresMatchBruteForce(_ seed: UInt64, _ rows: Int, _ columns: Int) throws {
        let (model, features) = Self.randomModelAndData(seed: seed, rows: rows, columns: columns)
        let scores = try model.score(features)
        for r in 0..<rows {
            var z = model.intercept
            for c in 0..<columns {
                var x = features[r, c]
                if x.isNaN { x = model.imputeValues[c] }
                z += model.coefficients[c] * (x - model.centers[c]) * model.scales[c]
            }
            let expected = 1 / (1 + Foundation.exp(-z))
            #expect(abs(scores[r] - expected) <= 1e-12)
        }
        // The original-space coefficients give the same margins on complete rows.
        let margins = try model.margins(features)
        for r in 0..<min(rows, 50) where (0..<columns).allSatisfy({ !features[r, $0].isNaN }) {
            var z = model.originalIntercept
            for c in 0..<columns { z += model.originalCoefficients[c] * features[r, c] }
            #expect(abs(z - margins[r]) <= 1e-9 * max(1, abs(z)))
        }
    }

    @Test func extremeMarginsStayFinite() throws {
        let model = LogisticRegression(featureNames: ["x"], coefficients: [1], intercept: 0, centers: [0], scales: [1], imputeValues: [0])
        let scores = try model.score(FeatureMatrix(names: ["x"], rowCount: 4, values: [-1000, -30, 30, 1000]))
        #expect(scores[0] == 0 && scores[3] == 1)
        #expect(scores[1] > 0 && scores[2] < 1)
        #expect(LogSigmoid.softplus(-1000) == 0 && LogSigmoid.softplus(1000) == 1000)
    }

    @Test func parametersRoundTripExactly() throws {
        let (model, features) = Self.randomModelAndData(seed: 9, rows: 10, columns: 5)
        let rebuilt = try LogisticRegression(parametersJSON: model.parametersJSON(), featureNames: model.featureNames)
        #expect(rebuilt == model)
        #expect(try rebuilt.score(features) == model.score(features))
    }

    @Test("malformed parameters name the key", arguments: [
        ("coefficients", JSONValue.array([1, 2])), ("intercept", "x"), ("scales", .null), ("centers", .array([1, 2, .null])),
    ])
    func malformedParameters(_ key: String, _ value: JSONValue) throws {
        let (model, _) = Self.randomModelAndData(seed: 9, rows: 1, columns: 3)
        guard case .object(var members) = model.parametersJSON() else { Issue.record("not an object"); return }
        members = members.map { $0.0 == key ? ($0.0, value) : $0 }
        let error = #expect(throws: InvalidInput.self) {
            try LogisticRegression(parametersJSON: .object(members), featureNames: model.featureNames)
        }
        #expect(error?.message.contains("'\(key)'") == true)
        #expect(error?.kind == .dataError)
    }

    @Test func infiniteFeatureIsADataError() throws {
        let data = try LabeledData(features: FeatureMatrix(names: ["a", "b"], rowCount: 3, values: [1, 2, 3, 0, .infinity, 1]),
                                   labels: [true, false, true])
        let error = #expect(throws: InvalidInput.self) { try LogisticRegression.fit(data, options: .init()) }
        #expect(error?.message == "feature 'b' row 2 is inf; expected a finite number or a missing value")
    }

    @Test func oneClassIsADataError() throws {
        let data = try LabeledData(features: FeatureMatrix(names: ["a"], rowCount: 3, values: [1, 2, 3]), labels: [false, false, false])
        let error = #expect(throws: InvalidInput.self) { try LogisticRegression.fit(data, options: .init()) }
        #expect(error?.kind == .dataError)
        #expect(error?.message.contains("only one class") == true)
    }

    @Test("invalid training options are usage errors", arguments: [
        LogisticRegression.TrainingOptions(c: 0), .init(c: -1), .init(c: .infinity), .init(maxIterations: 0),
        .init(tolerance: -1), .init(classWeight: .custom(negative: -1, positive: 1)),
    ])
    func invalidOptions(_ options: LogisticRegression.TrainingOptions) throws {
        let data = ModelFixtures.generated("generated_b", weights: false)
        let error = #expect(throws: InvalidInput.self) { try LogisticRegression.fit(data, options: options) }
        #expect(error?.kind == .usage)
    }

    @Test func constantAndMissingColumnsAreHandled() throws {
        // A constant column keeps scale 1 and a zero coefficient; an all-missing column imputes 0.
        let n = 40
        var values: [Double] = (0..<n).map { Double($0 % 7) - 3 }
        values += Array(repeating: 5, count: n)
        values += Array(repeating: .nan, count: n)
        let labels = (0..<n).map { ($0 % 7) > 3 || $0 % 5 == 0 }
        let data = try LabeledData(features: FeatureMatrix(names: ["x", "const", "void"], rowCount: n, values: values), labels: labels)
        let model = try LogisticRegression.fit(data, options: .init(tolerance: 1e-10))
        #expect(model.scales[1] == 1 && model.centers[1] == 5)
        #expect(abs(model.coefficients[1]) <= 1e-12 && abs(model.coefficients[2]) <= 1e-12)
        #expect(model.imputeValues[2] == 0)
    }

    @Test func weightsEqualRepeatedRows() throws {
        // Integer sample weights are the same as repeating rows.
        let data = ModelFixtures.generated("generated_b", weights: false)
        let weights = (0..<data.labels.count).map { Double($0 % 3) }
        let weighted = try LabeledData(features: data.features, labels: data.labels, weights: weights)
        let repeated = data.selecting(rows: data.labels.indices.flatMap { Array(repeating: $0, count: $0 % 3) })
        let options = LogisticRegression.TrainingOptions(standardize: false, tolerance: 1e-10)
        let a = try LogisticRegression.fit(weighted, options: options)
        let b = try LogisticRegression.fit(repeated, options: options)
        for (x, y) in zip(a.coefficients + [a.intercept], b.coefficients + [b.intercept]) { #expect(abs(x - y) <= 1e-7) }
    }
}

@Suite struct LabeledDataTests {
    @Test("label columns", arguments: [
        (Table.Column.numeric([0, 1, 1]), nil as String?, [false, true, true]),
        (.text(["true", "False", "1"]), nil, [true, false, true]),
        (.text(["spam", "ham", "spam"]), "spam", [true, false, true]),
        (.numeric([2, 3, 2]), "3", [false, true, false]),
    ])
    func parsesLabels(_ column: Table.Column, _ positive: String?, _ expected: [Bool]) throws {
        #expect(try LabeledData.binaryLabels(column, name: "y", positive: positive) == expected)
    }

    @Test("non-binary labels name the row", arguments: [
        (Table.Column.numeric([0, 2, 1]), "label column 'y', row 2: expected a binary label (0/1 or true/false), found '2'"),
        (.numeric([0, .nan]), "label column 'y', row 2: expected a binary label (0/1 or true/false), found a missing value"),
        (.text(["yes"]), "label column 'y', row 1: expected a binary label (0/1 or true/false), found 'yes'"),
    ])
    func rejectsNonBinary(_ column: Table.Column, _ message: String) throws {
        let error = #expect(throws: InvalidInput.self) { try LabeledData.binaryLabels(column, name: "y") }
        #expect(error?.message == message)
        #expect(error?.kind == .dataError)
    }

    @Test func rejectsBadShapesAndWeights() throws {
        let f = FeatureMatrix(names: ["a"], rowCount: 2, values: [1, 2])
        #expect(throws: InvalidInput.self) { try LabeledData(features: f, labels: [true]) }
        #expect(throws: InvalidInput.self) { try LabeledData(features: f, labels: [true, false], weights: [1]) }
        #expect(throws: InvalidInput.self) { try LabeledData(features: f, labels: [true, false], weights: [1, -1]) }
        #expect(throws: InvalidInput.self) { try LabeledData(features: f, labels: [true, false], weights: [1, .nan]) }
        #expect(throws: InvalidInput.self) { try LabeledData(features: FeatureMatrix(names: ["a"], rowCount: 0, values: []), labels: []) }
    }
}
