import SuanpanData
import SuanpanLanguage

/// The built-in functions, in one registry. Examples are checked by a test against
/// figures of the seed document or worked by hand.
public enum BuiltinRegistry {
    public static let all: [Builtin] = domain + rounding + aggregates + indicators

    /// Every name and alias, to its entry.
    public static let byName: [String: Builtin] = {
        var m: [String: Builtin] = [:]
        for b in all {
            for n in b.allNames { m[n] = b }
        }
        return m
    }()

    /// The same, keyed by bytes: calls look built-ins up on every evaluation.
    static let byKey: [ByteKey: Builtin] = {
        var m: [ByteKey: Builtin] = [:]
        for (n, b) in byName { m[ByteKey(n)] = b }
        return m
    }()

    public static func lookup(_ name: String) -> Builtin? { byKey[ByteKey(name)] }

    // MARK: The domain's four rates, and the grade

    package static let domain: [Builtin] = [
        Builtin(
            name: "执行率", aliases: ["execution_rate"], parameters: ["执行数", "预算数"], arity: .exactly(2),
            summary: "预算执行率 = 执行数 ÷ 预算数（比率）；预算数为 0 时按 0% 计",
            example: "执行率(4357.64, 4367.764)", exampleResult: "99.77%"
        ) { args, c throws(Diagnostic) in
            let (b, a) = try c.pair(args, 0, 1)
            return .ratio(a.isZero ? .zero : b / a)
        }.compiled(RowCompiler.executionRate).solving(Evaluator.affineQuotient(zeroWholeIsZero: true)),
        Builtin(
            name: "得分率", aliases: ["score_rate"], parameters: ["得分", "分值"], arity: .exactly(2),
            summary: "得分率 = 得分 ÷ 分值（比率）",
            example: "得分率(4.83, 6)", exampleResult: "80.50%"
        ) { args, c throws(Diagnostic) in
            try ratio(args, c)
        }.solving(Evaluator.affineQuotient(zeroWholeIsZero: false)),
        Builtin(
            name: "占比", aliases: ["share"], parameters: ["部分", "总体"], arity: .exactly(2),
            summary: "占比 = 部分 ÷ 总体（比率）",
            example: "占比(1858.67, 9016.08)", exampleResult: "20.62%"
        ) { args, c throws(Diagnostic) in
            try ratio(args, c)
        }.solving(Evaluator.affineQuotient(zeroWholeIsZero: false)),
        Builtin(
            name: "增长率", aliases: ["growth"], parameters: ["本期", "基期"], arity: .exactly(2),
            summary: "增长率 = (本期 − 基期) ÷ 基期（比率）",
            example: "增长率(9465.58, 9465.58 - 125.88)", exampleResult: "1.35%"
        ) { args, c throws(Diagnostic) in
            let (now, base) = try c.pair(args, 0, 1)
            if base.isZero { throw Diagnostic(.divisionByZero(divisor: c.argumentSpan(1).text), at: c.argumentSpan(1)) }
            return .ratio((now - base) / base)
        }.solving(Evaluator.affineGrowth),
        Builtin(
            name: "等级", aliases: ["grade"], parameters: ["总分"], arity: .exactly(1),
            summary: "按评分规则的等级分段（模板中的「等级分段」，默认 [90, 80, 70]）评定优/良/中/差",
            example: "等级(89.99)", exampleResult: "良"
        ) { args, c throws(Diagnostic) in
            let score = try c.number(args, 0)
            return .string(try c.gradeBands().grade(for: score))
        }.solving(Evaluator.affineGrade),
    ]

    /// 部分 ÷ 总体 as a ratio, with division by zero pointing at the second argument.
    package static func ratio(_ args: [Value], _ c: CallContext) throws(Diagnostic) -> Value {
        let (part, whole) = try c.pair(args, 0, 1)
        if whole.isZero { throw Diagnostic(.divisionByZero(divisor: c.argumentSpan(1).text), at: c.argumentSpan(1)) }
        return .ratio(part / whole)
    }

    // MARK: Rounding (explicit: nothing is rounded silently except on display)

    static func roundingBuiltin(
        _ name: String, _ aliases: [String], _ mode: RoundingMode, _ summary: String,
        _ example: String, _ result: String
    ) -> Builtin {
        var b = Builtin(
            name: name, aliases: aliases, parameters: ["数值", "小数位数"], arity: .range(1, 2),
            summary: summary, example: example, exampleResult: result
        ) { args, c throws(Diagnostic) in
            let places = args.count > 1 ? try c.integer(args, 1, in: -18...40) : 0
            switch args[0] {
            case .ratio(let x): return .ratio(x.rounded(places: places, mode))
            case .amount(let x, let u): return .amount(x.rounded(places: places, mode), u)
            case .list:
                throw Diagnostic(.typeMismatch(operation: name, expected: "一个数字", found: "列表"), at: c.argumentSpan(0))
            default: return .number(try c.number(args, 0).rounded(places: places, mode))
            }
        }
        b.roundingMode = mode
        return b.compiled(RowCompiler.roundedNumber).solving(Evaluator.affineRounded)
    }

