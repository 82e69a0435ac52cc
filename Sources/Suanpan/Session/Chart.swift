import SuanpanCharts
import SuanpanData
import SuanpanEvaluation
import SuanpanLanguage

/// `chart …` (`图表`): the session's values drawn as one of three shapes — a structure
/// chart, paired bars (before/after, or scenarios), a plot of a sensitivity table —
/// in the terminal as text, or with `to "file.svg"` as an SVG file written atomically.
/// `figure NAME = …` names a chart (the bundled dataset names the report's own), and
/// `chart NAME` draws it under its title. Values come from the evaluator, so
/// assumptions and rules apply as everywhere.
enum ChartDrawing {
    case structure(BarChart)
    case pairs(PairedBars)
    case plot(LinePlot)

    func text() -> String {
        switch self {
        case .structure(let c): return c.render()
        case .pairs(let c): return c.render()
        case .plot(let c): return c.render()
        }
    }

    func svg() -> SVGChart {
        switch self {
        case .structure(let c): return c.svg()
        case .pairs(let c): return c.svg()
        case .plot(let c): return c.svg()
        }
    }
}

extension Session {
    /// What draws the session's charts: its workspace, scenarios and display.
    func chartMaker() -> ChartMaker {
        ChartMaker(
            workspace: workspace, scenarios: scenarios, scenarioOrder: scenarioOrder,
            chartWidth: chartWidth, chartBlocks: chartBlocks, chartColour: chartColour)
    }

    /// Runs `chart …`: draws in the terminal, or writes the SVG file.
    func chart(_ c: Chart, emit: (Output) -> Void) throws(Diagnostic) {
        if let (path, span) = c.file {
            guard path.lowercased().hasSuffix(".svg") else {
                throw Diagnostic(
                    .domain("图只能写成 SVG 文件：文件名要以 .svg 结尾，这里是「\(path)」"), at: span,
                    notes: ["提示：如 chart 本年支出决算结构图 to \"支出结构.svg\"；不写 to 则画在终端里"])
            }
            guard path.count > 4, !path.hasSuffix("/.svg") else {
                throw Diagnostic(
                    .domain("「.svg」前面要有文件名，这里是「\(path)」"), at: span,
                    notes: ["提示：如 chart 本年支出决算结构图 to \"支出结构.svg\""])
            }
            let drawing = try chartMaker().drawing(c.body, title: nil, visiting: [])
            let svg = drawing.svg()
            try files.write(svg.text, to: path, span: span)
            emit(.text("已写入 \(path)：「\(svg.title)」，SVG \(svg.width)×\(svg.height)"))
        } else {
            emit(.text(try chartMaker().drawing(c.body, title: nil, visiting: []).text()))
        }
    }

    /// `figure NAME ["title"] = …`: remembered (a later one of the same name replaces
    /// it), drawn when asked for.
    func define(_ figure: Figure) throws(Diagnostic) {
        if case .structure(let parts) = figure.body, parts.count == 1, parts[0].label == nil,
            case .name(let n, let span) = parts[0].expr, n == figure.name
        {
            throw Diagnostic(.domain("图「\(n)」不能画它自己"), at: span)
        }
        // (A dataset's figure is not refused for a name of the user's: it loads, and the
        // user's value is what `chart NAME` draws.)
        if !installingDataset, environment.variables[figure.name] != nil || environment.dataset?.table(figure.name) != nil {
            throw Diagnostic(
                .domain("「\(figure.name)」已是\(environment.variables[figure.name] != nil ? "一个名称" : "一张表")，图要另起一个名字"), at: figure.span)
        }
        environment.define(figure)
    }
}

/// Draws a chart body from a workspace: a structure chart, paired bars or a plot,
/// each value evaluated as everywhere (scenarios and table points in forks).
struct ChartMaker: OverWorkspace {
    let workspace: Workspace
    let scenarios: [String: Scenario]
    let scenarioOrder: [String]
    /// Columns to draw in, whether block characters may be used, whether in colour.
    let chartWidth: Int
    let chartBlocks: Bool
    let chartColour: Bool

    /// The figure a bare name in `chart NAME` means, when the name is no variable or
    /// table (those are drawn as values): that figure, or the one figure whose name
    /// contains it (`chart 收入决算结构图` finds 本年收入决算结构图).
    func figure(named name: String, at span: SourceSpan) throws(Diagnostic) -> Figure? {
        guard environment.variables[name] == nil, environment.dataset?.table(name) == nil else { return nil }
        if let f = environment.figures.first(where: { $0.name == name }) { return f }
        guard environment.functions[name] == nil else { return nil }
        let containing = environment.figures.filter { $0.name.contains(name) }
        if containing.count > 1 {
            throw Diagnostic(.domain("「\(name)」可以指 \(containing.count) 张图，请写全名：" + containing.map(\.name).joined(separator: "、")), at: span)
        }
        return containing.first
    }

