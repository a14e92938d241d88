import Foundation
import Quarry

/// A finished loop run, as a table of rounds for people and as JSON.
struct LoopSummary {
    var directory: String
    var metricName: String
    var rounds: [LoopRound]
    var stop: LoopStop
    var bestRound: Int?

    /// Runs `loop` in `directory`, printing one line per round on stderr when interactive.
    static func run<M: TrainableModel>(_ loop: MiningLoop<M>, directory: LoopRunDirectory, header: [(String, JSONValue)],
                                       poolIDs: [String]?, resume: Bool, quiet: Bool) throws -> LoopSummary {
        let showProgress = !quiet && Terminal.stderrIsInteractive
        let outcome = try loop.run(in: directory, manifestHeader: header, poolIDs: poolIDs, resume: resume) { round in
            if showProgress {
                Terminal.writeStderr("round \(round.round): \(loop.configuration.validationMetricName) \(Self.format(round.validationMetric)) on validation, mined \(round.mined.count)\n")
            }
        }
        return LoopSummary(directory: directory.path, metricName: loop.configuration.validationMetricName,
                           rounds: outcome.rounds, stop: outcome.stop, bestRound: outcome.bestRound)
    }

    /// The test-set value at the validation threshold.
    static func test(_ round: LoopRound, _ key: String) -> Double? {
        round.testReport["operating_point"]?[key]?.doubleValue
    }

    /// One row per round.
    var text: String {
        var lines = ["round  threshold  val \(metricName.padding(toLength: 9, withPad: " ", startingAt: 0))  test precision  test recall  test fpr  mined  train rows  strategy s"]
        for r in rounds {
            let cells = [
                String(r.round).leftPadded(5),
                Self.format(r.threshold).leftPadded(9),
                Self.format(r.validationMetric).leftPadded(13),
                Self.format(Self.test(r, "precision")).leftPadded(14),
                Self.format(Self.test(r, "recall")).leftPadded(11),
                Self.format(Self.test(r, "fpr")).leftPadded(8),
                String(r.mined.count).leftPadded(5),
                String(r.trainingRows).leftPadded(10),
                (r.strategySeconds.map { String(format: "%.3f", $0) } ?? "-").leftPadded(10),
            ]
            lines.append(cells.joined(separator: "  "))
        }
        lines.append("stopped: \(stop.rawValue) after round \(rounds.last?.round ?? 0); best round by validation \(metricName): \(bestRound.map(String.init) ?? "none")")
        lines.append("run folder: \(directory)")
        return lines.joined(separator: "\n")
    }

    var json: JSONValue {
        [
            "quarry_version": .string(Quarry.version),
            "run_directory": .string(directory),
            "validation_metric": .string(metricName),
            "stop": .string(stop.rawValue),
            "best_round": bestRound.map { .number(Double($0)) } ?? .null,
            "rounds": .array(rounds.map { r in
                [
                    "round": .number(Double(r.round)),
                    "threshold": .optional(r.threshold),
                    "validation": .optional(r.validationMetric),
                    "test_precision": .optional(Self.test(r, "precision")),
                    "test_recall": .optional(Self.test(r, "recall")),
                    "test_fpr": .optional(Self.test(r, "fpr")),
                    "mined": .number(Double(r.mined.count)),
                    "training_rows": .number(Double(r.trainingRows)),
                    "strategy_seconds": .optional(r.strategySeconds),
                ]
            }),
        ]
    }

    static func format(_ x: Double?) -> String {
        guard let x, x.isFinite else { return "n/a" }
        return String(format: "%.4f", x)
    }
}

extension String {
    /// Right-aligned in `width` columns.
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
