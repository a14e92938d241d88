import Foundation
import Testing
@testable import Quarry

/// Quarry's metrics against scikit-learn 1.9.1 values (Tests/Fixtures/metrics/make_fixtures.py), to 1e-9.
@Suite struct MetricsOracleTests {
    @Test(arguments: MetricsFixture.caseNames)
    func globalMetricsMatchScikitLearn(name: String) throws {
        let fixture = try MetricsFixture.load(name)
        let data = fixture.data
        let curve = ThresholdCurve(data)
        #expect(data.count == fixture.json["rows"] as? Int)
        #expect(data.positives == fixture.json["positives"] as? Int)
        #expect(data.negatives == fixture.json["negatives"] as? Int)
        #expect(close(curve.rocAUC, fixture.double("roc_auc")))
        #expect(close(curve.averagePrecision, fixture.double("average_precision")))
        for entry in fixture.array("partial_auc") {
            let maxFPR = exactNumber(entry["max_fpr"])!
            #expect(close(curve.partialAUC(maxFPR: maxFPR), number(entry["value"])), "max_fpr \(maxFPR)")
        }
        #expect(close(data.logLoss, fixture.double("log_loss")))
        #expect(close(data.brier, fixture.double("brier")))
    }

    @Test(arguments: MetricsFixture.caseNames)
    func curvesMatchScikitLearn(name: String) throws {
        let fixture = try MetricsFixture.load(name)
        let curve = ThresholdCurve(fixture.data)
        if let roc = fixture.object("roc_curve") {
            let mine = try #require(curve.rocCurve)
            #expect(close(mine.falsePositiveRates, numbers(roc["fpr"])))
            #expect(close(mine.truePositiveRates, numbers(roc["tpr"])))
            #expect(mine.thresholds.first == .infinity)
            #expect(Array(mine.thresholds.dropFirst()) == exactNumbers(roc["thresholds_after_inf"]))
        } else if fixture.json["source"] == nil {
            #expect(curve.rocCurve == nil)
        }
        if let pr = fixture.object("pr_curve") {
            let mine = try #require(curve.precisionRecallCurve)
            #expect(close(mine.precision, numbers(pr["precision"])))
            #expect(close(mine.recall, numbers(pr["recall"])))
            #expect(mine.thresholds == exactNumbers(pr["thresholds"]))
        } else if fixture.json["source"] == nil {
            #expect(curve.precisionRecallCurve == nil)
        }
    }

    @Test(arguments: MetricsFixture.caseNames)
    func operatingPointsMatchScikitLearn(name: String) throws {
        let fixture = try MetricsFixture.load(name)
        let curve = ThresholdCurve(fixture.data)
        for expected in fixture.array("operating_points") {
            let t = exactNumber(expected["threshold"])!
            let point = curve.operatingPoint(atThreshold: t)
            #expect(point.truePositives == expected["tp"] as? Int, "t=\(t)")
            #expect(point.falsePositives == expected["fp"] as? Int, "t=\(t)")
            #expect(point.trueNegatives == expected["tn"] as? Int, "t=\(t)")
            #expect(point.falseNegatives == expected["fn"] as? Int, "t=\(t)")
            #expect(close(point.precision, number(expected["precision"])), "t=\(t)")
            #expect(close(point.recall, number(expected["recall"])), "t=\(t)")
            #expect(close(point.f1, number(expected["f1"])), "t=\(t)")
            #expect(close(point.falsePositiveRate, number(expected["fpr"])), "t=\(t)")
        }
    }

    @Test(arguments: MetricsFixture.caseNames)
    func targetRulesPickTheBruteForceThreshold(name: String) throws {
        let fixture = try MetricsFixture.load(name)
        let curve = ThresholdCurve(fixture.data)
        for expected in fixture.array("targets") {
            let value = exactNumber(expected["value"])!
            let rule: OperatingPointRule = switch expected["rule"] as! String {
            case "target_recall": .targetRecall(value)
            case "target_precision": .targetPrecision(value)
            default: .targetFPR(value)
            }
            #expect(curve.operatingPoint(rule)?.threshold == exactNumber(expected["threshold"]), "\(rule)")
        }
    }

    @Test(arguments: MetricsFixture.caseNames)
    func bandsMatchTheNumpyReference(name: String) throws {
        let fixture = try MetricsFixture.load(name)
        let data = fixture.data
        let curve = ThresholdCurve(data)
        for expected in fixture.array("bands") {
            let t = exactNumber(expected["threshold"])!
            let w = exactNumber(expected["half_width"])!
            let band = curve.band(around: t, halfWidth: w, probabilities: data.areProbabilities)
            #expect(band.low == exactNumber(expected["low"]))
            #expect(band.high == exactNumber(expected["high"]))
            #expect(band.rows == expected["rows"] as? Int, "t=\(t) w=\(w)")
            #expect(band.positives == expected["positives"] as? Int, "t=\(t) w=\(w)")
            #expect(band.negatives == expected["negatives"] as? Int, "t=\(t) w=\(w)")
            #expect(close(band.errorRate, number(expected["error_rate"])), "t=\(t) w=\(w)")
            #expect(close(band.ece, number(expected["ece"])), "t=\(t) w=\(w)")
        }
    }

    @Test func percentilesMatchNumpyLinear() throws {
        let data = try Data(contentsOf: MetricsFixture.directory.appendingPathComponent("percentiles.json"))
        let cases = try JSONSerialization.jsonObject(with: data) as! [[String: Any]]
        #expect(!cases.isEmpty)
        for c in cases {
            let values = exactNumbers(c["values"])
            #expect(close(BootstrapIntervals.linearPercentile(sortedValues: values, quantile: 0.025), number(c["p2_5"]), tolerance: 1e-12))
            #expect(close(BootstrapIntervals.linearPercentile(sortedValues: values, quantile: 0.975), number(c["p97_5"]), tolerance: 1e-12))
        }
    }
}
