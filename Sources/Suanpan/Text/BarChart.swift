/// A structure chart as text: one bar per part, largest first, with its amount and
/// its share (占比) of the whole; parts beyond `maxParts` are gathered as 其他.
/// Labels are aligned by display width (CJK characters are two columns); bars are
/// block characters with eighths on a terminal, `#` elsewhere.
struct BarChart {
    struct Part {
        let label: String
        let value: Rational
    }

    var title: String
    var parts: [Part]
    var width: Int
    var blocks: Bool
    var colour = false
    var maxParts = 8
    var format: NumberFormat

    func render() -> String {
        var sorted = parts.sorted { $0.value > $1.value }
        if sorted.count > maxParts {
            let rest = sorted[(maxParts - 1)...]
            sorted = Array(sorted.prefix(maxParts - 1))
                + [Part(label: "其他（\(rest.count) 项）", value: Rational.sum(rest.map(\.value)))]
        }
        let total = Rational.sum(sorted.map(\.value))
        let amounts = sorted.map { format.display(.number($0.value)) }
        let shares = sorted.map { total.isZero ? "" : format.display(.ratio($0.value / total)) }
        let labelWidth = sorted.map { DisplayWidth.of($0.label) }.max() ?? 0
        let amountWidth = amounts.map { DisplayWidth.of($0) }.max() ?? 0
        let shareWidth = shares.map { DisplayWidth.of($0) }.max() ?? 0
        // label, two spaces, bar, two spaces, amount, two spaces, share
        let barWidth = max(10, width - labelWidth - amountWidth - shareWidth - 6)
        let largest = sorted.map(\.value).max() ?? .zero  // 其他 may outgrow the first part
        var lines = ["\(title)（合计 \(format.display(.number(total)))）"]
        for (k, part) in sorted.enumerated() {
            let bar = Self.bar(largest.isZero ? .zero : part.value / largest, width: barWidth, blocks: blocks)
            lines.append(DisplayWidth.pad(part.label, to: labelWidth) + "  " + Self.paint(DisplayWidth.pad(bar, to: barWidth), colour) + "  "
                         + String(repeating: " ", count: amountWidth - DisplayWidth.of(amounts[k])) + amounts[k] + "  "
                         + String(repeating: " ", count: shareWidth - DisplayWidth.of(shares[k])) + shares[k])
        }
        return lines.map { $0.trimmingTrailingSpaces() }.joined(separator: "\n")
    }

    /// Text in the bars' colour (cyan) when colour is on.
    static func paint(_ text: String, _ colour: Bool) -> String {
        colour ? "\u{1B}[36m" + text + "\u{1B}[0m" : text
    }

    /// A bar `fraction` (0…1) of `width` columns long, to the nearest eighth of a
    /// column with blocks, the nearest column with `#`; a part above zero shows at
    /// least a sliver.
    static func bar(_ fraction: Rational, width: Int, blocks: Bool) -> String {
        let steps = blocks ? 8 : 1
        var units = (fraction * Rational(width * steps)).roundedToInteger(.halfUp).intValue ?? 0
        if units == 0 && fraction.signum > 0 { units = 1 }
        if !blocks { return String(repeating: "#", count: units) }
        let eighths = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        return String(repeating: "█", count: units / 8) + eighths[units % 8]
    }
}

/// A comparison as paired bars: for each expression, one bar per scenario on a
/// common scale, with each scenario's change from the first (Δ and Δ%).
struct PairedBars {
    struct Group {
        let title: String
        /// Each scenario's value, its display, and its change from the first.
        let values: [Rational]
        let shown: [String]
        let changes: [String]
    }

    var scenarios: [String]
    var groups: [Group]
    var width: Int
    var blocks: Bool
    var colour = false

    func render() -> String {
        let nameWidth = scenarios.map { DisplayWidth.of($0) }.max() ?? 0
        let shownWidth = groups.flatMap(\.shown).map { DisplayWidth.of($0) }.max() ?? 0
        let changeWidth = groups.flatMap(\.changes).map { DisplayWidth.of($0) }.max() ?? 0
        let barWidth = max(10, width - 2 - nameWidth - shownWidth - changeWidth - 6)
        var lines: [String] = []
        for g in groups {
            lines.append(g.title)
            let largest = g.values.max() ?? .zero
            for (k, name) in scenarios.enumerated() {
                let bar = BarChart.bar(largest.isZero ? .zero : g.values[k] / largest, width: barWidth, blocks: blocks)
                let line = "  " + DisplayWidth.pad(name, to: nameWidth) + "  " + BarChart.paint(DisplayWidth.pad(bar, to: barWidth), colour) + "  "
                    + DisplayWidth.pad(g.shown[k], to: shownWidth, alignRight: true) + "  " + g.changes[k]
                lines.append(line.trimmingTrailingSpaces())
            }
        }
        return lines.joined(separator: "\n")
    }
}
