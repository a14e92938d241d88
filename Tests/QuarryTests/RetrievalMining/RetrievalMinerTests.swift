import Foundation
import Testing
@testable import Quarry

/// Seeded small retrieval problems and a literal re-implementation of the reference rules.
enum MiningFixture {
    struct Problem: @unchecked Sendable {
        var queries: EmbeddingMatrix
        var corpus: EmbeddingMatrix
        var task: RetrievalTask
        var queryValues: [Float]
        var corpusValues: [Float]
    }

    /// `n` queries, `m` corpus rows of dimension `d` (coarse values so exact ties occur when
    /// `coarse`), 1…`maxPositives` positives per query, optional duplicated rows.
    static func problem(n: Int, m: Int, d: Int, maxPositives: Int, seed: UInt64, coarse: Bool = false,
                        duplicates: [(Int, Int)] = [], texts: [String]? = nil) -> Problem {
        var g = SeededGenerator(seed: seed)
        func value() -> Float { coarse ? Float(g.nextInt(below: 5) - 2) : Float(g.nextUnitDouble() * 2 - 1) }
        var c = (0..<(m * d)).map { _ in value() }
        for (from, to) in duplicates { for k in 0..<d { c[to * d + k] = c[from * d + k] } }
        var positives: [[Int]] = []
        var q = [Float]()
        for _ in 0..<n {
            let count = 1 + g.nextInt(below: maxPositives)
            var rows: [Int] = []
            while rows.count < count { let r = g.nextInt(below: m); if !rows.contains(r) { rows.append(r) } }
            positives.append(rows)
            // The query leans towards its first positive, so positives rank high.
            for k in 0..<d { q.append(c[rows[0] * d + k] * 0.6 + value() * 0.4) }
        }
        let corpusLabels: RowLabels = texts.map { .texts(ids: (0..<m).map { "p\($0)" }, texts: $0) } ?? .rowNumbers
        return Problem(queries: EmbeddingMatrix(values: q, rows: n, dimension: d),
                       corpus: EmbeddingMatrix(values: c, rows: m, dimension: d),
                       task: RetrievalTask(queryRows: Array(0..<n), positives: positives, corpusLabels: corpusLabels),
                       queryValues: q, corpusValues: c)
    }

    /// The reference's rules written out literally over the full score matrix, for top
    /// sampling and a corpus without duplicates: top (rangeMax + maxPositives) by score
    /// (ties → lower row), positives → −∞, margins against the lowest positive, max/min
    /// score, top rangeMax of the rest, skip rangeMin, first numNegatives finite ones.
    static func referenceNegatives(_ p: Problem, _ o: RetrievalMiningOptions) throws -> [[Int]] {
        let resolved = try o.resolved(maxPositives: p.task.maxPositives)
        let d = p.corpus.dimension, m = p.corpus.rows
        var out: [[Int]] = []
        for (q, queryRow) in p.task.queryRows.enumerated() {
            func score(_ row: Int) -> Float {
                var s: Float = 0
                for k in 0..<d { s = s.addingProduct(p.queryValues[queryRow * d + k], p.corpusValues[row * d + k]) }
                return s
            }
            var ranked = (0..<m).map { ($0, score($0)) }
            ranked.sort { $0.1 > $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }
            var top = Array(ranked.prefix(resolved.searchDepth))
            let floor = p.task.positives[q].map(score).min()!
            for i in top.indices {
                var s = top[i].1
                if !o.includePositives && p.task.positives[q].contains(top[i].0) { s = -.infinity }
                if let a = o.absoluteMargin, s + a > floor { s = -.infinity }
                if let r = o.relativeMargin, s > floor - abs(floor) * r { s = -.infinity }
                if let x = o.maxScore, s > x { s = -.infinity }
                if let x = o.minScore, s < x { s = -.infinity }
                top[i].1 = s
            }
            // Stable: equal scores keep their search order.
            let kept = top.enumerated().sorted { $0.element.1 > $1.element.1 || ($0.element.1 == $1.element.1 && $0.offset < $1.offset) }
                .map(\.element).prefix(resolved.rangeMax).dropFirst(o.rangeMin).prefix(o.numNegatives)
            out.append(kept.filter { $0.1 > -.infinity }.map(\.0))
        }
        return out
    }
}

