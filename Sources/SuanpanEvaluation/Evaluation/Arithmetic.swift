import SuanpanData
import SuanpanLanguage

/// Arithmetic and comparison on values, with the ratio rules of language.md:
/// sums, differences, products and quotients of two ratios are ratios; a ratio
/// combined with a plain number is a plain number (`1 - 16%` is `0.84`).
/// Lists combine element by element, or with a single value.
package struct Arithmetic {
    package let limits: Limits
    /// Where amounts in different units meet (`Amounts`).
    package var working = MoneyUnit.default

    func checked(_ x: Rational, _ span: SourceSpan) throws(Diagnostic) -> Rational {
        if x.bitSize > limits.maxBits { throw Diagnostic(.numberTooLarge(limitDigits: limits.maxDigits), at: span) }
        return x
    }

    /// The value of a binary arithmetic operator.
    package func apply(_ op: BinaryOperator, _ a: Value, _ b: Value, span: SourceSpan, lhsSpan: SourceSpan? = nil, rhsSpan: SourceSpan)
        throws(Diagnostic) -> Value
    {
        switch (a, b) {
        case (.list(let xs), .list(let ys)):
            guard xs.count == ys.count else {
                throw Diagnostic(.typeMismatch(operation: "列表逐项运算", expected: "两个等长的列表", found: "长度 \(xs.count) 和 \(ys.count)"), at: span)
            }
            var out: [Value] = []
            out.reserveCapacity(xs.count)
            for (x, y) in zip(xs, ys) { out.append(try apply(op, x, y, span: span, rhsSpan: rhsSpan)) }
            return .list(out)
        case (.list(let xs), _):
            var out: [Value] = []
            out.reserveCapacity(xs.count)
            for x in xs { out.append(try apply(op, x, b, span: span, rhsSpan: rhsSpan)) }
            return .list(out)
        case (_, .list(let ys)):
            var out: [Value] = []
            out.reserveCapacity(ys.count)
            for y in ys { out.append(try apply(op, a, y, span: span, rhsSpan: rhsSpan)) }
            return .list(out)
        default:
            break
        }
        if let n = NotComputed.either(a, b) { return .notComputed(n) }
        if case .unreadable(let c) = a { throw Arithmetic.unreadable(c, lhsSpan ?? span) }
        if case .unreadable(let c) = b { throw Arithmetic.unreadable(c, rhsSpan) }
        guard let ka = NumberKind(a), let kb = NumberKind(b), let x0 = a.numeric, let y0 = b.numeric else {
            let bad = a.numeric == nil ? a : b
            let badSpan = a.numeric == nil ? (lhsSpan ?? span) : rhsSpan
            throw Diagnostic(.typeMismatch(operation: "运算「\(op.rawValue)」", expected: "数字", found: bad.described), at: badSpan)
        }
        let plan: Amounts.Plan
        switch Amounts.plan(op, ka, kb, working: working) {
        case .success(let p): plan = p
        case .failure(let misuse): throw Diagnostic(.domain(misuse.message), at: span, notes: [misuse.hint])
        }
        let x = Amounts.take(x0, ka, in: plan.unit)
        let y = Amounts.take(y0, kb, in: plan.unit)
        let result: Rational
        switch op {
        case .add: result = x + y
        case .subtract: result = x - y
        case .multiply:
            if x.bitSize + y.bitSize > limits.maxBits + 128 {
                throw Diagnostic(.numberTooLarge(limitDigits: limits.maxDigits), at: span)
            }
            result = x * y
        case .divide:
            if y.isZero { throw Diagnostic(.divisionByZero(divisor: rhsSpan.text), at: rhsSpan) }
            result = x / y
        case .power:
            return .number(try power(x, y, span: span, rhsSpan: rhsSpan))
        default:
            throw Diagnostic(.unsupported("内部错误：\(op.rawValue) 不是算术运算"), at: span)
        }
        return plan.result.value(try checked(result, span))
    }

    /// x^y for an integer y, refusing before it computes a number past the limit.
    package func power(_ x: Rational, _ y: Rational, span: SourceSpan, rhsSpan: SourceSpan) throws(Diagnostic) -> Rational {
        guard y.isInteger else {
            throw Diagnostic(.domain("指数必须是整数：精确计算不支持开方（这里的指数是 \(NumberFormat().plain(y))）"), at: rhsSpan)
        }
        if x.isZero {
            if y.isNegative { throw Diagnostic(.divisionByZero(divisor: "0 的负数次幂"), at: span) }
            return y.isZero ? .one : .zero
        }
        if x == .one { return .one }
        if x == -.one { return y.numerator.isZero || (y.numerator % 2).isZero ? .one : -.one }
        guard let k = y.intValue, abs(k) <= limits.maxBits else {
            throw Diagnostic(.numberTooLarge(limitDigits: limits.maxDigits), at: span)
        }
        // Each factor adds about bitSize(x) bits; refuse before computing.
        if (x.bitSize - 1) * abs(k) > limits.maxBits {
            throw Diagnostic(.numberTooLarge(limitDigits: limits.maxDigits), at: span)
        }
        return try checked(x.power(k), span)
    }

    /// A `#####` cell used where its value is needed.
    package static func unreadable(_ cell: CellRef, _ span: SourceSpan) -> Diagnostic {
        Diagnostic(
            .unreadableCell(cell.location.description), at: span,
            notes: ["提示：原表中这一格显示为 #####（Excel 列宽不足），数值无法读出"])
    }

    /// Ordering of two values for `<` `<=` `>` `>=`, `min`, `max`.
    package func compare(_ a: Value, _ b: Value, span: SourceSpan) throws(Diagnostic) -> Int {
        if let ka = NumberKind(a), let kb = NumberKind(b), let x0 = a.numeric, let y0 = b.numeric {
            let (x, y, _) = Amounts.together(x0, ka, y0, kb, working: working)
            return x < y ? -1 : (x == y ? 0 : 1)
        }
        if case .string(let s) = a, case .string(let t) = b { return s < t ? -1 : (s == t ? 0 : 1) }
        throw Diagnostic(.typeMismatch(operation: "比较", expected: "两个数字（或两段文本）", found: "\(a.described)和\(b.described)"), at: span)
    }

    /// `==`: numbers and ratios compare by value; other types by equality.
    package static func equal(_ a: Value, _ b: Value) -> Bool {
        // (Callers ask NotComputed.among first: an uncomputed side is no answer.)
        if let ka = NumberKind(a), let kb = NumberKind(b), let x0 = a.numeric, let y0 = b.numeric {
            // Equal in one unit is equal in any: 元 serves where two units meet.
            let u = Amounts.common(ka, kb, working: .yuan)
            return Amounts.take(x0, ka, in: u) == Amounts.take(y0, kb, in: u)
        }
        if case .list(let xs) = a, case .list(let ys) = b {
            return xs.count == ys.count && zip(xs, ys).allSatisfy { equal($0, $1) }
        }
        return a == b
    }
}
