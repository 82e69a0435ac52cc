import SuanpanCharts
import SuanpanData
import SuanpanEvaluation
import SuanpanLanguage

extension Workspace {
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
                let readers = Set(
                    (environment.rules[parent.name] ?? [:]).filter { environment.namesRead(by: $0.value.body).contains(t.name) }.keys)
                if !readers.isEmpty { todo.append((parent, readers)) }
            }
        }
        let related = Set(forgotten.map { ObjectIdentifier($0.0) })
        for (tableName, rules) in environment.rules {
            guard let owner = dataset.table(tableName) else { continue }
            for rule in rules.values where environment.namesRead(by: rule.body).contains(table.name) {
                // Its own table, or a parent reading its related rows, is covered above.
                if owner === table
                    || related.contains(ObjectIdentifier(owner)) && dataset.children(of: owner).contains(where: { $0.table === table })
                {
                    continue
                }
                return cache.clear()
            }
        }
        for (t, names) in forgotten {
            let tid = ObjectIdentifier(t)
            var ids = Set(names.map { Interner.shared.id($0) })
            for n in names { ids.insert(Interner.shared.id(Evaluator.overridePrefix + n)) }
            for id in ids { cache.drop(RuleCache.ColumnID(table: tid, column: id)) }
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
                let readers = Set(
                    (environment.rules[parent.name] ?? [:]).filter { environment.namesRead(by: $0.value.body).contains(table.name) }.keys)
                if !readers.isEmpty { parents.append((parent, link.column, readers)) }
            }
        }
        let plan = RuleCache.InvalidationPlan(columns: affected.map { Interner.shared.id($0) }, parents: parents)
        environment.ruleCache.plans[memo] = plan
        return plan
    }
}
