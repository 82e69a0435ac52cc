import SuanpanData
import SuanpanLanguage

/// Exact goal seek: the evaluator can carry the unknown of a `solve` as an affine
/// value a·x + b. Every decision that depends on x — a comparison, `min`/`max`, a
/// rounding, `if` — is taken at the current point x₀ and narrows the interval of x on
/// which the same decisions hold. One evaluation therefore gives the result as an
/// exact affine function on an exact interval (a *piece*); walking the pieces covers
/// the range with exact boundaries, caps and rounding steps included.
///
/// An operation that would leave the affine form (x·x, c ÷ x) is reported as
/// `NonLinear`, and `solve` falls back to bisection on exact numbers.
public struct Affine: Sendable, Equatable {
    public var a: Rational
    public var b: Rational
    /// A plain number, a ratio or an amount (in its unit, as a and b are).
    public var kind: NumberKind

    /// Whether the value is a ratio (for display).
    public var ratio: Bool {
        get { kind == .ratio }
        set { kind = newValue ? .ratio : .plain }
    }

    public func at(_ x: Rational) -> Rational { a * x + b }
    public var isConstant: Bool { a.isZero }
    package init(a: Rational, b: Rational, ratio: Bool) {
        self.a = a
        self.b = b
        self.kind = ratio ? .ratio : .plain
    }

    package init(a: Rational, b: Rational, kind: NumberKind) {
        self.a = a
        self.b = b
        self.kind = kind
    }

    /// The same value in `unit` (an amount's a and b converted; anything else as it is).
    package func taken(in unit: MoneyUnit?) -> Affine {
        guard let unit, case .amount(let u) = kind, u != unit else { return self }
        return Affine(a: u.convert(a, to: unit), b: u.convert(b, to: unit), kind: .amount(unit))
    }
}

/// The interval of x on which the decisions taken so far hold, around x₀.
package final class SolveContext: @unchecked Sendable {
    package let x0: Rational
    package var low: Rational
    package var lowClosed: Bool
    package var high: Rational
    package var highClosed: Bool

    package init(x0: Rational, low: Rational, high: Rational) {
        self.x0 = x0
        self.low = low
        self.lowClosed = true
        self.high = high
        self.highClosed = true
    }

    func raiseLow(_ r: Rational, closed: Bool) {
        if low < r || (low == r && lowClosed && !closed) {
            low = r
            lowClosed = closed
        }
    }

    func lowerHigh(_ r: Rational, closed: Bool) {
        if r < high || (high == r && highClosed && !closed) {
            high = r
            highClosed = closed
        }
    }
}

/// Thrown when a computation is not affine in the unknown.
package struct NonLinear: Error {
    package init() {}
}

extension Evaluator {
    /// The affine form of a value, if it is a number or an affine value.
    package func affine(_ v: Value) -> Affine? {
        switch v {
        case .affine(let f): return f
        case .number(let x): return Affine(a: .zero, b: x, ratio: false)
        case .ratio(let x): return Affine(a: .zero, b: x, ratio: true)
        case .amount(let x, let u): return Affine(a: .zero, b: x, kind: .amount(u))
        case .empty: return Affine(a: .zero, b: .zero, ratio: false)
        default: return nil
        }
    }

    /// A value from an affine form: a plain number when it no longer depends on x.
    package func value(_ f: Affine) -> Value {
        if f.isConstant { return f.kind.value(f.b) }
        return .affine(f)
    }

    package enum Predicate { case positive, nonNegative, zero }

    /// Decides `d(x) ⋈ 0` at x₀ and narrows the interval to where the answer is the same.
    func decide(_ d: Affine, _ p: Predicate) -> Bool {
        let v0 = d.at(solve?.x0 ?? .zero)
        let truth: Bool
        switch p {
        case .positive: truth = v0.signum > 0
        case .nonNegative: truth = v0.signum >= 0
        case .zero: truth = v0.isZero
        }
        guard let s = solve, !d.a.isZero else { return truth }
        let r = -d.b / d.a
        let increasing = d.a.signum > 0
        switch (p, truth) {
        case (.zero, true):
            s.raiseLow(r, closed: true)
            s.lowerHigh(r, closed: true)
        case (.zero, false):
            // Same side of the root as x₀.
            if s.x0 < r { s.lowerHigh(r, closed: false) } else { s.raiseLow(r, closed: false) }
        case (.positive, true), (.nonNegative, false):
            // d > 0 holds (or d ≥ 0 fails): x strictly beyond the root, on x₀'s side.
            if increasing == truth { s.raiseLow(r, closed: false) } else { s.lowerHigh(r, closed: false) }
        case (.positive, false), (.nonNegative, true):
            if increasing == truth { s.raiseLow(r, closed: true) } else { s.lowerHigh(r, closed: true) }
        }
        return truth
    }

