/// Retrains from scratch on the training set plus the mined hard examples.
///
/// The classic bootstrapping step of detector training (Sung & Poggio 1998; Felzenszwalb et
/// al. 2010): each round adds the false positives to the negative set and fits again. Hard
/// examples may carry extra weight (`hardWeight`), so a few of them can move the boundary.
/// Duplicates are the caller's concern: the mining loop never mines the same pool row twice.
public struct ExpandStrategy: ImprovementStrategy {
    /// The sample weight given to the added hard examples (the existing rows keep theirs).
    public let hardWeight: Double

    /// - Throws: ``InvalidInput`` when `hardWeight` is not a finite positive number.
    public init(hardWeight: Double = 1) throws {
        guard hardWeight.isFinite, hardWeight > 0 else {
            throw InvalidInput(parameter: "hardWeight", "must be a finite number > 0; got \(hardWeight)")
        }
        self.hardWeight = hardWeight
    }

    public var name: String { "expand" }
    public var parametersJSON: JSONValue { ["strategy": "expand", "hard_weight": .number(hardWeight)] }

    public func improve<M: TrainableModel>(_ input: StrategyInput<M>) throws -> StrategyOutcome<M> {
        let training = try Self.expanded(input.training, with: input.hard, hardWeight: hardWeight)
        let clock = ContinuousClock()
        var model: M?
        let elapsed = try clock.measure { model = try M.fit(training, options: input.trainingOptions) }
        return StrategyOutcome(model: model!, rowsTrainedOn: training.labels.count, seconds: elapsed.seconds)
    }

    /// `training` with `hard` stacked below it, each hard row's weight multiplied by
    /// `hardWeight` (shared with the revise strategy, which expands the same way).
    static func expanded(_ training: LabeledData, with hard: LabeledData, hardWeight: Double) throws -> LabeledData {
        let weighted = hardWeight == 1 && hard.weights == nil
            ? hard
            : try LabeledData(features: hard.features, labels: hard.labels, weights: hard.weightsOrOnes.map { $0 * hardWeight })
        return try LabeledData.stacking([training, weighted])
    }
}

extension Duration {
    /// The duration in seconds as a `Double`.
    var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) * 1e-18
    }
}
