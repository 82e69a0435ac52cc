import BigInt

/// An exact rational number: the one number type of suanpan.
///
/// Money and scores are never binary floats. Budget figures (`4,367.764`,
/// `27,499.988`) and the ratios between them fit in machine words, so the
/// common case is a pair of `Int64`s kept in lowest terms; an operation that
/// would overflow falls back to arbitrary-precision `BigInt`s and comes back
/// to the small form whenever the result fits again.
///
/// Invariants: the denominator is positive, the fraction is reduced, and a
/// value that fits in `Int64` is always stored small (so equality and hashing
/// can compare storage directly).
public struct Rational: Sendable {
    @usableFromInline
    package enum Storage: Sendable {
        case small(Int64, Int64)
        case big(BigFraction)
    }

    /// The big form lives behind one reference, so that a `Rational` stays two words
    /// and a tag, and copying a small one costs nothing.
    @usableFromInline
    package final class BigFraction: Sendable {
        package let numerator: BigInt
        let denominator: BigInt
        package init(_ n: BigInt, _ d: BigInt) {
            numerator = n
            denominator = d
        }
    }

    @usableFromInline
    package var storage: Storage

    @inlinable
    package init(storage: Storage) { self.storage = storage }

    /// A reduced small fraction; the caller guarantees `den > 0` and gcd 1.
    @inlinable
    package init(reducedNumerator num: Int64, denominator den: Int64) {
        storage = .small(num, den)
    }

    public init(_ value: Int) {
        storage = .small(Int64(value), 1)
    }

    public init(_ value: Int64) {
        storage = .small(value, 1)
    }

    public static let zero = Rational(0)
    public static let one = Rational(1)
    public static let hundred = Rational(100)

    /// Builds `num / den` from big integers, normalising sign and terms.
    /// The denominator must not be zero (callers check).
    package static func make(_ num: BigInt, _ den: BigInt) -> Rational {
        var n = num
        var d = den
        if d.sign == .minus {
            n.negate()
            d.negate()
        }
        // An integer needs no reduction; a small denominator only a remainder (one pass
        // over the numerator) and a machine gcd. BigInt's binary gcd is quadratic: on a
        // 5,000-digit integer it cost milliseconds per addition (a fuzzer's timeout).
        if d == 1 { return fromBig(n, d) }
        if n.isZero { return .zero }
        let g: BigInt
        if let small = UInt64(exactly: d.magnitude) {
            g = BigInt(gcd(UInt64(n.magnitude % BigUInt(small)), small))
        } else {
            g = BigInt(bigGCD(n.magnitude, d.magnitude))
        }
        if g != 1 && g != 0 {
            n /= g
            d /= g
        }
        return fromBig(n, d)
    }

    /// `n / 10^places` in lowest terms. The only common factors are twos and fives, so
    /// they are taken out directly (trailing zero bits; division by 5^27 a word at a
    /// time) instead of by a general gcd, which is quadratic on long literals (a
    /// fuzzer's timeout: a 3,600-digit decimal took seconds under ASan).
    @usableFromInline static func decimal(_ n: BigInt, places: Int) -> Rational {
        if places == 0 || n.isZero { return fromBig(n, 1) }
        var m = n.magnitude
        let twos = min(m.trailingZeroBitCount, places)
        m >>= twos
        let fives = Rational.removeFives(from: &m, atMost: places)
        let denominator = (BigUInt(1) << (places - twos)) * BigUInt(5).power(places - fives)
        return fromBig(n.sign == .minus ? -BigInt(m) : BigInt(m), BigInt(denominator))
    }

    /// 5^0 … 5^27 (5^27 is the largest power of five in a word).
    static let fivePowers: [UInt64] = (0...27).map { k in (0..<k).reduce(UInt64(1)) { p, _ in p * 5 } }

