extension GradientBoostedTrees {
    /// The validation metric early stopping watches.
    public enum EarlyStoppingMetric: String, Sendable, Equatable, CaseIterable {
        /// Weighted binary log-loss (lower is better).
        case logLoss = "log_loss"
        /// Area under the ROC curve (higher is better).
        case rocAUC = "roc_auc"
    }

    /// Training parameters; defaults follow LightGBM 4's where the concept is shared.
    ///
    /// ```swift
    /// var config = GradientBoostedTrees.Configuration()
    /// config.numLeaves = 63
    /// config.treeCount = 300
    /// ```
    public struct Configuration: Sendable, Equatable {
        /// Trees to fit, one per boosting round (LightGBM `num_iterations`, default 100; the
        /// model file's `rounds`).
        public var treeCount: Int = 100
        /// Shrinkage applied to every leaf value (`learning_rate`, default 0.1).
        public var learningRate: Double = 0.1
        /// Most leaves per tree; growth is leaf-wise, best gain first (`num_leaves`, default 31).
        public var numLeaves: Int = 31
        /// Deepest a leaf may be, root at depth 0; `nil` means unlimited (`max_depth`, default -1).
        public var maxDepth: Int? = nil
        /// Fewest training rows in a leaf (`min_child_samples` / `min_data_in_leaf`, default 20).
        public var minChildSamples: Int = 20
        /// Smallest sum of hessians in a leaf (`min_sum_hessian_in_leaf`, default 1e-3).
        public var minSumHessian: Double = 1e-3
        /// Smallest gain a split must bring (`min_split_gain`, default 0).
        public var minSplitGain: Double = 0
        /// L2 penalty λ on leaf values: a leaf's value is −G / (H + λ) (`reg_lambda`, default 0).
        public var l2Regularization: Double = 0
        /// Largest absolute leaf output before shrinkage; 0 means no limit (`max_delta_step`,
        /// default 0). Newton steps on confidently wrong rows (p ≈ 1, y = 0) have tiny
        /// hessians and huge outputs; a limit keeps continued training on a batch of hard
        /// negatives from overshooting (Chen & Guestrin 2016, XGBoost's advice for logistic loss).
        public var maxDeltaStep: Double = 0
        /// Most value bins per feature, 2...255; missing values get one more bin (`max_bin`, default 255).
        public var maxBins: Int = 255
        /// Rows sampled (seeded) to find bin edges (`bin_construct_sample_cnt`, default 200,000).
        public var binSampleCount: Int = 200_000
        /// Share of rows each bag draws, in (0, 1] (`bagging_fraction`, default 1: no bagging).
        public var baggingFraction: Double = 1
        /// Draw a new bag every this many rounds; 0 turns bagging off (`bagging_freq`, default 0).
        public var baggingFrequency: Int = 0
        /// Share of features each tree may split on, in (0, 1] (`feature_fraction`, default 1).
        public var featureFraction: Double = 1
        /// Stop when the validation metric has not improved for this many rounds; `nil` never stops early.
        public var earlyStoppingRounds: Int? = nil
        /// The metric early stopping watches.
        public var earlyStoppingMetric: EarlyStoppingMetric = .logLoss
        /// Seed for bin sampling, bagging and feature sampling.
        public var seed: UInt64 = 0
        /// Worker threads; `nil` uses every core. Results do not depend on it.
        public var threadCount: Int? = nil

        /// The defaults described on each property.
        public init() {}

        /// Checks every parameter's range.
        /// - Throws: ``InvalidInput`` (usage) naming the parameter, its bound and the value.
        public func validate() throws {
            func check(_ ok: Bool, _ name: String, _ bound: String, _ value: Any) throws {
                guard ok else { throw InvalidInput("gbdt parameter '\(name)' must be \(bound); got \(value)") }
            }
            try check(treeCount >= 0, "rounds", "≥ 0", treeCount)
            try check(learningRate > 0 && learningRate.isFinite, "learning_rate", "> 0 and finite", learningRate)
            try check(numLeaves >= 2 && numLeaves <= 131_072, "num_leaves", "in 2...131072", numLeaves)
            try check(maxDepth.map { $0 >= 1 } ?? true, "max_depth", "≥ 1 (or unset)", maxDepth.map(String.init) ?? "nil")
            try check(minChildSamples >= 1, "min_child_samples", "≥ 1", minChildSamples)
            try check(minSumHessian >= 0 && minSumHessian.isFinite, "min_sum_hessian", "≥ 0 and finite", minSumHessian)
            try check(minSplitGain >= 0 && minSplitGain.isFinite, "min_split_gain", "≥ 0 and finite", minSplitGain)
            try check(l2Regularization >= 0 && l2Regularization.isFinite, "reg_lambda", "≥ 0 and finite", l2Regularization)
            try check(maxDeltaStep >= 0 && maxDeltaStep.isFinite, "max_delta_step", "≥ 0 and finite", maxDeltaStep)
            try check(maxBins >= 2 && maxBins <= 255, "max_bin", "in 2...255", maxBins)
            try check(binSampleCount >= 1, "bin_sample_count", "≥ 1", binSampleCount)
            try check(baggingFraction > 0 && baggingFraction <= 1, "bagging_fraction", "in (0, 1]", baggingFraction)
            try check(baggingFrequency >= 0, "bagging_freq", "≥ 0", baggingFrequency)
            try check(featureFraction > 0 && featureFraction <= 1, "feature_fraction", "in (0, 1]", featureFraction)
            try check(earlyStoppingRounds.map { $0 >= 1 } ?? true, "early_stopping_rounds", "≥ 1 (or unset)",
                      earlyStoppingRounds.map(String.init) ?? "nil")
            try check(threadCount.map { $0 >= 1 } ?? true, "threads", "≥ 1 (or unset)", threadCount.map(String.init) ?? "nil")
        }

        /// Whether bagging is on (every `baggingFrequency` rounds a new sample of rows is drawn).
        var bagsRows: Bool { baggingFrequency > 0 && baggingFraction < 1 }
    }
}
