import Foundation
import Testing

@testable import Suanpan
@testable import SuanpanCharts
@testable import SuanpanData
@testable import SuanpanEvaluation
@testable import SuanpanLanguage

/// The SVG charts looked at as a person would: each is written by `chart … to
/// "file.svg"`, rendered to PNG by a real renderer (librsvg's rsvg-convert, which
/// Scripts/test installs with a CJK font), and the picture is checked against the
/// layout — its size, every bar drawn in its colour to its length, every text drawn
/// where it was placed and no wider than the room left for it, grade bands and points
/// where they belong.
enum SVGRendering {
    static let renderer: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin"
        return path.split(separator: ":").map { "\($0)/rsvg-convert" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Scripts/test sets SUANPAN_REQUIRE_RENDERER=1: there a missing renderer is a failure,
    /// not a reason to skip.
    static var required: Bool { ProcessInfo.processInfo.environment["SUANPAN_REQUIRE_RENDERER"] == "1" }

    static func png(of svgPath: String) throws -> PNGImage {
        let pngPath = svgPath + ".png"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: renderer!)
        process.arguments = [svgPath, "-o", pngPath]
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw PNGImage.Failure(description: "rsvg-convert exited \(process.terminationStatus)")
        }
        return try PNGImage(Array(try Data(contentsOf: URL(fileURLWithPath: pngPath))))
    }
}

@Suite struct SVGRendererPresence {
    @Test func rendererAndCJKFontAreThereWhenRequired() throws {
        guard SVGRendering.required else { return }
        #expect(SVGRendering.renderer != nil, "rsvg-convert is missing: Scripts/test should have installed librsvg2-bin")
        let fc = Process()
        fc.executableURL = URL(fileURLWithPath: "/usr/bin/fc-list")
        fc.arguments = [":lang=zh", "family"]
        let pipe = Pipe()
        fc.standardOutput = pipe
        try fc.run()
        fc.waitUntilExit()
        let fonts = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(
            !fonts.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
            "no CJK font: Scripts/test should have installed fonts-wqy-microhei")
    }
}

