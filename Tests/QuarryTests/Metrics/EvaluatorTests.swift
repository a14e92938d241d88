import Testing
@testable import Quarry

/// Input validation, the report's JSON contract, warnings for undefined values, and the text rendering.
@Suite struct EvaluatorTests {
    @Test func rejectsBadInputNamingTheRow() {
        #expect(throws: MetricsInputError.nonFiniteScore(row: 1, value: .infinity)) {
            try ScoredLabels(scores: [0.1, .infinity], labels: [true, false])
        }
        #expect(throws: MetricsInputError.nonBinaryLabel(row: 2, value: 2)) {
            try ScoredLabels(scores: [0.1, 0.2, 0.3], labels: [0, 1, 2] as [UInt8])
        }
        #expect(throws: MetricsInputError.lengthMismatch(scores: 2, labels: 1)) {
            try ScoredLabels(scores: [0.1, 0.2], labels: [true])
        }
        #expect(throws: MetricsInputError.empty) { try ScoredLabels(scores: [], labels: [Bool]()) }
        do {
            _ = try ScoredLabels(scores: [0.1, .nan], labels: [true, false])
            Issue.record("NaN accepted")
        } catch let error as MetricsInputError {
            #expect(error.kind == .dataError)
            #expect(error.message == "score at row 1 (0-based) is nan: expected a finite number")
        } catch { Issue.record("unexpected \(error)") }
    }

    @Test(arguments: [
        EvaluationOptions(operatingPoint: .targetRecall(1.5)),
        EvaluationOptions(operatingPoint: .threshold(.nan)),
        EvaluationOptions(bandHalfWidth: -0.1),
        EvaluationOptions(maxFPR: 0),
        EvaluationOptions(maxFPR: 1.2),
        EvaluationOptions(bootstrapReplicates: -1),
        EvaluationOptions(calibrationBins: 0),
        EvaluationOptions(threads: 0),
    ])
    func rejectsOptionsOutOfRange(options: EvaluationOptions) {
        #expect(throws: MetricsInputError.self) { try Evaluator(options: options) }
        do { _ = try Evaluator(options: options) } catch let e as MetricsInputError { #expect(e.kind == .usage) } catch {}
    }

    @Test func jsonKeysFollowTheContract() throws {
        let fixture = try MetricsFixture.load("spam")
        let options = EvaluationOptions(operatingPoint: .targetRecall(0.9), bandHalfWidth: 0.1, maxFPR: 0.1,
                                        bootstrapReplicates: 50, seed: 1)
        let report = try Evaluator(options: options).evaluate(fixture.data)
        let json = report.json
        #expect(json.objectValue?.map(\.0) == [
            "quarry_version", "parameters", "rows", "positives", "negatives", "roc_auc", "average_precision",
            "partial_auc", "log_loss", "brier", "operating_point", "band", "intervals", "warnings",
        ])
        #expect(json["partial_auc"]?.objectValue?.map(\.0) == ["max_fpr", "value"])
        #expect(json["operating_point"]?.objectValue?.map(\.0) == ["threshold", "tp", "fp", "tn", "fn", "precision", "recall", "f1", "fpr"])
        #expect(json["band"]?.objectValue?.map(\.0) == ["low", "high", "rows", "positives", "negatives", "error_rate", "ece"])
        #expect(json["intervals"]?.objectValue?.map(\.0) == ["precision", "recall", "fpr", "average_precision"])
        #expect(json["intervals"]?["recall"]?.objectValue?.map(\.0) == ["low", "high"])
        #expect(json["warnings"] == .array([]))
        #expect(json["parameters"]?["target_recall"] == .number(0.9))
        #expect(json["rows"] == .number(4601))
        #expect(json["roc_auc"]?.doubleValue == fixture.double("roc_auc").map { _ in report.rocAUC! })
        #expect((report.operatingPoint?.recall ?? 0) >= 0.9)
        // Same inputs and seed → byte-identical output, whatever the thread count.
        var twoThreads = options
        twoThreads.threads = 2
        var oneThread = options
        oneThread.threads = 1
        let a = try Evaluator(options: oneThread).evaluate(fixture.data).json.serialized()
        let b = try Evaluator(options: twoThreads).evaluate(fixture.data).json.serialized()
        #expect(a == b)
    }

    @Test func undefinedValuesAreNullWithAReason() throws {
        let data = try ScoredLabels(scores: [0.2, 0.4, 0.6], labels: [false, false, false])
        let options = EvaluationOptions(operatingPoint: .threshold(0.9), bandHalfWidth: 0.05, maxFPR: 0.5, bootstrapReplicates: 10)
        let json = try Evaluator(options: options).evaluate(data).json
        #expect(json["roc_auc"] == .null)
        #expect(json["average_precision"] == .null)
        #expect(json["partial_auc"]?["value"] == .null)
        #expect(json["operating_point"]?["precision"] == .null)
        #expect(json["operating_point"]?["recall"] == .null)
        #expect(json["operating_point"]?["fpr"] == .number(0))
        #expect(json["band"]?["error_rate"] == .null)
        let keys = json["warnings"]?.arrayValue?.compactMap { $0["key"]?.stringValue } ?? []
        for key in ["roc_auc", "average_precision", "partial_auc", "operating_point.precision",
                    "operating_point.recall", "band", "intervals.precision", "intervals.recall", "intervals.average_precision"] {
            #expect(keys.contains(key), "missing warning for \(key)")
        }
    }

    @Test func unreachableTargetIsAWarningNotACrash() throws {
        // The top-scored row is a negative, so no threshold has fpr 0.
        let data = try ScoredLabels(scores: [0.9, 0.8, 0.1], labels: [false, true, false])
        let report = try Evaluator(options: .init(operatingPoint: .targetFPR(0), bandHalfWidth: 0.1)).evaluate(data)
        #expect(report.operatingPoint == nil)
        #expect(report.json["operating_point"] == .null)
        #expect(report.json["band"] == .null)
        #expect(report.warnings.map(\.key) == ["operating_point", "band"])
        #expect(report.text.contains("operating point (target_fpr 0.0000): none"))
    }

    @Test func rawMarginsHaveNoProbabilityMetrics() throws {
        let data = try ScoredLabels(scores: [-2, 1.5, 0.3, 3], labels: [false, true, false, true])
        let report = try Evaluator(options: .init(operatingPoint: .threshold(0), bandHalfWidth: 1)).evaluate(data)
        #expect(report.logLoss == nil && report.brier == nil && report.band?.ece == nil)
        #expect(report.band?.rows == 1)
        #expect(report.warnings.map(\.key) == ["log_loss", "brier", "band.ece"])
    }

    @Test func textShowsTheOperatingPointAndBand() throws {
        let fixture = try MetricsFixture.load("spam")
        let report = try Evaluator(options: .init(operatingPoint: .threshold(0.5), bandHalfWidth: 0.1,
                                                  bootstrapReplicates: 20, seed: 3)).evaluate(fixture.data)
        let text = report.text
        #expect(text.hasPrefix("rows 4601  positives 1813  negatives 2788"))
        #expect(text.contains("operating point (fixed threshold): score ≥ 0.500000"))
        #expect(text.contains("band [0.400000, 0.600000]"))
        #expect(text.contains("bootstrap: 20 replicates, seed 3"))
        #expect(EvaluationReport.format(0.12345) == "0.1235" || EvaluationReport.format(0.12345) == "0.1234")
        #expect(EvaluationReport.format(-0.5) == "-0.5000")
        #expect(EvaluationReport.format(nil) == "—")
    }
}
