import Foundation
import Testing

/// `quarry report` through the built binary: each input kind recognised and written, the
/// printed line stable, and bad input a one-line error with its exit code and no file left.
@Suite struct ReportCommandTests {
    static let spam = CLI.packageRoot.appendingPathComponent("Examples/data/spam_scored.csv").path
    static func fixture(_ name: String) -> String { CLI.packageRoot.appendingPathComponent("Tests/Fixtures/report/\(name)").path }

    @Test(arguments: [
        (["report", spam, "--label", "label", "--score", "score", "--bootstrap", "50"], "scored file", 4),
        (["report", fixture("loop-run"), "--summary", fixture("loop-summary.json")], "loop run", 3),
        (["report", fixture("explain.json")], "explain result", 3),
    ])
    func writesOneSelfContainedFile(args: [String], kind: String, charts: Int) throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("report.html").path
        let result = try CLI.run(args + ["-o", out])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "report (\(kind), \(charts) charts): \(out)\n")
        let html = try String(contentsOfFile: out, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>") && html.hasSuffix("</html>\n"))
        #expect(!html.contains("<script") && !html.contains("http:") && !html.contains("https:"))
    }

    @Test(arguments: [
        (["report", spam], Int32(64), "give --label and --score"),
        (["report", fixture("missing.csv")], Int32(66), "missing.csv"),
        (["report", fixture("loop-summary.json")], Int32(65), "neither an explain result"),
        (["report", CLI.packageRoot.appendingPathComponent("Tests/Fixtures").path], Int32(65), "not a loop run"),
        (["report", spam, "--label", "label", "--score", "nope"], Int32(64), "unknown column 'nope'"),
    ])
    func badInputIsOneLineAndNoFile(args: [String], status: Int32, message: String) throws {
        let dir = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("report.html").path
        let result = try CLI.run(args + ["-o", out])
        #expect(result.status == status, "\(result.stderr)")
        #expect(result.stderr.contains(message) && result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
