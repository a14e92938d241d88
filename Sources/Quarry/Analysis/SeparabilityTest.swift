/// Whether the current features can tell the hard negatives from the positives they are
/// mistaken for.
public enum SeparabilityVerdict: String, Sendable, Equatable {
    /// The discriminator beats the permutation baseline clearly: the information is in the
    /// features but the model does not use it (expand, fine-tune, add interactions).
    case separable
    /// The discriminator does no better than chance: the feature set lacks a property that
    /// distinguishes them, or the hard negatives are mislabeled positives.
    case notSeparable = "not_separable"
    /// Too few rows in a group for the folds.
    case insufficientData = "insufficient_data"
}

/// Cross-validated ROC AUC of a gradient-boosted discriminator (``GradientBoostedTrees``,
/// small and shallow: see ``discriminatorConfiguration(_:)``) between hard negatives
/// (class 1) and reference positives (class 0), against a label-permutation baseline.
///
/// Folds are stratified and seeded: each class's rows are shuffled with the seed and dealt
/// round-robin into the folds. The cross-validated AUC is the mean of the per-fold AUCs of
/// out-of-fold scores (as sklearn's `cross_val_score`). The baseline reruns the same
/// cross-validation with the labels shuffled (seeded, ``Options/permutations`` times).
///
/// Decision rule: **separable** when `auc − baselineMean > sdMultiplier × max(baselineSD,
/// sdFloor)` **and** `auc ≥ minimumAUC` (defaults 3, 0.02, 0.6); otherwise **not separable**.
/// The floor keeps a lucky, tight baseline from a handful of permutations from making a
/// tiny gain look significant.
public struct SeparabilityTest: Sendable, Equatable {
    /// How the test runs and decides.
    public struct Options: Sendable, Equatable {
        public var folds: Int
        public var permutations: Int
        public var seed: UInt64
        public var sdMultiplier: Double
        public var sdFloor: Double
        public var minimumAUC: Double
        /// Boosting rounds of the discriminator (depth 3, learning rate 0.1).
        public var rounds: Int

        public init(folds: Int = 5, permutations: Int = 5, seed: UInt64 = 0, sdMultiplier: Double = 3,
                    sdFloor: Double = 0.02, minimumAUC: Double = 0.6, rounds: Int = 60) {
            self.folds = folds
            self.permutations = permutations
            self.seed = seed
            self.sdMultiplier = sdMultiplier
            self.sdFloor = sdFloor
            self.minimumAUC = minimumAUC
            self.rounds = rounds
        }

        var json: JSONValue {
            ["folds": .number(Double(folds)), "permutations": .number(Double(permutations)),
             "seed": .number(Double(seed)), "sd_multiplier": .number(sdMultiplier),
             "sd_floor": .number(sdFloor), "minimum_auc": .number(minimumAUC), "rounds": .number(Double(rounds))]
        }
    }

    /// Mean of the per-fold AUCs (`nil` when data are insufficient).
    public let crossValidatedAUC: Double?
    /// Per-fold AUCs.
    public let foldAUCs: [Double]
    /// The cross-validated AUC of each permutation.
    public let baselineAUCs: [Double]
    /// Mean and sample standard deviation of ``baselineAUCs``.
    public let baselineMean: Double?
    public let baselineSD: Double?
    public let verdict: SeparabilityVerdict
    public let options: Options
    /// Feature pairs the discriminator (fitted on all rows) splits on together, ranked.
    public let interactions: [FeatureInteraction]

