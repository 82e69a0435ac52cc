import Foundation
import PropertyBased
import Testing

@testable import Suanpan
@testable import SuanpanData
@testable import SuanpanEvaluation
@testable import SuanpanExport
@testable import SuanpanLanguage

/// The recomputed 自评表 read back (issue 20): every bundled project's form, exported
/// as .xlsx and as .csv, loads into the same 项目 and 指标 rows with the same figures —
/// the rules give the same 执行率, 得分, 总分 and 等级, and the figures the form holds
/// (its published ones now) are the ones suanpan computed.
@Suite struct FormRoundTripTests {
    static let projectFields = ["执行率", "执行得分", "指标得分", "总分", "等级", "调整后预算数", "全年执行数", "执行分值"]

    func scratch() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("suanpan-forms-\(getpid())-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Each project's figures now: its rule values and fields, and its indicators' 得分.
    func figures(_ s: Session) throws -> [String: [String: Value]] {
        let projects = try #require(s.environment.dataset?.table("项目"))
        var evaluator = Evaluator(environment: s.environment, settings: s.settings)
        let span = SourceSpan(Source(name: "t", text: ""), 0, 0)
        var out: [String: [String: Value]] = [:]
        for r in 0..<projects.rowCount {
            let ref = RowRef(table: projects, row: r)
            var row: [String: Value] = [:]
            for f in Self.projectFields { row[f] = try evaluator.field(ref, f, span) ?? .empty }
            if let link = projects.children.first(where: { $0.table.name == "指标" }) {
                for (k, i) in link.table.rows(linkedTo: projects.key(r), column: link.column).enumerated() {
                    row["指标\(k + 1).得分"] = try evaluator.field(RowRef(table: link.table, row: i), "得分", span) ?? .empty
                    row["指标\(k + 1).分值"] = try evaluator.field(RowRef(table: link.table, row: i), "分值", span) ?? .empty
                }
            }
            out[projects.key(r)] = row
        }
        return out
    }

    @Test(arguments: ["xlsx", "csv"])
    func everyBundledProjectReadsBackWithTheSameFigures(_ kind: String) throws {
        let source = Session()
        source.defaultDataset = { () throws(Diagnostic) in try DatasetLoader.loadBundled() }
        source.ensureDataset(emit: { _ in })
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let projects = try #require(source.environment.dataset?.table("项目"))
        let before = try figures(source)
        #expect(before.count == 12)
        for r in 0..<projects.rowCount {
            let key = projects.key(r)
            let file = "\(dir)/\(key).\(kind)"
            let said = source.outputs("export 自评表 项目[\"\(key)\"] to \"\(file)\"")
            #expect(said.first?.hasPrefix("已导出到") == true, "\(said)")
            let back = Session()
            let loaded = back.outputs("load \"\(file)\"")
            #expect(!loaded.contains { $0.contains("错误") }, "\(loaded)")
            let after = try figures(back)
            let figures = try #require(after[key], "\(key) not read back: \(after.keys)")
            for (field, value) in try #require(before[key]) {
                let other = try #require(figures[field], "\(key).\(field) missing")
                #expect(Arithmetic.equal(value, other) || value == other, "\(key).\(field): \(value) → \(other)")
            }
            // What the form holds as published is what suanpan computed.
            let t = try #require(back.environment.dataset?.table("项目"))
            for field in ["执行得分", "总分", "等级"] {
                let c = try #require(t.columnIndex(field), "\(field) not read")
                let published = t.cellValue(0, c)
                let computed = try #require(before[key]?[field])
                #expect(
                    Arithmetic.equal(published, computed) || published == computed,
                    "\(key).\(field): published \(published), computed \(computed)")
            }
        }
    }

    /// A row set writes one sheet per project; the workbook loads as all of them.
    @Test func aRowSetWritesOneFormPerProject() throws {
        let source = Session()
        source.defaultDataset = { () throws(Diagnostic) in try DatasetLoader.loadBundled() }
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        _ = source.outputs("export 自评表 项目 to \"\(dir)/全部.xlsx\"")
        let back = Session()
        _ = back.outputs("load \"\(dir)/全部.xlsx\"")
        #expect(back.environment.dataset?.table("项目")?.rowCount == 12)
        let before = try figures(source)
        let after = try figures(back)
        #expect(Set(before.keys) == Set(after.keys))
        for (key, row) in before {
            for f in ["总分", "等级"] { #expect(Arithmetic.equal(row[f] ?? .empty, after[key]?[f] ?? .empty) || row[f] == after[key]?[f]) }
        }
    }
}

