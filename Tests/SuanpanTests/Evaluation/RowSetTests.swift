import Testing

@testable import Suanpan
@testable import SuanpanData
@testable import SuanpanEvaluation
@testable import SuanpanLanguage

/// Row sets: a table's rows chosen, ordered and cut (`表[条件][列, 列] sort 键 desc first N`).
@Suite struct RowSetTests {
    static func session() throws -> Session {
        let s = Session()
        try s.install(try DatasetLoader.loadBundled()) { _ in }
        return s
    }

    static func value(_ s: Session, _ text: String) throws -> Value {
        guard case .expression(let e)? = try Parser.parse(Source(name: "t", text: text)).first else { throw ParseFailure() }
        var evaluator = Evaluator(environment: s.environment, settings: s.settings)
        return try evaluator.evaluate(e)
    }
    struct ParseFailure: Error {}

    static func keys(_ v: Value) -> [String] {
        guard case .table(let view) = v else { return [] }
        return view.rowIndices.map { view.table.key($0) }
    }

    @Test func stepsParse() throws {
        guard
            case .expression(let e)? = try Parser.parse(Source(name: "t", text: "项目[总分 < 95][项目名称, 总分] sort 总分 desc, 项目名称 first 3")).first,
            case .rowSet(let cut, .first(let n), _) = e, case .rowSet(let sorted, .sort(let keys), _) = cut,
            case .rowSet(_, .columns(let columns, _), _) = sorted
        else {
            Issue.record("shape")
            return
        }
        #expect(columns == ["项目名称", "总分"])
        #expect(keys.map(\.descending) == [true, false])
        #expect(keys.map(\.key.span.text) == ["总分", "项目名称"])
        #expect(n.span.text == "3")
        // Chinese words, and the steps going on after a count.
        guard case .expression(let c)? = try Parser.parse(Source(name: "t", text: "项目 排序 总分 降序 前 5 [项目名称, 总分]")).first,
            case .rowSet(_, .columns, _) = c
        else {
            Issue.record("Chinese shape")
            return
        }
        // A list of non-names is not a column choice.
        #expect(throws: Diagnostic.self) { try Parser.parse(Source(name: "t", text: "项目[1, 2]")) }
        // The words stay names elsewhere.
        #expect(try Parser.parse(Source(name: "t", text: "前 = 5; 后 = 前 + 1")).count == 2)
    }

    @Test func sortIsStableAndMissingFiguresGoLast() throws {
        let s = try Self.session()
        // Equal 总分 keep the table's order; SJ11 (0) last when descending.
        let byTotal = Self.keys(try Self.value(s, "项目 sort 总分 desc"))
        #expect(byTotal.first == "SJ01")
        #expect(byTotal.suffix(3) == ["SJ04", "SJ07", "SJ11"])
        #expect(Self.keys(try Self.value(s, "项目 sort 总分 first 2")) == ["SJ11", "SJ07"])
        #expect(Self.keys(try Self.value(s, "项目 sort 总分 last 1")) == ["ZY01"])
        #expect(Self.keys(try Self.value(s, "项目 sort 总分 first 0")).isEmpty)
        // A column read as a column and the same key evaluated row by row agree.
        #expect(Self.keys(try Self.value(s, "项目 sort 执行率 desc")) == Self.keys(try Self.value(s, "项目 sort 执行率 * 1 desc")))
        // Texts by character; two keys.
        #expect(Self.keys(try Self.value(s, "项目 sort 表别 desc, 项目编号 desc first 2")) == ["ZY01", "SJ11"])
        #expect(try Self.value(s, "count(项目[等级 == \"优\"] sort 总分 first 5)") == .number(Rational(5)))
        #expect(try Self.value(s, "sum((项目 sort 总分 first 2).总分)") == .number(DecimalText.parse("94.89")!))
    }

    @Test func notComputedKeysGoLastAndAreSaid() throws {
        let s = Session()
        try s.install(
            try DatasetLoader.load(FormTests.fixtures.deletingLastPathComponent().appendingPathComponent("datasets/真实文件/无法计分").path)
        ) { _ in }
        for direction in ["", " desc"] {
            guard case .table(let view) = try Self.value(s, "项目 sort 总分\(direction)") else {
                Issue.record("not a table")
                return
            }
            #expect(view.table.key(view.rowIndices.last!) == "F1")
            #expect(view.selection?.contains("1 行的排序依据未算出，排在最后") == true)
        }
    }

