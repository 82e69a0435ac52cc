import CInflate
import SuanpanLanguage

/// A zip archive (an .xlsx workbook) held in memory, read with every offset, size and
/// count checked against the bytes there are.
///
/// Hand-written rather than ZIPFoundation's: on Linux its inflate loop asks for more
/// input after the end of the file forever when a deflate stream is cut short (a
/// fuzzer found the workbook: `Fuzz/regressions/xlsx/`). Here a part's input is exactly
/// its compressed bytes, its output at most its declared size, and both checked (size
/// and CRC-32) before the part is used. What a workbook never needs is refused with a
/// reason: encryption, compression other than stored and deflate, ZIP64, archives
/// split over disks.
package struct ZipArchive {
    /// A central-directory record: where a part is and what it should unpack to.
    package struct Entry {
        package let name: String
        let method: UInt16
        let flags: UInt16
        let crc32: UInt32
        let compressedSize: Int
        let uncompressedSize: Int
        let localHeaderOffset: Int
        package init(
            name: String, method: UInt16, flags: UInt16, crc32: UInt32, compressedSize: Int, uncompressedSize: Int, localHeaderOffset: Int
        ) {
            self.name = name
            self.method = method
            self.flags = flags
            self.crc32 = crc32
            self.compressedSize = compressedSize
            self.uncompressedSize = uncompressedSize
            self.localHeaderOffset = localHeaderOffset
        }
    }

    /// Why an archive or a part cannot be read (Chinese, for the user).
    package struct Failure: Error {
        package let reason: String
        /// The part unpacks to more than the caller allows.
        var tooLarge = false
    }

    package let bytes: [UInt8]
    /// Entries in directory order; the first of two with one name wins.
    private(set) var entries: [Entry] = []
    private var index: [String: Int] = [:]

    package init(bytes: [UInt8]) throws(Failure) {
        self.bytes = bytes
        let end = try Self.endOfCentralDirectory(bytes)
        let count = Int(u16(end + 10))
        let size = Int(u32(end + 12))
        let start = Int(u32(end + 16))
        if u16(end + 4) != 0 || u16(end + 6) != 0 || Int(u16(end + 8)) != count {
            throw Failure(reason: "分卷 zip 文件不受支持")
        }
        if count == 0xFFFF || size == 0xFFFF_FFFF || start == 0xFFFF_FFFF {
            throw Failure(reason: "ZIP64 格式不受支持（工作簿超过 4 GB？）")
        }
        guard start <= end, size <= end - start else { throw Failure(reason: "中央目录的位置超出文件") }
        var at = start
        entries.reserveCapacity(count)
        for n in 0..<count {
            guard at + 46 <= start + size, u32(at) == 0x0201_4b50 else {
                throw Failure(reason: "中央目录第 \(n + 1) 项已损坏")
            }
            let nameLength = Int(u16(at + 28))
            let extra = Int(u16(at + 30))
            let comment = Int(u16(at + 32))
            let next = at + 46 + nameLength + extra + comment
            guard next <= start + size else { throw Failure(reason: "中央目录第 \(n + 1) 项超出目录") }
            let entry = Entry(
                name: String(decoding: bytes[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self),
                method: u16(at + 10), flags: u16(at + 8), crc32: u32(at + 16),
                compressedSize: Int(u32(at + 20)), uncompressedSize: Int(u32(at + 24)),
                localHeaderOffset: Int(u32(at + 42)))
            if index[entry.name] == nil { index[entry.name] = entries.count }
            entries.append(entry)
            at = next
        }
    }

    package subscript(name: String) -> Entry? { index[name].map { entries[$0] } }

    /// The bytes of a part, unpacked and checked; more than `limit` bytes is refused.
    package func contents(of entry: Entry, limit: Int) throws(Failure) -> [UInt8] {
        if entry.flags & 1 != 0 { throw Failure(reason: "已加密") }
        if entry.uncompressedSize == 0xFFFF_FFFF || entry.compressedSize == 0xFFFF_FFFF
            || entry.localHeaderOffset == 0xFFFF_FFFF
        {
            throw Failure(reason: "ZIP64 格式不受支持")
        }
        if entry.uncompressedSize > limit { throw Failure(reason: "解压后超过上限", tooLarge: true) }
        let header = entry.localHeaderOffset
        guard header <= bytes.count - 30, u32(header) == 0x0403_4b50 else { throw Failure(reason: "本地文件头已损坏") }
        let start = header + 30 + Int(u16(header + 26)) + Int(u16(header + 28))
        guard start <= bytes.count, entry.compressedSize <= bytes.count - start else {
            throw Failure(reason: "压缩数据超出文件末尾")
        }
        let output: [UInt8]
        switch entry.method {
        case 0:
            guard entry.compressedSize == entry.uncompressedSize else { throw Failure(reason: "未压缩部件的大小前后不一") }
            output = Array(bytes[start..<(start + entry.compressedSize)])
        case 8:
            output = try inflate(start, entry.compressedSize, expected: entry.uncompressedSize)
        default:
            throw Failure(reason: "压缩方式 \(entry.method) 不受支持（只支持不压缩与 deflate）")
        }
        let crc = output.withUnsafeBufferPointer { crc32(0, $0.baseAddress, UInt32($0.count)) }
        guard UInt32(crc) == entry.crc32 else { throw Failure(reason: "CRC-32 校验不符") }
        return output
    }

    /// Raw deflate data at `start` unpacked into exactly `expected` bytes: input ending
    /// before the stream does, or output longer or shorter than declared, is damage.
    private func inflate(_ start: Int, _ length: Int, expected: Int) throws(Failure) -> [UInt8] {
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw Failure(reason: "无法初始化解压")
        }
        defer { inflateEnd(&stream) }
        // One byte of room more than declared, to see output that runs past it.
        var status: Int32 = Z_OK
        var produced = 0
        let output = [UInt8](unsafeUninitializedCapacity: expected + 1) { out, initialized in
            bytes.withUnsafeBufferPointer { input in
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress! + start)
                stream.avail_in = UInt32(length)
                stream.next_out = out.baseAddress!
                stream.avail_out = UInt32(expected + 1)
                // Z_FINISH with all input and all room given: one call does it, or says
                // why not (Z_BUF_ERROR: input ran out, or no room left).
                status = CInflate.inflate(&stream, Z_FINISH)
                produced = expected + 1 - Int(stream.avail_out)
            }
            initialized = produced
        }
        guard status == Z_STREAM_END else {
            if status == Z_BUF_ERROR && produced > expected { throw Failure(reason: "解压后比声明的大小长") }
            if status == Z_BUF_ERROR { throw Failure(reason: "压缩数据不完整") }
            throw Failure(reason: "压缩数据已损坏")
        }
        guard produced == expected else { throw Failure(reason: "解压后的大小与声明不符") }
        return output
    }

    /// The end-of-central-directory record: the last of its signature within the
    /// final 64 KiB + 22 bytes (its comment may be up to 65,535 bytes).
    private static func endOfCentralDirectory(_ bytes: [UInt8]) throws(Failure) -> Int {
        guard bytes.count >= 22 else { throw Failure(reason: "文件太短，不是 zip 文件") }
        var at = bytes.count - 22
        let lowest = max(0, at - 65_535)
        while at >= lowest {
            if bytes[at] == 0x50 && bytes[at + 1] == 0x4b && bytes[at + 2] == 5 && bytes[at + 3] == 6 { return at }
            at -= 1
        }
        throw Failure(reason: "找不到 zip 中央目录，不是 zip 文件")
    }

    private func u16(_ at: Int) -> UInt16 { UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8 }
    private func u32(_ at: Int) -> UInt32 { UInt32(u16(at)) | UInt32(u16(at + 2)) << 16 }
}
