import SuanpanLanguage

/// One cell of an exported sheet: what it is, not how one format prints it. Numbers
/// stay exact until a writer needs its own form (a double for .xlsx, a decimal for
/// .csv).
public enum SheetCell: Sendable, Equatable {
    case empty
    case text(String)
    /// A figure, shown with `places` decimals and thousands separators.
    case figure(Rational, places: Int8)
    /// A ratio shown as a percentage with `places` decimals (0.99768 → 99.77%).
    case ratio(Rational, places: Int8)
    /// A figure that was not computed: its mark (`未算出[1]`, the reason among the
    /// sheet's notes) and the reason itself (a CSV cell says it where it stands).
    case notComputed(NotComputedNote)

    /// A figure with `places` decimals.
    public static func number(_ x: Rational, places: Int) -> SheetCell { .figure(x, places: Int8(clamping: places)) }
    /// A ratio shown as a percentage with `places` decimals.
    public static func percent(_ x: Rational, places: Int) -> SheetCell { .ratio(x, places: Int8(clamping: places)) }
    public static func notComputed(mark: String, reason: String) -> SheetCell { .notComputed(NotComputedNote(mark: mark, reason: reason)) }

    /// The text a person reads in the cell (Markdown, HTML, widths).
    public var shown: String {
        switch self {
        case .empty: return ""
        case .text(let s): return s
        case .notComputed(let n): return n.mark
        case .figure(let x, let p):
            let places = Int(p)
            return DecimalText.format(x.rounded(places: places), places: places)
        case .ratio(let x, let p):
            let places = Int(p)
            return DecimalText.format((x * .hundred).rounded(places: places), places: places) + "%"
        }
    }

    var isFigure: Bool {
        switch self {
        case .figure, .ratio: return true
        default: return false
        }
    }

    /// Display columns the cell takes: a CJK character two; a figure counted from its
    /// digits without formatting it.
    var displayWidth: Int {
        switch self {
        case .empty: return 0
        case .text(let s): return DisplayWidth.of(s)
        case .notComputed(let n): return DisplayWidth.of(n.mark)
        case .figure(let x, let p), .ratio(let x, let p):
            var isRatio = false
            if case .ratio = self { isRatio = true }
            let y = (isRatio ? x * .hundred : x).rounded(places: Int(p))
            guard case .small(let n, let d) = y.storage else { return DisplayWidth.of(shown) }
            var whole = n.magnitude / UInt64(d)
            var digits = 1
            while whole >= 10 {
                whole /= 10
                digits += 1
            }
            return (n < 0 ? 1 : 0) + digits + (digits - 1) / 3 + (p > 0 ? Int(p) + 1 : 0) + (isRatio ? 1 : 0)
        }
    }
}

/// Why a cell was not computed: its mark in the cell and the reason (one reference, so
/// a cell stays small).
public final class NotComputedNote: Sendable, Equatable {
    public let mark: String
    public let reason: String
    public init(mark: String, reason: String) {
        self.mark = mark
        self.reason = reason
    }
    public static func == (a: NotComputedNote, b: NotComputedNote) -> Bool { a.mark == b.mark && a.reason == b.reason }
}

/// What one result becomes in a file: a sheet of a workbook, a section of a Markdown
/// or HTML page, the whole of a CSV file.
///
/// A table's sheet has a title line, a header row and its rows, then notes (why a cell
/// was not computed); a form's sheet (自评表) is a grid of its own with merged cells
/// and no header row.
public struct Sheet: Sendable {
    /// The result's name: the sheet's tab, the section's heading.
    public var name: String
    /// The line above the table: the dataset's title, what the result is, the unit.
    public var title: String
    public var header: [String]
    public var rows: [[SheetCell]]
    /// Lines under the table (the reasons of 未算出 cells, what a 2-D table shows).
    public var notes: [String] = []
    /// A filter on the header row (audit's categories, a table's columns).
    public var filterable = true
    /// Whether each column is one quantity, its figures shown with the same decimals
    /// (a table's column); false where a column mixes quantities (compare, audit).
    public var alignsDecimals = true
    /// A form's merged ranges: (first row, first column, last row, last column) in
    /// `rows` (no title line or header row: a form's grid is all in `rows`).
    public var merges: [CellRange] = []
    /// A form lays out its own grid: no title line, no header row, no filter.
    public var isForm = false
    /// The derivation tree of `explain`, which HTML draws as a tree (the rows hold
    /// the same steps flattened, for the other formats).
    public var tree: [TreeNode] = []

