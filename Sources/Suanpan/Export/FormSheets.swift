import SuanpanData
import SuanpanEvaluation
import SuanpanExport
import SuanpanLanguage

/// `export 自评表 项目["运维"]`: the project's 项目支出绩效自评表 in the standard layout
/// (datasets.md, "Forms") with the figures the rules give — 执行率, 得分, 总分 and
/// 等级 recomputed — and the published figure beside any that differs. suanpan reads
/// the form back into the same 项目 and 指标 rows.
struct FormSheets: OverWorkspace {
    let workspace: Workspace

    /// The forms of a project row, or of each row of a row set of 项目.
    func forms(_ e: Expr) throws(Diagnostic) -> [Sheet] {
        var evaluator = Evaluator(environment: environment, settings: settings)
        let v = try evaluator.evaluate(e)
        let refs: [RowRef]
        switch v {
        case .row(let ref): refs = [ref]
        case .table(let view): refs = view.rowIndices.map { RowRef(table: view.table, row: $0) }
        default:
            throw Diagnostic(
                .typeMismatch(operation: "「自评表」", expected: "项目表的一行或几行（如 项目[\"运维\"]、项目[表别 == \"市级\"]）", found: v.described), at: e.span)
        }
        guard let t = refs.first?.table else { throw Diagnostic(.domain("没有要导出的项目（0 行）"), at: e.span) }
        guard ["执行率", "总分"].allSatisfy({ t.columnIndex($0) != nil || environment.rules[t.name]?[$0] != nil }) else {
            throw Diagnostic(
                .domain("「\(t.name)」不是项目表：自评表要有执行率和总分（项目表的规则）"), at: e.span, notes: ["提示：如 export 自评表 项目[\"运维\"] to \"运维.xlsx\""])
        }
        return try refs.map { ref throws(Diagnostic) in try form(ref, &evaluator, e.span) }
    }

