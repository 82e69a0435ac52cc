/// The one error shape of every stage: a kind, the source span it points at, and notes.
///
/// Stages throw `Diagnostic`; `DiagnosticRenderer` turns it into text. Messages are
/// Chinese, for the people who use suanpan.
public struct Diagnostic: Error, Sendable {
    public enum Kind: Sendable, Equatable {
        /// An opening bracket with no closing one before the end of the input.
        case unclosedBracket(String)
        /// A closing bracket that does not match the open one: `(1]`.
        case mismatchedBracket(open: String, close: String)
        /// A closing bracket with no opening one.
        case unmatchedClosingBracket(String)
        /// A string literal with no closing quote.
        case unterminatedString
        /// A backtick name with no closing backtick.
        case unterminatedName
        /// A token the grammar does not allow here.
        case unexpectedToken(found: String, expected: String)
        /// A character that is not part of the language.
        case unexpectedCharacter(String)
        /// A name that is bound to nothing.
        case unknownName(String)
        /// A call with the wrong number of arguments.
        case wrongArgumentCount(function: String, expected: String, got: Int, parameters: [String])
        /// Division by zero; carries the divisor expression's text.
        case divisionByZero(divisor: String)
        /// An operation applied to a value of the wrong type.
        case typeMismatch(operation: String, expected: String, found: String)
        /// A malformed number literal such as `1.2.3` or `12_`.
        case badNumber(String)
        /// A `:command` that does not exist.
        case unknownMetaCommand(String)
        /// A `:command` with an argument it cannot use.
        case badMetaArgument(command: String, reason: String)
        /// `assert` whose condition was false.
        case assertionFailed(String)
        /// A script file that is not valid UTF-8.
        case invalidUTF8(byteOffset: Int)
        /// A number whose exact representation would exceed the digit limit.
        case numberTooLarge(limitDigits: Int)
        /// Brackets or operators nested deeper than the parser allows.
        case nestingTooDeep(limit: Int)
        /// User functions calling each other deeper than the limit.
        case recursionTooDeep(limit: Int)
        /// An evaluation that took more steps than the limit allows.
        case tooManySteps(limit: Int)
        /// A list longer than the limit allows.
        case listTooLong(length: Int, limit: Int)
        /// A string longer than the limit allows.
        case stringTooLong(length: Int, limit: Int)
        /// A sensitivity table with more cells than the limit allows (`shape` says how many).
        case tableTooLarge(shape: String, limit: Int)
        /// The statement was stopped by Ctrl-C.
        case interrupted
        /// A value outside the domain of an operation (e.g. a fractional exponent).
        case domain(String)
        /// A file that cannot be read or written.
        case file(path: String, reason: String)
        /// A problem in a data file (CSV, XLSX, dataset.suan), located by `location`.
        case data(String)
        /// A table, row or column that does not exist.
        case notFound(String)
        /// A cell whose text cannot be read (`#####`) used in a computation.
        case unreadableCell(String)
        /// `published(列)` where the data has no such column (only a rule).
        case noPublishedColumn(String)
        /// Something the language does not support yet.
        case unsupported(String)
        /// In `solve`: the unknown meets a step that is not linear in it (a product of
        /// two unknowns, a division by one); solve then bisects instead.
        case nonLinear
    }

    public let kind: Kind
    public let span: SourceSpan?
    /// Where in a data file, when the problem is there rather than in source code.
    public var location: DataLocation?
    /// Extra lines shown under the source excerpt ("提示：…").
    public var notes: [String]
    /// The rule computation the failure happened in (`（计算表「项目」的行「A1」…的「总分」时，
    /// 规则 …）`), the innermost one; it is also one of the notes. Read by whoever shows
    /// the failure in a table cell.
    public var computing: String?

    public init(_ kind: Kind, at span: SourceSpan?, notes: [String] = [], location: DataLocation? = nil) {
        self.kind = kind
        self.span = span
        self.notes = notes
        self.location = location
        if let limit = kind.limit {
            self.notes.append("提示：这是可调的上限（\(limit.chineseName)），确有需要可用「:limits \(limit.rawValue) 新值」放宽；:limits 列出全部上限")
        }
    }

