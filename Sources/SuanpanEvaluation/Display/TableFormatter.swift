import SuanpanData
import SuanpanLanguage

/// Prints tables and rows so that columns line up with Chinese text: widths are
/// display widths (a CJK character is two columns), numbers are right-aligned and
/// shown as the report prints them, long cells are cut with `…`, long tables with
/// "… 还有 N 行".
public struct TableFormatter {
    public var format: NumberFormat
    public var maxRows = 20
    public var maxCellWidth = 28
    /// The terminal's width in columns, when the table is shown on one: columns that do
    /// not fit are left out (the key and the asked-for ones kept) and named under the
    /// table. nil in pipes and scripts: every column.
    public var width: Int?
    /// Rows with no name and no figure (a report's unused lines) are left out and
    /// counted under the table; `:show 表 全部` shows them.
    public var hidesEmptyRows = true

    public init(format: NumberFormat) {
        self.format = format
    }

    /// A note under a table, broken into lines of the terminal's width (one line when
    /// there is no terminal).
    func wrapped(_ text: String) -> [String] {
        guard let width, width > 10 else { return [text] }
        var lines: [String] = []
        var line = ""
        var w = 0
        for ch in text {
            let cw = DisplayWidth.of(String(ch))
            if w + cw > width {
                lines.append(line)
                line = ""
                w = 0
            }
            line.append(ch)
            w += cw
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    /// Text cut to `width` display columns, with `…` when cut.
    func clip(_ text: String, _ width: Int) -> String {
        let oneLine = text.replacingNewlines()
        if DisplayWidth.of(oneLine) <= width { return oneLine }
        var out = ""
        var w = 0
        for ch in oneLine {
            let cw = DisplayWidth.of(String(ch))
            if w + cw > width - 1 { break }
            out.append(ch)
            w += cw
        }
        return out + "…"
    }

    /// A value in a column of amounts shown in `unit`: the figure alone, the unit being
    /// in the header.
    func shownInColumn(_ v: Value, _ unit: MoneyUnit?) -> String {
        if let unit, case .amount(let x, let u) = v { return format.plain(u.convert(x, to: unit)) }
        return format.displayResult(v)
    }

    func isNumeric(_ v: CellValue) -> Bool {
        switch v {
        case .number, .ratio, .unreadable: return true
        default: return false
        }
    }

    /// Whether a current value is the published cell: equal numbers are the same
    /// figure whether written as a ratio or not (an empty cell is not 0 here).
    package func same(_ now: Value, _ cell: Value) -> Bool {
        if now == cell { return true }
        switch cell {
        case .number, .ratio, .amount: return now.numeric != nil && Arithmetic.equal(now, cell)
        default: return false
        }
    }

    /// A table as aligned columns. `current` gives a field's value as the session sees
    /// it now (nil where the published cell stands); a cell that differs from the
    /// published one is shown as it is now, marked `*`. `computed` adds the rule
    /// columns the data has no column for.
    public func render(
        _ view: TableView, computed: [String] = [], columns chosen: [String]? = nil, current: (Int, String) -> Value? = { _, _ in nil }
    ) -> String {
        let t = view.table
        var rows = view.rowIndices
        var emptyRows = 0
        if hidesEmptyRows {
            let kept = TableFormatter.keptRows(view)
            emptyRows = rows.count - kept.count
            rows = kept
        }
        let shown = Array(rows.prefix(maxRows))
        // A 科目 hierarchy's names indented by level (类, 款, 项).
        let indent: (Int) -> String = { r in
            guard let level = t.hierarchy?.levels[r], level > 0 else { return "" }
            return String(repeating: "  ", count: level)
        }
        var heading = "表「\(t.name)」"
        if let s = view.selection { heading += "［\(s)］" }
        heading += "：\(rows.count + emptyRows) 行（\(t.origin.sheet.map { "\(t.origin.file) 工作表「\($0)」" } ?? t.origin.file)）"
        let (names, dataColumn, asked) = TableFormatter.columnLayout(view, computed: computed, chosen: chosen)
        // Columns of amounts shown in another unit than their own (`:unit 元`, or a
        // table in 元 among tables in 万元): converted, the unit said in the header.
        // A computed column (a rule) whose figures are all amounts in one unit is shown
        // the same way.
        let units: [(from: MoneyUnit, to: MoneyUnit)?] = dataColumn.enumerated().map { c, d in
            if let d {
                guard let u = t.moneyUnit(ofColumn: d) else { return nil }
                return (u, format.displayUnit ?? u)
            }
            var unit: MoneyUnit?
            for r in shown {
                switch current(r, names[c]) {
                case .amount(_, let u)?:
                    if unit != nil && unit != u { return nil }
                    unit = u
                case .empty?, .notComputed?, nil: continue
                default: return nil
                }
            }
            return unit.map { ($0, format.displayUnit ?? $0) }
        }
        let headers = names.enumerated().map { c, name in
            guard let (_, to) = units[c], format.displayUnit != nil || to != format.workingUnit else { return name }
            return ColumnSynonyms.strippingUnit(name).name + "（\(to.name)）"
        }
        var grid: [[String]] = [headers.map { clip($0, maxCellWidth) }]
        var numeric = [[Bool]](repeating: [], count: names.count)
        var changedColumns = Set<Int>()
        var footnotes = Footnotes()
        for r in shown {
            var line: [String] = []
            for (c, name) in names.enumerated() {
                let d = dataColumn[c]
                let cell = d.map { t.cellValue(r, $0) } ?? .empty
                var text = d.map { t.text(r, $0).trimmingSpaces() } ?? ""
                if let d, d == t.nameColumn, !text.isEmpty { text = indent(r) + text }
                if let (from, to) = units[c], from != to, case .amount(let x, _) = cell { text = format.plain(from.convert(x, to: to)) }
                var isNumber = d.map { isNumeric(t.value(r, $0)) } ?? false
                let blank = d.map { t.value(r, $0) == .empty } ?? true
                if let now = current(r, name), case .notComputed(let n) = now {
                    // Not computed (or failed) is said in the cell, the reason under the table.
                    text = footnote(n, &footnotes)
                    isNumber = false
                } else if let now = current(r, name), !same(now, cell) {
                    text = shownInColumn(now, units[c]?.to) + (d != nil ? "*" : "")
                    if d != nil { changedColumns.insert(c) }
                    isNumber = now.numeric != nil
                } else if blank {
                    isNumber = false
                }
                numeric[c].append(isNumber || (blank && text.isEmpty))
                line.append(clip(text, maxCellWidth))
            }
            grid.append(line)
        }
        let rightAligned = names.indices.map { c in
            numeric[c].contains(true) && numeric[c].allSatisfy { $0 } && grid.dropFirst().contains { !$0[c].isEmpty }
        }
        var widths = names.indices.map { c in grid.map { DisplayWidth.of($0[c]) }.max() ?? 0 }
        widths = widths.map { max($0, 1) }
        // On a terminal: the columns that fit, the key and the asked-for ones first.
        var kept = Array(names.indices)
        if let width {
            // Kept: the key and name columns, or the columns asked for. Left out first:
            // other text columns (主管部门, 实施单位 …) from the right, then figures.
            let key = names.firstIndex(of: t.columns[t.keyColumn])
            let name = t.nameColumn.flatMap { names.firstIndex(of: t.columns[$0]) }
            let required = Set(asked != nil ? Array(names.indices) : [key ?? 0] + (name.map { [$0] } ?? []))
            var used = kept.reduce(0) { $0 + widths[$1] } + 2 * max(kept.count - 1, 0)
            while used > width,
                let drop = kept.last(where: { !required.contains($0) && !rightAligned[$0] })
                    ?? kept.last(where: { !required.contains($0) })
            {
                kept.removeAll { $0 == drop }
                used = kept.reduce(0) { $0 + widths[$1] } + 2 * max(kept.count - 1, 0)
            }
        }
        var lines = [heading]
        for (i, row) in grid.enumerated() {
            let cells = kept.map { DisplayWidth.pad(row[$0], to: widths[$0], alignRight: rightAligned[$0] && i > 0) }
            lines.append(cells.joined(separator: "  ").trimmingTrailingSpaces())
            if i == 0 { lines.append(kept.map { String(repeating: "─", count: widths[$0]) }.joined(separator: "  ")) }
        }
        if kept.count < names.count {
            let left = names.indices.filter { !kept.contains($0) }.map { names[$0] }
            lines += wrapped("（终端宽度所限，未显示 \(left.count) 列：\(left.joined(separator: "、"))；用 :show \(t.name) 列… 或 \(t.name)[列, 列] 选列）")
        }
        if emptyRows > 0 { lines.append("（另有 \(emptyRows) 行空行未显示：:show \(t.name) 全部 显示所有行）") }
        if rows.count > shown.count { lines.append("… 还有 \(rows.count - shown.count) 行（:show \(t.name) 全部 显示全部）") }
        if let u = view.undecided {
            lines.append("（另有 \(u.rows.count) 行无法判断是否符合「\(view.selection ?? "")」，未列出：如 \(u.first.described)）")
        }
        if changedColumns.contains(where: kept.contains) { lines.append("（带 * 的是按规则或假设算出的当前值，与公布数不同；published(…) 读公布数）") }
        lines += footnotes.lines
        return lines.joined(separator: "\n")
    }

    /// A table's rows but its empty ones: no figure (an unreadable ##### is one), and no
    /// text but a label repeated from the row above (收支「收入」 down a report's unused
    /// lines); the key (行次) does not count. A computed table (a grouping) has none.
    package static func keptRows(_ view: TableView) -> [Int] {
        let t = view.table
        guard t.derivation == nil else { return view.rowIndices }
        return view.rowIndices.filter { r in
            t.columns.indices.contains { c in
                guard c != t.keyColumn else { return false }
                switch t.value(r, c) {
                case .number, .ratio, .unreadable: return true
                case .empty: return false
                case .text:
                    let text = t.text(r, c).trimmingSpaces()
                    return r == 0 || t.text(r - 1, c).trimmingSpaces() != text
                }
            }
        }
    }

    /// The columns a table shows: the ones asked for (data or rule columns, by any name
    /// the table knows them by), else all of them and the rule columns; each with its
    /// data column, if any. Columns a row set chose (`表[列, 列]`) follow the key column.
    package static func columnLayout(
        _ view: TableView, computed: [String], chosen: [String]?
    ) -> (names: [String], dataColumn: [Int?], asked: [String]?) {
        let t = view.table
        let key = t.columns[t.keyColumn]
        let asked = chosen ?? view.columns.map { $0.contains(key) ? $0 : [key] + $0 }
        let names = asked ?? (t.columns + computed)
        let dataColumn: [Int?] = asked.map { $0.map { t.columnIndex($0) } } ?? names.indices.map { $0 < t.columns.count ? $0 : nil }
        return (names, dataColumn, asked)
    }

    /// A row as a field list. `current` gives a field's value as the session sees it
    /// now (a rule's result, an assumption), nil where the published cell stands;
    /// where it differs from the published cell both are shown. `computed` names the
    /// rule columns the data has no column for.
    /// `未算出[1]` or `出错[2]`: the reason numbered once in `notes`, shown under the table.
    func footnote(_ n: NotComputed, _ notes: inout Footnotes) -> String { notes.mark(n) }

    public func render(_ ref: RowRef, computed: [String] = [], current: (String) -> Value? = { _ in nil }) -> String {
        let t = ref.table
        let loc = t.location(ref.row, t.keyColumn)
        var lines = [
            "表「\(t.name)」的行「\(t.key(ref.row))」（\(loc.sheet != nil ? "\(loc.file) 工作表「\(loc.sheet ?? "")」第 \(t.rowLines[ref.row]) 行" : "\(loc.file) 第 \(t.rowLines[ref.row]) 行")）"
        ]
        let nameWidth = (t.columns + computed).map { DisplayWidth.of($0) }.max() ?? 0
        for (c, name) in t.columns.enumerated() {
            let text = t.text(ref.row, c).trimmingSpaces().replacingNewlines()
            let published = text.isEmpty ? "（空）" : text
            var shown = published
            if let now = current(name), case .notComputed = now {
                shown = format.displayResult(now) + (text.isEmpty ? "" : "（公布：\(text)）")
            } else if let now = current(name), !same(now, t.cellValue(ref.row, c)) {
                shown = format.displayResult(now) + (text.isEmpty ? "（公布为空）" : "（公布：\(text)）")
            }
            lines.append("  " + DisplayWidth.pad(name, to: nameWidth) + "  " + shown)
        }
        for name in computed {
            guard let now = current(name) else { continue }
            let how = now.notComputed == nil ? "（规则计算）" : ""
            lines.append("  " + DisplayWidth.pad(name, to: nameWidth) + "  " + "\(format.displayResult(now))\(how)")
        }
        for child in t.children {
            let n = child.table.rows(linkedTo: t.key(ref.row), column: child.column).count
            if n > 0 { lines.append("  （下属：\(child.table.name) \(n) 行，用 .\(child.table.name) 查看）") }
        }
        return lines.joined(separator: "\n")
    }
}

/// Reasons for the cells of a table that are 未算出 or 出错, numbered once per reason:
/// `未算出[1]` in the cells, `[1] 未算出：…（共 12 处）` under the table.
public struct Footnotes {
    package struct Note {
        package let reason: String
        package let first: NotComputed
        package var count: Int
    }

    package var notes: [Note] = []
    package var index: [String: Int] = [:]

    public init() {}

    /// The cell's text, its reason counted.
    public mutating func mark(_ n: NotComputed) -> String {
        let reason = (n.isError ? "E" : "N") + n.reason
        let k: Int
        if let i = index[reason] {
            notes[i].count += 1
            k = i
        } else {
            notes.append(Note(reason: reason, first: n, count: 1))
            k = notes.count - 1
            index[reason] = k
        }
        return (n.isError ? "出错" : NotComputed.word) + "[\(k + 1)]"
    }

    /// One line a reason, with where it was first met and how many cells share it.
    public var lines: [String] {
        notes.enumerated().map { k, note in
            let head = note.first.isError ? "" : "\(NotComputed.word)："
            let more = note.count > 1 ? "（同样原因共 \(note.count) 处）" : ""
            return "[\(k + 1)] \(head)\(note.first.described)\(more)"
        }
    }
}

extension Footnotes {
    /// A value in a grid: 未算出[1] with the reason numbered here (shown under it).
    package mutating func cell(_ v: Value, _ format: NumberFormat) -> String {
        if case .notComputed(let n) = v { return mark(n) }
        return format.displayResult(v)
    }
}
