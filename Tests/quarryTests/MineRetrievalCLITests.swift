import Foundation
import Testing

/// Small seeded retrieval inputs written as files for the CLI.
enum RetrievalCLIFixture {
    /// Writes a `<f4` 2-D .npy file.
    static func writeNPY(_ values: [Float], rows: Int, columns: Int, to url: URL) throws {
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(rows), \(columns)), }"
        while (10 + header.utf8.count + 1) % 64 != 0 { header += " " }
        header += "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0])
        let length = UInt16(header.utf8.count)
        data.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
        data.append(contentsOf: Array(header.utf8))
        values.withUnsafeBytes { data.append(contentsOf: $0) }
        try data.write(to: url)
    }

    /// queries.npy (8 × 6), corpus.npy (60 × 6), pairs.jsonl (row ids), corpus_ids.jsonl in `dir`.
    static func make(in dir: URL) throws {
        var state: UInt64 = 12345
        func next() -> Float {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int(state >> 40) % 2001 - 1000) / 1000
        }
        let corpus = (0..<(60 * 6)).map { _ in next() }
        var queries: [Float] = []
        for q in 0..<8 { for k in 0..<6 { queries.append(corpus[(q * 7) * 6 + k] * 0.7 + next() * 0.3) } }
        try writeNPY(queries, rows: 8, columns: 6, to: dir.appendingPathComponent("queries.npy"))
        try writeNPY(corpus, rows: 60, columns: 6, to: dir.appendingPathComponent("corpus.npy"))
        try writeNPY([Float](repeating: 0.5, count: 8 * 5), rows: 8, columns: 5, to: dir.appendingPathComponent("narrow.npy"))
        let pairs = (0..<8).map { "{\"query_id\": \($0), \"positive_id\": \($0 * 7)}" } + ["{\"query_id\": 2, \"positive_id\": 30}"]
        try (pairs.joined(separator: "\n") + "\n").write(to: dir.appendingPathComponent("pairs.jsonl"), atomically: true, encoding: .utf8)
        let idPairs = (0..<8).map { "{\"query_id\": \($0), \"positive_id\": \"doc\($0 * 7)\"}" } + ["{\"query_id\": 2, \"positive_id\": \"doc30\"}"]
        try (idPairs.joined(separator: "\n") + "\n").write(to: dir.appendingPathComponent("id_pairs.jsonl"), atomically: true, encoding: .utf8)
        try (0..<60).map { "\"doc\($0)\"" }.joined(separator: "\n").write(to: dir.appendingPathComponent("corpus_ids.jsonl"), atomically: true, encoding: .utf8)
        // The same positives as id_pairs.jsonl as TREC qrels, with judged-irrelevant lines.
        let qrels = (0..<8).map { "\($0) 0 doc\($0 * 7) 1\n\($0) 0 doc\($0 * 7 + 1) 0" } + ["2 0 doc30 2"]
        try (qrels.joined(separator: "\n") + "\n").write(to: dir.appendingPathComponent("qrels.txt"), atomically: true, encoding: .utf8)
        try "0 0 doc0 1\n1 0 doc7 high\n".write(to: dir.appendingPathComponent("bad_qrels.txt"), atomically: true, encoding: .utf8)
        try "{\"query_id\": 0, \"positive_id\": \"doc3\"}\n{\"query_id\": 1, \"positive_id\": \"nope\"}\n"
            .write(to: dir.appendingPathComponent("bad_pairs.jsonl"), atomically: true, encoding: .utf8)
    }
}

@Suite struct MineRetrievalCLITests {
    @Test func minesAndWritesJSONL() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try RetrievalCLIFixture.make(in: dir)
        let r = try CLI.run(["mine-retrieval", "--queries", "queries.npy", "--corpus", "corpus.npy", "--pairs", "id_pairs.jsonl",
                             "--corpus-ids", "corpus_ids.jsonl", "--num-negatives", "3", "--output-format", "n-tuple",
                             "--include-scores", "-o", "out.jsonl", "--suspects", "suspects.jsonl", "--json"], in: dir)
        #expect(r.status == 0, "\(r.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as! [String: Any]
        #expect(report["rows"] as? Int == 9)
        #expect(report["quarry_version"] != nil)
        let lines = try String(contentsOf: dir.appendingPathComponent("out.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 9)
        let row = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as! [String: Any]
        #expect((row["negative_1"] as? String)?.hasPrefix("doc") == true)
        #expect((row["scores"] as? [Double])?.count == 4)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("suspects.jsonl").path))
    }

    @Test func qrelsMineTheSameRowsAsPairs() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try RetrievalCLIFixture.make(in: dir)
        let common = ["mine-retrieval", "--queries", "queries.npy", "--corpus", "corpus.npy", "--corpus-ids", "corpus_ids.jsonl",
                      "--num-negatives", "3", "--output-format", "n-tuple-scores", "--quiet"]
        let pairs = try CLI.run(common + ["--pairs", "id_pairs.jsonl", "-o", "pairs.out"], in: dir)
        let qrels = try CLI.run(common + ["--qrels", "qrels.txt", "-o", "qrels.out"], in: dir)
        #expect(pairs.status == 0, "\(pairs.stderr)")
        #expect(qrels.status == 0, "\(qrels.stderr)")
        #expect(try Data(contentsOf: dir.appendingPathComponent("pairs.out")) == Data(contentsOf: dir.appendingPathComponent("qrels.out")))
        let strict = try CLI.run(common + ["--qrels", "qrels.txt", "--min-relevance", "2", "-o", "strict.out"], in: dir)
        #expect(strict.status == 0, "\(strict.stderr)")
        #expect(try String(contentsOf: dir.appendingPathComponent("strict.out"), encoding: .utf8).split(separator: "\n").count == 1)
    }

