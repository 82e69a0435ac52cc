import PropertyBased
import Testing

@testable import Suanpan
@testable import SuanpanCharts
@testable import SuanpanData
@testable import SuanpanEvaluation
@testable import SuanpanLanguage

@Suite struct XMLReaderTests {
    func events(_ s: String) throws -> [XML.Event] { try XMLReader.events(Array(s.utf8)) }

    @Test func partsAsWorkbooksWriteThem() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <!-- 注释 -->
            <x:sst xmlns:x="urn:x" count='2'><si><t xml:space="preserve"> 项目 &amp; 指标 </t></si>\
            <si><r><t>a&lt;b&#x4E00;&#20108;</t></r><rPh><t>ピン</t></rPh></si><c r="A1"/><v><![CDATA[1<2]]></v></x:sst>
            """
        #expect(
            try events(xml) == [
                .startWith("sst", ["xmlns:x": "urn:x", "count": "2"]), .startWith("si", [:]), .startWith("t", ["xml:space": "preserve"]),
                .text(inside: "t", " 项目 & 指标 "), .end("t"), .end("si"), .startWith("si", [:]), .startWith("r", [:]), .startWith("t", [:]),
                .text(inside: "t", "a<b一二"), .end("t"), .end("r"), .startWith("rPh", [:]), .startWith("t", [:]), .text(inside: "t", "ピン"),
                .end("t"), .end("rPh"), .end("si"), .startWith("c", ["r": "A1"]), .end("c"), .startWith("v", [:]),
                .text(inside: "v", "1<2"),
                .end("v"), .end("sst"),
            ])
    }

    @Test func malformedPartsAreRefusedWithALine() {
        let bad = [
            "", "text", "<a>", "<a></b>", "<a><b></a></b>", "<a b=1/>", "<a b='1' b='2'/>", "<a b='<'/>", "<a>&nope;</a>",
            "<a>&#0;</a>", "<a>&#xD800;</a>", "<a>&amp</a>", "<!DOCTYPE a [<!ENTITY x 'y'>]><a/>", "<a/><b/>", "<a/>text",
            "<a><!-- open</a>", "<a><![CDATA[x</a>", "<a\u{0}/>", "<?xml", "<a b='1'c='2'/>", "</a>", "<>", "<a></>",
        ]
        for s in bad {
            #expect(throws: XMLReader.Failure.self, "\(s)") { try events(s) }
        }
        #expect(throws: XMLReader.Failure.self) { try XMLReader.events([0x3C, 0x61, 0xFF, 0x2F, 0x3E]) }
        do {
            _ = try XMLReader.events(Array("<a>\n<b>\n</a>".utf8))
            Issue.record("mismatched tags read")
        } catch {
            #expect(error.line == 3)
        }
    }

    /// Documents written from random trees read back as the same events.
    @Test func writtenTreesReadBack() async {
        let names = ["a", "si", "x:row", "t", "项目"]
        let texts = ["", "1", "a&b", "<>", "\"'", "执行率 95%", " ", "]]"]
        let gen = zip(Gen.element(of: names).array(of: 1...8), Gen.element(of: texts).array(of: 1...8), Gen.int(in: 0...255).array(of: 8))
        await propertyCheck(count: 300, input: gen) { ns, ts, shape in
            var xml = ""
            var expected: [XML.Event] = []
            var stack: [String] = []
            func escape(_ s: String) -> String {
                s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                    .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            }
            func local(_ n: String) -> String { String(n.split(separator: ":").last ?? Substring(n)) }
            let root = ns[0] ?? "a"
            xml += "<\(root)>"
            expected.append(.startWith(local(root), [:]))
            stack.append(root)
            for (k, name) in ns.dropFirst().enumerated() {
                guard let name else { continue }
                let text = ts[k % ts.count] ?? ""
                let attr = ts[(k + 1) % ts.count] ?? ""
                xml += "<\(name) v=\"\(escape(attr))\">\(escape(text))"
                expected.append(.startWith(local(name), ["v": attr]))
                if !text.isEmpty { expected.append(.text(inside: local(name), text)) }
                if (shape[k % shape.count] ?? 0) % 2 == 0 {
                    xml += "</\(name)>"
                    expected.append(.end(local(name)))
                } else {
                    stack.append(name)
                }
            }
            for name in stack.reversed() {
                xml += "</\(name)>"
                expected.append(.end(local(name)))
            }
            #expect((try? XMLReader.events(Array(xml.utf8))) == expected, "\(xml)")
        }
    }
}
