/// A value of the language.
public enum Value: Sendable, Equatable {
    /// A plain number: money, counts, scores.
    case number(Rational)
    /// A ratio (from a `%` literal, 执行率/得分率/占比/增长率, or sums of ratios):
    /// the same exact number, displayed as a percentage.
    case ratio(Rational)
    case string(String)
    case bool(Bool)
    case list([Value])

    /// The number inside a number or a ratio.
    public var numeric: Rational? {
        switch self {
        case .number(let x), .ratio(let x): return x
        default: return nil
        }
    }

    public var isRatio: Bool {
        if case .ratio = self { return true }
        return false
    }

    /// What the value is called in messages.
    public var typeName: String {
        switch self {
        case .number: return "数字"
        case .ratio: return "比率"
        case .string: return "文本"
        case .bool: return "逻辑值"
        case .list: return "列表"
        }
    }
}

extension NumberFormat {
    /// The display form of any value (language.md, "Display").
    public func display(_ v: Value) -> String {
        switch v {
        case .number(let x): return plain(x)
        case .ratio(let x): return percent(x)
        case .string(let s): return "\"\(s)\""
        case .bool(let b): return b ? "true" : "false"
        case .list(let xs): return "[" + xs.map { display($0) }.joined(separator: ", ") + "]"
        }
    }

    /// The display form of a statement's result: strings without quotes.
    public func displayResult(_ v: Value) -> String {
        if case .string(let s) = v { return s }
        return display(v)
    }
}
