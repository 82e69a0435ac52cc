import BigInt

/// How a value is brought to a number of decimal places.
public enum RoundingMode: Sendable, CaseIterable {
    /// 四舍五入: halves go away from zero (2.675 → 2.68, −2.675 → −2.68).
    case halfUp
    /// 截断: toward zero.
    case truncate
    /// Toward +∞.
    case ceiling
    /// Toward −∞.
    case floor

    /// What explain calls the step.
    package var chineseName: String {
        switch self {
        case .halfUp: "四舍五入"
        case .truncate: "截断"
        case .ceiling: "向上取整"
        case .floor: "向下取整"
        }
    }
}

extension Rational {
    /// Powers of ten that fit in `Int64`: 10^0 … 10^18.
    @usableFromInline
    package static let smallPowersOfTen: [Int64] = {
        var p: [Int64] = [1]
        for _ in 1...18 { p.append(p[p.count - 1] * 10) }
        return p
    }()

    /// 10^k as a rational (k may be negative).
    public static func powerOfTen(_ k: Int) -> Rational {
        if k >= 0 && k <= 18 { return Rational(reducedNumerator: smallPowersOfTen[k], denominator: 1) }
        if k < 0 && k >= -18 { return Rational(reducedNumerator: 1, denominator: smallPowersOfTen[-k]) }
        let p = BigInt(10).power(abs(k))
        return k >= 0 ? fromBig(p, 1) : fromBig(1, p)
    }

    /// The value rounded to `places` decimal places (negative: to tens, hundreds, …).
    public func rounded(places: Int, _ mode: RoundingMode = .halfUp) -> Rational {
        // Machine words: n·10^p ÷ d rounded, over 10^p — one division and one gcd.
        if case .small(let n, let d) = storage, places >= 0, places <= 18 {
            if d == 1 { return self }
            let p = Rational.smallPowersOfTen[places]
            let (scaled, overflow) = n.multipliedReportingOverflow(by: p)
            if !overflow {
                let q = scaled / d
                let r = scaled % d
                let result: Int64
                switch mode {
                case .truncate: result = q
                case .floor: result = r < 0 ? q - 1 : q
                case .ceiling: result = r > 0 ? q + 1 : q
                case .halfUp:
                    let ar = r.magnitude
                    result = ar >= UInt64(d) - ar ? (scaled < 0 ? q - 1 : q + 1) : q
                }
                return Rational.fraction(result, p)
            }
        }
        let scale = Rational.powerOfTen(places)
        let scaled = self * scale
        return scaled.roundedToInteger(mode) / scale
    }

    /// The value rounded to an integer.
    public func roundedToInteger(_ mode: RoundingMode = .halfUp) -> Rational {
        switch storage {
        case .small(let n, let d):
            if d == 1 { return self }
            // Swift's / truncates toward zero; d > 0.
            let q = n / d
            let r = n % d  // same sign as n
            let result: Int64
            switch mode {
            case .truncate:
                result = q
            case .floor:
                result = r < 0 ? q - 1 : q
            case .ceiling:
                result = r > 0 ? q + 1 : q
            case .halfUp:
                // |r|*2 >= d  ⇔  |r| >= d - |r|  (no overflow)
                let ar = r.magnitude
                if ar >= UInt64(d) - ar { result = n < 0 ? q - 1 : q + 1 } else { result = q }
            }
            return Rational(reducedNumerator: result, denominator: 1)
        case .big(let b):
            let n = b.numerator
            let d = b.denominator
            if d == 1 { return self }
            let (q, r) = n.quotientAndRemainder(dividingBy: d)
            var result = q
            switch mode {
            case .truncate: break
            case .floor: if r.sign == .minus && !r.isZero { result -= 1 }
            case .ceiling: if r.sign == .plus && !r.isZero { result += 1 }
            case .halfUp:
                if r.magnitude * 2 >= d.magnitude { result += (n.sign == .minus ? -1 : 1) }
            }
            return Rational.fromBig(result, 1)
        }
    }

    /// The number of decimal places of the exact decimal expansion, or nil when it does
    /// not terminate (the denominator has a prime factor other than 2 and 5).
    public var terminatingPlaces: Int? {
        switch storage {
        case .small(_, let d):
            var d = d
            let twos = d.trailingZeroBitCount
            d >>= twos
            var fives = 0
            while d % 5 == 0 {
                d /= 5
                fives += 1
            }
            return d == 1 ? max(twos, fives) : nil
        case .big(let b):
            var m = b.denominator.magnitude
            guard !m.isZero else { return nil }
            let twos = m.trailingZeroBitCount
            m >>= twos
            let fives = Rational.removeFives(from: &m)
            return m == 1 ? max(twos, fives) : nil
        }
    }
}

extension Rational {
    /// The nearest binary float, for writers that store floats (an .xlsx cell): exact
    /// figures stay exact in suanpan, a spreadsheet gets the closest double. Correctly
    /// rounded: one division of two exactly representable integers, else the decimal
    /// text's parse.
    public var doubleValue: Double {
        if case .small(let n, let d) = storage, n.magnitude < 1 << 53, d < 1 << 53 { return Double(n) / Double(d) }
        let places = 20
        return Double(DecimalText.format(rounded(places: places), places: places, grouping: false)) ?? .nan
    }
}
