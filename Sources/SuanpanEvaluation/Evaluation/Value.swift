import SuanpanData
import SuanpanLanguage

/// A value of the language.
public enum Value: Sendable, Equatable {
    /// A plain number: money, counts, scores.
    case number(Rational)
    /// A ratio (from a `%` literal, 执行率/得分率/占比/增长率, or sums of ratios):
    /// the same exact number, displayed as a percentage.
    case ratio(Rational)
    /// An amount of money in a unit (`466.32万元`, a cell of a money column): amounts in
    /// different units are converted where they meet (see `Amounts`).
    case amount(Rational, MoneyUnit)
    case string(String)
    case bool(Bool)
    case list([Value])
    /// A table, or some of its rows (`项目[总分 < 90]`, `支出决算表.项`).
    case table(TableView)
    /// One row of a table: `项目["运维"]`.
    case row(RowRef)
    /// An empty cell: 0 in arithmetic, skipped by avg and count.
    case empty
    /// A `#####` cell: an error as soon as a computation needs its value.
    indirect case unreadable(CellRef)
    /// a·x + b in the unknown of a `solve` (only while solving).
    indirect case affine(Affine)
    /// A figure that cannot be computed, and why (rules.md, "Needs judgement, never a
    /// guess"): it travels through arithmetic, sums and grades as itself.
    indirect case notComputed(NotComputed)

    /// The number inside a number, a ratio or an amount (in the amount's own unit: two
    /// amounts are compared or combined through `Amounts`, never by this alone).
    public var numeric: Rational? {
        switch self {
        case .number(let x), .ratio(let x), .amount(let x, _): return x
        case .empty: return .zero
        default: return nil
        }
    }

    /// The number inside a plain number or a ratio (no unit to mind), else nil.
    var plainNumber: Rational? {
        switch self {
        case .number(let x), .ratio(let x): return x
        default: return nil
        }
    }

    public var notComputed: NotComputed? {
        if case .notComputed(let n) = self { return n }
        return nil
    }

    var isList: Bool {
        if case .list = self { return true }
        return false
    }

    var isAffine: Bool {
        if case .affine = self { return true }
        return false
    }

    /// Whether the unknown of a solve appears in the value (or in a list's items).
    var containsAffine: Bool {
        switch self {
        case .affine: return true
        case .list(let xs): return xs.contains(where: \.containsAffine)
        default: return false
        }
    }

    public var isRatio: Bool {
        if case .ratio = self { return true }
        return false
    }

    /// What the value is called in messages.
    /// The type as an error message names what it found: a text shows itself too
    /// (「一百」 in a column of numbers is then easy to find), clipped when long.
    public var described: String {
        guard case .string(let s) = self else { return typeName }
        let shown = s.count > 20 ? String(s.prefix(20)) + "…" : s
        return "\(typeName)「\(shown)」"
    }

    public var typeName: String {
        switch self {
        case .number: return "数字"
        case .ratio: return "比率"
        case .amount: return "金额"
        case .string: return "文本"
        case .bool: return "逻辑值"
        case .list: return "列表"
        case .table: return "表"
        case .row: return "表格行"
        case .empty: return "空单元格"
        case .unreadable: return "不可读的单元格"
        case .affine: return "含未知数的表达式"
        case .notComputed: return "未算出的值"
        }
    }
}

extension NumberFormat {
    /// The display form of any value (language.md, "Display").
    public func display(_ v: Value) -> String {
        switch v {
        case .number(let x): return plain(x)
        case .ratio(let x): return percent(x)
        case .amount(let x, let u): return amount(x, u)
        case .string(let s): return "\"\(s)\""
        case .bool(let b): return b ? "true" : "false"
        // "; " between items: the numbers themselves may contain thousands commas.
        case .list(let xs): return "[" + xs.map { display($0) }.joined(separator: "; ") + "]"
        case .table(let v): return TableFormatter(format: self).render(v)
        case .row(let r): return TableFormatter(format: self).render(r)
        case .empty: return "（空）"
        case .unreadable: return "#####"
        case .affine(let f): return "\(plain(f.a))·x + \(plain(f.b))"
        case .notComputed(let n): return n.shown
        }
    }

