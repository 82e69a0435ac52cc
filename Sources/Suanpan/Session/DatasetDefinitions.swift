import SuanpanCharts
import SuanpanData
import SuanpanEvaluation
import SuanpanLanguage

/// What a dataset's own statements (its rule template, dataset.suan, 核对.suan) defined,
/// so that loading another dataset replaces them and keeps the user's: each definition
/// by where it was written (a name the user defines again is theirs from then on), and
/// the user's definitions the dataset replaced, to come back when it goes.
struct DatasetDefinitions {
    struct RuleKey: Hashable {
        let table: String
        let column: String
    }

    var checks: Set<SourceSpan.Identity> = []
    var figures: [String: SourceSpan.Identity] = [:]
    var rules: [RuleKey: SourceSpan.Identity] = [:]
    var functions: [String: SourceSpan.Identity] = [:]
    var variables: [String: Value] = [:]
    var scenarios: Set<String> = []
    /// The rule template the dataset ran (by its source name), if it ran one.
    var template: String?
    /// The template in force before the dataset ran its own (the user's), to come back.
    var shadowedTemplate: String?

    var shadowedFigures: [String: Figure] = [:]
    var shadowedRules: [RuleKey: Rule] = [:]
    var shadowedFunctions: [String: UserFunction] = [:]
    var shadowedVariables: [String: Value] = [:]
    var shadowedScenarios: [String: Scenario] = [:]
}

extension Session {
    /// Records who defined `key`. While a dataset installs it is the dataset's, and a
    /// definition of the user's that it replaces is kept aside; defined by the user
    /// (even from the same template), it is the user's.
    func noteDefinition<Key: Hashable, Mark, Old>(
        _ owned: WritableKeyPath<DatasetDefinitions, [Key: Mark]>,
        _ shadowed: WritableKeyPath<DatasetDefinitions, [Key: Old]>,
        _ key: Key, _ mark: Mark, replacing old: Old?
    ) {
        if installingDataset {
            if let old, datasetDefinitions[keyPath: owned][key] == nil, datasetDefinitions[keyPath: shadowed][key] == nil {
                datasetDefinitions[keyPath: shadowed][key] = old
            }
            datasetDefinitions[keyPath: owned][key] = mark
        } else {
            datasetDefinitions[keyPath: owned][key] = nil
            datasetDefinitions[keyPath: shadowed][key] = nil
        }
    }

    /// Removes what the current dataset's own statements defined, where the user has not
    /// since defined the same name again, and brings back the user's definitions it had
    /// replaced.
    func forgetDatasetDefinitions() {
        let d = datasetDefinitions
        environment.checks.removeAll { d.checks.contains($0.span.identity) }
        for (name, id) in d.figures where environment.figures.first(where: { $0.name == name })?.span.identity == id {
            environment.undefineFigure(name)
        }
        for (key, id) in d.rules where environment.rules[key.table]?[key.column]?.span.identity == id {
            environment.undefineRule(table: key.table, column: key.column)
        }
        for (name, id) in d.functions where environment.functions[name]?.span.identity == id {
            environment.undefineFunction(name)
        }
        for (name, value) in d.variables where environment.variables[name] == value {
            environment.unbind(name)
        }
        for name in d.scenarios {
            scenarios[name] = nil
            scenarioOrder.removeAll { $0 == name }
        }
        for (name, scenario) in d.shadowedScenarios where scenarios[name] == nil {
            scenarios[name] = scenario
            scenarioOrder.append(name)
        }
        for (name, figure) in d.shadowedFigures where !environment.figures.contains(where: { $0.name == name }) {
            environment.define(figure)
        }
        for (key, rule) in d.shadowedRules where environment.rules[key.table]?[key.column] == nil { environment.define(rule) }
        for (name, f) in d.shadowedFunctions where environment.functions[name] == nil { environment.define(f) }
        for (name, value) in d.shadowedVariables where environment.variables[name] == nil { environment.bind(name, value) }
        if let t = d.template, activeTemplate == t { activeTemplate = d.shadowedTemplate }
    }
}
