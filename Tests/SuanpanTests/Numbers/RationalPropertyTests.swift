import BigInt
import PropertyBased
import Testing

@testable import Suanpan
@testable import SuanpanCharts
@testable import SuanpanData
@testable import SuanpanEvaluation
@testable import SuanpanLanguage

/// Laws of exact arithmetic, rounding and printing, checked on random budget-sized
/// values and on values large enough to take the big-integer path.
@Suite struct RationalPropertyTests {
    /// Budget-like figures: up to 12 integer digits and 0–6 decimals, either sign.
    static let money = zip(Gen.int64(in: -999_999_999_999...999_999_999_999), Gen.int(in: 0...6))
        .map { (n: Int64, places: Int) in Rational.fraction(n, Rational.smallPowersOfTen[places]) }
    /// Arbitrary fractions, some of which overflow Int64 when combined.
    static let fraction = zip(Gen.int64(in: Int64.min / 2...Int64.max / 2), Gen.int64(in: 1...Int64.max / 2))
        .map { (n: Int64, d: Int64) in Rational.fraction(n, d) }

    @Test func additionIsCommutativeAndAssociative() async {
        await propertyCheck(input: Self.fraction, Self.fraction, Self.money) { a, b, c in
            #expect(a + b == b + a)
            #expect((a + b) + c == a + (b + c))
            #expect(a - a == .zero)
            #expect(a + .zero == a)
        }
    }

