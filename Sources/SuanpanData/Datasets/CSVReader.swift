import Dispatch
import SuanpanLanguage

#if canImport(Glibc)
    import Glibc
#endif

/// A byte-level RFC 4180 reader: commas and newlines inside quotes, `""` for a quote,
/// CRLF or LF line ends. It records where each field lies in the buffer instead of
/// copying it, so a 70 MB file costs one pass and a few integers per cell.
///
/// (A general CSV library builds a `String` per field; at 6 million cells that alone
/// exceeds the one-second load budget, so this reader is the product's own.)
public struct CSVRecords: Sendable {
    /// UTF-8 text of the whole file.
    public let bytes: [UInt8]
    /// Where each field ends in `bytes` (field k of the file, quotes included); the next
    /// field of the same record starts one byte later, after the comma.
    var fieldEnds: [UInt32] = []
    /// Index of each record's first field in `fieldEnds`, plus a final end marker.
    var recordStarts: [UInt32] = [0]
    /// Where each record's first field starts in `bytes`.
    var recordOffsets: [UInt32] = []
    /// 1-based line on which each record starts.
    public var lines: [Int] = []

    public var count: Int { lines.count }

    package init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Records built from already separated texts (an XLSX sheet): `lines` gives each
    /// record's row number.
    package init(rows: [[String]], lines: [Int]) {
        var buffer: [UInt8] = []
        for (r, row) in rows.enumerated() {
            recordOffsets.append(UInt32(buffer.count))
            for (f, text) in row.enumerated() {
                // One separator byte between fields, as in a CSV line.
                if f > 0 { buffer.append(UInt8(ascii: ",")) }
                // Quote texts that begin with a quote so that unquoting leaves them intact.
                if text.utf8.first == UInt8(ascii: "\"") {
                    buffer.append(UInt8(ascii: "\""))
                    for b in text.utf8 {
                        buffer.append(b)
                        if b == UInt8(ascii: "\"") { buffer.append(b) }
                    }
                    buffer.append(UInt8(ascii: "\""))
                } else {
                    buffer.append(contentsOf: text.utf8)
                }
                fieldEnds.append(UInt32(buffer.count))
            }
            buffer.append(10)
            recordStarts.append(UInt32(fieldEnds.count))
            self.lines.append(lines[r])
        }
        self.bytes = buffer
    }

    public func fieldCount(_ record: Int) -> Int { Int(recordStarts[record + 1] - recordStarts[record]) }

    /// Field range of `record`, `field`.
    @inline(__always)
    package func range(_ record: Int, _ field: Int) -> Range<Int> {
        let k = Int(recordStarts[record]) + field
        let start = field == 0 ? Int(recordOffsets[record]) : Int(fieldEnds[k - 1]) + 1
        return start..<Int(fieldEnds[k])
    }

    /// The field positions as raw buffers, for loops over many rows: reading a captured
    /// struct's arrays row after row costs a retain and a release at each step.
    package struct Positions: @unchecked Sendable {
        package let bytes: UnsafeBufferPointer<UInt8>
        let ends: UnsafeBufferPointer<UInt32>
        package let starts: UnsafeBufferPointer<UInt32>
        let offsets: UnsafeBufferPointer<UInt32>

        @inline(__always)
        package func range(_ record: Int, _ field: Int) -> Range<Int> {
            let k = Int(starts[record]) + field
            let start = field == 0 ? Int(offsets[record]) : Int(ends[k - 1]) + 1
            return start..<Int(ends[k])
        }

        /// Whether the field is quoted (its text needs unquoting).
        @inline(__always)
        func isQuoted(_ r: Range<Int>) -> Bool { r.count >= 2 && bytes[r.lowerBound] == UInt8(ascii: "\"") }
    }

