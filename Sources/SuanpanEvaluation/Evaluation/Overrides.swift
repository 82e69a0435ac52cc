import SuanpanData
import SuanpanLanguage

/// What-if overrides (`assume`, `where`): values put in place of cells, whole columns
/// or variables. They never touch the files; `published(…)` still reads the files.
public struct Overrides: Sendable {
    package struct CellKey: Hashable {
        package let table: ObjectIdentifier
        package let row: Int
        /// The column's interned id.
        package let column: Int
        /// The column's name (not part of equality).
        package var name: String { Interner.shared.name(column) }

        package init(table: ObjectIdentifier, row: Int, column: String) {
            self.init(table: table, row: row, columnID: Interner.shared.id(column))
        }

        package init(table: ObjectIdentifier, row: Int, columnID: Int) {
            self.table = table
            self.row = row
            self.column = columnID
        }
    }

    package struct ColumnKey: Hashable {
        package let table: ObjectIdentifier
        package let column: Int

        package init(table: ObjectIdentifier, column: String) {
            self.init(table: table, columnID: Interner.shared.id(column))
        }

        package init(table: ObjectIdentifier, columnID: Int) {
            self.table = table
            self.column = columnID
        }
    }

    /// One override as the user wrote it, for `:assumptions` and `unassume`.
    public struct Entry: Sendable {
        /// The target as written: `项目["运维"].调整后预算数`.
        public let target: String
        public let value: String
        /// The value before the override (for a column: "各行原值").
        public let original: String
        package enum Kind {
            case cell(CellKey)
            case column(ColumnKey)
            case variable(String, Value?)
        }
        package let kind: Kind
        package init(target: String, value: String, original: String, kind: Kind) {
            self.target = target
            self.value = value
            self.original = original
            self.kind = kind
        }
    }

    package var cells: [CellKey: Value] = [:] {
        didSet { cellColumns = Set(cells.keys.map { ColumnKey(table: $0.table, columnID: $0.column) }) }
    }
    /// The columns that have at least one cell override (checked once per column read).
    private(set) var cellColumns: Set<ColumnKey> = []
    /// Column overrides: an expression evaluated per row, in which the column's own
    /// name means its original value.
    package var columns: [ColumnKey: Expr] = [:]
    public private(set) var entries: [Entry] = []

    public var isEmpty: Bool { cells.isEmpty && columns.isEmpty }

    package mutating func add(_ entry: Entry) {
        entries.removeAll { $0.target == entry.target }
        entries.append(entry)
    }

    /// Removes the override of `target`; returns it, or nil if there was none.
    package mutating func remove(_ target: String) -> Entry? {
        guard let i = entries.firstIndex(where: { $0.target == target }) else { return nil }
        let e = entries.remove(at: i)
        switch e.kind {
        case .cell(let k): cells[k] = nil
        case .column(let k): columns[k] = nil
        case .variable: break
        }
        return e
    }
    package init(cells: [CellKey: Value] = [:], cellColumns: Set<ColumnKey> = [], columns: [ColumnKey: Expr] = [:], entries: [Entry] = []) {
        self.cells = cells
        self.cellColumns = cellColumns
        self.columns = columns
        self.entries = entries
    }
}

extension Evaluator {
    /// A row's field by name: an override of that cell, an override of the whole
    /// column, a rule, or the data, in that order; nil when the table has no such field.
    package mutating func field(_ ref: RowRef, _ name: String, _ span: SourceSpan) throws(Diagnostic) -> Value? {
        let plan = fieldPlan(ref.table, name)
        return try field(ref, plan, span)
    }

    /// How to read one field of a table's rows, worked out once for a whole column.
    package struct FieldPlan {
        package let name: String
        package let id: Int
        package let rule: Rule?
        package let column: Int?
        /// Whether any cell of this column is overridden, and the column override.
        let cellOverrides: Bool
        let columnOverride: Expr?
    }

    func fieldPlan(_ t: Table, _ name: String) -> FieldPlan {
        let id = Interner.shared.id(name)
        let ck = Overrides.ColumnKey(table: ObjectIdentifier(t), columnID: id)
        let overrides = environment.overrides
        return FieldPlan(
            name: name, id: id, rule: rule(t, name), column: t.columnIndex(name),
            cellOverrides: overrides.cellColumns.contains(ck),
            columnOverride: suppressedColumn == ck ? nil : overrides.columns[ck])
    }

    package mutating func field(_ ref: RowRef, _ plan: FieldPlan, _ span: SourceSpan) throws(Diagnostic) -> Value? {
        let t = ref.table
        if !publishedOnly {
            if plan.cellOverrides,
                let v = environment.overrides.cells[Overrides.CellKey(table: ObjectIdentifier(t), row: ref.row, columnID: plan.id)]
            {
                return v
            }
            if let e = plan.columnOverride {
                return try columnOverride(ref, plan.name, e, Overrides.ColumnKey(table: ObjectIdentifier(t), columnID: plan.id))
            }
            if let rule = plan.rule { return try ruleValue(ref, rule, span) }
        }
        if let c = plan.column { return cell(t, ref.row, c) }
        return nil
    }

    /// A column override's value for one row, cached like a rule's.
    mutating func columnOverride(_ ref: RowRef, _ name: String, _ e: Expr, _ ck: Overrides.ColumnKey) throws(Diagnostic) -> Value {
        let cache = environment.ruleCache
        let key = RuleCache.Key(table: ObjectIdentifier(ref.table), row: ref.row, column: Evaluator.overridePrefix + name)
        if let v = cache.value(key) { return v }
        let savedRow = row
        let savedSuppressed = suppressedColumn
        row = ref
        suppressedColumn = ck
        defer {
            row = savedRow
            suppressedColumn = savedSuppressed
        }
        let v = try eval(e, locals: [:])
        cache.store(key, v, rows: ref.table.rowCount)
        return v
    }
}
