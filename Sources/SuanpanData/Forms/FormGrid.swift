import SuanpanLanguage

/// One sheet, or a CSV export of one, as a person sees it: a merged range gives its
/// value to every cell of the range, and each cell keeps its place (`文件.xlsx[工作表]!E12`,
/// or file, line and column for a CSV file).
package struct FormGrid {
    package let file: String
    /// The sheet, for a workbook; nil for a CSV file.
    package let sheet: String?
    /// Rows in order, each with its filled cells in column order (1-based both).
    package private(set) var rows: [(row: Int, cells: [(column: Int, text: String)])] = []
    private var texts: [Int: [Int: String]] = [:]
    /// Cells a merged range filled: the range's first cell, where the value is written.
    private var mergedFrom: [Int: [Int: (row: Int, column: Int)]] = [:]
    /// Formula cells with no saved result.
    package var formulasWithoutResult: [(row: Int, column: Int, formula: String)] = []

    /// A workbook sheet's cells, merged ranges filled.
    package init(cells: XLSXReader.Cells, file: String, sheet: String) {
        let (filled, from) = cells.filled()
        self.init(texts: filled, file: file, sheet: sheet)
        self.mergedFrom = from
        self.formulasWithoutResult = cells.formulasWithoutResult
    }

    /// A CSV file's records: row = line, column = field (1-based).
    package init(records: CSVRecords, file: String) {
        var texts: [Int: [Int: String]] = [:]
        for r in 0..<records.count {
            for f in 0..<records.fieldCount(r) {
                let t = records.text(r, f)
                if !t.trimmingSpaces().isEmpty { texts[records.lines[r], default: [:]][f + 1] = t }
            }
        }
        self.init(texts: texts, file: file, sheet: nil)
    }

    private init(texts: [Int: [Int: String]], file: String, sheet: String?) {
        self.file = file
        self.sheet = sheet
        self.texts = texts
        self.rows = texts.keys.sorted().map { r in
            (r, (texts[r] ?? [:]).filter { !$0.value.trimmingSpaces().isEmpty }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        }
        rows.removeAll { $0.cells.isEmpty }
    }

    package func text(_ row: Int, _ column: Int) -> String? { texts[row]?[column] }

    /// A figure read at (row, column), placed where it is written: a merged range's
    /// value at the range's first cell.
    func cell(_ text: String, _ row: Int, _ column: Int) -> FormCell {
        let at = mergedFrom[row]?[column] ?? (row, column)
        return FormCell(text: text, row: at.row, column: at.column)
    }

    /// Where a cell is, for messages and `explain`.
    package func place(_ row: Int, _ column: Int, field: String? = nil) -> DataLocation {
        if let sheet { return DataLocation(file: file, sheet: sheet, cell: XLSXReader.a1(row, column), field: field) }
        return DataLocation(file: file, line: row, column: column, field: field)
    }

    /// `文件.xlsx[工作表]` or the file.
    package var name: String { sheet.map { "\(file)[\($0)]" } ?? file }
}
