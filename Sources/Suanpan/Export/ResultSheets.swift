import Foundation
import SuanpanData
import SuanpanEvaluation
import SuanpanExport
import SuanpanLanguage

/// Results as sheets (`export`): each result kind laid out as the terminal shows it,
/// its figures kept as numbers. Amounts are in the display unit (`:unit`) or their
/// column's, the unit said in the header.
struct ResultSheets: OverWorkspace {
    let workspace: Workspace

    /// The line above every sheet: the dataset's title and what the sheet shows.
    func title(_ what: String, unit: MoneyUnit? = nil) -> String {
        let dataset = environment.dataset.map { $0.title ?? ($0.path as NSString).lastPathComponent } ?? ""
        let unitText = unit.map { "（金额单位：\($0.name)）" } ?? ""
        return [dataset, what + unitText].filter { !$0.isEmpty }.joined(separator: "　")
    }

    /// Decimals a figure is shown with: all of an exact short decimal, else the
    /// display precision.
    func places(_ x: Rational) -> Int {
        if let p = x.terminatingPlaces, p <= max(format.maxExactPlaces, format.precision) { return p }
        return format.precision
    }

    /// A value as a cell; an amount in `unit` (else the display unit, else its own).
    func cell(_ v: Value, unit: MoneyUnit? = nil, _ notes: inout Footnotes) -> SheetCell {
        switch v {
        case .number(let x): return .number(x, places: places(x))
        case .ratio(let x): return .percent(x, places: format.precision)
        case .amount(let x, let u):
            let y = u.convert(x, to: unit ?? format.displayUnit ?? u)
            return .number(y, places: places(y))
        case .empty: return .empty
        case .notComputed(let n): return .notComputed(mark: notes.mark(n), reason: n.described)
        case .string(let s): return .text(s)
        default: return .text(format.displayResult(v))
        }
    }

    // MARK: Tables, row sets, columns

