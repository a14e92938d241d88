import Foundation
import Testing
@testable import Quarry

/// The six settings that sentence-transformers 6.2.0 `mine_hard_negatives` was run with on
/// the real dev set (`../shared/data/retrieval-dev/oracles`), compared with Quarry's
/// selections on the same embeddings.
enum DevSet {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("../shared/data/retrieval-dev").standardizedFileURL

    static var available: Bool { FileManager.default.fileExists(atPath: directory.appendingPathComponent("oracles/runs.json").path) }

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// Queries, corpus and task (texts and ids from the jsonl files), loaded once.
    struct Inputs: @unchecked Sendable {
        let queries: EmbeddingMatrix
        let corpus: EmbeddingMatrix
        let task: RetrievalTask
    }

    static let inputs: Inputs? = {
        guard available else { return nil }
        let queries = try! EmbeddingMatrix.load(npy: path("queries.npy"))
        let corpus = try! EmbeddingMatrix.load(npy: path("corpus.npy"))
        let task = try! RetrievalTask.load(.init(pairs: path("pairs.jsonl"), queryTexts: path("queries.jsonl"),
                                                 corpusTexts: path("corpus.jsonl")),
                                           queryCount: queries.rows, corpusCount: corpus.rows)
        return Inputs(queries: queries, corpus: corpus, task: task)
    }()

    /// The options of oracle run `name` from runs.json.
    /// The real kernel, run once at the deepest depth any setting needs and truncated for
    /// the others (the top-k of a top-K list under the kernel's total order is the top-k):
    /// debug builds make the search the slow part of these tests.
    static let cachedSearcher: TopKSearcher = {
        final class Cache: @unchecked Sendable { var results: [String: (indices: [Int], scores: [Float], k: Int)] = [:] }
        let cache = Cache()
        let lock = NSLock()
        let deepest = 64
        return TopKSearcher { queries, corpus, d, k, offset in
            precondition(k <= deepest)
            lock.lock(); defer { lock.unlock() }
            let key = "\(queries.count)-\(corpus.count)-\(offset)-\(Int(bitPattern: corpus.baseAddress))"
            if cache.results[key] == nil {
                let r = try InnerProductSearch.topK(queries: queries, corpus: corpus, dimension: d, k: deepest,
                                                    corpusIndexOffset: offset)
                cache.results[key] = (r.indices, r.scores, deepest)
            }
            let full = cache.results[key]!
            let n = queries.count / d
            var indices = [Int](), scores = [Float]()
            for q in 0..<n {
                indices += full.indices[(q * deepest)..<(q * deepest + k)]
                scores += full.scores[(q * deepest)..<(q * deepest + k)]
            }
            return (indices, scores)
        }
    }()

    static func options(_ name: String) throws -> (RetrievalMiningOptions, expectedRows: Int) {
        let data = try Data(contentsOf: directory.appendingPathComponent("oracles/runs.json"))
        let root = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        let run = (root["runs"] as! [[String: Any]]).first { $0["name"] as? String == name }!
        let p = run["params"] as! [String: Any]
        var o = RetrievalMiningOptions()
        o.numNegatives = p["num_negatives"] as! Int
        o.rangeMin = p["range_min"] as? Int ?? 0
        o.rangeMax = p["range_max"] as? Int
        o.maxScore = (p["max_score"] as? Double).map(Float.init)
        o.minScore = (p["min_score"] as? Double).map(Float.init)
        o.absoluteMargin = (p["absolute_margin"] as? Double).map(Float.init)
        o.relativeMargin = (p["relative_margin"] as? Double).map(Float.init)
        o.outputFormat = RetrievalOutputFormat(rawValue: p["output_format"] as! String)!
        o.includeScores = p["output_scores"] as? Bool ?? false
        return (o, run["rows"] as! Int)
    }

