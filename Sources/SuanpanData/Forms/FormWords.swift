import Foundation

/// The words a 自评表 form labels its parts with (datasets.md, "Forms"), as published
/// forms of several provinces write them (Tests/Fixtures/forms/real/README.md lists the
/// layouts met): the national 2020 template, provincial variants, 转移支付 and 部门整体
/// forms. Labels are compared after `FormWords.label` (spaces, parenthesised notes and
/// a trailing colon removed).
enum FormWords {
    /// Header-block fields: the 项目 column each fills, and the labels that give it
    /// (the value is the next filled cell to the right of the label).
    static let headerFields: [(column: String, labels: [String])] = [
        ("项目编号", ["项目编号", "项目代码", "项目编码", "项目id", "项目ID", "预算编码", "部门编码", "单位编码"]),
        (
            "项目名称",
            [
                "项目名称", "转移支付名称", "转移支付项目名称", "专项名称", "专项资金名称", "资金名称", "项目(资金)名称", "部门名称", "部门(单位)名称",
                "单位名称",
            ]
        ),
        (
            "主管部门",
            ["主管部门", "市级主管部门", "省级主管部门", "县级主管部门", "地方主管部门", "中央主管部门", "主管部门及代码", "主管单位", "主管部门名称", "预算部门"]
        ),
        ("实施单位", ["实施单位", "项目实施单位", "实施单位名称", "资金使用单位", "预算单位", "项目单位"]),
        ("联系人", ["联系人", "部门联系人", "项目负责人及电话", "负责人及电话"]),
        ("联系电话", ["联系电话", "联络电话", "电话"]),
        ("等级", ["自评等级", "评价等级", "绩效等级", "等级", "自评结论"]),
        // A score printed in the header block (`自评得分 98`, `自评总分（分） 97.6`).
        ("总分", ["自评得分", "自评总分"]),
    ]

    /// Grade words printed without a label after the total score (`总分 | 100 | 96 | 优`).
    static let grades: Set<String> = ["优", "良", "中", "差", "优秀", "良好", "合格", "不合格", "较差"]

    /// The labels that name the form (one per form: where a sheet holds several forms,
    /// each starts at its name label).
    static var nameLabels: [String] { headerFields.first { $0.column == "项目名称" }?.labels ?? [] }

    /// Header-block label → the 项目 column it fills.
    static let headerField: [String: String] = {
        var m: [String: String] = [:]
        for (column, labels) in headerFields { for l in labels where m[l] == nil { m[l] = column } }
        return m
    }()

    /// Every header-block label, for telling a label from a value.
    static let allHeaderLabels: Set<String> = Set(headerFields.flatMap(\.labels))

    /// The 项目资金 block's columns: 项目 column → whether a label names it.
    static let fundColumns: [(column: String, matches: @Sendable (String) -> Bool)] = [
        ("年初预算数", { $0.hasPrefix("年初预算") || $0 == "年初数" }),
        (
            "调整后预算数",
            { ["全年预算数", "调整后预算数", "调整预算数", "全年预算", "调整后预算", "预算数", "全年预算金额", "预算调整后金额"].contains($0) }
        ),
        ("全年执行数", { $0.hasSuffix("执行数") || ["全年执行", "实际执行金额", "执行金额", "全年支出数"].contains($0) }),
        ("执行分值", { $0 == "分值" || $0 == "权重" || $0 == "执行率权重" }),
        ("执行率", { $0.hasPrefix("执行率") || $0.hasPrefix("预算执行率") }),
        ("执行得分", { $0 == "得分" || $0 == "自评得分" || $0 == "执行率得分" }),
    ]

    /// The fund block's total row (`年度资金总额`, `年度资金总额:`, `资金总额`).
    static func isFundTotal(_ label: String) -> Bool {
        label.hasPrefix("年度资金总额") || ["资金总额", "总额", "年度财政资金总额", "年度资金合计", "合计"].contains(label)
    }

