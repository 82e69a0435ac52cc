import SuanpanData
import SuanpanLanguage

/// Rules and filter conditions compiled for evaluation over many rows of one table.
///
/// The interpreter (`Evaluator`) defines the language; this is an optimistic fast path
/// for one expression evaluated row after row (a rule column of 100,000 projects, the
/// condition of `项目[等级 == "优"]`). Names are resolved once — a column's values, a
/// computed column's cache, a function parameter's slot — user functions are inlined,
/// built-ins are bound once, and indicator texts come pre-parsed per cell.
///
/// Whenever the compiled code meets something it does not handle — any error, a table
/// lookup, `published` of anything but a column, a value not computed yet — it gives
/// up on that row (returns nil) and the interpreter evaluates the row instead. So the
/// values, and every message, are the interpreter's; this code only makes the common
/// case fast.
package struct RowFrame {
    package let row: Int
    /// Parameters of inlined user functions: values, and numbers known to be numbers.
    package let slots: UnsafeMutablePointer<Value>
    let numbers: UnsafeMutablePointer<Num>
    /// Set when the row's value took a published figure (audit cannot verify it).
    package let usedPublished: UnsafeMutablePointer<Bool>
    /// Argument arrays of built-in calls, one per call site, reused row after row.
    package let arguments: UnsafeMutablePointer<[Value]>
}

package typealias RowCode = (RowFrame) -> Value?

/// A column computed per row and cached: a rule, or an `assume` of a whole column.
package struct ComputedColumn {
    package let table: Table
    /// The column's id in the rule cache.
    let cacheID: Int
    package let body: Expr
    /// The rule, or nil for a column override.
    package let rule: Rule?
    /// For a column override: the column whose own name means its original value.
    let suppressed: Overrides.ColumnKey?
    /// The overridden column's name (for a column override).
    let columnName: String

    package static func rule(_ t: Table, _ r: Rule) -> ComputedColumn {
        ComputedColumn(table: t, cacheID: r.columnID, body: r.body, rule: r, suppressed: nil, columnName: r.column)
    }

    static func override(_ t: Table, _ column: String, _ e: Expr) -> ComputedColumn {
        ComputedColumn(
            table: t, cacheID: Interner.shared.id(Evaluator.overridePrefix + column), body: e, rule: nil,
            suppressed: Overrides.ColumnKey(table: ObjectIdentifier(t), column: column), columnName: column)
    }

    package var id: RuleCache.ColumnID { RuleCache.ColumnID(table: ObjectIdentifier(table), column: cacheID) }
}

/// A computed column that compiled code reads: filled in by the driver (which computes
/// it first) before the code runs.
package final class ColumnDependency {
    package let column: ComputedColumn
    /// For a child table's column: the link from the compiled table's rows.
    let childLink: ChildIndex?
    /// The column once computed (set before the code runs, read-only while it runs).
    @exclusivity(unchecked) var dense: RuleCache.DenseColumn.Reader?

    package init(column: ComputedColumn, childLink: ChildIndex?) {
        self.column = column
        self.childLink = childLink
    }
}

/// A data column that compiled code reads: its cells are fetched by the driver just
/// before the code runs, after the rows are grouped by text (so that a column of few
/// distinct texts, such as 分值, is interpreted once per text), several columns at once.
package final class CellColumn: @unchecked Sendable {
    let table: Table
    let column: Int
    /// Whether the code reads the cells as indicator texts (`parsed`), as indicator
    /// names' facts (`hints`), or as values (`cells`).
    let asIndicators: Bool
    let asNameHints: Bool
    /// The cells (kept: `reader` points into them) and their reader, which compiled
    /// code copies for each row it reads.
    var cells = ColumnCells([]) {
        didSet { reader = cells.reader }
    }
    @exclusivity(unchecked) private(set) var reader = ColumnCells.Reader.none
    var parsed = ParsedColumn(codes: .none, distinct: [])
    var hintCodes = RowCodes.none
    var hints: [IndicatorNameHint] = []
    /// For names read through their facts: the target and actual texts of the same
    /// call. When none of their distinct texts is one the name decides (a target with
    /// no direction, a percentage above 100%), the names are not read at all.
    var companions: [CellColumn] = []

    init(table: Table, column: Int, asIndicators: Bool, asNameHints: Bool = false) {
        self.table = table
        self.column = column
        self.asIndicators = asIndicators
        self.asNameHints = asNameHints
    }

    /// Fetches the cells (interpreting them, the first time a column is read).
    func fetch() {
        if asNameHints {
            // The companions are fetched first (`Evaluator.prepare`).
            if companions.count == 2, !companions[0].parsed.distinct.contains(where: { $0.nameMatters(asTarget: true) }),
                !companions[1].parsed.distinct.contains(where: { $0.nameMatters(asTarget: false) })
            {
                hintCodes = .none
                hints = []
                return
            }
            let h = table.nameHints(column)
            hintCodes = h.codes.codes
            hints = h.hints
        } else if asIndicators {
            parsed = table.indicatorColumn(column)
        } else {
            cells = table.cells(column)
        }
    }
}

