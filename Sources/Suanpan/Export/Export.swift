import Foundation
import SuanpanData
import SuanpanEvaluation
import SuanpanExport
import SuanpanLanguage

/// `export 结果, … to "文件"` (导出 … 到): each result a sheet, written in the format the
/// file's extension names, through a temporary file renamed into place. A dataset's
/// own folder is never written to.
extension Session {
    func export(_ x: Export, emit: (Output) -> Void) throws(Diagnostic) {
        let (path, pathSpan) = x.file
        guard let kind = ExportFormat.of(path: path) else {
            throw Diagnostic(
                .domain("导出的文件名要以 .xlsx、.csv、.md 或 .html 结尾，这里是「\(path)」"), at: pathSpan,
                notes: ["提示：如 export 项目 to \"项目.xlsx\"；图表用 chart … to \"图.svg\""])
        }
        let name = (path as NSString).lastPathComponent
        guard name.count > kind.rawValue.count + 1 else {
            throw Diagnostic(.domain("「.\(kind.rawValue)」前面要有文件名，这里是「\(path)」"), at: pathSpan)
        }
        var encoding = CSVEncoding.utf8BOM
        if let (word, span) = x.encoding {
            guard kind == .csv else {
                throw Diagnostic(.domain("只有 .csv 文件可以选编码，这里是「\(word)」"), at: span)
            }
            switch word.lowercased() {
            case "gb18030", "gbk", "国标": encoding = .gb18030
            case "utf8", "bom": encoding = .utf8BOM
            default:
                throw Diagnostic(
                    .domain("不认识的编码「\(word)」"), at: span, notes: ["提示：CSV 默认 UTF-8（带 BOM）；写 gb18030 给只认国标码的旧程序"])
            }
        }
        try refuseDatasetFolder(path, span: pathSpan)
        var sheets: [Sheet] = []
        for subject in x.subjects { sheets += try sheetsOf(subject, emit: emit) }
        guard !sheets.isEmpty else { throw Diagnostic(.domain("没有可导出的内容"), at: x.span) }
        var written: String
        switch kind {
        case .csv:
            guard sheets.count == 1 else {
                throw Diagnostic(
                    .domain(
                        "CSV 文件只能放一张表，这里有 \(sheets.count) 张（\(sheets.prefix(4).map { "「\($0.name)」" }.joined(separator: "、"))\(sheets.count > 4 ? "等" : "")）"
                    ),
                    at: x.span, notes: ["提示：导出为 .xlsx（每个结果一张工作表），或分别导出每一个"])
            }
            guard let bytes = CSVWriter.bytes(sheets[0], encoding: encoding) else {
                throw Diagnostic(
                    .domain("有的字无法用 GB18030 写出"), at: x.encoding?.span ?? pathSpan, notes: ["提示：不写 gb18030，用默认的 UTF-8（带 BOM）"])
            }
            try files.write(bytes: bytes, to: path, span: pathSpan)
            written = "CSV（\(encoding.rawValue)\(encoding == .utf8BOM ? "，带 BOM" : "")）"
        case .md:
            try files.write(bytes: Array(MarkdownWriter.text(sheets).utf8), to: path, span: pathSpan)
            written = "Markdown"
        case .html:
            let title = sheets.count == 1 ? sheets[0].title : ResultSheets(workspace: workspace).title("导出")
            try files.write(bytes: Array(HTMLWriter.page(sheets, title: title).utf8), to: path, span: pathSpan)
            written = "网页"
        case .xlsx:
            try files.produce(path, span: pathSpan) { temp in XLSXWriter.write(sheets, to: temp) }
            written = "Excel 工作簿"
        }
        let names = SheetNames.unique(sheets.map(\.name))
        let parts = zip(sheets, names).prefix(6).map { s, n in
            let columns = s.isForm ? (s.rows.map(\.count).max() ?? 0) : s.header.count
            return s.isForm ? "「\(n)」自评表" : "「\(n)」\(s.rows.count) 行 × \(columns) 列"
        }
        let more = sheets.count > 6 ? "等 \(sheets.count) 张" : ""
        emit(.text("已导出到 \(path)（\(written)）：\(parts.joined(separator: "，"))\(more)"))
    }

