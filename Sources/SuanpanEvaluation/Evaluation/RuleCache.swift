import Dispatch
import SuanpanData
import SuanpanLanguage
import Synchronization

/// Values of rules per row, computed once and kept until something they may depend
/// on changes (a rule, a binding, the dataset); and the chain of rules being computed,
/// to report cycles.
public final class RuleCache: @unchecked Sendable {
    /// One row's computed column: the same key as an override of that cell.
    package typealias Key = Overrides.CellKey

    /// One computed column's values, indexed by row: reading a cached value is an
    /// array access, with no hashing.
    /// Fixed-size storage: batch evaluation writes distinct rows from several threads.
    /// `known` says which rows hold a value, so that finding the rows still to compute
    /// reads bytes rather than copying values.
    /// Rows computed a group at a time (rows with the same cells, `Evaluator.sameCells`)
    /// keep their group's number (four bytes) and the group's value once: nine million
    /// indicator scores of a few thousand kinds cost 36 MB, not 216 MB. Rows a batch
    /// computes one by one keep their value in `storage`; the few the interpreter
    /// computes outside a batch, in `single`.
    package final class DenseColumn: @unchecked Sendable {
        /// Values of rows a batch set one by one (nil until the first such batch).
        @exclusivity(unchecked) private var storage: UnsafeMutableBufferPointer<Value?>?
        /// Values of rows set one at a time while there is no `storage`.
        @exclusivity(unchecked) private var single: [Int: Value] = [:]
        /// Each row's group in `groupValues`, -1 for none (nil until the first fill).
        @exclusivity(unchecked) private var groupOf: UnsafeMutableBufferPointer<Int32>?
        /// Each group's value (a plain buffer: read row after row without reference counting).
        @exclusivity(unchecked) private var groupValues = UnsafeMutableBufferPointer<Value?>(start: nil, count: 0)
        package let known: UnsafeMutableBufferPointer<Bool>
        package let count: Int
        /// The cache that made it (`RuleCache.identity`), the only one that may change it.
        let owner: Int
        init(rows: Int, owner: Int) {
            self.owner = owner
            count = rows
            known = .allocate(capacity: rows)
            known.initialize(repeating: false)
        }
        deinit {
            if let storage {
                storage.deinitialize()
                storage.deallocate()
            }
            groupOf?.deallocate()
            groupValues.deinitialize()
            groupValues.deallocate()
            known.deallocate()
        }

        /// Adds group values; returns the first one's number.
        private func addGroups(_ values: [Value?]) -> Int32 {
            let base = groupValues.count
            let all = UnsafeMutableBufferPointer<Value?>.allocate(capacity: base + values.count)
            _ = all.initialize(fromContentsOf: groupValues)
            _ = UnsafeMutableBufferPointer(rebasing: all[base...]).initialize(fromContentsOf: values)
            groupValues.deinitialize()
            groupValues.deallocate()
            groupValues = all
            return Int32(base)
        }

        /// Whether the rows keep group numbers (a palette of values) rather than values.
        var isCompact: Bool { groupOf != nil && storage == nil }

        package subscript(_ row: Int) -> Value? {
            if let g = groupOf, g[row] >= 0 { return groupValues[Int(g[row])] }
            if let storage { return storage[row] }
            return single.isEmpty ? nil : single[row]
        }

        /// The column as it is now, for reading row after row without going through the
        /// class (valid until the column next changes).
        package var reader: Reader {
            Reader(storage: storage, groupOf: groupOf, groupValues: groupValues, single: single.isEmpty ? nil : single, count: count)
        }

        package struct Reader: @unchecked Sendable {
            let storage: UnsafeMutableBufferPointer<Value?>?
            let groupOf: UnsafeMutableBufferPointer<Int32>?
            let groupValues: UnsafeMutableBufferPointer<Value?>
            /// Rows set one at a time (nil when none is: copying the reader, as compiled
            /// code does for each row it reads, then costs no reference counting).
            let single: [Int: Value]?
            package let count: Int

            @inline(__always)
            package subscript(_ row: Int) -> Value? {
                if let g = groupOf, g[row] >= 0 { return groupValues[Int(g[row])] }
                if let storage { return storage[row] }
                return single?[row]
            }

            /// When every row is kept as its value's number in a palette: each row's
            /// number (-1 for a row not computed) and how many values there are.
            var palette: (codes: UnsafeMutableBufferPointer<Int32>, count: Int)? {
                guard let groupOf, storage == nil, single == nil else { return nil }
                return (groupOf, groupValues.count)
            }
        }

        /// Sets rows from several threads in a batch (after `prepareRows`), row after
        /// row without going through the class.
        struct Writer: @unchecked Sendable {
            let storage: UnsafeMutableBufferPointer<Value?>
            let groupOf: UnsafeMutableBufferPointer<Int32>?
            let known: UnsafeMutableBufferPointer<Bool>

            @inline(__always)
            func set(_ row: Int, _ v: Value?) {
                storage[row] = v
                if let groupOf { groupOf[row] = -1 }
                known[row] = v != nil
            }
        }

        /// Makes room for rows set one by one and returns the writer for them.
        func batchWriter() -> Writer {
            prepareRows()
            return Writer(storage: storage!, groupOf: groupOf, known: known)
        }

        /// Makes room for rows set one by one, before a batch sets them from several threads.
        func prepareRows() {
            guard storage == nil else { return }
            let s = UnsafeMutableBufferPointer<Value?>.allocate(capacity: count)
            s.initialize(repeating: nil)
            for (r, v) in single { s[r] = v }
            single = [:]
            storage = s
        }

        /// Distinct rows may be set from several threads at once after `prepareRows`;
        /// without it, from one thread.
        package func set(_ row: Int, _ v: Value?) {
            if let storage { storage[row] = v } else { single[row] = v }
            if let g = groupOf { g[row] = -1 }
            known[row] = v != nil
        }

        /// Rows computed a group at a time: `rows[i]` takes `values[of[i]]` (one thread).
        /// A first fill of the whole column takes both buffers over instead of copying
        /// them (nine million rows' groups are 36 MB).
        func fill(_ rows: RowList, of: ConcurrentSlots<Int32>, values: ConcurrentSlots<Value?>) {
            let base: Int32
            if groupValues.isEmpty {
                groupValues.deallocate()
                groupValues = values.take()
                base = 0
            } else {
                base = addGroups(Array(values.slots))
            }
            let whole = groupOf == nil && rows.isAll(count)
            if whole && base == 0 {
                groupOf = of.take()
            } else if groupOf == nil {
                let g = UnsafeMutableBufferPointer<Int32>.allocate(capacity: count)
                g.initialize(repeating: -1)
                groupOf = g
            }
            let chunks = rows.count >= 65_536 ? 8 : 1
            nonisolated(unsafe) let known = self.known
            nonisolated(unsafe) let groups = groupOf!
            nonisolated(unsafe) let values = groupValues
            let adopted = whole && base == 0
            nonisolated(unsafe) let slots = of.slots
            DispatchQueue.concurrentPerform(iterations: chunks) { k in
                for i in (rows.count * k / chunks)..<(rows.count * (k + 1) / chunks) {
                    let r = rows[i]
                    let group = base + (adopted ? groups[r] : slots[i])
                    if !adopted { groups[r] = group }
                    known[r] = values[Int(group)] != nil
                }
            }
            if adopted { mergeEqualGroups() }
        }

        /// Groups of equal values (the 2,768 groups of 总分 that 等级 was computed for
        /// have four grades) made one: each row then keeps its value's number, and what
        /// reads the column (`等级 == "优"`) groups its rows by four values.
        private func mergeEqualGroups() {
            guard let groupOf, storage == nil, groupValues.count >= 64 else { return }
            var palette = Palette()
            var map: [Int32] = []
            map.reserveCapacity(groupValues.count)
            for v in groupValues {
                guard let code = palette.code(of: v) else { return }
                map.append(code)
            }
            guard palette.count * 2 <= groupValues.count else { return }
            let n = count
            let chunks = n >= 65_536 ? 8 : 1
            nonisolated(unsafe) let groups = groupOf
            let codes = map
            DispatchQueue.concurrentPerform(iterations: chunks) { k in
                for r in (n * k / chunks)..<(n * (k + 1) / chunks) where groups[r] >= 0 { groups[r] = codes[Int(groups[r])] }
            }
            groupValues.deinitialize()
            groupValues.deallocate()
            groupValues = .allocate(capacity: palette.count)
            _ = groupValues.initialize(fromContentsOf: palette.values)
        }

        /// After a batch set rows one by one (`prepareRows`): when the values repeat (a
        /// grade, points rounded to two decimals), each is kept once and each row keeps
        /// its value's number, four bytes instead of twenty-four; a column of mostly
        /// distinct values (执行率), told from its first rows, stays as it is. Pieces of
        /// the column are numbered on all cores, then their palettes merged.
        func compress() {
            guard let storage, groupOf == nil, count >= 2_048 else { return }
            let n = count
            let chunks = n >= 65_536 ? 8 : 1
            let codes = UnsafeMutableBufferPointer<Int32>.allocate(capacity: n)
            let palettes = ConcurrentSlots<Palette?>(count: chunks, initial: nil)
            nonisolated(unsafe) let values = storage
            nonisolated(unsafe) let out = codes
            DispatchQueue.concurrentPerform(iterations: chunks) { k in
                let range = (n * k / chunks)..<(n * (k + 1) / chunks)
                var palette = Palette()
                for r in range {
                    // Not worth it: half the first rows distinct, or a quarter of all.
                    guard let code = palette.code(of: values[r]),
                        palette.count * 4 <= range.count, r - range.lowerBound >= 4_096 || palette.count <= 2_048
                    else { return }
                    out[r] = code
                }
                palettes.set(k, palette)
            }
            var merged = Palette()
            var maps: [[Int32]] = []
            for k in 0..<chunks {
                guard let p = palettes[k] else {
                    codes.deallocate()
                    return
                }
                maps.append(p.values.map { merged.code(of: $0)! })
            }
            guard merged.count * 4 <= n else {
                codes.deallocate()
                return
            }
            let chunkMaps = maps
            DispatchQueue.concurrentPerform(iterations: chunks) { k in
                let map = chunkMaps[k]
                for r in (n * k / chunks)..<(n * (k + 1) / chunks) { out[r] = map[Int(out[r])] }
            }
            storage.deinitialize()
            storage.deallocate()
            self.storage = nil
            groupOf = codes
            _ = addGroups(merged.values)
        }

        /// Values numbered in order of first appearance (open addressing on
        /// `paletteHash`). Small numbers and ratios, nearly all of a rule column, are
        /// compared by their two words and kind, without copying values.
        struct Palette {
            private(set) var values: [Value?] = []
            /// Per value: numerator, denominator and kind (2 number, 3 ratio) of a small
            /// number or ratio; kind 0 for any other value.
            private var words: [(Int64, Int64, UInt8)] = []
            private var numbering = Numbering()

            var count: Int { values.count }

            /// The value's number (a new one if need be); nil for a value a palette
            /// does not keep.
            mutating func code(of v: Value?) -> Int32? {
                var w: (Int64, Int64, UInt8) = (0, 0, 0)
                switch v {
                case .number(let x)?: if case .small(let n, let d) = x.storage { w = (n, d, 2) }
                case .ratio(let x)?: if case .small(let n, let d) = x.storage { w = (n, d, 3) }
                default: break
                }
                let h: Int
                if w.2 != 0 {
                    h = DenseColumn.smallHash(w.0, w.1, UInt64(w.2))
                } else {
                    guard let hv = DenseColumn.paletteHash(v) else { return nil }
                    h = hv
                }
                let (code, isNew) = numbering.number(hash: h) { c in
                    let k = words[Int(c)]
                    return w.2 != 0 ? k == w : k.2 == 0 && values[Int(c)] == v
                }
                if isNew {
                    values.append(v)
                    words.append(w)
                }
                return code
            }
        }

        @inline(__always)
        static func smallHash(_ n: Int64, _ d: Int64, _ kind: UInt64) -> Int {
            let h = (UInt64(bitPattern: n) &* 0x9E37_79B9_7F4A_7C15) ^ (UInt64(bitPattern: d) &* 0xC2B2_AE3D_27D4_EB4F) &+ kind
            return Int(truncatingIfNeeded: h ^ (h >> 29))
        }

        /// A hash of a value that a palette can keep (a small number, a text, a truth
        /// value, nothing), nil for others.
        @inline(__always)
        static func paletteHash(_ v: Value?) -> Int? {
            @inline(__always) func small(_ x: Rational, _ kind: UInt64) -> Int? {
                guard case .small(let n, let d) = x.storage else { return nil }
                return smallHash(n, d, kind)
            }
            guard let v else { return 1 }
            switch v {
            case .number(let x): return small(x, 2)
            case .ratio(let x): return small(x, 3)
            case .amount(let x, let u): return small(x, 4).map { $0 ^ u.hashValue }
            case .string(var s):
                // FNV-1a over the bytes: grades and names are short, and this runs per row.
                return s.withUTF8 { b in
                    var h: UInt64 = 0xcbf2_9ce4_8422_2325
                    for x in b { h = (h ^ UInt64(x)) &* 0x0000_0100_0000_01b3 }
                    return Int(truncatingIfNeeded: h ^ (h >> 29))
                }
            case .bool(let b): return b ? 5 : 6
            case .empty: return 7
            default: return nil
            }
        }

        /// A column of its own with the same values.
        func copy(owner: Int) -> DenseColumn {
            let c = DenseColumn(rows: count, owner: owner)
            _ = c.known.update(fromContentsOf: known)
            if let storage {
                let s = UnsafeMutableBufferPointer<Value?>.allocate(capacity: count)
                _ = s.initialize(fromContentsOf: storage)
                c.storage = s
            }
            c.single = single
            if let groupOf {
                let g = UnsafeMutableBufferPointer<Int32>.allocate(capacity: count)
                _ = g.initialize(fromContentsOf: groupOf)
                c.groupOf = g
                _ = c.addGroups(Array(groupValues))
            }
            return c
        }
    }

