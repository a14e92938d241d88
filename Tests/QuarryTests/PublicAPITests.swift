import Foundation
import Testing

/// `docs/public-api.md` lists exactly the top-level `public` types of `Sources/Quarry`.
@Suite struct PublicAPITests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Names declared `public struct|enum|class|protocol|actor|typealias` at the start of a line.
    static func declaredPublicTypes() throws -> Set<String> {
        let sources = root.appendingPathComponent("Sources/Quarry")
        var names: Set<String> = []
        guard let files = FileManager.default.enumerator(atPath: sources.path) else { return names }
        let kinds: Set<String> = ["struct", "enum", "class", "protocol", "actor", "typealias"]
        for case let file as String in files where file.hasSuffix(".swift") {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") where line.hasPrefix("public ") {
                let words = line.split(whereSeparator: { $0 == " " || $0 == ":" || $0 == "<" || $0 == "{" || $0 == "=" })
                guard let kind = words.firstIndex(where: { kinds.contains(String($0)) }), kind + 1 < words.count else { continue }
                names.insert(String(words[kind + 1]))
            }
        }
        return names
    }

    /// Names listed as "- `Name` — …" in the document.
    static func documentedTypes() throws -> Set<String> {
        let text = try String(contentsOf: root.appendingPathComponent("docs/public-api.md"), encoding: .utf8)
        return Set(text.split(separator: "\n").compactMap { line -> String? in
            guard line.hasPrefix("- `"), let end = line.dropFirst(3).firstIndex(of: "`") else { return nil }
            return String(line[line.index(line.startIndex, offsetBy: 3)..<end])
        })
    }

    @Test func everyPublicTypeIsDocumentedAndViceVersa() throws {
        guard FileManager.default.fileExists(atPath: Self.root.appendingPathComponent("docs/public-api.md").path) else { return }
        let declared = try Self.declaredPublicTypes(), documented = try Self.documentedTypes()
        #expect(declared.count > 50)
        for name in declared.subtracting(documented).sorted() {
            Issue.record("\(name) is public in Sources/Quarry: add it to docs/public-api.md (or make it package)")
        }
        for name in documented.subtracting(declared).sorted() {
            Issue.record("\(name) is listed in docs/public-api.md but is not a public type of Sources/Quarry: remove it")
        }
    }
}
