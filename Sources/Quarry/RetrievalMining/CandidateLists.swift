/// For each query, its best corpus candidates (best first) with scores and duplicate keys.
///
/// This is what the search stage hands to the selection stage, and what a corpus shard
/// writes to its partial file: enough to apply every filter later. Order is score
/// descending, ties by lower corpus row; unfilled slots have row −1 and score −∞.
public struct CandidateLists: Sendable, Equatable {
    /// Number of queries.
    public let queryCount: Int
    /// Candidates kept per query.
    public let depth: Int
    /// Global corpus rows, `queryCount × depth`, −1 where unfilled.
    public internal(set) var rows: [Int]
    /// Scores, −∞ where unfilled.
    public internal(set) var scores: [Float]
    /// Duplicate keys of each candidate.
    public internal(set) var keys: [DuplicateKeys]

    /// Empty lists (every slot unfilled).
    public init(queryCount: Int, depth: Int) {
        self.queryCount = queryCount
        self.depth = depth
        rows = Array(repeating: -1, count: queryCount * depth)
        scores = Array(repeating: -.infinity, count: queryCount * depth)
        keys = Array(repeating: DuplicateKeys(vector: 0, text: 0), count: queryCount * depth)
    }

    /// The slots of query `q`.
    public func slots(ofQuery q: Int) -> Range<Int> { (q * depth)..<((q + 1) * depth) }

    /// Whether candidate (rowA, scoreA) ranks before (rowB, scoreB): higher score, then lower row.
    @inlinable
    static func ranksBefore(_ scoreA: Float, _ rowA: Int, _ scoreB: Float, _ rowB: Int) -> Bool {
        if scoreA != scoreB { return scoreA > scoreB }
        if rowA < 0 { return false }
        if rowB < 0 { return true }
        return rowA < rowB
    }

    /// Merges `incoming` candidates of query `q` into its list, keeping the best `depth`
    /// distinct passages (a candidate whose keys match a better one is dropped).
    ///
    /// - Complexity: O(depth²) key comparisons per call.
    mutating func merge(query q: Int, rows inRows: [Int], scores inScores: [Float], keys inKeys: [DuplicateKeys]) {
        let base = q * depth
        var outRows = [Int](); outRows.reserveCapacity(depth)
        var outScores = [Float](); outScores.reserveCapacity(depth)
        var outKeys = [DuplicateKeys](); outKeys.reserveCapacity(depth)
        var i = 0, j = 0
        let n = depth, m = inRows.count
        while outRows.count < depth {
            let takeOld: Bool
            let oldValid = i < n && rows[base + i] >= 0
            let newValid = j < m && inRows[j] >= 0
            if !oldValid && !newValid { break }
            if !newValid { takeOld = true } else if !oldValid { takeOld = false } else {
                takeOld = Self.ranksBefore(scores[base + i], rows[base + i], inScores[j], inRows[j])
            }
            let row: Int, score: Float, key: DuplicateKeys
            if takeOld { row = rows[base + i]; score = scores[base + i]; key = keys[base + i]; i += 1 }
            else { row = inRows[j]; score = inScores[j]; key = inKeys[j]; j += 1 }
            if outKeys.contains(where: { $0.matches(key) }) || outRows.contains(row) { continue }
            outRows.append(row); outScores.append(score); outKeys.append(key)
        }
        for s in 0..<depth {
            if s < outRows.count {
                rows[base + s] = outRows[s]; scores[base + s] = outScores[s]; keys[base + s] = outKeys[s]
            } else {
                rows[base + s] = -1; scores[base + s] = -.infinity; keys[base + s] = DuplicateKeys(vector: 0, text: 0)
            }
        }
    }
}
