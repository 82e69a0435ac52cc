import Foundation
import PropertyBased
import Testing
import ZIPFoundation

@testable import Suanpan
@testable import SuanpanCharts
@testable import SuanpanData
@testable import SuanpanEvaluation
@testable import SuanpanLanguage

@Suite struct CellTextTests {
    func number(_ t: String) -> Rational? {
        if case .number(let x) = CellText.parse(t) { return x }
        return nil
    }

    @Test func numbersAsReportsPrintThem() {
        #expect(number("27,499.988") == DecimalText.parse("27499.988"))
        #expect(number("(1,234.00)") == DecimalText.parse("-1234"))
        #expect(number("-3.5") == DecimalText.parse("-3.5"))
        #expect(number("１２３．５") == DecimalText.parse("123.5"))
        #expect(number(" 42 ") == Rational(42))
        #expect(CellText.parse("95.38%") == .ratio(DecimalText.parse("0.9538")!))
        #expect(CellText.parse("100%") == .ratio(.one))
    }

    @Test func textEmptyAndUnreadable() {
        #expect(CellText.parse("") == .empty)
        #expect(CellText.parse("   ") == .empty)
        #expect(CellText.parse("#####") == .unreadable)
        for text in ["≥20个", "完成", "1,23", "12,3456", "2022年12月20日", "1.2.3", "abc", "(12"] {
            #expect(CellText.parse(text) == .text, "\(text)")
        }
    }
}

@Suite struct CSVReaderTests {
    func read(_ text: String) throws -> CSVRecords {
        try CSVReader.read(Array(text.utf8), file: "t.csv")
    }

    @Test func quotingPerRFC4180() throws {
        let r = try read("a,b,c\r\n1,\"x, y\",\"he said \"\"hi\"\"\"\n2,\"two\nlines\",\n\n3,,\n")
        #expect(r.count == 4)
        #expect(r.text(1, 1) == "x, y")
        #expect(r.text(1, 2) == "he said \"hi\"")
        #expect(r.text(2, 1) == "two\nlines")
        #expect(r.text(2, 2) == "")
        #expect(Array(r.lines) == [1, 2, 3, 6])
        #expect(r.fieldCount(3) == 3)
    }

    /// A large file without quotes is read in pieces on all cores: the same records,
    /// fields and line numbers as one pass, blank lines and CRLF included.
    @Test func piecesAgreeWithOnePass() throws {
        var text = "编号,名称,金额\n"
        for i in 0..<120_000 {
            text += "P\(i),项目名称较长的一个项目\(i % 97),\(i * 7 % 1_000).5" + (i % 5 == 0 ? "\r\n" : "\n")
            if i % 1_000 == 0 { text += "\n" }
            if i % 3_001 == 0 { text += "\r\n" }
        }
        text += "last,,"
        let bytes = Array(text.utf8)
        #expect(bytes.count > 4 << 20)
        let one = try CSVReader.read(bytes, file: "t.csv", parallel: false)
        let pieces = try CSVReader.read(bytes, file: "t.csv")
        #expect(one.lines == pieces.lines)
        #expect(one.fieldEnds == pieces.fieldEnds)
        #expect(one.recordStarts == pieces.recordStarts)
        #expect(one.recordOffsets == pieces.recordOffsets)
        #expect((0..<one.count).allSatisfy { r in (0..<one.fieldCount(r)).allSatisfy { one.text(r, $0) == pieces.text(r, $0) } })
        #expect(one.count == 120_002)
        // A last line that ends in a comma has an empty last field (not two).
        #expect(pieces.text(120_001, 0) == "last" && pieces.fieldCount(120_001) == 3)
        #expect(try CSVReader.read(Array("a,b\n1,".utf8), file: "t.csv").fieldCount(1) == 2)
    }

