/// Terminal column widths (Unicode East Asian Width): a CJK character takes two
/// columns, a combining mark none. Carets under Chinese source lines and aligned
/// table columns both depend on it.
public enum DisplayWidth {
    /// Columns one scalar occupies.
    public static func of(_ s: Unicode.Scalar) -> Int {
        let v = s.value
        if v < 0x20 || (v >= 0x7F && v < 0xA0) { return 0 }
        if v < 0x1100 { return isCombining(v) ? 0 : 1 }
        if isCombining(v) || v == 0x200B || (v >= 0x200C && v <= 0x200F) { return 0 }
        if (v >= 0x1100 && v <= 0x115F) || (v >= 0x2E80 && v <= 0x303E) || (v >= 0x3041 && v <= 0x33FF)
            || (v >= 0x3400 && v <= 0x4DBF) || (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0xA000 && v <= 0xA4CF)
            || (v >= 0xAC00 && v <= 0xD7A3) || (v >= 0xF900 && v <= 0xFAFF) || (v >= 0xFE30 && v <= 0xFE4F)
            || (v >= 0xFF00 && v <= 0xFF60) || (v >= 0xFFE0 && v <= 0xFFE6) || (v >= 0x1F300 && v <= 0x1F64F)
            || (v >= 0x1F900 && v <= 0x1F9FF) || (v >= 0x20000 && v <= 0x3FFFD)
        {
            return 2
        }
        return 1
    }

    /// Columns a string occupies.
    public static func of<S: StringProtocol>(_ text: S) -> Int {
        var w = 0
        for s in text.unicodeScalars { w += of(s) }
        return w
    }

    private static func isCombining(_ v: UInt32) -> Bool {
        (v >= 0x0300 && v <= 0x036F) || (v >= 0x20D0 && v <= 0x20FF) || (v >= 0xFE20 && v <= 0xFE2F)
            || (v >= 0xFE00 && v <= 0xFE0F)
    }

    /// Pads `text` with spaces on the right (or left) to `width` columns.
    public static func pad(_ text: String, to width: Int, alignRight: Bool = false) -> String {
        let w = of(text)
        if w >= width { return text }
        let fill = String(repeating: " ", count: width - w)
        return alignRight ? fill + text : text + fill
    }
}
