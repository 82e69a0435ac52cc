import Dispatch
import SuanpanLanguage

#if canImport(Glibc)
    import Glibc
#endif

/// Per-column structures worked out once from a table's cells, for evaluation over
/// many rows: related rows by parent row, cells numbered by their text, and indicator
/// texts parsed once per distinct text. They depend only on the data, so they live as
/// long as the dataset.

/// Row numbers, four bytes each. A list that runs 0, 1, 2, … (indicators listed in
/// their projects' order, the usual case) is kept as its length alone: nine million
/// such rows cost nothing instead of 36 MB.
package struct RowNumbers: RandomAccessCollection, Sendable {
    @usableFromInline let stored: [Int32]
    /// The length of a list 0, 1, 2, …; nil when the rows are `stored`.
    @usableFromInline let runLength: Int?

    package init(_ rows: [Int32]) {
        if rows.indices.allSatisfy({ rows[$0] == Int32(truncatingIfNeeded: $0) }) {
            stored = []
            runLength = rows.count
        } else {
            stored = rows
            runLength = nil
        }
    }

    init(runLength: Int) {
        stored = []
        self.runLength = runLength
    }

    package var startIndex: Int { 0 }
    package var endIndex: Int { runLength ?? stored.count }

    /// Whether the rows run 0, 1, 2, ….
    package var isRun: Bool { runLength != nil }

    @inlinable
    package subscript(_ i: Int) -> Int32 { runLength == nil ? stored[i] : Int32(truncatingIfNeeded: i) }

    /// Collects rows one by one, keeping them only once they stop running 0, 1, 2, ….
    package struct Builder {
        private var stored: [Int32] = []
        private var count = 0
        private var running = true
        private let capacity: Int

        package init(capacity: Int) { self.capacity = capacity }

        @inline(__always)
        package mutating func append(_ row: Int32) {
            if running {
                if Int(row) == count {
                    count += 1
                    return
                }
                running = false
                stored.reserveCapacity(capacity)
                for r in 0..<count { stored.append(Int32(truncatingIfNeeded: r)) }
            }
            stored.append(row)
            count += 1
        }

        package mutating func append<S: Sequence>(contentsOf rows: S) where S.Element == Int32 {
            for r in rows { append(r) }
        }

        package var built: RowNumbers { running ? RowNumbers(runLength: count) : RowNumbers(stored) }
        package var builtCount: Int { count }
    }
}

/// Rows a computation over many rows runs on: a list, or every row of a table in
/// order (nine million indicator rows need no 72 MB list of their numbers).
package struct RowList: RandomAccessCollection, Sendable {
    /// The rows, or nil for 0 ..< count.
    @usableFromInline package let list: [Int]?
    package let count: Int

    package init(_ list: [Int]) {
        self.list = list
        count = list.count
    }

    package static func all(_ count: Int) -> RowList { RowList(list: nil, count: count) }

    private init(list: [Int]?, count: Int) {
        self.list = list
        self.count = count
    }

    package var startIndex: Int { 0 }
    package var endIndex: Int { count }

    /// Inlinable: compiled rule code reads it once per row, from another module.
    @inlinable
    package subscript(_ i: Int) -> Int {
        if let list { return list[i] }
        return i
    }

    /// Whether these are rows 0 ..< n in order.
    package func isAll(_ n: Int) -> Bool { count == n && (list == nil || list!.elementsEqual(0..<n)) }
}

/// The rows of a child table that belong to each row of a parent table (指标 rows of
/// each 项目 row), in table order: one flat array and an offset per parent row.
public final class ChildIndex: @unchecked Sendable {
    let offsets: [Int32]
    package let rows: RowNumbers
    /// Parent rows whose related rows cannot be told (datasets.md, "Real documents"): a
    /// key the parent table repeats, or, for indicators, a project with none. Their
    /// figures over the related rows are not computed (the interpreter says why).
    package let undecided: Set<Int>

    package init(offsets: [Int32], rows: RowNumbers, undecided: Set<Int> = []) {
        self.offsets = offsets
        self.rows = rows
        self.undecided = undecided
    }

    package func rows(of parent: Int) -> Slice<RowNumbers> {
        rows[Int(offsets[parent])..<Int(offsets[parent + 1])]
    }

