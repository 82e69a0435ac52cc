import SuanpanData
import SuanpanLanguage

/// Built-ins that read indicator texts, for the rule templates: parsing text is
/// Swift's job, the scoring method stays in the templates.
extension BuiltinRegistry {
    /// Argument `i` as indicator text, or a type diagnostic that points at it.
    package static func argument(_ args: [Value], _ i: Int, _ c: CallContext) throws(Diagnostic) -> IndicatorArgument {
        guard let a = IndicatorArgument(args[i]) else {
            throw Diagnostic(
                .typeMismatch(operation: "\(c.name) 的第 \(i + 1) 个参数", expected: "指标文本", found: args[i].described), at: c.argumentSpan(i))
        }
        return a
    }

    /// The parsed text of argument `i`; a direction symbol without a number is an error.
    static func readable(_ a: IndicatorArgument, _ i: Int, _ c: CallContext) throws(Diagnostic) -> IndicatorText {
        if case .invalid(let text) = a.text {
            throw Diagnostic(.domain("无法解析指标文本「\(text)」：比较符号（≥ ≤ =）后应是数字，如 ≥20个、≤2小时、≥95%"), at: c.argumentSpan(i))
        }
        return a.text
    }

    /// A built-in on indicator texts: `core` gets the parsed arguments (the second is
    /// nil for one-argument built-ins) and, when `namedLast`, the indicator's name as
    /// an optional last argument (`计分障碍(指标值, 实际值, 三级指标)`); compiled rules
    /// call it with cells parsed once.
    static func onTexts(
        name: String, aliases: [String], parameters: [String], namedLast: Bool = false, summary: String, example: String,
        result: String,
        _ core:
            @escaping @Sendable (IndicatorArgument, IndicatorArgument?, () -> IndicatorNameHint, CallContext) throws(Diagnostic) -> Value
    ) -> Builtin {
        let texts = namedLast ? parameters.count - 1 : parameters.count
        var b = Builtin(
            name: name, aliases: aliases, parameters: parameters,
            arity: namedLast ? .range(texts, parameters.count) : .exactly(parameters.count),
            summary: summary, example: example, exampleResult: result
        ) { args, c throws(Diagnostic) in
            let first = try argument(args, 0, c)
            let second = texts > 1 ? try argument(args, 1, c) : nil
            let hint = args.count > texts ? nameHint(args[texts]) : .none
            return try core(first, second, { hint }, c)
        }
        b.onIndicators = core
        return b
    }

    /// What an indicator's name (a cell of 三级指标) tells the texts' rules.
    package static func nameHint(_ v: Value) -> IndicatorNameHint {
        if case .string(let s) = v { return IndicatorNameHint(name: s) }
        return .none
    }

    package static func quantity(_ t: IndicatorText, _ c: CallContext, _ i: Int, role: String) throws(Diagnostic) -> (
        IndicatorText.Direction, Rational, String
    ) {
        switch t {
        case .quantity(let d, let v, let u): return (d, v, u)
        case .empty: return (.none, .zero, "")
        case .unreadable:
            throw Diagnostic(.unreadableCell("\(role)是 #####"), at: c.argumentSpan(i))
        default:
            throw Diagnostic(.domain("\(role)「\(t.canonical)」不是数值，无法按数量计分"), at: c.argumentSpan(i))
        }
    }

