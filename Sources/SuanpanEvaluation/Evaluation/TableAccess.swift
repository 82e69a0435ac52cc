import SuanpanData
import SuanpanLanguage

/// Reaching into datasets: `表["键"]`, `表[条件]`, `表.列`, `表.项`, `行.列`, `行.子表`.
extension Evaluator {
    /// Level and whole-table selectors that `表.名` understands besides column names.
    package static let allRowsWord = "全部"
    /// A row's children in a 科目 hierarchy (`表["201"].下级`).
    package static let childrenWord = "下级"

    /// `表[…]`: a filter when the expression names a column of the table (it is then
    /// evaluated per row with the row's fields in scope), otherwise a row key.
    package mutating func index(_ base: Value, _ keyExpr: Expr, _ span: SourceSpan, _ locals: [String: Value]) throws(Diagnostic) -> Value {
        if case .notComputed = base { return base }
        guard case .table(let view) = base else {
            throw Diagnostic(.typeMismatch(operation: "按键取行 […]", expected: "表", found: base.described), at: span)
        }
        let t = view.table
        // In a group's figures (`项目 group 主管部门 : 优 = count(项目[等级 == "优"])`) the
        // group's columns are bound to its values; filtering the group's rows, a
        // column's name still means the column.
        var inGroup = false
        if case .table(let g)? = locals[t.name], g.table === t { inGroup = true }
        let namesColumns = keyExpr.referencedNames.contains { n in
            (locals[n] == nil || inGroup)
                && (t.columnIndex(n) != nil || environment.rules[t.name]?[n] != nil || t.children.contains { $0.table.name == n })
        }
        if namesColumns {
            // The group's values step aside for the rows' own columns.
            let scope = inGroup ? locals.filter { t.columnIndex($0.key) == nil && environment.rules[t.name]?[$0.key] == nil } : locals
            return .table(try filter(view, keyExpr, scope))
        }
        let key = try eval(keyExpr, locals: locals)
        let wanted: String
        switch key {
        case .string(let s): wanted = s
        case .number(let x) where x.isInteger: wanted = "\(x.numerator)"
        default:
            throw Diagnostic(
                .typeMismatch(operation: "表「\(t.name)」的行键", expected: "文本（如 \"运维\"）或包含列名的条件", found: key.described), at: keyExpr.span)
        }
        switch t.findRow(wanted) {
        case .found(let r):
            if let rows = view.rows, !rows.contains(r) {
                throw Diagnostic(.notFound("「\(wanted)」不在这部分行中（\(view.selection ?? "已筛选")）"), at: keyExpr.span)
            }
            return .row(RowRef(table: t, row: r))
        case .ambiguous(let rows):
            throw Diagnostic(
                .notFound("「\(wanted)」在表「\(t.name)」中不唯一，有 \(rows.count) 行都匹配"), at: keyExpr.span,
                notes: rows.prefix(8).map { "候选：\(t.rowLabel($0))" } + (rows.count > 8 ? ["……"] : []) + ["提示：写得更完整些，或用行键"])
        case .notFound(let nearest):
            throw Diagnostic(
                .notFound("表「\(t.name)」中没有「\(wanted)」"), at: keyExpr.span,
                notes: nearest.isEmpty ? ["提示：输入 :show \(t.name) 查看它的行"] : nearest.map { "最接近的：\(t.rowLabel($0))" })
        }
    }

    /// What choosing rows (a filter, a sort) changes and gives back: the row in scope,
    /// the purpose, the trace.
    package struct RowChoice {
        let row: RowRef?
        let purpose: Purpose
        let trace: Trace?
    }

    /// Starts choosing rows: cells read only to choose or order rows do not feed the
    /// result's rounding (audit), nor a traced derivation (explain shows the result).
    package mutating func beginChoosingRows() -> RowChoice {
        let choice = RowChoice(row: row, purpose: purpose, trace: recordingTrace)
        if isAuditing { purpose = .value }
        choice.trace?.suspended += 1
        return choice
    }

    package mutating func endChoosingRows(_ choice: RowChoice) {
        row = choice.row
        purpose = choice.purpose
        choice.trace?.suspended -= 1
    }

