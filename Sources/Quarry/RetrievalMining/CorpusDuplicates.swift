/// The duplicate classes of one contiguous corpus slice and the rows that represent them.
///
/// Rows with bit-identical vectors (±0 folded) or identical texts form one class; its
/// lowest row represents it and only representatives are searched, so a query never gets
/// two copies of one passage (the reference de-duplicates its corpus by text before
/// embedding; identical vectors are the same passage to the search as well).
///
/// - Complexity: O(rows · dimension) hashing plus O(rows) expected dictionary work.
struct CorpusDuplicates {
    /// The slice described.
    let slice: Range<Int>
    /// Duplicate keys of every row of the slice (index `row − slice.lowerBound`).
    let keys: [DuplicateKeys]
    /// Representatives, ascending global rows; `nil` when every row represents itself.
    let representatives: [Int]?

    /// Number of rows that duplicate an earlier row of the slice.
    var duplicateCount: Int { representatives.map { slice.count - $0.count } ?? 0 }

    init(corpus: EmbeddingMatrix, slice: Range<Int>, texts: [String]?, byVector: Bool = true) {
        self.slice = slice
        var keys = [DuplicateKeys]()
        keys.reserveCapacity(slice.count)
        for row in slice {
            keys.append(DuplicateKeys.of(row: row, corpus: corpus, texts: texts, byVector: byVector))
        }
        self.keys = keys
        // Union-find over the slice: each row joins the first earlier row with the same
        // vector bits (checked exactly, not just by hash) or the same text.
        var parent = Array(0..<slice.count)
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
            return x
        }
        func union(_ a: Int, _ b: Int) {
            let ra = find(a), rb = find(b)
            if ra == rb { return }
            if ra < rb { parent[rb] = ra } else { parent[ra] = rb }
        }
        // One row per key; a hash collision between different contents (never seen in
        // practice with 64 bits) leaves both rows as representatives.
        var firstByVector: [UInt64: Int] = [:]
        var firstByText: [UInt64: Int] = [:]
        firstByVector.reserveCapacity(slice.count)
        var anyDuplicate = false
        let d = corpus.dimension
        for local in 0..<slice.count {
            let row = slice.lowerBound + local
            let key = keys[local]
            let vector = corpus.row(row)
            if !byVector {
                // Row keys are unique: nothing to collapse by vector.
            } else if let match = firstByVector[key.vector] {
                if Self.sameBits(corpus.row(slice.lowerBound + match), vector, d) {
                    union(match, local)
                    anyDuplicate = true
                }
            } else {
                firstByVector[key.vector] = local
            }
            if let texts, key.text != 0 {
                if let match = firstByText[key.text] {
                    if texts[slice.lowerBound + match] == texts[row] {
                        union(match, local)
                        anyDuplicate = true
                    }
                } else {
                    firstByText[key.text] = local
                }
            }
        }
        if anyDuplicate {
            representatives = (0..<slice.count).filter { find($0) == $0 }.map { $0 + slice.lowerBound }
        } else {
            representatives = nil
        }
    }

    /// The keys of global `row` (which must lie in the slice).
    func keys(ofRow row: Int) -> DuplicateKeys { keys[row - slice.lowerBound] }

    private static func sameBits(_ a: UnsafeBufferPointer<Float>, _ b: UnsafeBufferPointer<Float>, _ d: Int) -> Bool {
        for i in 0..<d where a[i] != b[i] || (a[i] != 0 && a[i].bitPattern != b[i].bitPattern) { return false }
        return true
    }
}
