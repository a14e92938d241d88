extension LabeledData {
    /// The rows of `parts` one after another; all parts must have the same feature names.
    ///
    /// Weights are kept when any part has them (parts without weights count as all ones).
    /// - Throws: ``InvalidInput`` when the feature names differ or there are no rows at all.
    /// - Complexity: O(total rows × features).
    public static func stacking(_ parts: [LabeledData]) throws -> LabeledData {
        guard let first = parts.first else { throw InvalidInput("nothing to stack", kind: .dataError) }
        for part in parts.dropFirst() where part.features.names != first.features.names {
            throw InvalidInput("cannot stack data with features \(Table.list(part.features.names)) onto \(Table.list(first.features.names))", kind: .dataError)
        }
        let rows = parts.reduce(0) { $0 + $1.labels.count }
        var values: [Double] = []
        values.reserveCapacity(rows * first.features.columnCount)
        for c in 0..<first.features.columnCount {
            for part in parts { values += part.features.column(c) }
        }
        let anyWeights = parts.contains { $0.weights != nil }
        let weights: [Double]? = anyWeights ? parts.flatMap { $0.weightsOrOnes } : nil
        return try LabeledData(features: FeatureMatrix(names: first.features.names, rowCount: rows, values: values),
                               labels: parts.flatMap(\.labels), weights: weights)
    }
}
