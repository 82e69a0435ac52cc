import Dispatch

/// Computing a rule (or an assumed column) for many rows at once: the expression is
/// compiled for the table (`RowProgram`), the columns it reads are computed first, then
/// the rows are evaluated on all cores. Rows the compiled code gives up on stay
/// uncomputed; the interpreter computes them when they are read, so its values and
/// messages stand.
extension Evaluator {
    /// Plain evaluation: not solving, not reading published figures, not recording the
    /// cells read for audit (those stay with the interpreter).
    var canBatch: Bool { !publishedOnly && solve == nil && readCells == nil && suppressedColumn == nil }

    /// Computes `column` for those of `rows` not cached yet, when there are enough of
    /// them to be worth compiling.
    mutating func materialize(_ column: ComputedColumn, rows: [Int]) {
        guard canBatch else { return }
        let cache = environment.ruleCache
        let t = column.table
        let dense = cache.denseColumn(column.id, rows: t.rowCount)
        var missing: [Int] = []
        for r in rows where r < dense.values.count && dense.values[r] == nil { missing.append(r) }
        guard missing.count >= settings.batchThreshold, !cache.materializing.contains(column.id) else { return }
        cache.materializing.append(column.id)
        defer { cache.materializing.removeLast() }

        var base = self
        base.row = nil
        base.suppressedColumn = column.suppressed
        var compiler = RowCompiler(evaluator: base, table: t)
        let program = compiler.program(column.body)
        prepare(program, rows: missing)
        let targets = missing
        let usedPublished = Evaluator.run(program, rows: targets) { i, v in dense.values[targets[i]] = v }
        if column.rule != nil {
            for i in usedPublished {
                cache.usedPublished.insert(RuleCache.Key(table: ObjectIdentifier(t), row: missing[i], columnID: column.cacheID))
            }
        }
    }

    /// Computes the columns a program reads, for the rows it will run on.
    mutating func prepare(_ program: RowProgram, rows: [Int]) {
        for d in program.dependencies {
            let needed = d.childLink.map { $0.childRows(of: rows) } ?? rows
            materialize(d.column, rows: needed)
            d.dense = environment.ruleCache.column(ObjectIdentifier(d.column.table), d.column.cacheID)
        }
    }

    /// Runs a program on rows, on all cores when there are many; `store` gets each
    /// row's place in `rows` and its value, or nil where the compiled code gave up (it
    /// is called from several threads, never twice for one place). Returns the places
    /// whose value took a published figure.
    static func run(_ program: RowProgram, rows: [Int], store: @Sendable (Int, Value?) -> Void) -> [Int] {
        let n = rows.count
        let chunks = n >= 2_048 ? 16 : 1
        let used = ConcurrentSlots<[Int]>(count: chunks, initial: [])
        DispatchQueue.concurrentPerform(iterations: chunks) { k in
            let slotCount = max(program.slotCount, 1), siteCount = max(program.callSites, 1)
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
            for i in (n * k / chunks)..<(n * (k + 1) / chunks) {
                flag.pointee = false
                store(i, program.code(RowFrame(row: rows[i], slots: slots, numbers: numbers, usedPublished: flag, arguments: arguments)))
                if flag.pointee { mine.append(i) }
            }
            used.set(k, mine)
        }
        return used.values.flatMap { $0 }
    }

    /// `表[条件]` over many rows: the condition compiled, the interpreter for the rows it
    /// gives up on (in order, so the first error is the interpreter's first error).
    mutating func batchFilter(_ view: TableView, _ condition: Expr, _ locals: [String: Value],
                              interpret: (inout Evaluator, Int) throws(Diagnostic) -> Bool) throws(Diagnostic) -> [Int] {
        var base = self
        base.row = nil
        var compiler = RowCompiler(evaluator: base, table: view.table, constants: locals)
        let program = compiler.program(condition)
        let rows = view.rowIndices
        prepare(program, rows: rows)
        // 1 true, 0 false, 2 for the interpreter.
        let outcome = ConcurrentSlots<UInt8>(count: rows.count, initial: 2)
        _ = Evaluator.run(program, rows: rows) { i, v in
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
