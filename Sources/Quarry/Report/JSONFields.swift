/// Typed reads from a parsed JSON result, each failure a data error naming the file and the
/// key path (`explain.json: key 'beyond_score.verdict' must be a string`).
struct JSONFields {
    let value: JSONValue
    /// The dotted path of `value` inside the document (`""` for the root).
    let path: String
    let file: String

    init(_ value: JSONValue, path: String = "", file: String) {
        self.value = value
        self.path = path
        self.file = file
    }

    func keyPath(_ key: String) -> String { path.isEmpty ? key : path + "." + key }

    func failure(_ key: String, _ expected: String) -> InvalidInput {
        InvalidInput("\(file): key '\(keyPath(key))' \(expected)", kind: .dataError)
    }

    /// The member `key`, which must be present.
    func member(_ key: String) throws -> JSONFields {
        guard let v = value[key] else { throw failure(key, "is missing") }
        return JSONFields(v, path: keyPath(key), file: file)
    }

    /// The member `key` when present and not null.
    func optionalMember(_ key: String) -> JSONFields? {
        guard let v = value[key], v != .null else { return nil }
        return JSONFields(v, path: keyPath(key), file: file)
    }

    func object(_ key: String) throws -> JSONFields {
        _ = try required(key, "an object", \.objectValue)
        return try member(key)
    }

    /// The member `key` as `read` converts it; missing or of another type: the error says it `must be` `what`.
    func required<T>(_ key: String, _ what: String, _ read: (JSONValue) -> T?) throws -> T {
        guard let x = read(try member(key).value) else { throw failure(key, "must be \(what)") }
        return x
    }

    /// The member `key` as `read` converts it, `nil` when missing or null; another type: it `must be` `what` `or null`.
    func optional<T>(_ key: String, _ what: String, _ read: (JSONValue) -> T?) throws -> T? {
        guard let m = optionalMember(key) else { return nil }
        guard let x = read(m.value) else { throw failure(key, "must be \(what) or null") }
        return x
    }

    func number(_ key: String) throws -> Double { try required(key, "a number", \.doubleValue) }

    /// A number, `nil` when the key is missing or null; any other type is an error.
    func optionalNumber(_ key: String) throws -> Double? { try optional(key, "a number", \.doubleValue) }

    /// A number that must be present; `null` (how a non-finite number is written) reads as NaN.
    func numberOrNaN(_ key: String) throws -> Double {
        try required(key, "a number or null") { $0 == .null ? Double.nan : $0.doubleValue }
    }

    func integer(_ key: String) throws -> Int { try required(key, "an integer", \.intValue) }

    func string(_ key: String) throws -> String { try required(key, "a string", \.stringValue) }

    func optionalString(_ key: String) throws -> String? { try optional(key, "a string", \.stringValue) }

    func bool(_ key: String) throws -> Bool { try required(key, "true or false", \.boolValue) }

    func array(_ key: String) throws -> [JSONFields] {
        try required(key, "an array", \.arrayValue).enumerated().map { JSONFields($0.element, path: keyPath(key) + "[\($0.offset)]", file: file) }
    }

    /// The elements of the array `key` as `read` converts them, `[]` when the key is missing
    /// (nulls dropped when `skippingNulls`); any other element: it `must be an array of` `what`.
    func elements<T>(_ key: String, _ what: String, skippingNulls: Bool = false, _ read: (JSONValue) -> T?) throws -> [T] {
        guard let m = optionalMember(key) else { return [] }
        guard let items = m.value.arrayValue else { throw failure(key, "must be an array of \(what)") }
        return try items.compactMap { item in
            if skippingNulls, item == .null { return nil }
            guard let x = read(item) else { throw failure(key, "must be an array of \(what)") }
            return x
        }
    }

    /// An array of numbers (nulls skipped), `[]` when the key is missing.
    func numbers(_ key: String) throws -> [Double] { try elements(key, "numbers", skippingNulls: true, \.doubleValue) }

    /// An array of strings, `[]` when the key is missing.
    func strings(_ key: String) throws -> [String] { try elements(key, "strings", \.stringValue) }
}
