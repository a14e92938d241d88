/// Collects hard examples from a stream of scored, labelled rows in one pass.
///
/// The strategy decides which rows qualify; the collector keeps them, bounded by the
/// strategy's per-side limit (a heap of the hardest so far), ranks them, and summarizes
/// the score distribution of what it kept against everything it saw. Payloads (a row's
/// original fields, say) are built only for rows that are kept, so memory stays bounded by
/// the output plus one `Double` per row seen for the distribution summary.
///
/// ```swift
/// var collector = HardExampleCollector<Void>(strategy: FalsePositiveStrategy(threshold: 0.5), sides: .negatives)
/// for (i, (s, y)) in zip(scores, labels).enumerated() {
///     collector.add(row: i, score: s, side: y ? .positive : .negative, payload: ())
/// }
/// let result = collector.finish()
/// ```
///
/// Order: hardest first within a side — negatives by score descending, positives by score
/// ascending — and, at equal scores, the earlier row first. With `sides == .both` the
/// negatives come first, then the positives, each ranked from 1.
/// - Complexity: O(n log L) time for n rows and a limit L (O(n + h log h) without a limit,
///   for h kept rows); O(h) memory for payloads.
public struct HardExampleCollector<Payload> {
    /// The rule in force.
    public let strategy: any HardExampleStrategy
    /// The sides collected.
    public let sides: MiningSides

    private var keptNegatives: BoundedHardest<Payload>
    private var keptPositives: BoundedHardest<Payload>
    private var negativeScores: [Double] = []
    private var positiveScores: [Double] = []

    /// Starts an empty collection.
    public init(strategy: any HardExampleStrategy, sides: MiningSides) {
        self.strategy = strategy
        self.sides = sides
        keptNegatives = BoundedHardest(limit: strategy.limitPerSide)
        keptPositives = BoundedHardest(limit: strategy.limitPerSide)
    }

    /// Offers one row. Rows must arrive in increasing `row` order (ties keep the earlier).
    /// - Parameters:
    ///   - eligible: `false` counts the row in the side's distribution but never keeps it
    ///     (a suspected label error, say).
    ///   - payload: evaluated only when the row is kept.
    public mutating func add(row: Int, score: Double, side: MiningSide, eligible: Bool = true,
                             payload: @autoclosure () throws -> Payload) rethrows {
        switch side {
        case .negative:
            negativeScores.append(score)
            guard eligible, sides.includes(side), strategy.qualifies(score: score, side: side) else { return }
            try keptNegatives.offer(hardness: score, row: row, score: score, payload: payload)
        case .positive:
            positiveScores.append(score)
            guard eligible, sides.includes(side), strategy.qualifies(score: score, side: side) else { return }
            // Hardness is higher-is-harder on both sides: a positive is harder the lower it scores.
            try keptPositives.offer(hardness: -score, row: row, score: score, payload: payload)
        }
    }

    /// Ranks what was kept and summarizes it.
    public func finish() -> MiningResult<Payload> {
        var examples: [MinedExample<Payload>] = []
        var minedScores: [MiningSide: [Double]] = [:]
        for side in MiningSide.allCases where sides.includes(side) {
            let ranked = (side == .negative ? keptNegatives : keptPositives).sortedHardestFirst()
            minedScores[side] = ranked.map(\.score)
            for (i, entry) in ranked.enumerated() {
                examples.append(MinedExample(row: entry.row, score: entry.score, side: side, rank: i + 1, payload: entry.payload))
            }
        }
        var perSide: [MiningSide: MiningResult<Payload>.SideSummary] = [:]
        for side in MiningSide.allCases where sides.includes(side) {
            let all = side == .negative ? negativeScores : positiveScores
            let mined = minedScores[side] ?? []
            perSide[side] = .init(mined: mined.count, from: all.count,
                                  minedScores: DistributionSummary(mined), allScores: DistributionSummary(all))
        }
        return MiningResult(examples: examples, sides: perSide, strategy: strategy)
    }
}

/// The hardest entries seen so far, at most `limit` (a min-heap on hardness whose root is
/// the weakest kept entry), or all of them when there is no limit.
struct BoundedHardest<Payload> {
    struct Entry {
        var hardness: Double
        var row: Int
        var score: Double
        var payload: Payload
    }

    let limit: Int?
    private(set) var entries: [Entry] = []

    init(limit: Int?) { self.limit = limit }

    /// `a` is weaker than `b`: less hard, or as hard but a later row.
    @inline(__always)
    static func weaker(_ a: Entry, _ b: Entry) -> Bool {
        a.hardness < b.hardness || (a.hardness == b.hardness && a.row > b.row)
    }

    mutating func offer(hardness: Double, row: Int, score: Double, payload: () throws -> Payload) rethrows {
        guard let limit else {
            entries.append(Entry(hardness: hardness, row: row, score: score, payload: try payload()))
            return
        }
        if entries.count < limit {
            entries.append(Entry(hardness: hardness, row: row, score: score, payload: try payload()))
            siftUp(entries.count - 1)
        } else if hardness > entries[0].hardness {
            // Equal hardness never replaces: rows arrive in order, so the kept one is earlier.
            entries[0] = Entry(hardness: hardness, row: row, score: score, payload: try payload())
            siftDown(0)
        }
    }

    func sortedHardestFirst() -> [Entry] {
        entries.sorted { Self.weaker($1, $0) }
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.weaker(entries[child], entries[parent]) else { return }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        let n = entries.count
        while true {
            let left = 2 * parent + 1
            guard left < n else { return }
            var weakest = left
            if left + 1 < n, Self.weaker(entries[left + 1], entries[left]) { weakest = left + 1 }
            guard Self.weaker(entries[weakest], entries[parent]) else { return }
            entries.swapAt(weakest, parent)
            parent = weakest
        }
    }
}
