/// What an indicator's name (its 三级指标) tells the reader of its texts: whether
/// less is better (受害率, 控制率 …), whether it is a rate (…率) or a satisfaction
/// (满意度). Only these facts reach the scoring rules, so that rows with different
/// names but the same facts are scored alike (compiled rules compute each
/// combination of cells once: a name column, nearly all distinct, is read through
/// its facts).
public struct IndicatorNameHint: Hashable, Sendable {
    /// The word that says less is better, if any.
    public let lessIsBetter: String?
    public let isRate: Bool
    public let isSatisfaction: Bool

    public static let none = IndicatorNameHint(lessIsBetter: nil, isRate: false, isSatisfaction: false)

    /// Words of indicators where less is better.
    static let lessIsBetterWords = [
        "受害率", "成灾率", "发生率", "事故率", "差错率", "出错率", "误差率", "投诉率", "超支率", "调整率", "结余率", "空置率", "流失率", "失误率",
        "返工率", "死亡率", "发病率", "损失率", "控制率", "故障率", "违约率", "逾期率", "漏报率", "不合格率", "辍学率", "超标率",
    ]

    public init(lessIsBetter: String?, isRate: Bool, isSatisfaction: Bool) {
        self.lessIsBetter = lessIsBetter
        self.isRate = isRate
        self.isSatisfaction = isSatisfaction
    }

    public init(name: String) {
        let n = name.trimmingSpaces()
        self.init(
            lessIsBetter: IndicatorNameHint.lessIsBetterWords.first(where: { n.contains($0) }), isRate: n.hasSuffix("率"),
            isSatisfaction: n.contains("满意"))
    }
}

extension Table {
    /// A column of indicator names read through their facts: each row's code is that
    /// of its facts (few distinct), worked out from the column's text codes once.
    package func nameHints(_ column: Int) -> (codes: ColumnCodes, hints: [IndicatorNameHint]) {
        let text = codes(column)
        derivedLock.lock()
        if let known = nameHintColumns[column] {
            derivedLock.unlock()
            return known
        }
        derivedLock.unlock()
        var classes: [IndicatorNameHint: Int32] = [:]
        var hints: [IndicatorNameHint] = []
        var classOfText = [Int32](repeating: 0, count: text.distinct)
        for k in 0..<text.distinct {
            let h = IndicatorNameHint(name: self.text(text.firstRows[k], column))
            if let c = classes[h] {
                classOfText[k] = c
            } else {
                classes[h] = Int32(hints.count)
                classOfText[k] = Int32(hints.count)
                hints.append(h)
            }
        }
        var firstRows = [Int](repeating: -1, count: hints.count)
        let rowCodes = text.codes.withReader { c in RowCodes(count: text.codes.count, distinct: hints.count) { classOfText[Int(c[$0])] } }
        rowCodes.withReader { c in
            for r in 0..<rowCodes.count where firstRows[Int(c[r])] < 0 { firstRows[Int(c[r])] = r }
        }
        let result = (ColumnCodes(codes: rowCodes, firstRows: firstRows), hints)
        derivedLock.lock()
        nameHintColumns[column] = result
        derivedLock.unlock()
        return result
    }
}
