import SuanpanData
import SuanpanLanguage

/// The steps of a row set (`表[条件][列, 列] sort 键 desc first 10`): a table's rows
/// chosen, ordered and cut, as a spreadsheet user sorts and filters. A view keeps its
/// table, so a step's result is still a table: its columns, `count`, `sum` and
/// `explain` work on the rows it has, in its order.
extension Evaluator {
    mutating func rowSet(_ base: Value, _ step: RowSetStep, _ span: SourceSpan, _ locals: [String: Value]) throws(Diagnostic) -> Value {
        if case .notComputed = base { return base }
        guard case .table(let view) = base else {
            throw Diagnostic(.typeMismatch(operation: step.operation, expected: "表或筛选出的行（如 项目[总分 < 90]）", found: base.described), at: span)
        }
        let t = view.table
        switch step {
        case .columns(let names, let spans):
            for (n, s) in zip(names, spans) where t.columnIndex(n) == nil && environment.rules[t.name]?[n] == nil {
                throw unknownColumn(t, n, s, extra: environment.rules[t.name].map { Array($0.keys).sorted() } ?? [])
            }
            return .table(view.with(columns: names))
        case .sort(let keys):
            return .table(try sorted(view, keys, locals))
        case .group(let keys, let aggregates):
            return .table(try grouped(view, keys, aggregates, locals))
        case .pivot(let rowKey, let columnKey, let aggregate):
            return .table(try pivoted(view, rowKey, columnKey, aggregate, locals))
        case .first(let n), .last(let n):
            let count = try rowCount(n, step.operation, locals)
            var rows = view.rowIndices
            var first = true
            if case .last = step { first = false }
            rows = first ? Array(rows.prefix(count)) : Array(rows.suffix(count))
            return .table(view.with(rows: rows, selection: describe(view, "\(first ? "前" : "后") \(count) 行")))
        }
    }

    /// The rows of `view` ordered by `keys` (each evaluated in the row's scope, like a
    /// filter's condition): stable, so equal keys keep the table's order; a row whose
    /// key is not computed goes last, and the heading says how many.
    mutating func sorted(_ view: TableView, _ keys: [SortKey], _ locals: [String: Value]) throws(Diagnostic) -> TableView {
        let choice = beginChoosingRows()
        defer { endChoosingRows(choice) }
        let rows = view.rowIndices
        // Each key's values for all rows: a column (data or rule) read as a column —
        // cached and batched — any other key evaluated row by row, like a condition.
        var columns: [[Value]] = []
        for k in keys {
            var values = try rowValues(view.table, rows, k.key, locals)
            for (i, v) in values.enumerated() {
                switch v {
                case .number, .ratio, .string, .empty, .notComputed: continue
                case .bool(let b): values[i] = .number(b ? .one : .zero)
                default:
                    throw Diagnostic(.typeMismatch(operation: "排序依据", expected: "数字或文字（如 总分、项目名称）", found: v.described), at: k.key.span)
                }
            }
            columns.append(values)
        }
        let notComputed = rows.indices.filter { i in
            columns.contains { if case .notComputed = $0[i] { return true } else { return false } }
        }.count
        // Texts ranked once (a column of 100,000 texts has few distinct ones), so rows
        // compare by integers and exact numbers.
        let ranked = columns.map { SortColumn($0) }
        let order = rows.indices.sorted { a, b in
            for (i, k) in keys.enumerated() {
                let c = ranked[i].compare(a, b, descending: k.descending)
                if c != 0 { return c < 0 }
            }
            return a < b
        }
        let words = keys.map { "\($0.key.span.text)\($0.descending ? " 降序" : "")" }.joined(separator: "、")
        var text = "按 \(words) 排序"
        if notComputed > 0 { text += "（\(notComputed) 行的排序依据未算出，排在最后）" }
        return view.with(rows: order.map { rows[$0] }, selection: describe(view, text))
    }

    /// `expr`'s value for each of `rows`, in the row's scope: a column (data or rule) is
    /// read as a column — cached and batched — anything else row by row.
    mutating func rowValues(_ t: Table, _ rows: [Int], _ expr: Expr, _ locals: [String: Value]) throws(Diagnostic) -> [Value] {
        if case .name(let n, let span) = expr, locals[n] == nil, t.columnIndex(n) != nil || environment.rules[t.name]?[n] != nil,
            case .list(let list) = try member(.table(TableView(t, rows: rows)), n, span)
        {
            return list
        }
        var values: [Value] = []
        values.reserveCapacity(rows.count)
        for r in rows {
            row = RowRef(table: t, row: r)
            values.append(try eval(expr, locals: locals))
        }
        return values
    }

