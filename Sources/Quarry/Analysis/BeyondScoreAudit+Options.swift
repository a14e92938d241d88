extension BeyondScoreAudit {
    /// Which labelled rows the audit looks at.
    public enum Region: Sendable, Equatable {
        /// Every labelled row scoring at or above the threshold (both classes).
        case atOrAboveThreshold
        /// Every labelled row with `|score − threshold| ≤ halfWidth`.
        case band(halfWidth: Double)
    }

    /// How the audit runs and decides.
    public struct Options: Sendable, Equatable {
        /// The rows audited.
        public var region: Region
        /// Cross-fitting folds, 3...10 (the recalibration and the auditor's out-of-fold loss).
        public var folds: Int
        /// Label permutations of the null, at least 19 (199 or more for a p-value to two digits).
        public var permutations: Int
        /// Score-quantile bins within which labels are permuted (and features residualised), 2...50.
        public var scoreBins: Int
        /// Significance level of the audit and of the Holm-corrected feature and pair tests.
        public var alpha: Double
        /// The smallest effect worth finding, in nats of log-loss per row; the power check
        /// plants a signal of this size. 0.02 nats is 2.9% of the log-loss of a coin.
        public var minimumEffect: Double
        /// Planted signals of the power check (0 skips it: `not_separable` is then never said).
        public var powerInjections: Int
        /// The detection rate the power check needs before `not_separable` is said.
        public var requiredPower: Double
        /// Fewest rows of each class in the region before `not_separable` may be said (below it
        /// the test still runs when each class has `2 × folds` rows, and may find `separable`).
        public var minimumClassRows: Int
        /// Most boosting rounds of the auditor (depth ≤ 3, learning rate 0.1, early-stopped).
        public var rounds: Int
        /// Rounds without a validation improvement before the auditor stops.
        public var patience: Int
        /// Shrinkage of the auditor's trees.
        public var learningRate: Double
        /// Deepest auditor tree, 1...3.
        public var maxDepth: Int
        /// How many of the top-ranked features are paired in the interaction test.
        public var pairCandidates: Int
        /// Seed of the folds, the permutations and the planted signals.
        public var seed: UInt64
        /// Worker threads; `nil` uses every core. Results do not depend on it.
        public var threads: Int?

        public init(region: Region = .atOrAboveThreshold, folds: Int = 5, permutations: Int = 199, scoreBins: Int = 20,
                    alpha: Double = 0.05, minimumEffect: Double = 0.02, powerInjections: Int = 20,
                    requiredPower: Double = 0.8, minimumClassRows: Int = 100, rounds: Int = 100, patience: Int = 10,
                    learningRate: Double = 0.1, maxDepth: Int = 3, pairCandidates: Int = 5, seed: UInt64 = 0, threads: Int? = nil) {
            self.region = region
            self.folds = folds
            self.permutations = permutations
            self.scoreBins = scoreBins
            self.alpha = alpha
            self.minimumEffect = minimumEffect
            self.powerInjections = powerInjections
            self.requiredPower = requiredPower
            self.minimumClassRows = minimumClassRows
            self.rounds = rounds
            self.patience = patience
            self.learningRate = learningRate
            self.maxDepth = maxDepth
            self.pairCandidates = pairCandidates
            self.seed = seed
            self.threads = threads
        }

        /// Checks every option's range.
        /// - Throws: ``InvalidInput`` (usage) naming the option, its bound and the value.
        public func validate() throws {
            let check = InvalidInput.check
            if case .band(let w) = region { try check(w > 0 && w.isFinite, "auditBand", "a positive number", w) }
            try check((3...10).contains(folds), "folds", "in 3...10", folds)
            try check(alpha > 0 && alpha < 1, "alpha", "in (0, 1)", alpha)
            // The smallest p-value is 1 / (B + 1): below α only when (B + 1)·α > 1.
            try check(Double(permutations + 1) * alpha > 1, "permutations",
                      "at least \(Int((1 / alpha).rounded(.down))) (the smallest p-value is 1/(permutations + 1), and it must fall below alpha \(alpha))",
                      permutations)
            try check(permutations >= 19, "permutations", "≥ 19", permutations)
            try check((2...50).contains(scoreBins), "scoreBins", "in 2...50", scoreBins)
            try check(minimumEffect > 0 && minimumEffect.isFinite, "minimumEffect", "a positive number", minimumEffect)
            try check(powerInjections >= 0, "powerInjections", "≥ 0", powerInjections)
            try check(requiredPower > 0 && requiredPower <= 1, "requiredPower", "in (0, 1]", requiredPower)
            try check(minimumClassRows >= 2 * folds, "minimumClassRows", "≥ 2 × folds (\(2 * folds))", minimumClassRows)
            try check(rounds >= 1, "rounds", "≥ 1", rounds)
            try check(patience >= 1, "patience", "≥ 1", patience)
            try check(learningRate > 0 && learningRate <= 1, "learningRate", "in (0, 1]", learningRate)
            try check((1...3).contains(maxDepth), "maxDepth", "in 1...3", maxDepth)
            try check(pairCandidates >= 0, "pairCandidates", "≥ 0", pairCandidates)
            try check(threads.map { $0 >= 1 } ?? true, "threads", "≥ 1 (or unset)", threads.map(String.init) ?? "nil")
        }

        /// The auditor's trees: depth `depth`, `2^depth` leaves, 32 bins, ≥ 20 rows per leaf,
        /// λ = 1, learning rate 0.1, early stopping after ``patience`` rounds.
        func auditorConfiguration(depth: Int) -> GradientBoostedTrees.Configuration {
            var c = GradientBoostedTrees.Configuration()
            c.treeCount = rounds
            c.learningRate = learningRate
            c.maxDepth = depth
            c.numLeaves = 1 << depth
            c.minChildSamples = 20
            c.l2Regularization = 1
            c.maxBins = 32
            c.earlyStoppingRounds = patience
            c.seed = seed
            c.threadCount = 1
            return c
        }

        var json: JSONValue {
            var region: JSONValue = ["kind": "at_or_above_threshold"]
            if case .band(let w) = self.region { region = ["kind": "band", "half_width": .number(w)] }
            return [
                "region": region, "folds": .number(Double(folds)), "permutations": .number(Double(permutations)),
                "score_bins": .number(Double(scoreBins)), "alpha": .number(alpha), "minimum_effect": .number(minimumEffect),
                "power_injections": .number(Double(powerInjections)), "required_power": .number(requiredPower),
                "minimum_class_rows": .number(Double(minimumClassRows)), "rounds": .number(Double(rounds)),
                "patience": .number(Double(patience)), "learning_rate": .number(learningRate), "max_depth": .number(Double(maxDepth)),
                "pair_candidates": .number(Double(pairCandidates)), "seed": .number(Double(seed)),
            ]
        }
    }
}
