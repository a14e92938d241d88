/// The search stage: the best `depth` distinct corpus candidates of every query within one
/// contiguous corpus slice.
///
/// Only representatives of duplicate classes (``CorpusDuplicates``) are searched. When the
/// slice has no duplicates it is searched in place (the memory-mapped rows, with a global
/// index offset); otherwise its representatives are gathered block by block into a
/// bounded scratch buffer, so memory stays O(n·depth + block) whatever the corpus size.
enum CandidateSearch {
    /// Rows gathered per block when a slice has duplicates.
    static let gatherBlockRows = 65_536

    /// What the search stage produced, with the duplicates it found.
    struct Outcome {
        var lists: CandidateLists
        var duplicates: CorpusDuplicates
    }

    /// Searches `slice` of `corpus` for every row of `queries` (n × d, row-major).
    /// - Complexity: O(n · |slice| · d) for the search, O(|slice| · d) for the duplicate keys.
    static func run(queries: UnsafeBufferPointer<Float>, queryCount: Int, corpus: EmbeddingMatrix, slice: Range<Int>,
                    depth: Int, texts: [String]?, collapseVectors: Bool, searcher: TopKSearcher) throws -> Outcome {
        let duplicates = CorpusDuplicates(corpus: corpus, slice: slice, texts: texts, byVector: collapseVectors)
        var lists = CandidateLists(queryCount: queryCount, depth: depth)
        let d = corpus.dimension
        guard !slice.isEmpty, queryCount > 0 else { return Outcome(lists: lists, duplicates: duplicates) }
        if let representatives = duplicates.representatives {
            var scratch = [Float](repeating: 0, count: min(gatherBlockRows, representatives.count) * d)
            var start = 0
            while start < representatives.count {
                let end = min(start + gatherBlockRows, representatives.count)
                scratch.withUnsafeMutableBufferPointer { buffer in
                    for (i, row) in representatives[start..<end].enumerated() {
                        let source = corpus.row(row)
                        for c in 0..<d { buffer[i * d + c] = source[c] }
                    }
                }
                let count = end - start
                let result = try scratch.withUnsafeBufferPointer { buffer in
                    try searcher.run(queries, UnsafeBufferPointer(rebasing: buffer[0..<(count * d)]), d, depth, 0)
                }
                let k = result.indices.count / max(queryCount, 1)
                for q in 0..<queryCount {
                    var rows = [Int](), scores = [Float](), keys = [DuplicateKeys]()
                    for s in 0..<k {
                        let local = result.indices[q * k + s]
                        guard local >= 0 else { break }
                        let row = representatives[start + local]
                        rows.append(row); scores.append(result.scores[q * k + s]); keys.append(duplicates.keys(ofRow: row))
                    }
                    lists.merge(query: q, rows: rows, scores: scores, keys: keys)
                }
                start = end
            }
        } else {
            let result = try searcher.run(queries, corpus.rows(slice), d, depth, slice.lowerBound)
            let k = result.indices.count / max(queryCount, 1)
            for q in 0..<queryCount {
                for s in 0..<min(k, depth) {
                    let row = result.indices[q * k + s]
                    guard row >= 0 else { break }
                    lists.rows[q * depth + s] = row
                    lists.scores[q * depth + s] = result.scores[q * k + s]
                    lists.keys[q * depth + s] = duplicates.keys(ofRow: row)
                }
            }
        }
        return Outcome(lists: lists, duplicates: duplicates)
    }
}
