extension DerivedFeature {
    /// Parses `name = expression`.
    ///
    /// The name is an identifier or a back-quoted name (`` `word count` ``). See
    /// ``FeatureExpression/init(parsing:)`` for the expression grammar.
    /// - Throws: ``FeatureExpressionError`` pointing at the first character that does not fit.
    public init(parsing text: String) throws {
        var parser = FeatureExpressionParser(text)
        parser.skipSpaces()
        guard let name = try parser.parseName() else {
            throw parser.failure(expected: "a feature name")
        }
        parser.skipSpaces()
        guard parser.peek == "=" else { throw parser.failure(expected: "'='") }
        parser.advance()
        let expression = try parser.parseWholeExpression()
        self.init(name: name, expression: expression)
    }
}

extension FeatureExpression {
    /// Parses an arithmetic expression over column names.
    ///
    /// Grammar (usual precedence, left-associative):
    /// ```
    /// expression := term (('+' | '-' | '−') term)*
    /// term       := unary (('*' | '×' | '/' | '÷') unary)*
    /// unary      := ('-' | '−') unary | primary
    /// primary    := number | name | function '(' expression (',' expression)* ')' | '(' expression ')'
    /// name       := [A-Za-z_][A-Za-z0-9_.]* | '`' any characters but '`' '`'
    /// function   := log | log1p | abs | sqrt | min | max     (a name followed by '(')
    /// ```
    /// - Throws: ``FeatureExpressionError`` pointing at the first character that does not fit.
    public init(parsing text: String) throws {
        var parser = FeatureExpressionParser(text)
        self = try parser.parseWholeExpression()
    }
}

/// A recursive-descent parser over the characters of a definition.
struct FeatureExpressionParser {
    let characters: [Character]
    let text: String
    var position = 0

    init(_ text: String) {
        self.text = text
        self.characters = Array(text)
    }

    var peek: Character? { position < characters.count ? characters[position] : nil }

    mutating func advance() { position += 1 }

    mutating func skipSpaces() {
        while let c = peek, c.isWhitespace { advance() }
    }

    func failure(expected: String) -> FeatureExpressionError {
        let found = peek.map { "'\($0)'" } ?? "the end of the text"
        return FeatureExpressionError(text: text, column: position + 1, expected: expected, found: found)
    }

    mutating func parseWholeExpression() throws -> FeatureExpression {
        let expression = try parseExpression()
        skipSpaces()
        guard peek == nil else { throw failure(expected: "an operator or the end of the text") }
        return expression
    }

    mutating func parseExpression() throws -> FeatureExpression {
        var left = try parseTerm()
        while true {
            skipSpaces()
            let op: FeatureExpression.BinaryOperator
            switch peek {
            case "+": op = .add
            case "-", "−": op = .subtract
            default: return left
            }
            advance()
            left = .binary(op, left, try parseTerm())
        }
    }

    mutating func parseTerm() throws -> FeatureExpression {
        var left = try parseUnary()
        while true {
            skipSpaces()
            let op: FeatureExpression.BinaryOperator
            switch peek {
            case "*", "×": op = .multiply
            case "/", "÷": op = .divide
            default: return left
            }
            advance()
            left = .binary(op, left, try parseUnary())
        }
    }

    mutating func parseUnary() throws -> FeatureExpression {
        skipSpaces()
        if peek == "-" || peek == "−" {
            advance()
            return .negate(try parseUnary())
        }
        return try parsePrimary()
    }

    mutating func parsePrimary() throws -> FeatureExpression {
        skipSpaces()
        guard let c = peek else { throw failure(expected: "a number, a column name or '('") }
        if c == "(" {
            advance()
            let inner = try parseExpression()
            skipSpaces()
            guard peek == ")" else { throw failure(expected: "')'") }
            advance()
            return inner
        }
        if c.isASCII, c.isNumber || c == "." { return try parseNumber() }
        let start = position
        let wasQuoted = c == "`"
        guard let name = try parseName() else {
            throw failure(expected: "a number, a column name or '('")
        }
        let afterName = position
        skipSpaces()
        if !wasQuoted, peek == "(" {
            guard let function = FeatureExpression.Function(rawValue: name) else {
                let known = FeatureExpression.Function.allCases.map(\.rawValue).joined(separator: ", ")
                position = start
                throw failure(expected: "one of the functions \(known)")
            }
            let callStart = start
            advance()
            var arguments = [try parseExpression()]
            skipSpaces()
            while peek == "," {
                advance()
                arguments.append(try parseExpression())
                skipSpaces()
            }
            guard peek == ")" else { throw failure(expected: arguments.count < function.arity.upperBound ? "',' or ')'" : "')'") }
            guard function.arity.contains(arguments.count) else {
                position = callStart
                let count = function.arity.lowerBound == function.arity.upperBound
                    ? "\(function.arity.lowerBound) argument" : "at least \(function.arity.lowerBound) arguments"
                throw FeatureExpressionError(text: text, column: callStart + 1,
                                             expected: "\(function.rawValue) with \(count)",
                                             found: "\(arguments.count) arguments")
            }
            advance()
            return .call(function, arguments)
        }
        position = afterName
        return .column(name)
    }

    /// A bare identifier or a back-quoted name; `nil` (position unchanged) when neither starts here.
    mutating func parseName() throws -> String? {
        guard let c = peek else { return nil }
        if c == "`" {
            advance()
            var name = ""
            while let d = peek, d != "`" { name.append(d); advance() }
            guard peek == "`" else { throw failure(expected: "a closing '`'") }
            guard !name.isEmpty else { throw failure(expected: "a name between the back quotes") }
            advance()
            return name
        }
        guard Self.isNameStart(c) else { return nil }
        var name = ""
        while let d = peek, Self.isNameContinuation(d) { name.append(d); advance() }
        return name
    }

    mutating func parseNumber() throws -> FeatureExpression {
        let start = position
        var literal = ""
        while let c = peek, c.isASCII, c.isNumber || c == "." { literal.append(c); advance() }
        if let e = peek, e == "e" || e == "E" {
            var lookahead = position + 1
            var exponent = String(e)
            if lookahead < characters.count, characters[lookahead] == "+" || characters[lookahead] == "-" {
                exponent.append(characters[lookahead]); lookahead += 1
            }
            var digits = ""
            while lookahead < characters.count, characters[lookahead].isASCII, characters[lookahead].isNumber {
                digits.append(characters[lookahead]); lookahead += 1
            }
            if !digits.isEmpty { literal += exponent + digits; position = lookahead }
        }
        guard let value = Double(literal), value.isFinite else {
            position = start
            throw failure(expected: "a number")
        }
        if let c = peek, Self.isNameStart(c) { throw failure(expected: "an operator after the number") }
        return .number(value)
    }

    static func isNameStart(_ c: Character) -> Bool {
        c == "_" || (c.isASCII && c.isLetter)
    }

    static func isNameContinuation(_ c: Character) -> Bool {
        isNameStart(c) || (c.isASCII && c.isNumber) || c == "."
    }
}