    package struct ColumnID: Hashable {
        package let table: ObjectIdentifier
        package let column: Int
        package init(table: ObjectIdentifier, column: Int) {
            self.table = table
            self.column = column
        }
    }

    package private(set) var columns: [ColumnID: DenseColumn] = [:]
    /// Whether some columns are shared with the cache this one was forked from: read as
    /// they are, copied before this cache changes them (a column made by another
    /// cache), so the other never sees the change.
    private var borrows = false
    /// Unique for the life of the program (never reused, unlike an address).
    let identity = RuleCache.identities.add(1, ordering: .relaxed).newValue
    private static let identities = Atomic<Int>(0)

    /// A cache for a what-if (`where`, a scenario, a point of a table, a step of solve):
    /// it starts with everything this one knows, and whatever the what-if forgets or
    /// computes stays in it. The baseline's values cannot be touched by a what-if, so
    /// nothing has to be put back or forgotten afterwards.
    package func fork() -> RuleCache {
        let f = RuleCache()
        f.columns = columns
        f.borrows = !columns.isEmpty
        f.usedPublished = usedPublished
        f.judgementReasons = judgementReasons
        // The graph follows the rules, which a what-if does not change: shared.
        f.graph = graph
        return f
    }

    /// The column, this cache's own (a borrowed one is copied first).
    private func owned(_ id: ColumnID) -> DenseColumn? {
        guard let c = columns[id] else { return nil }
        guard borrows, c.owner != identity else { return c }
        let own = c.copy(owner: identity)
        columns[id] = own
        return own
    }

