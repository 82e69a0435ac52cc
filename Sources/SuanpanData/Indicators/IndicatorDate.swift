/// A date or a period an indicator text names (`2023年12月`, `12月底前`, `2023年底`,
/// `上半年`, `1-12月`, `2023年12月31日前`, a year alone `2019年`), by the day it ends:
/// a deadline is met when the work's period ends on or before the deadline's
/// (issue 17: "a deadline is the end of the period it names"; a range means its end).
public struct IndicatorDate: Equatable, Hashable, Sendable {
    /// How much of the calendar the text names.
    public enum Period: Equatable, Hashable, Sendable {
        case day
        /// 上旬, 中旬, 下旬 (ends on the 10th, the 20th, the month's last day).
        case tenDays
        case month
        case quarter
        case half
        case year
    }

    /// Nil when the text gives none (`12月底前`): the evaluation year applies.
    public var year: Int?
    public var month: Int
    /// Nil for the last day of the month (which depends on the year for February).
    public var day: Int?
    public var period: Period

    public init(year: Int?, month: Int, day: Int?, period: Period) {
        self.year = year
        self.month = month
        self.day = day
        self.period = period
    }

    /// The last day of the period in `year` (the text's own year when it has one).
    public func end(in year: Int) -> (year: Int, month: Int, day: Int) {
        let y = self.year ?? year
        return (y, month, day ?? IndicatorDate.daysIn(month: month, year: y))
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// `2023-12-31`, or `12-31` without a year.
    public func endDescribed(in year: Int?) -> String {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        if let y = self.year ?? year {
            let e = end(in: y)
            return "\(e.year)-\(two(e.month))-\(two(e.day))"
        }
        return "\(two(month))-\(two(day ?? IndicatorDate.daysIn(month: month, year: 2001)))"
    }

    /// The text written back: `2022年12月20日`, `2023年12月`, `2023年第4季度`, `2023年`.
    public var canonical: String {
        let y = year.map { "\($0)年" } ?? ""
        switch period {
        case .day: return "\(y)\(month)月\(day ?? 0)日"
        case .tenDays: return "\(y)\(month)月" + (day == 10 ? "上旬" : day == 20 ? "中旬" : "下旬")
        case .month: return "\(y)\(month)月"
        case .quarter: return "\(y)第\(month / 3)季度"
        case .half: return y + (month == 6 ? "上半年" : "下半年")
        case .year: return year.map { "\($0)年" } ?? "年底"
        }
    }

    /// Whether `actual`'s period ends on or before `deadline`'s. Without a year on one
    /// side, the evaluation year (else the other side's year) supplies it; with no year
    /// on either side the months and days decide. Nil when one side has a year, the
    /// other none, and there is no year to give it.
    public static func met(deadline: IndicatorDate, actual: IndicatorDate, evaluationYear: Int?) -> Bool? {
        guard let y = IndicatorDate.commonYear(deadline, actual, evaluationYear) else { return nil }
        let d = deadline.end(in: y)
        let a = actual.end(in: y)
        return (a.year, a.month, a.day) <= (d.year, d.month, d.day)
    }

    /// The year that completes texts without one: the evaluation year, else the other
    /// text's year; any year (2001) when neither text has one.
    public static func commonYear(_ a: IndicatorDate, _ b: IndicatorDate, _ evaluationYear: Int?) -> Int? {
        if a.year != nil && b.year != nil { return a.year }
        if a.year == nil && b.year == nil { return evaluationYear ?? 2001 }
        return evaluationYear ?? a.year ?? b.year
    }
}

// MARK: Reading

extension IndicatorDate {
    /// Words around a date that do not change the day it ends: `截至2023年12月`,
    /// `12月底前完成`, `2023年12月31日前`.
    static let leadingWords = ["截至", "截止到", "截止", "计划于", "于", "在"]
    static let trailingWords = [
        "前完成", "内完成", "底前", "末前", "之前", "以前", "前", "完成", "以内", "之内", "内", "止", "为止", "。", "；", ";", "，", ",",
    ]

    /// Reads a date or period; nil when the text is not one. `deadline` says whether a
    /// year alone (`2019年`) is a date (a 时效 text) — it always is with a word such as
    /// 底, 前 or 完成; otherwise `15年` and `2019年` are years of duration.
    package static func read(_ text: String) -> IndicatorDate? {
        var s = Substring(text)
        for w in leadingWords where s.hasPrefix(w) {
            s = s.dropFirst(w.count)
            break
        }
        // The end of a range is the period it names: `1-12月`, `2023年1月至12月`,
        // `2023.1-2023.12`.
        var firstYear: Int?
        for separator in ["至", "~", "～", "—", "－", "-", "到"] {
            guard let r = s.range(of: separator, options: .backwards) else { continue }
            let before = s[..<r.lowerBound]
            let after = s[r.upperBound...]
            guard !before.isEmpty, !after.isEmpty else { continue }
            // `2023-06-30` is one date, not a range.
            if separator == "-", IndicatorDate.numeric(String(s)) != nil { break }
            if let start = IndicatorDate.readOne(String(before), year: nil) ?? IndicatorDate.bareMonth(before) {
                firstYear = start.year
                s = after
            }
            break
        }
        return readOne(String(s), year: firstYear)
    }