    /// Field ends are kept in 16 bits from their record's start: a field ending 65,535
    /// bytes or more into its record (a long note, quoted or not) is kept apart and read
    /// back whole, in one pass, in pieces and in records built from texts (XLSX).
    @Test func fieldsFarIntoTheirRecord() throws {
        let long = String(repeating: "说明", count: 20_000)  // 120,000 bytes
        var text = "编号,说明,金额\n"
        var expected: [[String]] = []
        for i in 0..<60_000 {
            let medium = String(repeating: "中", count: 100 + i % 50)  // 300 to 447 bytes
            let row =
                i % 2_999 == 0
                ? ["P\(i)", long + "\(i)", "\(i)"]
                : i % 4_999 == 0
                    ? ["P\(i)", long, long + "尾"] : i % 101 == 0 ? ["P\(i)", medium, "\(i)"] : ["P\(i)", "短\(i % 7)", "\(i).5"]
            expected.append(row)
            text += row.joined(separator: ",") + "\n"
        }
        let bytes = Array(text.utf8)
        #expect(bytes.count > 4 << 20)  // read in pieces
        let one = try CSVReader.read(bytes, file: "t.csv", parallel: false)
        let pieces = try CSVReader.read(bytes, file: "t.csv")
        let built = CSVRecords(rows: [["编号", "说明", "金额"]] + expected, lines: Array(1...60_001))
        // Few fields end 255 bytes or more into their record: one byte a field end.
        #expect(one.narrow && pieces.narrow && !built.narrow)
        #expect(!one.far.fields.isEmpty)
        #expect(one.far.fields == pieces.far.fields && one.far.ends == pieces.far.ends)
        for records in [one, pieces, built] {
            #expect(records.count == 60_001)
            for (r, row) in expected.enumerated() where r % 2_999 == 0 || r % 4_999 == 0 || r % 101 == 0 || r % 1_001 == 0 {
                #expect((0..<3).map { records.text(r + 1, $0) } == row)
            }
        }
        // Many fields far into their record: two bytes a field end, the same texts.
        var wide = "a,b,c\n"
        for i in 0..<500 { wide += "\(i),\(String(repeating: "长", count: 90 + i % 20)),\(i)\n" }
        let w = try read(wide)
        #expect(!w.narrow && w.far.fields.isEmpty)
        #expect((1...500).allSatisfy { w.text($0, 1).count == 90 + ($0 - 1) % 20 && w.text($0, 2) == "\($0 - 1)" })
        // Quoted, with a comma inside, far into its record.
        let quoted = try read("a,b,c\nx,\"\(long),\(long)\",\"末\"\"尾\"\n")
        #expect(quoted.text(1, 1) == long + "," + long && quoted.text(1, 2) == "末\"尾")
    }

    /// Lines that follow one another are kept as a run; the numbers read the same, and
    /// a run that goes on is written out first.
    @Test func lineNumbersAsARun() throws {
        let r = try read("a,b\n1,2\n3,4\n5,6\n")
        #expect(r.lines.runCount == 4 && r.lines.storage.isEmpty)
        #expect(Array(r.lines) == [1, 2, 3, 4] && Array(r.lines.afterFirst) == [2, 3, 4])
        var rows = r.lines.afterFirst
        rows.append(9)
        #expect(Array(rows) == [2, 3, 4, 9] && rows.runCount == nil)
        let gaps = try read("a,b\n\n1,2\n3,\"x\ny\"\n5,6\n")
        #expect(gaps.lines.runCount == nil && Array(gaps.lines) == [1, 3, 4, 6])
    }

    @Test func unterminatedQuoteIsLocated() {
        #expect(throws: Diagnostic.self) { try read("a,b\n1,\"open\n2,3\n") }
        do {
            _ = try read("a,b\n1,\"open\n2,3\n")
        } catch {
            #expect((error as? Diagnostic)?.location == DataLocation(file: "t.csv", line: 2, column: 3))
        }
    }

