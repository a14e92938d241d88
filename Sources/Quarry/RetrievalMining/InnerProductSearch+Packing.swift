/// The queries repacked into 6-row micro-panels for the register tile.
///
/// Panel `i` holds queries `6i ..< 6i + 6` interleaved by dimension: element `p·6 + r` is
/// dimension `p` of query `6i + r`. The last panel is padded with zero rows, so edge tiles
/// run the same code (and the same accumulation order) as full ones. Read-only once built,
/// so it is shared by all workers (`@unchecked Sendable`).
struct PackedQueries: @unchecked Sendable {
    let count: Int
    let dimension: Int
    let panelCount: Int
    let storage: UnsafeMutablePointer<Float>

    /// - Complexity: O(n·d) time and memory.
    init(queries: UnsafePointer<Float>, count: Int, dimension: Int) {
        let rows = InnerProductSearch.tileQueries
        self.count = count
        self.dimension = dimension
        panelCount = (count + rows - 1) / rows
        let floats = panelCount * rows * dimension
        let raw = UnsafeMutableRawPointer.allocate(byteCount: floats * MemoryLayout<Float>.size, alignment: 64)
        storage = raw.bindMemory(to: Float.self, capacity: floats)
        storage.initialize(repeating: 0, count: floats)
        for q in 0..<count {
            let panel = storage + (q / rows) * rows * dimension
            let lane = q % rows
            let source = queries + q * dimension
            for p in 0..<dimension { panel[p &* rows &+ lane] = source[p] }
        }
    }

    /// The packed micro-panel of queries `6·index ..< 6·index + 6`.
    @inline(__always)
    func panel(_ index: Int) -> UnsafePointer<Float> {
        UnsafePointer(storage + index &* InnerProductSearch.tileQueries &* dimension)
    }

    func deallocate() { UnsafeMutableRawPointer(storage).deallocate() }
}

/// One worker's buffer for a block of corpus rows repacked into 16-row micro-panels.
///
/// Panel `j` holds rows `16j ..< 16j + 16` of the block interleaved by dimension: element
/// `p·16 + c` is dimension `p` of row `16j + c`, so one dimension of 16 rows is two aligned
/// `SIMD8<Float>` loads. Rows past the end of the block are zero.
final class PackedCorpusBlock {
    let maxRows: Int
    let dimension: Int
    let storage: UnsafeMutablePointer<Float>
    private(set) var rows = 0

    init(maxRows: Int, dimension: Int) {
        self.maxRows = maxRows
        self.dimension = dimension
        let floats = maxRows * dimension
        let raw = UnsafeMutableRawPointer.allocate(byteCount: floats * MemoryLayout<Float>.size, alignment: 64)
        storage = raw.bindMemory(to: Float.self, capacity: floats)
        storage.initialize(repeating: 0, count: floats)
    }

    var panelCount: Int { (rows + InnerProductSearch.tileCorpusRows - 1) / InnerProductSearch.tileCorpusRows }

    /// Copies `rows` row-major corpus rows into the panel layout, zero-padding the last panel.
    /// - Complexity: O(rows·d).
    func pack(_ source: UnsafePointer<Float>, rows: Int) {
        precondition(rows >= 1 && rows <= maxRows)
        self.rows = rows
        let width = InnerProductSearch.tileCorpusRows
        let d = dimension
        for row in 0..<rows {
            let panel = storage + (row / width) &* width &* d
            let lane = row % width
            let from = source + row &* d
            for p in 0..<d { panel[p &* width &+ lane] = from[p] }
        }
        let padded = panelCount * width
        if padded > rows {
            let panel = storage + (rows / width) &* width &* d
            for row in rows..<padded {
                let lane = row % width
                for p in 0..<d { panel[p &* width &+ lane] = 0 }
            }
        }
    }

    /// The packed micro-panel of block rows `16·index ..< 16·index + 16`.
    @inline(__always)
    func panel(_ index: Int) -> UnsafePointer<Float> {
        UnsafePointer(storage + index &* InnerProductSearch.tileCorpusRows &* dimension)
    }

    deinit { UnsafeMutableRawPointer(storage).deallocate() }
}
