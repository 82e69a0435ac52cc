/// Turns source text into tokens, with the conveniences people typing Chinese need.
///
/// - Full-width ASCII forms typed with a Chinese IME (`（）`, `，`, `；`, `：`, `＝`,
///   `％`, `０`–`９`, …) and the ideographic space are folded to ASCII outside strings.
/// - `×` `÷` are `*` `/`; `≥` `≤` `≠` are `>=` `<=` `!=`; `−` (U+2212) is `-`.
/// - Names are Unicode (`执行率`, `x1`); other names go in backticks. Multi-character
///   Chinese keywords (`如果` `那么` `否则` `函数` `断言`) end a run of Chinese
///   characters, because Chinese is typed without spaces.
/// - `#` starts a comment (so a `#!` first line is one). `_` separates digits.
/// - A number followed by a unit of money is an amount: `466.32万元`, `1.2 亿元`, and,
///   only then, with thousands commas as reports print them (`750,000元`; without a
///   unit `1,000` is two arguments).
/// - Strings use straight quotes (with `\"`, `\\`, `\n` escapes) or curly quotes `“…”`.
/// - A newline separates statements unless a bracket is open, the line ends with an
///   operator, `=`, `,` or a keyword that needs more (`那么`, `否则`, `and` …), or the
///   next line starts with `那么`/`否则`/`then`/`else`; `;` always separates.
/// - `## text` at the start of a statement describes the rule that follows.
/// - `:name rest-of-line` at the start of a statement is a meta-command.
public struct Lexer {
    package let source: Source
    package let s: [Unicode.Scalar]
    package var i = 0
    var brackets: [(Unicode.Scalar, Int)] = []
    var tokens: [Token] = []
    var atStatementStart = true

    /// Digits a number literal may have.
    package let maxDigits: Int
    /// Brackets nested deeper than this are a diagnostic, not a stack overflow.
    let maxBracketDepth: Int

    public init(source: Source, limits: Limits = Limits()) {
        self.source = source
        self.s = source.scalars
        // DecimalText reads no more than its own bound, whatever the limit says.
        self.maxDigits = min(limits.maxDigits, DecimalText.maxDigits)
        self.maxBracketDepth = limits.maxNesting
    }

    /// Tokenizes the whole source; the last token is `.end`.
    public static func tokenize(_ source: Source, limits: Limits = Limits()) throws(Diagnostic) -> [Token] {
        var lexer = Lexer(source: source, limits: limits)
        return try lexer.run()
    }

    /// The ASCII form of a full-width or mathematical scalar, outside strings.
    static func fold(_ c: Unicode.Scalar) -> Unicode.Scalar {
        let v = c.value
        if v >= 0xFF01 && v <= 0xFF5E { return Unicode.Scalar(v - 0xFEE0)! }
        switch v {
        case 0x3000: return " "
        case 0x00D7: return "*"  // ×
        case 0x00F7: return "/"  // ÷
        case 0x2212: return "-"  // −
        case 0x3001: return ","  // 、
        case 0x3010: return "["  // 【
        case 0x3011: return "]"  // 】
        default: return c
        }
    }

    package mutating func run() throws(Diagnostic) -> [Token] {
        while true {
            skipSpaceAndComments()
            guard i < s.count else { break }
            let start = i
            let c = Lexer.fold(s[i])
            if c == "\n" && continuesOnNextLine() {
                i += 1
                continue
            }
            if c == "#" && atStatementStart && i + 1 < s.count && s[i + 1] == "#" {
                var j = i + 2
                var text = String.UnicodeScalarView()
                while j < s.count && s[j] != "\n" {
                    text.append(s[j])
                    j += 1
                }
                i = j
                add(.doc(String(text).trimmingSpaces()), start)
                continue
            }
            if c == "\n" || c == ";" || c == "\u{FF1B}" {
                i += 1
                if brackets.isEmpty || c != "\n" {
                    if c != "\n" || !(tokens.last.map { $0.kind == .separator } ?? true) {
                        add(.separator, start)
                    }
                    atStatementStart = true
                }
                continue
            }
            if c == ":" && atStatementStart && brackets.isEmpty, let meta = lexMeta() {
                tokens.append(meta)
                atStatementStart = false
                continue
            }
            atStatementStart = false
            if isDigit(c) || (c == "." && i + 1 < s.count && isDigit(Lexer.fold(s[i + 1]))) {
                try lexNumber()
            } else if c == "\"" || c == "\u{201C}" || c == "\u{300C}" {
                try lexString(open: c)
            } else if c == "`" {
                try lexBacktickName()
            } else if isIdentifierStart(c) {
                lexIdentifier()
            } else {
                try lexSymbol(c)
            }
        }
        if let (open, at) = brackets.last {
            throw Diagnostic(.unclosedBracket(String(open)), at: SourceSpan(source, at, at + 1))
        }
        tokens.append(Token(kind: .end, span: SourceSpan(source, s.count, s.count)))
        return tokens
    }

