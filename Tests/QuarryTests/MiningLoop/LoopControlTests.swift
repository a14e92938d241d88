import Foundation
import Testing
@testable import Quarry

/// The loop's control arms, samplers, recommended model, comparison and saved-state checks.
@Suite struct LoopControlTests {
    static func loop(sampler: PoolSampler = .top, controls: [LoopControl] = [.random], rounds: Int = 3,
                     perRound: Int = 40, strategy: (any ImprovementStrategy)? = nil) throws -> MiningLoop<LogisticRegression> {
        MiningLoop(configuration: try MiningLoopConfiguration(operatingPoint: .targetRecall(0.9), rounds: rounds, perRound: perRound,
                                                              seed: 11, controls: controls),
                   strategy: try strategy ?? ExpandStrategy(), sampler: sampler, trainingOptions: .init(), continuationOptions: .init(),
                   data: try MiningLoopTests.dataSets() as MiningLoop<LogisticRegression>.DataSets)
    }

    @Test(arguments: [(PoolSampler.top, [LoopControl.random, .fullPool]), (.caseControl, [.randomInBand]), (.goss, [.random]), (.semiHard, [.random]),
                            (.semiHardBalanced, [.random, .fullPool])])
    func killedRunWithControlsResumesToIdenticalFiles(sampler: PoolSampler, controls: [LoopControl]) throws {
        let loop = try Self.loop(sampler: sampler, controls: controls, strategy: try FineTuneStrategy(replayRatio: 2))
        let whole = MiningLoopTests.tempDir(), killed = MiningLoopTests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: whole.path); try? FileManager.default.removeItem(atPath: killed.path) }
        let outcome = try loop.run(in: whole, manifestHeader: [])
        try #require(outcome.rounds.count >= 3)
        #expect(throws: MiningLoopTests.Killed.self) {
            _ = try loop.run(in: killed, manifestHeader: []) { round in if round.round == 1 { throw MiningLoopTests.Killed() } }
        }
        let resumed = try loop.run(in: killed, manifestHeader: [], resume: true)
        #expect(resumed.chosen == outcome.chosen)
        #expect(resumed.comparison?.json == outcome.comparison?.json)
        // Every file, the summary (summary.json, summary.txt) included, is byte-identical.
        let wholeFiles = try MiningLoopTests.files(whole)
        #expect(try MiningLoopTests.files(killed) == wholeFiles)
        // The saved summary is the summary of the run, without seconds and with the folder as ".".
        let savedJSON = try #require(wholeFiles["/" + LoopSummary.jsonFile])
        let savedText = try #require(wholeFiles["/" + LoopSummary.textFile])
        let summary = LoopSummary(outcome, of: loop, directory: whole.path)
        #expect(String(decoding: savedJSON, as: UTF8.self) == summary.saved.json.serialized(pretty: true) + "\n")
        #expect(String(decoding: savedText, as: UTF8.self) == summary.saved.text + "\n")
        #expect(summary.saved.json["comparison"] == summary.json["comparison"] && summary.json["comparison"] != .null)
        #expect(summary.json["rounds"]?.arrayValue?.first?["strategy_seconds"] != nil)
        #expect(summary.saved.json["rounds"]?.arrayValue?.allSatisfy { $0["strategy_seconds"] == .null } == true)
        // A finished run read back gives the same summary again, and rewrites the same files.
        let again = try loop.run(in: whole, manifestHeader: [], resume: true)
        #expect(again.comparison?.json == outcome.comparison?.json)
        #expect(again.rounds.map(\.json) == outcome.rounds.map(\.json))
        #expect(try MiningLoopTests.files(whole) == wholeFiles)
    }

    @Test func theControlGetsTheSameBudgetEveryRound() throws {
        let outcome = try Self.loop(controls: [.random, .fullPool]).run(in: MiningLoopTests.tempDir(), manifestHeader: [])
        for r in outcome.rounds {
            let random = try #require(r.controls.first { $0.control == .random }?.round)
            // Random negatives are plentiful: the control takes the whole budget, never fewer than the strategy.
            #expect(random.mined.count == 40)
            #expect(random.mined.count >= r.mined.count)
            // A round that went on trained the control too, and says so.
            if r.stop == nil {
                #expect(random.rowsTrainedOn != nil && random.strategySeconds != nil)
                #expect(r.json["control"]?["rows_trained_on"]?.intValue == random.rowsTrainedOn)
            }
            #expect(r.json["control"]?["test"] != nil && r.json["control"]?["arm"] == "random")
            #expect(r.json["other_controls"]?["full-pool"]?["training_rows"]?.intValue == 300 + 2000)
        }
        // Round 0 is the same model in every sampling arm.
        #expect(outcome.rounds[0].controls[0].round.validationMetric == outcome.rounds[0].validationMetric)
        let rows = outcome.rounds.flatMap { $0.controls[0].round.mined.map(\.row) }
        #expect(Set(rows).count == rows.count)
    }

    @Test func theRecommendedModelIsTheBestByValidationAndIsWritten() throws {
        let dir = MiningLoopTests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir.path) }
        let outcome = try Self.loop(controls: [.random, .fullPool]).run(in: dir, manifestHeader: [])
        var values: [Double] = outcome.rounds.compactMap(\.validationMetric)
        values += outcome.rounds.flatMap { $0.controls.compactMap(\.round.validationMetric) }
        let best = try #require(outcome.chosen.validationMetric)
        #expect(best == values.max())
        try MiningLoopTests.expectRecommendedModelIsTheChosenArms(dir, outcome.chosen)
    }

    @Test func choiceKeepsRoundZeroOnTiesAndNamesTheArm() {
        func round(_ r: Int, _ v: Double, controls: [(LoopControl, Double)] = []) -> LoopRound {
            var record = LoopRound(round: r, threshold: 0.5, validationMetricName: "precision", validationMetric: v, testReport: nil,
                                   trainingRows: 0, poolNegativesAtOrAboveThreshold: 0, unusedCandidates: 0, mined: [],
                                   strategySeconds: nil, rowsTrainedOn: nil, droppedByCacheLimit: 0, stop: nil)
            record.controls = controls.map { c in
                (c.0, LoopRound(round: r, threshold: 0.5, validationMetricName: "precision", validationMetric: c.1, testReport: nil,
                                trainingRows: 0, poolNegativesAtOrAboveThreshold: 0, unusedCandidates: 0, mined: [],
                                strategySeconds: nil, rowsTrainedOn: nil, droppedByCacheLimit: 0, stop: nil))
            }
            return record
        }
        let tie = LoopChoice.choose([round(0, 0.5, controls: [(.random, 0.5)]), round(1, 0.5, controls: [(.random, 0.5)])])
        #expect(tie.arm == "strategy" && tie.round == 0)
        #expect(tie.words.contains("keep the initial model"))
        let random = LoopChoice.choose([round(0, 0.5, controls: [(.random, 0.5)]), round(1, 0.55, controls: [(.random, 0.6)])])
        #expect(random.arm == "random" && random.round == 1)
        #expect(random.words.contains("random negatives helped more than hard ones"))
        let full = LoopChoice.choose([round(0, 0.5, controls: [(.fullPool, 0.7)]), round(1, 0.6, controls: [(.fullPool, 0.7)])])
        #expect(full.arm == "full-pool" && full.round == nil)
    }

    @Test func caseControlSamplesAroundTheBudgetWithStoredProbabilities() throws {
        var rng = SeededGenerator(seed: 1)
        let n = 5000
        let scores = (0..<n).map { _ in rng.nextUnitDouble() * rng.nextUnitDouble() }
        let labels = [Bool](repeating: false, count: n)
        var counts: [Int] = []
        for seed in 0..<20 {
            var g = SeededGenerator(seed: UInt64(seed))
            let s = PoolSampler.caseControl.select(scores: scores, labels: labels, threshold: 0.5, used: [], budget: 300, band: 0.05, using: &g)
            counts.append(s.mined.count)
            // π = min(1, c·max(ε, p)) with one c for all rows: π / max(ε, p) is constant where π < 1.
            let ratios = s.mined.filter { $0.inclusion < 1 }.map { $0.inclusion / max(PoolSampler.caseControlFloor, $0.score) }
            #expect(ratios.allSatisfy { abs($0 - ratios[0]) < 1e-9 * ratios[0] })
        }
        // Σπ = 300 exactly; the Poisson count has sd < √300 ≈ 17, so 20 runs average within ±12 of it.
        let mean = Double(counts.reduce(0, +)) / Double(counts.count)
        #expect(abs(mean - 300) < 12, "mean \(mean)")
        let c = PoolSampler.scale(for: scores.map { max(PoolSampler.caseControlFloor, $0) }, budget: 300)
        #expect(abs(scores.map { min(1, c * max(PoolSampler.caseControlFloor, $0)) }.reduce(0, +) - 300) < 1e-6)
        var a = SeededGenerator(seed: 4), b = SeededGenerator(seed: 4)
        #expect(PoolSampler.caseControl.select(scores: scores, labels: labels, threshold: 0.5, used: [], budget: 300, band: 0.05, using: &a)
                == PoolSampler.caseControl.select(scores: scores, labels: labels, threshold: 0.5, used: [], budget: 300, band: 0.05, using: &b))
    }

    @Test func gossKeepsTheHardestHalfAndSamplesTheRest() throws {
        let scores = (0..<100).map { Double($0) / 100 }
        let labels = (0..<100).map { $0 % 10 == 0 }      // 10 positives, never taken
        var g = SeededGenerator(seed: 2)
        let s = PoolSampler.goss.select(scores: scores, labels: labels, threshold: 0.95, used: [99], budget: 20, band: 0.05, using: &g)
        #expect(s.mined.count == 20)
        // The 10 hardest unused negatives, at π = 1 …
        let negatives = (0..<100).filter { !labels[$0] && $0 != 99 }.sorted { scores[$0] > scores[$1] }
        #expect(s.mined.prefix(10).map(\.row) == Array(negatives.prefix(10)))
        #expect(s.mined.prefix(10).allSatisfy { $0.inclusion == 1 })
        // … then 10 of the other 79 at π = 10/79, none twice, no positive, not the used row.
        #expect(s.mined.dropFirst(10).allSatisfy { $0.inclusion == 10.0 / 79 && !labels[$0.row] && $0.row != 99 })
        #expect(Set(s.mined.map(\.row)).count == 20)
    }

    @Test func randomInBandStaysInTheBand() throws {
        let scores = (0..<1000).map { Double($0) / 1000 }
        let labels = [Bool](repeating: false, count: 1000)
        var g = SeededGenerator(seed: 3)
        let s = PoolSampler.randomInBand.select(scores: scores, labels: labels, threshold: 0.5, used: [], budget: 50, band: 0.05, using: &g)
        #expect(s.mined.count == 50)
        #expect(s.mined.allSatisfy { abs($0.score - 0.5) <= 0.05 })
    }

    @Test func semiHardDrawsHalfFromTheWindowNearestTheThresholdAndHalfUniformly() throws {
        let scores = (0..<1000).map { Double($0) / 1000 }
        let labels = (0..<1000).map { $0 % 100 == 7 }      // 10 positives, never taken
        let used: Set<Int> = [500, 10]
        var g = SeededGenerator(seed: 5)
        let s = PoolSampler.semiHard.select(scores: scores, labels: labels, threshold: 0.5, used: used, budget: 40, band: 0.05, using: &g)
        #expect(s.mined.count == 40)
        #expect(Set(s.mined.map(\.row)).count == 40)
        #expect(s.mined.allSatisfy { !labels[$0.row] && !used.contains($0.row) && $0.inclusion == 1 })
        // The window: the 40 unused negatives nearest 0.5 (the lower row first at equal
        // distance), found by brute force; the first 20 rows are drawn from it.
        let unused = (0..<1000).filter { !labels[$0] && !used.contains($0) }
        let window = Set(unused.sorted { (abs(scores[$0] - 0.5), $0) < (abs(scores[$1] - 0.5), $1) }.prefix(40))
        #expect(s.mined.prefix(20).allSatisfy { window.contains($0.row) })
        // The other 20 are uniform over the rest of the pool: with 948 rows outside the
        // window, all 20 landing inside it is (52/968)^20-unlikely.
        #expect(s.mined.dropFirst(20).contains { !window.contains($0.row) })
        var a = SeededGenerator(seed: 5)
        #expect(PoolSampler.semiHard.select(scores: scores, labels: labels, threshold: 0.5, used: used, budget: 40, band: 0.05, using: &a) == s)
        // A pool smaller than the budget is taken whole.
        var b = SeededGenerator(seed: 6)
        #expect(PoolSampler.semiHard.select(scores: Array(scores.prefix(30)), labels: Array(labels.prefix(30)), threshold: 0.5, used: [],
                                            budget: 40, band: 0.05, using: &b).mined.count == 29)
    }

    @Test func weightedRoundsWeighEachPoolRowByOneOverPiK() throws {
        let loop = try Self.loop(sampler: .caseControl, controls: [])
        let first = try loop.runRound(try loop.initialState())
        let second = try loop.runRound(try #require(first.next))
        let next = try #require(second.next)
        #expect(next.minedRounds == 2)
        #expect(next.composition.poolInclusion == (first.record.mined + second.record.mined).map(\.inclusion))
        let training = try next.composition.materialize(loop.data, weightedRounds: next.minedRounds)
        let t = next.composition.trainRows.count
        for (k, pi) in next.composition.poolInclusion.enumerated() {
            #expect(abs(training.weightsOrOnes[t + k] - 1 / (pi * 2)) < 1e-12)
        }
    }

    @Test(arguments: ["tiny", "ties", "imbalanced", "margins", "spam"])
    func theBootstrapKernelMeasuresWhatTheMetricsDo(name: String) throws {
        // Counts of draws per row against the metrics on the data with each row repeated that often.
        let fixture = try MetricsFixture.load(name)
        let labels = fixture.labels.map { $0 == 1 }
        var rng = SeededGenerator(seed: 7)
        let counts = labels.map { _ in rng.nextInt(below: 3) + (rng.nextUnitDouble() < 0.5 ? 0 : 1) }
        let ranked = LoopComparison.RankedScores(fixture.scores)
        for (weights, minTPR) in [(labels.map { _ in 1 }, 0.8), (counts, 0.8), (counts, 0.0), (counts, 0.5)] {
            let rows = weights.indices.flatMap { Array(repeating: $0, count: weights[$0]) }
            let expected = try LoopRankingMetrics(scores: rows.map { fixture.scores[$0] }, labels: rows.map { labels[$0] },
                                                  targetRecall: 0.9, minTPR: minTPR)
            let got = ranked.measure(counts: weights, labels: labels, targetRecall: 0.9, minTPR: minTPR)
            #expect(got?.fpr == expected?.fprAtTargetRecall)
            #expect(close(got?.partialAUC, expected?.partialAUC, tolerance: 1e-12), "\(name) min_tpr \(minTPR)")
        }
    }

    @Test func identicalArmsTieWithAZeroDifference() throws {
        var rng = SeededGenerator(seed: 9)
        let labels = (0..<400).map { _ in rng.nextUnitDouble() < 0.2 }
        let scores = labels.map { $0 ? 0.5 + 0.5 * rng.nextUnitDouble() : 0.7 * rng.nextUnitDouble() }
        let c = try LoopComparison(control: .random, round: 2, labels: labels, strategyScores: scores, controlScores: scores,
                                   fullPoolScores: nil, targetRecall: 0.9, replicates: 200, seed: 5)
        #expect(c.differences.count == 2)
        #expect(c.differences.allSatisfy { $0.difference == 0 && $0.verdict == "tie" && $0.interval == ConfidenceInterval(low: 0, high: 0) })
        // A clearly better strategy (its scores separate the classes) wins, with an interval below 0 for FPR.
        let perfect = labels.map { $0 ? 1.0 : 0.0 }
        let win = try LoopComparison(control: .random, round: 2, labels: labels, strategyScores: perfect, controlScores: scores,
                                     fullPoolScores: perfect, targetRecall: 0.9, replicates: 200, seed: 5)
        #expect(win.primary?.verdict == "better")
        #expect(win.primary?.gapCaptured == 1)
        #expect(win.differences[1].verdict == "better")
    }

    @Test func semiHardBalancedKeepsTheInitialClassWeightRatio() throws {
        let data = try MiningLoopTests.dataSets() as MiningLoop<LogisticRegression>.DataSets
        let negatives = data.pool.labels.indices.filter { !data.pool.labels[$0] }
        let hard = data.pool.selecting(rows: Array(negatives.prefix(150)))
        let training = try LabeledData.stacking([data.train, data.pool.selecting(rows: Array(negatives.dropFirst(150).prefix(90)))])
        func ratio(_ sets: [LabeledData]) -> Double {
            var p = 0.0, n = 0.0
            for set in sets { for i in set.labels.indices { if set.labels[i] { p += set.weightsOrOnes[i] } else { n += set.weightsOrOnes[i] } } }
            return p / n
        }
        try #require(abs(ratio([training, hard]) - ratio([data.train])) > 0.01)
        let (t, h) = try MiningLoop<LogisticRegression>.keepingClassBalance(training, hard, of: data.train)
        #expect(close(ratio([t, h]), ratio([data.train]), tolerance: 1e-12))
        #expect(t.labels == training.labels && h.labels == hard.labels && t.features == training.features)
        // Semi-hard-balanced takes semi-hard's rows; only the fit differs.
        let plain = try Self.loop(sampler: .semiHard).run(in: MiningLoopTests.tempDir(), manifestHeader: [])
        let balanced = try Self.loop(sampler: .semiHardBalanced).run(in: MiningLoopTests.tempDir(), manifestHeader: [])
        #expect(plain.rounds[0].mined == balanced.rounds[0].mined)
        #expect(plain.rounds[1].testRanking != balanced.rounds[1].testRanking)
    }

    /// FPR at `recall` on the ROC of `scores`, by brute force: every distinct score as a threshold.
    static func bruteForceFPR(_ scores: [Double], _ labels: [Bool], recall: Double) -> Double {
        let p = Double(labels.filter { $0 }.count), n = Double(labels.filter { !$0 }.count)
        var best = 1.0
        for t in Set(scores) {
            let tp = Double(zip(scores, labels).filter { $0.0 >= t && $0.1 }.count)
            let fp = Double(zip(scores, labels).filter { $0.0 >= t && !$0.1 }.count)
            if tp / p >= recall { best = min(best, fp / n) }
        }
        return best
    }

    /// Scores whose class separation grows with `signal`, the same noise draw for every arm.
    static func arm(_ labels: [Bool], _ noise: [Double], signal: Double) -> [Double] {
        zip(labels, noise).map { ($0 ? signal : 0) + $1 }
    }

    @Test func gapCapturedIsTheShareOfTheControlToFullPoolGapOrNA() throws {
        var rng = SeededGenerator(seed: 21)
        let labels = (0..<2000).map { _ in rng.nextUnitDouble() < 0.25 }
        let noise = labels.map { _ in rng.nextUnitDouble() + rng.nextUnitDouble() + rng.nextUnitDouble() }
        let control = Self.arm(labels, noise, signal: 0.5), strategy = Self.arm(labels, noise, signal: 1.0)
        let full = Self.arm(labels, noise, signal: 1.6), worse = Self.arm(labels, noise, signal: 0.25)
        func compare(_ s: [Double], _ f: [Double]) throws -> LoopComparison {
            try LoopComparison(control: .random, round: 2, labels: labels, strategyScores: s, controlScores: control,
                               fullPoolScores: f, targetRecall: 0.9, replicates: 200, seed: 3)
        }
        let (fc, fs, ff) = (Self.bruteForceFPR(control, labels, recall: 0.9), Self.bruteForceFPR(strategy, labels, recall: 0.9),
                            Self.bruteForceFPR(full, labels, recall: 0.9))
        try #require(ff < fs && fs < fc)

        // The full pool beats the control: the share is (strategy − control) / (full − control),
        // in (0, 1) for a strategy between them, for FPR (lower better) and AUC (higher better) alike.
        let between = try compare(strategy, full)
        let fpr = try #require(between.primary)
        #expect(fpr.gapStatus == .defined)
        #expect(close(fpr.control, fc) && close(fpr.strategy, fs) && close(fpr.fullPool, ff))
        #expect(close(fpr.gapCaptured, (fs - fc) / (ff - fc), tolerance: 1e-12))
        #expect(fpr.gapCaptured! > 0 && fpr.gapCaptured! < 1)
        let auc = between.differences[1]
        #expect(auc.gapStatus == .defined && auc.gapCaptured! > 0 && auc.gapCaptured! < 1)
        #expect(close(auc.gapCaptured, (auc.strategy - auc.control) / (auc.fullPool! - auc.control), tolerance: 1e-12))
        // A strategy worse than the control moved away from the full pool: a negative share.
        let away = try #require(try compare(worse, full).primary)
        #expect(away.gapStatus == .defined)
        #expect(close(away.gapCaptured, (Self.bruteForceFPR(worse, labels, recall: 0.9) - fc) / (ff - fc), tolerance: 1e-12))
        #expect(away.gapCaptured! < 0)
        // Reaching the full pool captures all of it.
        #expect(try compare(full, full).primary?.gapCaptured == 1)

        // The full pool worse than the control beyond noise: n/a, whatever the strategy did.
        let fullWorse = try compare(strategy, worse)
        #expect(fullWorse.differences.allSatisfy { $0.gapStatus == .fullPoolWorse && $0.gapCaptured == nil })
        // The full pool within noise of the control (the same scores): n/a.
        let noGap = try compare(strategy, control)
        #expect(noGap.differences.allSatisfy { $0.gapStatus == .withinNoise && $0.gapCaptured == nil })
        #expect(noGap.json["differences"]?.arrayValue?.first?["gap_captured"] == .null)
        #expect(noGap.json["differences"]?.arrayValue?.first?["gap_status"] == .string("gap within noise"))
        // Without the full-pool control there is nothing to say.
        let none = try LoopComparison(control: .random, round: 2, labels: labels, strategyScores: strategy, controlScores: control,
                                      fullPoolScores: nil, targetRecall: 0.9, replicates: 50, seed: 3)
        #expect(none.primary?.gapStatus == nil && none.primary?.gapCaptured == nil)
    }

    @Test(arguments: [
        ("train_rows", "[0, 1, 100000]", "outside the training set's rows"),
        ("pool_rows", "[-1]", "outside the pool set's rows"),
        ("used_pool_rows", "[3, 3]", "twice"),
        ("next_round", "7", "must be 1"),
        ("train_rows", "\"x\"", "not a list"),
    ])
    func aCorruptSavedStateIsAClearDataError(key: String, value: String, message: String) throws {
        let loop = try Self.loop(controls: [])
        let dir = MiningLoopTests.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir.path) }
        #expect(throws: MiningLoopTests.Killed.self) {
            _ = try loop.run(in: dir, manifestHeader: []) { _ in throw MiningLoopTests.Killed() }
        }
        let path = dir.roundPath(0) + "/state.json"
        var json = try LoopRunDirectory.readJSON(path)
        guard case .object(var pairs) = json else { Issue.record("not an object"); return }
        let replacement = try JSONValue.parse(Array(value.utf8))
        pairs = pairs.map { $0.0 == key ? ($0.0, replacement) : $0 }
        json = .object(pairs)
        try json.serialized(pretty: true).write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try loop.run(in: dir, manifestHeader: [], resume: true)
            Issue.record("resumed from a corrupt state")
        } catch let error as InvalidInput {
            #expect(error.kind == .dataError)
            #expect(error.message.contains(key) && error.message.contains(message) && error.message.contains("state.json"), "\(error.message)")
        }
    }
}

extension MiningLoopTests {
    /// Expects the run folder's `model.json` to be the chosen arm's model file, by the folder
    /// layout of docs/loop.md (restated here, not taken from the loop's own code).
    static func expectRecommendedModelIsTheChosenArms(_ dir: LoopRunDirectory, _ chosen: LoopChoice) throws {
        let chosenFile: String
        if chosen.arm == "full-pool" {
            chosenFile = dir.path + "/control-full-pool/model.json"
        } else if chosen.arm == "strategy" || chosen.round == 0 {
            chosenFile = dir.roundPath(chosen.round!) + "/model.json"
        } else {
            chosenFile = dir.roundPath(chosen.round!) + "/control-\(chosen.arm)/model.json"
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir.path + "/model.json")) == Data(contentsOf: URL(fileURLWithPath: chosenFile)))
    }
}