    /// Divides `m` by 5 as often as it goes, up to `limit` times, and says how often:
    /// 27 fives at a time while it can (a denominator like 10^4264 takes 158 big
    /// divisions, not 4,264), then one at a time.
    static func removeFives(from m: inout BigUInt, atMost limit: Int = .max) -> Int {
        var fives = 0
        while fives < limit, !m.isZero {
            let step = min(27, limit - fives)
            let (q, r) = m.quotientAndRemainder(dividingBy: BigUInt(fivePowers[step]))
            if r.isZero {
                m = q
                fives += step
                continue
            }
            // Fewer than `step` fives left: one at a time, at most 26 more divisions.
            while fives < limit {
                let (q5, r5) = m.quotientAndRemainder(dividingBy: BigUInt(5))
                if !r5.isZero { break }
                m = q5
                fives += 1
            }
            break
        }
        return fives
    }

    /// Stores an already reduced big fraction, demoting to the small form when it fits.
    static func fromBig(_ n: BigInt, _ d: BigInt) -> Rational {
        if let sn = Int64(exactly: n), let sd = Int64(exactly: d) {
            return Rational(reducedNumerator: sn, denominator: sd)
        }
        return Rational(storage: .big(BigFraction(n, d)))
    }

    /// `num / den` for machine integers; `den` must not be zero.
    public static func fraction(_ num: Int64, _ den: Int64) -> Rational {
        if den == 1 { return Rational(reducedNumerator: num, denominator: 1) }
        if num == Int64.min || den == Int64.min {
            return make(BigInt(num), BigInt(den))
        }
        var n = num
        var d = den
        if d < 0 {
            n = -n
            d = -d
        }
        let g = gcd(n.magnitude, d.magnitude)
        if g > 1 {
            n /= Int64(g)
            d /= Int64(g)
        }
        return Rational(reducedNumerator: n, denominator: d)
    }

    /// The numerator, as a big integer.
    public var numerator: BigInt {
        switch storage {
        case .small(let n, _): return BigInt(n)
        case .big(let b): return b.numerator
        }
    }

    /// The denominator (always positive), as a big integer.
    public var denominator: BigInt {
        switch storage {
        case .small(_, let d): return BigInt(d)
        case .big(let b): return b.denominator
        }
    }

    public var isZero: Bool {
        if case .small(0, _) = storage { return true }
        return false
    }

    public var isInteger: Bool {
        switch storage {
        case .small(_, let d): return d == 1
        case .big(let b): return b.denominator == 1
        }
    }

    public var isNegative: Bool {
        switch storage {
        case .small(let n, _): return n < 0
        case .big(let b): return b.numerator.sign == .minus && !b.numerator.isZero
        }
    }

    /// -1, 0 or 1.
    public var signum: Int {
        switch storage {
        case .small(let n, _): return n == 0 ? 0 : (n < 0 ? -1 : 1)
        case .big(let b): return b.numerator.isZero ? 0 : (b.numerator.sign == .minus ? -1 : 1)
        }
    }

    /// The size of the number in bits (numerator plus denominator), used by limits.
    public var bitSize: Int {
        switch storage {
        case .small(let n, let d):
            return (64 - n.magnitude.leadingZeroBitCount) + (64 - d.leadingZeroBitCount)
        case .big(let b):
            return b.numerator.magnitude.bitWidth + b.denominator.magnitude.bitWidth
        }
    }

    /// The value as an `Int` when it is an integer that fits.
    public var intValue: Int? {
        switch storage {
        case .small(let n, let d): return d == 1 ? Int(n) : nil
        case .big(let b): return b.denominator == 1 ? Int(exactly: b.numerator) : nil
        }
    }

    public var magnitude: Rational {
        isNegative ? -self : self
    }
}