@Suite(.enabled(if: SVGRendering.renderer != nil)) final class SVGRenderTests {
    let folder: String
    let session: Session

    init() throws {
        folder = NSTemporaryDirectory() + "suanpan-render-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        session = Session()
        session.defaultDataset = { () throws(Diagnostic) in try DatasetLoader.loadBundled() }
    }

    deinit {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Runs `chart BODY to "…svg"` in the session, checks that the file holds the drawing
    /// the layout describes, and renders it.
    func drawn(_ body: String, file: String) throws -> (SVGChart, PNGImage) {
        let path = folder + "/" + file
        let out = session.outputs("chart \(body) to \"\(path)\"")
        #expect(out.count == 1 && out[0].hasPrefix("已写入 \(path)"), "\(out)")
        let statements = try Parser.parse(Source(name: "t", text: "chart \(body)"))
        guard case .chart(let chart) = statements[0] else { throw PNGImage.Failure(description: "not a chart") }
        let svg = try session.chartMaker().drawing(chart.body, title: nil, visiting: []).svg()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == svg.text)
        let png = try SVGRendering.png(of: path)
        return (svg, png)
    }

    /// What every chart must show: the declared size on a white ground; each bar filled
    /// with its colour over its whole box and exactly as long as laid out; each text
    /// drawn (ink inside its box) and kept inside its room (no ink beside it).
    func checkLayout(_ svg: SVGChart, _ png: PNGImage, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(png.width == svg.width && png.height == svg.height, sourceLocation: sourceLocation)
        for (x, y) in [(0, 0), (png.width - 1, 0), (0, png.height - 1), (png.width - 1, png.height - 1)] {
            #expect(png[x: x, y: y].near("#ffffff"), "corner \(x),\(y)", sourceLocation: sourceLocation)
        }
        // Everything laid out lies inside the picture.
        for (what, b) in svg.texts.map({ ($0.text, $0.box) }) + svg.bars.map({ ($0.label, $0.box) }) {
            #expect(
                b.x >= 0 && b.y >= 0 && b.x + b.width <= Double(svg.width) && b.y + b.height <= Double(svg.height),
                "「\(what)」 at \(b) is outside \(svg.width)×\(svg.height)", sourceLocation: sourceLocation)
        }
        let fills = Set(svg.bars.map(\.fill))
        for bar in svg.bars where bar.box.width >= 3 {
            let b = bar.box
            let inside = png.pixels(
                inX: Int(b.x.rounded(.up)) + 1, Int((b.x + b.width).rounded(.down)) - 2,
                y: Int(b.y.rounded(.up)) + 1, Int((b.y + b.height).rounded(.down)) - 2)
            let off = inside.filter { !$0.pixel.near(bar.fill) }
            #expect(
                off.isEmpty,
                "bar 「\(bar.label)」: \(off.count) of \(inside.count) pixels are not \(bar.fill), first \(off.first.map { "\($0.x),\($0.y)" } ?? "")",
                sourceLocation: sourceLocation)
            // Its length along the middle row, to a pixel.
            let y = Int(b.y + b.height / 2)
            var x = Int(b.x.rounded(.down))
            while x < png.width && !png[x: x, y: y].near(bar.fill, tolerance: 60) { x += 1 }
            var run = 0
            while x + run < png.width && png[x: x + run, y: y].near(bar.fill, tolerance: 60) { run += 1 }
            #expect(
                abs(Double(run) - b.width) <= 1.5, "bar 「\(bar.label)」 is \(run) px long, laid out \(b.width)",
                sourceLocation: sourceLocation)
        }
        for text in svg.texts {
            let b = text.box
            // Ink that is not a bar: glyphs, lines.
            func isText(_ p: PNGImage.Pixel) -> Bool { p.isInk && !fills.contains { p.near($0, tolerance: 40) } }
            let band = png.pixels(inX: Int(b.x) - 4, Int(b.x + b.width) + 4, y: Int(b.y) + 1, Int(b.y + b.height) - 1)
                .filter { isText($0.pixel) }
            #expect(band.count >= 6, "text 「\(text.text)」 is not drawn (\(band.count) ink pixels)", sourceLocation: sourceLocation)
            guard let left = band.map(\.x).min(), let right = band.map(\.x).max() else { continue }
            // (A single narrow glyph like 1 inks much less than its advance.)
            #expect(
                text.text.count < 3 || Double(right - left) >= b.width * 0.55,
                "text 「\(text.text)」 drawn \(right - left) px wide, laid out \(b.width)", sourceLocation: sourceLocation)
            // Nothing of it spills out of its box: a strip on either side is clear.
            let slack = 2 + b.width * 0.05
            let rows = (Int(b.y) + 1, Int(b.y + b.height) - 1)
            let leftStrip = png.pixels(inX: Int(b.x - slack) - 3, Int(b.x - slack) - 1, y: rows.0, rows.1)
            let rightStrip = png.pixels(
                inX: Int((b.x + b.width + slack).rounded(.up)) + 1, Int((b.x + b.width + slack).rounded(.up)) + 3, y: rows.0, rows.1)
            let spilled = (leftStrip + rightStrip).filter { p in
                isText(p.pixel)
                    && !svg.marks.contains { m in
                        Double(p.x) + 1 >= m.x - 1.5 && Double(p.x) <= m.x + m.width + 1.5 && Double(p.y) + 1 >= m.y - 1.5
                            && Double(p.y) <= m.y + m.height + 1.5
                    }
            }
            #expect(
                spilled.isEmpty,
                "text 「\(text.text)」 (laid out \(b.x)…\(b.x + b.width)) spills to x = \(spilled.map(\.x).sorted().first ?? 0)…",
                sourceLocation: sourceLocation)
        }
        // Texts and bars do not overlap one another as laid out.
        let boxes = svg.texts.map { ($0.text, $0.box) } + svg.bars.map { ($0.label, $0.box) }
        for i in boxes.indices {
            for j in boxes.indices where j > i {
                let a = boxes[i].1
                let c = boxes[j].1
                let overlap = a.x < c.x + c.width && c.x < a.x + a.width && a.y < c.y + c.height && c.y < a.y + a.height
                #expect(!overlap, "「\(boxes[i].0)」 and 「\(boxes[j].0)」 overlap", sourceLocation: sourceLocation)
            }
        }
    }

    @Test func structureChartsOfTheReport() throws {
        for (name, labels) in [
            ("本年支出决算结构图", ["项目支出", "基本支出"]),
            ("本年收入决算结构图", ["财政拨款收入", "其他收入"]),
            ("一般公共预算财政拨款支出决算结构图", ["201 一般公共服务支出", "208 社会保障和就业支出", "221 住房保障支出"]),
        ] {
            let (svg, png) = try drawn(name, file: "\(name).svg")
            #expect(svg.title == name)
            #expect(svg.bars.map(\.label) == labels)
            checkLayout(svg, png)
            // The largest part takes the whole bar length; the others in proportion.
            #expect(svg.bars[0].box.width == 360)
        }
        let (svg, _) = try drawn("本年支出决算结构图", file: "比例.svg")
        #expect(abs(svg.bars[1].box.width - 360 * 1858.67 / 7157.41) < 0.1)
        #expect(svg.texts.contains { $0.text == "为 0 的 3 项未画：上缴上级支出、经营支出、对附属单位补助支出" })
    }

    @Test func changeChartsOfTheReport() throws {
        for (name, title, before, after, change) in [
            ("收支决算总计变动情况图", "收、支决算总计变动情况图（单位：万元）", 9339.70, 9465.58, "+125.88  +1.35%"),
            ("财政拨款收支决算总计变动情况图", "财政拨款收、支决算总计变动情况图（单位：万元）", 8825.22, 9016.08, "+190.86  +2.16%"),
            ("一般公共预算财政拨款支出决算变动情况图", "一般公共预算财政拨款支出决算变动情况图（单位：万元）", 8825.22, 9016.08, "+190.86  +2.16%"),
        ] {
            let (svg, png) = try drawn(name, file: "\(name).svg")
            #expect(svg.title == title)
            checkLayout(svg, png)
            #expect(svg.bars.map(\.fill) == [SVGDocument.before, SVGDocument.bar])
            #expect(abs(svg.bars[0].box.width - 360 * before / after) < 0.1)
            #expect(svg.texts.map(\.text).contains(change))
        }
    }

    @Test func aSensitivityPlotWithBandsAndABreakpoint() throws {
        let (svg, png) = try drawn("table 项目[\"运维\"].总分 for 项目[\"运维\"].全年执行数 in 0..4400 step 400", file: "曲线.svg")
        checkLayout(svg, png)
        #expect(svg.points.count == 12)
        for p in svg.points {
            #expect(png[x: Int(p.x.rounded()), y: Int(p.y.rounded())].near(SVGDocument.bar, tolerance: 40), "point \(p)")
        }
        // The 优 band is a dashed red line across the plot.
        #expect(svg.levels.count == 1)
        let y = Int(svg.levels[0].rounded())
        let red = (0..<png.width).filter {
            png[x: $0, y: y].near(SVGDocument.level, tolerance: 60) || png[x: $0, y: y + 1].near(SVGDocument.level, tolerance: 60)
        }
        #expect(red.count >= 300, "level line: \(red.count) red pixels")

        // Long axis names make the picture wider, not cut off.
        _ = session.outputs("x = 0")
        let long = (1...30).map { _ in "x" }.joined(separator: " + ")
        _ = session.outputs("figure 短图 \"短\" = table \(long) for x in 0..3 step 1")
        let (wide, widePNG) = try drawn("短图", file: "长名.svg")
        #expect(wide.title == "短")
        checkLayout(wide, widePNG)

        let (capped, cappedPNG) = try drawn("table 项目[\"运维\"].总分 for 项目[\"运维\"].调整后预算数 in 3000..7000 step 250", file: "封顶.svg")
        checkLayout(capped, cappedPNG)
        #expect(capped.texts.contains { $0.text.hasPrefix("拐点 ▲ 4,250") })
    }

    @Test func longLabelsAndScenarios() throws {
        let (svg, png) = try drawn("项目.调整后预算数", file: "项目.svg")
        checkLayout(svg, png)
        #expect(svg.bars.count == 8)
        _ = session.outputs("scenario 压减 { assume 项目[\"运维\"].调整后预算数 = 6000 }")
        let (compare, comparePNG) = try drawn("compare baseline, 压减 : 项目[\"运维\"].总分, sum(项目.总分)", file: "情景.svg")
        checkLayout(compare, comparePNG)
        #expect(compare.bars.count == 4)
        // Values below 0 go left of a zero axis, on the same scale.
        let (negative, negativePNG) = try drawn("change \"2021年\": 30, \"2022年\": -10", file: "负数.svg")
        checkLayout(negative, negativePNG)
        let (before, after) = (negative.bars[0].box, negative.bars[1].box)
        #expect(abs(after.x + after.width - before.x) < 0.01, "the negative bar ends where the positive one starts")
        #expect(abs(before.width - 3 * after.width) < 0.1)
    }
}
