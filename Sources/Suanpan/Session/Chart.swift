/// `chart EXPR` (`图表`): a structure chart of the parts EXPR names —
/// - a column of some rows (`支出决算表.类.本年支出合计`, `项目.调整后预算数`): one part
///   per row, labelled by the row's key and name;
/// - a row (`收入决算表["合计"]`): its numeric fields, less totals (合计/总计/小计) and
///   the key column;
/// - a list of numbers: parts 第 1 项, 第 2 项 …
/// Values come from the evaluator, so assumptions and rules apply as everywhere.
extension Session {
    func chart(_ e: Expr) throws(Diagnostic) -> String {
        var evaluator = Evaluator(environment: environment, settings: settings)
        var parts: [BarChart.Part] = []
        if case .member(let base, let field, _) = e, case .table(let view) = try evaluator.evaluate(base) {
            guard case .list(let values) = try evaluator.evaluate(e) else {
                throw Diagnostic(.typeMismatch(operation: "图表", expected: "一列数", found: "其他"), at: e.span)
            }
            let rows = Evaluator.columnRows(view)
            for (r, v) in zip(rows, values) {
                parts.append(BarChart.Part(label: view.table.rowLabel(r), value: try chartNumber(v, e.span, "「\(field)」")))
            }
        } else {
            switch try evaluator.evaluate(e) {
            case .row(let ref):
                let t = ref.table
                for (c, name) in t.columns.enumerated() where c != t.keyColumn && c != t.nameColumn
                    && !["合计", "总计", "小计"].contains(where: { name.contains($0) }) {
                    if let x = try evaluator.member(.row(ref), name, e.span).numeric, case .number = t.value(ref.row, c) {
                        parts.append(BarChart.Part(label: name, value: x))
                    }
                }
            case .list(let values):
                for (k, v) in values.enumerated() {
                    parts.append(BarChart.Part(label: "第 \(k + 1) 项", value: try chartNumber(v, e.span, "第 \(k + 1) 项")))
                }
            case let other:
                throw Diagnostic(.typeMismatch(operation: "图表", expected: "一列数、一行或一个数的列表", found: other.described), at: e.span)
            }
        }
        if parts.isEmpty { throw Diagnostic(.domain("没有可以画的数"), at: e.span) }
        if let negative = parts.first(where: { $0.value.signum < 0 }) {
            throw Diagnostic(.domain("结构图的各部分不能为负数：「\(negative.label)」是 \(format.display(.number(negative.value)))"), at: e.span)
        }
        if parts.allSatisfy({ $0.value.isZero }) { throw Diagnostic(.domain("各部分都是 0，没有结构可画"), at: e.span) }
        return BarChart(title: e.span.text, parts: parts, width: chartWidth, blocks: chartBlocks, colour: chartColour, format: format).render()
    }

    func chartNumber(_ v: Value, _ span: SourceSpan, _ what: String) throws(Diagnostic) -> Rational {
        guard let x = v.numeric else {
            throw Diagnostic(.typeMismatch(operation: "图表（\(what)）", expected: "数字", found: v.described), at: span)
        }
        return x
    }
}

extension Session {
    /// `chart compare a, b : exprs`: each expression's value in each scenario as bars on
    /// a common scale, with the change from the first scenario and its 增长率.
    func chartCompare(_ names: [(String, SourceSpan)], _ exprs: [Expr]) throws(Diagnostic) -> String {
        let (columns, results) = try compared(names, exprs)
        var groups: [PairedBars.Group] = []
        for (k, e) in exprs.enumerated() {
            var values: [Rational] = [], shown: [String] = [], changes: [String] = []
            let base = results[0][k]
            for (i, (name, _)) in columns.enumerated() {
                let v = results[i][k]
                let x = try chartNumber(v, e.span, "「\(name)」的值")
                if x.signum < 0 {
                    throw Diagnostic(.domain("对比图的值不能为负数：「\(name)」中是 \(format.displayResult(v))"), at: e.span)
                }
                values.append(x)
                shown.append(format.displayResult(v))
                guard i > 0, let b = base.numeric else {
                    changes.append("")
                    continue
                }
                let d = x - b
                let sign = d.signum > 0 ? "+" : ""
                let delta = sign + ((base.isRatio || v.isRatio) ? format.percent(d) : format.plain(d))
                changes.append(d.isZero ? "不变" : delta + "  " + (b.isZero ? "—" : sign + format.percent(d / b.magnitude)))
            }
            groups.append(PairedBars.Group(title: e.span.text, values: values, shown: shown, changes: changes))
        }
        return PairedBars(scenarios: columns.map(\.0), groups: groups, width: chartWidth, blocks: chartBlocks, colour: chartColour).render()
    }
}

extension Session {
    /// `chart table X for P in a..b step s`: the one-variable sensitivity table as a
    /// plot, with the grade bands marked when X is a 总分 and the breakpoints listed.
    func chartTable(_ t: Sensitivity) throws(Diagnostic) -> String {
        guard t.variables.count == 1, t.expressions.count == 1 else {
            throw Diagnostic(.domain("图只能画一个表达式对一个变量的表（两个变量或多个表达式请用 table）"), at: t.span)
        }
        resolvedCells = [:]
        defer { resolvedCells = [:] }
        let variable = t.variables[0], e = t.expressions[0]
        let (points, _) = try points(variable)
        guard points.count >= 2 else { throw Diagnostic(.domain("取值范围里至少要有两个点才能画图"), at: variable.step.span) }
        var xs: [Rational] = [], ys: [Rational] = []
        var isRatio = false
        for x in points {
            try settings.checkInterruption(t.span)
            let v = try evaluateUnder([(variable.path, x)], [e])[0]
            xs.append(x.numeric ?? .zero)
            ys.append(try chartNumber(v, e.span, "\(format.displayResult(x)) 处的值"))
            isRatio = isRatio || v.isRatio
        }
        let xRatio = points.first?.isRatio ?? false
        var levels: [LinePlot.Level] = []
        if e.span.text.hasSuffix("总分") {
            let lo = ys.min()!, hi = ys.max()!
            for band in settings.gradeBands.bands where band.minimum >= lo - Rational(5) && band.minimum <= hi + Rational(5) {
                levels.append(.init(label: "\(band.grade) ≥", value: band.minimum))
            }
        }
        let format = self.format
        return LinePlot(title: "\(e.span.text)　随 \(variable.path.span.text) 变化", xs: xs, ys: ys,
                        xText: { format.displayResult(xRatio ? .ratio($0) : .number($0)) },
                        yText: { format.displayResult(isRatio ? .ratio($0) : .number($0)) },
                        levels: levels, width: chartWidth, blocks: chartBlocks, colour: chartColour).render()
    }
}