    /// The child rows of several parent rows.
    package func childRows(of parents: RowList) -> RowList {
        // Every parent in order (a whole-column rule): the whole index, and when that runs
        // 0, 1, 2, … (children listed in their parents' order) every child row.
        if parents.isAll(offsets.count - 1) { return rows.isRun ? .all(rows.count) : RowList(rows.map(Int.init)) }
        var out: [Int] = []
        out.reserveCapacity(parents.count * 8)
        for p in parents {
            for r in rows(of: p) { out.append(Int(r)) }
        }
        return RowList(out)
    }
}

extension CSVRecords {
    /// `body` applied to an unquoted field's bytes; nil for a quoted field.
    func withField<T>(_ record: Int, _ field: Int, _ body: (UnsafeBufferPointer<UInt8>) -> T?) -> T? {
        let r = range(record, field)
        if !r.isEmpty && bytes[r.lowerBound] == UInt8(ascii: "\"") { return nil }
        return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[r])) }
    }
}

extension Table {
    /// The bytes of a field with spaces around it removed (space, tab, CR, U+3000, as
    /// `trimmingSpaces`), passed to `body`; a quoted field is unquoted into a buffer.
    func withTrimmedField<T>(_ row: Int, _ column: Int, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        let r = records.range(row + 1, column)
        if r.count >= 2 && records.bytes[r.lowerBound] == UInt8(ascii: "\"") {
            var text = text(row, column).trimmingSpaces()
            return text.withUTF8(body)
        }
        return records.bytes.withUnsafeBufferPointer { b in body(TextGroups.trimmed(UnsafeBufferPointer(rebasing: b[r]))) }
    }

    /// Rows grouped by the trimmed text of `column` (worked out once per column).
    package func groups(_ column: Int) -> TextGroups {
        derivedLock.lock()
        defer { derivedLock.unlock() }
        if let known = textGroups[column] { return known }
        let groups = TextGroups(self, column)
        textGroups[column] = groups
        return groups
    }

    /// Indicator texts of a column: each distinct text parsed once (the same `≥95%`
    /// recurs across thousands of indicators), its rows sharing the result.
    package func indicatorColumn(_ column: Int) -> ParsedColumn {
        let codes = self.codes(column)
        derivedLock.lock()
        defer { derivedLock.unlock() }
        if let known = indicatorColumns[column] { return known }
        // Only one cell of each text needs interpreting.
        let records = self.records
        let distinct = [IndicatorArgument].parallel(count: codes.distinct, chunks: codes.distinct >= 4_096 ? 8 : 1) { k in
            let r = codes.firstRows[k]
            switch records.value(r + 1, column) {
            case .number(let x): return IndicatorArgument(text: .quantity(.none, x, unit: ""), isRatio: false)
            case .ratio(let x): return IndicatorArgument(text: .quantity(.none, x, unit: "%"), isRatio: true)
            case .empty: return IndicatorArgument(text: .empty, isRatio: false)
            case .unreadable: return IndicatorArgument(text: .unreadable, isRatio: false)
            case .text:
                // The common forms straight from the bytes; others through the general parser.
                let t =
                    self.records.withField(r + 1, column, IndicatorText.parseCommon)
                    ?? IndicatorText.parse(self.text(r, column).trimmingSpaces())
                return IndicatorArgument(text: t, isRatio: false)
            }
        }
        let parsed = ParsedColumn(codes: codes.codes, distinct: distinct)
        indicatorColumns[column] = parsed
        return parsed
    }

    /// A column's cells numbered by their text: equal bytes, equal number (so equal
    /// values). Worked out once per column; compiled rules that read only such cells
    /// compute each combination once.
    /// The column's codes if already worked out.
    package func codesCached(_ column: Int) -> ColumnCodes? {
        codesLock.lock()
        defer { codesLock.unlock() }
        return columnCodes[column]
    }

    /// About how many distinct texts `column` has in these rows (by hash).
    package func sampleDistinct(_ column: Int, _ rows: [Int]) -> Int {
        Table.sampleDistinct(records, column, rows)
    }

    static func sampleDistinct(_ records: CSVRecords, _ column: Int, _ rows: [Int]) -> Int {
        records.withPositions { p in
            var seen = Set<Int>()
            for row in rows {
                let range = p.range(row + 1, column)
                let base = p.bytes.baseAddress! + range.lowerBound
                seen.insert(FieldWords(base, range.count).hash(base))
            }
            return seen.count
        }
    }

