import Testing

@testable import SuanpanData
@testable import SuanpanLanguage

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

/// A column's cells, a value a row or a value a distinct text: the collection and its
/// pointer reader (what compiled code copies for each row) read the same values, and
/// the reader stays valid for as long as the cells are kept.
@Suite struct ColumnCellsTests {
    static let values: [CellValue] = [.number(Rational(1)), .empty, .text, .ratio(Rational(1) / Rational(2)), .unreadable]

    @Test func plainAndCodedCellsReadTheSame() {
        let rows = (0..<3_000).map { ($0 * 31) % Self.values.count }
        let plain = ColumnCells(rows.map { Self.values[$0] })
        let coded = ColumnCells(codes: RowCodes(count: rows.count, distinct: Self.values.count) { Int32(rows[$0]) }, distinct: Self.values)
        #expect(plain.count == rows.count && coded.count == rows.count)
        let (p, c) = (plain.reader, coded.reader)
        for (r, k) in rows.enumerated() {
            #expect(plain[r] == Self.values[k] && coded[r] == Self.values[k])
            #expect(p[r] == Self.values[k] && c[r] == Self.values[k])
        }
    }

    /// The rows a test picks are the same whether each row's cell or each distinct text
    /// is asked, and none is asked when no text is picked.
    @Test func rowsWhereACellHolds() {
        let rows = (0..<3_000).map { ($0 * 31) % Self.values.count }
        let plain = ColumnCells(rows.map { Self.values[$0] })
        let coded = ColumnCells(codes: RowCodes(count: rows.count, distinct: Self.values.count) { Int32(rows[$0]) }, distinct: Self.values)
        let isEmpty = { (c: CellValue) in c == .empty }
        let expected = rows.indices.filter { Self.values[rows[$0]] == .empty }
        #expect(!expected.isEmpty)
        #expect(plain.rows(where: isEmpty) == expected && coded.rows(where: isEmpty) == expected)
        var asked = 0
        #expect(
            coded.rows { _ in
                asked += 1
                return false
            }.isEmpty && asked == Self.values.count)
    }

    @Test func noCells() {
        let empty = ColumnCells([])
        #expect(empty.isEmpty && empty.reader.count == 0)
        #expect(ColumnCells.Reader.none.count == 0)
    }
}
