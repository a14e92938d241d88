extension LogisticRegression {
    /// Options of fine-tuning: continue from the current weights on new data with a
    /// proximal term `λ/2·‖θ − θ₀‖²` pulling toward them.
    ///
    /// The loss is `C·Σ w_i·ℓ_i + ½‖β‖² + λ/2·‖θ − θ₀‖²`, where `θ₀` (coefficients and
    /// intercept) is the current model and the standardization stays the model's. A large
    /// `λ` keeps the model where it was; `λ = 0` is a fresh fit on the new data (from a warm
    /// start). Solved full batch by L-BFGS.
    public struct ContinuationOptions: Sendable, Equatable {
        public var c: Double
        /// λ, the strength of the pull toward the current weights, in the units of `½‖β‖²`.
        public var proximal: Double
        public var classWeight: ClassWeight
        public var maxIterations: Int
        public var tolerance: Double

        public init(c: Double = 1, proximal: Double = 1, classWeight: ClassWeight = .none,
                    maxIterations: Int = 1000, tolerance: Double = 1e-6) {
            self.c = c
            self.proximal = proximal
            self.classWeight = classWeight
            self.maxIterations = maxIterations
            self.tolerance = tolerance
        }

        func validate() throws {
            try TrainingOptions(c: c, classWeight: classWeight, maxIterations: maxIterations, tolerance: tolerance).validate()
            guard proximal >= 0, proximal.isFinite else { throw InvalidInput("the proximal strength λ must be a finite number ≥ 0, got \(proximal)") }
        }

        /// The options as written into a model file's `training` member.
        public var json: JSONValue {
            ["c": .number(c), "proximal": .number(proximal), "class_weight": classWeight.json,
             "max_iter": .number(Double(maxIterations)), "tol": .number(tolerance)]
        }
    }

    /// Continues training on `data` from this model (see ``ContinuationOptions``).
    public func continued(on data: LabeledData, options: ContinuationOptions) throws -> LogisticRegression {
        try continuedWithReport(on: data, options: options).model
    }

    /// ``continued(on:options:)`` that also returns how the optimization went.
    /// - Throws: ``InvalidInput`` for invalid options, features other than the model's, or
    ///   labels of one class with `λ = 0` (the intercept would have no minimum).
    /// - Complexity: O(iterations × rows × features).
    public func continuedWithReport(on data: LabeledData, options: ContinuationOptions) throws -> (model: LogisticRegression, report: FitReport) {
        try options.validate()
        try checkFeatures(data.features)
        let positives = data.labels.reduce(0) { $0 + ($1 ? 1 : 0) }
        if options.proximal == 0, positives == 0 || positives == data.labels.count {
            throw InvalidInput("fine-tuning on labels of one class needs a proximal strength λ > 0", kind: .usage)
        }
        let prepared = try prepare(data.features)
        let anchor = coefficients + [intercept]
        let (theta, report) = try Self.solve(prepared, data: data, c: options.c, classWeight: options.classWeight,
                                             fitIntercept: true, start: anchor, anchor: anchor, proximal: options.proximal,
                                             maxIterations: options.maxIterations, tolerance: options.tolerance)
        let d = featureNames.count
        let model = LogisticRegression(featureNames: featureNames, coefficients: Array(theta[0..<d]), intercept: theta[d],
                                       centers: centers, scales: scales, imputeValues: imputeValues)
        return (model, report)
    }
}
