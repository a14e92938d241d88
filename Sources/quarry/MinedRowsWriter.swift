import Quarry

/// Writing mined rows (CSV or JSONL, atomically) and summarizing them for people.
enum MinedRowsWriter {
    /// The original header and records, each followed by `quarry_score`, `quarry_rank`, `quarry_side`.
    static func writeCSV(_ result: MiningResult<StreamedRow<[UInt8]>>, header: [UInt8], delimiter: UInt8, to path: String) throws {
        let file = try AtomicFile(path: path)
        let d = String(UnicodeScalar(delimiter))
        try file.write(header)
        try file.write("\(d)quarry_score\(d)quarry_rank\(d)quarry_side\n")
        for example in result.examples {
            try file.write(example.payload.data)
            try file.write("\(d)\(JSONValue.number(example.score).serialized())\(d)\(example.rank)\(d)\(example.side.rawValue)\n")
        }
        try file.commit()
    }

    /// One JSON object per mined row: the original fields by header name (numbers as numbers,
    /// empty fields as null), then `quarry_score`, `quarry_rank`, `quarry_side`.
    static func writeJSONL(_ result: MiningResult<StreamedRow<[String]>>, header: [String], to path: String) throws {
        let file = try AtomicFile(path: path)
        for example in result.examples {
            var members: [(String, JSONValue)] = []
            for (name, value) in zip(header, example.payload.data) {
                if value.isEmpty {
                    members.append((name, .null))
                } else if let number = FastDoubleParser.parse(value), number.isFinite {
                    members.append((name, .number(number)))
                } else {
                    members.append((name, .string(value)))
                }
            }
            members.append(("quarry_score", .number(example.score)))
            members.append(("quarry_rank", .number(Double(example.rank))))
            members.append(("quarry_side", .string(example.side.rawValue)))
            try file.write(JSONValue.object(members).serialized() + "\n")
        }
        try file.commit()
    }

    /// The `--json` summary.
    static func summary<D>(_ result: MiningResult<StreamedRow<D>>, parameters: [(String, JSONValue)],
                           operatingPoint: OperatingPoint?) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("quarry_version", .string(Quarry.version)),
            ("parameters", .object(parameters + (result.summaryJSON["parameters"]?.objectValue ?? []))),
        ]
        if let p = operatingPoint {
            members.append(("operating_point", [
                "threshold": .number(p.threshold), "precision": .optional(p.precision),
                "recall": .optional(p.recall), "fpr": .optional(p.falsePositiveRate),
            ]))
        }
        for key in ["negatives", "positives"] {
            if let side = result.summaryJSON[key] { members.append((key, side)) }
        }
        members.append(("warnings", .array([])))
        return .object(members)
    }

    /// The first rows, for the text summary.
    static func preview<D>(_ result: MiningResult<StreamedRow<D>>, limit: Int = 10) -> [String] {
        result.examples.prefix(limit).map { e in
            let id = e.payload.id.map { "id \($0)" } ?? "line \(e.payload.line)"
            return "  \(e.side.rawValue) #\(e.rank)  \(id)  score \(format(e.score))"
        }
    }

    /// A readable summary: counts, score distributions, the hardest rows.
    static func text(summary: JSONValue, preview: [String]) -> String {
        var lines: [String] = []
        let params = summary["parameters"]
        let strategy = params?["strategy"]?.stringValue ?? "?"
        var how = "strategy \(strategy)"
        if let t = params?["threshold"]?.doubleValue { how += ", threshold \(format(t))" }
        if let k = params?["k"]?.intValue { how += ", k \(k)" }
        if let b = params?["band"]?.doubleValue { how += ", band \(format(b))" }
        lines.append("Mined with \(how).")
        if let p = summary["operating_point"] {
            lines.append("Operating point: precision \(format(p["precision"]?.doubleValue)), recall \(format(p["recall"]?.doubleValue)), FPR \(format(p["fpr"]?.doubleValue)).")
        }
        for (key, noun) in [("negatives", "hard negatives"), ("positives", "hard positives")] {
            guard let s = summary[key], let mined = s["mined"]?.intValue, let from = s["from"]?.intValue else { continue }
            let share = from > 0 ? " (\(format(100 * Double(mined) / Double(from), digits: 1))%)" : ""
            lines.append("\(mined) \(noun) of \(from) \(key)\(share).")
            for (label, dist) in [("mined", s["mined_scores"]), ("all \(key)", s["all_scores"])] {
                guard let dist, let count = dist["count"]?.intValue, count > 0 else { continue }
                lines.append("  scores of \(label): min \(format(dist["min"]?.doubleValue))  median \(format(dist["median"]?.doubleValue))  p95 \(format(dist["p95"]?.doubleValue))  max \(format(dist["max"]?.doubleValue))")
            }
        }
        if let excluded = summary["suspects_excluded"]?["count"]?.intValue {
            lines.append("\(excluded) suspected label errors left out (review them with quarry explain).")
        }
        if !preview.isEmpty {
            lines.append("Hardest:")
            lines += preview
        }
        if let out = params?["output"]?.stringValue { lines.append("Written to \(out).") }
        return lines.joined(separator: "\n")
    }

    static func format(_ x: Double?, digits: Int = 4) -> String {
        guard let x, x.isFinite else { return "n/a" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let r = (x * scale).rounded() / scale
        return Table.format(r)
    }
}
