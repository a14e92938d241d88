import Foundation
import Testing

/// `quarry evaluate` and `quarry mine` through the built binary: outputs, errors, exit codes.
@Suite struct MineAndEvaluateCLITests {
    static let scored = """
    id,feature,label,score
    a,1.5,0,0.91
    b,2.5,1,0.80
    c,0.5,0,0.75
    d,"3,5",1,0.60
    e,0.1,0,0.30
    f,0.2,0,0.10
    g,4.0,1,0.95

    """

    /// Writes `text` to a new file in a fresh folder and returns both.
    static func file(_ text: String, name: String = "scored.csv") throws -> (dir: URL, path: String) {
        let dir = try CLI.temporaryDirectory()
        let url = dir.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return (dir, url.path)
    }

    @Test func evaluateJSONHasTheContractKeys() throws {
        let (dir, path) = try Self.file(Self.scored)
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(["evaluate", path, "--label", "label", "--score", "score", "--threshold", "0.7",
                             "--band", "0.1", "--max-fpr", "0.5", "--bootstrap", "50", "--seed", "3", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        for key in ["quarry_version", "parameters", "rows", "positives", "negatives", "roc_auc", "average_precision",
                    "partial_auc", "log_loss", "brier", "operating_point", "band", "intervals", "warnings"] {
            #expect(json[key] != nil, "missing \(key)")
        }
        let point = try #require(json["operating_point"] as? [String: Any])
        // Brute force at t = 0.7: predicted positive a, b, c, g → tp 2 (b, g), fp 2 (a, c), fn 1 (d), tn 2.
        #expect(point["tp"] as? Int == 2 && point["fp"] as? Int == 2 && point["fn"] as? Int == 1 && point["tn"] as? Int == 2)
        #expect(json["rows"] as? Int == 7)
    }

    @Test func mineWritesTheBruteForceRowsInOrder() throws {
        let (dir, path) = try Self.file(Self.scored)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("hard.csv").path
        let r = try CLI.run(["mine", path, "--label", "label", "--score", "score", "--id", "id", "--threshold", "0.7",
                             "--side", "both", "-o", out])
        #expect(r.status == 0, "\(r.stderr)")
        let text = try String(contentsOfFile: out, encoding: .utf8)
        // Negatives ≥ 0.7 hardest first (a 0.91, c 0.75), then positives < 0.7 lowest first (d 0.60),
        // each with its original fields unchanged (the quoted "3,5" stays quoted).
        #expect(text == """
        id,feature,label,score,quarry_score,quarry_rank,quarry_side
        a,1.5,0,0.91,0.91,1,negative
        c,0.5,0,0.75,0.75,2,negative
        d,"3,5",1,0.60,0.6,1,positive

        """)
    }

    @Test func mineTopKAsJSONL() throws {
        let (dir, path) = try Self.file(Self.scored)
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("hard.jsonl").path
        let r = try CLI.run(["mine", path, "--label", "label", "--score", "score", "--strategy", "top-k", "--k", "2", "-o", out, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0] == #"{"id":"a","feature":1.5,"label":0,"score":0.91,"quarry_score":0.91,"quarry_rank":1,"quarry_side":"negative"}"#)
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let negatives = try #require(summary["negatives"] as? [String: Any])
        #expect(negatives["mined"] as? Int == 2 && negatives["from"] as? Int == 4)
    }

    @Test func derivedThresholdMinesAtTheChosenPoint() throws {
        let (dir, path) = try Self.file(Self.scored)
        defer { try? FileManager.default.removeItem(at: dir) }
        // Recall ≥ 2/3 with the best precision: threshold 0.80 (tp 2, fp 1) beats 0.60 (tp 3, fp 2).
        let r = try CLI.run(["mine", path, "--label", "label", "--score", "score", "--target-recall", "0.6", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let params = try #require(summary["parameters"] as? [String: Any])
        #expect(params["threshold"] as? Double == 0.8)
        #expect((summary["negatives"] as? [String: Any])?["mined"] as? Int == 1)
    }

    struct BadInput: Sendable, CustomTestStringConvertible {
        var name: String
        var csv: String
        var args: [String] = []
        var status: Int32
        var message: String
        var testDescription: String { name }
    }

    static let badInputs: [BadInput] = [
        .init(name: "unknown label column", csv: "id,y,score\na,0,0.5\n", status: 64, message: "no column 'label'"),
        .init(name: "ragged row", csv: "id,label,score\na,0,0.5\nb,1\n", status: 65, message: "line 3"),
        .init(name: "unparsable score", csv: "id,label,score\na,0,0.5\nb,1,zero\n", status: 65, message: "line 3"),
        .init(name: "NaN score", csv: "id,label,score\na,0,0.5\nb,1,nan\n", status: 65, message: "line 3"),
        .init(name: "infinite score", csv: "id,label,score\na,0,inf\nb,1,0.2\n", status: 65, message: "line 2"),
        .init(name: "missing score", csv: "id,label,score\na,0,\nb,1,0.2\n", status: 65, message: "line 2"),
        .init(name: "non-binary label", csv: "id,label,score\na,0,0.5\nb,2,0.2\n", status: 65, message: "line 3"),
        .init(name: "empty file", csv: "", status: 65, message: "empty"),
        .init(name: "header only", csv: "id,label,score\n", status: 65, message: "no data rows"),
    ]

    @Test(arguments: badInputs)
    func badInputIsOneClearLineAndNoOutput(_ bad: BadInput) throws {
        for verb in ["evaluate", "mine"] {
            let (dir, path) = try Self.file(bad.csv)
            defer { try? FileManager.default.removeItem(at: dir) }
            let out = dir.appendingPathComponent("out.csv").path
            var args = [verb, path, "--label", "label", "--score", "score", "--threshold", "0.5"]
            if verb == "mine" { args += ["-o", out] }
            let r = try CLI.run(args + bad.args)
            #expect(r.status == bad.status, "\(verb): \(r.stderr)")
            #expect(r.stderr.contains(bad.message), "\(verb): \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(verb): \(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out))
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0 != "scored.csv" }
            #expect(leftovers.isEmpty, "\(verb) left \(leftovers)")
        }
    }

    @Test func missingFileIsExit66() throws {
        let r = try CLI.run(["evaluate", "/nonexistent/scored.csv", "--label", "label", "--score", "score"])
        #expect(r.status == 66)
        #expect(r.stderr.contains("/nonexistent/scored.csv"))
    }

    @Test func unwritableOutputIsExit73AndLeavesNothing() throws {
        let (dir, path) = try Self.file(Self.scored)
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLI.run(["mine", path, "--label", "label", "--score", "score", "--threshold", "0.5",
                             "-o", "/nonexistent-dir/hard.csv"])
        #expect(r.status == 73, "\(r.stderr)")
        #expect(r.stderr.contains("/nonexistent-dir/hard.csv"))
    }

    @Test func conflictingOptionsAreUsageErrors() throws {
        let (dir, path) = try Self.file(Self.scored)
        defer { try? FileManager.default.removeItem(at: dir) }
        for args in [["--threshold", "0.5", "--target-recall", "0.9"], ["--target-recall", "1.5"],
                     ["--strategy", "top-k"], ["--strategy", "margin", "--threshold", "0.5"]] {
            let r = try CLI.run(["mine", path, "--label", "label", "--score", "score"] + args)
            #expect(r.status == 64, "\(args): \(r.stderr)")
        }
    }
}

/// `--exclude-suspects` against `quarry explain`: what mine leaves out is exactly the
/// suspect list explain reports for the same threshold.
@Suite struct MineExcludeSuspectsCLITests {
    static var spam: String { CLI.packageRoot.appendingPathComponent("Examples/data/spam_scored.csv").path }

    static func json(_ result: CLI.Result) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    @Test func excludedRowsAreExplainsSuspects() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let common = [Self.spam, "--label", "label", "--score", "score", "--id", "id", "--target-recall", "0.9"]
        let all = dir.appendingPathComponent("all.csv").path, kept = dir.appendingPathComponent("kept.csv").path
        let plain = try CLI.run(["mine"] + common + ["-o", all, "--json"])
        let filtered = try CLI.run(["mine"] + common + ["-o", kept, "--exclude-suspects", "--json"])
        let explain = try CLI.run(["explain"] + common + ["--json"])
        #expect(plain.status == 0 && filtered.status == 0 && explain.status == 0, "\(filtered.stderr) \(explain.stderr)")

        func ids(_ path: String) throws -> Set<String> {
            Set(try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst().map { String($0.prefix { $0 != "," }) })
        }
        let suspects = try #require((try Self.json(explain)["suspects"] as? [String: Any])?["suspects"] as? [[String: Any]])
        let suspectIDs = Set(suspects.compactMap { $0["id"] as? String })
        #expect(!suspectIDs.isEmpty)
        #expect(try ids(all).subtracting(ids(kept)) == suspectIDs)
        #expect(try ids(kept).isDisjoint(with: suspectIDs))
        let excluded = try #require(try Self.json(filtered)["suspects_excluded"] as? [String: Any])
        #expect(excluded["count"] as? Int == suspectIDs.count)
    }

    @Test func needsAnOperatingPoint() throws {
        let r = try CLI.run(["mine", Self.spam, "--label", "label", "--score", "score", "--strategy", "top-k", "--k", "5", "--exclude-suspects"])
        #expect(r.status == 64)
    }
}
