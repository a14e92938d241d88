import Foundation
import Testing

/// Hostile nesting through the binary: a derived feature or a model file nested tens of
/// thousands of levels deep is a clear error with the documented exit code, never a crash.
@Suite struct DeepNestingCLITests {
    static let deep = "d = " + String(repeating: "(", count: 50_000) + "x1" + String(repeating: ")", count: 50_000)

    /// The first stderr line: the error, naming where.
    static func firstLine(_ result: CLI.Result) -> String {
        String(result.stderr.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
    }

    @Test func trainRefusesADeepDerivedFeature() throws {
        let w = try ReviseCommandTests.Workspace()
        defer { w.remove() }
        try w.write("inputs.csv", ReviseCommandTests.csv(rows: 60, hardEvery: 5, offset: 0))
        let result = try w.run(["train", "inputs.csv", "--label", "label", "--id", "id", "-o", "m.json", "--derive", Self.deep])
        #expect(result.status == 64, "\(result.stderr.prefix(300))")
        #expect(Self.firstLine(result).contains("at column 261: expected at most 256 levels of nesting"), "\(result.stderr.prefix(300))")
        #expect(result.stderr.count < 1000)
        #expect(!FileManager.default.fileExists(atPath: w.dir.appendingPathComponent("m.json").path))
    }

    @Test func explainRefusesADeepDerivedFeature() throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = try ExplainCommandTests.writeScoredCSV(in: dir)
        let result = try CLI.run(["explain", csv.path, "--label", "label", "--score", "score", "--derive", "r = " + String(repeating: "-", count: 30_000) + "a"])
        #expect(result.status == 64, "\(result.stderr.prefix(300))")
        #expect(Self.firstLine(result).contains("expected at most 256 levels of nesting"), "\(result.stderr.prefix(300))")
    }

    @Test(arguments: [
        ("derived", "key 'derived_features[0]'"),
        ("json", ":1:513: invalid JSON: expected nesting of at most 512 levels"),
    ])
    func scoreRefusesADeepModelFile(kind: String, mention: String) throws {
        let w = try ReviseCommandTests.Workspace()
        defer { w.remove() }
        try w.write("inputs.csv", ReviseCommandTests.csv(rows: 60, hardEvery: 5, offset: 0))
        let model: String
        if kind == "derived" {
            let trained = try w.run(["train", "inputs.csv", "--label", "label", "--id", "id", "-o", "m.json", "--derive", "d = x1 * x2"])
            #expect(trained.status == 0, "\(trained.stderr)")
            model = try w.read("m.json").replacingOccurrences(of: "\"d = x1 * x2\"", with: "\"\(Self.deep)\"")
            #expect(model.contains("(((((("))
        } else {
            model = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        }
        try w.write("hostile.json", model)
        let result = try w.run(["score", "inputs.csv", "--model", "hostile.json", "-o", "scored.csv"])
        #expect(result.status == 65, "\(result.stderr.prefix(300))")
        let line = Self.firstLine(result)
        #expect(line.contains("hostile.json") && line.contains(mention), "\(line.prefix(300))")
        #expect(result.stderr.split(separator: "\n").count == 1 && line.count < 600, "\(result.stderr.prefix(600))")
        #expect(!FileManager.default.fileExists(atPath: w.dir.appendingPathComponent("scored.csv").path))
    }
}
