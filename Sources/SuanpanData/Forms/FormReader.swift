import Foundation
import SuanpanLanguage

/// One cell a form's figure was read from.
package struct FormCell: Sendable {
    package let text: String
    package let row: Int
    package let column: Int
}

/// A 自评表 read from a sheet: its header figures (by 项目 column) and its indicator
/// rows (by 指标 column), each a cell with its place.
package struct Form {
    package let file: String
    package let sheet: String?
    package var title = ""
    package var kind = "项目支出"
    package var year: Int?
    package var unit: String?
    /// The row the form's name label is on.
    package var nameRow = 0
    package var fields: [String: FormCell] = [:]
    package var indicators: [[String: FormCell]] = []
    /// Where the blocks are, for the place of a cell left empty: the indicator block's
    /// columns (指标 column → sheet column) and each indicator's sheet row; the fund
    /// block's columns and its total row.
    package var indicatorColumns: [String: Int] = [:]
    package var indicatorRows: [Int] = []
    package var fundColumns: [String: Int] = [:]
    package var fundRow: Int?
    /// Missing parts, figures without a result: data problems of this form.
    package var problems: [DataProblem] = []

    package var name: String { fields["项目名称"]?.text.trimmingSpaces() ?? "" }
}

/// Finds a form's parts by their labels, not by cell addresses (datasets.md, "Forms"):
/// forms move rows and columns, add blank rows, merge differently and put the year in
/// the title. A sheet may hold one form or several, one below the other.
///
/// The parts, top to bottom: title rows (the year, `单位：万元`); the header block
/// (`项目名称`, `主管部门`, `实施单位` … each followed by its value); the 项目资金 block (a
/// header row of `年初预算数 全年预算数 全年执行数 分值 执行率 得分` and its `年度资金总额`
/// row); the indicator block (a header row of `一级指标 二级指标 三级指标 年度指标值
/// 实际完成值 分值 得分 偏差原因`, possibly over a second row of `指标性质 指标值 度量单位`,
/// then one row per indicator); the `小计` and `总分` rows; a `自评等级` anywhere.
package enum FormReader {
    /// The forms on a sheet: empty when the sheet is not a form (no name label with an
    /// indicator or fund block below it).
    package static func forms(_ grid: FormGrid) -> [Form] {
        let rows = grid.rows
        guard rows.count >= 3 else { return [] }
        // A label is short: a long text (a goal, a reason) is never one.
        let labels = rows.map { $0.cells.map { $0.text.utf8.count <= 120 ? FormWords.label($0.text) : (label: "", notes: []) } }
        let names = Set(FormWords.nameLabels)
        // Each indicator (or fund) header row closes a form whose name label is the last
        // one above it and below the previous form.
        var starts: [(name: Int, indicator: Int?, fund: Int?)] = []
        var lastName: Int?
        func isName(_ i: Int) -> Bool {
            if let k = labels[i].firstIndex(where: { names.contains($0.label) }), valueRight(grid, rows, labels, i, k) != nil {
                return true
            }
            return rows[i].cells.contains { FormWords.inline($0.text)?.field == "项目名称" }
        }
        // A form that prints no name label (some 部门整体 forms) starts at the sheet's top.
        // It needs both blocks, the fund block first: a tidy 指标 table has an indicator
        // header and nothing else.
        if !rows.indices.contains(where: isName), let f = rows.indices.first(where: { isFundHeader(labels[$0]) }),
            rows.indices.contains(where: { $0 > f && isIndicatorHeader(labels[$0]) })
        {
            lastName = 0
        }
        for i in rows.indices {
            if isName(i) {
                lastName = i
                continue
            }
            guard let n = lastName else { continue }
            if isIndicatorHeader(labels[i]) {
                if let k = starts.indices.last, starts[k].name == n {
                    if starts[k].indicator == nil { starts[k].indicator = i }
                } else {
                    starts.append((n, i, nil))
                }
            } else if isFundHeader(labels[i]) {
                if let k = starts.indices.last, starts[k].name == n {
                    if starts[k].fund == nil { starts[k].fund = i }
                } else {
                    starts.append((n, nil, i))
                }
            }
        }
        var forms: [Form] = []
        var top = 0
        for (k, s) in starts.enumerated() {
            let end = k + 1 < starts.count ? starts[k + 1].name : rows.count
            let (form, last) = read(grid, rows, labels, top: top, name: s.name, fund: s.fund, indicator: s.indicator, end: end)
            forms.append(form)
            // The next form's title and code rows start below this one's last row read.
            top = min(last + 1, end)
        }
        return forms
    }

    static func isIndicatorHeader(_ labels: [(label: String, notes: [String])]) -> Bool {
        let l = labels.map(\.label)
        let weighted = l.contains { ["分值", "权重", "指标权重", "指标分值"].contains($0) }
        return (l.contains("三级指标") || l.contains("三级指标名称") || (l.contains("指标名称") && (l.contains("一级指标") || weighted)))
            && l.contains { $0.contains("指标值") || $0.contains("目标值") || $0.contains("实际") }
    }

    static func isFundHeader(_ labels: [(label: String, notes: [String])]) -> Bool {
        let l = labels.map(\.label)
        let has = { (column: String) in
            l.contains { x in FormWords.fundColumns.first { $0.column == column }?.matches(x) ?? false }
        }
        return has("全年执行数") && (has("调整后预算数") || has("年初预算数"))
    }

    /// The filled cell right of cell `i` of row `r` that is not the label again (a merged
    /// label) nor another label: the label's value.
    static func valueRight(
        _ grid: FormGrid, _ rows: [(row: Int, cells: [(column: Int, text: String)])], _ labels: [[(label: String, notes: [String])]],
        _ r: Int, _ i: Int
    ) -> FormCell? {
        let cells = rows[r].cells
        let own = cells[i].text
        var j = i + 1
        while j < cells.count {
            defer { j += 1 }
            if cells[j].text == own { continue }
            if FormWords.allHeaderLabels.contains(labels[r][j].label) { return nil }
            return grid.cell(cells[j].text.trimmingSpaces(), rows[r].row, cells[j].column)
        }
        return nil
    }

    private static func read(
        _ grid: FormGrid, _ rows: [(row: Int, cells: [(column: Int, text: String)])], _ labels: [[(label: String, notes: [String])]],
        top: Int, name: Int, fund: Int?, indicator: Int?, end: Int
    ) -> (Form, last: Int) {
        var form = Form(file: grid.file, sheet: grid.sheet)
        form.nameRow = rows[name].row
        let blockStart = [fund, indicator].compactMap { $0 }.min() ?? end
        // Title rows: the year and the unit (down to the first block on a form that
        // prints no name label).
        var titles: [String] = []
        let named =
            name > top
            || rows[name].cells.contains {
                FormWords.nameLabels.contains(FormWords.label($0.text).label) || FormWords.inline($0.text)?.field == "项目名称"
            }
        for r in top..<(named ? name : blockStart) { titles += rows[r].cells.map(\.text) }
        var seenTitles = Set<String>()
        titles = titles.filter { seenTitles.insert($0).inserted }
        let compact = titles.map { $0.filter { !$0.isWhitespace } }
        form.title = compact.first { $0.contains("表") } ?? compact.first ?? ""
        form.kind = FormWords.kind(title: compact.joined())
        form.year = compact.lazy.compactMap(Dataset.year(in:)).first
        form.unit = compact.lazy.compactMap(TableLayout.unit(in:)).first
        // Header fields, from the title rows down to the first block (a 项目编号 may stand
        // above the name); a grade anywhere down to the next form.
        var last = max(name, fund ?? name, indicator ?? name)
        for r in top..<end {
            for (i, l) in labels[r].enumerated() {
                if let (field, value) = FormWords.inline(rows[r].cells[i].text), r < blockStart, form.fields[field] == nil {
                    form.fields[field] = grid.cell(value, rows[r].row, rows[r].cells[i].column)
                    continue
                }
                guard let field = FormWords.headerField[l.label] else { continue }
                guard r < blockStart || (field == "等级" && r > name), form.fields[field] == nil,
                    let v = valueRight(grid, rows, labels, r, i)
                else { continue }
                form.fields[field] = v
                last = max(last, r)
            }
        }
        if let f = fund { readFund(&form, grid, rows, labels, header: f, end: indicator ?? end) }
        if let h = indicator { last = max(last, readIndicators(&form, grid, rows, labels, header: h, end: end)) }
        var missing: [String] = []
        if form.fields["项目名称"] == nil { missing.append("项目名称") }
        if fund == nil { missing.append("项目资金（年初预算数、全年预算数、全年执行数、分值、执行率、得分）") }
        if indicator == nil { missing.append("绩效指标（一级指标、二级指标、三级指标、指标值、实际完成值、分值、得分）") }
        if !missing.isEmpty {
            form.problems.append(
                DataProblem(
                    .formPart, at: grid.place(rows[name].row, rows[name].cells[0].column),
                    "自评表\(form.name.isEmpty ? "（第 \(rows[name].row) 行起）" : "「\(form.name)」")缺少：\(missing.joined(separator: "；"))",
                    advice: "补上这一部分（表头文字要与标准自评表一致）；在此之前用到它的得分不计算"))
        }
        return (form, last)
    }

    private static func readFund(
        _ form: inout Form, _ grid: FormGrid, _ rows: [(row: Int, cells: [(column: Int, text: String)])],
        _ labels: [[(label: String, notes: [String])]], header: Int, end: Int
    ) {
        var columns: [String: Int] = [:]
        for (i, l) in labels[header].enumerated() {
            guard let entry = FormWords.fundColumns.first(where: { columns[$0.column] == nil && $0.matches(l.label) }) else { continue }
            // A merged header cell names its first column only.
            if i > 0 && rows[header].cells[i - 1].text == rows[header].cells[i].text { continue }
            columns[entry.column] = rows[header].cells[i].column
        }
        // The block's weight and unit in its labels (`项目预算执行情况 (10分)`,
        // `项目资金（元）`, `年度预算数（万元）`).
        var weight: FormCell?
        for r in [header - 1, header] where r >= 0 {
            for (i, l) in labels[r].enumerated() {
                if let u = FormWords.unit(inNotes: l.notes), form.unit == nil { form.unit = u }
                guard l.label.contains("预算执行") || l.label.contains("资金") else { continue }
                if let w = FormWords.weight(inNotes: l.notes) {
                    weight = grid.cell(w, rows[r].row, rows[r].cells[i].column)
                }
            }
        }
        // `执行率（%）` over bare numbers: the numbers are percentages.
        let percentRate =
            columns["执行率"].map { c in
                labels[header].indices.contains { rows[header].cells[$0].column == c && labels[header][$0].notes.contains("%") }
            } ?? false
        // The total row: 年度资金总额, else the first row below the header.
        var total: Int?
        for r in (header + 1)..<max(header + 1, end) {
            if labels[r].contains(where: { FormWords.isFundTotal($0.label) }) {
                total = r
                break
            }
        }
        if total == nil, header + 1 < end {
            // Read, and said: the figures are taken from the row under the header.
            total = header + 1
            form.problems.append(
                DataProblem(
                    .note, at: grid.place(rows[header + 1].row, rows[header + 1].cells[0].column),
                    "自评表「\(form.name)」的项目资金部分没有「年度资金总额」行，金额取自表头下的第一行（第 \(rows[header + 1].row) 行）",
                    advice: "核对这一行是否为资金总额；若不是，在总额行写上「年度资金总额」"))
        }
        guard let t = total else { return }
        form.fundColumns = columns
        form.fundRow = rows[t].row
        for (column, c) in columns {
            guard let text = grid.text(rows[t].row, c)?.trimmingSpaces(), !text.isEmpty else { continue }
            if FormWords.isFundTotal(FormWords.label(text).label) { continue }
            let shown = column == "执行率" && percentRate && !text.hasSuffix("%") && FormReader.isFigure(text) ? text + "%" : text
            form.fields[column] = grid.cell(shown, rows[t].row, c)
        }
        if form.fields["执行分值"] == nil, let w = weight { form.fields["执行分值"] = w }
    }

    private static func readIndicators(
        _ form: inout Form, _ grid: FormGrid, _ rows: [(row: Int, cells: [(column: Int, text: String)])],
        _ labels: [[(label: String, notes: [String])]], header: Int, end: Int
    ) -> Int {
        var columns: [String: Int] = [:]
        func assign(_ r: Int) {
            for (i, l) in labels[r].enumerated() {
                if i > 0 && rows[r].cells[i - 1].text == rows[r].cells[i].text { continue }
                guard let entry = FormWords.indicatorColumns.first(where: { $0.matches(l.label) }) else { continue }
                columns[entry.column] = rows[r].cells[i].column
            }
        }
        assign(header)
        var first = header + 1
        // A second header row under a merged one (指标性质 | 指标值 | 度量单位).
        if first < end {
            let sub = labels[first].map(\.label)
            if sub.contains("指标性质") || sub.contains("度量单位") || sub.contains("计量单位") {
                assign(first)
                first += 1
            }
        }
        form.indicatorColumns = columns
        var level1 = ""
        var level2 = ""
        var subtotals: [FormCell?] = []
        let scoreColumn = columns["得分"]
        let weightColumn = columns["分值"]
        var r = first
        var last = header
        while r < end {
            defer { r += 1 }
            last = r
            let ls = labels[r].map(\.label)
            if ls.contains(where: { FormWords.totalLabels.contains($0) }) {
                let i = ls.firstIndex { FormWords.totalLabels.contains($0) } ?? 0
                // The 得分 column's figure; a row with no figure there (`合计 | 100` under
                // 分值) publishes no score.
                if let total = figure(grid, rows, r, preferring: scoreColumn, after: i) { form.fields["总分"] = total }
                // A grade printed after the score without a label (`总分 | 100 | 96 | 优`).
                if form.fields["等级"] == nil,
                    let g = rows[r].cells.dropFirst(i + 1).first(where: { FormWords.grades.contains($0.text.trimmingSpaces()) })
                {
                    form.fields["等级"] = grid.cell(g.text.trimmingSpaces(), rows[r].row, g.column)
                }
                if let w = weightColumn, let text = grid.text(rows[r].row, w), isFigure(text), text != rows[r].cells[i].text {
                    form.fields["满分"] = grid.cell(text.trimmingSpaces(), rows[r].row, w)
                }
                break
            }
            if ls.contains(where: { FormWords.subtotalLabels.contains($0) }) {
                let i = ls.firstIndex { FormWords.subtotalLabels.contains($0) } ?? 0
                subtotals.append(figure(grid, rows, r, preferring: scoreColumn, after: i))
                if let w = weightColumn, let text = grid.text(rows[r].row, w), isFigure(text) {
                    form.fields["小计分值"] = grid.cell(text.trimmingSpaces(), rows[r].row, w)
                }
                continue
            }
            if ls.contains(where: { FormWords.notIndicators.contains($0) }) { continue }
            if let head = ls.first, FormWords.closingPrefixes.contains(where: { head.hasPrefix($0) }) {
                last = r - 1
                break
            }
            // A title merged across the sheet (the next form's) ends the block.
            if rows[r].cells.count > 1 && Set(rows[r].cells.map(\.text)).count == 1 {
                last = r - 1
                break
            }
            var cells: [String: FormCell] = [:]
            for (column, c) in columns {
                guard var text = grid.text(rows[r].row, c)?.trimmingSpaces(), !text.isEmpty else { continue }
                if column == "三级指标" { text = FormWords.unwrapped(text) }
                cells[column] = grid.cell(text, rows[r].row, c)
            }
            // 一级/二级 printed once over their rows (a CSV export of merged cells) hold for
            // the rows below; weights in their labels are not part of the name.
            if let l1 = cells["一级指标"] {
                level1 = FormWords.withoutWeight(l1.text)
                cells["一级指标"] = grid.cell(level1, l1.row, l1.column)
                if cells["二级指标"] == nil { level2 = "" }
            } else if !level1.isEmpty, let c = columns["一级指标"] {
                cells["一级指标"] = grid.cell(level1, rows[r].row, c)
            }
            if let l2 = cells["二级指标"] {
                level2 = FormWords.withoutWeight(l2.text)
                cells["二级指标"] = grid.cell(level2, l2.row, l2.column)
            } else if !level2.isEmpty, let c = columns["二级指标"] {
                cells["二级指标"] = grid.cell(level2, rows[r].row, c)
            }
            // A heading row (only 一级/二级 filled) or a placeholder (`指标2:`, `……`, a name
            // with nothing else) is not an indicator.
            // A row of `/` or `—` throughout says "not applicable".
            if ["指标值", "实际值", "分值", "得分"].allSatisfy({ cells[$0].map { FormWords.notApplicable.contains($0.text) } ?? true }) { continue }
            form.indicators.append(cells)
            form.indicatorRows.append(rows[r].row)
        }
        if subtotals.count == 1, let s = subtotals[0] { form.fields["小计得分"] = s }
        return last
    }

    /// A total row's figure: the 得分 column's when it holds a number, else the first
    /// number right of the label.
    private static func figure(
        _ grid: FormGrid, _ rows: [(row: Int, cells: [(column: Int, text: String)])], _ r: Int, preferring column: Int?, after i: Int
    )
        -> FormCell?
    {
        if let c = column {
            guard let text = grid.text(rows[r].row, c), isFigure(text) else { return nil }
            return grid.cell(text.trimmingSpaces(), rows[r].row, c)
        }
        for cell in rows[r].cells.dropFirst(i + 1) where isFigure(cell.text) {
            return grid.cell(cell.text.trimmingSpaces(), rows[r].row, cell.column)
        }
        return nil
    }

    static func isFigure(_ text: String) -> Bool {
        switch CellText.parse(text) {
        case .number, .ratio: return true
        default: return false
        }
    }
}
