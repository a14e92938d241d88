import Foundation
import Testing
@testable import Quarry

@Suite struct HumanNumberTests {
    @Test(arguments: [
        (0.912345, "0.912"), (12_345.6, "12,300"), (0.0000123, "1.23e-5"), (9.996, "10.0"), (0.05336, "0.0534"),
        (-0.0202, "-0.0202"), (1_234_567.0, "1,230,000"), (0.0, "0"), (1.0, "1.00"), (999.5, "1,000"), (0.1, "0.100"),
    ])
    func threeSignificantDigits(x: Double, text: String) {
        #expect(HumanNumber.format(x) == text)
    }

    @Test func countsTicksAndPercents() {
        #expect(HumanNumber.count(4_601) == "4,601")
        #expect(HumanNumber.count(-1_000) == "-1,000")
        #expect(HumanNumber.tick(0.2) == "0.2")
        #expect(HumanNumber.tick(10_000) == "10,000")
        #expect(HumanNumber.tick(1) == "1")
        #expect(HumanNumber.percent(0.0712) == "7.12%")
        #expect(HumanNumber.format(nil) == "—")
        #expect(HumanNumber.format(.nan) == "—")
    }
}

@Suite struct ChartScaleTests {
    @Test func linearTicksAreNiceAndInside() {
        let s = ChartScale(kind: .linear, low: 0, high: 1, start: 0, end: 100)
        #expect(s.ticks(target: 5) == [0, 0.2, 0.4, 0.6000000000000001, 0.8, 1])
        #expect(s.position(0.5) == 50)
        let flipped = ChartScale(kind: .linear, low: -0.4, high: 4.4, start: 200, end: 0)
        #expect(flipped.ticks(target: 6) == [0, 1, 2, 3, 4])
    }

    @Test func logTicksArePowersOfTen() {
        let s = ChartScale(kind: .log, low: 0.5, high: 10_000, start: 0, end: 100)
        #expect(s.ticks() == [1, 10, 100, 1_000, 10_000])
        let narrow = ChartScale(kind: .log, low: 1, high: 100, start: 0, end: 100)
        #expect(narrow.ticks() == [1, 2, 5, 10, 20, 50, 100])
        #expect(abs(narrow.position(10) - 50) < 1e-9)
    }
}

@Suite struct WilsonIntervalTests {
    /// scipy's `binomtest(k, n).proportion_ci(method="wilson")` (Tests/Fixtures/report/make_wilson.py).
    @Test func matchesScipy() throws {
        let cases = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: ReportFixture.directory.appendingPathComponent("wilson.json"))) as? [[String: Any]])
        #expect(cases.count == 9)
        for c in cases {
            let k = c["successes"] as! Int, n = c["trials"] as! Int
            let i = try #require(WilsonInterval.of(successes: k, trials: n))
            #expect(abs(i.low - (c["low"] as! Double)) < 1e-12, "\(k)/\(n)")
            #expect(abs(i.high - (c["high"] as! Double)) < 1e-12, "\(k)/\(n)")
        }
        #expect(WilsonInterval.of(successes: 0, trials: 0) == nil)
    }
}

@Suite struct HTMLReportTests {
    @Test(arguments: ReportFixture.kinds.map(\.name))
    func everyReportIsSelfContainedWellFormedAndEveryChartHasData(kind: String) throws {
        let report = try ReportFixture.kinds.first { $0.name == kind }!.make()
        let html = report.html
        #expect(ReportFixture.xmlError(html) == nil, "\(kind): \(ReportFixture.xmlError(html) ?? "")")
        #expect(ReportFixture.externalReferences(html).isEmpty, "\(kind): \(ReportFixture.externalReferences(html))")
        let points = ReportFixture.chartPoints(html)
        #expect(points.count == report.charts.count && points.count >= 3, "\(kind): \(points)")
        #expect(points.allSatisfy { $0 > 0 }, "\(kind): \(points)")
        // Every chart is a figure with a title and a caption.
        #expect(ReportFixture.count("<figure><h3>", in: html) == report.charts.count)
        #expect(ReportFixture.count("<figcaption>", in: html) == report.charts.count)
        for chart in report.charts {
            #expect(!chart.title.isEmpty && !chart.caption.isEmpty && !chart.caption.contains("\n"))
        }
        #expect(html.contains("<table>") && html.contains("<thead>"))
        #expect(html.contains("prefers-color-scheme: dark") && html.contains("@media print"))
    }

