import ArgumentParser
import Quarry

/// `quarry score FILE --model model.json -o scored.csv`
struct Score: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score",
        abstract: "Score a CSV file with a model file, adding a quarry_score column.",
        discussion: """
        Every input column is kept unchanged (a CSV output copies each record byte for byte) \
        and the model's positive-class probability is appended. The output format follows \
        the extension (.jsonl or .ndjson for JSON Lines, else CSV) unless --format is given.
        """
    )


    @Argument(help: "A CSV file with a header row holding the model's feature columns.")
    var file: String

    @Option(help: "The model file written by `quarry train`.")
    var model: String

    @Option(name: [.short, .long], help: "The scored file to write.")
    var output: String

    @Option(help: "The output format: csv or jsonl (default: from the extension).")
    var format: TableFormat?

    @Option(help: "The name of the added score column.")
    var scoreColumn: String = "quarry_score"

    @Option(help: "The field delimiter of the input (and a CSV output).")
    var delimiter: String = ","

    @Flag(help: "Print a machine-readable summary on stdout.")
    var json = false

    @Flag(help: "No progress on stderr.")
    var quiet = false

    var outputFormat: TableFormat {
        // An extension that names no format (and a stream) means CSV.
        format ?? TableFormat(extensionOf: output) ?? .csv
    }

    func run() throws {
        try Outputs.claim([output], inputs: [file, model])
        let modelFile = try ModelFile.read(path: model)
        let model = modelFile.model
        let csv = try CSVOptions(delimiter: delimiter)
        let reader = try CSVReader(path: file, options: csv)
        guard !reader.header.contains(scoreColumn) else {
            throw InvalidInput("\(file): already has a column '\(scoreColumn)'; choose another name with --score-column", kind: .dataError)
        }
        var loadOptions = CSVTable.Options(csv: csv)
        loadOptions.numericColumns = Set(model.featureNames.filter(reader.header.contains))
        let loaded = try CSVTable(file: reader.file, options: loadOptions, progress: TerminalProgress.reporter(quiet: quiet))
        guard loaded.table.rowCount > 0 else {
            throw InvalidInput("\(file): the file has a header but no data rows", kind: .dataError)
        }
        try loaded.requireNoInfinities(in: model.featureNames)
        let features: FeatureMatrix
        do {
            features = try model.features(from: loaded.table)
        } catch let error as InvalidInput {
            throw InvalidInput("\(file) does not fit \(self.model): \(error.message)", kind: error.kind)
        }
        let scores = try model.score(features, progress: TerminalProgress.reporter(quiet: quiet))
        switch outputFormat {
        case .csv: try ScoredRowsWriter.writeCSV(reader: reader, scores: scores, column: scoreColumn, options: csv, to: output)
        case .jsonl: try ScoredRowsWriter.writeJSONLines(table: loaded.table, scores: scores, column: scoreColumn, to: output)
        }
        let kind = type(of: model).kind
        if json {
            Terminal.print(JSONValue.object([
                ("quarry_version", .string(Quarry.version)), ("command", "score"), ("kind", .string(kind)),
                ("model", .string(self.model)), ("rows", .number(Double(scores.count))),
                ("score_column", .string(scoreColumn)), ("output", .string(output)), ("format", .string(outputFormat.rawValue)),
            ]).serialized())
        } else {
            Terminal.print("scored \(scores.count) rows with the \(kind) model \(self.model) → \(output) (column '\(scoreColumn)')")
        }
    }

    /// Copies every record unchanged and appends its score.
}
