extension InnerProductSearch {
    /// Scores one packed corpus block against every query panel and offers the scores to
    /// the worker's heaps.
    ///
    /// Loop order (GotoBLAS/BLIS): the corpus block stays in L2; each query micro-panel is
    /// loaded once into L1 and reused across all the block's corpus micro-panels.
    /// - Complexity: O(n · rows · d).
    static func scanBlock(queries: PackedQueries, corpus: PackedCorpusBlock, firstCorpusRow: Int,
                          heaps: BoundedTopKHeaps) {
        let d = queries.dimension
        let corpusPanels = corpus.panelCount
        let rows = corpus.rows
        let corpusStorage = UnsafePointer(corpus.storage)
        for queryPanel in 0..<queries.panelCount {
            let firstQuery = queryPanel &* tileQueries
            let validQueries = min(tileQueries, queries.count &- firstQuery)
            let a = queries.panel(queryPanel)
            for corpusPanel in 0..<corpusPanels {
                let firstRow = corpusPanel &* tileCorpusRows
                scanTile(queryPanel: a,
                         corpusPanel: corpusStorage + firstRow &* d,
                         depth: d,
                         firstQuery: firstQuery, validQueries: validQueries,
                         firstCorpusRow: firstCorpusRow &+ firstRow,
                         validCorpusRows: min(tileCorpusRows, rows &- firstRow),
                         heaps: heaps)
            }
        }
    }

    /// The 6 × 16 register tile: 12 `SIMD8<Float>` accumulators, one fused multiply-add
    /// chain per (query, corpus row) over dimensions `0 ..< depth` in order, then the fused
    /// top-k test against each query's threshold.
    ///
    /// Every score is `fma(q[d-1], c[d-1], … fma(q[1], c[1], fma(q[0], c[0], 0)))`, whatever
    /// the tile's position, which is what makes results independent of threads and blocks.
    /// - Complexity: 12·depth vector FMAs; O(16 log k) heap work per query only on a hit.
    @inline(__always)
    static func scanTile(queryPanel: UnsafePointer<Float>, corpusPanel: UnsafePointer<Float>, depth: Int,
                         firstQuery: Int, validQueries: Int, firstCorpusRow: Int, validCorpusRows: Int,
                         heaps: BoundedTopKHeaps) {
        typealias V = SIMD8<Float>
        var c00 = V(), c01 = V(), c10 = V(), c11 = V(), c20 = V(), c21 = V()
        var c30 = V(), c31 = V(), c40 = V(), c41 = V(), c50 = V(), c51 = V()
        var a = queryPanel
        var b = UnsafeRawPointer(corpusPanel)
        for _ in 0..<depth {
            let b0 = b.load(as: V.self)
            let b1 = b.load(fromByteOffset: 32, as: V.self)
            var x = V(repeating: a[0])
            c00 = c00.addingProduct(x, b0); c01 = c01.addingProduct(x, b1)
            x = V(repeating: a[1])
            c10 = c10.addingProduct(x, b0); c11 = c11.addingProduct(x, b1)
            x = V(repeating: a[2])
            c20 = c20.addingProduct(x, b0); c21 = c21.addingProduct(x, b1)
            x = V(repeating: a[3])
            c30 = c30.addingProduct(x, b0); c31 = c31.addingProduct(x, b1)
            x = V(repeating: a[4])
            c40 = c40.addingProduct(x, b0); c41 = c41.addingProduct(x, b1)
            x = V(repeating: a[5])
            c50 = c50.addingProduct(x, b0); c51 = c51.addingProduct(x, b1)
            a += 6
            b += 64
        }
        let thresholds = heaps.thresholds
        @inline(__always) func offer(_ r: Int, _ low: V, _ high: V) {
            guard r < validQueries else { return }
            let q = firstQuery &+ r
            let t = V(repeating: thresholds[q])
            if any((low .> t) .| (high .> t)) {
                offerHits(query: q, low: low, high: high, firstCorpusRow: firstCorpusRow,
                          validCorpusRows: validCorpusRows, heaps: heaps)
            }
        }
        offer(0, c00, c01)
        offer(1, c10, c11)
        offer(2, c20, c21)
        offer(3, c30, c31)
        offer(4, c40, c41)
        offer(5, c50, c51)
    }

    /// The rare path of the fused top-k: some of a query's 16 scores beat its threshold.
    /// Offers them in increasing corpus index order (the heaps' tie rule relies on it).
    @inline(never)
    static func offerHits(query: Int, low: SIMD8<Float>, high: SIMD8<Float>, firstCorpusRow: Int,
                          validCorpusRows: Int, heaps: BoundedTopKHeaps) {
        for lane in 0..<validCorpusRows {
            let score = lane < 8 ? low[lane] : high[lane &- 8]
            if score > heaps.thresholds[query] {
                heaps.insert(query: query, score: score, index: firstCorpusRow &+ lane)
            }
        }
    }
}
