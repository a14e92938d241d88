import ArgumentParser
import Quarry

/// A model kind `quarry train --model KIND` can fit.
protocol ModelTrainer: Sendable {
    /// The `--model` value and the model file's `kind`.
    static var kind: String { get }
    /// Fits the model with the command's options; returns it and what to record about the fit.
    static func train(_ data: LabeledData, command: Train) throws -> (model: any Model, training: JSONValue)
}

/// `quarry train FILE --label L [--features …] --model logistic [options] -o model.json`
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Fit a model on a labelled CSV file and save it as a model file.",
        discussion: """
        Features are every numeric column except the label, --id and --weight columns, unless \
        --features lists them. Missing values (empty fields) are imputed with the training mean. \
        The model file (JSON) records the feature names; `quarry score` checks them.
        """
    )

    /// Every model kind `--model` accepts; adding a kind is one line here (plus its options group).
    static let trainers: [any ModelTrainer.Type] = [
        LogisticTrainer.self,
        GBDTTrainer.self,
    ]

    @Argument(help: "A CSV file with a header row.")
    var file: String

    @Option(help: "The label column: 0/1, true/false, or see --positive.")
    var label: String

    @Option(help: "Comma-separated feature columns (default: every numeric column but label, id and weight).")
    var features: String?

    @Option(help: "The id column (never a feature).")
    var id: String?

    @Option(help: "A column of non-negative sample weights.")
    var weight: String?

    @Option(help: "The label value that marks a positive; every other value is negative.")
    var positive: String?

    @Option(help: "The field delimiter (one character; \\t for tab).")
    var delimiter: String = ","

    @Option(help: "The model kind: \(Train.trainers.map { $0.kind }.joined(separator: ", ")).")
    var model: String = LogisticRegression.kind

    @OptionGroup(title: "Logistic regression (--model logistic)")
    var logistic: LogisticOptions

    @OptionGroup(title: "Gradient-boosted trees (--model gbdt)")
    var gbdt: GBDTOptions

    @Option(name: .customLong("derive"), help: "A derived feature \"name = expression\" computed before training and recorded in the model file (repeatable; + - * /, log, log1p, abs, sqrt, min, max).")
    var derive: [String] = []

    @Option(parsing: .unconditional, help: "Seed of every random choice (recorded in the model file).")
    var seed: UInt64 = 0

    @Option(name: [.short, .long], help: "The model file to write (JSON).")
    var output: String

    @Flag(help: "Print a machine-readable summary on stdout.")
    var json = false

    @Flag(help: "No warnings or progress on stderr.")
    var quiet = false

    func validate() throws {
        guard Self.trainers.contains(where: { $0.kind == model }) else {
            throw ValidationError("--model must be one of \(Self.trainers.map { $0.kind }.joined(separator: ", ")); got '\(model)'")
        }
    }

    func run() throws {
        try Outputs.claim([output], inputs: [file])
        let trainer = Self.trainers.first { $0.kind == model }!
        let derivedFeatures = try DeriveOption.parse(derive)
        let input = try LabeledInput.load(file: file, label: label, features: LabeledInput.featureList(features), id: id,
                                          weight: weight, positive: positive,
                                          csv: try CSVOptions(delimiter: delimiter),
                                          progress: TerminalProgress.reporter(quiet: quiet))
        let modelFile = try ModelFile.training(input, file: file, label: label, weight: weight, seed: seed,
                                               derivedFeatures: derivedFeatures) { data in try trainer.train(data, command: self) }
        try modelFile.write(to: output)
        let labels = input.data.labels
        let featureNames = input.data.features.names
        let positives = labels.reduce(0) { $0 + ($1 ? 1 : 0) }
        let record = modelFile.training
        if json {
            Terminal.print(JSONValue.object([
                ("quarry_version", .string(Quarry.version)), ("command", "train"), ("kind", .string(trainer.kind)),
                ("output", .string(output)), ("features", .array(featureNames.map(JSONValue.string))),
                ("derived_features", .array(derivedFeatures.map { .string($0.text) })),
                ("training", record),
            ]).serialized())
        } else {
            let derivedNote = derivedFeatures.isEmpty ? "" : " + \(derivedFeatures.count) derived"
            Terminal.print("trained a \(trainer.kind) model on \(labels.count) rows (\(positives) positive) with \(featureNames.count) features\(derivedNote) → \(output)")
        }
    }
}
