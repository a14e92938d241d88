import Testing
import Synchronization
@testable import Quarry

/// Seeded test data and the brute-force reference for ``InnerProductSearch``.
enum SearchFixture {
    /// `rows × dimension` uniform floats in [-1, 1).
    static func uniform(rows: Int, dimension: Int, seed: UInt64) -> [Float] {
        var g = SeededGenerator(seed: seed)
        return (0..<(rows * dimension)).map { _ in Float(g.nextUnitDouble() * 2 - 1) }
    }

    /// Small integers in -2...2, so many scores tie exactly.
    static func coarse(rows: Int, dimension: Int, seed: UInt64) -> [Float] {
        var g = SeededGenerator(seed: seed)
        return (0..<(rows * dimension)).map { _ in Float(g.nextInt(below: 5) - 2) }
    }

    /// Brute force: every score as the kernel defines it (one FMA chain over dimensions
    /// 0..<d in order, starting from zero), all rows sorted by score descending then index
    /// ascending, NaN and −∞ dropped, the first k kept, unfilled slots -1 / −∞.
    static func reference(queries: [Float], corpus: [Float], dimension d: Int, k: Int,
                          offset: Int = 0) -> TopKResult {
        let n = queries.count / d, m = corpus.count / d
        var indices = [Int](repeating: -1, count: n * k)
        var scores = [Float](repeating: -.infinity, count: n * k)
        for q in 0..<n {
            var all: [(score: Float, index: Int)] = []
            for c in 0..<m {
                var acc: Float = 0
                for p in 0..<d { acc = acc.addingProduct(queries[q * d + p], corpus[c * d + p]) }
                if acc > -.infinity { all.append((acc, c)) }
            }
            all.sort { $0.score > $1.score || ($0.score == $1.score && $0.index < $1.index) }
            for (slot, e) in all.prefix(k).enumerated() {
                indices[q * k + slot] = e.index + offset
                scores[q * k + slot] = e.score
            }
        }
        return TopKResult(queryCount: n, k: k, indices: indices, scores: scores)
    }
}

@Suite struct InnerProductSearchTests {
    /// (queries n, corpus rows m, dimension d, k): d not a multiple of 8, m below one tile
    /// or one block, m = 1, k > m, k = 1, n not a multiple of the 6-row tile.
    static let shapes: [(Int, Int, Int, Int)] = [
        (1, 1, 1, 1), (1, 1, 1, 5), (3, 1, 3, 1), (7, 5, 3, 10), (6, 16, 8, 3), (13, 37, 7, 5),
        (12, 100, 9, 1), (5, 300, 383, 20), (7, 250, 385, 50), (1, 17, 384, 17), (2, 15, 16, 15),
        (25, 1000, 64, 100), (19, 700, 31, 7), (11, 2000, 24, 64), (7, 300, 1024, 12),
    ]

    @Test(arguments: shapes)
    func matchesBruteForce(shape: (Int, Int, Int, Int)) throws {
        let (n, m, d, k) = shape
        let q = SearchFixture.uniform(rows: n, dimension: d, seed: UInt64(n * 1000 + d))
        let c = SearchFixture.uniform(rows: m, dimension: d, seed: UInt64(m * 1000 + d + 1))
        let expected = SearchFixture.reference(queries: q, corpus: c, dimension: d, k: k)
        let got = try InnerProductSearch.topK(queries: q, corpus: c, dimension: d, k: k)
        #expect(got == expected)
    }

    /// Exact score ties everywhere: order must be by lower corpus index.
    @Test(arguments: [(9, 500, 5, 40), (6, 64, 3, 64), (4, 1000, 12, 9)])
    func tiesBreakByLowerIndex(shape: (Int, Int, Int, Int)) throws {
        let (n, m, d, k) = shape
        let q = SearchFixture.coarse(rows: n, dimension: d, seed: 11)
        let c = SearchFixture.coarse(rows: m, dimension: d, seed: 12)
        let expected = SearchFixture.reference(queries: q, corpus: c, dimension: d, k: k)
        for threads in [1, 2, 3] {
            let got = try InnerProductSearch.topK(queries: q, corpus: c, dimension: d, k: k, threads: threads)
            #expect(got == expected)
        }
    }

