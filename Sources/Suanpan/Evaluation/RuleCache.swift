/// Values of rules per row, computed once and kept until something they may depend
/// on changes (a rule, a binding, the dataset); and the chain of rules being computed,
/// to report cycles.
public final class RuleCache: @unchecked Sendable {
    /// One row's computed column: the same key as an override of that cell.
    typealias Key = Overrides.CellKey

    /// One computed column's values, indexed by row: reading a cached value is an
    /// array access, with no hashing.
    final class DenseColumn {
        var values: [Value?]
        init(rows: Int) { values = Array(repeating: nil, count: rows) }
    }

    struct ColumnID: Hashable {
        let table: ObjectIdentifier
        let column: Int
    }

    var columns: [ColumnID: DenseColumn] = [:]

    /// The dense column for a table's computed column, if anything is cached in it.
    func column(_ table: ObjectIdentifier, _ column: Int) -> DenseColumn? {
        columns[ColumnID(table: table, column: column)]
    }

    func value(_ k: Key) -> Value? {
        guard let c = columns[ColumnID(table: k.table, column: k.column)], k.row < c.values.count else { return nil }
        return c.values[k.row]
    }

    func store(_ k: Key, _ v: Value, rows: Int) {
        let id = ColumnID(table: k.table, column: k.column)
        let c: DenseColumn
        if let existing = columns[id] {
            c = existing
        } else {
            c = DenseColumn(rows: rows)
            columns[id] = c
        }
        if k.row < c.values.count { c.values[k.row] = v }
    }

    func forget(_ k: Key) {
        guard let c = columns[ColumnID(table: k.table, column: k.column)], k.row < c.values.count else { return }
        c.values[k.row] = nil
    }
    var inProgress: [(key: Key, name: String)] = []
    /// Rule values that took a published figure (##### or an evaluator's tier).
    var usedPublished: Set<Key> = []
    /// The dependency graph, worked out once per set of rules: "表\0列" → the rules of
    /// that table that read it (directly or through other rules), and parent readers.
    var dependents: [String: Set<String>] = [:]
    var readers: [String: Set<String>] = [:]

    /// Forgets the dependency graph (the rules changed).
    public func clearGraph() {
        dependents.removeAll()
        readers.removeAll()
    }

    public init() {}

    public func clear() {
        columns.removeAll()
        usedPublished.removeAll()
    }
}

extension Session {
    /// Rules of `table` that read `column` of the same row, directly or through other
    /// rules: the dependency graph comes from what each parsed rule references.
    func dependents(of column: String, in table: String) -> Set<String> {
        let memo = table + "\u{0}" + column
        if let known = environment.ruleCache.dependents[memo] { return known }
        guard let rules = environment.rules[table] else { return [] }
        var found = Set<String>()
        var todo = [column]
        while let c = todo.popLast() {
            for (name, rule) in rules where !found.contains(name) && rule.body.referencedNames.contains(c) {
                found.insert(name)
                todo.append(name)
            }
        }
        environment.ruleCache.dependents[memo] = found
        return found
    }

    /// Forgets only what an override of one cell can change: the rules of that row that
    /// depend on it, and, up the relations, the parent rows' rules that read this table.
    func invalidate(_ key: Overrides.CellKey) {
        guard let dataset = environment.dataset, let table = dataset.tables.first(where: { ObjectIdentifier($0) == key.table }) else {
            environment.ruleCache.clear()
            return
        }
        invalidate(table, key.row, [key.name], dataset)
    }

    func invalidate(_ table: Table, _ row: Int, _ columns: Set<String>, _ dataset: Dataset) {
        let cache = environment.ruleCache
        var affected = columns
        for c in columns { affected.formUnion(dependents(of: c, in: table.name)) }
        for c in affected {
            let k = RuleCache.Key(table: ObjectIdentifier(table), row: row, column: c)
            cache.forget(k)
            cache.usedPublished.remove(k)
        }
        // Parents whose rules read this table's rows (项目.指标得分 = sum(指标.得分)).
        for parent in dataset.tables {
            for link in dataset.children(of: parent) where link.table === table {
                let memo = parent.name + "\u{0}" + table.name
                let readers: Set<String>
                if let known = environment.ruleCache.readers[memo] {
                    readers = known
                } else {
                    readers = Set((environment.rules[parent.name] ?? [:]).filter { $0.value.body.referencedNames.contains(table.name) }.keys)
                    environment.ruleCache.readers[memo] = readers
                }
                if readers.isEmpty { continue }
                let key = table.text(row, link.column).trimmingSpaces()
                for pr in parent.keyIndex[key] ?? [] { invalidate(parent, pr, readers, dataset) }
            }
        }
    }
}
