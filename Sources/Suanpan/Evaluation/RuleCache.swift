/// Values of rules per row, computed once and kept until something they may depend
/// on changes (a rule, a binding, the dataset); and the chain of rules being computed,
/// to report cycles.
public final class RuleCache: @unchecked Sendable {
    /// One row's computed column: the same key as an override of that cell.
    typealias Key = Overrides.CellKey

    /// One computed column's values, indexed by row: reading a cached value is an
    /// array access, with no hashing.
    /// Fixed-size storage: batch evaluation writes distinct rows from several threads.
    /// `known` says which rows hold a value, so that finding the rows still to compute
    /// reads bytes rather than copying values.
    final class DenseColumn: @unchecked Sendable {
        private let storage: UnsafeMutableBufferPointer<Value?>
        let known: UnsafeMutableBufferPointer<Bool>
        init(rows: Int) {
            storage = .allocate(capacity: rows)
            storage.initialize(repeating: nil)
            known = .allocate(capacity: rows)
            known.initialize(repeating: false)
        }
        deinit {
            storage.deinitialize()
            storage.deallocate()
            known.deallocate()
        }

        var count: Int { storage.count }
        subscript(_ row: Int) -> Value? { storage[row] }

        /// Distinct rows may be set from several threads at once.
        func set(_ row: Int, _ v: Value?) {
            storage[row] = v
            known[row] = v != nil
        }
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

    /// The dense column for a computed column, created empty if need be.
    func denseColumn(_ id: ColumnID, rows: Int) -> DenseColumn {
        if let c = columns[id] { return c }
        let c = DenseColumn(rows: rows)
        columns[id] = c
        return c
    }

    /// Columns being computed in a batch (a column that needs itself is left to the
    /// interpreter, which reports the cycle).
    var materializing: [ColumnID] = []

    func value(_ k: Key) -> Value? {
        guard let c = columns[ColumnID(table: k.table, column: k.column)], k.row < c.count else { return nil }
        return c[k.row]
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
        if k.row < c.count { c.set(k.row, v) }
    }

    func forget(_ k: Key) {
        guard let c = columns[ColumnID(table: k.table, column: k.column)], k.row < c.count else { return }
        c.set(k.row, nil)
    }
    var inProgress: [(key: Key, name: String)] = []
    /// Rule values that took a published figure (##### or an evaluator's tier).
    var usedPublished: Set<Key> = []
    /// Why a rule needed judgement (`需判断`'s reason), for audit and explain.
    var judgementReasons: [Key: String] = [:]
    /// The dependency graph, worked out once per set of rules: "表\0列" → the rules of
    /// that table that read it (directly or through other rules).
    var dependents: [String: Set<String>] = [:]
    /// See `Session.invalidationPlan`.
    struct InvalidationPlan {
        let columns: [Int]
        let parents: [(Table, Int, Set<String>)]
    }
    var plans: [ByteKey: InvalidationPlan] = [:]

    /// Forgets the dependency graph (the rules changed).
    public func clearGraph() {
        dependents.removeAll()
        plans.removeAll()
    }

    public init() {}

