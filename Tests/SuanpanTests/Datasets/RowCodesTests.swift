import Testing

@testable import SuanpanData

/// Row codes are kept in one, two or four bytes a row; each width reads back what was
/// stored, through the subscript and through a reader.
@Suite struct RowCodesTests {
    @Test(arguments: [(1, 1), (256, 1), (257, 2), (65_536, 2), (65_537, 4), (1_000_000, 4)])
    func widthFollowsTheDistinctCount(distinct: Int, width: Int) {
        let count = 70_000
        // Every code below `distinct` that fits in the rows, the largest last.
        let codes = (0..<count).map { Int32(($0 * 7_919) % distinct) } + [Int32(distinct - 1)]
        let narrow = RowCodes(count: codes.count, distinct: distinct) { codes[$0] }
        #expect(narrow.bytesPerRow == width)
        #expect(narrow.count == codes.count)
        #expect((0..<codes.count).allSatisfy { narrow[$0] == codes[$0] })
        #expect(narrow.withReader { r in (0..<codes.count).allSatisfy { r[$0] == codes[$0] } })
    }

    @Test func aColumnOfFewTextsTakesAByteARow() throws {
        // 分值 has few texts; 项目编号 in a table of 70,000 projects has one each.
        var lines = ["项目编号,分值"]
        for i in 0..<70_000 { lines.append("P\(i),\([10, 20, 22.5][i % 3])") }
        let table = try DatasetLoader.csvTable(Array((lines.joined(separator: "\n") + "\n").utf8), displayName: "t.csv", tableName: "t")
        #expect(table.codes(1).codes.bytesPerRow == 1)
        #expect(table.codes(1).distinct == 3)
        #expect(table.codes(0).codes.bytesPerRow == 4)
        #expect(table.value(4, 1) == table.value(1, 1))
        #expect(table.text(69_999, 0) == "P69999")
        #expect(table.codes(0).codes[69_999] == 69_999)
    }

    /// Numbering writes a byte a row and widens at the 257th and the 65,537th text,
    /// keeping the codes written before.
    @Test(arguments: [(200, 1), (300, 2), (70_000, 4)])
    func numberingWidensAsTextsAppear(distinct: Int, width: Int) throws {
        let rows = 80_000
        var lines = ["编号"]
        for r in 0..<rows { lines.append("T\(r % distinct)") }
        let records = try CSVReader.read(Array((lines.joined(separator: "\n") + "\n").utf8), file: "t.csv")
        let codes = Table.number(records, 0, rows: rows)
        #expect(codes.distinct == distinct)
        #expect(codes.codes.bytesPerRow == width)
        #expect((0..<rows).allSatisfy { codes.codes[$0] == Int32($0 % distinct) })
        #expect(codes.firstRows == Array(0..<distinct))
    }
}
