import Foundation
import Testing

@testable import Suanpan
@testable import SuanpanData
@testable import SuanpanEvaluation
@testable import SuanpanLanguage

/// 自评表 forms read by their labels (datasets.md, "Forms").
@Suite struct FormTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/forms")

    /// A cell's meaning: numbers by value (`1` and `100%` differ, `73.60%` and a 0.736
    /// formatted `0.00%` do not), texts by text.
    static func same(_ a: Table, _ ra: Int, _ b: Table, _ rb: Int, _ column: String) -> Bool {
        guard let ca = a.columnIndex(column), let cb = b.columnIndex(column) else { return false }
        switch (a.value(ra, ca), b.value(rb, cb)) {
        case (.number(let x), .number(let y)), (.ratio(let x), .ratio(let y)): return x == y
        case (.empty, .empty): return true
        default: return a.text(ra, ca).trimmingSpaces() == b.text(rb, cb).trimmingSpaces()
        }
    }

    static func evaluate(_ s: Session, _ text: String) throws -> String {
        guard case .expression(let e)? = try Parser.parse(Source(name: "t", text: text)).first else { return "?" }
        var evaluator = Evaluator(environment: s.environment, settings: s.settings)
        return "\(try evaluator.evaluate(e))"
    }

    /// The seed's 12 self-evaluation tables as a workbook of forms load to the same
    /// figures as the bundled CSV transcription, published and computed.
    @Test func seedFormsMatchTheTranscription() throws {
        let path = Self.fixtures.appendingPathComponent("seed/青岛市大数据局2022自评表.xlsx").path
        let forms = try DatasetLoader.load(path)
        let csv = try DatasetLoader.loadBundled()
        #expect(forms.year == 2022)
        let fp = try #require(forms.table("项目"))
        let cp = try #require(csv.table("项目"))
        try #require(fp.rowCount == cp.rowCount)
        let projectColumns = [
            "项目名称", "主管部门", "实施单位", "年初预算数", "调整后预算数", "全年执行数", "执行分值", "执行率", "执行得分", "总分", "小计分值", "小计得分",
            "联系电话",
        ]
        for r in 0..<cp.rowCount {
            for c in projectColumns where !Self.same(fp, r, cp, r, c) {
                Issue.record(
                    "项目 \(cp.key(r)).\(c): form \(fp.columnIndex(c).map { fp.text(r, $0) } ?? "(none)") ≠ csv \(cp.text(r, cp.columnIndex(c)!))"
                )
            }
        }
        let fi = try #require(forms.table("指标"))
        let ci = try #require(csv.table("指标"))
        try #require(fi.rowCount == ci.rowCount)
        for r in 0..<ci.rowCount {
            for c in ["一级指标", "二级指标", "三级指标", "指标值", "实际值", "分值", "得分", "偏差原因"] where !Self.same(fi, r, ci, r, c) {
                Issue.record("指标 \(ci.key(r)).\(c): form \(fi.text(r, fi.columnIndex(c)!)) ≠ csv \(ci.text(r, ci.columnIndex(c)!))")
            }
        }
        // Computed by the default rules: the same totals, grades and indicator scores.
        let fs = Session()
        try fs.install(forms) { _ in }
        let cs = Session()
        try cs.install(csv) { _ in }
        for r in 0..<cp.rowCount {
            for column in ["总分", "等级", "指标得分", "执行得分"] {
                let a = try Self.evaluate(fs, "项目[\"\(fp.key(r))\"].\(column)")
                let b = try Self.evaluate(cs, "项目[\"\(cp.key(r))\"].\(column)")
                #expect(a == b, "\(cp.key(r)).\(column)")
            }
        }
        let scores = try Self.evaluate(fs, "指标.得分")
        #expect(scores == (try Self.evaluate(cs, "指标.得分")))
    }

    /// Every figure keeps the cell it came from.
    @Test func provenanceIsTheSheetCell() throws {
        let path = Self.fixtures.appendingPathComponent("seed/青岛市大数据局2022自评表.xlsx").path
        let data = try DatasetLoader.load(path)
        let p = try #require(data.table("项目"))
        guard case .found(let r) = p.findRow("市大数据局政务信息化运维项目") else {
            Issue.record("运维 not found")
            return
        }
        #expect(p.location(r, try #require(p.columnIndex("全年执行数"))).prefix == "\(path)[SJ04]!E7")
        #expect(p.location(r, try #require(p.columnIndex("总分"))).prefix.hasSuffix("[SJ04]!D26"))
        let i = try #require(data.table("指标"))
        let target = try #require(i.columnIndex("指标值"))
        let first = try #require((0..<i.rowCount).first { i.key($0) == p.key(r) })
        #expect(i.location(first, target).prefix.hasSuffix("[SJ04]!E14"))
        // The transfer-payment form: its 总分 row prints 分值 100 and 得分 70.
        guard case .found(let z) = p.findRow("云网区域骨干节点（ZY01）") else {
            Issue.record("ZY01 not found")
            return
        }
        #expect(p.text(z, try #require(p.columnIndex("总分"))) == "70")
        #expect(p.text(z, try #require(p.columnIndex("执行率"))) == "100%")
    }

    static func grid(_ rows: [[String]]) -> FormGrid {
        FormGrid(records: CSVRecords(rows: rows, lines: Array(1...rows.count)), file: "表.csv")
    }

    /// A sheet with two forms one below the other, a 20-point fund block, the
    /// three-column target, a grade, a code, and blank rows and moved columns.
    @Test func formsFoundByTheirLabels() throws {
        let rows: [[String]] = [
            ["", "项目支出绩效自评表", "", "", "", "", "", "", "", ""],
            ["", "（2023年度）", "", "", "", "", "", "", "", ""],
            ["", "项目编号", "P-01", "", "项目名称", "学生资助", "", "", "", ""],
            ["", "主管部门", "教育局", "", "实施单位", "第一中学", "", "", "", ""],
            ["", "", "", "", "", "", "", "", "", ""],
            ["", "项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", ""],
            ["", "", "年度资金总额", "100", "120", "108", "20", "90%", "18", ""],
            ["", "", "其中：当年财政拨款", "100", "120", "108", "—", "90%", "—", ""],
            ["", "一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "全年实际值", "分值", "得分"],
            ["", "产出指标（40分）", "数量指标", "资助人数", "≥", "200", "人", "210", "40", "40"],
            ["", "", "时效指标", "发放及时率", "＝", "100", "%", "100%", "", ""],
            ["", "效益指标", "社会效益指标", "政策知晓率", "≥", "90", "%", "95%", "30", "30"],
            ["", "总分", "", "", "", "", "", "", "100", "98"],
            ["", "自评等级", "优", "", "", "", "", "", "", ""],
            ["", "", "", "", "", "", "", "", "", ""],
            ["", "项目支出绩效自评表", "", "", "", "", "", "", "", ""],
            ["", "项目名称", "校舍维修", "", "主管部门", "教育局", "", "", "", ""],
            ["", "项目资金", "年初预算数", "调整后预算数", "全年执行数", "分值", "执行率", "得分", "", ""],
            ["", "年度资金总额", "50", "50", "49", "10", "98%", "9.8", "", ""],
            ["", "一级指标", "二级指标", "三级指标", "年初目标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施", ""],
            ["", "产出指标", "质量指标", "验收合格率", "100%", "100%", "90", "90", "", ""],
            ["", "合计", "", "", "", "", "100", "99.8", "", ""],
        ]
        let forms = FormReader.forms(Self.grid(rows))
        try #require(forms.count == 2)
        let a = forms[0]
        #expect(a.year == 2023)
        #expect(a.fields["项目编号"]?.text == "P-01")
        #expect(a.fields["项目名称"]?.text == "学生资助")
        #expect(a.fields["实施单位"]?.text == "第一中学")
        #expect(a.fields["调整后预算数"]?.text == "120")
        #expect(a.fields["执行分值"]?.text == "20")
        #expect(a.fields["总分"]?.text == "98")
        #expect(a.fields["等级"]?.text == "优")
        #expect(a.indicators.count == 3)
        #expect(a.indicators[1]["一级指标"]?.text == "产出指标")
        #expect(a.indicators[0]["指标性质"]?.text == "≥")
        #expect(a.indicators[0]["度量单位"]?.text == "人")
        #expect(a.indicators[2]["实际值"]?.text == "95%")
        #expect(a.problems.isEmpty)
        let b = forms[1]
        #expect(b.name == "校舍维修")
        #expect(b.year == nil)
        #expect(b.fields["全年执行数"]?.text == "49")
        #expect(b.fields["全年执行数"]?.row == 19)
        #expect(b.fields["总分"]?.text == "99.8")
        #expect(b.indicators.count == 1)
        #expect(b.indicators[0]["指标值"]?.text == "100%")
    }

    /// 部门整体 forms: the header block as 岳阳 prints it (hun-yy-2018, labels and values
    /// in one cell), and as 重庆 prints it (cq-kxc-2021: no name label, a flat indicator
    /// list of 指标名称 and 指标权重, the score in the header); label texts as published.
    @Test func departmentWideForms() throws {
        let yueyang = FormReader.forms(
            Self.grid([
                ["岳阳市2018年度部门整体支出", "", "", "", "", "", ""],
                ["绩效评价自评报告", "", "", "", "", "", ""],
                ["部门(单位)名称:  岳阳市城市管理监督指挥中心", "", "", "", "", "", ""],
                ["预 算 编 码:   906017", "", "", "", "", "", ""],
                ["联系人", "吴俊", "联络电话", "8690022", "", "", ""],
                ["年度预算申请", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
                ["年度资金总额", "", "", "", "10", "", ""],
                ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
            ]))
        try #require(yueyang.count == 1)
        #expect(yueyang[0].kind == "部门整体")
        #expect(yueyang[0].year == 2018)
        #expect(yueyang[0].name == "岳阳市城市管理监督指挥中心")
        #expect(yueyang[0].fields["项目编号"]?.text == "906017")
        #expect(yueyang[0].fields["联系人"]?.text == "吴俊")
        #expect(yueyang[0].fields["联系电话"]?.text == "8690022")
        #expect(yueyang[0].fields["项目名称"]?.row == 3)
        let chongqing = FormReader.forms(
            Self.grid([
                ["部门整体绩效自评表", "", "", "", "", "", "", "", "", ""],
                ["主管部门", "", "财政处室", "", "自评总分(分)", "97.6", "", "", "", ""],
                ["部门联系人", "曾雪莲", "联系电话", "", "", "", "", "", "", ""],
                ["部门预算执行情况", "年初预算数", "全年(调整)预算数", "全年执行数", "执行率(%)", "执行率权重", "执行率得分(分)", "", "", ""],
                ["", "", "", "", "76", "10", "7.6", "", "", ""],
                ["指标名称", "计量单位", "指标性质", "年初指标值", "调整指标值", "全年完成值", "得分系数(%)", "指标权重(分)", "指标得分(分)", "是否核心指标"],
                ["资金使用合规性", "", "", "好", "好", "好", "100%", "5", "5", "否"],
            ]))
        try #require(chongqing.count == 1)
        let cq = chongqing[0]
        #expect(cq.kind == "部门整体")
        #expect(cq.fields["总分"]?.text == "97.6")
        #expect(cq.fields["执行率"]?.text == "76%")
        #expect(cq.fields["执行分值"]?.text == "10")
        #expect(cq.fields["执行得分"]?.text == "7.6")
        #expect(cq.indicators.count == 1)
        #expect(cq.indicators[0]["分值"]?.text == "5")
        #expect(cq.indicators[0]["指标值"]?.text == "好")
        #expect(cq.problems.contains { $0.kind == .formPart && $0.message.contains("项目名称") })
        // Its fund block has no 年度资金总额 row: the row under the header is read, and said.
        #expect(cq.problems.contains { $0.isNote && $0.message.contains("没有「年度资金总额」行") })
        let assembled = try FormTables.assemble(chongqing)
        #expect(assembled.tables[0].key(0) == "表")
    }

    /// A cover or a tidy table is not a form; a form without its fund block is one with
    /// a data problem that names the part.
    @Test func notFormsAndMissingParts() throws {
        #expect(FormReader.forms(Self.grid([["项目编号", "项目名称", "调整后预算数"], ["P1", "运维", "10"], ["P2", "云网", "20"]])).isEmpty)
        #expect(FormReader.forms(Self.grid([["填报说明"], ["1. 金额单位为万元"], ["2. 各项指标得分加总得出总分"]])).isEmpty)
        let forms = FormReader.forms(
            Self.grid([
                ["项目名称", "运维", "", "", "", ""],
                ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值"],
                ["产出指标", "数量指标", "系统数量", "≥5个", "6个", "90"],
            ]))
        try #require(forms.count == 1)
        #expect(forms[0].problems.map(\.kind) == [.formPart])
        #expect(forms[0].problems.first?.message.contains("项目资金") == true)
        #expect(forms[0].problems.first?.location?.prefix == "表.csv:1:1")
    }
}

/// Published forms of three provinces rebuilt in their printed layout
/// (Tests/Fixtures/forms/make_real_forms.py), written by openpyxl and by LibreOffice.
@Suite struct RealFormTests {
    static func load(_ name: String) throws -> Dataset {
        try DatasetLoader.load(FormTests.fixtures.appendingPathComponent(name).path)
    }

    static func row(_ t: Table, _ key: String) throws -> Int {
        guard case .found(let r) = t.findRow(key) else { throw Failure("no row \(key)") }
        return r
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ d: String) { description = d }
    }

    /// Two writers, the same forms: every cell the same, except the formula openpyxl
    /// saves without a result (LibreOffice saves it).
    @Test func twoWritersGiveTheSameForms() throws {
        let a = try Self.load("openpyxl/三地自评表.xlsx")
        let b = try Self.load("libreoffice/三地自评表.xlsx")
        for name in ["项目", "指标"] {
            let ta = try #require(a.table(name))
            let tb = try #require(b.table(name))
            #expect(ta.columns == tb.columns)
            try #require(ta.rowCount == tb.rowCount)
            for r in 0..<ta.rowCount {
                for c in ta.columns where !FormTests.same(ta, r, tb, r, c) {
                    let at = ta.text(r, ta.columnIndex(c)!)
                    #expect(at == "=E6/D6", "\(name) \(ta.key(r)).\(c): \(at) ≠ \(tb.text(r, tb.columnIndex(c)!))")
                    #expect(ta.location(r, ta.columnIndex(c)!).cell == tb.location(r, tb.columnIndex(c)!).cell)
                }
            }
        }
        let formulas = a.problems.filter { $0.kind == .formulaWithoutResult }
        #expect(formulas.map { $0.location?.prefix ?? "" } == ["\(FormTests.fixtures.path)/openpyxl/三地自评表.xlsx[天长水旱灾害防御]!G6"])
        #expect(!b.problems.contains { $0.kind == .formulaWithoutResult })
        // The cover and the notes sheet are skipped, and said so.
        #expect(a.problems.filter { $0.isNote && $0.message.contains("不是自评表") }.count == 2)
    }

    /// What each layout carries: a unit of 元, a code before the name, a grade after the
    /// score, a 合计 that is the weights' total, placeholder rows, points-only 一级 cells.
    @Test func layoutsOfThreeProvinces() throws {
        let d = try Self.load("libreoffice/三地自评表.xlsx")
        let p = try #require(d.table("项目"))
        let i = try #require(d.table("指标"))
        func cell(_ t: Table, _ r: Int, _ c: String) -> String { t.columnIndex(c).map { t.text(r, $0) } ?? "(no column)" }
        // 云南: amounts in 元 against the others' 万元, converted where they meet.
        let yn = try Self.row(p, "义务教育营养改善计划专项资金")
        #expect(cell(p, yn, "调整后预算数") == "387664.62元")
        #expect(p.value(yn, p.columnIndex("调整后预算数")!) == .number(DecimalText.parse("38.766462")!))
        #expect(cell(p, yn, "总分") == "96")
        #expect(cell(p, yn, "等级") == "优")
        #expect(i.rows(linkedTo: p.key(yn), column: 0).count == 9)  // the empty 生态效益 row is not an indicator
        // 四川: the code keys the project; 合计 under 权重 publishes no score.
        let sc = try Self.row(p, "51000021R000000019951")
        #expect(cell(p, sc, "项目名称") == "51000021R000000019951-工资性支出")
        #expect(cell(p, sc, "总分") == "")
        #expect(cell(p, sc, "执行分值") == "10")
        #expect(cell(p, sc, "年度") == "2023")
        // 安徽: placeholder rows are not indicators; 一级 cells printing only points are blank.
        let ah = try Self.row(p, "水旱灾害防御经费")
        let rows = i.rows(linkedTo: p.key(ah), column: 0)
        #expect(rows.count == 9)
        #expect(!rows.contains { ["……", "指标2:"].contains(cell(i, $0, "三级指标")) })
        #expect(cell(i, rows[0], "一级指标") == "")
        #expect(cell(i, rows[8], "一级指标") == "满意度指标")
        #expect(cell(i, rows[8], "二级指标") == "服务对象满意度指标")
    }

    /// A form exported as CSV by LibreOffice, and the same form as an old .xls (read
    /// through LibreOffice when it is installed): 分值 before 年度指标值, and weights
    /// that do not add up (the published form's own inconsistency).
    @Test func csvExportOfAForm() throws {
        let d = try Self.load("libreoffice/中江水标尺.csv")
        let p = try #require(d.table("项目"))
        #expect(p.rowCount == 1)
        #expect(d.year == 2022)
        let i = try #require(d.table("指标"))
        #expect(i.rowCount == 9)
        #expect(i.text(0, i.columnIndex("指标值")!) == "≥266米")
        #expect(i.text(0, i.columnIndex("分值")!) == "10")
        #expect(i.location(0, i.columnIndex("分值")!).prefix.hasSuffix("中江水标尺.csv:11:5"))
        let s = Session()
        try s.install(d) { _ in }
        let audit = s.outputs("audit").joined(separator: "\n")
        #expect(audit.contains("[分值合计不符]"))
        #expect(audit.contains("的分值合计为 110"))
    }

    /// The same form as an old .xls: read through LibreOffice where it is installed
    /// (the conversion is said), to the same cells as the CSV export.
    @Test(.enabled(if: LegacyWorkbook.office() != nil)) func xlsThroughLibreOffice() throws {
        let xls = try Self.load("libreoffice/中江水标尺.xls")
        let csv = try Self.load("libreoffice/中江水标尺.csv")
        for name in ["项目", "指标"] {
            let a = try #require(xls.table(name))
            let b = try #require(csv.table(name))
            try #require(a.rowCount == b.rowCount)
            for r in 0..<a.rowCount {
                for c in a.columns { #expect(FormTests.same(a, r, b, r, c), "\(name) \(a.key(r)).\(c)") }
            }
        }
        #expect(xls.problems.contains { $0.isNote && $0.message.contains("LibreOffice") })
    }
}
