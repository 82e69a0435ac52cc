import SuanpanData
import SuanpanLanguage

/// Grade bands (等级分段): the lowest score of each grade, highest first.
/// Template data: the seed's department uses 优 ≥ 90, 良 ≥ 80, 中 ≥ 70, else 差.
public struct GradeBands: Sendable, Equatable {
    public var bands: [(grade: String, minimum: Rational)]
    public var lowest: String

    public static let qingdao = GradeBands(
        bands: [("优", Rational(90)), ("良", Rational(80)), ("中", Rational(70))], lowest: "差")

    public func grade(for score: Rational) -> String {
        for b in bands where !(score < b.minimum) { return b.grade }
        return lowest
    }

    public static func == (a: GradeBands, b: GradeBands) -> Bool {
        a.lowest == b.lowest && a.bands.map(\.grade) == b.bands.map(\.grade) && a.bands.map(\.minimum) == b.bands.map(\.minimum)
    }
}

/// Settings the evaluator reads.
public struct EvaluationSettings: Sendable {
    public var limits = Limits()
    public var gradeBands = GradeBands.qingdao
    /// From how many uncomputed rows a rule column is compiled and computed in one
    /// batch (fewer are left to the interpreter, row by row).
    public var batchThreshold = 64
    /// From how many rows a batch groups rows whose inputs are the same (the same cells,
    /// the same computed values) and computes each group once (`Evaluator.sameCells`).
    public var groupThreshold = 4_096
    /// Where the running statement's long work says how far it has got (a terminal's
    /// progress bar), if anywhere: loads and rule columns of many rows report to it.
    public var progress: WorkProgress?
    /// The dataset's unit of money: where amounts in different units meet (`Amounts`).
    public var workingUnit = MoneyUnit.default
    /// Expressions evaluated for the current statement, by every evaluator it makes
    /// (see `Limits.maxSteps`); the session starts each statement at zero.
    package let steps = StepCounter()
    /// Whether a Ctrl-C (`Interruption.request()`) stops the running statement: set by
    /// the REPL, the one place a person can press it.
    public var interruptible = false
    public init() {}
}

/// A user function: `fn 折算(rate) = …`.
public struct UserFunction: Sendable {
    public let name: String
    public let parameters: [String]
    public let body: Expr
    public let span: SourceSpan
    package init(name: String, parameters: [String], body: Expr, span: SourceSpan) {
        self.name = name
        self.parameters = parameters
        self.body = body
        self.span = span
    }
}

/// The names a session has bound.
public struct Environment: Sendable {
    public var variables: [String: Value] = [:]
    /// Binding order, for `:vars`.
    public var variableOrder: [String] = []
    public var functions: [String: UserFunction] = [:]
    /// The same, keyed by bytes for calls.
    var functionIndex: [ByteKey: UserFunction] = [:]
    public var functionOrder: [String] = []
    /// The last expression statement's value.
    public var answer: Value?
    /// The loaded dataset, whose tables are names too.
    public var dataset: Dataset? {
        didSet {
            // Values and the dependency graph both hold the old dataset's tables.
            ruleCache.clear()
            ruleCache.clearGraph()
        }
    }
    /// Computed columns: table → column → rule.
    public private(set) var rules: [String: [String: Rule]] = [:]
    /// The same rules, keyed by bytes for the evaluator's hot path.
    private(set) var ruleIndex: [ByteKey: [ByteKey: Rule]] = [:]
    /// Rules in definition order, for `:help rules`.
    public private(set) var ruleOrder: [Rule] = []
    /// `check` statements: published figures and their computations, for audit.
    public var checks: [Check] = []
    /// Named charts (`figure`), in definition order.
    public private(set) var figures: [Figure] = []
    /// What-if overrides from `assume` (and, for one statement, `where`).
    public var overrides = Overrides()
    /// Values of rules already computed (shared by every copy of the environment,
    /// except a fork's).
    public private(set) var ruleCache = RuleCache()

    /// A copy for a what-if, with a cache of its own that starts with this one's
    /// values: overrides set in the copy change nothing here.
    package func forked() -> Environment {
        var copy = self
        copy.ruleCache = ruleCache.fork()
        return copy
    }

    /// A figure replaces one of the same name in place, else comes last.
    public mutating func define(_ figure: Figure) {
        if let k = figures.firstIndex(where: { $0.name == figure.name }) { figures[k] = figure } else { figures.append(figure) }
    }

