import SuanpanLanguage

/// What a cell's text means: a number as the report prints it (`27,499.988`,
/// `(1,234.00)`, `95.38%`, full-width digits), empty, text, or Excel's overflow
/// mark `#####`, which cannot be read.
public enum CellValue: Sendable, Equatable {
    case empty
    case number(Rational)
    /// A percentage: `95.38%` is the ratio 0.9538.
    case ratio(Rational)
    case text
    /// `#####`: an error only when a computation needs it.
    case unreadable
}

extension CellValue {
    /// The number of a number or a percentage cell.
    public var numericValue: Rational? {
        switch self {
        case .number(let x), .ratio(let x): return x
        default: return nil
        }
    }
}

public enum CellText {
    /// Interprets a cell's text (bytes of UTF-8).
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> CellValue {
        var lo = 0
        var hi = bytes.count
        while lo < hi && (bytes[lo] == 32 || bytes[lo] == 9) { lo += 1 }
        while hi > lo && (bytes[hi - 1] == 32 || bytes[hi - 1] == 9 || bytes[hi - 1] == 13) { hi -= 1 }
        if lo == hi { return .empty }
        // Fast paths: plain ASCII decimal, the overwhelming case in large files, and
        // text that cannot start a number (letters, CJK, ≥ ≤).
        if let v = plainDecimal(bytes, lo, hi) { return .number(v) }
        // `93.5%`: a plain decimal and a percent sign.
        if hi - lo >= 2 && bytes[hi - 1] == UInt8(ascii: "%"), let v = plainDecimal(bytes, lo, hi - 1) { return .ratio(v / .hundred) }
        let first = bytes[lo]
        if first < 0x80 {
            let numberStart =
                (first >= 48 && first <= 57) || first == UInt8(ascii: "-") || first == UInt8(ascii: "+")
                || first == UInt8(ascii: "(") || first == UInt8(ascii: ".") || first == UInt8(ascii: "#")
            if !numberStart { return .text }
        } else if first != 0xEF && !(first == 0xE2 && hi - lo >= 3 && bytes[lo + 1] == 0x88 && bytes[lo + 2] == 0x92) {
            return .text  // not a full-width form (EF …) nor − (E2 88 92)
        }
        // A number has only digits, separators, signs, brackets and %, or full-width
        // forms of them (EF …), − (E2 88 92) and the ideographic space (E3 80 80):
        // `123个` or `8.9T` is text, decided without building it.
        var i = lo
        while i < hi {
            let c = bytes[i]
            if c < 0x80 {
                switch c {
                case 48...57, UInt8(ascii: ","), UInt8(ascii: "."), UInt8(ascii: "%"), UInt8(ascii: "+"), UInt8(ascii: "-"),
                    UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "#"), 32, 9:
                    i += 1
                default:
                    return .text
                }
            } else if c == 0xEF || (c == 0xE2 && i + 2 < hi && bytes[i + 1] == 0x88 && bytes[i + 2] == 0x92)
                || (c == 0xE3 && i + 2 < hi && bytes[i + 1] == 0x80 && bytes[i + 2] == 0x80)
            {
                i += 3
            } else {
                return .text
            }
        }
        var allHashes = hi - lo >= 3
        for i in lo..<hi where bytes[i] != UInt8(ascii: "#") {
            allHashes = false
            break
        }
        if allHashes { return .unreadable }
        return general(Array(bytes[lo..<hi]))
    }

    public static func parse(_ text: String) -> CellValue {
        var s = text
        return s.withUTF8 { parse($0) }
    }

    /// `-?digits(.digits)?` with no separators.
    static func plainDecimal(_ b: UnsafeBufferPointer<UInt8>, _ lo: Int, _ hi: Int) -> Rational? {
        var i = lo
        var negative = false
        if b[i] == UInt8(ascii: "-") {
            negative = true
            i += 1
        }
        var n: Int64 = 0
        var digits = 0
        var fraction = -1
        while i < hi {
            let c = b[i]
            if c >= 48 && c <= 57 {
                if digits >= 18 { return nil }
                n = n * 10 + Int64(c - 48)
                digits += 1
                if fraction >= 0 { fraction += 1 }
            } else if c == UInt8(ascii: ".") && fraction < 0 && digits > 0 {
                fraction = 0
            } else {
                return nil
            }
            i += 1
        }
        if digits == 0 || fraction == 0 { return nil }
        let v = Rational.fraction(negative ? -n : n, Rational.smallPowersOfTen[max(fraction, 0)])
        return v
    }

    /// Separators, accounting negatives, percent signs and full-width forms.
    static func general(_ raw: [UInt8]) -> CellValue {
        // Fold full-width digits and punctuation to ASCII.
        var scalars: [Unicode.Scalar] = []
        for s in String(decoding: raw, as: UTF8.self).unicodeScalars {
            let v = s.value
            if v >= 0xFF01 && v <= 0xFF5E, let f = Unicode.Scalar(v - 0xFEE0) {
                scalars.append(f)
            } else if v == 0x2212 {
                scalars.append("-")
            } else if v == 0x3000 {
                continue
            } else {
                scalars.append(s)
            }
        }
        var t = scalars
        var percent = false
        var negative = false
        if t.last == "%" {
            percent = true
            t.removeLast()
        }
        if t.count >= 2 && t.first == "(" && t.last == ")" {
            negative = true
            t = Array(t.dropFirst().dropLast())
        }
        if t.first == "-" {
            negative.toggle()
            t.removeFirst()
        } else if t.first == "+" {
            t.removeFirst()
        }
        // Thousands separators: groups of three in the integer part.
        let parts = t.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let intPart = parts.first, !intPart.isEmpty else { return .text }
        let groups = intPart.split(separator: ",", omittingEmptySubsequences: false)
        if groups.count > 1 {
            guard let first = groups.first, (1...3).contains(first.count), groups.dropFirst().allSatisfy({ $0.count == 3 }) else {
                return .text
            }
        }
        var intDigits: [UInt8] = []
        for g in groups {
            for c in g {
                guard c.value >= 48 && c.value <= 57 else { return .text }
                intDigits.append(UInt8(c.value))
            }
        }
        var fracDigits: [UInt8] = []
        if parts.count == 2 {
            for c in parts[1] {
                guard c.value >= 48 && c.value <= 57 else { return .text }
                fracDigits.append(UInt8(c.value))
            }
            if fracDigits.isEmpty { return .text }
        }
        guard var v = DecimalText.parse(integerDigits: intDigits, fractionDigits: fracDigits) else { return .text }
        if negative { v = -v }
        return percent ? .ratio(v / .hundred) : .number(v)
    }
}
