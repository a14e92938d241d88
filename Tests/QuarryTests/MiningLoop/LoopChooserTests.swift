import Foundation
import Testing
@testable import Quarry

/// The guarded chooser (``LoopChooser/guarded``): hand-computable arms, a brute-force bootstrap
/// and a loop run that resumes to identical files.
@Suite struct LoopChooserTests {
    /// Validation labels: 10 positives, then 100 negatives.
    static let labels = [Bool](repeating: true, count: 10) + [Bool](repeating: false, count: 100)

    /// Scores whose FPR at recall 0.9 is `above.count` / 100 by construction: the negatives
    /// listed in `above` score above every positive, the other negatives below.
    static func scores(above: Set<Int>) -> [Double] {
        (0..<10).map { 2 + Double($0) / 10 } + (0..<100).map { above.contains($0) ? 5 + Double($0) / 1000 : -1 - Double($0) / 1000 }
    }

    static func candidate(_ arm: String, _ round: Int?, above: Set<Int>) -> LoopChoice.Candidate {
        .init(arm: arm, round: round, scores: scores(above: above))
    }

    @Test func constructedScoresHaveTheirFPRByTheRankingOracle() throws {
        let metrics = try #require(try LoopRankingMetrics(scores: Self.scores(above: Set(0..<7)), labels: Self.labels, targetRecall: 0.9))
        #expect(metrics.fprAtTargetRecall == 0.07)
    }

    @Test func theReferenceIsTheLowerValidationFPRAndTiesKeepTheInitialModel() throws {
        let base = Self.candidate("strategy", 0, above: Set(0..<30))
        let lower = try LoopChoice.guarded(references: [base, Self.candidate("random", 4, above: Set(0..<20))], strategy: nil,
                                           labels: Self.labels, targetRecall: 0.9, seed: 1)
        #expect(lower.arm == "random" && lower.round == 4 && lower.validationMetric == 0.2)
        #expect(lower.guardRecord?.referenceFPR == 0.2 && lower.guardRecord?.interval == nil)
        #expect(lower.guardRecord?.candidates.map(\.fpr) == [0.3, 0.2])
        #expect(lower.words.contains("random negatives beat the initial model"))
        let tie = try LoopChoice.guarded(references: [base, Self.candidate("random", 4, above: Set(50..<80))], strategy: nil,
                                         labels: Self.labels, targetRecall: 0.9, seed: 1)
        #expect(tie.arm == "strategy" && tie.round == 0)
        #expect(tie.words.contains("keep the initial model"))
    }

    @Test func theRecordSaysWhenTheReferenceIsWithinValidationNoiseOfTheRunnerUp() throws {
        let base = Self.candidate("strategy", 0, above: Set(0..<30))
        // 0.2 against 0.3, ten negatives apart: every replicate keeps the random control ahead.
        let clear = try LoopChoice.guarded(references: [base, Self.candidate("random", 4, above: Set(0..<20))], strategy: nil,
                                           labels: Self.labels, targetRecall: 0.9, seed: 1)
        let record = try #require(clear.guardRecord)
        #expect(record.runnerUp?.arm == "strategy" && record.runnerUp?.round == 0 && record.runnerUp?.fpr == 0.3)
        #expect(try #require(record.runnerUpInterval).low > 0)
        #expect(record.validationPositives == 10 && record.validationNegatives == 100)
        #expect(!clear.words.contains("not settled"))
        // 0.05 against 0.06, one negative apart: a replicate that does not draw it ties.
        let close = try LoopChoice.guarded(references: [Self.candidate("strategy", 0, above: Set(0..<6)),
                                                        Self.candidate("random", 4, above: Set(0..<5))],
                                           strategy: Self.candidate("strategy", 4, above: Set(0..<5)),
                                           labels: Self.labels, targetRecall: 0.9, seed: 1)
        #expect(close.arm == "random" && close.guardRecord?.runnerUpInterval?.low == 0)
        #expect(close.words.contains("the initial model is within validation noise of it"))
        #expect(close.words.contains("on 10 validation positives"))
        #expect(close.guardRecord?.json["runner_up"]?["arm"] == "strategy")
        // One reference: no runner-up, no caveat.
        let alone = try LoopChoice.guarded(references: [base], strategy: nil, labels: Self.labels, targetRecall: 0.9, seed: 1)
        #expect(alone.guardRecord?.runnerUp == nil && alone.guardRecord?.runnerUpInterval == nil)
        #expect(alone.guardRecord?.json["runner_up"] == .null)
    }

