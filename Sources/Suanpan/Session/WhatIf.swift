import SuanpanCharts
import SuanpanData
import SuanpanEvaluation
import SuanpanLanguage

/// Scenarios, comparison and sensitivity tables: the what-if verbs beyond `assume`.
public struct Scenario: Sendable {
    public let name: String
    public let assumptions: [Assignment]
    public let span: SourceSpan
}

extension Session {
    /// Names that mean "no scenario".
    static let baselineNames: Set<String> = ["baseline", "基线", "基准"]

    func defineScenario(_ name: String, _ assumptions: [Assignment], span: SourceSpan) throws(Diagnostic) {
        if Session.baselineNames.contains(name) {
            throw Diagnostic(.domain("「\(name)」表示不加任何情景的基线，不能用作情景名"), at: span)
        }
        if let existing = scenarios[name] {
            let (line, _) = existing.span.source.location(of: existing.span.start)
            throw Diagnostic(
                .domain("情景名「\(name)」已被使用（\(existing.span.source.name) 第 \(line) 行）"), at: span,
                notes: ["提示：换一个名字，或先用 :scenarios 查看已有的情景"])
        }
        // Check each target now, so a mistake is found where the scenario is written.
        var check = workspace.forked()
        for a in assumptions { try check.apply(a) }
        scenarios[name] = Scenario(name: name, assumptions: assumptions, span: span)
        scenarioOrder.append(name)
    }
}

/// `compare baseline, 甲 : X, Y`: the expressions evaluated in each scenario, each in a
/// fork of the workspace.
struct ScenarioComparison: OverWorkspace {
    let workspace: Workspace
    let scenarios: [String: Scenario]
    let scenarioOrder: [String]

    /// The scenarios named (baseline as 基线) and each expression's value in each.
    func compare(_ names: [(String, SourceSpan)], _ exprs: [Expr]) throws(Diagnostic) -> Comparison {
        var columns: [(String, Scenario?)] = []
        for (n, span) in names {
            if Session.baselineNames.contains(n) {
                columns.append(("基线", nil))
            } else if let s = scenarios[n] {
                columns.append((n, s))
            } else {
                var notes: [String] = []
                if let s = Suggestions.closest(to: n, among: scenarioOrder + ["baseline"]) { notes.append("提示：是不是想输入「\(s)」？") }
                notes.append(scenarioOrder.isEmpty ? "还没有定义情景（scenario 名 { assume … }）" : "已有情景：\(scenarioOrder.joined(separator: "、"))")
                throw Diagnostic(.notFound("没有名为「\(n)」的情景"), at: span, notes: notes)
            }
        }
        let results = try columns.map { (_, s) throws(Diagnostic) in try evaluate(exprs, in: s) }
        return Comparison(columns: columns.map(\.0), expressions: exprs, results: results)
    }

    /// Evaluates `exprs` with a scenario's assumptions in place (nil: the session as is).
    func evaluate(_ exprs: [Expr], in scenario: Scenario?) throws(Diagnostic) -> [Value] {
        var w = workspace.forked()
        for a in scenario?.assumptions ?? [] { try w.apply(a) }
        var evaluator = Evaluator(environment: w.environment, settings: w.settings)
        var out: [Value] = []
        for e in exprs { out.append(try evaluator.evaluate(e)) }
        return out
    }
}

/// What `compare` found: each expression's value in each scenario (baseline first).
struct Comparison {
    let columns: [String]
    let expressions: [Expr]
    /// results[scenario][expression].
    let results: [[Value]]

    /// The grid the statement prints: each expression's value per scenario, and the
    /// change from the first (Δ and Δ%).
    func render(_ format: NumberFormat) -> String {
        let exprs = expressions
        var header = ["表达式"]
        for (i, c) in columns.enumerated() {
            header.append(c)
            if i > 0 { header += ["Δ", "Δ%"] }
        }
        var rows: [[String]] = []
        var notes = Footnotes()
        for (k, e) in exprs.enumerated() {
            var row = [e.span.text]
            let base = results[0][k]
            for (i, _) in columns.enumerated() {
                let v = results[i][k]
                row.append(notes.cell(v, format))
                guard i > 0 else { continue }
                switch Change.against(base, v, working: format.workingUnit) {
                case .change(let change): row += [change.deltaText(format), change.relativeText(format)]
                case .same: row += ["—", ""]
                case .notComputed: row += [NotComputed.word, ""]
                case .different: row += ["\(format.displayResult(base)) → \(format.displayResult(v))", ""]
                }
            }
            rows.append(row)
        }
        return ([TextGrid.render(header, rows, rightAligned: Set(1..<header.count))] + notes.lines).joined(separator: "\n")
    }
}

