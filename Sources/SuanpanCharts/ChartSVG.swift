import SuanpanLanguage

/// The three chart shapes as SVG, with the same layout decisions as their text
/// renderings (largest first, 其他, parts that are 0 listed under the chart; the change
/// from the first period; grade bands and breakpoints on a plot).
extension BarChart {
    package func svg() -> SVGChart {
        typealias D = SVGDocument
        let layout = self.layout
        let m = D.margin
        let labelSize = 14.0
        let rowHeight = 30.0
        let barHeight = 18.0
        let barMax = 360.0
        let labels = layout.parts.map(\.label)
        let amounts = layout.parts.map { format.plain($0.value) }
        let shares = layout.parts.map { share($0.value, of: layout.total) }
        let barX = m + D.textWidth(labels, size: labelSize) + 12
        let amountRight = barX + barMax + 12 + D.textWidth(amounts, size: labelSize)
        let shareRight = amountRight + 16 + D.textWidth(shares, size: labelSize)
        let subtitle = "合计 \(format.plain(layout.total))"

        var d = D()
        d.text(title, x: m, y: m + 18, size: 18, bold: true)
        d.text(subtitle, x: m, y: m + 42, size: 13, fill: D.muted)
        let top = m + 58
        for (k, part) in layout.parts.enumerated() {
            let rowTop = top + Double(k) * rowHeight
            let baseline = rowTop + rowHeight / 2 + 5
            d.text(part.label, x: m, y: baseline, size: labelSize)
            let fraction = layout.largest.isZero ? 0 : D.fraction(part.value / layout.largest)
            d.bar(part.label, x: barX, y: rowTop + (rowHeight - barHeight) / 2, width: max(1, fraction * barMax), height: barHeight)
            d.text(amounts[k], x: amountRight, y: baseline, size: labelSize, anchor: .end)
            d.text(shares[k], x: shareRight, y: baseline, size: labelSize, anchor: .end, fill: D.muted)
        }
        var y = top + Double(layout.parts.count) * rowHeight
        var notes: [String] = []
        if let note = layout.zeroNote { notes.append(note) }
        for note in notes {
            y += 20
            d.text(note, x: m, y: y, size: 12, fill: D.muted)
        }
        let width = max(shareRight, m + D.textWidth(title, size: 18), m + D.textWidth(notes, size: 12)) + m
        let description = zip(layout.parts, zip(amounts, shares)).map { "\($0.label) \($1.0)（\($1.1)）" }.joined(separator: "；")
        return d.finish(width: width, height: y + m, title: title, description: subtitle + "。" + description)
    }
}

extension PairedBars {
    package func svg() -> SVGChart {
        typealias D = SVGDocument
        let m = D.margin
        let size = 14.0
        let rowHeight = 28.0
        let barHeight = 16.0
        let barMax = 360.0
        let barX = m + 16 + D.textWidth(scenarios, size: size) + 12
        let shownRight = barX + barMax + 12 + D.textWidth(groups.flatMap(\.shown), size: size)
        let changeWidth = D.textWidth(groups.flatMap(\.changes), size: size)
        let heading = title ?? groups.map(\.title).joined(separator: "、")

        var d = D()
        var y = m
        if let title {
            y += 18
            d.text(title, x: m, y: y, size: 18, bold: true)
            y += 10
        }
        for g in groups {
            y += 26
            d.text(g.title, x: m, y: y, size: title == nil ? 16 : 15, bold: true)
            y += 8
            let span = g.high - g.low
            let zeroX = barX + (g.low.isZero ? 0 : D.fraction(-g.low / span) * barMax)
            if !g.low.isZero {
                d.line(zeroX, y + 2, zeroX, y + Double(scenarios.count) * rowHeight - 2)
            }
            for (k, name) in scenarios.enumerated() {
                let baseline = y + rowHeight / 2 + 5
                d.text(name, x: m + 16, y: baseline, size: size)
                let v = g.values[k]
                let length = v.isZero || span.isZero ? 0 : max(1, D.fraction(v.magnitude / span) * barMax)
                d.bar(
                    "\(g.title) · \(name)", x: v.signum < 0 ? zeroX - length : zeroX, y: y + (rowHeight - barHeight) / 2,
                    width: length, height: barHeight, fill: D.palette[k % D.palette.count])
                d.text(g.shown[k], x: shownRight, y: baseline, size: size, anchor: .end)
                if !g.changes[k].isEmpty {
                    d.text(g.changes[k], x: shownRight + 16, y: baseline, size: size, fill: g.changes[k].hasPrefix("-") ? D.level : D.muted)
                }
                y += rowHeight
            }
        }
        let width =
            max(
                shownRight + 16 + changeWidth, m + D.textWidth(title ?? "", size: 18),
                m + D.textWidth(groups.map(\.title), size: title == nil ? 16 : 15)) + m
        let description = groups.map { g in
            g.title + "："
                + zip(scenarios, zip(g.shown, g.changes)).map { "\($0) \($1.0)" + ($1.1.isEmpty ? "" : "（\($1.1)）") }.joined(separator: "，")
        }.joined(separator: "；")
        return d.finish(width: width, height: y + m, title: heading, description: description)
    }
}

