#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension LogisticRegression {
    /// Which examples of a minibatch the gradient step uses.
    public enum BatchSelection: Sendable, Equatable {
        /// Every example of the batch.
        case all
        /// Online hard-example mining: only the `fraction` of the batch with the highest loss
        /// (at least one; ties go to the earlier row). Shrivastava, Gupta & Girshick,
        /// "Training Region-based Object Detectors with Online Hard Example Mining", CVPR 2016.
        case hardest(fraction: Double)
    }

    /// Options of the optional minibatch mode of fine-tuning.
    public struct MinibatchOptions: Sendable, Equatable {
        public var batchSize: Int
        public var epochs: Int
        /// The step size of each proximal gradient step (standardized features make 0.1 a sound default).
        public var learningRate: Double
        public var selection: BatchSelection
        /// Focal loss exponent γ: the loss becomes `(1 − p_t)^γ · ℓ`, shrinking the weight of
        /// well-classified examples; 0 is the plain log-loss. Lin et al., "Focal Loss for
        /// Dense Object Detection", ICCV 2017.
        public var focalGamma: Double
        /// Seeds the shuffling of rows into batches.
        public var seed: UInt64

        public init(batchSize: Int = 256, epochs: Int = 5, learningRate: Double = 0.1,
                    selection: BatchSelection = .all, focalGamma: Double = 0, seed: UInt64 = 0) {
            self.batchSize = batchSize
            self.epochs = epochs
            self.learningRate = learningRate
            self.selection = selection
            self.focalGamma = focalGamma
            self.seed = seed
        }

        var json: JSONValue {
            var selectionJSON: JSONValue = "all"
            if case .hardest(let f) = selection { selectionJSON = ["hardest_fraction": .number(f)] }
            return ["batch_size": .number(Double(batchSize)), "epochs": .number(Double(epochs)),
                    "learning_rate": .number(learningRate), "selection": selectionJSON,
                    "focal_gamma": .number(focalGamma), "seed": .number(Double(seed))]
        }
    }

    /// Options of fine-tuning: continue from the current weights on new data with a
    /// proximal term `λ/2·‖θ − θ₀‖²` pulling toward them.
    ///
    /// The loss is `C·Σ w_i·ℓ_i + ½‖β‖² + λ/2·‖θ − θ₀‖²`, where `θ₀` (coefficients and
    /// intercept) is the current model and the standardization stays the model's. A large
    /// `λ` keeps the model where it was; `λ = 0` is a fresh fit on the new data (from a warm
    /// start). Full batch (L-BFGS) unless ``minibatch`` is set.
    public struct ContinuationOptions: Sendable, Equatable {
        public var c: Double
        /// λ, the strength of the pull toward the current weights, in the units of `½‖β‖²`.
        public var proximal: Double
        public var classWeight: ClassWeight
        public var maxIterations: Int
        public var tolerance: Double
        /// Minibatch proximal gradient steps instead of full-batch L-BFGS.
        public var minibatch: MinibatchOptions?

        public init(c: Double = 1, proximal: Double = 1, classWeight: ClassWeight = .none,
                    maxIterations: Int = 1000, tolerance: Double = 1e-6, minibatch: MinibatchOptions? = nil) {
            self.c = c
            self.proximal = proximal
            self.classWeight = classWeight
            self.maxIterations = maxIterations
            self.tolerance = tolerance
            self.minibatch = minibatch
        }

        func validate() throws {
            try TrainingOptions(c: c, classWeight: classWeight, maxIterations: maxIterations, tolerance: tolerance).validate()
            guard proximal >= 0, proximal.isFinite else { throw InvalidInput("the proximal strength λ must be a finite number ≥ 0, got \(proximal)") }
            if let m = minibatch {
                guard m.batchSize >= 1 else { throw InvalidInput("batch size must be ≥ 1, got \(m.batchSize)") }
                guard m.epochs >= 1 else { throw InvalidInput("epochs must be ≥ 1, got \(m.epochs)") }
                guard m.learningRate > 0, m.learningRate.isFinite else { throw InvalidInput("learning rate must be a finite number > 0, got \(m.learningRate)") }
                guard m.focalGamma >= 0, m.focalGamma.isFinite else { throw InvalidInput("focal γ must be a finite number ≥ 0, got \(m.focalGamma)") }
                if case .hardest(let f) = m.selection, !(f > 0 && f <= 1) {
                    throw InvalidInput("the hard-example fraction must be in (0, 1], got \(f)")
                }
            }
        }

        /// The options as written into a model file's `training` member.
        public var json: JSONValue {
            ["c": .number(c), "proximal": .number(proximal), "class_weight": classWeight.json,
             "max_iter": .number(Double(maxIterations)), "tol": .number(tolerance),
             "minibatch": minibatch?.json ?? .null]
        }
    }

    /// Continues training on `data` from this model (see ``ContinuationOptions``).
    public func continued(on data: LabeledData, options: ContinuationOptions) throws -> LogisticRegression {
        try continuedWithReport(on: data, options: options).model
    }

    /// ``continued(on:options:)`` that also returns how the optimization went.
    /// - Throws: ``InvalidInput`` for invalid options, features other than the model's, or
    ///   labels of one class with `λ = 0` (the intercept would have no minimum).
    /// - Complexity: full batch O(iterations × rows × features); minibatch
    ///   O(epochs × rows × features), single-threaded so the seeded order is exact.
    public func continuedWithReport(on data: LabeledData, options: ContinuationOptions) throws -> (model: LogisticRegression, report: FitReport) {
        try options.validate()
        try checkFeatures(data.features)
        let positives = data.labels.reduce(0) { $0 + ($1 ? 1 : 0) }
        if options.proximal == 0, positives == 0 || positives == data.labels.count {
            throw InvalidInput("fine-tuning on labels of one class needs a proximal strength λ > 0", kind: .usage)
        }
        let prepared = try prepare(data.features)
        let anchor = coefficients + [intercept]
        let theta: [Double], report: FitReport
        if let minibatch = options.minibatch {
            (theta, report) = try minibatchSteps(prepared, data: data, options: options, minibatch: minibatch, anchor: anchor)
        } else {
            (theta, report) = try Self.solve(prepared, data: data, c: options.c, classWeight: options.classWeight,
                                             fitIntercept: true, start: anchor, anchor: anchor, proximal: options.proximal,
                                             maxIterations: options.maxIterations, tolerance: options.tolerance)
        }
        let d = featureNames.count
        let model = LogisticRegression(featureNames: featureNames, coefficients: Array(theta[0..<d]), intercept: theta[d],
                                       centers: centers, scales: scales, imputeValues: imputeValues)
        return (model, report)
    }

    /// Seeded minibatch proximal gradient descent: a gradient step on the batch loss (after
    /// OHEM selection and focal weighting), then the exact proximal step of the L2 and
    /// proximal terms, which stays stable for any λ.
    private func minibatchSteps(_ x: LinearFeatures, data: LabeledData, options: ContinuationOptions,
                                minibatch: MinibatchOptions, anchor: [Double]) throws -> (theta: [Double], report: FitReport) {
        let n = x.rowCount, d = x.columnCount
        let (normalized, total) = try Self.normalizedWeights(data, classWeight: options.classWeight)
        let l2 = 1 / (options.c * total), proximal = options.proximal / (options.c * total)
        var theta = anchor
        var order = Array(0..<n)
        var rng = SeededGenerator(seed: minibatch.seed)
        let eta = minibatch.learningRate
        var steps = 0
        var residuals = [Double](repeating: 0, count: minibatch.batchSize)
        var losses = [Double](repeating: 0, count: minibatch.batchSize)
        var gradient = [Double](repeating: 0, count: d + 1)
        for _ in 0..<minibatch.epochs {
            rng.shuffle(&order)
            for batchStart in stride(from: 0, to: n, by: minibatch.batchSize) {
                let batch = order[batchStart..<min(n, batchStart + minibatch.batchSize)]
                let size = batch.count
                // Per-example margin, focal-weighted loss and d(loss)/dz.
                for (k, row) in batch.enumerated() {
                    var z = theta[d]
                    for c in 0..<d { z = z.addingProduct(theta[c] * x.scales[c], x.values[c * n + row] - x.centers[c]) }
                    let y = data.labels[row]
                    let (p, logLoss) = LogSigmoid.sigmoidAndLoss(z, positive: y)
                    let w = normalized[row]
                    if minibatch.focalGamma == 0 {
                        losses[k] = w * logLoss
                        residuals[k] = w * (p - (y ? 1 : 0))
                    } else {
                        // p_t = probability of the true class; FL = (1 − p_t)^γ · (−log p_t);
                        // dFL/dz = s · (1 − p_t)^γ · (γ · p_t · log p_t − (1 − p_t)), s = +1 for y = 1, −1 for y = 0.
                        let pt = y ? p : 1 - p
                        let missing = y ? 1 - p : p
                        let modulation = pow(missing, minibatch.focalGamma)
                        losses[k] = w * modulation * logLoss
                        let derivative = modulation * (minibatch.focalGamma * pt * (-logLoss) - missing)
                        residuals[k] = w * (y ? derivative : -derivative)
                    }
                }
                var kept = Array(0..<size)
                if case .hardest(let fraction) = minibatch.selection {
                    let keep = max(1, Int((fraction * Double(size)).rounded(.up)))
                    kept.sort { losses[$0] != losses[$1] ? losses[$0] > losses[$1] : batch[batch.startIndex + $0] < batch[batch.startIndex + $1] }
                    kept = Array(kept.prefix(keep)).sorted()
                }
                var keptWeight = 0.0
                for k in kept { keptWeight += normalized[batch[batch.startIndex + k]] }
                for j in 0...d { gradient[j] = 0 }
                if keptWeight > 0 {
                    for k in kept {
                        let row = batch[batch.startIndex + k]
                        let r = residuals[k] / keptWeight
                        for c in 0..<d { gradient[c] = gradient[c].addingProduct(r, (x.values[c * n + row] - x.centers[c]) * x.scales[c]) }
                        gradient[d] += r
                    }
                }
                for c in 0..<d {
                    let u = theta[c] - eta * gradient[c]
                    theta[c] = (u + eta * proximal * anchor[c]) / (1 + eta * (l2 + proximal))
                }
                let u = theta[d] - eta * gradient[d]
                theta[d] = (u + eta * proximal * anchor[d]) / (1 + eta * proximal)
                steps += 1
            }
        }
        let objective = LogisticObjective(features: x, positive: data.labels, normalizedWeights: normalized,
                                          l2: l2, anchor: anchor, proximal: proximal, fitIntercept: true)
        var g: [Double] = []
        let value = objective.value(at: theta, gradient: &g)
        let report = FitReport(iterations: minibatch.epochs, evaluations: steps, converged: false, stopReason: "epochs",
                               objective: value, gradientNorm: LBFGS.maxAbs(g), meanLogLoss: objective.meanLoss(at: theta))
        return (theta, report)
    }
}
