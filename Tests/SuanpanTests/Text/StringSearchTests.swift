import PropertyBased
import Testing

@testable import Suanpan
@testable import SuanpanCharts
@testable import SuanpanData
@testable import SuanpanEvaluation
@testable import SuanpanLanguage

/// Text search by bytes agrees with a plain search over the scalars, NUL included
/// (Foundation's `contains` treats NUL as the end and crashed on a row key with NULs).
@Suite struct StringSearchTests {
    static func naive(_ h: String, _ n: String) -> Bool {
        let hs = Array(h.unicodeScalars)
        let ns = Array(n.unicodeScalars)
        if ns.isEmpty { return true }
        guard ns.count <= hs.count else { return false }
        return (0...(hs.count - ns.count)).contains { Array(hs[$0..<($0 + ns.count)]) == ns }
    }

    @Test func includesAgreesWithAScalarSearch() async {
        let pieces = ["合", "计", "\u{0}", "\t", "a", "ab", "执行率", "é", "😀"]
        let text = Gen.element(of: pieces).array(of: 0...8).map { $0.compactMap { $0 }.joined() }
        await propertyCheck(count: 2_000, input: text, text) { h, n in
            #expect(h.includes(n) == Self.naive(h, n), "\(h.debugDescription) \(n.debugDescription)")
        }
        #expect(!"合计".includes("合计\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}\u{0}"))
        #expect(!"ab".includes("ab\u{0}"))
        #expect("a\u{0}b".includes("\u{0}b"))
    }

    @Test func replacingAllKeepsEverythingElse() {
        #expect("a\u{0}b\u{0}c".replacingAll("\u{0}", with: "、") == "a、b、c")
        #expect("执行率执行率".replacingAll("执行", with: "") == "率率")
        #expect("abc".replacingAll("", with: "x") == "abc")
        #expect("aaa".replacingAll("aa", with: "b") == "ba")
    }
}

/// The word-at-a-time test for a template's marks (`**`, `(`, the lead byte of `（`)
/// says yes exactly when some byte is one of them, at every length and position.
@Suite struct TemplateMarkScanTests {
    @Test func agreesWithAByteScan() async {
        let bytes = Gen.element(of: [0x2A, 0x28, 0xEF, 0x00, 0x29, 0xE5, 0x80, 0x41, 0xFF, 0x6A] as [UInt8]).array(of: 0...40)
        await propertyCheck(count: 3_000, input: bytes) { raw in
            let b = raw.compactMap { $0 }
            let expected = b.contains { $0 == 0x2A || $0 == 0x28 || $0 == 0xEF }
            #expect(b.withUnsafeBufferPointer { IndicatorLayout.mayHaveTemplateMark($0) } == expected, "\(b)")
        }
    }
}