/// GCD on unsigned words.
///
/// The gcd of big integers by Lehmer's method: the leading 64 bits of both give, in
/// machine words, the quotients of many Euclid steps at once, applied to the big
/// numbers as one 2×2 combination; a plain Euclid step when they cannot. BigInt's own
/// (binary) gcd shifts bit by bit: ten times slower on 4,000-digit fractions, and a
/// fuzzer's timeout under ASan.
func bigGCD(_ a: BigUInt, _ b: BigUInt) -> BigUInt {
    var x = a >= b ? a : b
    var y = a >= b ? b : a
    while !y.isZero {
        if let small = UInt64(exactly: y) {
            return BigUInt(gcd(UInt64(x % BigUInt(small)), small))
        }
        let shift = x.bitWidth - 62
        // Leading 62 bits of x, and of y at the same scale (y < x): room for the sums.
        var xh = Int64(truncatingIfNeeded: UInt64(x >> shift))
        var yh = Int64(truncatingIfNeeded: UInt64(y >> shift))
        // Cofactors: x' = A·x + B·y, y' = C·x + D·y, as in Knuth's Algorithm L; a step
        // whose quotient the leading bits cannot settle, or that would overflow, ends
        // the run.
        var A: Int64 = 1
        var B: Int64 = 0
        var C: Int64 = 0
        var D: Int64 = 1
        while true {
            // Both quotients from non-negative bounds, or the leading bits cannot decide.
            let xa = xh + A
            let xb = xh + B
            let yc = yh + C
            let yd = yh + D
            if yc <= 0 || yd <= 0 || xa < 0 || xb < 0 { break }
            let q = xa / yc
            if q != xb / yd { break }
            let (qc, o1) = q.multipliedReportingOverflow(by: C)
            let (qd, o2) = q.multipliedReportingOverflow(by: D)
            let (qy, o3) = q.multipliedReportingOverflow(by: yh)
            if o1 || o2 || o3 { break }
            let (t1, o4) = A.subtractingReportingOverflow(qc)
            let (t2, o5) = B.subtractingReportingOverflow(qd)
            if o4 || o5 || t1.magnitude >= 1 << 62 || t2.magnitude >= 1 << 62 { break }
            (A, C) = (C, t1)
            (B, D) = (D, t2)
            (xh, yh) = (yh, xh - qy)
        }
        if B == 0 {
            (x, y) = (y, x % y)
        } else {
            // p·x + q·y (never negative; p and q are of opposite signs or one is 0):
            // the positive term less the negative one.
            func combine(_ p: Int64, _ q: Int64) -> BigUInt {
                let px = x * BigUInt(p.magnitude)
                let qy = y * BigUInt(q.magnitude)
                if p >= 0 && q >= 0 { return px + qy }
                return p >= 0 ? px - qy : qy - px
            }
            (x, y) = (combine(A, B), combine(C, D))
        }
    }
    return x
}

/// Budget figures pair a large numerator with a small denominator (a divisor of a
/// power of ten), so one remainder step brings both below the denominator, and a
/// binary GCD finishes on small numbers without further (slow) divisions.
@inlinable
func gcd(_ a: UInt64, _ b: UInt64) -> UInt64 {
    var u = a
    var v = b
    if u < v { swap(&u, &v) }
    if v == 0 { return u }
    // A 32-bit division is several times cheaper than a 64-bit one.
    if u <= UInt64(UInt32.max) {
        u = UInt64(UInt32(truncatingIfNeeded: u) % UInt32(truncatingIfNeeded: v))
    } else {
        u %= v
    }
    if u == 0 { return v }
    let shift = (u | v).trailingZeroBitCount
    // Masking shifts (&>>): the counts are always below 64, and the checked forms branch.
    u = u &>> UInt64(u.trailingZeroBitCount)
    v = v &>> UInt64(v.trailingZeroBitCount)
    while u != v {
        let (lo, hi) = u < v ? (u, v) : (v, u)
        u = lo
        v = hi &- lo
        v = v &>> UInt64(v.trailingZeroBitCount)
    }
    return u &<< UInt64(shift)
}

// MARK: - Arithmetic

extension Rational {
    public static prefix func - (x: Rational) -> Rational {
        switch x.storage {
        case .small(let n, let d):
            if n != Int64.min { return Rational(reducedNumerator: -n, denominator: d) }
            return fromBig(-BigInt(n), BigInt(d))
        case .big(let b):
            return fromBig(-b.numerator, b.denominator)
        }
    }

