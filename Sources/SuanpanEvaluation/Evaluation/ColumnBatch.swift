import Dispatch
import SuanpanData
import SuanpanLanguage

/// Computing a rule (or an assumed column) for many rows at once: the expression is
/// compiled for the table (`RowProgram`), the columns it reads are computed first, then
/// the rows are evaluated on all cores. Rows the compiled code gives up on stay
/// uncomputed; the interpreter computes them when they are read, so its values and
/// messages stand.
extension Evaluator {
    /// Plain evaluation: not solving, not reading published figures, not recording the
    /// cells read for audit (those stay with the interpreter). A traced evaluation may
    /// batch: what a batch computes are rule figures, which a trace does not record.
    var canBatch: Bool {
        switch purpose {
        case .value, .tracing: return !publishedOnly && suppressedColumn == nil
        case .solving, .auditing: return false
        }
    }

    /// Whether data cells read are being recorded (an audit).
    var isAuditing: Bool {
        if case .auditing = purpose { return true }
        return false
    }

    /// Computes `column` for those of `rows` not cached yet, when there are enough of
    /// them to be worth compiling.
    mutating func materialize(_ column: ComputedColumn, rows: RowList) {
        guard canBatch else { return }
        let cache = environment.ruleCache
        let t = column.table
        let dense = cache.denseColumn(column.id, rows: t.rowCount)
        let known = dense.known
        // Nothing cached yet (a whole column's first computation): the rows themselves,
        // not a copy (nine million indicator rows are 72 MB).
        let missing = Evaluator.unknown(rows, known)
        guard missing.count >= settings.batchThreshold, !cache.materializing.contains(column.id) else { return }
        cache.materializing.append(column.id)
        defer { cache.materializing.removeLast() }

        var base = self
        base.row = nil
        base.suppressedColumn = column.suppressed
        base.purpose = .value
        var compiler = RowCompiler(evaluator: base, table: t)
        let program = compiler.program(column.body)
        // Many rows: a bar for the statement, reading the cells the first half, computing
        // the second.
        let label = "计算「\(t.name).\(column.columnName)」"
        let progress = missing.count >= 50_000 ? settings.progress : nil
        progress?.report(label, 0)
        prepare(program, rows: missing) { progress?.report(label, $0 / 2) }
        let groups = Evaluator.sameCells(program, t, missing, from: settings.groupThreshold)
        var usedPublished: [Int]
        let counted = progressCounter(progress, label, rows: groups?.first.count ?? missing.count)
        if let groups {
            // One row of each combination of cells computes it for all.
            let values = ConcurrentSlots<Value?>(count: groups.first.count, initial: nil)
            let firstUsed = Evaluator.run(program, rows: RowList(groups.first), interruptible: settings.interruptible, counted: counted) {
                g, v in
                values.set(g, v)
            }
            let used = Set(firstUsed.map { Int32($0) })
            usedPublished = used.isEmpty ? [] : missing.indices.filter { used.contains(groups.of[$0]) }
            dense.fill(missing, of: groups.of, values: values)
        } else {
            let targets = missing
            let writer = dense.batchWriter()
            usedPublished = Evaluator.run(program, rows: targets, interruptible: settings.interruptible, counted: counted) { i, v in
                writer.set(targets[i], v)
            }
            dense.compress()
        }
        if column.rule != nil {
            for i in usedPublished {
                cache.usedPublished.insert(RuleCache.Key(table: ObjectIdentifier(t), row: missing[i], columnID: column.cacheID))
            }
        }
    }

    /// Those of `rows` not known yet: the rows themselves when none is (a whole column's
    /// first computation: nine million indicator rows are 72 MB as a list), none when all are.
    static func unknown(_ rows: RowList, _ known: UnsafeMutableBufferPointer<Bool>) -> RowList {
        let n = known.count
        var firstKnown = -1
        for i in 0..<rows.count {
            let r = rows[i]
            if r >= n || known[r] {
                firstKnown = i
                break
            }
        }
        if firstKnown < 0 { return rows }
        var out: [Int] = []
        for i in 0..<firstKnown { out.append(rows[i]) }
        for i in firstKnown..<rows.count {
            let r = rows[i]
            if r < n && !known[r] { out.append(r) }
        }
        return RowList(out)
    }