    @Test func encodings() throws {
        let gb: [UInt8] = [0xD6, 0xB4, 0xD0, 0xD0, 0xC2, 0xCA]  // 执行率 in GB18030
        let (utf8, encoding) = try TextDecoding.decode(gb, file: "g.csv")
        #expect(encoding == .gb18030)
        #expect(String(decoding: utf8, as: UTF8.self) == "执行率")
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("执行率".utf8)
        #expect(try TextDecoding.decode(bom, file: "b.csv").bytes == Array("执行率".utf8))
        #expect(TextDecoding.isValidUTF8(Array("执行率 ok 12345678".utf8)))
        #expect(!TextDecoding.isValidUTF8([0xC0, 0x80]))  // overlong
        #expect(!TextDecoding.isValidUTF8([0xED, 0xA0, 0x80]))  // surrogate
        #expect(throws: Diagnostic.self) { try TextDecoding.decode([0xFF, 0xFF, 0x00], file: "x.csv") }
        // Large inputs are checked in pieces: a bad byte anywhere is still found, and
        // multi-byte characters at the cuts are not split.
        var big = Array(String(repeating: "执行率,1\n", count: 200_000).utf8)
        #expect(TextDecoding.isValidUTF8(big))
        big[big.count * 3 / 4] = 0xFF
        #expect(!TextDecoding.isValidUTF8(big))
    }

    /// A file without quotes is read by its delimiters 64 bytes at a time
    /// (`scanPlain`); the records are those the byte-by-byte reader finds: blank lines,
    /// CR LF and lone CR, a last line without its end, empty fields, fields ending 255
    /// and 65,535 bytes or more into their record, at every alignment to the blocks.
    @Test func plainScanFindsTheSameRecords() async {
        let pieces: [[UInt8]] = [
            Array("a".utf8), Array("执行率".utf8), Array("12345678".utf8), [0x2C], [0x2C], [0x0A], [0x0A], [0x0D, 0x0A], [0x0D],
            Array(repeating: 0x61, count: 70), Array(repeating: 0x62, count: 300), Array(repeating: 0x63, count: 66_000),
        ]
        func same(_ bytes: [UInt8], _ start: Int) -> Bool {
            bytes.withUnsafeBufferPointer { b in
                let one = CSVReader.Piece()
                let two = CSVReader.Piece()
                try? CSVReader.scan(b, start..<b.count, file: "t.csv", into: one, progress: nil)
                try? CSVReader.scanPlain(b, start..<b.count, into: two, progress: nil)
                return one.ends.buffer.elementsEqual(two.ends.buffer) && one.starts.buffer.elementsEqual(two.starts.buffer)
                    && one.offsets.buffer.elementsEqual(two.offsets.buffer) && one.lines.buffer.elementsEqual(two.lines.buffer)
                    && one.far.fields == two.far.fields && one.far.ends == two.far.ends && one.lineEnds == two.lineEnds
                    && one.beyondByte == two.beyondByte && one.width == two.width && one.consecutive == two.consecutive
            }
        }
        let gen = Gen.element(of: pieces).array(of: 0...60)
        await propertyCheck(count: 2_000, input: gen) { parts in
            let bytes = parts.compactMap { $0 }.flatMap { $0 }
            #expect(same(bytes, 0), "\(bytes.count) bytes: \(bytes.prefix(200))")
            #expect(same(bytes, min(bytes.count, 3)), "\(bytes.count) bytes from 3: \(bytes.prefix(200))")
        }
    }

    /// The validator agrees with Swift's own UTF-8 decoding on byte strings built from
    /// ASCII runs, CJK, other lengths and broken sequences, at every alignment.
    @Test func utf8ValidationAgreesWithSwift() async {
        let pieces: [[UInt8]] = [
            Array("a".utf8), Array("12345678,".utf8), Array("执".utf8), Array("é".utf8), Array("😀".utf8),
            Array("\u{FFFD}".utf8), [0xE6, 0x89], [0x80], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
            [0xE0, 0x80, 0x80], [0xFF], Array("abcdefghijklmnop".utf8),
        ]
        let gen = Gen.element(of: pieces).array(of: 1...12)
        await propertyCheck(count: 3_000, input: gen) { parts in
            let bytes = parts.compactMap { $0 }.flatMap { $0 }
            #expect(TextDecoding.isValidUTF8(bytes) == (String(validating: bytes, as: UTF8.self) != nil), "\(bytes)")
        }
        // Longer strings: the vector check (32 bytes at a time, sequences across blocks,
        // ASCII blocks skipped) and the byte-by-byte one agree with Swift.
        let long = Gen.element(of: pieces).array(of: 1...120)
        await propertyCheck(count: 3_000, input: long) { parts in
            let bytes = parts.compactMap { $0 }.flatMap { $0 }
            let swift = String(validating: bytes, as: UTF8.self) != nil
            bytes.withUnsafeBufferPointer { b in
                #expect(TextDecoding.isValidUTF8(b) == swift, "\(bytes)")
                #expect(TextDecoding.isValidUTF8(byteByByte: b) == swift, "\(bytes)")
            }
        }
    }
}