    /// a ⋈ b for affine operands: `<` `<=` `>` `>=` `==` `!=`.
    func affineCompare(_ op: BinaryOperator, _ lhs: Affine, _ rhs: Affine) -> Bool {
        let unit = Amounts.common(lhs.kind, rhs.kind, working: arithmetic.working)
        let l = lhs.taken(in: unit)
        let r = rhs.taken(in: unit)
        let d = Affine(a: r.a - l.a, b: r.b - l.b, ratio: false)  // r − l
        switch op {
        case .less: return decide(d, .positive)
        case .lessEqual: return decide(d, .nonNegative)
        case .greater: return decide(Affine(a: -d.a, b: -d.b, ratio: false), .positive)
        case .greaterEqual: return decide(Affine(a: -d.a, b: -d.b, ratio: false), .nonNegative)
        case .equal: return decide(d, .zero)
        default: return !decide(d, .zero)
        }
    }

    /// + − × ÷ on affine operands; products and quotients must keep x to the first power.
    func affineArithmetic(_ op: BinaryOperator, _ lhs: Affine, _ rhs: Affine, _ divisorSpan: SourceSpan) throws(Diagnostic) -> Value {
        let plan: Amounts.Plan
        switch Amounts.plan(op, lhs.kind, rhs.kind, working: arithmetic.working) {
        case .success(let p): plan = p
        case .failure(let misuse): throw Diagnostic(.domain(misuse.message), at: divisorSpan, notes: [misuse.hint])
        }
        let l = lhs.taken(in: plan.unit)
        let r = rhs.taken(in: plan.unit)
        let kind = plan.result
        switch op {
        case .add: return value(Affine(a: l.a + r.a, b: l.b + r.b, kind: kind))
        case .subtract: return value(Affine(a: l.a - r.a, b: l.b - r.b, kind: kind))
        case .multiply:
            if l.isConstant { return value(Affine(a: l.b * r.a, b: l.b * r.b, kind: kind)) }
            if r.isConstant { return value(Affine(a: l.a * r.b, b: l.b * r.b, kind: kind)) }
            throw Diagnostic(.nonLinear, at: divisorSpan)
        case .divide:
            guard r.isConstant else { throw Diagnostic(.nonLinear, at: divisorSpan) }
            if r.b.isZero { throw Diagnostic(.divisionByZero(divisor: divisorSpan.text), at: divisorSpan) }
            return value(Affine(a: l.a / r.b, b: l.b / r.b, kind: kind))
        default:
            throw Diagnostic(.nonLinear, at: divisorSpan)
        }
    }

    /// Rounding an affine value: constant on the interval where it rounds to the same k.
    func affineRound(_ f: Affine, places: Int, mode: RoundingMode) -> Value {
        let x0 = solve?.x0 ?? .zero
        let v0 = f.at(x0)
        let k = v0.rounded(places: places, mode)
        let unit = Rational.powerOfTen(-places)
        let half = unit / Rational(2)
        // The values that round to k, as conditions on f.
        func atLeast(_ c: Rational, strict: Bool) {
            _ = decide(Affine(a: f.a, b: f.b - c, ratio: false), strict ? .positive : .nonNegative)
        }
        func below(_ c: Rational, strict: Bool) { _ = decide(Affine(a: -f.a, b: c - f.b, ratio: false), strict ? .positive : .nonNegative) }
        switch mode {
        case .halfUp:
            if v0.signum >= 0 {
                atLeast(k - half, strict: false)
                below(k + half, strict: true)
            } else {
                atLeast(k - half, strict: true)
                below(k + half, strict: false)
            }
        case .floor:
            atLeast(k, strict: false)
            below(k + unit, strict: true)
        case .ceiling:
            atLeast(k - unit, strict: true)
            below(k, strict: false)
        case .truncate:
            if v0.signum >= 0 {
                atLeast(k, strict: false)
                below(k + unit, strict: true)
            } else {
                atLeast(k - unit, strict: true)
                below(k, strict: false)
            }
        }
        return f.kind.value(k)
    }

    /// A built-in given an affine argument: its solve facet (`Builtin.affine`) keeps
    /// the result piecewise-affine; without one the computation is not linear in the
    /// unknown, and solve bisects.
    func affineBuiltin(_ b: Builtin, _ args: [Value], _ c: CallContext) throws(Diagnostic) -> Value {
        guard let facet = b.affine else { throw Diagnostic(.nonLinear, at: c.span) }
        return try facet(self, b, args, c)
    }

    /// Argument `i` as an affine form, or the type error the interpreter gives.
    func affineArgument(_ args: [Value], _ i: Int, _ b: Builtin, _ c: CallContext) throws(Diagnostic) -> Affine {
        guard i < args.count, let f = affine(args[i]) else {
            throw Diagnostic(.typeMismatch(operation: b.name, expected: "数字", found: args[i].described), at: c.argumentSpan(i))
        }
        return f
    }
}

// MARK: Solve facets of built-ins (attached to their entries in the registry)

