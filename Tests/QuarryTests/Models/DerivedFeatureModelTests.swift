import Foundation
import Testing
@testable import Quarry

@Suite struct DerivedFeatureModelTests {
    static let definitions = ["x1_x_x2 = x1 * x2", "ratio = x3 / (1 + abs(x1))", "m = max(x1_x_x2, log1p(abs(x2)))"]

    static func data() throws -> LabeledData { try InteractionData.make(rows: 600, hardShare: 0.15, seed: 4) }

    /// Independent reference: the derived columns computed by hand in the test.
    static func handAugmented(_ features: FeatureMatrix) -> FeatureMatrix {
        let x1 = Array(features.column(0)), x2 = Array(features.column(1)), x3 = Array(features.column(2))
        let p = zip(x1, x2).map { $0 * $1 }
        let ratio = zip(x3, x1).map { $0 / (1 + abs($1)) }
        let m = zip(p, x2).map { max($0, log1p(abs($1))) }
        return FeatureMatrix(names: features.names + ["x1_x_x2", "ratio", "m"], rowCount: features.rowCount, values: features.values + p + ratio + m)
    }

    @Test(arguments: ["logistic", "gbdt"])
    func modelFileRoundTripRecomputesDerivedFeatures(kind: String) throws {
        let data = try Self.data()
        let derived = try Self.definitions.map { try DerivedFeature(parsing: $0) }
        let model: any Model
        let baseOnHand: any Model
        if kind == "logistic" {
            let fitted = try DerivedFeatureModel<LogisticRegression>.fit(data, options: .init(base: .init(), derivedFeatures: derived))
            model = fitted
            baseOnHand = try LogisticRegression.fit(LabeledData(features: Self.handAugmented(data.features), labels: data.labels), options: .init())
        } else {
            var configuration = GradientBoostedTrees.Configuration()
            configuration.treeCount = 20
            let fitted = try DerivedFeatureModel<GradientBoostedTrees>.fit(data, options: .init(base: configuration, derivedFeatures: derived))
            model = fitted
            baseOnHand = try GradientBoostedTrees.fit(LabeledData(features: Self.handAugmented(data.features), labels: data.labels), options: configuration)
        }
        // Scoring the inputs equals the base model on hand-computed columns.
        let scores = try model.score(data.features)
        #expect(scores == (try baseOnHand.score(Self.handAugmented(data.features))))

        let file = ModelFile(model: model)
        #expect(file.json["feature_names"] == ["x1", "x2", "x3"])
        #expect(file.json["derived_features"]?.arrayValue?.compactMap(\.stringValue) == derived.map(\.text))
        let text = file.json.serialized(pretty: true)
        let read = try ModelFile(json: JSONValue.parse(Array(text.utf8)))
        #expect(read.model.featureNames == ["x1", "x2", "x3"])
        #expect(try read.model.score(data.features) == scores)
        #expect(read.json.serialized(pretty: true) == text)
    }

    @Test func typedDecodeAndPlainFiles() throws {
        let data = try Self.data()
        let derived = [try DerivedFeature(parsing: Self.definitions[0])]
        let model = try DerivedFeatureModel<LogisticRegression>.fit(data, options: .init(base: .init(), derivedFeatures: derived))
        let typed = try ModelFile.decode(DerivedFeatureModel<LogisticRegression>.self, from: ModelFile(model: model).json)
        #expect(typed.derivedFeatures == derived)
        #expect(try typed.score(data.features) == model.score(data.features))
        // A file without derived features loads as the plain kind, and as a wrapper with none.
        let plain = try LogisticRegression.fit(data, options: .init())
        let plainJSON = ModelFile(model: plain).json
        #expect(plainJSON["derived_features"] == [])
        #expect(try ModelFile(json: plainJSON).model is LogisticRegression)
        let wrapped = try ModelFile.decode(DerivedFeatureModel<LogisticRegression>.self, from: plainJSON)
        #expect(wrapped.derivedFeatures.isEmpty)
        #expect(try wrapped.score(data.features) == plain.score(data.features))
    }

    @Test(arguments: [
        (JSONValue.array(["p = x1 *"]), "derived_features[0]", "column 9"),
        (JSONValue.array([.number(3)]), "derived_features[0]", "3"),
        (JSONValue.array(["x1 = x2 * 2"]), "derived_features", "distinct"),
        (JSONValue.string("p = x1"), "derived_features", "array"),
    ])
    func badDerivedFeaturesAreClearErrors(value: JSONValue, key: String, mention: String) throws {
        let plain = try LogisticRegression.fit(Self.data(), options: .init())
        guard case .object(var pairs) = ModelFile(model: plain).json else { Issue.record("not an object"); return }
        pairs = pairs.map { $0.0 == "derived_features" ? ($0.0, value) : $0 }
        do {
            _ = try ModelFile(json: .object(pairs), path: "m.json")
            Issue.record("expected an error")
        } catch let error as ModelFileError {
            #expect(error.key == key)
            #expect(error.message.contains(mention), "\(error.message)")
            #expect(error.kind == .dataError)
        }
    }

    @Test func scoringChecksTheInputColumns() throws {
        let data = try Self.data()
        let model = try DerivedFeatureModel<LogisticRegression>.fit(data, options: .init(base: .init(), derivedFeatures: [try DerivedFeature(parsing: Self.definitions[0])]))
        #expect(throws: InvalidInput.self) { _ = try model.score(Self.handAugmented(data.features)) }
        #expect(throws: InvalidInput.self) {
            _ = try DerivedFeatureModel<LogisticRegression>.fit(data, options: .init(base: .init(), derivedFeatures: [try DerivedFeature(parsing: "y = nope * 2")]))
        }
    }
}
