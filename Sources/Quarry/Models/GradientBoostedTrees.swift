/// Histogram gradient-boosted decision trees for binary classification (log-loss).
///
/// Trees grow leaf-wise (best gain first) on features quantized to at most 255 bins, as
/// LightGBM does (Ke et al., "LightGBM: A Highly Efficient Gradient Boosting Decision Tree",
/// NeurIPS 2017); missing values (NaN) have their own bin and every split learns where to
/// send them. Scores are `sigmoid(initialScore + Σ tree outputs)`.
///
/// ```swift
/// var config = GradientBoostedTrees.Configuration()
/// config.treeCount = 200
/// let (model, report) = try GradientBoostedTrees.fit(train, validation: valid, configuration: config)
/// let p = try model.score(test.features)
/// // Fine-tuning: more trees on new data, starting from the current ensemble.
/// let (tuned, _) = try model.continued(on: hardNegatives, treeCount: 20)
/// ```
public struct GradientBoostedTrees: TrainableModel, Equatable {
    public static let kind = "gbdt"

    /// The features, in the order the model reads them.
    public let featureNames: [String]
    /// The parameters the trees were grown with (the last call's, after continued training).
    public let configuration: Configuration
    /// The raw score every row starts from: the log-odds of the weighted base rate of the first training set.
    public let initialScore: Double
    /// The trees, in boosting order.
    public internal(set) var trees: [RegressionTree]

    /// Assembles a model from its parts.
    public init(featureNames: [String], configuration: Configuration, initialScore: Double, trees: [RegressionTree]) {
        self.featureNames = featureNames
        self.configuration = configuration
        self.initialScore = initialScore
        self.trees = trees
    }

    /// Total split gain per feature, parallel to ``featureNames`` (LightGBM's `importance_type="gain"`).
    public var gainImportance: [Double] {
        var importance = [Double](repeating: 0, count: featureNames.count)
        for tree in trees {
            for (f, g) in zip(tree.splitFeature, tree.gain) { importance[Int(f)] += g }
        }
        return importance
    }
}

extension GradientBoostedTrees {
    /// What a training run did.
    public struct TrainingReport: Sendable, Equatable {
        /// Why boosting ended.
        public enum StopReason: String, Sendable, Equatable {
            /// All requested rounds were fitted.
            case roundsCompleted = "rounds_completed"
            /// The validation metric did not improve for `earlyStoppingRounds` rounds.
            case earlyStopping = "early_stopping"
            /// No leaf could be split any more (the tree would be a single leaf).
            case noSplitPossible = "no_split_possible"
        }

        /// Trees added by this run (after early stopping trimmed the ensemble back to its best round).
        public var treesAdded: Int
        /// Rounds fitted before stopping (≥ ``treesAdded``).
        public var roundsFitted: Int
        /// The 1-based round of the best validation metric within this run, when validating.
        public var bestRound: Int?
        /// The validation metric after each fitted round, when validating.
        public var validationHistory: [Double]
        /// The metric ``validationHistory`` holds.
        public var metric: EarlyStoppingMetric?
        /// Why boosting ended.
        public var stopReason: StopReason
        /// Wall time of the run, in seconds.
        public var seconds: Double
        /// Of ``seconds``, the time spent finding bin edges and binning the data.
        public var binningSeconds: Double
    }
}