@Suite struct RetrievalSelectionTests {
    /// (numNegatives, rangeMin, rangeMax, absoluteMargin, relativeMargin, maxScore, minScore)
    static let combinations: [(Int, Int, Int?, Float?, Float?, Float?, Float?)] = [
        (1, 0, nil, nil, nil, nil, nil), (3, 0, nil, nil, nil, nil, nil), (3, 2, nil, nil, nil, nil, nil),
        (4, 0, nil, 0.1, nil, nil, nil), (4, 1, nil, nil, 0.05, nil, nil), (2, 0, nil, nil, nil, 1.0, nil),
        (3, 0, nil, nil, nil, nil, 0.2), (5, 3, 30, 0.0, 0.1, 2.0, -1.0), (2, 0, 4, nil, nil, nil, nil),
        (6, 10, 25, nil, 0.2, nil, nil), (3, 0, nil, -0.5, nil, nil, nil), (8, 0, 200, 0.3, nil, nil, 0.0),
    ]

    @Test(arguments: combinations, [false, true])
    func topSamplingMatchesLiteralReference(c: (Int, Int, Int?, Float?, Float?, Float?, Float?), coarse: Bool) throws {
        let p = MiningFixture.problem(n: 17, m: 140, d: 11, maxPositives: 3, seed: 11 + UInt64(c.0 * 7 + c.1), coarse: coarse)
        var o = RetrievalMiningOptions()
        (o.numNegatives, o.rangeMin, o.rangeMax, o.absoluteMargin, o.relativeMargin, o.maxScore, o.minScore) = c
        o.collapseIdenticalVectors = !coarse   // coarse values make accidental identical rows; the reference keeps them
        let expected = try MiningFixture.referenceNegatives(p, o)
        let result = try RetrievalMiner(options: o).mine(queries: p.queries, corpus: p.corpus, task: p.task)
        #expect(result.selections.map { $0.negatives.map(\.row) } == expected)
    }

    @Test func randomSamplingIsSeededSubsetOfPool() throws {
        let p = MiningFixture.problem(n: 25, m: 200, d: 9, maxPositives: 2, seed: 5)
        var top = RetrievalMiningOptions()
        top.numNegatives = 3; top.rangeMax = 40
        var all = top; all.numNegatives = 40   // the whole pool
        let pool = try MiningFixture.referenceNegatives(p, all)
        var random = top; random.sampling = .random(seed: 42)
        let a = try RetrievalMiner(options: random).mine(queries: p.queries, corpus: p.corpus, task: p.task)
        let b = try RetrievalMiner(options: random, threads: 1).mine(queries: p.queries, corpus: p.corpus, task: p.task)
        var other = random; other.sampling = .random(seed: 43)
        let c = try RetrievalMiner(options: other).mine(queries: p.queries, corpus: p.corpus, task: p.task)
        #expect(a.rowLines() == b.rowLines())
        #expect(a.rowLines() != c.rowLines())
        for (q, s) in a.selections.enumerated() {
            #expect(s.negatives.count == 3)
            #expect(Set(s.negatives.map(\.row)).isSubset(of: Set(pool[q])))
            #expect(s.negatives.map(\.score) == s.negatives.map(\.score).sorted(by: >))
        }
    }

    @Test func optionValidationNamesBoundValueAndFix() throws {
        var o = RetrievalMiningOptions()
        o.numNegatives = 0
        #expect(throws: RetrievalMiningFailure.self) { try o.resolved(maxPositives: 1) }
        o.numNegatives = 5; o.rangeMin = 3; o.rangeMax = 6
        do { _ = try o.resolved(maxPositives: 1); Issue.record("expected a failure") } catch let f as RetrievalMiningFailure {
            #expect(f.kind == .usage)
            #expect(f.message.contains("only 3 candidates remain") && f.message.contains("increase `rangeMax`"))
        }
        o.rangeMax = nil; o.rangeMin = 2; o.relativeMargin = 0.05
        #expect(try o.resolved(maxPositives: 3).rangeMax == 2 + 50 + 3)
        o.relativeMargin = nil
        #expect(try o.resolved(maxPositives: 3).rangeMax == 2 + 5 + 3)
        o.outputFormat = .nTupleScores
        let r = try o.resolved(maxPositives: 1)
        #expect(r.format == .nTuple && r.includeScores)
        o.includePositives = true; o.outputFormat = .triplet
        #expect(try o.resolved(maxPositives: 1).format == .nTuple)
    }

