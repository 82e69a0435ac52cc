/// The statement words, each once: its spellings (English first), the shape that makes
/// a line that statement, its parser, and its help. The parser dispatches on this
/// table, `:help 词` prints from it and Tab completes its spellings, so a statement
/// is added in one place.
///
/// A word is a statement only at the start of a line and in its own shape
/// (`load "…"`, `rule 表.列 = …`): otherwise it is an ordinary name, so `table`,
/// `图` or `单位` stay usable as names of one's own.
package struct StatementSpec: Sendable {
    /// Spellings, English first.
    package let names: [String]
    /// How the statement starts: a reserved keyword, or a word in `shape`.
    package let start: Start
    package let parse: @Sendable (inout Parser, SourceSpan) throws(Diagnostic) -> Statement
    /// Each form and, if it needs one, what it draws or does.
    let forms: [(String, String)]
    package let meaning: String
    let examples: [String]

    package enum Start: Sendable {
        /// A keyword of the lexer (`fn`, `assert`).
        case keyword(Keyword)
        /// A word that starts the statement when the tokens after it have this shape
        /// (the parser stands on the word).
        case word(@Sendable (Parser) -> Bool)
    }

    var english: String { names[0] }

    /// `:help` text: the forms, the meaning, the examples.
    package var helpText: String { StatementSpec.helpText(names: names, forms: forms, meaning: meaning, examples: examples) }

    package static func helpText(names: [String], forms: [(String, String)], meaning: String, examples: [String]) -> String {
        var lines = ["\(names.joined(separator: " / ")) — \(meaning)", "写法："]
        let width = forms.filter { !$0.1.isEmpty }.map { DisplayWidth.of($0.0) }.max() ?? 0
        lines += forms.map { $0.1.isEmpty ? "  " + $0.0 : "  " + DisplayWidth.pad($0.0, to: width) + "  " + $0.1 }
        lines.append("例：")
        lines += examples.map { "  " + $0 }
        return lines.joined(separator: "\n")
    }

    package static func lookup(_ word: String) -> StatementSpec? { byName[word] }

    package static let byName: [String: StatementSpec] = {
        var d: [String: StatementSpec] = [:]
        for s in all { for n in s.names { d[n] = s } }
        return d
    }()

    static let byKeyword: [Keyword: StatementSpec] = {
        var d: [Keyword: StatementSpec] = [:]
        for s in all { if case .keyword(let k) = s.start { d[k] = s } }
        return d
    }()

    /// Every spelling of every statement word and context word, for Tab completion.
    package static let allSpellings: [String] = all.flatMap(\.names) + ContextWord.allCases.flatMap(\.spellings)

    package static let all: [StatementSpec] = [
        StatementSpec(
            names: ["fn", "函数"], start: .keyword(.fn), parse: { parser, s throws(Diagnostic) in try parser.functionStatement(s) },
            forms: [("fn 名称(参数, …) = 表达式", "")],
            meaning: "定义函数，可以递归。",
            examples: ["fn 折算(r) = max(0, 1 - (99% - r) * 5)"]),
        StatementSpec(
            names: ["assert", "断言"], start: .keyword(.assert), parse: { parser, s throws(Diagnostic) in try parser.assertStatement(s) },
            forms: [("assert 条件", "")],
            meaning: "条件不成立时报错并显示两边的值；脚本中会停下，退出状态为 1。",
            examples: ["assert 占比(1858.67, 9016.08) == 20.62%"]),
        StatementSpec(
            names: ["load", "载入"], start: .word { $0.nextIsString },
            parse: { parser, s throws(Diagnostic) in try parser.quotedStatement(s) { .load(path: $0, span: $1) } },
            forms: [("load \"文件夹、.csv 或 .xlsx\"", "")],
            meaning: "载入数据集，替换当前数据集；失败时保留原来的。",
            examples: ["load \"我的数据/\""]),
        StatementSpec(
            names: ["title", "标题"], start: .word { $0.nextIsString },
            parse: { parser, s throws(Diagnostic) in try parser.quotedStatement(s) { .title($0, span: $1) } },
            forms: [("title \"数据集的标题\"（只用于 dataset.suan）", "")],
            meaning: "数据集的标题，载入时和 :tables 中显示。",
            examples: ["title \"青岛市大数据发展管理局 2022 年度部门决算\""]),
        StatementSpec(
            names: ["unit", "单位"], start: .word { $0.nextIsString },
            parse: { parser, s throws(Diagnostic) in try parser.quotedStatement(s) { .unit($0, span: $1) } },
            forms: [("unit \"元\"（只用于 dataset.suan）", "")],
            meaning: "数据集金额的单位（元、千元、万元、亿元；默认万元）。写有单位的金额（如 750,000元）会换算成这个单位；表头的「（元）」或表头上方的「单位：元」对那一列或那张表优先。",
            examples: ["unit \"元\""]),
        StatementSpec(
            names: ["template", "模板"], start: .word { $0.nextIsString },
            parse: { parser, s throws(Diagnostic) in try parser.quotedStatement(s) { .template($0, span: $1) } },
            forms: [("template \"模板名\"", "")],
            meaning: "换用一套评分规则模板（如 qingdao、yunnan）。",
            examples: ["template \"yunnan\""]),
        StatementSpec(
            names: ["alias", "别名"], start: .word { $0.nextIsName(then: .lbracket) },
            parse: { parser, s throws(Diagnostic) in try parser.aliasStatement(s) },
            forms: [("alias 表[\"别名\"] = \"行键或名称\"（只用于 dataset.suan）", "")],
            meaning: "给表中的一行另起一个名字，之后 表[\"别名\"] 指那一行。",
            examples: ["alias 项目[\"运维\"] = \"大数据局信息化系统运维\""]),
        StatementSpec(
            names: ["key", "键"], start: .word { $0.nextIsTableColumn(followedByEnd: true) },
            parse: { parser, s throws(Diagnostic) in try parser.keyStatement(s) },
            forms: [("key 表.列（只用于 dataset.suan）", "")],
            meaning: "指定表的键列：表[\"键\"] 按这一列找行。",
            examples: ["key 项目.项目编号"]),
        StatementSpec(
            names: ["rule", "规则"], start: .word { $0.nextIsTableColumn(followedByEnd: false) && $0.kind(at: 4) == .symbol(.assign) },
            parse: { parser, s throws(Diagnostic) in try parser.ruleStatement(s) },
            forms: [("rule 表.列 = 表达式", "")],
            meaning: "按行计算的列：表达式中可直接用本行的各列；:help rules 列出当前规则。",
            examples: ["rule 项目.结余 = 调整后预算数 - 全年执行数"]),
        StatementSpec(
            names: ["check", "核对项"],
            start: .word { p in
                switch p.kind(at: 1) {
                case .identifier, .symbol(.lparen), .number, .amount: return true
                default: return false
                }
            }, parse: { parser, s throws(Diagnostic) in try parser.checkStatement(s) },
            forms: [("check 公布的数 = 算出的数", "")],
            meaning: "登记一项核对（通常写在数据集的 核对.suan 中，上一行用 ## 写一句说明），由 audit 比较。",
            examples: ["check 说明[\"N005\"].公布值 = 收入决算表[\"合计\"].本年收入合计"]),
        StatementSpec(
            names: ["audit", "核对"], start: .word { $0.nextAreWordsToEnd },
            parse: { parser, s throws(Diagnostic) in
                parser.p += 1
                var focus: [String] = []
                while case .identifier(let w) = parser.current.kind, !ContextWord.to.matches(w) {
                    focus.append(w)
                    parser.p += 1
                }
                return .audit(focus: focus, span: s)
            },
            forms: [("audit", ""), ("audit 类别或表 …", "只列出这些：实质差异、尾数差异、无法核验、一致、数据问题、说明，或某张表的项")],
            meaning: "把报告公布的数与按规则重算的数、合计与分项逐一比较，按表列出尾数差异、实质差异与无法核验的项；列出的部分有实质差异或数据问题时脚本退出状态为 1。",
            examples: ["audit", "audit 实质差异", "核对 指标 无法核验"]),
        StatementSpec(
            names: ["assume", "假设"], start: .word { $0.nextIsName() },
            parse: { parser, s throws(Diagnostic) in
                parser.p += 1
                let a = try parser.assignment()
                return .assume(a, span: s.through(a.span))
            },
            forms: [("assume 路径 = 值", "")],
            meaning: "在本次会话中改用这个值（之后的计算都用它）；unassume 取消，:assumptions 列出。",
            examples: ["assume 项目[\"运维\"].调整后预算数 = 5000"]),
        StatementSpec(
            names: ["unassume", "取消假设"], start: .word { $0.nextIsName() },
            parse: { parser, s throws(Diagnostic) in try parser.unassumeStatement(s) },
            forms: [("unassume 路径", ""), ("unassume all", "")],
            meaning: "取消一个或全部假设，恢复数据中的原值。",
            examples: ["unassume all"]),
        StatementSpec(
            names: ["scenario", "情景"], start: .word { $0.nextIsName(then: .lbrace) },
            parse: { parser, s throws(Diagnostic) in try parser.scenarioStatement(s) },
            forms: [("scenario 名称 { assume 路径 = 值 … }", "")],
            meaning: "把一组假设存为情景，供 compare 和 chart compare 使用；不改变当前会话。",
            examples: ["scenario 压减 { assume 项目[\"运维\"].调整后预算数 = 6000 }"]),
        StatementSpec(
            names: ["compare", "比较"], start: .word { $0.nextIsName() && $0.statementContains { $0 == .symbol(.colon) } },
            parse: { parser, s throws(Diagnostic) in
                parser.p += 1
                let (names, exprs) = try parser.comparison()
                return .compare(scenarios: names, expressions: exprs, span: s.through(exprs.last?.span ?? s))
            },
            forms: [("compare baseline, 情景1, … : 表达式, …", "")],
            meaning: "在基线（baseline）和各情景下分别计算表达式，并列显示差额。",
            examples: ["compare baseline, 压减 : 项目[\"运维\"].总分"]),
        StatementSpec(
            names: ["table", "列表"], start: .word { $0.statementContains(.for) },
            parse: { parser, s throws(Diagnostic) in
                parser.p += 1
                return .sensitivity(try parser.sensitivity(s))
            },
            forms: [("table 表达式, … for 路径 in 低..高 step 步长 [, 路径2 in 低..高 step 步长]", "")],
            meaning: "敏感性表：让一个或两个数按步长变化，列出表达式的值。",
            examples: ["table 项目[\"运维\"].总分 for 项目[\"运维\"].调整后预算数 in 4000..6000 step 500"]),
        StatementSpec(
            names: ["solve", "求解"], start: .word { $0.statementContains(.for) },
            parse: { parser, s throws(Diagnostic) in try parser.solveStatement(s) },
            forms: [("solve 条件 for 路径 [in 低..高]", ""), ("solve 表达式 = 目标 for 路径 [in 低..高]", "")],
            meaning: "反推：在评分规则（含封顶、分段）下精确求出满足条件的边界值，而不是逐步试算的近似值。",
            examples: ["solve 项目[\"运维\"].总分 >= 95 for 项目[\"运维\"].全年执行数 in 0..4367.764"]),
        StatementSpec(
            names: ["explain", "解释"], start: .word { $0.nextStartsOperand },
            parse: { parser, s throws(Diagnostic) in try parser.explainStatement(s) },
            forms: [("explain 表达式 [where 路径 = 值, …] [depth N]", "")],
            meaning: "显示推导过程：每条规则的公式、代入的值、每一步舍入，以及每个数来自哪个文件的哪一行。depth 控制展开的层数（1 到 20）。",
            examples: ["explain 项目[\"运维\"].总分"]),
        StatementSpec(
            names: ["chart", "图表"], start: .word { $0.nextStartsOperand },
            parse: { parser, s throws(Diagnostic) in try parser.chartStatement(s) },
            forms: [
                ("chart 表达式", "结构图：一列、一行或一个列表的各部分"),
                ("chart \"甲\": a, \"乙\": b", "结构图：带名称的各部分"),
                ("chart change \"2021年\": a, \"2022年\": b", "变动图：前后对比、增减额与增长率（变动）"),
                ("chart compare baseline, 情景 : 表达式", "情景对比图"),
                ("chart table X for 路径 in 低..高 step 步长", "敏感性曲线：等级线与拐点"),
                ("chart 图名", "数据集命名的图（:figures 列出）"),
                ("… to \"文件.svg\"", "不画在终端，写成 SVG 文件"),
            ],
            meaning: "把数画成图。终端里用方块字符、按终端宽度画；管道和文件中用 ASCII。",
            examples: ["chart 本年支出决算结构图", "chart 支出决算表.类.本年支出合计 to \"支出结构.svg\""]),
        StatementSpec(
            names: ["figure", "图"],
            start: .word { p in
                guard case .identifier = p.kind(at: 1) else { return false }
                if p.kind(at: 2) == .symbol(.assign) { return true }
                if case .string = p.kind(at: 2), p.kind(at: 3) == .symbol(.assign) { return true }
                return false
            }, parse: { parser, s throws(Diagnostic) in try parser.figureStatement(s) },
            forms: [("figure 图名 = 图的内容（同 chart 后面的写法）", ""), ("figure 图名 \"标题\" = 图的内容", "")],
            meaning: "给一张图起名字（可另给标题），之后用 chart 图名 画出。数据集的 dataset.suan 也可以这样定义报告中的图。",
            examples: ["figure 运维对比 \"运维项目总分对比\" = change \"原\": 99.98, \"压减后\": 97.26"]),
        StatementSpec(
            names: ["export", "导出"], start: .word { $0.nextStartsOperand && $0.statementContains(.to) },
            parse: { parser, s throws(Diagnostic) in try parser.exportStatement(s) },
            forms: [
                ("export 表或表达式, … to \"文件\"", "表、筛选或选列后的行、一列、一行或一个数，每个一张工作表"),
                ("export compare … / table … / explain … / audit … to \"文件\"", "比较、敏感性表、推导过程、核对结果"),
                ("export 自评表 项目[\"键\"] to \"文件.xlsx\"", "按规则重算的项目支出绩效自评表（一组行则每个项目一张）"),
                ("export 汇总表 [by 列] to \"文件\"", "各等级项目数、预算数、执行数与执行率，按主管部门或某一列汇总"),
                ("… to \"文件.csv\" gb18030", "CSV 默认 UTF-8（带 BOM，Excel 直接打开）；写 gb18030 给只认国标码的旧程序"),
            ],
            meaning: "把结果写成文件，格式按扩展名：.xlsx（Excel/WPS）、.csv、.md（Markdown）、.html（网页，可打印在 A4 上）。先写临时文件再替换，失败时原文件不变；不会写进数据集自己的文件夹。",
            examples: [
                "export 项目 to \"项目.xlsx\"", "导出 项目[总分 < 100][项目名称, 总分] 到 \"低分项目.csv\"",
                "export explain 项目[\"运维\"].总分 to \"运维得分推导.html\"", "export 自评表 项目[\"运维\"] to \"运维.xlsx\"",
                "export 汇总表 by 主管部门 to \"汇总.xlsx\"",
            ]),
    ]
}