    /// One form. Columns A–I as the standard form prints them; J holds the published
    /// figure where the recomputed one differs.
    func form(_ ref: RowRef, _ evaluator: inout Evaluator, _ span: SourceSpan) throws(Diagnostic) -> Sheet {
        let t = ref.table
        let unit = format.displayUnit ?? t.moneyUnit(ofColumn: t.columnIndex("调整后预算数") ?? 0) ?? settings.workingUnit
        var grid: [[SheetCell]] = []
        var merges: [Sheet.CellRange] = []
        var notes = Footnotes()
        var differing: [String] = []
        func put(_ r: Int, _ c: Int, _ cell: SheetCell) {
            while grid.count <= r { grid.append([]) }
            while grid[r].count <= c { grid[r].append(.empty) }
            grid[r][c] = cell
        }
        func merge(_ r: Int, _ c1: Int, _ r2: Int, _ c2: Int, _ cell: SheetCell) {
            put(r, c1, cell)
            put(r2, c2, grid.indices.contains(r2) && grid[r2].indices.contains(c2) ? grid[r2][c2] : .empty)
            if r2 > r || c2 > c1 { merges.append(Sheet.CellRange(r, c1, r2, c2)) }
        }
        let sheets = ResultSheets(workspace: workspace)
        func value(_ table: Table, _ row: Int, _ field: String) -> Value {
            do throws(Diagnostic) { return try evaluator.field(RowRef(table: table, row: row), field, span) ?? .empty } catch {
                return .notComputed(.error(error.message))
            }
        }
        func text(_ table: Table, _ row: Int, _ field: String) -> SheetCell {
            guard let c = table.columnIndex(field) else { return .empty }
            let s = table.text(row, c).trimmingSpaces()
            return s.isEmpty ? .empty : .text(s)
        }
        /// The figure now (a rule's result where there is one), in the form's unit; the
        /// published figure noted in J when it differs.
        /// A note in column J of row `r`, after any already there.
        func side(_ r: Int, _ text: String) {
            let old = r < grid.count && grid[r].count > 9 ? grid[r][9].shown : ""
            put(r, 9, .text(old.isEmpty ? text : old + "；" + text))
        }
        func figure(_ table: Table, _ row: Int, _ field: String, at r: Int, _ c: Int) {
            let v = value(table, row, field)
            if case .notComputed(let n) = v {
                // Left blank for the evaluator to fill, as a form is filed: read back, it
                // is not computed again for the same reason. Its mark stands beside it.
                side(r, "\(field)：" + notes.mark(n))
                return
            }
            put(r, c, sheets.cell(v, unit: unit, &notes))
            guard environment.rules[table.name]?[field] != nil, let d = table.columnIndex(field) else { return }
            let publishedText = table.text(row, d).trimmingSpaces()
            guard !publishedText.isEmpty, FormSheets.differs(table.cellValue(row, d), publishedText, v, format) else { return }
            let line = "\(field) 公布 \(publishedText)"
            let first = r >= grid.count || grid[r].count <= 9 || grid[r][9] == .empty
            side(r, first ? "公布：" + publishedText : line)
            differing.append("\(table.name == t.name ? "" : "「\(table.rowLabel(row).prefix(20))」")\(line)，重算 \(format.displayResult(v))")
        }
        let year = environment.dataset?.year.map { "（\($0) 年度）" } ?? ""
        merge(0, 0, 0, 8, .text("项目支出绩效自评表"))
        merge(1, 0, 1, 8, .text(year))
        merge(2, 0, 2, 8, .text("单位：\(unit.name)"))
        put(3, 0, .text("项目名称"))
        merge(3, 1, 3, 4, text(t, ref.row, "项目名称"))
        put(3, 5, .text("主管部门"))
        merge(3, 6, 3, 8, text(t, ref.row, "主管部门"))
        put(4, 0, .text("实施单位"))
        merge(4, 1, 4, 4, text(t, ref.row, "实施单位"))
        put(4, 5, .text("项目编号"))
        merge(4, 6, 4, 8, .text(t.key(ref.row)))
        // 项目资金: the fund block's header and its 年度资金总额 row.
        let points = value(t, ref.row, "执行分值")
        merge(5, 0, 6, 0, .text("项目资金" + (points.numeric.map { "（\(format.plain($0))分）" } ?? "")))
        for (c, h) in ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"].enumerated() { put(5, 2 + c, .text(h)) }
        put(6, 1, .text("年度资金总额"))
        for (c, field) in ["年初预算数", "调整后预算数", "全年执行数", "执行分值", "执行率", "执行得分"].enumerated() {
            figure(t, ref.row, field, at: 6, 2 + c)
        }
        merge(7, 0, 8, 0, .text("年度总体目标"))
        merge(7, 1, 7, 4, .text("年初预期目标"))
        merge(7, 5, 7, 8, .text("目标实际完成情况"))
        merge(8, 1, 8, 4, text(t, ref.row, "年度总体目标"))
        merge(8, 5, 8, 8, text(t, ref.row, "目标实际完成情况"))
        // The indicator block: a row per 三级指标, 一级 and 二级 merged over their rows.
        let top = 9
        for (c, h) in ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"].enumerated() {
            put(top, 1 + c, .text(h))
        }
        var r = top + 1
        if let link = t.children.first(where: { $0.table.name == "指标" }) ?? t.children.first {
            let ind = link.table
            let rows = ind.rows(linkedTo: t.key(ref.row), column: link.column)
            for row in rows {
                put(r, 1, text(ind, row, "一级指标"))
                put(r, 2, text(ind, row, "二级指标"))
                put(r, 3, text(ind, row, "三级指标"))
                put(r, 4, text(ind, row, "指标值"))
                put(r, 5, text(ind, row, "实际值"))
                figure(ind, row, "分值", at: r, 6)
                figure(ind, row, "得分", at: r, 7)
                put(r, 8, text(ind, row, "偏差原因"))
                r += 1
            }
            for c in [1, 2] {
                var i = top + 1
                while i < r {
                    var j = i
                    while j + 1 < r, grid[j + 1][c] == grid[i][c], c == 1 || grid[j + 1][1] == grid[i][1] { j += 1 }
                    if j > i { merges.append(Sheet.CellRange(i, c, j, c)) }
                    i = j + 1
                }
            }
        }
        if r > top + 1 { merges.append(Sheet.CellRange(top, 0, r - 1, 0)) }
        put(top, 0, .text("年度绩效指标"))
        // 小计, 总分 and the grade.
        merge(r, 0, r, 5, .text("小计"))
        if t.columnIndex("小计分值") != nil || environment.rules[t.name]?["小计分值"] != nil {
            figure(t, ref.row, "小计分值", at: r, 6)
        } else if let link = t.children.first {
            let rows = link.table.rows(linkedTo: t.key(ref.row), column: link.column)
            let weights = rows.compactMap { value(link.table, $0, "分值").numeric }
            if weights.count == rows.count { put(r, 6, .number(Rational.sum(weights), places: sheets.places(Rational.sum(weights)))) }
        }
        figure(t, ref.row, "指标得分", at: r, 7)
        merge(r + 1, 0, r + 1, 5, .text("总分"))
        figure(t, ref.row, "总分", at: r + 1, 7)
        merge(r + 2, 0, r + 2, 5, .text("自评等级"))
        figure(t, ref.row, "等级", at: r + 2, 6)
        merges.append(Sheet.CellRange(r + 2, 6, r + 2, 8))
        var noteText =
            "注：执行率、得分、总分和自评等级由 suanpan 按评分规则重算"
            + (differing.isEmpty ? "，与原表公布数一致" : "；与原表公布数不同的 \(differing.count) 处，原数写在右侧「公布」一栏")
        let open = notes.notes.reduce(0) { $0 + $1.count }
        if open > 0 { noteText += "；未算出的 \(open) 处留空待评价人填写，右侧标有未算出[n]，原因见下" }
        noteText += "。"
        merge(r + 4, 0, r + 4, 8, .text(noteText))
        // Why a figure is not computed, under the note (right of a blank cell: 未算出[n]).
        for (k, line) in notes.lines.enumerated() { merge(r + 5 + k, 0, r + 5 + k, 8, .text(line)) }
        // A form prints its percentages at their shown decimals (99.77%), and that is the
        // figure it holds: read back, it is the published 执行率 as a form prints it.
        grid = grid.map { row in
            row.map { cell in
                if case .ratio(let x, let p) = cell { return .ratio(x.rounded(places: Int(p) + 2), places: p) }
                return cell
            }
        }
        var sheet = Sheet(name: t.key(ref.row), title: "", header: [], rows: grid)
        sheet.merges = merges
        sheet.isForm = true
        sheet.filterable = false
        sheet.title = ResultSheets(workspace: workspace).title("自评表「\(t.rowLabel(ref.row))」（按规则重算）")
        sheet.notes = differing.map { "与公布数不同：" + $0 }
        return sheet
    }

    /// Whether a recomputed figure differs from the published one as the form prints
    /// them: both at the finer of their decimals (a percentage at the display
    /// precision), so 95 beside 94.89 differs and 0.99768 beside 99.77% does not.
    static func differs(_ published: Value, _ text: String, _ now: Value, _ format: NumberFormat) -> Bool {
        if case .notComputed = now { return false }
        if case .string(let a) = published, case .string(let b) = now { return a != b }
        guard let p = published.numeric, var n = now.numeric else { return published != now }
        if now.isRatio || published.isRatio || text.hasSuffix("%") {
            let places = format.precision + 2
            return p.rounded(places: places) != n.rounded(places: places)
        }
        if case .amount(let a, let u) = now, case .amount(_, let pu) = published { n = u.convert(a, to: pu) }
        let places = max(printedPlaces(text), n.terminatingPlaces.map { min($0, format.maxExactPlaces) } ?? format.precision)
        return p.rounded(places: places) != n.rounded(places: places)
    }
}