    public init(name: String, title: String, header: [String], rows: [[SheetCell]]) {
        self.name = name
        self.title = title
        self.header = header
        self.rows = rows
    }

    public struct CellRange: Sendable, Equatable {
        public let firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int
        public init(_ firstRow: Int, _ firstColumn: Int, _ lastRow: Int, _ lastColumn: Int) {
            self.firstRow = firstRow
            self.firstColumn = firstColumn
            self.lastRow = lastRow
            self.lastColumn = lastColumn
        }
    }

    /// One step of a derivation: its headline (`总分 = 99.98`), where its input came
    /// from, its lines (rule, formula, substitution, rounding) and its inputs.
    public struct TreeNode: Sendable {
        public var title: String
        public var source: String?
        public var lines: [String]
        public var children: [TreeNode]
        public init(title: String, source: String?, lines: [String], children: [TreeNode]) {
            self.title = title
            self.source = source
            self.lines = lines
            self.children = children
        }
    }

    /// The widest cell of each column in display columns (a CJK character is two), for
    /// widths that fit Chinese text.
    public var columnWidths: [Int] {
        let count = max(header.count, rows.map(\.count).max() ?? 0)
        var widths = [Int](repeating: 0, count: count)
        for (c, h) in header.enumerated() { widths[c] = DisplayWidth.of(h) }
        let merged = Set(merges.filter { $0.firstColumn != $0.lastColumn }.map { [$0.firstRow, $0.firstColumn] })
        for (r, row) in rows.enumerated() {
            for (c, cell) in row.enumerated() where !merged.contains([r, c]) {
                let w = cell.displayWidth
                if w > widths[c] { widths[c] = w }
            }
        }
        return widths
    }
}

/// The file formats of `export … to "文件"`, by the file's extension.
public enum ExportFormat: String, Sendable, CaseIterable {
    case xlsx, csv, md, html

    public static func of(path: String) -> ExportFormat? {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        return ExportFormat(rawValue: path[path.index(after: dot)...].lowercased())
    }

    /// What a person calls it (a Latin name with a space before it, to follow a
    /// Chinese word).
    public var described: String {
        switch self {
        case .xlsx: return " Excel 工作簿（.xlsx）"
        case .csv: return " CSV 文件（.csv）"
        case .md: return " Markdown 文件（.md）"
        case .html: return "网页（.html）"
        }
    }
}

/// The text encoding of a CSV file.
public enum CSVEncoding: String, Sendable {
    /// UTF-8 with a byte-order mark: Excel on a Chinese Windows reads it right.
    case utf8BOM = "UTF-8"
    /// GB18030, for the older programs that read only the Chinese code page.
    case gb18030 = "GB18030"
}

/// A workbook's sheet names: at most 31 characters, none of `[]:*?/\`, no quote at
/// either end, each unique (case-insensitively, as Excel compares them).
public enum SheetNames {
    public static func unique(_ names: [String]) -> [String] {
        var used = Set<String>()
        return names.map { raw in
            var base = String(
                raw.map { ch -> Character in
                    switch ch {
                    case "[": return "【"
                    case "]": return "】"
                    case ":": return "："
                    case "*": return "＊"
                    case "?": return "？"
                    case "/": return "／"
                    case "\\": return "＼"
                    default: return ch.isNewline ? " " : ch
                    }
                })
            while base.hasPrefix("'") { base.removeFirst() }
            while base.hasSuffix("'") { base.removeLast() }
            if base.isEmpty { base = "结果" }
            base = String(base.prefix(31))
            var name = base
            var k = 2
            while used.contains(name.lowercased()) {
                let suffix = "（\(k)）"
                name = String(base.prefix(31 - suffix.count)) + suffix
                k += 1
            }
            used.insert(name.lowercased())
            return name
        }
    }
}