/// Words with a meaning inside a statement (after its first word), each once with its
/// spellings; elsewhere they are ordinary names.
package enum ContextWord: String, CaseIterable, Sendable {
    case change, to, `for`, `in`, step, `where`, depth, all
    /// A row set's steps after a table, and the sort directions.
    case sort, first, last, ascending, descending, group, pivot, by
    /// What `export` writes besides values: a recomputed form, a summary.
    case form, summary

    package var spellings: [String] {
        switch self {
        case .change: ["change", "变动"]
        case .to: ["to", "到"]
        case .for: ["for", "对"]
        case .in: ["in", "在"]
        case .step: ["step", "步长"]
        case .where: ["where", "其中"]
        case .depth: ["depth", "深度"]
        case .all: ["all", "全部"]
        case .sort: ["sort", "排序"]
        case .first: ["first", "前"]
        case .last: ["last", "后"]
        case .ascending: ["asc", "升序"]
        case .descending: ["desc", "降序"]
        case .group: ["group", "分组"]
        case .pivot: ["pivot", "透视"]
        case .by: ["by", "按"]
        case .form: ["form", "自评表"]
        case .summary: ["summary", "汇总表"]
        }
    }

    /// The words that take a row set's step after a table.
    package static let rowSetSteps: [ContextWord] = [.sort, .first, .last, .group, .pivot]

    package func matches(_ word: String) -> Bool { spellings.contains(word) }

    /// `:help` text for the words that change what a statement means (`where`); nil
    /// for the others, which `:help` of their statement explains.
    package var helpText: String? {
        switch self {
        case .where:
            return StatementSpec.helpText(
                names: spellings, forms: [("表达式 where 路径 = 值, …", "")],
                meaning: "只在这一句里临时改用这些值，原数据和会话都不变。",
                examples: ["项目[\"运维\"].总分 where 项目[\"运维\"].调整后预算数 = 5000"])
        case .group, .pivot:
            return StatementSpec.helpText(
                names: ["group", "分组", "pivot", "透视"],
                forms: [
                    ("表 group 键 [: 名 = 汇总, …]", "按键分组，每组一行；汇总中列名是本组该列的值，表名是本组的行（不写汇总时数行数）"),
                    ("表 pivot 行键 by 列键 [: 汇总]", "透视：行键为行、列键的每个值为一列，格中是两者共同的行的汇总（默认行数）"),
                ],
                meaning: "分组汇总与透视，结果是一张新表（可再 sort、first、选列，或用 表[\"键\"].列 取数）；每个数都精确计算，explain 说明它来自哪些行。中文写法：分组、透视 … 按 …。",
                examples: [
                    "项目 group 表别 : 项目数 = count(项目), 预算 = sum(调整后预算数), 执行率 = 执行率(sum(全年执行数), sum(调整后预算数))",
                    "项目 分组 等级", "项目 pivot 表别 by 等级", "项目 group 表别 : 平均分 = avg(总分) sort 平均分 desc",
                ])
        case .sort, .first, .last:
            return StatementSpec.helpText(
                names: [ContextWord.sort, .first, .last].flatMap(\.spellings),
                forms: [
                    ("表[条件]", "筛选：条件成立的行"), ("表[列, 列, …]", "选列：只显示这些列（键列保留）"),
                    ("表 sort 键 [desc], 键 …", "排序（desc/降序 从大到小，asc/升序 默认）；未算出的排在最后"),
                    ("表 first N / 表 last N", "前 N 行 / 后 N 行"),
                ],
                meaning: "对表的行筛选、选列、排序、取前后若干行，可以连写，结果仍是表（count、sum、表.列 照常可用）。中文写法：排序、降序、升序、前、后。分组汇总与透视见 :help group。",
                examples: [
                    "项目[总分 < 100][项目名称, 总分]", "项目 sort 总分 desc, 项目名称 first 3", "count(项目[等级 == \"优\"] sort 总分 first 5)",
                    "项目[执行率, 总分] 排序 执行率 前 4",
                ])
        default:
            return nil
        }
    }

    package static func lookup(_ word: String) -> ContextWord? { allCases.first { $0.matches(word) } }
}

