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
            for c in columns { affected.formUnion(cache.graph.dependents(of: c, in: t.name, environment)) }
            forgotten.append((t, affected))
            for parent in parentsOf[ObjectIdentifier(t)] ?? [] {
                let readers = cache.graph.readers(of: t.name, in: parent.name, environment)
                if !readers.isEmpty { todo.append((parent, readers)) }
            }
        }
        let related = Set(forgotten.map { ObjectIdentifier($0.0) })
        for tableName in environment.rules.keys {
            guard let owner = dataset.table(tableName), !cache.graph.readers(of: table.name, in: tableName, environment).isEmpty else {
                continue
            }
            // Its own table, or a parent reading its related rows, is covered above.
            let covered =
                owner === table || related.contains(ObjectIdentifier(owner)) && dataset.children(of: owner).contains { $0.table === table }
            if !covered { return cache.clear() }
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
        let plan = cache.graph.plan(table, columns, dataset, environment)
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
}
