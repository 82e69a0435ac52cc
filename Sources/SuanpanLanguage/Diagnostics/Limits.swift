import Synchronization

/// Resource bounds, so that no input can hang suanpan or exhaust its memory. Each can
/// be read and raised with `:limits` (up to a ceiling the program can still honour).
public struct Limits: Sendable, Equatable {
    /// Largest exact number, in decimal digits of numerator plus denominator.
    public var maxDigits: Int = 10_000
    /// Deepest chain of user-function calls.
    public var maxCallDepth: Int = 200
    /// Deepest nesting of brackets and operators the parser accepts.
    public var maxNesting: Int = 1_000
    /// Most expressions evaluated for one statement by the interpreter (compiled rule
    /// columns do not count): an exponential recursion stops here instead of hanging.
    public var maxSteps: Int = 100_000_000
    /// Longest list a statement may build (a list literal, a column, some rows).
    public var maxListLength: Int = 10_000_000
    /// Longest string, in characters (a literal, a cell's text).
    public var maxStringLength: Int = 1_000_000
    /// Most cells of one sensitivity `table`.
    public var maxTableCells: Int = 100_000

    public init() {}

    /// `maxDigits` in bits (log2(10) ≈ 3.3219).
    package var maxBits: Int { maxDigits * 33_219 / 10_000 }

    public subscript(limit: Limit) -> Int {
        get { self[keyPath: limit.keyPath] }
        set { self[keyPath: limit.keyPath] = newValue }
    }
}

/// One of the limits, as `:limits` names and explains it.
public enum Limit: String, CaseIterable, Sendable {
    case digits, depth, nesting, steps, list, string, table

    package var keyPath: WritableKeyPath<Limits, Int> {
        switch self {
        case .digits: \.maxDigits
        case .depth: \.maxCallDepth
        case .nesting: \.maxNesting
        case .steps: \.maxSteps
        case .list: \.maxListLength
        case .string: \.maxStringLength
        case .table: \.maxTableCells
        }
    }

    /// The Chinese name, also accepted by `:limits`.
    public var chineseName: String {
        switch self {
        case .digits: "数字位数"
        case .depth: "调用深度"
        case .nesting: "嵌套深度"
        case .steps: "计算步数"
        case .list: "列表长度"
        case .string: "字符串长度"
        case .table: "表格格数"
        }
    }

    public var meaning: String {
        switch self {
        case .digits: "一个精确数（分子与分母合计）最多的十进制位数"
        case .depth: "自定义函数互相调用的最深层数"
        case .nesting: "括号与运算符嵌套的最深层数"
        case .steps: "一条语句最多计算的表达式个数"
        case .list: "一个列表（列表字面量、一列、若干行）最多的元素个数"
        case .string: "一个字符串字面量最多的字符数"
        case .table: "一张 table 敏感性表最多的格数"
        }
    }

    /// The most it can be raised to: beyond it the stack or the memory of an
    /// ordinary machine would run out before the limit is reached.
    public var ceiling: Int {
        switch self {
        case .digits: 1_000_000
        case .depth: 5_000
        case .nesting: 5_000
        case .steps: 1_000_000_000_000
        case .list: 500_000_000
        case .string: 500_000_000
        case .table: 100_000_000
        }
    }

    /// Shorter Chinese names `:limits` also takes.
    package var aliases: [String] {
        switch self {
        case .digits: ["位数"]
        case .depth: ["调用层数", "递归深度"]
        case .nesting: ["嵌套"]
        case .steps: ["步数"]
        case .list: ["列表"]
        case .string: ["字符串"]
        case .table: ["表格"]
        }
    }

    /// By English or Chinese name.
    public init?(named name: String) {
        guard let limit = Limit.allCases.first(where: { $0.rawValue == name || $0.chineseName == name || $0.aliases.contains(name) })
        else { return nil }
        self = limit
    }
}

/// Steps taken by one evaluation, shared by the copies of its evaluator.
package final class StepCounter: @unchecked Sendable {
    package init() {}
    package var taken = 0
}

/// A request to stop the running statement (Ctrl-C in the REPL). Set from a signal
/// handler (a lock-free atomic store is safe there), checked by the evaluator with its
/// step count and by long loops of sessions that are `interruptible` (the REPL's); the
/// REPL clears it before each input.
public enum Interruption {
    package static let flag = Atomic<Int>(0)

    /// Asks the running statement to stop with an "interrupted" diagnostic.
    public static func request() { flag.store(1, ordering: .relaxed) }

    public static func clear() { flag.store(0, ordering: .relaxed) }

    package static var isRequested: Bool { flag.load(ordering: .relaxed) != 0 }

    /// Throws "interrupted" when a stop was requested: for the long loops of loading
    /// and of the batched rule columns, which only the REPL's Ctrl-C ever asks to stop
    /// (scripts and the command line never set the flag).
    package static func check(_ span: SourceSpan? = nil) throws(Diagnostic) {
        if isRequested { throw Diagnostic(.interrupted, at: span) }
    }
}