extension Parser {
    /// Whether the current token is `word` (any spelling).
    package func at(_ word: ContextWord) -> Bool {
        if case .identifier(let w) = current.kind { return word.matches(w) }
        return false
    }

    /// Consumes `word` if the current token is it.
    mutating func match(_ word: ContextWord) -> Bool {
        guard at(word) else { return false }
        p += 1
        return true
    }

    /// Whether `word` comes later in this statement.
    func statementContains(_ word: ContextWord) -> Bool {
        statementContains { if case .identifier(let w) = $0 { word.matches(w) } else { false } }
    }

    // MARK: Shapes (the parser stands on the statement's word)

    var nextIsString: Bool {
        if case .string = kind(at: 1) { return true }
        return false
    }

    /// Names only, up to the statement's end (`audit 实质差异 指标`), or nothing.
    var nextAreWordsToEnd: Bool {
        var k = 1
        while true {
            switch kind(at: k) {
            case .separator, .end: return true
            case .identifier: k += 1
            default: return false
            }
        }
    }

    var nextEndsStatement: Bool {
        switch kind(at: 1) {
        case .separator, .end: return true
        default: return false
        }
    }

    /// What can follow `explain` or `chart`: anything but the end or `=` (a binding of
    /// that name).
    var nextStartsOperand: Bool {
        switch kind(at: 1) {
        case .separator, .end, .symbol(.assign): return false
        default: return true
        }
    }

