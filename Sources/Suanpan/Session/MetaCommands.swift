import SuanpanCharts
import SuanpanData
import SuanpanEvaluation
import SuanpanExport
import SuanpanLanguage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A `:command`, each once: its spellings, the arguments it takes, its help. They work
/// wherever a statement does: REPL, scripts, pipes, `-e`. `:help` and Tab completion
/// read this table; the session dispatches on `id`, exhaustively.
public struct MetaCommand: Sendable {
    public enum ID: Sendable {
        case help, vars, precision, unit, exact, tables, show, load, assumptions, scenarios, figures, tour, limits, time, save, undo, quit
    }

    /// What follows the command word.
    public enum Arguments: Sendable {
        case none
        /// Up to this many words separated by spaces.
        case words(Int)
        /// The rest of the line as one text (a path, an expression).
        case text
        /// A table name and any number of its column names.
        case tableAndColumns
    }

    public let id: ID
    public let names: [String]
    public let arguments: Arguments
    public let usage: String
    public let summary: String
    /// Whether `:save` keeps it (it changes how the rest displays).
    public let isReplayable: Bool

    public static let all: [MetaCommand] = [
        MetaCommand(
            id: .help, names: ["help", "帮助"], arguments: .words(1), usage: ":help [名称|rules]",
            summary: "显示帮助；给出名称时显示该函数、语句（如 chart、solve）或命令的说明，rules 列出当前的评分规则", isReplayable: false),
        MetaCommand(id: .vars, names: ["vars", "变量"], arguments: .none, usage: ":vars", summary: "列出已定义的名称和函数", isReplayable: false),
        MetaCommand(
            id: .precision, names: ["precision", "精度"], arguments: .words(1), usage: ":precision N", summary: "设置显示的小数位数（0 到 12，默认 2）",
            isReplayable: true),
        MetaCommand(
            id: .unit, names: ["unit", "单位"], arguments: .words(1), usage: ":unit [元|千元|万元|亿元|原样]",
            summary: "设置金额的显示单位：所有金额换算成该单位并注明（表中写在列名后）；原样 恢复按数据集单位显示；不带参数时显示当前设置",
            isReplayable: true),
        MetaCommand(
            id: .exact, names: ["exact", "精确"], arguments: .text, usage: ":exact [表达式]", summary: "显示表达式（默认为上一个结果 ans）的精确值",
            isReplayable: false),
        MetaCommand(
            id: .tables, names: ["tables", "表"], arguments: .none, usage: ":tables", summary: "列出数据集中的表：行数和来源文件", isReplayable: false),
        MetaCommand(
            id: .show, names: ["show", "显示"], arguments: .tableAndColumns, usage: ":show 表 [列 …] [全部]",
            summary: "显示一张表（默认前 20 行；给出列名时只显示这些列；加「全部」显示所有行）", isReplayable: false),
        MetaCommand(
            id: .load, names: ["load", "载入"], arguments: .text, usage: ":load 路径", summary: "载入数据集：CSV 文件夹、.csv 文件或 .xlsx 工作簿",
            isReplayable: true),
        MetaCommand(
            id: .assumptions, names: ["assumptions", "假设"], arguments: .none, usage: ":assumptions", summary: "列出当前的假设（assume）及原值",
            isReplayable: false),
        MetaCommand(
            id: .scenarios, names: ["scenarios", "情景"], arguments: .none, usage: ":scenarios", summary: "列出已定义的情景及其假设", isReplayable: false),
        MetaCommand(
            id: .figures, names: ["figures", "图"], arguments: .none, usage: ":figures",
            summary: "列出数据集命名的图（如决算报告中的结构图、变动情况图）；chart 名称 画出，加 to \"文件.svg\" 写成 SVG", isReplayable: false),
        MetaCommand(
            id: .tour, names: ["tour", "教程"], arguments: .words(1), usage: ":tour [N | stop]",
            summary: "新同事教程：在默认数据集上一步步演示主要用法（回车进入下一步，N 跳到第 N 步，stop 结束）", isReplayable: false),
        MetaCommand(
            id: .limits, names: ["limits", "上限"], arguments: .words(2), usage: ":limits [名称 值 | reset]",
            summary: "列出资源上限（计算步数、数字位数、列表长度等）；给出名称和值时调整该上限，reset 恢复默认", isReplayable: true),
        MetaCommand(
            id: .time, names: ["time", "计时"], arguments: .words(1), usage: ":time on|off", summary: "打开（on）或关闭（off）计时：每条语句执行后显示用时",
            isReplayable: false),
        MetaCommand(
            id: .save, names: ["save", "保存"], arguments: .text, usage: ":save 文件", summary: "把本次会话中成功执行的语句保存为可重放的脚本", isReplayable: false),
        MetaCommand(
            id: .undo, names: ["undo", "撤销"], arguments: .none, usage: ":undo",
            summary: "撤销上一条定义、规则、假设或载入（可连续撤销，最多 \(Session.undoDepth) 步）", isReplayable: false),
        MetaCommand(id: .quit, names: ["quit", "exit", "q", "退出"], arguments: .none, usage: ":quit", summary: "退出", isReplayable: false),
    ]

