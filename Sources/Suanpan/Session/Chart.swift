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
        return BarChart(title: e.span.text, parts: parts, width: chartWidth, blocks: chartBlocks, format: format).render()
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
        return PairedBars(scenarios: columns.map(\.0), groups: groups, width: chartWidth, blocks: chartBlocks).render()
    }
}
