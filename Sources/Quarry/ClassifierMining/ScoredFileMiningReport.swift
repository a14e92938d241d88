/// What ``ScoredFileMining/run(progress:)`` found: the threshold, the per-side counts and
/// score distributions, the hardest rows and the suspects left out.
public struct ScoredFileMiningReport: Sendable {
    /// One mined row, as the summary shows it.
    public struct Row: Sendable, Equatable {
        /// Its side.
        public var side: MiningSide
        /// 1 = hardest within its side.
        public var rank: Int
        /// The id column's value, when an id column was named.
        public var id: String?
        /// The physical line it starts on.
        public var line: Int
        /// Its score.
        public var score: Double
    }

    /// One side's counts and score distributions.
    public struct Side: Sendable, Equatable {
        /// Examples mined.
        public var mined: Int
        /// Examples of this side seen.
        public var from: Int
        /// Scores of the mined examples.
        public var minedScores: DistributionSummary
        /// Scores of every example of this side.
        public var allScores: DistributionSummary
    }

    /// The request that ran.
    public let request: ScoredFileMining
    /// The threshold used (`nil` for top-k without an operating point).
    public let threshold: Double?
    /// The operating point a target chose (`nil` for a fixed threshold).
    public let chosen: OperatingPoint?
    /// The mining result's own summary (strategy parameters, per-side counts and distributions).
    let resultJSON: JSONValue
    /// Per mined side.
    public let sides: [MiningSide: Side]
    /// The hardest rows, negatives first (at most ``previewLimit``).
    public let hardest: [Row]
    /// The suspected label errors left out, with `excludeSuspects`.
    public let suspects: LabelSuspects?

    /// How many rows ``hardest`` keeps.
    public static let previewLimit = 10

    static func rows<D>(_ result: MiningResult<StreamedRow<D>>) -> [Row] {
        result.examples.prefix(previewLimit).map {
            Row(side: $0.side, rank: $0.rank, id: $0.payload.id, line: $0.payload.line, score: $0.score)
        }
    }

    static func sides<D>(_ result: MiningResult<StreamedRow<D>>) -> [MiningSide: Side] {
        result.sides.mapValues { Side(mined: $0.mined, from: $0.from, minedScores: $0.minedScores, allScores: $0.allScores) }
    }

    /// The parameters the run used, as results show them.
    public var parametersJSON: [(String, JSONValue)] {
        ScoredFile.parametersJSON(file: request.file, columns: request.columns) + [
            ("side", .string(request.sides.rawValue)),
            ("operating_point", request.operatingPoint.map { .object([($0.key, .number($0.value))]) } ?? .null),
            ("threshold", .optional(threshold)),
            ("output", request.output.map { .string($0) } ?? .null),
            ("format", .string(request.format.rawValue)),
            ("exclude_suspects", .bool(request.excludeSuspects)),
        ]
    }

    /// The machine-readable summary (`quarry mine --json`).
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("quarry_version", .string(Quarry.version)),
            ("parameters", .object(parametersJSON + (resultJSON["parameters"]?.objectValue ?? []))),
        ]
        if let p = chosen {
            members.append(("operating_point", [
                "threshold": .number(p.threshold), "precision": .optional(p.precision),
                "recall": .optional(p.recall), "fpr": .optional(p.falsePositiveRate),
            ]))
        }
        for key in ["negatives", "positives"] {
            if let side = resultJSON[key] { members.append((key, side)) }
        }
        if let suspects {
            members.append(("suspects_excluded", [
                "count": .number(Double(suspects.suspects.count)),
                "rows": .array(suspects.suspects.map { .number(Double($0.row)) }),
                "confident_threshold": .optional(suspects.confidentThreshold),
            ]))
        }
        members.append(("warnings", .array([])))
        return .object(members)
    }

    /// A readable summary: how it was mined, counts, score distributions, the hardest rows.
    public var text: String {
        func format(_ x: Double?, digits: Int = 4) -> String { NumberFormat.rounded(x, digits: digits) }
        var lines: [String] = []
        var how = "strategy \(request.miningStrategy.name)"
        if let threshold { how += ", threshold \(format(threshold))" }
        if case .topK(let k) = request.miningStrategy { how += ", k \(k)" }
        if case .margin(let band) = request.miningStrategy { how += ", band \(format(band))" }
        lines.append("Mined with \(how).")
        if let p = chosen {
            lines.append("Operating point: precision \(format(p.precision)), recall \(format(p.recall)), FPR \(format(p.falsePositiveRate)).")
        }
        for (side, key, noun) in [(MiningSide.negative, "negatives", "hard negatives"), (.positive, "positives", "hard positives")] {
            guard let s = sides[side] else { continue }
            let share = s.from > 0 ? " (\(format(100 * Double(s.mined) / Double(s.from), digits: 1))%)" : ""
            lines.append("\(s.mined) \(noun) of \(s.from) \(key)\(share).")
            for (label, dist) in [("mined", s.minedScores), ("all \(key)", s.allScores)] where dist.count > 0 {
                lines.append("  scores of \(label): min \(format(dist.min))  median \(format(dist.median))  p95 \(format(dist.p95))  max \(format(dist.max))")
            }
        }
        if let suspects {
            lines.append("\(suspects.suspects.count) suspected label errors left out (review them with quarry explain).")
        }
        if !hardest.isEmpty {
            lines.append("Hardest:")
            lines += hardest.map { e in
                "  \(e.side.rawValue) #\(e.rank)  \(e.id.map { "id \($0)" } ?? "line \(e.line)")  score \(format(e.score))"
            }
        }
        if let output = request.output { lines.append("Written to \(output).") }
        return lines.joined(separator: "\n")
    }
}