    public mutating func define(_ rule: Rule) {
        if rules[rule.table]?[rule.column] == nil {
            ruleOrder.append(rule)
        } else {
            ruleOrder.removeAll { $0.table == rule.table && $0.column == rule.column }
            ruleOrder.append(rule)
        }
        rules[rule.table, default: [:]][rule.column] = rule
        ruleIndex[ByteKey(rule.table), default: [:]][ByteKey(rule.column)] = rule
        ruleCache.clear()
        ruleCache.clearGraph()
    }

    public init() {}

    /// Forgets a rule, function, variable or figure (what a previous dataset brought).
    package mutating func undefineRule(table: String, column: String) {
        guard rules[table]?[column] != nil else { return }
        rules[table]?[column] = nil
        ruleIndex[ByteKey(table)]?[ByteKey(column)] = nil
        ruleOrder.removeAll { $0.table == table && $0.column == column }
        ruleCache.clear()
        ruleCache.clearGraph()
    }

    package mutating func undefineFunction(_ name: String) {
        guard functions.removeValue(forKey: name) != nil else { return }
        functionIndex[ByteKey(name)] = nil
        functionOrder.removeAll { $0 == name }
        ruleCache.clear()
    }

    package mutating func unbind(_ name: String) {
        guard variables.removeValue(forKey: name) != nil else { return }
        variableOrder.removeAll { $0 == name }
        ruleCache.clear()
    }

    package mutating func undefineFigure(_ name: String) {
        figures.removeAll { $0.name == name }
    }

    public mutating func bind(_ name: String, _ value: Value) {
        if variables.updateValue(value, forKey: name) == nil { variableOrder.append(name) }
        ruleCache.clear()
    }

    public mutating func define(_ f: UserFunction) {
        if functions.updateValue(f, forKey: f.name) == nil { functionOrder.append(f.name) }
        functionIndex[ByteKey(f.name)] = f
        ruleCache.clear()
    }

    /// Every name a user could mean: for suggestions and completion.
    public var allNames: [String] {
        variableOrder + functionOrder + (answer == nil ? [] : ["ans"]) + (dataset?.tables.map(\.name) ?? [])
    }
}

/// Evaluates expressions against an environment.
public struct Evaluator {
    public let environment: Environment
    public let settings: EvaluationSettings
    let arithmetic: Arithmetic
    var callDepth = 0
    /// The row whose fields are in scope (inside `表[条件]` and rules).
    package var row: RowRef?
    /// Inside `published(…)`: cells as the file prints them, rules ignored.
    var publishedOnly = false
    /// Inside a column override: the column whose own name means its original value.
    package var suppressedColumn: Overrides.ColumnKey?
    /// What the evaluation is for, which decides what it records and which fast paths
    /// it may take (the row, `published(…)` and a column override are scopes within it).
    package enum Purpose {
        /// A value.
        case value
        /// A solve: the unknown is carried as a·x + b, and the interval on which its
        /// decisions hold is narrowed as they are taken.
        case solving(SolveContext)
        /// An audit: every data cell read is recorded (rounding tolerances come from
        /// the printed precision of the inputs).
        case auditing(CellRecorder)
        /// An explanation: each value the evaluation takes is recorded (`Trace`).
        case tracing(Trace)
    }
    package var purpose = Purpose.value

    /// While solving: the current point and the interval its decisions hold on.
    package var solve: SolveContext? {
        if case .solving(let c) = purpose { return c }
        return nil
    }

    public init(environment: Environment, settings: EvaluationSettings) {
        self.environment = environment
        self.settings = settings
        self.arithmetic = Arithmetic(limits: settings.limits, working: settings.workingUnit)
    }

    public mutating func evaluate(_ e: Expr) throws(Diagnostic) -> Value {
        try eval(e, locals: [:])
    }

    package mutating func eval(_ e: Expr, locals: [String: Value]) throws(Diagnostic) -> Value {
        let steps = settings.steps
        steps.taken += 1
        if steps.taken > settings.limits.maxSteps {
            throw Diagnostic(.tooManySteps(limit: settings.limits.maxSteps), at: e.span)
        }
        if steps.taken & 0x3FF == 0 { try settings.checkInterruption(e.span) }
        if let trace = recordingTrace {
            let v = try node(e, locals: locals)
            trace.record(e, v)
            return v
        }
        return try node(e, locals: locals)
    }