    @Test func shardsMergeToTheSameBytes() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try RetrievalCLIFixture.make(in: dir)
        let common = ["--pairs", "pairs.jsonl", "--num-negatives", "4", "--relative-margin", "0.05",
                      "--sampling", "random", "--seed", "9"]
        let single = try CLI.run(["mine-retrieval", "--queries", "queries.npy", "--corpus", "corpus.npy"] + common + ["-o", "single.jsonl", "--quiet"], in: dir)
        #expect(single.status == 0, "\(single.stderr)")
        for i in 0..<3 {
            let part = try CLI.run(["mine-retrieval", "--queries", "queries.npy", "--corpus", "corpus.npy", "--corpus-shard", "\(i)/3"]
                                   + common + ["-o", "part\(i).bin", "--quiet"], in: dir)
            #expect(part.status == 0, "\(part.stderr)")
        }
        let merged = try CLI.run(["merge", "part2.bin", "part0.bin", "part1.bin"] + common + ["-o", "merged.jsonl", "--quiet"], in: dir)
        #expect(merged.status == 0, "\(merged.stderr)")
        #expect(try Data(contentsOf: dir.appendingPathComponent("single.jsonl")) == Data(contentsOf: dir.appendingPathComponent("merged.jsonl")))
        let missing = try CLI.run(["merge", "part0.bin", "part2.bin"] + common + ["-o", "bad.jsonl"], in: dir)
        #expect(missing.status == 65)
        #expect(missing.stderr.contains("uncovered"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("bad.jsonl").path))
    }

    /// (arguments after the inputs, exit code, text the message must contain)
    static let failures: [([String], Int32, String)] = [
        (["--queries", "missing.npy", "--corpus", "corpus.npy", "--pairs", "pairs.jsonl"], 66, "missing.npy"),
        (["--queries", "narrow.npy", "--corpus", "corpus.npy", "--pairs", "pairs.jsonl"], 65, "dimension mismatch"),
        (["--queries", "queries.npy", "--corpus", "corpus.npy", "--pairs", "bad_pairs.jsonl", "--corpus-ids", "corpus_ids.jsonl"], 65, "bad_pairs.jsonl:2 key 'positive_id'"),
        (["--queries", "queries.npy", "--corpus", "corpus.npy", "--pairs", "bad_pairs.jsonl"], 65, "needs an id or text file"),
        (["--queries", "queries.npy", "--corpus", "corpus.npy", "--pairs", "pairs.jsonl", "--num-negatives", "0"], 64, "at least 1"),
        (["--queries", "queries.npy", "--corpus", "corpus.npy", "--pairs", "pairs.jsonl", "--range-min", "5", "--range-max", "6", "--num-negatives", "3"], 64, "increase --range-max"),
        (["--queries", "queries.npy", "--corpus", "corpus.npy", "--pairs", "pairs.jsonl", "--sampling", "best"], 64, "top or random"),
        (["--queries", "queries.npy", "--corpus", "corpus.npy", "--pairs", "pairs.jsonl", "--corpus-shard", "3/3", "-o", "p.bin"], 64, "0 ≤ i < n"),
        (["--queries", "queries.npy", "--corpus", "corpus.npy", "--qrels", "bad_qrels.txt", "--corpus-ids", "corpus_ids.jsonl"], 65, "bad_qrels.txt:2 column 4 (relevance)"),
        (["--queries", "queries.npy", "--corpus", "corpus.npy", "--qrels", "qrels.txt", "--pairs", "pairs.jsonl"], 64, "exactly one of --pairs or --qrels"),
        (["--queries", "queries.npy", "--corpus", "corpus.npy"], 64, "exactly one of --pairs or --qrels"),
        (["--queries", "corpus_ids.jsonl", "--corpus", "corpus.npy", "--pairs", "pairs.jsonl"], 65, "not a usable .npy array"),
    ]

    @Test(arguments: failures)
    func badInputExitsWithCodeAndMessage(arguments: [String], code: Int32, message: String) throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try RetrievalCLIFixture.make(in: dir)
        let r = try CLI.run(["mine-retrieval"] + arguments + (arguments.contains("-o") ? [] : ["-o", "out.jsonl"]), in: dir)
        #expect(r.status == code, "\(r.stderr)")
        #expect(r.stderr.contains(message), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out.jsonl").path))
    }
}