/// The writers' own rules: CSV quoting and encodings, sheet names, figure cells.
@Suite struct ExportWriterTests {
    @Test func csvQuotesWhatNeedsItAndKeepsFormulasOut() throws {
        var sheet = Sheet(name: "t", title: "", header: ["名称", "值"], rows: [])
        sheet.rows = [
            [.text("甲,乙"), .number(Rational(4_367_764) / Rational(1000), places: 3)],
            [.text("说\"好\""), .percent(Rational(9977) / Rational(10000), places: 2)],
            [.text("两\n行"), .notComputed(mark: "未算出[1]", reason: "需要评价人判断")],
            [.text("=4个"), .text(" 前后有空格 ")],
            [.text("1/3"), .number(Rational(1) / Rational(3), places: 2)],
        ]
        let bytes = try #require(CSVWriter.bytes(sheet, encoding: .utf8BOM))
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(
            text == "名称,值\r\n\"甲,乙\",4367.764\r\n\"说\"\"好\"\"\",99.77%\r\n\"两\n行\",未算出：需要评价人判断\r\n\t=4个,\" 前后有空格 \"\r\n1/3,0.3333333333\r\n"
        )
        let gb = try #require(CSVWriter.bytes(sheet, encoding: .gb18030))
        #expect(gb.prefix(3) != [0xEF, 0xBB, 0xBF])
        let decoded = try TextDecoding.decode(gb, file: "t.csv")
        #expect(decoded.encoding == .gb18030)
        #expect(String(decoding: decoded.bytes, as: UTF8.self) == text)
    }

    @Test func sheetNamesAreWhatExcelTakes() {
        let names = SheetNames.unique([
            "项目[总分 < 100]", "a/b:c*d?e\\f", "'引号'", "", "项目[总分 < 100]", String(repeating: "长", count: 40), "ABC", "abc",
        ])
        #expect(names[0] == "项目【总分 < 100】")
        #expect(names[1] == "a／b：c＊d？e＼f")
        #expect(names[2] == "引号")
        #expect(names[3] == "结果")
        #expect(names[4] == "项目【总分 < 100】（2）")
        #expect(names[5].count == 31)
        #expect(names[7] == "abc（2）")
        #expect(Set(names.map { $0.lowercased() }).count == names.count)
        for n in names { #expect(n.count <= 31 && !n.contains { "[]:*?/\\".contains($0) }) }
    }

    @Test func printedFiguresBecomeFigureCells() {
        #expect(ResultSheets.figure("4,367.764") == .number(Rational(4_367_764) / Rational(1000), places: 3))
        #expect(ResultSheets.figure("99.77%") == .percent(Rational(9977) / Rational(10000), places: 2))
        #expect(ResultSheets.figure("+0.01万元") == .number(Rational(1) / Rational(100), places: 2))
        #expect(ResultSheets.figure("-30") == .number(Rational(-30), places: 0))
        #expect(ResultSheets.figure("—") == .text("—"))
        #expect(ResultSheets.figure("较高") == .text("较高"))
        #expect(ResultSheets.figure("") == .empty)
    }

    /// The width a figure cell reports is the width of its text, without formatting it.
    @Test func figureWidthsAreTheirTextsWidths() async {
        await propertyCheck(input: Gen.int(in: -999_999_999...999_999_999), Gen.int(in: 1...10_000), Gen.int(in: 0...6)) { n, d, p in
            let x = Rational(n) / Rational(d)
            for cell in [SheetCell.number(x, places: p), .percent(x, places: p)] {
                #expect(cell.displayWidth == DisplayWidth.of(cell.shown), "\(cell.shown)")
            }
        }
    }

    /// What an .xlsx holds, read back with suanpan's own reader (the transcripts read
    /// it with openpyxl too): figures, percentages and text in their cells.
    @Test func anXLSXReadsBackItsFigures() throws {
        var sheet = Sheet(name: "项目", title: "标题", header: ["项目编号", "调整后预算数", "执行率"], rows: [])
        sheet.rows = [
            [
                .text("SJ04"), .number(Rational(4_367_764) / Rational(1000), places: 3),
                .percent(Rational(9977) / Rational(10000), places: 2),
            ]
        ]
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("suanpan-xlsx-\(getpid()).xlsx").path
        defer { unlink(path) }
        #expect(XLSXWriter.write([sheet], to: path) == nil)
        let s = Session()
        let said = s.outputs("load \"\(path)\"\n项目[\"SJ04\"].调整后预算数\n项目[\"SJ04\"].执行率")
        #expect(said.suffix(2) == ["4,367.764", "99.77%"], "\(said)")
    }
}
