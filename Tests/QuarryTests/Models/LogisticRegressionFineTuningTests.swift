import Foundation
import Testing
@testable import Quarry

@Suite struct LogisticRegressionFineTuningTests {
    /// The base model and fine-tuning material from the generated fixture set A: the 30
    /// highest-scoring negatives (hard negatives) plus every 4th other row as replay.
    struct Setup {
        let data: LabeledData
        let model: LogisticRegression
        let hardRows: [Int]
        let tuningRows: [Int]

        init() throws {
            let data = ModelFixtures.generated("generated_a", weights: false)
            let model = try LogisticRegression.fit(data, options: .init(c: 1))
            self.data = data
            self.model = model
            let scores = try model.score(data.features)
            let negatives = data.labels.indices.filter { !data.labels[$0] }
            let hardest = Array(negatives.sorted { scores[$0] > scores[$1] }.prefix(30)).sorted()
            let hard = Set(hardest)
            hardRows = hardest
            tuningRows = hardest + data.labels.indices.filter { !hard.contains($0) && $0 % 4 == 0 }
        }

        var hard: LabeledData { data.selecting(rows: hardRows) }
        var tuning: LabeledData { data.selecting(rows: tuningRows) }

        func meanLoss(_ m: LogisticRegression, _ d: LabeledData) throws -> Double {
            ModelFixtures.logLoss(try m.score(d.features), d)
        }
    }

    static func distance(_ a: LogisticRegression, _ b: LogisticRegression) -> Double {
        var s = (a.intercept - b.intercept) * (a.intercept - b.intercept)
        for (x, y) in zip(a.coefficients, b.coefficients) { s += (x - y) * (x - y) }
        return s.squareRoot()
    }

    @Test func hugeProximalStrengthKeepsTheWeights() throws {
        let s = try Setup()
        // Only hard negatives: without the pull they would drag the intercept far down.
        let tuned = try s.model.continued(on: s.hard, options: .init(c: 1, proximal: 1e9, tolerance: 1e-12))
        #expect(Self.distance(tuned, s.model) <= 1e-6)
        let loose = try s.model.continued(on: s.hard, options: .init(c: 1, proximal: 1e-2))
        #expect(Self.distance(loose, s.model) > 0.1)
    }

    @Test func pullShrinksAsTheProximalStrengthGrows() throws {
        let s = try Setup()
        let distances = try [0.01, 1, 100, 10_000].map { lambda in
            Self.distance(try s.model.continued(on: s.tuning, options: .init(c: 1, proximal: lambda, tolerance: 1e-10)), s.model)
        }
        for (a, b) in zip(distances, distances.dropFirst()) { #expect(a > b) }
    }

    @Test("λ → 0 approaches a fresh fit on the new data", arguments: [0.0, 1e-9])
    func vanishingProximalStrengthIsAFreshFit(_ lambda: Double) throws {
        // Without standardization both fits share the feature space, so they must agree.
        let data = ModelFixtures.generated("generated_b", weights: false)
        let base = try LogisticRegression.fit(data.selecting(rows: Array(0..<120)), options: .init(c: 2, standardize: false, tolerance: 1e-10))
        let newData = data.selecting(rows: Array(120..<250))
        let fresh = try LogisticRegression.fit(newData, options: .init(c: 2, standardize: false, tolerance: 1e-10))
        let tuned = try base.continued(on: newData, options: .init(c: 2, proximal: lambda, tolerance: 1e-10))
        #expect(Self.distance(fresh, base) > 0.05)
        #expect(Self.distance(tuned, fresh) <= 1e-6)
    }

    @Test func oneClassNeedsAProximalTerm() throws {
        let s = try Setup()
        #expect(throws: InvalidInput.self) { try s.model.continued(on: s.hard, options: .init(proximal: 0)) }
    }

    @Test("invalid continuation options are usage errors", arguments: [
        LogisticRegression.ContinuationOptions(proximal: -1),
        .init(c: 0),
    ])
    func invalidOptions(_ options: LogisticRegression.ContinuationOptions) throws {
        let s = try Setup()
        let error = #expect(throws: InvalidInput.self) { try s.model.continued(on: s.tuning, options: options) }
        #expect(error?.kind == .usage)
    }

    @Test func featuresMustMatchTheModel() throws {
        let s = try Setup()
        let other = ModelFixtures.generated("generated_b", weights: false)
        let error = #expect(throws: InvalidInput.self) { try s.model.continued(on: other, options: .init()) }
        #expect(error?.message.contains("missing 'f4', 'f5'") == true)
    }
}
