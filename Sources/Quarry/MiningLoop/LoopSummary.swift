/// A finished loop run for people (``text``) and as JSON (``json``): the rounds of the strategy
/// and its control, the paired comparison on test, and the model the loop recommends.
public struct LoopSummary: Sendable {
    /// The run folder.
    public var directory: String
    /// The tracked validation metric's name.
    public var metricName: String
    /// Every round, with the controls' records.
    public var rounds: [LoopRound]
    /// Why it stopped.
    public var stop: LoopStop
    /// The strategy arm's best round by validation.
    public var bestRound: Int?
    /// The recommended model (the run folder's `model.json`).
    public var chosen: LoopChoice
    /// The strategy against the first control on test.
    public var comparison: LoopComparison?
    /// The strategy arm's name (`expand`, …) and its sampler.
    public var strategyName: String
    public var sampler: PoolSampler

    /// The summary of `outcome`, a run of `loop` in `directory`.
    public init<M: TrainableModel>(_ outcome: MiningLoop<M>.Outcome, of loop: MiningLoop<M>, directory: String) {
        self.directory = directory
        self.metricName = loop.configuration.validationMetricName
        self.rounds = outcome.rounds
        self.stop = outcome.stop
        self.bestRound = outcome.bestRound
        self.chosen = outcome.chosen
        self.comparison = outcome.comparison
        self.strategyName = loop.strategy.name
        self.sampler = loop.sampler
    }

    /// The summary as the run folder keeps it (`summary.json`, `summary.txt`): the run folder
    /// named `.` (the files live in it) and no wall-clock seconds (those are in each round's
    /// `timings.json`, the only files that differ between runs), so a run and its
    /// kill-and-resumed copy write the same bytes.
    public var saved: LoopSummary {
        var copy = self
        copy.directory = "."
        copy.rounds = rounds.map { r in
            var r = r
            r.strategySeconds = nil
            r.controls = r.controls.map { c in
                var round = c.round
                round.strategySeconds = nil
                return (c.control, round)
            }
            return r
        }
        return copy
    }

    /// Writes ``saved`` into the run folder atomically: `summary.json` (what `--json` prints,
    /// without seconds) and `summary.txt` (the text).
    /// - Throws: ``IOFailure`` when a file cannot be written.
    package func write(to directory: LoopRunDirectory) throws {
        let file = saved
        try AtomicFile.write(Array((file.json.serialized(pretty: true) + "\n").utf8), to: directory.path + "/" + Self.jsonFile)
        try AtomicFile.write(Array((file.text + "\n").utf8), to: directory.path + "/" + Self.textFile)
    }

    /// The run folder's summary files.
    public static let jsonFile = "summary.json"
    public static let textFile = "summary.txt"

    /// FPR at the target recall on the test ROC.
    public static func fprAtRecall(_ round: LoopRound) -> Double? {
        round.testRanking?.fprAtTargetRecall
    }

    /// The first control's record of `round`, if any.
    public static func control(_ round: LoopRound) -> LoopRound? { round.controls.first?.round }

    /// A number with 4 decimals, `n/a` when missing.
    public static func format(_ x: Double?, digits: Int = 4) -> String {
        guard let x, x.isFinite else { return "n/a" }
        return NumberFormat.fixed(x, digits)
    }

