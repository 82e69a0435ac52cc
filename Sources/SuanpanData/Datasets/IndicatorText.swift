import SuanpanLanguage

#if canImport(Glibc)
    import Glibc
#endif

/// What an indicator's 年度指标值 or 实际完成值 says (rules.md): a direction, a
/// number and a unit (`≥20个`, `≤2小时`, `=4个`, `≥95%`, `8.9T`, `≥300个`), a date
/// (`2022年12月20日`), a qualitative word (`完成`, `较高`, `及时`), or `#####`.
public enum IndicatorText: Equatable, Sendable {
    public enum Direction: String, Sendable {
        /// ≥: more is better.
        case atLeast = "≥"
        /// ≤: less is better (反向).
        case atMost = "≤"
        /// =: scored like ≥.
        case equal = "="
        /// No symbol (`100%`, `1个`): scored like ≥.
        case none = ""
    }

    case quantity(Direction, Rational, unit: String)
    case date(year: Int, month: Int, day: Int)
    case qualitative(String)
    /// A direction symbol with no number after it (`≥abc`): cannot be scored.
    case invalid(String)
    case unreadable
    case empty

    /// Parses a cell's text. Full-width forms are folded; `%` makes the number a ratio
    /// (95% → 0.95) and stays as the unit. Results are remembered: the same texts
    /// (`≥95%`, `完成`) recur across thousands of indicators.
    public static func parse(_ raw: String) -> IndicatorText {
        if let known = memo.get(raw) { return known }
        let parsed = parseUncached(raw)
        memo.put(raw, parsed)
        return parsed
    }

    package static let memo = ParseMemo()

    /// A bounded, locked memo of parsed texts.
    package final class ParseMemo: @unchecked Sendable {
        private var entries: [ByteKey: IndicatorText] = [:]
        private var lock = pthread_mutex_t()
        package init() { pthread_mutex_init(&lock, nil) }

        package func get(_ key: String) -> IndicatorText? {
            pthread_mutex_lock(&lock)
            defer { pthread_mutex_unlock(&lock) }
            return entries[ByteKey(key)]
        }

        package func put(_ key: String, _ value: IndicatorText) {
            pthread_mutex_lock(&lock)
            defer { pthread_mutex_unlock(&lock) }
            if entries.count > 200_000 { entries.removeAll() }
            entries[ByteKey(key)] = value
        }
    }