    public static func + (a: Rational, b: Rational) -> Rational {
        if case .small(let an, let ad) = a.storage, case .small(let bn, let bd) = b.storage {
            if ad == bd {
                let (s, o) = an.addingReportingOverflow(bn)
                if !o {
                    if ad == 1 { return Rational(reducedNumerator: s, denominator: 1) }
                    let g = gcd(s.magnitude, UInt64(ad))
                    return g == 1
                        ? Rational(reducedNumerator: s, denominator: ad)
                        : Rational(reducedNumerator: s / Int64(g), denominator: ad / Int64(g))
                }
            } else {
                // a/b + c/d with g = gcd(b, d): (a*(d/g) + c*(b/g)) / (b/g*d), then reduce by g.
                let g = Int64(gcd(UInt64(ad), UInt64(bd)))
                let adg = g == 1 ? ad : ad / g
                let bdg = g == 1 ? bd : bd / g
                let (x, o1) = an.multipliedReportingOverflow(by: bdg)
                let (y, o2) = bn.multipliedReportingOverflow(by: adg)
                let (den, o3) = adg.multipliedReportingOverflow(by: bd)
                if !o1 && !o2 && !o3 {
                    let (num, o4) = x.addingReportingOverflow(y)
                    if !o4 {
                        let r = Int64(gcd(num.magnitude, UInt64(den)))
                        return r == 1
                            ? Rational(reducedNumerator: num, denominator: den)
                            : Rational(reducedNumerator: num / r, denominator: den / r)
                    }
                }
            }
        }
        return make(a.numerator * b.denominator + b.numerator * a.denominator, a.denominator * b.denominator)
    }

    public static func - (a: Rational, b: Rational) -> Rational {
        a + (-b)
    }

    public static func * (a: Rational, b: Rational) -> Rational {
        if case .small(let an, let ad) = a.storage, case .small(let bn, let bd) = b.storage {
            if ad == 1 && bd == 1 {
                let (p, o) = an.multipliedReportingOverflow(by: bn)
                if !o { return Rational(reducedNumerator: p, denominator: 1) }
            } else if an != Int64.min && bn != Int64.min {
                // Cross-reduce first so the products stay small.
                let g1 = Int64(gcd(an.magnitude, UInt64(bd)))
                let g2 = Int64(gcd(bn.magnitude, UInt64(ad)))
                let (n, o1) = (g1 == 1 ? an : an / g1).multipliedReportingOverflow(by: g2 == 1 ? bn : bn / g2)
                let (d, o2) = (g2 == 1 ? ad : ad / g2).multipliedReportingOverflow(by: g1 == 1 ? bd : bd / g1)
                if !o1 && !o2 { return Rational(reducedNumerator: n, denominator: d) }
            }
        }
        return make(a.numerator * b.numerator, a.denominator * b.denominator)
    }

    /// Division; `b` must not be zero (the evaluator reports division by zero).
    public static func / (a: Rational, b: Rational) -> Rational {
        a * b.reciprocal
    }

    /// 1/x; `x` must not be zero.
    public var reciprocal: Rational {
        switch storage {
        case .small(let n, let d):
            if n > 0 { return Rational(reducedNumerator: d, denominator: n) }
            if n < 0 && n != Int64.min { return Rational(reducedNumerator: -d, denominator: -n) }
            return Rational.make(BigInt(d), BigInt(n))
        case .big(let b):
            return Rational.make(b.denominator, b.numerator)
        }
    }

    /// x^k for an integer exponent; `self` must not be zero when k < 0.
    public func power(_ k: Int) -> Rational {
        if k == 0 { return .one }
        if k < 0 { return reciprocal.power(-k) }
        if case .small = storage, k <= 2 { return k == 1 ? self : self * self }
        // (n/d)^k = n^k / d^k is already in lowest terms (n and d share no factor, so
        // neither do their powers): no gcd at each squaring, which made 0.4371^1066
        // take a third of a second.
        return Rational.fromBig(numerator.power(k), denominator.power(k))
    }
}

