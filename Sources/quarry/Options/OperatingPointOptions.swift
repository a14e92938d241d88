import ArgumentParser
import Quarry

/// How the operating threshold is chosen: given, or derived from a target on the data.
struct OperatingPointOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "The operating threshold: a row is predicted positive when score ≥ threshold.")
    var threshold: Double?

    @Option(name: .customLong("target-recall"),
            parsing: .unconditional, help: "Choose the threshold with recall ≥ R and the best precision.")
    var targetRecall: Double?

    @Option(name: .customLong("target-precision"),
            parsing: .unconditional, help: "Choose the threshold with precision ≥ P and the best recall.")
    var targetPrecision: Double?

    @Option(name: .customLong("target-fpr"),
            parsing: .unconditional, help: "Choose the threshold with false-positive rate ≤ F and the best recall.")
    var targetFPR: Double?

    func validate() throws {
        let given = [threshold, targetRecall, targetPrecision, targetFPR].compactMap { $0 }
        guard given.count <= 1 else {
            throw ValidationError("give at most one of --threshold, --target-recall, --target-precision, --target-fpr")
        }
        if let threshold, !threshold.isFinite {
            throw ValidationError("--threshold must be a finite number; got \(threshold)")
        }
        for (name, value) in [("--target-recall", targetRecall), ("--target-precision", targetPrecision), ("--target-fpr", targetFPR)] {
            if let value, !(value >= 0 && value <= 1) {
                throw ValidationError("\(name) must be in [0, 1]; got \(value)")
            }
        }
    }

    /// The rule given, or `defaultRule` when none was given.
    func rule(default defaultRule: OperatingPointRule? = nil) -> OperatingPointRule? {
        if let threshold { return .threshold(threshold) }
        if let targetRecall { return .targetRecall(targetRecall) }
        if let targetPrecision { return .targetPrecision(targetPrecision) }
        if let targetFPR { return .targetFPR(targetFPR) }
        return defaultRule
    }
}
