/// One way to fix a model once its hard negatives are known.
///
/// A strategy receives the current model, the training set it was built from and the newly
/// mined hard examples, and returns the next model. (The loop itself keeps the training set:
/// it adds the hard examples to it after every round, whatever the strategy.)
/// The mining loop, the CLI and library users all drive strategies through this protocol.
public protocol ImprovementStrategy: Sendable {
    /// The name on the command line and in reports (`expand`, `fine-tune`, `revise`).
    var name: String { get }
    /// The parameters, for manifests and reports.
    var parametersJSON: JSONValue { get }
    /// Whether the strategy adds derived features, so the loop must fit models that carry them
    /// (``DerivedFeatureModel``); `false` by default.
    var needsDerivedFeatures: Bool { get }
    /// Builds the next model.
    /// - Throws: what the model's training throws (invalid options, unlearnable data).
    func improve<M: TrainableModel>(_ input: StrategyInput<M>) throws -> StrategyOutcome<M>
}

extension ImprovementStrategy {
    public var needsDerivedFeatures: Bool { false }
}

/// What a strategy starts from.
public struct StrategyInput<M: TrainableModel>: Sendable {
    /// The model to improve.
    public var model: M
    /// The training set `model` was fitted on (after earlier rounds' additions).
    public var training: LabeledData
    /// The hard examples mined this round, with their true labels.
    public var hard: LabeledData
    /// How to fit from scratch.
    public var trainingOptions: M.TrainingOptions
    /// How to continue from the current state.
    public var continuationOptions: M.ContinuationOptions
    /// The seed for any random choice the strategy makes (replay sampling).
    public var seed: UInt64
    /// The validation set the loop chooses its threshold on (strategies that select by the
    /// threshold-region metric need it; `nil` when the caller has none).
    public var validation: LabeledData?
    /// How the loop chooses the threshold on validation (the metric it tracks is the side the
    /// rule does not fix).
    public var operatingPoint: OperatingPointRule?

    public init(model: M, training: LabeledData, hard: LabeledData, trainingOptions: M.TrainingOptions,
                continuationOptions: M.ContinuationOptions, seed: UInt64,
                validation: LabeledData? = nil, operatingPoint: OperatingPointRule? = nil) {
        self.model = model
        self.training = training
        self.hard = hard
        self.trainingOptions = trainingOptions
        self.continuationOptions = continuationOptions
        self.seed = seed
        self.validation = validation
        self.operatingPoint = operatingPoint
    }
}

/// What a strategy returns.
public struct StrategyOutcome<M: TrainableModel>: Sendable {
    /// The improved model.
    public var model: M
    /// How many rows the model was (re)trained on in this step.
    public var rowsTrainedOn: Int
    /// Wall-clock seconds the training step took, so fine-tuning and retraining compare.
    public var seconds: Double
    /// What the strategy tried and decided, for the round's `metrics.json` (`null` when it
    /// has nothing to say; never timings, so runs stay byte-identical).
    public var report: JSONValue = .null
}
