import CTextScan
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
    /// UTF-8 text of the whole file (while a large file loads, its mapped pages).
    package internal(set) var bytes: RecordBytes
    /// Where each field ends (field k of the file, quotes included), counted from its
    /// record's first byte: two bytes a cell. The next field of the same record starts
    /// one byte later, after the comma. A field ending 65,535 bytes or more into its
    /// record (a long text in a long record) is marked `farMark` and found in `far`.
    var fieldEnds: [UInt16] = []
    /// The same in one byte a field, for a file read whose fields nearly all end within
    /// 254 bytes of their record's start (`narrow`; `fieldEnds` is then empty): a
    /// field ending farther is marked 255 and found in `far`.
    var narrowEnds: [UInt8] = []
    var narrow = false
    /// Index of each record's first field in `fieldEnds`, plus a final end marker;
    /// empty when every record has `width` fields (record r's first is r × width).
    var recordStarts: [UInt32] = [0]
    var width = 0
    /// Where each record's first field starts in `bytes`.
    var recordOffsets: [UInt32] = []
    /// The fields marked `farMark`, in order, and where each ends in `bytes`.
    var far = FarEnds()
    /// 1-based line on which each record starts.
    public var lines = LineNumbers()
    /// Columns kept as a code a record instead of their bytes (`sharingRepeated`).
    var shared: SharedFields?

    static let farMark = UInt16.max
    static let narrowFarMark = UInt8.max

    /// Field indexes (ascending) and their ends, for the few fields too far into their
    /// record for 16 bits.
    struct FarEnds: Sendable {
        var fields: [UInt32] = []
        var ends: [UInt32] = []

        /// Where far field `k` ends (a binary search: such fields are few).
        static func end(_ k: Int, _ fields: UnsafeBufferPointer<UInt32>, _ ends: UnsafeBufferPointer<UInt32>) -> Int {
            var lo = 0
            var hi = fields.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if Int(fields[mid]) < k { lo = mid + 1 } else { hi = mid }
            }
            precondition(lo < fields.count && Int(fields[lo]) == k, "CSVRecords: a far field without its end")
            return Int(ends[lo])
        }
    }

    /// Line numbers of records, four bytes each.
    /// Lines that follow one another (a file without blank lines or line breaks inside
    /// quotes) are kept as the first and the count.
    public struct LineNumbers: RandomAccessCollection, Equatable, Sendable {
        var storage: [UInt32] = []
        /// The first line and how many, for lines that follow one another (`storage` empty).
        var firstOfRun = 0
        var runCount: Int?
        /// How many leading numbers are left out (the header's, for a table's rows).
        var skipped = 0
        public var startIndex: Int { 0 }
        public var endIndex: Int { (runCount ?? storage.count) - skipped }
        public subscript(_ i: Int) -> Int { runCount == nil ? Int(storage[i + skipped]) : firstOfRun + i + skipped }
        mutating func append(_ line: Int) {
            if runCount != nil {
                // A run written out before it goes on (the numbers a table's records were
                // built from keep their storage; only a CSV read makes runs).
                storage = (0..<count).map { UInt32(truncatingIfNeeded: self[$0]) }
                runCount = nil
                skipped = 0
            }
            storage.append(UInt32(truncatingIfNeeded: line))
        }
        public static func == (a: LineNumbers, b: LineNumbers) -> Bool { a.elementsEqual(b) }
        /// The numbers after the first (sharing the storage).
        public var afterFirst: LineNumbers {
            LineNumbers(storage: storage, firstOfRun: firstOfRun, runCount: runCount, skipped: skipped + 1)
        }
    }

    public var count: Int { lines.count }

    package init(bytes: [UInt8]) {
        self.bytes = RecordBytes(bytes)
    }

    package init(bytes: RecordBytes) {
        self.bytes = bytes
    }

    /// The same records holding their own copy of mapped bytes.
    package var owningBytes: CSVRecords {
        guard bytes.isMapped else { return self }
        var copy = self
        copy.bytes = RecordBytes(bytes.bytes)
        return copy
    }

    /// Records built from already separated texts (an XLSX sheet): `lines` gives each
    /// record's row number.
    package init(rows: [[String]], lines: [Int]) {
        var buffer: [UInt8] = []
        for (r, row) in rows.enumerated() {
            let recordStart = buffer.count
            recordOffsets.append(UInt32(recordStart))
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
                CSVRecords.appendEnd(buffer.count, recordStart: recordStart, to: &fieldEnds, &far)
            }
            buffer.append(10)
            recordStarts.append(UInt32(fieldEnds.count))
            self.lines.append(lines[r])
        }
        self.bytes = RecordBytes(buffer)
    }

    /// Notes the end of the next field.
    static func appendEnd(_ end: Int, recordStart: Int, to fieldEnds: inout [UInt16], _ far: inout FarEnds) {
        let relative = end - recordStart
        if relative >= Int(farMark) {
            far.fields.append(UInt32(fieldEnds.count))
            far.ends.append(UInt32(end))
            fieldEnds.append(farMark)
        } else {
            fieldEnds.append(UInt16(relative))
        }
    }

    public func fieldCount(_ record: Int) -> Int { width > 0 ? width : Int(recordStarts[record + 1] - recordStarts[record]) }

    /// Field range of `record`, `field`.
    @inline(__always)
    package func range(_ record: Int, _ field: Int) -> Range<Int> {
        withPositions { $0.range(record, field) }
    }

    /// The field positions as raw buffers, for loops over many rows: reading a captured
    /// struct's arrays row after row costs a retain and a release at each step.
    package struct Positions: @unchecked Sendable {
        package let bytes: UnsafeBufferPointer<UInt8>
        let ends: UnsafeBufferPointer<UInt16>
        let narrowEnds: UnsafeBufferPointer<UInt8>
        let narrow: Bool
        let starts: UnsafeBufferPointer<UInt32>
        let width: Int
        let offsets: UnsafeBufferPointer<UInt32>
        let farFields: UnsafeBufferPointer<UInt32>
        let farEnds: UnsafeBufferPointer<UInt32>
        /// Columns kept as codes: which (a bit a column), and how each column is kept.
        let sharedMask: UInt64
        let columns: UnsafePointer<SharedFields.Column>?
        /// Fields a record keeps in its own bytes.
        let ownWidth: Int

        @inline(__always)
        package func range(_ record: Int, _ field: Int) -> Range<Int> {
            var own = field
            if sharedMask != 0 {
                let c = columns.unsafelyUnwrapped[field]
                if c.own < 0 { return c.range(record) }
                own = Int(c.own)
            }
            let k = (ownWidth > 0 ? record * ownWidth : Int(starts[record])) + own
            let base = Int(offsets[record])
            let start = own == 0 ? base : end(k - 1, base) + 1
            return start..<end(k, base)
        }

        @inline(__always)
        func end(_ k: Int, _ base: Int) -> Int {
            if narrow {
                let e = narrowEnds[k]
                if e != CSVRecords.narrowFarMark { return base + Int(e) }
            } else {
                let e = ends[k]
                if e != CSVRecords.farMark { return base + Int(e) }
            }
            return FarEnds.end(k, farFields, farEnds)
        }

        @inline(__always)
        package func fieldCount(_ record: Int) -> Int { width > 0 ? width : Int(starts[record + 1] - starts[record]) }

        /// Whether the field is quoted (its text needs unquoting).
        @inline(__always)
        func isQuoted(_ r: Range<Int>) -> Bool { r.count >= 2 && bytes[r.lowerBound] == UInt8(ascii: "\"") }
    }

    func withPositions<T>(_ body: (Positions) -> T) -> T {
        withExtendedLifetime(shared) { withOwnPositions(body) }
    }

    private func withOwnPositions<T>(_ body: (Positions) -> T) -> T {
        bytes.withUnsafeBufferPointer { b in
            fieldEnds.withUnsafeBufferPointer { e in
                narrowEnds.withUnsafeBufferPointer { ne in
                    recordStarts.withUnsafeBufferPointer { s in
                        recordOffsets.withUnsafeBufferPointer { o in
                            far.fields.withUnsafeBufferPointer { ff in
                                far.ends.withUnsafeBufferPointer { fe in
                                    body(
                                        Positions(
                                            bytes: b, ends: e, narrowEnds: ne, narrow: narrow, starts: s, width: width, offsets: o,
                                            farFields: ff, farEnds: fe, sharedMask: shared?.mask ?? 0,
                                            columns: shared.map { UnsafePointer($0.columns.baseAddress!) },
                                            ownWidth: shared?.ownWidth ?? width))
                                }
                            }
                        }
                    }
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

    static func unquote(_ bytes: RecordBytes, _ r: Range<Int>) -> String {
        bytes.withUnsafeBufferPointer { unquote($0, r) }
    }

    static func unquote(_ bytes: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> String {
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
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[r]), as: UTF8.self)
    }

    /// The records of a file's pieces, read in order: record starts and line numbers
    /// continue from the pieces before (field ends are relative to their record, and are
    /// copied as they are). Each piece's buffers are freed once copied.
    mutating func join(_ pieces: [CSVReader.Piece]) {
        let fieldCount = pieces.reduce(0) { $0 + $1.ends.count }
        let recordCount = pieces.reduce(0) { $0 + $1.lines.count }
        fieldEnds = []
        narrowEnds = []
        recordStarts = []
        recordOffsets = []
        lines = LineNumbers()
        far = FarEnds()
        // Records all as wide as the first: no record starts. Lines that follow one
        // another: the first and the count. (Each piece tells its own while read.)
        let withRecords = pieces.filter { $0.lines.count > 0 }
        let w = withRecords.first?.width ?? 0
        let uniform = w > 0 && withRecords.allSatisfy { $0.width == w }
        var consecutive = withRecords.allSatisfy(\.consecutive)
        var firstLine: Int?
        var lineOffset = 0
        var next: Int?
        for part in pieces {
            if part.lines.count > 0 {
                let start = Int(part.lines.buffer[0]) + lineOffset
                if firstLine == nil { firstLine = start }
                if let n = next, n != start { consecutive = false }
                next = Int(part.lines.buffer[part.lines.count - 1]) + lineOffset + 1
            }
            lineOffset += part.lineEnds
        }
        if uniform {
            width = w
        } else {
            recordStarts.reserveCapacity(recordCount + 1)
            recordStarts.append(0)
        }
        if consecutive {
            lines.firstOfRun = firstLine ?? 1
            lines.runCount = recordCount
        } else {
            lines.storage.reserveCapacity(recordCount)
        }
        // One byte a field end when few fields end farther into their record (a table of
        // codes, names and amounts); those few are kept apart, in field order. The pieces
        // are narrowed on all cores, each into its place.
        let beyondByte = pieces.reduce(0) { $0 + $1.beyondByte }
        narrow = beyondByte * 32 <= fieldCount
        if narrow {
            var prefix = [0]
            for part in pieces { prefix.append(prefix[prefix.count - 1] + part.ends.count) }
            let bases = prefix
            let farLists = ConcurrentSlots<FarEnds>(count: pieces.count, initial: FarEnds())
            narrowEnds = [UInt8](unsafeUninitializedCapacity: fieldCount) { out, initialized in
                nonisolated(unsafe) let out = out
                DispatchQueue.concurrentPerform(iterations: pieces.count) { p in
                    let part = pieces[p]
                    let ends = part.ends.buffer
                    let starts = part.starts.buffer
                    let offsets = part.offsets.buffer
                    let fieldBase = bases[p]
                    var farHere = FarEnds()
                    var nextFar = 0
                    for r in 0..<part.lines.count {
                        let base = Int(offsets[r])
                        for f in Int(starts[r])..<Int(starts[r + 1]) {
                            let e = ends[f]
                            if e < UInt16(CSVRecords.narrowFarMark) {
                                out[fieldBase + f] = UInt8(truncatingIfNeeded: e)
                                continue
                            }
                            var end = base + Int(e)
                            if e == CSVRecords.farMark {
                                end = Int(part.far.ends[nextFar])
                                nextFar += 1
                            }
                            farHere.fields.append(UInt32(fieldBase + f))
                            farHere.ends.append(UInt32(end))
                            out[fieldBase + f] = CSVRecords.narrowFarMark
                        }
                    }
                    farLists.set(p, farHere)
                }
                initialized = fieldCount
            }
            for p in pieces.indices {
                far.fields.append(contentsOf: farLists[p].fields)
                far.ends.append(contentsOf: farLists[p].ends)
            }
        } else {
            fieldEnds.reserveCapacity(fieldCount)
        }
        recordOffsets.reserveCapacity(recordCount)
        var lineBase: UInt32 = 0
        var fieldBase: UInt32 = 0
        for part in pieces {
            let fieldOffset = fieldBase
            fieldBase += UInt32(part.ends.count)
            if !narrow { fieldEnds.append(contentsOf: part.ends.buffer) }
            if !uniform { for s in part.starts.buffer.dropFirst() { recordStarts.append(s + fieldOffset) } }
            recordOffsets.append(contentsOf: part.offsets.buffer)
            if !consecutive { for l in part.lines.buffer { lines.storage.append(l + lineBase) } }
            if !narrow {
                for f in part.far.fields { far.fields.append(f + fieldOffset) }
                far.ends.append(contentsOf: part.far.ends)
            }
            lineBase += UInt32(part.lineEnds)
            part.release()
        }
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
        try read(
            RecordBytes(bytes), file: file, progress: progress, parallel: parallel, maxBytes: maxBytes, interruptible: interruptible)
    }

    package static func read(
        _ bytes: RecordBytes, file: String, progress: ((Double) -> Void)? = nil,
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
        progress?(0)
        let parts = ConcurrentSlots<Result<Piece, Diagnostic>>(count: pieces, initial: Result<Piece, Diagnostic>.success(Piece()))
        let bounds = cuts
        // Told from the first piece's thread only (the callback is not shared between threads).
        nonisolated(unsafe) let firstProgress = progress
        DispatchQueue.concurrentPerform(iterations: pieces) { k in
            let outcome = Result<Piece, Diagnostic> { () throws(Diagnostic) -> Piece in
                let part = Piece()
                try bytes.withUnsafeBufferPointer { (b: UnsafeBufferPointer<UInt8>) throws(Diagnostic) in
                    // The pieces go at one pace: the first one's share read stands for all.
                    if quoted {
                        try scan(
                            b, bounds[k]..<bounds[k + 1], file: file, into: part, progress: k == 0 ? firstProgress : nil,
                            interruptible: interruptible)
                    } else {
                        try scanPlain(
                            b, bounds[k]..<bounds[k + 1], into: part, progress: k == 0 ? firstProgress : nil, interruptible: interruptible)
                    }
                }
                return part
            }
            parts.set(k, outcome)
        }
        var all: [Piece] = []
        for k in 0..<pieces { all.append(try parts[k].get()) }
        for k in 0..<pieces { parts.set(k, .success(Piece())) }
        records.join(all)
        return records
    }

    /// The records of one piece of a file: field ends (relative to their record),
    /// record starts and line numbers counted from the piece's start, far ends in the
    /// whole buffer. Plain growable buffers: an array's append checks for shared storage
    /// each time, a measurable cost at eight million fields.
    package final class Piece: @unchecked Sendable {
        var ends = WordBuffer<UInt16>(capacity: 16)
        var starts = WordBuffer<UInt32>(capacity: 16)
        var offsets = WordBuffer<UInt32>(capacity: 16)
        var lines = WordBuffer<UInt32>(capacity: 16)
        var far = CSVRecords.FarEnds()
        /// Line ends in the piece.
        var lineEnds = 0
        /// Fields ending 255 bytes or more into their record.
        var beyondByte = 0
        /// The fields of each record, when all records have as many; -1 when not.
        var width = 0
        /// Whether each record starts on the line after the one before.
        var consecutive = true

        private var released = false

        deinit { release() }

        /// Frees the buffers, once (after they are copied, or with the piece).
        func release() {
            guard !released else { return }
            released = true
            ends.free()
            starts.free()
            offsets.free()
            lines.free()
        }
    }

    static func scan(
        _ b: UnsafeBufferPointer<UInt8>, _ span: Range<Int>, file: String, into piece: Piece,
        progress: ((Double) -> Void)?, interruptible: Bool = false
    ) throws(Diagnostic) {
        let n = span.upperBound
        var i = span.lowerBound
        var line = 1
        var out = PieceBuilder(bytes: span.count)
        defer { out.handOver(to: piece, lineEnds: line - 1) }
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
            if out.recordCount & 0xFFFF == 0 {
                progress?(Double(i) / Double(n))
                if interruptible { try Interruption.check() }  // Ctrl-C in the REPL stops a long read
            }
            let recordLine = line
            let recordStart = i
            var recordIsBlank = true
            let firstField = out.fieldCount
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
                out.endField(at: i, recordStart: recordStart)
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
            out.endRecord(firstField: firstField, start: recordStart, line: recordLine, blank: recordIsBlank)
        }
    }

    /// `scan` for bytes without a quote (the file has none): the delimiters of 64 bytes
    /// at a time found at once (`suanpan_csv_delimiters64`), then taken in order, with no
    /// pass over each field's bytes. The same records as `scan` (a property test holds
    /// the two together).
    static func scanPlain(
        _ b: UnsafeBufferPointer<UInt8>, _ span: Range<Int>, into piece: Piece, progress: ((Double) -> Void)?,
        interruptible: Bool = false
    ) throws(Diagnostic) {
        let n = span.upperBound
        var line = 1
        var out = PieceBuilder(bytes: span.count)
        defer { out.handOver(to: piece, lineEnds: line - 1) }
        guard !span.isEmpty, let base = b.baseAddress else { return }
        // Between records, where the next one starts (delimiters before it are taken:
        // the LF of a CR LF); in a record, where it and its current field start.
        // Plain locals, no nested functions: this loop runs once a field.
        var next = span.lowerBound
        var inRecord = false
        var recordStart = 0
        var recordLine = 0
        var fieldStart = 0
        var firstField = 0
        var filled = false
        var block = span.lowerBound
        // After the last block, once more with no delimiter: the last record, if the
        // file does not end with a line end, ends at the end.
        while block <= n {
            var mask: UInt64 = 0
            if block + 64 <= n {
                mask = suanpan_csv_delimiters64(base + block)
            } else if block < n {
                for j in block..<n where base[j] == 0x2C || base[j] == 0x0A || base[j] == 0x0D { mask |= 1 << UInt64(j - block) }
            }
            let last = block + 64 > n
            // The end of the file as a delimiter of its own (bit 64 of the last block).
            var atEnd = last
            while mask != 0 || atEnd {
                let d: Int
                if mask != 0 {
                    d = block &+ mask.trailingZeroBitCount
                    mask &= mask &- 1
                } else {
                    d = n
                    atEnd = false
                    if !inRecord && next >= n { break }
                }
                let c = d < n ? base[d] : 0
                if !inRecord {
                    if d < next { continue }
                    if d == next && c == 0x0A {
                        // A blank line.
                        line += 1
                        next = d + 1
                        continue
                    }
                    if d == next && c == 0x0D && d + 1 < n && base[d + 1] == 0x0A {
                        next = d + 1
                        continue
                    }
                    if out.recordCount & 0xFFFF == 0 {
                        progress?(Double(next) / Double(n))
                        if interruptible { try Interruption.check() }  // Ctrl-C in the REPL stops a long read
                    }
                    inRecord = true
                    recordStart = next
                    recordLine = line
                    fieldStart = next
                    firstField = out.fieldCount
                    filled = false
                }
                // The field ends at d.
                if d > fieldStart { filled = true }
                out.endField(at: d, recordStart: recordStart)
                if c == 0x2C {
                    // The next field starts after it, even at the end of the file (`a,b,`).
                    fieldStart = d &+ 1
                    continue
                }
                // The record ends at d: a line end, or the end of the file.
                next = d + 1
                if c == 0x0D && d + 1 < n && base[d + 1] == 0x0A { next = d + 2 }
                if next > d + 1 || c == 0x0A { line += 1 }
                inRecord = false
                out.endRecord(firstField: firstField, start: recordStart, line: recordLine, blank: !filled)
            }
            if last { break }
            block += 64
        }
    }

    /// What a scan builds of its piece, record by record (`scan` and `scanPlain`).
    struct PieceBuilder {
        var ends: WordBuffer<UInt16>
        var starts: WordBuffer<UInt32>
        var offsets: WordBuffer<UInt32>
        var lines: WordBuffer<UInt32>
        var far = CSVRecords.FarEnds()
        var beyondByte = 0
        var width = 0
        var consecutive = true
        var lastLine = 0

        /// Room for a piece of `bytes` bytes (it grows if that is not enough).
        init(bytes: Int) {
            ends = WordBuffer<UInt16>(capacity: bytes / 6 + 16)
            starts = WordBuffer<UInt32>(capacity: bytes / 48 + 16)
            offsets = WordBuffer<UInt32>(capacity: bytes / 48 + 16)
            lines = WordBuffer<UInt32>(capacity: bytes / 48 + 16)
            starts.append(0)
        }

        var recordCount: Int { lines.count }
        var fieldCount: Int { ends.count }

        /// The record's next field ends at byte `end`.
        @inline(__always)
        mutating func endField(at end: Int, recordStart: Int) {
            let relative = end &- recordStart
            if relative < Int(CSVRecords.narrowFarMark) {
                ends.append(UInt16(truncatingIfNeeded: relative))
                return
            }
            beyondByte += 1
            if relative >= Int(CSVRecords.farMark) {
                far.fields.append(UInt32(truncatingIfNeeded: ends.count))
                far.ends.append(UInt32(truncatingIfNeeded: end))
                ends.append(CSVRecords.farMark)
            } else {
                ends.append(UInt16(truncatingIfNeeded: relative))
            }
        }

        /// The record whose fields start at `firstField` ends. A record of one empty field
        /// (a line holding a lone CR) is no record.
        @inline(__always)
        mutating func endRecord(firstField: Int, start: Int, line: Int, blank: Bool) {
            let fields = ends.count - firstField
            if blank && fields <= 1 {
                ends.count = firstField
                return
            }
            if width == 0 { width = fields } else if width != fields { width = -1 }
            if lines.count > 0 && line != lastLine + 1 { consecutive = false }
            lastLine = line
            starts.append(UInt32(truncatingIfNeeded: ends.count))
            offsets.append(UInt32(truncatingIfNeeded: start))
            lines.append(UInt32(truncatingIfNeeded: line))
        }

        /// Hands the buffers to `piece`, not copied.
        func handOver(to piece: Piece, lineEnds: Int) {
            piece.ends.free()
            piece.starts.free()
            piece.offsets.free()
            piece.lines.free()
            piece.ends = ends
            piece.starts = starts
            piece.offsets = offsets
            piece.lines = lines
            piece.far = far
            piece.lineEnds = lineEnds
            piece.beyondByte = beyondByte
            piece.width = width
            piece.consecutive = consecutive
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

        var buffer: UnsafeBufferPointer<Word> { UnsafeBufferPointer(start: base, count: count) }

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