    /// The one-line Chinese message.
    public var message: String {
        switch kind {
        case .unclosedBracket(let b):
            return "括号「\(b)」没有闭合"
        case .mismatchedBracket(let open, let close):
            return "括号不配对：「\(open)」在这里打开，却遇到了「\(close)」"
        case .unmatchedClosingBracket(let b):
            return "多余的右括号「\(b)」，前面没有对应的左括号"
        case .unterminatedString:
            return "字符串缺少结尾的引号"
        case .unterminatedName:
            return "反引号名称缺少结尾的 `"
        case .unexpectedToken(let found, let expected):
            return "这里不应出现\(found)，应为\(expected)"
        case .unexpectedCharacter(let c):
            return "无法识别的字符「\(c)」"
        case .unknownName(let n):
            return "未定义的名称「\(n)」"
        case .wrongArgumentCount(let f, let expected, let got, let params):
            let list = params.isEmpty ? "" : "（\(params.joined(separator: ", "))）"
            let here = got == 0 ? "这里没有参数" : (Int(expected).map { got < $0 } ?? false ? "这里只有 \(got) 个" : "这里有 \(got) 个")
            return "\(f) 需要 \(expected) 个参数\(list)，\(here)"
        case .divisionByZero(let d):
            return "除数为零：「\(d)」的值是 0"
        case .typeMismatch(let op, let expected, let found):
            return "\(op)需要\(expected)，这里是\(found)"
        case .badNumber(let t):
            return "数字写法有误：「\(t)」"
        case .unknownMetaCommand(let c):
            return "未知命令「:\(c)」"
        case .badMetaArgument(let c, let reason):
            return ":\(c) \(reason)"
        case .assertionFailed(let detail):
            return "断言失败：\(detail)"
        case .invalidUTF8(let offset):
            return "文件不是有效的 UTF-8 文本（第 \(offset + 1) 个字节）"
        case .numberTooLarge(let digits):
            return "数值过大：结果将超过 \(digits) 位数字的上限"
        case .nestingTooDeep(let limit):
            return "嵌套过深或表达式过长：括号嵌套或连续运算超过 \(limit) 层（很多项相加请用 sum([…])）"
        case .recursionTooDeep(let limit):
            return "函数调用层数超过 \(limit) 层（可能是无穷递归）"
        case .tooManySteps(let limit):
            return "计算步数超过 \(limit) 步的上限（可能是指数级的递归）"
        case .listTooLong(let length, let limit):
            return "列表过长：\(length) 个元素，超过 \(limit) 个的上限"
        case .stringTooLong(let length, let limit):
            return "字符串过长：\(length) 个字符，超过 \(limit) 个的上限"
        case .tableTooLarge(let shape, let limit):
            return "表格过大：\(shape)，超过 \(limit) 格的上限"
        case .interrupted:
            return "已中断（Ctrl-C），这条语句没有执行完，会话保持原样"
        case .domain(let m):
            return m
        case .file(let path, let reason):
            return "无法读写文件「\(path)」：\(reason)"
        case .nonLinear: return "含未知数的计算不是线性的"
        case .unsupported(let m), .data(let m), .notFound(let m):
            return m
        case .unreadableCell(let what):
            return "单元格不可读（#####）：\(what)"
        case .noPublishedColumn(let column):
            return "「\(column)」没有公布值：数据中没有「\(column)」这一列"
        }
    }
}

/// A place in a data file: `项目.csv` line 5, column 3 (field 「实际值」), or an
/// XLSX sheet and cell such as `Sheet1!B7`.
public struct DataLocation: Sendable, Equatable {
    public var file: String
    public var line: Int?
    public var column: Int?
    /// For XLSX: the sheet and the A1-style cell.
    public var sheet: String?
    public var cell: String?
    /// The column's header, when known.
    public var field: String?

    public init(file: String, line: Int? = nil, column: Int? = nil, sheet: String? = nil, cell: String? = nil, field: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.sheet = sheet
        self.cell = cell
        self.field = field
    }

    /// `项目.csv:5:3` or `预算.xlsx[项目]!B7`.
    public var prefix: String {
        if let sheet, let cell { return "\(file)[\(sheet)]!\(cell)" }
        var s = file
        if let line { s += ":\(line)" }
        if let column { s += ":\(column)" }
        return s
    }

    /// Chinese description for explain and notes: `项目.csv 第 5 行，列「实际值」`.
    public var description: String {
        var s = file
        if let sheet, let cell { s += " 工作表「\(sheet)」单元格 \(cell)" } else if let line { s += " 第 \(line) 行" }
        if let field { s += "，列「\(field)」" }
        return s
    }
}

/// Shorthands for data-file diagnostics.
package enum DataError {
    package static func at(file: String, line: Int? = nil, column: Int? = nil, _ message: String, notes: [String] = []) -> Diagnostic {
        Diagnostic(.data(message), at: nil, notes: notes, location: DataLocation(file: file, line: line, column: column))
    }
}

extension Diagnostic.Kind {
    /// The user-adjustable limit this diagnostic reports, if any.
    public var limit: Limit? {
        switch self {
        case .numberTooLarge: .digits
        case .nestingTooDeep: .nesting
        case .recursionTooDeep: .depth
        case .tooManySteps: .steps
        case .listTooLong: .list
        case .stringTooLong: .string
        case .tableTooLarge: .table
        default: nil
        }
    }
}