    /// What the texts leave open that changes the score (rules.md, "Needs judgement"):
    /// a target with no direction where the indicator is one where less is better
    /// (受害率, 控制率 …), an amount (a cost ceiling or an investment floor?) or a
    /// duration (a time limit or a length of service?), and a
    /// rate's target above 100% (`290%` for a satisfaction: a damaged `≥90%`). When the
    /// actual equals the target every reading gives full marks, and nothing is open.
    static func openReading(
        _ target: IndicatorArgument, _ actual: IndicatorArgument, _ direction: IndicatorText.Direction, _ targetValue: Rational,
        _ targetUnit: String, _ actualValue: Rational, _ actualUnit: String, name: () -> IndicatorNameHint
    ) -> String? {
        // Most pairs have a direction and percentages within 100%: nothing is open.
        let targetOver = target.isPercent && Rational.one < targetValue
        let actualOver = actual.isPercent && Rational.one < actualValue
        guard direction == .none || targetOver || actualOver else { return nil }
        if targetOver, case let hint = name(), hint.isRate || hint.isSatisfaction {
            return "指标值「\(target.text.canonical)」超过 100%，而指标是\(hint.isSatisfaction ? "满意度" : "比率")：文本可能有误（如 ≥ 被识别成 2）"
        }
        if actualOver, name().isSatisfaction {
            return "实际值「\(actual.text.canonical)」超过 100%，而满意度不会超过 100%：文本可能有误（如 ≥90% 被识别成 290%）"
        }
        guard direction == .none else { return nil }
        var converted = actualValue
        if actualUnit.isEmpty {
            if target.isPercent && !actual.isRatio { converted = actualValue / .hundred }
        } else if let f = IndicatorText.conversion(from: actualUnit, to: targetUnit.isEmpty ? actualUnit : targetUnit) {
            converted = actualValue * f
        }
        guard converted != targetValue else { return nil }
        let shown = target.text.canonical
        if let word = name().lessIsBetter {
            return "指标名称中的「\(word)」是越低越好的指标，指标值「\(shown)」却没有写 ≤：按 ≤ 与按 ≥ 计分不同"
        }
        if moneyUnits.contains(targetUnit) || (targetUnit.isEmpty && moneyUnits.contains(actualUnit)) {
            return "金额指标「\(shown)」没有写方向：是成本上限（≤）还是投入下限（≥）？两种读法得分不同"
        }
        if durationUnits.contains(targetUnit) || (targetUnit.isEmpty && durationUnits.contains(actualUnit)) {
            return "时长指标「\(shown)」没有写方向：是时限（≤，越短越好）还是时长（≥）？两种读法得分不同"
        }
        return nil
    }

    static let durationUnits: Set<String> = [
        "天", "日", "小时", "时", "分钟", "秒", "毫秒", "工作日", "个工作日", "个月", "月", "周", "年", "个小时",
    ]
    static let moneyUnits: Set<String> = ["元", "万元", "亿元", "千元", "百万元", "千万元", "万"]

    // MARK: Typed cores (the built-ins below wrap them; compiled rules call them directly)

    /// 指标方向's answer.
    package enum IndicatorKind: String {
        case forward = "正向"
        case reverse = "反向"
        case equal = "等于"
        case date = "日期"
        case qualitative = "定性"
        case unreadable = "不可读"
        case empty = "空"
    }

    package static func kind(_ a: IndicatorArgument, _ c: CallContext) throws(Diagnostic) -> IndicatorKind {
        switch try readable(a, 0, c) {
        case .quantity(.atMost, _, _): return .reverse
        case .quantity(.equal, _, _): return .equal
        case .quantity: return .forward
        case .date: return .date
        case .qualitative, .invalid: return .qualitative
        case .unreadable: return .unreadable
        case .empty: return .empty
        }
    }

    static func isUnreadable(_ a: IndicatorArgument) -> Bool { a.text == .unreadable }

    /// 指标数值: the target's number, and whether it is a ratio (a percentage).
    static func targetNumber(_ a: IndicatorArgument, _ c: CallContext) throws(Diagnostic) -> (Rational, isRatio: Bool) {
        let (_, v, unit) = try quantity(try readable(a, 0, c), c, 0, role: "指标值")
        return (v, TextEquality.equal(unit, "%"))
    }

    /// 实际数值: the actual value in the target's unit, and whether it is a ratio.
    static func actualNumber(_ a: IndicatorArgument, _ t: IndicatorArgument, _ c: CallContext) throws(Diagnostic) -> (
        Rational, isRatio: Bool
    ) {
        let (_, _, targetUnit) = try quantity(try readable(t, 1, c), c, 1, role: "指标值")
        let targetIsPercent = TextEquality.equal(targetUnit, "%")
        let actualText = try readable(a, 0, c)
        let (_, actual, actualUnit) = try quantity(actualText, c, 0, role: "实际值")
        var value = actual
        if actualUnit.isEmpty || TextEquality.equal(actualUnit, targetUnit) {
            // A bare actual is in the target's unit: 94 against ≥90% is 94%.
            if actualUnit.isEmpty && targetIsPercent && !a.isRatio { value = actual / .hundred }
        } else if targetUnit.isEmpty {
            // A bare target takes the actual's unit.
        } else if let factor = IndicatorText.conversion(from: actualUnit, to: targetUnit) {
            value = actual * factor
        } else {
            throw Diagnostic(
                .domain("单位不兼容：实际值「\(actualText.canonical)」的单位「\(actualUnit)」无法换算成指标值的单位「\(targetUnit)」"), at: c.argumentSpan(0))
        }
        return (value, targetIsPercent)
    }