    @Test func duplicateCorpusRowsComeOutInIndexOrder() throws {
        let d = 10
        let base = SearchFixture.uniform(rows: 40, dimension: d, seed: 5)
        let corpus = base + base + base          // row r, r + 40, r + 80 are identical
        let q = SearchFixture.uniform(rows: 8, dimension: d, seed: 6)
        let got = try InnerProductSearch.topK(queries: q, corpus: corpus, dimension: d, k: 30, threads: 2)
        #expect(got == SearchFixture.reference(queries: q, corpus: corpus, dimension: d, k: 30))
        for query in 0..<8 {
            let idx = Array(got.indices(ofQuery: query))
            for start in stride(from: 0, to: 30, by: 3) {
                #expect(idx[start + 1] == idx[start] + 40 && idx[start + 2] == idx[start] + 80)
            }
        }
    }

    @Test func allNegativeScores() throws {
        let d = 17
        let q = SearchFixture.uniform(rows: 9, dimension: d, seed: 21).map { abs($0) + 0.01 }
        let c = SearchFixture.uniform(rows: 130, dimension: d, seed: 22).map { -abs($0) - 0.01 }
        let got = try InnerProductSearch.topK(queries: q, corpus: c, dimension: d, k: 12)
        #expect(got == SearchFixture.reference(queries: q, corpus: c, dimension: d, k: 12))
        #expect(got.scores.allSatisfy { $0 < 0 })
    }

    @Test func corpusIndexOffsetIsAddedToFilledSlotsOnly() throws {
        let d = 7
        let q = SearchFixture.uniform(rows: 5, dimension: d, seed: 31)
        let c = SearchFixture.uniform(rows: 6, dimension: d, seed: 32)
        let got = try InnerProductSearch.topK(queries: q, corpus: c, dimension: d, k: 8, corpusIndexOffset: 1_000_000)
        #expect(got == SearchFixture.reference(queries: q, corpus: c, dimension: d, k: 8, offset: 1_000_000))
        for query in 0..<5 {
            #expect(got.indices(ofQuery: query).suffix(2) == [-1, -1])
            #expect(got.scores(ofQuery: query).suffix(2) == [-.infinity, -.infinity])
        }
    }

    /// Same bits whatever the threads and block size.
    @Test(arguments: [(31, 3001, 384, 50), (6, 500, 9, 10)])
    func threadsAndBlocksGiveIdenticalBits(shape: (Int, Int, Int, Int)) throws {
        let (n, m, d, k) = shape
        let q = SearchFixture.uniform(rows: n, dimension: d, seed: 41)
        let c = SearchFixture.uniform(rows: m, dimension: d, seed: 42)
        let one = try InnerProductSearch.topK(queries: q, corpus: c, dimension: d, k: k, threads: 1)
        #expect(one == SearchFixture.reference(queries: q, corpus: c, dimension: d, k: k))
        for threads in [2, 4] {
            #expect(try InnerProductSearch.topK(queries: q, corpus: c, dimension: d, k: k, threads: threads) == one)
        }
        for blockRows in [16, 48, 512] {
            for threads in [1, 2] {
                let got = q.withUnsafeBufferPointer { qb in
                    c.withUnsafeBufferPointer { cb in
                        InnerProductSearch.search(queries: qb, corpus: cb, dimension: d, k: k, corpusIndexOffset: 0,
                                                  threads: threads, blockRows: blockRows, progress: nil)
                    }
                }
                #expect(got == one)
            }
        }
    }

    /// Shards searched separately with offsets and merged equal one search of the whole.
    @Test func shardsWithOffsetsCoverTheWhole() throws {
        let d = 20, k = 15
        let q = SearchFixture.uniform(rows: 10, dimension: d, seed: 51)
        let c = SearchFixture.uniform(rows: 333, dimension: d, seed: 52)
        let whole = try InnerProductSearch.topK(queries: q, corpus: c, dimension: d, k: k)
        let cut = 150
        let first = try InnerProductSearch.topK(queries: q, corpus: Array(c[..<(cut * d)]), dimension: d, k: k)
        let second = try InnerProductSearch.topK(queries: q, corpus: Array(c[(cut * d)...]), dimension: d, k: k,
                                                 corpusIndexOffset: cut)
        for query in 0..<10 {
            var entries: [(score: Float, index: Int)] = []
            for part in [first, second] {
                for (score, index) in zip(part.scores(ofQuery: query), part.indices(ofQuery: query)) {
                    entries.append((score, index))
                }
            }
            entries.sort { $0.score > $1.score || ($0.score == $1.score && $0.index < $1.index) }
            let merged: [Int] = entries.prefix(k).map { $0.index }
            #expect(merged == Array(whole.indices(ofQuery: query)))
        }
    }

