import SuanpanLanguage

/// A finished SVG drawing: its text, size and title, and where its marks are — the
/// tests render it to PNG and check the pixels against these boxes.
public struct SVGChart: Sendable {
    public let text: String
    public let width: Int
    public let height: Int
    public let title: String
    /// Each bar with its label and colour.
    public let bars: [(label: String, box: SVGBox, fill: String)]
    /// Each point of a plot.
    public let points: [(x: Double, y: Double)]
    /// Each text with the box it is expected to fill.
    public let texts: [(text: String, box: SVGBox)]
    /// Each horizontal level line (grade bands) at its height.
    public let levels: [Double]
    /// The bounding box of every shape that is not text (bars, lines, points).
    public let marks: [SVGBox]
}

public struct SVGBox: Sendable, Equatable {
    public let x: Double
    public let y: Double
    public let width: Double
    public let height: Double
}

/// Writes an SVG document element by element: text escaped for XML, numbers to a
/// tenth of a pixel, Chinese text in a font-family list that falls back to whatever
/// CJK font the system has. Widths of text are estimated (a CJK character is one em,
/// a digit or Latin letter a little over half), which is what the layouts need to
/// keep labels clear of bars.
package struct SVGDocument {
    /// Fonts for Chinese text: the common CJK families of Linux, macOS and Windows,
    /// then the generic family.
    static let fontFamily =
        "'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', 'PingFang SC', "
        + "'Hiragino Sans GB', 'Microsoft YaHei', 'SimHei', sans-serif"

    static let background = "#ffffff"
    static let ink = "#1a202c"
    static let muted = "#4a5568"
    package static let bar = "#2b6cb0"
    /// Bars of the first period or scenario (the one the others are compared with).
    package static let before = "#90cdf4"
    static let palette = [before, bar, "#dd6b20", "#38a169", "#805ad5"]
    package static let level = "#c53030"
    package static let rule = "#a0aec0"
    package static let grid = "#e2e8f0"

    static let margin = 24.0

    package enum Anchor: String {
        case start, middle, end
    }

    private var elements: [String] = []
    private var bars: [(label: String, box: SVGBox, fill: String)] = []
    private var points: [(x: Double, y: Double)] = []
    private var texts: [(text: String, box: SVGBox)] = []
    private var levels: [Double] = []
    private var marks: [SVGBox] = []

    /// Records the box of a shape spanning these points, `pad` around.
    private mutating func mark(_ xy: [(Double, Double)], pad: Double) {
        let xs = xy.map(\.0)
        let ys = xy.map(\.1)
        let x0 = xs.min()! - pad
        let y0 = ys.min()! - pad
        marks.append(SVGBox(x: x0, y: y0, width: xs.max()! + pad - x0, height: ys.max()! + pad - y0))
    }

    /// Text with its baseline at `y`.
    package mutating func text(
        _ s: String, x: Double, y: Double, size: Double, anchor: Anchor = .start, bold: Bool = false,
        fill: String = ink
    ) {
        let w = Self.textWidth(s, size: size)
        let left = anchor == .start ? x : anchor == .middle ? x - w / 2 : x - w
        texts.append((s, SVGBox(x: left, y: y - size * 0.88, width: w, height: size * 1.1)))
        var attributes = "x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" font-size=\"\(Self.n(size))\" fill=\"\(fill)\""
        if anchor != .start { attributes += " text-anchor=\"\(anchor.rawValue)\"" }
        if bold { attributes += " font-weight=\"bold\"" }
        elements.append("<text \(attributes)>\(Self.escape(s))</text>")
    }

    package mutating func bar(_ label: String, x: Double, y: Double, width: Double, height: Double, fill: String = bar) {
        bars.append((label, SVGBox(x: x, y: y, width: width, height: height), fill))
        mark([(x, y), (x + width, y + height)], pad: 0)
        elements.append(
            "<rect x=\"\(Self.n(x))\" y=\"\(Self.n(y))\" width=\"\(Self.n(width))\" height=\"\(Self.n(height))\" fill=\"\(fill)\"><title>\(Self.escape(label))</title></rect>"
        )
    }

    package mutating func line(
        _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String = muted, width: Double = 1,
        dash: String? = nil
    ) {
        mark([(x1, y1), (x2, y2)], pad: width / 2)
        elements.append(
            "<line x1=\"\(Self.n(x1))\" y1=\"\(Self.n(y1))\" x2=\"\(Self.n(x2))\" y2=\"\(Self.n(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(Self.n(width))\""
                + (dash.map { " stroke-dasharray=\"\($0)\"" } ?? "") + "/>")
    }

    /// A dashed horizontal line at a marked level.
    package mutating func level(_ y: Double, from x1: Double, to x2: Double) {
        levels.append(y)
        line(x1, y, x2, y, stroke: Self.level, width: 1.5, dash: "6 4")
    }

    mutating func polyline(_ xy: [(Double, Double)], stroke: String = bar) {
        mark(xy, pad: 1)
        let list = xy.map { "\(Self.n($0.0)),\(Self.n($0.1))" }.joined(separator: " ")
        elements.append("<polyline points=\"\(list)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"2\" stroke-linejoin=\"round\"/>")
    }

    mutating func point(_ x: Double, _ y: Double, radius: Double = 3.5, fill: String = bar) {
        points.append((x, y))
        mark([(x, y)], pad: radius)
        elements.append("<circle cx=\"\(Self.n(x))\" cy=\"\(Self.n(y))\" r=\"\(Self.n(radius))\" fill=\"\(fill)\"/>")
    }

    mutating func triangle(_ x: Double, _ y: Double, size: Double = 6, fill: String = level) {
        mark([(x, y), (x - size, y + size * 1.4), (x + size, y + size * 1.4)], pad: 0)
        let list = [(x, y), (x - size, y + size * 1.4), (x + size, y + size * 1.4)].map { "\(Self.n($0.0)),\(Self.n($0.1))" }
        elements.append("<polygon points=\"\(list.joined(separator: " "))\" fill=\"\(fill)\"/>")
    }

    /// The whole document, `width` × `height` pixels (rounded up), on a white ground.
    func finish(width: Double, height: Double, title: String, description: String) -> SVGChart {
        let w = Int(width.rounded(.up))
        let h = Int(height.rounded(.up))
        var lines = [
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(w)\" height=\"\(h)\" viewBox=\"0 0 \(w) \(h)\" xml:lang=\"zh-CN\" font-family=\"\(Self.fontFamily)\">",
            "<title>\(Self.escape(title))</title>",
            "<desc>\(Self.escape(description))</desc>",
            "<rect width=\"\(w)\" height=\"\(h)\" fill=\"\(Self.background)\"/>",
        ]
        lines += elements
        lines.append("</svg>")
        return SVGChart(
            text: lines.joined(separator: "\n") + "\n", width: w, height: h, title: title, bars: bars,
            points: points, texts: texts, levels: levels, marks: marks)
    }

    /// The estimated width of `s` at `size` pixels: a wide (CJK) character is one em, a
    /// narrow mark a third, other characters 0.56 em.
    static func textWidth(_ s: String, size: Double) -> Double {
        var ems = 0.0
        for scalar in s.unicodeScalars {
            switch DisplayWidth.of(scalar) {
            case 0: continue
            case 2: ems += 1
            default: ems += ",.:;'|!il()[]".unicodeScalars.contains(scalar) ? 0.33 : 0.56
            }
        }
        return ems * size
    }

    static func textWidth(_ strings: [String], size: Double) -> Double {
        strings.map { textWidth($0, size: size) }.max() ?? 0
    }

    /// A coordinate to a tenth of a pixel, without a trailing ".0".
    package static func n(_ x: Double) -> String {
        let tenths = Int((x * 10).rounded())
        let whole = tenths / 10
        let rest = abs(tenths % 10)
        let sign = tenths < 0 && whole == 0 ? "-" : ""
        return rest == 0 ? "\(sign)\(whole)" : "\(sign)\(whole).\(rest)"
    }

    /// Text safe inside an element or a quoted attribute.
    static func escape(_ s: String) -> String { MarkupText.escape(s) }

    /// A fraction (0…1 for what is drawn) as a Double, to 1/100,000.
    package static func fraction(_ r: Rational) -> Double {
        Double((r * Rational(100_000)).roundedToInteger(.halfUp).intValue ?? 0) / 100_000
    }
}