    public static func lookup(_ name: String) -> MetaCommand? {
        all.first { $0.names.contains(name) }
    }

    /// Refuses words the command does not take (`:vars x`, `:precision 2 3`).
    func checkArguments(_ argument: String, as name: String, at span: SourceSpan) throws(Diagnostic) {
        let words = argument.split(separator: " ").map(String.init)
        let limit: Int
        switch arguments {
        case .text, .tableAndColumns: return
        case .none: limit = 0
        case .words(let n): limit = n
        }
        guard words.count > limit else { return }
        let extra = words[limit...].joined(separator: " ")
        let reason = limit == 0 ? "不带参数，多出了「\(extra)」" : "最多带 \(limit) 个参数，多出了「\(extra)」"
        throw Diagnostic(.badMetaArgument(command: name, reason: reason), at: span, notes: ["写法：\(usage)"])
    }
}

extension Session {
    /// `:unit 元`: amounts shown in 元 from now on; `:unit 原样` as the dataset's unit;
    /// `:unit` alone says which.
    func unitCommand(_ argument: String, _ name: String, _ span: SourceSpan) throws(Diagnostic) -> String {
        let working = format.workingUnit.name
        switch argument {
        case "":
            guard let u = format.displayUnit else { return "金额按数据集的单位（\(working)）显示，不注单位；其他单位的金额注明单位" }
            return "金额换算成\(u.name)显示（数据集的单位是\(working)）"
        case "原样", "默认", "off", "reset":
            format.displayUnit = nil
            return "金额按数据集的单位（\(working)）显示"
        default:
            guard let u = MoneyUnit(argument) else {
                throw Diagnostic(
                    .badMetaArgument(command: name, reason: "不认识的金额单位「\(argument)」"), at: span,
                    notes: ["可用：元、千元、万元、亿元；原样 恢复按数据集的单位显示"])
            }
            format.displayUnit = u
            return "金额换算成\(u.name)显示（数据集的单位是\(working)；计算不受影响）"
        }
    }

    /// `:figures`: each named chart, what kind it is and its title.
    func figuresListing() -> String {
        guard !environment.figures.isEmpty else {
            return "还没有命名的图。写法：figure 名称 = 表.列（或 change \"之前\": 甲, \"之后\": 乙）；也可以直接 chart 表达式"
        }
        let width = environment.figures.map { DisplayWidth.of($0.name) }.max() ?? 0
        var lines = ["可以画的图（chart 名称 画在终端；chart 名称 to \"文件.svg\" 写成 SVG）："]
        for f in environment.figures {
            let kind: String
            switch f.body {
            case .structure: kind = "结构图"
            case .change: kind = "变动图"
            case .compare: kind = "情景对比图"
            case .table: kind = "敏感性曲线"
            }
            lines.append("  " + DisplayWidth.pad(f.name, to: width) + "  " + kind + (f.title.map { "　标题：\($0)" } ?? ""))
        }
        return lines.joined(separator: "\n")
    }