    func withPositions<T>(_ body: (Positions) -> T) -> T {
        bytes.withUnsafeBufferPointer { b in
            fieldEnds.withUnsafeBufferPointer { e in
                recordStarts.withUnsafeBufferPointer { s in
                    recordOffsets.withUnsafeBufferPointer { o in body(Positions(bytes: b, ends: e, starts: s, offsets: o)) }
                }
            }
        }
    }

    /// A cell's value read through `withPositions`.
    package func value(_ p: Positions, _ record: Int, _ field: Int) -> CellValue {
        let r = p.range(record, field)
        if p.isQuoted(r) { return CellText.parse(text(record, field)) }
        return CellText.parse(UnsafeBufferPointer(rebasing: p.bytes[r]))
    }

    /// The text of a field, unquoted.
    public func text(_ record: Int, _ field: Int) -> String {
        CSVRecords.unquote(bytes, range(record, field))
    }

    static func unquote(_ bytes: [UInt8], _ r: Range<Int>) -> String {
        if r.count >= 2 && bytes[r.lowerBound] == UInt8(ascii: "\"") {
            var out: [UInt8] = []
            out.reserveCapacity(r.count)
            var i = r.lowerBound + 1
            let end = r.upperBound - 1
            while i < end {
                out.append(bytes[i])
                i += bytes[i] == UInt8(ascii: "\"") ? 2 : 1
            }
            return String(decoding: out, as: UTF8.self)
        }
        return String(decoding: bytes[r], as: UTF8.self)
    }

    /// Interprets a field as a cell value without building a string (when unquoted).
    package func value(_ record: Int, _ field: Int) -> CellValue {
        withPositions { value($0, record, field) }
    }
}

public enum CSVReader {
    /// Splits `bytes` into records. Blank lines are skipped. An unterminated quote is
    /// an error at the line and column where the quote opened.
    /// `progress` is told the fraction of bytes read, now and then.
    /// The largest CSV file: positions are kept as 32-bit offsets (half the memory of
    /// 64-bit ones at province scale), so 4 GiB less one byte.
    public static let maxBytes = Int(UInt32.max)

    static func tooLarge(_ file: String, _ maxBytes: Int) -> Diagnostic {
        DataError.at(
            file: file, "CSV 文件超过 \(maxBytes == CSVReader.maxBytes ? "4 GiB" : "\(maxBytes) 字节")，不予读取",
            notes: ["提示：请把它按年度或地区拆成几个文件，放在同一个文件夹里载入"])
    }

