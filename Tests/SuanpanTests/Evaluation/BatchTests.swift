import Foundation
import Testing

@testable import Suanpan
@testable import SuanpanCharts
@testable import SuanpanData
@testable import SuanpanEvaluation
@testable import SuanpanLanguage

/// Batch evaluation (rules and filters compiled for a table, run on all cores) is only
/// a faster way to the interpreter's answers: every value, every error message and
/// every `audit` finding must be the same with it as without it.
@Suite struct BatchTests {
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/datasets")

    /// 400 synthetic projects (gen_synthetic.py, seed 7), with edge rows added: an
    /// unreadable actual, an unmet qualitative target, a date, an empty weight, a
    /// full-width percentage.
    static let province = fixtures.appendingPathComponent("省级样例").path

    func session(_ dataset: String?, batch: Bool) -> Session {
        let s = Session()
        s.settings.batchThreshold = batch ? 1 : Int.max
        if let dataset {
            s.defaultDataset = { () throws(Diagnostic) in try DatasetLoader.load(dataset) }
        } else {
            s.defaultDataset = { () throws(Diagnostic) in try DatasetLoader.loadBundled() }
        }
        return s
    }

    func run(_ s: Session, _ text: String) -> [String] { s.outputs(text) }

    static let steps = [
        "[sum(项目.总分), sum(指标.得分)]",
        "项目.总分",
        "指标.得分",
        "[count(项目[等级 == \"优\"]), count(项目[等级 == \"良\"]), count(项目[等级 == \"中\"]), count(项目[等级 == \"差\"])]",
        "count(指标[得分 < 分值 and 指标方向(指标值) != \"定性\"])",
        "assume 项目.调整后预算数 = 项目.调整后预算数 * 110%",
        "[sum(项目.总分), 项目.等级]",
        "assume 指标.分值 = 分值 * 2",
        "[sum(项目.总分), sum(指标.得分)]",
        "unassume all",
        "[sum(项目.总分), sum(指标.得分)]",
        // A rule that fails on some rows: the same first error either way.
        "rule 项目.比 = 全年执行数 / (年初预算数 - 调整后预算数)",
        "sum(项目.比)",
        "fn 折算(x) = if x > 1 then 1 else x",
        "rule 指标.折 = 折算(得分 / 分值)",
        "sum(指标.折)",
    ]

    /// With rows grouped by the same inputs as outside tests (from 4,096 rows) and from
    /// 8 rows (the 400 projects' grades, their keys numbered in shares on all cores).
    @Test(arguments: [province, nil], [4_096, 8])
    func sameAnswersWithAndWithoutBatches(_ dataset: String?, _ groupFrom: Int) {
        let batched = session(dataset, batch: true)
        batched.settings.groupThreshold = groupFrom
        let interpreted = session(dataset, batch: false)
        for step in Self.steps {
            let a = run(batched, step)
            let b = run(interpreted, step)
            #expect(a == b, "\(step)")
        }
    }

    /// The compiled rule itself, run on every row, agrees with the interpreter row by
    /// row and gives up on almost none of them (so the comparison above is of two paths).
    @Test func compiledRuleCoversEveryRow() throws {
        let s = session(Self.province, batch: false)
        _ = run(s, "count(指标)")
        let t = try #require(s.environment.dataset?.table("指标"))
        let rule = try #require(s.environment.rules["指标"]?["得分"])
        var evaluator = Evaluator(environment: s.environment, settings: s.settings)
        var compiler = RowCompiler(evaluator: evaluator, table: t)
        let program = compiler.program(rule.body)
        let rows = Array(0..<t.rowCount)
        evaluator.prepare(program, rows: .all(rows.count))
        let values = ConcurrentSlots<Value?>(count: rows.count, initial: nil)
        let usedPublished = Evaluator.run(program, rows: RowList(rows)) { i, v in values.set(i, v) }
        // The ##### actual and the unmet qualitative target need judgement (需判断): the
        // compiled rule leaves them to the interpreter, which names the row it belongs to.
        #expect(usedPublished.isEmpty)
        var gaveUp: [Int] = []
        for r in rows {
            guard let compiled = values[r] else {
                gaveUp.append(r)
                continue
            }
            #expect(compiled == (try evaluator.ruleValue(RowRef(table: t, row: r), rule, rule.span)), "row \(r)")
        }
        // Those two, and the row whose weight is empty (typed code takes no empty cell for
        // a number; the interpreter decides what it means there).
        #expect(gaveUp.map { t.text($0, 6) } == ["15", "9", ""])
    }

