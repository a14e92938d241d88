import Foundation

/// Loading a labelled CSV file as training data: the feature columns named, or every
/// numeric column except the label, id and weight columns.
public struct LabeledInput {
    /// The rows.
    public let data: LabeledData
    /// The id column's values, when one was named.
    public let ids: [String]?
    /// The bytes read (the file is read once, so a FIFO works).
    package let file: MappedFile

    /// The SHA-256 of the bytes read, in hex.
    public var sha256: String {
        var hasher = SHA256()
        hasher.update(UnsafeRawBufferPointer(file.bytes))
        return hasher.finalizeHex()
    }

    /// Loads `file`, reading it once.
    /// - Parameter features: the feature columns, or `nil` for every numeric column but
    ///   the label, id and weight.
    /// - Throws: usage errors for unknown columns, data errors (with line and column) for
    ///   non-numeric or infinite features, a column numeric but for some cells, missing or
    ///   non-binary labels, bad weights.
    public static func load(file: String, label: String, features: [String]?, id: String? = nil, weight: String? = nil,
                            positive: String? = nil, csv: CSVOptions, progress: ProgressReporter = .silent) throws -> LabeledInput {
        let bytes = try MappedFile(path: file)
        let header = try CSVReader(file: bytes, options: csv).header
        let excluded = [label, id, weight].compactMap { $0 }
        for name in excluded where !header.contains(name) {
            throw InvalidInput("\(file): unknown column '\(name)'; the columns are: \(Table.list(header))")
        }
        if let features {
            if let unknown = features.first(where: { !header.contains($0) }) {
                throw InvalidInput("\(file): unknown feature column '\(unknown)'; the columns are: \(Table.list(header))")
            }
            if let clash = features.first(where: { excluded.contains($0) }) {
                throw InvalidInput(parameter: "features", "lists '\(clash)', which is the label, id or weight column")
            }
        }
        var options = CSVTable.Options(csv: csv)
        options.numericColumns = Set((features ?? []) + [weight].compactMap { $0 })
        let loaded = try CSVTable(file: bytes, options: options, progress: progress)
        guard loaded.table.rowCount > 0 else {
            throw InvalidInput("\(file): the file has a header but no data rows", kind: .dataError)
        }
        let names = try loaded.featureColumns(named: features, excluding: excluded)
        guard !names.isEmpty else {
            throw InvalidInput("\(file): no numeric feature columns besides the label, id and weight; name them with \(InvalidInput.named("features"))")
        }
        try loaded.requireNoInfinities(in: names)
        let labels = try loaded.binaryLabels(column: label, positive: positive)
        let weights = try weight.map { try loaded.finiteNumbers(column: $0) }
        let data = try LabeledData(features: FeatureMatrix(table: loaded.table, features: names), labels: labels, weights: weights)
        return LabeledInput(data: data, ids: try id.map { try loaded.table.text(named: $0) }, file: bytes)
    }

    /// Splits a comma-separated list of feature names.
    public static func featureList(_ text: String?) -> [String]? {
        text.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
    }
}