    /// For a run over many rows: how far it has got, for the statement's progress bar.
    func progressCounter(_ progress: WorkProgress?, _ label: String, rows: Int) -> (@Sendable (Int) -> Void)? {
        guard let progress else { return nil }
        let done = SharedCount()
        let total = Double(rows)
        return { n in progress.report(label, 0.5 + Double(done.add(n)) / total / 2) }
    }

    /// For a program whose value depends only on a few cells of its row and its row's
    /// computed columns: the rows grouped by those cells (equal text, equal value) and
    /// computed values — the first row of each group and each row's group; nil when
    /// grouping would not pay.
    static func sameCells(_ program: RowProgram, _ t: Table, _ rows: RowList, from threshold: Int) -> (
        first: [Int], of: ConcurrentSlots<Int32>
    )? {
        // Names read through their facts group by the facts (when read at all: see
        // `CellColumn.fetch`, which `prepare` has run).
        let hinted = program.cellColumns.filter { $0.asNameHints && !$0.hintCodes.isEmpty && $0.table === t }.map(\.column)
        guard let columns = program.cells, rows.count >= threshold else { return nil }
        // A computed column (computed by `prepare`) groups by its value's number in the
        // column's palette (a grade, points to two decimals, kept so by
        // `DenseColumn.compress`); a column of mostly distinct values (执行率) has none,
        // and the rows are not grouped.
        var palettes: [(codes: UnsafeMutableBufferPointer<Int32>, count: Int)] = []
        for d in program.dependencies {
            guard let p = d.dense?.palette, p.codes.count == t.rowCount else { return nil }
            // A column read twice (`等级 == "优" or 等级 == "良"`) is one part of the key.
            if !palettes.contains(where: { $0.codes.baseAddress == p.codes.baseAddress }) { palettes.append(p) }
        }
        let parts = columns.count + hinted.count + palettes.count
        guard parts > 0, parts <= 4 else { return nil }
        // A column mostly distinct in a sample (amounts of money) will not group: told
        // before numbering all its cells.
        for c in columns where t.codesCached(c) == nil && t.sampleDistinct(c, Array(rows.prefix(2_048))) * 2 > min(rows.count, 2_048) {
            return nil
        }
        DispatchQueue.concurrentPerform(iterations: columns.count) { _ = t.codes(columns[$0]) }
        let codes = columns.map { t.codes($0) } + hinted.map { t.nameHints($0).codes }
        // A ##### cell's value names its own place: rows do not share it.
        for (c, k) in zip(columns, codes) where k.firstRows.contains(where: { t.records.value($0 + 1, c) == .unreadable }) { return nil }
        // A computed value's number is 1 + its place in the palette, 0 for none.
        let distincts = codes.map { max($0.distinct, 1) } + palettes.map { $0.count + 1 }
        var product = 1
        for d in distincts {
            let (p, overflow) = product.multipliedReportingOverflow(by: d)
            if overflow || p > Int(Int32.max) * 64 { return nil }
            product = p
        }
        // Few repeats: grouping would cost more than it saves.
        if distincts.contains(where: { $0 * 2 > rows.count }) { return nil }
        let n = rows.count
        // Each row's combined code, on all cores (column by column over plain buffers: no
        // reference counting per row).
        let keys = UnsafeMutableBufferPointer<Int>.allocate(capacity: n)
        defer { keys.deallocate() }
        let chunks = n >= 65_536 ? 8 : 1
        nonisolated(unsafe) let k = keys
        nonisolated(unsafe) let cellCodes = codes
        nonisolated(unsafe) let computed = palettes
        let multipliers = distincts
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let range = (n * chunk / chunks)..<(n * (chunk + 1) / chunks)
            for i in range { k[i] = 0 }
            for (c, d) in zip(cellCodes, multipliers) {
                c.codes.withReader { cc in
                    if let list = rows.list {
                        for i in range { k[i] = k[i] &* d &+ Int(cc[list[i]]) }
                    } else {
                        for i in range { k[i] = k[i] &* d &+ Int(cc[i]) }
                    }
                }
            }
            for p in computed {
                let d = p.count + 1
                let pc = p.codes
                if let list = rows.list {
                    for i in range { k[i] = k[i] &* d &+ Int(pc[list[i]]) &+ 1 }
                } else {
                    for i in range { k[i] = k[i] &* d &+ Int(pc[i]) &+ 1 }
                }
            }
        }
        // Computed values each repeating, their combinations may not (总分 = 执行得分 +
        // 指标得分): told from the first rows' keys, before numbering them all.
        if palettes.count + codes.count > 1 && !palettes.isEmpty {
            let sample = min(n, 2_048)
            if Set(UnsafeBufferPointer(rebasing: keys[0..<sample])).count * 2 > sample { return nil }
        }
        // Rows numbered by their key (open addressing on a multiplicative hash, written
        // out: this runs once per row). The keys are shared out among the cores by the
        // hash's top bits, each numbering its share in row order; the shares' groups are
        // then put one after another.
        let shares = n >= 16 * threshold ? 4 : 1
        let groupOf = ConcurrentSlots<Int32>(count: n, initial: 0)
        nonisolated(unsafe) let out = groupOf.slots
        let firsts = ConcurrentSlots<[Int]>(count: shares, initial: [])
        DispatchQueue.concurrentPerform(iterations: shares) { share in
            var first: [Int] = []
            var firstKeys: [Int] = []
            var slots = [Int32](repeating: -1, count: 1_024)
            var mask = slots.count - 1
            for i in 0..<n {
                let key = k[i]
                let h = UInt64(bitPattern: Int64(key)) &* 0x9E37_79B9_7F4A_7C15
                if shares > 1 && Int(h >> 62) != share { continue }
                var j = Int(truncatingIfNeeded: h >> 20) & mask
                var g: Int32 = -1
                while true {
                    let c = slots[j]
                    if c < 0 || firstKeys[Int(c)] == key {
                        g = c
                        break
                    }
                    j = (j + 1) & mask
                }
                if g < 0 {
                    g = Int32(first.count)
                    slots[j] = g
                    first.append(rows[i])
                    firstKeys.append(key)
                    if first.count * 2 > slots.count {
                        slots = [Int32](repeating: -1, count: slots.count * 4)
                        mask = slots.count - 1
                        for (m, fk) in firstKeys.enumerated() {
                            var x = Int(truncatingIfNeeded: (UInt64(bitPattern: Int64(fk)) &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
                            while slots[x] >= 0 { x = (x + 1) & mask }
                            slots[x] = Int32(m)
                        }
                    }
                }
                out[i] = g
            }
            firsts.set(share, first)
        }
        var first: [Int] = []
        var bases: [Int32] = []
        for share in 0..<shares {
            bases.append(Int32(first.count))
            first += firsts[share]
        }
        if shares > 1 {
            let offsets = bases
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                for i in (n * chunk / chunks)..<(n * (chunk + 1) / chunks) {
                    let h = UInt64(bitPattern: Int64(k[i])) &* 0x9E37_79B9_7F4A_7C15
                    out[i] += offsets[Int(h >> 62)]
                }
            }
        }
        return first.count * 2 <= rows.count ? (first, groupOf) : nil
    }

