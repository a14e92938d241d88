import Foundation
import Testing
@testable import Quarry

@Suite struct MiningLoopTests {
    struct Killed: Error {}

    static func dataSets<M: TrainableModel>(seed: UInt64 = 5) throws -> MiningLoop<M>.DataSets {
        // The initial training set holds few hard negatives; the pool is full of them.
        try .init(train: LoopData.make(rows: 300, hardShare: 0.01, seed: seed),
                  pool: LoopData.make(rows: 2000, hardShare: 0.2, seed: seed + 1),
                  validation: LoopData.make(rows: 800, hardShare: 0.2, seed: seed + 2),
                  test: LoopData.make(rows: 800, hardShare: 0.2, seed: seed + 3))
    }

    static func loop(strategy: any ImprovementStrategy, rounds: Int = 4, perRound: Int = 40,
                     patience: Int? = nil, cacheLimit: Int? = nil) throws -> MiningLoop<CentroidModel> {
        MiningLoop(configuration: try MiningLoopConfiguration(operatingPoint: .targetRecall(0.9), rounds: rounds,
                                                              perRound: perRound, patience: patience,
                                                              cacheLimit: cacheLimit, seed: 11),
                   strategy: strategy, sampler: .top, trainingOptions: .init(), continuationOptions: .init(), data: try dataSets() as MiningLoop<CentroidModel>.DataSets)
    }

    static func tempDir() -> LoopRunDirectory {
        LoopRunDirectory(path: FileManager.default.temporaryDirectory.appendingPathComponent("quarry-loop-\(UUID().uuidString)").path)
    }

