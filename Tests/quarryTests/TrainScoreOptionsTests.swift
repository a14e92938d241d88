import Foundation
import Testing

/// Each `quarry train` / `quarry score` option changes what it should.
@Suite struct TrainScoreOptionsTests {
    typealias Workspace = TrainScoreCommandTests.Workspace

    static func json(_ text: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
    }

    static func model(_ w: Workspace, _ name: String) throws -> [String: Any] { try json(w.read(name)) }

    @Test func weightColumnIsUsedAndNotAFeature() throws {
        let w = try Workspace()
        defer { w.remove() }
        let lines = TrainScoreCommandTests.csv.split(separator: "\n")
        let weighted = ([lines[0] + ",w"] + lines.dropFirst().enumerated().map { "\($1),\($0 % 4)" }).joined(separator: "\n") + "\n"
        try w.write("weighted.csv", weighted)
        #expect(try w.run(["train", "weighted.csv", "--label", "label", "--id", "id", "--weight", "w", "-o", "w.json"]).status == 0)
        #expect(try w.run(["train", "weighted.csv", "--label", "label", "--id", "id", "--features", "a,b,c", "-o", "u.json"]).status == 0)
        let withWeights = try Self.model(w, "w.json"), without = try Self.model(w, "u.json")
        #expect(withWeights["feature_names"] as? [String] == ["a", "b", "c"])
        #expect((withWeights["model"] as! [String: Any])["coefficients"] as! [Double] != (without["model"] as! [String: Any])["coefficients"] as! [Double])
        let negative = try w.run(["train", "train.csv", "--label", "label", "--id", "id", "--weight", "a", "-o", "x.json"])
        #expect(negative.status == 65 && negative.stderr.contains("sample weight"))
    }

    @Test func positiveValueAndDelimiter() throws {
        let w = try Workspace()
        defer { w.remove() }
        try w.write("semi.csv", "x;y;kind\n1;2;spam\n2;1;ham\n3;5;spam\n0;0;ham\n4;1;ham\n5;6;spam\n")
        let train = try w.run(["train", "semi.csv", "--label", "kind", "--positive", "spam", "--delimiter", ";", "-o", "m.json", "--json"])
        #expect(train.status == 0, "\(train.stderr)")
        let summary = try Self.json(train.stdout)
        #expect(summary["features"] as? [String] == ["x", "y"])
        #expect(((summary["training"] as! [String: Any])["data"] as! [String: Any])["positives"] as? Int == 3)
        let score = try w.run(["score", "semi.csv", "--model", "m.json", "--delimiter", ";", "--score-column", "p", "-o", "out.txt", "--format", "jsonl"])
        #expect(score.status == 0, "\(score.stderr)")
        let first = try Self.json(String(try w.read("out.txt").split(separator: "\n")[0]))
        #expect(first["kind"] as? String == "spam" && first["p"] is Double)
        #expect(try w.run(["score", "semi.csv", "--model", "m.json", "--delimiter", ";", "-o", "out.csv"]).status == 0)
        #expect(try w.read("out.csv").hasPrefix("x;y;kind;quarry_score\n1;2;spam;"))
    }

    @Test func logisticOptionsReachTheModel() throws {
        let w = try Workspace()
        defer { w.remove() }
        let base = ["train", "train.csv", "--label", "label", "--id", "id"]
        #expect(try w.run(base + ["--no-standardize", "--c", "3", "--tol", "1e-8", "-o", "raw.json"]).status == 0)
        let raw = try Self.model(w, "raw.json")
        #expect((raw["model"] as! [String: Any])["centers"] as? [Double] == [0, 0, 0])
        let options = ((raw["training"] as! [String: Any])["fit"] as! [String: Any])["options"] as! [String: Any]
        #expect(options["c"] as? Double == 3 && options["tol"] as? Double == 1e-8 && options["standardize"] as? Bool == false)

        let short = try w.run(base + ["--max-iter", "1", "-o", "short.json"])
        #expect(short.status == 0)
        #expect(short.stderr.hasPrefix("quarry: warning: logistic regression stopped before reaching --tol"))
        let report = ((try Self.model(w, "short.json")["training"] as! [String: Any])["fit"] as! [String: Any])["report"] as! [String: Any]
        #expect(report["converged"] as? Bool == false && report["iterations"] as? Int == 1)
        #expect(try w.run(base + ["--max-iter", "1", "--quiet", "-o", "quiet.json"]).stderr.isEmpty)

        #expect(try w.run(base + ["--class-weight", "balanced", "--seed", "5", "-o", "balanced.json"]).status == 0)
        let balanced = try Self.model(w, "balanced.json")["training"] as! [String: Any]
        #expect((balanced["fit"] as! [String: Any])["options"].map { ($0 as! [String: Any])["class_weight"] as? String } == "balanced")
        #expect(balanced["seed"] as? Int == 5)
        #expect(try w.run(base + ["--class-weight", "heavy", "-o", "x.json"]).status == 64)
    }
}