    /// A table or row set as the terminal shows it (empty report lines left out, rule
    /// columns added), each cell as it is now: a rule's result or an assumption where
    /// one stands, else the published cell.
    func table(_ view: TableView, name: String, at span: SourceSpan, columns chosen: [String]? = nil) -> Sheet {
        let t = view.table
        let computed = environment.ruleOrder.filter { $0.table == t.name && t.columnIndex($0.column) == nil }.map(\.column)
        let (names, dataColumn, _) = TableFormatter.columnLayout(view, computed: computed, chosen: chosen)
        let rows = TableFormatter.keptRows(view)
        var evaluator = Evaluator(environment: environment, settings: settings)
        // Columns whose value is not simply the cell: rules, and any assumed cell.
        let rules = environment.rules[t.name] ?? [:]
        let overridden = !environment.overrides.isEmpty
        let live = names.map { rules[$0] != nil || overridden }
        func now(_ row: Int, _ name: String) -> Value {
            do throws(Diagnostic) { return try evaluator.field(RowRef(table: t, row: row), name, span) ?? .empty } catch {
                let place = error.location.map { "（\($0.description)）" } ?? error.computing ?? ""
                return .notComputed(.error(error.message + place))
            }
        }
        // A computed column is asked for whole, as `表.列` asks for it: the batched rule
        // columns compute it once for all rows (a column that fails somewhere is asked
        // cell by cell, each failure said in its cell).
        let shownRows = TableView(t, rows: rows, selection: view.selection, columns: nil)
        let whole: [[Value]?] = names.enumerated().map { c, name in
            guard live[c], case .list(let xs)? = try? evaluator.member(.table(shownRows), name, span), xs.count == rows.count else {
                return nil
            }
            return xs
        }
        var notes = Footnotes()
        var grid: [[SheetCell]] = []
        grid.reserveCapacity(rows.count)
        var changed: [String] = []
        var changedCount = 0
        var ruleUnits = [MoneyUnit?](repeating: nil, count: names.count)
        let units: [MoneyUnit?] = dataColumn.map { d in d.flatMap { t.moneyUnit(ofColumn: $0) }.map { format.displayUnit ?? $0 } }
        // Digits that are codes (a telephone number, a year) stay text as the file has them.
        let codes = dataColumn.map { d in d.map { $0 == t.keyColumn || ColumnSynonyms.namesCode(t.columns[$0]) } ?? false }
        let formatter = TableFormatter(format: format)
        for (k, r) in rows.enumerated() {
            var line: [SheetCell] = []
            line.reserveCapacity(names.count)
            for (c, name) in names.enumerated() {
                let d = dataColumn[c]
                let published = d.map { t.cellValue(r, $0) } ?? .empty
                var v = published
                if live[c] {
                    v = whole[c]?[k] ?? now(r, name)
                    if d != nil, v.notComputed == nil, !formatter.same(v, published) {
                        changedCount += 1
                        if changed.count < 3 {
                            changed.append(
                                "\(t.name)「\(t.rowLabel(r).prefix(16))」.\(name)："
                                    + (t.text(r, d!).trimmingSpaces().isEmpty ? "公布为空" : "公布 " + t.text(r, d!).trimmingSpaces())
                                    + "，现为 \(format.displayResult(v))"
                            )
                        }
                    }
                }
                if d == nil, case .amount = v, ruleUnits[c] == nil { ruleUnits[c] = format.displayUnit ?? settings.workingUnit }
                if codes[c], let d, !live[c] {
                    let text = t.text(r, d).trimmingSpaces()
                    line.append(text.isEmpty ? .empty : .text(text))
                    continue
                }
                switch v {
                case .number, .ratio, .amount, .notComputed, .empty:
                    if case .empty = v, let d, !t.text(r, d).trimmingSpaces().isEmpty {
                        line.append(.text(t.text(r, d).trimmingSpaces()))
                    } else {
                        line.append(cell(v, unit: units[c] ?? ruleUnits[c], &notes))
                    }
                default:
                    // Text as the file has it (a code stays a code, not a number).
                    if let d, case .string = v, published == v {
                        line.append(.text(t.text(r, d).trimmingSpaces()))
                    } else if let d, case .unreadable = t.value(r, d) {
                        line.append(.text(t.text(r, d).trimmingSpaces()))
                    } else {
                        line.append(cell(v, &notes))
                    }
                }
            }
            grid.append(line)
        }
        let header = names.enumerated().map { c, name in
            (units[c] ?? ruleUnits[c]).map { ColumnSynonyms.strippingUnit(name).name + "（\($0.name)）" } ?? name
        }
        var what = "表「\(t.name)」"
        if let s = view.selection { what += "［\(s)］" }
        // The title says the unit when the amounts share one (each header says its own).
        let shownUnits = Set(names.indices.compactMap { units[$0] ?? ruleUnits[$0] })
        var sheet = Sheet(
            name: name, title: title(what + "，\(rows.count) 行", unit: shownUnits.count == 1 ? shownUnits.first : nil), header: header,
            rows: grid)
        sheet.notes = notes.lines
        if changedCount > 0 {
            sheet.notes.append("有 \(changedCount) 处是按规则或假设算出的当前值，与公布数不同，如 " + changed.joined(separator: "；"))
        }
        let hidden = view.rowIndices.count - rows.count
        if hidden > 0 { sheet.notes.append("另有 \(hidden) 行空行（报表中未用的行）未导出") }
        if let u = view.undecided {
            sheet.notes.append("另有 \(u.rows.count) 行无法判断是否符合「\(view.selection ?? "")」，未导出：如 \(u.first.described)")
        }
        return sheet
    }

