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
            var values: [Value]
            if case .name(let n, let span) = k.key, locals[n] == nil,
                view.table.columnIndex(n) != nil || environment.rules[view.table.name]?[n] != nil,
                case .list(let list) = try member(.table(TableView(view.table, rows: rows)), n, span)
            {
                values = list
            } else {
                values = []
                values.reserveCapacity(rows.count)
                for r in rows {
                    row = RowRef(table: view.table, row: r)
                    values.append(try eval(k.key, locals: locals))
                }
            }
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
        }
    }
}
