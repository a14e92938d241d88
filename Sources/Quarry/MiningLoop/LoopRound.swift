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
    /// The probability π with which the sampler took it (1 for unweighted samplers); a
    /// weighted arm fits it with weight 1/π.
    public var inclusion: Double

    public init(row: Int, score: Double, inclusion: Double = 1) {
        self.row = row
        self.score = score
        self.inclusion = inclusion
    }
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
    /// The full threshold-region report on the test set at that threshold (`metrics.json`'s
    /// `test`); `nil` when no threshold met the target on validation.
    public var testReport: EvaluationReport?
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
    /// Threshold-free measures on the test set's own ROC (`metrics.json`'s `test_ranking`);
    /// `nil` when a class is missing there.
    public var testRanking: LoopRankingMetrics? = nil
    /// The control arms' records of the same round (empty without controls), in the order
    /// the configuration lists them.
    public var controls: [(control: LoopControl, round: LoopRound)] = []

    /// Wall-clock measurements, kept apart from ``json`` so that everything else a run writes
    /// is byte-identical for the same inputs and seed.
    public var timingsJSON: JSONValue {
        let sampled = controls.filter { $0.control.sampler != nil }
        guard !sampled.isEmpty else { return ["round": .number(Double(round)), "strategy_seconds": .optional(strategySeconds)] }
        return ["round": .number(Double(round)), "strategy_seconds": .optional(strategySeconds),
                "control_strategy_seconds": .object(sampled.map { ($0.control.rawValue, .optional($0.round.strategySeconds)) })]
    }

    /// The round as the `metrics.json` of its folder (no timings: see ``timingsJSON``).
    ///
    /// The first control's record is under `control` (its `test` has the shape of `test`),
    /// any further ones under `other_controls`, keyed by name.
    public var json: JSONValue {
        guard case .object(var pairs) = basicJSON else { return basicJSON }
        if strategyReport != .null { pairs.append(("strategy_report", strategyReport)) }
        if let first = controls.first {
            pairs.append(("control", first.round.armJSON(first.control)))
            if controls.count > 1 {
                pairs.append(("other_controls", .object(controls.dropFirst().map { ($0.control.rawValue, $0.round.armJSON($0.control)) })))
            }
        }
        return .object(pairs)
    }

    /// A control arm's record: its name, then the fields of ``json``.
    func armJSON(_ control: LoopControl) -> JSONValue {
        guard case .object(let pairs) = json else { return json }
        return .object([("arm", .string(control.rawValue))] + pairs)
    }

    private var basicJSON: JSONValue {
        [
            "round": .number(Double(round)),
            "threshold": .optional(threshold),
            "validation": [
                "metric": .string(validationMetricName),
                "value": .optional(validationMetric),
            ],
            "test": testReport?.json ?? .null,
            "test_ranking": testRanking?.json ?? .null,
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