    /// Forgets a whole computed column.
    package func drop(_ id: ColumnID) {
        columns[id] = nil
    }

    /// The dense column for a table's computed column, if anything is cached in it.
    package func column(_ table: ObjectIdentifier, _ column: Int) -> DenseColumn? {
        columns[ColumnID(table: table, column: column)]
    }

    /// The dense column for a computed column, to write into; created empty if need be.
    func denseColumn(_ id: ColumnID, rows: Int) -> DenseColumn {
        if let c = owned(id) { return c }
        let c = DenseColumn(rows: rows, owner: identity)
        columns[id] = c
        return c
    }

    /// Columns being computed in a batch (a column that needs itself is left to the
    /// interpreter, which reports the cycle).
    var materializing: [ColumnID] = []

    package func value(_ k: Key) -> Value? {
        guard let c = columns[ColumnID(table: k.table, column: k.column)], k.row < c.count else { return nil }
        return c[k.row]
    }

    package func store(_ k: Key, _ v: Value, rows: Int) {
        let id = ColumnID(table: k.table, column: k.column)
        let c: DenseColumn
        if let existing = owned(id) {
            c = existing
        } else {
            c = DenseColumn(rows: rows, owner: identity)
            columns[id] = c
        }
        if k.row < c.count { c.set(k.row, v) }
    }