    /// Rows grouped by their cells: every row's group starts with a row of the same
    /// cells, and there is a group for each distinct combination — whether the keys are
    /// numbered on one core or in shares on all of them.
    @Test(arguments: [1_024, 64])
    func rowsAreGroupedByTheirCells(_ threshold: Int) throws {
        let s = session(Self.province, batch: false)
        _ = run(s, "count(指标)")
        let t = try #require(s.environment.dataset?.table("指标"))
        let (level, weight) = (try #require(t.columnIndex("一级指标")), try #require(t.columnIndex("分值")))
        var evaluator = Evaluator(environment: s.environment, settings: s.settings)
        var compiler = RowCompiler(evaluator: evaluator, table: t)
        let parsed = try Parser.parse(Source(name: "t", text: "一级指标 == \"产出指标\" and 分值 > 5")).first
        guard case .expression(let condition)? = parsed else {
            Issue.record("not an expression")
            return
        }
        let program = compiler.program(condition)
        evaluator.prepare(program, rows: .all(t.rowCount))
        let groups = try #require(Evaluator.sameCells(program, t, .all(t.rowCount), from: threshold))
        let cells = { (r: Int) in [t.text(r, level), t.text(r, weight)] }
        #expect(groups.first.count == Set((0..<t.rowCount).map(cells)).count)
        for r in 0..<t.rowCount {
            #expect(cells(groups.first[Int(groups.of[r])]) == cells(r), "row \(r)")
        }
    }

    /// A scenario on budgets keeps what does not depend on them: the indicator scores
    /// are not computed again.
    @Test func aBudgetScenarioKeepsIndicatorScores() throws {
        let s = session(Self.province, batch: true)
        _ = run(s, "sum(项目.总分)")
        let dataset = try #require(s.environment.dataset)
        let indicators = try #require(dataset.table("指标"))
        let projects = try #require(dataset.table("项目"))
        let cache = s.environment.ruleCache
        let scores = try #require(cache.column(ObjectIdentifier(indicators), Interner.shared.id("得分")))
        _ = run(s, "assume 项目.调整后预算数 = 项目.调整后预算数 * 110%")
        #expect(cache.column(ObjectIdentifier(indicators), Interner.shared.id("得分")) === scores)
        #expect(cache.column(ObjectIdentifier(projects), Interner.shared.id("总分")) == nil)
        #expect(cache.column(ObjectIdentifier(projects), Interner.shared.id("指标得分")) != nil)
    }

    @Test func auditIsTheSame() {
        let a = run(session(nil, batch: true), "audit")
        let b = run(session(nil, batch: false), "audit")
        #expect(a == b)
    }
}

/// A rule column's cache keeps repeated values once (a palette and a group number per
/// row): every way of setting rows reads back the same values as a plain array would.
@Suite struct DenseColumnTests {
    typealias DenseColumn = RuleCache.DenseColumn

    static let grades: [Value?] = [
        .string("优"), .string("良"), .string("中"), .string("差"), nil, .number(Rational(95)), .ratio(Rational(1) / Rational(2)),
    ]

    func expectSame(_ c: DenseColumn, _ model: [Value?], _ note: String) {
        #expect(c.count == model.count)
        #expect((0..<model.count).allSatisfy { c[$0] == model[$0] && c.known[$0] == (model[$0] != nil) }, "\(note)")
    }