/// `table X for P in a..b step s[, Q in …]`: X at each point, each point in a fork of
/// the workspace.
struct SensitivityTable: OverWorkspace {
    let workspace: Workspace
    /// Each variable's cell, resolved at its first point.
    var resolvedCells: [String: Overrides.CellKey] = [:]

    init(workspace: Workspace) { self.workspace = workspace }

    /// The values LO, LO+S, …, ≤ HI of one table variable.
    func points(_ v: Sensitivity.Variable) throws(Diagnostic) -> (values: [Value], ratio: Bool) {
        var evaluator = Evaluator(environment: environment, settings: settings)
        func number(_ e: Expr) throws(Diagnostic) -> Value {
            let x = try evaluator.evaluate(e)
            guard x.numeric != nil else {
                throw Diagnostic(.typeMismatch(operation: "取值范围", expected: "数字", found: x.described), at: e.span)
            }
            return x
        }
        let lo = try number(v.low)
        let hi = try number(v.high)
        let step = try number(v.step)
        guard let a0 = lo.numeric, let b0 = hi.numeric, let s0 = step.numeric else { return ([], false) }
        // A range of amounts is in one unit (a number without one is in it).
        let kinds = [lo, hi, step].map { NumberKind($0) ?? .plain }
        let unit = Amounts.unit(of: kinds, working: settings.workingUnit)
        let (a, b, s) = (Amounts.take(a0, kinds[0], in: unit), Amounts.take(b0, kinds[1], in: unit), Amounts.take(s0, kinds[2], in: unit))
        if s.signum <= 0 {
            throw Diagnostic(.domain("步长必须大于 0（这里是 \(format.displayResult(step))）"), at: v.step.span)
        }
        if b < a { throw Diagnostic(.domain("取值范围的下限大于上限"), at: v.low.span.through(v.high.span)) }
        let count = ((b - a) / s).roundedToInteger(.floor)
        let limit = settings.limits.maxTableCells
        guard let n = count.intValue, n < limit else {
            let shape = count.intValue.map { "这个范围有 \($0 + 1) 个取值" } ?? "这个范围的取值个数太多"
            throw Diagnostic(.tableTooLarge(shape: shape, limit: limit), at: v.step.span, notes: ["提示：加大步长或缩小范围"])
        }
        let ratio = lo.isRatio || step.isRatio
        var out: [Value] = []
        for k in 0...n {
            if k & 0x3FF == 0 { try settings.checkInterruption(v.step.span) }
            // Points of very long numbers count toward the statement's steps.
            evaluator.chargeForLongNumbers([lo, step])
            if settings.steps.taken > settings.limits.maxSteps {
                throw Diagnostic(.tooManySteps(limit: settings.limits.maxSteps), at: v.step.span)
            }
            let x = a + s * Rational(k)
            out.append(unit.map { .amount(x, $0) } ?? (ratio ? .ratio(x) : .number(x)))
        }
        return (out, ratio)
    }

    /// A literal expression for a value, to put in an override.
    /// A point of a table is a number, a ratio, an amount, or the current value (an empty
    /// cell counts as 0, as in arithmetic); anything else is refused, never put in as 0.
    static func literal(_ v: Value, _ span: SourceSpan) throws(Diagnostic) -> Expr {
        switch v {
        case .ratio(let x): return .percent(.number(x * .hundred, span), span)
        case .number(let x): return .number(x, span)
        case .amount(let x, let u): return .amount(x, u, span)
        case .string(let s): return .string(s, span)
        case .bool(let b): return .bool(b, span)
        case .empty: return .number(.zero, span)
        default:
            throw Diagnostic(.typeMismatch(operation: "取值", expected: "数字、比率、金额或文本", found: v.described), at: span)
        }
    }

