import SuanpanCharts
import SuanpanData
import SuanpanEvaluation
import SuanpanLanguage

extension Workspace {
    /// What an override's target names.
    enum OverrideTarget {
        case cell(RowRef, String)
        case column(Table, String)
        case variable(String)
    }

    /// Resolves `项目["运维"].调整后预算数`, `项目.调整后预算数` or a variable name.
    func resolveTarget(_ target: Expr) throws(Diagnostic) -> OverrideTarget {
        switch target {
        case .name(let n, let span):
            if environment.variables[n] != nil { return .variable(n) }
            var notes: [String] = []
            let candidates = environment.variableOrder
            if let s = Suggestions.closest(to: n, among: candidates) { notes.append("提示：是不是想输入「\(s)」？") }
            notes.append("可以假设的是：已定义的名称、单元格（表[\"键\"].列）或整列（表.列）")
            throw Diagnostic(.notFound("没有可以假设的「\(n)」"), at: span, notes: notes)
        case .member(let base, let field, let span):
            var evaluator = Evaluator(environment: environment, settings: settings)
            let b = try evaluator.evaluate(base)
            switch b {
            case .row(let ref):
                try requireField(ref.table, field, span)
                return .cell(ref, field)
            case .table(let view):
                try requireField(view.table, field, span)
                if view.rows != nil {
                    throw Diagnostic(.domain("只能假设整列（表.列）或单个单元格（表[\"键\"].列），不能假设筛选出的部分行"), at: span)
                }
                return .column(view.table, field)
            default:
                throw Diagnostic(
                    .typeMismatch(operation: "假设的对象「\(target.span.text)」", expected: "单元格、整列或名称", found: b.described), at: span)
            }
        default:
            throw Diagnostic(.domain("「\(target.span.text)」不是可以假设的对象：应为名称、单元格（表[\"键\"].列）或整列（表.列）"), at: target.span)
        }
    }

    func requireField(_ t: Table, _ field: String, _ span: SourceSpan) throws(Diagnostic) {
        if t.columnIndex(field) != nil || environment.rules[t.name]?[field] != nil { return }
        let evaluator = Evaluator(environment: environment, settings: settings)
        throw evaluator.unknownColumn(t, field, span, extra: environment.rules[t.name].map { Array($0.keys).sorted() } ?? [])
    }

