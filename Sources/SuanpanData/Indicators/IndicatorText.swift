import SuanpanLanguage

#if canImport(Glibc)
    import Glibc
#endif

/// What an indicator's 年度指标值 or 实际完成值 says (rules.md): a direction, a
/// number and a unit (`≥20个`, `≤2小时`, `=4个`, `≥95%`, `8.9T`, `不低于98%`,
/// `98%以上`, `≥1万人次`, `三个`), a date or period (`2022年12月20日`, `2023年12月`,
/// `12月底前`, `上半年`), a qualitative word (`完成`, `较高`, `达成预期指标`), or `#####`.
///
/// This file and its neighbours in `Indicators/` are the one place indicator texts
/// are read; the corpus of published pairs (Tests/Fixtures/indicator-corpus) is its
/// specification. A text it cannot classify is qualitative or invalid, which the
/// rules treat as needing judgement — never a guess.
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
    case date(IndicatorDate)
    case qualitative(String)
    /// A direction with no number after it (`≥abc`), or two that disagree (`≥5天以内`):
    /// cannot be scored.
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
    package static func parseCommon(_ b: UnsafeBufferPointer<UInt8>) -> IndicatorText? {
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
            // Characters that join their neighbours — combining marks (U+20D0…, U+2CEF…,
            // U+2DE0…, …), zero-width joiners and spaces (U+2000–U+206F) — make one
            // Character with what precedes them: the general parser's.
            let scalar = (UInt32(c & 0x0F) << 12) | (UInt32(b[i + 1] & 0x3F) << 6) | UInt32(b[i + 2] & 0x3F)
            if (0x2000...0x206F).contains(scalar) { return nil }
            if let u = Unicode.Scalar(scalar) {
                switch u.properties.generalCategory {
                case .nonspacingMark, .spacingMark, .enclosingMark, .format: return nil
                default: break
                }
            }
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
            let value = DecimalText.parse(
                integerDigits: UnsafeBufferPointer(rebasing: b[intStart..<intEnd]),
                fractionDigits: UnsafeBufferPointer(rebasing: b[fracStart..<fracEnd]))
        else { return nil }
        while lo < hi && isSpace(b[lo]) { lo += 1 }
        // A unit of plain ASCII (`%`, `T`, `GB`) or the usual measure words reads the
        // same way on both paths; anything with a date's or a direction's characters
        // is the general reader's.
        var k = lo
        while k < hi {
            if b[k] >= 0x80 {
                // 年 月 日 号 季 旬 前 底 末 内 上 下 约 含 (first two bytes of their UTF-8).
                if k + 2 < hi, IndicatorText.generalOnly(b[k], b[k + 1], b[k + 2]) { return nil }
                k += 3
            } else {
                if b[k] == UInt8(ascii: "(") || b[k] == UInt8(ascii: "-") || b[k] == UInt8(ascii: "/") && k == lo { return nil }
                k += 1
            }
        }
        // Trailing punctuation is dropped by the general reader.
        if hi > lo && (b[hi - 1] == UInt8(ascii: ",") || b[hi - 1] == UInt8(ascii: ";")) { return nil }
        let unit = String(decoding: UnsafeBufferPointer(rebasing: b[lo..<hi]), as: UTF8.self)
        return IndicatorText.quantity(direction, value, unitText: unit)
    }

    /// Characters after a number that only the general reader handles: those of dates
    /// (年 月 日 号 季 旬), of directions written as words (前 底 末 内 上 下 以 不),
    /// approximations (约 左) and notes (含), and 百 (`百分比`), 万/亿/千 multipliers
    /// read fine on both paths.
    @inline(__always)
    static func generalOnly(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Bool {
        switch (a, b, c) {
        case (0xE5, 0xB9, 0xB4),  // 年
            (0xE6, 0x9C, 0x88),  // 月
            (0xE6, 0x97, 0xA5),  // 日
            (0xE5, 0x8F, 0xB7),  // 号
            (0xE5, 0xAD, 0xA3),  // 季
            (0xE6, 0x97, 0xAC),  // 旬
            (0xE5, 0x89, 0x8D),  // 前
            (0xE5, 0xBA, 0x95),  // 底
            (0xE6, 0x9C, 0xAB),  // 末
            (0xE5, 0x86, 0x85),  // 内
            (0xE4, 0xB8, 0x8A),  // 上
            (0xE4, 0xB8, 0x8B),  // 下
            (0xE4, 0xBB, 0xA5),  // 以
            (0xE7, 0xBA, 0xA6),  // 约
            (0xE5, 0xB7, 0xA6),  // 左
            (0xE5, 0x90, 0xAB),  // 含
            (0xE7, 0x99, 0xBE),  // 百
            (0xE3, 0x80, 0x82),  // 。
            (0xEF, 0xBC, 0x88):  // （
            return true
        default:
            return false
        }
    }

    /// Folds what an input method or a copied table varies: full-width forms,
    /// ideographic spaces, the box-drawing and small equals signs (`═`, `﹦`), a few
    /// traditional characters of measure words (a mirror site's `>=2個`), and notes
    /// such as `（含）` that do not change the reading.
    static func folded(_ raw: String) -> String {
        var scalars: [Unicode.Scalar] = []
        for s in raw.unicodeScalars {
            switch s.value {
            case 0xFF01...0xFF5E: scalars.append(Unicode.Scalar(s.value - 0xFEE0)!)
            case 0x3000, 0x200B...0x200D, 0xFEFF: continue
            case 0x2550, 0xFE66: scalars.append("=")  // ═ ﹦
            case 0xFE64: scalars.append("<")  // ﹤
            case 0xFE65: scalars.append(">")  // ﹥
            default:
                if let t = traditional[s] { scalars.append(t) } else { scalars.append(s) }
            }
        }
        var text = String(String.UnicodeScalarView(scalars)).trimmingSpaces()
        for note in ["(含)", "(含本数)"] where text.contains(note) { text = text.replacingAll(note, with: "") }
        if text.contains("("), text.contains(where: { pinyinLetters.contains($0) }) { text = withoutPinyinGlosses(text) }
        while let last = text.last, "。；;，,".contains(last) { text.removeLast() }
        return text.trimmingSpaces()
    }

    /// Letters with tone marks, which only pinyin has.
    static let pinyinLetters: Set<Character> = Set("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ")

    /// `40萬(wàn)人` → `40萬人`: a mirror site's pinyin glosses after characters (a
    /// bracket of latin letters with at least one tone mark).
    static func withoutPinyinGlosses(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "(") {
            out += rest[..<open]
            guard let close = rest[open...].firstIndex(of: ")") else {
                out += rest[open...]
                return out
            }
            let inside = rest[rest.index(after: open)..<close]
            let isGloss =
                !inside.isEmpty && inside.count <= 12
                && inside.allSatisfy { ($0.isASCII && $0.isLetter) || pinyinLetters.contains($0) || $0 == " " }
                && inside.contains(where: { pinyinLetters.contains($0) })
            if !isGloss { out += rest[open...close] }
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    static let traditional: [Unicode.Scalar: Unicode.Scalar] = [
        "個": "个", "萬": "万", "億": "亿", "項": "项", "戶": "户", "臺": "台", "噸": "吨", "畝": "亩", "時": "时", "鐘": "钟",
        "車": "车", "輛": "辆", "間": "间", "場": "场", "條": "条", "張": "张", "筆": "笔", "歲": "岁", "週": "周", "處": "处",
    ]

    /// Directions written before the number, longest first.
    static let leadingDirections: [(String, Direction)] = [
        (">=", .atLeast), ("<=", .atMost), ("≥", .atLeast), ("≤", .atMost), ("≧", .atLeast), ("≦", .atMost), ("==", .equal),
        ("=", .equal), (">", .atLeast), ("<", .atMost), ("大于或等于", .atLeast), ("大于等于", .atLeast), ("小于或等于", .atMost),
        ("小于等于", .atMost), ("不低于", .atLeast), ("不少于", .atLeast), ("不小于", .atLeast), ("不超过", .atMost),
        ("不高于", .atMost), ("不多于", .atMost), ("不大于", .atMost), ("至少", .atLeast), ("最多", .atMost), ("控制在", .atMost),
        ("大于", .atLeast), ("高于", .atLeast), ("多于", .atLeast), ("超过", .atLeast), ("小于", .atMost), ("低于", .atMost),
        ("少于", .atMost), ("达到", .atLeast), ("等于", .equal),
    ]
    /// Directions written after the unit (`98%以上`, `2小时以内`).
    static let trailingDirections: [(String, Direction)] = [
        ("及以上", .atLeast), ("或以上", .atLeast), ("以上", .atLeast), ("及以下", .atMost), ("或以下", .atMost), ("以下", .atMost),
        ("以内", .atMost), ("之内", .atMost), ("内", .atMost),
    ]
    /// Approximations: the number is the target all the same.
    static let approximations = ["大约", "约"]

    package static func parseUncached(_ raw: String) -> IndicatorText {
        let text = folded(raw)
        if text.isEmpty { return .empty }
        if text.count >= 3 && text.allSatisfy({ $0 == "#" }) { return .unreadable }
        if let d = IndicatorDate.read(text) { return .date(d) }
        var rest = Substring(text)
        var direction = Direction.none
        var directionIsWord = false
        for (word, dir) in leadingDirections where rest.hasPrefix(word) {
            direction = dir
            directionIsWord = word.unicodeScalars.first.map { $0.properties.isIdeographic } ?? false
            rest = rest.dropFirst(word.count)
            break
        }
        rest = Substring(String(rest).trimmingSpaces())
        for w in approximations where rest.hasPrefix(w) { rest = rest.dropFirst(w.count) }
        // `每亩300`: an amount per unit, written before the number.
        var per = ""
        if rest.hasPrefix("每"), let k = rest.firstIndex(where: { $0.isASCII && $0.isNumber }),
            rest.distance(from: rest.startIndex, to: k) <= 3,
            rest.distance(from: rest.startIndex, to: k) >= 2
        {
            per = "/" + rest[rest.index(after: rest.startIndex)..<k]
            rest = rest[k...]
        }
        var digits = ""
        var seenDot = false
        while let c = rest.first, c.isASCII, c.isNumber || (c == "." && !seenDot) || c == "," {
            if c == "." { seenDot = true }
            if c != "," { digits.append(c) }
            rest = rest.dropFirst()
        }
        var value: Rational
        if !digits.isEmpty, digits != ".", let v = DecimalText.parse(digits) {
            value = v
        } else if let (v, after) = ChineseNumerals.leading(rest), measureWord(after) {
            // `三个`, `十二项`, `两次`: only before a measure word (`一致`, `三公` are words).
            value = v
            rest = after
        } else {
            // A sentence that ends in a quantity (`敬老院新增床位900张`, `确保…标准不低于2640元`).
            if let q = trailingQuantity(text) { return q }
            // `不超过预算` is a qualitative target; `≥abc` is a symbol with no number.
            return direction == .none || directionIsWord ? .qualitative(text) : .invalid(text)
        }
        return quantity(direction, value, unitText: String(rest) + per)
    }

    /// A quantity from its parts as written: the unit's trailing direction words
    /// (`以上`, `以内`), `左右`, and the unit's spelling (`百分比` is `%`; `%` after
    /// the number makes it a ratio, and words after `%` — `100%覆盖` — describe it).
    /// Both readers end here, so they cannot differ on units.
    static func quantity(_ direction: Direction, _ value: Rational, unitText: String) -> IndicatorText {
        // The byte reader passes its unit as written: traditional characters folded here
        // (`4億` is 4 亿 on both paths).
        var written = unitText
        if written.unicodeScalars.contains(where: { traditional[$0] != nil }) {
            written = String(String.UnicodeScalarView(written.unicodeScalars.map { traditional[$0] ?? $0 }))
        }
        var unit = Substring(written.trimmingSpaces())
        var direction = direction
        if unit.hasSuffix("左右") { unit = unit.dropLast(2) }
        for (word, dir) in trailingDirections where unit.hasSuffix(word) {
            if direction != .none && direction != dir && !(direction == .equal) {
                return .invalid(unitText)
            }
            direction = dir
            unit = unit.dropLast(word.count)
            break
        }
        var u = String(unit).trimmingSpaces()
        if u == "百分比" || u == "百分率" || u.hasPrefix("%") { u = "%" }
        return .quantity(direction, u == "%" ? value / .hundred : value, unit: u)
    }

    /// The quantity a descriptive text ends with: words, then a direction word or
    /// symbol if any, a number and a unit the reader knows (`造林任务面积9000亩`,
    /// `改扩建乡镇敬老院18所`, `城市低保月人均保障标准不低于330元`, `完成80亩`). Nil
    /// when the text does not end that way, the unit is not one that counts things
    /// (`2022年预算`, `…提高1%`), or it describes what was done in words of its own.
    static func trailingQuantity(_ text: String) -> IndicatorText? {
        let chars = Array(text)
        var end = chars.count
        while end > 0, !(chars[end - 1].isASCII && chars[end - 1].isNumber) { end -= 1 }
        guard end > 0, end < chars.count else { return nil }
        let unit = String(chars[end...]).trimmingSpaces()
        // A percentage in a sentence is too often another figure (`已完成100%` for a
        // satisfaction, `签约率提高1%…`): only a unit that counts things is read.
        guard unit != "%", knownUnit(unit) else { return nil }
        var start = end
        while start > 0, chars[start - 1].isASCII && (chars[start - 1].isNumber || chars[start - 1] == "." || chars[start - 1] == ",") {
            start -= 1
        }
        guard start > 0, let value = DecimalText.parse(String(chars[start..<end]).replacingCommas()) else { return nil }
        let before = String(chars[..<start])
        // What was done, described (`完成住户数据产品120人`), may count something else
        // than the target did: only `完成80亩` — nothing between the verb and the number —
        // is read.
        for verb in ["实际完成", "已完成", "共完成", "累计完成", "完成了", "完成", "实际"] where before.hasPrefix(verb) {
            if before.count > verb.count { return nil }
            break
        }
        var direction = Direction.none
        for (word, dir) in leadingDirections
        where before.hasSuffix(word) && (word.count >= 2 || ["≥", "≤", "≧", "≦"].contains(word)) {
            direction = dir
            break
        }
        guard case .quantity(let d, let v, let u) = quantity(direction, value, unitText: unit) else { return nil }
        return .quantity(d, v, unit: u)
    }

    /// Units the reader knows: measure words, the units it converts, and those with a
    /// multiplier (`万人次`, `万株`).
    static func knownUnit(_ unit: String) -> Bool {
        if unit == "%" || measureWords.contains(unit) { return true }
        if unitGroups.contains(where: { $0[unit] != nil }) { return true }
        let (f, base) = scaled(unit)
        return f != .one && (base.isEmpty || measureWords.contains(base) || base == "株" || unitGroups.contains { $0[base] != nil })
    }

    /// Measure words a number in characters may come before (`三个`, `两次`).
    static let measureWords: Set<String> = [
        "个", "项", "次", "人", "人次", "名", "家", "所", "座", "台", "套", "件", "批", "场", "期", "篇", "份", "条", "户", "村", "天",
        "年", "月", "周", "类", "处", "部", "册", "张", "辆", "台次", "个月", "个工作日", "工作日", "小时", "本", "间", "支", "块", "种",
        "轮", "届", "节", "课时", "门", "层", "栋", "亩", "吨", "公里", "米", "万元", "元", "万", "千", "个村", "个乡镇", "批次", "户次",
        "株", "头", "只", "羽", "床", "张床", "平方米", "立方米", "公顷", "盏", "口", "眼", "处", "座", "根",
    ]

    static func measureWord(_ s: Substring) -> Bool {
        var w = String(s).trimmingSpaces()
        for (word, _) in trailingDirections where w.hasSuffix(word) && w.count > word.count {
            w = String(w.dropLast(word.count))
            break
        }
        return measureWords.contains(w)
    }

    /// A date's own year, if it is a date that has one.
    public var dateYear: Int? {
        if case .date(let d) = self { return d.year }
        return nil
    }

    /// The text written back in canonical form: `≥20个`, `95%`, `2022年12月20日`.
    public var canonical: String {
        switch self {
        case .quantity(let dir, let v, let unit):
            let shown = unit == "%" ? v * .hundred : v
            return dir.rawValue + NumberFormat(precision: 6, maxExactPlaces: 12).plain(shown).replacingCommas() + unit
        case .date(let d): return d.canonical
        case .qualitative(let t), .invalid(let t): return t
        case .unreadable: return "#####"
        case .empty: return ""
        }
    }

    // MARK: Units

    /// Units of one quantity and their size in a common base.
    static let unitGroups: [[String: Rational]] = [
        [
            "周": Rational(604_800), "天": Rational(86_400), "日": Rational(86_400), "小时": Rational(3_600), "时": Rational(3_600),
            "分钟": Rational(60), "秒": .one, "毫秒": Rational.fraction(1, 1_000),
        ],
        [
            "T": Rational(1 << 40), "TB": Rational(1 << 40), "G": Rational(1 << 30), "GB": Rational(1 << 30),
            "M": Rational(1 << 20), "MB": Rational(1 << 20), "K": Rational(1 << 10), "KB": Rational(1 << 10),
        ],
        [
            "亿元": Rational(100_000_000), "千万元": Rational(10_000_000), "百万元": Rational(1_000_000), "万元": Rational(10_000),
            "千元": Rational(1_000), "元": .one,
        ],
        ["公里": Rational(1_000), "千米": Rational(1_000), "米": .one, "厘米": Rational.fraction(1, 100), "毫米": Rational.fraction(1, 1_000)],
        ["吨": Rational(1_000), "千克": .one, "公斤": .one, "斤": Rational.fraction(1, 2), "克": Rational.fraction(1, 1_000)],
        ["平方公里": Rational(1_000_000), "公顷": Rational(10_000), "亩": Rational.fraction(2_000, 3), "平方米": .one],
    ]

    /// Multipliers written before a unit (`万人次`, `亿元`, `千米`), largest first.
    static let multipliers: [(String, Rational)] = [
        ("亿", Rational(100_000_000)), ("千万", Rational(10_000_000)), ("百万", Rational(1_000_000)), ("十万", Rational(100_000)),
        ("万", Rational(10_000)), ("千", Rational(1_000)),
    ]

    /// A unit as a multiplier and what it multiplies: `万人次` → (10000, 人次); `个` → (1, 个).
    public static func scaled(_ unit: String) -> (factor: Rational, base: String) {
        for (m, f) in multipliers where unit.hasPrefix(m) {
            return (f, String(unit.dropFirst(m.count)))
        }
        return (.one, unit)
    }

    /// How many `to` one `from` is, when both are units of the same quantity:
    /// 小时/分钟, T/G, 亿元/万元, 米/厘米, and any unit with a multiplier
    /// (`万人次`/`人次`, `万人`/`人`).
    public static func conversion(from: String, to: String) -> Rational? {
        if from == to { return .one }
        for g in unitGroups {
            if let a = g[from], let b = g[to] { return a / b }
        }
        let (fa, ba) = scaled(from)
        let (fb, bb) = scaled(to)
        if fa == fb { return nil }
        if ba == bb { return fa / fb }
        for g in unitGroups {
            if let a = g[ba], let b = g[bb] { return fa * a / (fb * b) }
        }
        return nil
    }

    // MARK: Qualitative words

    /// What a qualitative actual says of the target (rules.md: met counts in full;
    /// partly met and not met are the evaluator's tier, a judgement).
    public enum Attainment: String, Sendable {
        case met = "达成"
        case partly = "部分达成"
        case unmet = "未达成"
        /// A word the reader does not know: compared with the target's word only.
        case unknown = "未识别"
    }

    /// The words that say a target was met (rules.md's list, and the national form's
    /// standard `达成预期指标` with the wordings published tables use).
    static let metWords: Set<String> = [
        "完成", "已完成", "全部完成", "按期完成", "按时完成", "如期完成", "足额完成", "达标", "已达标", "达到", "已达到", "达成", "已达成",
        "达成预期指标", "达成预期目标", "达成预期", "达到预期", "达到预期目标", "达到预期指标", "实现", "已实现", "实现预期目标", "较高", "高",
        "及时", "有效", "是", "好", "较好", "良好", "优", "优秀", "显著", "效果显著", "明显", "效果明显", "明显提升", "明显提高", "显著提升",
        "显著提高", "合格", "合规", "符合", "符合要求", "符合规定", "满意", "规范", "到位", "正常", "完善", "健全", "全部达成", "已公开",
        "公开", "明显改善", "显著改善",
    ]
    static let partlyWords: Set<String> = ["一般", "较差"]
    static let unmetWords: Set<String> = ["否", "差", "无效", "不满意", "不合格", "不及时", "不规范"]

    /// A target that lists the tiers instead of naming one (`优良中低差`, `好坏`,
    /// `是否`): its tiers, best first; nil for other words.
    public static func scaleOptions(_ word: String) -> [String]? {
        let scales = ["优良中低差", "优良中差", "优良中低", "优良差", "好中差", "好坏", "高中低", "是否", "强中弱", "高低", "优劣"]
        let w = folded(word).replacingAll("、", with: "").replacingAll("/", with: "")
        guard scales.contains(w) else { return nil }
        return w.map { String($0) }
    }

    /// A short word that is a quantity after one or two stray characters (`工5%`,
    /// `^80%`: a `≥` the text recognition misread): the quantity, or nil.
    public static func damagedNumber(_ word: String) -> String? {
        let w = folded(word)
        guard w.count <= 8, let k = w.firstIndex(where: { $0.isASCII && $0.isNumber }) else { return nil }
        let skipped = w.distance(from: w.startIndex, to: k)
        guard (1...2).contains(skipped), case .quantity(_, _, let unit) = parse(String(w[k...])), unit.count <= 2 else { return nil }
        return String(w[k...])
    }

    public static func attainment(_ word: String) -> Attainment {
        let w = folded(word)
        if metWords.contains(w) { return .met }
        if unmetWords.contains(w) || w.hasPrefix("未") || w.hasPrefix("没有") || w.hasPrefix("尚未") { return .unmet }
        if partlyWords.contains(w) || w.hasPrefix("基本") || w.hasPrefix("部分") { return .partly }
        return .unknown
    }
}

extension String {
    func replacingCommas() -> String { String(filter { $0 != "," }) }
}

extension IndicatorText {
    /// A text read as a quantity that is not one a rule can score (rules.md, "Needs
    /// judgement"): what looks like a date the reader does not take as one
    /// (`2023.6`, `20231231`), or a unit that ends in a date's word (`30天前`).
    /// (Worked out once per distinct text, when its argument is made: see
    /// `IndicatorArgument.oddQuantity`.) The reason, after the role's name.
    package var oddQuantity: String? {
        let t = self
        guard case .quantity(_, let v, let unit) = t, !unit.isEmpty || v > Rational(1_000_000) else { return nil }
        let datePrefix =
            unit.hasPrefix("年") && unit != "年" || unit.hasPrefix("月") || unit.hasPrefix(".") || unit.hasPrefix("-")
            || unit.hasPrefix("/") && unit.dropFirst().first.map { $0.isASCII && $0.isNumber } == true
        if unit.contains(where: { $0.isASCII && $0.isNumber }) || datePrefix {
            return "「\(t.canonical)」像是日期，但读不出是哪一天（可写成 2023年12月20日、2023年12月、12月底前）"
        }
        if unit.isEmpty, v.isInteger, let n = v.intValue, (19_000_101...21_001_231).contains(n), (1...12).contains(n / 100 % 100),
            (1...31).contains(n % 100)
        {
            return "「\(t.canonical)」像是日期（年月日连写），无法按数量计分"
        }
        for word in ["之前", "以前", "前", "底", "末"] where unit.hasSuffix(word) {
            return "「\(t.canonical)」的「\(word)」是时间的说法，却写在数量后面，无法按它计分"
        }
        return nil
    }
}