    @Test func theStrategyReplacesTheReferenceOnlyBeyondValidationNoise() throws {
        let references = [Self.candidate("strategy", 0, above: Set(0..<30)), Self.candidate("random", 4, above: Set(0..<5))]
        // Far better (FPR 0 against 0.05): chosen.
        let far = try LoopChoice.guarded(references: references, strategy: Self.candidate("strategy", 4, above: []),
                                         labels: Self.labels, targetRecall: 0.9, seed: 7)
        #expect(far.arm == "strategy" && far.round == 4 && far.validationMetric == 0)
        #expect(try #require(far.guardRecord?.interval).high < 0)
        #expect(far.words.contains("beat the random control on validation beyond noise"))
        // One negative fewer (0.04 against 0.05): a replicate that does not draw it ties, so the
        // interval reaches 0 and the reference stays.
        let near = try LoopChoice.guarded(references: references, strategy: Self.candidate("strategy", 4, above: Set(0..<4)),
                                          labels: Self.labels, targetRecall: 0.9, seed: 7)
        #expect(near.arm == "random" && near.round == 4)
        #expect(near.guardRecord?.strategyFPR == 0.04)
        #expect(try #require(near.guardRecord?.interval).high == 0)
        #expect(near.words.contains("mining did not beat it beyond validation noise"))
        // The same scores: the difference is 0 in every replicate.
        let same = try LoopChoice.guarded(references: references, strategy: Self.candidate("strategy", 4, above: Set(0..<5)),
                                          labels: Self.labels, targetRecall: 0.9, seed: 7)
        #expect(same.arm == "random" && same.guardRecord?.interval == ConfidenceInterval(low: 0, high: 0))
    }