    @Test func outputColumnsFollowTheReference() throws {
        let p = MiningFixture.problem(n: 3, m: 30, d: 5, maxPositives: 2, seed: 3)
        for (format, scores, keys) in [(RetrievalOutputFormat.triplet, true, ["anchor", "positive", "negative", "scores"]),
                                       (.nTuple, false, ["anchor", "positive", "negative_1", "negative_2"]),
                                       (.labeledPair, false, ["anchor", "positive", "label"]),
                                       (.labeledPair, true, ["anchor", "positive", "score"]),
                                       (.labeledList, false, ["anchor", "positive", "labels"])] {
            var o = RetrievalMiningOptions()
            o.numNegatives = 2; o.outputFormat = format; o.includeScores = scores
            let lines = try RetrievalMiner(options: o).mine(queries: p.queries, corpus: p.corpus, task: p.task).rowLines()
            let first = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as! [String: Any]
            #expect(Set(first.keys) == Set(keys), "\(format)")
        }
    }
}

@Suite struct RetrievalDuplicateAndSuspectTests {
    @Test func identicalVectorsAreNeverReturnedTwice() throws {
        // Rows 3→40, 3→41, 7→90 copied; rows across the whole corpus.
        let dups = [(3, 40), (3, 41), (7, 90), (12, 13)]
        let p = MiningFixture.problem(n: 30, m: 120, d: 6, maxPositives: 2, seed: 9, duplicates: dups)
        var o = RetrievalMiningOptions()
        o.numNegatives = 10
        let result = try RetrievalMiner(options: o).mine(queries: p.queries, corpus: p.corpus, task: p.task)
        #expect(result.report.duplicateRows == 4)
        for (q, s) in result.selections.enumerated() {
            let keys = s.negatives.map { DuplicateKeys.vectorKey(p.corpus.row($0.row)) }
            #expect(Set(keys).count == keys.count)
            // Never a copy of a positive either.
            let positiveKeys = Set(p.task.positives[q].map { DuplicateKeys.vectorKey(p.corpus.row($0)) })
            #expect(positiveKeys.isDisjoint(with: keys))
            #expect(!s.negatives.contains { [40, 41, 90, 13].contains($0.row) })
        }
    }

    @Test func identicalTextsAreOnePassage() throws {
        var texts = (0..<60).map { "passage \($0)" }
        texts[50] = texts[2]; texts[51] = texts[2]; texts[33] = texts[8]
        let p = MiningFixture.problem(n: 20, m: 60, d: 5, maxPositives: 1, seed: 4, texts: texts)
        var o = RetrievalMiningOptions()
        o.numNegatives = 12
        let result = try RetrievalMiner(options: o).mine(queries: p.queries, corpus: p.corpus, task: p.task)
        #expect(result.report.duplicateRows == 3)
        for s in result.selections {
            let chosen = s.negatives.map { texts[$0.row] }
            #expect(Set(chosen).count == chosen.count)
        }
    }

    @Test(arguments: [Float(0.5), 0.8, 0.95])
    func dedupeThresholdKeepsChosenNegativesApart(threshold: Float) throws {
        let p = MiningFixture.problem(n: 15, m: 150, d: 4, maxPositives: 1, seed: 21)
        var o = RetrievalMiningOptions()
        o.numNegatives = 5; o.rangeMax = 100; o.dedupeThreshold = threshold
        let result = try RetrievalMiner(options: o).mine(queries: p.queries, corpus: p.corpus, task: p.task)
        #expect(result.report.counters.dedupeThreshold > 0)
        for s in result.selections {
            for (i, a) in s.negatives.enumerated() {
                for b in s.negatives[(i + 1)...] {
                    #expect(VectorMath.cosine(p.corpus.row(a.row), p.corpus.row(b.row)) < threshold)
                }
            }
        }
    }

    @Test func suspectsAreCandidatesAboveOrWithinMarginOfThePositive() throws {
        let p = MiningFixture.problem(n: 20, m: 100, d: 5, maxPositives: 1, seed: 8)
        var o = RetrievalMiningOptions()
        o.numNegatives = 3; o.absoluteMargin = 0.2
        let result = try RetrievalMiner(options: o).mine(queries: p.queries, corpus: p.corpus, task: p.task)
        var total = 0
        for s in result.selections {
            let floor = s.positives.map(\.score).min()!
            for suspect in s.suspects {
                #expect(suspect.score + 0.2 > floor)
                #expect(suspect.reason == "within_absolute_margin")
                #expect(!s.negatives.contains { $0.row == suspect.row })
            }
            total += s.suspects.count
        }
        #expect(total > 0)
        #expect(total == result.report.counters.absoluteMargin)
        #expect(result.suspectLines().count == total)
        var plain = RetrievalMiningOptions()
        plain.numNegatives = 3
        let unfiltered = try RetrievalMiner(options: plain).mine(queries: p.queries, corpus: p.corpus, task: p.task)
        for s in unfiltered.selections {
            let floor = s.positives.map(\.score).min()!
            #expect(s.suspects.allSatisfy { $0.reason == "above_positive" && $0.score > floor })
            let suspectRows = Set(s.suspects.map(\.row))
            #expect(s.negatives.filter { $0.score > floor }.allSatisfy { suspectRows.contains($0.row) })
        }
    }
}

