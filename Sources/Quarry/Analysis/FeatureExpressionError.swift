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
        "cannot parse derived feature '\(text.truncated(to: 200).escapingControlCharacters)' at column \(column): expected \(expected), found \(found.escapingControlCharacters)"
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
        let before = (start > 0 ? "…" : "") + String(characters[start..<offset]).escapingControlCharacters
        let shown = before + String(characters[offset..<end]).escapingControlCharacters + (end < characters.count ? "…" : "")
        return shown + "\n" + String(repeating: " ", count: before.count) + "^"
    }
}
