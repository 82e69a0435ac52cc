import SuanpanData
import SuanpanLanguage

/// What a name read in an expression means, decided here for every path that reads
/// one — the interpreter (`Evaluator.lookup`) and the rule compiler (`RowCompiler.name`
/// and its typed `number`) — in one order: a local (a parameter), a field of the row in
/// scope (an override, a rule or a data column; inside `published(…)` the data only), a
/// related table of that row (a project row and an indicator table it has no link to:
/// not computed), a variable, a table. Anything else is no value: `ans`, a function
/// named without a call, an unknown name; the interpreter says which.
package enum NameMeaning {
    case local
    case field(Evaluator.FieldPlan)
    case relatedRows((table: Table, column: Int))
    case unlinkedIndicators(Table)
    case variable(Value)
    case table(Table)
    case other
}

extension Evaluator.FieldPlan {
    /// Whether the row has this field to read: inside `published(…)` only a data column.
    func isReadable(publishedOnly: Bool) -> Bool {
        publishedOnly ? column != nil : (columnOverride != nil || rule != nil || column != nil)
    }
}

extension Evaluator {
    /// What `n` means with the rows of `rowTable` in scope (nil: no row).
    package func meaning(of n: String, rowTable: Table?, isLocal: Bool) -> NameMeaning {
        if isLocal { return .local }
        if let t = rowTable {
            let plan = fieldPlan(t, n)
            if plan.isReadable(publishedOnly: publishedOnly) { return .field(plan) }
            if let child = t.children.first(where: { $0.table.name == n }) { return .relatedRows(child) }
            // A project's indicators are its related rows, never the whole table: with
            // no link there is no answer (datasets.md, "Linking is by name").
            if t.isProjectTable, let other = environment.dataset?.table(n), other.isIndicatorTable, other !== t {
                return .unlinkedIndicators(other)
            }
        }
        if let v = environment.variables[n] { return .variable(v) }
        if let t = environment.dataset?.table(n) { return .table(t) }
        return .other
    }
}
