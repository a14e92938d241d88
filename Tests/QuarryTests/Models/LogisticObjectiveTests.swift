import Foundation
import Testing
@testable import Quarry

@Suite struct LogisticObjectiveTests {
    /// The objective and gradient against a plain scalar reference, on several chunks
    /// (rows beyond one chunk), with weights, missing values, an anchor and no intercept.
    @Test("objective and gradient equal a brute-force reference", arguments: [(false, true), (true, true), (true, false)])
    func matchesBruteForce(_ withAnchor: Bool, _ fitIntercept: Bool) throws {
        var rng = SeededGenerator(seed: 42)
        let n = 2 * LinearFeatures.chunkRows + 77, d = 5
        let values = (0..<(n * d)).map { _ in rng.nextUnitDouble() < 0.03 ? Double.nan : 4 * rng.nextUnitDouble() - 1 }
        let features = FeatureMatrix(names: (0..<d).map { "f\($0)" }, rowCount: n, values: values)
        let labels = (0..<n).map { _ in rng.nextUnitDouble() < 0.4 }
        let weights = (0..<n).map { _ in 0.5 + rng.nextUnitDouble() }
        let impute = (0..<d).map { _ in rng.nextUnitDouble() }
        let centers = (0..<d).map { _ in rng.nextUnitDouble() }
        let scales = (0..<d).map { _ in 0.5 + rng.nextUnitDouble() }
        let prepared = try LinearFeatures(features, impute: impute, centers: centers, scales: scales)
        let total = weights.reduce(0, +)
        let theta = (0...d).map { _ in 2 * rng.nextUnitDouble() - 1 }
        let anchor = withAnchor ? (0...d).map { _ in rng.nextUnitDouble() } : nil
        let objective = LogisticObjective(features: prepared, positive: labels, normalizedWeights: weights.map { $0 / total },
                                          l2: 0.3, anchor: anchor, proximal: withAnchor ? 0.7 : 0, fitIntercept: fitIntercept)
        var gradient: [Double] = []
        let value = objective.value(at: theta, gradient: &gradient)

        var expectedValue = 0.0
        var expectedGradient = [Double](repeating: 0, count: d + 1)
        for r in 0..<n {
            var z = theta[d]
            var x = [Double](repeating: 0, count: d)
            for c in 0..<d {
                let raw = features[r, c].isNaN ? impute[c] : features[r, c]
                x[c] = (raw - centers[c]) * scales[c]
                z += theta[c] * x[c]
            }
            let y = labels[r] ? 1.0 : 0.0
            let p = 1 / (1 + Foundation.exp(-z))
            let v = weights[r] / total
            expectedValue += v * (Foundation.log(1 + Foundation.exp(z)) - y * z)
            for c in 0..<d { expectedGradient[c] += v * (p - y) * x[c] }
            if fitIntercept { expectedGradient[d] += v * (p - y) }
        }
        for c in 0..<d {
            expectedValue += 0.5 * 0.3 * theta[c] * theta[c]
            expectedGradient[c] += 0.3 * theta[c]
        }
        if let anchor {
            for j in 0...d where j < d || fitIntercept {
                expectedValue += 0.5 * 0.7 * (theta[j] - anchor[j]) * (theta[j] - anchor[j])
                expectedGradient[j] += 0.7 * (theta[j] - anchor[j])
            }
        }
        #expect(abs(value - expectedValue) <= 1e-12 * max(1, abs(expectedValue)))
        for j in 0...d { #expect(abs(gradient[j] - expectedGradient[j]) <= 1e-12) }

        // The same bits whatever the number of threads.
        for threads in [1, 2, 3, 8] {
            var copy = objective
            copy.threads = threads
            var g: [Double] = []
            #expect(copy.value(at: theta, gradient: &g) == value)
            #expect(g == gradient)
        }
    }

    @Test("L-BFGS minimizes the Rosenbrock function", arguments: [2, 6])
    func lbfgsMinimizes(_ n: Int) {
        // Rosenbrock: Σ 100 (x_{i+1} − x_i²)² + (1 − x_i)², minimum 0 at all ones.
        let result = LBFGS(maxIterations: 5000, gradientTolerance: 1e-9).minimize(from: [Double](repeating: -1.2, count: n)) { x, g in
            var f = 0.0
            for i in 0..<n { g[i] = 0 }
            for i in 0..<(n - 1) {
                let a = x[i + 1] - x[i] * x[i], b = 1 - x[i]
                f += 100 * a * a + b * b
                g[i] += -400 * a * x[i] - 2 * b
                g[i + 1] += 200 * a
            }
            return f
        }
        #expect(result.stop == .gradientTolerance)
        for x in result.point { #expect(abs(x - 1) <= 1e-6) }
    }
}
