import SuanpanLanguage

/// A structure chart: one bar per part, largest first, with its amount and its share
/// (占比) of the whole; parts that are 0 are listed under the chart instead of drawn,
/// parts beyond `maxParts` are gathered as 其他. As text, labels are aligned by display
/// width (CJK characters are two columns) and bars are block characters with eighths
/// on a terminal, `#` elsewhere; `svg()` (BarChart+SVG.swift) draws the same layout.
package struct BarChart {
    package struct Part {
        package let label: String
        package let value: Rational
        package init(label: String, value: Rational) {
            self.label = label
            self.value = value
        }
    }

    package var title: String
    package var parts: [Part]
    package var width: Int
    package var blocks: Bool
    package var colour = false
    var maxParts = 8
    package var format: NumberFormat

    package init(title: String, parts: [Part], width: Int, blocks: Bool, colour: Bool = false, maxParts: Int = 8, format: NumberFormat) {
        self.title = title
        self.parts = parts
        self.width = width
        self.blocks = blocks
        self.colour = colour
        self.maxParts = maxParts
        self.format = format
    }

    /// What is drawn: the parts above 0, largest first, the smallest gathered as 其他;
    /// the labels of the parts that are 0; the whole.
    package struct Layout {
        package let parts: [Part]
        let zeros: [String]
        package let total: Rational
        /// The largest bar (其他 may outgrow the first part).
        let largest: Rational

        /// The line under the chart naming the parts that are 0, if any.
        var zeroNote: String? {
            guard !zeros.isEmpty else { return nil }
            let names = zeros.count > 6 ? zeros.prefix(5).joined(separator: "、") + " 等" : zeros.joined(separator: "、")
            return "为 0 的 \(zeros.count) 项未画：\(names)"
        }
    }

    package var layout: Layout {
        var sorted = parts.filter { !$0.value.isZero }.sorted { $0.value > $1.value }
        if sorted.count > maxParts {
            let rest = sorted[(maxParts - 1)...]
            sorted =
                Array(sorted.prefix(maxParts - 1))
                + [Part(label: "其他（\(rest.count) 项）", value: Rational.sum(rest.map(\.value)))]
        }
        return Layout(
            parts: sorted, zeros: parts.filter { $0.value.isZero }.map(\.label),
            total: Rational.sum(sorted.map(\.value)), largest: sorted.map(\.value).max() ?? .zero)
    }

    /// A part's share of the whole, as displayed.
    package func share(_ value: Rational, of total: Rational) -> String {
        total.isZero ? "" : format.percent(value / total)
    }

    package func render() -> String {
        let layout = self.layout
        let sorted = layout.parts
        let total = layout.total
        let largest = layout.largest
        let amounts = sorted.map { format.plain($0.value) }
        let shares = sorted.map { share($0.value, of: total) }
        let labelWidth = sorted.map { DisplayWidth.of($0.label) }.max() ?? 0
        let amountWidth = amounts.map { DisplayWidth.of($0) }.max() ?? 0
        let shareWidth = shares.map { DisplayWidth.of($0) }.max() ?? 0
        // label, two spaces, bar, two spaces, amount, two spaces, share
        let barWidth = max(10, width - labelWidth - amountWidth - shareWidth - 6)
        var lines = ["\(title)（合计 \(format.plain(total))）"]
        for (k, part) in sorted.enumerated() {
            let bar = Self.bar(largest.isZero ? .zero : part.value / largest, width: barWidth, blocks: blocks)
            lines.append(
                DisplayWidth.pad(part.label, to: labelWidth) + "  " + Self.paint(DisplayWidth.pad(bar, to: barWidth), colour) + "  "
                    + String(repeating: " ", count: amountWidth - DisplayWidth.of(amounts[k])) + amounts[k] + "  "
                    + String(repeating: " ", count: shareWidth - DisplayWidth.of(shares[k])) + shares[k])
        }
        if let note = layout.zeroNote { lines.append("（\(note)）") }
        return lines.map { $0.trimmingTrailingSpaces() }.joined(separator: "\n")
    }

    /// Text in the bars' colour (cyan) when colour is on.
    static func paint(_ text: String, _ colour: Bool) -> String {
        colour ? "\u{1B}[36m" + text + "\u{1B}[0m" : text
    }

    /// A bar `fraction` (0…1) of `width` columns long, to the nearest eighth of a
    /// column with blocks, the nearest column with `#`; a part above zero shows at
    /// least a sliver.
    package static func bar(_ fraction: Rational, width: Int, blocks: Bool) -> String {
        let steps = blocks ? 8 : 1
        var units = (fraction * Rational(width * steps)).roundedToInteger(.halfUp).intValue ?? 0
        if units == 0 && fraction.signum > 0 { units = 1 }
        if !blocks { return String(repeating: "#", count: units) }
        let eighths = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        return String(repeating: "█", count: units / 8) + eighths[units % 8]
    }
}