    /// One expression's value (`eval` counts the step and records it when tracing).
    private mutating func node(_ e: Expr, locals: [String: Value]) throws(Diagnostic) -> Value {
        switch e {
        case .number(let x, _):
            return .number(x)
        case .amount(let x, let unit, _):
            return .amount(x, unit)
        case .percent(let x, let span):
            let v = try eval(x, locals: locals)
            if case .notComputed = v { return v }
            if case .affine(let f) = v { return value(Affine(a: f.a / .hundred, b: f.b / .hundred, ratio: true)) }
            guard let n = v.numeric, NumberKind(v)?.unit == nil else {
                throw Diagnostic(.typeMismatch(operation: "百分号 %", expected: "数字", found: v.described), at: span)
            }
            return .ratio(n / .hundred)
        case .string(let s, let span):
            try checkString(s, span)
            return .string(s)
        case .bool(let b, _):
            return .bool(b)
        case .name(let n, let span):
            return try lookup(n, span, locals)
        case .list(let items, let span):
            try checkList(items.count, span)
            var out: [Value] = []
            out.reserveCapacity(items.count)
            for item in items { out.append(try eval(item, locals: locals)) }
            return .list(out)
        case .unary(let op, let x, let span):
            let v = try eval(x, locals: locals)
            if case .notComputed = v { return v }
            switch op {
            case .not:
                guard case .bool(let b) = v else {
                    throw Diagnostic(.typeMismatch(operation: "「not」", expected: "逻辑值", found: v.described), at: x.span)
                }
                return .bool(!b)
            case .plus, .negate:
                return try negate(v, op == .negate, span)
            }
        case .binary(let op, let a, let b, let span):
            return try binary(op, a, b, span, locals)
        case .call(let callee, let calleeSpan, let args, let span):
            return try call(callee, calleeSpan, args, span, locals)
        case .index(let base, let key, let span):
            return try index(try eval(base, locals: locals), key, span, locals)
        case .member(let base, let field, let span):
            // In a column override (`assume 项目.预算 = 项目.预算 * 110%`), 项目.列 means
            // this row's value.
            if suppressedColumn != nil, let r = row, case .name(let n, _) = base, n == r.table.name, locals[n] == nil,
                let v = try self.field(r, field, span)
            {
                return v
            }
            return try member(try eval(base, locals: locals), field, span)
        case .conditional(let c, let yes, let no, _):
            let v = try eval(c, locals: locals)
            // An uncomputed condition decides nothing: the choice is not computed either.
            if case .notComputed = v { return v }
            guard case .bool(let b) = v else {
                throw Diagnostic(.typeMismatch(operation: "如果 … 那么 … 否则 的条件", expected: "逻辑值", found: v.described), at: c.span)
            }
            return try eval(b ? yes : no, locals: locals)
        case .rowSet(let base, let step, let span):
            return try rowSet(try eval(base, locals: locals), step, span, locals)
        }
    }

    package func negate(_ v: Value, _ negate: Bool, _ span: SourceSpan) throws(Diagnostic) -> Value {
        switch v {
        case .affine(let f): return negate ? .affine(Affine(a: -f.a, b: -f.b, ratio: f.ratio)) : v
        case .notComputed: return v
        case .number(let x): return .number(negate ? -x : x)
        case .ratio(let x): return .ratio(negate ? -x : x)
        case .amount(let x, let u): return .amount(negate ? -x : x, u)
        case .list(let xs):
            var out: [Value] = []
            for x in xs { out.append(try self.negate(x, negate, span)) }
            return .list(out)
        default:
            throw Diagnostic(.typeMismatch(operation: negate ? "负号" : "正号", expected: "数字", found: v.described), at: span)
        }
    }

    /// A list of `count` values may be built (`Limits.maxListLength`).
    func checkList(_ count: Int, _ span: SourceSpan) throws(Diagnostic) {
        let limit = settings.limits.maxListLength
        if count > limit { throw Diagnostic(.listTooLong(length: count, limit: limit), at: span) }
    }

    /// A string within `Limits.maxStringLength` characters (counted only when its
    /// bytes could exceed it).
    func checkString(_ s: String, _ span: SourceSpan) throws(Diagnostic) {
        let limit = settings.limits.maxStringLength
        if s.utf8.count > limit, case let n = s.count, n > limit {
            throw Diagnostic(.stringTooLong(length: n, limit: limit), at: span)
        }
    }