    @Test func repeatedValuesAreKeptOnce() {
        let n = 10_000
        var model = (0..<n).map { Self.grades[($0 * 7 + $0 / 13) % Self.grades.count] }
        let c = DenseColumn(rows: n, owner: 1)
        c.prepareRows()
        for r in 0..<n { c.set(r, model[r]) }
        c.compress()
        #expect(c.isCompact)
        expectSame(c, model, "compressed")
        // A row set afterwards (the interpreter), and a copy for a what-if.
        c.set(17, .string("改"))
        c.set(18, nil)
        model[17] = .string("改")
        model[18] = nil
        expectSame(c, model, "after set")
        let copy = c.copy(owner: 2)
        expectSame(copy, model, "copy")
        // Rows computed a group at a time, on top.
        let rows = Array(stride(from: 3, to: n, by: 5))
        let of = ConcurrentSlots<Int32>(count: rows.count, initial: 0)
        let values = ConcurrentSlots<Value?>(count: 3, initial: nil)
        values.set(0, .number(Rational(1)))
        values.set(1, .string("组"))
        for i in rows.indices { of.set(i, Int32(i % 3)) }
        copy.fill(RowList(rows), of: of, values: values)
        for (i, r) in rows.enumerated() { model[r] = [.number(Rational(1)), .string("组"), nil][i % 3] }
        expectSame(copy, model, "fill")
        // The original is untouched by the copy's changes.
        #expect(c[3] == Self.grades[(3 * 7) % Self.grades.count])
    }

    @Test func distinctValuesStayAsTheyAre() {
        let n = 8_192
        let model: [Value?] = (0..<n).map { .ratio(Rational($0) / Rational(7)) }
        let c = DenseColumn(rows: n, owner: 1)
        c.prepareRows()
        for r in 0..<n { c.set(r, model[r]) }
        c.compress()
        #expect(!c.isCompact)
        expectSame(c, model, "plain")
    }

    @Test func aWholeColumnFillTakesTheBuffersOver() {
        let n = 5_000
        let of = ConcurrentSlots<Int32>(count: n, initial: 0)
        for i in 0..<n { of.set(i, Int32(i % 4)) }
        let values = ConcurrentSlots<Value?>(count: 4, initial: nil)
        for g in 0..<3 { values.set(g, .number(Rational(g * 10))) }
        let c = DenseColumn(rows: n, owner: 1)
        c.fill(.all(n), of: of, values: values)
        let model: [Value?] = (0..<n).map { $0 % 4 == 3 ? nil : .number(Rational(($0 % 4) * 10)) }
        expectSame(c, model, "whole")
        c.set(0, .string("单"))
        #expect(c[0] == .string("单") && c[1] == .number(Rational(10)))
    }

    /// Groups computed apart but equal in value (2,000 groups of 总分, four grades) are
    /// kept as one value each: the rows read the same values, and a filter on the column
    /// groups its rows by the four.
    @Test func equalGroupsAreMerged() throws {
        let n = 6_000
        let groups = 2_000
        let of = ConcurrentSlots<Int32>(count: n, initial: 0)
        for i in 0..<n { of.set(i, Int32(i % groups)) }
        let grades = ["优", "良", "中", "差"]
        let values = ConcurrentSlots<Value?>(count: groups, initial: nil)
        for g in 0..<groups where g % 5 != 4 { values.set(g, .string(grades[g % 4])) }
        let c = DenseColumn(rows: n, owner: 1)
        c.fill(.all(n), of: of, values: values)
        let model: [Value?] = (0..<n).map { i in i % groups % 5 == 4 ? nil : .string(grades[i % groups % 4]) }
        expectSame(c, model, "merged")
        // Four grades and the rows not computed.
        #expect(try #require(c.reader.palette).count == 5)
        #expect((0..<n).allSatisfy { c.known[$0] == (model[$0] != nil) })
    }
}
