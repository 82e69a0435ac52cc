import SuanpanData
import SuanpanLanguage

/// Which rules read what, in one place: worked out from the rules' own expressions
/// (through the user functions they call), once per set of rules, and used to forget
/// only what an override can change. The cache holds one and drops it when the rules,
/// functions or dataset change.
package final class RuleGraph: @unchecked Sendable {
    /// A column of a table, by name.
    struct Column: Hashable {
        let table: String
        let column: String
    }

    /// A set of columns of one row of a table, by name.
    struct Columns: Hashable {
        let table: String
        let columns: Set<String>
    }

    /// What forgetting some columns of one row involves: the cached columns of the row
    /// (interned ids), and the parent tables' rules that read this table, with the
    /// child's column that links to the parent.
    package struct Plan {
        package let columns: [Int]
        package let parents: [(table: Table, link: Int, readers: Set<String>)]
    }

    private var dependents: [Column: Set<String>] = [:]
    private var readers: [Column: Set<String>] = [:]
    private var plans: [Columns: Plan] = [:]

    package init() {}

    /// Rules of `table` that read `column` of the same row, directly or through other
    /// rules.
    package func dependents(of column: String, in table: String, _ environment: Environment) -> Set<String> {
        let key = Column(table: table, column: column)
        if let known = dependents[key] { return known }
        var found = Set<String>()
        if let rules = environment.rules[table] {
            var todo = [column]
            while let c = todo.popLast() {
                for (name, rule) in rules where !found.contains(name) && environment.namesRead(by: rule.body).contains(c) {
                    found.insert(name)
                    todo.append(name)
                }
            }
        }
        dependents[key] = found
        return found
    }

    /// Rules of `parent` that name the table `child` (a parent's rules over its related
    /// rows, 项目.指标得分 = sum(指标.得分), or a lookup).
    package func readers(of child: String, in parent: String, _ environment: Environment) -> Set<String> {
        let key = Column(table: parent, column: child)
        if let known = readers[key] { return known }
        let found = Set((environment.rules[parent] ?? [:]).filter { environment.namesRead(by: $0.value.body).contains(child) }.keys)
        readers[key] = found
        return found
    }

    /// What forgetting `columns` of one row of `table` involves.
    package func plan(_ table: Table, _ columns: Set<String>, _ dataset: Dataset, _ environment: Environment) -> Plan {
        let key = Columns(table: table.name, columns: columns)
        if let known = plans[key] { return known }
        var affected = columns
        for c in columns { affected.formUnion(dependents(of: c, in: table.name, environment)) }
        var parents: [(table: Table, link: Int, readers: Set<String>)] = []
        for parent in dataset.tables {
            for link in dataset.children(of: parent) where link.table === table {
                let r = readers(of: table.name, in: parent.name, environment)
                if !r.isEmpty { parents.append((parent, link.column, r)) }
            }
        }
        let plan = Plan(columns: affected.map { Interner.shared.id($0) }, parents: parents)
        plans[key] = plan
        return plan
    }
}