extension LinePlot {
    package func svg() -> SVGChart {
        typealias D = SVGDocument
        let m = D.margin
        let size = 12.0
        let plotWidth = 560.0
        let plotHeight = 280.0
        let lo = ([ys.min() ?? .zero] + levels.map(\.value)).min()!
        let hi = ([ys.max() ?? .one] + levels.map(\.value)).max()!
        let span = hi == lo ? Rational.one : hi - lo
        let x0 = xs.first ?? .zero
        let x1 = xs.last ?? .zero
        let xSpan = x1 - x0
        let yTicks = Self.ticks(lo, hi)
        let xTicks = Self.ticks(x0, x1)
        let yLabels = yTicks.map(yText)
        let levelTexts = levels.map { "\($0.label) \(yText($0.value))" }
        let left = m + D.textWidth(yLabels, size: size) + 12
        let top = m + 18 + 34
        let bottom = top + plotHeight
        let right = left + plotWidth
        func xAt(_ v: Rational) -> Double { xSpan.isZero ? left : left + D.fraction((v - x0) / xSpan) * plotWidth }
        func px(_ i: Int) -> Double { xAt(xs[i]) }
        func py(_ v: Rational) -> Double { top + D.fraction((hi - v) / span) * plotHeight }

        var d = D()
        d.text(title, x: m, y: m + 18, size: 18, bold: true)
        d.text(yName, x: left, y: top - 12, size: size, fill: D.muted)
        d.line(left, top, left, bottom)
        d.line(left, bottom, right, bottom)
        // Round values along each axis: a faint line and the value at each.
        for v in yTicks {
            if v != lo && v != hi { d.line(left, py(v), right, py(v), stroke: D.grid) }
            d.text(yText(v), x: left - 8, y: py(v) + 4, size: size, anchor: .end)
        }
        for (k, level) in levels.enumerated() {
            d.level(py(level.value), from: left, to: right)
            d.text(levelTexts[k], x: right + 6, y: py(level.value) + 4, size: size, fill: D.level)
        }
        let (breaks, more) = markedBreakpoints
        for b in breaks {
            d.line(px(b.index), top, px(b.index), bottom, stroke: D.rule, dash: "3 3")
            d.triangle(px(b.index), bottom + 3)
        }
        // Tick marks under the axis, beneath the points drawn next.
        for v in xTicks { d.line(xAt(v), bottom, xAt(v), bottom + 4) }
        d.polyline(ys.indices.map { (px($0), py(ys[$0])) })
        // Dots while they can be told apart; a dense table is its line alone.
        if ys.count <= 200 { for i in ys.indices { d.point(px(i), py(ys[i])) } }
        var y = bottom + 30
        for v in xTicks { d.text(xText(v), x: xAt(v), y: y, size: size, anchor: .middle) }
        y += 22
        // The variable's name under the middle of the axis, or from its start when longer.
        if D.textWidth(xName, size: size) <= plotWidth {
            d.text(xName, x: left + plotWidth / 2, y: y, size: size, anchor: .middle, fill: D.muted)
        } else {
            d.text(xName, x: left, y: y, size: size, fill: D.muted)
        }
        var listing: [String] = []
        for b in breaks {
            let line = "拐点 ▲ \(xText(xs[b.index]))（值 \(yText(ys[b.index]))）：\(b.kind)"
            listing.append(line)
            y += 20
            d.text(line, x: left, y: y, size: size, fill: D.ink)
        }
        if let more {
            listing.append(more)
            y += 20
            d.text(more, x: left, y: y, size: size, fill: D.muted)
        }
        let width =
            max(
                right + (levelTexts.isEmpty ? 0 : 6 + D.textWidth(levelTexts, size: size)),
                m + D.textWidth(title, size: 18), left + D.textWidth(listing + [yName, xName], size: size)) + m
        let description =
            "\(yName) 随 \(xName) 从 \(xText(x0)) 到 \(xText(x1)) 变化，共 \(xs.count) 个点"
            + (listing.isEmpty ? "" : "；" + listing.joined(separator: "；"))
        return d.finish(width: width, height: y + m, title: title, description: description)
    }

    /// Round values from `lo` to `hi` for an axis: both ends, and between them the
    /// multiples of the step of 1, 2 or 5 × 10ⁿ nearest a quarter of the range (those
    /// too close to an end left out, so labels do not collide).
    static func ticks(_ lo: Rational, _ hi: Rational) -> [Rational] {
        guard lo < hi else { return [lo] }
        let rough = (hi - lo) / Rational(4)
        var step = Rational.one
        var guardCount = 0
        while step * Rational(10) <= rough && guardCount < 400 {
            step = step * Rational(10)
            guardCount += 1
        }
        while step > rough && guardCount < 400 {
            step = step / Rational(10)
            guardCount += 1
        }
        // The candidate nearest the rough step (by ratio).
        step = [step, step * Rational(2), step * Rational(5), step * Rational(10)].min { a, b in
            Swift.max(a / rough, rough / a) < Swift.max(b / rough, rough / b)
        }!
        // A range beyond what the step search reaches (over 10^400) gets its ends only.
        guard (hi - lo) / step <= Rational(50) else { return [lo, hi] }
        var out = [lo]
        var t = (lo / step).roundedToInteger(.ceiling) * step
        while t < hi {
            if (t - lo) >= step / Rational(2) && (hi - t) >= step / Rational(2) { out.append(t) }
            t = t + step
        }
        return out + [hi]
    }
}
