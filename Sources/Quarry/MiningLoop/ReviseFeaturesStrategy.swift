/// Revises the feature set: adds derived features chosen by their gain in the loop's
/// threshold-region metric on validation, then retrains on the expanded training set.
///
/// Each application:
/// 1. forms the expanded training set (training + hard negatives, as ``ExpandStrategy``);
/// 2. generates candidates (``RevisionCandidate/generate(features:labels:scores:threshold:hardRows:limits:seed:)``)
///    from an analysis of the hard negatives — the mined rows and the training negatives the
///    current model scores at or above its validation threshold — against the positives:
///    products and ratios of the top interacting pairs, indicators of the top weak slices,
///    `log1p` of heavy-tailed features, plus the user's definitions;
/// 3. selects greedily (``GreedyFeatureSelection``): each trial retrains the model from
///    scratch on the expanded set with the current derived features plus the trial's, chooses
///    the threshold on validation with the loop's operating-point rule and reads the tracked
///    metric (precision at a recall target, …); at most ``Options/maxDerived`` per round,
///    each gaining at least ``Options/minGain``;
/// 4. returns the model with the chosen features (with none chosen, exactly what expand
///    would return) and a report of every candidate tried and its validation gain.
///
/// The model must carry derived features: use ``DerivedFeatureModel`` around the base model.
/// Selecting on the validation set the loop also reports makes its validation metric
/// optimistic; judge the effect on test.
public struct ReviseFeaturesStrategy: ImprovementStrategy {
    /// The settings of the strategy.
    public struct Options: Sendable, Equatable {
        /// The most derived features added per round.
        public var maxDerived: Int
        /// The least validation gain a feature must bring to be added.
        public var minGain: Double
        /// How many candidates of each kind are generated.
        public var limits: RevisionCandidate.Limits
        /// The user's definitions, always among the candidates.
        public var userFeatures: [DerivedFeature]
        /// The sample weight of the added hard examples (as expand's).
        public var hardWeight: Double

        public init(maxDerived: Int = 2, minGain: Double = 0.002, limits: RevisionCandidate.Limits = .init(),
                    userFeatures: [DerivedFeature] = [], hardWeight: Double = 1) {
            self.maxDerived = maxDerived
            self.minGain = minGain
            self.limits = limits
            self.userFeatures = userFeatures
            self.hardWeight = hardWeight
        }
    }

    public let options: Options

    /// - Throws: ``InvalidInput`` for a negative cap or gain, a non-positive hard weight, or
    ///   user definitions with duplicate names.
    public init(options: Options = Options()) throws {
        guard options.maxDerived >= 0 else { throw InvalidInput(parameter: "maxDerived", "must be ≥ 0; got \(options.maxDerived)") }
        guard options.minGain.isFinite, options.minGain >= 0 else {
            throw InvalidInput(parameter: "minGain", "must be a finite number ≥ 0; got \(options.minGain)")
        }
        guard options.hardWeight.isFinite, options.hardWeight > 0 else {
            throw InvalidInput(parameter: "hardWeight", "must be a finite number > 0; got \(options.hardWeight)")
        }
        let names = options.userFeatures.map(\.name)
        guard Set(names).count == names.count else { throw InvalidInput(parameter: "userFeatures", "names must be distinct; got \(Table.list(names))") }
        self.options = options
    }

    public var name: String { "revise" }
    public var needsDerivedFeatures: Bool { true }

    public var parametersJSON: JSONValue {
        ["strategy": "revise", "max_derived": .number(Double(options.maxDerived)), "min_gain": .number(options.minGain),
         "candidates": options.limits.json, "derive": .array(options.userFeatures.map { .string($0.text) }),
         "hard_weight": .number(options.hardWeight)]
    }

    public func improve<M: TrainableModel>(_ input: StrategyInput<M>) throws -> StrategyOutcome<M> {
        try M.revised(input, by: self)
    }

    /// The strategy on a model with derived features.
    func revise<Base: TrainableModel>(_ input: StrategyInput<DerivedFeatureModel<Base>>) throws -> StrategyOutcome<DerivedFeatureModel<Base>> {
        typealias Revised = DerivedFeatureModel<Base>
        guard let validation = input.validation, let rule = input.operatingPoint else {
            throw InvalidInput("the revise strategy needs the validation set and the operating-point rule in its input")
        }
        let clock = ContinuousClock()
        let start = clock.now
        let expanded = try ExpandStrategy.expanded(input.training, with: input.hard, hardWeight: options.hardWeight)
        let current = input.model.derivedFeatures

        // The analysis: hard negatives of the current model against the positives.
        let threshold = try rule.resolve(for: input.model, on: validation)?.threshold
        var candidates: [RevisionCandidate] = []
        if let threshold {
            let scores = try input.model.score(expanded.features)
            let t = input.training.labels.count
            let hardRows = expanded.labels.indices.filter { !expanded.labels[$0] && ($0 >= t || scores[$0] >= threshold) }
            if !hardRows.isEmpty {
                candidates = try RevisionCandidate.generate(
                    features: Revised.appending(current, to: expanded.features), labels: expanded.labels, scores: scores,
                    threshold: threshold, hardRows: hardRows, limits: options.limits, seed: input.seed)
            }
        }
        let taken = Set(expanded.features.names + current.map(\.name) + candidates.map(\.feature.name))
        candidates += options.userFeatures.filter { !taken.contains($0.name) }
            .map { RevisionCandidate(feature: $0, source: .user, reason: "given in userFeatures") }

        // Greedy selection, one fit per trial; the fitted models are kept to return the chosen one.
        var fitted: [[Int]: Revised] = [:]
        let selection = try GreedyFeatureSelection(candidateCount: candidates.count, maximumChosen: options.maxDerived,
                                                   minimumGain: options.minGain) { set in
            let model = try Revised.fit(expanded, options: .init(base: input.trainingOptions.base,
                                                                 derivedFeatures: current + set.map { candidates[$0].feature }))
            fitted[set] = model
            return try rule.resolve(for: model, on: validation).flatMap { MiningLoop<Revised>.metric(rule, $0) }
        }
        let model = fitted[selection.chosen]!
        let seconds = (clock.now - start).seconds

        let report: JSONValue = [
            "strategy": "revise",
            "analysis_threshold": .optional(threshold),
            "candidates": .array(candidates.map(\.json)),
            "baseline": .optional(selection.baseline),
            "trials": .array(selection.trials.map { trial in
                ["step": .number(Double(trial.step)), "feature": .string(candidates[trial.candidate].feature.name),
                 "metric": .optional(trial.metric), "gain": .optional(trial.gain)]
            }),
            "chosen": .array(selection.chosen.map { .string(candidates[$0].feature.text) }),
            "final": .optional(selection.final),
            "derived_features": .array(model.derivedFeatures.map { .string($0.text) }),
        ]
        return StrategyOutcome(model: model, rowsTrainedOn: expanded.labels.count,
                               seconds: seconds, report: report)
    }
}

extension TrainableModel {
    /// A model without derived features cannot be revised.
    public static func revised(_ input: StrategyInput<Self>, by strategy: ReviseFeaturesStrategy) throws -> StrategyOutcome<Self> {
        throw InvalidInput("the revise strategy needs a model that carries derived features (DerivedFeatureModel); got \(Self.self)")
    }
}

extension DerivedFeatureModel where Base: TrainableModel {
    /// Revises the derived features (``ReviseFeaturesStrategy/revise(_:)``).
    public static func revised(_ input: StrategyInput<Self>, by strategy: ReviseFeaturesStrategy) throws -> StrategyOutcome<Self> {
        try strategy.revise(input)
    }
}