    public static func read(
        _ bytes: [UInt8], file: String, progress: ((Double) -> Void)? = nil,
        parallel: Bool = true, maxBytes: Int = CSVReader.maxBytes, interruptible: Bool = false
    ) throws(Diagnostic) -> CSVRecords {
        if bytes.count > maxBytes { throw tooLarge(file, maxBytes) }
        var records = CSVRecords(bytes: bytes)
        let n = bytes.count
        // Without quotes every line end ends a record, so a large file is split at line
        // ends and its pieces read on all cores.
        let quoted = n == 0 || bytes.withUnsafeBufferPointer { memchr($0.baseAddress!, Int32(UInt8(ascii: "\"")), n) != nil }
        let pieces = quoted || !parallel || n < 4 << 20 ? 1 : 4
        var cuts = [0]
        for k in 1..<max(pieces, 1) {
            var i = max(n * k / pieces, cuts[cuts.count - 1])
            while i < n && bytes[i] != 10 { i += 1 }
            cuts.append(min(i + 1, n))
        }
        cuts.append(n)
        if pieces == 1 {
            var part = Piece()
            try bytes.withUnsafeBufferPointer { (b: UnsafeBufferPointer<UInt8>) throws(Diagnostic) in
                try scan(b, 0..<n, file: file, into: &part, progress: progress, interruptible: interruptible)
            }
            records.fieldEnds = part.fieldEnds
            records.recordStarts = part.recordStarts
            records.recordOffsets = part.recordOffsets
            records.lines = part.lines
            return records
        }
        progress?(0)
        let parts = ConcurrentSlots<Result<Piece, Diagnostic>>(count: pieces, initial: Result<Piece, Diagnostic>.success(Piece()))
        let bounds = cuts
        // Told from the first piece's thread only (the callback is not shared between threads).
        nonisolated(unsafe) let firstProgress = progress
        DispatchQueue.concurrentPerform(iterations: pieces) { k in
            let outcome = Result<Piece, Diagnostic> { () throws(Diagnostic) -> Piece in
                var part = Piece()
                try bytes.withUnsafeBufferPointer { (b: UnsafeBufferPointer<UInt8>) throws(Diagnostic) in
                    // The pieces go at one pace: the first one's share read stands for all.
                    try scan(
                        b, bounds[k]..<bounds[k + 1], file: file, into: &part, progress: k == 0 ? firstProgress : nil,
                        interruptible: interruptible)
                }
                return part
            }
            parts.set(k, outcome)
        }
        // Line numbers continue from the pieces before; field indexes too.
        var lineOffset = 0
        var all: [Piece] = []
        for k in 0..<pieces { all.append(try parts[k].get()) }
        records.fieldEnds.reserveCapacity(all.reduce(0) { $0 + $1.fieldEnds.count })
        let recordCount = all.reduce(0) { $0 + $1.lines.count }
        records.recordStarts.reserveCapacity(recordCount + 1)
        records.recordOffsets.reserveCapacity(recordCount)
        records.lines.reserveCapacity(recordCount)
        for part in all {
            let fieldOffset = UInt32(records.fieldEnds.count)
            records.fieldEnds.append(contentsOf: part.fieldEnds)
            for s in part.recordStarts.dropFirst() { records.recordStarts.append(s + fieldOffset) }
            records.recordOffsets.append(contentsOf: part.recordOffsets)
            for l in part.lines { records.lines.append(l + lineOffset) }
            lineOffset += part.lineEnds
        }
        return records
    }

    /// The records of one piece of a file: field ranges in the whole buffer, record
    /// starts and line numbers counted from the piece's start.
    package struct Piece: Sendable {
        var fieldEnds: [UInt32] = []
        var recordStarts: [UInt32] = [0]
        var recordOffsets: [UInt32] = []
        package var lines: [Int] = []
        /// Line ends in the piece.
        var lineEnds = 0
    }