    package mutating func add(_ kind: Token.Kind, _ start: Int) {
        tokens.append(Token(kind: kind, span: SourceSpan(source, start, i)))
    }

    func isDigit(_ c: Unicode.Scalar) -> Bool { c.value >= 48 && c.value <= 57 }

    func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
        c == "_" || c.properties.isXIDStart
    }

    func isIdentifierContinue(_ c: Unicode.Scalar) -> Bool {
        c == "_" || c.properties.isXIDContinue
    }

    mutating func skipSpaceAndComments() {
        while i < s.count {
            let c = Lexer.fold(s[i])
            if c == " " || c == "\t" || c == "\r" || c == "\u{FEFF}" || c == "\u{00A0}" || c == "\u{200B}" {
                i += 1
            } else if c == "\n" && !brackets.isEmpty {
                i += 1
            } else if c == "#" && !(atStatementStart && i + 1 < s.count && s[i + 1] == "#") {
                while i < s.count && s[i] != "\n" { i += 1 }
            } else {
                break
            }
        }
    }

    /// Whether the statement goes on after the newline at `i`: the last token cannot
    /// end an expression, or the next line opens with `那么`/`否则`/`then`/`else`.
    func continuesOnNextLine() -> Bool {
        guard let last = tokens.last, !atStatementStart else { return false }
        switch last.kind {
        case .symbol(let sym) where sym != .rparen && sym != .rbracket && sym != .rbrace && sym != .percent:
            return true
        case .keyword(let k) where k != .true && k != .false:
            return true
        default:
            break
        }
        // Look at the first word of the next non-blank line.
        var j = i + 1
        while j < s.count && (s[j] == " " || s[j] == "\t" || s[j] == "\r" || s[j] == "\n" || s[j] == "\u{3000}") { j += 1 }
        for word in ["否则", "那么", "else", "then"] {
            let w = Array(word.unicodeScalars)
            if j + w.count <= s.count && Array(s[j..<j + w.count]) == w {
                let after = j + w.count < s.count ? s[j + w.count] : " "
                if (word.unicodeScalars.first.map { $0.value > 0x2E80 } ?? false) || !isIdentifierContinue(after) { return true }
            }
        }
        return false
    }

    /// `:name argument` — the argument runs to the end of the line or an unquoted `;`.
    mutating func lexMeta() -> Token? {
        let start = i
        var j = i + 1
        var name = ""
        while j < s.count, isIdentifierContinue(Lexer.fold(s[j])) {
            name.unicodeScalars.append(Lexer.fold(s[j]))
            j += 1
        }
        if name.isEmpty { return nil }
        var arg = String.UnicodeScalarView()
        var quoted = false
        while j < s.count && s[j] != "\n" {
            let c = s[j]
            if c == "\"" { quoted.toggle() }
            if !quoted && (c == ";" || c == "\u{FF1B}") { break }
            arg.append(c)
            j += 1
        }
        i = j
        let argument = String(arg).trimmingSpaces()
        return Token(kind: .meta(name: name, argument: argument), span: SourceSpan(source, start, start + 1 + name.unicodeScalars.count))
    }

    mutating func lexNumber() throws(Diagnostic) {
        if try lexGroupedAmount() { return }
        let start = i
        var intDigits: [UInt8] = []
        var fracDigits: [UInt8] = []
        var seenDot = false
        var bad = false
        var lastWasUnderscore = false
        while i < s.count {
            let c = Lexer.fold(s[i])
            if isDigit(c) {
                if seenDot { fracDigits.append(UInt8(c.value)) } else { intDigits.append(UInt8(c.value)) }
                lastWasUnderscore = false
            } else if c == "_" {
                // `_` only between digits: `27_499.988`.
                let next = i + 1 < s.count ? Lexer.fold(s[i + 1]) : " "
                if lastWasUnderscore || !isDigit(next) { bad = true }
                if i == start { bad = true }
                lastWasUnderscore = true
            } else if c == "." {
                // `1.5`; a dot followed by a letter is a field access on a number (an error later).
                let next = i + 1 < s.count ? Lexer.fold(s[i + 1]) : " "
                if next == "." { break }  // `4000..7000`: a range, not a decimal point
                if seenDot { bad = true } else if !isDigit(next) { bad = true }
                seenDot = true
                lastWasUnderscore = false
            } else if c.value < 128 && c.properties.isAlphabetic {
                bad = true  // `12abc`, `1e5`, `0x1F`
            } else {
                break
            }
            i += 1
        }
        let span = SourceSpan(source, start, i)
        if intDigits.count + fracDigits.count > maxDigits {
            throw Diagnostic(.numberTooLarge(limitDigits: maxDigits), at: span)
        }
        guard !bad, let value = DecimalText.parse(integerDigits: intDigits, fractionDigits: fracDigits) else {
            throw Diagnostic(.badNumber(span.text), at: span)
        }
        if let (unit, end) = moneyUnit(at: i) {
            i = end
            tokens.append(Token(kind: .amount(value, unit), span: SourceSpan(source, start, end)))
            return
        }
        tokens.append(Token(kind: .number(value), span: span))
    }

    /// The unit of money written at `j` (after optional spaces), and where it ends:
    /// `万元` in `466.32万元`. Longest first, so that `万元` is not read as `元`'s prefix.
    func moneyUnit(at j: Int) -> (MoneyUnit, Int)? {
        var k = j
        while k < s.count, Lexer.fold(s[k]) == " " { k += 1 }
        for unit in Lexer.unitsByLength {
            let w = unit.name.unicodeScalars
            guard k + w.count <= s.count, zip(s[k..<(k + w.count)], w).allSatisfy({ $0 == $1 }) else { continue }
            return (unit, k + w.count)
        }
        return nil
    }

    static let unitsByLength = MoneyUnit.allCases.sorted { $0.name.unicodeScalars.count > $1.name.unicodeScalars.count }

    /// `750,000元` or `1,234.5 万元`: digits in groups of three, separated by commas,
    /// with a unit of money after them. False (nothing consumed) for anything else, so
    /// that `max(1,000)` stays two arguments.
    mutating func lexGroupedAmount() throws(Diagnostic) -> Bool {
        let start = i
        var k = i
        var digits: [UInt8] = []
        func digit(_ j: Int) -> UInt8? {
            guard j < s.count else { return nil }
            let c = Lexer.fold(s[j])
            return c >= "0" && c <= "9" ? UInt8(c.value) : nil
        }
        while let d = digit(k), digits.count < 3 {
            digits.append(d)
            k += 1
        }
        guard !digits.isEmpty, digit(k) == nil else { return false }
        var groups = 0
        while k + 3 < s.count, Lexer.fold(s[k]) == ",", let a = digit(k + 1), let b = digit(k + 2), let c = digit(k + 3),
            digit(k + 4) == nil
        {
            digits += [a, b, c]
            k += 4
            groups += 1
        }
        guard groups > 0 else { return false }
        var fraction: [UInt8] = []
        if k + 1 < s.count, Lexer.fold(s[k]) == ".", digit(k + 1) != nil {
            k += 1
            while let d = digit(k) {
                fraction.append(d)
                k += 1
            }
        }
        guard let (unit, end) = moneyUnit(at: k) else { return false }
        let span = SourceSpan(source, start, end)
        if digits.count + fraction.count > maxDigits { throw Diagnostic(.numberTooLarge(limitDigits: maxDigits), at: span) }
        guard let value = DecimalText.parse(integerDigits: digits, fractionDigits: fraction) else {
            throw Diagnostic(.badNumber(span.text), at: span)
        }
        i = end
        tokens.append(Token(kind: .amount(value, unit), span: span))
        return true
    }

    /// Scalars as a string, through one UTF-8 buffer (appending to a string's scalar
    /// view one by one costs several times more).
    package static func string(_ scalars: some Sequence<Unicode.Scalar>) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(scalars.underestimatedCount * 3)
        for c in scalars { UTF8.encode(c) { bytes.append($0) } }
        return String(decoding: bytes, as: UTF8.self)
    }

    mutating func lexString(open: Unicode.Scalar) throws(Diagnostic) {
        let start = i
        let close: Unicode.Scalar = open == "\u{201C}" ? "\u{201D}" : (open == "\u{300C}" ? "\u{300D}" : "\"")
        i += 1
        var value = String.UnicodeScalarView()
        while i < s.count {
            let c = s[i]
            if c == close || (close == "\"" && c == "\u{FF02}") {
                i += 1
                add(.string(String(value)), start)
                return
            }
            if c == "\n" { break }
            if c == "\\" && close == "\"" && i + 1 < s.count {
                let e = s[i + 1]
                switch e {
                case "n": value.append("\n")
                case "t": value.append("\t")
                default: value.append(e)
                }
                i += 2
                continue
            }
            value.append(c)
            i += 1
        }
        throw Diagnostic(.unterminatedString, at: SourceSpan(source, start, start + 1))
    }

    mutating func lexBacktickName() throws(Diagnostic) {
        let start = i
        i += 1
        var value = String.UnicodeScalarView()
        while i < s.count && s[i] != "\n" {
            if Lexer.fold(s[i]) == "`" {
                i += 1
                add(.identifier(String(value)), start)
                return
            }
            value.append(s[i])
            i += 1
        }
        throw Diagnostic(.unterminatedName, at: SourceSpan(source, start, start + 1))
    }

    /// The length of a Chinese keyword starting at `j`, if one does.
    func chineseKeyword(at j: Int) -> Int? {
        for k in Keyword.chineseSpellings where j + k.count <= s.count {
            var match = true
            for (n, c) in k.enumerated() where s[j + n] != c {
                match = false
                break
            }
            if match { return k.count }
        }
        return nil
    }

    mutating func lexIdentifier() {
        let start = i
        if let n = chineseKeyword(at: i) {
            i += n
        } else {
            i += 1
            while i < s.count {
                let c = Lexer.fold(s[i])
                guard isIdentifierContinue(c) else { break }
                if c.value > 0x2E80 && chineseKeyword(at: i) != nil { break }
                i += 1
            }
        }
        let text = Lexer.string(s[start..<i].lazy.map(Lexer.fold))
        if let k = Keyword.spellings[text] {
            add(.keyword(k), start)
        } else {
            add(.identifier(text), start)
        }
    }

    mutating func lexSymbol(_ c: Unicode.Scalar) throws(Diagnostic) {
        let start = i
        let next: Unicode.Scalar = i + 1 < s.count ? Lexer.fold(s[i + 1]) : " "
        func two(_ sym: Symbol) -> Token.Kind {
            i += 2
            return .symbol(sym)
        }
        func one(_ sym: Symbol) -> Token.Kind {
            i += 1
            return .symbol(sym)
        }
        let kind: Token.Kind
        switch c {
        case "+": kind = one(.plus)
        case "-": kind = one(.minus)
        case "*": kind = next == "*" ? two(.caret) : one(.star)
        case "/": kind = one(.slash)
        case "^": kind = one(.caret)
        case "%": kind = one(.percent)
        case ",": kind = one(.comma)
        case ".": kind = next == "." ? two(.range) : one(.dot)
        case ":": kind = one(.colon)
        case "{": kind = one(.lbrace)
        case "}": kind = one(.rbrace)
        case "=": kind = next == "=" ? two(.equal) : one(.assign)
        case "!": kind = next == "=" ? two(.notEqual) : one(.notEqual)
        case "<": kind = next == "=" ? two(.lessEqual) : (next == ">" ? two(.notEqual) : one(.less))
        case ">": kind = next == "=" ? two(.greaterEqual) : one(.greater)
        case "\u{2265}", "\u{2267}": kind = one(.greaterEqual)  // ≥ ≧
        case "\u{2264}", "\u{2266}": kind = one(.lessEqual)  // ≤ ≦
        case "\u{2260}": kind = one(.notEqual)  // ≠
        case "(", "[":
            if brackets.count >= maxBracketDepth {
                throw Diagnostic(.nestingTooDeep(limit: maxBracketDepth), at: SourceSpan(source, i, i + 1))
            }
            brackets.append((s[i], i))
            kind = one(c == "(" ? .lparen : .lbracket)
        case ")", "]":
            let open: Unicode.Scalar = c == ")" ? "(" : "["
            guard let last = brackets.last, Lexer.fold(last.0) == open else {
                if let last = brackets.last {
                    throw Diagnostic(
                        .mismatchedBracket(open: String(last.0), close: String(s[i])), at: SourceSpan(source, last.1, last.1 + 1),
                        notes: ["提示：先用「\(Lexer.fold(last.0) == "(" ? ")" : "]")」闭合它"])
                }
                throw Diagnostic(.unmatchedClosingBracket(String(s[i])), at: SourceSpan(source, i, i + 1))
            }
            brackets.removeLast()
            kind = one(c == ")" ? .rparen : .rbracket)
        default:
            throw Diagnostic(.unexpectedCharacter(String(s[i])), at: SourceSpan(source, i, i + 1))
        }
        tokens.append(Token(kind: kind, span: SourceSpan(source, start, i)))
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    package func trimmingSpaces() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " && $0 != "\t" && $0 != "\u{3000}" && $0 != "\r" }),
            let last = scalars.lastIndex(where: { $0 != " " && $0 != "\t" && $0 != "\u{3000}" && $0 != "\r" })
        else { return "" }
        return String(scalars[first...last])
    }
}

extension Lexer {
    /// Whether `text` ends inside an open bracket, so that a REPL should read
    /// another line before running it.
    public static func isIncomplete(_ text: String) -> Bool {
        do {
            let tokens = try tokenize(Source(name: "", text: text))
            // A scenario's `{ … }` spans lines.
            var braces = 0
            for t in tokens {
                if t.kind == .symbol(.lbrace) { braces += 1 }
                if t.kind == .symbol(.rbrace) { braces -= 1 }
            }
            return braces > 0
        } catch {
            if case .unclosedBracket = error.kind { return true }
            return false
        }
    }
}
