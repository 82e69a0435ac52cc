import PropertyBased
import Testing

@testable import Suanpan
@testable import SuanpanData
@testable import SuanpanEvaluation
@testable import SuanpanLanguage

/// Laws of amounts of money: a figure is the same whatever unit it is written in, so
/// sums, comparisons and rates of amounts do not depend on their units, and what is
/// printed with its unit reads back as the same amount.
@Suite struct MoneyPropertyTests {
    static let unit = Gen.int(in: 0...3).map { MoneyUnit(rawValue: $0)! }
    static let working = unit
    /// Budget-like figures: up to 10 integer digits and 0–4 decimals, either sign.
    static let figure = zip(Gen.int64(in: -9_999_999_999...9_999_999_999), Gen.int(in: 0...4))
        .map { (n: Int64, places: Int) in Rational.fraction(n, Rational.smallPowersOfTen[places]) }

    static let span = SourceSpan(Source(name: "t", text: "x"), 0, 1)

    func inYuan(_ v: Value) -> Rational? {
        guard case .amount(let x, let u) = v else { return nil }
        return u.convert(x, to: .yuan)
    }

    @Test func conversionIsExactAndReversible() async {
        await propertyCheck(input: Self.figure, Self.unit, Self.unit) { x, u, v in
            #expect(v.convert(u.convert(x, to: v), to: u) == x)
            #expect(u.convert(x, to: .yuan) == x * u.inYuan)
        }
    }

    @Test func sumsAndDifferencesDoNotDependOnUnits() async throws {
        await propertyCheck(input: Self.figure, Self.unit, Self.figure, Self.unit, Self.working) { x, u, y, v, w in
            var arithmetic = Arithmetic(limits: Limits())
            arithmetic.working = w
            let a = Value.amount(x, u)
            let b = Value.amount(y, v)
            for (op, expected) in [(BinaryOperator.add, x * u.inYuan + y * v.inYuan), (.subtract, x * u.inYuan - y * v.inYuan)] {
                let r = try arithmetic.apply(op, a, b, span: Self.span, rhsSpan: Self.span)
                #expect(inYuan(r) == expected)
                // One unit stays; two meet in the working unit.
                if case .amount(_, let unit) = r { #expect(unit == (u == v ? u : w)) }
            }
            let sign = try arithmetic.compare(a, b, span: Self.span)
            let (p, q) = (x * u.inYuan, y * v.inYuan)
            #expect(sign == (p < q ? -1 : (p == q ? 0 : 1)))
            #expect(Arithmetic.equal(a, b) == (p == q))
        }
    }

    @Test func ratesOfAmountsAreUnitFree() async throws {
        await propertyCheck(input: Self.figure, Self.unit, Self.figure, Self.unit) { x, u, y, v in
            guard !y.isZero else { return }
            let arithmetic = Arithmetic(limits: Limits())
            let q = try arithmetic.apply(.divide, .amount(x, u), .amount(y, v), span: Self.span, rhsSpan: Self.span)
            #expect(q == .number((x * u.inYuan) / (y * v.inYuan)))
            // Scaling by a plain number or a ratio keeps the unit.
            let scaled = try arithmetic.apply(.multiply, .amount(x, u), .ratio(y), span: Self.span, rhsSpan: Self.span)
            #expect(scaled == .amount(x * y, u))
        }
    }

    /// parse∘print: an amount printed with its unit (`:unit`) reads back as the same
    /// amount, commas and all.
    @Test func printedAmountsReadBack() async throws {
        await propertyCheck(input: Self.figure, Self.unit, Self.unit) { x, u, shown in
            var format = NumberFormat(precision: 6, maxExactPlaces: 12)
            format.displayUnit = shown
            let text = format.amount(x, u)
            let exact = u.convert(x, to: shown)
            guard let places = exact.terminatingPlaces, places <= 12 else { return }
            let tokens = try Lexer.tokenize(Source(name: "t", text: text.hasPrefix("-") ? String(text.dropFirst()) : text))
            guard case .amount(let y, let unit) = tokens.first?.kind else {
                Issue.record("\(text) did not read as an amount")
                return
            }
            #expect(unit == shown)
            #expect((text.hasPrefix("-") ? -y : y) == exact, "\(text)")
        }
    }
}