    package func codes(_ column: Int) -> ColumnCodes {
        // Worked out outside the lock, so that several columns are numbered at once (two
        // threads asking for one column at the same moment both work, and one result is kept).
        codesLock.lock()
        let cached = columnCodes[column]
        codesLock.unlock()
        if let cached { return cached }
        let result = Table.number(records, column, rows: rowCount)
        codesLock.lock()
        defer { codesLock.unlock() }
        if let first = columnCodes[column] { return first }
        columnCodes[column] = result
        return result
    }

    /// Columns whose texts repeat (at most one distinct text in four rows: 一级指标, 分值,
    /// the 项目编号 of a project's indicators) kept as codes (`CSVRecords.sharing`), and
    /// the codes worked out for it (kept by the table even when the records cannot be
    /// shared); nil for a small table.
    static func sharingRepeated(_ records: CSVRecords) -> (records: CSVRecords, codes: [Int: ColumnCodes])? {
        let rows = records.count - 1
        guard rows >= Table.shareFrom else { return nil }
        // Columns mostly distinct in a sample (amounts, names) are not numbered at all.
        let sample = Array(0..<min(rows, 2_048))
        let candidates = (0..<records.fieldCount(0)).filter { sampleDistinct(records, $0, sample) * 2 <= sample.count }
        guard !candidates.isEmpty else { return nil }
        let codes = [ColumnCodes].parallel(count: candidates.count, chunks: candidates.count) {
            number(records, candidates[$0], rows: rows)
        }
        var numbered: [Int: ColumnCodes] = [:]
        var repeated: [Int: ColumnCodes] = [:]
        for (c, k) in zip(candidates, codes) {
            numbered[c] = k
            if k.distinct * 4 <= rows { repeated[c] = k }
        }
        return (records.sharing(repeated) ?? records, numbered)
    }

    /// Tables from this many rows keep their repeated columns as codes.
    package static let shareFrom = 4_096

    /// Each row's code in `column`: equal bytes, equal code.
    static func number(_ records: CSVRecords, _ column: Int, rows: Int) -> ColumnCodes {
        // A field of up to 16 bytes (nearly all: numbers, ≥95%, 12 个) is read as two
        // words, hashed and compared as such; longer ones are hashed 8 bytes at a time
        // and compared with memcmp. A million fields cost a hash and a comparison each.
        // Open addressing written out here (no closure per probe): this loop runs over
        // every cell of the columns a rule reads.
        var firstRows: [Int] = []
        var firstStarts: [Int] = []
        var firstWords: [FieldWords] = []
        var hashes: [Int] = []
        // A slot holds its text's code + 1 (0: empty) and, above it, the top half of the
        // text's hash: a probe tells most other texts apart without another load.
        var slots = [UInt64](repeating: 0, count: 1_024)
        @inline(__always) func slot(_ hash: Int, _ code: Int) -> UInt64 {
            UInt64(truncatingIfNeeded: hash) & 0xFFFF_FFFF_0000_0000 | UInt64(code + 1)
        }
        // Codes are written one byte a row until a 257th text, then two, then four: no
        // 36 MB of four-byte codes to narrow for a column of nine texts.
        var out = RowCodes.Writer(rows: rows)
        records.withPositions { p in
            let base = p.bytes.baseAddress!
            let end = base + p.bytes.count
            // The row before's text (none at first: no field has a negative length).
            var previousWords = FieldWords(first: 0, last: 0, count: -1)
            var previousStart = 0
            var previousCode: Int32 = 0
            var mask = slots.count - 1
            for row in 0..<rows {
                let range = p.range(row + 1, column)
                let words = FieldWords(base + range.lowerBound, range.count, end: end)
                // The same text as the row before (a project's indicators share its
                // key): no probe, no cache miss.
                if words == previousWords, range.count <= 16 || memcmp(base + previousStart, base + range.lowerBound, range.count) == 0 {
                    out.store(row, previousCode)
                    continue
                }
                let h = words.hash(base + range.lowerBound)
                let tag = slot(h, -1)
                var i = h & mask
                var code: Int32 = -1
                while true {
                    let held = slots[i]
                    if held == 0 { break }
                    if held & 0xFFFF_FFFF_0000_0000 == tag {
                        let c = Int(UInt32(truncatingIfNeeded: held)) - 1
                        if firstWords[c] == words
                            && (range.count <= 16 || memcmp(base + firstStarts[c], base + range.lowerBound, range.count) == 0)
                        {
                            code = Int32(c)
                            break
                        }
                    }
                    i = (i + 1) & mask
                }
                if code < 0 {
                    code = Int32(hashes.count)
                    slots[i] = slot(h, hashes.count)
                    hashes.append(h)
                    firstRows.append(row)
                    firstStarts.append(range.lowerBound)
                    firstWords.append(words)
                    if hashes.count * 2 > slots.count {
                        slots = [UInt64](repeating: 0, count: slots.count * 4)
                        mask = slots.count - 1
                        for (k, kh) in hashes.enumerated() {
                            var j = kh & mask
                            while slots[j] != 0 { j = (j + 1) & mask }
                            slots[j] = slot(kh, k)
                        }
                    }
                    out.widen(for: hashes.count, done: row)
                }
                out.store(row, code)
                (previousWords, previousStart, previousCode) = (words, range.lowerBound, code)
            }
        }
        return ColumnCodes(codes: out.codes, firstRows: firstRows)
    }
}

