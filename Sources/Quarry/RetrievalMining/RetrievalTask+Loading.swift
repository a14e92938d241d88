extension RetrievalTask {
    /// How the file of positive pairs is written.
    public enum PairsFormat: Sendable, Equatable {
        /// JSONL of `{"query_id": …, "positive_id": …}`.
        case jsonl
        /// TREC or BEIR relevance judgments (``QrelsFile``); judgments with relevance ≥
        /// `minimumRelevance` are positives.
        case qrels(minimumRelevance: Int)
    }

    /// Where the inputs that name rows come from. At most one of ids/texts per side.
    public struct Sources: Sendable {
        public var pairs: String
        public var pairsFormat: PairsFormat
        public var queryIDs: String?
        public var corpusIDs: String?
        public var queryTexts: String?
        public var corpusTexts: String?

        public init(pairs: String, pairsFormat: PairsFormat = .jsonl, queryIDs: String? = nil, corpusIDs: String? = nil,
                    queryTexts: String? = nil, corpusTexts: String? = nil) {
            self.pairs = pairs
            self.pairsFormat = pairsFormat
            self.queryIDs = queryIDs
            self.corpusIDs = corpusIDs
            self.queryTexts = queryTexts
            self.corpusTexts = corpusTexts
        }
    }

    /// Reads the pairs file (JSONL `{"query_id": …, "positive_id": …}`, or qrels) and the
    /// optional id or text files, and resolves every id to a row.
    ///
    /// Ids are row numbers when no id or text file is given for that side; otherwise they
    /// are looked up among the file's ids (line i names row i).
    /// - Parameters:
    ///   - queryCount: rows of the query matrix (`nil` when unknown, e.g. when merging).
    ///   - corpusCount: rows of the corpus matrix (`nil` when unknown).
    /// - Throws: ``RetrievalMiningFailure`` naming the file, line and key of an unknown id,
    ///   a missing key, a row out of range, a repeated id, or an id file whose length
    ///   differs from its matrix.
    public static func load(_ sources: Sources, queryCount: Int?, corpusCount: Int?) throws -> RetrievalTask {
        if sources.queryIDs != nil, sources.queryTexts != nil {
            throw RetrievalMiningFailure.option("give either \(InvalidInput.named("queryIDs")) or \(InvalidInput.named("queryTexts")), not both")
        }
        if sources.corpusIDs != nil, sources.corpusTexts != nil {
            throw RetrievalMiningFailure.option("give either \(InvalidInput.named("corpusIDs")) or \(InvalidInput.named("corpusTexts")), not both")
        }
        let queryLabels = try readLabels(ids: sources.queryIDs, texts: sources.queryTexts, rows: queryCount, matrix: "queries")
        let corpusLabels = try readLabels(ids: sources.corpusIDs, texts: sources.corpusTexts, rows: corpusCount, matrix: "corpus")
        let queryIndex = try index(queryLabels, file: sources.queryIDs ?? sources.queryTexts)
        let corpusIndex = try index(corpusLabels, file: sources.corpusIDs ?? sources.corpusTexts)

        var queryPosition: [Int: Int] = [:]
        var queryRows: [Int] = []
        var positives: [[Int]] = []
        let path = sources.pairs
        // `failure` places a message at the id's line and key (or column).
        func resolve(_ id: RetrievalJSONLines.Identifier, index: [String: Int]?, rows: Int?, side: String, option: String,
                     failure: (String) -> RetrievalMiningFailure) throws -> Int {
            if let index {
                guard let row = index[id.text] else {
                    throw failure("unknown \(side) id \(id.display) (not in \(option))")
                }
                return row
            }
            switch id {
            case .int(let row):
                guard row >= 0, row < (rows ?? Int.max) else {
                    throw failure("row \(row) is out of range: the \(side) matrix has \(rows ?? 0) rows")
                }
                return row
            case .string(let s):
                throw failure("string id \"\(s)\" needs an id or text file for the \(side) (\(option))")
            }
        }
        func add(query q: Int, positive p: Int) {
            if let position = queryPosition[q] {
                if !positives[position].contains(p) { positives[position].append(p) }
            } else {
                queryPosition[q] = queryRows.count
                queryRows.append(q)
                positives.append([p])
            }
        }
        let queryOption = "\(InvalidInput.named("queryIDs"))/\(InvalidInput.named("queryTexts"))", corpusOption = "\(InvalidInput.named("corpusIDs"))/\(InvalidInput.named("corpusTexts"))"
        switch sources.pairsFormat {
        case .jsonl:
            func identifier(_ value: JSONValue?, key: String, line: Int) throws -> RetrievalJSONLines.Identifier {
                guard let value else {
                    throw RetrievalMiningFailure.data(path, line: line, key: key, "missing; expected {\"query_id\": …, \"positive_id\": …}")
                }
                guard let id = RetrievalJSONLines.identifier(value) else {
                    throw RetrievalMiningFailure.data(path, line: line, key: key, "expected a string id or a row number, found \(value.serialized())")
                }
                return id
            }
            try RetrievalJSONLines.forEachValue(in: path) { line, value in
                guard case .object = value else {
                    throw RetrievalMiningFailure.data(path, line: line, "expected a JSON object {\"query_id\": …, \"positive_id\": …}")
                }
                let q = try resolve(identifier(value["query_id"], key: "query_id", line: line),
                                    index: queryIndex, rows: queryCount, side: "query", option: queryOption) {
                    RetrievalMiningFailure.data(path, line: line, key: "query_id", $0)
                }
                let p = try resolve(identifier(value["positive_id"], key: "positive_id", line: line),
                                    index: corpusIndex, rows: corpusCount, side: "corpus", option: corpusOption) {
                    RetrievalMiningFailure.data(path, line: line, key: "positive_id", $0)
                }
                add(query: q, positive: p)
            }
        case .qrels(let minimumRelevance):
            // Qrels ids are text; without id files a decimal id is a row number.
            func identifier(_ text: String) -> RetrievalJSONLines.Identifier {
                if let row = Int(text), String(row) == text { return .int(row) }
                return .string(text)
            }
            try QrelsFile.forEachJudgment(in: path) { judgment in
                guard judgment.relevance >= minimumRelevance else { return }
                let q = try resolve(identifier(judgment.queryID), index: queryIndex, rows: queryCount,
                                    side: "query", option: queryOption) {
                    RetrievalMiningFailure.data(path, line: judgment.line, column: 1, named: "query id", $0)
                }
                let p = try resolve(identifier(judgment.documentID), index: corpusIndex, rows: corpusCount,
                                    side: "corpus", option: corpusOption) {
                    RetrievalMiningFailure.data(path, line: judgment.line, column: judgment.documentColumn, named: "document id", $0)
                }
                add(query: q, positive: p)
            }
            guard !queryRows.isEmpty else {
                throw RetrievalMiningFailure.data(path, "no judgment has relevance ≥ \(minimumRelevance); no query has a positive")
            }
        }
        return RetrievalTask(queryRows: queryRows, positives: positives, queryLabels: queryLabels, corpusLabels: corpusLabels)
    }

    private static func readLabels(ids: String?, texts: String?, rows: Int?, matrix: String) throws -> RowLabels {
        if let path = ids {
            var list: [String] = []
            list.reserveCapacity(rows ?? 0)
            try RetrievalJSONLines.forEachValue(in: path) { line, value in
                let raw = value["id"] ?? value
                guard let id = RetrievalJSONLines.identifier(raw) else {
                    throw RetrievalMiningFailure.data(path, line: line, key: "id", "expected a string or integer id (a bare value or {\"id\": …})")
                }
                list.append(id.text)
            }
            guard rows == nil || list.count == rows else {
                throw RetrievalMiningFailure.data(path, "has \(list.count) ids but the \(matrix) matrix has \(rows ?? 0) rows; line i must name row i")
            }
            return .ids(list)
        }
        if let path = texts {
            var idList: [String] = []
            var textList: [String] = []
            try RetrievalJSONLines.forEachValue(in: path) { line, value in
                guard case .object = value else {
                    throw RetrievalMiningFailure.data(path, line: line, "expected a JSON object {\"id\": …, \"text\": …}")
                }
                guard let rawID = value["id"] else {
                    throw RetrievalMiningFailure.data(path, line: line, key: "id", "missing")
                }
                guard let id = RetrievalJSONLines.identifier(rawID) else {
                    throw RetrievalMiningFailure.data(path, line: line, key: "id", "expected a string or integer id")
                }
                guard let text = value["text"]?.stringValue else {
                    throw RetrievalMiningFailure.data(path, line: line, key: "text", value["text"] == nil ? "missing" : "expected a string")
                }
                idList.append(id.text)
                textList.append(text)
            }
            guard rows == nil || idList.count == rows else {
                throw RetrievalMiningFailure.data(path, "has \(idList.count) rows but the \(matrix) matrix has \(rows ?? 0) rows; line i must describe row i")
            }
            return .texts(ids: idList, texts: textList)
        }
        return .rowNumbers
    }

    private static func index(_ labels: RowLabels, file: String?) throws -> [String: Int]? {
        let ids: [String]
        switch labels {
        case .rowNumbers: return nil
        case .ids(let list), .texts(let list, _): ids = list
        }
        var index: [String: Int] = [:]
        index.reserveCapacity(ids.count)
        for (row, id) in ids.enumerated() {
            if let first = index[id] {
                throw RetrievalMiningFailure.data(file ?? "?", line: row + 1, key: "id",
                                                  "id \"\(id)\" repeats line \(first + 1); ids must be unique")
            }
            index[id] = row
        }
        return index
    }
}
