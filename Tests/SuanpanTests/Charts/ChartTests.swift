import Testing

@testable import Suanpan
@testable import SuanpanCharts
@testable import SuanpanData
@testable import SuanpanEvaluation
@testable import SuanpanLanguage

/// Bars in eighths of a column on a terminal, whole `#` columns elsewhere.
@Suite struct ChartTests {
    @Test func barsAreProportionalToTheEighth() {
        #expect(BarChart.bar(.one, width: 4, blocks: true) == "████")
        #expect(BarChart.bar(Rational.fraction(1, 2), width: 3, blocks: true) == "█▌")
        #expect(BarChart.bar(Rational.fraction(1, 32), width: 4, blocks: true) == "▏")
        #expect(BarChart.bar(Rational.fraction(1, 1000), width: 4, blocks: true) == "▏")  // a sliver, not nothing
        #expect(BarChart.bar(.zero, width: 4, blocks: true) == "")
        #expect(BarChart.bar(Rational.fraction(1, 2), width: 5, blocks: false) == "###")  // 2.5 rounds half up
    }

    @Test func labelsAlignByDisplayWidthAndSharesAddUp() {
        let chart = BarChart(
            title: "支出", parts: [.init(label: "基本支出", value: Rational(1)), .init(label: "ab", value: Rational(3))],
            width: 40, blocks: true, format: NumberFormat())
        let lines = chart.render().split(separator: "\n").map(String.init)
        #expect(lines[0] == "支出（合计 4）")
        #expect(lines[1].hasPrefix("ab        █"))
        #expect(lines[1].hasSuffix("3  75.00%"))
        #expect(lines[2].hasPrefix("基本支出  █"))
        #expect(lines[2].hasSuffix("1  25.00%"))
        #expect(DisplayWidth.of(lines[1]) == DisplayWidth.of(lines[2]))
    }

    /// Breakpoints are where a flat stretch begins or ends, or the curve turns — not
    /// every change of slope of a smooth curve.
    @Test func breakpointsAreCapsFloorsAndTurns() {
        let xs = (0..<8).map { Rational($0) }
        // flat, rising (curving), flat (a cap), falling
        let ys = [5, 5, 6, 8, 9, 9, 9, 7].map { Rational($0) }
        let found = LinePlot.breakpoints(xs, ys)
        #expect(found.map(\.index) == [1, 4, 6])
        #expect(found.map(\.kind) == ["此前不变，此后开始变化", "此后不变（封顶或到底）", "此前不变，此后开始变化"])
        #expect(
            LinePlot.breakpoints(xs, [1, 3, 2, 4, 4, 4, 4, 4].map { Rational($0) }).map(\.kind)
                == ["由升转降", "由降转升", "此后不变（封顶或到底）"])
        #expect(LinePlot.breakpoints(xs, xs.map { $0 * $0 }).isEmpty)
        // One flat interval inside the range is rounding, looked through: no cap there,
        // and a turn across it is still a turn.
        #expect(LinePlot.breakpoints(xs, [10, 9, 8, 8, 7, 6, 6, 6].map { Rational($0) }).map(\.index) == [5])
        #expect(
            LinePlot.breakpoints(xs, [1, 2, 3, 3, 2, 1, 0, 0].map { Rational($0) }).map { "\($0.index) \($0.kind)" }
                == ["2 由升转降", "6 此后不变（封顶或到底）"])
    }

    /// Values below 0 end at a zero axis, values above start there, on one scale.
    @Test func pairedBarsAroundZero() {
        let bars = PairedBars(
            title: nil, scenarios: ["甲", "乙"],
            groups: [.init(title: "结余", values: [Rational(-1), Rational(3)], shown: ["-1", "3"], changes: ["", "+4"])],
            width: 40, blocks: true)
        let lines = bars.render().split(separator: "\n").map(String.init)
        #expect(lines[0] == "结余")
        let negative = lines[1]
        let positive = lines[2]
        let axis = negative.firstIndex(of: "│").map { negative.distance(from: negative.startIndex, to: $0) }
        #expect(axis != nil && axis == positive.firstIndex(of: "│").map { positive.distance(from: positive.startIndex, to: $0) })
        #expect(negative.contains("█│ "))
        #expect(positive.contains("│█"))
        // A quarter of the span below 0, three quarters above.
        let left = negative.filter { $0 == "█" }.count
        let right = positive.filter { $0 == "█" }.count
        #expect(abs(3 * left - right) <= 3, "\(left) vs \(right)")
    }

    /// Colour (a terminal without NO_COLOR) only wraps the bars in escapes: without
    /// them the text is the same as in black and white.
    @Test func colourOnlyWrapsTheBars() {
        var chart = BarChart(
            title: "支出", parts: [.init(label: "基本支出", value: Rational(1)), .init(label: "ab", value: Rational(3))],
            width: 40, blocks: true, format: NumberFormat())
        let plain = chart.render()
        chart.colour = true
        let coloured = chart.render()
        #expect(coloured.contains("\u{1B}[36m"))
        #expect(coloured.replacingAll("\u{1B}[36m", with: "").replacingAll("\u{1B}[0m", with: "") == plain)
    }
}
