import Foundation
import SuanpanLanguage

/// Reads an .xlsx workbook: one table per sheet, header in the first non-empty row.
///
/// Understood: shared strings (plain and rich text), inline strings, numbers,
/// booleans, cached values of formula cells, error values, several sheets. Cells read
/// as Excel shows them: a number formatted as a percentage (`0.00%`) is that
/// percentage (0.995 → `99.5%`), one formatted as a date is that date, and a merged
/// range below the header gives its value to every cell of the range. A corrupt
/// workbook (not a zip, a missing part, bad XML) is a diagnostic that names the part.
package enum XLSXReader {
    package static func tables(_ path: String, keys: [String: String] = [:]) throws(Diagnostic) -> [Table] {
        try tables(bytes: try DatasetLoader.readFile(path, limit: maxPartBytes), path: path, keys: keys)
    }

    /// A workbook's bytes as tables (`path` names it in messages): its forms as 项目
    /// and 指标 when it holds 自评表 forms, else one table per sheet.
    package static func tables(bytes: [UInt8], path: String, keys: [String: String] = [:]) throws(Diagnostic) -> [Table] {
        try read(bytes: bytes, path: path, keys: keys).assembled().tables
    }

    /// What a workbook holds: 自评表 forms, or tidy tables (one a sheet); notes on the
    /// sheets skipped.
    package struct Content {
        package var tables: [Table] = []
        package var forms: [Form] = []
        package var notes: [DataProblem] = []

        /// The tables it makes: its forms as 项目 and 指标 (the notes on 项目), followed by
        /// its tables; without forms, its tables (the notes on the first).
        package func assembled() throws(Diagnostic) -> FormTables.Assembled {
            guard !forms.isEmpty else {
                tables.first?.loadNotes += notes
                return FormTables.Assembled(tables: tables, notes: [], title: nil, unit: nil)
            }
            var a = try FormTables.assemble(forms)
            a.tables.first?.loadNotes += notes + a.notes
            a.tables += tables
            return a
        }
    }

    /// A workbook's sheets with the forms each holds: the part of reading that builds no
    /// table, safe to run for several workbooks at once.
    package struct Parsed {
        let path: String
        let sheets: [(name: String, cells: Cells, forms: [Form])]
    }

    package static func parse(bytes: [UInt8], path: String) throws(Diagnostic) -> Parsed {
        var out: [(name: String, cells: Cells, forms: [Form])] = []
        for (name, cells) in try sheets(bytes: bytes, path: path) {
            // Forms are small: a sheet of more than 2,000 filled rows is a table.
            let forms = cells.texts.count <= 2_000 ? FormReader.forms(FormGrid(cells: cells, file: path, sheet: name)) : []
            out.append((name, cells, forms))
        }
        return Parsed(path: path, sheets: out)
    }

    /// A workbook's bytes read: when some sheet is a form, the forms (the other sheets,
    /// a cover or 填报说明, skipped with a note); else each sheet as a table.
    package static func read(bytes: [UInt8], path: String, keys: [String: String] = [:]) throws(Diagnostic) -> Content {
        try content(try parse(bytes: bytes, path: path), keys: keys)
    }

    /// The tables or forms of a parsed workbook (tables are built here, one workbook at a
    /// time).
    package static func content(_ parsed: Parsed, keys: [String: String] = [:]) throws(Diagnostic) -> Content {
        let path = parsed.path
        let grids = parsed.sheets
        var content = Content()
        if grids.contains(where: { !$0.forms.isEmpty }) {
            for g in grids {
                if g.forms.isEmpty {
                    guard !g.cells.texts.isEmpty else { continue }
                    content.notes.append(
                        DataProblem(
                            .note, at: DataLocation(file: path, sheet: g.name),
                            "工作表「\(g.name)」不是自评表（没有「项目名称」和「三级指标」或「全年执行数」等表头），已跳过",
                            advice: "若它是自评表，核对表头文字；若是另一张表，把它放到单独的工作簿里载入"))
                    continue
                }
                content.forms += g.forms
                for f in g.cells.formulasWithoutResult {
                    content.notes.append(
                        DataProblem(
                            .formulaWithoutResult, at: DataLocation(file: path, sheet: g.name, cell: a1(f.row, f.column)),
                            "单元格 \(a1(f.row, f.column)) 是公式 =\(f.formula)，但工作簿中没有保存计算结果",
                            advice: "用 Excel 或 WPS 打开并保存一次（会存下公式的结果），或把这一格改成数值；在此之前用到它的数字显示「出错」"))
                }
            }
            return content
        }
        for g in grids {
            guard let table = try table(from: g.cells, sheet: g.name, file: path, keyName: keys[g.name]) else { continue }
            content.tables.append(table)
        }
        if content.tables.isEmpty { throw DataError.at(file: path, "工作簿中的工作表都是空的") }
        return content
    }

    /// A workbook's sheets, in order, with their cells.
    static func sheets(bytes: [UInt8], path: String) throws(Diagnostic) -> [(name: String, cells: Cells)] {
        // An old .xls workbook, or an encrypted .xlsx, is a compound file, not a zip.
        if LegacyWorkbook.isCompoundFile(bytes) { throw LegacyWorkbook.refusal(bytes, file: path) }
        let archive: ZipArchive
        do {
            archive = try ZipArchive(bytes: bytes)
        } catch {
            throw DataError.at(file: path, "不是有效的 .xlsx 工作簿（\(error.reason)）")
        }
        let workbook = try XML.parse(try part(archive, "xl/workbook.xml", path), part: "xl/workbook.xml", file: path)
        let rels = try XML.parse(try part(archive, "xl/_rels/workbook.xml.rels", path), part: "xl/_rels/workbook.xml.rels", file: path)
        var targets: [String: String] = [:]
        for e in rels.elements where e.name == "Relationship" {
            if let id = e.attributes["Id"], let target = e.attributes["Target"] { targets[id] = target }
        }
        var shared: [String] = []
        if archive["xl/sharedStrings.xml"] != nil {
            shared = try sharedStrings(try part(archive, "xl/sharedStrings.xml", path), file: path)
        }
        var styles = Styles()
        if archive["xl/styles.xml"] != nil {
            styles = try Styles(try part(archive, "xl/styles.xml", path), file: path)
        }
        styles.date1904 = workbook.elements.contains { $0.name == "workbookPr" && ["1", "true"].contains($0.attributes["date1904"] ?? "") }
        let sheets = workbook.elements.filter { $0.name == "sheet" }
        if sheets.isEmpty { throw DataError.at(file: path, "工作簿中没有工作表（xl/workbook.xml）") }
        var out: [(name: String, cells: Cells)] = []
        for sheet in sheets {
            guard let name = sheet.attributes["name"], let rid = sheet.attributes["r:id"] ?? sheet.attributes["id"],
                let target = targets[rid]
            else {
                throw DataError.at(file: path, "工作表的定义不完整（xl/workbook.xml 缺少 name 或 r:id）")
            }
            let partName = target.hasPrefix("/") ? String(target.dropFirst()) : "xl/" + target
            out.append(
                (name, try sheetCells(try part(archive, partName, path), part: partName, file: path, shared: shared, styles: styles)))
        }
        return out
    }

    package static func part(_ archive: ZipArchive, _ name: String, _ file: String) throws(Diagnostic) -> Data {
        guard let entry = archive[name] else {
            throw DataError.at(file: file, "工作簿缺少部件 \(name)")
        }
        // A part that unpacks to more than this (a zip bomb, or a sheet no report has)
        // is refused before memory runs out; a part whose stated size is a lie is damage.
        do {
            return Data(try archive.contents(of: entry, limit: maxPartBytes))
        } catch {
            if error.tooLarge { throw tooLarge(name, file) }
            throw DataError.at(file: file, "工作簿部件 \(name) 已损坏，无法解压（\(error.reason)）")
        }
    }

    /// The largest workbook file, and the largest part unpacked: 512 MiB.
    static let maxPartBytes = 512 << 20

    static func tooLarge(_ name: String, _ file: String) -> Diagnostic {
        DataError.at(file: file, "工作簿部件 \(name) 解压后超过 \(maxPartBytes >> 20) MiB，不予读取（可能已损坏）")
    }

    // MARK: Shared strings and cells

    static func sharedStrings(_ data: Data, file: String) throws(Diagnostic) -> [String] {
        let doc = try XML.parse(data, part: "xl/sharedStrings.xml", file: file)
        var out: [String] = []
        var current: String?
        var inPhonetic = false
        for e in doc.events {
            switch e {
            case .startWith("si", _): current = ""
            case .end("si"):
                out.append(current ?? "")
                current = nil
            case .startWith("rPh", _): inPhonetic = true
            case .end("rPh"): inPhonetic = false
            case .text(let inside, let text) where inside == "t" && !inPhonetic:
                current? += text
            default: break
            }
        }
        return out
    }

    /// (row, column) → text, with A1 references decoded.
    package struct Cells {
        package var texts: [Int: [Int: String]] = [:]
        /// Formula cells with no saved result (row, column, formula): many generated
        /// workbooks have them; they are data problems, never empty cells.
        var formulasWithoutResult: [(row: Int, column: Int, formula: String)] = []
        /// Merged ranges: (first row, first column, last row, last column).
        var merges: [(top: Int, left: Int, bottom: Int, right: Int)] = []

        /// The cells as Excel shows them: a merged range starting below row `top` gives
        /// its value to every cell of the range. Also where each filled cell's value is
        /// written (the range's first cell). A range of more than 10,000 cells is damage,
        /// not a layout, and fills nothing.
        func filled(below top: Int = 0) -> (texts: [Int: [Int: String]], from: [Int: [Int: (row: Int, column: Int)]]) {
            var filled = texts
            var from: [Int: [Int: (row: Int, column: Int)]] = [:]
            for m in merges where m.top > top {
                guard let value = texts[m.top]?[m.left], !value.isEmpty else { continue }
                guard (m.bottom - m.top + 1) * (m.right - m.left + 1) <= 10_000 else { continue }
                for r in m.top...m.bottom {
                    for c in m.left...m.right where filled[r]?[c] == nil {
                        filled[r, default: [:]][c] = value
                        from[r, default: [:]][c] = (m.top, m.left)
                    }
                }
            }
            return (filled, from)
        }
    }

    /// What a number's format makes it: the cell formats (`cellXfs`) by index, each
    /// as its number format, and those formats' codes.
    package struct Styles {
        enum Shown { case number, percent, date }
        var formatOfStyle: [Int] = []
        var codes: [Int: String] = [:]
        var date1904 = false

        init() {}

        init(_ data: Data, file: String) throws(Diagnostic) {
            let doc = try XML.parse(data, part: "xl/styles.xml", file: file)
            var inCellXfs = false
            for e in doc.events {
                switch e {
                case .startWith("numFmt", let a):
                    if let id = a["numFmtId"].flatMap(Int.init), let code = a["formatCode"] { codes[id] = code }
                case .startWith("cellXfs", _): inCellXfs = true
                case .end("cellXfs"): inCellXfs = false
                case .startWith("xf", let a) where inCellXfs:
                    formatOfStyle.append(a["numFmtId"].flatMap(Int.init) ?? 0)
                default: break
                }
            }
        }

        /// How Excel shows a number in a cell of style `s`.
        func shown(style s: Int) -> Shown {
            guard s >= 0, s < formatOfStyle.count else { return .number }
            let id = formatOfStyle[s]
            switch id {
            case 9, 10: return .percent
            case 14...22, 27...36, 45...47, 50...58: return .date
            default: break
            }
            guard let code = codes[id] else { return .number }
            // The code's letters outside quotes and brackets decide: % is a percentage,
            // y m d a date (m alone may be minutes, but never without d or y).
            var plain = ""
            var quoted = false
            var bracket = false
            for ch in code {
                if ch == "\"" {
                    quoted.toggle()
                } else if ch == "[" {
                    bracket = true
                } else if ch == "]" {
                    bracket = false
                } else if !quoted && !bracket {
                    plain.append(ch)
                }
            }
            let lower = plain.lowercased()
            if lower.contains("%") { return .percent }
            if lower.contains("general") { return .number }
            if lower.contains("y") || lower.contains("d") { return .date }
            return .number
        }
    }

    /// A number as Excel shows it in a cell of the given kind: a percentage exactly
    /// (`0.995` → `99.5%`), a date serial as its day (`45291` → `2023年12月31日`).
    static func shown(_ number: String, _ kind: Styles.Shown, date1904: Bool) -> String {
        switch kind {
        case .number: return number
        case .percent:
            guard let x = DecimalText.parse(number) else { return number }
            return NumberFormat(precision: 12, maxExactPlaces: 12).plain(x * .hundred).replacingCommas() + "%"
        case .date:
            // Days from 1899-12-30 (Excel's 1900 system, whose false 1900-02-29 the epoch
            // absorbs from 1900-03-01 on, serial 61), or from 1904-01-01.
            guard let serial = Double(number), serial >= (date1904 ? 0 : 61), serial < 2_958_466 else { return number }
            let days = Int(serial.rounded(.down)) + (date1904 ? 1462 : 0)
            // Civil date from days (Howard Hinnant's algorithm): 1899-12-30 is day
            // 693,899 counted from 0000-03-01.
            let z = days + 693_899
            let era = z / 146_097
            let doe = z - era * 146_097
            let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
            let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
            let mp = (5 * doy + 2) / 153
            let d = doy - (153 * mp + 2) / 5 + 1
            let m = mp < 10 ? mp + 3 : mp - 9
            let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
            return "\(y)年\(m)月\(d)日"
        }
    }

    static func sheetCells(_ data: Data, part: String, file: String, shared: [String], styles: Styles = Styles()) throws(Diagnostic)
        -> Cells
    {
        let doc = try XML.parse(data, part: part, file: file)
        var cells = Cells()
        var ref: (Int, Int)?
        var type = ""
        var value: String?
        var inline = ""
        var formula: String?
        var style = 0
        var nextRow = 1
        var nextColumn = 1
        for e in doc.events {
            switch e {
            case .startWith("mergeCell", let attrs):
                let ends = (attrs["ref"] ?? "").split(separator: ":").map(String.init)
                if ends.count == 2, let a = parseA1(ends[0]), let b = parseA1(ends[1]) {
                    cells.merges.append((min(a.0, b.0), min(a.1, b.1), max(a.0, b.0), max(a.1, b.1)))
                }
            case .startWith("row", let attrs):
                if let r = attrs["r"].flatMap(Int.init) { nextRow = r }
                nextColumn = 1
            case .end("row"):
                nextRow += 1
            case .startWith("c", let attrs):
                if let a1 = attrs["r"], let parsed = parseA1(a1) {
                    ref = parsed
                } else {
                    ref = (nextRow, nextColumn)
                }
                nextColumn = (ref?.1 ?? nextColumn) + 1
                type = attrs["t"] ?? "n"
                style = attrs["s"].flatMap(Int.init) ?? 0
                value = nil
                inline = ""
                formula = nil
            case .startWith("f", _):
                formula = formula ?? ""
            case .text(let inside, let text):
                if inside == "f" { formula = (formula ?? "") + text }
                if inside == "v" { value = (value ?? "") + text }
                if inside == "t" && type == "inlineStr" { inline += text }
            case .end("c"):
                guard let (row, column) = ref else { break }
                var text: String?
                switch type {
                case "s":
                    guard let v = value, let i = Int(v.trimmingSpaces()), i >= 0, i < shared.count else {
                        throw DataError.at(file: file, "工作表部件 \(part) 的单元格 \(a1(row, column)) 引用了不存在的共享字符串")
                    }
                    text = shared[i]
                case "inlineStr": text = inline
                case "b": text = value == "1" ? "TRUE" : (value == nil ? nil : "FALSE")
                case "str", "e": text = value
                default: text = value.map { shown(normalizeNumber($0), styles.shown(style: style), date1904: styles.date1904) }
                }
                if let f = formula, value == nil, type != "inlineStr" {
                    // Shown as its formula, so that a computation needing it says so.
                    cells.formulasWithoutResult.append((row, column, f))
                    text = "=" + (f.isEmpty ? "（共享公式）" : f)
                }
                if let t = text, !t.isEmpty { cells.texts[row, default: [:]][column] = t }
                ref = nil
            default: break
            }
        }
        return cells
    }

    /// Excel keeps numbers as binary doubles and may write `27499.988000000001`;
    /// 15 significant digits (Excel's own precision) recover the figure typed.
    static func normalizeNumber(_ text: String) -> String {
        guard let d = Double(text), d.isFinite else { return text }
        let significant = text.filter(\.isNumber).drop { $0 == "0" }.count
        if DecimalText.parse(text) != nil && significant <= 15 { return text }
        var s = String(format: "%.15g", d)
        if s.contains("e") || s.contains("E") {
            // Write small and large magnitudes out in full.
            s = String(format: "%.*f", max(0, 15 - Int(floor(log10(abs(d)))) - 1), d)
            if s.contains(".") {
                while s.hasSuffix("0") { s.removeLast() }
                if s.hasSuffix(".") { s.removeLast() }
            }
        }
        return s
    }

    static func parseA1(_ ref: String) -> (Int, Int)? {
        var column = 0
        var digits = ""
        for ch in ref.uppercased() {
            if let a = ch.asciiValue, a >= 65 && a <= 90, digits.isEmpty {
                column = column * 26 + Int(a - 64)
            } else if ch.isNumber {
                digits.append(ch)
            } else {
                return nil
            }
        }
        guard column > 0, let row = Int(digits) else { return nil }
        return (row, column)
    }

    static func a1(_ row: Int, _ column: Int) -> String { letters(column) + "\(row)" }

    package static func letters(_ column: Int) -> String {
        var n = column
        var s = ""
        while n > 0 {
            let r = (n - 1) % 26
            s = String(UnicodeScalar(UInt8(65 + r))) + s
            n = (n - 1) / 26
        }
        return s
    }

    /// The sheet as a table: header in the first non-empty row, columns from its
    /// first to its last non-empty header cell. nil for an empty sheet.
    package static func table(from cells: Cells, sheet: String, file: String, keyName: String?) throws(Diagnostic) -> Table? {
        var rows = cells.texts.keys.sorted()
        // A title row and a 单位 row above the header (one filled cell each) are skipped.
        var skipped: [String] = []
        var unit: String?
        while rows.count > 1, skipped.count < 5, (cells.texts[rows[0]]?.count ?? 0) <= 1,
            rows.dropFirst().prefix(5).contains(where: { (cells.texts[$0]?.count ?? 0) >= 2 })
        {
            let text = cells.texts[rows[0]]?.values.first ?? ""
            if let u = TableLayout.unit(in: text) { unit = u }
            skipped.append("第 \(rows[0]) 行「\(text.count > 30 ? String(text.prefix(30)) + "…" : text)」")
            rows.removeFirst()
        }
        guard let headerRow = rows.first, let header = cells.texts[headerRow], let first = header.keys.min(),
            let last = header.keys.max()
        else { return nil }
        for c in first...last where (header[c] ?? "").trimmingSpaces().isEmpty {
            throw Diagnostic(
                .data("表头第 \(c - first + 1) 列没有名字"), at: nil,
                location: DataLocation(file: file, sheet: sheet, cell: a1(headerRow, c)))
        }
        // A merged range below the header gives its value to each of its cells, as Excel
        // shows it (a 一级指标 merged down its indicators).
        let filled = cells.filled(below: headerRow).texts
        var texts: [[String]] = [(first...last).map { header[$0] ?? "" }]
        var lines = [headerRow]
        for r in filled.keys.filter({ $0 > headerRow }).sorted() {
            guard let row = filled[r] else { continue }
            if let outside = row.keys.first(where: { $0 < first || $0 > last }) {
                throw Diagnostic(
                    .data("表头之外的单元格有内容（表头在第 \(first) 到第 \(last) 列）"), at: nil,
                    location: DataLocation(file: file, sheet: sheet, cell: a1(r, outside)))
            }
            texts.append((first...last).map { row[$0] ?? "" })
            lines.append(r)
        }
        // Total and blank rows as in a CSV file.
        let tidy = TableLayout.tidy(CSVRecords(rows: texts, lines: lines), tableName: sheet, file: file, sheet: sheet)
        let table = try Table(
            name: sheet, origin: Table.Origin(file: file, sheet: sheet), records: tidy.records,
            columnLetters: (first...last).map(letters).prefix(tidy.records.fieldCount(0)).map { $0 }, keyName: keyName)
        table.unit = unit ?? tidy.unit
        table.loadNotes = tidy.notes
        table.totalRows = tidy.totals
        if !skipped.isEmpty {
            table.loadNotes.append(
                DataProblem(
                    .note, at: DataLocation(file: file, sheet: sheet, cell: a1(headerRow, first)),
                    "表头上方的 \(skipped.count) 行已跳过：\(skipped.joined(separator: "、"))" + (unit.map { "；金额单位为\($0)" } ?? ""),
                    advice: "第 \(headerRow) 行作为表头"))
        }
        for f in cells.formulasWithoutResult where f.row > headerRow && (first...last).contains(f.column) {
            let name = header[f.column] ?? ""
            table.loadNotes.append(
                DataProblem(
                    .formulaWithoutResult, at: DataLocation(file: file, sheet: sheet, cell: a1(f.row, f.column), field: name),
                    "单元格 \(a1(f.row, f.column))（\(name)）是公式 =\(f.formula)，但工作簿中没有保存计算结果",
                    advice: "用 Excel 或 WPS 打开并保存一次（会存下公式的结果），或把这一格改成数值；在此之前用到它的数字显示「出错」"))
        }
        return table
    }
}

/// The parts of a workbook as a list of events (see `XMLReader`).
package enum XML {
    package enum Event: Equatable {
        case startWith(String, [String: String])
        case end(String)
        /// Text directly inside an element.
        case text(inside: String, String)
    }

    package struct Document {
        var events: [Event] = []
        /// Start elements with their attributes, in order.
        package var elements: [(name: String, attributes: [String: String])] {
            events.compactMap { if case .startWith(let n, let a) = $0 { return (n, a) } else { return nil } }
        }
    }

    package static func parse(_ data: Data, part: String, file: String) throws(Diagnostic) -> Document {
        do {
            return Document(events: try XMLReader.events([UInt8](data)))
        } catch {
            throw DataError.at(file: file, "工作簿部件 \(part) 的 XML 有误（第 \(error.line) 行：\(error.reason)）")
        }
    }
}
