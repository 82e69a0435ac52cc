/// The syntax tree. Every node keeps its span so that a runtime error points into
/// the source, and every expression can say which names it references.
public indirect enum Expr: Sendable {
    case number(Rational, SourceSpan)
    /// An amount of money written with its unit: `466.32万元`, `750,000元`.
    case amount(Rational, MoneyUnit, SourceSpan)
    /// `x%`: the operand divided by 100, a ratio.
    case percent(Expr, SourceSpan)
    case string(String, SourceSpan)
    case bool(Bool, SourceSpan)
    case name(String, SourceSpan)
    case list([Expr], SourceSpan)
    case unary(UnaryOperator, Expr, SourceSpan)
    case binary(BinaryOperator, Expr, Expr, SourceSpan)
    case call(callee: String, calleeSpan: SourceSpan, arguments: [Expr], span: SourceSpan)
    case index(Expr, Expr, SourceSpan)
    case member(Expr, String, SourceSpan)
    case conditional(Expr, Expr, Expr, SourceSpan)
    /// A step on a table's rows: choose columns, sort, keep the first or last N.
    case rowSet(Expr, RowSetStep, SourceSpan)

    public var span: SourceSpan {
        switch self {
        case .number(_, let s), .amount(_, _, let s), .percent(_, let s), .string(_, let s), .bool(_, let s), .name(_, let s),
            .list(_, let s), .unary(_, _, let s), .binary(_, _, _, let s), .call(_, _, _, let s),
            .index(_, _, let s), .member(_, _, let s), .conditional(_, _, _, let s), .rowSet(_, _, let s):
            return s
        }
    }

    /// The names this expression reads (variables and called functions), in order of
    /// first appearance. The dependency graph is built from exactly this.
    public var referencedNames: [String] { referencedNames(notInsideFiltersOf: { _ in false }) }

    /// The same, leaving out the names inside `T[…]` where `isTable(T)`: in a 项目 rule,
    /// `count(指标[得分 == 分值])` reads 得分 and 分值 of 指标's rows, not of its own row.
    public func referencedNames(notInsideFiltersOf isTable: (String) -> Bool) -> [String] {
        var seen = Set<String>()
        var out: [String] = []
        func visit(_ e: Expr) {
            switch e {
            case .number, .amount, .string, .bool: break
            case .percent(let x, _), .unary(_, let x, _), .member(let x, _, _): visit(x)
            case .name(let n, _):
                if seen.insert(n).inserted { out.append(n) }
            case .list(let xs, _): xs.forEach(visit)
            case .index(let a, let b, _):
                visit(a)
                if case .name(let n, _) = a, isTable(n) { return }
                visit(b)
            case .binary(_, let a, let b, _):
                visit(a)
                visit(b)
            case .call(let f, _, let args, _):
                if seen.insert(f).inserted { out.append(f) }
                args.forEach(visit)
            case .conditional(let c, let a, let b, _):
                visit(c)
                visit(a)
                visit(b)
            case .rowSet(let base, let step, _):
                visit(base)
                // Sort keys read the rows' own fields, like a filter's condition.
                if case .name(let n, _) = base.tableName, isTable(n) { return }
                switch step {
                case .columns: break
                case .sort(let keys): keys.forEach { visit($0.key) }
                case .first(let n), .last(let n): visit(n)
                case .group(let keys, let aggregates):
                    keys.forEach(visit)
                    aggregates.forEach { visit($0.expr) }
                case .pivot(let r, let c, let a):
                    visit(r)
                    visit(c)
                    if let a { visit(a.expr) }
                }
            }
        }
        visit(self)
        return out
    }

    /// The table name a row-set chain starts from (`项目` in `项目[总分<90] sort 总分`).
    public var tableName: Expr {
        switch self {
        case .index(let a, _, _), .rowSet(let a, _, _): return a.tableName
        default: return self
        }
    }
}

/// A step of a row set (`表[条件][列, 列] sort 列 desc first 10`): the rows of a table
/// chosen, ordered and cut, as a spreadsheet user sorts and filters.
public enum RowSetStep: Sendable {
    /// `[列, 列, …]`: the columns shown (the key column stays).
    case columns([String], [SourceSpan])
    /// `sort 键 [desc], …` / `排序 键 [降序]`: stable, rows whose key is not computed last.
    case sort([SortKey])
    /// `first N` / `前 N`.
    case first(Expr)
    /// `last N` / `后 N`.
    case last(Expr)
    /// `group 键, … [: 名 = 汇总, …]` / `分组 …`: one row per distinct key, each
    /// aggregate computed over the group's rows (count of rows when none is given).
    case group([Expr], [GroupFigure])
    /// `pivot 行键 by 列键 [: 汇总]` / `透视 … 按 …`: one row per row key, one column per
    /// column key, each cell the aggregate over the rows of both (count when none).
    case pivot(Expr, Expr, GroupFigure?)
}

