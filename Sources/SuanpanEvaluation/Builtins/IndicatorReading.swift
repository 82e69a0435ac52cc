import SuanpanData
import SuanpanLanguage

/// How `explain` says what a target and an actual were read as, before the score:
/// the direction, both numbers in the target's unit, both dates as the days their
/// periods end and which is earlier, the qualitative class — and, when the texts do
/// not settle a score, why (the same reason 计分障碍 gives).
package enum IndicatorReading {
    static let number = NumberFormat(precision: 6, maxExactPlaces: 12)

    static func shown(_ v: Rational, _ unit: String) -> String {
        unit == "%" ? number.plain(v * .hundred) + "%" : number.plain(v) + unit
    }

    static func target(_ d: IndicatorText.Direction, _ v: Rational, _ unit: String, scored: Bool) -> String {
        switch d {
        case .atLeast: return "正向指标 ≥\(shown(v, unit))"
        case .atMost: return "反向指标 ≤\(shown(v, unit))"
        case .equal: return "等于指标 =\(shown(v, unit))"
        case .none: return "指标 \(shown(v, unit))（不带方向\(scored ? "，按正向计" : "")）"
        }
    }

    /// The text as the cell wrote it.
    static func written(_ v: Value, _ a: IndicatorArgument) -> String {
        if case .string(let s) = v { return s.trimmingSpaces() }
        return a.text.canonical
    }

    package static func describe(_ args: [Value], _ evaluationYear: Int?) -> String? {
        guard (2...3).contains(args.count), let t = IndicatorArgument(args[0]), let a = IndicatorArgument(args[1]) else { return nil }
        let hint = args.count == 3 ? BuiltinRegistry.nameHint(args[2]) : .none
        let obstacle = BuiltinRegistry.obstacle(t, a, evaluationYear: evaluationYear, name: { hint })
        var parts: [String] = []
        switch t.text {
        case .quantity(let d, let v, let unit):
            parts.append(target(d, v, unit, scored: obstacle == nil))
            if case .quantity(_, let x, let actualUnit) = a.text {
                var actual = "实际 \(shown(x, actualUnit))"
                if actualUnit.isEmpty && !unit.isEmpty {
                    let inUnit = unit == "%" && !a.isRatio ? x / .hundred : x
                    actual += "，不带单位，按指标的单位为 \(shown(inUnit, unit))"
                } else if !TextEquality.equal(actualUnit, unit), !unit.isEmpty, let f = IndicatorText.conversion(from: actualUnit, to: unit)
                {
                    actual += "，换算到指标的单位为 \(shown(x * f, unit))"
                }
                parts.append(actual)
            } else {
                parts.append("实际「\(a.text.canonical)」")
            }
        case .date(let deadline):
            let year = evaluationYear ?? (a.text.dateYear)
            let given = deadline.year == nil && year != nil ? "（没写年份，按 \(year!) 年）" : ""
            parts.append("期限「\(written(args[0], t))」\(given)，至 \(deadline.endDescribed(in: year))")
            if case .date(let done) = a.text {
                let doneGiven = done.year == nil && year != nil && deadline.year != nil ? "（没写年份，按 \(year!) 年）" : ""
                var actual = "实际「\(written(args[1], a))」\(doneGiven)，至 \(done.endDescribed(in: year ?? deadline.year))"
                if let met = IndicatorDate.met(deadline: deadline, actual: done, evaluationYear: evaluationYear) {
                    actual += met ? "，不晚于期限（如期）" : "，晚于期限"
                }
                parts.append(actual)
            } else {
                parts.append("实际「\(a.text.canonical)」")
            }
        case .qualitative(let word):
            if let options = t.tiers {
                parts.append("定性指标，档次「\(options.joined(separator: "、"))」，最高一档「\(options[0])」为达成")
                parts.append("实际「\(a.text.canonical)」")
            } else if case .qualitative(let w) = a.text {
                parts.append("定性指标「\(word)」")
                let cls = a.attainment ?? .unknown
                parts.append(
                    "实际「\(w)」：" + (w == word ? "与指标相同，达成" : cls == .unknown ? "与指标不同，不是表示达成的词" : cls.rawValue))
            } else {
                parts.append("定性指标「\(word)」")
                parts.append("实际「\(a.text.canonical)」")
            }
        case .unreadable, .empty, .invalid:
            parts.append("指标值「\(t.text.canonical)」")
        }
        var line = "读作：" + parts.joined(separator: "；")
        if let why = obstacle { line += "；无法计分：\(why)" }
        return line
    }
}