/// A field's bytes as two words, when it has at most 16: byte by byte into the first
/// word below 8 bytes, else the first and the last 8 bytes (overlapping). Equal lengths
/// and equal words mean equal bytes.
package struct FieldWords: Equatable {
    package let first: UInt64
    package let last: UInt64
    package let count: Int

    init(first: UInt64, last: UInt64, count: Int) {
        self.first = first
        self.last = last
        self.count = count
    }

    /// `end` is the end of the buffer `p` points into: a short field whose next 8 bytes
    /// are still inside it is read with one load and masked.
    @inline(__always)
    package init(_ p: UnsafePointer<UInt8>, _ n: Int, end: UnsafePointer<UInt8>? = nil) {
        count = n
        if n >= 8 && n <= 16 {
            first = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self)
            last = UnsafeRawPointer(p + n - 8).loadUnaligned(as: UInt64.self)
        } else if n < 8, let end, p + 8 <= end {
            let w = UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
            first = n == 0 ? 0 : w & (UInt64.max >> UInt64(64 - 8 * n))
            last = 0
        } else if n < 8 {
            var w: UInt64 = 0
            for i in 0..<n { w |= UInt64(p[i]) << (8 * UInt64(i)) }  // as a little-endian load
            first = w
            last = 0
        } else {
            // Longer: its first and last 8 bytes tell most unequal fields apart before memcmp.
            first = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self)
            last = UnsafeRawPointer(p + n - 8).loadUnaligned(as: UInt64.self)
        }
    }

    /// The words mixed (multiply and fold); a longer field's 8 bytes at a time (服务对象满意度指标
    /// is 27 bytes), its last 8 overlapping.
    @inline(__always)
    package func hash(_ p: UnsafePointer<UInt8>) -> Int {
        var h = (first ^ (UInt64(count) << 58)) &* 0x9E37_79B9_7F4A_7C15
        if count > 16 {
            var i = 8
            while i + 8 < count {
                h = (h ^ UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
                h ^= h >> 32
                i += 8
            }
        }
        h ^= (last &* 0xC2B2_AE3D_27D4_EB4F) >> 7
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }
}

/// Numbers distinct keys 0, 1, 2, … in order of first appearance, by open addressing
/// (linear probing) on the keys' hashes; the caller keeps the keys and says whether a
/// numbered key equals the one being looked up.
package struct Numbering {
    @usableFromInline var slots = [Int32](repeating: -1, count: 1_024)
    /// Each number's hash.
    @usableFromInline var hashes: [Int] = []

    package init() {}

    package var count: Int { hashes.count }

    /// The number of the key with this hash for which `same` holds, or the next number.
    /// (Inlinable, as `same` is called at each probe, from other modules too.)
    @inlinable
    package mutating func number(hash: Int, same: (Int32) -> Bool) -> (number: Int32, isNew: Bool) {
        var i = hash & (slots.count - 1)
        while true {
            let c = slots[i]
            if c < 0 {
                let n = Int32(hashes.count)
                slots[i] = n
                hashes.append(hash)
                if hashes.count * 2 > slots.count { grow() }
                return (n, true)
            }
            if hashes[Int(c)] == hash && same(c) { return (c, false) }
            i = (i + 1) & (slots.count - 1)
        }
    }

    /// The number of the key with this hash for which `same` holds, if any.
    func find(hash: Int, same: (Int32) -> Bool) -> Int32? {
        var i = hash & (slots.count - 1)
        while true {
            let c = slots[i]
            if c < 0 { return nil }
            if hashes[Int(c)] == hash && same(c) { return c }
            i = (i + 1) & (slots.count - 1)
        }
    }

    @usableFromInline
    mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 4)
        let mask = slots.count - 1
        for (k, h) in hashes.enumerated() {
            var j = h & mask
            while slots[j] >= 0 { j = (j + 1) & mask }
            slots[j] = Int32(k)
        }
    }
}

