import Foundation
import SuanpanCharts
import SuanpanData
import SuanpanEvaluation
import SuanpanLanguage

/// What a session hands its front end to show. The core never prints: the REPL,
/// the command line and the tests decide where each event goes.
public enum Output: Sendable {
    /// A statement's value (standard output).
    case result(String)
    /// Informational text: help, `:vars`, confirmations (standard output).
    case text(String)
    /// An error (standard error).
    case diagnostic(Diagnostic)
    /// A warning that does not stop anything: data problems found at load (standard error).
    case warning(String)
}

/// How a run ended.
public enum RunOutcome: Sendable, Equatable {
    case ok
    /// A statement failed; in a script the rest did not run.
    case failed
    /// `:quit` was given.
    case quit
}

/// What statements compute on: the bindings, rules, data and overrides, with the
/// settings they are evaluated with and the format they are shown in. The session
/// holds one; a statement family works on it, a what-if on a fork of it
/// (`Environment.forked`).
public struct Workspace {
    public var environment = Environment()
    public var settings = EvaluationSettings()
    public var format = NumberFormat()
    /// The terminal's width in columns when results go to one (tables fit it); nil in
    /// pipes and scripts.
    public var displayWidth: Int?

    public init() {}

    /// The unit where amounts meet and that prints bare: the dataset's.
    mutating func useWorkingUnit(_ unit: MoneyUnit) {
        settings.workingUnit = unit
        format.workingUnit = unit
    }

    /// A copy for a what-if: changes to its environment (assumptions, the unknown of
    /// a solve) and to its rule cache stay in the copy.
    func forked() -> Workspace {
        var w = self
        w.environment = environment.forked()
        return w
    }
}

/// A statement family over a workspace (solve, compare, table, explain, audit,
/// chart): reads its environment, settings and format through it.
protocol OverWorkspace {
    var workspace: Workspace { get }
}

extension OverWorkspace {
    var environment: Environment { workspace.environment }
    var settings: EvaluationSettings { workspace.settings }
    var format: NumberFormat { workspace.format }
}

/// One user's session: bindings, display settings, and what has run so far.
/// Feed it one REPL line or one whole script at a time.
public final class Session {
    /// What statements compute on (environment, settings, display format).
    public var workspace = Workspace()
    public var environment: Environment {
        get { workspace.environment }
        _modify { yield &workspace.environment }
        set { workspace.environment = newValue }
    }
    public var settings: EvaluationSettings {
        get { workspace.settings }
        _modify { yield &workspace.settings }
        set { workspace.settings = newValue }
    }
    public var format: NumberFormat {
        get { workspace.format }
        _modify { yield &workspace.format }
        set { workspace.format = newValue }
    }
    /// The terminal's width, set by the front end when output goes to a terminal.
    public var displayWidth: Int? {
        get { workspace.displayWidth }
        set { workspace.displayWidth = newValue }
    }
    /// The loaded dataset's data problems: the dataset's own and the rule template's
    /// checks (weights, missing columns), found when it was installed.
    public internal(set) var dataProblems: [DataProblem] = []
    /// Source text of the statements that succeeded, for `:save`.
    public internal(set) var savedStatements: [String] = []
    /// What :undo can go back to, latest last.
    var undoStack: [UndoPoint] = []
    /// Numbers REPL inputs: `<input:1>`, `<input:2>`, …
    var inputCount = 0
    /// Loads the default dataset the first time a statement needs a table; nil for none.
    public var defaultDataset: (() throws(Diagnostic) -> Dataset)?
    var defaultDatasetTried = false
    /// `:time on`: each statement's wall time follows its output.
    public var timing = false
    /// The next step of `:tour`, while one is on.
    var tourNext: Int?
    /// Columns a chart may use (the REPL sets the terminal's), and whether block
    /// characters may be drawn (a terminal) or only ASCII (pipes, files).
    public var chartWidth = 80
    public var chartBlocks = false
    /// Whether bars and points are coloured (a terminal without NO_COLOR).
    public var chartColour = false
    /// Named scenarios (`scenario 名 { … }`), in definition order.
    public internal(set) var scenarios: [String: Scenario] = [:]
    public internal(set) var scenarioOrder: [String] = []
    /// The rule template last run (its source name), for `:help rules`.
    public internal(set) var activeTemplate: String?
    /// What the current dataset's own statements defined (its rule template,
    /// dataset.suan, 核对.suan): loading another dataset replaces these and keeps the
    /// user's own definitions.
    var datasetDefinitions = DatasetDefinitions()
    /// While a dataset is being installed: its definitions are recorded as its own.
    var installingDataset = false
    /// Where `:save` and `chart … to` write: the file system unless the front end
    /// gives another sink.
    public var files = FileSink.files
    /// Told the progress (0…1) of the load given on the command line; the front end
    /// decides how to show it.
    public var loadProgress: DatasetLoader.Progress?
    /// A progress display for one statement's long work (a terminal's bar), made anew
    /// for each statement; nil where nothing is shown (pipes, scripts, tests).
    public var makeProgress: (() -> WorkProgress?)?

