/// Per-feature mean and spread of the negatives, to say what makes a negative unusual.
public struct NegativeProfile: Sendable {
    /// The features profiled.
    public let features: [String]
    /// Their means over the negatives (missing values left out).
    public let mean: [Double]
    /// Their standard deviations over the negatives.
    public let std: [Double]

    /// Profiles the negatives of `table` (rows whose label is `false`).
    /// - Complexity: O(rows × features).
    public init(table: Table, labels: [Bool], features: [String]) throws {
        self.features = features
        var mean: [Double] = [], std: [Double] = []
        for name in features {
            let values = try table.numeric(named: name).enumerated().filter { !labels[$0.offset] && !$0.element.isNaN }.map(\.element)
            let summary = DistributionSummary(values)
            mean.append(summary.mean ?? 0)
            std.append(summary.std ?? 0)
        }
        self.mean = mean
        self.std = std
    }

    /// The `top` features of `row` furthest above the negatives' mean, in standard deviations.
    public func standout(row: Int, table: Table, top: Int) -> [(name: String, value: Double, z: Double)] {
        var out: [(name: String, value: Double, z: Double)] = []
        for (i, name) in features.enumerated() {
            guard std[i] > 0, let value = try? table.numeric(named: name)[row], !value.isNaN else { continue }
            out.append((name, value, (value - mean[i]) / std[i]))
        }
        // Only what stands out: more than one standard deviation above the typical negative.
        return Array(out.filter { $0.z > 1 }.sorted { $0.z != $1.z ? $0.z > $1.z : $0.name < $1.name }.prefix(top))
    }
}
