import BigInt
import Testing

@testable import Suanpan
@testable import SuanpanCharts
@testable import SuanpanData
@testable import SuanpanEvaluation
@testable import SuanpanLanguage

/// Worked examples of the number type (language.md, "Numbers").
@Suite struct RationalTests {
    func r(_ s: String) -> Rational {
        guard let v = DecimalText.parse(s) else {
            Issue.record("not a decimal: \(s)")
            return .zero
        }
        return v
    }

    @Test func decimalsAreExact() {
        #expect(r("0.1") + r("0.2") == r("0.3"))
        #expect(Rational.fraction(1, 3) * Rational(3) == .one)
        #expect(r("4357.64") / r("4367.764") * r("4367.764") == r("4357.64"))
    }

    @Test func normalForm() {
        #expect(Rational.fraction(2, 4) == Rational.fraction(1, 2))
        #expect(Rational.fraction(-3, -6) == Rational.fraction(1, 2))
        #expect(Rational.fraction(3, -6) == -Rational.fraction(1, 2))
        #expect(Rational.fraction(6, 3).isInteger)
    }

    @Test func overflowFallsBackToBigAndComesBack() {
        let big = Rational(Int64.max) * Rational(Int64.max)
        #expect(big.numerator == BigInt(Int64.max) * BigInt(Int64.max))
        let back = big / Rational(Int64.max)
        #expect(back == Rational(Int64.max))
        if case .small = back.storage {} else { Issue.record("not demoted to the small form") }
        #expect(Rational(Int64.min) - Rational(1) < Rational(Int64.min))
        #expect(-Rational(Int64.min) == Rational(Int64.max) + Rational(1))
    }

    @Test func halfUpRounding() {
        #expect(r("2.675").rounded(places: 2) == r("2.68"))
        #expect(r("-2.675").rounded(places: 2) == r("-2.68"))
        #expect(r("9.9768").rounded(places: 2) == r("9.98"))
        #expect(r("2.5").rounded(places: 0) == Rational(3))
        #expect(r("2.4999").rounded(places: 0) == Rational(2))
        #expect(r("1250").rounded(places: -2) == Rational(1300))
        #expect(r("9.9768").rounded(places: 2, .truncate) == r("9.97"))
        #expect(r("-2.001").rounded(places: 2, .floor) == r("-2.01"))
        #expect(r("2.001").rounded(places: 2, .ceiling) == r("2.01"))
    }

    @Test func display() {
        let f = NumberFormat()
        #expect(f.plain(r("4367.764")) == "4,367.764")
        #expect(f.plain(r("9465.58")) == "9,465.58")
        #expect(f.plain(r("999.8")) == "999.8")
        #expect(f.plain(Rational(1)) == "1")
        #expect(f.plain(r("-1234567.5")) == "-1,234,567.5")
        #expect(f.plain(r("2.5") * Rational(520) / Rational(530)) == "2.45…")
        #expect(f.plain(r("0.1234567")) == "0.12…")
        #expect(f.percent(r("0.805")) == "80.50%")
        #expect(f.percent(r("4357.64") / r("4367.764")) == "99.77%")
        #expect(f.percent(Rational(1)) == "100.00%")
        #expect(f.percent(-r("0.8136")) == "-81.36%")
        #expect(f.exact(Rational.fraction(130, 53)).hasPrefix("130/53 = 2.45283018867924528301"))
    }

    @Test func terminatingPlaces() {
        #expect(r("4367.764").terminatingPlaces == 3)
        #expect(Rational.fraction(1, 3).terminatingPlaces == nil)
        #expect(Rational.fraction(1, 1024).terminatingPlaces == 10)
        // Big denominators: powers of 2 and 5 around the 27-fives step, and a stray 3.
        for (twos, fives) in [(0, 26), (0, 27), (1, 28), (70, 54), (3, 300), (4264, 4264)] {
            let d = Rational(2).power(twos) * Rational(5).power(fives)
            #expect(d.reciprocal.terminatingPlaces == max(twos, fives), "2^\(twos)·5^\(fives)")
            #expect((d * Rational(3)).reciprocal.terminatingPlaces == nil)
        }
    }

    @Test func parseRejectsMalformedText() {
        #expect(DecimalText.parse("1.2.3") == nil)
        #expect(DecimalText.parse("12a") == nil)
        #expect(DecimalText.parse("") == nil)
        #expect(DecimalText.parse("1.") == nil)
        #expect(DecimalText.parse("123456789012345678901234.5") != nil)
    }
}

/// Sums of fractions with unlike denominators (the 执行率 of 100,000 projects) grow
/// with every term, each costing more than the one before: they stop at the size
/// limit, with an error, instead of running for hours.
@Suite struct BoundedSumTests {
    static let primes: [Int] = {
        var out: [Int] = []
        var n = 2
        while out.count < 3_000 {
            if !out.contains(where: { $0 * $0 <= n && n % $0 == 0 }) { out.append(n) }
            n += 1
        }
        return out
    }()

    @Test func aRunningSumStopsPastItsLimit() {
        var sum = Rational.Sum(maxBits: 300)
        var added = 0
        for p in Self.primes {
            sum.add(Rational(1) / Rational(p))
            added += 1
            if sum.isTooLarge { break }
        }
        #expect(sum.isTooLarge)
        #expect(sum.value.bitSize > 300 && sum.value.bitSize < 400)
        #expect(added < 100)
        // Below its limit a sum is exact, as without one.
        let few = Self.primes.prefix(10).map { Rational(1) / Rational($0) }
        #expect(Rational.sum(few, maxBits: 300) == few.reduce(Rational.zero, +))
    }

    @Test func sumAndAverageOfManyUnlikeFractionsSayTheNumberIsTooLarge() {
        let s = Session()
        _ = s.outputs(":limits digits 1000")
        let list = "[" + Self.primes.map { "1/\($0)" }.joined(separator: ", ") + "]"
        for f in ["sum", "avg"] {
            let out = s.outputs("\(f)(\(list))")
            #expect(out.count == 1 && out[0].contains("数值过大"), "\(f): \(out.map { $0.prefix(80) })")
            #expect(out.first?.contains("分子之和除以分母之和") == true, "\(f): the overall rate is suggested")
        }
        #expect(s.outputs("sum([1/3, 1/7, 1/11])") == ["0.57…"])
        // Whole numbers past the limit are not fractions: no word about rates.
        _ = s.outputs(":limits digits 30")
        let big = String(repeating: "9", count: 29)
        #expect(s.outputs("\(big) > 0") == ["true"])
        let whole = s.outputs("sum([" + Array(repeating: big, count: 10).joined(separator: ", ") + "])")
        #expect(whole.count == 1 && whole[0].contains("数值过大") && !whole[0].contains("分子之和"), "\(whole)")
    }
}
