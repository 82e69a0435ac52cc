import Testing

@testable import Suanpan
@testable import SuanpanCharts
@testable import SuanpanData
@testable import SuanpanEvaluation
@testable import SuanpanLanguage

/// Proves the transcription of the seed: every table that prints a 合计/总计/小计
/// is checked against the sum of its items *as printed*. Where they differ, the
/// difference is recorded here with what it is; any other difference is a
/// transcription error and fails.
@Suite struct BundledDatasetTests {
    let data: Dataset

    init() throws {
        data = try DatasetLoader.loadBundled()
    }

    func table(_ name: String) throws -> Table {
        try #require(data.table(name), "no table \(name)")
    }

    /// A cell's number; empty is 0.
    func n(_ t: Table, _ key: String, _ column: String) throws -> Rational {
        guard case .found(let r) = t.findRow(key) else {
            Issue.record("no row \(key) in \(t.name)")
            return .zero
        }
        let c = try #require(t.columnIndex(column), "no column \(column) in \(t.name)")
        switch t.value(r, c) {
        case .number(let x), .ratio(let x): return x
        case .empty: return .zero
        default:
            Issue.record("\(t.name)[\(key)].\(column) is not a number: \(t.text(r, c))")
            return .zero
        }
    }

    func d(_ s: String) -> Rational { DecimalText.parse(s) ?? .zero }

    /// printed − Σ children for every parent row and numeric column of a coded hierarchy,
    /// and for its 合计 row against the top level; zero differences are left out.
    func hierarchyDifferences(_ t: Table, columns: [String]) throws -> [String: Rational] {
        let h = try #require(t.hierarchy, "\(t.name) is not a hierarchy")
        var out: [String: Rational] = [:]
        let keys = (0..<t.rowCount).map { t.key($0) }
        for r in 0..<t.rowCount {
            guard let level = h.levels[r] else { continue }
            let kids = (0..<t.rowCount).filter { h.levels[$0] == level + 1 && keys[$0].hasPrefix(keys[r]) }
            if kids.isEmpty { continue }
            for col in columns {
                var sum = Rational.zero
                for k in kids { sum = sum + (try n(t, keys[k], col)) }
                let diff = try n(t, keys[r], col) - sum
                if !diff.isZero { out["\(keys[r]).\(col)"] = diff }
            }
        }
        if keys.contains("合计") {
            let top = (0..<t.rowCount).filter { h.levels[$0] == 0 }
            for col in columns {
                var sum = Rational.zero
                for k in top { sum = sum + (try n(t, keys[k], col)) }
                let diff = try n(t, "合计", col) - sum
                if !diff.isZero { out["合计.\(col)"] = diff }
            }
        }
        return out
    }

    /// printed total − Σ parts across a row, for every row.
    func rowDifferences(_ t: Table, total: String, parts: [String]) throws -> [String: Rational] {
        var out: [String: Rational] = [:]
        for r in 0..<t.rowCount {
            let k = t.key(r)
            var sum = Rational.zero
            for p in parts { sum = sum + (try n(t, k, p)) }
            let diff = try n(t, k, total) - sum
            if !diff.isZero { out[k] = diff }
        }
        return out
    }

