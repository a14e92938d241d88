/// Limited-memory BFGS with a strong-Wolfe line search, for smooth convex objectives.
///
/// The two-loop recursion and the bracketing/zoom line search with cubic interpolation
/// follow Nocedal & Wright, *Numerical Optimization* (2nd ed.), algorithms 7.4, 3.5 and 3.6.
/// It stops when the largest gradient component is at most ``gradientTolerance`` (as
/// scikit-learn's `tol` for its lbfgs solver), after ``maxIterations``, or when the line
/// search can no longer make progress in floating point. Near the minimum, where objective
/// differences drown in rounding, a step is also accepted under the approximate Wolfe
/// conditions of Hager & Zhang ("A new conjugate gradient method with guaranteed descent and
/// an efficient line search", SIAM J. Optim. 2005): the value may exceed the start by a
/// rounding margin when the directional derivative shows the step did not overshoot.
struct LBFGS {
    /// Why the minimization ended.
    enum Stop: String, Sendable {
        case gradientTolerance = "gradient_tolerance"
        case maxIterations = "max_iterations"
        case lineSearchStalled = "line_search_stalled"
    }

    /// The minimizer found and how it was reached.
    struct Result {
        var point: [Double]
        var value: Double
        var gradientNorm: Double
        var iterations: Int
        var evaluations: Int
        var stop: Stop
    }

    var memory = 10
    var maxIterations = 1000
    var gradientTolerance = 1e-6
    /// Sufficient-decrease and curvature constants of the strong Wolfe conditions.
    var c1 = 1e-4
    var c2 = 0.9

    /// Minimizes `f` from `start`; `f(x, &g)` returns the value and writes the gradient.
    func minimize(from start: [Double], _ f: ([Double], inout [Double]) -> Double) -> Result {
        let n = start.count
        var x = start
        var g = [Double](repeating: 0, count: n)
        var value = f(x, &g)
        var evaluations = 1
        var sHistory: [[Double]] = [], yHistory: [[Double]] = [], rhoHistory: [Double] = []
        var iteration = 0
        var gNorm = Self.maxAbs(g)
        while true {
            if gNorm <= gradientTolerance {
                return Result(point: x, value: value, gradientNorm: gNorm, iterations: iteration, evaluations: evaluations, stop: .gradientTolerance)
            }
            if iteration >= maxIterations {
                return Result(point: x, value: value, gradientNorm: gNorm, iterations: iteration, evaluations: evaluations, stop: .maxIterations)
            }
            // Two-loop recursion: direction = −H·g.
            var q = g
            var alphas = [Double](repeating: 0, count: sHistory.count)
            for k in stride(from: sHistory.count - 1, through: 0, by: -1) {
                alphas[k] = rhoHistory[k] * Self.dot(sHistory[k], q)
                Self.axpy(-alphas[k], yHistory[k], &q)
            }
            if let s = sHistory.last, let y = yHistory.last {
                let gamma = Self.dot(s, y) / Self.dot(y, y)
                for i in 0..<n { q[i] *= gamma }
            }
            for k in 0..<sHistory.count {
                let beta = rhoHistory[k] * Self.dot(yHistory[k], q)
                Self.axpy(alphas[k] - beta, sHistory[k], &q)
            }
            var direction = q.map { -$0 }
            var slope = Self.dot(g, direction)
            if !(slope < 0) {
                // Not a descent direction (lost curvature information): restart from steepest descent.
                sHistory.removeAll(); yHistory.removeAll(); rhoHistory.removeAll()
                direction = g.map { -$0 }
                slope = Self.dot(g, direction)
            }
            let firstStep = sHistory.isEmpty ? min(1, 1 / Self.norm(g)) : 1
            guard let step = lineSearch(x: x, value: value, gradient: g, direction: direction, slope: slope,
                                        initial: firstStep, f, evaluations: &evaluations)
            else {
                return Result(point: x, value: value, gradientNorm: gNorm, iterations: iteration, evaluations: evaluations, stop: .lineSearchStalled)
            }
            let s = zip(step.point, x).map { $0 - $1 }
            let y = zip(step.gradient, g).map { $0 - $1 }
            let sy = Self.dot(s, y)
            x = step.point
            g = step.gradient
            value = step.value
            gNorm = Self.maxAbs(g)
            iteration += 1
            if sy > 1e-16 * Self.dot(y, y) {
                if sHistory.count == memory { sHistory.removeFirst(); yHistory.removeFirst(); rhoHistory.removeFirst() }
                sHistory.append(s); yHistory.append(y); rhoHistory.append(1 / sy)
            }
        }
    }

