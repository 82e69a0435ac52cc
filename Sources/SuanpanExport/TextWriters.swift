import SuanpanLanguage

/// CSV: one table, a header row and its rows, CRLF line ends (RFC 4180, what Excel
/// writes). Figures unformatted (the exact decimal, no thousands separators),
/// percentages as shown (`99.77%`); a cell that was not computed says why.
public enum CSVWriter {
    public static func bytes(_ sheet: Sheet, encoding: CSVEncoding) -> [UInt8]? {
        var out = ""
        out.reserveCapacity(sheet.rows.count * 64)
        func line(_ fields: [String]) {
            var first = true
            for f in fields {
                if !first { out += "," }
                first = false
                out += quoted(f)
            }
            out += "\r\n"
        }
        if !sheet.isForm { line(sheet.header) }
        // Every record as wide as the widest (a form's rows end where their text does).
        let width = max(sheet.header.count, sheet.rows.map(\.count).max() ?? 0)
        for row in sheet.rows {
            var fields = row.map(field)
            if fields.count < width { fields += [String](repeating: "", count: width - fields.count) }
            line(fields)
        }
        let utf8 = Array(out.utf8)
        switch encoding {
        case .utf8BOM: return [0xEF, 0xBB, 0xBF] + utf8
        case .gb18030: return TextDecoding.convert(utf8, from: "UTF-8", to: "GB18030")
        }
    }

    static func field(_ cell: SheetCell) -> String {
        switch cell {
        case .empty: return ""
        case .text(let s):
            // Excel would take a text opening with = or @ for a formula (`=4个`, a target
            // written with =): a tab before it keeps it text and is trimmed on reading.
            if let c = s.first, c == "=" || c == "@" { return "\t" + s }
            return s
        case .figure(let x, _): return exact(x)
        case .ratio: return cell.shown
        case .notComputed(let n): return "未算出：" + n.reason
        }
    }

    /// The exact decimal when it ends within 10 places, else rounded to 10.
    static func exact(_ x: Rational) -> String {
        if let p = x.terminatingPlaces, p <= 10 { return DecimalText.format(x, places: p, grouping: false) }
        return DecimalText.format(x.rounded(places: 10), places: 10, grouping: false)
    }

    static func quoted(_ f: String) -> String {
        let needs =
            f.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }
            || f.first == " " || f.last == " "
        guard needs else { return f }
        return "\"" + f.replacingAll("\"", with: "\"\"") + "\""
    }
}

/// Markdown: each sheet a section (its name as a heading, its title line), a pipe
/// table with figures right-aligned, then its notes, for reports and chat.
public enum MarkdownWriter {
    public static func text(_ sheets: [Sheet]) -> String {
        var out: [String] = []
        for sheet in sheets {
            if !out.isEmpty { out.append("") }
            out.append("## " + escape(sheet.name))
            if !sheet.title.isEmpty {
                out.append("")
                out.append(escape(sheet.title))
            }
            out.append("")
            let width = max(sheet.header.count, sheet.rows.map(\.count).max() ?? 0)
            guard width > 0 else { continue }
            var header = sheet.header
            var rows = sheet.rows
            if sheet.isForm || header.isEmpty {
                // A form has no header row: its first row stands in.
                header = (rows.first ?? []).map(\.shown)
                rows = Array(rows.dropFirst())
            }
            header += [String](repeating: "", count: max(0, width - header.count))
            let figures = (0..<width).map { c in
                rows.contains { c < $0.count && $0[c].isFigure } && rows.allSatisfy { c >= $0.count || $0[c].isFigure || $0[c] == .empty }
            }
            out.append("| " + header.map(escape).joined(separator: " | ") + " |")
            out.append("|" + figures.map { $0 ? " ---: |" : " --- |" }.joined())
            for row in rows {
                let cells = (0..<width).map { c in c < row.count ? escape(row[c].shown) : "" }
                out.append("| " + cells.joined(separator: " | ") + " |")
            }
            if !sheet.notes.isEmpty {
                out.append("")
                for n in sheet.notes { out.append("- " + escape(n)) }
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// A cell's text in a pipe table: one line, `|` and Markdown's markers escaped.
    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s.replacingNewlines() {
            switch ch {
            case "|", "\\", "*", "_", "`", "<": out += "\\" + String(ch)
            default: out.append(ch)
            }
        }
        return out
    }
}