@Suite struct RetrievalShardMergeTests {
    static let cases: [(shards: Int, sampling: RetrievalSampling, threshold: Float?, format: RetrievalOutputFormat)] = [
        (1, .top, nil, .triplet), (2, .top, nil, .nTuple), (3, .random(seed: 7), nil, .labeledPair),
        (7, .top, 0.9, .labeledList), (4, .random(seed: 1), 0.8, .triplet),
    ]

    @Test(arguments: cases)
    func mergedShardsEqualOneRun(c: (shards: Int, sampling: RetrievalSampling, threshold: Float?, format: RetrievalOutputFormat)) throws {
        // Duplicates straddle shard boundaries.
        let p = MiningFixture.problem(n: 40, m: 210, d: 7, maxPositives: 3, seed: 31,
                                      duplicates: [(0, 200), (5, 105), (6, 7), (150, 30)])
        var o = RetrievalMiningOptions()
        o.numNegatives = 4; o.relativeMargin = 0.02; o.sampling = c.sampling; o.dedupeThreshold = c.threshold
        o.outputFormat = c.format; o.includeScores = true
        let miner = RetrievalMiner(options: o)
        let single = try miner.mine(queries: p.queries, corpus: p.corpus, task: p.task)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-shards-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var parts: [String] = []
        for i in (0..<c.shards).reversed() {   // order of parts must not matter
            let part = try miner.searchShard(queries: p.queries, corpus: p.corpus, task: p.task,
                                             shard: CorpusShard(index: i, count: c.shards))
            let path = dir.appendingPathComponent("part\(i).bin").path
            try PartialCandidateFile.write(part, task: p.task, to: path)
            parts.append(path)
        }
        let merged = try miner.merge(parts: parts, task: p.task, corpus: p.corpus)
        #expect(merged.rowLines() == single.rowLines())
        #expect(merged.suspectLines() == single.suspectLines())
        #expect(merged.report.json.serialized().count > 0)
        try single.writeRows(to: dir.appendingPathComponent("single.jsonl").path)
        try merged.writeRows(to: dir.appendingPathComponent("merged.jsonl").path)
        #expect(try Data(contentsOf: dir.appendingPathComponent("single.jsonl")) == Data(contentsOf: dir.appendingPathComponent("merged.jsonl")))
    }

    @Test func mergeRejectsMissingOverlappingAndShallowParts() throws {
        let p = MiningFixture.problem(n: 5, m: 50, d: 4, maxPositives: 1, seed: 2)
        var o = RetrievalMiningOptions()
        o.numNegatives = 2
        let miner = RetrievalMiner(options: o)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-shards-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var parts: [String] = []
        for i in 0..<3 {
            let part = try miner.searchShard(queries: p.queries, corpus: p.corpus, task: p.task, shard: CorpusShard(index: i, count: 3))
            parts.append(dir.appendingPathComponent("p\(i)").path)
            try PartialCandidateFile.write(part, task: p.task, to: parts[i])
        }
        func failure(_ body: () throws -> Void) -> RetrievalMiningFailure? {
            do { try body(); return nil } catch let f as RetrievalMiningFailure { return f } catch { return nil }
        }
        let missing = failure { _ = try miner.merge(parts: [parts[0], parts[2]], task: p.task, corpus: nil) }
        #expect(missing?.message.contains("uncovered") == true)
        let overlap = failure { _ = try miner.merge(parts: parts + [parts[1]], task: p.task, corpus: nil) }
        #expect(overlap?.message.contains("overlaps") == true)
        var deeper = o; deeper.numNegatives = 20
        let shallow = failure { _ = try RetrievalMiner(options: deeper).merge(parts: parts, task: p.task, corpus: nil) }
        #expect(shallow?.message.contains("deep") == true)
        var thresholded = o; thresholded.dedupeThreshold = 0.9
        let noCorpus = failure { _ = try RetrievalMiner(options: thresholded).merge(parts: parts, task: p.task, corpus: nil) }
        #expect(noCorpus?.kind == .usage)
    }
}
