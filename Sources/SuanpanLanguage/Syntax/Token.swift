/// A lexical token with its span.
public struct Token: Sendable {
    public enum Kind: Sendable, Equatable {
        case number(Rational)
        /// A number with its unit of money: `466.32万元`.
        case amount(Rational, MoneyUnit)
        case string(String)
        /// A name: plain (`执行率`, `x1`) or written in backticks.
        case identifier(String)
        case keyword(Keyword)
        case symbol(Symbol)
        /// `:name argument…` at the start of a statement.
        case meta(name: String, argument: String)
        /// `## text` at the start of a statement: the description of the next rule.
        case doc(String)
        /// Statement separator: a newline outside brackets, `;` or `；`.
        case separator
        case end
    }

    public let kind: Kind
    public let span: SourceSpan

    /// How the token is named in "unexpected token" messages.
    public var description: String {
        switch kind {
        case .number: return "数字「\(span.text)」"
        case .amount: return "金额「\(span.text)」"
        case .string: return "字符串\(span.text)"
        case .identifier(let n): return "名称「\(n)」"
        case .keyword: return "关键字「\(span.text)」"
        case .symbol: return "「\(span.text)」"
        case .meta(let n, _): return "命令「:\(n)」"
        case .doc: return "说明注释「##」"
        case .separator: return span.text == "\n" || span.text.isEmpty ? "换行" : "「\(span.text)」"
        case .end: return "输入结尾"
        }
    }
}

/// Reserved words. Each has an English and a Chinese spelling.
public enum Keyword: String, Sendable, CaseIterable {
    case `if`, then, `else`, and, or, not, `true`, `false`, fn, assert

    /// All spellings that lex to a keyword.
    public static let spellings: [String: Keyword] = [
        "if": .if, "如果": .if,
        "then": .then, "那么": .then,
        "else": .else, "否则": .else,
        "and": .and, "or": .or, "not": .not,
        "true": .true, "false": .false,
        "fn": .fn, "函数": .fn,
        "assert": .assert, "断言": .assert,
    ]

    /// Chinese spellings, which also end a run of Chinese characters (Chinese is written
    /// without spaces: `如果x>1那么2否则3`).
    static let chineseSpellings: [[Unicode.Scalar]] = spellings.keys
        .filter { $0.unicodeScalars.first.map { $0.value > 0x2E80 } ?? false && $0.unicodeScalars.count > 1 }
        .map { Array($0.unicodeScalars) }
}

/// Operators and punctuation, after full-width and mathematical forms are folded
/// (`（` → `(`, `×` → `*`, `≥` → `>=`).
public enum Symbol: String, Sendable {
    case plus = "+"
    case minus = "-"
    case star = "*"
    case slash = "/"
    case caret = "^"
    case percent = "%"
    case lparen = "("
    case rparen = ")"
    case lbracket = "["
    case rbracket = "]"
    case lbrace = "{"
    case rbrace = "}"
    case comma = ","
    case dot = "."
    case range = ".."
    case assign = "="
    case colon = ":"
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessEqual = "<="
    case greater = ">"
    case greaterEqual = ">="
}