@Suite struct TextGroupsTests {
    /// Cells numbered by their bytes: equal codes exactly for equal texts, whatever their
    /// length (word loads below 8, 8–16 and above) and wherever they sit (the last field
    /// of the file is read byte by byte).
    @Test func codesNumberEqualTextsAlike() async throws {
        let pieces = ["1", "≥", "95%", "个", "a", "0", ".", "项目", "P00000", "长文本长文本"]
        let gen = Gen.element(of: pieces).array(of: 0...6).array(of: 50...200)
        await propertyCheck(count: 60, input: gen) { rows in
            let texts = rows.map { $0.compactMap { $0 }.joined() }
            let csv = "值\n" + texts.map { $0.isEmpty ? "x" : $0 }.joined(separator: "\n")
            guard let records = try? CSVReader.read(Array(csv.utf8), file: "t.csv"),
                let table = try? Table(name: "t", origin: .init(file: "t.csv", sheet: nil), records: records)
            else {
                Issue.record("not read")
                return
            }
            let codes = table.codes(0)
            for a in 0..<table.rowCount {
                for b in [0, a / 2, table.rowCount - 1] {
                    #expect((codes.codes[a] == codes.codes[b]) == (table.text(a, 0) == table.text(b, 0)))
                }
            }
        }
    }

    /// The same with thousands of distinct texts, each coming back far from its first
    /// row: the numbering's table grows several times, and a text found again after a
    /// growth keeps its code.
    @Test func codesStayEqualAcrossGrowth() throws {
        var texts: [String] = []
        for r in 0..<12_000 { texts.append(r % 3 == 0 ? "≥\(r % 2_500)个" : "P\((r * 7_919) % 4_001)") }
        let records = try CSVReader.read(Array(("值\n" + texts.joined(separator: "\n") + "\n").utf8), file: "t.csv")
        let codes = Table.number(records, 0, rows: texts.count)
        var first: [String: Int32] = [:]
        var seen: [Int32: String] = [:]
        for (r, t) in texts.enumerated() {
            let c = codes.codes[r]
            #expect(first[t, default: c] == c, "row \(r): \(t)")
            #expect(seen[c, default: t] == t, "row \(r): code \(c)")
            first[t] = c
            seen[c] = t
        }
        #expect(codes.distinct == Set(texts).count)
    }

    /// Rows grouped by key bytes with spaces trimmed agree with grouping by the trimmed
    /// texts; lookups by text find the same rows; quoted keys are unquoted first.
    @Test func groupsAgreeWithTrimmedTexts() throws {
        var csv = "编号,金额\n"
        let keys = ["P1", " P1", "P1\u{3000}", "\"P1\"", "P2", "\t P2 ", "项目三", "\"项目,三\"", "", "  "]
        for (i, k) in keys.enumerated() { csv += "\(k),\(i)\n" }
        let records = try CSVReader.read(Array(csv.utf8), file: "t.csv")
        let table = try Table(name: "t", origin: .init(file: "t.csv", sheet: nil), records: records)
        let groups = table.groups(0)
        var expected: [String: [Int]] = [:]
        for r in 0..<table.rowCount { expected[table.key(r), default: []].append(r) }
        #expect(groups.count == expected.count)
        for (k, rows) in expected { #expect(groups[k] == rows, "\(k)") }
        #expect(groups["P3"] == nil)
        #expect(table.findRow("P1") == .ambiguous([0, 1, 2, 3]))
        #expect(table.rows(linkedTo: "项目,三", column: 0) == [7])
    }
}

/// Workbooks written here with ZIPFoundation, part by part, as Excel lays them out:
/// shared strings (one of them rich text with a phonetic run), a long binary double,
/// a formula with its cached value, a boolean, an error value and two sheets.
@Suite struct XLSXReaderTests {
    static func workbook(_ parts: [String: String]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("suanpan-\(UUID().uuidString).xlsx").path
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        for (name, text) in parts.sorted(by: { $0.key < $1.key }) {
            let data = Data(text.utf8)
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { pos, size in
                data.subdata(in: Int(pos)..<Int(pos) + size)
            }
        }
        return path
    }

