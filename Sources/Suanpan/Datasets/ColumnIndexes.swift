#if canImport(Glibc)
import Glibc
#endif
import Dispatch

/// Per-column structures worked out once from a table's cells, for evaluation over
/// many rows: related rows by parent row, cells numbered by their text, and indicator
/// texts parsed once per distinct text. They depend only on the data, so they live as
/// long as the dataset.

/// The rows of a child table that belong to each row of a parent table (指标 rows of
/// each 项目 row), in table order: one flat array and an offset per parent row.
public final class ChildIndex: @unchecked Sendable {
    let offsets: [Int32]
    let rows: [Int32]

    init(offsets: [Int32], rows: [Int32]) {
        self.offsets = offsets
        self.rows = rows
    }

    func rows(of parent: Int) -> ArraySlice<Int32> {
        rows[Int(offsets[parent])..<Int(offsets[parent + 1])]
    }

    /// The child rows of several parent rows.
    func childRows(of parents: [Int]) -> [Int] {
        var out: [Int] = []
        out.reserveCapacity(parents.count * 8)
        for p in parents {
            for r in rows(of: p) { out.append(Int(r)) }
        }
        return out
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
    /// Rows grouped by the text of `column`: runs of neighbours with the same code
    /// (related rows usually sit together) cost one text built and hashed per run.
    func rowsByText(_ column: Int) -> [ByteKey: [Int]] {
        var index: [ByteKey: [Int]] = [:]
        let codes = self.codes(column)
        var r = 0
        while r < rowCount {
            var end = r + 1
            while end < rowCount && codes.codes[end] == codes.codes[r] { end += 1 }
            index[ByteKey(text(r, column).trimmingSpaces()), default: []].append(contentsOf: r..<end)
            r = end
        }
        return index
    }

    /// Indicator texts of a column: each distinct text parsed once (the same `≥95%`
    /// recurs across thousands of indicators), its rows sharing the result.
    func indicatorColumn(_ column: Int) -> [IndicatorArgument] {
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
                let t = self.records.withField(r + 1, column, IndicatorText.parseCommon) ?? IndicatorText.parse(self.text(r, column).trimmingSpaces())
                return IndicatorArgument(text: t, isRatio: false)
            }
        }
        let parsed = codes.codes.map { distinct[Int($0)] }
        indicatorColumns[column] = parsed
        return parsed
    }

    /// A column's cells numbered by their text: equal bytes, equal number (so equal
    /// values). Worked out once per column; compiled rules that read only such cells
    /// compute each combination once.
    func codes(_ column: Int) -> ColumnCodes {
        // Worked out outside the lock, so that several columns are numbered at once (two
        // threads asking for one column at the same moment both work, and one result is kept).
        codesLock.lock()
        let cached = columnCodes[column]
        codesLock.unlock()
        if let cached { return cached }
        // Field bytes hashed with FNV-1a: a million short fields cost a hash and a
        // comparison each, with no key objects.
        var codes = [Int32](repeating: 0, count: rowCount)
        var firstRows: [Int] = []
        var firstRanges: [Range<Int>] = []
        var numbering = Numbering()
        records.bytes.withUnsafeBufferPointer { b in
            let base = b.baseAddress!
            for row in 0..<rowCount {
                let range = records.range(row + 1, column)
                var h: UInt64 = 0xcbf2_9ce4_8422_2325
                for i in range { h = (h ^ UInt64(base[i])) &* 0x0000_0100_0000_01b3 }
                let (code, isNew) = numbering.number(hash: Int(truncatingIfNeeded: h ^ (h >> 29))) { c in
                    let known = firstRanges[Int(c)]
                    return known.count == range.count && memcmp(base + known.lowerBound, base + range.lowerBound, range.count) == 0
                }
                if isNew {
                    firstRows.append(row)
                    firstRanges.append(range)
                }
                codes[row] = code
            }
        }
        let result = ColumnCodes(codes: codes, firstRows: firstRows)
        codesLock.lock()
        defer { codesLock.unlock() }
        if let first = columnCodes[column] { return first }
        columnCodes[column] = result
        return result
    }
}

/// Numbers distinct keys 0, 1, 2, … in order of first appearance, by open addressing
/// (linear probing) on the keys' hashes; the caller keeps the keys and says whether a
/// numbered key equals the one being looked up.
struct Numbering {
    private var slots = [Int32](repeating: -1, count: 1_024)
    /// Each number's hash.
    private var hashes: [Int] = []

    var count: Int { hashes.count }

    /// The number of the key with this hash for which `same` holds, or the next number.
    mutating func number(hash: Int, same: (Int32) -> Bool) -> (number: Int32, isNew: Bool) {
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

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 4)
        let mask = slots.count - 1
        for (k, h) in hashes.enumerated() {
            var j = h & mask
            while slots[j] >= 0 { j = (j + 1) & mask }
            slots[j] = Int32(k)
        }
    }
}

/// See `Table.codes`.
final class ColumnCodes: @unchecked Sendable {
    let codes: [Int32]
    /// The first row with each code.
    let firstRows: [Int]
    var distinct: Int { firstRows.count }

    init(codes: [Int32], firstRows: [Int]) {
        self.codes = codes
        self.firstRows = firstRows
    }
}

extension Dataset {
    /// The rows of `child` linked to each row of `parent` by `column` (worked out once).
    func childIndex(parent: Table, child: Table, column: Int) -> ChildIndex {
        let key = "\(ObjectIdentifier(parent).hashValue)/\(ObjectIdentifier(child).hashValue)/\(column)"
        derivedLock.lock()
        defer { derivedLock.unlock() }
        if let known = childIndexes[key] { return known }
        let groups = column == child.keyColumn ? child.keyIndex.rows : child.rowsByText(column)
        var offsets: [Int32] = [0]
        var rows: [Int32] = []
        offsets.reserveCapacity(parent.rowCount + 1)
        rows.reserveCapacity(child.rowCount)
        for p in 0..<parent.rowCount {
            for r in groups[ByteKey(parent.key(p))] ?? [] { rows.append(Int32(r)) }
            offsets.append(Int32(rows.count))
        }
        let index = ChildIndex(offsets: offsets, rows: rows)
        childIndexes[key] = index
        return index
    }
}
