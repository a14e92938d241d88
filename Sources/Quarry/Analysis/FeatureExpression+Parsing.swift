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
    /// The parsed tree may be at most ``maximumDepth`` levels deep, and parentheses may nest
    /// at most that deep: every parenthesis, operator, unary minus and function call is a
    /// level, so `a + b + c` is 3 levels (left-associative chains count each operator).
    /// - Throws: ``FeatureExpressionError`` pointing at the first character that does not fit,
    ///   or at the one that goes deeper than ``maximumDepth``.
    public init(parsing text: String) throws {
        var parser = FeatureExpressionParser(text)
        self = try parser.parseWholeExpression()
    }
}

/// A recursive-descent parser over the characters of a definition, bounded in depth
/// (``FeatureExpression/maximumDepth``) so hostile text cannot exhaust the stack.
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
        let expression = try parseExpression().expression
        skipSpaces()
        guard peek == nil else { throw failure(expected: "an operator or the end of the text") }
        return expression
    }

    /// A parsed subtree and its height (a leaf has height 1), so depth is checked as the
    /// tree is built rather than by walking it again.
    struct Node {
        var expression: FeatureExpression
        var height: Int
    }

    /// How deep the recursive descent currently is (parentheses, calls, unary minus).
    var nesting = 0

    /// Enters one level of recursion, refusing to go past ``FeatureExpression/maximumDepth``.
    mutating func enter() throws {
        nesting += 1
        if nesting > FeatureExpression.maximumDepth { throw tooDeep() }
    }

    /// `node` when it is within ``FeatureExpression/maximumDepth``, else an error here.
    func checked(_ node: Node) throws -> Node {
        guard node.height <= FeatureExpression.maximumDepth else { throw tooDeep() }
        return node
    }

    func tooDeep() -> FeatureExpressionError {
        failure(expected: "at most \(FeatureExpression.maximumDepth) levels of nesting (each parenthesis, operator and function call is one)")
    }

    mutating func parseExpression() throws -> Node {
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
            let right = try parseTerm()
            left = try checked(Node(expression: .binary(op, left.expression, right.expression),
                                    height: 1 + max(left.height, right.height)))
        }
    }

    mutating func parseTerm() throws -> Node {
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
            let right = try parseUnary()
            left = try checked(Node(expression: .binary(op, left.expression, right.expression),
                                    height: 1 + max(left.height, right.height)))
        }
    }

    mutating func parseUnary() throws -> Node {
        skipSpaces()
        if peek == "-" || peek == "−" {
            advance()
            try enter()
            let inner = try parseUnary()
            nesting -= 1
            return try checked(Node(expression: .negate(inner.expression), height: inner.height + 1))
        }
        return try parsePrimary()
    }

    mutating func parsePrimary() throws -> Node {
        skipSpaces()
        guard let c = peek else { throw failure(expected: "a number, a column name or '('") }
        if c == "(" {
            try enter()
            advance()
            let inner = try parseExpression()
            skipSpaces()
            guard peek == ")" else { throw failure(expected: "')'") }
            advance()
            nesting -= 1
            return inner
        }
        if c.isASCII, c.isNumber || c == "." { return Node(expression: try parseNumber(), height: 1) }
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
            try enter()
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
            nesting -= 1
            return try checked(Node(expression: .call(function, arguments.map(\.expression)),
                                    height: 1 + arguments.map(\.height).max()!))
        }
        position = afterName
        return Node(expression: .column(name), height: 1)
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
