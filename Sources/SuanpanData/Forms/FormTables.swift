import Foundation
import SuanpanLanguage

/// Each cell's own place, for a table whose rows come from many sheets (forms).
package struct CellPlaces: Sendable {
    struct Source: Sendable {
        let file: String
        let sheet: String?
    }
    var sources: [Source] = []
    /// Per data row: its source.
    var rowSource: [Int32] = []
    /// Per data row, per column: the sheet row and column (0 when the cell has no
    /// place of its own: it falls back to the row's first).
    var cells: [[(row: Int32, column: Int32)]] = []

    func location(_ row: Int, _ column: Int, field: String) -> DataLocation {
        let s = sources[Int(rowSource[row])]
        var p = cells[row][column]
        if p.row == 0 { p = cells[row].first { $0.row != 0 } ?? p }
        if let sheet = s.sheet {
            return DataLocation(file: s.file, sheet: sheet, cell: XLSXReader.a1(Int(p.row), Int(p.column)), field: field)
        }
        return DataLocation(file: s.file, line: Int(p.row), column: Int(p.column), field: field)
    }

    /// `文件.xlsx[工作表]`, for a row.
    func source(_ row: Int) -> String {
        let s = sources[Int(rowSource[row])]
        return s.sheet.map { "\(s.file)[\($0)]" } ?? s.file
    }
}

