/// A hard negative that looks like a positive by every measure: a likely label error, to be
/// reviewed by a person rather than learned as a negative.
public struct LabelSuspect: Sendable, Equatable {
    /// The row.
    public let row: Int
    /// The model's score.
    public let score: Double
    /// `score − threshold`.
    public let margin: Double
    /// Share of its k nearest labelled neighbours that are positives.
    public let positiveNeighbourShare: Double
    /// The k nearest neighbours' rows, nearest first.
    public let neighbours: [Int]

    public func json(ids: [String]?) -> JSONValue {
        var members: [(String, JSONValue)] = [("row", .number(Double(row)))]
        if let ids { members.append(("id", .string(ids[row]))) }
        members += [("score", .number(score)), ("margin", .number(margin)),
                    ("positive_neighbour_share", .number(positiveNeighbourShare)),
                    ("neighbours", .array(neighbours.map { .number(Double($0)) }))]
        return .object(members)
    }
}

/// Finds suspected label errors among hard negatives.
///
/// A hard negative is a suspect when all three hold:
/// 1. **score far above the threshold**: `score − threshold ≥ minimumMargin`;
/// 2. **confident learning**: `score ≥ t₁`, the average score of the rows labelled positive —
///    the per-class threshold of Northcutt, Jiang & Chuang, "Confident Learning" (JAIR 2021),
///    as cleanlab's `find_label_issues` uses it: a labelled negative whose predicted positive
///    probability reaches what true positives typically get is in the off-diagonal
///    "labelled 0, truly 1" cell of the confident joint;
/// 3. **neighbours**: at least `minimumNeighbourShare` of its `k` nearest labelled rows
///    (exact search, standardized features, ties by index; see ``StandardizedNeighbors``)
///    are positives.
public struct LabelSuspects: Sendable, Equatable {
    public struct Options: Sendable, Equatable {
        public var neighbours: Int
        public var minimumNeighbourShare: Double
        public var minimumMargin: Double

        public init(neighbours: Int = 10, minimumNeighbourShare: Double = 0.5, minimumMargin: Double = 0.1) {
            self.neighbours = neighbours
            self.minimumNeighbourShare = minimumNeighbourShare
            self.minimumMargin = minimumMargin
        }

        /// Checks every option's range.
        /// - Throws: ``InvalidInput`` (usage) naming the option, its bound and the value.
        public func validate() throws {
            try InvalidInput.check(neighbours >= 1, "neighbours", "at least 1", neighbours)
            try InvalidInput.check((0...1).contains(minimumNeighbourShare), "minimumNeighbourShare", "in [0, 1]", minimumNeighbourShare)
        }

        var json: JSONValue {
            ["neighbours": .number(Double(neighbours)), "minimum_neighbour_share": .number(minimumNeighbourShare),
             "minimum_margin": .number(minimumMargin)]
        }
    }

    /// The suspects, by descending score (ties by row).
    public let suspects: [LabelSuspect]
    /// The confident-learning threshold t₁ (mean score of labelled positives), `nil` without positives.
    public let confidentThreshold: Double?
    /// How many hard negatives were examined.
    public let candidates: Int
    public let options: Options

    /// The suspects' rows.
    public var rows: Set<Int> { Set(suspects.map(\.row)) }

    /// `rows` without the suspects, order kept — what a miner returns with `--exclude-suspects`.
    public func excluding(_ rows: [Int]) -> [Int] {
        let suspectRows = self.rows
        return rows.filter { !suspectRows.contains($0) }
    }

    /// Examines `candidates` (rows of hard negatives).
    /// - Throws: ``InvalidInput`` for mismatched lengths or a bad option (see ``Options/validate()``).
    /// - Complexity: O(h · n · d) for the neighbour search, h = candidates.
    public init(features: FeatureMatrix, labels: [Bool], scores: [Double], threshold: Double,
                candidates: [Int], options: Options = Options()) throws {
        guard labels.count == features.rowCount, scores.count == features.rowCount else {
            throw InvalidInput("features have \(features.rowCount) rows, labels \(labels.count), scores \(scores.count)", kind: .dataError)
        }
        try options.validate()
        self.options = options
        self.candidates = candidates.count
        let positiveScores = labels.indices.filter { labels[$0] }.map { scores[$0] }
        guard !positiveScores.isEmpty else {
            confidentThreshold = nil; suspects = []
            return
        }
        let t1 = positiveScores.reduce(0, +) / Double(positiveScores.count)
        confidentThreshold = t1
        let shortlisted = candidates.filter { scores[$0] - threshold >= options.minimumMargin && scores[$0] >= t1 }
        let neighbours = StandardizedNeighbors(features).nearest(to: shortlisted, k: options.neighbours)
        var found: [LabelSuspect] = []
        for (row, near) in zip(shortlisted, neighbours) where !near.isEmpty {
            let share = Double(near.filter { labels[$0] }.count) / Double(near.count)
            guard share >= options.minimumNeighbourShare else { continue }
            found.append(LabelSuspect(row: row, score: scores[row], margin: scores[row] - threshold,
                                      positiveNeighbourShare: share, neighbours: near))
        }
        suspects = found.sorted { $0.score != $1.score ? $0.score > $1.score : $0.row < $1.row }
    }

    public func json(ids: [String]?) -> JSONValue {
        ["confident_threshold": .optional(confidentThreshold), "candidates": .number(Double(candidates)),
         "count": .number(Double(suspects.count)), "parameters": options.json,
         "suspects": .array(suspects.map { $0.json(ids: ids) })]
    }
}
