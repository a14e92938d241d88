import Testing
@testable import Quarry

/// The fast part of the audit's planted-truth suite: each case of ``PlantedScoredData`` on a
/// couple of seeds at small size, with B = 39 permutations and 10 planted signals to keep
/// debug-build CI fast (the defaults are 199 and 20). The many-seed type-I and power rates are measured by
/// `quarry-bench explain-audit` (bench/results/analysis.md).
@Suite struct BeyondScorePlantedTests {
    static let fast = BeyondScoreAudit.Options(permutations: 39, powerInjections: 10)

    /// Seeds 1 and 2 of every case: the first two, fixed before the results were seen, never
    /// re-picked to make a test pass.
    static let seeds: [UInt64] = [1, 2]

    static func audit(_ planted: PlantedScoredData.Case, seed: UInt64) throws -> BeyondScoreAudit {
        let sample = try PlantedScoredData.make(planted, rows: 3000, seed: seed)
        var options = Self.fast
        options.seed = seed
        let audit = try BeyondScoreAudit(features: sample.features, labels: sample.labels, scores: sample.scores,
                                         threshold: sample.threshold, options: options)
        print("planted \(planted.rawValue) seed \(seed): \(audit.verdict.rawValue), T \(audit.statistic ?? .nan), critical \(audit.criticalValue ?? .nan), p \(audit.pValue ?? .nan), power \(audit.power ?? .nan), named \(audit.namedFeatures)")
        return audit
    }

    /// The separable cases have a wide margin (power 1.0 over 40 seeds in the suite, T tens of
    /// times the critical value): on each seed the verdict is separable, T is at least 5 times
    /// the null's critical value, and the carriers are named (the pair first, for the interaction).
    @Test(arguments: [PlantedScoredData.Case.interaction, .squared, .withheldFeature])
    func separableCasesAreFoundWithAMargin(planted: PlantedScoredData.Case) throws {
        for seed in Self.seeds {
            let audit = try Self.audit(planted, seed: seed)
            #expect(audit.verdict == .separable, "seed \(seed)")
            let t = try #require(audit.statistic), critical = try #require(audit.criticalValue)
            #expect(t >= 5 * Swift.max(critical, 1e-4), "seed \(seed): T \(t), critical \(critical)")
            #expect(Set(planted.carriers).isSubset(of: Set(audit.namedFeatures)), "seed \(seed)")
            if planted == .interaction {
                #expect(audit.interactions.first.map { Set([$0.first, $0.second]) == ["c", "d"] && $0.named } == true)
            }
        }
    }

    /// The not-separable cases on the fixed seeds. A single seed cannot be asserted: a correct
    /// test says separable on 5 % of them (the suite measures 0.03–0.045 over 200 seeds) and
    /// inconclusive when the power check falls short. So, over the 6 cases × 2 seeds: at most 2
    /// separable verdicts (a 5 % type-I rate exceeds that with probability 2 %; a test that
    /// lost the label–score link says separable on nearly all of them), at least 8 not
    /// separable, and every inconclusive verdict blames the power, not the data.
    @Test func notSeparableCasesKeepTheirTypeIRate() throws {
        let cases: [PlantedScoredData.Case] = [.nullModel, .hiddenCoinLogistic, .hiddenCoinGBDT, .probitTruth, .scoreShift, .monotoneTransform]
        var verdicts: [String: BeyondScoreAudit.Verdict] = [:]
        for planted in cases {
            for seed in Self.seeds {
                let audit = try Self.audit(planted, seed: seed)
                verdicts["\(planted.rawValue) \(seed)"] = audit.verdict
                if audit.verdict == .inconclusive { #expect(audit.reason?.contains("too little power") == true) }
            }
        }
        #expect(verdicts.values.filter { $0 == .separable }.count <= 2, "\(verdicts)")
        #expect(verdicts.values.filter { $0 == .notSeparable }.count >= 8, "\(verdicts)")
    }

    /// 50 hard negatives: below the 100 per class the audit needs before it says not separable.
    @Test func fewHardNegativesAreInconclusive() throws {
        for seed in Self.seeds {
            let audit = try Self.audit(.fewHardNegatives, seed: seed)
            #expect(audit.negatives <= 50 && audit.verdict != .notSeparable, "seed \(seed)")
            #expect(audit.verdict == .inconclusive || audit.verdict == .separable)
        }
    }

    /// The regression case: 12,000 rows, the label `core(a, b) ∧ coin`, a logistic
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