    /// The indicator block's columns: 指标 column → whether a header label names it,
    /// in the order they are tried (the first that matches a cell wins).
    static let indicatorColumns: [(column: String, matches: @Sendable (String) -> Bool)] = [
        ("一级指标", { $0 == "一级指标" }),
        ("二级指标", { $0 == "二级指标" }),
        ("三级指标", { $0 == "三级指标" || $0 == "三级指标名称" || $0 == "指标名称" || $0 == "指标内容" }),
        ("指标性质", { $0 == "指标性质" }),
        ("度量单位", { $0 == "度量单位" || $0 == "计量单位" }),
        (
            "实际值",
            {
                ($0.contains("实际") || $0.contains("完成值") || $0.hasSuffix("完成情况") || $0 == "完成指标值")
                    && !$0.contains("原因") && !$0.contains("偏差")
            }
        ),
        ("指标值", { ($0.contains("指标值") || $0.contains("目标值")) && !$0.contains("实际") && !$0.contains("完成") }),
        ("分值", { ["分值", "权重", "指标分值", "权重分值", "指标权重", "参考分值"].contains($0) }),
        ("得分", { $0 == "得分" || $0 == "自评得分" || $0 == "指标得分" }),
        ("偏差原因", { $0.contains("偏差") || $0.contains("原因") }),
    ]

    /// Cells that say "not applicable".
    static let notApplicable: Set<String> = ["/", "／", "-", "—", "——", "－", "无", "\\"]

    /// Rows inside the indicator block that are not indicators.
    static let notIndicators: Set<String> = ["其他需要说明事项", "其他需说明事项", "其他需要说明的事项"]

    /// Rows that end the indicator block (closing text, signatures, notes), by their
    /// first cell's beginning.
    static let closingPrefixes = ["注", "备注", "说明", "填表说明", "评价结论", "存在问题", "改进措施", "项目负责人", "财务负责人", "偏差大或目标未完成", "总分在"]

    /// Rows that end the indicator block and carry the form's totals.
    static let subtotalLabels: Set<String> = ["小计", "指标小计", "绩效指标小计"]
    static let totalLabels: Set<String> = ["总分", "自评总分", "合计", "总计", "综合得分", "得分合计", "合计得分", "总得分"]

    /// The form's kind, from its title.
    static func kind(title: String) -> String {
        if title.contains("部门整体") || title.contains("整体支出") { return "部门整体" }
        if title.contains("转移支付") { return "转移支付" }
        return "项目支出"
    }

    /// Sheets that are not forms and say so by their name (a cover, filling notes).
    static let notFormSheetWords = ["封面", "说明", "目录", "填报", "汇总"]

    /// A cell's text as a label: without spaces of any kind, without parenthesised notes
    /// (`调整后预算数 (A)`, `执行率(B/A)`, `产出指标 (50分)`, `项目资金（万元）`), without a
    /// trailing colon. The notes are returned too (a weight `50分`, a unit `万元`).
    static func label(_ text: String) -> (label: String, notes: [String]) {
        var out = String.UnicodeScalarView()
        var notes: [String] = []
        var note = String.UnicodeScalarView()
        var depth = 0
        for u in text.unicodeScalars {
            if u.properties.isWhitespace || u == "\u{3000}" { continue }
            if u == "(" || u == "（" || u == "【" || u == "[" {
                if depth > 0 { note.append(u) }
                depth += 1
                continue
            }
            if depth > 0 && (u == ")" || u == "）" || u == "】" || u == "]") {
                depth -= 1
                if depth == 0 {
                    notes.append(String(note))
                    note = String.UnicodeScalarView()
                } else {
                    note.append(u)
                }
                continue
            }
            if depth > 0 { note.append(u) } else { out.append(u) }
        }
        var label = String(out)
        while label.hasSuffix(":") || label.hasSuffix("：") { label.removeLast() }
        if label.hasPrefix("其中:") || label.hasPrefix("其中：") { label = String(label.dropFirst(3)) }
        return (label, notes)
    }

    /// Whether a file's text (UTF-8) has the words a form needs — a name label with an
    /// indicator or fund block, or both blocks — told from its bytes before it is read
    /// as a grid: a dataset's other CSV files cost a byte scan.
    static func mayHoldForm(_ utf8: [UInt8]) -> Bool {
        // A word that ends a field (before `,` `"` a line end, a bracket or a colon): a
        // label, not a word inside a sentence.
        func has(_ words: [[UInt8]]) -> Bool {
            utf8.withUnsafeBufferPointer { b in
                words.contains { w in
                    guard let first = w.first, b.count >= w.count else { return false }
                    var i = 0
                    while i <= b.count - w.count {
                        defer { i += 1 }
                        guard b[i] == first && (1..<w.count).allSatisfy({ b[i + $0] == w[$0] }) else { continue }
                        let j = i + w.count
                        if j == b.count || [0x2C, 0x22, 0x0D, 0x0A, 0x28, 0x3A, 0x20, 0x09].contains(b[j]) { return true }
                        // （ ： as UTF-8: EF BC 88, EF BC 9A.
                        if j + 2 < b.count && b[j] == 0xEF && b[j + 1] == 0xBC && (b[j + 2] == 0x88 || b[j + 2] == 0x9A) { return true }
                    }
                    return false
                }
            }
        }
        let indicator = has(indicatorWordBytes)
        let fund = has(fundWordBytes)
        guard indicator || fund else { return false }
        return (indicator && fund) || has(nameWordBytes)
    }