    public init() {}

    /// A source for the next interactive line, named `<input:N>`.
    public func nextInput(_ text: String) -> Source {
        inputCount += 1
        return Source(name: "<input:\(inputCount)>", text: text)
    }

    /// Parses and runs a whole source. Parse errors are reported before anything
    /// runs; a runtime error stops the remaining statements.
    public func run(_ source: Source, emit: @escaping (Output) -> Void) -> RunOutcome {
        var outcome = RunOutcome.ok
        LargeStack.run {
            outcome = self.runHere(source, emit: emit)
        }
        return outcome
    }

    func checkNesting(_ measured: Parser.Measured) throws(Diagnostic) {
        if measured.nesting > settings.limits.maxNesting {
            throw Diagnostic(.nestingTooDeep(limit: settings.limits.maxNesting), at: measured.deepestAt)
        }
    }

    func runHere(_ source: Source, emit: (Output) -> Void) -> RunOutcome {
        let statements: [Parser.Measured]
        do {
            statements = try Parser.parseMeasured(source, limits: settings.limits)
        } catch {
            emit(.diagnostic(error))
            return .failed
        }
        for measured in statements {
            let statement = measured.statement
            let started = ContinuousClock.now
            do {
                // Nesting is a limit like the others: checked as the statement runs, so
                // a `:limits nesting` earlier in the same script applies.
                try checkNesting(measured)
                if try execute(statement, emit: emit) == .quit { return .quit }
            } catch {
                emit(.diagnostic(error))
                return .failed
            }
            if timing, !statement.isTimeCommand { emit(.text(Session.elapsedText(ContinuousClock.now - started))) }
        }
        return .ok
    }

    /// `（用时 12.3 毫秒）`, `（用时 1.25 秒）`.
    static func elapsedText(_ d: Duration) -> String {
        let (seconds, attoseconds) = d.components
        let tenthsOfMs = Int(seconds) * 10_000 + Int(attoseconds / 100_000_000_000_000)
        if tenthsOfMs < 10_000 { return "（用时 \(tenthsOfMs / 10).\(tenthsOfMs % 10) 毫秒）" }
        let hundredths = tenthsOfMs / 100
        return "（用时 \(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100) 秒）"
    }

    /// Loads the default dataset if it has not been tried yet. A failure is reported
    /// once and leaves the session without a dataset.
    public func ensureDataset(emit: (Output) -> Void) {
        guard environment.dataset == nil, !defaultDatasetTried, let loader = defaultDataset else { return }
        defaultDatasetTried = true
        do {
            try install(try loader(), emit: emit)
        } catch {
            emit(.diagnostic(error))
        }
    }