    /// The common forms read straight from a cell's bytes — an optional direction, ASCII
    /// digits with an optional fraction, a unit (`≥20个`, `≤2小时`, `95%`, `4`) — with
    /// the same result as `parseUncached`; nil for anything else (full-width forms,
    /// dates, words, separators), which the general parser handles.
    static func parseCommon(_ b: UnsafeBufferPointer<UInt8>) -> IndicatorText? {
        @inline(__always) func isSpace(_ c: UInt8) -> Bool { c == 32 || c == 9 || c == 13 }
        var lo = 0
        var hi = b.count
        while lo < hi && isSpace(b[lo]) { lo += 1 }
        while hi > lo && isSpace(b[hi - 1]) { hi -= 1 }
        guard lo < hi else { return nil }
        // Only ASCII and three-byte CJK/symbol sequences outside the full-width block,
        // the ideographic space and combining marks (which the general parser folds or
        // treats as part of a character).
        var i = lo
        while i < hi {
            let c = b[i]
            if c < 0x80 {
                i += 1
                continue
            }
            guard c >= 0xE2 && c <= 0xE9, c != 0xE3, i + 2 < hi else { return nil }
            // U+2000–U+203F (zero-width joiners and spaces), U+20C0–U+20FF and U+2CC0–U+2CFF
            // (combining marks): characters that join their neighbours.
            if c == 0xE2 && (b[i + 1] == 0x80 || b[i + 1] == 0x83 || b[i + 1] == 0xB3) { return nil }
            i += 3
        }
        // Dates end in 日 (E6 97 A5); ##### is unreadable.
        if hi - lo >= 3 && b[hi - 3] == 0xE6 && b[hi - 2] == 0x97 && b[hi - 1] == 0xA5 { return nil }
        if b[lo] == UInt8(ascii: "#") { return nil }
        var direction = Direction.none
        // The general parser's order: >=, <=, ≥, ≤, ≧, ≦, =, >, <.
        if hi - lo >= 2 && b[lo + 1] == UInt8(ascii: "=") && (b[lo] == UInt8(ascii: ">") || b[lo] == UInt8(ascii: "<")) {
            direction = b[lo] == UInt8(ascii: ">") ? .atLeast : .atMost
            lo += 2
        } else if hi - lo >= 3 && b[lo] == 0xE2 && b[lo + 1] == 0x89 {
            switch b[lo + 2] {
            case 0xA5, 0xA7: direction = .atLeast  // ≥ ≧
            case 0xA4, 0xA6: direction = .atMost  // ≤ ≦
            default: return nil
            }
            lo += 3
        } else if b[lo] == UInt8(ascii: "=") || b[lo] == UInt8(ascii: ">") || b[lo] == UInt8(ascii: "<") {
            direction = b[lo] == UInt8(ascii: "=") ? .equal : (b[lo] == UInt8(ascii: ">") ? .atLeast : .atMost)
            lo += 1
        }
        while lo < hi && isSpace(b[lo]) { lo += 1 }
        // digits(.digits)?, then a unit that starts with neither a digit, a dot nor a comma.
        let intStart = lo
        while lo < hi && b[lo] >= 48 && b[lo] <= 57 { lo += 1 }
        let intEnd = lo
        guard intEnd > intStart, intEnd - intStart <= 18 else { return nil }
        var fracStart = lo
        var fracEnd = lo
        if lo < hi && b[lo] == UInt8(ascii: ".") {
            lo += 1
            fracStart = lo
            while lo < hi && b[lo] >= 48 && b[lo] <= 57 { lo += 1 }
            fracEnd = lo
            guard fracEnd > fracStart, fracEnd - intStart <= 19 else { return nil }
        }
        if lo < hi && (b[lo] == UInt8(ascii: ".") || b[lo] == UInt8(ascii: ",")) { return nil }
        guard
            var value = DecimalText.parse(
                integerDigits: UnsafeBufferPointer(rebasing: b[intStart..<intEnd]),
                fractionDigits: UnsafeBufferPointer(rebasing: b[fracStart..<fracEnd]))
        else { return nil }
        while lo < hi && isSpace(b[lo]) { lo += 1 }
        let unit = String(decoding: UnsafeBufferPointer(rebasing: b[lo..<hi]), as: UTF8.self)
        if unit == "%" { value = value / .hundred }
        return .quantity(direction, value, unit: unit)
    }

    static func parseUncached(_ raw: String) -> IndicatorText {
        var scalars: [Unicode.Scalar] = []
        for s in raw.unicodeScalars {
            if s.value >= 0xFF01 && s.value <= 0xFF5E, let f = Unicode.Scalar(s.value - 0xFEE0) {
                scalars.append(f)
            } else if s.value != 0x3000 {
                scalars.append(s)
            }
        }
        let text = String(String.UnicodeScalarView(scalars)).trimmingSpaces()
        if text.isEmpty { return .empty }
        if text.count >= 3 && text.allSatisfy({ $0 == "#" }) { return .unreadable }
        if let d = date(text) { return d }
        var rest = Substring(text)
        var direction = Direction.none
        for (symbol, dir) in [
            (">=", Direction.atLeast), ("<=", .atMost), ("≥", .atLeast), ("≤", .atMost), ("≧", .atLeast),
            ("≦", .atMost), ("=", .equal), (">", .atLeast), ("<", .atMost),
        ] where rest.hasPrefix(symbol) {
            direction = dir
            rest = rest.dropFirst(symbol.count)
            break
        }
        rest = Substring(String(rest).trimmingSpaces())
        var digits = ""
        var seenDot = false
        while let c = rest.first, c.isASCII, c.isNumber || (c == "." && !seenDot) || c == "," {
            if c == "." { seenDot = true }
            if c != "," { digits.append(c) }
            rest = rest.dropFirst()
        }
        guard !digits.isEmpty, digits != ".", var value = DecimalText.parse(digits) else {
            return direction == .none ? .qualitative(text) : .invalid(text)
        }
        let unit = String(rest).trimmingSpaces()
        if unit == "%" { value = value / .hundred }
        return .quantity(direction, value, unit: unit)
    }