    /// A name after the word, and `symbol` after that if given.
    func nextIsName(then symbol: Symbol? = nil) -> Bool {
        guard case .identifier = kind(at: 1) else { return false }
        return symbol.map { kind(at: 2) == .symbol($0) } ?? true
    }

    /// `表.列` after the word, and (for `key`) nothing after it.
    func nextIsTableColumn(followedByEnd: Bool) -> Bool {
        guard case .identifier = kind(at: 1), kind(at: 2) == .symbol(.dot), case .identifier = kind(at: 3) else { return false }
        guard followedByEnd else { return true }
        switch kind(at: 4) {
        case .separator, .end: return true
        default: return false
        }
    }

    // MARK: Statement parsers (each starts on the statement's word)

    mutating func functionStatement(_ start: SourceSpan) throws(Diagnostic) -> Statement {
        p += 1
        guard case .identifier(let name) = current.kind else { throw unexpected("函数名") }
        p += 1
        _ = try expect(.lparen, "「(」和参数表")
        var params: [String] = []
        if !check(.rparen) {
            repeat {
                guard case .identifier(let param) = current.kind else { throw unexpected("参数名") }
                if params.contains(param) {
                    throw Diagnostic(.unexpectedToken(found: "重复的参数名「\(param)」", expected: "不同的参数名"), at: current.span)
                }
                params.append(param)
                p += 1
            } while match(.comma)
        }
        _ = try expect(.rparen, "「)」")
        _ = try expect(.assign, "「=」和函数体")
        let body = try expression()
        return .function(name: name, parameters: params, body: body, span: start.through(body.span))
    }