/// A grouped figure: its column's name and how it is computed from the group's rows
/// (in it, a column name means that column's values over the group, the table's name
/// the group's rows).
public struct GroupFigure: Sendable {
    public let name: String
    public let expr: Expr
    public init(name: String, expr: Expr) {
        self.name = name
        self.expr = expr
    }
}

public struct SortKey: Sendable {
    public let key: Expr
    public let descending: Bool
    public init(key: Expr, descending: Bool) {
        self.key = key
        self.descending = descending
    }
}

public enum UnaryOperator: String, Sendable {
    case negate = "-"
    case plus = "+"
    case not = "not"

    /// How `explain` writes it before its operand.
    public var shown: String { self == .not ? "not " : rawValue }
}

/// The binary operators, with everything the front end knows about each in one
/// table (`BinaryOperator.table`): the token it is written with (after the lexer has
/// folded `×` `÷` `≥` `≤` `≠` and full-width forms), its precedence level, its family,
/// and how `explain` shows it. The parser reads its levels from this table; the
/// interpreter's meaning of each operator is `Arithmetic.apply` (arithmetic),
/// `holds(comparison:)` (comparisons) and `Evaluator.binary` (logic).
public enum BinaryOperator: String, Sendable, CaseIterable {
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"
    case power = "^"
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessEqual = "<="
    case greater = ">"
    case greaterEqual = ">="
    case and = "and"
    case or = "or"

    /// Precedence levels, lowest first (the grammar's `or` … `power`).
    public enum Level: Int, Sendable, Comparable {
        case or = 1, and, comparison, additive, multiplicative, power
        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
    }

    /// What kind of meaning the operator has: logic on 逻辑值; equality of any two
    /// values; an ordering of numbers (or of texts); arithmetic on numbers.
    public enum Family: Sendable { case logical, equality, ordering, arithmetic }

    public struct Entry: Sendable {
        public let op: BinaryOperator
        public let token: Token.Kind
        public let level: Level
        public let family: Family
        /// In `explain`'s substituted formulas.
        public let shown: String
    }

    public static let table: [Entry] = [
        Entry(op: .or, token: .keyword(.or), level: .or, family: .logical, shown: "or"),
        Entry(op: .and, token: .keyword(.and), level: .and, family: .logical, shown: "and"),
        Entry(op: .equal, token: .symbol(.equal), level: .comparison, family: .equality, shown: "=="),
        Entry(op: .notEqual, token: .symbol(.notEqual), level: .comparison, family: .equality, shown: "!="),
        Entry(op: .less, token: .symbol(.less), level: .comparison, family: .ordering, shown: "<"),
        Entry(op: .lessEqual, token: .symbol(.lessEqual), level: .comparison, family: .ordering, shown: "<="),
        Entry(op: .greater, token: .symbol(.greater), level: .comparison, family: .ordering, shown: ">"),
        Entry(op: .greaterEqual, token: .symbol(.greaterEqual), level: .comparison, family: .ordering, shown: ">="),
        Entry(op: .add, token: .symbol(.plus), level: .additive, family: .arithmetic, shown: "+"),
        Entry(op: .subtract, token: .symbol(.minus), level: .additive, family: .arithmetic, shown: "-"),
        Entry(op: .multiply, token: .symbol(.star), level: .multiplicative, family: .arithmetic, shown: "×"),
        Entry(op: .divide, token: .symbol(.slash), level: .multiplicative, family: .arithmetic, shown: "÷"),
        Entry(op: .power, token: .symbol(.caret), level: .power, family: .arithmetic, shown: "^"),
    ]

    private static let entries: [BinaryOperator: Entry] = Dictionary(uniqueKeysWithValues: table.map { ($0.op, $0) })

    public var entry: Entry { BinaryOperator.entries[self]! }
    public var level: Level { entry.level }
    public var family: Family { entry.family }
    public var shown: String { entry.shown }
    public var isComparison: Bool { family == .equality || family == .ordering }

    /// The operator of `level` that `token` writes, if any.
    public static func at(_ level: Level, _ token: Token.Kind) -> BinaryOperator? {
        for e in table where e.level == level && e.token == token { return e.op }
        return nil
    }

    /// Whether a comparison holds, given the sign of `left − right` (−1, 0, 1).
    @inlinable
    public func holds(comparison c: Int) -> Bool {
        switch self {
        case .equal: return c == 0
        case .notEqual: return c != 0
        case .less: return c < 0
        case .lessEqual: return c <= 0
        case .greater: return c > 0
        case .greaterEqual: return c >= 0
        default: preconditionFailure("\(self) is not a comparison")
        }
    }
}