    private struct Step { var point: [Double]; var value: Double; var gradient: [Double]; var slope: Double; var alpha: Double }

    /// Finds a step length satisfying the strong Wolfe conditions (N&W algorithm 3.5).
    private func lineSearch(x: [Double], value f0: Double, gradient g0: [Double], direction p: [Double], slope d0: Double,
                            initial: Double, _ f: ([Double], inout [Double]) -> Double, evaluations: inout Int) -> Step? {
        func evaluate(_ alpha: Double) -> Step {
            var point = x
            Self.axpy(alpha, p, &point)
            var g = [Double](repeating: 0, count: x.count)
            let v = f(point, &g)
            evaluations += 1
            return Step(point: point, value: v, gradient: g, slope: Self.dot(g, p), alpha: alpha)
        }
        let margin = 1e-12 * abs(f0)
        var previous = Step(point: x, value: f0, gradient: g0, slope: d0, alpha: 0)
        var alpha = initial
        for i in 0..<40 {
            let current = evaluate(alpha)
            if !decreases(current, f0: f0, d0: d0, margin: margin) || (i > 0 && current.value > previous.value + margin) {
                return zoom(low: previous, high: current, f0: f0, d0: d0, margin: margin, evaluate)
            }
            if abs(current.slope) <= -c2 * d0 { return current }
            if current.slope >= 0 { return zoom(low: current, high: previous, f0: f0, d0: d0, margin: margin, evaluate) }
            previous = current
            alpha *= 2
        }
        return nil
    }

    /// Shrinks a bracket holding a strong-Wolfe step (N&W algorithm 3.6), cubic interpolation.
    private func zoom(low: Step, high: Step, f0: Double, d0: Double, margin: Double, _ evaluate: (Double) -> Step) -> Step? {
        var low = low, high = high
        for _ in 0..<40 {
            let a = low.alpha, b = high.alpha
            let width = abs(b - a)
            if width <= 1e-16 * max(1, abs(a)) { break }
            var alpha = (a + b) / 2
            if high.value.isFinite {
                let d1 = low.slope + high.slope - 3 * (low.value - high.value) / (a - b)
                let radicand = d1 * d1 - low.slope * high.slope
                if radicand >= 0 {
                    let d2 = (b > a ? 1.0 : -1.0) * radicand.squareRoot()
                    let candidate = b - (b - a) * (high.slope + d2 - d1) / (high.slope - low.slope + 2 * d2)
                    let lo = min(a, b) + 0.1 * width, hi = max(a, b) - 0.1 * width
                    if candidate.isFinite, candidate >= lo, candidate <= hi { alpha = candidate }
                }
            }
            let current = evaluate(alpha)
            if !decreases(current, f0: f0, d0: d0, margin: margin) || current.value > low.value + margin {
                high = current
            } else {
                if abs(current.slope) <= -c2 * d0 { return current }
                if current.slope * (b - a) >= 0 { high = low }
                low = current
            }
        }
        // The bracket collapsed in floating point: accept the best point if it decreased.
        return low.alpha > 0 && low.value < f0 ? low : nil
    }

    /// Sufficient decrease (Armijo), or its approximate form: `φ(α) ≤ φ(0) + margin` and
    /// `φ'(α) ≤ (2c₁ − 1)·φ'(0)`.
    private func decreases(_ step: Step, f0: Double, d0: Double, margin: Double) -> Bool {
        guard step.value.isFinite else { return false }
        if step.value <= f0 + c1 * step.alpha * d0 { return true }
        return step.value <= f0 + margin && step.slope <= (2 * c1 - 1) * d0
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for i in a.indices { s = s.addingProduct(a[i], b[i]) }
        return s
    }

    static func axpy(_ a: Double, _ x: [Double], _ y: inout [Double]) {
        for i in y.indices { y[i] = y[i].addingProduct(a, x[i]) }
    }

    static func norm(_ a: [Double]) -> Double { dot(a, a).squareRoot() }

    static func maxAbs(_ a: [Double]) -> Double { a.reduce(0) { max($0, abs($1)) } }
}