/// A compiled expression and what must be computed before it runs. Its closures
/// capture only data that does not change while it runs (cells, parsed texts, the
/// computed columns it reads, filled in before), so rows can run on several threads.
package struct RowProgram: @unchecked Sendable {
    package let code: RowCode
    let dependencies: [ColumnDependency]
    package let cellColumns: [CellColumn]
    let slotCount: Int
    let numberSlotCount: Int
    let callSites: Int
    /// When the value depends on nothing but these cells of the row and the row's own
    /// computed columns (`dependencies`, none through a related table; no assumed
    /// cell): rows with the same cells and the same computed values have the same value.
    /// Columns of indicator names read through their facts (`IndicatorNameHint`) are
    /// not among them: rows group by those facts (see `Evaluator.sameCells`).
    package let cells: [Int]?
}

package struct RowCompiler {
    /// The evaluator whose environment and settings the code follows (its
    /// `suppressedColumn` is set when compiling a column override).
    package let evaluator: Evaluator
    package let table: Table
    /// Names bound outside (a filter inside a user function sees its parameters).
    var constants: [String: Value]
    var dependencies: [ColumnDependency] = []
    package var cellColumns: [CellColumn] = []
    /// Parameters of the function being inlined: value slots, and number slots for
    /// arguments that are numbers by construction.
    package var parameters: [String: Int] = [:]
    var numberParameters: [String: Int] = [:]
    var inlining: [String] = []
    var slotCount = 0
    var numberSlotCount = 0
    var callSites = 0
    /// The row's cells read (columns of the compiled table), and whether nothing else
    /// about the row is: then the value is a function of those cells alone.
    var rawColumns: Set<Int> = []
    var readsOnlyCells = true

    /// Whether `n` names a parameter or an outside binding (which hide fields).
    func isLocal(_ n: String) -> Bool {
        parameters[n] != nil || numberParameters[n] != nil || constants[n] != nil
    }

    package init(evaluator: Evaluator, table: Table, constants: [String: Value] = [:]) {
        self.evaluator = evaluator
        self.table = table
        self.constants = constants
    }

    static var giveUp: RowCode { { _ in nil } }

    package mutating func program(_ e: Expr) -> RowProgram {
        let code = compile(e)
        return RowProgram(
            code: code, dependencies: dependencies, cellColumns: cellColumns, slotCount: slotCount, numberSlotCount: numberSlotCount,
            callSites: callSites, cells: readsOnlyCells && readsOnlyOwnRow ? rawColumns.sorted() : nil)
    }

    /// Whether every computed column read is this table's, of the row itself.
    private var readsOnlyOwnRow: Bool {
        let table = self.table
        return dependencies.allSatisfy { $0.childLink == nil && $0.column.table === table }
    }

    package var environment: Environment { evaluator.environment }
    var arithmetic: Arithmetic { evaluator.arithmetic }

    mutating func compile(_ e: Expr) -> RowCode {
        // Numbers and conditions by construction take the typed forms, with no values
        // to build and take apart on the way.
        switch e {
        case .binary(let op, _, _, _) where op.family != .arithmetic:
            let c = condition(e)
            return { f in c(f).map(Value.bool) }
        case .binary, .call, .percent, .unary(.negate, _, _), .conditional:
            if let n = number(e) { return { f in n(f)?.value } }
        default:
            break
        }
        switch e {
        case .number(let x, _):
            let v = Value.number(x)
            return { _ in v }
        case .amount(let x, let unit, _):
            let v = Value.amount(x, unit)
            return { _ in v }
        case .string(let s, _):
            let v = Value.string(s)
            return { _ in v }
        case .bool(let b, _):
            let v = Value.bool(b)
            return { _ in v }
        case .percent(let x, _):
            if case .number(let n, _) = x {
                let v = Value.ratio(n / .hundred)
                return { _ in v }
            }
            let inner = compile(x)
            return { f in
                guard let v = inner(f), let n = v.numeric, NumberKind(v)?.unit == nil else { return nil }
                return .ratio(n / .hundred)
            }
        case .name(let n, _):
            return name(n)
        case .list(let items, _):
            let count = items.count
            let append = RowCompiler.appending(items.map { compile($0) })
            return { f in
                var out: [Value] = []
                out.reserveCapacity(count)
                return append(f, &out) ? .list(out) : nil
            }
        case .unary(let op, let x, _):
            let inner = compile(x)
            switch op {
            case .not:
                return { f in
                    guard case .bool(let b)? = inner(f) else { return nil }
                    return .bool(!b)
                }
            case .plus:
                return { f in
                    switch inner(f) {
                    case .number(let x)?: return .number(x)
                    case .ratio(let x)?: return .ratio(x)
                    case .amount(let x, let u)?: return .amount(x, u)
                    default: return nil
                    }
                }
            case .negate:
                return { f in
                    switch inner(f) {
                    case .number(let x)?: return .number(-x)
                    case .ratio(let x)?: return .ratio(-x)
                    case .amount(let x, let u)?: return .amount(-x, u)
                    default: return nil
                    }
                }
            }
        case .binary(let op, let a, let b, let span):
            return binary(op, a, b, span)
        case .call(let callee, _, let args, let span):
            return call(callee, args, span)
        case .member(let base, let field, _):
            return member(base, field)
        case .conditional(let c, let yes, let no, _):
            let cond = condition(c)
            let y = compile(yes)
            let n = compile(no)
            return { f in
                guard let b = cond(f) else { return nil }
                return b ? y(f) : n(f)
            }
        case .index, .rowSet:
            return RowCompiler.giveUp
        }
    }

    // MARK: Names

    /// In the interpreter's order: parameters (locals), the row's fields, the row's
    /// related tables, variables.
    package mutating func name(_ n: String) -> RowCode {
        if let slot = parameters[n] { return { f in f.slots[slot] } }
        if let slot = numberParameters[n] { return { f in f.numbers[slot].value } }
        if let v = constants[n] { return { _ in v } }
        switch evaluator.meaning(of: n, rowTable: table, isLocal: false) {
        case .field:
            if let read = field(table, n, child: nil) { return { f in read(f.row) } }
            return RowCompiler.giveUp
        case .variable(let v):
            return { _ in v }
        default:
            // Related rows, an unlinked table, a table, anything else: the interpreter's.
            return RowCompiler.giveUp
        }
    }

    /// A reader of field `n` of table `t`'s rows (nil when `t` has no such field):
    /// cell overrides, a column override, a rule, the data — as `Evaluator.field`.
    package mutating func field(_ t: Table, _ n: String, child: ChildIndex?) -> ((Int) -> Value?)? {
        let plan = evaluator.fieldPlan(t, n)
        let base: (Int) -> Value?
        if let e = plan.columnOverride {
            base = computed(.override(t, n, e), child: child)
        } else if let rule = plan.rule {
            base = computed(.rule(t, rule), child: child)
        } else if let c = plan.column {
            if t === table { rawColumns.insert(c) } else { readsOnlyCells = false }
            let data = cellColumn(t, c)
            let unit = t.moneyUnit(ofColumn: c)
            base = { r in t.cellValue(data.reader[r], r, c, unit: unit) }
        } else {
            return nil
        }
        guard plan.cellOverrides else { return base }
        readsOnlyCells = false
        var cells: [Int: Value] = [:]
        let tid = ObjectIdentifier(t)
        for (k, v) in environment.overrides.cells where k.table == tid && k.column == plan.id { cells[k.row] = v }
        return { r in cells[r] ?? base(r) }
    }

    /// The cells of a data column, fetched when the program is about to run.
    mutating func cellColumn(_ t: Table, _ c: Int, parsed: Bool = false, hints: Bool = false) -> CellColumn {
        if let known = cellColumns.first(where: { $0.table === t && $0.column == c && $0.asIndicators == parsed && $0.asNameHints == hints }
        ) {
            return known
        }
        let data = CellColumn(table: t, column: c, asIndicators: parsed, asNameHints: hints)
        cellColumns.append(data)
        return data
    }

    package mutating func computed(_ column: ComputedColumn, child: ChildIndex?) -> (Int) -> Value? {
        let d = ColumnDependency(column: column, childLink: child)
        dependencies.append(d)
        return { r in
            guard let dense = d.dense, r < dense.count else { return nil }
            return dense[r]
        }
    }

    /// `表.列` for a related table (`sum(指标.得分)` in a 项目 rule), and `项目.列` in a
    /// column override (this row's original value).
    package mutating func member(_ base: Expr, _ fieldName: String) -> RowCode {
        guard case .name(let n, _) = base, !isLocal(n) else { return RowCompiler.giveUp }
        if evaluator.suppressedColumn != nil, n == table.name {
            guard let read = field(table, fieldName, child: nil) else { return RowCompiler.giveUp }
            return { f in read(f.row) }
        }
        // A field of the row shadows a related table's name, as in the interpreter.
        guard let (index, read) = childColumn(n, fieldName) else { return RowCompiler.giveUp }
        return { f in
            if !index.undecided.isEmpty && index.undecided.contains(f.row) { return nil }
            let rows = index.rows(of: f.row)
            var out: [Value] = []
            out.reserveCapacity(rows.count)
            for r in rows {
                guard let v = read(Int(r)) else { return nil }
                out.append(v)
            }
            return .list(out)
        }
    }

    /// `子表.列` of the row: the related rows and a reader of that column.
    mutating func childColumn(_ n: String, _ fieldName: String) -> (ChildIndex, (Int) -> Value?)? {
        // A field of the row shadows a related table's name, as in the interpreter.
        guard evaluator.fieldPlan(table, n).column == nil, evaluator.fieldPlan(table, n).rule == nil,
            let link = table.children.first(where: { $0.table.name == n }), let dataset = table.dataset
        else { return nil }
        let child = link.table
        guard child.columnIndex(fieldName) != nil || environment.rules[child.name]?[fieldName] != nil else { return nil }
        let index = dataset.childIndex(parent: table, child: child, column: link.column)
        guard let read = field(child, fieldName, child: index) else { return nil }
        return (index, read)
    }

    /// For `子表.列` that is a data column as the file has it (no rule, no assumption, no
    /// cell of it not computed): its cells and unit of money, for code that adds them
    /// as they are. Asked after `childColumn`, which has made the code fetch them.
    mutating func plainChildCells(_ n: String, _ fieldName: String) -> (CellColumn, MoneyUnit?)? {
        guard let link = table.children.first(where: { $0.table.name == n }) else { return nil }
        let child = link.table
        let plan = evaluator.fieldPlan(child, fieldName)
        guard plan.rule == nil, plan.columnOverride == nil, !plan.cellOverrides, let c = plan.column, child.derivation == nil else {
            return nil
        }
        return (cellColumn(child, c), child.moneyUnit(ofColumn: c))
    }

    // MARK: Operators

    /// `==` `!=` `<` … on values (texts, empty cells, mixed kinds), as the interpreter.
    package mutating func comparison(_ op: BinaryOperator, _ a: Expr, _ b: Expr, _ span: SourceSpan) -> RowCode {
        let l = compile(a)
        let r = compile(b)
        switch op.family {
        case .equality:
            let wantEqual = op.holds(comparison: 0)
            // A comparison with a text literal (`指标方向(指标值) == "反向"`) by bytes.
            if case .string(let literal, _) = b, let bytes = TextEquality.plainBytes(literal) {
                let literalValue = Value.string(literal)
                return { f in
                    guard let x = l(f), x.notComputed == nil else { return nil }
                    if case .string(let s) = x, let same = TextEquality.same(s, bytes) { return .bool(same == wantEqual) }
                    return .bool(Arithmetic.equal(x, literalValue) == wantEqual)
                }
            }
            return { f in
                // An uncomputed side is the interpreter's to report.
                guard let x = l(f), let y = r(f), NotComputed.among([x, y]) == nil else { return nil }
                return .bool(Arithmetic.equal(x, y) == wantEqual)
            }
        case .ordering:
            let arithmetic = self.arithmetic
            return { f in
                guard let x = l(f), let y = r(f) else { return nil }
                let c: Int
                // Plain numbers and ratios directly; amounts (their units) and the rest
                // through the interpreter's comparison.
                if let p = x.plainNumber, let q = y.plainNumber {
                    c = p < q ? -1 : (p == q ? 0 : 1)
                } else {
                    guard let k = try? arithmetic.compare(x, y, span: span) else { return nil }
                    c = k
                }
                return .bool(op.holds(comparison: c))
            }
        default:
            return RowCompiler.giveUp
        }
    }

    /// Arithmetic on values that are not numbers by construction (lists, a field read
    /// through `表.列`): the interpreter's arithmetic. Comparisons and logic go through
    /// `condition`, numbers by construction through `number`.
    package mutating func binary(_ op: BinaryOperator, _ a: Expr, _ b: Expr, _ span: SourceSpan) -> RowCode {
        let l = compile(a)
        let r = compile(b)
        let arithmetic = self.arithmetic
        let lhsSpan = a.span
        let rhsSpan = b.span
        return { f in
            guard let x = l(f), let y = r(f) else { return nil }
            return try? arithmetic.apply(op, x, y, span: span, lhsSpan: lhsSpan, rhsSpan: rhsSpan)
        }
    }

    // MARK: Calls

    package mutating func call(_ callee: String, _ args: [Expr], _ span: SourceSpan) -> RowCode {
        if let fn = environment.functionIndex[ByteKey(callee)] {
            return inline(fn, args)
        }
        guard !isLocal(callee), environment.variables[callee] == nil,
            let b = BuiltinRegistry.lookup(callee), b.arity.accepts(args.count)
        else { return RowCompiler.giveUp }
        return builtinCall(b, callee, args, span)
    }

    /// What a built-in sees of a call site; the grade bands are read once for all rows
    /// (a wrong 等级分段 stays an error at each call).
    func callContext(_ callee: String, _ args: [Expr], _ span: SourceSpan) -> CallContext {
        var context = CallContext(
            name: callee, span: span, argumentSpans: args.map(\.span), arithmetic: arithmetic,
            settings: evaluator.settings, variables: environment.variables)
        context.knownGradeBands = try? context.gradeBands()
        context.datasetYear = environment.dataset?.year
        context.knownEvaluationYear = .some(context.evaluationYear)
        return context
    }

    mutating func builtinCall(_ b: Builtin, _ callee: String, _ args: [Expr], _ span: SourceSpan) -> RowCode {
        let context = callContext(callee, args, span)
        if b.role == .judgement { return RowCompiler.giveUp }  // rare rows, explained by the interpreter
        if b.role == .published {
            // A column as the file prints it; anything else is for the interpreter.
            guard case .name(let n, _) = args[0], !isLocal(n),
                let c = table.columnIndex(n)
            else { return RowCompiler.giveUp }
            let t = table
            let data = cellColumn(t, c)
            let unit = t.moneyUnit(ofColumn: c)
            rawColumns.insert(c)
            return { f in
                f.usedPublished.pointee = true
                return t.cellValue(data.reader[f.row], f.row, c, unit: unit)
            }
        }
        if let direct = b.onIndicators, (1...3).contains(args.count) {
            let first = indicatorArgument(args[0])
            if args.count == 1 {
                return { f in first(f)?.use { x in try? direct(x, nil, { .none }, context) } ?? nil }
            }
            let second = indicatorArgument(args[1])
            if args.count == 3 {
                var texts: [CellColumn] = []
                for a in args.prefix(2) { if let c = parsedColumn(a) { texts.append(c) } }
                let third = nameHint(args[2], companions: texts.count == 2 ? texts : [])
                return { f in IndicatorRef.both(first(f), second(f)) { x, y in try? direct(x, y, { third(f) }, context) } }
            }
            return { f in IndicatorRef.both(first(f), second(f)) { x, y in try? direct(x, y, { .none }, context) } }
        }
        let site = callSites
        callSites += 1
        let implementation = b.implementation
        let append = RowCompiler.appending(args.map { compile($0) })
        return { f in
            let p = f.arguments + site
            p.pointee.removeAll(keepingCapacity: true)
            guard append(f, &p.pointee) else { return nil }
            return try? implementation(p.pointee, context)
        }
    }

    /// Code that runs `codes` in order, appending each value; false as soon as one gives
    /// up. A chain of closures, each calling the next: a loop over an array of them
    /// would retain each one for each row.
    static func appending(_ codes: [RowCode]) -> (RowFrame, inout [Value]) -> Bool {
        var chain: (RowFrame, inout [Value]) -> Bool = { _, _ in true }
        for code in codes.reversed() {
            let next = chain
            chain = { f, out in
                guard let v = code(f) else { return false }
                out.append(v)
                return next(f, &out)
            }
        }
        return chain
    }

    /// An argument of an indicator built-in: a text column's cells come parsed once per
    /// column; other values are parsed as the interpreter would.
    /// An indicator's name, read as its facts: a data column of names through the
    /// table's facts column (rows group by facts, not names), anything else as a value.
    mutating func nameHint(_ e: Expr, companions: [CellColumn]) -> (RowFrame) -> IndicatorNameHint {
        if case .name(let n, _) = e, !isLocal(n) {
            let plan = evaluator.fieldPlan(table, n)
            if plan.rule == nil, plan.columnOverride == nil, !plan.cellOverrides, let c = plan.column {
                let data = cellColumn(table, c, hints: true)
                if data.companions.isEmpty { data.companions = companions }
                return { f in data.hintCodes.isEmpty ? .none : data.hints[Int(data.hintCodes[f.row])] }
            }
        }
        let code = compile(e)
        return { f in code(f).map(BuiltinRegistry.nameHint) ?? .none }
    }

    /// The parsed column an indicator argument reads, when it is a plain data column.
    mutating func parsedColumn(_ e: Expr) -> CellColumn? {
        guard case .name(let n, _) = e, !isLocal(n) else { return nil }
        let plan = evaluator.fieldPlan(table, n)
        guard plan.rule == nil, plan.columnOverride == nil, !plan.cellOverrides, let c = plan.column else { return nil }
        return cellColumn(table, c, parsed: true)
    }

    /// A column's parsed texts and a literal's are lent (`IndicatorRef`), not handed
    /// over: no reference count is taken per row.
    mutating func indicatorArgument(_ e: Expr) -> (RowFrame) -> IndicatorRef? {
        if case .name(let n, _) = e, !isLocal(n) {
            let plan = evaluator.fieldPlan(table, n)
            if plan.rule == nil, plan.columnOverride == nil, !plan.cellOverrides, let c = plan.column {
                rawColumns.insert(c)
                let data = cellColumn(table, c, parsed: true)
                // The two arrays read in place (a call into the data module would retain them).
                return { f in IndicatorRef(lent: data.parsed.distinct[Int(data.parsed.codes[f.row])]) }
            }
        }
        if case .string(let s, _) = e, let v = IndicatorArgument(Value.string(s)) {
            return { _ in IndicatorRef(lent: v) }
        }
        let code = compile(e)
        return { f in code(f).flatMap(IndicatorArgument.init).map(IndicatorRef.init(owned:)) }
    }

    /// A user function's body compiled in place, its parameters in fresh slots (number
    /// slots for arguments that are numbers by construction).
    package mutating func inline(_ fn: UserFunction, _ args: [Expr]) -> RowCode {
        guard let (bind, saved) = enter(fn, args) else { return RowCompiler.giveUp }
        let body = compile(fn.body)
        leave(saved)
        return { f in bind(f) ? body(f) : nil }
    }

    /// The same, for a body that is a number by construction; nil if it is not.
    mutating func inlineNumber(_ fn: UserFunction, _ args: [Expr]) -> NumCode? {
        guard let (bind, saved) = enter(fn, args) else { return nil }
        let body = number(fn.body)
        leave(saved)
        guard let body else { return nil }
        return { f in bind(f) ? body(f) : nil }
    }

    package typealias Scope = (parameters: [String: Int], numberParameters: [String: Int], constants: [String: Value])

    /// Compiles the arguments of an inlined call and makes its parameters the names in
    /// scope; returns the code that binds them for a row, and the caller's scope.
    package mutating func enter(_ fn: UserFunction, _ args: [Expr]) -> ((RowFrame) -> Bool, Scope)? {
        guard args.count == fn.parameters.count, !inlining.contains(fn.name), inlining.count < 32 else { return nil }
        // Compiled code for each argument, bound below as a chain of closures (none is
        // called from these arrays).
        var valueArgs: [(slot: Int, run: RowCode)] = []
        var numberArgs: [(slot: Int, run: NumCode)] = []
        var values: [String: Int] = [:]
        var numbers: [String: Int] = [:]
        for (p, a) in zip(fn.parameters, args) {
            if let n = number(a) {
                numberArgs.append((numberSlotCount, n))
                numbers[p] = numberSlotCount
                values[p] = nil
                numberSlotCount += 1
            } else {
                valueArgs.append((slotCount, compile(a)))
                values[p] = slotCount
                numbers[p] = nil
                slotCount += 1
            }
        }
        let saved: Scope = (parameters, numberParameters, constants)
        // The body sees its parameters and the row, not the caller's locals.
        parameters = values
        numberParameters = numbers
        constants = [:]
        inlining.append(fn.name)
        let bindValues = RowCompiler.binding(valueArgs, { f, slot, v in f.slots[slot] = v }, then: { _ in true })
        let bind = RowCompiler.binding(numberArgs, { f, slot, v in f.numbers[slot] = v }, then: bindValues)
        return (bind, saved)
    }

    /// Code that computes each argument and stores it in its slot, then runs `next`;
    /// false as soon as one gives up. A chain of closures, one an argument, each calling
    /// the next (a loop over an array of them would retain each one for each row).
    static func binding<T>(
        _ args: [(slot: Int, run: (RowFrame) -> T?)], _ store: @escaping (RowFrame, Int, T) -> Void,
        then next: @escaping (RowFrame) -> Bool
    ) -> (RowFrame) -> Bool {
        var bind = next
        for (slot, run) in args.reversed() {
            let rest = bind
            bind = { f in
                guard let v = run(f) else { return false }
                store(f, slot, v)
                return rest(f)
            }
        }
        return bind
    }

    mutating func leave(_ saved: Scope) {
        inlining.removeLast()
        (parameters, numberParameters, constants) = saved
    }
}