    func meta(_ name: String, _ argument: String, _ span: SourceSpan, emit: (Output) -> Void) throws(Diagnostic) -> RunOutcome {
        guard let command = MetaCommand.lookup(name) else {
            let names = MetaCommand.all.flatMap(\.names)
            var notes: [String] = []
            if let s = Suggestions.closest(to: name, among: names) { notes.append("提示：是不是想输入「:\(s)」？") }
            notes.append("输入 :help 查看所有命令")
            throw Diagnostic(.unknownMetaCommand(name), at: span, notes: notes)
        }
        try command.checkArguments(argument, as: name, at: span)
        switch command.id {
        case .help:
            if ["rules", "规则"].contains(argument.trimmingQuotes()) { ensureDataset(emit: emit) }
            emit(.text(try help(argument, span)))
        case .vars:
            emit(.text(variablesListing()))
        case .precision:
            guard let n = Int(argument), (0...12).contains(n) else {
                throw Diagnostic(.badMetaArgument(command: name, reason: "需要 0 到 12 之间的整数，这里是「\(argument)」"), at: span)
            }
            format.precision = n
            emit(.text("显示精度：\(n) 位小数"))
        case .unit:
            emit(.text(try unitCommand(argument.trimmingQuotes(), name, span)))
        case .exact:
            emit(.text(exactText(try exactArgument(argument, name, span))))
        case .save:
            let path = argument.trimmingQuotes()
            guard !path.isEmpty else {
                throw Diagnostic(.badMetaArgument(command: name, reason: "需要文件名，如 :save 我的计算.suan"), at: span)
            }
            if let kind = ExportFormat.of(path: path) {
                throw Diagnostic(
                    .badMetaArgument(command: name, reason: "写的是可重放的脚本（.suan），不是\(kind.described)"), at: span,
                    notes: ["提示：要把表或结果写成\(kind.described)，用 export，如 export 项目 to \"\(path)\""])
            }
            try refuseDatasetFolder(path, span: span)
            let text = "# suanpan 会话记录（:save 生成），可用 suanpan 文件名 重放\n" + savedStatements.joined(separator: "\n") + "\n"
            try files.write(text, to: path, span: span)
            emit(.text("已保存 \(savedStatements.count) 条语句到 \(path)"))
        case .tour:
            try tour(argument, name, span, emit: emit)
        case .limits:
            emit(.text(try limitsCommand(argument, name, span)))
        case .time:
            switch argument.trimmingQuotes() {
            case "on", "开": timing = true
            case "off", "关": timing = false
            default:
                throw Diagnostic(.badMetaArgument(command: name, reason: "需要 on 或 off，这里是「\(argument)」"), at: span)
            }
            emit(.text(timing ? "计时已打开：每条语句执行后显示用时" : "计时已关闭"))
        case .undo:
            guard let point = undoStack.popLast() else {
                throw Diagnostic(.domain("没有可以撤销的定义、假设或载入"), at: span)
            }
            restore(point)
            emit(.text("已撤销：\(point.statement)"))
        case .quit:
            return .quit
        case .assumptions:
            emit(.text(workspace.assumptionsListing()))
        case .scenarios:
            if scenarioOrder.isEmpty {
                emit(.text("还没有定义情景。写法：scenario 名 { assume 表[\"键\"].列 = 值 }"))
            } else {
                var lines = ["情景："]
                for n in scenarioOrder {
                    lines.append("  \(n)：" + (scenarios[n]?.assumptions.map(\.span.text).joined(separator: "；") ?? ""))
                }
                emit(.text(lines.joined(separator: "\n")))
            }
        case .figures:
            ensureDataset(emit: emit)
            emit(.text(figuresListing()))
        case .load:
            let path = argument.trimmingQuotes()
            guard !path.isEmpty else {
                throw Diagnostic(.badMetaArgument(command: name, reason: "需要路径，如 :load 我的数据/"), at: span)
            }
            try load(path, span: span, emit: emit)
        case .tables:
            emit(.text(tablesListing(try currentDataset(span, emit: emit))))
        case .show:
            emit(.text(try show(argument, name, span, emit: emit)))
        }
        return .ok
    }

    /// `:exact [表达式]`: the expression's value, or the last result.
    func exactArgument(_ argument: String, _ name: String, _ span: SourceSpan) throws(Diagnostic) -> Value {
        let value: Value
        if argument.isEmpty {
            guard let a = environment.answer else {
                throw Diagnostic(.badMetaArgument(command: name, reason: "需要一个表达式（还没有上一个结果 ans）"), at: span)
            }
            value = a
        } else {
            let source = Source(name: span.source.name, text: argument)
            let statements = try Parser.parse(source, limits: settings.limits)
            guard statements.count == 1, case .expression(let e) = statements[0] else {
                throw Diagnostic(.badMetaArgument(command: name, reason: "需要一个表达式"), at: span)
            }
            var evaluator = Evaluator(environment: environment, settings: settings)
            value = try evaluator.evaluate(e)
        }
        return value
    }

