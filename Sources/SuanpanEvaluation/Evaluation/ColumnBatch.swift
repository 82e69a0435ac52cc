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
        let missing = rows.allSatisfy { $0 < known.count && !known[$0] } ? rows : RowList(rows.filter { $0 < known.count && !known[$0] })
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
        let groups = Evaluator.sameCells(program, t, missing)
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

    /// For a run over many rows: how far it has got, for the statement's progress bar.
    func progressCounter(_ progress: WorkProgress?, _ label: String, rows: Int) -> (@Sendable (Int) -> Void)? {
        guard let progress else { return nil }
        let done = SharedCount()
        let total = Double(rows)
        return { n in progress.report(label, 0.5 + Double(done.add(n)) / total / 2) }
    }

    /// For a program whose value depends only on a few cells of its row: the rows grouped
    /// by those cells (equal text, equal value) — the first row of each group and each
    /// row's group; nil when grouping would not pay.
    static func sameCells(_ program: RowProgram, _ t: Table, _ rows: RowList) -> (first: [Int], of: ConcurrentSlots<Int32>)? {
        // Names read through their facts group by the facts (when read at all: see
        // `CellColumn.fetch`, which `prepare` has run).
        let hinted = program.cellColumns.filter { $0.asNameHints && !$0.hintCodes.isEmpty && $0.table === t }.map(\.column)
        guard let columns = program.cells, !columns.isEmpty || !hinted.isEmpty, columns.count + hinted.count <= 4, rows.count >= 4_096
        else { return nil }
        // A column mostly distinct in a sample (amounts of money) will not group: told
        // before numbering all its cells.
        for c in columns where t.codesCached(c) == nil && t.sampleDistinct(c, Array(rows.prefix(2_048))) * 2 > min(rows.count, 2_048) {
            return nil
        }
        DispatchQueue.concurrentPerform(iterations: columns.count) { _ = t.codes(columns[$0]) }
        let codes = columns.map { t.codes($0) } + hinted.map { t.nameHints($0).codes }
        // A ##### cell's value names its own place: rows do not share it.
        for (c, k) in zip(columns, codes) where k.firstRows.contains(where: { t.records.value($0 + 1, c) == .unreadable }) { return nil }
        var product = 1
        for c in codes {
            let (p, overflow) = product.multipliedReportingOverflow(by: max(c.distinct, 1))
            if overflow || p > Int(Int32.max) * 64 { return nil }
            product = p
        }
        // Few repeats: grouping would cost more than it saves.
        if codes.contains(where: { $0.distinct * 2 > rows.count }) { return nil }
        let n = rows.count
        // Each row's combined code, a block of rows at a time (column by column over plain
        // buffers: no reference counting per row), then rows numbered by it (open
        // addressing on a multiplicative hash, written out: this runs once per row).
        let block = 65_536
        var keys = [Int](repeating: 0, count: min(n, block))
        var first: [Int] = []
        var firstKeys: [Int] = []
        var slots = [Int32](repeating: -1, count: 1_024)
        let groupOf = ConcurrentSlots<Int32>(count: n, initial: 0)
        let out = groupOf.slots
        for start in stride(from: 0, to: n, by: block) {
            let end = min(start + block, n)
            keys.withUnsafeMutableBufferPointer { k in
                for i in 0..<(end - start) { k[i] = 0 }
                for c in codes {
                    let d = c.distinct
                    c.codes.withReader { cc in
                        if let list = rows.list {
                            for i in start..<end { k[i - start] = k[i - start] &* d &+ Int(cc[list[i]]) }
                        } else {
                            for i in start..<end { k[i - start] = k[i - start] &* d &+ Int(cc[i]) }
                        }
                    }
                }
            }
            for i in start..<end {
                let key = keys[i - start]
                var mask = slots.count - 1
                var j = Int(truncatingIfNeeded: (UInt64(bitPattern: Int64(key)) &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
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
                        for (k, fk) in firstKeys.enumerated() {
                            var m = Int(truncatingIfNeeded: (UInt64(bitPattern: Int64(fk)) &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
                            while slots[m] >= 0 { m = (m + 1) & mask }
                            slots[m] = Int32(k)
                        }
                    }
                }
                out[i] = g
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
        let rows = view.rowIndices
        prepare(program, rows: RowList(rows))
        // 1 true, 0 false, 2 for the interpreter.
        let outcome = ConcurrentSlots<UInt8>(count: rows.count, initial: 2)
        _ = Evaluator.run(program, rows: RowList(rows), interruptible: settings.interruptible) { i, v in
            if case .bool(let b)? = v { outcome.set(i, b ? 1 : 0) }
        }
        var kept: [Int] = []
        for (i, r) in rows.enumerated() {
            switch outcome[i] {
            case 1: kept.append(r)
            case 0: break
            default: if try interpret(&self, r) { kept.append(r) }
            }
        }
        return kept
    }
}