    /// Computes the columns a program reads, for the rows it will run on, and fetches the
    /// data columns it reads.
    /// `progress` is told the share (0…1) of the preparation done.
    mutating func prepare(_ program: RowProgram, rows: RowList, progress: (@Sendable (Double) -> Void)? = nil) {
        let steps = Double(program.dependencies.count + program.cellColumns.count)
        var done = 0.0
        for d in program.dependencies {
            let needed = d.childLink.map { $0.childRows(of: rows) } ?? rows
            materialize(d.column, rows: needed)
            d.dense = environment.ruleCache.column(ObjectIdentifier(d.column.table), d.column.cacheID)?.reader
            done += 1
            progress?(done / steps)
        }
        // Names read through their facts after the texts they go with (see `CellColumn.fetch`).
        let columns = program.cellColumns.filter { !$0.asNameHints }
        if columns.count > 1 && rows.count >= 4_096 {
            let fetched = SharedCount()
            let before = done
            DispatchQueue.concurrentPerform(iterations: columns.count) {
                columns[$0].fetch()
                let count = fetched.add(1)
                progress?((before + Double(count)) / steps)
            }
            done += Double(columns.count)
        } else {
            for data in columns {
                data.fetch()
                done += 1
                progress?(done / steps)
            }
        }
        for data in program.cellColumns where data.asNameHints {
            data.fetch()
            done += 1
            progress?(done / steps)
        }
    }