    package mutating func lookup(_ n: String, _ span: SourceSpan, _ locals: [String: Value]) throws(Diagnostic) -> Value {
        switch meaning(of: n, rowTable: row?.table, isLocal: locals[n] != nil) {
        case .local:
            if let v = locals[n] { return v }
        case .field(let plan):
            if let r = row, let v = try field(r, plan, span) { return v }
        case .relatedRows(let child):
            if let r = row { return childRows(r, child) }
        case .unlinkedIndicators(let t):
            if let r = row { return .notComputed(NotComputed(DataChecks.unlinkedReason(r.table, t))) }
        case .variable(let v):
            return v
        case .table(let t):
            return .table(TableView(t))
        case .other:
            break
        }
        if publishedOnly, row != nil {
            throw Diagnostic(
                .noPublishedColumn(n), at: span,
                notes: ["提示：公布值用来代替无法计算的值（如 ##### 或评价人的档次判断），数据中应有这一列"])
        }
        if n == "ans" || n == "答案" {
            if let a = environment.answer { return a }
            throw Diagnostic(.unknownName(n), at: span, notes: ["提示：ans 是上一个表达式的结果，这里还没有"])
        }
        if let b = BuiltinRegistry.lookup(n) {
            throw Diagnostic(
                .typeMismatch(operation: "名称「\(n)」", expected: "值", found: "函数"), at: span,
                notes: ["提示：调用时要加括号，如 \(b.signature)"])
        }
        if let f = environment.functions[n] {
            throw Diagnostic(
                .typeMismatch(operation: "名称「\(n)」", expected: "值", found: "函数"), at: span,
                notes: ["提示：调用时要加括号，如 \(f.name)(\(f.parameters.joined(separator: ", ")))"])
        }
        throw unknownName(n, span, candidates: Array(locals.keys))
    }

    package func unknownName(_ n: String, _ span: SourceSpan, candidates extra: [String]) -> Diagnostic {
        let candidates = extra + environment.allNames + BuiltinRegistry.byName.keys.sorted() + (row?.table.columns ?? [])
        var notes: [String] = []
        if let s = Suggestions.closest(to: n, among: candidates) { notes.append("提示：是不是想输入「\(s)」？") }
        if notes.isEmpty && environment.dataset == nil { notes.append("（当前没有载入数据集；表名要在载入数据集后才能用）") }
        return Diagnostic(.unknownName(n), at: span, notes: notes)
    }

    package mutating func binary(_ op: BinaryOperator, _ a: Expr, _ b: Expr, _ span: SourceSpan, _ locals: [String: Value])
        throws(Diagnostic) -> Value
    {
        switch op.family {
        case .logical:
            let l = try eval(a, locals: locals)
            if case .notComputed = l { return l }
            guard case .bool(let x) = l else {
                throw Diagnostic(.typeMismatch(operation: "「\(op.rawValue)」", expected: "逻辑值", found: l.described), at: a.span)
            }
            if op == .and && !x { return .bool(false) }
            if op == .or && x { return .bool(true) }
            let r = try eval(b, locals: locals)
            if case .notComputed = r { return r }
            guard case .bool(let y) = r else {
                throw Diagnostic(.typeMismatch(operation: "「\(op.rawValue)」", expected: "逻辑值", found: r.described), at: b.span)
            }
            return .bool(y)
        case .equality:
            let l = try eval(a, locals: locals)
            let r = try eval(b, locals: locals)
            if let n = NotComputed.either(l, r) ?? (l.isList || r.isList ? NotComputed.among([l, r]) : nil) { return .notComputed(n) }
            if l.isAffine || r.isAffine, let x = affine(l), let y = affine(r) { return .bool(affineCompare(op, x, y)) }
            return .bool(op.holds(comparison: Arithmetic.equal(l, r) ? 0 : 1))
        case .ordering:
            let l = try eval(a, locals: locals)
            let r = try eval(b, locals: locals)
            if let n = NotComputed.either(l, r) { return .notComputed(n) }
            if l.isAffine || r.isAffine, let x = affine(l), let y = affine(r) { return .bool(affineCompare(op, x, y)) }
            return .bool(op.holds(comparison: try arithmetic.compare(l, r, span: span)))
        case .arithmetic:
            let l = try eval(a, locals: locals)
            let r = try eval(b, locals: locals)
            chargeForLongNumbers([l, r])
            if l.isAffine || r.isAffine, let x = affine(l), let y = affine(r) {
                if op == .power {
                    guard y.isConstant, y.b == .one else { throw Diagnostic(.nonLinear, at: span) }
                    return l
                }
                return try affineArithmetic(op, x, y, b.span)
            }
            return try arithmetic.apply(op, l, r, span: span, lhsSpan: a.span, rhsSpan: b.span)
        }
    }

