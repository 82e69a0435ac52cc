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
        #expect(IndicatorText.parse("2022年12月20日") == .date(IndicatorDate(year: 2022, month: 12, day: 20, period: .day)))
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
            "以上", "以内", "万", "约", "百分比", "(含)", "月底", "﹦", "三", "个", "-", "/", ";", "前", "不低于", "2023",
            "\u{2DEE}", "\u{2D7F}", "\u{20DD}", "\u{2060}", "億", "個", "\r",
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

    // MARK: Forms of published tables (issue 17)

    func date(_ y: Int?, _ m: Int, _ d: Int?, _ p: IndicatorDate.Period) -> IndicatorText {
        .date(IndicatorDate(year: y, month: m, day: d, period: p))
    }

    @Test func datesAndPeriods() {
        #expect(IndicatorText.parse("2023年12月") == date(2023, 12, nil, .month))
        #expect(IndicatorText.parse("2023年10月") == date(2023, 10, nil, .month))
        #expect(IndicatorText.parse("2019年") == date(2019, 12, 31, .year))
        #expect(IndicatorText.parse("9月前") == date(nil, 9, nil, .month))
        #expect(IndicatorText.parse("12月底前") == date(nil, 12, nil, .month))
        #expect(IndicatorText.parse("12月20日") == date(nil, 12, 20, .day))
        #expect(IndicatorText.parse("2023年12月31日前") == date(2023, 12, 31, .day))
        #expect(IndicatorText.parse("2023年底") == date(2023, 12, 31, .year))
        #expect(IndicatorText.parse("1-12月") == date(nil, 12, nil, .month))
        #expect(IndicatorText.parse("2023年1月至12月") == date(2023, 12, nil, .month))
        #expect(IndicatorText.parse("上半年") == date(nil, 6, 30, .half))
        #expect(IndicatorText.parse("2022年第三季度") == date(2022, 9, nil, .quarter))
        #expect(IndicatorText.parse("2023.6.30") == date(2023, 6, 30, .day))
        #expect(IndicatorText.parse("2021年12月完成") == date(2021, 12, nil, .month))
        #expect(IndicatorText.parse("2020年全年。") == date(2020, 12, 31, .year))
        #expect(IndicatorText.parse("年底前") == date(nil, 12, 31, .year))
        // Durations stay numbers.
        #expect(IndicatorText.parse("≥15年") == q(.atLeast, "15", "年"))
        #expect(IndicatorText.parse("3个工作日") == q(.none, "3", "个工作日"))
        #expect(IndicatorText.parse("2小时") == q(.none, "2", "小时"))
        #expect(IndicatorText.parse("10-20人") == q(.none, "10", "-20人") || IndicatorText.parse("10-20人").oddQuantity != nil)
    }

    @Test func deadlinesAreTheEndsOfTheirPeriods() {
        func met(_ t: String, _ a: String, year: Int? = 2023) -> Bool? {
            guard case .date(let d) = IndicatorText.parse(t), case .date(let x) = IndicatorText.parse(a) else { return nil }
            return IndicatorDate.met(deadline: d, actual: x, evaluationYear: year)
        }
        #expect(met("2023年12月", "2023年10月") == true)
        #expect(met("2019年", "2020年") == false)
        #expect(met("9月前", "7月") == true)
        #expect(met("12月底前", "12月20日") == true)
        #expect(met("2023年12月31日前", "2024年1月") == false)
        #expect(met("上半年", "7月") == false)
        #expect(met("12月底前", "2024年1月", year: nil) == nil || met("12月底前", "2024年1月", year: nil) == true)
        #expect(met("12月底前", "2024年1月", year: 2023) == false)
        // February's end depends on the year: the actual's, when there is no evaluation year.
        #expect(met("2月", "2024年2月29日", year: nil) == true)
        #expect(met("2月", "2024年2月29日", year: 2023) == false)
    }

    @Test func directionWordsAndSymbols() {
        for text in ["═5个", "﹦5个", "＝5个", "等于5个"] { #expect(IndicatorText.parse(text) == q(.equal, "5", "个"), "\(text)") }
        for text in ["＞5个", "≧5个", "大于等于5个", "不低于5个", "不少于5个", "5个以上", "5个及以上", "至少5个"] {
            #expect(IndicatorText.parse(text) == q(.atLeast, "5", "个"), "\(text)")
        }
        for text in ["不超过5个", "5个以下", "5个以内", "≤5个（含）", "小于等于5个"] {
            #expect(IndicatorText.parse(text) == q(.atMost, "5", "个"), "\(text)")
        }
        #expect(IndicatorText.parse("98%以上") == q(.atLeast, "0.98", "%"))
        #expect(IndicatorText.parse("100%（含）") == q(.none, "1", "%"))
        #expect(IndicatorText.parse("≥100百分比") == q(.atLeast, "1", "%"))
        #expect(IndicatorText.parse("100%覆盖") == q(.none, "1", "%"))
        #expect(IndicatorText.parse("约12000平方米") == q(.none, "12000", "平方米"))
        if case .invalid = IndicatorText.parse("≥5天以内") {} else { Issue.record("≥…以内 disagrees with itself") }
    }

    @Test func unitsAndMultipliers() {
        #expect(IndicatorText.conversion(from: "人次", to: "万人次") == Rational.fraction(1, 10_000))
        #expect(IndicatorText.conversion(from: "万元", to: "亿元") == Rational.fraction(1, 10_000))
        #expect(IndicatorText.conversion(from: "厘米", to: "米") == Rational.fraction(1, 100))
        #expect(IndicatorText.conversion(from: "分钟", to: "小时") == Rational.fraction(1, 60))
        #expect(IndicatorText.conversion(from: "万亩", to: "亩") == Rational(10_000))
        #expect(IndicatorText.conversion(from: "人", to: "人次") == nil)
        #expect(IndicatorText.parse("\"10,800\"") != .empty)
        #expect(IndicatorText.parse("10,800") == q(.none, "10800", ""))
    }

    @Test func numbersInCharacters() {
        #expect(IndicatorText.parse("三个") == q(.none, "3", "个"))
        #expect(IndicatorText.parse("十二项") == q(.none, "12", "项"))
        #expect(IndicatorText.parse("两次") == q(.none, "2", "次"))
        #expect(IndicatorText.parse("≥二十五人") == q(.atLeast, "25", "人"))
        #expect(IndicatorText.parse("一致") == .qualitative("一致"))
        #expect(IndicatorText.parse("三公经费") == .qualitative("三公经费"))
        #expect(ChineseNumerals.value("一百零五") == Rational(105))
        #expect(ChineseNumerals.value("两万") == Rational(20_000))
    }

    @Test func qualitativeClasses() {
        for w in ["达成预期指标", "达到预期", "按期完成", "较好", "良好", "显著", "明显提升", "完成", "是"] {
            #expect(IndicatorText.attainment(w) == .met, "\(w)")
        }
        for w in ["基本完成", "部分完成", "基本达到"] { #expect(IndicatorText.attainment(w) == .partly, "\(w)") }
        for w in ["未完成", "未达到", "否"] { #expect(IndicatorText.attainment(w) == .unmet, "\(w)") }
        #expect(IndicatorText.attainment("全天候") == .unknown)
    }
}
