import Foundation
import Testing
@testable import Quarry

/// The beyond-score audit's parts: offsets in the GBDT, Holm, the shuffle, options, determinism.
@Suite struct BeyondScoreAuditTests {
    static func data(rows: Int, seed: UInt64) throws -> LabeledData {
        var g = SeededGenerator(seed: seed)
        let x = (0..<(3 * rows)).map { _ in g.nextUnitDouble() * 2 - 1 }
        let labels = (0..<rows).map { r in g.nextUnitDouble() < 1 / (1 + exp(-(2 * x[r] - x[rows + r]))) }
        return try LabeledData(features: FeatureMatrix(names: ["u", "v", "w"], rowCount: rows, values: x), labels: labels)
    }

    /// LightGBM's `init_score` semantics: a constant offset equal to the base-rate log-odds
    /// grows the same trees as boosting from the average, with the offset left out of the model.
    @Test func constantInitScoreEqualsBoostingFromTheAverage() throws {
        let data = try Self.data(rows: 600, seed: 3)
        var configuration = GradientBoostedTrees.Configuration()
        configuration.treeCount = 20
        configuration.numLeaves = 8
        let plain = try GradientBoostedTrees.fit(data, configuration: configuration).model
        let offset = [Double](repeating: plain.initialScore, count: 600)
        let boosted = try GradientBoostedTrees.fit(data, initScores: offset, configuration: configuration).model
        #expect(boosted.initialScore == 0)
        #expect(boosted.trees == plain.trees)
        #expect(zip(try boosted.rawScores(data.features), try plain.rawScores(data.features))
            .allSatisfy { Swift.abs($0 + plain.initialScore - $1) < 1e-12 })
    }

    @Test func initScoresAreChecked() throws {
        let data = try Self.data(rows: 50, seed: 1)
        #expect(throws: InvalidInput.self) { try GradientBoostedTrees.fit(data, initScores: [0]) }
        #expect(throws: InvalidInput.self) { try GradientBoostedTrees.fit(data, initScores: [Double](repeating: .nan, count: 50)) }
    }

    /// The booster on shared bins, trained on every row without validation, is `fit(initScores:)`.
    @Test func offsetBoosterMatchesFitWithInitScores() throws {
        let data = try Self.data(rows: 400, seed: 5)
        var configuration = BeyondScoreAudit.Options().auditorConfiguration(depth: 3)
        configuration.earlyStoppingRounds = nil
        configuration.treeCount = 15
        var g = SeededGenerator(seed: 9)
        let offsets = (0..<400).map { _ in g.nextUnitDouble() - 0.5 }
        let reference = try GradientBoostedTrees.fit(data, initScores: offsets, configuration: configuration).model
        let booster = OffsetBooster(features: data.features, configuration: configuration, threads: 1)
        let all = (0..<400).map(Int32.init)
        let fit = booster.fit(labels: data.labels.map { $0 ? 1 : 0 }, offsets: offsets, train: all, validation: [],
                              evaluate: all, features: [0, 1, 2])
        #expect(fit.trees.count == 0)  // no validation rows: nothing beats the offset, zero trees kept
        var watched = configuration
        watched.earlyStoppingRounds = 15
        let kept = OffsetBooster(features: data.features, configuration: watched, threads: 1)
            .fit(labels: data.labels.map { $0 ? 1 : 0 }, offsets: offsets, train: all, validation: all, evaluate: all, features: [0, 1, 2])
        let raw = try reference.rawScores(data.features)
        // Validation on the training rows keeps every tree that lowers the training loss.
        #expect(kept.trees.count >= 1)
        var prefix = reference
        prefix.trees = Array(reference.trees.prefix(kept.trees.count))
        let expected = try prefix.rawScores(data.features)
        #expect(zip(kept.increments, expected).allSatisfy { Swift.abs($0 - $1) < 1e-9 })
        #expect(raw.count == 400)
    }

    @Test(arguments: [
        ([0.01, 0.04, 0.03, 0.2], [0.04, 0.09, 0.09, 0.2]),
        ([0.5], [0.5]),
        ([0.02, 0.02], [0.04, 0.04]),
    ])
    func holmMatchesTheStepDownRule(p: [Double], expected: [Double]) {
        #expect(zip(BeyondScoreAudit.holm(p), expected).allSatisfy { Swift.abs($0 - $1) < 1e-12 })
    }

    @Test func shuffleIsSeededAndAPermutation() {
        var a = SeededGenerator(seed: 4), b = SeededGenerator(seed: 4)
        var x = Array(0..<100), y = Array(0..<100)
        a.shuffle(&x)
        b.shuffle(&y)
        #expect(x == y)
        #expect(x != Array(0..<100))
        #expect(x.sorted() == Array(0..<100))
    }

    @Test func permutationsKeepEachScoreBinsLabels() throws {
        let sample = try PlantedScoredData.make(.nullModel, rows: 600, seed: 2)
        let rows = sample.scores.indices.filter { sample.scores[$0] >= sample.threshold }
        let engine = AuditEngine(features: sample.features.selecting(rows: rows), scores: rows.map { sample.scores[$0] },
                                 options: .init())
        let y = rows.map { sample.labels[$0] ? 1.0 : 0.0 }
        var g = SeededGenerator(seed: 1)
        let permuted = engine.permutedWithinBins(y, using: &g)
        #expect(permuted != y)
        for members in engine.binMembers {
            let before: Double = members.reduce(0) { $0 + y[$1] }
            let after: Double = members.reduce(0) { $0 + permuted[$1] }
            #expect(before == after)
        }
    }

    @Test(arguments: [
        BeyondScoreAudit.Options(folds: 2), .init(permutations: 5), .init(permutations: 19), .init(scoreBins: 1), .init(alpha: 0),
        .init(minimumEffect: 0), .init(region: .band(halfWidth: -1)), .init(maxDepth: 4), .init(threads: 0),
    ])
    func badOptionsAreUsageErrors(options: BeyondScoreAudit.Options) throws {
        let sample = try PlantedScoredData.make(.nullModel, rows: 100, seed: 1)
        #expect(throws: InvalidInput.self) {
            try BeyondScoreAudit(features: sample.features, labels: sample.labels, scores: sample.scores,
                                 threshold: sample.threshold, options: options)
        }
    }

    /// Same inputs and seed → the same result for any thread count.
    @Test func resultDoesNotDependOnThreads() throws {
        let sample = try PlantedScoredData.make(.withheldFeature, rows: 800, seed: 6)
        func run(_ threads: Int) throws -> BeyondScoreAudit {
            try BeyondScoreAudit(features: sample.features, labels: sample.labels, scores: sample.scores, threshold: sample.threshold,
                                 options: .init(permutations: 39, powerInjections: 4, pairCandidates: 2, seed: 3, threads: threads))
        }
        let one = try run(1), two = try run(2)
        #expect(one.verdict == .separable && one.namedFeatures == ["c"])
        #expect(one.json.serialized(pretty: true) == two.json.serialized(pretty: true))
    }

    @Test func tooFewRowsIsInconclusiveWithAReason() throws {
        let sample = try PlantedScoredData.make(.nullModel, rows: 30, seed: 1)
        let audit = try BeyondScoreAudit(features: sample.features, labels: sample.labels, scores: sample.scores,
                                         threshold: sample.threshold)
        #expect(audit.verdict == .inconclusive)
        #expect(audit.reason?.contains("too few rows") == true)
        #expect(audit.statistic == nil)
    }
}