    public func clear() {
        columns.removeAll()
        usedPublished.removeAll()
        judgementReasons.removeAll()
    }
}

extension Environment {
    /// The names an expression reads, through the user functions it calls (a function
    /// body sees the row's fields too).
    func namesRead(by e: Expr) -> Set<String> {
        var names = Set<String>()
        var seenFunctions = Set<String>()
        var todo = [e]
        while let x = todo.popLast() {
            for n in x.referencedNames where names.insert(n).inserted {
                if let f = functions[n], seenFunctions.insert(n).inserted { todo.append(f.body) }
            }
        }
        return names
    }
}

extension Session {
    /// Forgets what an assumption about a whole column can change: that column's
    /// rules and assumed values, the rules of its table that depend on it, and up the
    /// relations the parent tables' rules that read this table. A rule anywhere else
    /// that names the table (a lookup like 项目["运维"].总分) may read any of it, so
    /// then everything is forgotten.
    func invalidate(column: String, of table: Table) {
        let cache = environment.ruleCache
        guard let dataset = environment.dataset else { return cache.clear() }
        var forgotten: [(Table, Set<String>)] = []
        var todo: [(Table, Set<String>)] = [(table, [column])]
        var parentsOf: [ObjectIdentifier: [Table]] = [:]
        for parent in dataset.tables {
            for link in dataset.children(of: parent) { parentsOf[ObjectIdentifier(link.table), default: []].append(parent) }
        }
        while let (t, columns) = todo.popLast() {
            var affected = columns
            for c in columns { affected.formUnion(dependents(of: c, in: t.name)) }
            forgotten.append((t, affected))
            for parent in parentsOf[ObjectIdentifier(t)] ?? [] {
                let readers = Set((environment.rules[parent.name] ?? [:]).filter { environment.namesRead(by: $0.value.body).contains(t.name) }.keys)
                if !readers.isEmpty { todo.append((parent, readers)) }
            }
        }
        let related = Set(forgotten.map { ObjectIdentifier($0.0) })
        for (tableName, rules) in environment.rules {
            guard let owner = dataset.table(tableName) else { continue }
            for rule in rules.values where environment.namesRead(by: rule.body).contains(table.name) {
                // Its own table, or a parent reading its related rows, is covered above.
                if owner === table || related.contains(ObjectIdentifier(owner)) && dataset.children(of: owner).contains(where: { $0.table === table }) { continue }
                return cache.clear()
            }
        }
        for (t, names) in forgotten {
            let tid = ObjectIdentifier(t)
            var ids = Set(names.map { Interner.shared.id($0) })
            for n in names { ids.insert(Interner.shared.id(Evaluator.overridePrefix + n)) }
            for id in ids { cache.columns[RuleCache.ColumnID(table: tid, column: id)] = nil }
            cache.usedPublished = cache.usedPublished.filter { !($0.table == tid && ids.contains($0.column)) }
            cache.judgementReasons = cache.judgementReasons.filter { !($0.key.table == tid && ids.contains($0.key.column)) }
        }
    }

    /// Rules of `table` that read `column` of the same row, directly or through other
    /// rules: the dependency graph comes from what each parsed rule references.
    func dependents(of column: String, in table: String) -> Set<String> {
        let memo = table + "\u{0}" + column
        if let known = environment.ruleCache.dependents[memo] { return known }
        guard let rules = environment.rules[table] else { return [] }
        var found = Set<String>()
        var todo = [column]
        while let c = todo.popLast() {
            for (name, rule) in rules where !found.contains(name) && environment.namesRead(by: rule.body).contains(c) {
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
        let plan = invalidationPlan(table, columns, dataset)
        let tid = ObjectIdentifier(table)
        for id in plan.columns {
            let k = RuleCache.Key(table: tid, row: row, columnID: id)
            cache.forget(k)
            if !cache.usedPublished.isEmpty { cache.usedPublished.remove(k) }
            if !cache.judgementReasons.isEmpty { cache.judgementReasons[k] = nil }
        }
        // Parents whose rules read this table's rows (项目.指标得分 = sum(指标.得分)).
        for (parent, column, readers) in plan.parents {
            let key = table.text(row, column).trimmingSpaces()
            for pr in parent.keyIndex[key] ?? [] { invalidate(parent, pr, readers, dataset) }
        }
    }

    /// What forgetting `columns` of one row of `table` involves, worked out once per
    /// set of rules (the names are Chinese, and hashing them is not free): the cached
    /// columns of the row, and the parent tables' rules that read this table.
    func invalidationPlan(_ table: Table, _ columns: Set<String>, _ dataset: Dataset) -> RuleCache.InvalidationPlan {
        let memo = ByteKey(table.name + "\u{0}" + columns.sorted().joined(separator: "\u{0}"))
        if let known = environment.ruleCache.plans[memo] { return known }
        var affected = columns
        for c in columns { affected.formUnion(dependents(of: c, in: table.name)) }
        var parents: [(Table, Int, Set<String>)] = []
        for parent in dataset.tables {
            for link in dataset.children(of: parent) where link.table === table {
                let readers = Set((environment.rules[parent.name] ?? [:]).filter { environment.namesRead(by: $0.value.body).contains(table.name) }.keys)
                if !readers.isEmpty { parents.append((parent, link.column, readers)) }
            }
        }
        let plan = RuleCache.InvalidationPlan(columns: affected.map { Interner.shared.id($0) }, parents: parents)
        environment.ruleCache.plans[memo] = plan
        return plan
    }
}
