import Foundation
import Testing

/// `quarry evaluate` through the built binary: results against the scikit-learn fixture,
/// exit codes and messages for bad input, and no output file left behind on failure.
@Suite struct EvaluateCommandTests {
    static let spam = CLI.packageRoot.appendingPathComponent("Examples/data/spam_scored.csv").path

    static func fixture(_ name: String) throws -> [String: Any] {
        let url = CLI.packageRoot.appendingPathComponent("Tests/Fixtures/metrics/\(name).json")
        return try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    }

    static func write(_ text: String, in directory: URL, name: String = "data.csv") throws -> String {
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func jsonReportMatchesScikitLearnOnSpam() throws {
        let result = try CLI.run(["evaluate", Self.spam, "--label", "label", "--score", "score", "--threshold", "0.5",
                                  "--band", "0.1", "--max-fpr", "0.1", "--bootstrap", "40", "--seed", "3", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let expected = try Self.fixture("spam")
        #expect(json["rows"] as? Int == 4601)
        #expect(abs((json["roc_auc"] as! Double) - (expected["roc_auc"] as! Double)) < 1e-9)
        #expect(abs((json["average_precision"] as! Double) - (expected["average_precision"] as! Double)) < 1e-9)
        #expect(abs((json["log_loss"] as! Double) - (expected["log_loss"] as! Double)) < 1e-9)
        #expect(abs((json["brier"] as! Double) - (expected["brier"] as! Double)) < 1e-9)
        let partial = (expected["partial_auc"] as! [[String: Any]]).first { $0["max_fpr"] as? String == "0.1" }!
        #expect(abs(((json["partial_auc"] as! [String: Any])["value"] as! Double) - (partial["value"] as! Double)) < 1e-9)
        let point = try #require(json["operating_point"] as? [String: Any])
        let expectedPoint = (expected["operating_points"] as! [[String: Any]]).first { $0["threshold"] as? String == "0.5" }!
        for key in ["tp", "fp", "tn", "fn"] { #expect(point[key] as? Int == expectedPoint[key] as? Int, "\(key)") }
        for key in ["precision", "recall", "f1", "fpr"] {
            #expect(abs((point[key] as! Double) - (expectedPoint[key] as! Double)) < 1e-9, "\(key)")
        }
        let band = try #require(json["band"] as? [String: Any])
        #expect(band["rows"] as? Int != nil)
        let intervals = try #require(json["intervals"] as? [String: Any])
        #expect(intervals.keys.sorted() == ["average_precision", "fpr", "precision", "recall"])
        #expect((json["warnings"] as? [Any])?.isEmpty == true)
        // Same seed, other thread count: byte-identical.
        let again = try CLI.run(["evaluate", Self.spam, "--label", "label", "--score", "score", "--threshold", "0.5",
                                 "--band", "0.1", "--max-fpr", "0.1", "--bootstrap", "40", "--seed", "3", "--json",
                                 "--threads", "1"])
        #expect(again.stdout == result.stdout)
    }

    @Test func textReportAndOutputFile() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("report.json").path
        let result = try CLI.run(["evaluate", Self.spam, "--label", "label", "--score", "score",
                                  "--target-recall", "0.9", "--band", "0.05", "-o", out])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("operating point (target_recall 0.9000): score ≥"))
        #expect(result.stdout.contains("band ["))
        let written = try String(contentsOfFile: out, encoding: .utf8)
        let json = try JSONSerialization.jsonObject(with: Data(written.utf8)) as! [String: Any]
        #expect(((json["operating_point"] as! [String: Any])["recall"] as! Double) >= 0.9)
        #expect((json["parameters"] as! [String: Any])["target_recall"] as? Double == 0.9)
    }

    @Test func undefinedValuesAreNullWithWarnings() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try Self.write("label,score\n0,0.2\n0,0.7\nfalse,0.4\n", in: dir)
        let result = try CLI.run(["evaluate", path, "--label", "label", "--score", "score", "--threshold", "0.9", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        #expect(json["roc_auc"] is NSNull)
        #expect(json["average_precision"] is NSNull)
        let keys = (json["warnings"] as! [[String: Any]]).compactMap { $0["key"] as? String }
        #expect(keys.contains("roc_auc") && keys.contains("operating_point.precision"))
    }

    /// (file contents or nil for a missing file, extra arguments, exit code, a piece of the message)
    static let badInputs: [(String?, [String], Int32, String)] = [
        ("label,score\n1,0.5\n0,nan\n", [], 65, "line 3, column 2 ('score'): expected a finite number, found 'nan'"),
        ("label,score\n1,0.5\n0,inf\n", [], 65, "line 3"),
        ("label,score\n1,0.5\n2,0.3\n", [], 65, "line 3, column 1 ('label'): expected a binary label"),
        ("label,score\n1,0.5\n0,abc\n", [], 65, "line 3"),
        ("label,score\n1,0.5\n0\n", [], 65, "line 3"),
        ("label,score\n", [], 65, "no data rows"),
        ("label,other\n1,0.5\n", [], 64, "column 'score'"),
        (nil, [], 66, "cannot read"),
        ("label,score\n1,0.5\n", ["--threshold", "0.5", "--target-recall", "0.9"], 64, "at most one"),
        ("label,score\n1,0.5\n", ["--max-fpr", "0"], 64, "--max-fpr"),
        ("label,score\n1,0.5\n", ["--target-recall", "2"], 64, "--target-recall"),
        ("label,score\n1,0.5\n", ["--band", "-1", "--threshold", "0.5"], 64, "--band"),
        ("label,score\n1,0.5\n", ["--bootstrap", "-3"], 64, "--bootstrap"),
    ]

    @Test(arguments: badInputs.indices)
    func badInputIsOneLineAndTheRightExitCode(index: Int) throws {
        let (contents, extra, status, message) = Self.badInputs[index]
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try contents.map { try Self.write($0, in: dir) } ?? dir.appendingPathComponent("missing.csv").path
        let out = dir.appendingPathComponent("report.json").path
        let result = try CLI.run(["evaluate", path, "--label", "label", "--score", "score", "-o", out] + extra)
        #expect(result.status == status, "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func unwritableOutputIsCannotCreate() throws {
        let result = try CLI.run(["evaluate", Self.spam, "--label", "label", "--score", "score",
                                  "-o", "/nonexistent-quarry-dir/report.json"])
        #expect(result.status == 73)
        #expect(result.stderr.contains("cannot create"))
        #expect(result.stdout.isEmpty)
    }
}
