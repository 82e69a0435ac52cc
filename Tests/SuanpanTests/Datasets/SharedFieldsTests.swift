import Foundation
import Testing

@testable import SuanpanData

/// Columns kept as codes (`CSVRecords.sharing`) read back every field as the records
/// they were made from: texts, values and bytes, the header too.
@Suite struct SharedFieldsTests {
    /// Texts that repeat, with quotes, commas, CJK, empty cells and long ones.
    static let texts = [
        "产出指标", "效益指标", "", "10", "22.5", "≥95%", "\"a,b\"", "\"他说\"\"好\"\"\"", " 12 个 ",
        String(repeating: "很长的文字", count: 14), "P001", "=6个",
    ]

    static func csv(seed: UInt64, rows: Int, columns: Int) -> [UInt8] {
        var rng = DifferentialTests.Random(state: seed)
        var lines = [(0..<columns).map { "列\($0)" }.joined(separator: ",")]
        for r in 0..<rows {
            // Column 0 unique to its row; the others drawn from a few texts each.
            let cells = (0..<columns).map { c in c == 0 ? "R\(r)" : rng.pick(Array(SharedFieldsTests.texts.prefix(3 + c))) }
            lines.append(cells.joined(separator: ","))
        }
        return Array((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    @Test(arguments: [(UInt64(1), 3), (2, 5), (3, 8)])
    func sharedColumnsReadBackTheirFields(seed: UInt64, columns: Int) throws {
        let rows = 3_000
        let records = try CSVReader.read(Self.csv(seed: seed, rows: rows, columns: columns), file: "t.csv")
        // Every column but the first, then every column (a record with no bytes of its own).
        for chosen in [Array(1..<columns), Array(0..<columns), [columns - 1]] {
            var codes: [Int: ColumnCodes] = [:]
            for c in chosen { codes[c] = Table.number(records, c, rows: rows) }
            guard let shared = records.sharing(codes) else {
                Issue.record("columns \(chosen) not shared")
                continue
            }
            #expect(shared.sharesColumns)
            #expect(shared.count == records.count)
            #expect(shared.lines == records.lines)
            for r in 0...rows {
                #expect(shared.fieldCount(r) == records.fieldCount(r))
                for c in 0..<columns {
                    let same =
                        shared.text(r, c) == records.text(r, c) && shared.value(r, c) == records.value(r, c)
                        && shared.bytes[shared.range(r, c)].elementsEqual(records.bytes[records.range(r, c)])
                    if !same { Issue.record("record \(r), column \(c): «\(shared.text(r, c))», not «\(records.text(r, c))»") }
                }
            }
            // The repeated texts are kept once: far fewer bytes than the file's.
            if chosen.count == columns - 1 { #expect(shared.bytes.count * 2 < records.bytes.count) }
        }
    }

    @Test func aLargeTableKeepsItsRepeatedColumnsAsCodes() throws {
        let rows = max(Table.shareFrom, 5_000)
        let bytes = Self.csv(seed: 9, rows: rows, columns: 6)
        let table = try DatasetLoader.csvTable(bytes, displayName: "t.csv", tableName: "t")
        let plain = try CSVReader.read(bytes, file: "t.csv")
        #expect(table.records.sharesColumns)
        #expect(table.columns == (0..<6).map { "列\($0)" })
        // The repeated columns come numbered; the distinct first column is not shared.
        #expect(table.codesCached(0) == nil && table.codesCached(5) != nil)
        for r in stride(from: 0, to: rows, by: 97) {
            for c in 0..<6 { #expect(table.text(r, c) == plain.text(r + 1, c)) }
        }
        #expect(table.key(rows - 1) == "R\(rows - 1)")
        #expect(table.groups(5).count == Set((0..<rows).map { plain.text($0 + 1, 5).trimmingCharacters(in: .whitespaces) }).count)
    }

    @Test func recordsOfSeveralWidthsAreNotShared() throws {
        let records = try CSVReader.read(Array("a,b\n1,2\n3\n".utf8), file: "t.csv")
        let codes = Table.number(records, 0, rows: 2)
        #expect(records.sharing([0: codes])?.sharesColumns == nil)
    }
}

/// A large table's total and blank rows are found in parts on all cores: the same rows,
/// in file order, wherever the parts begin.
@Suite struct LargeTableLayoutTests {
    @Test func totalAndBlankRowsOfALargeTable() throws {
        let rows = 70_000
        var lines = ["项目编号,一级指标,三级指标,指标值,实际值,分值"]
        // A total row in the first and in the last part, a blank row near a part's edge.
        let totals: Set<Int> = [3, 8_749, rows - 2]
        let blanks: Set<Int> = [8_750, 43_000]
        for r in 0..<rows {
            if totals.contains(r) {
                lines.append("合 计,,,,,90")
            } else if blanks.contains(r) {
                lines.append(",,,,,")
            } else {
                lines.append("P\(r / 9),产出指标,数量\(r % 9),≥\(r % 7)个,\(r % 11),10")
            }
        }
        let bytes = Array((lines.joined(separator: "\n") + "\n").utf8)
        let records = try CSVReader.read(bytes, file: "指标.csv")
        let tidy = TableLayout.tidy(records, tableName: "指标", file: "指标.csv")
        #expect(tidy.totals.map(\.line) == totals.sorted().map { $0 + 2 })
        #expect(tidy.records.count == rows + 1 - totals.count - blanks.count)
        #expect(tidy.notes.contains { $0.message.contains("2 个空行") })
        let table = try DatasetLoader.csvTable(bytes, displayName: "指标.csv", tableName: "指标")
        #expect(table.rowCount == rows - totals.count - blanks.count)
        // Rebuilt without those rows, its repeated columns are still kept as codes.
        #expect(table.records.sharesColumns)
        #expect(table.rowLines[0] == 2 && table.rowLines[3] == 6)
        #expect(table.text(3, 2) == "数量4")
    }
}

@Suite struct TotalRowTests {
    /// The quick pass over a table's first two fields finds exactly the rows whose first
    /// or second field is a total word (spaces, ideographic spaces and quotes aside):
    /// texts that share a total word's first byte (满意度指标, 效益指标, 总额) are not.
    @Test func quickPassFindsTheTotalWordsExactly() {
        let texts = [
            "合计", "小计", "总计", "合计数", "合 计", "　合计", "合　计", "\"合计\"", " 总计 ", "总额", "满意度指标", "效益指标", "产出指标",
            "小计数", "合计（万元）", "P000001", "", "合", "计合",
        ]
        var rows: [[String]] = [["编号", "名称", "金额"]]
        for a in texts { for b in texts { rows.append([a, b, "1"]) } }
        let records = CSVRecords(rows: rows, lines: Array(1...rows.count))
        let found = TableLayout.totalRows(records, 1..<rows.count)
        let expected = (1..<rows.count).filter { r in TableLayout.isTotalWord(records, r, 0) || TableLayout.isTotalWord(records, r, 1) }
        #expect(found == expected)
        #expect(found.count > texts.count)
    }
}
