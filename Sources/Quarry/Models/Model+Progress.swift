extension Model {
    /// Scores `features` in blocks of rows, telling `progress` how many rows are done
    /// (stage `scoring`).
    ///
    /// Every model scores a row from that row's features alone, so the blocks' scores are
    /// the scores of one ``score(_:)`` call. Silent progress, or a matrix of one block,
    /// takes that single call.
    /// - Parameters:
    ///   - blockRows: rows per block (at least 1).
    /// - Throws: what ``score(_:)`` throws.
    /// - Complexity: that of ``score(_:)``, plus one copy of the features when reporting.
    public func score(_ features: FeatureMatrix, progress: ProgressReporter, blockRows: Int = 65_536) throws -> [Double] {
        precondition(blockRows >= 1, "blockRows must be at least 1")
        let n = features.rowCount
        guard !progress.isSilent, n > blockRows else { return try score(features) }
        let meter = progress.start("scoring", unit: "rows", total: n)
        defer { meter.finish() }
        var scores: [Double] = []
        scores.reserveCapacity(n)
        for start in stride(from: 0, to: n, by: blockRows) {
            let end = Swift.min(start + blockRows, n)
            scores += try score(features.selecting(rows: Array(start..<end)))
            meter.advance(to: end)
        }
        return scores
    }
}
