#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A finished (or interrupted) loop run folder read back into typed values, for the report:
/// the manifest's configuration and, per round, every arm's test measures.
///
/// Reads `manifest.json` and `round-NNN/metrics.json` of each finished round (the contract of
/// `docs/loop.md`); the strategy arm is first in ``arms``, then the controls in the
/// manifest's order. The paired comparison and the recommendation come from the loop's
/// summary: the run folder's `summary.json` (written at the end of a run), or the output of
/// `quarry loop --json` passed as `summary`.
public struct LoopRunRecord: Sendable {
    /// One arm's measures in one round.
    public struct ArmRound: Sendable, Equatable {
        public var round: Int
        public var threshold: Double?
        public var validation: Double?
        /// Test precision, recall and FPR at the validation threshold.
        public var testPrecision: Double?
        public var testRecall: Double?
        public var testFPR: Double?
        public var truePositives: Int?
        public var falsePositives: Int?
        public var testNegatives: Int?
        /// FPR at the target recall on the test ROC, and the partial AUC over TPR ∈ [0.8, 1].
        public var fprAtTargetRecall: Double?
        public var partialAUC: Double?
        /// Pool negatives at or above the threshold not mined before: the hard negatives left.
        public var unusedCandidates: Int
        public var mined: Int
        public var trainingRows: Int
    }

    /// One arm of the run.
    public struct Arm: Sendable, Equatable {
        /// `strategy` or the control's name.
        public var name: String
        public var rounds: [ArmRound]
    }

    /// The paired comparison of the final models, from the loop's `--json` summary.
    public struct Comparison: Sendable, Equatable {
        public struct Difference: Sendable, Equatable {
            public var metric: String
            public var strategy: Double
            public var control: Double
            public var difference: Double
            public var interval: ConfidenceInterval?
            public var verdict: String
        }
        public var control: String
        public var round: Int
        public var differences: [Difference]
        public var chosenArm: String
        public var chosenRound: Int?
        public var chosenReason: String
    }

    public var directory: String
    public var model: String
    public var strategy: String
    public var sampler: String?
    public var metricName: String
    public var targetRecall: Double?
    public var stop: String?
    public var arms: [Arm]
    public var comparison: Comparison?

    /// Reads the run folder `directory` and the loop's summary: `summary` when given (the
    /// output of `quarry loop --json`), else the run folder's `summary.json` when there is one.
    /// - Throws: ``IOFailure`` for a missing file, ``JSONParseError`` for invalid JSON,
    ///   ``InvalidInput`` (data error) naming the file and key for a value of the wrong shape.
    public init(directory: String, summary: JSONValue? = nil, summaryFile: String = "summary") throws {
        let run = LoopRunDirectory(path: directory)
        let manifestFile = directory + "/manifest.json"
        let manifest = JSONFields(try run.readManifest(), file: manifestFile)
        self.directory = directory
        model = try manifest.optionalString("model") ?? "model"
        strategy = try manifest.object("strategy").string("strategy")
        sampler = try manifest.optionalString("sampler")
        let loop = try manifest.object("loop")
        targetRecall = try loop.optionalMember("operating_point")?.optionalNumber("target_recall")
        let controls = try loop.strings("controls")
        stop = try manifest.optionalMember("stop")?.optionalString("reason")
        let finished = try manifest.array("finished_rounds").map { item -> Int in
            guard let r = item.value.intValue, r >= 0 else { throw item.failure("", "must hold round numbers") }
            return r
        }
        var strategyRounds: [ArmRound] = []
        var controlRounds = [[ArmRound]](repeating: [], count: controls.count)
        var metricName = "precision"
        for r in finished {
            let file = run.roundPath(r) + "/metrics.json"
            let metrics = JSONFields(try run.readJSON(round: r, file: "metrics.json"), file: file)
            metricName = try metrics.object("validation").string("metric")
            strategyRounds.append(try Self.armRound(metrics))
            for (k, name) in controls.enumerated() {
                let record = k == 0 ? metrics.optionalMember("control") : metrics.optionalMember("other_controls")?.optionalMember(name)
                if let record { controlRounds[k].append(try Self.armRound(record)) }
            }
        }
        self.metricName = metricName
        arms = [Arm(name: "strategy", rounds: strategyRounds)] + zip(controls, controlRounds).map { Arm(name: $0.0, rounds: $0.1) }
        // Without a summary given, the one the loop wrote into the run folder (a run killed
        // before its end has none: no comparison then).
        var summary = summary, summaryFile = summaryFile
        let saved = directory + "/" + LoopSummary.jsonFile
        if summary == nil, access(saved, F_OK) == 0 {
            summary = try LoopRunDirectory.readJSON(saved)
            summaryFile = saved
        }
        comparison = try summary.flatMap { try Self.comparison(JSONFields($0, file: summaryFile)) }
    }

    static func armRound(_ m: JSONFields) throws -> ArmRound {
        let test = m.optionalMember("test")
        let point = test?.optionalMember("operating_point")
        let ranking = m.optionalMember("test_ranking")
        return ArmRound(
            round: try m.integer("round"), threshold: try m.optionalNumber("threshold"),
            validation: try m.object("validation").optionalNumber("value"),
            testPrecision: try point?.optionalNumber("precision"), testRecall: try point?.optionalNumber("recall"),
            testFPR: try point?.optionalNumber("fpr"),
            truePositives: try point?.optionalNumber("tp").map { Int($0) }, falsePositives: try point?.optionalNumber("fp").map { Int($0) },
            testNegatives: try ranking?.optionalNumber("negatives").map { Int($0) } ?? test?.optionalNumber("negatives").map { Int($0) },
            fprAtTargetRecall: try ranking?.optionalNumber("fpr_at_target_recall"), partialAUC: try ranking?.optionalNumber("partial_auc"),
            unusedCandidates: try m.integer("unused_candidates"), mined: try m.integer("mined"), trainingRows: try m.integer("training_rows"))
    }

    static func comparison(_ s: JSONFields) throws -> Comparison? {
        guard let c = s.optionalMember("comparison") else { return nil }
        let chosen = try s.object("chosen")
        return Comparison(
            control: try c.string("control"), round: try c.integer("round"),
            differences: try c.array("differences").map { d in
                let interval = try d.optionalMember("interval").map { ConfidenceInterval(low: try $0.number("low"), high: try $0.number("high")) }
                return .init(metric: try d.string("metric"), strategy: try d.number("strategy"), control: try d.number("control"),
                             difference: try d.number("difference"), interval: interval, verdict: try d.string("verdict"))
            },
            chosenArm: try chosen.string("arm"), chosenRound: try chosen.optionalNumber("round").map { Int($0) },
            chosenReason: try chosen.string("reason"))
    }
}

/// The Wilson score interval for a binomial proportion (Wilson, "Probable inference, the law
/// of succession, and statistical inference", JASA 1927): 95% by default, defined for any
/// count including 0 and n.
public enum WilsonInterval {
    /// The interval for `successes` of `trials`; `nil` when `trials` is 0.
    public static func of(successes: Int, trials: Int, z: Double = 1.959_963_984_540_054) -> ConfidenceInterval? {
        guard trials > 0, successes >= 0, successes <= trials else { return nil }
        let n = Double(trials), p = Double(successes) / n
        let z2 = z * z
        let center = (p + z2 / (2 * n)) / (1 + z2 / n)
        let half = z / (1 + z2 / n) * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        return ConfidenceInterval(low: max(0, center - half), high: min(1, center + half))
    }
}