    /// `table …`: one variable gives a row per value (the current value marked as the
    /// baseline); two give a grid.
    mutating func table(_ t: Sensitivity) throws(Diagnostic) -> SensitivityResult {
        let first = t.variables[0]
        let (xs, _) = try points(first)
        if t.variables.count == 1 {
            let limit = settings.limits.maxTableCells
            if xs.count * t.expressions.count > limit {
                throw Diagnostic(.tableTooLarge(shape: "\(xs.count) 行 × \(t.expressions.count) 列", limit: limit), at: t.span)
            }
            var evaluator = Evaluator(environment: environment, settings: settings)
            let baseline = try evaluator.evaluate(first.path)
            var values = SensitivityTable.inKind(of: baseline, xs)
            if let b = baseline.numeric, !values.contains(where: { $0.numeric == b }) {
                // The points are in order: the baseline goes where it belongs.
                values.insert(baseline, at: values.firstIndex { ($0.numeric ?? .zero) > b } ?? values.count)
            }
            var results: [[Value]] = []
            for x in values {
                try settings.checkInterruption(t.span)
                results.append(try evaluateUnder([(first.path, x)], t.expressions))
            }
            return SensitivityResult(table: t, xs: values, ys: [], baseline: baseline, results: results)
        }
        let second = t.variables[1]
        var evaluator = Evaluator(environment: environment, settings: settings)
        let xs2 = SensitivityTable.inKind(of: try evaluator.evaluate(first.path), xs)
        let ys = SensitivityTable.inKind(of: try evaluator.evaluate(second.path), try points(second).0)
        let limit = settings.limits.maxTableCells
        if xs.count * ys.count > limit {
            throw Diagnostic(.tableTooLarge(shape: "\(xs.count) × \(ys.count) 格", limit: limit), at: t.span)
        }
        var results: [[Value]] = []
        for x in xs2 {
            var row: [Value] = []
            for y in ys {
                try settings.checkInterruption(t.span)
                row.append(try evaluateUnder([(first.path, x), (second.path, y)], t.expressions)[0])
            }
            results.append(row)
        }
        return SensitivityResult(table: t, xs: xs2, ys: ys, baseline: nil, results: results)
    }

    /// Values of `exprs` with the given paths set to the given values.
    mutating func evaluateUnder(_ settings: [(Expr, Value)], _ exprs: [Expr]) throws(Diagnostic) -> [Value] {
        // Cells are set directly (resolved once per table, checked by the first point);
        // anything else goes through `assume`'s full path.
        var cells: [(Overrides.CellKey, Value)] = []
        for (target, value) in settings {
            guard let key = resolvedCells[target.span.text] else {
                cells = []
                break
            }
            cells.append((key, value))
        }
        var assumptions: [Assignment] = []
        for (target, value) in settings {
            assumptions.append(Assignment(target: target, value: try SensitivityTable.literal(value, target.span), span: target.span))
        }
        var w = workspace.forked()
        if cells.count == settings.count {
            for (key, value) in cells {
                w.environment.overrides.cells[key] = value
                w.invalidate(key)
            }
        } else {
            var keys: [Overrides.CellKey?] = []
            for a in assumptions { keys.append(try w.apply(a)) }
            if keys.allSatisfy({ $0 != nil }) {
                for (a, key) in zip(assumptions, keys) { resolvedCells[a.target.span.text] = key }
            }
        }
        var evaluator = Evaluator(environment: w.environment, settings: w.settings)
        var out: [Value] = []
        for e in exprs { out.append(try evaluator.evaluate(e)) }
        return out
    }
}

/// What `table` found. One variable: a row per point (the current value included and
/// marked), a column per expression. Two variables: the first expression on the grid
/// of both variables' points.
struct SensitivityResult {
    let table: Sensitivity
    let xs: [Value]
    /// The second variable's points; empty for one variable.
    let ys: [Value]
    /// The first variable's current value (one variable only).
    let baseline: Value?
    /// results[x][expression], or results[x][y] for two variables.
    let results: [[Value]]

