import Foundation
import Testing

/// `quarry explain` through the built binary.
@Suite struct ExplainCommandTests {
    /// A small scored CSV: hard negatives are the negatives scoring ≥ 0.5; feature `c` is
    /// what tells them apart from the positives.
    static func writeScoredCSV(in directory: URL) throws -> URL {
        var state: UInt64 = 12345
        func unit() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) * 0x1.0p-53
        }
        var lines = ["id,a,b,c,label,score"]
        for row in 0..<300 {
            let a = unit(), b = unit(), c = unit()
            let score = (a + b) / 2
            let label = score >= 0.5 ? (c < 0.6 ? 1 : 0) : (unit() < 0.1 ? 1 : 0)
            lines.append("r\(row),\(a),\(row % 17 == 0 ? "" : String(b)),\(c),\(label),\(score)")
        }
        let url = directory.appendingPathComponent("scored.csv")
        try (lines.joined(separator: "\n") + "\n").write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func textSummaryAndJSON() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = try Self.writeScoredCSV(in: dir)
        let text = try CLI.run(["explain", csv.path, "--label", "label", "--score", "score", "--id", "id",
                                "--threshold", "0.5", "--min-support", "5", "--permutations", "39"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("Beyond the score: SEPARABLE"))
        #expect(text.stdout.contains("Marginal differences"))
        let out = dir.appendingPathComponent("explain.json")
        let json = try CLI.run(["explain", csv.path, "--label", "label", "--score", "score", "--id", "id", "--json",
                                "--derive", "ab = a × b", "--permutations", "39", "-o", out.path])
        #expect(json.status == 0, "\(json.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["quarry_version"] is String)
        #expect(object["warnings"] is [Any])
        let features = try #require(object["features"] as? [[String: Any]])
        #expect(features.count == 4)
        #expect(features.first?["feature"] as? String == "c")
        #expect(features.contains { $0["feature"] as? String == "ab" })
        let audit = try #require(object["beyond_score"] as? [String: Any])
        #expect(audit["verdict"] as? String == "separable")
        for key in ["statistic", "p_value", "permutations", "rows", "power", "features", "interactions"] {
            #expect(audit[key] != nil, "beyond_score.\(key)")
        }
        #expect(audit["permutations"] as? Int == 39)
        // The issue's JSON contract, key by key, with the types it names.
        #expect(["separable", "not_separable", "inconclusive"].contains(audit["verdict"] as? String ?? ""))
        #expect(audit["statistic"] is Double && audit["p_value"] is Double && audit["power"] is Double)
        #expect(audit["rows"] is Int)
        let evidence = try #require(audit["features"] as? [[String: Any]])
        #expect(evidence.count == 4)
        #expect(evidence.allSatisfy { $0["name"] is String && $0["statistic"] is Double })
        #expect(evidence.first?["name"] as? String == "c")
        let pairs = try #require(audit["interactions"] as? [[String: Any]])
        #expect(!pairs.isEmpty)
        #expect(pairs.allSatisfy { ($0["features"] as? [String])?.count == 2 && $0["statistic"] is Double })
        #expect(FileManager.default.fileExists(atPath: out.path))
        // Same seed, same bytes.
        let again = try CLI.run(["explain", csv.path, "--label", "label", "--score", "score", "--id", "id", "--json",
                                 "--derive", "ab = a × b", "--permutations", "39"])
        #expect(again.stdout == json.stdout)
    }

    @Test func targetRecallPicksTheThreshold() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = try Self.writeScoredCSV(in: dir)
        let result = try CLI.run(["explain", csv.path, "--label", "label", "--score", "score", "--target-recall", "0.9",
                                  "--json", "--permutations", "39"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let threshold = try #require((object["parameters"] as? [String: Any])?["threshold"] as? Double)
        // The chosen threshold is one of the scores, with recall ≥ 0.9 there.
        let rows = try String(contentsOf: csv, encoding: .utf8).split(separator: "\n").dropFirst()
            .map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let positives = rows.filter { $0[4] == "1" }
        let recall = Double(positives.filter { Double($0[5])! >= threshold }.count) / Double(positives.count)
        #expect(recall >= 0.9)
        // (Foundation's JSON reader may round the last digit, so compare to within 1e-12.)
        #expect(rows.contains { abs(Double($0[5])! - threshold) < 1e-12 })
        let help = try CLI.run(["explain", "--help"])
        #expect(help.stdout.contains("--derive"))
    }

    @Test func givenHardRowsByIdAndByRow() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = try Self.writeScoredCSV(in: dir)
        let rows = try String(contentsOf: csv, encoding: .utf8).split(separator: "\n").dropFirst()
            .map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let hard = rows.enumerated().filter { $0.element[4] == "0" && Double($0.element[5])! >= 0.5 }.prefix(12)
        let byId = dir.appendingPathComponent("hard-ids.csv")
        try ("id\n" + hard.map { String($0.element[0]) }.joined(separator: "\n") + "\n").write(to: byId, atomically: true, encoding: .utf8)
        let byRow = dir.appendingPathComponent("hard-rows.csv")
        try ("row\n" + hard.map { String($0.offset) }.joined(separator: "\n") + "\n").write(to: byRow, atomically: true, encoding: .utf8)
        for (file, extra) in [(byId, ["--id", "id"]), (byRow, [])] {
            let result = try CLI.run(["explain", csv.path, "--label", "label", "--score", "score", "--hard", file.path, "--json", "--permutations", "39"] + extra)
            #expect(result.status == 0, "\(result.stderr)")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            let groups = try #require(object["groups"] as? [String: Any])
            #expect(groups["hard_negatives"] as? Int == 12)
        }
    }

    @Test func errorsAreClearWithSysexitsCodes() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = try Self.writeScoredCSV(in: dir)
        let base = ["explain", csv.path, "--label", "label", "--score", "score"]

        let parse = try CLI.run(base + ["--derive", "r = a +* b"])
        #expect(parse.status == 64)
        #expect(parse.stderr.contains("column 8"))
        #expect(parse.stderr.contains("  r = a +* b\n         ^"))

        let unknownColumn = try CLI.run(base + ["--derive", "r = a + nope"])
        #expect(unknownColumn.status == 64)
        #expect(unknownColumn.stderr.contains("'nope'"))

        let missing = try CLI.run(["explain", dir.appendingPathComponent("absent.csv").path, "--label", "label", "--score", "score"])
        #expect(missing.status == 66)

        let badLabel = try CLI.run(["explain", csv.path, "--label", "a", "--score", "score"])
        #expect(badLabel.status == 65)
        #expect(badLabel.stderr.contains("line 2"))

        let badHard = dir.appendingPathComponent("bad-hard.csv")
        try "row\n5000\n".write(to: badHard, atomically: true, encoding: .utf8)
        let outOfRange = try CLI.run(base + ["--hard", badHard.path])
        #expect(outOfRange.status == 65)
        #expect(outOfRange.stderr.contains("bad-hard.csv: line 2"))

        let usage = try CLI.run(base + ["--folds", "1"])
        #expect(usage.status == 64)
    }
}
