/// The mining loop: fit, choose the threshold on validation, measure on test, mine the pool's
/// hard negatives, improve the model with a strategy, and repeat until nothing is left to mine,
/// nothing improves, or the rounds run out.
///
/// Round `r` evaluates model `r` (model 0 is fitted on the training set), mines with it, and
/// (unless it is the last) applies the strategy to make model `r + 1`. Every random choice
/// derives from the configuration's seed and the round number, so a run resumed from its
/// saved state ends exactly where an uninterrupted run ends.
///
/// This follows the bootstrapping procedure of detector training (Sung & Poggio 1998;
/// Felzenszwalb et al. 2010, §4): a cache of training examples, hard negatives added from a
/// large pool each round, and the easiest negatives dropped when the cache is full.
public struct MiningLoop<M: TrainableModel>: Sendable {
    /// The four labelled sets of a loop.
    public struct DataSets: Sendable {
        /// The initial training set.
        public var train: LabeledData
        /// Labelled data the model has not trained on, where hard negatives are found.
        public var pool: LabeledData
        /// Where the operating threshold is chosen.
        public var validation: LabeledData
        /// Only ever reported.
        public var test: LabeledData

        public init(train: LabeledData, pool: LabeledData, validation: LabeledData, test: LabeledData) throws {
            let names = train.features.names
            for (name, set) in [("pool", pool), ("validation", validation), ("test", test)] where set.features.names != names {
                throw InvalidInput("the \(name) set's features differ from the training set's: \(Table.list(set.features.names)) vs \(Table.list(names))", kind: .dataError)
            }
            self.train = train
            self.pool = pool
            self.validation = validation
            self.test = test
        }
    }

    /// Which rows make up the training set: rows of the initial training set (ascending),
    /// then pool rows in the order they were added, with the probability π each was sampled
    /// with (1 for unweighted samplers).
    public struct Composition: Sendable, Equatable {
        public var trainRows: [Int]
        public var poolRows: [Int]
        /// π of each of `poolRows`, row for row.
        public var poolInclusion: [Double]

        public init(trainRows: [Int], poolRows: [Int], poolInclusion: [Double]? = nil) {
            self.trainRows = trainRows
            self.poolRows = poolRows
            self.poolInclusion = poolInclusion ?? Array(repeating: 1, count: poolRows.count)
        }

        /// The training set these rows describe. With `weightedRounds` K, each pool row is
        /// weighted 1/(π·K): every round's sample stands for the unused pool, and the K rounds'
        /// samples are averaged (exact while the budget is small against the pool).
        func materialize(_ data: DataSets, weightedRounds: Int? = nil) throws -> LabeledData {
            var pool = data.pool.selecting(rows: poolRows)
            if let k = weightedRounds, k > 0, !poolRows.isEmpty {
                let base = pool.weightsOrOnes
                pool = try LabeledData(features: pool.features, labels: pool.labels,
                                       weights: poolInclusion.indices.map { base[$0] / (poolInclusion[$0] * Double(k)) })
            }
            return try LabeledData.stacking([data.train.selecting(rows: trainRows), pool])
        }
    }

    /// The state between rounds: enough to continue a run.
    public struct State: Sendable {
        /// The next round to run.
        public var round: Int
        /// The model that round evaluates.
        public var model: M
        /// Its training set.
        public var composition: Composition
        /// Every pool row mined so far (never mined twice).
        public var usedPoolRows: Set<Int>
        /// The best validation metric so far and its round (for patience).
        public var best: (value: Double, round: Int)?
        /// Rounds that added pool rows (the K of a weighted sampler's 1/(π·K)).
        public var minedRounds: Int = 0
    }

    public let configuration: MiningLoopConfiguration
    public let strategy: any ImprovementStrategy
    /// How the strategy arm picks pool negatives.
    public let sampler: PoolSampler
    public let trainingOptions: M.TrainingOptions
    public let continuationOptions: M.ContinuationOptions
    public let data: DataSets

    /// `sampler` defaults to `semi-hard`, as `quarry loop` and ``LoopRequest`` do.
    public init(configuration: MiningLoopConfiguration, strategy: any ImprovementStrategy, sampler: PoolSampler = .semiHard,
                trainingOptions: M.TrainingOptions, continuationOptions: M.ContinuationOptions, data: DataSets) {
        self.configuration = configuration
        self.strategy = strategy
        self.sampler = sampler
        self.trainingOptions = trainingOptions
        self.continuationOptions = continuationOptions
        self.data = data
    }

    /// Fits model 0 on the training set: the state before round 0.
    public func initialState() throws -> State {
        let model = try M.fit(data.train, options: trainingOptions)
        return State(round: 0, model: model,
                     composition: Composition(trainRows: Array(0..<data.train.labels.count), poolRows: []),
                     usedPoolRows: [], best: nil)
    }

    /// The `full-pool` control: a model fitted on the training set plus the whole pool.
    public func fullPoolModel() throws -> M {
        try M.fit(LabeledData.stacking([data.train, data.pool]), options: trainingOptions)
    }

