#if canImport(Glibc)
    import Glibc
#endif

/// A string used as a dictionary key by its UTF-8 bytes. Swift hashes and compares
/// `String` by Unicode canonical equivalence, which normalises every Chinese name on
/// every lookup; names from data files and source text are compared as written.
package struct ByteKey: Hashable, Sendable {
    package let text: String

    package init(_ text: String) { self.text = text }

    package static func == (a: ByteKey, b: ByteKey) -> Bool {
        var x = a.text
        var y = b.text
        return x.withUTF8 { p in
            y.withUTF8 { q in
                guard p.count == q.count, let pa = p.baseAddress, let qa = q.baseAddress else { return p.count == q.count }
                return memcmp(pa, qa, p.count) == 0
            }
        }
    }

    package func hash(into hasher: inout Hasher) {
        var t = text
        t.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