    /// Runs the test on the rows of `groups.hardNegatives` and `groups.positives`.
    ///
    /// The `(1 + permutations) × folds` fits run concurrently; each writes its own slot, so
    /// the result does not depend on the number of threads.
    /// - Complexity: O((1 + permutations) · folds · rounds · depth · n · d), n = hard + positives.
    public init(features: FeatureMatrix, groups: ExplainGroups, options: Options = Options()) throws {
        guard options.folds >= 2, options.permutations >= 2, options.rounds >= 1 else {
            throw InvalidInput("separability needs at least 2 folds, 2 permutations and 1 round")
        }
        self.options = options
        let rows = groups.hardNegatives + groups.positives
        let targets = groups.hardNegatives.map { _ in true } + groups.positives.map { _ in false }
        guard groups.hardNegatives.count >= options.folds, groups.positives.count >= options.folds else {
            crossValidatedAUC = nil; foldAUCs = []; baselineAUCs = []; baselineMean = nil; baselineSD = nil
            verdict = .insufficientData; interactions = []
            return
        }
        let subset = features.selecting(rows: rows)
        let local = Array(0..<rows.count)
        let configuration = Self.discriminatorConfiguration(options)
        let root = SeededGenerator(seed: options.seed)
        let fold = Self.stratifiedFolds(targets: targets, folds: options.folds, generator: root.derived(0))
        var labelings = [targets]
        for p in 0..<options.permutations {
            var g = root.derived(UInt64(p + 1))
            var shuffled = targets
            g.shuffle(&shuffled)
            labelings.append(shuffled)
        }
        let jobs = labelings.count * options.folds
        let aucs = UnsafeMutableBufferPointer<Double>.allocate(capacity: jobs)
        aucs.initialize(repeating: .nan)
        defer { aucs.deallocate() }
        let allLabelings = labelings
        // Folds run in parallel; each fit is single-threaded, so no nested parallelism.
        parallelFor(jobs, threads: activeCoreCount()) { job in
            let labels = allLabelings[job / options.folds], k = job % options.folds
            let train = local.filter { fold[$0] != k }, test = local.filter { fold[$0] == k }
            guard let data = try? LabeledData(features: subset.selecting(rows: train), labels: train.map { labels[$0] }),
                  let model = try? GradientBoostedTrees.fit(data, configuration: configuration).model,
                  let scores = try? model.score(subset.selecting(rows: test))
            else { return }
            let hard = zip(test, scores).filter { labels[$0.0] }.map(\.1)
            let other = zip(test, scores).filter { !labels[$0.0] }.map(\.1)
            aucs[job] = TwoSampleStatistics.rocAUC(positives: hard, negatives: other) ?? .nan
        }
        func meanOfFolds(_ labeling: Int) -> Double {
            let values = (0..<options.folds).map { aucs[labeling * options.folds + $0] }.filter { !$0.isNaN }
            return values.reduce(0, +) / Double(values.count)
        }
        foldAUCs = (0..<options.folds).map { aucs[$0] }
        let auc = meanOfFolds(0)
        crossValidatedAUC = auc
        baselineAUCs = (1...options.permutations).map(meanOfFolds)
        let mean = baselineAUCs.reduce(0, +) / Double(baselineAUCs.count)
        let sd = (baselineAUCs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(baselineAUCs.count - 1)).squareRoot()
        baselineMean = mean
        baselineSD = sd
        let separable = auc - mean > options.sdMultiplier * Swift.max(sd, options.sdFloor) && auc >= options.minimumAUC
        verdict = separable ? .separable : .notSeparable
        let full = try GradientBoostedTrees.fit(LabeledData(features: subset, labels: targets), configuration: configuration).model
        interactions = FeatureInteraction.rank(trees: full.trees, names: features.names)
    }

    /// The discriminator: small, shallow trees (depth 3, 8 leaves, 32 bins, at least 5 rows
    /// per leaf, λ = 1, learning rate 0.1), fitted single-threaded so the folds can run in parallel.
    static func discriminatorConfiguration(_ options: Options) -> GradientBoostedTrees.Configuration {
        var configuration = GradientBoostedTrees.Configuration()
        configuration.rounds = options.rounds
        configuration.learningRate = 0.1
        configuration.numLeaves = 8
        configuration.maxDepth = 3
        configuration.minChildSamples = 5
        configuration.l2Regularization = 1
        configuration.maxBins = 32
        configuration.seed = options.seed
        configuration.threadCount = 1
        return configuration
    }

    /// Fold index per row: each class shuffled with `generator` and dealt round-robin.
    static func stratifiedFolds(targets: [Bool], folds: Int, generator: SeededGenerator) -> [Int] {
        var g = generator
        var fold = [Int](repeating: 0, count: targets.count)
        for cls in [true, false] {
            var members = targets.indices.filter { targets[$0] == cls }
            g.shuffle(&members)
            for (i, row) in members.enumerated() { fold[row] = i % folds }
        }
        return fold
    }

    /// The numbers behind the verdict, as JSON.
    public var json: JSONValue {
        [
            "verdict": .string(verdict.rawValue),
            "cross_validated_auc": .optional(crossValidatedAUC),
            "fold_aucs": .array(foldAUCs.map { .optional($0) }),
            "baseline_mean": .optional(baselineMean),
            "baseline_sd": .optional(baselineSD),
            "baseline_aucs": .array(baselineAUCs.map { .optional($0) }),
            "rule": .string("separable when auc - baseline_mean > \(Table.format(options.sdMultiplier)) * max(baseline_sd, \(Table.format(options.sdFloor))) and auc >= \(Table.format(options.minimumAUC))"),
            "parameters": options.json,
        ]
    }
}