    /// Runs a program on rows, on all cores when there are many; `store` gets each
    /// row's place in `rows` and its value, or nil where the compiled code gave up (it
    /// is called from several threads, never twice for one place). Returns the places
    /// whose value took a published figure.
    /// `interruptible`: on Ctrl-C in the REPL the rows left are left undone (nil is
    /// never stored for them), and whoever asked for them computes them one by one, its
    /// interpreter stopping at its next step.
    package static func run(
        _ program: RowProgram, rows: RowList, interruptible: Bool = false, counted: (@Sendable (Int) -> Void)? = nil,
        store: @Sendable (Int, Value?) -> Void
    ) -> [Int] {
        let n = rows.count
        let chunks = n >= 2_048 ? 16 : 1
        let used = ConcurrentSlots<[Int]>(count: chunks, initial: [])
        DispatchQueue.concurrentPerform(iterations: chunks) { k in
            let slotCount = max(program.slotCount, 1)
            let siteCount = max(program.callSites, 1)
            let numberCount = max(program.numberSlotCount, 1)
            let slots = UnsafeMutablePointer<Value>.allocate(capacity: slotCount)
            slots.initialize(repeating: .empty, count: slotCount)
            let numbers = UnsafeMutablePointer<Num>.allocate(capacity: numberCount)
            numbers.initialize(repeating: Num(exact: .zero, ratio: false), count: numberCount)
            let arguments = UnsafeMutablePointer<[Value]>.allocate(capacity: siteCount)
            arguments.initialize(repeating: [], count: siteCount)
            let flag = UnsafeMutablePointer<Bool>.allocate(capacity: 1)
            defer {
                slots.deinitialize(count: slotCount)
                slots.deallocate()
                numbers.deinitialize(count: numberCount)
                numbers.deallocate()
                arguments.deinitialize(count: siteCount)
                arguments.deallocate()
                flag.deallocate()
            }
            var mine: [Int] = []
            let first = n * k / chunks
            for i in first..<(n * (k + 1) / chunks) {
                if (i - first) & 0x3FF == 0 && i > first { counted?(0x400) }
                if interruptible && (i - first) & 0x3FF == 0 && Interruption.isRequested { break }
                flag.pointee = false
                let v = program.code(RowFrame(row: rows[i], slots: slots, numbers: numbers, usedPublished: flag, arguments: arguments))
                // An uncomputed value is left to the interpreter, which names the row it belongs to.
                store(i, v?.notComputed == nil ? v : nil)
                if flag.pointee { mine.append(i) }
            }
            used.set(k, mine)
        }
        return used.values.flatMap { $0 }
    }

    /// `表[条件]` over many rows: the condition compiled, the interpreter for the rows it
    /// gives up on (in order, so the first error is the interpreter's first error).
    mutating func batchFilter(
        _ view: TableView, _ condition: Expr, _ locals: [String: Value],
        interpret: (inout Evaluator, Int) throws(Diagnostic) -> Bool
    ) throws(Diagnostic) -> [Int] {
        var base = self
        base.row = nil
        var compiler = RowCompiler(evaluator: base, table: view.table, constants: locals)
        let program = compiler.program(condition)
        // A whole table's rows as a range (no list of 100,000 row numbers to go through).
        let list = view.rows.map(RowList.init) ?? .all(view.table.rowCount)
        prepare(program, rows: list)
        // 1 true, 0 false, 2 for the interpreter; a group's (`等级 == "优"` over a column
        // of four grades) from its first row.
        let groups = Evaluator.sameCells(program, view.table, list, from: settings.groupThreshold)
        let outcome = ConcurrentSlots<UInt8>(count: groups?.first.count ?? list.count, initial: 2)
        _ = Evaluator.run(program, rows: groups.map { RowList($0.first) } ?? list, interruptible: settings.interruptible) { i, v in
            if case .bool(let b)? = v { outcome.set(i, b ? 1 : 0) }
        }
        var kept: [Int] = []
        let decided = outcome.slots
        let groupOf = groups?.of.slots
        for i in 0..<list.count {
            let r = list[i]
            switch decided[groupOf.map { Int($0[i]) } ?? i] {
            case 1: kept.append(r)
            case 0: break
            default: if try interpret(&self, r) { kept.append(r) }
            }
        }
        return kept
    }
}
