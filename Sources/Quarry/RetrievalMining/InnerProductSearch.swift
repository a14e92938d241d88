import Foundation
import Synchronization

/// Exact inner-product top-k search of float32 queries against a float32 corpus.
///
/// For every query row, ``topK(queries:corpus:dimension:k:corpusIndexOffset:threads:progress:)``
/// returns the `k` corpus rows with the largest inner product, best first, ties broken by
/// the lower corpus index. The search is exact (no approximation) and deterministic: every
/// (query, corpus row) score is one fused multiply-add chain over the dimensions in
/// increasing order, whatever the thread count, block size or position of the row in a
/// register tile, so results are bit-identical across thread counts and machines with FMA.
///
/// The design follows the GotoBLAS/BLIS layering of matrix multiplication (Goto & van de
/// Geijn, "Anatomy of high-performance matrix multiplication", ACM TOMS 2008; Van Zee & van
/// de Geijn, "BLIS: A framework for rapidly instantiating BLAS functionality", ACM TOMS
/// 2015): queries are packed once into 6-row micro-panels, the corpus is packed block by
/// block into 16-row micro-panels sized for the L2 cache, and a 6 × 16 register tile of
/// `SIMD8<Float>` accumulators computes 96 scores at a time. Instead of writing the scores
/// out, the top-k is fused into the tile (issue 4): each query's current k-th best score is
/// a threshold, and only scores above it enter a bounded heap. The queries × corpus score
/// matrix is never materialized.
///
/// ```swift
/// let result = try InnerProductSearch.topK(queries: queryVectors, corpus: passageVectors,
///                                          dimension: 384, k: 50)
/// for (row, score) in zip(result.indices(ofQuery: 0), result.scores(ofQuery: 0)) { … }
/// ```
public enum InnerProductSearch {
    /// Queries per register tile.
    static let tileQueries = 6
    /// Corpus rows per register tile (two `SIMD8<Float>` lanes).
    static let tileCorpusRows = 16

    /// Each query's `k` best corpus rows by inner product, best first; ties → lower corpus index.
    ///
    /// Rows whose score is NaN or −∞ are never returned; a query with fewer than `k` hits
    /// gets index `-1` and score `-infinity` in its unfilled slots. An empty corpus gives an
    /// all-unfilled result; no queries give an empty one.
    ///
    /// - Parameters:
    ///   - queries: `n × dimension` floats, row-major (C order).
    ///   - corpus: `m × dimension` floats, row-major; may be a memory-mapped file of millions
    ///     of rows — it is read in place, block by block, never copied whole.
    ///   - dimension: the embedding dimension `d` (≥ 1).
    ///   - k: slots per query (≥ 1). May exceed `m`.
    ///   - corpusIndexOffset: added to every returned index (the first row of a corpus shard).
    ///   - threads: worker threads; `0` uses every active core.
    ///   - progress: called from worker threads with the running total of corpus rows
    ///     searched, after each corpus block; calls may arrive slightly out of order.
    /// - Returns: the `n × k` result tables.
    /// - Throws: ``InvalidInput`` (`.usage`) when `dimension`, `k`, `threads` or
    ///   `corpusIndexOffset` is out of range, (`.dataError`) when a buffer's length is not a
    ///   multiple of `dimension`.
    /// - Complexity: O(n·m·d) time in about n·m·d / 8 vector FMAs spread over the threads;
    ///   O(n·d + threads·(n·min(k, m) + B·d)) extra memory, where B is the corpus block size
    ///   (a few hundred rows).
    public static func topK(queries: UnsafeBufferPointer<Float>, corpus: UnsafeBufferPointer<Float>,
                            dimension: Int, k: Int, corpusIndexOffset: Int = 0,
                            threads: Int = 0,
                            progress: (@Sendable (Int) -> Void)? = nil) throws -> TopKResult {
        try validate(queryLength: queries.count, corpusLength: corpus.count, dimension: dimension,
                     k: k, corpusIndexOffset: corpusIndexOffset, threads: threads)
        return search(queries: queries, corpus: corpus, dimension: dimension, k: k,
                      corpusIndexOffset: corpusIndexOffset,
                      threads: threads == 0 ? activeCoreCount() : threads,
                      blockRows: defaultBlockRows(dimension: dimension), progress: progress)
    }

    /// Array convenience for ``topK(queries:corpus:dimension:k:corpusIndexOffset:threads:progress:)``.
    /// - Complexity: as the pointer version.
    public static func topK(queries: [Float], corpus: [Float], dimension: Int, k: Int,
                            corpusIndexOffset: Int = 0, threads: Int = 0,
                            progress: (@Sendable (Int) -> Void)? = nil) throws -> TopKResult {
        try queries.withUnsafeBufferPointer { q in
            try corpus.withUnsafeBufferPointer { c in
                try topK(queries: q, corpus: c, dimension: dimension, k: k,
                         corpusIndexOffset: corpusIndexOffset, threads: threads, progress: progress)
            }
        }
    }