    /// Whether a statement names something that is not the user's nor built in.
    func needsDataset(_ statement: Statement) -> Bool {
        let names: [String]
        switch statement {
        case .binding(_, let e, _), .expression(let e), .assertion(let e, _), .whatIf(let e, _, _): names = e.referencedNames
        case .assume(let a, _): names = a.target.referencedNames
        case .compare(_, let exprs, _): names = exprs.flatMap(\.referencedNames)
        case .sensitivity(let t): names = t.expressions.flatMap(\.referencedNames) + t.variables.flatMap(\.path.referencedNames)
        case .solve(let g): names = g.condition.referencedNames + g.path.referencedNames
        case .explain(let e, _, _, _): names = e.referencedNames
        case .chart(let c): names = c.body.expressions.flatMap(\.referencedNames)
        case .figure(let f): names = f.body.expressions.flatMap(\.referencedNames).filter { $0 != f.name }
        case .export: return true
        case .scenario(_, let assumptions, _): names = assumptions.flatMap(\.target.referencedNames)
        case .function(_, let params, let body, _): names = body.referencedNames.filter { !params.contains($0) }
        case .rule: return true
        default: return false
        }
        return names.contains { n in
            environment.variables[n] == nil && environment.functions[n] == nil && BuiltinRegistry.lookup(n) == nil && n != "ans"
        }
    }

    /// Makes `dataset` the session's dataset and runs its dataset.suan statements; a
    /// dataset with project self-evaluation tables and no `template` gets the default
    /// rule template. On failure the session is as it was.
    public func install(_ dataset: Dataset, announce: Bool = false, emit: (Output) -> Void) throws(Diagnostic) {
        let previous = environment
        let previousDefinitions = datasetDefinitions
        let previousTemplate = activeTemplate
        let previousScenarios = (scenarios, scenarioOrder)
        // The dataset's own statements (dataset.suan, 核对.suan, its template) are not the
        // user's: :save keeps only what the user typed.
        let savedByUser = savedStatements
        defer { savedStatements = savedByUser }
        // Another dataset replaces what the previous one brought (its checks, figures,
        // rules, template); assumptions were about its cells and end with it.
        var droppedAssumptions = false
        if previous.dataset != nil {
            droppedAssumptions = !environment.overrides.entries.isEmpty
            workspace.unassumeAll()
            forgetDatasetDefinitions()
        }
        datasetDefinitions = DatasetDefinitions()
        installingDataset = true
        defer { installingDataset = false }
        environment.dataset = dataset
        let previousUnit = settings.workingUnit
        workspace.useWorkingUnit(dataset.workingUnit)
        do {
            let choosesTemplate = dataset.setupStatements.contains { if case .template = $0 { return true } else { return false } }
            if !choosesTemplate, let projects = dataset.table("项目"), projects.columnIndex("调整后预算数") != nil,
                dataset.table("指标") != nil
            {
                try runTemplate(Templates.defaultName, span: nil, keepingUserDefinitions: true, emit: emit)
            }
            for s in dataset.setupStatements { _ = try execute(s, emit: emit) }
        } catch {
            environment = previous
            workspace.useWorkingUnit(previousUnit)
            datasetDefinitions = previousDefinitions
            activeTemplate = previousTemplate
            (scenarios, scenarioOrder) = previousScenarios
            environment.ruleCache.clear()
            environment.ruleCache.clearGraph()
            throw error
        }
        if announce { emit(.text("已载入：\(dataset.summary)")) }
        dataProblems = loadChecks(dataset)
        if let line = dataProblems.loadSummary { emit(.warning(line)) }
        if droppedAssumptions { emit(.text("原数据集上的假设（assume）已全部取消")) }
    }

    /// The dataset's own checks and the rule template's. For a large dataset the first
    /// run on another thread while the second run here (they read the tables, which are
    /// shared, and the template's checks compute rule columns).
    private func loadChecks(_ dataset: Dataset) -> [DataProblem] {
        #if FUZZING
            let together = false
        #else
            let together = dataset.checksInParallel
        #endif
        guard together else { return dataset.problems + templateProblems(dataset) }
        dataset.prepareForConcurrentReads()
        let done = DispatchGroup()
        nonisolated(unsafe) var own: [DataProblem] = []
        DispatchQueue.global().async(group: done) { own = dataset.problems }
        let fromTemplate = templateProblems(dataset)
        done.wait()
        return own + fromTemplate
    }