    mutating func assertStatement(_ start: SourceSpan) throws(Diagnostic) -> Statement {
        p += 1
        let e = try expression()
        return .assertion(e, span: start.through(e.span))
    }

    /// `word "text"`: load, title, unit, template.
    mutating func quotedStatement(_ start: SourceSpan, _ make: (String, SourceSpan) -> Statement) throws(Diagnostic) -> Statement {
        p += 1
        guard case .string(let text) = current.kind else { throw unexpected("带引号的文本") }
        let end = advance().span
        return make(text, start.through(end))
    }

    mutating func scenarioStatement(_ start: SourceSpan) throws(Diagnostic) -> Statement {
        p += 1
        guard case .identifier(let name) = current.kind else { throw unexpected("情景名") }
        p += 1
        _ = try expect(.lbrace, "「{」")
        var assumptions: [Assignment] = []
        let assume = StatementSpec.lookup("assume")?.names ?? []
        while true {
            while case .separator = current.kind { p += 1 }
            if check(.rbrace) { break }
            guard case .identifier(let w) = current.kind, assume.contains(w) else {
                throw unexpected("assume 语句或「}」（情景中只能写假设）")
            }
            p += 1
            assumptions.append(try assignment())
        }
        let end = try expect(.rbrace, "「}」")
        return .scenario(name: name, assumptions: assumptions, span: start.through(end.span))
    }

