import SuanpanLanguage
import SuanpanData
import SuanpanEvaluation
import SuanpanCharts

/// `:help VERB`: the forms of each statement word (English and Chinese spellings), what
/// it does, and an example on the bundled dataset. The words are the parser's; a test
/// checks that every example parses.
struct StatementHelp {
    let names: [String]
    /// Each form and, if it needs one, what it draws or does.
    let forms: [(String, String)]
    let meaning: String
    let examples: [String]

    static let all: [StatementHelp] = [
        StatementHelp(names: ["chart", "图表"],
                      forms: [("chart 表达式", "结构图：一列、一行或一个列表的各部分"),
                              ("chart \"甲\": a, \"乙\": b", "结构图：带名称的各部分"),
                              ("chart change \"2021年\": a, \"2022年\": b", "变动图：前后对比、增减额与增长率（变动）"),
                              ("chart compare baseline, 情景 : 表达式", "情景对比图"),
                              ("chart table X for 路径 in 低..高 step 步长", "敏感性曲线：等级线与拐点"),
                              ("chart 图名", "数据集命名的图（:figures 列出）"),
                              ("… to \"文件.svg\"", "不画在终端，写成 SVG 文件")],
                      meaning: "把数画成图。终端里用方块字符、按终端宽度画；管道和文件中用 ASCII。",
                      examples: ["chart 本年支出决算结构图", "chart 支出决算表.类.本年支出合计 to \"支出结构.svg\""]),
        StatementHelp(names: ["figure", "图"],
                      forms: [("figure 图名 = 图的内容（同 chart 后面的写法）", ""),
                              ("figure 图名 \"标题\" = 图的内容", "")],
                      meaning: "给一张图起名字（可另给标题），之后用 chart 图名 画出。数据集的 dataset.suan 也可以这样定义报告中的图。",
                      examples: ["figure 运维对比 \"运维项目总分对比\" = change \"原\": 99.98, \"压减后\": 97.26"]),
        StatementHelp(names: ["explain", "解释"],
                      forms: [("explain 表达式 [where 路径 = 值, …] [depth N]", "")],
                      meaning: "显示推导过程：每条规则的公式、代入的值、每一步舍入，以及每个数来自哪个文件的哪一行。depth 控制展开的层数（1 到 20）。",
                      examples: ["explain 项目[\"运维\"].总分"]),
        StatementHelp(names: ["solve", "求解"],
                      forms: [("solve 条件 for 路径 [in 低..高]", ""),
                              ("solve 表达式 = 目标 for 路径 [in 低..高]", "")],
                      meaning: "反推：在评分规则（含封顶、分段）下精确求出满足条件的边界值，而不是逐步试算的近似值。",
                      examples: ["solve 项目[\"运维\"].总分 >= 95 for 项目[\"运维\"].全年执行数 in 0..4367.764"]),
        StatementHelp(names: ["table", "列表"],
                      forms: [("table 表达式, … for 路径 in 低..高 step 步长 [, 路径2 in 低..高 step 步长]", "")],
                      meaning: "敏感性表：让一个或两个数按步长变化，列出表达式的值。",
                      examples: ["table 项目[\"运维\"].总分 for 项目[\"运维\"].调整后预算数 in 4000..6000 step 500"]),
        StatementHelp(names: ["compare", "比较"],
                      forms: [("compare baseline, 情景1, … : 表达式, …", "")],
                      meaning: "在基线（baseline）和各情景下分别计算表达式，并列显示差额。",
                      examples: ["compare baseline, 压减 : 项目[\"运维\"].总分"]),
        StatementHelp(names: ["scenario", "情景"],
                      forms: [("scenario 名称 { assume 路径 = 值 … }", "")],
                      meaning: "把一组假设存为情景，供 compare 和 chart compare 使用；不改变当前会话。",
                      examples: ["scenario 压减 { assume 项目[\"运维\"].调整后预算数 = 6000 }"]),
        StatementHelp(names: ["assume", "假设"],
                      forms: [("assume 路径 = 值", "")],
                      meaning: "在本次会话中改用这个值（之后的计算都用它）；unassume 取消，:assumptions 列出。",
                      examples: ["assume 项目[\"运维\"].调整后预算数 = 5000"]),
        StatementHelp(names: ["unassume", "取消假设"],
                      forms: [("unassume 路径", ""),
                              ("unassume all", "")],
                      meaning: "取消一个或全部假设，恢复数据中的原值。",
                      examples: ["unassume all"]),
        StatementHelp(names: ["where", "其中"],
                      forms: [("表达式 where 路径 = 值, …", "")],
                      meaning: "只在这一句里临时改用这些值，原数据和会话都不变。",
                      examples: ["项目[\"运维\"].总分 where 项目[\"运维\"].调整后预算数 = 5000"]),
        StatementHelp(names: ["audit", "核对"],
                      forms: [("audit", "")],
                      meaning: "把报告公布的数与按规则重算的数、合计与分项逐一比较，列出一致、尾数差异、实质差异与无法核验的项；有实质差异时脚本退出状态为 1。",
                      examples: ["audit"]),
        StatementHelp(names: ["check", "核对项"],
                      forms: [("check 公布的数 = 算出的数", "")],
                      meaning: "登记一项核对（通常写在数据集的 核对.suan 中，上一行用 ## 写一句说明），由 audit 比较。",
                      examples: ["check 说明[\"N005\"].公布值 = 收入决算表[\"合计\"].本年收入合计"]),
        StatementHelp(names: ["rule", "规则"],
                      forms: [("rule 表.列 = 表达式", "")],
                      meaning: "按行计算的列：表达式中可直接用本行的各列；:help rules 列出当前规则。",
                      examples: ["rule 项目.结余 = 调整后预算数 - 全年执行数"]),
        StatementHelp(names: ["unit", "单位"],
                      forms: [("unit \"元\"（只用于 dataset.suan）", "")],
                      meaning: "数据集金额的单位（元、千元、万元、亿元；默认万元）。写有单位的金额（如 750,000元）会换算成这个单位；表头的「（元）」或表头上方的「单位：元」对那一列或那张表优先。",
                      examples: ["unit \"元\""]),
        StatementHelp(names: ["template", "模板"],
                      forms: [("template \"模板名\"", "")],
                      meaning: "换用一套评分规则模板（如 qingdao、yunnan）。",
                      examples: ["template \"yunnan\""]),
        StatementHelp(names: ["load", "载入"],
                      forms: [("load \"文件夹、.csv 或 .xlsx\"", "")],
                      meaning: "载入数据集，替换当前数据集；失败时保留原来的。",
                      examples: ["load \"我的数据/\""]),
        StatementHelp(names: ["assert", "断言"],
                      forms: [("assert 条件", "")],
                      meaning: "条件不成立时报错并显示两边的值；脚本中会停下，退出状态为 1。",
                      examples: ["assert 占比(1858.67, 9016.08) == 20.62%"]),
        StatementHelp(names: ["fn", "函数"],
                      forms: [("fn 名称(参数, …) = 表达式", "")],
                      meaning: "定义函数，可以递归。",
                      examples: ["fn 折算(r) = max(0, 1 - (99% - r) * 5)"]),
    ]

    static func lookup(_ word: String) -> StatementHelp? {
        all.first { $0.names.contains(word) }
    }

    var text: String {
        var lines = ["\(names.joined(separator: " / ")) — \(meaning)", "写法："]
        let width = forms.filter { !$0.1.isEmpty }.map { DisplayWidth.of($0.0) }.max() ?? 0
        lines += forms.map { $0.1.isEmpty ? "  " + $0.0 : "  " + DisplayWidth.pad($0.0, to: width) + "  " + $0.1 }
        lines.append("例：")
        lines += examples.map { "  " + $0 }
        return lines.joined(separator: "\n")
    }
}