    static func validate(queryLength: Int, corpusLength: Int, dimension: Int, k: Int,
                         corpusIndexOffset: Int, threads: Int) throws {
        guard dimension >= 1 else {
            throw InvalidInput("inner-product search: dimension must be at least 1, found \(dimension)")
        }
        guard k >= 1 else {
            throw InvalidInput("inner-product search: k must be at least 1, found \(k)")
        }
        guard threads >= 0 else {
            throw InvalidInput("inner-product search: threads must be 0 (all cores) or more, found \(threads)")
        }
        guard corpusIndexOffset >= 0 else {
            throw InvalidInput("inner-product search: corpusIndexOffset must be non-negative, found \(corpusIndexOffset)")
        }
        guard queryLength % dimension == 0 else {
            throw InvalidInput("inner-product search: queries hold \(queryLength) floats, expected a multiple of dimension \(dimension)",
                               kind: .dataError)
        }
        guard corpusLength % dimension == 0 else {
            throw InvalidInput("inner-product search: corpus holds \(corpusLength) floats, expected a multiple of dimension \(dimension)",
                               kind: .dataError)
        }
    }

    /// Corpus rows per packed block: about 256 KiB of packed panels, so a block stays in
    /// L2 while every query panel streams past it; a multiple of the tile width, and at
    /// least 64 rows so that each query panel loaded for a block is reused at least four
    /// times even for wide embeddings (d ≥ 1,024).
    static func defaultBlockRows(dimension: Int) -> Int {
        let rows = (256 * 1024) / (dimension * MemoryLayout<Float>.size)
        return min(1024, max(4 * tileCorpusRows, rows / tileCorpusRows * tileCorpusRows))
    }

    /// The search proper, on validated input. `blockRows` (a multiple of 16) is a parameter
    /// so tests can check that results do not depend on it.
    static func search(queries: UnsafeBufferPointer<Float>, corpus: UnsafeBufferPointer<Float>,
                       dimension d: Int, k: Int, corpusIndexOffset: Int, threads: Int,
                       blockRows: Int, progress: (@Sendable (Int) -> Void)?) -> TopKResult {
        precondition(blockRows >= tileCorpusRows && blockRows % tileCorpusRows == 0)
        let n = queries.count / d
        let m = corpus.count / d
        guard n > 0 else { return TopKResult(queryCount: 0, k: k, indices: [], scores: []) }
        var indices = [Int](repeating: -1, count: n * k)
        var scores = [Float](repeating: -.infinity, count: n * k)
        guard m > 0, let queryBase = queries.baseAddress, let corpusBase = corpus.baseAddress else {
            return TopKResult(queryCount: n, k: k, indices: indices, scores: scores)
        }

        let packedQueries = PackedQueries(queries: queryBase, count: n, dimension: d)
        defer { packedQueries.deallocate() }
        let blockCount = (m + blockRows - 1) / blockRows
        let workers = max(1, min(threads, blockCount))
        let capacity = min(k, m)
        let heaps = (0..<workers).map { _ in BoundedTopKHeaps(queryCount: n, capacity: capacity) }
        defer { heaps.forEach { $0.deallocate() } }

        // Workers take corpus blocks in increasing order from a shared counter, so each
        // worker sees increasing corpus indices (which the heaps' strict threshold relies
        // on); which worker gets which block does not change the merged result.
        let corpusRows = SharedPointer(corpusBase)
        let nextBlock = Atomic<Int>(0)
        let rowsDone = Atomic<Int>(0)
        parallelFor(workers, threads: workers) { worker in
            let workerHeaps = heaps[worker]
            let panel = PackedCorpusBlock(maxRows: blockRows, dimension: d)
            while true {
                let block = nextBlock.wrappingAdd(1, ordering: .relaxed).oldValue
                if block >= blockCount { break }
                let start = block * blockRows
                let rows = min(blockRows, m - start)
                panel.pack(corpusRows.base + start * d, rows: rows)
                scanBlock(queries: packedQueries, corpus: panel, firstCorpusRow: start, heaps: workerHeaps)
                if let progress {
                    progress(rowsDone.wrappingAdd(rows, ordering: .relaxed).newValue)
                }
            }
        }

        indices.withUnsafeMutableBufferPointer { outIndices in
            scores.withUnsafeMutableBufferPointer { outScores in
                mergeHeaps(heaps, k: k, corpusIndexOffset: corpusIndexOffset, threads: threads,
                           indices: outIndices.baseAddress!, scores: outScores.baseAddress!)
            }
        }
        return TopKResult(queryCount: n, k: k, indices: indices, scores: scores)
    }

    /// Combines the workers' heaps into the sorted result rows: the exact top-k under the
    /// total order (score descending, corpus index ascending), so the merge is deterministic.
    /// - Complexity: O(n · W·k · log(W·k)) for W workers.
    static func mergeHeaps(_ heaps: [BoundedTopKHeaps], k: Int, corpusIndexOffset: Int, threads: Int,
                           indices: UnsafeMutablePointer<Int>, scores: UnsafeMutablePointer<Float>) {
        let n = heaps[0].queryCount
        let indices = SharedPointer(indices), scores = SharedPointer(scores)
        let chunk = 256
        let chunks = (n + chunk - 1) / chunk
        // At most `threads` workers, so `--threads 1` really runs the whole search on one core.
        parallelFor(chunks, threads: max(1, threads)) { c in
            var entries: [(score: Float, index: Int)] = []
            for q in (c * chunk)..<min(n, (c + 1) * chunk) {
                entries.removeAll(keepingCapacity: true)
                for heap in heaps {
                    let base = q * heap.capacity
                    for e in 0..<heap.counts[q] {
                        entries.append((heap.scores[base + e], heap.indices[base + e]))
                    }
                }
                entries.sort { a, b in a.score > b.score || (a.score == b.score && a.index < b.index) }
                for slot in 0..<min(k, entries.count) {
                    indices.base[q * k + slot] = entries[slot].index + corpusIndexOffset
                    scores.base[q * k + slot] = entries[slot].score
                }
            }
        }
    }
}