// MARK: - Comparison and hashing

extension Rational: Comparable, Hashable {
    public static func == (a: Rational, b: Rational) -> Bool {
        switch (a.storage, b.storage) {
        case (.small(let an, let ad), .small(let bn, let bd)): return an == bn && ad == bd
        case (.big(let a), .big(let b)): return a.numerator == b.numerator && a.denominator == b.denominator
        default: return false  // normal forms differ in size
        }
    }

    public static func < (a: Rational, b: Rational) -> Bool {
        if case .small(let an, let ad) = a.storage, case .small(let bn, let bd) = b.storage {
            if ad == bd { return an < bn }
            let (x, o1) = an.multipliedReportingOverflow(by: bd)
            let (y, o2) = bn.multipliedReportingOverflow(by: ad)
            if !o1 && !o2 { return x < y }
        }
        return a.numerator * b.denominator < b.numerator * a.denominator
    }

    public func hash(into hasher: inout Hasher) {
        switch storage {
        case .small(let n, let d):
            hasher.combine(n)
            hasher.combine(d)
        case .big(let b):
            hasher.combine(b.numerator)
            hasher.combine(b.denominator)
        }
    }
}

extension Rational {
    /// The exact sum of many values. Budget figures share small denominators, so they
    /// are added as integers over a common denominator, reduced once at the end; from
    /// the first overflow on, one by one. `maxBits`: see `Sum`.
    @inlinable  // specialized where it is called (a list, an array slice)
    public static func sum<C: Collection>(_ xs: C, maxBits: Int = .max) -> Rational where C.Element == Rational {
        var total = Sum(maxBits: maxBits)
        for x in xs {
            total.add(x)
            if total.isTooLarge { break }
        }
        return total.value
    }

    /// A running sum (see `sum`), for adding values as they come without a list.
    public struct Sum {
        private var num: Int64 = 0
        private var den: Int64 = 1
        /// The sum so far once a term no longer fits in machine words.
        private var slow: Rational?
        /// Past this size the sum stops adding: fractions with unlike denominators (the
        /// 执行率 of 100,000 projects) make the common denominator grow with each term,
        /// and each term costs more than the one before. `value` is then the sum so
        /// far, larger than `maxBits`, for the caller's size check to refuse: a sum past
        /// the limit on the way is refused, as a product of operands past it is, even
        /// if later terms would have cancelled back under it.
        private let maxBits: Int
        public private(set) var isTooLarge = false

        public init(maxBits: Int = .max) {
            self.maxBits = maxBits
        }

        public mutating func add(_ x: Rational) {
            // (A sum too large is already a slow one: the machine-word path never is.)
            if slow == nil, case .small(let n, let d) = x.storage {
                var newDen = den
                var newNum = num
                if d != den {
                    // Move to the least common multiple of the denominators.
                    let g = Int64(gcd(UInt64(den), UInt64(d)))
                    let scale = d / g
                    let (dd, o1) = den.multipliedReportingOverflow(by: scale)
                    let (nn, o2) = num.multipliedReportingOverflow(by: scale)
                    if o1 || o2 {
                        addSlowly(x)
                        return
                    }
                    newDen = dd
                    newNum = nn
                }
                let (term, o3) = n.multipliedReportingOverflow(by: newDen / d)
                let (s, o4) = newNum.addingReportingOverflow(term)
                if o3 || o4 {
                    addSlowly(x)
                    return
                }
                num = s
                den = newDen
                return
            }
            if isTooLarge { return }
            addSlowly(x)
        }

        private mutating func addSlowly(_ x: Rational) {
            let total = value + x
            slow = total
            if total.bitSize > maxBits { isTooLarge = true }
        }

        public var value: Rational { slow ?? Rational.fraction(num, den) }
    }
}