    /// A value as confirmations and listings say it: an amount always with its unit
    /// (`5,000万元`), so that a figure assumed in the wrong unit shows.
    public func withUnit(_ v: Value) -> String {
        guard case .amount(let x, let u) = v else { return displayResult(v) }
        return amount(x, u, unitAlways: true)
    }

    /// The display form of a statement's result: strings without quotes.
    public func displayResult(_ v: Value) -> String {
        if case .string(let s) = v { return s }
        return display(v)
    }
}

/// Why a figure was not computed: the first reason met, and how many uncomputed
/// inputs it gathers (a 总分 over two indicators that need judgement counts 2).
public struct NotComputed: Sendable, Equatable {
    /// In the user's words, naming the data cell: 「指标「数量」（r1/指标.csv 第 2 行）：…」.
    public let reason: String
    public let count: Int
    /// The figure that could not be computed, with its data row: 「指标「A2 数量」的得分（r1/指标.csv 第 3 行）」;
    /// set by the rule that met the reason.
    public let place: String?
    /// A computation that failed (a table shows 出错 rather than 未算出).
    public var isError = false

    public init(_ reason: String, count: Int = 1, place: String? = nil) {
        self.reason = reason
        self.count = max(count, 1)
        self.place = place
    }

    /// A failed computation shown in a table's cell.
    public static func error(_ message: String) -> NotComputed {
        var n = NotComputed("计算出错：" + message)
        n.isError = true
        return n
    }

    /// Where and why, in one phrase.
    public var described: String { place.map { "\($0)：\(reason)" } ?? reason }

    /// The word a table shows in the cell.
    public static let word = "未算出"

    /// `未算出：…` (and how many more, when it gathers several).
    public var shown: String {
        count > 1 ? "\(Self.word)（共 \(count) 处未算出，如 \(described)）" : "\(Self.word)（\(described)）"
    }

    /// Several uncomputed inputs as one: the first reason, the counts added.
    static func merging(_ xs: [NotComputed]) -> NotComputed? {
        guard let first = xs.first else { return nil }
        // The same uncomputed figure met twice (总分 + 指标得分 of one project) is one.
        var distinct: [NotComputed] = []
        for x in xs where !distinct.contains(where: { $0.described == x.described && $0.count == x.count }) { distinct.append(x) }
        return distinct.count == 1 ? first : NotComputed(first.reason, count: distinct.reduce(0) { $0 + $1.count }, place: first.place)
    }

    /// Either operand's uncomputed value (both merged), without building an array: the
    /// interpreter asks this at every operator.
    @inline(__always)
    static func either(_ a: Value, _ b: Value) -> NotComputed? {
        switch (a, b) {
        case (.notComputed(let x), .notComputed(let y)): return merging([x, y])
        case (.notComputed(let x), _), (_, .notComputed(let x)): return x
        default: return nil
        }
    }

    /// The uncomputed values among `values` and the items of list values, merged.
    /// Whether a value is, or a list holds at any depth, an uncomputed value.
    package static func contains(_ v: Value) -> Bool {
        switch v {
        case .notComputed: return true
        case .list(let xs):
            for x in xs where contains(x) { return true }
            return false
        default: return false
        }
    }

    package static func among(_ values: [Value]) -> NotComputed? {
        // Every built-in call asks, most often of plain numbers: looked at without
        // taking any value apart first.
        @inline(__always) func isNC(_ v: Value) -> Bool { if case .notComputed = v { return true } else { return false } }
        var any = false
        for v in values {
            if isNC(v) {
                any = true
                break
            }
            if case .list(let xs) = v, xs.contains(where: isNC) {
                any = true
                break
            }
        }
        guard any else { return nil }
        var found: [NotComputed] = []
        for v in values {
            switch v {
            case .notComputed(let n): found.append(n)
            case .list(let xs):
                for case .notComputed(let n) in xs { found.append(n) }
            default: continue
            }
        }
        return merging(found)
    }
}