    /// What a model scores on validation and test.
    struct Evaluation {
        var threshold: Double?
        var metric: Double?
        var testReport: EvaluationReport?
        var testRanking: LoopRankingMetrics?
    }

    /// Chooses the threshold on validation and measures the model on test, at that threshold
    /// and on the test set's own ROC.
    func evaluate(_ model: M) throws -> Evaluation {
        let chosen = try configuration.operatingPoint.resolve(for: model, on: data.validation)
        let testScores = try model.score(data.test.features)
        var testReport: EvaluationReport?
        if let chosen {
            let evaluator = try Evaluator(options: EvaluationOptions(
                operatingPoint: .threshold(chosen.threshold), bandHalfWidth: configuration.bandHalfWidth, maxFPR: 0.1))
            testReport = evaluator.evaluate(try ScoredLabels(scores: testScores, labels: data.test.labels))
        }
        let ranking = try LoopRankingMetrics(scores: testScores, labels: data.test.labels,
                                             targetRecall: LoopRankingMetrics.targetRecall(for: configuration.operatingPoint))
        return Evaluation(threshold: chosen?.threshold, metric: chosen.flatMap { Self.metric(configuration.operatingPoint, $0) },
                          testReport: testReport, testRanking: ranking)
    }

    /// The seeded generator of an arm's sampler in round `r` (stream 0: the strategy arm).
    func samplerGenerator(round r: Int, stream: UInt64) -> SeededGenerator {
        SeededGenerator(seed: configuration.seed).derived(UInt64(r)).derived(0x5A4D_504C_0000 &+ stream)
    }

    /// The stream of a control's sampler: fixed per kind, so adding a control leaves the others unchanged.
    static func stream(of control: LoopControl) -> UInt64 {
        UInt64(LoopControl.allCases.firstIndex(of: control)! + 1)
    }

    /// Evaluates `state`'s model and picks its pool rows with `sampler`.
    func evaluateAndSample(_ state: State, sampler: PoolSampler, stream: UInt64) throws -> (LoopRound, Evaluation) {
        let evaluation = try evaluate(state.model)
        var selection = PoolSampler.Selection(mined: [], negativesAtOrAboveThreshold: 0, unusedAboveThreshold: 0)
        if let t = evaluation.threshold {
            let poolScores = try state.model.score(data.pool.features)
            var generator = samplerGenerator(round: state.round, stream: stream)
            selection = sampler.select(scores: poolScores, labels: data.pool.labels, threshold: t, used: state.usedPoolRows,
                                       budget: configuration.perRound, band: configuration.bandHalfWidth, using: &generator)
        }
        var record = LoopRound(
            round: state.round, threshold: evaluation.threshold, validationMetricName: configuration.validationMetricName,
            validationMetric: evaluation.metric, testReport: evaluation.testReport,
            trainingRows: state.composition.trainRows.count + state.composition.poolRows.count,
            poolNegativesAtOrAboveThreshold: selection.negativesAtOrAboveThreshold, unusedCandidates: selection.unusedAboveThreshold,
            mined: selection.mined, strategySeconds: nil, rowsTrainedOn: nil, droppedByCacheLimit: 0, stop: nil)
        record.testRanking = evaluation.testRanking
        return (record, evaluation)
    }

    /// Runs one round of the strategy arm from `state`: evaluates, mines and (unless the run
    /// stops) improves.
    /// - Returns: the round's record and the state for the next round, or `nil` when the run
    ///   stops here (the record says why).
    public func runRound(_ state: State) throws -> (record: LoopRound, next: State?) {
        let r = state.round
        var (record, evaluation) = try evaluateAndSample(state, sampler: sampler, stream: 0)

        // Patience bookkeeping.
        var best = state.best
        if let metric = evaluation.metric, best == nil || metric > best!.value { best = (metric, r) }
        let stale = best.map { r - $0.round } ?? (r + 1)

        if evaluation.threshold == nil {
            record.stop = .noOperatingPoint
        } else if record.mined.isEmpty {
            record.stop = .converged
        } else if let patience = configuration.patience, stale >= patience {
            record.stop = .noImprovement
        } else if r >= configuration.rounds {
            record.stop = .maxRounds
        }
        if record.stop != nil { return (record, nil) }
        var next = try improve(state, &record, sampler: sampler)
        next.best = best
        return (record, next)
    }

    /// Runs round `state.round` of a sampling control arm: the same evaluation, its own
    /// sampler on the same budget, and the same strategy, seed and model settings. It never
    /// stops by itself: it improves while the strategy arm goes on (keeping its model when
    /// its sampler finds nothing).
    public func runControlRound(_ state: State, control: LoopControl, strategyGoesOn: Bool) throws -> (record: LoopRound, next: State?) {
        guard let controlSampler = control.sampler else {
            preconditionFailure("full-pool is not a sampling control")
        }
        var (record, _) = try evaluateAndSample(state, sampler: controlSampler, stream: Self.stream(of: control))
        guard strategyGoesOn else { return (record, nil) }
        guard !record.mined.isEmpty else {
            var same = state
            same.round += 1
            return (record, same)
        }
        // `improve` fills the record's training fields: call it before the record is copied out.
        let next = try improve(state, &record, sampler: controlSampler)
        return (record, next)
    }