    @Test func scoredReportMarksTheOperatingPointWithItsIntervals() throws {
        let report = try ReportFixture.scored()
        #expect(report.charts.map(\.title) == ["Scores of positives, negatives and hard negatives", "Precision–recall curve",
                                               "ROC curve", "Reliability diagram in the band"])
        let pr = report.charts[1]
        #expect(pr.zoom != nil)
        let point = pr.marks.compactMap { mark -> Chart.Point? in
            if case .points(let name, let points, _) = mark, name == "operating point" { return points.first }
            return nil
        }.first
        let p = try #require(point)
        #expect(p.xLow! <= p.x && p.x <= p.xHigh! && p.yLow! <= p.y && p.y <= p.yHigh!)
        // The histogram's bins hold every row once per group.
        let bars = report.charts[0].marks.compactMap { mark -> Double? in
            if case .bars(_, let bins, _) = mark { return bins.reduce(0) { $0 + $1.value } }
            return nil
        }
        #expect(bars == [2_788, 1_813, 149])
    }

    @Test func explainReportDrawsThePermutedStatistics() throws {
        let json = try ReportInput.readJSON(ReportFixture.path("explain.json"))
        let result = try ExplainResult(json: json, file: "explain.json")
        #expect(result.audit.nullStatistics.count == result.audit.permutations)
        let report = HTMLReport.explain(result, source: "explain.json")
        #expect(report.charts.first?.title == "The observed statistic against its null")
    }

    @Test func loopReportHasEveryArmAndRound() throws {
        let run = try LoopRunRecord(directory: ReportFixture.path("loop-run"), summary: try ReportInput.readJSON(ReportFixture.path("loop-summary.json")))
        #expect(run.arms.map(\.name) == ["strategy", "random"])
        #expect(run.arms.allSatisfy { $0.rounds.map(\.round) == [0, 1, 2, 3, 4] })
        #expect(run.comparison?.differences.map(\.metric) == ["fpr_at_target_recall", "partial_auc"])
        #expect(run.arms[0].rounds.allSatisfy { $0.testPrecision != nil && $0.fprAtTargetRecall != nil })
    }

    @Test func loopReportReadsTheRunFoldersSummary() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-report-summary-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.copyItem(atPath: ReportFixture.path("loop-run"), toPath: dir)
        // A folder without summary.json (a run killed before its end): rounds, no comparison.
        #expect(try LoopRunRecord(directory: dir).comparison == nil)
        // With the summary the loop writes at the end, the comparison comes from it.
        try FileManager.default.copyItem(atPath: ReportFixture.path("loop-summary.json"), toPath: dir + "/" + LoopSummary.jsonFile)
        let fromFolder = try LoopRunRecord(directory: dir)
        let given = try LoopRunRecord(directory: dir, summary: try ReportInput.readJSON(ReportFixture.path("loop-summary.json")))
        #expect(fromFolder.comparison != nil)
        #expect(fromFolder.comparison?.differences.map(\.difference) == given.comparison?.differences.map(\.difference))
        #expect(HTMLReport.loop(fromFolder, source: "run").html == HTMLReport.loop(given, source: "run").html)
        // --summary still wins over the folder's file; a broken folder file is a clear data error naming it.
        try "{\"comparison\": {\"control\": 1}}".write(toFile: dir + "/" + LoopSummary.jsonFile, atomically: true, encoding: .utf8)
        #expect(try LoopRunRecord(directory: dir, summary: try ReportInput.readJSON(ReportFixture.path("loop-summary.json"))).comparison != nil)
        do {
            _ = try LoopRunRecord(directory: dir)
            Issue.record("a malformed summary.json was accepted")
        } catch {
            #expect("\(error)".contains("summary.json"), "\(error)")
        }
    }

    /// `chosen_ranks` against a brute-force rank: each chosen negative's position among the
    /// query's corpus rows by score (ties by lower row), positives included.
    @Test func chosenRanksMatchBruteForce() throws {
        let p = MiningFixture.problem(n: 60, m: 500, d: 16, maxPositives: 2, seed: 21)
        let result = try ReportFixture.retrievalResult()
        var expected: [Int] = []
        for (q, selection) in result.selections.enumerated() {
            let scores = (0..<500).map { row in (0..<16).reduce(Float(0)) { $0 + p.queryValues[q * 16 + $1] * p.corpusValues[row * 16 + $1] } }
            let order = (0..<500).sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
            for negative in selection.negatives {
                let rank = order.firstIndex(of: negative.row)!
                if expected.count <= rank { expected += [Int](repeating: 0, count: rank + 1 - expected.count) }
                expected[rank] += 1
            }
        }
        #expect(result.report.counters.chosenRanks == expected)
        let summary = try RetrievalMiningSummary(json: result.report.json, file: "summary.json")
        #expect(summary.chosenRanks.reduce(0, +) == result.selections.reduce(0) { $0 + $1.negatives.count })
        #expect(summary.filters.first?.name == "candidates")
    }

    @Test func decodingErrorsNameTheFileAndKey() throws {
        var json = try ReportInput.readJSON(ReportFixture.path("explain.json"))
        guard case .object(var members) = json else { Issue.record("not an object"); return }
        let b = members.firstIndex { $0.0 == "beyond_score" }!
        guard case .object(var audit) = members[b].1 else { return }
        audit.removeAll { $0.0 == "verdict" }
        members[b].1 = .object(audit)
        json = .object(members)
        let missing = #expect(throws: InvalidInput.self) { try ExplainResult(json: json, file: "e.json") }
        #expect(missing?.message == "e.json: key 'beyond_score.verdict' is missing" && missing?.kind == .dataError)
        let wrong = #expect(throws: InvalidInput.self) { try RetrievalMiningSummary(json: ["command": "explain"], file: "s.json") }
        #expect(wrong?.message == "s.json: key 'command' must be \"mine-retrieval\" or \"retrieval-select\" (this is not a retrieval mining summary)")
    }

    @Test func inputsAreRecognised() throws {
        func kind(_ path: String) throws -> String { try ReportInput.recognise(path).kindName }
        #expect(try kind(ReportFixture.path("loop-run")) == "loop run")
        #expect(try kind(ReportFixture.path("explain.json")) == "explain result")
        #expect(try kind(ReportFixture.packageRoot.appendingPathComponent("Examples/data/spam_scored.csv").path) == "scored file")
        #expect(try kind(ReportFixture.path("wilson.json")) == "scored file")    // a JSON array is not a result
        #expect(throws: InvalidInput.self) { try ReportInput.recognise(ReportFixture.path("loop-summary.json")) }
        #expect(throws: IOFailure.self) { try ReportInput.recognise(ReportFixture.path("missing.json")) }
    }
}