/// One statement of a script or REPL line.
public enum Statement: Sendable {
    /// `name = expr`
    case binding(name: String, value: Expr, span: SourceSpan)
    /// `fn name(params) = body`
    case function(name: String, parameters: [String], body: Expr, span: SourceSpan)
    /// An expression whose value is printed.
    case expression(Expr)
    /// `assert expr`
    case assertion(Expr, span: SourceSpan)
    /// `:name argument`
    case meta(name: String, argument: String, span: SourceSpan)
    /// `load "PATH"` (载入): load a dataset.
    case load(path: String, span: SourceSpan)
    /// `title "…"` (标题) in dataset.suan: the dataset's title.
    case title(String, span: SourceSpan)
    /// `unit "元"` (单位) in dataset.suan: the unit of money of the dataset's amounts.
    case unit(String, span: SourceSpan)
    /// `alias 表["短名"] = "键或名称"` (别名): another key for a row.
    case alias(table: String, alias: String, target: String, span: SourceSpan)
    /// `key 表.列` (键): the table's key column.
    case key(table: String, column: String, span: SourceSpan)
    /// `rule 表.列 = 表达式` (规则): a computed column, evaluated per row.
    case rule(Rule)
    /// `template "名称或路径"` (模板): run a rule template.
    case template(String, span: SourceSpan)
    /// `check 公布 = 计算` (核对项): a published figure and how to compute it, for audit.
    case check(Check)
    /// `audit [类别或表 …]` (核对): compare every published figure with its computation;
    /// the words narrow what is listed (`audit 实质差异`, `audit 指标`).
    case audit(focus: [String], span: SourceSpan)
    /// `EXPR where PATH = VALUE, …` (其中): the value under one-off overrides.
    case whatIf(Expr, [Assignment], span: SourceSpan)
    /// `assume PATH = VALUE` (假设): a session-wide override.
    case assume(Assignment, span: SourceSpan)
    /// `unassume PATH` / `unassume all` (取消假设): drop overrides.
    case unassume(Expr?, span: SourceSpan)
    /// `scenario 名 { assume … }` (情景): a named bundle of assumptions.
    case scenario(name: String, assumptions: [Assignment], span: SourceSpan)
    /// `compare baseline, 名1 : EXPR, …` (比较): one row per expression, one column per scenario.
    case compare(scenarios: [(String, SourceSpan)], expressions: [Expr], span: SourceSpan)
    /// `table EXPR for PATH in LO..HI step S [, PATH in …]` (列表): a sensitivity table.
    case sensitivity(Sensitivity)
    /// `solve CONDITION for PATH [in LO..HI]` (求解): goal seek.
    case solve(GoalSeek)
    /// `explain EXPR [depth N]` (解释): the derivation as a tree.
    case explain(Expr, depth: Int?, overrides: [Assignment], span: SourceSpan)
    /// `chart …` (图表): a chart in the terminal, or `… to "file.svg"` as an SVG file.
    case chart(Chart)
    /// `figure NAME ["title"] = …` (图): a chart the dataset names, drawn by `chart NAME`.
    case figure(Figure)
    /// `export 结果, … to "文件"` (导出 … 到): results written to .xlsx, .csv, .md or .html.
    case export(Export)

    public var span: SourceSpan {
        switch self {
        case .binding(_, _, let s), .function(_, _, _, let s), .assertion(_, let s), .meta(_, _, let s),
            .load(_, let s), .title(_, let s), .unit(_, let s), .alias(_, _, _, let s), .key(_, _, let s), .template(_, let s),
            .audit(_, let s):
            return s
        case .rule(let r): return r.span
        case .check(let c): return c.span
        case .whatIf(_, _, let s), .unassume(_, let s), .scenario(_, _, let s), .compare(_, _, let s): return s
        case .sensitivity(let t): return t.span
        case .solve(let g): return g.span
        case .explain(_, _, _, let s): return s
        case .chart(let c): return c.span
        case .figure(let f): return f.span
        case .export(let x): return x.span
        case .assume(_, let s): return s
        case .expression(let e): return e.span
        }
    }
}

/// A computed column: `rule 项目.总分 = 执行得分 + 指标得分`, evaluated per row with
/// the row's fields (and its related rows, by table name) in scope.
public struct Rule: Sendable {
    public let table: String
    public let column: String
    public let body: Expr
    /// The `##` line above it: one sentence of Chinese saying what it computes.
    public let description: String?
    public let span: SourceSpan
    /// The column's interned id (for the caches).
    public let columnID: Int

    public init(table: String, column: String, body: Expr, description: String?, span: SourceSpan) {
        self.table = table
        self.column = column
        self.body = body
        self.description = description
        self.span = span
        self.columnID = Interner.shared.id(column)
    }

