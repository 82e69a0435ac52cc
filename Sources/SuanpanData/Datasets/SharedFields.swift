import Dispatch
import SuanpanLanguage

extension CSVRecords {
    /// Columns whose texts repeat (一级指标, 分值, the 项目编号 of a project's nine
    /// indicators), kept as a code a record instead of their bytes: each distinct text is
    /// kept once, after the records, and a field's range is its text's. The records keep
    /// the bytes of their other fields only. A million projects' indicators then take
    /// their codes, one to four bytes a cell, instead of 620 MB of text.
    ///
    /// Every field is read through `Positions.range`, so nothing else changes: a shared
    /// field reads back the bytes it was read from.
    final class SharedFields: @unchecked Sendable {
        /// How one column of the records is kept.
        struct Column {
            /// The field's index among the fields a record keeps, or -1 when shared.
            var own: Int32 = -1
            /// Bytes a code (1, 2 or 4).
            var width: Int32 = 0
            var codes: UnsafeRawPointer?
            /// Text k is `starts[k] ..< starts[k + 1]` in the records' bytes.
            var starts: UnsafePointer<UInt32>?
            /// The header's text (record 0).
            var headerStart: UInt32 = 0
            var headerEnd: UInt32 = 0

            @inline(__always)
            func range(_ record: Int) -> Range<Int> {
                guard record > 0 else { return Int(headerStart)..<Int(headerEnd) }
                let codes = codes.unsafelyUnwrapped
                let row = record - 1
                let k: Int
                switch width {
                case 1: k = Int(codes.load(fromByteOffset: row, as: UInt8.self))
                case 2: k = Int(codes.load(fromByteOffset: row << 1, as: UInt16.self))
                default: k = Int(codes.load(fromByteOffset: row << 2, as: Int32.self))
                }
                let starts = starts.unsafelyUnwrapped
                return Int(starts[k])..<Int(starts[k + 1])
            }
        }

        let columns: UnsafeMutableBufferPointer<Column>
        let mask: UInt64
        let ownWidth: Int
        /// The codes' memory (the columns point into it) and the texts' starts.
        let codes: [RowCodes]
        let starts: [UnsafeMutableBufferPointer<UInt32>]

        init(
            columns: UnsafeMutableBufferPointer<Column>, mask: UInt64, ownWidth: Int, codes: [RowCodes],
            starts: [UnsafeMutableBufferPointer<UInt32>]
        ) {
            self.columns = columns
            self.mask = mask
            self.ownWidth = ownWidth
            self.codes = codes
            self.starts = starts
        }

        deinit {
            columns.deallocate()
            for s in starts { s.deallocate() }
        }
    }

    /// The fields of every record when all have as many, else 0.
    private var uniformWidth: Int {
        let w = fieldCount(0)
        return (1..<count).allSatisfy { fieldCount($0) == w } ? w : 0
    }

    /// Whether some columns are kept as codes.
    package var sharesColumns: Bool { shared != nil }