/// Forms as the 项目 and 指标 tables of the project layout (datasets.md, "Forms"): one
/// 项目 row per form with its header figures (published 执行率, 得分, 总分 included) and
/// its indicator rows in 指标, keyed by the form's 项目编号 where it has one, else by its
/// name; each cell keeps its sheet!cell.
package enum FormTables {
    /// The 项目 columns, in order; those after the contract's are kept only when some
    /// form fills them.
    static let projectColumns = [
        "项目编号", "项目名称", "主管部门", "实施单位", "年初预算数", "调整后预算数", "全年执行数", "执行分值", "执行率", "执行得分", "总分",
    ]
    static let optionalProjectColumns = ["等级", "小计分值", "小计得分", "联系人", "联系电话", "年度", "表别"]
    static let indicatorColumns = ["项目编号", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "实际值", "分值", "得分", "偏差原因"]
    static let amountColumns: Set<String> = ["年初预算数", "调整后预算数", "全年执行数"]
    static let missingFundColumns: Set<String> = ["调整后预算数", "全年执行数", "执行分值"]
    /// What those cells hold for a form without its fund block.
    static let missingFund = "（自评表缺少项目资金部分）"

    package struct Assembled {
        package var tables: [Table]
        package var notes: [DataProblem]
        package var title: String?
        package var unit: String?
    }

    package static func assemble(_ forms: [Form]) throws(Diagnostic) -> Assembled {
        var notes: [DataProblem] = forms.flatMap(\.problems)
        // Keys: the code, else the name; a name two forms share is told apart by sheet.
        // A form without a name (said as a missing part) is keyed by its sheet or file.
        var keys = forms.map { f in
            f.fields["项目编号"]?.text ?? FormWords.code(inName: f.name)
                ?? (f.name.isEmpty ? (f.sheet ?? ((f.file as NSString).lastPathComponent as NSString).deletingPathExtension) : f.name)
        }
        var byKey: [String: [Int]] = [:]
        for (i, k) in keys.enumerated() { byKey[k, default: []].append(i) }
        for (k, group) in byKey.sorted(by: { $0.value[0] < $1.value[0] }) where group.count > 1 && forms[group[0]].fields["项目编号"] == nil {
            for i in group { keys[i] = "\(k)（\(forms[i].sheet ?? (forms[i].file as NSString).lastPathComponent)）" }
            let places = group.map { "\(FormGrid.describe(forms[$0]))" }.joined(separator: "、")
            notes.append(
                DataProblem(
                    .note, at: DataLocation(file: forms[group[0]].file, sheet: forms[group[0]].sheet),
                    "\(group.count) 张自评表的项目名称都是「\(k)」（\(places)），项目编号按工作表区分为「\(keys[group[0]])」等",
                    advice: "表上没有项目编号；可在 dataset.suan 中用 alias 起简称"))
        }
        // One unit for the amounts: the forms' most common (万元 when none says).
        let units = forms.map { $0.unit ?? "万元" }
        let unit =
            Dictionary(grouping: units, by: { $0 }).max { a, b in
                a.value.count < b.value.count || (a.value.count == b.value.count && a.key > b.key)
            }?.key ?? "万元"
        for f in forms where (f.unit ?? "万元") != unit {
            notes.append(
                DataProblem(
                    .note, at: DataLocation(file: f.file, sheet: f.sheet),
                    "\(FormGrid.describe(f)) 的金额单位是\(f.unit ?? "万元")，其余自评表是\(unit)：它的金额按\(f.unit ?? "万元")读入并换算",
                    advice: "无需处理"))
        }

        // 项目
        var projectRows: [[String]] = []
        var projectPlaces = CellPlaces()
        var sourceIndex: [String: Int32] = [:]
        func source(_ f: Form) -> Int32 {
            let k = f.file + "\u{0}" + (f.sheet ?? "")
            if let i = sourceIndex[k] { return i }
            projectPlaces.sources.append(CellPlaces.Source(file: f.file, sheet: f.sheet))
            sourceIndex[k] = Int32(projectPlaces.sources.count - 1)
            return Int32(projectPlaces.sources.count - 1)
        }
        let optional = optionalProjectColumns.filter { c in
            c == "表别"
                ? Set(forms.map(\.kind)).count > 1 : c == "年度" ? Set(forms.map(\.year)).count > 1 : forms.contains { $0.fields[c] != nil }
        }
        let pColumns = projectColumns + optional
        var lines: [Int] = []
        for (i, f) in forms.enumerated() {
            var row: [String] = []
            var places: [(row: Int32, column: Int32)] = []
            let anchor = f.fields["项目名称"] ?? f.fields["项目编号"]
            for c in pColumns {
                var cell = f.fields[c]
                if c == "项目编号" { cell = f.fields["项目编号"] ?? anchor }
                var text = c == "项目编号" ? keys[i] : (cell?.text ?? "")
                if c == "年度" { text = f.year.map(String.init) ?? "" }
                if c == "表别" { text = f.kind }
                // A form without its fund block: its figures are not computed (never 0).
                if f.fundRow == nil, missingFundColumns.contains(c) { text = missingFund }
                if amountColumns.contains(c), let u = f.unit, u != unit, !text.isEmpty, FormReader.isFigure(text) { text += u }
                row.append(text)
                // An empty cell is placed where the form has room for it.
                let empty = f.fundRow.flatMap { r in f.fundColumns[c].map { (Int32(r), Int32($0)) } } ?? (0, 0)
                places.append(cell.map { (Int32($0.row), Int32($0.column)) } ?? empty)
            }
            projectRows.append(row)
            projectPlaces.rowSource.append(source(f))
            projectPlaces.cells.append(places)
            lines.append(anchor?.row ?? f.nameRow)
        }
        let projects = try Table(
            name: "项目", origin: Table.Origin(file: commonFile(forms), sheet: nil),
            records: CSVRecords(rows: [pColumns] + projectRows, lines: [0] + lines))
        projects.places = projectPlaces
        projects.unit = unit

        // 指标
        let iColumns = indicatorColumns.filter { c in
            (c != "指标性质" && c != "度量单位") || forms.contains { $0.indicators.contains { $0[c] != nil } }
        }
        var indicatorRows: [[String]] = []
        var indicatorPlaces = CellPlaces()
        indicatorPlaces.sources = projectPlaces.sources
        var indicatorLines: [Int] = []
        for (i, f) in forms.enumerated() {
            let s = projectPlaces.rowSource[i]
            for (k, ind) in f.indicators.enumerated() {
                var row: [String] = []
                var places: [(row: Int32, column: Int32)] = []
                for c in iColumns {
                    if c == "项目编号" {
                        row.append(keys[i])
                        let a = f.fields["项目编号"] ?? f.fields["项目名称"]
                        places.append(a.map { (Int32($0.row), Int32($0.column)) } ?? (0, 0))
                        continue
                    }
                    row.append(ind[c]?.text ?? "")
                    let empty = f.indicatorColumns[c].map { (Int32(f.indicatorRows[k]), Int32($0)) } ?? (0, 0)
                    places.append(ind[c].map { (Int32($0.row), Int32($0.column)) } ?? empty)
                }
                indicatorRows.append(row)
                indicatorPlaces.rowSource.append(s)
                indicatorPlaces.cells.append(places)
                indicatorLines.append(f.indicatorRows[k])
            }
        }
        let indicators = try Table(
            name: "指标", origin: Table.Origin(file: commonFile(forms), sheet: nil),
            records: CSVRecords(rows: [iColumns] + indicatorRows, lines: [0] + indicatorLines))
        indicators.places = indicatorPlaces
        // The year: the forms' own, when they agree.
        let years = Set(forms.compactMap(\.year))
        let kinds = Set(forms.map(\.kind))
        var title: String?
        if years.count == 1, let y = years.first {
            title = "\(y)年度\(kinds.count == 1 ? kinds.first ?? "" : "")绩效自评表（\(forms.count) 张）"
        } else if years.count > 1 {
            notes.append(
                DataProblem(
                    .note, at: DataLocation(file: commonFile(forms)),
                    "自评表的年度不一（\(years.sorted().map(String.init).joined(separator: "、"))）：没有写年份的日期（如「12月底前」）无法确定是哪一年",
                    advice: "把不同年度的自评表分开载入，或在 dataset.suan 中用 title 写明年度"))
        }
        return Assembled(tables: [projects, indicators], notes: notes, title: title, unit: unit)
    }

    static func commonFile(_ forms: [Form]) -> String {
        let files = Set(forms.map(\.file))
        if files.count == 1, let f = files.first { return f }
        return ((forms.first?.file ?? "") as NSString).deletingLastPathComponent
    }
}

extension FormGrid {
    /// `文件.xlsx[工作表] 第 3 行`, for a form.
    static func describe(_ f: Form) -> String {
        (f.sheet.map { "\(f.file)[\($0)]" } ?? f.file) + " 第 \(f.nameRow) 行"
    }
}
