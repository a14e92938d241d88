/// Forward greedy selection of candidate features by their gain in a validation metric.
///
/// Starting from the empty set, each step evaluates every remaining candidate added to the
/// chosen set and keeps the one with the highest metric (ties: the lower candidate index),
/// provided its gain over the current metric is positive and at least `minimumGain`; it stops
/// after `maximumChosen` additions, when no candidate gains enough, or when none is left.
/// This is classic forward stepwise selection (a wrapper method in Kohavi & John's sense,
/// "Wrappers for feature subset selection", 1997) with the model retrained for every trial.
///
/// A metric of `nil` (the operating-point target cannot be met) ranks below every number.
public struct GreedyFeatureSelection: Sendable, Equatable {
    /// One evaluated trial: `candidate` added to the features chosen before `step`.
    public struct Trial: Sendable, Equatable {
        /// The 1-based step.
        public let step: Int
        /// The candidate's index.
        public let candidate: Int
        /// The metric with the candidate added.
        public let metric: Double?
        /// `metric − (the metric before the step)`; `nil` when either is `nil`.
        public let gain: Double?
    }

    /// The metric without any candidate.
    public let baseline: Double?
    /// The chosen candidates, in the order they were added.
    public let chosen: [Int]
    /// Every trial, step by step, in candidate order.
    public let trials: [Trial]
    /// The metric with the chosen candidates.
    public let final: Double?

    /// Runs the selection.
    /// - Parameters:
    ///   - candidateCount: candidates are `0..<candidateCount`.
    ///   - maximumChosen: the most candidates added.
    ///   - minimumGain: the least gain a step must bring (a positive gain is needed anyway).
    ///   - evaluate: the metric of the model trained with the given candidates (in the order
    ///     they were added), higher is better.
    /// - Complexity: O(maximumChosen × candidateCount) evaluations.
    public init(candidateCount: Int, maximumChosen: Int, minimumGain: Double,
                evaluate: ([Int]) throws -> Double?) throws {
        let baseline = try evaluate([])
        var current = baseline
        var chosen: [Int] = []
        var trials: [Trial] = []
        var step = 1
        while chosen.count < maximumChosen {
            var best: (candidate: Int, metric: Double)?
            for c in 0..<candidateCount where !chosen.contains(c) {
                let metric = try evaluate(chosen + [c])
                trials.append(Trial(step: step, candidate: c, metric: metric, gain: metric.flatMap { m in current.map { m - $0 } }))
                if let metric, best == nil || metric > best!.metric { best = (c, metric) }
            }
            guard let best else { break }
            let gain = current.map { best.metric - $0 } ?? .infinity
            guard gain > 0, gain >= minimumGain else { break }
            chosen.append(best.candidate)
            current = best.metric
            step += 1
        }
        self.baseline = baseline
        self.chosen = chosen
        self.trials = trials
        self.final = current
    }
}