    func drawing(_ body: ChartBody, title: String?, visiting: Set<String>) throws(Diagnostic) -> ChartDrawing {
        switch body {
        case .structure(let parts):
            if parts.count == 1, parts[0].label == nil {
                let e = parts[0].expr
                if case .name(let n, let span) = e {
                    if let f = try figure(named: n, at: span) {
                        guard !visiting.contains(f.name) else { throw Diagnostic(.domain("图「\(f.name)」绕回了它自己"), at: span) }
                        return try drawing(f.body, title: title ?? f.shownTitle, visiting: visiting.union([f.name]))
                    }
                    return .structure(try structure(of: e, title: title, figureHint: true))
                }
                return .structure(try structure(of: e, title: title, figureHint: false))
            }
            let values = try evaluated(parts)
            var chartParts: [BarChart.Part] = []
            for (part, v) in zip(parts, values) {
                chartParts.append(BarChart.Part(label: part.shownLabel, value: try chartNumber(v, part.expr.span, "「\(part.shownLabel)」")))
            }
            return .structure(
                try structureChart(chartParts, title: title ?? "结构图", span: parts[0].expr.span.through(parts.last!.expr.span)))
        case .change(let parts):
            let values = try evaluated(parts)
            let labels = parts.map(\.shownLabel)
            let groupTitle = title ?? "变动：" + labels.joined(separator: " → ")
            let group = try pairedGroup(groupTitle, values, labels, parts.map(\.expr.span))
            return .pairs(
                PairedBars(title: nil, scenarios: labels, groups: [group], width: chartWidth, blocks: chartBlocks, colour: chartColour))
        case .compare(let names, let exprs):
            return .pairs(try chartCompare(names, exprs, title: title))
        case .table(let t):
            return .plot(try chartTable(t, title: title))
        }
    }

    /// Each part's value, in the session as it is.
    func evaluated(_ parts: [ChartPart]) throws(Diagnostic) -> [Value] {
        var evaluator = Evaluator(environment: environment, settings: settings)
        var values: [Value] = []
        for part in parts { values.append(try evaluator.evaluate(part.expr)) }
        return values
    }

    /// A column of some rows (`支出决算表.类.本年支出合计`, `项目.调整后预算数`): one part
    /// per row, labelled by the row's key and name; a row (`收入决算表["合计"]`): its
    /// numeric fields, less totals (合计/总计/小计) and the key column; a list: parts
    /// 第 1 项, 第 2 项 ….
    func structure(of e: Expr, title: String?, figureHint: Bool) throws(Diagnostic) -> BarChart {
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
            let amounts = values.contains { if case .amount = $0 { return true } else { return false } }
            return try structureChart(parts, title: titled(title ?? e.span.text, amounts: amounts), span: e.span)
        } else {
            let value: Value
            do {
                value = try evaluator.evaluate(e)
            } catch {
                var error = error
                if figureHint, case .unknownName = error.kind, !environment.figures.isEmpty {
                    error.notes.append("可以画的图：" + environment.figures.map(\.name).joined(separator: "、") + "（:figures 列出）")
                }
                throw error
            }
            var amounts = false
            switch value {
            case .row(let ref):
                let t = ref.table
                for (c, name) in t.columns.enumerated()
                where c != t.keyColumn && c != t.nameColumn
                    && !["合计", "总计", "小计"].contains(where: { name.contains($0) })
                {
                    guard case .number = t.value(ref.row, c) else { continue }
                    let v = try evaluator.member(.row(ref), name, e.span)
                    if case .amount = v { amounts = true }
                    parts.append(BarChart.Part(label: name, value: try chartNumber(v, e.span, "「\(name)」")))
                }
            case .list(let values):
                for (k, v) in values.enumerated() {
                    parts.append(BarChart.Part(label: "第 \(k + 1) 项", value: try chartNumber(v, e.span, "第 \(k + 1) 项")))
                    if case .amount = v { amounts = true }
                }
            case let other:
                throw Diagnostic(.typeMismatch(operation: "图表", expected: "一列数、一行或一个数的列表", found: other.described), at: e.span)
            }
            return try structureChart(parts, title: titled(title ?? e.span.text, amounts: amounts), span: e.span)
        }
    }

    func structureChart(_ parts: [BarChart.Part], title: String, span: SourceSpan) throws(Diagnostic) -> BarChart {
        if parts.isEmpty { throw Diagnostic(.domain("没有可以画的数"), at: span) }
        if let negative = parts.first(where: { $0.value.signum < 0 }) {
            throw Diagnostic(.domain("结构图的各部分不能为负数：「\(negative.label)」是 \(format.display(.number(negative.value)))"), at: span)
        }
        if parts.allSatisfy({ $0.value.isZero }) { throw Diagnostic(.domain("各部分都是 0，没有结构可画"), at: span) }
        return BarChart(title: title, parts: parts, width: chartWidth, blocks: chartBlocks, colour: chartColour, format: format)
    }

    func chartNumber(_ v: Value, _ span: SourceSpan, _ what: String) throws(Diagnostic) -> Rational {
        if case .notComputed(let n) = v {
            // A bar of an uncomputed figure would be a guess: the chart is not drawn.
            throw Diagnostic(
                .domain("图表（\(what)）的值未算出：\(n.described)"), at: span,
                notes: ["提示：先用 assume 给出需要判断的得分，或只画已算出的部分"])
        }
        guard let x = v.numeric else {
            throw Diagnostic(.typeMismatch(operation: "图表（\(what)）", expected: "数字", found: v.described), at: span)
        }
        // Amounts drawn in one unit: the display unit, else the dataset's.
        if case .amount(_, let u) = v { return u.convert(x, to: chartUnit) }
        return x
    }

    /// The unit amounts are drawn in.
    var chartUnit: MoneyUnit { format.displayUnit ?? settings.workingUnit }

    /// A chart's title, with the unit its amounts are drawn in when that is not the
    /// tables' own (`:unit 元`).
    func titled(_ title: String, amounts: Bool) -> String {
        guard amounts, let u = format.displayUnit else { return title }
        return title + "（单位：\(u.name)）"
    }

    /// One group of paired bars: each value with its display and its change from the
    /// first (Δ and 增长率).
    func pairedGroup(_ title: String, _ results: [Value], _ names: [String], _ spans: [SourceSpan]) throws(Diagnostic) -> PairedBars.Group {
        var values: [Rational] = []
        var shown: [String] = []
        var changes: [String] = []
        let base = results[0]
        for (i, v) in results.enumerated() {
            let x = try chartNumber(v, spans[i], "「\(names[i])」的值")
            values.append(x)
            shown.append(format.displayResult(v))
            guard i > 0, let change = Change(from: base, to: v, working: format.workingUnit) else {
                changes.append("")
                continue
            }
            changes.append(change.isZero ? "不变" : change.deltaText(format) + "  " + change.relativeText(format))
        }
        return PairedBars.Group(title: title, values: values, shown: shown, changes: changes)
    }
}

