/// A model saved as a versioned JSON file, and the registry of model kinds it can hold.
///
/// ```json
/// {"format_version": 1, "kind": "logistic", "quarry_version": "0.1.0",
///  "feature_names": ["f1", "f2"], "derived_features": [],
///  "model": {…the kind's parameters…}, "training": {…options and report, informative…}}
/// ```
/// Files are written atomically. Loading dispatches on `kind` through ``registeredKinds``.
/// `derived_features` lists definitions `name = expression` computed, in order, from the
/// input columns `feature_names` (see ``DerivedFeatureModel``); a file with derived features
/// loads as a ``DerivedFeatureModel`` around the kind's model, which reads inputs + derived.
public struct ModelFile: Sendable {
    /// The format this version writes and the newest it reads.
    public static let formatVersion = 1

    /// Every model kind a file may hold. Adding a kind is one line here.
    public static let registeredKinds: [any Model.Type] = [
        LogisticRegression.self,
        GradientBoostedTrees.self,
    ]

    /// The model.
    public var model: any Model
    /// How the model was trained (options, report, data): written for people, ignored on load.
    public var training: JSONValue

    public init(model: any Model, training: JSONValue = .null) {
        self.model = model
        self.training = training
    }

    /// The file's JSON value.
    public var json: JSONValue {
        [
            "format_version": .number(Double(Self.formatVersion)),
            "kind": .string(type(of: model).kind),
            "quarry_version": .string(Quarry.version),
            "feature_names": .array(model.featureNames.map(JSONValue.string)),
            "derived_features": .array(((model as? any DerivedFeatureCarrier)?.derivedFeatures ?? []).map { .string($0.text) }),
            "model": model.parametersJSON(),
            "training": training,
        ]
    }

    /// Writes the file atomically (pretty-printed, with a final newline).
    /// - Throws: ``IOFailure`` when the file cannot be created or written; nothing is left behind.
    public func write(to path: String) throws {
        try AtomicFile.write(Array((json.serialized(pretty: true) + "\n").utf8), to: path)
    }

    /// Reads and checks a model file.
    /// - Throws: ``IOFailure`` (`.noInput`) when it cannot be read, ``JSONParseError`` for
    ///   invalid JSON, ``ModelFileError`` for a wrong format, kind or parameters.
    public static func read(path: String) throws -> ModelFile {
        let file = try MappedFile(path: path)
        let value: JSONValue
        do {
            value = try JSONValue.parse(file.bytes)
        } catch var error as JSONParseError {
            error.path = path
            throw error
        }
        return try ModelFile(json: value, path: path)
    }

