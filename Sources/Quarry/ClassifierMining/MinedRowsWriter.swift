/// Writing mined rows as CSV or JSON Lines, atomically (never a half file).
public enum MinedRowsWriter {
    /// The original header and records, each followed by `quarry_score`, `quarry_rank`, `quarry_side`.
    /// - Complexity: O(bytes written).
    public static func writeCSV(_ result: MiningResult<StreamedRow<[UInt8]>>, header: [UInt8], delimiter: UInt8, to path: String) throws {
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
    public static func writeJSONL(_ result: MiningResult<StreamedRow<[String]>>, header: [String], to path: String) throws {
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
}
