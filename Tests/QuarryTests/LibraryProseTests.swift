import Foundation
import Testing

/// The library's prose names parameters, never command-line flags: no string literal in
/// `Sources/Quarry` holds a `--flag` (the CLI maps parameter names to flags, see
/// `Sources/quarry/Flags.swift`).
@Suite struct LibraryProseTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/Quarry")

    /// A string literal's text (interpolated code left out) and the line it starts on.
    struct Literal: Equatable {
        var line: Int
        var text: String
    }

    /// The string literals of Swift source `text`, comments skipped: `"…"`, `"""…"""` and raw
    /// `#"…"#`, with the literals inside interpolations `\(…)` as literals of their own.
    static func literals(in text: String) -> [Literal] {
        let s = Array(text.unicodeScalars)
        var found: [Literal] = []
        var i = 0, line = 1
        func at(_ k: Int) -> Unicode.Scalar? { k < s.count ? s[k] : nil }
        func starts(_ word: String, _ k: Int) -> Bool {
            let w = Array(word.unicodeScalars)
            return k + w.count <= s.count && Array(s[k..<(k + w.count)]) == w
        }

        /// Code from `i` until an unbalanced `)` (inside an interpolation) or the end; returns after it.
        func code(interpolation: Bool) {
            var depth = 0
            while i < s.count {
                let c = s[i]
                if c == "\n" { line += 1; i += 1 }
                else if starts("//", i) { while i < s.count, s[i] != "\n" { i += 1 } }
                else if starts("/*", i) {
                    var nesting = 0
                    repeat {
                        if starts("/*", i) { nesting += 1; i += 2 }
                        else if starts("*/", i) { nesting -= 1; i += 2 }
                        else { if s[i] == "\n" { line += 1 }; i += 1 }
                    } while i < s.count && nesting > 0
                }
                else if c == "\"" || (c == "#" && (at(i + 1) == "\"" || at(i + 1) == "#")) { literal() }
                else if c == "(" { depth += 1; i += 1 }
                else if c == ")" {
                    i += 1
                    if depth == 0, interpolation { return }
                    depth -= 1
                }
                else { i += 1 }
            }
        }

        /// A string literal starting at `i` (its `#`s or its opening quote); returns after it.
        func literal() {
            var hashes = 0
            while at(i) == "#" { hashes += 1; i += 1 }
            guard at(i) == "\"" else { return }   // a `#if`, `#available`, …: not a literal
            let multiline = starts("\"\"\"", i)
            i += multiline ? 3 : 1
            let closing = (multiline ? "\"\"\"" : "\"") + String(repeating: "#", count: hashes)
            let escape = "\\" + String(repeating: "#", count: hashes)
            let startLine = line
            var text = ""
            while i < s.count {
                if starts(closing, i) { i += closing.unicodeScalars.count; break }
                if starts(escape, i) {
                    i += escape.unicodeScalars.count
                    if at(i) == "(" {
                        i += 1
                        text += "\u{FFFC}"   // the interpolated value: not text of this literal
                        code(interpolation: true)
                    } else if let c = at(i) {
                        if c == "\n" { line += 1 }
                        text.unicodeScalars.append(c)
                        i += 1
                    }
                    continue
                }
                if s[i] == "\n" { line += 1 }
                text.unicodeScalars.append(s[i])
                i += 1
            }
            found.append(Literal(line: startLine, text: text))
        }

        code(interpolation: false)
        return found
    }

    /// The `--name` flags in `text`. CSS custom properties (`--bg:`, `var(--bg)`) of the HTML
    /// report's stylesheet are not flags.
    static func flags(in text: String) -> [String] {
        let pattern = try! NSRegularExpression(pattern: "--[a-z][a-z0-9-]*")
        let ns = text as NSString
        return pattern.matches(in: text, range: NSRange(location: 0, length: ns.length)).compactMap { match in
            let end = match.range.location + match.range.length
            let before = ns.substring(to: match.range.location)
            if end < ns.length, ns.substring(with: NSRange(location: end, length: 1)) == ":" { return nil }
            if before.hasSuffix("var(") { return nil }
            return ns.substring(with: match.range)
        }
    }

    @Test func theScannerFindsLiteralsAndSkipsComments() {
        let source = ##"""
        // a comment with "--not-a-literal"
        /* a block "--nor-this" /* nested */ still comment */
        let a = "one --flag", b = "x \(c ? "--inner" : "two") y"
        let m = """
            multi \"quoted\" line
            """
        let r = #"raw "--raw" \#(d)"#
        #if DEBUG
        #endif
        """##
        let found = Self.literals(in: source)
        #expect(found.map(\.text) == ["one --flag", "--inner", "two", "x \u{FFFC} y", "\n    multi \"quoted\" line\n    ", "raw \"--raw\" \u{FFFC}"])
        #expect(found.map(\.line) == [3, 3, 3, 3, 4, 7])
        #expect(Self.flags(in: "(--control none) and --include-positives; :root{--bg:#fff} var(--c0) <!-- x -->") == ["--control", "--include-positives"])
    }

    @Test func noStringLiteralInTheLibraryNamesAFlag() throws {
        guard let files = FileManager.default.enumerator(atPath: Self.sources.path) else {
            Issue.record("cannot list \(Self.sources.path)")
            return
        }
        var scanned = 0
        for case let file as String in files where file.hasSuffix(".swift") {
            let text = try String(contentsOf: Self.sources.appendingPathComponent(file), encoding: .utf8)
            scanned += 1
            for literal in Self.literals(in: text) {
                for flag in Self.flags(in: literal.text) {
                    Issue.record("Sources/Quarry/\(file):\(literal.line): the string literal names the flag \(flag); name the parameter (InvalidInput.named / .setting) and let the CLI render the flag")
                }
            }
        }
        #expect(scanned > 100)
    }
}
