import ArgumentParser
import Quarry

/// `quarry train --model logistic` options (scikit-learn's names and defaults, but `--tol`).
struct LogisticOptions: ParsableArguments {
    @Option(name: .customLong("c"), parsing: .unconditional, help: "Inverse L2 strength: loss = C·Σ w·logloss + ½‖β‖² (intercept unpenalized).")
    var c: Double = 1

    @Option(help: "Class weights: none, or balanced (n / (2 · n_class), weighted by sample weights).")
    var classWeight: ClassWeightChoice = .none

    @Option(parsing: .unconditional, help: "At most this many L-BFGS iterations.")
    var maxIter: Int = 1000

    @Option(parsing: .unconditional, help: "Stop when the largest gradient component of the scaled objective is at most this.")
    var tol: Double = 1e-6

    @Flag(help: "Fit on the raw features (the L2 penalty then depends on their units).")
    var noStandardize = false

    enum ClassWeightChoice: String, ExpressibleByArgument, CaseIterable {
        case none, balanced
    }

    var trainingOptions: LogisticRegression.TrainingOptions {
        .init(c: c, classWeight: classWeight == .balanced ? .balanced : .none, standardize: !noStandardize,
              maxIterations: maxIter, tolerance: tol)
    }
}

/// Trains `--model logistic`.
enum LogisticTrainer: ModelTrainer {
    static let kind = LogisticRegression.kind

    static func train(_ data: LabeledData, command: Train) throws -> (model: any Model, training: JSONValue) {
        let options = command.logistic.trainingOptions
        let (model, report) = try LogisticRegression.fitWithReport(data, options: options,
                                                                     progress: TerminalProgress.reporter(quiet: command.quiet))
        if !report.converged, !command.quiet {
            Terminal.warning("logistic regression stopped before reaching --tol (\(report.stopReason) after \(report.iterations) iterations, gradient \(report.gradientNorm)); consider a larger --max-iter or smaller --c")
        }
        return (model, ["options": options.json, "report": report.json])
    }
}
