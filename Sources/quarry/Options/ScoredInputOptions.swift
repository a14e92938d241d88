import ArgumentParser
import Quarry

/// The scored, labelled table every classifier-side verb reads.
struct ScoredInputOptions: ParsableArguments {
    @Argument(help: "A CSV file with a header row.")
    var file: String

    @Option(help: "The label column: 0/1, true/false, or see --positive.")
    var label: String

    @Option(help: "The score column: the model's score, higher = more positive.")
    var score: String

    @Option(help: "The id column (kept in outputs and reports).")
    var id: String?

    @Option(help: "The label value that marks a positive; every other value is negative.")
    var positive: String?

    @Option(help: "The field delimiter of a CSV file (one character; \\t for tab).")
    var delimiter: String = ","

    func validate() throws {
        if label == score {
            throw ValidationError("--label and --score name the same column '\(label)'; the score must be the model's output, not the label")
        }
        if let id, id == label || id == score {
            throw ValidationError("--id names the \(id == label ? "label" : "score") column '\(id)'")
        }
    }
}

extension ScoredInputOptions {
    /// The columns these arguments name.
    var columns: ScoredFile.Columns { .init(label: label, score: score, id: id, positive: positive) }

    /// The CSV options these arguments describe.
    func csvOptions() throws -> CSVOptions { try CSVOptions(delimiter: delimiter) }

    /// Loads the file (see ``ScoredFile/load(path:columns:csv:threads:progress:)``).
    func load(threads: Int? = nil, progress: ProgressReporter = .silent) throws -> ScoredFile {
        try ScoredFile.load(path: file, columns: columns, csv: csvOptions(), threads: threads, progress: progress)
    }

    /// The input parameters as they appear in JSON results.
    var parametersJSON: [(String, JSONValue)] { ScoredFile.parametersJSON(file: file, columns: columns) }
}