    static func scan(
        _ b: UnsafeBufferPointer<UInt8>, _ span: Range<Int>, file: String, into records: inout Piece,
        progress: ((Double) -> Void)?, interruptible: Bool = false
    ) throws(Diagnostic) {
        let n = span.upperBound
        var i = span.lowerBound
        var line = 1
        // Plain growable buffers: an array's append checks for shared storage each time,
        // a measurable cost at eight million fields.
        var ends = WordBuffer<UInt32>(capacity: span.count / 6 + 16)
        var starts = WordBuffer<UInt32>(capacity: span.count / 48 + 16)
        var offsets = WordBuffer<UInt32>(capacity: span.count / 48 + 16)
        var lines = WordBuffer<Int>(capacity: span.count / 48 + 16)
        starts.append(0)
        defer {
            records.fieldEnds = ends.array()
            records.recordStarts = starts.array()
            records.recordOffsets = offsets.array()
            records.lines = lines.array()
            records.lineEnds = line - 1
            ends.free()
            starts.free()
            offsets.free()
            lines.free()
        }
        let comma = UInt8(ascii: ",")
        let quote = UInt8(ascii: "\"")
        let lf = UInt8(10)
        let cr = UInt8(13)
        let base = b.baseAddress!
        while i < n {
            // Skip blank lines.
            if b[i] == lf {
                line += 1
                i += 1
                continue
            }
            if b[i] == cr && i + 1 < n && b[i + 1] == lf {
                i += 1
                continue
            }
            if lines.count & 0xFFFF == 0 {
                progress?(Double(i) / Double(n))
                if interruptible { try Interruption.check() }  // Ctrl-C in the REPL stops a long read
            }
            let recordLine = line
            let recordStart = i
            var recordIsBlank = true
            let firstField = ends.count
            while true {
                let start = i
                if i < n && b[i] == quote {
                    let openLine = line
                    let openColumn = column(b, start)
                    i += 1
                    while true {
                        guard i < n else {
                            throw DataError.at(
                                file: file, line: openLine, column: openColumn,
                                "引号没有闭合：从这里开始的带引号字段一直到文件结尾都没有结束")
                        }
                        if b[i] == quote {
                            if i + 1 < n && b[i + 1] == quote {
                                i += 2
                                continue
                            }
                            i += 1
                            break
                        }
                        if b[i] == lf { line += 1 }
                        i += 1
                    }
                    if i < n && b[i] != comma && b[i] != lf && b[i] != cr {
                        throw DataError.at(
                            file: file, line: line, column: column(b, i),
                            "带引号的字段结束后应是逗号或换行，这里是其他字符")
                    }
                    recordIsBlank = false
                } else {
                    // Eight bytes at a time to the next comma or line end.
                    while i + 8 <= n {
                        let m = delimiters(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
                        if m != 0 {
                            i += m.trailingZeroBitCount >> 3
                            break
                        }
                        i += 8
                    }
                    while i < n && b[i] != comma && b[i] != lf && b[i] != cr { i += 1 }
                    if i > start { recordIsBlank = false }
                }
                ends.append(UInt32(truncatingIfNeeded: i))
                if i < n && b[i] == comma {
                    // The next field starts here, even at the end of the file (`a,b,`).
                    i += 1
                    continue
                }
                // End of record.
                if i < n && b[i] == cr { i += 1 }
                if i < n && b[i] == lf {
                    i += 1
                    line += 1
                }
                break
            }
            if recordIsBlank && ends.count - firstField <= 1 {
                ends.count = firstField
                continue
            }
            starts.append(UInt32(truncatingIfNeeded: ends.count))
            offsets.append(UInt32(truncatingIfNeeded: recordStart))
            lines.append(recordLine)
        }
    }

    /// A buffer of plain values that grows by doubling, freed by its owner.
    package struct WordBuffer<Word: BitwiseCopyable> {
        package var base: UnsafeMutablePointer<Word>
        package var count = 0
        package var capacity: Int

        package init(capacity: Int) {
            self.capacity = max(capacity, 16)
            base = .allocate(capacity: self.capacity)
        }

        @inline(__always)
        package mutating func append(_ w: Word) {
            if count == capacity { grow() }
            base[count] = w
            count += 1
        }

        mutating func grow() {
            let bigger = UnsafeMutablePointer<Word>.allocate(capacity: capacity * 2)
            bigger.update(from: base, count: count)
            base.deallocate()
            base = bigger
            capacity *= 2
        }

        func array() -> [Word] { Array(UnsafeBufferPointer(start: base, count: count)) }

        package func free() { base.deallocate() }
    }

    /// The high bit of each byte of `w` that is a comma, LF or CR, and possibly of
    /// bytes above the lowest such byte (so only the lowest set bit is exact).
    @inline(__always)
    static func delimiters(_ w: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func zeroBytes(_ v: UInt64) -> UInt64 { (v &- ones) & ~v & highs }
        return zeroBytes(w ^ (ones &* 0x2C)) | zeroBytes(w ^ (ones &* 0x0A)) | zeroBytes(w ^ (ones &* 0x0D))
    }

    /// 1-based character column of byte offset `at` on its line.
    package static func column(_ b: UnsafeBufferPointer<UInt8>, _ at: Int) -> Int {
        var start = at
        while start > 0 && b[start - 1] != 10 { start -= 1 }
        var col = 1
        for j in start..<at where b[j] & 0xC0 != 0x80 { col += 1 }
        return col
    }
}