    /// Applies one override (for `assume` and `where`); returns the cell it set, if it set
    /// one cell, so that callers can forget just what depends on it afterwards.
    @discardableResult
    mutating func apply(_ a: Assignment) throws(Diagnostic) -> Overrides.CellKey? {
        let target = try resolveTarget(a.target)
        let text = a.target.span.text
        switch target {
        case .variable(let n):
            var evaluator = Evaluator(environment: environment, settings: settings)
            let v = try evaluator.evaluate(a.value)
            try requireSameKind(environment.variables[n], v, a)
            let original =
                environment.overrides.entries.first { $0.target == text }.flatMap { e -> Value?? in
                    if case .variable(_, let o) = e.kind { return o } else { return nil }
                } ?? environment.variables[n]
            environment.bind(n, v)
            environment.overrides.add(
                .init(
                    target: text, value: format.display(v), original: original.map { format.display($0) } ?? "（无）",
                    kind: .variable(n, original)))
        case .cell(let ref, let field):
            var evaluator = Evaluator(environment: environment, settings: settings)
            // A computed cell is set without computing it: the judgement is needed exactly
            // when its texts cannot be scored.
            let before: Value
            do {
                before = try evaluator.field(ref, field, a.target.span) ?? .empty
            } catch  where environment.rules[ref.table.name]?[field] != nil {
                before = .notComputed(.error(error.message))
            }
            var v = try evaluator.evaluate(a.value)
            // A cell of a money column holds an amount in the column's unit: a number
            // without a unit is in it, one with a unit converted to it.
            if let c = ref.table.columnIndex(field), let u = ref.table.moneyUnit(ofColumn: c) {
                switch v {
                case .number(let x): v = .amount(x, u)
                case .amount(let x, let w): v = .amount(w.convert(x, to: u), u)
                default: break
                }
            }
            // A column of indicator texts mixes numbers (`20`) and texts (`≥20个`): either fits.
            let mixed =
                ref.table.columnIndex(field).map { c in
                    (0..<ref.table.rowCount).contains { if case .text = ref.table.value($0, c) { return true } else { return false } }
                } ?? false
            if !mixed { try requireSameKind(before, v, a) }
            let key = Overrides.CellKey(table: ObjectIdentifier(ref.table), row: ref.row, column: field)
            let shownBefore = before.notComputed.map { $0.isError ? "出错" : NotComputed.word } ?? format.withUnit(before)
            let originalText = environment.overrides.entries.first { $0.target == text }?.original ?? shownBefore
            environment.overrides.cells[key] = v
            environment.overrides.add(.init(target: text, value: format.withUnit(v), original: originalText, kind: .cell(key)))
            invalidate(key)
            return key
        case .column(let t, let field):
            // Check the expression on the first row, so a mistake is reported now.
            var evaluator = Evaluator(environment: environment, settings: settings)
            if t.rowCount > 0 {
                let ref = RowRef(table: t, row: 0)
                evaluator.row = ref
                let before = try evaluator.field(ref, field, a.target.span) ?? .empty
                var probe = evaluator
                probe.suppressedColumn = Overrides.ColumnKey(table: ObjectIdentifier(t), column: field)
                let v = try probe.evaluate(a.value)
                try requireSameKind(before, v, a)
            }
            let key = Overrides.ColumnKey(table: ObjectIdentifier(t), column: field)
            environment.overrides.columns[key] = a.value
            environment.overrides.add(.init(target: text, value: a.value.span.text, original: "各行原值", kind: .column(key)))
            invalidate(column: field, of: t)
            return nil
        }
        environment.ruleCache.clear()
        return nil
    }

    /// A number must stay a number (a ratio counts as one), text text.
    func requireSameKind(_ before: Value?, _ after: Value, _ a: Assignment) throws(Diagnostic) {
        guard let before else { return }
        let wasNumber = before.numeric != nil || { if case .unreadable = before { return true } else { return false } }()
        let isNumber = after.numeric != nil
        if case .empty = before { return }
        if case .notComputed = before { return }
        if wasNumber != isNumber {
            throw Diagnostic(
                .typeMismatch(
                    operation: "假设「\(a.target.span.text)」", expected: wasNumber ? "数字" : before.typeName,
                    found: after.described), at: a.value.span)
        }
    }

    /// Removes an override, restoring a variable's earlier value.
    mutating func unassume(_ target: Expr?, span: SourceSpan) throws(Diagnostic) {
        guard let target else { return unassumeAll() }
        guard let e = environment.overrides.remove(target.span.text) else {
            let known = environment.overrides.entries.map(\.target)
            throw Diagnostic(
                .notFound("没有对「\(target.span.text)」的假设"), at: target.span,
                notes: known.isEmpty ? ["当前没有任何假设"] : ["当前的假设：\(known.joined(separator: "、"))"])
        }
        restore(e)
        if case .cell(let key) = e.kind { invalidate(key) } else { environment.ruleCache.clear() }
    }

    /// Removes every override, restoring variables' earlier values.
    mutating func unassumeAll() {
        for e in environment.overrides.entries.reversed() { restore(environment.overrides.remove(e.target)) }
        environment.overrides = Overrides()
        environment.ruleCache.clear()
    }

    mutating func restore(_ e: Overrides.Entry?) {
        guard let e, case .variable(let n, let original) = e.kind else { return }
        if let o = original { environment.bind(n, o) } else { environment.variables[n] = nil }
    }

    func assumptionsListing() -> String {
        let entries = environment.overrides.entries
        if entries.isEmpty { return "当前没有假设。" }
        return (["当前的假设："] + entries.map { "  \($0.target) = \($0.value)（原值 \($0.original)）" }).joined(separator: "\n")
    }
}