    /// `load "PATH"` and `:load PATH`: on failure nothing changes.
    func load(_ path: String, span: SourceSpan, emit: (Output) -> Void) throws(Diagnostic) {
        let dataset: Dataset
        do {
            let progress = settings.progress.map { p in { (f: Double) in p.report("载入中", f) } } ?? loadProgress
            dataset = try DatasetLoader.load(path, progress: progress, interruptible: settings.interruptible)
        } catch {
            var e = error
            e.notes.append("（载入失败，原有数据集保持不变）")
            throw e
        }
        defaultDatasetTried = true
        do {
            try install(dataset, announce: true, emit: emit)
        } catch {
            var e = error
            e.notes.append("（载入失败，原有数据集保持不变）")
            throw e
        }
    }

    /// How many rows `sum(表.列)` went over (`（12 行）`), or of how many rows of its table
    /// `count(表[条件])` counted (`（共 12 行中）`); nil for anything else. A count needs
    /// only its table (the filter is not run again); a sum its rows.
    func rowsAggregated(_ e: Expr, _ v: Value) -> String? {
        guard case .call(let f, _, let args, _) = e, args.count == 1, BuiltinRegistry.lookup(f)?.aggregatesRows == true else { return nil }
        var evaluator = Evaluator(environment: environment, settings: settings)
        if case .member(let base, _, _) = args[0] {
            guard case .table(let view)? = try? evaluator.evaluate(base) else { return nil }
            return "（\(Evaluator.columnRows(view).count) 行）"
        }
        guard BuiltinRegistry.lookup(f)?.name == "count", case .table(let view)? = try? evaluator.evaluate(args[0].tableName),
            v.numeric != Rational(view.table.rowCount)
        else { return nil }
        return "（共 \(view.table.rowCount) 行中）"
    }

    /// How many statements :undo can go back.
    static let undoDepth = 20

    /// The statements :undo takes back: definitions, rules, assumptions, loads.
    static func undoes(_ statement: Statement) -> Bool {
        switch statement {
        case .load, .assume, .unassume, .rule, .template, .check, .scenario, .figure, .binding, .function: return true
        case .meta(let name, _, _): return MetaCommand.lookup(name)?.id == .load
        default: return false
        }
    }

    /// The session as it was before a statement (the workspace forked, so that the
    /// statement's changes stay out of it).
    struct UndoPoint {
        let statement: String
        let workspace: Workspace
        let dataProblems: [DataProblem]
        let saved: Int
        let scenarios: [String: Scenario]
        let scenarioOrder: [String]
        let activeTemplate: String?
        let datasetDefinitions: DatasetDefinitions
        let defaultDatasetTried: Bool
    }

    func undoPoint(_ statement: String) -> UndoPoint {
        UndoPoint(
            statement: statement, workspace: workspace.forked(), dataProblems: dataProblems, saved: savedStatements.count,
            scenarios: scenarios, scenarioOrder: scenarioOrder, activeTemplate: activeTemplate, datasetDefinitions: datasetDefinitions,
            defaultDatasetTried: defaultDatasetTried)
    }

    func restore(_ p: UndoPoint) {
        // How figures are shown (:precision, :unit) is not a definition: it stays.
        let width = workspace.displayWidth
        var shown = format
        workspace = p.workspace
        workspace.displayWidth = width
        shown.workingUnit = format.workingUnit
        format = shown
        // Computed figures are worked out again: the cache may have changed since.
        environment.ruleCache.clear()
        dataProblems = p.dataProblems
        savedStatements = Array(savedStatements.prefix(p.saved))
        scenarios = p.scenarios
        scenarioOrder = p.scenarioOrder
        activeTemplate = p.activeTemplate
        datasetDefinitions = p.datasetDefinitions
        defaultDatasetTried = p.defaultDatasetTried
    }

