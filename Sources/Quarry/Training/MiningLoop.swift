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
    /// then pool rows in the order they were added.
    public struct Composition: Sendable, Equatable {
        public var trainRows: [Int]
        public var poolRows: [Int]

        public init(trainRows: [Int], poolRows: [Int]) {
            self.trainRows = trainRows
            self.poolRows = poolRows
        }

        /// The training set these rows describe.
        func materialize(_ data: DataSets) throws -> LabeledData {
            try LabeledData.stacking([data.train.selecting(rows: trainRows), data.pool.selecting(rows: poolRows)])
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
    }

    public let configuration: MiningLoopConfiguration
    public let strategy: any ImprovementStrategy
    public let trainingOptions: M.TrainingOptions
    public let continuationOptions: M.ContinuationOptions
    public let data: DataSets

    public init(configuration: MiningLoopConfiguration, strategy: any ImprovementStrategy,
                trainingOptions: M.TrainingOptions, continuationOptions: M.ContinuationOptions, data: DataSets) {
        self.configuration = configuration
        self.strategy = strategy
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

    /// Runs one round from `state`: evaluates, mines and (unless the run stops) improves.
    /// - Returns: the round's record and the state for the next round, or `nil` when the run
    ///   stops here (the record says why).
    public func runRound(_ state: State) throws -> (record: LoopRound, next: State?) {
        let r = state.round
        let model = state.model

        // 1. Threshold on validation, and the metric the loop tracks.
        let validationScores = try model.score(data.validation.features)
        let validationCurve = ThresholdCurve(try ScoredLabels(scores: validationScores, labels: data.validation.labels))
        let chosen = validationCurve.operatingPoint(configuration.operatingPoint)
        let metric = chosen.flatMap { Self.metric(configuration.operatingPoint, $0) }

        // 2. The full threshold-region report on test, at the validation threshold.
        let testScores = try model.score(data.test.features)
        let testReport: JSONValue
        if let chosen {
            let evaluator = try Evaluator(options: EvaluationOptions(
                operatingPoint: .threshold(chosen.threshold), bandHalfWidth: configuration.band, maxFPR: 0.1))
            testReport = evaluator.evaluate(try ScoredLabels(scores: testScores, labels: data.test.labels)).json
        } else {
            testReport = .null
        }

        // 3. Mine the pool: negatives at or above the threshold, not mined before, hardest first.
        let poolScores = try model.score(data.pool.features)
        var candidates: [Int] = []
        var poolNegativesAbove = 0
        if let t = chosen?.threshold {
            for i in poolScores.indices where !data.pool.labels[i] && poolScores[i] >= t {
                poolNegativesAbove += 1
                if !state.usedPoolRows.contains(i) { candidates.append(i) }
            }
        }
        candidates.sort { poolScores[$0] != poolScores[$1] ? poolScores[$0] > poolScores[$1] : $0 < $1 }
        let mined = Array(candidates.prefix(configuration.perRound))

        // 4. Patience bookkeeping.
        var best = state.best
        if let metric, best == nil || metric > best!.value { best = (metric, r) }
        let stale = best.map { r - $0.round } ?? (r + 1)

        var record = LoopRound(
            round: r, threshold: chosen?.threshold, validationMetricName: configuration.validationMetricName,
            validationMetric: metric, testReport: testReport, trainingRows: state.composition.trainRows.count + state.composition.poolRows.count,
            poolNegativesAtOrAboveThreshold: poolNegativesAbove, unusedCandidates: candidates.count,
            mined: mined.map { MinedPoolRow(row: $0, score: poolScores[$0]) }, strategySeconds: nil, rowsTrainedOn: nil,
            droppedByCacheLimit: 0, stop: nil)

        // 5. Stop, or improve.
        if chosen == nil {
            record.stop = .noOperatingPoint
        } else if mined.isEmpty {
            record.stop = .converged
        } else if let patience = configuration.patience, stale >= patience {
            record.stop = .noImprovement
        } else if r >= configuration.rounds {
            record.stop = .maxRounds
        }
        if record.stop != nil { return (record, nil) }

        // 6. Shrink the cache first (Felzenszwalb et al.'s step: drop the easy negatives the
        //    current model already gets right), so the strategy trains once on what is kept.
        var composition = state.composition
        if let limit = configuration.cacheLimit {
            record.droppedByCacheLimit = try shrink(&composition, limit: max(0, limit - mined.count), model: model)
        }
        let hard = data.pool.selecting(rows: mined)
        let training = try composition.materialize(data)
        var roundRandom = SeededGenerator(seed: configuration.seed).derived(UInt64(r))
        let outcome = try strategy.improve(StrategyInput(
            model: model, training: training, hard: hard, trainingOptions: trainingOptions,
            continuationOptions: continuationOptions, seed: roundRandom.next()))
        record.strategySeconds = outcome.seconds
        record.rowsTrainedOn = outcome.rowsTrainedOn
        composition.poolRows += mined
        var used = state.usedPoolRows
        used.formUnion(mined)
        return (record, State(round: r + 1, model: outcome.model, composition: composition, usedPoolRows: used, best: best))
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
        composition.trainRows = composition.trainRows.enumerated().filter { !drop.contains($0.offset) }.map(\.element)
        composition.poolRows = composition.poolRows.enumerated().filter { !drop.contains(t + $0.offset) }.map(\.element)
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