    /// Per query id: the reference's negatives (ids, scores) in its order.
    static func oracleNegatives(_ name: String) throws -> [String: [(id: String, score: Float)]] {
        let text = try String(contentsOfFile: path("oracles/\(name).jsonl"), encoding: .utf8)
        var out: [String: [(id: String, score: Float)]] = [:]
        for line in text.split(separator: "\n") {
            let row = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            let q = row["query_id"] as! String
            if let negatives = row["negative_ids"] as? [String] {
                let scores = (row["scores"] as! [Double]).dropFirst().map(Float.init)
                out[q] = Array(zip(negatives, scores).map { ($0, $1) })
            } else if let negative = row["negative_id"] as? String {
                out[q, default: []].append((negative, Float((row["scores"] as! [Double])[1])))
            } else if let doc = row["doc_id"] as? String, row["label"] as? Int == 0 || (row["score"] != nil && row["label"] == nil) {
                // labeled-pair with scores: the first row of a query is its positive.
                if out[q] == nil { out[q] = [] ; continue }
                out[q]!.append((doc, Float(row["score"] as! Double)))
            } else if let q2 = row["query_id"] as? String, out[q2] == nil {
                out[q2] = []
            }
        }
        return out
    }

    /// Numbers the reference printed: table rows and "Skipped N … due to the X".
    static func oracleLog(_ name: String) throws -> (table: [String: [Double]], skipped: [String: Int], missing: Int) {
        let text = try String(contentsOfFile: path("oracles/\(name).log"), encoding: .utf8)
        var table: [String: [Double]] = [:]
        var skipped: [String: Int] = [:]
        var missing = 0
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ").map(String.init)
            if ["Mean", "Median", "Std", "Min", "25%", "50%", "75%", "Max"].contains(fields.first ?? "") {
                table[fields[0]] = fields.dropFirst().compactMap { Double($0) }
            } else if fields.first == "Count" {
                table["Count"] = fields.dropFirst().compactMap { Double($0.replacingOccurrences(of: ",", with: "")) }
            } else if fields.first == "Skipped", let due = fields.firstIndex(of: "the") {
                skipped[fields[due + 1]] = Int(fields[1].replacingOccurrences(of: ",", with: ""))!
            } else if line.hasPrefix("Could not find enough negatives for") {
                missing = Int(fields[6])!
            }
        }
        return (table, skipped, missing)
    }
}

@Suite(.serialized) struct RetrievalOracleTests {
    static let settings = ["ntuple_top4", "ntuple_top4_rmin5", "ntuple_top4_relmargin005",
                           "ntuple_top4_absmargin005_minscore03", "labeledpair_top4_maxscore07",
                           "triplet_top4_rmin5_relmargin01"]

    /// Compares Quarry's negatives with the oracle's per query: identical lists, lists that
    /// differ only among exactly tied scores, or a disagreement.
    static func compare(_ name: String, collapse: Bool) throws -> (agree: Int, ties: Int, differ: [String], total: Int, result: RetrievalMiningResult) {
        let inputs = DevSet.inputs!
        var (options, _) = try DevSet.options(name)
        options.collapseIdenticalVectors = collapse
        let result = try RetrievalMiner(options: options, searcher: DevSet.cachedSearcher).mine(queries: inputs.queries, corpus: inputs.corpus, task: inputs.task)
        let oracle = try DevSet.oracleNegatives(name)
        guard case .texts(let corpusIDs, _) = inputs.task.corpusLabels, case .texts(let queryIDs, _) = inputs.task.queryLabels else {
            throw InvalidInput("expected text labels")
        }
        let nTuple = result.options.format == .nTuple
        var agree = 0, ties = 0
        var differ: [String] = []
        var total = 0
        for (q, selection) in result.selections.enumerated() {
            let queryID = queryIDs[inputs.task.queryRows[q]]
            var ours = selection.negatives.map { (id: corpusIDs[$0.row], score: $0.score) }
            if nTuple, ours.count < options.numNegatives { ours = [] }
            let theirs = oracle[queryID] ?? []
            if ours.isEmpty && theirs.isEmpty && oracle[queryID] == nil && nTuple { continue }
            total += 1
            if ours.map(\.id) == theirs.map(\.id) { agree += 1; continue }
            let a = ours.map(\.score), b = theirs.map(\.score)
            if a.count == b.count, zip(a, b).allSatisfy({ abs($0 - $1) <= 2e-6 }) { ties += 1; continue }
            differ.append(queryID)
        }
        return (agree, ties, differ, total, result)
    }

