import SuanpanLanguage

/// A problem in the data that loading found and went on past (datasets.md, "Real
/// documents"): it never stops the rest of the data from loading and computing; the
/// figures it touches are not computed, or computed as said. `audit` lists these
/// first, each with its place and what to do; `--audit` exits 1 when there is one.
public struct DataProblem: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// 项目编号 repeated in the project table: which indicators belong to which row?
        case repeatedKey = "编号重复"
        /// An indicator whose 项目编号 matches no project.
        case orphanIndicator = "指标找不到项目"
        /// A project with no indicator rows.
        case projectWithoutIndicators = "项目没有指标"
        /// An empty 指标值.
        case emptyTarget = "指标值为空"
        /// An empty 调整后预算数, 全年执行数 or 执行分值 (counted as 0).
        case emptyAmount = "金额为空"
        /// An amount or execution weight that is not a number, negative, a percentage, or
        /// spending against a budget of 0.
        case badAmount = "金额有误"
        /// An indicator 分值 empty or not a number, a published 得分 above its 分值.
        case badScore = "分值或得分有误"
        /// An empty 实际值 (counted as 0).
        case emptyActual = "实际值为空"
        /// A bare actual ≤ 1 against a percentage target (Excel's 0.96 for 96%?).
        case fractionForPercent = "疑似少了 %"
        /// Indicator weights and the execution weight do not add up to the total.
        case weights = "分值合计不符"
        /// A published 总分 above the template's total.
        case scoreAboveTotal = "总分超过满分"
        /// A column the rule template needs is missing: its rules are not applied.
        case missingColumn = "缺少列"
        /// A row with more or fewer fields than the header (set aside, not loaded).
        case raggedRow = "字段数不符"
        /// A formula cell without a saved result.
        case formulaWithoutResult = "公式没有结果"
        /// A 自评表 form without one of its parts (项目名称, 项目资金, 绩效指标).
        case formPart = "自评表缺少部分"
        /// Told, not a problem: a total row set aside, title rows skipped.
        case note = "说明"
    }

    public let kind: Kind
    /// Where: file and line (and column) for CSV, sheet and cell for XLSX.
    public let location: DataLocation?
    public let message: String
    /// What to do about it.
    public let advice: String

    public init(_ kind: Kind, at location: DataLocation?, _ message: String, advice: String) {
        self.kind = kind
        self.location = location
        self.message = message
        self.advice = advice
    }

    /// A note is told but does not count as a problem (a total row set aside).
    public var isNote: Bool { kind == .note }
}

extension Array where Element == DataProblem {
    /// The problems (notes not counted).
    public var problemCount: Int { filter { !$0.isNote }.count }

    /// The one line loading prints on standard error, or nil when there is nothing to say.
    public var loadSummary: String? {
        let n = problemCount
        guard n > 0 else { return nil }
        var kinds: [String] = []
        for p in self where !p.isNote && !kinds.contains(p.kind.rawValue) { kinds.append(p.kind.rawValue) }
        return "数据问题：\(n) 处（\(kinds.joined(separator: "、"))）；用 audit 查看每一处及处理办法"
    }
}
