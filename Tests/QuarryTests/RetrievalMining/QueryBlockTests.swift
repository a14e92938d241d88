import Foundation
import Testing
@testable import Quarry

/// Two-dimensional sharding: query blocks × corpus shards, merged per block and concatenated
/// in block order, must give the bytes of one run on everything.
@Suite struct QueryBlockTests {
    static let grid: [(blocks: Int, shards: Int)] = [1, 2, 3, 7].flatMap { b in [1, 2].map { (b, $0) } }
        + [(3, 3), (7, 5)]

    /// 6 queries (so 7 blocks leave one empty), uneven corpus slices, duplicated vectors
    /// (exact-score ties across shards), repeated positives counts, random sampling.
    static func problem() -> MiningFixture.Problem {
        MiningFixture.problem(n: 6, m: 61, d: 5, maxPositives: 3, seed: 77, coarse: true,
                              duplicates: [(0, 60), (4, 33), (10, 11), (29, 31)])
    }

    static func options(_ sampling: RetrievalSampling, collapse: Bool) -> RetrievalMiningOptions {
        var o = RetrievalMiningOptions()
        o.numNegatives = 3; o.relativeMargin = 0.05; o.sampling = sampling
        o.outputFormat = .nTuple; o.includeScores = true; o.collapseIdenticalVectors = collapse
        return o
    }

    @Test(arguments: grid, [RetrievalSampling.top, .random(seed: 11)])
    func blocksTimesShardsEqualOneRun(split: (blocks: Int, shards: Int), sampling: RetrievalSampling) throws {
        let p = Self.problem()
        for collapse in [true, false] {
            let miner = RetrievalMiner(options: Self.options(sampling, collapse: collapse))
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-blocks-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let single = try miner.mine(queries: p.queries, corpus: p.corpus, task: p.task)
            try single.writeRows(to: dir.appendingPathComponent("single.jsonl").path)
            var concatenated = Data(), suspects: [String] = []
            var sawEmptyBlock = false
            for j in 0..<split.blocks {
                let task = p.task.restricted(to: try QueryBlock(index: j, count: split.blocks))
                sawEmptyBlock = sawEmptyBlock || task.queryRows.isEmpty
                var parts: [String] = []
                for i in 0..<split.shards {
                    let part = try miner.searchShard(queries: p.queries, corpus: p.corpus, task: task,
                                                     shard: CorpusShard(index: i, count: split.shards))
                    let path = dir.appendingPathComponent("b\(j)s\(i).bin").path
                    try PartialCandidateFile.write(part, task: task, to: path)
                    parts.append(path)
                }
                let merged = try miner.merge(parts: parts, task: task, corpus: nil)
                let out = dir.appendingPathComponent("b\(j).jsonl")
                try merged.writeRows(to: out.path)
                concatenated += try Data(contentsOf: out)
                suspects += merged.suspectLines()
                // A block mined directly (no corpus shards) gives the same rows as its merge.
                let direct = try miner.mine(queries: p.queries, corpus: p.corpus, task: task)
                #expect(direct.rowLines() == merged.rowLines())
            }
            #expect(concatenated == (try Data(contentsOf: dir.appendingPathComponent("single.jsonl"))))
            #expect(suspects == single.suspectLines())
            #expect(sawEmptyBlock == (split.blocks > p.task.queryRows.count))
        }
    }

