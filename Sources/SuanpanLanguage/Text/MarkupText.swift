/// Text inside XML or HTML (SVG charts, exported pages).
public enum MarkupText {
    /// Text safe inside an element or a quoted attribute: markup characters escaped,
    /// line breaks and tabs as spaces, and the characters XML 1.0 and HTML do not allow
    /// in text (controls, U+FFFE, U+FFFF) replaced by U+FFFD.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out += " "
            default:
                let v = scalar.value
                if v < 0x20 || (0x7F...0x9F).contains(v) || v == 0xFFFE || v == 0xFFFF {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