    package func forget(_ k: Key) {
        let id = ColumnID(table: k.table, column: k.column)
        guard let shared = columns[id], k.row < shared.count, shared.known[k.row], let c = owned(id) else { return }
        c.set(k.row, nil)
    }
    var inProgress: [(key: Key, name: String)] = []
    /// Rule values that took a published figure (##### or an evaluator's tier).
    package var usedPublished: Set<Key> = []
    /// Why a rule needed judgement (`需判断`'s reason), for audit and explain.
    package var judgementReasons: [Key: String] = [:]
    /// Which rules read what (worked out once per set of rules).
    package private(set) var graph = RuleGraph()

    /// Forgets the dependency graph (the rules changed).
    public func clearGraph() {
        graph = RuleGraph()
    }

    public init() {}

    public func clear() {
        columns.removeAll()
        borrows = false
        usedPublished.removeAll()
        judgementReasons.removeAll()
    }
}

extension Environment {
    /// The names an expression reads, through the user functions it calls (a function
    /// body sees the row's fields too).
    package func namesRead(by e: Expr) -> Set<String> {
        var names = Set<String>()
        var seenFunctions = Set<String>()
        var todo = [e]
        while let x = todo.popLast() {
            for n in x.referencedNames where names.insert(n).inserted {
                if let f = functions[n], seenFunctions.insert(n).inserted { todo.append(f.body) }
            }
        }
        return names
    }
}