    @Test func badStepsSayWhy() throws {
        let s = try Self.session()
        for (text, words) in [
            ("项目[总分, 不存在]", "没有「不存在」这一列"), ("项目 first 2.5", "行数"), ("3 sort x", "需要表或筛选出的行"),
            ("项目 sort 项目[\"运维\"]", "排序依据"),
        ] {
            do {
                _ = try Self.value(s, text)
                Issue.record("\(text) did not fail")
            } catch let error as Diagnostic {
                #expect(error.message.contains(words), "\(text): \(error.message)")
            } catch {
                Issue.record("\(text): \(error)")
            }
        }
    }

    /// Grouped figures are exact and say which rows they stand for; a grouping's result is
    /// a table the other steps work on.
    @Test func groupsAndPivots() throws {
        let s = try Self.session()
        guard case .table(let g) = try Self.value(s, "项目 group 表别 : n = count(项目), 预算 = sum(调整后预算数), 执行率 = 执行率(sum(全年执行数), sum(调整后预算数))")
        else {
            Issue.record("not a table")
            return
        }
        #expect(g.table.columns == ["表别", "n", "预算", "执行率"])
        #expect(Self.keys(.table(g)) == ["市级", "转移支付"])
        // 市级: 11 projects; 执行率 = Σ全年执行数 / Σ调整后预算数, exactly.
        let spent = try Self.value(s, "sum(项目[表别 == \"市级\"].全年执行数)")
        let budget = try Self.value(s, "sum(项目[表别 == \"市级\"].调整后预算数)")
        // Sums of a money column are amounts in its unit (万元 here), and so is the group's.
        guard case .amount(let a, .tenThousandYuan) = spent, case .amount(let b, .tenThousandYuan) = budget else {
            Issue.record("sums")
            return
        }
        #expect(g.table.cellValue(0, 1) == .number(Rational(11)))
        #expect(g.table.cellValue(0, 2) == .amount(b, .tenThousandYuan))
        #expect(g.table.cellValue(0, 3) == .ratio(a / b))
        #expect(g.table.location(0, 3).file == "表「项目」中 表别「市级」 的 11 行")
        #expect(g.table.location(0, 3).field == "执行率 = 执行率(sum(全年执行数), sum(调整后预算数))")
        // The steps go on: sorted by a grouped figure, one cell taken.
        #expect(Self.keys(try Self.value(s, "项目 group 表别 : 平均分 = avg(总分) sort 平均分 desc")) == ["转移支付", "市级"])
        #expect(try Self.value(s, "(项目 分组 表别 : n = count(项目))[\"转移支付\"].n") == .number(Rational(1)))
        // A pivot: grades in their order, a count in every cell (0 where none).
        guard case .table(let p) = try Self.value(s, "项目 pivot 表别 by 等级") else {
            Issue.record("pivot")
            return
        }
        #expect(p.table.columns == ["表别", "优", "差"])
        #expect((0..<2).map { p.table.cellValue($0, 2) } == [.number(Rational(1)), .number(.zero)])
        #expect(try Self.value(s, "sum((项目 透视 表别 按 等级 : sum(总分)).优)") == (try Self.value(s, "sum(项目[等级 == \"优\"].总分)")))
    }

    /// A group whose figure is not computed says so in its cell, never a number.
    @Test func notComputedGroupFigures() throws {
        let s = Session()
        try s.install(
            try DatasetLoader.load(FormTests.fixtures.deletingLastPathComponent().appendingPathComponent("datasets/真实文件/无法计分").path)
        ) { _ in }
        guard case .table(let g) = try Self.value(s, "项目 group 执行分值 : 合计 = sum(总分)") else {
            Issue.record("not a table")
            return
        }
        #expect(g.table.cellValue(0, 1).notComputed != nil)
    }

    /// Every example `:help sort` and `:help group` show runs.
    @Test func helpExamplesRun() throws {
        let s = try Self.session()
        for word in ContextWord.rowSetSteps {
            let text = try #require(word.helpText)
            let examples = text.split(separator: "\n").drop { $0 != "例：" }.dropFirst().map { $0.trimmingCharacters(in: .whitespaces) }
            #expect(!examples.isEmpty)
            for e in examples { _ = try Self.value(s, e) }
        }
    }
}
