import Foundation
@testable import Quarry
import Testing

/// A round's test report and ranking are typed (``EvaluationReport``, ``LoopRankingMetrics``)
/// and read back from `metrics.json` to the same bytes, also from a run written before they were.
@Suite struct LoopRoundJSONTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/report/loop-run")

    /// `block` (a round's object, or a control's) with `test` and `test_ranking` decoded and encoded again.
    static func reencoded(_ block: JSONValue, file: String, path: String) throws -> JSONValue {
        guard case .object(var members) = block else { return block }
        let fields = JSONFields(block, path: path, file: file)
        for (i, (key, _)) in members.enumerated() {
            switch key {
            case "test": members[i].1 = try fields.optionalMember("test").map(EvaluationReport.init(json:))?.json ?? .null
            case "test_ranking": members[i].1 = try fields.optionalMember("test_ranking").map(LoopRankingMetrics.init(json:))?.json ?? .null
            case "control": members[i].1 = try reencoded(members[i].1, file: file, path: "control")
            case "other_controls":
                guard case .object(var controls) = members[i].1 else { continue }
                for j in controls.indices {
                    controls[j].1 = try reencoded(controls[j].1, file: file, path: "other_controls." + controls[j].0)
                }
                members[i].1 = .object(controls)
            default: continue
            }
        }
        return .object(members)
    }

    @Test(arguments: 0...4) func savedRoundsReadBackToTheSameBytes(_ round: Int) throws {
        let path = Self.fixtures.appendingPathComponent(String(format: "round-%03d/metrics.json", round)).path
        let bytes = try String(contentsOfFile: path, encoding: .utf8)
        let json = try JSONValue.parse(bytes)
        #expect(json["test"] != .null && json["test_ranking"] != .null && json["control"] != nil)
        #expect(try Self.reencoded(json, file: path, path: "").serialized(pretty: true) + "\n" == bytes)
    }

    @Test func aReportWithNullsIntervalsAndWarningsReadsBack() throws {
        let evaluator = try Evaluator(options: EvaluationOptions(operatingPoint: .targetRecall(0.5), bandHalfWidth: 0.2, maxFPR: 0.3,
                                                                 bootstrapReplicates: 20, seed: 7))
        // Scores outside [0, 1]: no log loss or Brier (null, with a warning).
        let report = evaluator.evaluate(try ScoredLabels(scores: [2.5, 1.5, 0.5, -0.5, 1.0, 3.0], labels: [true, false, true, false, false, true]))
        #expect(report.logLoss == nil && !report.warnings.isEmpty && report.intervals != nil)
        let text = report.json.serialized(pretty: true)
        let decoded = try EvaluationReport(json: JSONFields(try JSONValue.parse(text), file: "test.json"))
        #expect(decoded.json.serialized(pretty: true) == text)
        #expect(decoded.operatingPoint == report.operatingPoint && decoded.band == report.band && decoded.options.operatingPoint == report.options.operatingPoint)
    }

    @Test func aMistypedTestReportIsADataErrorNamingTheKey() throws {
        let path = Self.fixtures.appendingPathComponent("round-000/metrics.json").path
        var json = try JSONValue.parse(try String(contentsOfFile: path, encoding: .utf8))
        guard case .object(var members) = json, let i = members.firstIndex(where: { $0.0 == "test" }),
              case .object(var test) = members[i].1, let rows = test.firstIndex(where: { $0.0 == "rows" }) else {
            Issue.record("fixture without test.rows")
            return
        }
        test[rows].1 = .string("many")
        members[i].1 = .object(test)
        json = .object(members)
        #expect(throws: InvalidInput.self) { try Self.reencoded(json, file: "metrics.json", path: "") }
        do { _ = try Self.reencoded(json, file: "metrics.json", path: "") } catch {
            #expect("\(error)".contains("metrics.json: key 'test.rows' must be an integer"), "\(error)")
        }
    }
}