    @Test func multiplicationIsCommutativeAssociativeAndDistributes() async {
        await propertyCheck(input: Self.fraction, Self.money, Self.money) { a, b, c in
            #expect(a * b == b * a)
            #expect((a * b) * c == a * (b * c))
            #expect(a * (b + c) == a * b + a * c)
            if !a.isZero { #expect(a * a.reciprocal == .one) }
            if !b.isZero { #expect(a / b * b == a) }
        }
    }

    /// A power is the product of its factors (negative exponents: of the reciprocal),
    /// in lowest terms, for small and big bases alike.
    @Test func powerIsRepeatedMultiplication() async {
        await propertyCheck(input: Self.fraction, Self.money, Gen.int(in: -4...9)) { a, b, k in
            for x in [a, b, a * b] where !(x.isZero && k < 0) {
                var product = Rational.one
                for _ in 0..<abs(k) { product = product * x }
                #expect(x.power(k) == (k < 0 ? product.reciprocal : product))
            }
        }
    }

    @Test func orderAgreesWithSubtraction() async {
        await propertyCheck(input: Self.fraction, Self.fraction) { a, b in
            #expect((a < b) == ((b - a).signum > 0))
            #expect((a == b) == ((a - b).signum == 0))
        }
    }

    @Test func halfUpRoundingIsWithinHalfAUnitAndGoesAwayFromZeroOnHalves() async {
        await propertyCheck(input: Self.fraction, Gen.int(in: 0...6)) { x, places in
            let r = x.rounded(places: places)
            let unit = Rational.powerOfTen(-places)
            let half = unit / Rational(2)
            #expect((x - r).magnitude <= half)
            #expect(r.terminatingPlaces.map { $0 <= places } == true)
            // Exactly half a unit above r rounds to r + unit (away from zero).
            let onHalf = r + half
            if !onHalf.isNegative { #expect(onHalf.rounded(places: places) == r + unit) }
            #expect((-x).rounded(places: places) == -r)
            #expect(x.rounded(places: places, .floor) <= x)
            #expect(x.rounded(places: places, .ceiling) >= x)
        }
    }

    /// Rounding in machine words (n·10^p ÷ d) agrees with scaling, rounding to an
    /// integer and scaling back, in every mode, for small and overflowing values.
    @Test func wordRoundingAgreesWithScaling() async {
        let modes: [RoundingMode] = [.halfUp, .truncate, .floor, .ceiling]
        await propertyCheck(input: Self.fraction, Gen.int(in: 0...18), Gen.int(in: 0...3)) { x, places, m in
            let scale = Rational.powerOfTen(places)
            #expect(x.rounded(places: places, modes[m]) == (x * scale).roundedToInteger(modes[m]) / scale)
        }
        await propertyCheck(input: Self.money, Gen.int(in: 0...6), Gen.int(in: 0...3)) { x, places, m in
            let scale = Rational.powerOfTen(places)
            #expect(x.rounded(places: places, modes[m]) == (x * scale).roundedToInteger(modes[m]) / scale)
        }
    }

    @Test func parsingWhatIsPrintedGivesTheValueBack() async {
        await propertyCheck(input: Self.money) { x in
            guard let places = x.terminatingPlaces else {
                Issue.record("a money value must terminate")
                return
            }
            let printed = DecimalText.format(x, places: places, grouping: false)
            #expect(DecimalText.parse(printed) == x)
            // What the display shows (with thousands separators) reads back through the lexer too.
            let shown = NumberFormat().plain(x)
            let source = Source(name: "t", text: shown.replacingAll(",", with: "_"))
            var parser = Parser(tokens: (try? Lexer.tokenize(source)) ?? [])
            var ev = Evaluator(environment: Environment(), settings: EvaluationSettings())
            if let e = try? parser.expression(), let v = try? ev.evaluate(e) {
                #expect(v == .number(x))
            } else {
                Issue.record("did not parse back: \(shown)")
            }
        }
    }
}

/// The fast GCD agrees with plain Euclid on words of every size.
@Suite struct GCDTests {
    static func euclid(_ a: UInt64, _ b: UInt64) -> UInt64 { b == 0 ? a : euclid(b, a % b) }

    @Test func agreesWithEuclid() async {
        await propertyCheck(input: Gen.uint64(in: 0...UInt64.max), Gen.uint64(in: 0...UInt64.max), Gen.int(in: 0...63)) { a, b, shift in
            #expect(gcd(a, b) == Self.euclid(a, b))
            let small = b >> UInt64(shift)
            #expect(gcd(a, small) == Self.euclid(a, small))
            #expect(gcd(small, a) == Self.euclid(small, a))
        }
        #expect(gcd(0, 0) == 0)
        #expect(gcd(1000, 0) == 1000)
        #expect(gcd(435764, 100) == 4)
    }
}

/// Big fractions are reduced alike whether the denominator is 1, a machine word (a
/// remainder, then a word gcd) or big (BigInt's gcd): the reduced form is unique, so
/// the result must have coprime terms and the same value as the unreduced fraction.
@Suite struct BigReductionTests {
    static let bigInt = Gen.uint64(in: 0...UInt64.max).array(of: 1...4)
        .map { (words: [UInt64]) in words.reduce(BigInt(0)) { $0 * BigInt(1) << 64 + BigInt($1) } }

    @Test func reducedTermsAreCoprimeAndKeepTheValue() async {
        await propertyCheck(input: Self.bigInt, Self.bigInt, Gen.int(in: 0...2)) { n, raw, kind in
            let d: BigInt =
                switch kind {
                case 0: 1
                case 1: BigInt(UInt64(truncatingIfNeeded: raw.words.first ?? 1) | 1)
                default: raw + 1
                }
            for sign in [BigInt(1), BigInt(-1)] {
                let r = Rational.make(n * sign, d)
                #expect(r.denominator > 0)
                #expect(r.numerator.magnitude.greatestCommonDivisor(with: r.denominator.magnitude) == 1 || r.numerator == 0)
                #expect(r.numerator * d == n * sign * r.denominator)
            }
        }
        // Decimals reduce by twos and fives alone, as a gcd would (factors of 2 and 5
        // put in on purpose, so every branch is taken).
        await propertyCheck(input: Self.bigInt, Gen.int(in: 0...80), Gen.int(in: 0...40), Gen.int(in: 0...40)) { n, places, twos, fives in
            for sign in [BigInt(1), BigInt(-1)] {
                let m = n * sign * (BigInt(1) << twos) * BigInt(5).power(fives)
                #expect(Rational.decimal(m, places: places) == Rational.make(m, BigInt(10).power(places)), "\(m) / 10^\(places)")
            }
        }
        // 5,000-digit integers add without a gcd (the fuzzer's timeout) and exactly.
        let big = Rational.make(BigInt(3).power(10_136), 1)
        #expect((big + Rational(1)) - big == Rational(1))
        #expect(Rational.make(BigInt(10).power(30) + 5, 10) == Rational.make(BigInt(10).power(29) * 2 + 1, 2))
    }
}

/// Lehmer's gcd agrees with BigInt's binary one, on numbers of 1 to 40 words with a
/// common factor of 0 to 10 words (so the result is often big).
@Suite struct BigGCDTests {
    static let words = Gen.uint64(in: 0...UInt64.max).array(of: 1...20)
        .map { (ws: [UInt64]) in ws.reduce(BigUInt(0)) { $0 << 64 + BigUInt($1) } }

    @Test func agreesWithBinaryGCD() async {
        await propertyCheck(count: 300, input: Self.words, Self.words, Self.words, Gen.int(in: 0...3)) { a, b, common, shape in
            let f = shape == 0 ? BigUInt(1) : common + 1
            let x = a * f
            let y = shape == 3 ? a * f * 7 : b * f
            #expect(bigGCD(x, y) == x.greatestCommonDivisor(with: y), "\(x) \(y)")
            #expect(bigGCD(y, x) == x.greatestCommonDivisor(with: y))
        }
        #expect(bigGCD(0, 0) == 0)
        #expect(bigGCD(BigUInt(12), 0) == 12)
        #expect(bigGCD(BigUInt(1) << 200, BigUInt(1) << 130) == BigUInt(1) << 130)
    }
}

/// The common-denominator sum agrees with adding one by one, including on overflow.
@Suite struct RationalSumTests {
    @Test func sumAgreesWithFold() async {
        await propertyCheck(input: RationalPropertyTests.money.array(of: 0...40), RationalPropertyTests.fraction.array(of: 0...5)) { a, b in
            let xs = a + b
            var folded = Rational.zero
            for x in xs { folded = folded + x }
            #expect(Rational.sum(xs) == folded)
        }
    }
}