    /// These records with `columns` (given with their codes over the data records, record
    /// 1 on) kept as codes; nil when the records cannot be (records of several widths, a
    /// record keeping 64 KiB or more of its own, already shared, or more than 64 columns).
    package func sharing(_ columns: [Int: ColumnCodes]) -> CSVRecords? {
        guard !columns.isEmpty, shared == nil, count >= 1 else { return nil }
        // Records of one width: a file read (`width`), or records built from texts
        // (a table rebuilt without its 合计 rows) whose rows all have as many fields.
        let width = self.width > 0 ? self.width : uniformWidth
        guard width > 0, width <= 64 else { return nil }
        let records = count
        let rows = records - 1
        guard columns.values.allSatisfy({ $0.codes.count == rows }) else { return nil }
        var mask: UInt64 = 0
        for c in columns.keys { mask |= 1 << UInt64(c) }
        let kept = (0..<width).filter { columns[$0] == nil }
        let ownWidth = kept.count
        // Each record's kept fields, one separator between them: where each record starts.
        var offsets = [UInt32](repeating: 0, count: records + 1)
        let chunks = records >= 65_536 ? 8 : 1
        withPositions { p in
            offsets.withUnsafeMutableBufferPointer { o in
                nonisolated(unsafe) let out = o
                DispatchQueue.concurrentPerform(iterations: chunks) { k in
                    for r in (records * k / chunks)..<(records * (k + 1) / chunks) {
                        var n = max(ownWidth - 1, 0)
                        for f in kept { n += p.range(r, f).count }
                        out[r + 1] = UInt32(n)
                    }
                }
            }
        }
        // Ends are kept in one byte a field when the records' were and none was far, else
        // in two; a record too long for two is not shared.
        let narrow = self.narrow && far.fields.isEmpty
        if !narrow, offsets.contains(where: { $0 >= UInt32(CSVRecords.farMark) }) { return nil }
        for r in 0..<records { offsets[r + 1] += offsets[r] }
        let ownBytes = Int(offsets[records])
        // Then each shared column's header and distinct texts.
        let order = columns.keys.sorted()
        var textBytes = 0
        for c in order {
            let codes = columns[c]!
            textBytes += range(0, c).count
            for row in codes.firstRows { textBytes += range(row + 1, c).count }
        }
        guard ownBytes + textBytes < Int(UInt32.max) else { return nil }
        var out = CSVRecords(bytes: [])
        out.width = width
        out.recordStarts = []
        out.narrow = narrow
        out.lines = lines
        // A record keeping no field of its own needs no start.
        out.recordOffsets = ownWidth == 0 ? [] : Array(offsets.dropLast())
        let fieldCount = records * ownWidth
        var narrowEnds = [UInt8](repeating: 0, count: narrow ? fieldCount : 0)
        var wideEnds = [UInt16](repeating: 0, count: narrow ? 0 : fieldCount)
        let table = UnsafeMutableBufferPointer<SharedFields.Column>.allocate(capacity: width)
        table.initialize(repeating: SharedFields.Column())
        var allStarts: [UnsafeMutableBufferPointer<UInt32>] = []
        var allCodes: [RowCodes] = []
        for (i, f) in kept.enumerated() { table[f].own = Int32(i) }
        let total = ownBytes + textBytes
        let bytes = [UInt8](unsafeUninitializedCapacity: max(total, 1)) { buffer, initialized in
            nonisolated(unsafe) let target = buffer
            withPositions { p in
                narrowEnds.withUnsafeMutableBufferPointer { n in
                    wideEnds.withUnsafeMutableBufferPointer { w in
                        nonisolated(unsafe) let narrowOut = n
                        nonisolated(unsafe) let wideOut = w
                        let starts = offsets
                        DispatchQueue.concurrentPerform(iterations: chunks) { k in
                            for r in (records * k / chunks)..<(records * (k + 1) / chunks) {
                                let start = Int(starts[r])
                                var at = start
                                for (i, f) in kept.enumerated() {
                                    if i > 0 {
                                        target[at] = UInt8(ascii: ",")
                                        at += 1
                                    }
                                    let field = p.range(r, f)
                                    if !field.isEmpty {
                                        (target.baseAddress! + at).update(from: p.bytes.baseAddress! + field.lowerBound, count: field.count)
                                    }
                                    at += field.count
                                    // Kept fields end no farther into their record than before,
                                    // or the record is short enough for two bytes (above).
                                    if narrow {
                                        narrowOut[r * ownWidth + i] = UInt8(at - start)
                                    } else {
                                        wideOut[r * ownWidth + i] = UInt16(at - start)
                                    }
                                }
                            }
                        }
                    }
                }
                var at = ownBytes
                for c in order {
                    let codes = columns[c]!
                    let header = p.range(0, c)
                    func copy(_ field: Range<Int>) {
                        if !field.isEmpty {
                            (target.baseAddress! + at).update(from: p.bytes.baseAddress! + field.lowerBound, count: field.count)
                        }
                        at += field.count
                    }
                    table[c].headerStart = UInt32(at)
                    copy(header)
                    table[c].headerEnd = UInt32(at)
                    let textStarts = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: codes.distinct + 1)
                    for (k, row) in codes.firstRows.enumerated() {
                        textStarts[k] = UInt32(at)
                        copy(p.range(row + 1, c))
                    }
                    textStarts[codes.distinct] = UInt32(at)
                    allStarts.append(textStarts)
                    allCodes.append(codes.codes)
                    table[c].width = Int32(codes.codes.bytesPerRow)
                    table[c].codes = UnsafeRawPointer(codes.codes.storage.base)
                    table[c].starts = UnsafePointer(textStarts.baseAddress!)
                }
            }
            initialized = total
        }
        out.bytes = RecordBytes(bytes)
        out.narrowEnds = narrowEnds
        out.fieldEnds = wideEnds
        out.shared = SharedFields(columns: table, mask: mask, ownWidth: ownWidth, codes: allCodes, starts: allStarts)
        return out
    }
}