    @Test func tablesAndRowCounts() throws {
        let expected = [
            "收入支出决算总表": 62, "收入决算表": 15, "支出决算表": 15, "财政拨款收入支出决算总表": 64,
            "一般公共预算财政拨款支出决算表": 15, "一般公共预算财政拨款基本支出决算明细表": 91,
            "政府性基金预算财政拨款收入支出决算表": 1, "国有资本经营预算财政拨款支出决算表": 1,
            "财政拨款三公经费支出决算表": 2, "项目": 12, "指标": 107, "预算执行明细": 59, "满意度样本": 11,
        ]
        for (name, rows) in expected { #expect(try table(name).rowCount == rows, "\(name)") }
        #expect(data.title == "2022年度青岛市大数据发展管理局部门决算")
    }

    @Test func incomeTable() throws {
        let t = try table("收入决算表")
        let cols = ["本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"]
        // All 0.01: rounding of 万元 amounts (the table's own note: 尾数误差).
        #expect(
            try hierarchyDifferences(t, columns: cols) == [
                "201.财政拨款收入": d("-0.01"),  // 8,717.39 printed; 款 rows 6,185.71 + 2,531.69 = 8,717.40
                "20103.本年收入合计": d("0.01"),  // 6,187.02 printed; 项 rows 6,187.01
                "20103.财政拨款收入": d("0.01"),  // 6,185.71 printed; 项 rows 6,185.70
                "合计.本年收入合计": d("-0.01"),  // 9,017.39 printed; 类 rows 9,017.40
            ])
        // Across each row: 本年收入合计 = the six sources. 201 prints 8,718.71 against
        // 8,717.39 + 1.31 = 8,718.70 (rounding).
        #expect(try rowDifferences(t, total: "本年收入合计", parts: Array(cols.dropFirst())) == ["201": d("0.01")])
    }

    @Test func expenditureTables() throws {
        let cols = ["本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"]
        // 03表 and 05表 carry the same two rounding differences: 201 is 0.01 below its
        // 款 rows, 20103 0.01 above its 项 rows (in the total and in 项目支出).
        let rounding: [String: Rational] = [
            "201.本年支出合计": d("-0.01"), "201.项目支出": d("-0.01"),
            "20103.本年支出合计": d("0.01"), "20103.项目支出": d("0.01"),
        ]
        #expect(try hierarchyDifferences(try table("支出决算表"), columns: cols) == rounding)
        #expect(try rowDifferences(try table("支出决算表"), total: "本年支出合计", parts: Array(cols.dropFirst())) == [:])
        let t05 = try table("一般公共预算财政拨款支出决算表")
        var rounding05: [String: Rational] = [:]
        for (k, v) in rounding { rounding05[k.replacingAll("本年支出合计", with: "小计")] = v }
        #expect(try hierarchyDifferences(t05, columns: ["小计", "基本支出", "项目支出"]) == rounding05)
        #expect(try rowDifferences(t05, total: "小计", parts: ["基本支出", "项目支出"]) == [:])
    }