    @Test func nanAndNegativeInfinityScoresAreNeverReturned() throws {
        let d = 4
        var c = SearchFixture.uniform(rows: 10, dimension: d, seed: 61)
        c[2 * d] = .nan                                   // row 2 scores NaN
        c[5 * d] = -.infinity; c[5 * d + 1] = 0           // row 5 scores ±∞ depending on the query
        let q: [Float] = [1, 1, 1, 1, 0.5, 0.25, 0.5, 0.25]
        let got = try InnerProductSearch.topK(queries: q, corpus: c, dimension: d, k: 10)
        #expect(got == SearchFixture.reference(queries: q, corpus: c, dimension: d, k: 10))
        #expect(!got.indices.contains(2) && !got.indices.contains(5))
        #expect(got.indices(ofQuery: 0).suffix(2) == [-1, -1])
    }

    @Test func scoresAgreeWithDoubleDotProducts() throws {
        let d = 384
        let q = SearchFixture.uniform(rows: 4, dimension: d, seed: 71)
        let c = SearchFixture.uniform(rows: 90, dimension: d, seed: 72)
        let got = try InnerProductSearch.topK(queries: q, corpus: c, dimension: d, k: 90)
        for query in 0..<4 {
            for (index, score) in zip(got.indices(ofQuery: query), got.scores(ofQuery: query)) {
                var exact = 0.0
                for p in 0..<d { exact += Double(q[query * d + p]) * Double(c[index * d + p]) }
                #expect(abs(Double(score) - exact) < 1e-4)
            }
        }
    }

    @Test func emptyInputs() throws {
        let none = try InnerProductSearch.topK(queries: [], corpus: [1, 2, 3], dimension: 3, k: 4)
        #expect(none.queryCount == 0 && none.indices.isEmpty)
        let noCorpus = try InnerProductSearch.topK(queries: [1, 2, 3], corpus: [], dimension: 3, k: 2)
        #expect(noCorpus.indices == [-1, -1] && noCorpus.scores == [-.infinity, -.infinity])
    }

    @Test func progressReachesTheCorpusSize() throws {
        let d = 8, m = 1000
        let q = SearchFixture.uniform(rows: 3, dimension: d, seed: 81)
        let c = SearchFixture.uniform(rows: m, dimension: d, seed: 82)
        let largest = Mutex(0)
        _ = try InnerProductSearch.topK(queries: q, corpus: c, dimension: d, k: 3, threads: 2) { rows in
            largest.withLock { $0 = max($0, rows) }
        }
        #expect(largest.withLock { $0 } == m)
    }

    /// (query floats, corpus floats, dimension, k, offset, threads) → expected failure kind.
    static let badShapes: [(Int, Int, Int, Int, Int, Int, FailureKind)] = [
        (6, 6, 0, 1, 0, 0, .usage),       // dimension 0
        (6, 6, 3, 0, 0, 0, .usage),       // k = 0
        (6, 6, 3, 1, -1, 0, .usage),      // negative offset
        (6, 6, 3, 1, 0, -2, .usage),      // negative threads
        (7, 6, 3, 1, 0, 0, .dataError),   // ragged queries
        (6, 8, 3, 1, 0, 0, .dataError),   // ragged corpus
    ]

    @Test(arguments: badShapes)
    func rejectsBadShapes(row: (Int, Int, Int, Int, Int, Int, FailureKind)) {
        let (queryLength, corpusLength, d, k, offset, threads, kind) = row
        #expect {
            try InnerProductSearch.topK(queries: [Float](repeating: 1, count: queryLength),
                                        corpus: [Float](repeating: 1, count: corpusLength),
                                        dimension: d, k: k, corpusIndexOffset: offset, threads: threads)
        } throws: { error in
            (error as? InvalidInput)?.kind == kind && (error as? InvalidInput)?.message.contains("inner-product search") == true
        }
    }
}
