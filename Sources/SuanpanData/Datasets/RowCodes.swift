/// Each row's code in a column: the number of its text among the column's distinct
/// texts (`Table.codes`), kept in one, two or four bytes a row as their count allows.
/// 分值 over nine million indicators (nine texts) takes 9 MB instead of 36.
@usableFromInline package struct RowCodes: Sendable {
    @usableFromInline let bytes: [UInt8]
    @usableFromInline let halves: [UInt16]
    @usableFromInline let words: [Int32]
    /// Bytes a row: 1, 2 or 4.
    @usableFromInline let width: Int
    @usableFromInline package let count: Int

    package static let none = RowCodes(count: 0, distinct: 0) { _ in 0 }

    /// `count` codes, each below `distinct`: row r's is `code(r)`.
    package init(count: Int, distinct: Int, _ code: (Int) -> Int32) {
        self.count = count
        if distinct <= 1 << 8 {
            width = 1
            bytes = [UInt8](unsafeUninitializedCapacity: count) { out, initialized in
                for r in 0..<count { out[r] = UInt8(truncatingIfNeeded: code(r)) }
                initialized = count
            }
            halves = []
            words = []
        } else if distinct <= 1 << 16 {
            width = 2
            halves = [UInt16](unsafeUninitializedCapacity: count) { out, initialized in
                for r in 0..<count { out[r] = UInt16(truncatingIfNeeded: code(r)) }
                initialized = count
            }
            bytes = []
            words = []
        } else {
            width = 4
            words = [Int32](unsafeUninitializedCapacity: count) { out, initialized in
                for r in 0..<count { out[r] = code(r) }
                initialized = count
            }
            bytes = []
            halves = []
        }
    }

    /// Codes worked out as four bytes each, kept as narrow as `distinct` allows.
    package init(_ codes: [Int32], distinct: Int) {
        if distinct > 1 << 16 {
            // Already as wide as they are kept: no copy.
            count = codes.count
            width = 4
            words = codes
            bytes = []
            halves = []
        } else {
            self = codes.withUnsafeBufferPointer { c in RowCodes(count: c.count, distinct: distinct) { c[$0] } }
        }
    }

    @inlinable package var isEmpty: Bool { count == 0 }

    /// Bytes a row (a test looks).
    package var bytesPerRow: Int { width }

    /// Inlinable: compiled rule code reads it once per row, from another module.
    @inlinable package subscript(_ row: Int) -> Int32 {
        switch width {
        case 1: return Int32(bytes[row])
        case 2: return Int32(halves[row])
        default: return words[row]
        }
    }

    /// The codes read in place, without bounds checks: for loops over every row.
    @inlinable package func withReader<R>(_ body: (Reader) -> R) -> R {
        bytes.withUnsafeBufferPointer { b in
            halves.withUnsafeBufferPointer { h in
                words.withUnsafeBufferPointer { w in
                    body(Reader(bytes: b.baseAddress, halves: h.baseAddress, words: w.baseAddress, width: width))
                }
            }
        }
    }

    /// Valid only inside `withReader`.
    @usableFromInline package struct Reader {
        @usableFromInline let bytes: UnsafePointer<UInt8>?
        @usableFromInline let halves: UnsafePointer<UInt16>?
        @usableFromInline let words: UnsafePointer<Int32>?
        @usableFromInline let width: Int

        @usableFromInline init(bytes: UnsafePointer<UInt8>?, halves: UnsafePointer<UInt16>?, words: UnsafePointer<Int32>?, width: Int) {
            self.bytes = bytes
            self.halves = halves
            self.words = words
            self.width = width
        }

        @inlinable package subscript(_ row: Int) -> Int32 {
            switch width {
            case 1: return Int32(bytes.unsafelyUnwrapped[row])
            case 2: return Int32(halves.unsafelyUnwrapped[row])
            default: return words.unsafelyUnwrapped[row]
            }
        }
    }
}