    /// `1` in `1-12月`: a month number before a range's end.
    static func bareMonth(_ s: Substring) -> IndicatorDate? {
        guard let m = Int(s), (1...12).contains(m) else { return nil }
        return IndicatorDate(year: nil, month: m, day: nil, period: .month)
    }

    /// `2023.6.30`, `2023-06-30`, `2023/6/30`.
    static func numeric(_ s: String) -> IndicatorDate? {
        for separator: Character in [".", "-", "/"] {
            let parts = s.split(separator: separator, omittingEmptySubsequences: false)
            guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), parts[0].count == 4,
                (1949...2100).contains(y), (1...12).contains(m), (1...daysIn(month: m, year: y)).contains(d)
            else { continue }
            return IndicatorDate(year: y, month: m, day: d, period: .day)
        }
        return nil
    }

    static func readOne(_ whole: String, year inherited: Int?) -> IndicatorDate? {
        var s = Substring(whole)
        // Strip the words after the date, longest first, as often as they come.
        var stripped = true
        while stripped {
            stripped = false
            for w in trailingWords where s.count > w.count && s.hasSuffix(w) {
                s = s.dropLast(w.count)
                stripped = true
                break
            }
        }
        if let d = numeric(String(s)) { return d }
        var year: Int? = inherited
        var hasOwnYear = false
        // A four-digit year and 年 (or 年度).
        if let k = s.firstIndex(of: "年"), let y = Int(s[..<k]), s[..<k].count == 4, (1949...2100).contains(y) {
            year = y
            hasOwnYear = true
            s = s[s.index(after: k)...]
            if s.hasPrefix("度") { s = s.dropFirst() }
        }
        if s.isEmpty {
            // A year alone is a date as a deadline's word (底/前/完成 stripped) — and a
            // bare four-digit calendar year is read as one too (`2019年`).
            guard hasOwnYear else { return nil }
            return IndicatorDate(year: year, month: 12, day: 31, period: .year)
        }
        switch s {
        case "底", "末", "年", "年底", "年末", "全年", "年内", "当年", "本年", "本年度":
            // `年底` with no year: the evaluation year's end.
            if !hasOwnYear && (s == "底" || s == "末") { return nil }
            return IndicatorDate(year: year, month: 12, day: 31, period: .year)
        case "上半年": return IndicatorDate(year: year, month: 6, day: 30, period: .half)
        case "下半年": return IndicatorDate(year: year, month: 12, day: 31, period: .half)
        default: break
        }
        // A quarter: 第三季度, 三季度, 第3季度, 4季度.
        if s.hasSuffix("季度") || s.hasSuffix("季") {
            var q = s.hasSuffix("季度") ? s.dropLast(2) : s.dropLast(1)
            for w in ["度末", "末", "底"] where q.hasSuffix(w) { q = q.dropLast(w.count) }
            if q.hasPrefix("第") { q = q.dropFirst() }
            guard let n = Int(q) ?? ChineseNumerals.value(String(q)).flatMap({ $0.intValue }), (1...4).contains(n) else { return nil }
            return IndicatorDate(year: year, month: n * 3, day: nil, period: .quarter)
        }
        // A month, then a day or a part of the month.
        guard let mk = s.firstIndex(of: "月") else { return nil }
        let monthText = s[..<mk]
        guard let month = Int(monthText) ?? ChineseNumerals.value(String(monthText)).flatMap({ $0.intValue }), (1...12).contains(month)
        else { return nil }
        var rest = s[s.index(after: mk)...]
        if rest.isEmpty || rest == "底" || rest == "末" || rest == "份" || rest == "份底" {
            return IndicatorDate(year: year, month: month, day: nil, period: .month)
        }
        switch rest {
        case "上旬", "初": return IndicatorDate(year: year, month: month, day: 10, period: .tenDays)
        case "中旬": return IndicatorDate(year: year, month: month, day: 20, period: .tenDays)
        case "下旬": return IndicatorDate(year: year, month: month, day: nil, period: .tenDays)
        default: break
        }
        if rest.hasSuffix("日") || rest.hasSuffix("号") { rest = rest.dropLast() }
        guard let day = Int(rest), day >= 1, day <= daysIn(month: month, year: year ?? 2000) else { return nil }
        return IndicatorDate(year: year, month: month, day: day, period: .day)
    }
}
