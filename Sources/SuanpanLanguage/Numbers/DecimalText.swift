import BigInt

/// Reading and writing decimal text: `27499.988` in, `27,499.988` out.
public enum DecimalText {
    /// The longest digit string read as a number (the evaluator's own limit is lower).
    public static let maxDigits = 20_000

    /// Parses plain ASCII decimal digits with an optional fraction: `123`, `4367.764`, `.5`.
    /// Separators and signs are the caller's business. Returns nil for anything else.
    @inlinable  // specialized for the cell reader's and the lexer's byte slices
    public static func parse<S: Collection>(integerDigits: S, fractionDigits: S) -> Rational?
    where S.Element == UInt8 {
        if integerDigits.isEmpty && fractionDigits.isEmpty { return nil }
        let total = integerDigits.count + fractionDigits.count
        if total <= 18 {
            var n: Int64 = 0
            for c in integerDigits {
                guard c >= 48 && c <= 57 else { return nil }
                n = n * 10 + Int64(c - 48)
            }
            for c in fractionDigits {
                guard c >= 48 && c <= 57 else { return nil }
                n = n * 10 + Int64(c - 48)
            }
            return Rational.fraction(n, Rational.smallPowersOfTen[fractionDigits.count])
        }
        // Beyond any number the limits allow: refuse rather than spend seconds on it.
        if total > maxDigits { return nil }
        // 18 digits at a time, so a long number costs a few hundred big multiplications.
        var n = BigInt(0)
        var chunk: Int64 = 0
        var chunkDigits = 0
        for part in [Array(integerDigits), Array(fractionDigits)] {
            for c in part {
                guard c >= 48 && c <= 57 else { return nil }
                chunk = chunk * 10 + Int64(c - 48)
                chunkDigits += 1
                if chunkDigits == 18 {
                    n = n * BigInt(Rational.smallPowersOfTen[18]) + BigInt(chunk)
                    chunk = 0
                    chunkDigits = 0
                }
            }
        }
        if chunkDigits > 0 { n = n * BigInt(Rational.smallPowersOfTen[chunkDigits]) + BigInt(chunk) }
        return Rational.decimal(n, places: fractionDigits.count)
    }

    /// Parses `-12.5`, `12`, `0.25` (ASCII, no separators). Used by tests and loaders.
    public static func parse(_ text: String) -> Rational? {
        var bytes = Array(text.utf8)
        var negative = false
        if let f = bytes.first, f == UInt8(ascii: "-") || f == UInt8(ascii: "+") {
            negative = f == UInt8(ascii: "-")
            bytes.removeFirst()
        }
        let parts = bytes.split(separator: UInt8(ascii: "."), maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count <= 2, let ip = parts.first else { return nil }
        let fp = parts.count == 2 ? parts[1] : []
        if parts.count == 2 && fp.isEmpty { return nil }
        guard let v = parse(integerDigits: Array(ip), fractionDigits: Array(fp)) else { return nil }
        return negative ? -v : v
    }

    /// Writes `value` with exactly `places` decimals (it must already be rounded to them),
    /// with thousands separators in the integer part when `grouping` is set.
    public static func format(_ value: Rational, places: Int, grouping: Bool = true) -> String {
        let negative = value.isNegative
        var digits: String
        let isZero: Bool
        // Machine words when the scaled value fits (every figure of a table): no BigInt.
        if case .small(let n, let d) = value.storage, places >= 0, places <= 18,
            case (let scaled, let overflow) = n.magnitude.multipliedReportingOverflow(by: UInt64(Rational.smallPowersOfTen[places])),
            !overflow
        {
            let q = scaled / UInt64(d)
            digits = String(q)
            isZero = q == 0
        } else {
            let scaled = (value.magnitude * Rational.powerOfTen(max(places, 0))).roundedToInteger(.truncate)
            digits = String(scaled.numerator)
            isZero = scaled.isZero
        }
        if places > 0 {
            if digits.count <= places {
                digits = String(repeating: "0", count: places - digits.count + 1) + digits
            }
            let cut = digits.index(digits.endIndex, offsetBy: -places)
            let intPart = String(digits[..<cut])
            let fracPart = String(digits[cut...])
            digits = (grouping ? group(intPart) : intPart) + "." + fracPart
        } else {
            digits = grouping ? group(digits) : digits
        }
        return negative && !isZero ? "-" + digits : digits
    }

    /// Inserts a comma every three digits from the right: `27499` → `27,499`.
    public static func group(_ digits: String) -> String {
        let chars = Array(digits)
        if chars.count <= 3 { return digits }
        var out = ""
        out.reserveCapacity(chars.count + chars.count / 3)
        for (i, c) in chars.enumerated() {
            if i > 0 && (chars.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }
}
