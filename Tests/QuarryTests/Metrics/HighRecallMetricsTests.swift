import Foundation
import Testing
@testable import Quarry

/// FPR at a target recall and the partial AUC over a TPR band against scikit-learn
/// (`Tests/Fixtures/metrics/make_high_recall.py`).
@Suite struct HighRecallMetricsTests {
    static func oracle() throws -> [String: [String: Any]] {
        let url = MetricsFixture.directory.appendingPathComponent("high_recall.json")
        let json = try! JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        var out: [String: [String: Any]] = [:]
        for case let entry as [String: Any] in json["cases"] as! [Any] { out[entry["name"] as! String] = entry }
        return out
    }

    @Test(arguments: ["tiny", "ties", "imbalanced", "margins", "spam"])
    func matchesScikitLearn(name: String) throws {
        let fixture = try MetricsFixture.load(name)
        let expected = try #require(try Self.oracle()[name])
        let curve = ThresholdCurve(fixture.data)
        for case let entry as [String: Any] in expected["fpr_at_recall"] as! [Any] {
            let recall = number(entry["recall"])!
            #expect(close(curve.fprAtRecall(recall), number(entry["fpr"]), tolerance: 1e-12), "recall \(recall)")
        }
        for case let entry as [String: Any] in expected["partial_auc_tpr"] as! [Any] {
            let minTPR = number(entry["min_tpr"])!
            let value = try #require(fixture.data.partialAUC(minTPR: minTPR))
            #expect(abs(value - number(entry["value"])!) < 1e-12, "min_tpr \(minTPR)")
        }
    }

    @Test func undefinedWithOneClass() throws {
        let data = try ScoredLabels(scores: [0.1, 0.2], labels: [true, true])
        #expect(ThresholdCurve(data).fprAtRecall(0.9) == nil)
        #expect(data.partialAUC(minTPR: 0.8) == nil)
    }

    @Test func aPerfectRankingScoresOneAndAReversedOneZero() throws {
        let labels: [Bool] = [true, true, true, false, false, false]
        let perfect = try ScoredLabels(scores: [0.9, 0.8, 0.7, 0.3, 0.2, 0.1], labels: labels)
        let reversed = try ScoredLabels(scores: [0.1, 0.2, 0.3, 0.7, 0.8, 0.9], labels: labels)
        #expect(perfect.partialAUC(minTPR: 0.8) == 1)
        #expect(ThresholdCurve(perfect).fprAtRecall(1) == 0)
        #expect(ThresholdCurve(reversed).fprAtRecall(1) == 1)
    }
}