    /// A count of rows (`first 10`): a whole number, not negative.
    mutating func rowCount(_ e: Expr, _ operation: String, _ locals: [String: Value]) throws(Diagnostic) -> Int {
        let v = try eval(e, locals: locals)
        guard case .number(let x) = v, let n = x.intValue, n >= 0 else {
            let shown = v.numeric != nil ? "「\(e.span.text)」" : v.described
            throw Diagnostic(.typeMismatch(operation: operation, expected: "行数（0 或正整数，如 10）", found: shown), at: e.span)
        }
        return n
    }

    /// The heading's account of how the rows were chosen, step by step.
    func describe(_ view: TableView, _ step: String) -> String {
        view.selection.map { "\($0)；\(step)" } ?? step
    }
}

/// One sort key's values, ready to compare: numbers by exact value, texts by rank
/// (character order), then empty, then not computed — last whichever the direction: a
/// missing figure never heads a ranking.
struct SortColumn {
    enum Cell {
        case number(Rational)
        case text(Int)
        case empty
        case missing
    }
    let cells: [Cell]

    init(_ values: [Value]) {
        var distinct = Set<String>()
        for v in values { if case .string(let s) = v { distinct.insert(s) } }
        var rank: [String: Int] = [:]
        for (i, s) in distinct.sorted().enumerated() { rank[s] = i }
        cells = values.map { v in
            switch v {
            case .number(let x), .ratio(let x): return .number(x)
            // In 元, should a key's rows hold amounts in several units.
            case .amount(let x, let u): return .number(u.convert(x, to: .yuan))
            case .string(let s): return .text(rank[s] ?? 0)
            case .empty: return .empty
            default: return .missing
            }
        }
    }

    /// -1, 0 or 1 for rows `a` and `b`.
    func compare(_ a: Int, _ b: Int, descending: Bool) -> Int {
        func tier(_ c: Cell) -> Int {
            switch c {
            case .number: return 0
            case .text: return 1
            case .empty: return 2
            case .missing: return 3
            }
        }
        let x = cells[a]
        let y = cells[b]
        let tx = tier(x)
        let ty = tier(y)
        if tx != ty { return tx < ty ? -1 : 1 }
        var c = 0
        switch (x, y) {
        case (.number(let p), .number(let q)): c = p < q ? -1 : (p == q ? 0 : 1)
        case (.text(let p), .text(let q)): c = p < q ? -1 : (p == q ? 0 : 1)
        default: return 0
        }
        return descending ? -c : c
    }
}

extension RowSetStep {
    /// The step's name in messages.
    var operation: String {
        switch self {
        case .columns: return "选列"
        case .sort: return "排序（sort）"
        case .first: return "前 N 行（first）"
        case .last: return "后 N 行（last）"
        case .group: return "分组（group）"
        case .pivot: return "透视（pivot）"
        }
    }
}

// MARK: Grouping

extension Evaluator {
    /// The groups of `rows` by the values of `keys`: each group's key values and rows, in
    /// key order (numbers, texts, then empty, then not computed).
    mutating func groups(_ t: Table, _ rows: [Int], _ keys: [Expr], _ locals: [String: Value]) throws(Diagnostic)
        -> [(key: [Value], rows: [Int])]
    {
        var columns: [[Value]] = []
        for k in keys {
            let values = try rowValues(t, rows, k, locals)
            for v in values {
                switch v {
                case .number, .ratio, .string, .empty, .notComputed, .bool: continue
                default:
                    throw Diagnostic(.typeMismatch(operation: "分组依据", expected: "数字或文字（如 主管部门、等级）", found: v.described), at: k.span)
                }
            }
            columns.append(values)
        }
        var index: [String: Int] = [:]
        var out: [(key: [Value], rows: [Int])] = []
        for i in rows.indices {
            let key = columns.map { $0[i] }
            let text = key.map(Evaluator.groupText).joined(separator: "\u{1F}")
            if let g = index[text] {
                out[g].rows.append(rows[i])
            } else {
                index[text] = out.count
                out.append((key, [rows[i]]))
            }
        }
        // Grades in their own order (优 良 中 差), not the characters'.
        let sortColumns = keys.indices.map { k -> SortColumn in
            let values = out.map { $0.key[k] }
            let grades = values.compactMap { v -> Int? in if case .string(let s) = v { return Evaluator.gradeOrder[s] } else { return nil }
            }
            if grades.count == values.count { return SortColumn(grades.map { .number(Rational($0)) }) }
            return SortColumn(values)
        }
        let order = out.indices.sorted { a, b in
            for c in sortColumns {
                let x = c.compare(a, b, descending: false)
                if x != 0 { return x < 0 }
            }
            return a < b
        }
        return order.map { out[$0] }
    }

