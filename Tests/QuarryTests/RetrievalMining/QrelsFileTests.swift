import Foundation
import Testing
@testable import Quarry

/// Qrels input: the same task as the equivalent JSONL pairs, and located errors.
@Suite struct QrelsFileTests {
    static func write(_ text: String, name: String) throws -> (dir: URL, path: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-qrels-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return (dir, url.path)
    }

    /// A seeded set of judgments (relevance 0…2, some repeated) written both ways; the task
    /// read from each must be the same.
    @Test(arguments: ["trec", "beir"])
    func qrelsGiveTheSameTaskAsTheEquivalentPairs(layout: String) throws {
        var g = SeededGenerator(seed: 41)
        var qrels = layout == "beir" ? "query-id\tcorpus-id\tscore\n" : ""
        var pairs = ""
        for _ in 0..<200 {
            let q = g.nextInt(below: 30), d = g.nextInt(below: 90), relevance = g.nextInt(below: 3)
            qrels += layout == "beir" ? "q\(q)\tdoc\(d)\t\(relevance)\r\n" : "q\(q)  0 doc\(d)\t\(relevance)\n"
            if relevance >= 1 { pairs += "{\"query_id\": \"q\(q)\", \"positive_id\": \"doc\(d)\"}\n" }
        }
        let ids = try Self.write((0..<30).map { "\"q\($0)\"" }.joined(separator: "\n"), name: "q.jsonl")
        let corpusIDs = ids.dir.appendingPathComponent("c.jsonl")
        try (0..<90).map { "{\"id\": \"doc\($0)\"}" }.joined(separator: "\n").write(to: corpusIDs, atomically: true, encoding: .utf8)
        let qrelsURL = ids.dir.appendingPathComponent("qrels.txt"), pairsURL = ids.dir.appendingPathComponent("pairs.jsonl")
        try qrels.write(to: qrelsURL, atomically: true, encoding: .utf8)
        try pairs.write(to: pairsURL, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: ids.dir) }

        let fromQrels = try RetrievalTask.load(.init(pairs: qrelsURL.path, pairsFormat: .qrels(minimumRelevance: 1),
                                                     queryIDs: ids.path, corpusIDs: corpusIDs.path), queryCount: 30, corpusCount: 90)
        let fromPairs = try RetrievalTask.load(.init(pairs: pairsURL.path, queryIDs: ids.path, corpusIDs: corpusIDs.path),
                                               queryCount: 30, corpusCount: 90)
        #expect(fromQrels.queryRows == fromPairs.queryRows)
        #expect(fromQrels.positives == fromPairs.positives)

        let strict = try RetrievalTask.load(.init(pairs: qrelsURL.path, pairsFormat: .qrels(minimumRelevance: 2),
                                                  queryIDs: ids.path, corpusIDs: corpusIDs.path), queryCount: 30, corpusCount: 90)
        #expect(strict.pairCount < fromQrels.pairCount)
    }

    @Test func decimalIdsAreRowNumbersWithoutIdFiles() throws {
        let file = try Self.write("3 0 7 1\n3 0 8 0\n1 0 2 2\n", name: "qrels")
        defer { try? FileManager.default.removeItem(at: file.dir) }
        let task = try RetrievalTask.load(.init(pairs: file.path, pairsFormat: .qrels(minimumRelevance: 1)), queryCount: 5, corpusCount: 10)
        #expect(task.queryRows == [3, 1])
        #expect(task.positives == [[7], [2]])
    }

    /// (file contents, id files given, text the message must contain)
    static let failures: [(String, Bool, String)] = [
        ("q1 0 doc1 1\nq1 0 doc2 yes\n", true, "qrels:2 column 4 (relevance): expected an integer, found 'yes'"),
        ("q1 0 doc1 1\nq1 doc2\n", true, "qrels:2: expected 4 fields"),
        ("q1 0 nope 1\n", true, "qrels:1 column 3 (document id): unknown corpus id \"nope\""),
        ("q9\tdoc1\t1\n", true, "qrels:1 column 1 (query id): unknown query id \"q9\""),
        ("q1 0 doc1 0\n", true, "no judgment has relevance ≥ 1"),
        ("\n\n", true, "no judgments"),
        ("0 0 12 1\n", false, "row 12 is out of range"),
        ("0 0 doc1 1\n", false, "needs an id or text file"),
    ]

    @Test(arguments: failures)
    func badQrelsNameLineAndColumn(contents: String, withIDs: Bool, message: String) throws {
        let file = try Self.write(contents, name: "qrels")
        defer { try? FileManager.default.removeItem(at: file.dir) }
        let queryIDs = file.dir.appendingPathComponent("q.jsonl"), corpusIDs = file.dir.appendingPathComponent("c.jsonl")
        try "\"q1\"\n\"q2\"\n".write(to: queryIDs, atomically: true, encoding: .utf8)
        try "\"doc1\"\n\"doc2\"\n".write(to: corpusIDs, atomically: true, encoding: .utf8)
        let sources = RetrievalTask.Sources(pairs: file.path, pairsFormat: .qrels(minimumRelevance: 1),
                                            queryIDs: withIDs ? queryIDs.path : nil, corpusIDs: withIDs ? corpusIDs.path : nil)
        let failure = #expect(throws: RetrievalMiningFailure.self) {
            _ = try RetrievalTask.load(sources, queryCount: 2, corpusCount: 2)
        }
        #expect(failure?.kind == .dataError)
        #expect(failure?.message.contains(message) == true, "\(failure?.message ?? "")")
    }
}
