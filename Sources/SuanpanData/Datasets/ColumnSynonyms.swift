import SuanpanLanguage

/// Official column names as synonyms of the contract names (datasets.md, "Real
/// documents"): published 自评表 write 全年预算数 for 调整后预算数, 年度指标值 for 指标值 …,
/// often with a unit suffix such as `（万元）`. A table of the project or indicator
/// layout answers to the contract name through any of them; the header keeps its text.
public enum ColumnSynonyms {
    /// Contract name → the names that also mean it, for the project table (项目).
    package static let project: [(name: String, also: [String])] = [
        ("调整后预算数", ["全年预算数", "预算数", "全年预算数（A）", "全年预算数(A)"]),
        ("全年执行数", ["执行数", "全年执行数（B）", "全年执行数(B)", "实际执行数"]),
        ("执行分值", ["分值", "预算执行率分值"]),
        ("执行率", ["预算执行率"]),
        ("执行得分", ["预算执行率得分"]),
        ("偏差原因", ["偏差原因分析及改进措施", "偏差原因分析"]),
    ]

    /// The same for the indicator table (指标).
    package static let indicator: [(name: String, also: [String])] = [
        ("指标值", ["年度指标值", "年初目标值", "年度目标值", "目标值", "指标值（A）", "指标值(A)"]),
        ("实际值", ["实际完成值", "全年实际值", "实际完成情况", "实际值（B）", "实际值(B)"]),
        ("三级指标", ["三级指标名称", "指标名称"]),
        ("偏差原因", ["偏差原因分析及改进措施", "偏差原因分析"]),
    ]

    /// Money units a header suffix may give, and the unit each means.
    static let moneyUnits = ["元", "万元", "亿元", "千元"]

    /// Words that make a column's figures amounts of money (`金额`, `基本支出`,
    /// `年初预算数`, `一般公共预算财政拨款`), and words that make them something else
    /// (`执行率`, `执行分值`, `人数`, `行次`): a column is money when its name, without a
    /// unit suffix, has a word of the first list and none of the second, or when its
    /// suffix is a unit of money. A column of neither stays plain numbers: amounts only
    /// convert where a unit is known.
    static let moneyWords = [
        "金额", "预算", "执行数", "支出", "收入", "拨款", "资金", "经费", "结转", "结余", "费", "合计", "小计", "总计",
        "转移支付", "决算数", "资产", "负债",
    ]
    static let notMoneyWords = [
        "率", "分", "比", "权重", "人", "个数", "数量", "次", "编码", "编号", "代码", "序号", "标杆", "指标", "年度", "年份", "说明", "原因",
        "名称", "类别",
    ]

    /// Whether a header names a column of amounts of money (see `moneyWords`).
    /// Words that make a column's digits a code, not a figure (`联系电话`, `科目编码`,
    /// `年度`): an export writes them as text, so 85912190 does not become 85,912,190.
    static let codeWords = ["电话", "编码", "编号", "代码", "号码", "账号", "帐号", "邮编", "身份证", "行次", "年度", "年份", "序号"]

    public static func namesCode(_ header: String) -> Bool {
        let name = strippingUnit(header).name
        return codeWords.contains { name.contains($0) }
    }

    public static func namesMoney(_ header: String) -> Bool {
        let (name, unit) = strippingUnit(header)
        if let unit, moneyUnits.contains(unit) { return true }
        if unit != nil { return false }
        return moneyWords.contains { name.contains($0) } && !notMoneyWords.contains { name.contains($0) }
    }

    /// Which table of the project layout a table is, from its name and headers (by the
    /// contract names or their synonyms): the one place this is decided.
    public struct Role: Sendable {
        public let isProjects: Bool
        public let isIndicators: Bool
    }

    public static func role(tableName: String, headers: [String]) -> Role {
        let found = resolve(tableName: tableName, headers: headers)
        func has(_ n: String) -> Bool { headers.contains(n) || found[n] != nil }
        return Role(
            isProjects: tableName == "项目" || (has("调整后预算数") && has("全年执行数")),
            isIndicators: tableName == "指标" || (has("三级指标") && has("指标值") && has("实际值")))
    }

    /// A header without its unit suffix (`调整后预算数（万元）` → `调整后预算数`), and the unit.
    public static func strippingUnit(_ header: String) -> (name: String, unit: String?) {
        for (open, close) in [("（", "）"), ("(", ")")] where header.hasSuffix(close) {
            guard let start = header.range(of: open, options: .backwards) else { continue }
            let inside = String(header[start.upperBound..<header.index(before: header.endIndex)]).trimmingSpaces()
            let unit =
                inside.hasPrefix("单位：") ? String(inside.dropFirst(3)) : (inside.hasPrefix("单位:") ? String(inside.dropFirst(3)) : inside)
            if moneyUnits.contains(unit) || ["%", "个", "分"].contains(unit) {
                return (String(header[..<start.lowerBound]).trimmingSpaces(), unit)
            }
        }
        return (header, nil)
    }

    /// For a table's headers: contract name → column, for contract names the headers
    /// lack but a synonym (or the name with a unit suffix) gives. Empty for tables of
    /// neither layout.
    static func resolve(tableName: String, headers: [String]) -> [String: Int] {
        let stripped = headers.map { strippingUnit($0).name }
        func has(_ entry: (name: String, also: [String])) -> Bool {
            stripped.contains { $0 == entry.name || entry.also.contains($0) }
        }
        var sets: [[(name: String, also: [String])]] = []
        if tableName == "项目" || (has(project[0]) && has(project[1])) { sets.append(project) }
        if tableName == "指标" || (has(indicator[0]) && has(indicator[1]) && has(indicator[2])) { sets.append(indicator) }
        var found: [String: Int] = [:]
        for set in sets {
            for entry in set where !headers.contains(entry.name) && found[entry.name] == nil {
                // The name itself with a unit suffix first, then each synonym in order.
                if let c = stripped.firstIndex(of: entry.name) ?? entry.also.lazy.compactMap({ stripped.firstIndex(of: $0) }).first,
                    !headers.contains(where: { $0 == stripped[c] && $0 != headers[c] })
                {
                    found[entry.name] = c
                }
            }
        }
        return found
    }
}