    /// The grades' order, best first.
    static let gradeOrder: [String: Int] = ["优": 0, "优秀": 0, "良": 1, "良好": 1, "中": 2, "中等": 2, "合格": 2, "差": 3, "较差": 3, "不合格": 3]

    /// A key value as text: the group it names, and how headings and columns show it.
    static func groupText(_ v: Value) -> String {
        switch v {
        case .number(let x): return NumberFormat().plain(x)
        case .ratio(let x): return NumberFormat().plain(x * .hundred) + "%"
        case .amount(let x, let u): return NumberFormat().plain(x) + u.name
        case .string(let s): return s
        case .bool(let b): return b ? "是" : "否"
        case .empty: return "（空）"
        default: return "（未算出）"
        }
    }

    /// `aggregate` over a group's rows: a column name means that column's values over
    /// the group, the table's name the group's rows (`count(项目)`).
    mutating func aggregate(
        _ t: Table, _ group: [Int], _ expr: Expr, _ columnValues: [String: [Value]], _ locals: [String: Value]
    ) throws(Diagnostic) -> Value {
        var scope = locals
        scope[t.name] = .table(TableView(t, rows: group))
        for (name, values) in columnValues { scope[name] = .list(group.map { values[$0] }) }
        let saved = row
        row = nil
        defer { row = saved }
        return try eval(expr, locals: scope)
    }

    /// The columns `exprs` read of `t`, each read once for all `rows` (by table row).
    mutating func columnsRead(_ t: Table, _ rows: [Int], _ exprs: [Expr], _ locals: [String: Value]) throws(Diagnostic) -> [String: [Value]]
    {
        var out: [String: [Value]] = [:]
        for e in exprs {
            for n in e.referencedNames where out[n] == nil && locals[n] == nil && n != t.name {
                guard t.columnIndex(n) != nil || environment.rules[t.name]?[n] != nil else { continue }
                let values = try rowValues(t, rows, .name(n, e.span), locals)
                var byRow = [Value](repeating: .empty, count: t.rowCount)
                for (i, r) in rows.enumerated() { byRow[r] = values[i] }
                out[n] = byRow
            }
        }
        return out
    }

    /// `表 group 键 : 汇总, …`: one row per key, a new table whose cells are the exact
    /// aggregates; each row says which rows it stands for.
    mutating func grouped(_ view: TableView, _ keys: [Expr], _ aggregates: [GroupFigure], _ locals: [String: Value]) throws(Diagnostic)
        -> TableView
    {
        let choice = beginChoosingRows()
        defer { endChoosingRows(choice) }
        let t = view.table
        let rows = view.rowIndices
        let groups = try self.groups(t, rows, keys, locals)
        let figures =
            aggregates.isEmpty
            ? [
                GroupFigure(
                    name: "行数",
                    expr: .call(callee: "count", calleeSpan: keys[0].span, arguments: [.name(t.name, keys[0].span)], span: keys[0].span))
            ] : aggregates
        let read = try columnsRead(t, rows, figures.map(\.expr), locals)
        var cells: [[Value]] = []
        for g in groups {
            var line = g.key
            for a in figures { line.append(try aggregate(t, g.rows, a.expr, read, locals)) }
            cells.append(line)
        }
        let keyNames = keys.map(\.span.text)
        let names = keyNames + figures.map(\.name)
        let by = keyNames.joined(separator: "、")
        let described = groups.map { g in
            "表「\(t.name)」中 " + zip(keyNames, g.key).map { "\($0)「\(Evaluator.groupText($1))」" }.joined(separator: "、")
                + " 的 \(g.rows.count) 行"
        }
        let formulas =
            keyNames.map { _ in String?.none }
            + figures.map { a in a.name == a.expr.span.text ? a.name : "\(a.name) = \(a.expr.span.text)" }
        let table = try derivedTable(
            name: "\(t.name)按\(by)分组", origin: "表「\(t.name)」按 \(by) 分组", columns: names, cells: cells,
            derivation: Table.Derivation(rows: described, formulas: formulas))
        return TableView(table, selection: view.selection.map { "\($0)；按 \(by) 分组" })
    }