    /// Every file of a run except the wall-clock timings, by relative path.
    static func files(_ dir: LoopRunDirectory) throws -> [String: Data] {
        var out: [String: Data] = [:]
        let root = URL(fileURLWithPath: dir.path)
        for case let url as URL in FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)! {
            guard !url.hasDirectoryPath, url.lastPathComponent != "timings.json" else { continue }
            out[String(url.path.dropFirst(root.path.count))] = try Data(contentsOf: url)
        }
        return out
    }

    @Test(arguments: ["expand", "fine-tune"])
    func killedRunResumesToIdenticalFiles(strategyName: String) throws {
        let strategy: any ImprovementStrategy = strategyName == "expand" ? try ExpandStrategy() : try FineTuneStrategy(replayRatio: 2)
        let loop = try Self.loop(strategy: strategy)
        let whole = Self.tempDir(), killed = Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: whole.path); try? FileManager.default.removeItem(atPath: killed.path) }

        let outcome = try loop.run(in: whole, manifestHeader: [])
        #expect(outcome.rounds.count >= 2)

        #expect(throws: Killed.self) {
            _ = try loop.run(in: killed, manifestHeader: []) { round in if round.round == 1 { throw Killed() } }
        }
        let resumed = try loop.run(in: killed, manifestHeader: [], resume: true)
        #expect(resumed.stop == outcome.stop)
        #expect(resumed.rounds.map(\.round) == outcome.rounds.map(\.round))
        #expect(resumed.rounds.map(\.mined) == outcome.rounds.map(\.mined))
        #expect(try Self.files(killed) == Self.files(whole))
    }

    @Test(arguments: ["expand", "fine-tune"])
    func loopImprovesPrecisionAtTheOperatingPoint(strategyName: String) throws {
        // A real model: logistic regression learns the hard cluster once it has examples of it.
        let strategy: any ImprovementStrategy = strategyName == "expand" ? try ExpandStrategy() : try FineTuneStrategy(replayRatio: 2)
        let loop = MiningLoop<LogisticRegression>(
            configuration: try MiningLoopConfiguration(operatingPoint: .targetRecall(0.9), rounds: 5, perRound: 40, seed: 11),
            strategy: strategy, trainingOptions: .init(), continuationOptions: .init(), data: try Self.dataSets() as MiningLoop<LogisticRegression>.DataSets)
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir.path) }
        let outcome = try loop.run(in: dir, manifestHeader: [])
        let first = try #require(outcome.rounds.first?.validationMetric)
        let best = outcome.rounds.compactMap(\.validationMetric).max()!
        #expect(best > first)
    }

    @Test func stopsWhenNothingIsLeftToMine() throws {
        let outcome = try Self.loop(strategy: try ExpandStrategy(), rounds: 50, perRound: 5000)
            .run(in: Self.tempDir(), manifestHeader: [])
        #expect(outcome.stop == .converged || outcome.stop == .noImprovement)
        #expect(outcome.rounds.count < 50)
    }

    @Test func stopsAfterTheConfiguredRounds() throws {
        let outcome = try Self.loop(strategy: try ExpandStrategy(), rounds: 1, perRound: 5).run(in: Self.tempDir(), manifestHeader: [])
        #expect(outcome.stop == .maxRounds)
        #expect(outcome.rounds.count == 2)
        #expect(outcome.rounds[0].mined.count == 5)
    }

    @Test func patienceStopsAStaleRun() throws {
        // Mining one row at a time barely moves the model: patience 1 stops at the first stale round.
        let outcome = try Self.loop(strategy: try FineTuneStrategy(replayRatio: 0), rounds: 30, perRound: 1, patience: 1)
            .run(in: Self.tempDir(), manifestHeader: [])
        #expect(outcome.stop == .noImprovement || outcome.stop == .converged)
    }

    @Test func neverMinesARowTwice() throws {
        let outcome = try Self.loop(strategy: try FineTuneStrategy(), rounds: 6, perRound: 30).run(in: Self.tempDir(), manifestHeader: [])
        let rows = outcome.rounds.flatMap { $0.mined.map(\.row) }
        #expect(Set(rows).count == rows.count)
    }

    @Test func cacheLimitDropsTheEasiestNegatives() throws {
        let loop = try Self.loop(strategy: try ExpandStrategy(), rounds: 3, perRound: 50, cacheLimit: 250)
        let state = try loop.initialState()
        let (record, next) = try loop.runRound(state)
        let after = try #require(next)
        #expect(record.droppedByCacheLimit == 300 - (250 - 50))
        #expect(after.composition.trainRows.count + after.composition.poolRows.count == 250)
        // Every positive of the training set survives.
        let positives = loop.data.train.labels.indices.filter { loop.data.train.labels[$0] }
        #expect(Set(positives).isSubset(of: after.composition.trainRows))
        // The dropped negatives are the lowest scored by the model that was shrinking the cache.
        let scores = try state.model.score(loop.data.train.features)
        let kept = Set(after.composition.trainRows)
        let droppedMax = loop.data.train.labels.indices.filter { !kept.contains($0) }.map { scores[$0] }.max()!
        let keptNegMin = after.composition.trainRows.filter { !loop.data.train.labels[$0] }.map { scores[$0] }.min()!
        #expect(droppedMax <= keptNegMin)
    }

    @Test func fineTuneReplaySampleIsSeededAndSized() throws {
        var a = SeededGenerator(seed: 3), b = SeededGenerator(seed: 3)
        let s1 = a.sampleIndices(40, from: 100)
        let s2 = b.sampleIndices(40, from: 100)
        #expect(s1 == s2)
        #expect(Set(s1).count == 40 && s1 == s1.sorted() && s1.allSatisfy { $0 < 100 })
    }

    @Test func invalidConfigurationsAreRejected() {
        #expect(throws: (any Error).self) { try MiningLoopConfiguration(operatingPoint: .targetRecall(1.5), rounds: 1, perRound: 1) }
        #expect(throws: InvalidInput.self) { try MiningLoopConfiguration(operatingPoint: .targetRecall(0.9), rounds: 1, perRound: 0) }
        #expect(throws: InvalidInput.self) { try MiningLoopConfiguration(operatingPoint: .targetRecall(0.9), rounds: -1, perRound: 1) }
        #expect(throws: InvalidInput.self) { try ExpandStrategy(hardWeight: 0) }
        #expect(throws: InvalidInput.self) { try FineTuneStrategy(replayRatio: -1) }
    }
}