    /// The rows of `view` for which `condition` is true.
    package mutating func filter(_ view: TableView, _ condition: Expr, _ locals: [String: Value]) throws(Diagnostic) -> TableView {
        var kept: [Int] = []
        let auditing = isAuditing
        let choice = beginChoosingRows()
        defer { endChoosingRows(choice) }
        var undecided: [(row: Int, why: NotComputed)] = []
        func interpret(_ e: inout Evaluator, _ r: Int) throws(Diagnostic) -> Bool {
            e.row = RowRef(table: view.table, row: r)
            let v = try e.eval(condition, locals: locals)
            // A row whose figure is not computed is neither in nor out: left out, and said.
            if case .notComputed(let n) = v {
                undecided.append((r, n))
                return false
            }
            guard case .bool(let b) = v else {
                // `表[列]`: a column, not a condition.
                var notes: [String] = []
                if case .name(let n, _) = condition, view.table.columnIndex(n) != nil || e.environment.rules[view.table.name]?[n] != nil {
                    notes = ["提示：要这一列，写 \(view.table.name).\(n)；要只显示某几列，写 \(view.table.name)[\(n), 另一列]"]
                }
                throw Diagnostic(
                    .typeMismatch(operation: "筛选条件", expected: "逻辑值（如 总分 < 90）", found: v.described), at: condition.span, notes: notes)
            }
            return b
        }
        if !auditing, canBatch, view.count >= settings.batchThreshold {
            kept = try batchFilter(view, condition, locals, interpret: interpret)
        } else {
            for r in view.rowIndices where try interpret(&self, r) { kept.append(r) }
        }
        // The rows left undecided travel with the view: a count or a column of it is not a number.
        let left = undecided.first.map { TableView.Undecided(rows: undecided.map(\.row), first: $0.why) }
        if let prior = view.undecided, left == nil {
            return TableView(view.table, rows: kept, selection: condition.span.text, undecided: prior, columns: view.columns)
        }
        return TableView(view.table, rows: kept, selection: condition.span.text, undecided: left ?? view.undecided, columns: view.columns)
    }

    /// The rows a column of `view` lists, in order: a whole hierarchical table means
    /// its leaves, so a sum counts each amount once.
    package static func columnRows(_ view: TableView) -> [Int] {
        view.rows ?? view.table.wholeColumnRows ?? view.rowIndices
    }

    /// `表.列` (a column as a list), `表.项` (a hierarchy level), `行.列` (a cell),
    /// `行.子表` (the related rows of another table).
    package mutating func member(_ base: Value, _ field: String, _ span: SourceSpan) throws(Diagnostic) -> Value {
        switch base {
        case .notComputed:
            return base
        case .table(let view):
            let t = view.table
            if let u = view.undecided, t.columnIndex(field) != nil || environment.rules[t.name]?[field] != nil {
                // A column of a filter's rows, some undecided: not the column it seems.
                return u.asValue(decided: view.count, selection: view.selection)
            }
            if t.columnIndex(field) != nil || environment.rules[t.name]?[field] != nil {
                // A whole hierarchical table means its leaves, so a sum counts each amount once.
                let rows = Evaluator.columnRows(view)
                try checkList(rows.count, span)
                let plan = fieldPlan(t, field)
                var out: [Value] = []
                out.reserveCapacity(rows.count)
                if !publishedOnly, canBatch, rows.count >= settings.batchThreshold {
                    if let e = plan.columnOverride {
                        materialize(.override(t, field, e), rows: RowList(rows))
                    } else if let rule = plan.rule {
                        materialize(.rule(t, rule), rows: RowList(rows))
                    }
                }
                if let rule = plan.rule, !plan.cellOverrides, plan.columnOverride == nil, !publishedOnly {
                    // A computed column: rows already computed come straight from the cache.
                    let cache = environment.ruleCache
                    let tid = ObjectIdentifier(t)
                    var dense = cache.column(tid, rule.columnID)
                    var reader = dense?.reader
                    for r in rows {
                        if let d = dense, let read = reader, r < d.count, d.known[r], let v = read[r] {
                            out.append(v)
                        } else {
                            out.append(try ruleValue(RowRef(table: t, row: r), rule, span))
                            dense = cache.column(tid, rule.columnID)  // computing may have created or changed it
                            reader = dense?.reader
                        }
                    }
                    return .list(out)
                }
                if plan.rule == nil, plan.columnOverride == nil, !plan.cellOverrides, !isAuditing, let c = plan.column {
                    // Cells as the file has them: the column's values read once.
                    let cells = t.cells(c)
                    let unit = t.moneyUnit(ofColumn: c)
                    for r in rows { out.append(t.cellValue(cells[r], r, c, unit: unit)) }
                    return .list(out)
                }
                for r in rows { out.append(try self.field(RowRef(table: t, row: r), plan, span) ?? .empty) }
                return .list(out)
            }
            if field == Evaluator.allRowsWord {
                // Every row, named explicitly: a column of it is not narrowed to the leaves.
                return .table(TableView(t, rows: view.rows ?? Array(0..<t.rowCount), selection: view.selection ?? Evaluator.allRowsWord))
            }
            if let levelRows = t.rows(atLevel: field) {
                let rows = view.rows.map { within in levelRows.filter(within.contains) } ?? levelRows
                return .table(TableView(t, rows: rows, selection: field))
            }
            throw unknownColumn(
                t, field, span,
                extra: (t.hierarchy?.levelNames ?? []) + [Evaluator.allRowsWord]
                    + (environment.rules[t.name].map { Array($0.keys).sorted() } ?? []))
        case .row(let ref):
            let t = ref.table
            if let v = try self.field(ref, field, span) { return v }
            if publishedOnly && environment.rules[t.name]?[field] != nil {
                throw Diagnostic(.notFound("「\(t.name).\(field)」没有公布值：数据中没有这一列，只有规则"), at: span)
            }
            if let child = t.children.first(where: { $0.table.name == field }) {
                return childRows(ref, child)
            }
            // Drill-down in a 科目 hierarchy: a row's children (`支出决算表["201"].下级`).
            if field == Evaluator.childrenWord, let h = t.hierarchy, let level = h.levels[ref.row] {
                let key = t.key(ref.row)
                let rows = (0..<t.rowCount).filter { h.levels[$0] == level + 1 && t.key($0).hasPrefix(key) }
                return .table(TableView(t, rows: rows, selection: "「\(key)」的下级"))
            }
            throw unknownColumn(t, field, span, extra: t.children.map(\.table.name) + (t.hierarchy != nil ? [Evaluator.childrenWord] : []))
        default:
            throw Diagnostic(.typeMismatch(operation: "取列「.\(field)」", expected: "表或表格行", found: base.described), at: span)
        }
    }

