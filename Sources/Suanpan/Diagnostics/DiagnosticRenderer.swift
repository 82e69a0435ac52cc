/// Turns a diagnostic into the text people read:
///
///     <input:4>:1:1: 错误：执行率 需要 2 个参数（执行数, 预算数），这里只有 1 个
///       执行率(4357.64)
///       ^^^^^^
///       提示：…
///
/// The caret is placed by display width, so it sits under the right character
/// even when the line holds double-width Chinese characters.
public enum DiagnosticRenderer {
    public static func render(_ d: Diagnostic) -> String {
        var out = ""
        guard let span = d.span else {
            out = "错误：\(d.message)"
            for note in d.notes { out += "\n  \(note)" }
            return out
        }
        let source = span.source
        let start = min(span.start, source.scalars.count)
        let (line, column) = source.location(of: start)
        out = "\(source.name):\(line):\(column): 错误：\(d.message)"
        let lineText = source.line(line)
        if !lineText.isEmpty || source.scalars.isEmpty == false {
            let lineStart = start - (column - 1)
            var shown = String.UnicodeScalarView()
            for s in lineText { shown.append(s == "\t" ? " " : s) }
            out += "\n  " + String(shown)
            var lead = 0
            for s in lineText.prefix(column - 1) { lead += s == "\t" ? 1 : DisplayWidth.of(s) }
            let lineEnd = lineStart + lineText.count
            let spanEnd = min(max(span.end, start + 1), lineEnd)
            var width = 0
            if start < lineEnd {
                for i in start..<spanEnd { width += DisplayWidth.of(source.scalars[i]) }
            }
            out += "\n  " + String(repeating: " ", count: lead) + String(repeating: "^", count: max(width, 1))
        }
        for note in d.notes { out += "\n  \(note)" }
        return out
    }
}
