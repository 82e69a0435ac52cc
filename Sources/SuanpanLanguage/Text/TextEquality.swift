/// Text equality by bytes where it is certain to agree with canonical equivalence
/// (Swift's `==`): texts made only of ASCII and CJK unified ideographs have no other
/// spelling, so unequal bytes mean unequal texts.
package enum TextEquality {
    /// The literal's bytes, if it is such a plain text.
    package static func plainBytes(_ s: String) -> [UInt8]? {
        let bytes = Array(s.utf8)
        return bytes.withUnsafeBufferPointer(isPlain) ? bytes : nil
    }

    static func isPlain(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i < p.count {
            let c = p[i]
            if c < 0x80 {
                i += 1
            } else if c >= 0xE4 && c <= 0xE9 {
                i += 3  // U+4000–U+9FFF
            } else {
                return false
            }
        }
        return true
    }

    /// `==` on texts (canonical equivalence), by bytes when they can tell.
    package static func equal(_ a: String, _ b: String) -> Bool {
        var x = a
        var y = b
        let bytes: Bool? = x.withUTF8 { p in
            y.withUTF8 { q -> Bool? in
                if p.count == q.count && p.elementsEqual(q) { return true }
                return isPlain(p) && isPlain(q) ? false : nil
            }
        }
        return bytes ?? (a == b)
    }

    /// Whether `s` equals the plain text `literal`; nil when bytes cannot tell.
    package static func same(_ s: String, _ literal: [UInt8]) -> Bool? {
        var t = s
        return t.withUTF8 { p -> Bool? in
            if p.count == literal.count && p.elementsEqual(literal) { return true }
            return isPlain(p) ? false : nil
        }
    }
}
