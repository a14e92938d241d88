/// The format of a table a command writes: CSV (the input's records copied byte for byte,
/// with added columns) or JSON Lines (one object per row).
public enum TableFormat: String, Sendable, CaseIterable {
    case csv, jsonl

    /// The format `path`'s extension names: `.jsonl`, `.ndjson` and `.json` are JSON Lines;
    /// `.csv`, `.tsv` and `.txt` are CSV; anything else is `nil`.
    public init?(extensionOf path: String) {
        let lower = path.lowercased()
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") || lower.hasSuffix(".json") {
            self = .jsonl
        } else if lower.hasSuffix(".csv") || lower.hasSuffix(".tsv") || lower.hasSuffix(".txt") {
            self = .csv
        } else {
            return nil
        }
    }
}
