/// Turns a diagnostic into the text people read:
///
///     <input:4>:1:1: 错误：执行率 需要 2 个参数（执行数, 预算数），这里只有 1 个
///       执行率(4357.64)
///       ^^^^^^
///       提示：…
///
/// The caret is placed by display width, so it sits under the right character
/// even when the line holds double-width Chinese characters. A very long line is
/// shown as a window around the caret, with `…` where it was cut.
public enum DiagnosticRenderer {
    /// Columns of context kept before and after the caret on long lines.
    package static let before = 60
    package static let after = 40

    public static func render(_ d: Diagnostic) -> String {
        guard let span = d.span else {
            let head = d.location.map { "\($0.prefix): 错误：" } ?? "错误："
            return (["\(head)\(d.message)"] + d.notes.map { "  " + $0 }).joined(separator: "\n")
        }
        let source = span.source
        let start = min(span.start, source.scalars.count)
        let (line, column) = source.location(of: start)
        var out = ["\(source.name):\(line):\(column): 错误：\(d.message)"]
        let text = Array(source.line(line)).map { $0 == "\t" ? " " : $0 }
        let caretIndex = column - 1
        // A span longer than the window (a 20,000-digit literal) is underlined
        // only for its first `before` scalars; the rest falls behind the `…`.
        let spanLength = max(1, min(span.end, start + text.count - caretIndex, start + before) - start)
        // Window [lo, hi) of scalars around the caret.
        var lo = caretIndex
        var width = 0
        while lo > 0 && width + DisplayWidth.of(text[lo - 1]) <= before {
            lo -= 1
            width += DisplayWidth.of(text[lo])
        }
        var hi = min(text.count, caretIndex + spanLength)
        width = 0
        while hi < text.count && width + DisplayWidth.of(text[hi]) <= after {
            width += DisplayWidth.of(text[hi])
            hi += 1
        }
        var shown = String.UnicodeScalarView()
        shown.append(contentsOf: text[lo..<hi])
        let prefix = lo > 0 ? "…" : ""
        let suffix = hi < text.count ? "…" : ""
        out.append("  " + prefix + String(shown) + suffix)
        var lead = DisplayWidth.of(prefix)
        for s in text[lo..<min(caretIndex, text.count)] { lead += DisplayWidth.of(s) }
        var caretWidth = 0
        if caretIndex < text.count {
            for s in text[caretIndex..<min(text.count, caretIndex + spanLength)] { caretWidth += DisplayWidth.of(s) }
        }
        out.append("  " + String(repeating: " ", count: lead) + String(repeating: "^", count: max(caretWidth, 1)))
        out += d.notes.map { "  " + $0 }
        return out.joined(separator: "\n")
    }
}
