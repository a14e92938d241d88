import Foundation
import Testing
@testable import Quarry

@Suite struct ModelFileTests {
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("quarry-modelfile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func roundTripGivesIdenticalScoresAndBytes() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = ModelFixtures.spam(weights: false)
        let (model, report) = try LogisticRegression.fitWithReport(data, options: .init(c: 0.5))
        let path = dir.appendingPathComponent("model.json").path
        try ModelFile(model: model, training: ["report": report.json]).write(to: path)
        let loaded = try ModelFile.read(path: path)
        let rebuilt = try #require(loaded.model as? LogisticRegression)
        #expect(rebuilt == model)
        #expect(try rebuilt.score(data.features) == model.score(data.features))
        #expect(loaded.training["report"]?["converged"] == .bool(true))
        // Writing the loaded file again gives the same bytes.
        let again = dir.appendingPathComponent("again.json").path
        try loaded.write(to: again)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(contentsOf: URL(fileURLWithPath: again)))
        let json = try JSONValue.parse(String(contentsOfFile: path, encoding: .utf8))
        #expect(json["format_version"] == 1 && json["kind"] == "logistic" && json["quarry_version"] == .string(Quarry.version))
    }

    static let valid: JSONValue = ModelFile(model: LogisticRegression(featureNames: ["a", "b"], coefficients: [1, 2], intercept: 0.5,
                                                                      centers: [0, 0], scales: [1, 1], imputeValues: [0, 0])).json

    static func replacing(_ key: String, with value: JSONValue?) -> JSONValue {
        guard case .object(let members) = valid else { return valid }
        return .object(members.compactMap { $0.0 == key ? value.map { v in (key, v) } : $0 })
    }

    static let contentCases: [(String, JSONValue?, String)] = [
        ("kind", JSONValue.string("xgboost"),
         "m.json: key 'kind': expected one of \(ModelFile.registeredKinds.map { "'\($0.kind)'" }.joined(separator: ", ")), found \"xgboost\""),
        ("format_version", JSONValue.number(2), "m.json: key 'format_version': expected at most 1 (the file was written by a newer Quarry), found 2"),
        ("format_version", Optional<JSONValue>.none, "m.json: key 'format_version': expected an integer ≥ 1, found nothing"),
        ("feature_names", JSONValue.array(["a", "a"]), "m.json: key 'feature_names': expected a non-empty array of distinct strings, found [\"a\",\"a\"]"),
        ("derived_features", JSONValue.array(["log_a"]), "m.json: key 'derived_features': expected an empty array (derived features need a newer Quarry), found [\"log_a\"]"),
        ("model", JSONValue.object([("intercept", 1)]), "m.json: key 'model': expected valid logistic parameters, found logistic model: expected an array 'coefficients'"),
    ]

    @Test("content errors name the key", arguments: contentCases)
    func contentErrors(_ key: String, _ value: JSONValue?, _ message: String) throws {
        let error = #expect(throws: ModelFileError.self) { try ModelFile(json: Self.replacing(key, with: value), path: "m.json") }
        #expect(error?.message == message)
        #expect(error?.kind == .dataError)
    }

    @Test func fileErrors() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = #expect(throws: IOFailure.self) { try ModelFile.read(path: dir.appendingPathComponent("none.json").path) }
        #expect(missing?.kind == .noInput)
        let broken = dir.appendingPathComponent("broken.json").path
        try "{\"kind\": \n oops}".write(toFile: broken, atomically: true, encoding: .utf8)
        let parse = #expect(throws: JSONParseError.self) { try ModelFile.read(path: broken) }
        #expect(parse?.message.hasPrefix("\(broken):2:2:") == true)
        let unwritable = dir.appendingPathComponent("no/such/dir/model.json").path
        let create = #expect(throws: IOFailure.self) { try ModelFile(json: Self.valid).write(to: unwritable) }
        #expect(create?.kind == .cannotCreate)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["broken.json"])
    }

    @Test func featuresFromTableListTheMissingOnes() throws {
        let model = try ModelFile(json: Self.valid).model
        let table = try Table(names: ["b", "id", "c"], columns: [.numeric([1, 2]), .text(["x", "y"]), .numeric([3, 4])])
        let error = #expect(throws: InvalidInput.self) { try model.features(from: table) }
        #expect(error?.message == "the data lacks 1 of the model's 2 features: 'a'")
        let complete = try Table(names: ["b", "id", "a"], columns: [.numeric([1, 2]), .text(["x", "y"]), .numeric([3, 4])])
        let features = try model.features(from: complete)
        #expect(features.names == ["a", "b"] && features.values == [3, 4, 1, 2])
    }
}