    static let ns =
        "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""

    static func excelLike() throws -> String {
        try workbook([
            "[Content_Types].xml": "<Types/>",
            "xl/workbook.xml":
                "<workbook \(ns)><sheets><sheet name=\"项目\" sheetId=\"1\" r:id=\"rId1\"/><sheet name=\"汇总\" sheetId=\"2\" r:id=\"rId2\"/></sheets></workbook>",
            "xl/_rels/workbook.xml.rels":
                "<Relationships><Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Target=\"/xl/worksheets/sheet2.xml\"/></Relationships>",
            "xl/sharedStrings.xml":
                "<sst \(ns)><si><t>项目编号</t></si><si><t>调整后预算数</t></si><si><r><t>运维</t></r><r><t>项目</t></r><rPh><t>yunwei</t></rPh></si><si><t>执行率</t></si><si><t>备注</t></si></sst>",
            "xl/worksheets/sheet1.xml": """
            <worksheet \(ns)><sheetData>
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>3</v></c><c r="D1" t="s"><v>4</v></c></row>
            <row r="3"><c r="A3" t="s"><v>2</v></c><c r="B3"><v>27499.988000000001</v></c><c r="C3"><f>B3/B4</f><v>0.5</v></c><c r="D3" t="b"><v>1</v></c></row>
            <row r="4"><c r="A4" t="inlineStr"><is><t>云网</t></is></c><c r="B4"><v>1.0000000000000001E-3</v></c><c r="C4" t="e"><v>#DIV/0!</v></c></row>
            </sheetData><mergeCells count="1"><mergeCell ref="D4:E4"/></mergeCells></worksheet>
            """,
            "xl/worksheets/sheet2.xml":
                "<worksheet \(ns)><sheetData><row r=\"2\"><c r=\"B2\" t=\"inlineStr\"><is><t>合计</t></is></c></row><row r=\"3\"><c r=\"B3\"><v>9465.58</v></c></row></sheetData></worksheet>",
        ])
    }

    @Test func readsSheetsCellsAndLocations() throws {
        let path = try Self.excelLike()
        let tables = try XLSXReader.tables(path)
        #expect(tables.map(\.name) == ["项目", "汇总"])
        let t = tables[0]
        #expect(t.columns == ["项目编号", "调整后预算数", "执行率", "备注"])
        #expect(t.rowCount == 2)
        #expect(t.text(0, 0) == "运维项目")  // rich text joined, phonetic run left out
        #expect(t.value(0, 1) == .number(DecimalText.parse("27499.988")!))
        #expect(t.value(0, 2) == .number(DecimalText.parse("0.5")!))
        #expect(t.text(0, 3) == "TRUE")
        #expect(t.value(1, 1) == .number(DecimalText.parse("0.001")!))
        #expect(t.text(1, 2) == "#DIV/0!")
        #expect(t.location(0, 1) == DataLocation(file: path, sheet: "项目", cell: "B3", field: "调整后预算数"))
        let second = tables[1]
        #expect(second.columns == ["合计"])
        #expect(second.location(0, 0).cell == "B3")
    }

