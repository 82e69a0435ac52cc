import CXLSXWriter
import SuanpanLanguage

/// An .xlsx workbook through libxlsxwriter: a sheet per result, named after it.
///
/// A table's sheet: the title line (the dataset's title, the result, the unit) in
/// bold, the header row bold, shaded and frozen with a filter on it, then the rows —
/// figures as numbers formatted with the data's decimals and thousands separators,
/// ratios as percent-formatted numbers, text as text — and the notes under them.
/// Column widths fit the widest cell, a CJK character counting two. A form's sheet
/// is its own grid with its merged cells.
public enum XLSXWriter {
    /// Excel's limits: rows a sheet holds, characters a cell holds.
    static let maxRows = 1_048_576
    static let maxCellText = 32_767

    /// Writes the workbook to `path` (a new file: the caller renames it into place);
    /// the reason when it cannot.
    public static func write(_ sheets: [Sheet], to path: String) -> String? {
        for s in sheets where s.rows.count + s.notes.count + 3 > maxRows {
            return "「\(s.name)」有 \(s.rows.count) 行，超过了 Excel 每张工作表 \(maxRows) 行的上限；请分成几部分导出，或导出为 .csv"
        }
        // Large tables are written row by row without keeping them in memory.
        let large = sheets.contains { $0.rows.count > 5_000 && !$0.isForm }
        var options = lxw_workbook_options(constant_memory: large ? 1 : 0, tmpdir: nil, use_zip64: 1)
        guard let workbook = workbook_new_opt(path, &options) else { return "无法创建工作簿" }
        var formats = Formats(workbook)
        for (sheet, name) in zip(sheets, SheetNames.unique(sheets.map(\.name))) {
            guard let ws = workbook_add_worksheet(workbook, name) else {
                workbook_close(workbook)
                return "无法添加工作表「\(name)」"
            }
            if sheet.isForm { writeForm(sheet, ws, &formats) } else { writeTable(sheet, ws, &formats) }
        }
        let error = workbook_close(workbook)
        guard error == LXW_NO_ERROR else { return String(cString: lxw_strerror(error)) }
        return nil
    }

    static func writeTable(_ sheet: Sheet, _ ws: UnsafeMutablePointer<lxw_worksheet>, _ formats: inout Formats) {
        let columns = max(sheet.header.count, sheet.rows.map(\.count).max() ?? 0)
        let widths = sheet.columnWidths
        for c in 0..<columns {
            worksheet_set_column(ws, lxw_col_t(c), lxw_col_t(c), Double(min(max(widths[c] + 2, 6), 60)), nil)
        }
        text(ws, 0, 0, sheet.title, formats.named("title"))
        for (c, h) in sheet.header.enumerated() { text(ws, 1, c, h, formats.named("header")) }
        // Figures of a column share the column's decimals, so they line up.
        var places = [Int](repeating: 0, count: columns)
        for row in sheet.rows where sheet.alignsDecimals {
            for (c, cell) in row.enumerated() {
                if case .figure(_, let p) = cell { places[c] = max(places[c], Int(p)) }
            }
        }
        for (r, row) in sheet.rows.enumerated() {
            for (c, cell) in row.enumerated() { write(ws, r + 2, c, cell, sheet.alignsDecimals ? places[c] : nil, &formats) }
        }
        var next = sheet.rows.count + 3
        for n in sheet.notes {
            text(ws, next, 0, n, formats.named("note"))
            next += 1
        }
        worksheet_freeze_panes(ws, 2, 0)
        if sheet.filterable && columns > 0 {
            worksheet_autofilter(ws, 1, 0, lxw_row_t(1 + sheet.rows.count), lxw_col_t(columns - 1))
        }
    }

    static func writeForm(_ sheet: Sheet, _ ws: UnsafeMutablePointer<lxw_worksheet>, _ formats: inout Formats) {
        let widths = sheet.columnWidths
        for (c, w) in widths.enumerated() {
            worksheet_set_column(ws, lxw_col_t(c), lxw_col_t(c), Double(min(max(w + 2, 8), 36)), nil)
        }
        var merged = Set<[Int]>()
        for m in sheet.merges {
            let cell =
                m.firstRow < sheet.rows.count && m.firstColumn < sheet.rows[m.firstRow].count
                ? sheet.rows[m.firstRow][m.firstColumn] : .empty
            worksheet_merge_range(
                ws, lxw_row_t(m.firstRow), lxw_col_t(m.firstColumn), lxw_row_t(m.lastRow), lxw_col_t(m.lastColumn), "",
                formats.named("form"))
            write(ws, m.firstRow, m.firstColumn, cell, nil, &formats, form: true)
            merged.insert([m.firstRow, m.firstColumn])
        }
        for (r, row) in sheet.rows.enumerated() {
            for (c, cell) in row.enumerated() where !merged.contains([r, c]) && cell != .empty {
                write(ws, r, c, cell, nil, &formats, form: true)
            }
        }
    }

