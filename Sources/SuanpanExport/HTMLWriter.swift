import SuanpanLanguage

/// One self-contained page (no network, no script, inline styles) that prints on A4:
/// each sheet a section with its table; `explain`'s derivation drawn as a tree with
/// every rounding step and every cell's provenance marked.
public enum HTMLWriter {
    public static func page(_ sheets: [Sheet], title: String) -> String {
        var out = [
            "<!DOCTYPE html>", "<html lang=\"zh-CN\">", "<head>", "<meta charset=\"utf-8\">",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
            "<meta name=\"generator\" content=\"suanpan\">", "<title>\(escape(title))</title>", "<style>", style, "</style>", "</head>",
            "<body>",
        ]
        for sheet in sheets {
            out.append("<section>")
            out.append("<h2>\(escape(sheet.name))</h2>")
            if !sheet.title.isEmpty { out.append("<p class=\"caption\">\(escape(sheet.title))</p>") }
            if !sheet.tree.isEmpty {
                out.append("<ul class=\"tree\">")
                for node in sheet.tree { tree(node, &out) }
                out.append("</ul>")
            } else {
                table(sheet, &out)
            }
            if !sheet.notes.isEmpty {
                out.append("<ol class=\"notes\">")
                for n in sheet.notes { out.append("<li>\(escape(n))</li>") }
                out.append("</ol>")
            }
            out.append("</section>")
        }
        out += ["</body>", "</html>"]
        return out.joined(separator: "\n") + "\n"
    }

    static let style = """
        @page { size: A4; margin: 18mm 15mm; }
        body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "PingFang SC", "Microsoft YaHei", sans-serif; font-size: 10.5pt; color: #1a202c; line-height: 1.5; max-width: 180mm; margin: 0 auto; }
        h2 { font-size: 13pt; border-bottom: 1px solid #cbd5e0; padding-bottom: 2pt; }
        section { break-inside: auto; margin-bottom: 14pt; }
        .caption { color: #4a5568; }
        table { border-collapse: collapse; width: 100%; }
        th, td { border: 1px solid #a0aec0; padding: 2pt 5pt; vertical-align: top; }
        th { background: #edf2f7; font-weight: bold; }
        thead { display: table-header-group; }
        tr { break-inside: avoid; }
        td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
        td.nc, span.nc { color: #c53030; }
        ul.tree, ul.tree ul { list-style: none; margin: 0; padding-left: 1.4em; }
        ul.tree { padding-left: 0; }
        ul.tree li { border-left: 1px solid #cbd5e0; padding-left: 0.6em; margin: 2pt 0; break-inside: avoid; }
        .step { font-weight: bold; }
        .source { font-weight: normal; color: #2b6cb0; }
        .line { margin-left: 1em; font-family: "Noto Sans Mono CJK SC", "WenQuanYi Micro Hei Mono", monospace; font-size: 9.5pt; }
        .rule { color: #4a5568; font-family: inherit; }
        .rounding { background: #fefcbf; }
        .published { color: #2f855a; }
        .notes { color: #4a5568; font-size: 9.5pt; }
        """

    static func table(_ sheet: Sheet, _ out: inout [String]) {
        out.append("<table>")
        var rows = sheet.rows
        var header = sheet.header
        if sheet.isForm {
            header = []
        } else if header.isEmpty, let first = rows.first {
            header = first.map(\.shown)
            rows.removeFirst()
        }
        if !header.isEmpty {
            out.append("<thead><tr>" + header.map { "<th>\(escape($0))</th>" }.joined() + "</tr></thead>")
        }
        out.append("<tbody>")
        // A form's merged ranges: the first cell spans them, the others are left out.
        var covered = Set<[Int]>()
        var spans: [[Int]: (Int, Int)] = [:]
        for m in sheet.merges {
            spans[[m.firstRow, m.firstColumn]] = (m.lastRow - m.firstRow + 1, m.lastColumn - m.firstColumn + 1)
            for r in m.firstRow...m.lastRow {
                for c in m.firstColumn...m.lastColumn where r != m.firstRow || c != m.firstColumn { covered.insert([r, c]) }
            }
        }
        for (r, row) in rows.enumerated() {
            var line = "<tr>"
            for (c, cell) in row.enumerated() where !covered.contains([r, c]) {
                var attributes = ""
                if let (h, w) = spans[[r, c]] {
                    if h > 1 { attributes += " rowspan=\"\(h)\"" }
                    if w > 1 { attributes += " colspan=\"\(w)\"" }
                }
                switch cell {
                case .figure, .ratio: attributes += " class=\"num\""
                case .notComputed: attributes += " class=\"nc\""
                default: break
                }
                line += "<td\(attributes)>\(escape(cell.shown))</td>"
            }
            out.append(line + "</tr>")
        }
        out.append("</tbody>")
        out.append("</table>")
    }

    static func tree(_ node: Sheet.TreeNode, _ out: inout [String]) {
        var head = "<li><div class=\"step\">\(escape(node.title))"
        if let s = node.source { head += " <span class=\"source\">← \(escape(s))</span>" }
        out.append(head + "</div>")
        for line in node.lines { out.append("<div class=\"\(lineClass(line))\">\(escape(line))</div>") }
        if !node.children.isEmpty {
            out.append("<ul>")
            for child in node.children { tree(child, &out) }
            out.append("</ul>")
        }
        out.append("</li>")
    }

    /// A derivation line's kind, for its style: a rounding step, the rule's name, the
    /// published figure, or a formula.
    static func lineClass(_ line: String) -> String {
        if RoundingMode.allCases.contains(where: { line.hasPrefix($0.chineseName + "：") }) { return "line rounding" }
        if line.hasPrefix("〔") { return "line rule" }
        if line.hasPrefix("公布值") { return "line published" }
        return "line"
    }

    /// Text for HTML (MarkupText: markup escaped, characters HTML forbids replaced).
    public static func escape(_ s: String) -> String { MarkupText.escape(s) }
}