    /// A single value (a figure, a text, a list) as a one-row sheet.
    func value(_ v: Value, expression: String, name: String) -> Sheet {
        var notes = Footnotes()
        let rows: [[SheetCell]]
        if case .list(let items) = v {
            rows = items.enumerated().map { i, x in [.number(Rational(i + 1), places: 0), cell(x, &notes)] }
            var s = Sheet(name: name, title: title(expression), header: ["序号", "值"], rows: rows)
            s.notes = notes.lines
            s.alignsDecimals = false
            return s
        }
        rows = [[.text(expression), cell(v, &notes)]]
        var unit: MoneyUnit?
        if case .amount(_, let u) = v { unit = format.displayUnit ?? u }
        var s = Sheet(name: name, title: title(expression, unit: unit), header: ["表达式", unit.map { "值（\($0.name)）" } ?? "值"], rows: rows)
        s.notes = notes.lines
        s.filterable = false
        return s
    }

    // MARK: Statements' results

    /// `compare`: each expression's value per scenario and the change from the first.
    func comparison(_ c: Comparison, name: String) -> Sheet {
        var header = ["表达式"]
        for (i, col) in c.columns.enumerated() {
            header.append(col)
            if i > 0 { header += ["Δ（\(col)）", "Δ%（\(col)）"] }
        }
        var notes = Footnotes()
        let rows: [[SheetCell]] = c.expressions.enumerated().map { k, e in
            var row: [SheetCell] = [.text(e.span.text)]
            let base = c.results[0][k]
            for i in c.columns.indices {
                let v = c.results[i][k]
                row.append(cell(v, &notes))
                guard i > 0 else { continue }
                row += change(from: base, to: v)
            }
            return row
        }
        var s = Sheet(name: name, title: title("情景比较：" + c.columns.joined(separator: "、")), header: header, rows: rows)
        s.notes = notes.lines
        s.alignsDecimals = false
        return s
    }

    /// Δ and Δ% as figures (`Change`, as the compare table computes them).
    func change(from base: Value, to v: Value) -> [SheetCell] {
        var notes = Footnotes()
        switch Change.against(base, v, working: format.workingUnit) {
        case .change(let change):
            return [cell(change.delta, &notes), change.relative.map { .percent($0, places: format.precision) } ?? .text("—")]
        case .same: return [.text("—"), .empty]
        case .notComputed: return [.text(NotComputed.word), .empty]
        case .different: return [.text("\(format.displayResult(base)) → \(format.displayResult(v))"), .empty]
        }
    }

    /// `table`: one variable, a row per point and a column per expression (the
    /// baseline marked); two, the first expression on the grid of both.
    func sensitivity(_ r: SensitivityResult, name: String) -> Sheet {
        var notes = Footnotes()
        let first = r.table.variables[0]
        if r.ys.isEmpty {
            let rows: [[SheetCell]] = zip(r.xs, r.results).map { x, values in
                [cell(x, &notes)] + values.map { cell($0, &notes) } + [.text(x.numeric == r.baseline?.numeric ? "基线" : "")]
            }
            var s = Sheet(
                name: name, title: title("敏感性表：随 \(first.path.span.text) 变化"),
                header: [first.path.span.text] + r.table.expressions.map(\.span.text) + ["备注"], rows: rows)
            s.notes = notes.lines
            return s
        }
        let second = r.table.variables[1]
        let rows: [[SheetCell]] = zip(r.xs, r.results).map { x, values in [cell(x, &notes)] + values.map { cell($0, &notes) } }
        let header = ["\(first.path.span.text) ＼ \(second.path.span.text)"] + r.ys.map { format.displayResult($0) }
        var s = Sheet(name: name, title: title("敏感性表：\(r.table.expressions[0].span.text)"), header: header, rows: rows)
        s.notes = ["行：\(first.path.span.text)；列：\(second.path.span.text)；格中：\(r.table.expressions[0].span.text)"] + notes.lines
        return s
    }