    /// The interval against a brute force: each replicate's rows materialized (a row drawn c
    /// times appears c times) and measured by ``LoopRankingMetrics``.
    @Test func theIntervalMatchesABruteForceBootstrap() throws {
        var rng = SeededGenerator(seed: 3)
        let n = 80
        let labels = (0..<n).map { $0 % 4 == 0 }
        let reference = (0..<n).map { labels[$0] ? rng.nextUnitDouble() + 0.3 : rng.nextUnitDouble() }
        let strategy = (0..<n).map { labels[$0] ? rng.nextUnitDouble() + 0.5 : rng.nextUnitDouble() }
        let replicates = 200, seed: UInt64 = 99
        // A second reference that scores worse on validation than the first: the runner-up.
        let worse = (0..<n).map { labels[$0] ? rng.nextUnitDouble() + 0.1 : rng.nextUnitDouble() }
        let choice = try LoopChoice.guarded(references: [.init(arm: "strategy", round: 0, scores: reference)],
                                            strategy: .init(arm: "strategy", round: 2, scores: strategy), labels: labels,
                                            targetRecall: 0.9, replicates: replicates, seed: seed)
        let withRunnerUp = try LoopChoice.guarded(references: [.init(arm: "strategy", round: 0, scores: reference),
                                                               .init(arm: "random", round: 2, scores: worse)],
                                                  strategy: .init(arm: "strategy", round: 2, scores: strategy), labels: labels,
                                                  targetRecall: 0.9, replicates: replicates, seed: seed)
        var differences: [Double] = [], margins: [Double] = []
        for b in 0..<replicates {
            var generator = SeededGenerator(seed: seed).derived(UInt64(b))
            var rows: [Int] = []
            for _ in 0..<n { rows.append(generator.nextInt(below: n)) }
            let drawnLabels = rows.map { labels[$0] }
            guard let s = try LoopRankingMetrics(scores: rows.map { strategy[$0] }, labels: drawnLabels, targetRecall: 0.9),
                  let r = try LoopRankingMetrics(scores: rows.map { reference[$0] }, labels: drawnLabels, targetRecall: 0.9) else { continue }
            differences.append(s.fprAtTargetRecall - r.fprAtTargetRecall)
            if let u = try LoopRankingMetrics(scores: rows.map { worse[$0] }, labels: drawnLabels, targetRecall: 0.9) {
                margins.append(u.fprAtTargetRecall - r.fprAtTargetRecall)
            }
        }
        differences.sort()
        margins.sort()
        let interval = try #require(choice.guardRecord?.interval)
        #expect(abs(interval.low - BootstrapIntervals.linearPercentile(sortedValues: differences, quantile: 0.025)) < 1e-12)
        #expect(abs(interval.high - BootstrapIntervals.linearPercentile(sortedValues: differences, quantile: 0.975)) < 1e-12)
        // The same replicates, paired: the strategy's interval is the same with a runner-up.
        #expect(withRunnerUp.guardRecord?.interval == choice.guardRecord?.interval)
        #expect(withRunnerUp.guardRecord?.runnerUp?.arm == "random")
        let margin = try #require(withRunnerUp.guardRecord?.runnerUpInterval)
        #expect(abs(margin.low - BootstrapIntervals.linearPercentile(sortedValues: margins, quantile: 0.025)) < 1e-12)
        #expect(abs(margin.high - BootstrapIntervals.linearPercentile(sortedValues: margins, quantile: 0.975)) < 1e-12)
        let point = try #require(try LoopRankingMetrics(scores: strategy, labels: labels, targetRecall: 0.9))
        #expect(choice.guardRecord?.strategyFPR == point.fprAtTargetRecall)
    }

    @Test func aGuardedRunWritesItsChoiceAndResumesToIdenticalFiles() throws {
        let configuration = try MiningLoopConfiguration(operatingPoint: .targetRecall(0.9), rounds: 3, perRound: 40, seed: 11,
                                                        controls: [.random, .fullPool], chooser: .guarded)
        let loop = MiningLoop(configuration: configuration, strategy: try ExpandStrategy(), sampler: .semiHard,
                              trainingOptions: .init(), continuationOptions: .init(),
                              data: try MiningLoopTests.dataSets() as MiningLoop<LogisticRegression>.DataSets)
        let whole = MiningLoopTests.tempDir(), killed = MiningLoopTests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: whole.path); try? FileManager.default.removeItem(atPath: killed.path) }
        let outcome = try loop.run(in: whole, manifestHeader: [])
        let record = try #require(outcome.chosen.guardRecord)
        #expect(record.strategyRound == outcome.rounds.last!.round)
        #expect(["strategy", "random", "full-pool"].contains(outcome.chosen.arm))
        let json = LoopSummary(outcome, of: loop, directory: whole.path).json
        #expect(json["chosen"]?["chooser"] == "guarded" && json["chosen"]?["guard"]?["reference"] != nil)
        let manifest = try LoopRunDirectory.readJSON(whole.path + "/manifest.json")
        #expect(manifest["loop"]?["chooser"] == "guarded")
        // The recommended model is the chosen arm's file.
        try MiningLoopTests.expectRecommendedModelIsTheChosenArms(whole, outcome.chosen)
        #expect(throws: MiningLoopTests.Killed.self) {
            _ = try loop.run(in: killed, manifestHeader: []) { round in if round.round == 1 { throw MiningLoopTests.Killed() } }
        }
        let resumed = try loop.run(in: killed, manifestHeader: [], resume: true)
        #expect(resumed.chosen == outcome.chosen)
        #expect(try MiningLoopTests.files(killed) == MiningLoopTests.files(whole))
    }
}
