import Foundation
import Testing

/// `quarry train --derive`, `quarry score` on its model file, and `quarry loop --strategy revise`.
@Suite struct ReviseCommandTests {
    /// Planted interaction data as CSV (deterministic, no random generator needed): positives
    /// have a high `x3`; hard negatives have a high `x3` too but `x1`, `x2` of the same sign.
    static func csv(rows: Int, hardEvery: Int, offset: Int, withProduct: Bool = false) -> String {
        var lines = [withProduct ? "id,x1,x2,x3,p,label" : "id,x1,x2,x3,label"]
        func wave(_ i: Int, _ k: Double) -> Double { sin(Double(i + offset) * k) * 1.7 }
        for i in 0..<rows {
            var x1 = wave(i, 12.9898), x2 = wave(i, 78.233), x3 = wave(i, 3.71)
            let label: Int
            if i % 3 == 0 { x3 = 1.5 + x3 * 0.6; label = 1 }
            else if i % hardEvery == 1 { let s: Double = i % 2 == 0 ? 1 : -1; x1 = s * (1.5 + abs(x1) / 3); x2 = s * (1.5 + abs(x2) / 3); x3 = 1.5 + x3 * 0.6; label = 0 }
            else { x3 = -1.5 + x3 * 0.6; label = 0 }
            let fields = [String(i + offset), String(x1), String(x2), String(x3)] + (withProduct ? [String(x1 * x2)] : []) + [String(label)]
            lines.append(fields.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    struct Workspace {
        let dir: URL
        init() throws { dir = try CLI.temporaryDirectory() }
        func write(_ name: String, _ text: String) throws { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        func read(_ name: String) throws -> String { try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8) }
        func run(_ args: [String]) throws -> CLI.Result { try CLI.run(args, in: dir) }
        func remove() { try? FileManager.default.removeItem(at: dir) }
        func column(_ file: String, _ name: String) throws -> [String] {
            let lines = try read(file).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
            let c = lines[0].firstIndex(of: name)!
            return lines.dropFirst().map { $0[c] }
        }
    }

    /// A model trained with `--derive "p = x1 * x2"` scores a file with only the input columns
    /// exactly as a model trained on a file where `p` was precomputed scores that file.
    @Test(arguments: ["logistic", "gbdt"])
    func trainWithDeriveThenScoreRecomputesTheFeature(model: String) throws {
        let w = try Workspace()
        defer { w.remove() }
        try w.write("inputs.csv", Self.csv(rows: 300, hardEvery: 5, offset: 0))
        try w.write("precomputed.csv", Self.csv(rows: 300, hardEvery: 5, offset: 0, withProduct: true))
        let derived = try w.run(["train", "inputs.csv", "--label", "label", "--id", "id", "--model", model, "--derive", "p = x1 * x2", "-o", "derived.json"])
        #expect(derived.status == 0, "\(derived.stderr)")
        #expect(derived.stdout.contains("+ 1 derived"))
        let file = try JSONSerialization.jsonObject(with: Data(w.read("derived.json").utf8)) as! [String: Any]
        #expect(file["feature_names"] as? [String] == ["x1", "x2", "x3"])
        #expect(file["derived_features"] as? [String] == ["p = x1 * x2"])
        let plain = try w.run(["train", "precomputed.csv", "--label", "label", "--id", "id", "--model", model, "-o", "plain.json"])
        #expect(plain.status == 0, "\(plain.stderr)")

        let scoreDerived = try w.run(["score", "inputs.csv", "--model", "derived.json", "-o", "a.csv"])
        #expect(scoreDerived.status == 0, "\(scoreDerived.stderr)")
        let scorePlain = try w.run(["score", "precomputed.csv", "--model", "plain.json", "-o", "b.csv"])
        #expect(scorePlain.status == 0, "\(scorePlain.stderr)")
        #expect(try w.column("a.csv", "quarry_score") == w.column("b.csv", "quarry_score"))
    }

    @Test(arguments: [
        (["--derive", "p = x1 *+ x2"], "column 9", true),
        (["--derive", "p = nope * 2"], "unknown column 'nope'", false),
        (["--derive", "x1 = x2 * 2"], "already exists", false),
    ])
    func badDefinitionsAreUsageErrors(extra: [String], mention: String, caret: Bool) throws {
        let w = try Workspace()
        defer { w.remove() }
        try w.write("inputs.csv", Self.csv(rows: 60, hardEvery: 5, offset: 0))
        let result = try w.run(["train", "inputs.csv", "--label", "label", "--id", "id", "-o", "m.json"] + extra)
        #expect(result.status == 64)
        #expect(result.stderr.contains(mention), "\(result.stderr)")
        if caret { #expect(result.stderr.contains("        ^"), "\(result.stderr)") }
        #expect(!FileManager.default.fileExists(atPath: w.dir.appendingPathComponent("m.json").path))
    }

    @Test func loopWithReviseRunsRecordsItsChoicesAndResumes() throws {
        let w = try Workspace()
        defer { w.remove() }
        for (name, offset, hard) in [("train", 0, 40), ("pool", 10_000, 4), ("validation", 20_000, 4), ("test", 30_000, 4)] {
            try w.write("\(name).csv", Self.csv(rows: name == "train" ? 400 : 900, hardEvery: hard, offset: offset))
        }
        let args = ["loop", "--train", "train.csv", "--pool", "pool.csv", "--validation", "validation.csv", "--test", "test.csv",
                    "--label", "label", "--id", "id", "--strategy", "revise", "--derive", "s = x1 + x2", "--rounds", "2",
                    "--per-round", "80", "--quiet", "-o", "run"]
        let first = try w.run(args)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("round 0 revise:"), "\(first.stdout)")
        let manifest = try JSONSerialization.jsonObject(with: Data(w.read("run/manifest.json").utf8)) as! [String: Any]
        let stored = manifest["arguments"] as? [String] ?? []
        #expect(stored.contains("--derive") && stored.contains("s = x1 + x2") && stored.contains("revise"))
        let metrics = try JSONSerialization.jsonObject(with: Data(w.read("run/round-000/metrics.json").utf8)) as! [String: Any]
        let report = try #require(metrics["strategy_report"] as? [String: Any])
        let tried = (report["candidates"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        #expect(tried.contains("s"))
        #expect(!(report["trials"] as? [Any] ?? []).isEmpty)
        // The next round's model file records what was chosen and scores with the inputs only.
        let model1 = try JSONSerialization.jsonObject(with: Data(w.read("run/round-001/model.json").utf8)) as! [String: Any]
        #expect(model1["derived_features"] as? [String] == report["derived_features"] as? [String])
        let score = try w.run(["score", "test.csv", "--model", "run/round-001/model.json", "-o", "scored.csv"])
        #expect(score.status == 0, "\(score.stderr)")

        let resumed = try w.run(["loop", "--resume", "run", "--quiet"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout == first.stdout)
    }

    @Test func deriveNeedsTheReviseStrategy() throws {
        let w = try Workspace()
        defer { w.remove() }
        let result = try w.run(["loop", "--train", "a.csv", "--pool", "b.csv", "--validation", "c.csv", "--test", "d.csv",
                                "--label", "label", "--derive", "s = x1 + x2", "-o", "run"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--derive applies to --strategy revise"), "\(result.stderr)")
    }
}