extension Evaluator {
    /// 执行率, 得分率, 占比: a quotient, a ratio (执行率 counts a zero budget as 0%).
    static func affineQuotient(zeroWholeIsZero: Bool) -> @Sendable (Evaluator, Builtin, [Value], CallContext) throws(Diagnostic) -> Value {
        { (e: Evaluator, b: Builtin, args: [Value], c: CallContext) throws(Diagnostic) -> Value in
            let p = try e.affineArgument(args, 0, b, c)
            let w = try e.affineArgument(args, 1, b, c)
            let unit = Amounts.common(p.kind, w.kind, working: e.arithmetic.working)
            let (part, whole) = (p.taken(in: unit).unitless, w.taken(in: unit).unitless)
            if zeroWholeIsZero && whole.isConstant && whole.b.isZero { return .ratio(.zero) }
            let q = try e.affineArithmetic(.divide, part, whole, c.argumentSpan(1))
            return e.value(Affine(a: e.affine(q)?.a ?? .zero, b: e.affine(q)?.b ?? .zero, ratio: true))
        }
    }

    /// 增长率: (now − base) ÷ base, a ratio.
    static func affineGrowth(_ e: Evaluator, _ b: Builtin, _ args: [Value], _ c: CallContext) throws(Diagnostic) -> Value {
        let n = try e.affineArgument(args, 0, b, c)
        let d = try e.affineArgument(args, 1, b, c)
        let unit = Amounts.common(n.kind, d.kind, working: e.arithmetic.working)
        let (now, base) = (n.taken(in: unit).unitless, d.taken(in: unit).unitless)
        let diff = Affine(a: now.a - base.a, b: now.b - base.b, ratio: false)
        let q = try e.affineArithmetic(.divide, diff, base, c.argumentSpan(1))
        return e.value(Affine(a: e.affine(q)?.a ?? .zero, b: e.affine(q)?.b ?? .zero, ratio: true))
    }

    /// round, trunc, ceil, floor: constant on each interval that rounds alike.
    static func affineRounded(_ e: Evaluator, _ b: Builtin, _ args: [Value], _ c: CallContext) throws(Diagnostic) -> Value {
        let places = args.count > 1 ? try c.integer(args, 1, in: -18...40) : 0
        return e.affineRound(try e.affineArgument(args, 0, b, c), places: places, mode: b.roundingMode ?? .halfUp)
    }

    static func affineAbsolute(_ e: Evaluator, _ b: Builtin, _ args: [Value], _ c: CallContext) throws(Diagnostic) -> Value {
        let f = try e.affineArgument(args, 0, b, c)
        return e.decide(f, .nonNegative) ? e.value(f) : e.value(Affine(a: -f.a, b: -f.b, kind: f.kind))
    }

    enum Aggregate: Sendable { case sum, avg, min, max }

    /// min, max, sum, avg over arguments and lists.
    static func affineAggregate(_ kind: Aggregate) -> @Sendable (Evaluator, Builtin, [Value], CallContext) throws(Diagnostic) -> Value {
        { (e: Evaluator, b: Builtin, args: [Value], c: CallContext) throws(Diagnostic) -> Value in
            var items: [Affine] = []
            func add(_ v: Value, _ i: Int) throws(Diagnostic) {
                if case .list(let xs) = v {
                    for x in xs { try add(x, i) }
                } else if case .empty = v {
                } else if let f = e.affine(v) {
                    items.append(f)
                } else {
                    throw Diagnostic(.typeMismatch(operation: b.name, expected: "数字", found: v.described), at: c.argumentSpan(i))
                }
            }
            for (i, a) in args.enumerated() { try add(a, i) }
            let unit = Amounts.unit(of: items.map(\.kind), working: e.arithmetic.working)
            let result = Amounts.aggregateKind(allRatios: items.allSatisfy(\.ratio), unit: unit)
            items = items.map { $0.taken(in: unit) }
            guard var best = items.first else { throw Diagnostic(.domain("\(b.name) 需要至少一个数值"), at: c.span) }
            switch kind {
            case .sum, .avg:
                var s = Affine(a: .zero, b: .zero, kind: result)
                for f in items {
                    s.a = s.a + f.a
                    s.b = s.b + f.b
                }
                if kind == .avg {
                    s.a = s.a / Rational(items.count)
                    s.b = s.b / Rational(items.count)
                }
                return e.value(s)
            case .min, .max:
                for f in items.dropFirst() {
                    let fIsLess = e.affineCompare(.less, f, best)
                    if (kind == .min) == fIsLess { best = f }
                }
                best.kind = result
                return e.value(best)
            }
        }
    }

    /// 等级: the band the score falls in, narrowing the piece to it.
    static func affineGrade(_ e: Evaluator, _ b: Builtin, _ args: [Value], _ c: CallContext) throws(Diagnostic) -> Value {
        let f = try e.affineArgument(args, 0, b, c)
        let bands = try c.gradeBands()
        for band in bands.bands where e.affineCompare(.greaterEqual, f, Affine(a: .zero, b: band.minimum, ratio: false)) {
            return .string(band.grade)
        }
        return .string(bands.lowest)
    }
}

extension Affine {
    /// The same a and b as a plain number: the operands of a rate, once in one unit.
    var unitless: Affine { kind.unit == nil ? self : Affine(a: a, b: b, ratio: false) }
}
