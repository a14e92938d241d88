import Foundation
import Testing
@testable import Quarry

/// One case of `Tests/Fixtures/analysis/two_sample.txt` (made by `make_two_sample.py`).
struct TwoSampleCase: CustomStringConvertible, Sendable {
    var name = ""
    var a: [Double] = []
    var b: [Double] = []
    var auc = 0.0, ks = 0.0, smd = 0.0
    var description: String { name }

    static let fixtureURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/analysis/two_sample.txt")

    static func load() -> [TwoSampleCase] {
        guard let text = try? String(contentsOf: fixtureURL, encoding: .utf8) else { return [] }
        var cases: [TwoSampleCase] = []
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ")
            let numbers = parts.dropFirst().compactMap { Double($0) }
            switch parts.first {
            case "case": cases.append(TwoSampleCase(name: String(parts[1])))
            case "a": cases[cases.count - 1].a = numbers
            case "b": cases[cases.count - 1].b = numbers
            case "auc": cases[cases.count - 1].auc = numbers[0]
            case "ks": cases[cases.count - 1].ks = numbers[0]
            case "smd": cases[cases.count - 1].smd = numbers[0]
            default: break
            }
        }
        return cases
    }
}

@Suite struct TwoSampleStatisticsTests {
    @Test func fixtureIsPresent() { #expect(TwoSampleCase.load().count == 6) }

    @Test(arguments: TwoSampleCase.load())
    func matchesScipyAndSklearn(fixture: TwoSampleCase) throws {
        let auc = try #require(TwoSampleStatistics.rocAUC(positives: fixture.a, negatives: fixture.b))
        #expect(abs(auc - fixture.auc) < 1e-12, "roc_auc_score \(fixture.auc), got \(auc)")
        let ks = try #require(TwoSampleStatistics.kolmogorovSmirnov(fixture.a, fixture.b))
        #expect(abs(ks - fixture.ks) < 1e-12, "ks_2samp \(fixture.ks), got \(ks)")
        let smd = try #require(TwoSampleStatistics.standardizedMeanDifference(fixture.a, fixture.b))
        #expect(abs(smd - fixture.smd) < 1e-9, "pooled d \(fixture.smd), got \(smd)")
    }

    @Test func undefinedCases() {
        #expect(TwoSampleStatistics.rocAUC(positives: [], negatives: [1]) == nil)
        #expect(TwoSampleStatistics.kolmogorovSmirnov([1], []) == nil)
        #expect(TwoSampleStatistics.standardizedMeanDifference([2, 2], [2, 2, 2]) == nil)
        #expect(TwoSampleStatistics.standardizedMeanDifference([1], [2]) == nil)
    }

    @Test func featureSeparationDropsMissingAndRanksByAUC() throws {
        // Rows 0–3 hard negatives (score ≥ 0.5, label 0), 4–7 positives in the band, 8–9 easy negatives.
        let scores = [0.6, 0.7, 0.55, 0.9, 0.6, 0.65, 0.6, 0.62, 0.1, 0.05]
        let labels = [false, false, false, false, true, true, true, true, false, false]
        let groups = try ExplainGroups(scores: scores, labels: labels, threshold: 0.5,
                                       options: .init(positiveBand: 0.2, minimumPositives: 2, easyMargin: 0.2))
        #expect(groups.hardNegatives == [0, 1, 2, 3])
        #expect(groups.positives == [4, 5, 6, 7])
        #expect(groups.easyNegatives == [8, 9])
        let informative: [Double] = [5, 6, 7, .nan, 1, 2, 3, 4, 0, 0]
        let noise: [Double] = [1, 2, 1, 2, 2, 1, 2, 1, 5, 5]
        let features = FeatureMatrix(names: ["noise", "informative"], rowCount: 10, values: noise + informative)
        let ranked = FeatureSeparation.rank(features: features, groups: groups)
        #expect(ranked.map(\.feature) == ["informative", "noise"])
        #expect(ranked[0].aucVersusPositives == 1)
        #expect(ranked[0].missingRateHard == 0.25)
        #expect(ranked[0].missingRatePositives == 0)
        #expect(ranked[0].ksVersusPositives == 1)
        #expect(ranked[1].aucVersusPositives == 0.5)
    }
}
