import Dispatch

/// The penalized, weighted logistic loss of a linear model and its gradient, full batch.
///
/// With `θ = (β, b)` and normalized weights `v_i = w_i / Σw` it is
/// `F(θ) = Σ_i v_i·ℓ_i(θ) + ‖β‖² / (2·C·Σw) + λ·‖θ − θ₀‖² / (2·C·Σw)`,
/// scikit-learn's objective `C·Σ w_i·ℓ_i + ½‖β‖²` divided by `C·Σw` (the same minimizer, and
/// the same scale, so its `tol` means the same here). The proximal term (fine-tuning) also
/// pulls the intercept toward its anchor; the plain L2 term never touches the intercept.
struct LogisticObjective: Sendable {
    let features: LinearFeatures
    let positive: [Bool]
    /// `w_i / Σw`.
    let normalizedWeights: [Double]
    /// `1 / (C·Σw)`.
    let l2: Double
    /// The proximal anchor `θ₀` (coefficients then intercept) and `λ / (C·Σw)`.
    let anchor: [Double]?
    let proximal: Double
    let fitIntercept: Bool
    /// Threads for the full pass (every core by default); results do not depend on it.
    var threads = activeCoreCount()

    var parameterCount: Int { features.columnCount + 1 }

    /// The objective at `theta` (coefficients, then intercept); writes its gradient.
    /// - Complexity: O(rows × columns), split across cores by row chunk; partial sums are
    ///   reduced in chunk order, so the result does not depend on the thread count.
    func value(at theta: [Double], gradient: inout [Double]) -> Double {
        let d = features.columnCount
        let chunks = features.chunkCount
        let stride = d + 2  // column sums, residual sum, loss sum
        var partials = [Double](repeating: 0, count: chunks * stride)
        partials.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let out = out
            theta.withUnsafeBufferPointer { th in
                nonisolated(unsafe) let th = th
                positive.withUnsafeBufferPointer { ys in
                    nonisolated(unsafe) let ys = ys
                    normalizedWeights.withUnsafeBufferPointer { vs in
                        nonisolated(unsafe) let vs = vs
                        LinearFeatures.forEachChunk(chunks, threads: threads) { chunk in
                            let z = UnsafeMutablePointer<Double>.allocate(capacity: LinearFeatures.chunkRows)
                            defer { z.deallocate() }
                            let length = features.margins(chunk: chunk, coefficients: UnsafeBufferPointer(rebasing: th[0..<d]), intercept: th[d], into: z)
                            let start = chunk * LinearFeatures.chunkRows
                            var loss = 0.0, residualSum = 0.0
                            for i in 0..<length {
                                let v = vs[start + i]
                                let y = ys[start + i]
                                let (p, l) = LogSigmoid.sigmoidAndLoss(z[i], positive: y)
                                loss = loss.addingProduct(v, l)
                                let r = v * (p - (y ? 1 : 0))
                                residualSum += r
                                z[i] = r
                            }
                            let row = out.baseAddress! + chunk * stride
                            features.centeredDots(chunk: chunk, residuals: z, into: row)
                            row[d] = residualSum
                            row[d + 1] = loss
                        }
                    }
                }
            }
        }
        if gradient.count != d + 1 { gradient = [Double](repeating: 0, count: d + 1) }
        for j in 0...d { gradient[j] = 0 }
        var loss = 0.0
        for chunk in 0..<chunks {
            let base = chunk * stride
            for c in 0..<d { gradient[c] += partials[base + c] }
            gradient[d] += partials[base + d]
            loss += partials[base + d + 1]
        }
        for c in 0..<d { gradient[c] *= features.scales[c] }
        if !fitIntercept { gradient[d] = 0 }
        var penalty = 0.0
        for c in 0..<d {
            penalty += theta[c] * theta[c]
            gradient[c] += l2 * theta[c]
        }
        var value = loss + 0.5 * l2 * penalty
        if let anchor, proximal > 0 {
            var distance = 0.0
            for j in 0...d where j < d || fitIntercept {
                let delta = theta[j] - anchor[j]
                distance += delta * delta
                gradient[j] += proximal * delta
            }
            value += 0.5 * proximal * distance
        }
        return value
    }

    /// The weighted mean log-loss alone (no penalty) at `theta`.
    func meanLoss(at theta: [Double]) -> Double {
        var copy = LogisticObjective(features: features, positive: positive, normalizedWeights: normalizedWeights,
                                     l2: 0, anchor: nil, proximal: 0, fitIntercept: fitIntercept)
        copy.threads = threads
        var g: [Double] = []
        return copy.value(at: theta, gradient: &g)
    }
}