    mutating func explainStatement(_ start: SourceSpan) throws(Diagnostic) -> Statement {
        p += 1
        let e = try expression()
        var depth: Int?
        var end = e.span
        var overrides: [Assignment] = []
        if match(.where) {
            repeat { overrides.append(try assignment()) } while match(.comma)
            end = overrides.last?.span ?? end
        }
        if match(.depth) {
            guard case .number(let n) = current.kind, let d = n.intValue, (1...20).contains(d) else {
                throw unexpected("1 到 20 之间的展开层数")
            }
            depth = d
            end = advance().span
        }
        return .explain(e, depth: depth, overrides: overrides, span: start.through(end))
    }

    mutating func chartStatement(_ start: SourceSpan) throws(Diagnostic) -> Statement {
        p += 1
        let body = try chartBody(start)
        var file: (String, SourceSpan)?
        if match(.to) {
            guard case .string(let path) = current.kind else { throw unexpected("带引号的文件名（如 \"结构图.svg\"）") }
            file = (path, advance().span)
        }
        return .chart(Chart(body: body, file: file, span: start.through(tokens[p - 1].span)))
    }

    mutating func figureStatement(_ start: SourceSpan) throws(Diagnostic) -> Statement {
        p += 1
        guard case .identifier(let name) = current.kind else { throw unexpected("图的名称") }
        p += 1
        var title: String?
        if case .string(let t) = current.kind {
            title = t
            p += 1
        }
        _ = try expect(.assign, "「=」和要画的内容")
        let body = try chartBody(start)
        return .figure(Figure(name: name, title: title, body: body, span: start.through(tokens[p - 1].span)))
    }

    mutating func solveStatement(_ start: SourceSpan) throws(Diagnostic) -> Statement {
        p += 1
        var condition = try expression()
        var quantity: Expr?
        if match(.assign) {
            let target = try expression()
            quantity = condition
            condition = .binary(.equal, condition, target, condition.span.through(target.span))
        } else if case .binary(let op, let l, _, _) = condition,
            op.isComparison
        {
            quantity = l
        }
        guard match(.for) else { throw unexpected("「for」和要求解的单元格或名称") }
        let path = try postfix()
        var range: (Expr, Expr)?
        if match(.in) {
            let low = try expression()
            _ = try expect(.range, "「..」（取值范围，如 0..5000）")
            range = (low, try expression())
        }
        let end = range?.1.span ?? path.span
        return .solve(GoalSeek(condition: condition, quantity: quantity, path: path, range: range, span: start.through(end)))
    }

