import Foundation
import Testing

/// `quarry train` and `quarry score` through the built binary.
@Suite struct TrainScoreCommandTests {
    /// A small labelled CSV: a quoted text id, three features (one with a missing value), a label.
    static let csv: String = {
        var lines = ["id,a,b,c,label"]
        for i in 0..<60 {
            let a = Double((i * 37) % 23) / 4 - 2.5
            let b = Double((i * 11) % 17) / 3
            let c = i == 7 ? "" : String(Double(i % 5) * 0.25)
            let label = a + 0.3 * b - 1 + Double((i * 7) % 5) * 0.4 > 0 ? 1 : 0
            lines.append("\"row, \(i)\",\(a),\(b),\(c),\(label)")
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    struct Workspace {
        let dir: URL
        init() throws {
            dir = try CLI.temporaryDirectory()
            try TrainScoreCommandTests.csv.write(to: dir.appendingPathComponent("train.csv"), atomically: true, encoding: .utf8)
        }
        func write(_ name: String, _ text: String) throws {
            try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        func read(_ name: String) throws -> String { try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8) }
        func files() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() }
        func run(_ args: [String]) throws -> CLI.Result { try CLI.run(args, in: dir) }
        func remove() { try? FileManager.default.removeItem(at: dir) }
    }

    @Test func trainThenScoreKeepsEveryColumn() throws {
        let w = try Workspace()
        defer { w.remove() }
        let train = try w.run(["train", "train.csv", "--label", "label", "--id", "id", "-o", "model.json"])
        #expect(train.status == 0, "\(train.stderr)")
        #expect(train.stdout.contains("60 rows") && train.stdout.contains("3 features"))
        let model = try JSONSerialization.jsonObject(with: Data(w.read("model.json").utf8)) as! [String: Any]
        #expect(model["kind"] as? String == "logistic" && model["format_version"] as? Int == 1)
        #expect(model["feature_names"] as? [String] == ["a", "b", "c"])

        let score = try w.run(["score", "train.csv", "--model", "model.json", "-o", "scored.csv"])
        #expect(score.status == 0, "\(score.stderr)")
        let input = Self.csv.split(separator: "\n", omittingEmptySubsequences: true)
        let output = try w.read("scored.csv").split(separator: "\n", omittingEmptySubsequences: true)
        #expect(output.count == input.count)
        #expect(output[0] == input[0] + ",quarry_score")
        for (original, scored) in zip(input.dropFirst(), output.dropFirst()) {
            #expect(scored.hasPrefix(original + ","))
            let value = Double(scored[scored.index(after: scored.lastIndex(of: ",")!)...])!
            #expect(value > 0 && value < 1)
        }
    }

    @Test func scoreWritesJSONLinesByExtension() throws {
        let w = try Workspace()
        defer { w.remove() }
        #expect(try w.run(["train", "train.csv", "--label", "label", "--id", "id", "--features", "a,b", "-o", "m.json"]).status == 0)
        let score = try w.run(["score", "train.csv", "--model", "m.json", "-o", "scored.jsonl", "--json"])
        #expect(score.status == 0, "\(score.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(score.stdout.utf8)) as! [String: Any]
        #expect(summary["rows"] as? Int == 60 && summary["format"] as? String == "jsonl")
        let lines = try w.read("scored.jsonl").split(separator: "\n")
        #expect(lines.count == 60)
        let first = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as! [String: Any]
        #expect(first["id"] as? String == "row, 0")
        #expect(first["quarry_score"] is Double)
        let eighth = try JSONSerialization.jsonObject(with: Data(lines[7].utf8)) as! [String: Any]
        #expect(eighth["c"] is NSNull)
    }

    @Test func trainingIsReproducible() throws {
        let w = try Workspace()
        defer { w.remove() }
        for name in ["one.json", "two.json"] {
            #expect(try w.run(["train", "train.csv", "--label", "label", "--id", "id", "--c", "0.3", "--class-weight", "balanced", "-o", name]).status == 0)
        }
        #expect(try w.read("one.json") == w.read("two.json"))
    }

    @Test("bad input gives one line on stderr, the sysexits code and no output", arguments: [
        (["train", "train.csv", "--label", "nolabel", "-o", "out.json"], Int32(64), "unknown column 'nolabel'"),
        (["train", "train.csv", "--label", "a", "--id", "id", "-o", "out.json"], 65, "line 2, column 2 ('a'): expected a binary label"),
        (["train", "train.csv", "--label", "label", "--features", "a,id", "-o", "out.json"], 65, "('id')"),
        (["train", "train.csv", "--label", "label", "--features", "a,zz", "-o", "out.json"], 64, "unknown feature column 'zz'"),
        (["train", "train.csv", "--label", "label", "--model", "forest", "-o", "out.json"], 64, "--model must be one of logistic"),
        (["train", "train.csv", "--label", "label", "--id", "id", "--c", "0", "-o", "out.json"], 64, "C must be a finite number > 0"),
        (["train", "missing.csv", "--label", "label", "-o", "out.json"], 66, "missing.csv"),
        (["train", "one-class.csv", "--label", "label", "-o", "out.json"], 65, "only one class"),
        (["score", "train.csv", "--model", "narrow.json", "-o", "out.csv"], 65, "lacks 1 of the model's 2 features: 'd'"),
        (["score", "train.csv", "--model", "broken.json", "-o", "out.csv"], 65, "broken.json:1:2: invalid JSON"),
        (["score", "scored-before.csv", "--model", "narrow.json", "-o", "out.csv"], 65, "already has a column 'quarry_score'"),
        (["score", "train.csv", "--model", "nowhere.json", "-o", "out.csv"], 66, "nowhere.json"),
    ])
    func badInput(_ args: [String], _ status: Int32, _ message: String) throws {
        let w = try Workspace()
        defer { w.remove() }
        try w.write("one-class.csv", "x,label\n1,0\n2,0\n")
        try w.write("narrow.json", """
            {"format_version": 1, "kind": "logistic", "feature_names": ["a", "d"], "model": {"intercept": 0,
             "coefficients": [1, 1], "centers": [0, 0], "scales": [1, 1], "impute_values": [0, 0]}}
            """)
        try w.write("broken.json", "{oops")
        try w.write("scored-before.csv", "a,d,quarry_score\n1,2,0.5\n")
        let before = try w.files()
        let result = try w.run(args)
        #expect(result.status == status, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("quarry: error: ") || status == 64)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1 || status == 64)
        #expect(try w.files() == before)
    }

    @Test func unwritableOutputLeavesNothingBehind() throws {
        let w = try Workspace()
        defer { w.remove() }
        #expect(try w.run(["train", "train.csv", "--label", "label", "--id", "id", "-o", "m.json"]).status == 0)
        // The destination is a directory: the rename fails after the data was written.
        try FileManager.default.createDirectory(at: w.dir.appendingPathComponent("taken"), withIntermediateDirectories: false)
        let before = try w.files()
        for args in [["score", "train.csv", "--model", "m.json", "-o", "taken"],
                     ["train", "train.csv", "--label", "label", "--id", "id", "-o", "taken"],
                     ["score", "train.csv", "--model", "m.json", "-o", "no/such/dir/out.csv"]] {
            let result = try w.run(args)
            #expect(result.status == 73, "\(result.stderr)")
            #expect(result.stderr.hasPrefix("quarry: error: cannot create"))
            #expect(try w.files() == before)
            #expect(try FileManager.default.contentsOfDirectory(atPath: w.dir.appendingPathComponent("taken").path).isEmpty)
        }
    }
}
