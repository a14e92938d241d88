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
        let m = try member(key)
        guard case .object = m.value else { throw failure(key, "must be an object") }
        return m
    }

    func number(_ key: String) throws -> Double {
        guard let x = try member(key).value.doubleValue else { throw failure(key, "must be a number") }
        return x
    }

    /// A number, `nil` when the key is missing or null; any other type is an error.
    func optionalNumber(_ key: String) throws -> Double? {
        guard let m = optionalMember(key) else { return nil }
        guard let x = m.value.doubleValue else { throw failure(key, "must be a number or null") }
        return x
    }

    /// A number that must be present; `null` (how a non-finite number is written) reads as NaN.
    func numberOrNaN(_ key: String) throws -> Double {
        let m = try member(key)
        if m.value == .null { return .nan }
        guard let x = m.value.doubleValue else { throw failure(key, "must be a number or null") }
        return x
    }

    func integer(_ key: String) throws -> Int {
        guard let x = try member(key).value.intValue else { throw failure(key, "must be an integer") }
        return x
    }

    func string(_ key: String) throws -> String {
        guard let s = try member(key).value.stringValue else { throw failure(key, "must be a string") }
        return s
    }

    func optionalString(_ key: String) throws -> String? {
        guard let m = optionalMember(key) else { return nil }
        guard let s = m.value.stringValue else { throw failure(key, "must be a string or null") }
        return s
    }

    func bool(_ key: String) throws -> Bool {
        guard let b = try member(key).value.boolValue else { throw failure(key, "must be true or false") }
        return b
    }

    func array(_ key: String) throws -> [JSONFields] {
        guard let items = try member(key).value.arrayValue else { throw failure(key, "must be an array") }
        return items.enumerated().map { JSONFields($0.element, path: keyPath(key) + "[\($0.offset)]", file: file) }
    }

    /// An array of numbers (nulls skipped), `[]` when the key is missing.
    func numbers(_ key: String) throws -> [Double] {
        guard let m = optionalMember(key) else { return [] }
        guard let items = m.value.arrayValue else { throw failure(key, "must be an array of numbers") }
        return try items.compactMap { item in
            if item == .null { return nil }
            guard let x = item.doubleValue else { throw failure(key, "must be an array of numbers") }
            return x
        }
    }

    /// An array of strings, `[]` when the key is missing.
    func strings(_ key: String) throws -> [String] {
        guard let m = optionalMember(key) else { return [] }
        guard let items = m.value.arrayValue else { throw failure(key, "must be an array of strings") }
        return try items.map { item in
            guard let s = item.stringValue else { throw failure(key, "must be an array of strings") }
            return s
        }
    }
}