/// A column of indicator texts, each distinct text parsed once: row r's is
/// `distinct[codes[r]]`.
package struct ParsedColumn {
    @usableFromInline package let codes: RowCodes
    @usableFromInline package let distinct: [IndicatorArgument]

    /// Inlinable: compiled rule code reads it once per row, from another module.
    @inlinable package subscript(_ row: Int) -> IndicatorArgument { distinct[Int(codes[row])] }
    package init(codes: RowCodes, distinct: [IndicatorArgument]) {
        self.codes = codes
        self.distinct = distinct
    }
}

/// See `Table.codes`.
package final class ColumnCodes: @unchecked Sendable {
    package let codes: RowCodes
    /// The first row with each code.
    package let firstRows: [Int]
    package var distinct: Int { firstRows.count }

    package init(codes: RowCodes, firstRows: [Int]) {
        self.codes = codes
        self.firstRows = firstRows
    }
}

/// The rows of a column grouped by text (spaces around it ignored): a key column's
/// rows by key, a child table's rows by the parent key they name. Texts are compared by
/// bytes, numbered by open addressing on an FNV-1a hash; neighbouring rows with the
/// same text (a project's indicators sit together) cost one comparison.
package final class TextGroups: @unchecked Sendable {
    /// Each group's rows, in table order: `rows[offsets[g] ..< offsets[g + 1]]`.
    private let offsets: [Int32]
    private let rows: RowNumbers
    /// A row's group is its text's: `groupOfCode[codes[row]]` (the column's codes,
    /// shared with the table).
    private let codes: RowCodes
    private let groupOfCode: [Int32]
    private let numbering: Numbering
    /// Each group's text, in `keyBytes`.
    private let keyBytes: [UInt8]
    private let keyRanges: [Range<Int>]

    package var count: Int { keyRanges.count }

    package init(_ table: Table, _ column: Int) {
        // The column's distinct texts (numbered by their bytes) are trimmed and grouped;
        // each row takes its text's group.
        let codes = table.codes(column)
        var numbering = Numbering()
        var keyBytes: [UInt8] = []
        var keyRanges: [Range<Int>] = []
        var sizes: [Int32] = []
        let groupOfCode = codes.firstRows.map { row in
            Int32(table.withTrimmedField(row, column) { TextGroups.number($0, &numbering, &keyBytes, &keyRanges, &sizes) })
        }
        let rowCount = table.rowCount
        var sorted = true
        var last: Int32 = 0
        codes.codes.withReader { c in
            for row in 0..<rowCount {
                let g = groupOfCode[Int(c[row])]
                sizes[Int(g)] += 1
                if g < last { sorted = false }
                last = g
            }
        }
        var offsets = [Int32](repeating: 0, count: sizes.count + 1)
        for g in sizes.indices { offsets[g + 1] = offsets[g] + sizes[g] }
        if sorted {
            // Each group's rows together, groups in order: the rows are 0, 1, 2, ….
            self.rows = RowNumbers(runLength: rowCount)
        } else {
            var next = Array(offsets.dropLast())
            var rows = [Int32](repeating: 0, count: rowCount)
            codes.codes.withReader { c in
                for row in 0..<rowCount {
                    let g = Int(groupOfCode[Int(c[row])])
                    rows[Int(next[g])] = Int32(row)
                    next[g] += 1
                }
            }
            self.rows = RowNumbers(rows)
        }
        self.offsets = offsets
        self.codes = codes.codes
        self.groupOfCode = groupOfCode
        self.numbering = numbering
        self.keyBytes = keyBytes
        self.keyRanges = keyRanges
    }

    /// The group of `key` (already trimmed), or nil.
    package func group(bytes key: UnsafeBufferPointer<UInt8>) -> Int? {
        numbering.find(hash: TextGroups.hash(key), same: { TextGroups.same(keyBytes, keyRanges[Int($0)], key) }).map(Int.init)
    }

    /// The rows of group `g`.
    package func rows(ofGroup g: Int) -> Slice<RowNumbers> { rows[Int(offsets[g])..<Int(offsets[g + 1])] }

    /// The group of `key`, a new one if it has none yet.
    private static func number(
        _ key: UnsafeBufferPointer<UInt8>, _ numbering: inout Numbering, _ keyBytes: inout [UInt8],
        _ keyRanges: inout [Range<Int>], _ sizes: inout [Int32]
    ) -> Int {
        let (g, isNew) = numbering.number(hash: hash(key)) { same(keyBytes, keyRanges[Int($0)], key) }
        if isNew {
            let start = keyBytes.count
            keyBytes.append(contentsOf: key)
            keyRanges.append(start..<keyBytes.count)
            sizes.append(0)
        }
        return Int(g)
    }

    /// The group of a row.
    package func group(ofRow row: Int) -> Int32 { groupOfCode[Int(codes[row])] }

    /// `body` applied to group `g`'s text.
    func withKey<T>(_ g: Int, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        keyBytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[keyRanges[g]])) }
    }

    /// The rows whose text is `key` (spaces around it ignored), or nil.
    package subscript(_ key: String) -> [Int]? {
        var k = key.trimmingSpaces()
        return k.withUTF8 { group(bytes: $0) }.map { rows(ofGroup: $0).map(Int.init) }
    }

    package static func hash(_ key: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in key { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    package static func same(_ bytes: [UInt8], _ range: Range<Int>, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        guard range.count == key.count else { return false }
        return bytes.withUnsafeBufferPointer { b in
            range.count == 0 || memcmp(b.baseAddress! + range.lowerBound, key.baseAddress!, range.count) == 0
        }
    }

    /// `p` without spaces, tabs, CRs and ideographic spaces (E3 80 80) at either end.
    static func trimmed(_ p: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var lo = 0
        var hi = p.count
        while true {
            if lo < hi, p[lo] == 0x20 || p[lo] == 0x09 || p[lo] == 0x0D {
                lo += 1
                continue
            }
            if lo + 3 <= hi, p[lo] == 0xE3, p[lo + 1] == 0x80, p[lo + 2] == 0x80 {
                lo += 3
                continue
            }
            break
        }
        while true {
            if hi > lo, p[hi - 1] == 0x20 || p[hi - 1] == 0x09 || p[hi - 1] == 0x0D {
                hi -= 1
                continue
            }
            if hi - 3 >= lo, p[hi - 3] == 0xE3, p[hi - 2] == 0x80, p[hi - 1] == 0x80 {
                hi -= 3
                continue
            }
            break
        }
        return UnsafeBufferPointer(rebasing: p[lo..<hi])
    }
}

extension Dataset {
    /// The rows of `child` linked to each row of `parent` by `column` (worked out once).
    package func childIndex(parent: Table, child: Table, column: Int) -> ChildIndex {
        let key = "\(ObjectIdentifier(parent).hashValue)/\(ObjectIdentifier(child).hashValue)/\(column)"
        derivedLock.lock()
        defer { derivedLock.unlock() }
        if let known = childIndexes[key] { return known }
        let groups = child.groups(column)
        // Each distinct parent key looked up once, on all cores.
        let parentCodes = parent.codes(parent.keyColumn)
        let childGroup = [Int].parallel(count: parentCodes.distinct, chunks: parentCodes.distinct >= 4_096 ? 8 : 1) { k in
            parent.withTrimmedField(parentCodes.firstRows[k], parent.keyColumn) { groups.group(bytes: $0) } ?? -1
        }
        var offsets: [Int32] = [0]
        var rows = RowNumbers.Builder(capacity: child.rowCount)
        offsets.reserveCapacity(parent.rowCount + 1)
        for p in 0..<parent.rowCount {
            let g = childGroup[Int(parentCodes.codes[p])]
            if g >= 0 { rows.append(contentsOf: groups.rows(ofGroup: g)) }
            offsets.append(Int32(rows.builtCount))
        }
        var undecided = Set<Int>()
        let indicatorsOfProjects = parent.isProjectTable && child.isIndicatorTable
        if !parent.hasUniqueKeys || indicatorsOfProjects {
            for p in 0..<parent.rowCount {
                let repeated = !parent.hasUniqueKeys && (parent.keyIndex[parent.key(p)]?.count ?? 1) > 1
                if repeated || (indicatorsOfProjects && offsets[p] == offsets[p + 1]) { undecided.insert(p) }
            }
        }
        let index = ChildIndex(offsets: offsets, rows: rows.built, undecided: undecided)
        childIndexes[key] = index
        return index
    }
}
