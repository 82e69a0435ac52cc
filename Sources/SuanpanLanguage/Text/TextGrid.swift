/// Column-aligned text: widths are display widths (a CJK character is two columns),
/// the header underlined, chosen columns right-aligned, an optional mark after a row.
package enum TextGrid {
    package static func render(_ header: [String], _ rows: [[String]], rightAligned: Set<Int>, marks: [String]? = nil) -> String {
        let all = [header] + rows
        let widths = header.indices.map { c in all.map { DisplayWidth.of($0[c]) }.max() ?? 0 }
        var lines: [String] = []
        for (i, row) in all.enumerated() {
            var line = row.indices.map { DisplayWidth.pad(row[$0], to: widths[$0], alignRight: rightAligned.contains($0) && i > 0) }
                .joined(separator: "  ")
            if i > 0, let m = marks?[i - 1], !m.isEmpty { line += "  " + m }
            lines.append(line.trimmingTrailingSpaces())
            if i == 0 { lines.append(widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ")) }
        }
        return lines.joined(separator: "\n")
    }
}
