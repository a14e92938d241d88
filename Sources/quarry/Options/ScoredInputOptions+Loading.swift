import Quarry

/// A scored, labelled CSV file loaded for a classifier-side verb.
struct ScoredFile {
    /// The parsed table (every column), with line lookup for messages.
    let csv: CSVTable
    /// The score column, every value finite.
    let scores: [Double]
    /// The label column as classes.
    let labels: [Bool]

    /// The table itself.
    var table: Table { csv.table }
}

extension ScoredInputOptions {
    /// The CSV options these arguments describe.
    func csvOptions() throws -> CSVOptions {
        try CSVOptions(delimiter: delimiter)
    }

    /// Loads the file with its score and label columns checked: a NaN, infinite or missing
    /// score, a label that is not binary, an unknown column — each a data or usage error
    /// naming the file, line and column.
    func load(threads: Int? = nil, progress: ProgressReporter = .silent) throws -> ScoredFile {
        let csv = try CSVTable(path: file, options: .init(csv: try csvOptions(), numericColumns: [score], threads: threads),
                               progress: progress)
        return try checked(csv)
    }

    /// Loads an already opened file (read once, so a FIFO works); see ``load(threads:)``.
    func load(file bytes: MappedFile, progress: ProgressReporter = .silent) throws -> ScoredFile {
        try checked(CSVTable(file: bytes, options: .init(csv: try csvOptions(), numericColumns: [score]), progress: progress))
    }

    /// The feature columns for analysis: `--features` when given, else every numeric column
    /// but the label, score and id (a column numeric but for some cells is an error), none
    /// holding an infinite value.
    func featureColumns(of data: ScoredFile, named: [String]?) throws -> [String] {
        let names = try data.csv.featureColumns(named: named, excluding: [label, score] + (id.map { [$0] } ?? []))
        try data.csv.requireNoInfinities(in: names)
        return names
    }

    private func checked(_ csv: CSVTable) throws -> ScoredFile {
        for name in [label, score] + (id.map { [$0] } ?? []) where csv.table.index(of: name) == nil {
            throw InvalidInput("\(file): no column '\(name)'; the columns are: \(Table.list(csv.table.names))")
        }
        let scores = try csv.finiteNumbers(column: score)
        let labels = try csv.binaryLabels(column: label, positive: positive)
        guard !scores.isEmpty else {
            throw InvalidInput("\(file): the file has a header but no data rows", kind: .dataError)
        }
        return ScoredFile(csv: csv, scores: scores, labels: labels)
    }

    /// The input parameters as they appear in JSON results.
    var parametersJSON: [(String, JSONValue)] {
        [("file", .string(file)), ("label", .string(label)), ("score", .string(score)),
         ("id", id.map { .string($0) } ?? .null)]
    }
}
