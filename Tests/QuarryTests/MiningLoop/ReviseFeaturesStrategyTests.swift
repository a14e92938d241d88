import Foundation
import Testing
@testable import Quarry

@Suite struct ReviseFeaturesStrategyTests {
    typealias RevisedLogistic = DerivedFeatureModel<LogisticRegression>

    static func loop(_ strategy: any ImprovementStrategy, rounds: Int = 2) throws -> MiningLoop<RevisedLogistic> {
        MiningLoop(configuration: try MiningLoopConfiguration(operatingPoint: .targetRecall(0.9), rounds: rounds, perRound: 150, seed: 3),
                   strategy: strategy, sampler: .top, trainingOptions: .init(base: .init()), continuationOptions: .init(),
                   data: try InteractionData.dataSets())
    }

    static func testPrecision(_ round: LoopRound) -> Double {
        round.testPoint?.precision ?? .nan
    }

    /// Planted truth (issue 5, item 3): hard negatives defined by x1·x2. A logistic model
    /// cannot see them; expand adds them but stays linear in x1, x2; revise must find the
    /// interaction and recover the precision a model given x1·x2 has.
    @Test func reviseRecoversThePrecisionLostToAnInteraction() throws {
        let directory = MiningLoopTests.tempDir(), expandDirectory = MiningLoopTests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: directory.path); try? FileManager.default.removeItem(atPath: expandDirectory.path) }
        let revise = try Self.loop(try ReviseFeaturesStrategy()).run(in: directory, manifestHeader: [])
        let expand = try Self.loop(try ExpandStrategy()).run(in: expandDirectory, manifestHeader: [])

        // The reference: logistic regression given the true product and every labelled row
        // of train + pool — the precision a linear model with the right feature can reach.
        let data: MiningLoop<RevisedLogistic>.DataSets = try InteractionData.dataSets()
        let truth = try DerivedFeature(parsing: "x1_x_x2 = x1 * x2")
        let oracle = try RevisedLogistic.fit(LabeledData.stacking([data.train, data.pool]), options: .init(base: .init(), derivedFeatures: [truth]))
        let threshold = try #require(try OperatingPointRule.targetRecall(0.9).resolve(for: oracle, on: data.validation)).threshold
        let oracleTest = try ThresholdCurve(ScoredLabels(scores: oracle.score(data.test.features), labels: data.test.labels))
            .operatingPoint(.threshold(threshold))!
        let oraclePrecision = try #require(oracleTest.precision)

        let p0 = Self.testPrecision(revise.rounds[0])
        let pExpand = Self.testPrecision(expand.rounds.last!), pRevise = Self.testPrecision(revise.rounds.last!)
        let added = revise.rounds.compactMap { $0.strategyReport["chosen"]?.arrayValue }.flatMap { $0 }.compactMap(\.stringValue)
        print("planted interaction x1·x2, test precision at recall 0.9: round 0 \(p0); expand \(pExpand) after \(expand.rounds.count - 1) rounds; revise \(pRevise) after \(revise.rounds.count - 1) rounds (added \(added)); logistic given x1·x2 and all of train + pool \(oraclePrecision)")
        #expect(added.contains { $0.hasPrefix("x1_x_x2 =") || $0.hasPrefix("x2_x_x1 =") })
        #expect(pRevise > pExpand + 0.1)
        #expect(pRevise >= oraclePrecision - 0.03)
    }

    @Test func reviseRunsAreDeterministicAndResumeToIdenticalFiles() throws {
        let strategy = try ReviseFeaturesStrategy(options: .init(userFeatures: [try DerivedFeature(parsing: "s = x1 + x2")]))
        let loop = try Self.loop(strategy)
        let whole = MiningLoopTests.tempDir(), again = MiningLoopTests.tempDir(), killed = MiningLoopTests.tempDir()
        defer { for d in [whole, again, killed] { try? FileManager.default.removeItem(atPath: d.path) } }
        _ = try loop.run(in: whole, manifestHeader: [])
        _ = try loop.run(in: again, manifestHeader: [])
        #expect(try MiningLoopTests.files(again) == MiningLoopTests.files(whole))
        #expect(throws: MiningLoopTests.Killed.self) {
            _ = try loop.run(in: killed, manifestHeader: []) { round in if round.round == 1 { throw MiningLoopTests.Killed() } }
        }
        _ = try loop.run(in: killed, manifestHeader: [], resume: true)
        #expect(try MiningLoopTests.files(killed) == MiningLoopTests.files(whole))
        // The report lists the user's candidate among those tried.
        let metrics = try whole.readJSON(round: 0, file: "metrics.json")
        let tried = metrics["strategy_report"]?["candidates"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
        #expect(tried.contains("s"))
    }

    @Test func reviseNeedsAModelWithDerivedFeatures() throws {
        let data: MiningLoop<LogisticRegression>.DataSets = try InteractionData.dataSets()
        let model = try LogisticRegression.fit(data.train, options: .init())
        #expect(throws: InvalidInput.self) {
            _ = try ReviseFeaturesStrategy().improve(StrategyInput(
                model: model, training: data.train, hard: data.pool.selecting(rows: [0, 1]), trainingOptions: .init(),
                continuationOptions: .init(), seed: 0, validation: data.validation, operatingPoint: .targetRecall(0.9)))
        }
    }

    // MARK: greedy selection

    /// Additive gains: greedy forward selection is optimal, so it must match the brute-force
    /// best subset of at most `cap` candidates (with the minimum gain honoured).
    @Test(arguments: [(1, 0.0), (2, 0.0), (3, 0.0), (3, 0.15)])
    func greedyMatchesBruteForceOnAdditiveGains(cap: Int, minimumGain: Double) throws {
        let gains = [0.1, -0.05, 0.3, 0.12, 0.0]
        let selection = try GreedyFeatureSelection(candidateCount: gains.count, maximumChosen: cap, minimumGain: minimumGain) { set in
            0.5 + set.reduce(0) { $0 + gains[$1] }
        }
        // Brute force over every subset of at most `cap` candidates whose members each gain ≥ minimumGain and > 0.
        var best: (value: Double, set: Set<Int>) = (0.5, [])
        for mask in 0..<(1 << gains.count) {
            let set = (0..<gains.count).filter { mask & (1 << $0) != 0 }
            guard set.count <= cap, set.allSatisfy({ gains[$0] > 0 && gains[$0] >= minimumGain }) else { continue }
            let value = 0.5 + set.reduce(0) { $0 + gains[$1] }
            if value > best.value + 1e-12 { best = (value, Set(set)) }
        }
        #expect(Set(selection.chosen) == best.set)
        #expect(abs(selection.final! - best.value) < 1e-12)
        #expect(selection.baseline == 0.5)
    }

    /// With real fits: the first pick is the brute-force best single candidate, and every
    /// trial's metric is what a separate fit with that feature gives.
    @Test func greedyFirstPickIsTheBestSingleFeatureByBruteForce() throws {
        let data: MiningLoop<RevisedLogistic>.DataSets = try InteractionData.dataSets()
        let candidates = try ["p = x1 * x2", "q = x1 + x2", "r = abs(x3)", "l = log1p(abs(x1))"].map { try DerivedFeature(parsing: $0) }
        func metric(_ features: [DerivedFeature]) throws -> Double? {
            let model = try RevisedLogistic.fit(data.pool, options: .init(base: .init(), derivedFeatures: features))
            return try OperatingPointRule.targetRecall(0.9).resolve(for: model, on: data.validation)?.precision
        }
        let selection = try GreedyFeatureSelection(candidateCount: candidates.count, maximumChosen: 1, minimumGain: 0) { set in
            try metric(set.map { candidates[$0] })
        }
        let singles = try candidates.map { try metric([$0]) ?? -.infinity }
        let bestSingle = singles.indices.max { singles[$0] < singles[$1] || (singles[$0] == singles[$1] && $0 > $1) }!
        #expect(selection.chosen == [bestSingle])
        #expect(candidates[bestSingle].name == "p")
        #expect(selection.trials.map(\.metric) == singles.map { $0 })
    }

    // MARK: candidates

    @Test func candidatesNameTheInteractingPairAndHeavyTails() throws {
        var data = try InteractionData.make(rows: 3000, hardShare: 0.15, seed: 8)
        // A heavy-tailed, non-negative column: exp of a normal (lognormal, skewness ≫ 2).
        let tail = (0..<data.labels.count).map { exp(2 * sin(Double($0) * 12.9898).truncatingRemainder(dividingBy: 1) * 2) }
        data = try LabeledData(features: FeatureMatrix(names: data.features.names + ["t"], rowCount: data.labels.count,
                                                       values: data.features.values + tail), labels: data.labels)
        let model = try LogisticRegression.fit(data, options: .init())
        let scores = try model.score(data.features)
        let threshold = try #require(ThresholdCurve(ScoredLabels(scores: scores, labels: data.labels)).operatingPoint(.targetRecall(0.9))).threshold
        let hard = data.labels.indices.filter { !data.labels[$0] && scores[$0] >= threshold }
        let candidates = try RevisionCandidate.generate(features: data.features, labels: data.labels, scores: scores,
                                                        threshold: threshold, hardRows: hard, limits: .init(), seed: 1)
        let names = candidates.map(\.feature.name)
        #expect(names.contains("x1_x_x2") || names.contains("x2_x_x1"), "\(names)")
        #expect(candidates.contains { $0.source == .slice })
        // Every candidate evaluates without unknown columns.
        for c in candidates { _ = try c.feature.expression.evaluate(on: data.features) }
        let skew = RevisionCandidate.heavyTailSkewness(ArraySlice(tail))
        #expect((skew ?? 0) >= 2 ? names.contains("log1p_t") : !names.contains("log1p_t"))
        #expect(RevisionCandidate.heavyTailSkewness(data.features.column(0)) == nil)  // has negatives
    }

    /// A slice indicator is exactly 1 inside the slice and 0 outside on every value of the data.
    @Test func sliceRampIsAnExactIndicatorOnTheData() throws {
        let column: [Double] = [-3, -1, -1, 0, 0.5, 2, 2, 7]
        for (lower, upper) in [(-1.0, 2.0), (-3.0, 0.5), (0.0, 7.0)] {
            let up = try #require(RevisionCandidate.ramp("x", column, from: lower))
            let down = RevisionCandidate.ramp("x", column, from: upper)
            let indicator: FeatureExpression = down.map { .binary(.multiply, up, .binary(.subtract, .number(1), $0)) } ?? up
            let matrix = FeatureMatrix(names: ["x"], rowCount: column.count, values: column)
            let values = try indicator.evaluate(on: matrix)
            #expect(values == column.map { $0 > lower && $0 <= upper ? 1 : 0 }, "\(lower) < x <= \(upper)")
            // And it survives the text round trip a model file makes.
            let reparsed = try DerivedFeature(parsing: DerivedFeature(name: "s", expression: indicator).text)
            #expect(try reparsed.expression.evaluate(on: matrix) == values)
        }
    }

    /// A bound that is an interpolated quantile a hair below a data value prints as the
    /// neighbouring data values, not as the bound and a 5.6e-17 gap.
    @Test func sliceRampPrintsDataValues() throws {
        let column: [Double] = [0.1, 0.147, 0.153, 0.153, 0.2]
        let ramp = try #require(RevisionCandidate.ramp("x", column, from: 0.15299999999999994))
        let text = DerivedFeature(name: "s", expression: ramp).text
        #expect(text.contains("0.147") && text.contains("0.153") && !text.contains("e-"), "\(text)")
        let matrix = FeatureMatrix(names: ["x"], rowCount: column.count, values: column)
        #expect(try ramp.evaluate(on: matrix) == column.map { $0 > 0.15299999999999994 ? 1 : 0 })
    }
}
