import SuanpanLanguage
import SuanpanData
import SuanpanEvaluation
import SuanpanCharts

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
            throw Diagnostic(.domain("情景名「\(name)」已被使用（\(existing.span.source.name) 第 \(line) 行）"), at: span,
                             notes: ["提示：换一个名字，或先用 :scenarios 查看已有的情景"])
        }
        // Check each target now, so a mistake is found where the scenario is written.
        try temporarily { () throws(Diagnostic) in
            for a in assumptions { try workspace.apply(a) }
        }
        scenarios[name] = Scenario(name: name, assumptions: assumptions, span: span)
        scenarioOrder.append(name)
    }

    /// Evaluates `exprs` with a scenario's assumptions in place (nil: the session as is).
    func evaluate(_ exprs: [Expr], in scenario: Scenario?) throws(Diagnostic) -> [Value] {
        try temporarily { () throws(Diagnostic) -> [Value] in
            for a in scenario?.assumptions ?? [] { try workspace.apply(a) }
            var evaluator = Evaluator(environment: environment, settings: settings)
            var out: [Value] = []
            for e in exprs { out.append(try evaluator.evaluate(e)) }
            return out
        }
    }

    func compare(_ names: [(String, SourceSpan)], _ exprs: [Expr]) throws(Diagnostic) -> String {
        let (columns, results) = try compared(names, exprs)
        return compareGrid(columns.map(\.0), exprs, results)
    }

    /// The scenarios named (baseline as 基线) and each expression's value in each.
    func compared(_ names: [(String, SourceSpan)], _ exprs: [Expr]) throws(Diagnostic) -> ([(String, Scenario?)], [[Value]]) {
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
        return (columns, results)
    }

    func compareGrid(_ columns: [String], _ exprs: [Expr], _ results: [[Value]]) -> String {
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
                row.append(cell(v, &notes))
                guard i > 0 else { continue }
                if let x = base.numeric, let y = v.numeric {
                    let d = y - x
                    let sign = d.signum > 0 ? "+" : ""
                    row.append(sign + ((base.isRatio || v.isRatio) ? format.percent(d) : format.plain(d)))
                    row.append(x.isZero ? "—" : sign + format.percent(d / x.magnitude))
                } else if Arithmetic.equal(base, v) {
                    row += ["—", ""]
                } else if base.notComputed != nil || v.notComputed != nil {
                    row += [NotComputed.word, ""]
                } else {
                    row += ["\(format.displayResult(base)) → \(format.displayResult(v))", ""]
                }
            }
            rows.append(row)
        }
        return ([Session.grid(header, rows, rightAligned: Set(1..<header.count))] + notes.lines).joined(separator: "\n")
    }

    /// A value in a grid: 未算出[1] with the reason numbered in `notes` (shown under it).
    func cell(_ v: Value, _ notes: inout Footnotes) -> String {
        if case .notComputed(let n) = v { return notes.mark(n) }
        return format.displayResult(v)
    }

    /// Column-aligned text (display widths), header underlined.
    static func grid(_ header: [String], _ rows: [[String]], rightAligned: Set<Int>, marks: [String]? = nil) -> String {
        let all = [header] + rows
        let widths = header.indices.map { c in all.map { DisplayWidth.of($0[c]) }.max() ?? 0 }
        var lines: [String] = []
        for (i, row) in all.enumerated() {
            var line = row.indices.map { DisplayWidth.pad(row[$0], to: widths[$0], alignRight: rightAligned.contains($0) && i > 0) }
                .joined(separator: "  ")
            if i > 0, let m = marks?[i - 1], !m.isEmpty { line += "  " + m }
            lines.append(line.trimmingTrailingSpaces())
            if i == 0 { lines.append(widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")) }
        }
        return lines.joined(separator: "\n")
    }

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
        let lo = try number(v.low), hi = try number(v.high), step = try number(v.step)
        guard let a = lo.numeric, let b = hi.numeric, let s = step.numeric else { return ([], false) }
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
            let x = a + s * Rational(k)
            out.append(ratio ? .ratio(x) : .number(x))
        }
        return (out, ratio)
    }

    /// A literal expression for a value, to put in an override.
    static func literal(_ v: Value, _ span: SourceSpan) -> Expr {
        switch v {
        case .ratio(let x): return .percent(.number(x * .hundred, span), span)
        case .number(let x): return .number(x, span)
        case .string(let s): return .string(s, span)
        case .bool(let b): return .bool(b, span)
        default: return .number(.zero, span)
        }
    }

    /// `table …`: one variable gives a row per value (the current value marked as the
    /// baseline); two give a grid.
    func sensitivity(_ t: Sensitivity) throws(Diagnostic) -> String {
        resolvedCells = [:]
        defer { resolvedCells = [:] }
        let first = t.variables[0]
        let (xs, _) = try points(first)
        if t.variables.count == 1 {
            let limit = settings.limits.maxTableCells
            if xs.count * t.expressions.count > limit {
                throw Diagnostic(.tableTooLarge(shape: "\(xs.count) 行 × \(t.expressions.count) 列", limit: limit), at: t.span)
            }
            var evaluator = Evaluator(environment: environment, settings: settings)
            let baseline = try evaluator.evaluate(first.path)
            var values = xs
            if let b = baseline.numeric, !values.contains(where: { $0.numeric == b }) {
                // The points are in order: the baseline goes where it belongs.
                values.insert(baseline, at: values.firstIndex { ($0.numeric ?? .zero) > b } ?? values.count)
            }
            var rows: [[String]] = []
            var marks: [String] = []
            var notes = Footnotes()
            for x in values {
                try settings.checkInterruption(t.span)
                let results = try evaluateUnder([(first.path, x)], t.expressions)
                var row = [format.displayResult(x)]
                for r in results { row.append(cell(r, &notes)) }
                rows.append(row)
                marks.append(x.numeric == baseline.numeric ? "← 基线" : "")
            }
            return ([Session.grid([first.path.span.text] + t.expressions.map(\.span.text), rows,
                                  rightAligned: Set(0...t.expressions.count), marks: marks)] + notes.lines).joined(separator: "\n")
        }
        let second = t.variables[1]
        let (ys, _) = try points(second)
        let limit = settings.limits.maxTableCells
        if xs.count * ys.count > limit {
            throw Diagnostic(.tableTooLarge(shape: "\(xs.count) × \(ys.count) 格", limit: limit), at: t.span)
        }
        var rows: [[String]] = []
        var notes = Footnotes()
        for x in xs {
            var row = [format.displayResult(x)]
            for y in ys {
                try settings.checkInterruption(t.span)
                row.append(cell(try evaluateUnder([(first.path, x), (second.path, y)], t.expressions)[0], &notes))
            }
            rows.append(row)
        }
        let corner = "\(first.path.span.text) ＼ \(second.path.span.text)"
        let header = [corner] + ys.map { format.displayResult($0) }
        return ([t.expressions[0].span.text, Session.grid(header, rows, rightAligned: Set(0..<header.count))] + notes.lines).joined(separator: "\n")
    }

    /// Values of `exprs` with the given paths set to the given values.
    func evaluateUnder(_ settings: [(Expr, Value)], _ exprs: [Expr]) throws(Diagnostic) -> [Value] {
        // Cells are set directly (resolved once per table, checked by the first point);
        // anything else goes through `assume`'s full path.
        var cells: [(Overrides.CellKey, Value)] = []
        for (target, value) in settings {
            guard let key = resolvedCells[target.span.text] else { cells = []; break }
            cells.append((key, value))
        }
        let assumptions = settings.map { Assignment(target: $0.0, value: Session.literal($0.1, $0.0.span), span: $0.0.span) }
        return try temporarily { () throws(Diagnostic) -> [Value] in
            if cells.count == settings.count {
                for (key, value) in cells {
                    environment.overrides.cells[key] = value
                    workspace.invalidate(key)
                }
            } else {
                var keys: [Overrides.CellKey?] = []
                for a in assumptions { keys.append(try workspace.apply(a)) }
                if keys.allSatisfy({ $0 != nil }) {
                    for (a, key) in zip(assumptions, keys) { resolvedCells[a.target.span.text] = key }
                }
            }
            var evaluator = Evaluator(environment: environment, settings: self.settings)
            var out: [Value] = []
            for e in exprs { out.append(try evaluator.evaluate(e)) }
            return out
        }
    }
}
