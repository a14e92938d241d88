extension ModelFile {
    /// A model fitted on a labelled file, with optional derived features, and the file's
    /// `training` record: what `quarry train` writes.
    ///
    /// The derived features are appended to the data before the fit and recorded in the model
    /// (a ``DerivedFeatureModel`` around the fitted one), so scoring computes them again.
    /// - Parameters:
    ///   - input: the loaded file (``LabeledInput/load(file:label:features:id:weight:positive:csv:progress:)``).
    ///   - file, label, weight: what the record names as the training data.
    ///   - seed: recorded as the fit's seed.
    ///   - derivedFeatures: definitions computed from the input columns before the fit.
    ///   - fit: fits the model kind on the (augmented) data; returns it and what to record about the fit.
    /// - Throws: ``InvalidInput`` for a derived feature over an unknown column; what `fit` throws.
    public static func training(_ input: LabeledInput, file: String, label: String, weight: String?, seed: UInt64,
                                derivedFeatures: [DerivedFeature] = [],
                                fit: (LabeledData) throws -> (model: any Model, training: JSONValue)) throws -> ModelFile {
        let data = input.data
        let augmented = derivedFeatures.isEmpty ? data : try LabeledData(
            features: DerivedFeature.appending(derivedFeatures, to: data.features), labels: data.labels, weights: data.weights)
        let (baseModel, training) = try fit(augmented)
        let fitted = derivedFeatures.isEmpty ? baseModel
            : try DerivedFeature.model(wrapping: baseModel, inputNames: data.features.names, derivedFeatures: derivedFeatures)
        let positives = data.labels.reduce(0) { $0 + ($1 ? 1 : 0) }
        let record: JSONValue = [
            "data": ["file": .string(file), "rows": .number(Double(data.labels.count)), "positives": .number(Double(positives)),
                     "label": .string(label), "weight": weight.map(JSONValue.string) ?? .null],
            "seed": .number(Double(seed)),
            "fit": training,
        ]
        return ModelFile(model: fitted, training: record)
    }
}