    /// Cells as Excel shows them (issue 18): a percentage format makes 0.995 the
    /// percentage 99.5% (not 0.995%), a date format makes a serial its day, a merged
    /// 一级指标 gives its value to every indicator row of the range; a merged title above
    /// the header stays one title.
    @Test func cellsReadAsExcelShowsThem() throws {
        let path = try Self.workbook([
            "xl/workbook.xml": "<workbook \(Self.ns)><sheets><sheet name=\"指标\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
            "xl/_rels/workbook.xml.rels": "<Relationships><Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/></Relationships>",
            "xl/styles.xml": """
            <styleSheet \(Self.ns)><numFmts count="2"><numFmt numFmtId="164" formatCode="0.00%"/><numFmt numFmtId="165" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>
            <cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="10"/><xf numFmtId="165"/><xf numFmtId="14"/></cellXfs></styleSheet>
            """,
            "xl/worksheets/sheet1.xml": """
            <worksheet \(Self.ns)><sheetData>
            <row r="1"><c r="A1" t="inlineStr"><is><t>2023年度项目支出绩效自评表</t></is></c></row>
            <row r="2"><c r="A2" t="inlineStr"><is><t>一级指标</t></is></c><c r="B2" t="inlineStr"><is><t>三级指标</t></is></c><c r="C2" t="inlineStr"><is><t>指标值</t></is></c><c r="D2" t="inlineStr"><is><t>实际值</t></is></c></row>
            <row r="3"><c r="A3" t="inlineStr"><is><t>产出指标</t></is></c><c r="B3" t="inlineStr"><is><t>完成率</t></is></c><c r="C3" t="inlineStr"><is><t>≥95%</t></is></c><c r="D3" s="1"><v>0.995</v></c></row>
            <row r="4"><c r="B4" t="inlineStr"><is><t>合格率</t></is></c><c r="C4" t="inlineStr"><is><t>≥90%</t></is></c><c r="D4" s="2"><f>D3-0.1</f><v>0.89500000000000002</v></c></row>
            <row r="5"><c r="B5" t="inlineStr"><is><t>完成时间</t></is></c><c r="C5" s="3"><v>45291</v></c><c r="D5" s="4"><v>45260</v></c></row>
            <row r="6"><c r="A6" t="inlineStr"><is><t>效益指标</t></is></c><c r="B6" t="inlineStr"><is><t>满意度</t></is></c><c r="C6" t="inlineStr"><is><t>≥90%</t></is></c><c r="D6"><v>0.96</v></c></row>
            </sheetData><mergeCells count="2"><mergeCell ref="A1:D1"/><mergeCell ref="A3:A5"/></mergeCells></worksheet>
            """,
        ])
        let t = try #require(try XLSXReader.tables(path).first)
        #expect(t.columns == ["一级指标", "三级指标", "指标值", "实际值"])
        #expect(t.rowCount == 4)
        #expect((0..<4).map { t.text($0, 0) } == ["产出指标", "产出指标", "产出指标", "效益指标"])
        #expect(t.text(0, 3) == "99.5%")
        #expect(t.text(1, 3) == "89.5%")
        #expect(t.text(2, 2) == "2023年12月31日")
        #expect(t.text(2, 3) == "2023年11月30日")
        // An unformatted fraction stays a number (a data check asks whether it means 96%).
        #expect(t.text(3, 3) == "0.96")
        #expect(t.location(1, 0).cell == "A4")
        #expect(XLSXReader.shown("61", .date, date1904: false) == "1900年3月1日")
        #expect(XLSXReader.shown("60", .date, date1904: false) == "60")
        #expect(XLSXReader.shown("0", .date, date1904: true) == "1904年1月1日")
        #expect(XLSXReader.shown("1", .date, date1904: true) == "1904年1月2日")
    }

