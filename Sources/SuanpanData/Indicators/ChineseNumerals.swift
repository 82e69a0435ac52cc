import SuanpanLanguage

/// Numbers written in Chinese characters, as indicator texts write small counts:
/// `三个`, `十二项`, `两次`, `二十五人`, `一百零五户`, `1.5万` is not one (digits).
package enum ChineseNumerals {
    static let digits: [Character: Int] = [
        "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
    ]
    static let units: [Character: Int] = ["十": 10, "百": 100, "千": 1_000]
    static let bigUnits: [Character: Int] = ["万": 10_000, "亿": 100_000_000]

    /// Whether `c` can be part of a number written in characters.
    static func isNumeral(_ c: Character) -> Bool { digits[c] != nil || units[c] != nil || bigUnits[c] != nil }

    /// The value of a whole text of numerals (`十二` → 12, `两` → 2, `一百零五` → 105),
    /// or nil when it is not one.
    package static func value(_ text: String) -> Rational? {
        guard let first = text.first, digits[first] != nil || first == "十" else { return nil }
        var total = 0  // completed 万/亿 groups
        var section = 0  // within the current group
        var digit: Int? = nil
        for c in text {
            if let d = digits[c] {
                if d == 0 { continue }  // 一百零五: 零 holds a place
                if digit != nil { return nil }  // 二三: not a number
                digit = d
            } else if let u = units[c] {
                section += (digit ?? 1) * u
                digit = nil
            } else if let b = bigUnits[c] {
                section += digit ?? 0
                guard section > 0 else { return nil }
                total = (total + section) * b
                section = 0
                digit = nil
            } else {
                return nil
            }
        }
        section += digit ?? 0
        return Rational(total + section)
    }

    /// A leading run of numerals and its value: `三个` → (3, "个").
    static func leading(_ text: Substring) -> (value: Rational, rest: Substring)? {
        var end = text.startIndex
        while end < text.endIndex, isNumeral(text[end]) { end = text.index(after: end) }
        // The longest run that is a number (`一万人` → 10000, 人); shorter ones when it is
        // not (`三三个`: 三, then 三个).
        var k = end
        while k > text.startIndex {
            if let v = value(String(text[text.startIndex..<k])) { return (v, text[k...]) }
            k = text.index(before: k)
        }
        return nil
    }
}