/// A comparison as paired bars: for each expression, one bar per scenario (or period)
/// on a common scale, with each one's change from the first (Δ and Δ%). Values below 0
/// are drawn to the left of a zero axis.
package struct PairedBars {
    package struct Group {
        package let title: String
        /// Each scenario's value, its display, and its change from the first.
        package let values: [Rational]
        package let shown: [String]
        package let changes: [String]

        /// The scale's ends: 0 and the largest value, or, with values below 0, from the
        /// smallest to the largest through 0.
        package var low: Rational { Swift.min(.zero, values.min() ?? .zero) }
        package var high: Rational { Swift.max(.zero, values.max() ?? .zero) }
        package init(title: String, values: [Rational], shown: [String], changes: [String]) {
            self.title = title
            self.values = values
            self.shown = shown
            self.changes = changes
        }
    }

    /// The chart's own title (a figure's), above the groups; none for an ad-hoc one.
    package var title: String?
    package var scenarios: [String]
    package var groups: [Group]
    package var width: Int
    package var blocks: Bool
    package var colour = false

    package init(title: String?, scenarios: [String], groups: [Group], width: Int, blocks: Bool, colour: Bool = false) {
        self.title = title
        self.scenarios = scenarios
        self.groups = groups
        self.width = width
        self.blocks = blocks
        self.colour = colour
    }

    package func render() -> String {
        let nameWidth = scenarios.map { DisplayWidth.of($0) }.max() ?? 0
        let shownWidth = groups.flatMap(\.shown).map { DisplayWidth.of($0) }.max() ?? 0
        let changeWidth = groups.flatMap(\.changes).map { DisplayWidth.of($0) }.max() ?? 0
        let barWidth = max(10, width - 2 - nameWidth - shownWidth - changeWidth - 6)
        var lines: [String] = title.map { [$0] } ?? []
        for g in groups {
            lines.append(g.title)
            let span = g.high - g.low
            // With values below 0, a zero axis: negative bars end at it, positive start there.
            let zero = g.low.isZero ? 0 : ((-g.low) / span * Rational(barWidth - 1)).roundedToInteger(.halfUp).intValue ?? 0
            for (k, name) in scenarios.enumerated() {
                let v = g.values[k]
                var bar: String
                if g.low.isZero {
                    bar = BarChart.bar(span.isZero ? .zero : v / span, width: barWidth, blocks: blocks)
                } else if v.signum < 0 {
                    var n = (v.magnitude / span * Rational(barWidth - 1)).roundedToInteger(.halfUp).intValue ?? 0
                    n = Swift.min(Swift.max(n, 1), zero)
                    bar = String(repeating: " ", count: zero - n) + String(repeating: blocks ? "█" : "#", count: n) + (blocks ? "│" : "|")
                } else {
                    bar =
                        String(repeating: " ", count: zero) + (blocks ? "│" : "|")
                        + BarChart.bar(v / span, width: barWidth - 1, blocks: blocks)
                }
                if DisplayWidth.of(bar) > barWidth { bar = String(bar.prefix(barWidth)) }
                let line =
                    "  " + DisplayWidth.pad(name, to: nameWidth) + "  " + BarChart.paint(DisplayWidth.pad(bar, to: barWidth), colour) + "  "
                    + DisplayWidth.pad(g.shown[k], to: shownWidth, alignRight: true) + "  " + g.changes[k]
                lines.append(line.trimmingTrailingSpaces())
            }
        }
        return lines.joined(separator: "\n")
    }
}