    /// A compound file (OLE2) is an old .xls or an encrypted .xlsx: refused with what to
    /// do, never read as a damaged zip; an .xls without LibreOffice says how to convert.
    @Test func oldAndEncryptedWorkbooksSayWhatToDo() throws {
        func file(_ name: String, _ bytes: [UInt8]) throws -> String {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("suanpan-\(UUID().uuidString)-\(name)").path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            return path
        }
        let compound = LegacyWorkbook.signature + [UInt8](repeating: 0, count: 504)
        let encryption = Array("EncryptionInfo".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        func message(_ body: () throws(Diagnostic) -> Void) -> String {
            do {
                try body()
                return "loaded"
            } catch { return error.message + " " + error.notes.joined(separator: " ") }
        }
        let old = try file("旧表.xlsx", compound)
        #expect(message { () throws(Diagnostic) in _ = try DatasetLoader.load(old) }.contains("旧版 .xls"))
        let locked = try file("加密.xlsx", compound + encryption)
        let lockedMessage = message { () throws(Diagnostic) in _ = try DatasetLoader.load(locked) }
        #expect(lockedMessage.contains("密码保护"), "\(lockedMessage)")
        let xls = try file("自评表.xls", compound)
        let noOffice = message { () throws(Diagnostic) in _ = try LegacyWorkbook.tables(xls, searchPath: "/nonexistent") }
        #expect(noOffice.contains("没有安装 LibreOffice") && noOffice.contains("另存为"), "\(noOffice)")
        // An .xlsx workbook named .xls is read as what it is.
        let renamed = try file("改名.xls", Array(try Data(contentsOf: URL(fileURLWithPath: try Self.excelLike()))))
        #expect(try LegacyWorkbook.tables(renamed, searchPath: "/nonexistent").map(\.name) == ["项目", "汇总"])
    }

    @Test func corruptWorkbooksNameThePart() throws {
        func message(_ parts: [String: String]) throws -> String {
            do {
                _ = try XLSXReader.tables(try Self.workbook(parts))
                return "loaded"
            } catch let e as Diagnostic { return e.message } catch { return "\(error)" }
        }
        #expect(try message(["a.txt": "x"]).contains("xl/workbook.xml"))
        #expect(
            try message([
                "xl/workbook.xml": "<workbook \(Self.ns)><sheets><sheet name=\"表\" r:id=\"rId1\"/></sheets></workbook>",
                "xl/_rels/workbook.xml.rels": "<Relationships><Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/></Relationships>",
            ]).contains("xl/worksheets/sheet1.xml"))
        #expect(
            try message([
                "xl/workbook.xml": "<workbook><sheets><sheet name=\"表\" r:id=\"rId1\"/></sheets>",
                "xl/_rels/workbook.xml.rels": "<Relationships/>",
            ]).contains("XML"))
        #expect(
            try message([
                "xl/workbook.xml": "<workbook \(Self.ns)><sheets><sheet name=\"表\" r:id=\"rId1\"/></sheets></workbook>",
                "xl/_rels/workbook.xml.rels": "<Relationships><Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/></Relationships>",
                "xl/worksheets/sheet1.xml":
                    "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>7</v></c></row></sheetData></worksheet>",
            ]).contains("共享字符串"))
    }
}

@Suite struct DatasetLoaderTests {
    /// Loading never writes: the files' bytes and modification times are unchanged.
    @Test func loadingLeavesFilesUntouched() throws {
        let folder = try #require(Dataset.bundledPath)
        let fm = FileManager.default
        func snapshot() throws -> [String: Data] {
            var m: [String: Data] = [:]
            for name in try fm.contentsOfDirectory(atPath: folder) { m[name] = fm.contents(atPath: folder + "/" + name) }
            return m
        }
        let before = try snapshot()
        _ = try DatasetLoader.load(folder)
        #expect(try snapshot() == before)
    }

    @Test func failedLoadKeepsThePreviousDataset() throws {
        let session = Session()
        var out: [String] = []
        let ok = session.run(Source(name: "t", text: "load \"\(try #require(Dataset.bundledPath))\"")) { o in
            if case .text(let t) = o { out.append(t) }
        }
        #expect(ok == .ok)
        let before = session.environment.dataset
        let failed = session.run(Source(name: "t", text: "load \"/no/such/place\"")) { _ in }
        #expect(failed == .failed)
        #expect(session.environment.dataset === before)
    }
}

/// Columns are interpreted on all cores: every load must give every column all its rows
/// (a lost write from a worker once left a column empty).
@Suite struct ConcurrentLoadTests {
    @Test func everyColumnIsComplete() throws {
        let path = try #require(Dataset.bundledPath)
        for _ in 0..<30 {
            let d = try DatasetLoader.load(path)
            for t in d.tables {
                for c in t.columns.indices { #expect(t.cells(c).count == t.rowCount, "\(t.name).\(t.columns[c])") }
            }
        }
        var big = Array(String(repeating: "执行率,1\n", count: 300_000).utf8)
        for _ in 0..<10 { #expect(TextDecoding.isValidUTF8(big)) }
        big[10] = 0xFF
        #expect(!TextDecoding.isValidUTF8(big))
    }
}