    /// A path as the file system finds it from the current folder.
    static func absolutePath(_ path: String) -> String {
        let p = path.trimmingSpaces()
        guard !p.isEmpty, !p.hasPrefix("/") else { return p }
        return URL(fileURLWithPath: p, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath)).standardizedFileURL.path
    }

    func currentDataset(_ span: SourceSpan, emit: (Output) -> Void) throws(Diagnostic) -> Dataset {
        ensureDataset(emit: emit)
        guard let d = environment.dataset else {
            throw Diagnostic(.notFound("还没有载入数据集"), at: span, notes: ["提示：用 load \"文件夹或文件\" 或 :load 路径 载入"])
        }
        return d
    }

    func execute(_ statement: Statement, emit: (Output) -> Void) throws(Diagnostic) -> RunOutcome {
        // Each statement has the whole step budget.
        settings.steps.taken = 0
        // And its own progress bar, shown if its work takes more than half a second (a
        // dataset's own statements, run inside a load, share the load's).
        let progress = settings.progress == nil ? makeProgress?() : nil
        if let progress { settings.progress = progress }
        defer {
            if let progress {
                progress.finish()
                settings.progress = nil
            }
        }
        if needsDataset(statement) { ensureDataset(emit: emit) }
        // What :undo goes back to, kept once the statement has succeeded.
        // (A dataset's own statements, run while it is installed, are part of its load.)
        let point = Session.undoes(statement) && !installingDataset ? undoPoint(statement.span.text) : nil
        let outcome = try executeHere(statement, emit: emit)
        if let point, outcome == .ok {
            undoStack.append(point)
            if undoStack.count > Session.undoDepth { undoStack.removeFirst() }
        }
        return outcome
    }

    func executeHere(_ statement: Statement, emit: (Output) -> Void) throws(Diagnostic) -> RunOutcome {
        switch statement {
        case .meta(let name, let argument, let span):
            let outcome = try meta(name, argument, span, emit: emit)
            if outcome == .quit { return .quit }
            if let command = MetaCommand.lookup(name), command.isReplayable {
                // A load is saved with its absolute path: the script replays from anywhere.
                let shown = command.id == .load ? Session.absolutePath(argument) : argument
                savedStatements.append(statement.span.text + (shown.isEmpty ? "" : " " + shown))
            }
            return outcome
        case .load(let path, let span):
            try load(path, span: span, emit: emit)
            savedStatements.append("load \"\(Session.absolutePath(path).replacingOccurrences(of: "\"", with: "\\\""))\"")
            return .ok
        case .title, .alias, .key, .unit:
            try refuseDatasetStatement(statement)
        case .assume(let a, _):
            try workspace.apply(a)
            // Said: what changed, and what it was.
            if let e = environment.overrides.entries.first(where: { $0.target == a.target.span.text }) {
                if case .column = e.kind {
                    emit(.text("已假设 \(e.target) = \(e.value)（各行；原值见 :assumptions，unassume \(e.target) 取消）"))
                } else {
                    emit(.text("已假设 \(e.target) = \(e.value)（原为 \(e.original)）"))
                }
            }
        case .unassume(let target, let span):
            try workspace.unassume(target, span: span)
        case .rule, .template, .check, .scenario, .figure, .binding, .function:
            try define(statement, emit: emit)
        case .expression, .whatIf, .compare, .sensitivity, .solve, .explain, .chart, .audit, .assertion, .export:
            try answer(statement, emit: emit)
        }
        savedStatements.append(statement.span.text)
        return .ok
    }

    /// A dataset's own description has one owner, the loader, which applies its
    /// dataset.suan when it reads the files: typed in a session, it is refused.
    func refuseDatasetStatement(_ statement: Statement) throws(Diagnostic) {
        switch statement {
        case .title(_, let span):
            throw Diagnostic(.domain("标题只能在数据集的 dataset.suan 中指定（载入时生效）"), at: span)
        case .alias(_, _, _, let span):
            throw Diagnostic(
                .domain("别名只能在数据集的 dataset.suan 中指定（载入时生效）"), at: span,
                notes: ["提示：会话中可以用名称指一行，如 运维项目 = 项目[\"运维\"]"])
        case .key(_, _, let span):
            throw Diagnostic(.domain("键列只能在数据集的 dataset.suan 中指定（载入时生效）"), at: span)
        case .unit(_, let span):
            throw Diagnostic(
                .domain("金额单位只能在数据集的 dataset.suan 中指定（载入时生效）"), at: span,
                notes: ["提示：也可以在表头写「调整后预算数（元）」，或在表头上方写一行「单位：元」"])
        default:
            preconditionFailure("execute sends only title, alias, key and unit here")
        }
    }

    /// Statements that define something: rules, templates, checks, scenarios, figures,
    /// names and functions.
    func define(_ statement: Statement, emit: (Output) -> Void) throws(Diagnostic) {
        switch statement {
        case .rule(let rule):
            if let d = environment.dataset, d.table(rule.table) == nil {
                var notes: [String] = []
                if let s = Suggestions.closest(to: rule.table, among: d.tables.map(\.name)) { notes.append("提示：是不是想输入「\(s)」？") }
                throw Diagnostic(.notFound("规则 \(rule.name) 所属的表「\(rule.table)」不存在"), at: rule.span, notes: notes)
            }
            let old = environment.rules[rule.table]?[rule.column]
            environment.define(rule)
            noteDefinition(\.rules, \.shadowedRules, .init(table: rule.table, column: rule.column), rule.span.identity, replacing: old)
        case .template(let name, let span):
            try runTemplate(name, span: span, emit: emit)
            // Another method checks the data again (its 满分, the columns it needs).
            if !installingDataset, let d = environment.dataset {
                dataProblems = d.problems + templateProblems(d)
                if let line = dataProblems.loadSummary { emit(.warning(line)) }
            }
        case .check(let check):
            environment.checks.append(check)
            if installingDataset {
                datasetDefinitions.checks.insert(check.span.identity)
            } else {
                datasetDefinitions.checks.remove(check.span.identity)
            }
        case .scenario(let name, let assumptions, let span):
            // A scenario of the user's with the dataset's name is set aside while the
            // dataset is loaded.
            if installingDataset, let mine = scenarios[name], !datasetDefinitions.scenarios.contains(name) {
                datasetDefinitions.shadowedScenarios[name] = mine
                scenarios[name] = nil
                scenarioOrder.removeAll { $0 == name }
            }
            try defineScenario(name, assumptions, span: span)
            if installingDataset { datasetDefinitions.scenarios.insert(name) }
        case .figure(let f):
            let old = environment.figures.first { $0.name == f.name }
            try define(f)
            noteDefinition(\.figures, \.shadowedFigures, f.name, f.span.identity, replacing: old)
        case .binding(let name, let value, _):
            if BuiltinRegistry.lookup(name) != nil || name == "ans" {
                throw Diagnostic(.domain("「\(name)」是内置名称，不能重新赋值"), at: statement.span)
            }
            var evaluator = Evaluator(environment: environment, settings: settings)
            let v = try evaluator.evaluate(value)
            let old = environment.variables[name]
            environment.bind(name, v)
            noteDefinition(\.variables, \.shadowedVariables, name, v, replacing: old)
        case .function(let name, let parameters, let body, let span):
            if BuiltinRegistry.lookup(name) != nil {
                throw Diagnostic(.domain("「\(name)」是内置函数，不能重新定义"), at: span)
            }
            let old = environment.functions[name]
            environment.define(UserFunction(name: name, parameters: parameters, body: body, span: span))
            noteDefinition(\.functions, \.shadowedFunctions, name, span.identity, replacing: old)
        default:
            preconditionFailure("execute sends only definitions here")
        }
    }

    /// Statements that answer: a value, a what-if, a comparison, a table, a solve, an
    /// explanation, a chart, an audit, an assertion.
    func answer(_ statement: Statement, emit: (Output) -> Void) throws(Diagnostic) {
        switch statement {
        case .expression(let e):
            var evaluator = Evaluator(environment: environment, settings: settings)
            // A column of a table (`项目.总分`, `项目[总分 < 90].执行率`) is shown with the row
            // each figure belongs to; `ans` is its values. The base is evaluated once.
            if case .member(let base, let field, let span) = e {
                let b = try evaluator.evaluate(base)
                let v = try evaluator.member(b, field, span)
                environment.answer = v
                guard case .table(let view) = b, case .list = v else {
                    emit(.result(workspace.shown(v, at: e.span)))
                    return
                }
                let t = view.table
                // The name beside the key, unless the key is the name (forms keyed by it).
                let rows = Evaluator.columnRows(view)
                let name = t.nameColumn.flatMap { c in
                    rows.allSatisfy({ t.key($0).hasPrefix(t.text($0, c).trimmingSpaces()) }) ? nil : t.columns[c]
                }
                let columns = (name.map { [$0] } ?? []).filter { $0 != field } + [field]
                let labelled = TableView(t, rows: rows, selection: view.selection, columns: columns)
                emit(.result(workspace.shown(.table(labelled), at: e.span)))
                return
            }
            let v = try evaluator.evaluate(e)
            environment.answer = v
            var text = workspace.shown(v, at: e.span)
            // On a terminal, a sum or count over a table's rows says how many rows.
            if displayWidth != nil, v.numeric != nil, let note = rowsAggregated(e, v) { text += note }
            emit(.result(text))
        case .whatIf(let e, let assignments, _):
            // One-off: the overrides go into a fork; the session is not changed.
            var scratch = workspace.forked()
            for a in assignments { try scratch.apply(a) }
            var evaluator = Evaluator(environment: scratch.environment, settings: settings)
            let v = try evaluator.evaluate(e)
            let text = scratch.shown(v, at: e.span)
            environment.answer = v
            emit(.result(text))
        case .compare(let names, let exprs, _):
            emit(
                .text(
                    try ScenarioComparison(workspace: workspace, scenarios: scenarios, scenarioOrder: scenarioOrder).compare(names, exprs)
                        .render(format)))
        case .sensitivity(let t):
            var table = SensitivityTable(workspace: workspace)
            emit(.text(try table.table(t).render(format)))
        case .solve(let g):
            emit(.text(try GoalSeeker(workspace: workspace).solve(g).render(format)))
        case .explain(let e, let depth, let assignments, _):
            // `where` overrides go into a fork: the session is not changed.
            var scratch = workspace.forked()
            for a in assignments { try scratch.apply(a) }
            emit(.text(try Explainer(workspace: scratch).explain(e, depth: depth).render()))
        case .chart(let c):
            try chart(c, emit: emit)
        case .audit(let words, let span):
            let focus = try auditFocus(words, span, emit: emit)
            let report = try audit(emit: emit)
            emit(.text(report.render(title: environment.dataset?.summary ?? "", focus: focus)))
            // The exit status follows what was asked for.
            let discrepancies = report.shown(focus).filter { $0.verdict == .discrepancy }.count
            let problems = focus.problems ? report.problems.problemCount : 0
            if discrepancies > 0 || problems > 0 {
                let parts = (discrepancies > 0 ? ["\(discrepancies) 项实质差异"] : []) + (problems > 0 ? ["\(problems) 处数据问题"] : [])
                throw Diagnostic(.domain("核对发现 \(parts.joined(separator: "、"))"), at: span)
            }
        case .assertion(let e, _):
            try assertion(e)
        case .export(let x):
            try export(x, emit: emit)
        default:
            preconditionFailure("execute sends only answering statements here")
        }
    }

    /// What `audit 类别或表 …` asks for, or the word it does not know.
    func auditFocus(_ words: [String], _ span: SourceSpan, emit: (Output) -> Void) throws(Diagnostic) -> AuditReport.Focus {
        ensureDataset(emit: emit)
        let tables = environment.dataset?.tables.map(\.name) ?? []
        switch AuditReport.Focus.parse(words, tables: tables) {
        case .success(let f): return f
        case .failure(let unknown):
            throw Diagnostic(
                .notFound("audit 后的「\(unknown.word)」既不是核对类别，也不是表名"), at: span,
                notes: ["可用的类别：\(AuditReport.Focus.allWords)", "表：\(tables.joined(separator: "、"))"])
        }
    }

    /// `assert`: a comparison that fails shows both sides' values.
    func assertion(_ e: Expr) throws(Diagnostic) {
        var evaluator = Evaluator(environment: environment, settings: settings)
        let v = try evaluator.evaluate(e)
        guard case .bool(let ok) = v else {
            throw Diagnostic(.typeMismatch(operation: "「assert」", expected: "逻辑值（比较的结果）", found: v.described), at: e.span)
        }
        if ok { return }
        var detail = e.span.text
        if case .binary(let op, let a, let b, _) = e, op.isComparison {
            var ev = Evaluator(environment: environment, settings: settings)
            let l = try ev.evaluate(a)
            let r = try ev.evaluate(b)
            detail += "（左边 = \(format.display(l))，右边 = \(format.display(r))"
            if let kl = NumberKind(l), let kr = NumberKind(r), let x0 = l.numeric, let y0 = r.numeric {
                let (x, y, unit) = Amounts.together(x0, kl, y0, kr, working: settings.workingUnit)
                let kind: NumberKind = unit.map(NumberKind.amount) ?? (l.isRatio || r.isRatio ? .ratio : .plain)
                detail += "，相差 " + exactText(kind.value(x - y))
            }
            detail += "）"
        }
        throw Diagnostic(.assertionFailed(detail), at: e.span)
    }

    /// Names to offer for Tab completion: built-ins, keywords, user names, meta-commands.
    public var completionWords: [String] {
        var words = BuiltinRegistry.byName.keys.sorted()
        words += environment.allNames
        words += environment.figures.map(\.name)
        words += Keyword.spellings.keys.sorted()
        words += StatementSpec.allSpellings
        words += MetaCommand.all.flatMap(\.names).map { ":" + $0 }
        var seen = Set<String>()
        return words.filter { seen.insert($0).inserted }
    }
}

