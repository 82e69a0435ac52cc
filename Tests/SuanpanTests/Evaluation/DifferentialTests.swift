import Foundation
import Testing

@testable import Suanpan
@testable import SuanpanCharts
@testable import SuanpanData
@testable import SuanpanEvaluation
@testable import SuanpanLanguage

/// Every path that computes a value must give the same answer (issue 15): on generated
/// datasets — indicator texts of every supported form and the ones that need judgement,
/// random weights, zero and missing budgets, empty cells, projects without indicators,
/// orphan indicators, a repeated code — the interpreter, the batched columns, `solve`'s
/// piecewise value at sample points, the sensitivity `table`, and the values `explain`
/// prints agree. A disagreement found here becomes a case of its own (a transcript or a
/// unit test) before it is fixed.
@Suite struct DifferentialTests {
    /// SplitMix64: the same datasets on every machine.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func pick<T>(_ xs: [T]) -> T { xs[int(xs.count)] }
    }

    /// (年度指标值, 实际完成值) pairs: met, partly met, missed, and every kind that needs judgement.
    static let texts: [(String, String)] = [
        ("≥20个", "20"), ("≥20个", "18个"), ("≥20个", "25个"), ("≤2小时", "90分钟"), ("≤2小时", "3小时"),
        ("=4个", "4个"), ("=4个", "3个"), ("≥95%", "96%"), ("≥95%", "0.96"), ("≥95%", "94"), ("完成", "完成"),
        ("较高", "较低"), ("2022年12月20日", "2022年12月12日"), ("2022年12月20日", "2023年1月5日"), ("≥10个", "#####"),
        ("", "5个"), ("=0件", "0件"), ("=0件", "2件"), ("≤30万元", "完成"), ("≥10个", "5小时"), ("≥0.5亿元", "6000万元"),
        ("100%", "100%"), ("≥8个", ""), ("≤800毫秒", "2.5秒"), ("≥1.5万人次", "12000人次"), ("≤455", "460"),
        // Issue 17's forms, and texts whose reading depends on the indicator's name.
        ("100%", "92%"), ("10万元", "8万元"), ("3个工作日", "2个工作日"), ("2023年12月", "2023年10月"), ("12月底前", "2024年1月"),
        ("98%以上", "97%"), ("不低于95%", "96%"), ("≥90%", "290%"), ("290%", "100%"), ("≥2万人", "15000"), ("三个", "3个"),
        ("优良中低差", "优"), ("基本完成", "基本完成"), ("达成预期指标", "达成预期指标"), ("健全", "基本完成"), ("每亩300", "每亩300"),
    ]

    /// Names of indicators: the reader asks a name whether less is better, whether it is
    /// a rate or a satisfaction.
    static let names = ["建设数量", "成本控制率", "群众满意度", "森林火灾受害率", "完成率", "培训人次"]

    /// A dataset folder of `projects` projects written from `seed`.
    static func dataset(seed: UInt64, projects: Int) throws -> String {
        var rng = Random(state: seed)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("suanpan-differential-\(seed)-\(getpid())")
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // Even seeds write their amounts in 元 (the headers say so): amounts then meet
        // literals in 万元 in the rules below.
        var p = [seed % 2 == 0 ? "项目编号,项目名称,调整后预算数（元）,全年执行数（元）,执行分值" : "项目编号,项目名称,调整后预算数,全年执行数,执行分值"]
        var i = ["指标编号,项目编号,一级指标,二级指标,三级指标,指标值,实际值,分值,得分"]
        var k = 0
        for n in 0..<projects {
            // Now and then a repeated code (the row before's).
            let code = n > 0 && rng.int(40) == 0 ? "P\(n - 1)" : "P\(n)"
            let budget = rng.pick(["0", "100", "250.5", "1000", "3333.333", "87.25"])
            let spent = rng.pick(["", budget, "0", "99.99", "1200", "2000.5", "50"])
            p.append("\(code),项目\(n),\(budget),\(spent),\(rng.pick(["10", "10", "20", ""]))")
            let count = rng.int(5)  // 0 to 4 indicators; 0 is a project without indicators
            for _ in 0..<count {
                let (t, a) = rng.pick(texts)
                let weight = rng.pick(["10", "22.5", "30", "45", "7.2", ""])
                let published = rng.pick(["", "", weight, "3.5", "#####"])
                let owner = rng.int(60) == 0 ? "X\(n)" : code  // now and then an orphan
                k += 1
                i.append("I\(k),\(owner),产出指标,数量指标,\(rng.pick(Self.names))\(k),\(t),\(a),\(weight),\(published)")
            }
        }
        try (p.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("项目.csv"), atomically: true, encoding: .utf8)
        try (i.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("指标.csv"), atomically: true, encoding: .utf8)
        return folder.path
    }

    func session(_ path: String, batch: Bool) -> Session {
        let s = Session()
        s.settings.batchThreshold = batch ? 1 : Int.max
        s.defaultDataset = { () throws(Diagnostic) in try DatasetLoader.load(path) }
        return s
    }

    static let steps = [
        "项目.总分", "项目.等级", "指标.得分", "项目.执行得分", "项目.分值合计",
        "[count(项目[等级 == \"优\"]), count(项目[等级 == \"良\"]), count(项目[等级 == \"中\"]), count(项目[等级 == \"差\"])]",
        "sum(项目.总分)", "count(指标[得分 < 分值])", "count(项目[等级 == \"优\"])", "sum(项目[总分 >= 60].执行得分)",
        "rule 项目.达标数 = count(指标[得分 == 分值])", "项目.达标数", "rule 项目.指标数 = count(指标)", "项目.指标数",
        // A related table's data column added as its cells are: numbers, percentages, texts, #####, empty cells.
        "rule 项目.实际合计 = sum(指标.实际值)", "项目.实际合计", "rule 项目.分值和 = sum(指标.分值)", "sum(项目.分值和)",
        "项目.执行率", "-项目.总分", "[项目.总分] == [项目.总分]",
        // Rows grouped by the row's own computed values (a grade, a rule over the grade).
        "count(项目[等级 == \"优\" or 等级 == \"良\"])", "rule 项目.优 = 如果 等级 == \"优\" 那么 1 否则 0", "sum(项目.优)",
        "count(项目[优 == 1 and 执行得分 > 5])",
        "assume 项目.调整后预算数 = 项目.调整后预算数 * 110%", "项目.总分", "count(项目[等级 == \"良\"])", "sum(项目.优)", "unassume all",
        // Amounts: results in a unit, literals in other units, comparisons across units.
        "rule 项目.结余 = 调整后预算数 - 全年执行数", "项目.结余", "sum(项目.结余)",
        "rule 项目.结余加一千元 = 结余 + 1,000元", "项目.结余加一千元",
        "rule 项目.大额 = 如果 调整后预算数 >= 0.1万元 那么 1 否则 0", "项目.大额", "count(项目[调整后预算数 > 2,000元])",
        // A comparison the compiled code makes on values (a list's max): amounts in units.
        "rule 项目.大额二 = 如果 max([调整后预算数]) > 2,000元 那么 1 否则 0", "项目.大额二",
        ":unit 元", "项目.结余", ":unit 原样",
        // Indicator built-ins on a column's texts, on a literal and on a computed text
        // (the compiled code lends the first two, owns the third).
        "rule 指标.方向 = 指标方向(指标值)", "指标.方向", "rule 指标.算出方向 = 指标方向(如果 分值 > 20 那么 指标值 否则 \"≤5个\")",
        "指标.算出方向", "rule 指标.障碍 = 计分障碍(如果 分值 > 20 那么 指标值 否则 \"≥1个\", 实际值, 三级指标)",
        "count(指标[障碍 != \"\"])", "rule 指标.实际数 = 如果 指标方向(指标值) == \"正向\" and not 不可读(实际值) 那么 实际数值(实际值, 指标值) 否则 0", "指标.实际数",
        "rule 指标.目标数 = 指标数值(\"≥95%\") + 指标数值(如果 分值 > 20 那么 \"≥3个\" 否则 \"≥4个\")", "指标.目标数",
        "count(指标[不可读(实际值)])",
        "audit",
    ]

    /// 90 projects run each batch on one thread, their rows grouped by the same inputs
    /// (cells, computed values) from 8 rows, and numbered by shares of their keys on all
    /// cores from 128; 2,500 (about 5,000 indicators) reach the multi-threaded runs (from
    /// 2,048 rows) and the grouping as it is outside tests (from 4,096 rows: the indicators).
    @Test(arguments: [(1, 90), (2, 90), (3, 90), (4, 90), (9, 2_500)] as [(UInt64, Int)])
    func interpreterAndBatchesAgree(_ seed: UInt64, _ projects: Int) throws {
        let path = try Self.dataset(seed: seed, projects: projects)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let batched = session(path, batch: true)
        if projects < 1_000 { batched.settings.groupThreshold = 8 }
        let interpreted = session(path, batch: false)
        // The generated data loads, and has what it was made to have.
        let first = batched.outputs("count(项目)")
        #expect(first == interpreted.outputs("count(项目)"))
        #expect(first.last == NumberFormat().plain(Rational(projects)), "\(first)")
        if ProcessInfo.processInfo.environment["SUANPAN_SHOW_DIFFERENTIAL"] != nil {
            print(batched.outputs(":show 项目 全部").joined(separator: "\n"))
            print(batched.outputs("audit").joined(separator: "\n"))
        }
        for step in Self.steps {
            let a = batched.outputs(step)
            let b = interpreted.outputs(step)
            if a != b {
                // The two outputs side by side, for a diff (they can be long).
                let dir = FileManager.default.temporaryDirectory
                try a.joined(separator: "\n").write(
                    to: dir.appendingPathComponent("differential-\(seed)-batched.txt"), atomically: true, encoding: .utf8)
                try b.joined(separator: "\n").write(
                    to: dir.appendingPathComponent("differential-\(seed)-interpreted.txt"), atomically: true, encoding: .utf8)
            }
            #expect(a == b, "seed \(seed): \(step) (outputs in \(FileManager.default.temporaryDirectory.path)/differential-\(seed)-*.txt)")
        }
    }

    /// What `explain` prints at the top is the value every other path gives.
    @Test(arguments: [5, 6] as [UInt64])
    func explainShowsTheSameValues(_ seed: UInt64) throws {
        let path = try Self.dataset(seed: seed, projects: 40)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let s = session(path, batch: true)
        _ = s.outputs("sum(项目.总分)")  // the batched columns first
        let projects = try #require(s.environment.dataset?.table("项目"))
        for r in 0..<projects.rowCount {
            let key = projects.key(r)
            guard projects.keyIndex[key]?.count == 1 else { continue }
            for field in ["总分", "执行得分", "指标得分"] {
                var evaluator = Evaluator(environment: s.environment, settings: s.settings)
                let value = try evaluator.field(RowRef(table: projects, row: r), field, SourceSpan(Source(name: "t", text: ""), 0, 0))
                let explained = s.outputs("explain 项目[\"\(key)\"].\(field)").first ?? ""
                let expected = "\(field) = \(Explainer(workspace: s.workspace).explainShow(value ?? .empty))"
                #expect(explained.hasPrefix(expected), "seed \(seed) \(key).\(field): \(explained.prefix(80)) vs \(expected)")
            }
        }
    }

    /// `solve`'s piece at a point is the value the interpreter computes there, and so is
    /// each line of a sensitivity table.
    @Test(arguments: [7, 8] as [UInt64])
    func solvePiecesAndTablesAreTheInterpretersValues(_ seed: UInt64) throws {
        let path = try Self.dataset(seed: seed, projects: 30)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let s = session(path, batch: true)
        _ = s.outputs("count(项目)")
        let projects = try #require(s.environment.dataset?.table("项目"))
        let format = NumberFormat()
        var compared = 0
        for r in 0..<projects.rowCount {
            let key = projects.key(r)
            guard projects.keyIndex[key]?.count == 1, let budget = projects.cellValue(r, 2).numeric, budget > .zero else { continue }
            let text = "solve 项目[\"\(key)\"].总分 >= 0 for 项目[\"\(key)\"].全年执行数 in 0..\(format.exact(budget * Rational(2)))"
            guard case .solve(let goal)? = try Parser.parse(Source(name: "t", text: text)).first else { continue }
            let target = try s.workspace.resolveTarget(goal.path)
            // The unknown is an amount in the column's unit, as solve makes it.
            let unknownKind = projects.columnIndex("全年执行数").flatMap(projects.moneyUnit(ofColumn:)).map(NumberKind.amount) ?? .plain
            for x in [Rational.zero, budget / Rational(4), budget / Rational(2), budget, budget * Rational(6) / Rational(5)] {
                let interpreted = s.outputs("项目[\"\(key)\"].总分 where 项目[\"\(key)\"].全年执行数 = \(format.exact(x))")
                let piece: Solution.Piece
                do {
                    piece = try GoalSeeker(workspace: s.workspace).piece(goal, target, x, .zero, budget * Rational(2), kind: unknownKind)
                } catch {
                    // Not computed (an indicator that needs judgement) is said, not solved.
                    #expect(
                        interpreted.first?.hasPrefix(NotComputed.word) == true && error.message.contains("未算出"),
                        "seed \(seed) \(key) at \(format.exact(x)): \(error.message) vs \(interpreted)")
                    continue
                }
                let q = try #require(piece.quantity)
                #expect(interpreted == [format.display(.number(q.a * x + q.b))], "seed \(seed) \(key) at \(format.exact(x))")
                compared += 1
            }
            let table = s.outputs(
                "table 项目[\"\(key)\"].总分 for 项目[\"\(key)\"].全年执行数 in 0..\(format.exact(budget)) step \(format.exact(budget / Rational(2)))")
            let lines = table.joined(separator: "\n").components(separatedBy: "\n")
            for x in [Rational.zero, budget / Rational(2), budget] {
                let interpreted = s.outputs("项目[\"\(key)\"].总分 where 项目[\"\(key)\"].全年执行数 = \(format.exact(x))").first ?? ""
                let line = lines.first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(format.display(.number(x)) + " ") } ?? ""
                let cells = line.split(separator: " ").map(String.init)
                // A value not computed is 未算出[k] in the table, its reason under it.
                let same =
                    cells.count >= 2
                    && (cells[1] == interpreted || (interpreted.hasPrefix(NotComputed.word) && cells[1].hasPrefix(NotComputed.word + "[")))
                #expect(same, "seed \(seed) \(key) table at \(format.exact(x)): \(line) vs \(interpreted)")
            }
        }
        #expect(compared > 20)
    }
}