    /// Decodes a model file's JSON value; `path` names the file in errors; `kinds` are the
    /// model types it may hold (every registered kind by default).
    public init(json: JSONValue, path: String = "model file", kinds: [any Model.Type] = ModelFile.registeredKinds) throws {
        func fail(_ key: String, _ expected: String, _ found: JSONValue?) -> ModelFileError {
            ModelFileError(path: path, key: key, expected: expected, found: found.map(ModelFileError.describe) ?? "nothing")
        }
        guard case .object = json else { throw fail("", "a JSON object", json) }
        guard let version = json["format_version"]?.intValue, version >= 1 else {
            throw fail("format_version", "an integer ≥ 1", json["format_version"])
        }
        guard version <= Self.formatVersion else {
            throw fail("format_version", "at most \(Self.formatVersion) (the file was written by a newer Quarry)", json["format_version"])
        }
        guard let kind = json["kind"]?.stringValue else { throw fail("kind", "a string", json["kind"]) }
        guard let type = kinds.first(where: { $0.kind == kind }) else {
            let known = kinds.map { "'\($0.kind)'" }.joined(separator: ", ")
            throw fail("kind", "one of \(known)", json["kind"])
        }
        guard let items = json["feature_names"]?.arrayValue, !items.isEmpty,
              case let names = items.compactMap(\.stringValue), names.count == items.count, Set(names).count == names.count
        else { throw fail("feature_names", "a non-empty array of distinct strings", json["feature_names"]) }
        var derived: [DerivedFeature] = []
        if let value = json["derived_features"], value != .null {
            guard let items = value.arrayValue else { throw fail("derived_features", "an array of 'name = expression' strings", value) }
            for (i, item) in items.enumerated() {
                guard let text = item.stringValue else { throw fail("derived_features[\(i)]", "a 'name = expression' string", item) }
                do {
                    derived.append(try DerivedFeature(parsing: text))
                } catch let error as FeatureExpressionError {
                    throw ModelFileError(path: path, key: "derived_features[\(i)]", expected: "a valid definition", found: error.message)
                }
            }
            let all = names + derived.map(\.name)
            if Set(all).count != all.count {
                throw fail("derived_features", "names distinct from each other and from feature_names", value)
            }
        }
        guard let parameters = json["model"] else { throw fail("model", "the model's parameters", nil) }
        do {
            if let carrier = type as? any DerivedFeatureCarrier.Type {
                model = try carrier.init(baseParametersJSON: parameters, inputNames: names, derivedFeatures: derived)
            } else if derived.isEmpty {
                model = try type.init(parametersJSON: parameters, featureNames: names)
            } else {
                let base = try type.init(parametersJSON: parameters, featureNames: names + derived.map(\.name))
                model = try DerivedFeature.model(wrapping: base, inputNames: names, derivedFeatures: derived)
            }
        } catch let error as InvalidInput {
            throw ModelFileError(path: path, key: "model", expected: "valid \(kind) parameters", found: error.message)
        }
        training = json["training"] ?? .null
    }
}

extension ModelFile {
    /// Decodes a file that must hold a model of type `M`.
    /// - Throws: ``ModelFileError`` when it holds another kind, invalid parameters, or derived
    ///   features (then the model is a ``DerivedFeatureModel``: decode with ``ModelFile``).
    public static func decode<M: Model>(_ type: M.Type, from json: JSONValue, path: String = "model file") throws -> M {
        let model = try ModelFile(json: json, path: path, kinds: [M.self]).model
        guard let typed = model as? M else {
            throw ModelFileError(path: path, key: "derived_features", expected: "no derived features for a bare \(M.self)",
                                 found: "derived features (read the file with ModelFile to get the wrapping model)")
        }
        return typed
    }
}

extension Model {
    /// This model's feature columns taken from `table`, in the model's order; other columns
    /// of the table are ignored.
    /// - Throws: ``InvalidInput`` (`.dataError`) listing every feature the table lacks, or
    ///   naming a feature column that is not numeric.
    public func features(from table: Table) throws -> FeatureMatrix {
        let missing = featureNames.filter { table.index(of: $0) == nil }
        guard missing.isEmpty else {
            throw InvalidInput("the data lacks \(missing.count) of the model's \(featureNames.count) features: \(Table.list(missing))", kind: .dataError)
        }
        return try FeatureMatrix(table: table, features: featureNames)
    }
}

/// A model file whose content is not a model this version of Quarry can load.
public struct ModelFileError: QuarryFailure {
    public var kind: FailureKind { .dataError }
    /// The model file.
    public let path: String
    /// The offending key (`""` for the whole document).
    public let key: String
    public let expected: String
    public let found: String

    public init(path: String, key: String, expected: String, found: String) {
        self.path = path
        self.key = key
        self.expected = expected
        self.found = found
    }

    public var message: String {
        let place = key.isEmpty ? path : "\(path): key '\(key)'"
        return "\(place): expected \(expected), found \(found)"
    }

    /// A short rendering of a JSON value for messages.
    static func describe(_ value: JSONValue) -> String {
        let text = value.serialized()
        return text.count > 60 ? String(text.prefix(57)) + "…" : text
    }
}