extension Evaluator {
    package static let overridePrefix = "假设:"
}

extension IndicatorArgument {
    /// nil for values that are not indicator texts (lists, tables, logic values).
    package convenience init?(_ v: Value) {
        guard let t = IndicatorText.from(v) else { return nil }
        self.init(text: t, isRatio: v.isRatio)
    }
}

/// An indicator argument for one row: lent by what keeps it (a column's parsed texts,
/// a literal in the compiled code) or owned (a computed one, released with this). A
/// lent one is read without taking a reference count: every row of a million does
/// so, from all cores at once, and popular texts (`100%`) would have their counts
/// fought over between the cores.
struct IndicatorRef: ~Copyable {
    private let reference: Unmanaged<IndicatorArgument>
    private let owned: Bool

    init(lent argument: IndicatorArgument) {
        reference = Unmanaged.passUnretained(argument)
        owned = false
    }

    init(owned argument: IndicatorArgument) {
        reference = Unmanaged.passRetained(argument)
        owned = true
    }

    deinit { if owned { reference.release() } }

    /// `body`'s answer on the argument.
    func use<R>(_ body: (IndicatorArgument) -> R) -> R {
        reference._withUnsafeGuaranteedRef(body)
    }

    /// `body`'s answer on both arguments, nil when either is missing.
    static func both<R>(_ x: consuming IndicatorRef?, _ y: consuming IndicatorRef?, _ body: (IndicatorArgument, IndicatorArgument) -> R?)
        -> R?
    {
        guard let x, let y else { return nil }
        return x.use { a in y.use { b in body(a, b) } }
    }
}
