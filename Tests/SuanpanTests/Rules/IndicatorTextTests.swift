import PropertyBased
import Testing

@testable import Suanpan
@testable import SuanpanCharts
@testable import SuanpanData
@testable import SuanpanEvaluation
@testable import SuanpanLanguage

@Suite struct IndicatorTextTests {
    func q(_ d: IndicatorText.Direction, _ v: String, _ unit: String) -> IndicatorText {
        .quantity(d, DecimalText.parse(v) ?? .zero, unit: unit)
    }

    /// Every form the seed's tables print (rules.md's list).
    @Test func theSeedsTexts() {
        #expect(IndicatorText.parse("≥20个") == q(.atLeast, "20", "个"))
        #expect(IndicatorText.parse("≤2小时") == q(.atMost, "2", "小时"))
        #expect(IndicatorText.parse("=4个") == q(.equal, "4", "个"))
        #expect(IndicatorText.parse("≥95%") == q(.atLeast, "0.95", "%"))
        #expect(IndicatorText.parse("≤800毫秒") == q(.atMost, "800", "毫秒"))
        #expect(IndicatorText.parse("8.9T") == q(.none, "8.9", "T"))
        #expect(IndicatorText.parse("≥300个") == q(.atLeast, "300", "个"))
        #expect(IndicatorText.parse("≤7167.57万元") == q(.atMost, "7167.57", "万元"))
        #expect(IndicatorText.parse("≥1天/次") == q(.atLeast, "1", "天/次"))
        #expect(IndicatorText.parse("2022年12月20日") == .date(year: 2022, month: 12, day: 20))
        #expect(IndicatorText.parse("完成") == .qualitative("完成"))
        #expect(IndicatorText.parse("较高") == .qualitative("较高"))
        #expect(IndicatorText.parse("#####") == .unreadable)
        #expect(IndicatorText.parse("") == .empty)
        #expect(IndicatorText.parse("≥abc") == .invalid("≥abc"))
    }

    @Test func directionSymbolsAndFullWidthForms() {
        for (text, dir) in [
            (">=5个", IndicatorText.Direction.atLeast), ("<=5个", .atMost), ("＞=5个", .atLeast), ("＜=5个", .atMost),
            ("≧5个", .atLeast), ("≦5个", .atMost), ("＝5个", .equal), ("≥ 5 个", .atLeast),
        ] {
            #expect(IndicatorText.parse(text) == q(dir, "5", "个"), "\(text)")
        }
        #expect(IndicatorText.parse("≥９５％") == q(.atLeast, "0.95", "%"))
        #expect(IndicatorText.parse("≥1,000个") == q(.atLeast, "1000", "个"))
    }

    @Test func unitConversion() {
        #expect(IndicatorText.conversion(from: "小时", to: "分钟") == Rational(60))
        #expect(IndicatorText.conversion(from: "秒", to: "毫秒") == Rational(1000))
        #expect(IndicatorText.conversion(from: "T", to: "G") == Rational(1024))
        #expect(IndicatorText.conversion(from: "万元", to: "元") == Rational(10_000))
        #expect(IndicatorText.conversion(from: "个", to: "小时") == nil)
        #expect(IndicatorText.conversion(from: "个", to: "个") == .one)
    }

    static let directions = Gen.element(of: [IndicatorText.Direction.atLeast, .atMost, .equal, .none])
    static let units = Gen.element(of: ["个", "小时", "%", "毫秒", "T", "万元", "人次", ""])
    static let amounts = zip(Gen.int64(in: 0...99_999_999), Gen.int(in: 0...3))
        .map { (n: Int64, p: Int) in Rational.fraction(n, Rational.smallPowersOfTen[p]) }

    /// print ∘ parse is the identity on canonical texts.
    @Test func printThenParseGivesItBack() async {
        await propertyCheck(input: Self.directions, Self.amounts, Self.units) { dir, amount, unit in
            guard let dir, let unit else { return }
            let value = unit == "%" ? amount / .hundred : amount
            let original = IndicatorText.quantity(dir, value, unit: unit)
            #expect(IndicatorText.parse(original.canonical) == original, "\(original.canonical)")
        }
    }

    /// The byte-level reader of common forms (used for whole columns) gives exactly what
    /// the general parser gives, on texts built from the pieces that trip parsers:
    /// direction signs, full-width forms, separators, joiners, combining marks, dates.
    @Test func commonFormsAgreeWithTheGeneralParser() async {
        let pieces = [
            "≥", "≤", "≧", "≦", ">=", "<=", "=", ">", "<", " ", "\t", "1", "20", "0", "9", ".", ",", "%", "个", "小时",
            "T", "毫秒", "完成", "年", "月", "日", "#", "５", "\u{3000}", "−", "\u{200D}", "\u{0301}", "a", "≠", "人次",
        ]
        let gen = zip(
            Gen.element(of: pieces), Gen.element(of: pieces), Gen.element(of: pieces), Gen.element(of: pieces), Gen.int(in: 1...4))
        await propertyCheck(count: 2_000, input: gen) { a, b, c, d, k in
            let text = [a, b, c, d].prefix(k).compactMap { $0 }.joined()
            var bytes = text
            let common = bytes.withUTF8 { IndicatorText.parseCommon($0) }
            if let common { #expect(common == IndicatorText.parseUncached(text), "\(text)") }
        }
        // The forms of the seed and of the province benchmark do take the byte path.
        for text in ["≥95%", "≤2小时", "=4个", "4", "93.5%", "≥123人次", " ≥ 20 个 ", ">=5"] {
            var bytes = text
            #expect(bytes.withUTF8 { IndicatorText.parseCommon($0) } == IndicatorText.parseUncached(text), "\(text)")
        }
    }
}
