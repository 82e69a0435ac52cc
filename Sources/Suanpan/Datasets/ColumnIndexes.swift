#if canImport(Glibc)
import Glibc
#endif
import Dispatch

/// Per-column structures worked out once from a table's cells, for evaluation over
/// many rows: related rows grouped by key, and indicator texts parsed once per cell.
/// They depend only on the data, so they live as long as the dataset.

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
    /// Whether two fields hold the same bytes (so the same text, quoted or not).
    func sameBytes(_ r1: Int, _ f1: Int, _ r2: Int, _ f2: Int) -> Bool {
        let a = range(r1, f1), b = range(r2, f2)
        guard a.count == b.count else { return false }
        if a.isEmpty { return true }
        return bytes.withUnsafeBufferPointer { p in memcmp(p.baseAddress! + a.lowerBound, p.baseAddress! + b.lowerBound, a.count) == 0 }
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
    /// Rows grouped by the text of `column`: runs of equal bytes are found by comparing
    /// neighbours (related rows usually sit together), and only one text per run is
    /// built and hashed.
    func rowsByText(_ column: Int) -> [ByteKey: [Int]] {
        var index: [ByteKey: [Int]] = [:]
        var r = 0
        while r < rowCount {
            var end = r + 1
            while end < rowCount && records.sameBytes(end + 1, column, r + 1, column) { end += 1 }
            index[ByteKey(text(r, column).trimmingSpaces()), default: []].append(contentsOf: r..<end)
            r = end
        }
        return index
    }

    /// Indicator texts of a column, each cell parsed once (compiled rules read them row
    /// after row); the same text recurs across thousands of indicators, so parses are
    /// shared.
    func indicatorColumn(_ column: Int) -> [IndicatorArgument] {
        derivedLock.lock()
        defer { derivedLock.unlock() }
        if let known = indicatorColumns[column] { return known }
        let cells = self.cells(column)
        let parsed = [IndicatorArgument].parallel(count: rowCount, chunks: rowCount >= 8_192 ? 8 : 1) { r in
            switch cells[r] {
            case .number(let x): return IndicatorArgument(text: .quantity(.none, x, unit: ""), isRatio: false)
            case .ratio(let x): return IndicatorArgument(text: .quantity(.none, x, unit: "%"), isRatio: true)
            case .empty: return IndicatorArgument(text: .empty, isRatio: false)
            case .unreadable: return IndicatorArgument(text: .unreadable, isRatio: false)
            case .text:
                // The common forms straight from the bytes; others through the general
                // parser (whose results are remembered).
                let t = self.records.withField(r + 1, column, IndicatorText.parseCommon) ?? IndicatorText.parse(self.text(r, column).trimmingSpaces())
                return IndicatorArgument(text: t, isRatio: false)
            }
        }
        indicatorColumns[column] = parsed
        return parsed
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