    package static let rounding: [Builtin] = [
        roundingBuiltin(
            "round", ["四舍五入"], .halfUp, "四舍五入到指定小数位（默认 0 位），逢五进一；比率按小数取位（99.768% 即 0.99768，round(…, 4) 得 99.77%）",
            "round(2.675, 2)", "2.68"),
        roundingBuiltin("trunc", ["截断"], .truncate, "截断到指定小数位（向零舍去）", "trunc(9.9768, 2)", "9.97"),
        roundingBuiltin("ceil", ["向上取整"], .ceiling, "向上取整到指定小数位", "ceil(2.001, 2)", "2.01"),
        roundingBuiltin("floor", ["向下取整"], .floor, "向下取整到指定小数位", "floor(-2.001, 2)", "-2.01"),
        Builtin(
            name: "abs", aliases: ["绝对值"], parameters: ["数值"], arity: .exactly(1),
            summary: "绝对值", example: "abs(438.39 - 538.84)", exampleResult: "100.45"
        ) { args, c throws(Diagnostic) in
            let x = try c.number(args, 0)
            return (NumberKind(args[0]) ?? .plain).value(x.magnitude)
        }.compiled(RowCompiler.absolute).solving(Evaluator.affineAbsolute),
    ]

    // MARK: Aggregates over several arguments or a list

    package static func nonEmpty(_ xs: [Rational], _ c: CallContext) throws(Diagnostic) {
        if xs.isEmpty { throw Diagnostic(.domain("\(c.name) 需要至少一个数值，这里是空列表"), at: c.span) }
    }

    /// A sum of many numbers whose exact value outgrew the digit limit: fractions with
    /// unlike denominators (each project's 执行率), whose common denominator grows with
    /// every term. Raising the limit rarely helps; the overall rate usually meant is
    /// the sum of the numerators over the sum of the denominators.
    static func tooLargeSum(_ total: Rational, _ c: CallContext) throws(Diagnostic) -> Rational {
        do {
            return try c.arithmetic.checked(total, c.span)
        } catch {
            guard !total.isInteger else { throw error }
            var e = error
            e.notes.append("提示：分母各不相同的许多比率相加，精确结果的位数随项数增长；整体比率（如总的执行率）请用分子之和除以分母之和，如 sum(项目.全年执行数) / sum(项目.调整后预算数)")
            throw e
        }
    }

    static let aggregates: [Builtin] = [
        Builtin(
            name: "sum", aliases: ["求和", "合计"], parameters: ["数值或列表…"], arity: .atLeast(1),
            summary: "求和；比率之和仍是比率", example: "sum([1742.15, 116.52])", exampleResult: "1,858.67"
        ) { args, c throws(Diagnostic) in
            if let (total, kind) = c.plainSum(args) { return kind.value(try tooLargeSum(total, c)) }
            let (xs, kind) = try c.numbers(args)
            return kind.value(try tooLargeSum(Rational.sum(xs, maxBits: c.arithmetic.limits.maxBits), c))
        }.compiled(RowCompiler.relatedSum).solving(Evaluator.affineAggregate(.sum)).aggregatingRows(),
        Builtin(
            name: "avg", aliases: ["平均", "平均值", "mean"], parameters: ["数值或列表…"], arity: .atLeast(1),
            summary: "算术平均；比率的平均仍是比率",
            example: "avg([100%, 98%, 90%, 95%, 93%, 95%, 100%, 100%, 95%, 85%])", exampleResult: "95.10%"
        ) { args, c throws(Diagnostic) in
            let (xs, kind) = try c.numbers(args)
            try nonEmpty(xs, c)
            let total = try tooLargeSum(Rational.sum(xs, maxBits: c.arithmetic.limits.maxBits), c)
            return kind.value(try c.arithmetic.checked(total / Rational(xs.count), c.span))
        }.solving(Evaluator.affineAggregate(.avg)).aggregatingRows(),
        Builtin(
            name: "min", aliases: ["最小", "最小值"], parameters: ["数值或列表…"], arity: .atLeast(1),
            summary: "最小值", example: "min(99.768%, 100%)", exampleResult: "99.77%"
        ) { args, c throws(Diagnostic) in
            try extreme(args, c, pickLess: true)
        }.compiled(RowCompiler.picked(less: true)).solving(Evaluator.affineAggregate(.min)).aggregatingRows().picking(.least),
        Builtin(
            name: "max", aliases: ["最大", "最大值"], parameters: ["数值或列表…"], arity: .atLeast(1),
            summary: "最大值", example: "max(0, 100% - (99% - 95.1%) * 5)", exampleResult: "0.805"
        ) { args, c throws(Diagnostic) in
            try extreme(args, c, pickLess: false)
        }.compiled(RowCompiler.picked(less: false)).solving(Evaluator.affineAggregate(.max)).aggregatingRows().picking(.greatest),
        Builtin(
            name: "count", aliases: ["计数", "个数"], parameters: ["列表…"], arity: .atLeast(1),
            summary: "计数：列表的项数或表的行数（逻辑值只数 true，空单元格不计；有未算出的值或无法判断的行时，结果也未算出）", example: "count([1, 2, 3])", exampleResult: "3",
            takesNotComputed: true
        ) { args, c throws(Diagnostic) in
            // A filter's undecided rows, or an uncomputed item, make the count not computed.
            for case .table(let view) in args {
                if let u = view.undecided { return u.asValue(decided: view.count, selection: view.selection) }
            }
            if let n = NotComputed.among(args) { return .notComputed(n) }
            var n = 0
            func add(_ v: Value) {
                switch v {
                case .list(let xs): xs.forEach(add)
                case .bool(let b): n += b ? 1 : 0
                case .table(let view): n += view.count
                case .empty: break
                default: n += 1
                }
            }
            args.forEach(add)
            return .number(Rational(n))
        }.aggregatingRows(),
    ]

    /// min or max, keeping the ratio kind when every item is a ratio.
    package static func extreme(_ args: [Value], _ c: CallContext, pickLess: Bool) throws(Diagnostic) -> Value {
        let (xs, kind) = try c.numbers(args)
        try nonEmpty(xs, c)
        var best = xs[0]
        for x in xs.dropFirst() where pickLess ? x < best : best < x { best = x }
        return kind.value(best)
    }
}