    package static func date(_ text: String) -> IndicatorText? {
        guard text.hasSuffix("日"), text.contains("年") else { return nil }
        let parts = text.split(whereSeparator: { "年月日".contains($0) })
        guard text.hasSuffix("日"), parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
            (1...12).contains(m), (1...31).contains(d)
        else { return nil }
        return .date(year: y, month: m, day: d)
    }

    /// The text written back in canonical form: `≥20个`, `95%`, `2022年12月20日`.
    public var canonical: String {
        switch self {
        case .quantity(let dir, let v, let unit):
            let shown = unit == "%" ? v * .hundred : v
            return dir.rawValue + NumberFormat(precision: 6, maxExactPlaces: 12).plain(shown).replacingCommas() + unit
        case .date(let y, let m, let d): return "\(y)年\(m)月\(d)日"
        case .qualitative(let t), .invalid(let t): return t
        case .unreadable: return "#####"
        case .empty: return ""
        }
    }

    // MARK: Units

    /// Units of one quantity and their size in a common base.
    static let unitGroups: [[String: Rational]] = [
        [
            "天": Rational(86_400), "小时": Rational(3_600), "时": Rational(3_600), "分钟": Rational(60), "秒": .one,
            "毫秒": Rational.fraction(1, 1_000),
        ],
        [
            "T": Rational(1 << 40), "TB": Rational(1 << 40), "G": Rational(1 << 30), "GB": Rational(1 << 30),
            "M": Rational(1 << 20), "MB": Rational(1 << 20), "K": Rational(1 << 10), "KB": Rational(1 << 10),
        ],
        ["亿元": Rational(100_000_000), "万元": Rational(10_000), "元": .one],
    ]

    /// How many `to` one `from` is, when both are units of the same quantity.
    public static func conversion(from: String, to: String) -> Rational? {
        if from == to { return .one }
        for g in unitGroups {
            if let a = g[from], let b = g[to] { return a / b }
        }
        return nil
    }
}

extension String {
    func replacingCommas() -> String { String(filter { $0 != "," }) }
}

extension IndicatorText {
    /// A text read as a quantity that is not one a rule can score (rules.md, "Needs
    /// judgement"): a date written without its day (`2023年12月`, `2023.6.30`,
    /// `20231231`), or a direction written in words after the unit (`30分钟以内`,
    /// `95%以上`), which the reader of issue 17 will learn; until then, judgement.
    /// (Worked out once per distinct text, when its argument is made: see
    /// `IndicatorArgument.oddQuantity`.) The reason, after the role's name.
    package var oddQuantity: String? {
        let t = self
        guard case .quantity(_, let v, let unit) = t, !unit.isEmpty || v > Rational(1_000_000) else { return nil }
        if unit.contains(where: { $0.isASCII && $0.isNumber }) || unit.hasPrefix("年") || unit.hasPrefix("月") || unit.hasPrefix(".")
            || unit.hasPrefix("/") || unit.hasPrefix("-")
        {
            return "「\(t.canonical)」像是日期，但不是「2023年12月20日」这样的写法，还不能按日期计分"
        }
        if unit.isEmpty, v.isInteger, let n = v.intValue, (19_000_101...21_001_231).contains(n), (1...12).contains(n / 100 % 100),
            (1...31).contains(n % 100)
        {
            return "「\(t.canonical)」像是日期（年月日连写），无法按数量计分"
        }
        for word in ["以内", "之内", "以下", "以上", "及以上", "及以下", "之前", "以前", "前", "底", "左右"] where unit.hasSuffix(word) {
            return "「\(t.canonical)」的方向写在文字里（「\(word)」），还不能按它计分"
        }
        return nil
    }
}
