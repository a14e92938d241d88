import Foundation

extension ScoredLabels {
    /// Mean binary cross-entropy, as scikit-learn's `log_loss`: each probability p is taken
    /// with its complement 1 − p, both clipped to [ε, 1 − ε] with ε the `Double` machine
    /// epsilon (2⁻⁵²), and the loss is −mean(y · ln p + (1 − y) · ln(1 − p)).
    /// - Returns: `nil` unless every score is in [0, 1].
    /// - Complexity: O(n).
    public var logLoss: Double? {
        guard areProbabilities else { return nil }
        let eps = Double.ulpOfOne
        var sum = 0.0
        for i in scores.indices {
            let p = scores[i]
            if labels[i] == 1 {
                sum += log(min(max(p, eps), 1 - eps))
            } else {
                sum += log(min(max(1 - p, eps), 1 - eps))
            }
        }
        return -sum / Double(count)
    }

    /// The Brier score, as scikit-learn's `brier_score_loss` for binary labels: mean((y − p)²).
    /// - Returns: `nil` unless every score is in [0, 1].
    /// - Complexity: O(n).
    public var brier: Double? {
        guard areProbabilities else { return nil }
        var sum = 0.0
        for i in scores.indices {
            let d = Double(labels[i]) - scores[i]
            sum += d * d
        }
        return sum / Double(count)
    }
}