    /// `audit`: one row per finding and per data problem, the category a column to
    /// filter on; published, computed and difference as figures where they are.
    func audit(_ report: AuditReport, focus: AuditReport.Focus, name: String) -> Sheet {
        var rows: [[SheetCell]] = []
        for p in focus.problems ? report.problems.filter({ !$0.isNote }) : [] {
            rows.append([
                .text("数据问题"), .text(p.location?.file ?? ""), .text(p.location?.description ?? ""), .empty, .empty, .empty,
                .text(p.message + (p.advice.isEmpty ? "" : "（\(p.advice)）")),
            ])
        }
        for p in focus.notes ? report.problems.filter(\.isNote) : [] {
            rows.append([
                .text("说明"), .text(p.location?.file ?? ""), .text(p.location?.description ?? ""), .empty, .empty, .empty, .text(p.message),
            ])
        }
        var notes = Footnotes()
        for f in report.shown(focus) {
            // The published figure as printed (its decimals); the computed one and the
            // difference as the audit computed them, else as printed.
            let computed = f.computedValue.map { cell($0, &notes) } ?? ResultSheets.figure(f.computed)
            let difference = f.differenceValue.map { cell($0, &notes) } ?? ResultSheets.figure(f.difference)
            rows.append([
                .text(f.verdict.rawValue), .text(f.table ?? "报告文字"), .text(f.place), ResultSheets.figure(f.published), computed, difference,
                .text(f.note ?? ""),
            ])
        }
        let counts = [AuditReport.Verdict.discrepancy, .rounding, .unverifiable, .agrees].map { "\($0.rawValue) \(report.count($0))" }
        var s = Sheet(
            name: name, title: title("核对" + (focus.words.isEmpty ? "" : "（只列出：\(focus.words.joined(separator: "、"))）")),
            header: ["类别", "表", "位置", "公布", "计算", "差额", "说明"], rows: rows)
        s.notes = ["共 \(report.findings.count) 项比较：" + counts.joined(separator: "，")] + notes.lines
        s.alignsDecimals = false
        return s
    }

    /// A figure as the report printed it (`4,367.764`, `99.77%`, `+0.01万元`) as a number
    /// cell with the same decimals; other text stays text.
    static func figure(_ text: String) -> SheetCell {
        var t = text.trimmingSpaces()
        guard !t.isEmpty, t != "—" else { return t.isEmpty ? .empty : .text(t) }
        for unit in MoneyUnit.allCases.sorted(by: { $0.name.count > $1.name.count }) where t.hasSuffix(unit.name) {
            t.removeLast(unit.name.count)
            break
        }
        let percent = t.hasSuffix("%")
        if percent { t.removeLast() }
        if t.hasPrefix("+") { t.removeFirst() }
        let digits = t.replacingAll(",", with: "")
        guard let x = DecimalText.parse(digits) else { return .text(text) }
        let places = digits.split(separator: ".").dropFirst().first.map(\.count) ?? 0
        return percent ? .percent(x / .hundred, places: places) : .number(x, places: places)
    }

    /// `explain`: the derivation as a tree (HTML draws it) and as indented rows.
    func explanation(_ node: ExplainNode, expression: String, name: String) -> Sheet {
        func split(_ title: String) -> (String, String?) {
            guard let r = title.range(of: "　← ") else { return (title, nil) }
            return (String(title[..<r.lowerBound]), String(title[r.upperBound...]))
        }
        func tree(_ n: ExplainNode) -> Sheet.TreeNode {
            let (t, source) = split(n.title)
            return Sheet.TreeNode(title: t, source: source, lines: n.lines, children: n.children.map(tree))
        }
        var rows: [[SheetCell]] = []
        func flatten(_ n: Sheet.TreeNode, _ level: Int) {
            let indent = String(repeating: "　", count: level)
            rows.append([.number(Rational(level + 1), places: 0), .text(indent + n.title), .text(n.source ?? "")])
            for line in n.lines { rows.append([.empty, .text(indent + "　　" + line), .empty]) }
            for c in n.children { flatten(c, level + 1) }
        }
        let root = tree(node)
        flatten(root, 0)
        var s = Sheet(name: name, title: title("推导：\(expression)"), header: ["层级", "推导", "来源"], rows: rows)
        s.tree = [root]
        s.filterable = false
        return s
    }
}
