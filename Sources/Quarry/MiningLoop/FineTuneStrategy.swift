/// Continues the current model on the hard examples plus a replay sample of the training
/// set, instead of retraining from scratch.
///
/// Replay (rehearsal) keeps the model from forgetting what it knew while it adapts to the new
/// examples (Robins 1995; Rolnick et al. 2019, "Experience Replay for Continual Learning").
/// The replay sample is `replayRatio × hard rows` rows drawn without replacement from the
/// training set with a seeded generator (all of it when it is smaller). The continuation
/// itself is the model's own: proximal logistic regression, added trees for boosting.
public struct FineTuneStrategy: ImprovementStrategy {
    /// Replayed training rows per hard example.
    public let replayRatio: Double

    /// - Throws: ``InvalidInput`` when `replayRatio` is negative or not finite.
    public init(replayRatio: Double = 4) throws {
        guard replayRatio.isFinite, replayRatio >= 0 else {
            throw InvalidInput(parameter: "replayRatio", "must be a finite number ≥ 0; got \(replayRatio)")
        }
        self.replayRatio = replayRatio
    }

    public var name: String { "fine-tune" }
    public var parametersJSON: JSONValue { ["strategy": "fine-tune", "replay_ratio": .number(replayRatio)] }

    public func improve<M: TrainableModel>(_ input: StrategyInput<M>) throws -> StrategyOutcome<M> {
        let available = input.training.labels.count
        let wanted = min(available, Int((replayRatio * Double(input.hard.labels.count)).rounded()))
        var rng = SeededGenerator(seed: input.seed)
        let replayRows = rng.sampleIndices(wanted, from: available)  // sorted: the replay batch keeps the data's order
        let batch = try LabeledData.stacking([input.hard, input.training.selecting(rows: replayRows)])
        let clock = ContinuousClock()
        var model: M?
        let elapsed = try clock.measure { model = try input.model.continued(on: batch, options: input.continuationOptions) }
        return StrategyOutcome(model: model!, rowsTrainedOn: batch.labels.count, seconds: elapsed.seconds)
    }
}
