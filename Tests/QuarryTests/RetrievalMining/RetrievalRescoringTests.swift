import Foundation
import Testing
@testable import Quarry

/// Two-stage mining: the candidate pool, external scores, selection under the reference's rules.
@Suite struct RetrievalRescoringTests {
    static let cases: [(sampling: RetrievalSampling, margin: Float?, maxScore: Float?, format: RetrievalOutputFormat, duplicates: Bool)] = [
        (.top, nil, nil, .triplet, false), (.top, 0.05, nil, .nTuple, true), (.random(seed: 3), nil, 1.5, .labeledPair, false),
        (.top, 0.1, 2.0, .labeledList, true), (.random(seed: 9), 0.02, nil, .triplet, true),
    ]

    func problem(duplicates: Bool) -> MiningFixture.Problem {
        MiningFixture.problem(n: 30, m: 180, d: 8, maxPositives: 3, seed: 21,
                              duplicates: duplicates ? [(0, 170), (4, 90), (12, 13)] : [])
    }

    func temporaryFile(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("quarry-pool-\(UUID().uuidString)-\(name)").path
    }

    @Test(arguments: cases)
    func rescoringWithTheDenseScoresEqualsOneRun(c: (sampling: RetrievalSampling, margin: Float?, maxScore: Float?, format: RetrievalOutputFormat, duplicates: Bool)) throws {
        let p = problem(duplicates: c.duplicates)
        var o = RetrievalMiningOptions()
        o.numNegatives = 4; o.relativeMargin = c.margin; o.maxScore = c.maxScore; o.sampling = c.sampling
        o.outputFormat = c.format; o.includeScores = true
        let miner = RetrievalMiner(options: o)
        let single = try miner.mine(queries: p.queries, corpus: p.corpus, task: p.task)
        let path = temporaryFile("pool.jsonl")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try miner.candidatePool(queries: p.queries, corpus: p.corpus, task: p.task).write(to: path, task: p.task)
        let pool = try CandidatePool.read(path: path, task: p.task)
        var dense: [Int: [Int: Float]] = [:]
        for (q, list) in pool.entries.enumerated() { for e in list { dense[q, default: [:]][e.row] = e.denseScore } }
        let twoStage = try miner.selectRescored(pool: pool, task: p.task) { dense[$0]?[$1] }
        #expect(twoStage.rowLines() == single.rowLines())
        #expect(twoStage.suspectLines() == single.suspectLines())
    }

    /// A deterministic stand-in for a cross-encoder: unrelated to the dense score, no ties.
    static func external(_ q: Int, _ row: Int) -> Float {
        var g = SeededGenerator(seed: UInt64(q * 1_000_003 + row))
        return Float(g.nextUnitDouble() * 2 - 1)
    }

    @Test(arguments: [(4, 0, Float?(0.1), Float?.none), (3, 2, nil, Float?(0.6)), (5, 0, nil, nil)])
    func rescoredSelectionFollowsTheReferenceLiterally(c: (Int, Int, Float?, Float?)) throws {
        let p = problem(duplicates: false)
        var o = RetrievalMiningOptions()
        (o.numNegatives, o.rangeMin, o.absoluteMargin, o.maxScore) = c
        let resolved = try o.resolved(maxPositives: p.task.maxPositives)
        let miner = RetrievalMiner(options: o)
        let pool = try miner.candidatePool(queries: p.queries, corpus: p.corpus, task: p.task)
        let result = try miner.selectRescored(pool: pool, task: p.task) { Self.external($0, $1) }
        // The reference: the dense window (top range_max + max positives), every entry and every positive
        // rescored, positives → −∞, margins against the lowest rescored positive, max score, top range_max,
        // skip range_min, first num_negatives finite ones.
        let d = p.corpus.dimension
        for (q, queryRow) in p.task.queryRows.enumerated() {
            func dense(_ row: Int) -> Float {
                var s: Float = 0
                for k in 0..<d { s = s.addingProduct(p.queryValues[queryRow * d + k], p.corpusValues[row * d + k]) }
                return s
            }
            let window = (0..<p.corpus.rows).sorted { dense($0) > dense($1) || (dense($0) == dense($1) && $0 < $1) }
                .prefix(resolved.searchDepth)
            let floor = p.task.positives[q].map { Self.external(q, $0) }.min()!
            var scored = window.map { row -> (Int, Float) in
                var s = Self.external(q, row)
                if p.task.positives[q].contains(row) { s = -.infinity }
                if let a = o.absoluteMargin, s + a > floor { s = -.infinity }
                if let x = o.maxScore, s > x { s = -.infinity }
                return (row, s)
            }
            scored.sort { $0.1 > $1.1 }
            let expected = scored.prefix(resolved.rangeMax).dropFirst(o.rangeMin).prefix(o.numNegatives)
                .filter { $0.1 > -.infinity }.map(\.0)
            #expect(result.selections[q].negatives.map(\.row) == expected)
            #expect(result.selections[q].positives.map(\.score) == p.task.positives[q].map { Self.external(q, $0) })
        }
    }

    @Test func missingScoresAndUnreadablePoolsAreNamed() throws {
        let p = problem(duplicates: false)
        var o = RetrievalMiningOptions()
        o.numNegatives = 2
        let miner = RetrievalMiner(options: o)
        let pool = try miner.candidatePool(queries: p.queries, corpus: p.corpus, task: p.task)
        #expect(throws: RetrievalMiningFailure.self) { try miner.selectRescored(pool: pool, task: p.task) { q, row in q == 3 ? nil : 0.5 } }
        var withDedupe = o
        withDedupe.dedupeThreshold = 0.9
        let failure = #expect(throws: RetrievalMiningFailure.self) {
            try RetrievalMiner(options: withDedupe).selectRescored(pool: pool, task: p.task) { _, _ in 0.1 }
        }
        #expect(failure?.kind == .usage)
        let path = temporaryFile("bad.jsonl")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try #"{"query_id": 0, "rank": 0, "corpus_id": 5, "dense_score": 0.5}"#.write(toFile: path, atomically: true, encoding: .utf8)
        let read = #expect(throws: RetrievalMiningFailure.self) { try CandidatePool.read(path: path, task: p.task) }
        #expect(read?.message.contains(":1 key 'is_positive'") == true)
    }
}