    @Test(.enabled(if: DevSet.available, "../shared/data/retrieval-dev (the real dev set with the reference's outputs) is absent"),
          arguments: settings)
    func referenceModeAgreesWithOracle(name: String) throws {
        let (agree, ties, differ, total, result) = try Self.compare(name, collapse: false)
        let (_, expectedRows) = try DevSet.options(name)
        print("oracle \(name) [reference mode]: \(agree)/\(total) identical, \(ties) differ only by exact score ties, \(differ.count) disagree; agreement \(formatFixed(Double(agree + ties) / Double(total) * 100, 2))%; rows \(result.report.rows) vs \(expectedRows)")
        #expect(differ.isEmpty, "disagreeing queries: \(differ.prefix(10))")
        #expect(result.report.rows == expectedRows)

        // The statistics the reference printed.
        let log = try DevSet.oracleLog(name)
        let r = result.report
        let columns = [r.positiveScores, r.negativeScores, r.differences]
        #expect(log.table["Count"] == [Double(r.positiveScores.count), Double(r.negativeScores.count)])
        for (label, pick) in [("Mean", \ScoreSummary.mean), ("Median", \.median), ("Std", \.standardDeviation),
                              ("Min", \.minimum), ("25%", \.quartile1), ("50%", \.quartile2), ("75%", \.quartile3),
                              ("Max", \.maximum)] as [(String, KeyPath<ScoreSummary, Double?>)] {
            let printed = try #require(log.table[label], "\(name): the reference's log has no \(label) row")
            #expect(printed.count == columns.count, "\(name) \(label): \(printed)")
            for (column, value) in zip(columns, printed) {
                #expect(abs((column[keyPath: pick] ?? .nan) - value) <= 1.5e-4, "\(name) \(label): \(column[keyPath: pick] ?? .nan) vs \(value)")
            }
        }
        for (filter, count) in log.skipped where filter != "min_score" {
            let ours = ["absolute_margin": r.counters.absoluteMargin, "relative_margin": r.counters.relativeMargin,
                        "max_score": r.counters.maxScore][filter]
            #expect(ours == count, "\(name) skipped by \(filter)")
        }
        #expect(r.maximumRows - r.rows == log.missing)
    }

    @Test(.enabled(if: DevSet.available, "../shared/data/retrieval-dev (the real dev set with the reference's outputs) is absent"),
          arguments: settings)
    func defaultModeDiffersOnlyWhereDuplicatesAre(name: String) throws {
        let (agree, ties, differ, total, result) = try Self.compare(name, collapse: true)
        print("oracle \(name) [default, identical vectors collapsed]: agreement \(formatFixed(Double(agree + ties) / Double(total) * 100, 2))% (\(agree) identical, \(ties) ties, \(differ.count) differ; \(result.report.duplicateRows) duplicate corpus rows)")
        // Every disagreement must involve a duplicate vector within the query's candidate
        // window (collapsing it shifts range_min and the cut), or next to its positive.
        let inputs = DevSet.inputs!
        guard case .texts(_, _) = inputs.task.corpusLabels, case .texts(let queryIDs, _) = inputs.task.queryLabels else { return }
        let queryPosition = Dictionary(uniqueKeysWithValues: inputs.task.queryRows.enumerated().map { (queryIDs[$1], $0) })
        let depth = result.options.searchDepth + 1
        for queryID in differ {
            let q = queryPosition[queryID]!
            let query = inputs.queries.row(inputs.task.queryRows[q])
            var ranked: [(row: Int, score: Float)] = []
            for row in 0..<inputs.corpus.rows { ranked.append((row, VectorMath.dot(query, inputs.corpus.row(row)))) }
            ranked.sort { a, b in a.score > b.score || (a.score == b.score && a.row < b.row) }
            var keys: [UInt64] = []
            for entry in ranked.prefix(depth) { keys.append(DuplicateKeys.vectorKey(inputs.corpus.row(entry.row))) }
            #expect(Set(keys).count < keys.count, "query \(queryID) differs without a duplicate vector among its candidates")
        }
    }
}
