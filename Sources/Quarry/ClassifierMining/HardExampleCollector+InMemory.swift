extension HardExampleCollector where Payload == Void {
    /// Mines hard examples from scores and labels already in memory.
    /// - Parameters:
    ///   - scores: one finite score per row.
    ///   - labels: `true` for a positive row.
    /// - Returns: the ranked examples (payload `Void`; use `row` to find the data).
    /// - Throws: ``InvalidInput`` when the arrays differ in length or a score is not finite.
    public static func mine(scores: [Double], labels: [Bool], strategy: any HardExampleStrategy,
                            sides: MiningSides = .negatives) throws -> MiningResult<Void> {
        guard scores.count == labels.count else {
            throw InvalidInput("scores (\(scores.count)) and labels (\(labels.count)) differ in length")
        }
        var collector = HardExampleCollector<Void>(strategy: strategy, sides: sides)
        for i in scores.indices {
            guard scores[i].isFinite else {
                throw InvalidInput("row \(i + 1): score is \(scores[i]); scores must be finite numbers", kind: .dataError)
            }
            collector.add(row: i, score: scores[i], side: labels[i] ? .positive : .negative, payload: ())
        }
        return collector.finish()
    }
}