    /// `:show 表 [列 …] [全部]`.
    func show(_ argument: String, _ name: String, _ span: SourceSpan, emit: (Output) -> Void) throws(Diagnostic) -> String {
        let dataset = try currentDataset(span, emit: emit)
        var words = argument.split(separator: " ").map(String.init)
        let all = words.last == Evaluator.allRowsWord && words.count > 1
        if all { words.removeLast() }
        guard let tableName = words.first, let table = dataset.table(tableName) else {
            var notes: [String] = []
            if let w = words.first, let s = Suggestions.closest(to: w, among: dataset.tables.map(\.name)) {
                notes.append("提示：是不是想输入「\(s)」？")
            }
            notes.append("输入 :tables 查看所有表")
            throw Diagnostic(
                .badMetaArgument(command: name, reason: words.isEmpty ? "需要表名" : "没有名为「\(words[0])」的表"), at: span, notes: notes)
        }
        // `:show 表 to "文件"` is an export: said, not read as a column named to.
        if let k = words.firstIndex(where: { ContextWord.to.matches($0) }), table.columnIndex(words[k]) == nil {
            let file = words.dropFirst(k + 1).joined(separator: " ")
            throw Diagnostic(
                .badMetaArgument(command: name, reason: "只显示在终端，不写文件"), at: span,
                notes: [
                    "提示：写成文件用 export，如 export \(words[..<k].count > 1 ? "\(table.name)[\(words[1..<k].joined(separator: ", "))]" : table.name) to \(file.isEmpty ? "\"\(table.name).xlsx\"" : file)"
                ])
        }
        // The column names asked for, each checked: a misspelt one is an error, not
        // a table shown with all its columns.
        let known = table.columns + environment.ruleOrder.filter { $0.table == table.name }.map(\.column)
        for w in words.dropFirst() where table.columnIndex(w) == nil && !known.contains(w) {
            var notes: [String] = []
            if let s = Suggestions.closest(to: w, among: known) { notes.append("提示：是不是想输入「\(s)」？") }
            throw Diagnostic(.badMetaArgument(command: name, reason: "表「\(table.name)」没有名为「\(w)」的列"), at: span, notes: notes)
        }
        // The columns asked for follow the key column, as in 表[列, 列].
        let columns = words.count > 1 ? Array(words.dropFirst()) : nil
        return workspace.shown(.table(TableView(table, columns: columns)), at: span, allRows: all)
    }

    /// `:help rules`: the active rules, each with its one-line description and text.
    func rulesListing() -> String {
        let rules = environment.ruleOrder
        if rules.isEmpty { return "当前没有规则。用 template \"qingdao\" 载入默认规则模板，或用 rule 表.列 = 表达式 定义。" }
        var lines = ["当前规则（\(activeTemplate.map { "来自 \($0)" } ?? "用户定义")，共 \(rules.count) 条）："]
        for r in rules {
            lines.append("  \(r.name)：\(r.description ?? "（无说明）")")
            for (i, line) in r.span.text.split(separator: "\n").enumerated() {
                lines.append((i == 0 ? "    " : "        ") + String(line).trimmingSpaces())
            }
        }
        return lines.joined(separator: "\n")
    }

    func tablesListing(_ d: Dataset) -> String {
        var lines = ["数据集：\(d.summary)"]
        let width = d.tables.map { DisplayWidth.of($0.name) }.max() ?? 0
        for t in d.tables {
            var line = "  " + DisplayWidth.pad(t.name, to: width) + "  " + DisplayWidth.pad("\(t.rowCount) 行", to: 8, alignRight: true)
            line += "  " + (t.origin.sheet.map { "\(t.origin.file) 工作表「\($0)」" } ?? t.origin.file)
            if let h = t.hierarchy { line += "  （分级：\(h.levelNames.joined(separator: "/"))）" }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    func exactText(_ v: Value) -> String {
        switch v {
        case .number(let x): return format.exact(x)
        case .ratio(let x): return "\(format.exact(x))（即 \(format.exact(x * .hundred))%）"
        case .amount(let x, let u):
            let (shown, written) = format.shownUnit(u)
            return format.exact(u.convert(x, to: shown)) + (written ? shown.name : "")
        case .list(let xs): return "[" + xs.map(exactText).joined(separator: ", ") + "]"
        default: return format.display(v)
        }
    }

    /// `:limits` (list), `:limits 名称 值` (set, up to the ceiling), `:limits reset`.
    func limitsCommand(_ argument: String, _ name: String, _ span: SourceSpan) throws(Diagnostic) -> String {
        let words = argument.split(separator: " ").map(String.init)
        func grouped(_ n: Int) -> String { DecimalText.group(String(n)) }
        func bad(_ reason: String, _ notes: [String] = []) -> Diagnostic {
            Diagnostic(.badMetaArgument(command: name, reason: reason), at: span, notes: notes)
        }
        switch words.count {
        case 0:
            let rows = Limit.allCases.map { l in
                [
                    l.rawValue, l.chineseName, grouped(settings.limits[l]), grouped(Limits()[l]),
                    grouped(l.ceiling), l.meaning,
                ]
            }
            return "资源上限（「:limits 名称 值」调整，「:limits reset」恢复默认）：\n"
                + TextGrid.render(["名称", "中文名", "当前", "默认", "最高可设", "含义"], rows, rightAligned: [2, 3, 4])
        case 1 where ["reset", "默认"].contains(words[0]):
            settings.limits = Limits()
            return "资源上限已恢复默认值"
        case 2:
            guard let limit = Limit(named: words[0]) else {
                let names = Limit.allCases.flatMap { [$0.rawValue, $0.chineseName] }
                var notes: [String] = []
                if let s = Suggestions.closest(to: words[0], among: names) { notes.append("提示：是不是想输入「\(s)」？") }
                throw bad("没有名为「\(words[0])」的上限（可用：\(Limit.allCases.map(\.rawValue).joined(separator: "、"))）", notes)
            }
            let digits = words[1].filter { !"_,，".contains($0) }
            guard let n = Int(digits), n >= 1 else { throw bad("上限需要正整数，这里是「\(words[1])」") }
            guard n <= limit.ceiling else {
                throw bad("\(limit.chineseName)最多可设为 \(grouped(limit.ceiling))，这里是 \(grouped(n))")
            }
            settings.limits[limit] = n
            return "\(limit.chineseName)上限：\(grouped(n))（默认 \(grouped(Limits()[limit]))）"
        default:
            throw bad("写法是「:limits」「:limits 名称 值」或「:limits reset」")
        }
    }

    func variablesListing() -> String {
        var lines: [String] = []
        for n in environment.variableOrder {
            if let v = environment.variables[n] { lines.append("\(n) = \(format.display(v))") }
        }
        for n in environment.functionOrder {
            if let f = environment.functions[n] { lines.append(f.span.text) }
        }
        return lines.isEmpty ? "（还没有定义任何名称）" : lines.joined(separator: "\n")
    }

    func help(_ topic: String, _ span: SourceSpan) throws(Diagnostic) -> String {
        let topic = topic.trimmingQuotes()
        if topic.isEmpty { return Session.overview }
        if topic == "rules" || topic == "规则" { return rulesListing() }
        if let b = BuiltinRegistry.lookup(topic) {
            var lines = ["\(b.signature) — \(b.summary)"]
            if !b.aliases.isEmpty { lines.append("别名：\(b.aliases.joined(separator: "、"))") }
            lines.append("例：\(b.example)  →  \(b.exampleResult)")
            return lines.joined(separator: "\n")
        }
        if !topic.hasPrefix(":"), let h = StatementSpec.lookup(topic)?.helpText ?? ContextWord.lookup(topic)?.helpText {
            // A word that is both a statement and a command (假设, 情景, 载入, 图) shows both.
            guard let m = MetaCommand.lookup(topic) else { return h }
            return h + "\n\n另有命令 \(m.usage) — \(m.summary)"
        }
        let metaName = topic.hasPrefix(":") ? String(topic.dropFirst()) : topic
        if let m = MetaCommand.lookup(metaName) {
            return "\(m.usage) — \(m.summary)"
                + (m.names.count > 1 ? "\n别名：" + m.names.dropFirst().map { ":" + $0 }.joined(separator: "、") : "")
        }
        if let f = environment.functions[topic] { return "用户函数：\(f.span.text)" }
        var notes: [String] = []
        let candidates =
            Array(BuiltinRegistry.byName.keys) + StatementSpec.all.flatMap(\.names) + ContextWord.where.spellings
            + ContextWord.rowSetSteps.flatMap(\.spellings)
            + MetaCommand.all.flatMap(\.names)
            + environment.functionOrder
        if let s = Suggestions.closest(to: topic, among: candidates) { notes.append("提示：是不是想输入「\(s)」？") }
        throw Diagnostic(.badMetaArgument(command: "help", reason: "没有名为「\(topic)」的函数、语句或命令"), at: span, notes: notes)
    }

    static let overview: String = {
        var lines = [
            "算盘（suanpan）：预算决算与绩效评价计算器。数值精确计算，不用二进制浮点数。",
            "",
            "写法：",
        ]
        let syntax = [
            ("执行率(4357.64, 4367.764)", "调用函数；中文括号、逗号、×÷≥≤ 均可"),
            ("x = 4367.764", "给名称赋值"),
            ("fn 折算(r) = max(0, 1 - (99% - r) * 5)", "定义函数"),
            ("如果 x >= 90 那么 \"优\" 否则 \"良\"", "条件（也可写 if … then … else …）"),
            ("95.38%  [1, 2, 3]  \"文本\"  ans", "百分数、列表、文本、上一个结果"),
            ("assert round(执行率(b, a), 4) == 99.77%", "断言，不成立时报错（比率按小数取位：99.77% 是 4 位）"),
            ("项目[\"运维\"].总分", "表的单元格：表[\"键\"].列；表.列 是整列，表[条件] 筛选"),
            ("项目[总分 < 100][项目名称, 总分]", "筛选后选列（键列保留）"),
            ("项目 sort 总分 desc first 3", "排序、取前 N 行（:help sort；中文 排序 … 降序 前 3）"),
            ("rule 项目.结余 = 调整后预算数 - 全年执行数", "规则：按行计算的列（:help rules 列出当前规则）"),
            ("published(项目[\"运维\"].总分)", "数据文件中公布的数"),
            ("X where 项目[\"运维\"].调整后预算数 = 5000", "临时假设下的值"),
            ("assume 表.列 = 表.列 * 110%", "假设（unassume 取消，:assumptions 列出）"),
            ("scenario 名 { assume … }", "情景；compare baseline, 名 : 表达式 比较"),
            ("solve 总分 >= 95 for 表[\"键\"].列", "求解：满足条件的精确边界"),
            ("table X for 表[\"键\"].列 in 1..9 step 1", "敏感性表（可两个变量）"),
            ("explain 项目[\"运维\"].总分", "推导过程：规则、代入值、舍入、来源单元格"),
            ("audit", "核对：公布数与计算结果、合计与分项"),
            ("chart 支出决算表.类.本年支出合计", "结构图：各部分的金额与占比（一列、一行或列表）"),
            ("chart change \"2021年\": 甲, \"2022年\": 乙", "变动图：前后对比、增减额与增长率"),
            ("chart compare baseline, 名 : X", "情景对比图；chart table X for … 画敏感性曲线"),
            ("chart 本年支出决算结构图 to \"图.svg\"", "写成 SVG 文件（:figures 列出数据集命名的图）"),
            ("load \"文件夹或 .xlsx\"", "载入数据集"),
        ]
        for (code, meaning) in syntax { lines.append("  " + DisplayWidth.pad(code, to: 43) + " " + meaning) }
        lines += [
            "",
            "函数：",
        ]
        for b in BuiltinRegistry.all {
            lines.append("  " + DisplayWidth.pad(b.signature, to: 26) + " " + b.summary)
        }
        lines.append("")
        lines.append("命令：")
        for m in MetaCommand.all {
            lines.append("  " + DisplayWidth.pad(m.usage, to: 26) + " " + m.summary)
        }
        return lines.joined(separator: "\n")
    }()
}

extension String {
    /// Without surrounding straight or curly quotes and spaces.
    func trimmingQuotes() -> String {
        var s = trimmingSpaces()
        if s.count >= 2, let f = s.first, let l = s.last, (f == "\"" && l == "\"") || (f == "“" && l == "”") {
            s = String(s.dropFirst().dropLast())
        }
        return s
    }
}