    @Test func basicExpenditureDetail() throws {
        let t = try table("一般公共预算财政拨款基本支出决算明细表")
        // 301 工资福利支出 prints 1,692.68; its 款 rows sum to 1,692.69 (rounding).
        #expect(try hierarchyDifferences(t, columns: ["金额"]) == ["301.金额": d("-0.01")])
        #expect(try n(t, "人员经费合计", "金额") == (try n(t, "301", "金额")) + (try n(t, "303", "金额")))
        // 公用经费合计 prints 116.52; its 类 rows (302, 307, 310, 312, 399) sum to 116.51 (rounding).
        var publicSum = Rational.zero
        for k in ["302", "307", "310", "312", "399"] { publicSum = publicSum + (try n(t, k, "金额")) }
        #expect(try n(t, "公用经费合计", "金额") - publicSum == d("0.01"))
        // 人员经费 + 公用经费 = 基本支出 of 05表.
        #expect(
            try n(t, "人员经费合计", "金额") + (try n(t, "公用经费合计", "金额"))
                == (try n(try table("一般公共预算财政拨款支出决算表"), "合计", "基本支出")))
    }

    @Test func totalIncomeAndExpenditure() throws {
        let t = try table("收入支出决算总表")
        var income = Rational.zero
        for line in 1...8 { income = income + (try n(t, "\(line)", "金额")) }
        #expect(income == (try n(t, "27", "金额")))  // 本年收入合计 9,017.39
        // 总计 (31) prints 9,465.58; 9,017.39 + 0.00 + 448.18 = 9,465.57 (rounding).
        #expect(try n(t, "31", "金额") - (try n(t, "27", "金额")) - (try n(t, "28", "金额")) - (try n(t, "29", "金额")) == d("0.01"))
        var spending = Rational.zero
        for line in 32...57 { spending = spending + (try n(t, "\(line)", "金额")) }
        #expect(spending == (try n(t, "58", "金额")))  // 本年支出合计 9,016.08
        #expect(try n(t, "62", "金额") == (try n(t, "58", "金额")) + (try n(t, "59", "金额")) + (try n(t, "60", "金额")))
        #expect(try n(t, "31", "金额") == (try n(t, "62", "金额")))  // 收、支总计 both 9,465.58
    }

    @Test func threePublicExpenses() throws {
        let t = try table("财政拨款三公经费支出决算表")
        for row in ["预算数", "决算数"] {
            #expect(try n(t, row, "公务用车购置及运行维护费小计") == (try n(t, row, "公务用车购置费")) + (try n(t, row, "公务用车运行维护费")))
            #expect(try n(t, row, "合计") == (try n(t, row, "因公出国境费")) + (try n(t, row, "公务用车购置及运行维护费小计")) + (try n(t, row, "公务接待费")))
        }
    }

    @Test func departmentEvaluationBudgetTable() throws {
        let t = try table("预算执行明细")
        func total(_ col: String) throws -> Rational {
            var s = Rational.zero
            for r in 0..<t.rowCount where t.key(r) != "合计" { s = s + (try n(t, t.key(r), col)) }
            return s
        }
        #expect(try total("年初预算") == (try n(t, "合计", "年初预算")))  // 27,499.988
        // 预算调整后金额 prints 24,150.998; the units sum to 24,150.9979 (row 8 has 4 decimals).
        #expect(try n(t, "合计", "预算调整后金额") - total("预算调整后金额") == d("0.0001"))
        // 实际执行金额 prints 23,035.097; the units sum to 23,035.0997: −0.0027, within what
        // rounding 58 three-decimal amounts can explain (±0.029), so audit calls it 尾数差异.
        #expect(try n(t, "合计", "实际执行金额") - total("实际执行金额") == d("-0.0027"))
    }

    @Test func satisfactionSampleAverage() throws {
        let t = try table("满意度样本")
        var s = Rational.zero
        for i in 1...10 { s = s + (try n(t, "\(i)", "社会公众满意度")) }
        #expect(s / Rational(10) == (try n(t, "平均值", "社会公众满意度")))  // 95.1%
    }

    @Test func evaluationScoreTable() throws {
        let t = try table("评价得分表")
        var score = Rational.zero
        var weight = Rational.zero
        for r in 0..<t.rowCount where t.key(r) != "合计" {
            score = score + (try n(t, t.key(r), "得分"))
            weight = weight + (try n(t, t.key(r), "权重"))
        }
        #expect(score == (try n(t, "合计", "得分")))  // 95.01
        #expect(weight == (try n(t, "合计", "权重")))  // 100
    }

    @Test func projectSelfEvaluations() throws {
        let projects = try table("项目")
        let indicators = try table("指标")
        let project = try #require(indicators.columnIndex("项目编号"))
        for r in 0..<projects.rowCount {
            let id = projects.key(r)
            let rows = indicators.rows(linkedTo: id, column: project)
            var weights = Rational.zero
            var scores = Rational.zero
            for i in rows {
                weights = weights + (try n(indicators, indicators.key(i), "分值"))
                scores = scores + (try n(indicators, indicators.key(i), "得分"))
            }
            // The transfer-payment table (ZY01) prints no 小计 row.
            if projects.value(r, try #require(projects.columnIndex("小计分值"))) != .empty {
                #expect(weights == (try n(projects, id, "小计分值")), "\(id) 分值")
                #expect(scores == (try n(projects, id, "小计得分")), "\(id) 得分")
            } else {
                #expect(id == "ZY01")
            }
            // 总分 = 执行得分 + 指标得分 where the table prints a 总分.
            if case .number(let total) = projects.value(r, try #require(projects.columnIndex("总分"))) {
                #expect(total == (try n(projects, id, "执行得分")) + scores, "\(id) 总分")
            }
        }
    }
}