    static func write(
        _ ws: UnsafeMutablePointer<lxw_worksheet>, _ r: Int, _ c: Int, _ cell: SheetCell, _ columnPlaces: Int?, _ formats: inout Formats,
        form: Bool = false
    ) {
        switch cell {
        case .empty: return
        case .text(let s): text(ws, r, c, s, form ? formats.named("form") : nil)
        case .figure(let x, let p):
            worksheet_write_number(ws, lxw_row_t(r), lxw_col_t(c), stored(x), formats.number(places: columnPlaces ?? Int(p), form: form))
        case .ratio(let x, let p):
            worksheet_write_number(ws, lxw_row_t(r), lxw_col_t(c), stored(x), formats.percent(places: Int(p), form: form))
        case .notComputed(let n): text(ws, r, c, n.mark, formats.named("notComputed"))
        }
    }

    /// The float a cell stores: the exact value when its decimal ends within 10 places,
    /// else rounded to 10 (0.99768210919820759… → 0.9976821092), so that a reader sees
    /// a decimal, not the float's 17 digits, and the file's figure reads back as a
    /// correct rounding of the exact one.
    static func stored(_ x: Rational) -> Double {
        if let p = x.terminatingPlaces, p <= 10 { return x.doubleValue }
        return x.rounded(places: 10).doubleValue
    }

    static func text(
        _ ws: UnsafeMutablePointer<lxw_worksheet>, _ r: Int, _ c: Int, _ s: String, _ format: UnsafeMutablePointer<lxw_format>?
    ) {
        let clipped = s.utf8.count > maxCellText && s.count > maxCellText ? String(s.prefix(maxCellText)) : s
        worksheet_write_string(ws, lxw_row_t(r), lxw_col_t(c), clipped, format)
    }

    /// The workbook's cell formats, each made once.
    struct Formats {
        let workbook: UnsafeMutablePointer<lxw_workbook>
        var made: [String: UnsafeMutablePointer<lxw_format>] = [:]

        init(_ workbook: UnsafeMutablePointer<lxw_workbook>) { self.workbook = workbook }

        mutating func make(_ key: String, _ set: (UnsafeMutablePointer<lxw_format>) -> Void) -> UnsafeMutablePointer<lxw_format>? {
            if let f = made[key] { return f }
            guard let f = workbook_add_format(workbook) else { return nil }
            set(f)
            made[key] = f
            return f
        }

        mutating func named(_ name: String) -> UnsafeMutablePointer<lxw_format>? {
            make(name) { f in
                switch name {
                case "title":
                    format_set_bold(f)
                    format_set_font_size(f, 12)
                case "header":
                    format_set_bold(f)
                    format_set_bg_color(f, 0xEDF2F7)
                    format_set_bottom(f, UInt8(LXW_BORDER_THIN.rawValue))
                    format_set_text_wrap(f)
                    format_set_align(f, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue))
                case "note":
                    format_set_font_color(f, 0x4A5568)
                case "notComputed":
                    format_set_font_color(f, 0xC53030)
                    format_set_align(f, UInt8(LXW_ALIGN_RIGHT.rawValue))
                case "form":
                    Formats.formCell(f)
                default: break
                }
            }
        }

        static func formCell(_ f: UnsafeMutablePointer<lxw_format>) {
            format_set_border(f, UInt8(LXW_BORDER_THIN.rawValue))
            format_set_text_wrap(f)
            format_set_align(f, UInt8(LXW_ALIGN_VERTICAL_CENTER.rawValue))
        }

        /// `#,##0.000` for three places.
        mutating func number(places: Int, form: Bool) -> UnsafeMutablePointer<lxw_format>? {
            let code = "#,##0" + (places > 0 ? "." + String(repeating: "0", count: places) : "")
            return make("n\(places)\(form)") { f in
                format_set_num_format(f, code)
                if form { Formats.formCell(f) }
            }
        }

        /// `0.00%` for two places.
        mutating func percent(places: Int, form: Bool) -> UnsafeMutablePointer<lxw_format>? {
            let code = "0" + (places > 0 ? "." + String(repeating: "0", count: places) : "") + "%"
            return make("p\(places)\(form)") { f in
                format_set_num_format(f, code)
                if form { Formats.formCell(f) }
            }
        }
    }
}
