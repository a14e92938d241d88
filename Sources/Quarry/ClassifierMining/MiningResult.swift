/// What a mining run found: the ranked examples and, per side, how many were mined from
/// how many, with the score distributions of the mined set and of the whole side.
public struct MiningResult<Payload> {
    /// Per-side counts and score distributions.
    public struct SideSummary: Sendable, Equatable {
        /// Examples mined.
        public let mined: Int
        /// Examples of this side seen.
        public let from: Int
        /// Scores of the mined examples.
        public let minedScores: DistributionSummary
        /// Scores of every example of this side.
        public let allScores: DistributionSummary
    }

    /// Negatives (hardest first), then positives (hardest first).
    public let examples: [MinedExample<Payload>]
    /// One summary per collected side.
    public let sides: [MiningSide: SideSummary]
    /// The strategy that selected them.
    public let strategy: any HardExampleStrategy

    /// The summary as JSON: `{strategy parameters, negatives: {mined, from, mined_scores, all_scores}, positives: …}`.
    public var summaryJSON: JSONValue {
        var members: [(String, JSONValue)] = [("parameters", strategy.parametersJSON)]
        for (side, key) in [(MiningSide.negative, "negatives"), (.positive, "positives")] {
            guard let s = sides[side] else { continue }
            members.append((key, [
                "mined": .number(Double(s.mined)),
                "from": .number(Double(s.from)),
                "mined_scores": s.minedScores.json,
                "all_scores": s.allScores.json,
            ]))
        }
        return .object(members)
    }
}

extension MiningResult: Sendable where Payload: Sendable {}