    /// `export subject, … to "file" [encoding]`.
    mutating func exportStatement(_ start: SourceSpan) throws(Diagnostic) -> Statement {
        p += 1
        var subjects: [Export.Subject] = []
        repeat {
            let first = current.span
            if match(.form) {
                let e = try expression()
                subjects.append(.form(e, span: first.through(e.span)))
            } else if match(.summary) {
                var by: Expr?
                if match(.by) { by = try additive() }
                subjects.append(.summary(by: by, span: first.through(by?.span ?? first)))
            } else if case .identifier(let w) = current.kind, let spec = StatementSpec.lookup(w),
                ["explain", "audit"].contains(spec.english)
                    || (spec.english == "compare" && statementContains { $0 == .symbol(.colon) })
                    || (spec.english == "table" && statementContains(.for))
            {
                subjects.append(.statement(try spec.parse(&self, first)))
                // Their own lists take the commas: one of them is the last result.
                break
            } else {
                let e = try expression()
                var overrides: [Assignment] = []
                if match(.where) {
                    // The where list takes the commas: this subject is the last.
                    repeat { overrides.append(try assignment()) } while match(.comma)
                }
                subjects.append(
                    .value(overrides.isEmpty ? .expression(e) : .whatIf(e, overrides, span: e.span.through(overrides.last!.span))))
                if !overrides.isEmpty { break }
            }
        } while match(.comma)
        guard match(.to) else { throw unexpected("「to」和带引号的文件名（如 to \"项目.xlsx\"）") }
        guard case .string(let path) = current.kind else { throw unexpected("带引号的文件名（.xlsx、.csv、.md 或 .html）") }
        let file = (path, advance().span)
        var encoding: (String, SourceSpan)?
        if case .identifier(let name) = current.kind {
            encoding = (name, advance().span)
        }
        return .export(Export(subjects: subjects, file: file, encoding: encoding, span: start.through(tokens[p - 1].span)))
    }

    mutating func unassumeStatement(_ start: SourceSpan) throws(Diagnostic) -> Statement {
        p += 1
        if at(.all) {
            let end = advance().span
            return .unassume(nil, span: start.through(end))
        }
        let path = try postfix()
        return .unassume(path, span: start.through(path.span))
    }

    mutating func checkStatement(_ start: SourceSpan) throws(Diagnostic) -> Statement {
        p += 1
        let published = try expression()
        _ = try expect(.assign, "「=」和计算式（核对项 公布值 = 计算式）")
        let computed = try expression()
        return .check(Check(published: published, computed: computed, description: pendingDoc, span: start.through(computed.span)))
    }

    mutating func ruleStatement(_ start: SourceSpan) throws(Diagnostic) -> Statement {
        p += 1
        guard case .identifier(let table) = current.kind else { throw unexpected("表名") }
        p += 2
        guard case .identifier(let column) = current.kind else { throw unexpected("列名") }
        p += 2
        let body = try expression()
        return .rule(Rule(table: table, column: column, body: body, description: pendingDoc, span: start.through(body.span)))
    }

    mutating func aliasStatement(_ start: SourceSpan) throws(Diagnostic) -> Statement {
        p += 1
        guard case .identifier(let table) = current.kind else { throw unexpected("表名") }
        p += 1
        _ = try expect(.lbracket, "「[」")
        guard case .string(let alias) = current.kind else { throw unexpected("带引号的别名") }
        p += 1
        _ = try expect(.rbracket, "「]」")
        _ = try expect(.assign, "「=」")
        guard case .string(let target) = current.kind else { throw unexpected("带引号的行键或名称") }
        let end = advance().span
        return .alias(table: table, alias: alias, target: target, span: start.through(end))
    }

    mutating func keyStatement(_ start: SourceSpan) throws(Diagnostic) -> Statement {
        p += 1
        guard case .identifier(let table) = current.kind else { throw unexpected("表名") }
        p += 2
        guard case .identifier(let column) = current.kind else { throw unexpected("列名") }
        let end = advance().span
        return .key(table: table, column: column, span: start.through(end))
    }
}