    /// Shrinks the cache, applies the strategy to the round's rows and adds them to the training set.
    func improve(_ state: State, _ record: inout LoopRound, sampler: PoolSampler) throws -> State {
        let r = state.round
        let mined = record.mined.map(\.row)
        // Shrink the cache first (Felzenszwalb et al.'s step: drop the easy negatives the
        // current model already gets right), so the strategy trains once on what is kept.
        var composition = state.composition
        if let limit = configuration.cacheLimit {
            record.droppedByCacheLimit = try shrink(&composition, limit: max(0, limit - mined.count), model: state.model)
        }
        let weightedRounds = sampler.isWeighted ? state.minedRounds + 1 : nil
        var hard = data.pool.selecting(rows: mined)
        if let k = weightedRounds {
            let base = hard.weightsOrOnes
            hard = try LabeledData(features: hard.features, labels: hard.labels,
                                   weights: record.mined.indices.map { base[$0] / (record.mined[$0].inclusion * Double(k)) })
        }
        var training = try composition.materialize(data, weightedRounds: weightedRounds)
        if sampler.keepsClassBalance {
            (training, hard) = try Self.keepingClassBalance(training, hard, of: data.train)
        }
        var roundRandom = SeededGenerator(seed: configuration.seed).derived(UInt64(r))
        let outcome = try strategy.improve(StrategyInput(
            model: state.model, training: training, hard: hard, trainingOptions: trainingOptions,
            continuationOptions: continuationOptions, seed: roundRandom.next(),
            validation: data.validation, operatingPoint: configuration.operatingPoint))
        record.strategySeconds = outcome.seconds
        record.strategyReport = outcome.report
        record.rowsTrainedOn = outcome.rowsTrainedOn
        composition.poolRows += mined
        composition.poolInclusion += record.mined.map(\.inclusion)
        var used = state.usedPoolRows
        used.formUnion(mined)
        return State(round: r + 1, model: outcome.model, composition: composition, usedPoolRows: used, best: state.best,
                     minedRounds: state.minedRounds + 1)
    }

    /// `training` and `hard` reweighted so that, together, their positives' and negatives'
    /// total weights stand in the ratio of `initial`'s: every positive's weight is multiplied
    /// by (W₋ / W₊) ÷ (W₋⁰ / W₊⁰). Unchanged when a class is missing from either.
    /// - Complexity: O(n) for n rows.
    static func keepingClassBalance(_ training: LabeledData, _ hard: LabeledData, of initial: LabeledData) throws -> (LabeledData, LabeledData) {
        func sums(_ sets: [LabeledData]) -> (positive: Double, negative: Double) {
            var p = 0.0, n = 0.0
            for set in sets {
                for (label, w) in zip(set.labels, set.weightsOrOnes) { if label { p += w } else { n += w } }
            }
            return (p, n)
        }
        let before = sums([initial]), now = sums([training, hard])
        guard before.positive > 0, before.negative > 0, now.positive > 0, now.negative > 0 else { return (training, hard) }
        // Up-weighting the positives (rather than down-weighting the negatives) won the pilot
        // (seeds 100–105; bench/results/loop.md); for boosted trees the two fit the same trees.
        let factor = (now.negative / now.positive) / (before.negative / before.positive)
        func scaled(_ set: LabeledData) throws -> LabeledData {
            try LabeledData(features: set.features, labels: set.labels,
                            weights: zip(set.labels, set.weightsOrOnes).map { $0 ? $1 * factor : $1 })
        }
        return (try scaled(training), try scaled(hard))
    }

    /// Drops the easiest negatives (lowest scores under `model`; ties drop the later row)
    /// until the training set holds at most `limit` rows. Positives are never dropped.
    /// - Returns: how many rows were dropped.
    func shrink(_ composition: inout Composition, limit: Int, model: M) throws -> Int {
        let total = composition.trainRows.count + composition.poolRows.count
        guard total > limit else { return 0 }
        let training = try composition.materialize(data)
        let scores = try model.score(training.features)
        var negatives = training.labels.indices.filter { !training.labels[$0] }
        negatives.sort { scores[$0] != scores[$1] ? scores[$0] < scores[$1] : $0 > $1 }
        let drop = Set(negatives.prefix(total - limit))
        let t = composition.trainRows.count
        let keptPool = composition.poolRows.indices.filter { !drop.contains(t + $0) }
        composition.trainRows = composition.trainRows.enumerated().filter { !drop.contains($0.offset) }.map(\.element)
        composition.poolRows = keptPool.map { composition.poolRows[$0] }
        composition.poolInclusion = keptPool.map { composition.poolInclusion[$0] }
        return drop.count
    }

    /// The value the loop tracks at an operating point (the side the rule does not fix).
    static func metric(_ rule: OperatingPointRule, _ point: OperatingPoint) -> Double? {
        switch rule {
        case .targetRecall: point.precision
        case .targetPrecision, .targetFPR: point.recall
        case .threshold: point.f1
        }
    }
}