extension Statement {
    /// `:time …` itself is not timed.
    var isTimeCommand: Bool {
        if case .meta(let name, _, _) = self { return MetaCommand.lookup(name)?.names.first == "time" }
        return false
    }
}

extension Workspace {
    /// A statement's result as displayed. Rows and tables show their fields as they
    /// are now (rule results, assumptions), and the rule-only columns.
    func shown(_ v: Value, at span: SourceSpan, allRows: Bool = false, columns: [String]? = nil) -> String {
        let table: Table
        switch v {
        case .row(let ref): table = ref.table
        case .table(let view): table = view.table
        default: return format.displayResult(v)
        }
        let computed = environment.ruleOrder.filter { $0.table == table.name && table.columnIndex($0.column) == nil }.map(\.column)
        var evaluator = Evaluator(environment: environment, settings: settings)
        func now(_ row: Int, _ name: String) -> Value? {
            // A failure is shown in its cell (出错), never as a blank.
            do { return try evaluator.field(RowRef(table: table, row: row), name, span) } catch {
                // Where it failed: the data cell, or the row being computed.
                let place = error.location.map { "（\($0.description)）" } ?? error.computing ?? ""
                return .notComputed(.error(error.message + place))
            }
        }
        var formatter = TableFormatter(format: format)
        formatter.width = displayWidth
        if allRows {
            formatter.maxRows = Int.max
            formatter.hidesEmptyRows = false
        }
        if case .row(let ref) = v { return formatter.render(ref, computed: computed) { now(ref.row, $0) } }
        guard case .table(let view) = v else { return format.displayResult(v) }
        return formatter.render(view, computed: computed, columns: columns, current: now)
    }
}