    /// `项目.总分`.
    public var name: String { "\(table).\(column)" }
}

/// A figure the report publishes and the computation that should give it:
/// `check 说明["N003"].公布值 = 增长率(…)`, with its `##` description.
public struct Check: Sendable {
    public let published: Expr
    public let computed: Expr
    public let description: String?
    public let span: SourceSpan
}

/// `PATH = VALUE` in `where` and `assume`: PATH is a cell (`项目["运维"].调整后预算数`),
/// a whole column (`项目.调整后预算数`, VALUE evaluated per row) or a variable.
public struct Assignment: Sendable {
    public let target: Expr
    public let value: Expr
    public let span: SourceSpan
    package init(target: Expr, value: Expr, span: SourceSpan) {
        self.target = target
        self.value = value
        self.span = span
    }
}

/// `table EXPR, … for PATH in LO..HI step S [, PATH2 in LO2..HI2 step S2]`.
public struct Sensitivity: Sendable {
    public struct Variable: Sendable {
        public let path: Expr
        public let low: Expr
        public let high: Expr
        public let step: Expr
    }

    public let expressions: [Expr]
    public let variables: [Variable]
    public let span: SourceSpan
}

/// What a chart draws. Parts are `[STRING ":"] expr`; an unlabelled part is labelled
/// by its own text.
public enum ChartBody: Sendable {
    /// `chart EXPR` (a column, a row or a list: its parts) or `chart "甲": a, "乙": b`:
    /// a structure chart. A single bare name may be a figure.
    case structure([ChartPart])
    /// `chart change "2021年": a, "2022年": b` (变动): before and after, as paired bars
    /// with the change and 增长率 from the first.
    case change([ChartPart])
    /// `chart compare a, b : exprs`: a comparison of scenarios as paired bars.
    case compare(scenarios: [(String, SourceSpan)], expressions: [Expr])
    /// `chart table X for P in a..b step s`: a one-variable sensitivity table as a plot.
    case table(Sensitivity)

    /// The expressions the chart evaluates (for the names it needs).
    package var expressions: [Expr] {
        switch self {
        case .structure(let parts), .change(let parts): return parts.map(\.expr)
        case .compare(_, let exprs): return exprs
        case .table(let t): return t.expressions + t.variables.map(\.path)
        }
    }
}

public struct ChartPart: Sendable {
    public let label: String?
    public let expr: Expr

    /// The label drawn: the one written, else the expression's own text.
    public var shownLabel: String { label ?? expr.span.text }
}

/// `chart BODY [to "file.svg"]`.
public struct Chart: Sendable {
    public let body: ChartBody
    /// The SVG file to write instead of drawing in the terminal, and where it was named.
    public let file: (path: String, span: SourceSpan)?
    public let span: SourceSpan
}

/// `export 项目[总分 < 100] to "低分项目.xlsx"`: results written to a file, in the format
/// its extension names.
public struct Export: Sendable {
    /// One result: a value (a table, row set, column, row or figure, possibly under
    /// `where`), a statement's result (compare, table, explain, audit), the recomputed
    /// 自评表 of a row or row set, or the 汇总表 grouped by a column.
    public enum Subject: Sendable {
        case value(Statement)
        case statement(Statement)
        case form(Expr, span: SourceSpan)
        case summary(by: Expr?, span: SourceSpan)

        public var span: SourceSpan {
            switch self {
            case .value(let s), .statement(let s): return s.span
            case .form(_, let s), .summary(_, let s): return s
            }
        }
    }

    public let subjects: [Subject]
    public let file: (path: String, span: SourceSpan)
    /// A CSV file's encoding when one is named (`gb18030`), and where.
    public let encoding: (name: String, span: SourceSpan)?
    public let span: SourceSpan
}

/// `figure 本年收入决算结构图 = 收入决算表["合计"]`, or with the report's own title:
/// `figure 收支决算总计变动情况图 "收、支决算总计变动情况图（单位：万元）" = change …`.
public struct Figure: Sendable {
    public let name: String
    public let title: String?
    public let body: ChartBody
    public let span: SourceSpan

    /// The title a drawing carries: the report's if given, else the name.
    public var shownTitle: String { title ?? name }
}

/// `solve 总分 = 95 for 项目["运维"].全年执行数 in 0..4367.764`: the condition (an `=`
/// target becomes `==`), the unknown, and its range.
public struct GoalSeek: Sendable {
    public let condition: Expr
    /// The side of the comparison that varies (for "unreachable" reports).
    public let quantity: Expr?
    public let path: Expr
    public let range: (low: Expr, high: Expr)?
    public let span: SourceSpan
}
