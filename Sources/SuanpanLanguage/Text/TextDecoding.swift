import CTextScan
import Dispatch

#if canImport(Glibc)
    import Glibc
#endif

/// Detects a data file's encoding and returns its text as UTF-8 bytes: UTF-8 with or
/// without a BOM, or GB18030 (what Excel writes on a Chinese Windows), via iconv.
public enum TextDecoding {
    public enum Encoding: String, Sendable {
        case utf8 = "UTF-8"
        case gb18030 = "GB18030"
    }

    public static func decode(_ bytes: [UInt8], file: String) throws(Diagnostic) -> (bytes: [UInt8], encoding: Encoding) {
        var body = bytes
        if body.count >= 3 && body[0] == 0xEF && body[1] == 0xBB && body[2] == 0xBF {
            body.removeFirst(3)
        }
        if isValidUTF8(body) { return (body, .utf8) }
        if let converted = convert(body, from: "GB18030") { return (converted, .gb18030) }
        throw DataError.at(
            file: file, "无法识别文件的编码：既不是 UTF-8，也不是 GB18030",
            notes: ["提示：请在 Excel/WPS 中另存为「CSV UTF-8（逗号分隔）」"])
    }

    /// Whether the bytes are well-formed UTF-8 (no overlongs, no surrogates). Large
    /// inputs are checked in pieces on all cores, split at ASCII bytes (which can never
    /// be inside a multi-byte sequence).
    public static func isValidUTF8(_ b: [UInt8]) -> Bool {
        b.withUnsafeBufferPointer { isValidUTF8(inPieces: $0) }
    }

    /// The same for bytes in memory (a mapped file's).
    public static func isValidUTF8(inPieces b: UnsafeBufferPointer<UInt8>) -> Bool {
        let pieces = b.count < 1 << 20 ? 1 : 4
        if pieces == 1 { return isValidUTF8(b) }
        var cuts = [0]
        for k in 1..<pieces {
            var i = max(b.count * k / pieces, cuts[cuts.count - 1])
            while i < b.count && b[i] >= 0x80 { i += 1 }
            cuts.append(i)
        }
        cuts.append(b.count)
        let results = ConcurrentSlots<Bool>(count: pieces, initial: false)
        let bounds = cuts
        nonisolated(unsafe) let b = b
        DispatchQueue.concurrentPerform(iterations: pieces) { k in
            results.set(k, isValidUTF8(UnsafeBufferPointer(rebasing: b[bounds[k]..<bounds[k + 1]])))
        }
        return results.values.allSatisfy { $0 }
    }

    package static func isValidUTF8(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = p.baseAddress else { return true }
        // 32 bytes at a time where the processor can (CTextScan), else byte by byte.
        switch suanpan_utf8_valid(base, p.count) {
        case 1: return true
        case 0: return false
        default: return isValidUTF8(byteByByte: p)
        }
    }

    package static func isValidUTF8(byteByByte p: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = p.baseAddress else { return true }
        var i = 0
        let n = p.count
        while i < n {
            // Skip ASCII eight bytes at a time, and straight to the first non-ASCII byte.
            while i + 8 <= n {
                let high = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080
                if high != 0 {
                    i += high.trailingZeroBitCount >> 3
                    break
                }
                i += 8
            }
            guard i < n else { break }
            let c = p[i]
            if c < 0x80 {
                i += 1
                continue
            }
            // The common case in Chinese text: a run of three-byte sequences led by E1…EC,
            // whose continuation bytes may take any value 80…BF.
            if c &- 0xE1 <= 0xEC - 0xE1 && i + 2 < n && p[i + 1] & 0xC0 == 0x80 && p[i + 2] & 0xC0 == 0x80 {
                i += 3
                while i + 2 < n, p[i] &- 0xE1 <= 0xEC - 0xE1, p[i + 1] & 0xC0 == 0x80, p[i + 2] & 0xC0 == 0x80 { i += 3 }
                continue
            }
            let len: Int
            var lo: UInt8 = 0x80
            var hi: UInt8 = 0xBF
            switch c {
            case 0xC2...0xDF: len = 2
            case 0xE0:
                len = 3
                lo = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: len = 3
            case 0xED:
                len = 3
                hi = 0x9F
            case 0xF0:
                len = 4
                lo = 0x90
            case 0xF1...0xF3: len = 4
            case 0xF4:
                len = 4
                hi = 0x8F
            default: return false
            }
            guard i + len <= n else { return false }
            let second = p[i + 1]
            guard second >= lo && second <= hi else { return false }
            for k in 2..<len where p[i + k] & 0xC0 != 0x80 { return false }
            i += len
        }
        return true
    }

    /// Converts with iconv; nil when the bytes are not valid in `encoding` (or cannot
    /// be written in `target`).
    package static func convert(_ input: [UInt8], from encoding: String, to target: String = "UTF-8") -> [UInt8]? {
        let cd = iconv_open(target, encoding)
        if cd == iconv_t(bitPattern: -1) { return nil }
        defer { iconv_close(cd) }
        var output = [UInt8](repeating: 0, count: input.count * 2 + 16)
        var ok = true
        var written = 0
        var source = input
        source.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuf.baseAddress)?.assumingMemoryBound(to: CChar.self)
                var inLeft = inBuf.count
                var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuf.baseAddress)?.assumingMemoryBound(to: CChar.self)
                var outLeft = outBuf.count
                if iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft) == -1 || inLeft != 0 { ok = false }
                written = outBuf.count - outLeft
            }
        }
        guard ok else { return nil }
        output.removeSubrange(written...)
        return output
    }
}