    /// The blocks' score lists, merged, give the single run's three summaries exactly (medians,
    /// quartiles and standard deviations included); a run on every query carries no lists.
    @Test(arguments: [(1, 1), (3, 2), (7, 2)])
    func blockScoreListsCombineIntoTheSingleRunsSummaries(split: (blocks: Int, shards: Int)) throws {
        let p = Self.problem()
        let miner = RetrievalMiner(options: Self.options(.random(seed: 3), collapse: true))
        let single = try miner.mine(queries: p.queries, corpus: p.corpus, task: p.task).report
        #expect(single.blockScoreLists == nil)
        var positives: [Double] = [], negatives: [Double] = [], differences: [Double] = []
        for j in 0..<split.blocks {
            let task = p.task.restricted(to: try QueryBlock(index: j, count: split.blocks))
            var result = try miner.mine(queries: p.queries, corpus: p.corpus, task: task)
            if split.shards > 1 {  // the block's report as its merge writes it
                let dir = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-lists-\(UUID().uuidString)")
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
                defer { try? FileManager.default.removeItem(at: dir) }
                let parts = try (0..<split.shards).map { i in
                    let path = dir.appendingPathComponent("s\(i).bin").path
                    try PartialCandidateFile.write(try miner.searchShard(queries: p.queries, corpus: p.corpus, task: task,
                                                                         shard: CorpusShard(index: i, count: split.shards)),
                                                   task: task, to: path)
                    return path
                }
                result = try miner.merge(parts: parts, task: task, corpus: nil)
            }
            let lists = try #require(result.report.blockScoreLists)
            #expect(lists.positives == lists.positives.sorted() && lists.negatives == lists.negatives.sorted())
            positives += lists.positives; negatives += lists.negatives; differences += lists.differences
        }
        func summary(_ values: [Double]) -> ScoreSummary { ScoreSummary(values.map(Float.init)) }
        #expect(summary(positives) == single.positiveScores)
        #expect(summary(negatives) == single.negativeScores)
        #expect(summary(differences) == single.differences)
        #expect(single.negativeScores.median != nil && single.differences.standardDeviation != nil)
    }

    @Test func blockKeepsTheWholeTasksDepth() throws {
        let p = Self.problem()
        let blocks = try (0..<3).map { p.task.restricted(to: try QueryBlock(index: $0, count: 3)) }
        #expect(blocks.allSatisfy { $0.maxPositives == p.task.maxPositives })
        #expect(blocks.flatMap(\.queryRows) == p.task.queryRows)
        #expect(blocks.map(\.queryRows.count) == [2, 2, 2])
    }

    /// A shard checks exactly the rows it reads: its slice, its queries and the positives.
    @Test func shardsCheckTheRowsTheyRead() throws {
        var p = MiningFixture.problem(n: 4, m: 40, d: 3, maxPositives: 1, seed: 5)
        var c = p.corpusValues
        let positiveRows = Set(p.task.positives.joined())
        let bad = (20..<40).first { !positiveRows.contains($0) }!
        c[bad * 3 + 1] = .nan
        p.corpus = EmbeddingMatrix(values: c, rows: 40, dimension: 3)
        var o = RetrievalMiningOptions(); o.numNegatives = 2
        let miner = RetrievalMiner(options: o)
        _ = try miner.searchShard(queries: p.queries, corpus: p.corpus, task: p.task, shard: CorpusShard(index: 0, count: 2))
        do {
            _ = try miner.searchShard(queries: p.queries, corpus: p.corpus, task: p.task, shard: CorpusShard(index: 1, count: 2))
            Issue.record("a NaN in the slice was accepted")
        } catch let f as RetrievalMiningFailure {
            #expect(f.message.contains("row \(bad) column 1"))
        }
        let positive = p.task.positives[0][0]
        c = p.corpusValues; c[positive * 3] = .infinity
        p.corpus = EmbeddingMatrix(values: c, rows: 40, dimension: 3)
        let shard = try CorpusShard(index: positive < 20 ? 1 : 0, count: 2)   // the slice without the positive
        #expect(throws: RetrievalMiningFailure.self) {
            _ = try miner.searchShard(queries: p.queries, corpus: p.corpus, task: p.task, shard: shard)
        }
    }

    @Test func parsingNamesTheBoundAndTheValue() {
        #expect(throws: RetrievalMiningFailure.self) { try QueryBlock(parsing: "3/3") }
        #expect(throws: RetrievalMiningFailure.self) { try QueryBlock(parsing: "x") }
        #expect((try? QueryBlock(parsing: "2/7"))?.range(ofQueries: 6) == 1..<2)
    }
}
