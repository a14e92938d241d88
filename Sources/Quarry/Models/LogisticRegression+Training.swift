extension LogisticRegression {
    /// How the two classes are weighted, on top of the sample weights.
    public enum ClassWeight: Sendable, Equatable {
        /// Every row weighs its sample weight.
        case none
        /// Each class gets `Σw / (2 · Σw of the class)`, scikit-learn's `"balanced"` (its
        /// weighted form when sample weights are given).
        case balanced
        /// Explicit weights for the negative and positive class.
        case custom(negative: Double, positive: Double)

        var json: JSONValue {
            switch self {
            case .none: .null
            case .balanced: "balanced"
            case .custom(let n, let p): ["0": .number(n), "1": .number(p)]
            }
        }
    }

    /// Options of a fit from scratch; the defaults are scikit-learn's except `tolerance`.
    public struct TrainingOptions: Sendable, Equatable {
        /// Inverse L2 strength: the loss is `C·Σ w_i·ℓ_i + ½‖β‖²` (intercept unpenalized).
        public var c: Double
        public var classWeight: ClassWeight
        /// Standardize features with their training mean and standard deviation.
        public var standardize: Bool
        public var fitIntercept: Bool
        /// L-BFGS iterations at most.
        public var maxIterations: Int
        /// Stop when the largest gradient component of the scaled objective (see
        /// ``LogisticObjective``) is at most this, as scikit-learn's `tol` for lbfgs.
        public var tolerance: Double

        public init(c: Double = 1, classWeight: ClassWeight = .none, standardize: Bool = true,
                    fitIntercept: Bool = true, maxIterations: Int = 1000, tolerance: Double = 1e-6) {
            self.c = c
            self.classWeight = classWeight
            self.standardize = standardize
            self.fitIntercept = fitIntercept
            self.maxIterations = maxIterations
            self.tolerance = tolerance
        }

        /// - Throws: ``InvalidInput`` (`.usage`) naming the option, the bound and the value.
        func validate() throws {
            guard c > 0, c.isFinite else { throw InvalidInput("C must be a finite number > 0, got \(c)") }
            guard maxIterations >= 1 else { throw InvalidInput("max iterations must be ≥ 1, got \(maxIterations)") }
            guard tolerance >= 0, tolerance.isFinite else { throw InvalidInput("tolerance must be a finite number ≥ 0, got \(tolerance)") }
            if case .custom(let n, let p) = classWeight {
                guard n >= 0, p >= 0, n.isFinite, p.isFinite else {
                    throw InvalidInput("class weights must be finite numbers ≥ 0, got \(n) and \(p)")
                }
            }
        }

        /// The options as written into a model file's `training` member.
        public var json: JSONValue {
            ["c": .number(c), "class_weight": classWeight.json, "standardize": .bool(standardize),
             "fit_intercept": .bool(fitIntercept), "max_iter": .number(Double(maxIterations)), "tol": .number(tolerance)]
        }
    }

    /// How an optimization went.
    public struct FitReport: Sendable, Equatable {
        /// L-BFGS iterations.
        public var iterations: Int
        /// Objective and gradient evaluations.
        public var evaluations: Int
        /// Whether the gradient tolerance was reached.
        public var converged: Bool
        /// Why it stopped: `gradient_tolerance`, `max_iterations`, `line_search_stalled`, `epochs`.
        public var stopReason: String
        /// The final objective (scaled as ``LogisticObjective``).
        public var objective: Double
        /// The largest gradient component at the end.
        public var gradientNorm: Double
        /// The weighted mean log-loss on the training data at the end.
        public var meanLogLoss: Double

        public var json: JSONValue {
            ["iterations": .number(Double(iterations)), "evaluations": .number(Double(evaluations)),
             "converged": .bool(converged), "stop_reason": .string(stopReason),
             "objective": .optional(objective), "gradient_norm": .optional(gradientNorm),
             "mean_log_loss": .optional(meanLogLoss)]
        }
    }

    /// Fits a logistic regression on `data`.
    /// - Throws: ``InvalidInput`` for invalid options, labels of one class only, zero total
    ///   weight, or an infinite feature value.
    /// - Complexity: O(iterations × rows × features), on all cores.
    public static func fit(_ data: LabeledData, options: TrainingOptions) throws -> LogisticRegression {
        try fitWithReport(data, options: options).model
    }

    /// ``fit(_:options:)`` that also returns how the optimization went.
    /// - Parameter progress: told of each objective-and-gradient evaluation (stage `fitting`;
    ///   no total, as L-BFGS stops when the gradient is small).
    public static func fitWithReport(_ data: LabeledData, options: TrainingOptions,
                                     progress: ProgressReporter = .silent) throws -> (model: LogisticRegression, report: FitReport) {
        try options.validate()
        let positives = data.labels.reduce(0) { $0 + ($1 ? 1 : 0) }
        guard positives > 0, positives < data.labels.count else {
            throw InvalidInput("the labels hold only one class (\(positives) positives in \(data.labels.count) rows); logistic regression needs both", kind: .dataError)
        }
        let features = data.features
        let d = features.columnCount
        var centers = [Double](repeating: 0, count: d)
        var scales = [Double](repeating: 1, count: d)
        var means = [Double](repeating: 0, count: d)
        var deviations = [Double](repeating: 0, count: d)
        features.values.withUnsafeBufferPointer { x in
            nonisolated(unsafe) let x = x
            means.withUnsafeMutableBufferPointer { meanOut in
                nonisolated(unsafe) let meanOut = meanOut
                deviations.withUnsafeMutableBufferPointer { deviationOut in
                    nonisolated(unsafe) let deviationOut = deviationOut
                    // One column per task: each statistic is computed by one thread, in row order.
                    let n = features.rowCount
                    LinearFeatures.forEachChunk(d) { c in
                        (meanOut[c], deviationOut[c]) = Self.meanAndStandardDeviation(UnsafeBufferPointer(rebasing: x[(c * n)..<((c + 1) * n)]))
                    }
                }
            }
        }
        if options.standardize {
            centers = means
            scales = deviations.map { $0 > 0 ? 1 / $0 : 1 }
        }
        let prepared = try LinearFeatures(features, impute: means, centers: centers, scales: scales)
        let start = [Double](repeating: 0, count: d + 1)
        let (theta, report) = try solve(prepared, data: data, c: options.c, classWeight: options.classWeight,
                                        fitIntercept: options.fitIntercept, start: start, anchor: nil, proximal: 0,
                                        maxIterations: options.maxIterations, tolerance: options.tolerance, progress: progress)
        let model = LogisticRegression(featureNames: features.names, coefficients: Array(theta[0..<d]), intercept: theta[d],
                                       centers: centers, scales: scales, imputeValues: means)
        return (model, report)
    }

    /// Minimizes the full-batch objective from `start` with L-BFGS.
    static func solve(_ prepared: LinearFeatures, data: LabeledData, c: Double, classWeight: ClassWeight,
                      fitIntercept: Bool, start: [Double], anchor: [Double]?, proximal: Double,
                      maxIterations: Int, tolerance: Double,
                      progress: ProgressReporter = .silent) throws -> (theta: [Double], report: FitReport) {
        let (normalized, total) = try normalizedWeights(data, classWeight: classWeight)
        let objective = LogisticObjective(features: prepared, positive: data.labels, normalizedWeights: normalized,
                                          l2: 1 / (c * total), anchor: anchor, proximal: proximal / (c * total),
                                          fitIntercept: fitIntercept)
        let optimizer = LBFGS(maxIterations: maxIterations, gradientTolerance: tolerance)
        let meter = progress.start("fitting", unit: "gradient evaluations")
        defer { meter.finish() }
        let result = optimizer.minimize(from: start) { theta, gradient in
            meter.advance(by: 1)
            return objective.value(at: theta, gradient: &gradient)
        }
        let report = FitReport(iterations: result.iterations, evaluations: result.evaluations,
                               converged: result.stop == .gradientTolerance, stopReason: result.stop.rawValue,
                               objective: result.value, gradientNorm: result.gradientNorm,
                               meanLogLoss: objective.meanLoss(at: result.point))
        return (result.point, report)
    }

    /// Sample weights times class weights, divided by their total, and the total.
    /// - Throws: ``InvalidInput`` (`.dataError`) when the total weight is zero.
    static func normalizedWeights(_ data: LabeledData, classWeight: ClassWeight) throws -> (weights: [Double], total: Double) {
        var weights = data.weightsOrOnes
        let classFactor: (negative: Double, positive: Double)
        switch classWeight {
        case .none: classFactor = (1, 1)
        case .custom(let n, let p): classFactor = (n, p)
        case .balanced:
            var sums = (negative: 0.0, positive: 0.0)
            for (w, y) in zip(weights, data.labels) { if y { sums.positive += w } else { sums.negative += w } }
            let all = sums.negative + sums.positive
            classFactor = (sums.negative > 0 ? all / (2 * sums.negative) : 0, sums.positive > 0 ? all / (2 * sums.positive) : 0)
        }
        var total = 0.0
        for i in weights.indices {
            weights[i] *= data.labels[i] ? classFactor.positive : classFactor.negative
            total += weights[i]
        }
        guard total > 0 else { throw InvalidInput("the total sample weight is 0", kind: .dataError) }
        for i in weights.indices { weights[i] /= total }
        return (weights, total)
    }

    /// Mean and population standard deviation of the non-missing finite values (two passes);
    /// `(0, 0)` when there are none.
    static func meanAndStandardDeviation(_ values: UnsafeBufferPointer<Double>) -> (Double, Double) {
        var sum = 0.0, count = 0
        for v in values where v.isFinite { sum += v; count += 1 }
        guard count > 0 else { return (0, 0) }
        let mean = sum / Double(count)
        var squares = 0.0
        for v in values where v.isFinite { squares += (v - mean) * (v - mean) }
        return (mean, (squares / Double(count)).squareRoot())
    }
}
