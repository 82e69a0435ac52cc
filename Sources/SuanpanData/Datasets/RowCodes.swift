/// Each row's code in a column: the number of its text among the column's distinct
/// texts (`Table.codes`), kept in one, two or four bytes a row as their count allows.
/// 分值 over nine million indicators (nine texts) takes 9 MB instead of 36.
@usableFromInline package struct RowCodes: Sendable {
    /// The codes' memory, allocated once and never moved: a column kept as codes
    /// (`CSVRecords.SharedFields`) reads it through a pointer.
    @usableFromInline final class Storage: @unchecked Sendable {
        @usableFromInline let base: UnsafeMutableRawPointer

        init(bytes: Int) {
            base = .allocate(byteCount: max(bytes, 1), alignment: 4)
        }

        deinit { base.deallocate() }
    }

    @usableFromInline let storage: Storage
    /// Bytes a row: 1, 2 or 4.
    @usableFromInline let width: Int
    @usableFromInline package let count: Int

    package static let none = RowCodes(count: 0, distinct: 0) { _ in 0 }

    /// `count` codes, each below `distinct`: row r's is `code(r)`.
    package init(count: Int, distinct: Int, _ code: (Int) -> Int32) {
        self.count = count
        width = RowCodes.width(distinct: distinct)
        storage = Storage(bytes: count * width)
        let base = storage.base
        switch width {
        case 1:
            let out = base.bindMemory(to: UInt8.self, capacity: count)
            for r in 0..<count { out[r] = UInt8(truncatingIfNeeded: code(r)) }
        case 2:
            let out = base.bindMemory(to: UInt16.self, capacity: count)
            for r in 0..<count { out[r] = UInt16(truncatingIfNeeded: code(r)) }
        default:
            let out = base.bindMemory(to: Int32.self, capacity: count)
            for r in 0..<count { out[r] = code(r) }
        }
    }

    /// Codes written row after row, one byte each until a code needs more.
    struct Writer {
        private var storage: Storage
        private var width = 1
        let rows: Int

        init(rows: Int) {
            self.rows = rows
            storage = Storage(bytes: rows)
        }

        @inline(__always)
        func store(_ row: Int, _ code: Int32) {
            switch width {
            case 1: storage.base.storeBytes(of: UInt8(truncatingIfNeeded: code), toByteOffset: row, as: UInt8.self)
            case 2: storage.base.storeBytes(of: UInt16(truncatingIfNeeded: code), toByteOffset: row << 1, as: UInt16.self)
            default: storage.base.storeBytes(of: code, toByteOffset: row << 2, as: Int32.self)
            }
        }

        /// Room for codes below `distinct`: wider codes, the first `done` rows copied.
        @inline(__always)
        mutating func widen(for distinct: Int, done: Int) {
            guard RowCodes.width(distinct: distinct) > width else { return }
            let old = Reader(base: UnsafeRawPointer(storage.base), width: width)
            let before = storage
            width *= 2
            storage = Storage(bytes: rows * width)
            withExtendedLifetime(before) {
                for r in 0..<done { store(r, old[r]) }
            }
        }

        var codes: RowCodes { RowCodes(storage: storage, width: width, count: rows) }
    }

    init(storage: Storage, width: Int, count: Int) {
        self.storage = storage
        self.width = width
        self.count = count
    }

    /// Bytes a code takes when codes are below `distinct`.
    static func width(distinct: Int) -> Int { distinct <= 1 << 8 ? 1 : distinct <= 1 << 16 ? 2 : 4 }

    @inlinable package var isEmpty: Bool { count == 0 }

    /// Bytes a row (a test looks).
    package var bytesPerRow: Int { width }

    /// Inlinable: compiled rule code reads it once per row, from another module.
    @inlinable package subscript(_ row: Int) -> Int32 {
        precondition(row >= 0 && row < count, "row code out of range")
        return reader[row]
    }

    /// The codes read without bounds checks, for loops over every row: valid while this
    /// value is alive.
    @inlinable package var reader: Reader { Reader(base: UnsafeRawPointer(storage.base), width: width) }

    /// The codes read without bounds checks: for loops over every row.
    @inlinable package func withReader<R>(_ body: (Reader) -> R) -> R {
        withExtendedLifetime(storage) { body(reader) }
    }

    @usableFromInline package struct Reader: @unchecked Sendable {
        @usableFromInline let base: UnsafeRawPointer
        @usableFromInline let width: Int

        @inlinable init(base: UnsafeRawPointer, width: Int) {
            self.base = base
            self.width = width
        }

        @inlinable package subscript(_ row: Int) -> Int32 {
            switch width {
            case 1: return Int32(base.load(fromByteOffset: row, as: UInt8.self))
            case 2: return Int32(base.load(fromByteOffset: row << 1, as: UInt16.self))
            default: return base.load(fromByteOffset: row << 2, as: Int32.self)
            }
        }
    }
}