    /// A data cell's value, recorded when audit is watching.
    package mutating func cell(_ t: Table, _ row: Int, _ column: Int) -> Value {
        if case .auditing(let recorder) = purpose { recorder.cells.append(CellRef(table: t, row: row, column: column)) }
        return t.cellValue(row, column)
    }

    /// The rows of `child` that belong to `parent`, or why they cannot be told: the
    /// parent table repeats the key, or a project has no indicator rows.
    package func childRows(_ parent: RowRef, _ child: (table: Table, column: Int)) -> Value {
        let p = parent.table
        let key = p.key(parent.row)
        let column = child.table.columns[child.column]
        if !p.hasUniqueKeys, let same = p.keyIndex[key], same.count > 1 {
            let lines = same.map { p.rowPlace($0) }.joined(separator: "、")
            return .notComputed(
                NotComputed("\(p.columns[p.keyColumn])「\(key)」在表「\(p.name)」中重复（\(lines)），无法确定表「\(child.table.name)」的哪些行属于这一行"))
        }
        let rows = child.table.rows(linkedTo: key, column: child.column)
        if rows.isEmpty && child.table.isIndicatorTable && p.isProjectTable {
            return .notComputed(NotComputed("表「\(child.table.name)」中没有\(column)为「\(key)」的指标行"))
        }
        return .table(TableView(child.table, rows: rows, selection: "\(column) = \(key)"))
    }

    /// The rule for `table.column`, unless reading published figures.
    package func rule(_ table: Table, _ column: String) -> Rule? {
        publishedOnly ? nil : environment.ruleIndex[ByteKey(table.name)]?[ByteKey(column)]
    }