    /// 计分障碍's answer: why a 得分 cannot be derived from the two texts (rules.md,
    /// "Needs judgement, never a guess"), or nil when it can.
    static func obstacle(
        _ target: IndicatorArgument, _ actual: IndicatorArgument, evaluationYear: Int?, name: () -> IndicatorNameHint = { .none }
    ) -> String? {
        let t = target.text
        let a = actual.text
        switch t {
        case .unreadable: return "指标值不可读（#####）"
        case .empty: return "指标值为空"
        case .invalid(let s): return "指标值「\(s)」无法解析（比较符号后应是数字）"
        case .qualitative(let word):
            if let options = target.tiers, case .qualitative(let w) = a, w == word {
                return "实际值只重复了档次「\(options.joined(separator: "、"))」，没有说达到哪一档"
            }
            if let damaged = target.damagedNumber {
                return "指标值「\(word)」像是数量「\(damaged)」前面多了字符（如识别错的 ≥）：文本可能有误"
            }
        case .date(let deadline):
            switch a {
            case .unreadable: return "实际值不可读（#####）"
            case .empty: return "实际值为空，无法判断是否如期"
            case .date(let done):
                if IndicatorDate.commonYear(deadline, done, evaluationYear) == nil {
                    let missing = deadline.year == nil ? "指标值「\(t.canonical)」" : "实际值「\(a.canonical)」"
                    return "\(missing)没有写年份，数据集也没有年度（标题中的「2023年度」或 年度 = 2023），无法判断是否如期"
                }
            default: return "实际值「\(a.canonical)」不是日期，无法与指标值「\(t.canonical)」比较"
            }
        case .quantity(let direction, let targetValue, let targetUnit):
            if let why = target.oddQuantity { return "指标值" + why }
            if let why = actual.oddQuantity { return "实际值" + why }
            // A bare 0 (`0起`) may mean =0 (only 0 meets it) or ≥0 (always met): the texts
            // do not say which, unless the actual is 0 and both agree.
            if direction == .none && targetValue.isZero, case .quantity(_, let v, _) = a, !v.isZero {
                return "指标值「\(t.canonical)」没有方向符号：是「=\(t.canonical)」（实际须为 0）还是「≥\(t.canonical)」？"
            }
            switch a {
            case .unreadable: return "实际值不可读（#####）"
            case .invalid(let s): return "实际值「\(s)」无法解析"
            case .qualitative(let w): return "实际值「\(w)」不是数值，无法与指标值「\(t.canonical)」比较"
            case .date: return "实际值「\(a.canonical)」是日期，指标值「\(t.canonical)」是数量"
            case .empty:
                // An empty actual counts as 0 (rules.md): against ≤ or =0 that would be the
                // best possible answer, so it is no answer there.
                if direction == .atMost || (direction == .equal && targetValue.isZero) {
                    return "实际值为空，无法判断是否达到「\(t.canonical)」"
                }
            case .quantity(_, let v, let actualUnit):
                if targetUnit.isEmpty && actual.isPercent && Rational.one < targetValue {
                    return "指标值「\(t.canonical)」不带 %，实际值「\(a.canonical)」却是百分数：指标是 \(t.canonical)% 吗？"
                }
                if target.isPercentTarget && actual.isBareFraction {
                    return
                        "实际值「\(a.canonical)」不带 %，而指标是百分数「\(t.canonical)」：是 \(NumberFormat(precision: 6, maxExactPlaces: 12).plain(v * .hundred))% 还是 \(a.canonical)%？（Excel 常把 96% 存成 0.96）"
                }
                if actualUnit.isEmpty, !actual.isRatio, case (let factor, let base) = (target.unitFactor, target.unitBase),
                    Rational(1_000) <= factor,
                    !(v < targetValue * factor / Rational(10))
                {
                    // `≥2万人` against a bare `15000`: 15000万人 or 15000人? The texts do not say.
                    let shown = NumberFormat(precision: 6, maxExactPlaces: 12)
                    return
                        "实际值「\(a.canonical)」没有单位：按指标的单位是 \(a.canonical)\(targetUnit)，按「\(base.isEmpty ? "个" : base)」是 \(shown.plain(v / factor))\(targetUnit)，无法确定"
                }
                if !actualUnit.isEmpty, !targetUnit.isEmpty, !TextEquality.equal(actualUnit, targetUnit),
                    IndicatorText.conversion(from: actualUnit, to: targetUnit) == nil
                {
                    return "单位不兼容：实际值「\(a.canonical)」的单位「\(actualUnit)」无法换算成指标值「\(t.canonical)」的单位「\(targetUnit)」"
                }
                if let why = openReading(target, actual, direction, targetValue, targetUnit, v, actualUnit, name: name) { return why }
            }
        }
        if case .unreadable = a { return "实际值不可读（#####）" }
        return nil
    }