    package mutating func call(
        _ callee: String, _ calleeSpan: SourceSpan, _ args: [Expr], _ span: SourceSpan,
        _ locals: [String: Value]
    ) throws(Diagnostic) -> Value {
        if let f = environment.functionIndex[ByteKey(callee)] {
            guard args.count == f.parameters.count else {
                throw Diagnostic(
                    .wrongArgumentCount(function: callee, expected: "\(f.parameters.count)", got: args.count, parameters: f.parameters),
                    at: calleeSpan)
            }
            var inner: [String: Value] = [:]
            for (p, a) in zip(f.parameters, args) { inner[p] = try eval(a, locals: locals) }
            callDepth += 1
            defer { callDepth -= 1 }
            if callDepth > settings.limits.maxCallDepth {
                throw Diagnostic(.recursionTooDeep(limit: settings.limits.maxCallDepth), at: span)
            }
            if let trace = recordingTrace {
                let outer = trace.enterCall(
                    at: .call(callee: callee, calleeSpan: calleeSpan, arguments: args, span: span), arguments: inner)
                defer { trace.leaveCall(to: outer) }
                return try eval(f.body, locals: inner)
            }
            return try eval(f.body, locals: inner)
        }
        guard let b = BuiltinRegistry.lookup(callee) else {
            if locals[callee] != nil || environment.variables[callee] != nil {
                throw Diagnostic(.typeMismatch(operation: "调用「\(callee)(…)」", expected: "函数", found: "变量"), at: calleeSpan)
            }
            throw unknownName(callee, calleeSpan, candidates: [])
        }
        guard b.arity.accepts(args.count) else {
            throw Diagnostic(
                .wrongArgumentCount(function: callee, expected: b.arity.description, got: args.count, parameters: b.parameters),
                at: calleeSpan,
                notes: ["用法：\(b.signature)，例如 \(b.example)"])
        }
        var values: [Value] = []
        values.reserveCapacity(args.count)
        // published(…) reads what the files print: its argument is evaluated with rules off.
        let savedMode = publishedOnly
        if b.readsPublished {
            // A rule that falls back on a published figure cannot be verified by audit.
            if let current = environment.ruleCache.inProgress.last { environment.ruleCache.usedPublished.insert(current.key) }
        }
        defer { publishedOnly = savedMode }
        for (i, a) in args.enumerated() {
            // Only the first argument is the published figure (需判断's reason is computed).
            publishedOnly = b.readsPublished && i == 0 ? true : savedMode
            if b.role == .judgement && i == 0, case .name(let column, _) = a {
                // 需判断: a data file without the published column has no published figure.
                do {
                    values.append(try eval(a, locals: locals))
                } catch  where error.kind == .noPublishedColumn(column) {
                    values.append(.empty)
                }
                continue
            }
            values.append(try eval(a, locals: locals))
        }
        publishedOnly = savedMode
        if b.readsPublished, values.count > 1, case .string(let reason) = values[1], let current = environment.ruleCache.inProgress.last {
            environment.ruleCache.judgementReasons[current.key] = reason
        }
        chargeForLongNumbers(values)
        var context = CallContext(
            name: callee, span: span, argumentSpans: args.map(\.span), arithmetic: arithmetic, settings: settings,
            variables: environment.variables)
        context.datasetYear = environment.dataset?.year
        if solve != nil, !b.takesNotComputed, let n = NotComputed.among(values) { return .notComputed(n) }
        if solve != nil, !b.readsPublished, values.contains(where: \.containsAffine) {
            return try affineBuiltin(b, values, context)
        }
        return try b.implementation(values, context)
    }
}

extension Evaluator {
    /// Arithmetic on very long numbers is many steps' work (`Limits.maxSteps` bounds
    /// work, not only expressions): beyond 2,048 bits in all, the square of the size
    /// in units of 512 bits, as the cost of multiplying and reducing grows.
    package func chargeForLongNumbers(_ values: [Value]) {
        var bits = 0
        for v in values { if let x = v.numeric { bits += x.bitSize } }
        if bits > 2_048 { settings.steps.taken += (bits >> 9) * (bits >> 9) }
    }
}

extension EvaluationSettings {
    /// Throws "interrupted" when a stop was requested and this session heeds it.
    package func checkInterruption(_ span: SourceSpan?) throws(Diagnostic) {
        if interruptible && Interruption.isRequested { throw Diagnostic(.interrupted, at: span) }
    }
}

/// The data cells an audited computation read, in order.
package final class CellRecorder {
    package var cells: [CellRef] = []
    package init() {}
}