extension ChartMaker {
    /// `chart compare a, b : exprs`: each expression's value in each scenario as bars on
    /// a common scale, with the change from the first scenario and its 增长率.
    func chartCompare(_ names: [(String, SourceSpan)], _ exprs: [Expr], title: String?) throws(Diagnostic) -> PairedBars {
        let comparison = try ScenarioComparison(workspace: workspace, scenarios: scenarios, scenarioOrder: scenarioOrder).compare(
            names, exprs)
        let results = comparison.results
        var groups: [PairedBars.Group] = []
        for (k, e) in exprs.enumerated() {
            let labels = comparison.columns
            groups.append(try pairedGroup(e.span.text, results.map { $0[k] }, labels, labels.map { _ in e.span }))
        }
        return PairedBars(
            title: title, scenarios: comparison.columns, groups: groups, width: chartWidth, blocks: chartBlocks, colour: chartColour)
    }
}

extension ChartMaker {
    /// `chart table X for P in a..b step s`: the one-variable sensitivity table as a
    /// plot, with the grade bands marked when X is a 总分 and the breakpoints listed.
    func chartTable(_ t: Sensitivity, title: String?) throws(Diagnostic) -> LinePlot {
        guard t.variables.count == 1, t.expressions.count == 1 else {
            throw Diagnostic(.domain("图只能画一个表达式对一个变量的表（两个变量或多个表达式请用 table）"), at: t.span)
        }
        var table = SensitivityTable(workspace: workspace)
        let variable = t.variables[0]
        let e = t.expressions[0]
        let (points, _) = try table.points(variable)
        guard points.count >= 2 else { throw Diagnostic(.domain("取值范围里至少要有两个点才能画图"), at: variable.step.span) }
        var xs: [Rational] = []
        var ys: [Rational] = []
        var isRatio = false
        for x in points {
            try settings.checkInterruption(t.span)
            let v = try table.evaluateUnder([(variable.path, x)], [e])[0]
            xs.append(x.numeric ?? .zero)
            ys.append(try chartNumber(v, e.span, "\(format.displayResult(x)) 处的值"))
            isRatio = isRatio || v.isRatio
        }
        let xRatio = points.first?.isRatio ?? false
        var levels: [LinePlot.Level] = []
        if e.span.text.hasSuffix("总分") {
            let lo = ys.min()!
            let hi = ys.max()!
            for band in settings.gradeBands.bands where band.minimum >= lo - Rational(5) && band.minimum <= hi + Rational(5) {
                levels.append(.init(label: "\(band.grade) ≥", value: band.minimum))
            }
        }
        let format = self.format
        return LinePlot(
            title: title ?? "\(e.span.text)　随 \(variable.path.span.text) 变化", xName: variable.path.span.text, yName: e.span.text,
            xs: xs, ys: ys,
            xText: { format.displayResult(xRatio ? .ratio($0) : .number($0)) },
            yText: { format.displayResult(isRatio ? .ratio($0) : .number($0)) },
            levels: levels, width: chartWidth, blocks: chartBlocks, colour: chartColour)
    }
}