    /// `表 pivot 行键 by 列键 : 汇总`: one row per row key, one column per column key.
    mutating func pivoted(_ view: TableView, _ rowKey: Expr, _ columnKey: Expr, _ aggregate: GroupFigure?, _ locals: [String: Value])
        throws(Diagnostic) -> TableView
    {
        let choice = beginChoosingRows()
        defer { endChoosingRows(choice) }
        let t = view.table
        let rows = view.rowIndices
        let figure =
            aggregate?.expr ?? .call(callee: "count", calleeSpan: rowKey.span, arguments: [.name(t.name, rowKey.span)], span: rowKey.span)
        let byRow = try groups(t, rows, [rowKey], locals)
        let byColumn = try groups(t, rows, [columnKey], locals)
        let read = try columnsRead(t, rows, [figure], locals)
        // Each row's column group, so each cell's rows are one pass away.
        var columnOf = [Int](repeating: -1, count: t.rowCount)
        for (ci, c) in byColumn.enumerated() { for r in c.rows { columnOf[r] = ci } }
        var cells: [[Value]] = []
        var described: [String] = []
        for r in byRow {
            var buckets = [[Int]](repeating: [], count: byColumn.count)
            for row in r.rows where columnOf[row] >= 0 { buckets[columnOf[row]].append(row) }
            var line = r.key
            for both in buckets {
                line.append(try self.aggregate(t, both, figure, read, locals))
            }
            cells.append(line)
            described.append(
                "表「\(t.name)」中 \(rowKey.span.text)「\(Evaluator.groupText(r.key[0]))」的 \(r.rows.count) 行（按 \(columnKey.span.text) 分列）")
        }
        let names = [rowKey.span.text] + byColumn.map { Evaluator.groupText($0.key[0]) }
        let formula = aggregate.map { $0.name == $0.expr.span.text ? $0.name : "\($0.name) = \($0.expr.span.text)" } ?? "count(\(t.name))"
        let table = try derivedTable(
            name: "\(t.name)透视", origin: "表「\(t.name)」按 \(rowKey.span.text) × \(columnKey.span.text) 透视", columns: names, cells: cells,
            derivation: Table.Derivation(
                rows: described, formulas: [nil] + byColumn.map { "\(columnKey.span.text)「\(Evaluator.groupText($0.key[0]))」：\(formula)" }))
        return TableView(table, selection: view.selection)
    }

    /// A table of exact values computed by the session: each cell published as it is.
    func derivedTable(name: String, origin: String, columns: [String], cells: [[Value]], derivation: Table.Derivation) throws(Diagnostic)
        -> Table
    {
        var seen = Set<String>()
        var unique: [String] = []
        for c in columns {
            var n = c
            var k = 2
            while !seen.insert(n).inserted {
                n = "\(c)\(k)"
                k += 1
            }
            unique.append(n)
        }
        // A column of amounts keeps the unit of its first; any other is converted.
        let columnUnits: [MoneyUnit?] = unique.indices.map { c in
            cells.lazy.compactMap { line -> MoneyUnit? in
                if case .amount(_, let u) = line[c] { return u } else { return nil }
            }.first
        }
        let texts: [[String]] = cells.map { line in
            line.enumerated().map { c, v in
                if case .string(let s) = v { return s }
                // An amount's figure alone: the column's unit is the table's to show.
                if case .amount(let x, let u) = v { return NumberFormat().plain(u.convert(x, to: columnUnits[c] ?? u)) }
                return Evaluator.groupText(v)
            }
        }
        let table = try Table(
            name: name, origin: Table.Origin(file: origin, sheet: nil),
            records: CSVRecords(rows: [unique] + texts, lines: Array(0...cells.count)))
        var d = derivation
        for c in unique.indices {
            var values: [CellValue] = []
            let unit = columnUnits[c]
            if let unit { d.moneyUnits[c] = unit }
            for (r, line) in cells.enumerated() {
                switch line[c] {
                case .number(let x): values.append(.number(x))
                case .amount(let x, let u): values.append(.number(u.convert(x, to: unit ?? u)))
                case .ratio(let x): values.append(.ratio(x))
                case .string, .bool: values.append(.text)
                case .empty: values.append(.empty)
                case .notComputed(let n):
                    values.append(.empty)
                    d.notComputed[r, default: [:]][c] = n.described
                default:
                    values.append(.empty)
                    d.notComputed[r, default: [:]][c] = "汇总的结果是\(line[c].described)，不是一个数"
                }
            }
            table.publish(values, column: c)
        }
        table.derivation = d
        return table
    }
}