    static func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
    }

    /// One row per round, then the comparison and the recommendation.
    public var text: String {
        let controlName = rounds.first?.controls.first?.control.rawValue
        let recall = rounds.first?.testRanking.map(\.targetRecall).map { Self.format($0, digits: 2) } ?? "R"
        var header = ["round", "threshold", "val \(metricName)".padding(13), "test precision", "test recall", "test fpr",
                      "fpr@\(recall)", "mined", "train rows", "strategy s"].enumerated().map { Self.pad($0.element, Self.widths[$0.offset]) }
        if let controlName { header += [Self.pad("\(controlName): val", 18), Self.pad("fpr@\(recall)", 9)] }
        var lines = [header.joined(separator: "  ")]
        for r in rounds {
            var cells = [
                String(r.round), Self.format(r.threshold), Self.format(r.validationMetric),
                Self.format(r.testPoint?.precision), Self.format(r.testPoint?.recall), Self.format(r.testPoint?.fpr),
                Self.format(Self.fprAtRecall(r)), String(r.mined.count), String(r.trainingRows),
                r.strategySeconds.map { Self.format($0, digits: 3) } ?? "-",
            ].enumerated().map { Self.pad($0.element, Self.widths[$0.offset]) }
            if let c = Self.control(r) { cells += [Self.pad(Self.format(c.validationMetric), 18), Self.pad(Self.format(Self.fprAtRecall(c)), 9)] }
            lines.append(cells.joined(separator: "  "))
        }
        lines += revisionLines
        lines.append("stopped: \(stop.rawValue) after round \(rounds.last?.round ?? 0); best round by validation \(metricName): \(bestRound.map(String.init) ?? "none")")
        lines += comparisonLines
        lines.append("recommended model (\(directory)/model.json): \(chosenText) — \(chosen.words)")
        lines.append("run folder: \(directory)")
        return lines.joined(separator: "\n")
    }

    static let widths = [5, 9, 13, 14, 11, 8, 8, 5, 10, 10]

    /// `strategy round 3`, `random round 2`, `full-pool`.
    public var chosenText: String {
        let arm = chosen.arm == "strategy" ? "\(strategyName) (\(sampler.rawValue))" : chosen.arm
        return chosen.round.map { "\(arm) round \($0)" } ?? arm
    }

    /// The paired comparison in words.
    public var comparisonLines: [String] {
        guard let comparison else { return ["no control arm ran (\(InvalidInput.setting("control", "none"))): nothing shows whether mining beat random negatives"] }
        var lines = ["compared with the \(comparison.control.rawValue) control (same budget, seed and model settings) at round \(comparison.round), on test (\(comparison.testNegatives) negatives, \(comparison.testPositives) positives; paired bootstrap over test rows, \(comparison.replicates) replicates):"]
        for d in comparison.differences {
            let name = d.metric == "fpr_at_target_recall" ? "FPR at recall \(Self.format(comparison.targetRecall, digits: 2)) (of \(comparison.testNegatives) negatives)" : "partial AUC over TPR ∈ [0.8, 1]"
            let ci = d.interval.map { "[\(Self.format($0.low)), \(Self.format($0.high))]" } ?? "n/a"
            var line = "- \(name): \(strategyName) \(Self.format(d.strategy)) vs \(comparison.control.rawValue) \(Self.format(d.control)); difference \(Self.format(d.difference)), 95% CI \(ci): \(d.verdict)"
            if let full = d.fullPool {
                let gap = d.fullPoolInterval.map { " (full pool − control 95% CI [\(Self.format($0.low)), \(Self.format($0.high))])" } ?? ""
                let share = d.gapCaptured.map { "\(Self.format(100 * $0, digits: 1))% of the control → full-pool gap captured" }
                    ?? "share of the control → full-pool gap n/a (\(d.gapStatus?.rawValue ?? "no interval"))"
                line += "; full pool \(Self.format(full))\(gap), \(share)"
            }
            lines.append(line)
        }
        if let primary = comparison.primary {
            switch primary.verdict {
            case "better": lines.append("mining beat \(comparison.control.rawValue) negatives on this data.")
            case "worse": lines.append("mining did worse than \(comparison.control.rawValue) negatives on this data.")
            default: lines.append("mining and \(comparison.control.rawValue) negatives are within noise of each other on this data.")
            }
        }
        return lines
    }

    /// As `quarry loop --json` prints it.
    public var json: JSONValue {
        func arm(_ r: LoopRound) -> [(String, JSONValue)] {
            [
                ("threshold", .optional(r.threshold)),
                ("validation", .optional(r.validationMetric)),
                ("test_precision", .optional(r.testPoint?.precision)),
                ("test_recall", .optional(r.testPoint?.recall)),
                ("test_fpr", .optional(r.testPoint?.fpr)),
                ("test_fpr_at_target_recall", .optional(Self.fprAtRecall(r))),
                ("test_partial_auc", .optional(r.testRanking?.partialAUC)),
                ("test_negatives", .optional(r.testRanking.map { Double($0.negatives) })),
                ("mined", .number(Double(r.mined.count))),
                ("training_rows", .number(Double(r.trainingRows))),
                ("strategy_seconds", .optional(r.strategySeconds)),
            ]
        }
        return [
            "quarry_version": .string(Quarry.version),
            "run_directory": .string(directory),
            "validation_metric": .string(metricName),
            "strategy": .string(strategyName),
            "sampler": .string(sampler.rawValue),
            "stop": .string(stop.rawValue),
            "best_round": bestRound.map { .number(Double($0)) } ?? .null,
            "chosen": chosen.json,
            "comparison": comparison?.json ?? .null,
            "rounds": .array(rounds.map { r in
                var pairs: [(String, JSONValue)] = [("round", .number(Double(r.round)))] + arm(r)
                if r.strategyReport != .null { pairs.append(("strategy_report", r.strategyReport)) }
                if !r.controls.isEmpty {
                    pairs.append(("controls", .object(r.controls.map { ($0.control.rawValue, .object(arm($0.round))) })))
                }
                return .object(pairs)
            }),
        ]
    }

    /// For the revise strategy: per round, the candidates tried and the derived features added
    /// with their validation gains.
    public var revisionLines: [String] {
        var lines: [String] = []
        for r in rounds {
            let report = r.strategyReport
            guard report["strategy"]?.stringValue == "revise" else { continue }
            let tried = report["candidates"]?.arrayValue?.count ?? 0
            let chosen = report["chosen"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let before = Self.format(report["baseline"]?.doubleValue), after = Self.format(report["final"]?.doubleValue)
            let added = chosen.isEmpty ? "added none" : "added " + chosen.map { "'\($0)'" }.joined(separator: ", ")
            lines.append("round \(r.round) revise: \(tried) candidates tried, \(added) (validation \(metricName) after expanding \(before) → \(after))")
        }
        return lines
    }
}

extension String {
    /// Left-aligned in `width` columns.
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
