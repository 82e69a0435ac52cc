import PropertyBased
import Testing

@testable import Suanpan
@testable import SuanpanCharts
@testable import SuanpanData
@testable import SuanpanEvaluation
@testable import SuanpanLanguage

/// The SVG text itself: well-formed XML whatever the labels hold, coordinates written
/// plainly, round axis values.
@Suite struct SVGTests {
    static func parsed(_ svg: SVGChart) throws -> [XML.Event] {
        try XMLReader.events(Array(svg.text.utf8))
    }

    /// The texts of the elements named `name`, in order.
    static func texts(_ events: [XML.Event], in name: String) -> [String] {
        events.compactMap { if case .text(let inside, let t) = $0, inside == name { return t } else { return nil } }
    }

    @Test func everyShapeIsWellFormedWithHostileLabels() throws {
        let format = NumberFormat()
        let hostile = ["<甲&乙>", "\"引号\"", "a]]>b", "控制\u{0}\u{1}\u{1B}字符", "换\t行\n", "&amp;"]
        let bars = BarChart(
            title: "</svg>标题", parts: hostile.enumerated().map { .init(label: $1, value: Rational($0 + 1)) },
            width: 80, blocks: false, format: format)
        let events = try Self.parsed(bars.svg())
        #expect(Self.texts(events, in: "title").first == "</svg>标题")
        let labels = Self.texts(events, in: "title").dropFirst()
        #expect(Set(labels) == Set(["<甲&乙>", "\"引号\"", "a]]>b", "控制\u{FFFD}\u{FFFD}\u{FFFD}字符", "换 行 ", "&amp;"]))

        let pairs = PairedBars(
            title: "a<b", scenarios: ["基线", "情景&1"],
            groups: [.init(title: "总分>90", values: [Rational(1), Rational(2)], shown: ["1", "2"], changes: ["", "+1  +100.00%"])],
            width: 80, blocks: false)
        #expect(Self.texts(try Self.parsed(pairs.svg()), in: "text").contains("总分>90"))

        let plot = LinePlot(
            title: "x & y", xName: "<x>", yName: "\"y\"", xs: [Rational(0), Rational(1), Rational(2)],
            ys: [Rational(1), Rational(1), Rational(0)], xText: { NumberFormat().plain($0) }, yText: { NumberFormat().plain($0) },
            levels: [.init(label: "优 ≥", value: Rational(1))], width: 80, blocks: false)
        let plotEvents = try Self.parsed(plot.svg())
        #expect(Self.texts(plotEvents, in: "text").contains("<x>"))
        #expect(Self.texts(plotEvents, in: "text").contains { $0.hasPrefix("拐点 ▲ 1") }, "\(Self.texts(plotEvents, in: "text"))")
    }

    @Test func anyLabelSurvivesTheRoundTrip() async {
        let scalars: [Unicode.Scalar] = [
            "a", "<", "&", ">", "\"", "'", "]", " ", "\u{0}", "\u{1}", "\t", "\n", "\r", "\u{1B}", "\u{7F}",
            "\u{85}", "\u{301}", "执", "、", "😀", "\u{FFFD}", "\u{FFFE}", "\u{FFFF}", "\u{E000}",
        ]
        await propertyCheck(count: 500, input: Gen.element(of: scalars).array(of: 0...12)) { picked in
            let scalars = picked.compactMap { $0 }
            var label = ""
            label.unicodeScalars.append(contentsOf: scalars)
            let chart = BarChart(title: "t", parts: [.init(label: label, value: .one)], width: 80, blocks: false, format: NumberFormat())
            let svg = chart.svg()
            let events = try? Self.parsed(svg)
            #expect(events != nil, "not well-formed for \(scalars.map(\.value))")
            var expected = ""
            for s in scalars {
                switch s.value {
                case 0x09, 0x0A, 0x0D: expected += " "
                // Controls (C0 and C1, which HTML forbids too) and the two non-characters.
                case 0..<0x20, 0x7F...0x9F, 0xFFFE, 0xFFFF: expected += "\u{FFFD}"
                default: expected.unicodeScalars.append(s)
                }
            }
            // An empty element has no text event.
            let shown = events.map { Self.texts($0, in: "title") } ?? []
            #expect(expected.isEmpty || shown.contains(expected), "\(scalars.map(\.value)) shown as \(shown)")
        }
    }

    @Test func coordinatesToATenth() {
        #expect(SVGDocument.n(12) == "12")
        #expect(SVGDocument.n(12.25) == "12.3")
        #expect(SVGDocument.n(0.04) == "0")
        #expect(SVGDocument.n(-0.04) == "0")
        #expect(SVGDocument.n(-0.06) == "-0.1")
        #expect(SVGDocument.n(-12.34) == "-12.3")
    }

    @Test func axisValuesAreRound() {
        func r(_ s: String) -> Rational { DecimalText.parse(s)! }
        #expect(LinePlot.ticks(r("0"), r("4400")) == [r("0"), r("1000"), r("2000"), r("3000"), r("4400")])
        #expect(LinePlot.ticks(r("96.23"), r("100")) == [r("96.23"), r("97"), r("98"), r("99"), r("100")])
        #expect(LinePlot.ticks(r("3000"), r("7000")) == [r("3000"), r("4000"), r("5000"), r("6000"), r("7000")])
        #expect(LinePlot.ticks(r("0.5"), r("0.51")) == [r("0.5"), r("0.502"), r("0.504"), r("0.506"), r("0.508"), r("0.51")])
        #expect(LinePlot.ticks(r("5"), r("5")) == [r("5")])
    }

    @Test func widthsAreEstimatedByKindOfCharacter() {
        #expect(SVGDocument.textWidth("支出", size: 10) == 20)
        #expect(abs(SVGDocument.textWidth("12", size: 10) - 11.2) < 1e-9)
        #expect(abs(SVGDocument.textWidth("1,2", size: 10) - 14.5) < 1e-9)
    }
}
