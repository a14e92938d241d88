/// Why a mining loop stopped.
public enum LoopStop: String, Sendable, Equatable {
    /// No pool negative that was not mined before scores at or above the threshold.
    case converged
    /// The validation metric did not improve for `patience` rounds.
    case noImprovement = "no-improvement"
    /// The configured number of rounds ran.
    case maxRounds = "max-rounds"
    /// No threshold on validation meets the operating-point target.
    case noOperatingPoint = "no-operating-point"
}

/// A pool row mined in a round.
public struct MinedPoolRow: Sendable, Equatable {
    /// The row's position in the pool.
    public var row: Int
    /// Its score under the round's model.
    public var score: Double
}

/// What one round of the mining loop measured and did.
public struct LoopRound: Sendable {
    /// The round number (0 = the model fitted on the initial training set).
    public var round: Int
    /// The threshold chosen on validation, or `nil` when the target cannot be met.
    public var threshold: Double?
    /// The name of the tracked validation metric (`precision` for a recall target, …).
    public var validationMetricName: String
    /// Its value at the chosen threshold.
    public var validationMetric: Double?
    /// The full threshold-region report on the test set at that threshold.
    public var testReport: JSONValue
    /// Rows in the training set of this round's model.
    public var trainingRows: Int
    /// Pool negatives scored at or above the threshold (mined before or not).
    public var poolNegativesAtOrAboveThreshold: Int
    /// Of those, how many had not been mined before.
    public var unusedCandidates: Int
    /// The rows mined this round, hardest first.
    public var mined: [MinedPoolRow]
    /// Seconds the strategy's training took (`nil` in the last round).
    public var strategySeconds: Double?
    /// Rows the strategy trained on.
    public var rowsTrainedOn: Int?
    /// Training rows dropped by the cache limit before the strategy ran.
    public var droppedByCacheLimit: Int
    /// Why the run stopped after this round, or `nil` when it went on.
    public var stop: LoopStop?
    /// What the strategy reported (the revise strategy: candidates tried and their gains);
    /// `null` for strategies with nothing to report.
    public var strategyReport: JSONValue = .null

    /// Wall-clock measurements, kept apart from ``json`` so that everything else a run writes
    /// is byte-identical for the same inputs and seed.
    public var timingsJSON: JSONValue {
        ["round": .number(Double(round)), "strategy_seconds": .optional(strategySeconds)]
    }

    /// The round as the `metrics.json` of its folder (no timings: see ``timingsJSON``).
    public var json: JSONValue {
        guard case .object(let pairs) = basicJSON, strategyReport != .null else { return basicJSON }
        return .object(pairs + [("strategy_report", strategyReport)])
    }

    private var basicJSON: JSONValue {
        [
            "round": .number(Double(round)),
            "threshold": .optional(threshold),
            "validation": [
                "metric": .string(validationMetricName),
                "value": .optional(validationMetric),
            ],
            "test": testReport,
            "training_rows": .number(Double(trainingRows)),
            "pool_negatives_at_or_above_threshold": .number(Double(poolNegativesAtOrAboveThreshold)),
            "unused_candidates": .number(Double(unusedCandidates)),
            "mined": .number(Double(mined.count)),
            "rows_trained_on": rowsTrainedOn.map { .number(Double($0)) } ?? .null,
            "dropped_by_cache_limit": .number(Double(droppedByCacheLimit)),
            "stop": stop.map { .string($0.rawValue) } ?? .null,
        ]
    }
}
