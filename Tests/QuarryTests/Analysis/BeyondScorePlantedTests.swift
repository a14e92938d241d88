import Testing
@testable import Quarry

/// The fast part of the audit's planted-truth suite: each case of ``PlantedScoredData`` on a
/// couple of seeds at small size, with B = 39 permutations and 10 planted signals to keep
/// debug-build CI fast (the defaults are 199 and 20). The many-seed type-I and power rates are measured by
/// `quarry-bench explain-audit` (bench/results/analysis.md).
@Suite struct BeyondScorePlantedTests {
    static let fast = BeyondScoreAudit.Options(permutations: 39, powerInjections: 10)

    static let cases: [(PlantedScoredData.Case, UInt64)] = PlantedScoredData.Case.allCases.map { ($0, 1) }
        + [(.nullModel, 3), (.interaction, 2), (.withheldFeature, 2)]  // null seed 2 is one of its ~3 % type-I events

    @Test(arguments: cases)
    func verdictMatchesThePlantedTruth(planted: PlantedScoredData.Case, seed: UInt64) throws {
        let sample = try PlantedScoredData.make(planted, rows: 3000, seed: seed)
        var options = Self.fast
        options.seed = seed
        let audit = try BeyondScoreAudit(features: sample.features, labels: sample.labels, scores: sample.scores,
                                         threshold: sample.threshold, options: options)
        print("planted \(planted.rawValue) seed \(seed): \(audit.verdict.rawValue), T \(audit.statistic ?? .nan), p \(audit.pValue ?? .nan), power \(audit.power ?? .nan), named \(audit.namedFeatures)")
        #expect(audit.verdict == planted.expected, "\(audit.reason ?? "")")
        if planted.expected == .separable {
            #expect(Set(planted.carriers).isSubset(of: Set(audit.namedFeatures)))
        }
        if planted == .interaction {
            #expect(audit.interactions.first.map { Set([$0.first, $0.second]) == ["c", "d"] && $0.named } == true)
        }
    }

    /// The issue's regression case: 12,000 rows, the label `core(a, b) ∧ coin`, a logistic
    /// scorer; the old separability test called it separable (AUC 0.76).
    @Test func hiddenCoinIsNotSeparable() throws {
        let sample = try PlantedScoredData.make(.hiddenCoinLogistic, rows: 12_000, seed: 10)
        let audit = try BeyondScoreAudit(features: sample.features, labels: sample.labels, scores: sample.scores,
                                         threshold: sample.threshold)
        print("hidden coin, 12000 rows: \(audit.verdict.rawValue), \(audit.rows.count) rows in region, T \(audit.statistic!), p \(audit.pValue!), power \(audit.power!)")
        #expect(audit.verdict == .notSeparable)
        #expect(audit.options.permutations == 199 && audit.nullStatistics.count == 199)
        #expect(audit.namedFeatures.isEmpty)
        #expect(audit.advice.contains("collect or engineer a new property"))
    }
}