/// Some rows of a table (all when `rows` is nil), in table order.
///
/// One reference wide (its parts live in a shared box), so that a `Value` stays small
/// and copying one costs a count.
public struct TableView: Sendable, Equatable {
    package final class Parts: Sendable {
        package let table: Table
        package let rows: [Int]?
        package let selection: String?
        package let undecided: Undecided?
        /// The columns chosen (`表[列, 列]`), shown after the key column.
        package let columns: [String]?
        package init(_ table: Table, _ rows: [Int]?, _ selection: String?, _ undecided: Undecided?, columns: [String]? = nil) {
            self.table = table
            self.rows = rows
            self.selection = selection
            self.undecided = undecided
            self.columns = columns
        }
    }

    /// Rows a filter could neither keep nor leave out: their condition was not computed.
    public struct Undecided: Sendable {
        public let rows: [Int]
        /// The first row's reason.
        public let first: NotComputed

        /// What a count, sum or column of the view is: not computed, saying how many rows
        /// were decided and why the others were not.
        public func asValue(decided: Int, selection: String?) -> Value {
            .notComputed(
                NotComputed(
                    "筛选「\(selection ?? "")」有 \(rows.count) 行无法判断（如 \(first.described)）；已确定符合的有 \(decided) 行",
                    count: rows.count))
        }
    }

    package let parts: Parts
    public var table: Table { parts.table }
    public var rows: [Int]? { parts.rows }
    /// How the rows were chosen, for headings: `项`, `总分 < 90`.
    public var selection: String? { parts.selection }

    public init(_ table: Table, rows: [Int]? = nil, selection: String? = nil, undecided: Undecided? = nil, columns: [String]? = nil) {
        parts = Parts(table, rows, selection, undecided, columns: columns)
    }

    /// The columns chosen, if any (`表[列, 列]`).
    public var columns: [String]? { parts.columns }

    /// The same rows and choice, with `rows`, `selection` or `columns` replaced.
    package func with(rows: [Int]? = nil, selection: String? = nil, columns: [String]? = nil) -> TableView {
        TableView(
            table, rows: rows ?? self.rows, selection: selection ?? self.selection, undecided: undecided, columns: columns ?? self.columns)
    }

    /// Rows whose condition was not computed (a filter's), if any.
    public var undecided: Undecided? { parts.undecided }

    public var rowIndices: [Int] { rows ?? Array(0..<table.rowCount) }
    public var count: Int { rows?.count ?? table.rowCount }

    public static func == (a: TableView, b: TableView) -> Bool { a.table === b.table && a.rows == b.rows }
}

public struct RowRef: Sendable, Equatable {
    public let table: Table
    public let row: Int
    public static func == (a: RowRef, b: RowRef) -> Bool { a.table === b.table && a.row == b.row }
    package init(table: Table, row: Int) {
        self.table = table
        self.row = row
    }
}

public struct CellRef: Sendable, Equatable {
    public let table: Table
    public let row: Int
    public let column: Int
    public var location: DataLocation { table.location(row, column) }
    public static func == (a: CellRef, b: CellRef) -> Bool { a.table === b.table && a.row == b.row && a.column == b.column }
}

extension Table {
    /// A cell as a value of the language.
    public func cellValue(_ row: Int, _ column: Int) -> Value {
        cellValue(value(row, column), row, column)
    }

    /// The value of a cell already interpreted (`cells(column)[row]`).
    package func cellValue(_ cell: CellValue, _ row: Int, _ column: Int) -> Value {
        if case .number = cell { return cellValue(cell, row, column, unit: moneyUnit(ofColumn: column)) }
        return cellValue(cell, row, column, unit: nil)
    }

    /// The same, the column's unit of money known (compiled readers ask it once).
    @inline(__always)
    package func cellValue(_ cell: CellValue, _ row: Int, _ column: Int, unit: MoneyUnit?) -> Value {
        if let reason = derivation?.notComputed[row]?[column] { return .notComputed(NotComputed(reason)) }
        switch cell {
        case .number(let x):
            if let unit { return .amount(x, unit) }
            return .number(x)
        case .ratio(let x): return .ratio(x)
        case .text: return .string(text(row, column).trimmingSpaces())
        case .empty: return .empty
        case .unreadable: return .unreadable(CellRef(table: self, row: row, column: column))
        }
    }
}