    func render(_ format: NumberFormat) -> String {
        var notes = Footnotes()
        let first = table.variables[0]
        if ys.isEmpty {
            var rows: [[String]] = []
            var marks: [String] = []
            for (x, values) in zip(xs, results) {
                rows.append([format.displayResult(x)] + values.map { notes.cell($0, format) })
                marks.append(x.numeric == baseline?.numeric ? "← 基线" : "")
            }
            return
                ([
                    TextGrid.render(
                        [first.path.span.text] + table.expressions.map(\.span.text), rows,
                        rightAligned: Set(0...table.expressions.count), marks: marks)
                ] + notes.lines).joined(separator: "\n")
        }
        let rows = zip(xs, results).map { x, values in [format.displayResult(x)] + values.map { notes.cell($0, format) } }
        let corner = "\(first.path.span.text) ＼ \(table.variables[1].path.span.text)"
        let header = [corner] + ys.map { format.displayResult($0) }
        return ([table.expressions[0].span.text, TextGrid.render(header, rows, rightAligned: Set(0..<header.count))] + notes.lines).joined(
            separator: "\n")
    }
}

extension SensitivityTable {
    /// A table's points in the kind of the value they stand for: points for a cell of
    /// amounts are amounts in its unit (`4000..4400` of a column in 万元 are 万元; a
    /// range written in 元 is converted), so the baseline finds its place among them.
    static func inKind(of current: Value, _ points: [Value]) -> [Value] {
        guard case .amount(_, let unit) = current else { return points }
        return points.map { p in
            switch p {
            case .number(let x): return .amount(x, unit)
            case .amount(let x, let u): return .amount(u.convert(x, to: unit), unit)
            default: return p
            }
        }
    }
}

/// The change from a baseline figure to another, as compare tables, paired bars and
/// exported comparisons show it: Δ in the figures' own kind (an amount in its unit, a
/// ratio in points of percentage) and Δ% relative to the baseline.
struct Change {
    /// Δ: `.amount` in the figures' unit, `.ratio` or `.number`.
    let delta: Value
    /// Δ over the baseline's magnitude; nil when the baseline is 0.
    let relative: Rational?

    var isZero: Bool { delta.numeric?.isZero ?? false }

    init?(from base: Value, to v: Value, working: MoneyUnit) {
        guard let kb = NumberKind(base), let kv = NumberKind(v), let b0 = base.numeric, let v0 = v.numeric else { return nil }
        let (x, y, unit) = Amounts.together(b0, kb, v0, kv, working: working)
        let d = y - x
        if let unit {
            delta = .amount(d, unit)
        } else {
            delta = base.isRatio || v.isRatio ? .ratio(d) : .number(d)
        }
        relative = x.isZero ? nil : d / x.magnitude
    }

    /// `+0.02`, `-27.14%`, `+1,632.236万元`.
    func deltaText(_ format: NumberFormat) -> String {
        let sign = (delta.numeric?.signum ?? 0) > 0 ? "+" : ""
        switch delta {
        case .amount(let d, let unit): return sign + format.amount(d, unit)
        case .ratio(let d): return sign + format.percent(d)
        default: return sign + format.plain(delta.numeric ?? .zero)
        }
    }

    /// `+0.02%`, or `—` against a baseline of 0.
    func relativeText(_ format: NumberFormat) -> String {
        guard let relative else { return "—" }
        return (relative.signum > 0 ? "+" : "") + format.percent(relative)
    }

    /// How one figure stands to its baseline: a change, the same (non-numbers equal),
    /// not computed on one side, or different non-numbers.
    enum Against {
        case change(Change)
        case same
        case notComputed
        case different
    }

    static func against(_ base: Value, _ v: Value, working: MoneyUnit) -> Against {
        if let change = Change(from: base, to: v, working: working) { return .change(change) }
        if Arithmetic.equal(base, v) { return .same }
        if base.notComputed != nil || v.notComputed != nil { return .notComputed }
        return .different
    }
}
