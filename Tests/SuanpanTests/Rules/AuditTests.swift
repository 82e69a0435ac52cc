import Testing

@testable import Suanpan
@testable import SuanpanCharts
@testable import SuanpanData
@testable import SuanpanEvaluation
@testable import SuanpanLanguage

@Suite struct AuditTests {
    func r(_ s: String) -> Rational { DecimalText.parse(s) ?? .zero }

    @Test func printedPrecision() {
        #expect(printedPlaces("9,465.58") == 2)
        #expect(printedPlaces("161.4%") == 3)
        #expect(printedPlaces("95") == 0)
        #expect(printedPlaces("27,499.988") == 3)
    }

    /// rules.md: within rounding when the published figure is a correct rounding of
    /// some value within the inputs' rounding of the computed one.
    @Test func roundingOrDiscrepancy() {
        // 合计 9,017.39 against three 2-decimal items summing to 9,017.40: ±0.015 explains it.
        #expect(withinRounding(published: r("9017.39"), places: 2, computed: r("9017.40"), tolerance: r("0.015")))
        // Exact inputs: 9,017.39 is not a rounding of 9,017.40.
        #expect(!withinRounding(published: r("9017.39"), places: 2, computed: r("9017.40"), tolerance: .zero))
        // 95 printed without decimals is a correct rounding of 94.89.
        #expect(withinRounding(published: r("95"), places: 0, computed: r("94.89"), tolerance: .zero))
        // 70 is not a rounding of 100.
        #expect(!withinRounding(published: r("70"), places: 0, computed: r("100"), tolerance: .zero))
        // 1.35% (0.0135, 4 places) rounds 0.013477… half-up; 1.34% does not.
        let growth = r("125.88") / r("9339.70")
        #expect(withinRounding(published: r("0.0135"), places: 4, computed: growth, tolerance: .zero))
        #expect(!withinRounding(published: r("0.0134"), places: 4, computed: growth, tolerance: .zero))
        // Half-up at the boundary: 0.125 prints as 0.13, not 0.12.
        #expect(withinRounding(published: r("0.13"), places: 2, computed: r("0.125"), tolerance: .zero))
        #expect(!withinRounding(published: r("0.12"), places: 2, computed: r("0.125"), tolerance: .zero))
    }

    @Test func bundledDatasetFindings() throws {
        let session = Session()
        session.defaultDataset = { () throws(Diagnostic) in try DatasetLoader.loadBundled() }
        let report = try session.audit { _ in }
        let real = report.findings.filter { $0.verdict == .discrepancy }.map(\.place)
        // The transfer-payment table prints 70, but its indicators (增强 met → 30 points) give 100.
        #expect(real.contains { $0.contains("ZY01") && $0.hasSuffix(".总分") })
        #expect(real.contains { $0.contains("ZY01-05") })
        // 运维's ##### 项目时限 is unverifiable, not a discrepancy.
        #expect(report.findings.contains { $0.verdict == .unverifiable && $0.place.contains("SJ04-06") })
        #expect(!real.contains { $0.contains("SJ04") })
    }
}