    /// A dataset's own folder (its tables, dataset.suan) is never written to: a file
    /// put there would be read as one of its tables at the next load.
    func refuseDatasetFolder(_ path: String, span: SourceSpan) throws(Diagnostic) {
        guard let dataset = environment.dataset else { return }
        let target = Session.resolved((Session.absolutePath(path) as NSString).deletingLastPathComponent)
        var own = Session.resolved(Session.absolutePath(dataset.path))
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: own, isDirectory: &isFolder), !isFolder.boolValue {
            // A workbook or a single CSV: the file itself.
            if Session.resolved(Session.absolutePath(path)) != own { return }
            own = target
        }
        if target == own || target.hasPrefix(own + "/") {
            throw Diagnostic(
                .domain("不能写进数据集自己的文件夹（\(dataset.path)）：那里的文件在下次载入时会被当作数据表"), at: span,
                notes: ["提示：写到别的文件夹，如 export 项目 to \"导出/项目.xlsx\""])
        }
    }

    /// A path with symbolic links and `..` resolved (as far as it exists).
    static func resolved(_ path: String) -> String {
        guard let real = realpath(path, nil) else { return (path as NSString).standardizingPath }
        defer { free(real) }
        return String(cString: real)
    }

    /// The sheets of one subject of `export`.
    func sheetsOf(_ subject: Export.Subject, emit: (Output) -> Void) throws(Diagnostic) -> [Sheet] {
        let name = Session.sheetName(subject.span.text)
        switch subject {
        case .value(let statement):
            var scratch = workspace
            var e: Expr
            switch statement {
            case .whatIf(let expr, let assignments, _):
                scratch = workspace.forked()
                for a in assignments { try scratch.apply(a) }
                e = expr
            case .expression(let expr): e = expr
            default: preconditionFailure("an export value is an expression")
            }
            if case .name = e, let figure = environment.figures.first(where: { $0.name == e.span.text }) {
                throw Diagnostic(
                    .domain("「\(figure.name)」是图，不是表"), at: e.span, notes: ["提示：图用 chart \(figure.name) to \"图.svg\" 写成文件"])
            }
            let sheets = ResultSheets(workspace: scratch)
            var evaluator = Evaluator(environment: scratch.environment, settings: scratch.settings)
            // A column of a table, with the row each figure belongs to (as shown).
            if case .member(let base, let field, let span) = e {
                let b = try evaluator.evaluate(base)
                let v = try evaluator.member(b, field, span)
                if case .table(let view) = b, case .list = v {
                    let t = view.table
                    let rows = Evaluator.columnRows(view)
                    let label = t.nameColumn.flatMap { c in
                        rows.allSatisfy({ t.key($0).hasPrefix(t.text($0, c).trimmingSpaces()) }) ? nil : t.columns[c]
                    }
                    let columns = (label.map { [$0] } ?? []).filter { $0 != field } + [field]
                    return [
                        sheets.table(TableView(t, rows: rows, selection: view.selection, columns: columns), name: name, at: subject.span)
                    ]
                }
                return [sheets.value(v, expression: e.span.text, name: name)]
            }
            let v = try evaluator.evaluate(e)
            switch v {
            case .table(let view): return [sheets.table(view, name: name, at: subject.span)]
            case .row(let ref):
                return [
                    sheets.table(
                        TableView(ref.table, rows: [ref.row], selection: ref.table.key(ref.row), columns: nil), name: name, at: subject.span
                    )
                ]
            default: return [sheets.value(v, expression: e.span.text, name: name)]
            }
        case .statement(let statement):
            let sheets = ResultSheets(workspace: workspace)
            switch statement {
            case .compare(let names, let exprs, _):
                let c = try ScenarioComparison(workspace: workspace, scenarios: scenarios, scenarioOrder: scenarioOrder).compare(
                    names, exprs)
                return [sheets.comparison(c, name: "比较")]
            case .sensitivity(let t):
                var table = SensitivityTable(workspace: workspace)
                return [sheets.sensitivity(try table.table(t), name: "敏感性表")]
            case .explain(let e, let depth, let assignments, _):
                var scratch = workspace.forked()
                for a in assignments { try scratch.apply(a) }
                let node = try Explainer(workspace: scratch).explain(e, depth: depth)
                return [
                    ResultSheets(workspace: scratch).explanation(
                        node, expression: e.span.text, name: Session.sheetName("推导 " + e.span.text))
                ]
            case .audit(let words, let span):
                let focus = try auditFocus(words, span, emit: emit)
                return [sheets.audit(try audit(emit: emit), focus: focus, name: "核对")]
            default:
                preconditionFailure("export takes compare, table, explain and audit")
            }
        case .form(let e, _):
            return try FormSheets(workspace: workspace).forms(e)
        case .summary(let by, let span):
            return [try summary(by: by, span: span, emit: emit)]
        }
    }

    /// A result's text as a sheet's name (a tab holds 31 characters).
    static func sheetName(_ text: String) -> String {
        let one = text.replacingNewlines()
        return one.count > 31 ? String(one.prefix(30)) + "…" : one
    }

    /// `汇总表 [by 列]`: per value of the column (主管部门 by default), the projects by
    /// grade, the budget, the execution and the execution rate, and a 合计 row — a
    /// grouping of the 项目 table, computed as `项目 group …` computes it.
    func summary(by: Expr?, span: SourceSpan, emit: (Output) -> Void) throws(Diagnostic) -> Sheet {
        ensureDataset(emit: emit)
        guard let projects = environment.dataset?.table("项目") else {
            throw Diagnostic(.notFound("汇总表要有项目表（项目）"), at: span)
        }
        let column: String
        if let by {
            column = by.span.text
        } else if let c = ["主管部门", "表别", "实施单位"].first(where: { projects.columnIndex($0) != nil }) {
            column = c
        } else {
            throw Diagnostic(.notFound("项目表没有主管部门一列"), at: span, notes: ["提示：写出按哪一列汇总，如 汇总表 by 实施单位"])
        }
        let grades = ["优", "良", "中", "差"]
        let figures =
            ["项目数 = count(项目)"] + grades.map { "\($0) = count(项目[等级 == \"\($0)\"])" } + [
                "调整后预算数 = sum(调整后预算数)", "全年执行数 = sum(全年执行数)", "执行率 = 执行率(sum(全年执行数), sum(调整后预算数))",
            ]
        let source = Source(name: span.source.name, text: "项目 group \(column) : " + figures.joined(separator: ", "))
        let total = Source(
            name: span.source.name,
            text: "[count(项目)" + grades.map { ", count(项目[等级 == \"\($0)\"])" }.joined()
                + ", sum(项目.调整后预算数), sum(项目.全年执行数), 执行率(sum(项目.全年执行数), sum(项目.调整后预算数))]")
        var evaluator = Evaluator(environment: environment, settings: settings)
        func run(_ s: Source) throws(Diagnostic) -> Value {
            guard case .expression(let e)? = try Parser.parse(s, limits: settings.limits).first else {
                throw Diagnostic(.domain("汇总表的写法有误"), at: span)
            }
            do { return try evaluator.evaluate(e) } catch {
                throw Diagnostic(error.kind, at: span, notes: error.notes + ["（汇总表：\(s.text)）"])
            }
        }
        guard case .table(let view) = try run(source) else { throw Diagnostic(.domain("汇总表没有算出表"), at: span) }
        let sheets = ResultSheets(workspace: workspace)
        var sheet = sheets.table(view, name: "汇总表（按\(column)）", at: span)
        sheet.title = sheets.title(
            "汇总表：按\(column)汇总各等级项目数、预算与执行", unit: format.displayUnit ?? projects.moneyUnit(ofColumn: projects.columnIndex("调整后预算数") ?? 0))
        if case .list(let items) = try run(total) {
            var notes = Footnotes()
            sheet.rows.append([.text("合计")] + items.map { sheets.cell($0, &notes) })
            sheet.notes += notes.lines
        }
        return sheet
    }
}
