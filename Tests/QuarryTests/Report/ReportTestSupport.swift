import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import Quarry

/// The four report kinds built from committed fixtures and bundled data, and the checks every
/// report must pass.
enum ReportFixture {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let directory = packageRoot.appendingPathComponent("Tests/Fixtures/report")

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// The scored report of the bundled spam scores at recall ≥ 0.9.
    static func scored() throws -> HTMLReport {
        let file = packageRoot.appendingPathComponent("Examples/data/spam_scored.csv").path
        let csv = try CSVTable(path: file, options: .init(numericColumns: ["score"]))
        let data = try ScoredLabels(scores: try csv.finiteNumbers(column: "score"), labels: try csv.binaryLabels(column: "label"))
        let evaluation = try Evaluator(options: .init(operatingPoint: .targetRecall(0.9), bandHalfWidth: 0.1, maxFPR: 0.1,
                                                      bootstrapReplicates: 200, seed: 1)).evaluate(data)
        return HTMLReport.scored(data, evaluation: evaluation, source: "spam_scored.csv", ids: try csv.table.text(named: "id"))
    }

    static func loop() throws -> HTMLReport {
        let summary = try ReportInput.readJSON(path("loop-summary.json"))
        return HTMLReport.loop(try LoopRunRecord(directory: path("loop-run"), summary: summary), source: "loop-run")
    }

    static func explain() throws -> HTMLReport {
        HTMLReport.explain(try ExplainResult(json: try ReportInput.readJSON(path("explain.json")), file: "explain.json"), source: "explain.json")
    }

    /// A seeded retrieval problem mined with a margin, so that filters remove candidates.
    static func retrievalResult() throws -> RetrievalMiningResult {
        let p = MiningFixture.problem(n: 60, m: 500, d: 16, maxPositives: 2, seed: 21)
        var o = RetrievalMiningOptions()
        o.numNegatives = 4
        o.rangeMax = 30
        o.absoluteMargin = 0.05
        return try RetrievalMiner(options: o, threads: 2).mine(queries: p.queries, corpus: p.corpus, task: p.task)
    }

    static func retrieval() throws -> HTMLReport {
        HTMLReport.retrieval(try RetrievalMiningSummary(json: try retrievalResult().report.json, file: "summary.json"), source: "seeded problem")
    }

    static let kinds: [(name: String, make: @Sendable () throws -> HTMLReport)] = [
        ("scored", scored), ("loop", loop), ("explain", explain), ("retrieval", retrieval),
    ]

    /// Parses `html` as XML; returns the parser's error, if any.
    static func xmlError(_ html: String) -> String? {
        let parser = XMLParser(data: Data(html.utf8))
        parser.shouldResolveExternalEntities = false
        let ok = parser.parse()
        return ok ? nil : (parser.parserError.map { "\($0)" } ?? "unknown error") + " at line \(parser.lineNumber), column \(parser.columnNumber)"
    }

    /// Anything in `html` that would make a browser fetch or run something.
    static func externalReferences(_ html: String) -> [String] {
        let lower = html.lowercased()
        var found: [String] = []
        for needle in ["http:", "https:", "<script", "<link", "<img", "<iframe", "<object", "<embed", "@import", "src=", "javascript:"] {
            if lower.contains(needle) { found.append(needle) }
        }
        var rest = Substring(lower)
        while let range = rest.range(of: "url(") {
            let after = rest[range.upperBound...]
            if !after.hasPrefix("#") { found.append("url(" + after.prefix(12)) }
            rest = after
        }
        rest = Substring(lower)
        while let range = rest.range(of: "href=\"") {
            let after = rest[range.upperBound...]
            if !after.hasPrefix("#") { found.append("href=\"" + after.prefix(12)) }
            rest = after
        }
        return found
    }

    /// The `data-points` value of every `<svg>` in `html`.
    static func chartPoints(_ html: String) -> [Int] {
        var out: [Int] = []
        var rest = Substring(html)
        while let svg = rest.range(of: "<svg ") {
            let tail = rest[svg.upperBound...]
            guard let attr = tail.range(of: "data-points=\"") else { break }
            let digits = tail[attr.upperBound...].prefix { $0.isNumber }
            out.append(Int(digits) ?? -1)
            rest = tail[attr.upperBound...]
        }
        return out
    }

    static func count(_ needle: String, in html: String) -> Int {
        html.components(separatedBy: needle).count - 1
    }
}