    /// A rule's value for one row: computed once, then cached; a rule that needs its
    /// own value (directly or through others) is a cycle.
    package mutating func ruleValue(_ ref: RowRef, _ rule: Rule, _ use: SourceSpan) throws(Diagnostic) -> Value {
        let cache = environment.ruleCache
        let key = RuleCache.Key(table: ObjectIdentifier(ref.table), row: ref.row, columnID: rule.columnID)
        if let v = cache.value(key) { return v }
        if let start = cache.inProgress.firstIndex(where: { $0.key == key }) {
            let chain = cache.inProgress[start...].map(\.name) + [rule.name]
            throw Diagnostic(
                .domain("规则循环依赖：\(chain.joined(separator: " → "))"), at: rule.span,
                notes: ["提示：一条规则不能（直接或间接）用到它自己算出的值"])
        }
        cache.inProgress.append((key, rule.name))
        defer { cache.inProgress.removeLast() }
        let saved = row
        row = ref
        // A rule read while tracing is a figure with its own derivation: not recorded.
        let trace = recordingTrace
        trace?.suspended += 1
        defer {
            row = saved
            trace?.suspended -= 1
        }
        do {
            var v = try eval(rule.body, locals: [:])
            if case .notComputed(let n) = v, n.place == nil {
                // The figure the reason was met at: its row and the data line it stands on.
                v = .notComputed(NotComputed(n.reason, count: n.count, place: Evaluator.place(ref, rule.column)))
            }
            cache.store(key, v, rows: ref.table.rowCount)
            return v
        } catch {
            if let e = dataAtFault(error, ref, rule) { throw e }
            var e = error
            let place = ref.table.location(ref.row, ref.table.keyColumn)
            let origin =
                place.sheet.map { "\(place.file) 工作表「\($0)」\(place.cell ?? "")" } ?? "\(place.file) 第 \(ref.table.rowLines[ref.row]) 行"
            let context = "（计算表「\(ref.table.name)」的行「\(ref.table.key(ref.row))」（\(origin)）的「\(rule.column)」时，规则 \(rule.name)）"
            if e.computing == nil {
                e.computing = context
                e.notes.append(context)
            }
            throw e
        }
    }

    /// When a rule fails on a data cell of its row that is text where a number is needed
    /// (`720,000个` in 全年执行数), the message names that cell, not the template's line.
    func dataAtFault(_ error: Diagnostic, _ ref: RowRef, _ rule: Rule) -> Diagnostic? {
        guard case .typeMismatch = error.kind, error.location == nil else { return nil }
        let t = ref.table
        let message = error.message
        for n in rule.body.referencedNames {
            guard let c = t.columnIndex(n), environment.rules[t.name]?[n] == nil, t.value(ref.row, c) == .text else { continue }
            let text = t.text(ref.row, c).trimmingSpaces()
            guard !text.isEmpty, message.contains("「\(text.count > 20 ? String(text.prefix(20)) + "…" : text)」") else { continue }
            if text.hasPrefix("=") {
                return Diagnostic(
                    .data("\(t.name)「\(t.rowLabel(ref.row))」的「\(t.columns[c])」是公式 \(text)，工作簿中没有保存它的结果"), at: nil,
                    notes: ["（计算规则 \(rule.name) 时）", "提示：用 Excel 或 WPS 打开这个工作簿并保存一次，公式的结果就会存下"],
                    location: t.location(ref.row, c))
            }
            return Diagnostic(
                .data("\(t.name)「\(t.rowLabel(ref.row))」的「\(t.columns[c])」是文本「\(text)」，不是数字"), at: nil,
                notes: [
                    "（计算规则 \(rule.name) 时：\(message)）",
                    "提示：金额写成数字（如 750000、75.5），或带金额单位（如 750,000元、1.2亿元）",
                ],
                location: t.location(ref.row, c))
        }
        return nil
    }

    /// `指标「A2 数量」的得分（r1/指标.csv 第 3 行）`: a computed figure of one row, and where the row is.
    package static func place(_ ref: RowRef, _ column: String) -> String {
        let t = ref.table
        var at = t.location(ref.row, t.keyColumn)
        at.field = nil
        return "\(t.name)「\(t.rowLabel(ref.row))」的\(column)（\(at.description)）"
    }

    package func unknownColumn(_ t: Table, _ field: String, _ span: SourceSpan, extra: [String]) -> Diagnostic {
        var notes: [String] = []
        if let s = Suggestions.closest(to: field, among: t.columns + extra) { notes.append("提示：是不是想输入「\(s)」？") }
        notes.append("表「\(t.name)」的列：\(t.columns.joined(separator: "、"))")
        if !extra.isEmpty { notes.append("还可以用：\(extra.joined(separator: "、"))") }
        return Diagnostic(.notFound("表「\(t.name)」没有「\(field)」这一列"), at: span, notes: notes)
    }
}