    static let nameWordBytes: [[UInt8]] = ["名称"].map { Array($0.utf8) }
    static let indicatorWordBytes: [[UInt8]] = ["三级指标", "指标名称"].map { Array($0.utf8) }
    static let fundWordBytes: [[UInt8]] = ["执行数", "执行率"].map { Array($0.utf8) }

    /// A label and its value in one cell (`部门（单位）名称：岳阳市城市管理监督指挥中心`):
    /// the header field it fills and the value, when the part before the colon is a
    /// header label.
    static func inline(_ text: String) -> (field: String, value: String)? {
        // The label before the colon is short (`部门（单位）名称：`); most cells have no colon
        // (`：` ends in the byte 9A).
        guard text.utf8.contains(where: { $0 == UInt8(ascii: ":") || $0 == 0x9A }) else { return nil }
        guard let colon = text.prefix(16).firstIndex(where: { $0 == "：" || $0 == ":" }) else { return nil }
        let value = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        guard !value.isEmpty, let field = headerField[label(String(text[..<colon])).label] else { return nil }
        return (field, value)
    }

    /// The money unit a label's notes give (`项目资金（元）` → 元).
    static func unit(inNotes notes: [String]) -> String? {
        for n in notes {
            let u = n.hasPrefix("单位:") || n.hasPrefix("单位：") ? String(n.dropFirst(3)) : n
            if ["元", "万元", "千元", "亿元"].contains(u) { return u }
        }
        return nil
    }

    /// A project code written before the name (`[37020022P230005100017]新型智慧城市…`,
    /// `51000021R000000019951-工资性支出`): 12 or more letters and digits, at least 8 of
    /// them digits, in brackets or followed by `-`.
    static func code(inName name: String) -> String? {
        var s = Substring(name.trimmingCharacters(in: .whitespaces))
        var bracketed = false
        if s.first == "[" || s.first == "【" {
            bracketed = true
            s = s.dropFirst()
        }
        let code = s.prefix { ($0.isASCII && ($0.isLetter || $0.isNumber)) }
        guard code.count >= 12, code.filter(\.isNumber).count >= 8 else { return nil }
        let rest = s.dropFirst(code.count)
        if bracketed ? (rest.first == "]" || rest.first == "】") : (rest.first == "-" || rest.first == "－") { return String(code) }
        return nil
    }

    /// A weight in a label's notes (`产出指标 (50分)` → 50).
    static func weight(inNotes notes: [String]) -> String? {
        for n in notes where n.hasSuffix("分") {
            let digits = n.dropLast()
            if !digits.isEmpty, digits.allSatisfy({ $0.isNumber || $0 == "." }) { return String(digits) }
        }
        return nil
    }

    /// A name cell's text without the line breaks a narrow cell wraps it with
    /// (`服务对象\n满意度指标` is 服务对象满意度指标).
    static func unwrapped(_ text: String) -> String {
        text.contains("\n") ? text.split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }).joined() : text
    }

    /// A 一级/二级 cell without its weight suffix (`产出指标 (50分)` → `产出指标`): the
    /// tidy tables write the weight nowhere in the name.
    static func withoutWeight(_ text: String) -> String {
        var s = unwrapped(text).trimmingCharacters(in: [" ", "\u{3000}", "\t", "\n", "\r"])
        for (open, close) in [("(", ")"), ("（", "）")] where s.hasSuffix(close) {
            guard let start = s.range(of: open, options: .backwards) else { continue }
            let inside = s[start.upperBound..<s.index(before: s.endIndex)].filter { !$0.isWhitespace }
            if inside.hasSuffix("分"), inside.dropLast().allSatisfy({ $0.isNumber || $0 == "." }), inside.count > 1 {
                s = String(s[..<start.lowerBound]).trimmingCharacters(in: [" ", "\u{3000}", "\t", "\n", "\r"])
            }
        }
        return s
    }
}
