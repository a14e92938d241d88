import Foundation
import Testing
@testable import Quarry

/// Every input the libFuzzer harnesses (`fuzz/`) found crashing is kept in the seed corpus
/// as `fuzz/corpus/NAME/crash-*`; each is replayed here through the same parser, which must
/// now either accept it or refuse it with one clear line.
@Suite struct FuzzRegressionTests {
    static let corpus = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fuzz/corpus")

    /// `(harness, file name)` for every kept crash input.
    static let crashes: [(String, String)] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: corpus.path)) ?? []
        return names.sorted().flatMap { harness in
            ((try? FileManager.default.contentsOfDirectory(atPath: corpus.appendingPathComponent(harness).path)) ?? [])
                .filter { $0.hasPrefix("crash-") }.sorted().map { (harness, $0) }
        }
    }()

    @Test func crashInputsAreKept() {
        #expect(!Self.crashes.isEmpty, "fuzz/corpus/*/crash-* should hold the inputs the fuzzers found")
    }

    @Test(arguments: crashes)
    func crashInputIsHandled(harness: String, name: String) throws {
        let bytes = try Array(Data(contentsOf: Self.corpus.appendingPathComponent("\(harness)/\(name)")))
        let path = IOTestSupport.scratch(name)
        defer { unlink(path) }
        try AtomicFile.write(harness == "csv" ? Array(bytes.dropFirst()) : bytes, to: path)
        do {
            switch harness {
            case "expression":
                let text = String(decoding: bytes, as: UTF8.self)
                if let expression = try? FeatureExpression(parsing: text) {
                    #expect(try FeatureExpression(parsing: expression.text) == expression)
                }
                _ = try DerivedFeature(parsing: text)
            case "json":
                let value = try JSONValue.parse(bytes)
                #expect(try JSONValue.parse(value.serialized()) == value)
            case "csv": _ = try CSVTable(path: path, options: .init(threads: 1))
            case "npy": _ = try NPYArray(contentsOf: path)
            case "qrels": try QrelsFile.forEachJudgment(in: path) { _ in }
            case "model": _ = try ModelFile.read(path: path)
            default: Issue.record("unknown harness \(harness)")
            }
        } catch let failure as any QuarryFailure {
            #expect(!failure.message.isEmpty)
            #expect(!failure.message.unicodeScalars.contains { $0 == "\n" || $0 == "\r" }, "\(failure.message)")
        }
    }
}
