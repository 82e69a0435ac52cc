import SuanpanLanguage

/// A one-variable sensitivity table as a text plot: the points on a grid (value axis
/// on the left, the variable along the bottom), horizontal lines at marked levels
/// (grade bands), and the breakpoints — where a cap or floor begins or ends, or the
/// curve turns — marked under the axis and listed with what happens there.
package struct LinePlot {
    /// A marked level: a value and its label (the same shape as a bar chart's part).
    package typealias Level = BarChart.Part

    package var title: String
    /// What the axes show (the variable, the expression), for the SVG's axis names.
    package var xName = ""
    package var yName = ""
    package var xs: [Rational]
    package var ys: [Rational]
    package var xText: (Rational) -> String
    package var yText: (Rational) -> String
    package var levels: [Level]
    package var width: Int
    package var blocks: Bool
    package var colour = false
    package var height = 10

    package init(
        title: String, xName: String = "", yName: String = "", xs: [Rational], ys: [Rational],
        xText: @escaping (Rational) -> String, yText: @escaping (Rational) -> String, levels: [Level],
        width: Int, blocks: Bool, colour: Bool = false, height: Int = 10
    ) {
        self.title = title
        self.xName = xName
        self.yName = yName
        self.xs = xs
        self.ys = ys
        self.xText = xText
        self.yText = yText
        self.levels = levels
        self.width = width
        self.blocks = blocks
        self.colour = colour
        self.height = height
    }

    /// Indices i (0 < i < n-1) where a flat stretch begins or ends, or the curve turns;
    /// with what happens there.
    static func breakpoints(_ xs: [Rational], _ ys: [Rational]) -> [(index: Int, kind: String)] {
        guard xs.count >= 3 else { return [] }
        // Each interval's direction: rising, flat or falling.
        let n = xs.count - 1
        var slopes: [Int] = []
        for i in 0..<n {
            let rise: Rational = ys[i + 1] - ys[i]
            let run: Rational = xs[i + 1] - xs[i]
            slopes.append(rise.signum * run.signum)
        }
        // A flat stretch of one interval inside the range is a score rounded to its
        // places, not a cap: it is looked through. A cap or floor lasts two intervals or
        // more, or reaches an end of the range.
        var lookedThrough = [Bool](repeating: false, count: n)
        var i = 0
        while i < n {
            guard slopes[i] == 0 else {
                i += 1
                continue
            }
            var j = i
            while j + 1 < n && slopes[j + 1] == 0 { j += 1 }
            if i > 0 && j < n - 1 && j == i { lookedThrough[i] = true }
            i = j + 1
        }
        let kept = (0..<n).filter { !lookedThrough[$0] }
        var out: [(Int, String)] = []
        for (a, b) in zip(kept, kept.dropFirst()) {
            let before = slopes[a]
            let after = slopes[b]
            // A cap or a floor begins or ends, or the curve turns: not every change of
            // slope (a smooth curve changes it at every point).
            if before == 0 && after != 0 {
                out.append((a + 1, "此前不变，此后开始变化"))
            } else if before != 0 && after == 0 {
                out.append((b, "此后不变（封顶或到底）"))
            } else if before * after < 0 {
                out.append((a + 1, after > 0 ? "由降转升" : "由升转降"))
            }
        }
        return out
    }

    /// At most this many breakpoints are marked and listed; a curve with more (a score
    /// rounded at every step) says how many were left out.
    static let shownBreakpoints = 12

    /// The breakpoints marked and listed, and the line saying how many more there are.
    var markedBreakpoints: (shown: [(index: Int, kind: String)], more: String?) {
        let all = Self.breakpoints(xs, ys)
        guard all.count > Self.shownBreakpoints else { return (all, nil) }
        return (
            Array(all.prefix(Self.shownBreakpoints)),
            "另有 \(all.count - Self.shownBreakpoints) 个拐点未列出（步长取大些看得更清楚；用 table 可逐点查看）"
        )
    }

    package func render() -> String {
        let lo = ([ys.min() ?? .zero] + levels.map(\.value)).min()!
        let hi = ([ys.max() ?? .one] + levels.map(\.value)).max()!
        let span = hi == lo ? Rational.one : hi - lo
        let yLabels = [yText(hi), yText(lo)] + levels.map { yText($0.value) }
        let labelWidth = yLabels.map { DisplayWidth.of($0) }.max() ?? 0
        let levelText = levels.map { "\($0.label) \(yText($0.value))" }
        let rightWidth = levelText.map { DisplayWidth.of($0) + 1 }.max() ?? 0
        let plotWidth = max(10, width - labelWidth - 2 - rightWidth)
        let dot: Character = blocks ? "●" : "*"
        let rule: Character = blocks ? "┄" : "."
        func row(_ y: Rational) -> Int {
            ((hi - y) / span * Rational(height - 1)).roundedToInteger(.halfUp).intValue ?? 0
        }
        func column(_ i: Int) -> Int {
            xs.count <= 1 ? 0 : (Rational(i * (plotWidth - 1)) / Rational(xs.count - 1)).roundedToInteger(.halfUp).intValue ?? 0
        }
        var grid = [[Character]](repeating: [Character](repeating: " ", count: plotWidth), count: height)
        var rightLabels = [String](repeating: "", count: height)
        for (k, level) in levels.enumerated() {
            let r = row(level.value)
            for c in 0..<plotWidth { grid[r][c] = rule }
            rightLabels[r] = levelText[k]
        }
        for i in ys.indices { grid[row(ys[i])][column(i)] = dot }
        var lines = [title]
        // The axes' names: the value's above its axis, the variable's under the middle of its.
        if !yName.isEmpty { lines.append(String(repeating: " ", count: labelWidth + 2) + yName) }
        for r in 0..<height {
            let label = r == 0 ? yText(hi) : r == height - 1 ? yText(lo) : ""
            let cells = colour ? String(grid[r]).replacingAll(String(dot), with: BarChart.paint(String(dot), true)) : String(grid[r])
            let line =
                DisplayWidth.pad(label, to: labelWidth, alignRight: true) + (blocks ? " │" : " |") + cells
                + (rightLabels[r].isEmpty ? "" : " " + rightLabels[r])
            lines.append(line.trimmingTrailingSpaces())
        }
        lines.append(
            String(repeating: " ", count: labelWidth) + (blocks ? " └" : " +") + String(repeating: blocks ? "─" : "-", count: plotWidth))
        let (breaks, more) = markedBreakpoints
        if !breaks.isEmpty {
            var marks = [Character](repeating: " ", count: plotWidth)
            for b in breaks { marks[column(b.index)] = blocks ? "▲" : "^" }
            lines.append((String(repeating: " ", count: labelWidth + 2) + String(marks)).trimmingTrailingSpaces())
        }
        let first = xText(xs.first ?? .zero)
        let last = xText(xs.last ?? .zero)
        let gap = max(1, plotWidth - DisplayWidth.of(first) - DisplayWidth.of(last))
        lines.append(String(repeating: " ", count: labelWidth + 2) + first + String(repeating: " ", count: gap) + last)
        if !xName.isEmpty {
            lines.append(String(repeating: " ", count: labelWidth + 2 + Swift.max(0, (plotWidth - DisplayWidth.of(xName)) / 2)) + xName)
        }
        for b in breaks {
            lines.append("拐点 \(blocks ? "▲" : "^") \(xText(xs[b.index]))（值 \(yText(ys[b.index]))）：\(b.kind)")
        }
        if let more { lines.append(more) }
        return lines.joined(separator: "\n")
    }
}