    static let indicators: [Builtin] = [
        onTexts(
            name: "计分障碍", aliases: ["scoring_obstacle"], parameters: ["指标值", "实际值", "指标名称"], namedLast: true,
            summary: "无法由指标值和实际值算出得分的原因（不可读、空、无法解析、定性对数值、单位不兼容、疑似少了 % 的小数……），能算时为空文本",
            example: "计分障碍(\"≤30万元\", \"完成\")", result: "实际值「完成」不是数值，无法与指标值「≤30万元」比较"
        ) { t, a, n, c throws(Diagnostic) in
            .string(obstacle(t, a!, evaluationYear: c.evaluationYear, name: n) ?? "")
        }.reading(IndicatorReading.describe),
        {
            var b = Builtin(
                name: "需判断", aliases: ["judgement"], parameters: ["公布得分", "原因", "分值"], arity: .range(2, 3),
                summary: "得分需要评价人判断时：有公布的得分（且不超过分值）就采用（audit 列为无法核验），没有则为「未算出」并说明原因；可用 assume 给出判断",
                example: "需判断(7.1, \"实际值不可读（#####）\", 7.1)", exampleResult: "7.1", takesNotComputed: true
            ) { args, c throws(Diagnostic) in
                guard case .string(let reason) = args[1] else {
                    throw Diagnostic(
                        .typeMismatch(operation: "需判断 的第 2 个参数", expected: "文本（原因）", found: args[1].described), at: c.argumentSpan(1))
                }
                if args.count > 2, let published = args[0].numeric, case .number(let w) = args[2], w < published || published.signum < 0 {
                    // 得分 never exceeds its 分值 (rules.md): such a published figure is no judgement to take.
                    let shown = NumberFormat()
                    return .notComputed(
                        NotComputed(
                            reason + "，公布得分 \(shown.plain(published)) " + (published.signum < 0 ? "是负数" : "超过分值 \(shown.plain(w))")
                                + "，需要评价人判断"))
                }
                switch args[0] {
                case .empty: return .notComputed(NotComputed(reason + "，且没有公布得分，需要评价人判断"))
                case .number, .ratio, .notComputed: return args[0]
                case .string(let s) where s.isEmpty: return .notComputed(NotComputed(reason + "，且没有公布得分，需要评价人判断"))
                case .unreadable: return .notComputed(NotComputed(reason + "，公布得分也不可读（#####），需要评价人判断"))
                default:
                    throw Diagnostic(
                        .typeMismatch(operation: "需判断 的第 1 个参数", expected: "公布的得分（数字）", found: args[0].described), at: c.argumentSpan(0))
                }
            }
            b.role = .judgement
            return b
        }(),
        {
            var b = Builtin(
                name: "published", aliases: ["公布值"], parameters: ["表达式"], arity: .exactly(1),
                summary: "按数据文件中公布的数字计算（不用规则）：published(项目[\"运维\"].总分)",
                example: "published(占比(1858.67, 9016.08))", exampleResult: "20.62%"
            ) { args, _ throws(Diagnostic) in
                args[0]  // the evaluator evaluates the argument with rules turned off
            }
            b.role = .published
            return b
        }(),
        onTexts(
            name: "不可读", aliases: ["unreadable"], parameters: ["单元格"],
            summary: "单元格是否为不可读的 #####（Excel 列宽不足的标记）",
            example: "不可读(\"#####\")", result: "true"
        ) { a, _, _, _ throws(Diagnostic) in
            .bool(isUnreadable(a))
        }.compiledCondition(RowCompiler.unreadableCondition),
        onTexts(
            name: "指标方向", aliases: ["indicator_kind"], parameters: ["指标值"],
            summary: "指标值的类型：正向（≥ 或不带符号的数）、反向（≤）、等于（=）、日期、定性、不可读、空",
            example: "指标方向(\"≤2小时\")", result: "反向"
        ) { a, _, _, c throws(Diagnostic) in
            .string(try kind(a, c).rawValue)
        }.compiledCondition(RowCompiler.kindCondition),
        onTexts(
            name: "指标数值", aliases: ["target_value"], parameters: ["指标值"],
            summary: "指标值中的数（百分数为比率）：指标数值(\"≥95%\") 是 95%",
            example: "指标数值(\"≥95%\")", result: "95.00%"
        ) { a, _, _, c throws(Diagnostic) in
            let (v, isRatio) = try targetNumber(a, c)
            return isRatio ? .ratio(v) : .number(v)
        }.compiled(RowCompiler.targetNumber),
        onTexts(
            name: "实际数值", aliases: ["actual_value"], parameters: ["实际值", "指标值"],
            summary: "实际值换算到指标值的单位：不带单位的实际值按指标的单位（指标 ≥90% 时 94 即 94%），小时/分钟/秒/毫秒、T/G/M 等同类单位换算，空值为 0",
            example: "实际数值(\"2.5秒\", \"≤800毫秒\")", result: "2,500"
        ) { a, t, _, c throws(Diagnostic) in
            let (v, isRatio) = try actualNumber(a, t!, c)
            return isRatio ? .ratio(v) : .number(v)
        }.compiled(RowCompiler.actualNumber),
        onTexts(
            name: "日期达成", aliases: ["date_met"], parameters: ["指标值", "实际值"],
            summary: "实际完成的时间不晚于期限：各按所写时段的最后一天比较（2023年12月 即 12月31日，上半年 即 6月30日，1-12月 即 12月31日）；没写年份的按数据集的年度",
            example: "日期达成(\"2023年12月\", \"2023年10月\")", result: "true"
        ) { t, a, _, c throws(Diagnostic) in
            guard case .date(let deadline) = try readable(t, 0, c) else {
                throw Diagnostic(.domain("指标值不是日期（如 2022年12月20日、2023年12月、12月底前）"), at: c.argumentSpan(0))
            }
            guard case .date(let done) = try readable(a!, 1, c) else {
                throw Diagnostic(.domain("实际值不是日期（如 2022年12月20日、2023年12月）"), at: c.argumentSpan(1))
            }
            guard let met = IndicatorDate.met(deadline: deadline, actual: done, evaluationYear: c.evaluationYear) else {
                throw Diagnostic(.domain("日期没有年份，数据集也没有年度：无法比较「\(deadline.canonical)」和「\(done.canonical)」"), at: c.span)
            }
            return .bool(met)
        },
        onTexts(
            name: "定性达成", aliases: ["qualitative_met"], parameters: ["指标值", "实际值"],
            summary: "定性指标是否达成：实际值与指标值相同，或是表示达成的词（完成、达标、较高、及时、有效、是、达成预期指标、达到预期、良好……）；基本完成、部分完成、未完成等不算达成（需评价人判断档次）",
            example: "定性达成(\"较高\", \"较高\")", result: "true"
        ) { t, a, _, c throws(Diagnostic) in
            let target = try readable(t, 0, c)
            let actual = try readable(a!, 1, c)
            if let options = t.tiers {
                // A target that lists the tiers (优良中低差): met at the first.
                if case .qualitative(let w) = actual { return .bool(w == options[0]) }
                return .bool(false)
            }
            if actual == target { return .bool(true) }
            return .bool(a!.attainment == .met)
        },
    ]
}
