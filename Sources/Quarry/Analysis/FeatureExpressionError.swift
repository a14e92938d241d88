/// A derived-feature definition that cannot be parsed, pointing at the offending character.
///
/// ``message`` is one line naming the 1-based column; ``caretDiagram`` is the definition
/// followed by a line with a caret under that column, for a terminal:
///
/// ```
/// ratio = a +* b
///            ^
/// ```
public struct FeatureExpressionError: QuarryFailure, Equatable {
    /// The full text that was parsed.
    public let text: String
    /// The 1-based position (in characters) of the offending character; `text.count + 1`
    /// at the end of the text.
    public let column: Int
    /// What the parser expected there.
    public let expected: String
    /// What it found (a quoted character, or "the end of the text").
    public let found: String

    public var kind: FailureKind { .usage }

    /// One line: control characters of the definition (a line break, say) are shown
    /// escaped (`\n`), and a definition longer than 200 characters is cut with `…`.
    public var message: String {
        let shown = text.count > 200 ? String(text.prefix(200)) + "…" : text
        return "cannot parse derived feature '\(Self.escaped(shown))' at column \(column): expected \(expected), found \(Self.escaped(found))"
    }

    /// `text` with control characters written as escapes, so it stays on one line.
    static func escaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || (0x2028...0x2029).contains(scalar.value):
                out += "\\u{" + String(scalar.value, radix: 16) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The definition and a caret under the offending column (two lines, no trailing newline).
    ///
    /// A definition longer than 80 characters is shown as the 80 around the column, with `…`
    /// where it is cut; control characters are shown escaped, as in ``message``.
    public var caretDiagram: String {
        let characters = Array(text)
        let offset = min(max(0, column - 1), characters.count)
        let start = characters.count > 80 ? max(0, min(offset - 40, characters.count - 80)) : 0
        let end = min(characters.count, start + 80)
        let before = (start > 0 ? "…" : "") + Self.escaped(String(characters[start..<offset]))
        let shown = before + Self.escaped(String(characters[offset..<end])) + (end < characters.count ? "…" : "")
        return shown + "\n" + String(repeating: " ", count: before.count) + "^"
    }
}
