#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Searching text by its UTF-8 bytes (UTF-8 is self-synchronising, so a byte match is
/// a match of whole characters' scalars). Not Foundation's `contains`/`range(of:)`:
/// they read a string as a C string — `"ab".contains("ab\0")` is true there, and some
/// needles with NUL crash them (a fuzzer's finding, through a row key).
extension String {
    /// Whether `other` occurs in the string.
    public func includes(_ other: String) -> Bool {
        if other.isEmpty { return true }
        return firstByteOffset(of: other, from: 0) != nil
    }

    /// The byte offset of the first occurrence of `other` at or after `start`.
    func firstByteOffset(of other: String, from start: Int) -> Int? {
        var haystack = self
        var needle = other
        return haystack.withUTF8 { h in
            needle.withUTF8 { n -> Int? in
                guard start <= h.count, n.count <= h.count - start, let hb = h.baseAddress, let nb = n.baseAddress else { return nil }
                // memchr for the first byte, memcmp for the rest (memmem is not
                // imported into Swift from glibc).
                var at = start
                let last = h.count - n.count
                while at <= last {
                    guard let hit = memchr(hb + at, Int32(nb[0]), last - at + 1) else { return nil }
                    let offset = UnsafePointer(hit.assumingMemoryBound(to: UInt8.self)) - hb
                    if memcmp(hb + offset, nb, n.count) == 0 { return offset }
                    at = offset + 1
                }
                return nil
            }
        }
    }

    /// Every occurrence of `target` replaced by `replacement` (Foundation-free).
    public func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        let bytes = Array(utf8)
        let step = target.utf8.count
        var out: [UInt8] = []
        var at = 0
        while let hit = firstByteOffset(of: target, from: at) {
            out += bytes[at..<hit]
            out += replacement.utf8
            at = hit + step
        }
        out += bytes[at...]
        return String(decoding: out, as: UTF8.self)
    }
}

extension String {
    package func replacingNewlines() -> String {
        guard contains(where: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) else { return self }
        return String(map { $0 == "\n" || $0 == "\r\n" || $0 == "\r" ? " " : $0 })
    }

    package func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
