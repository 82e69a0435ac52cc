import Testing

@testable import Suanpan
@testable import SuanpanCharts
@testable import SuanpanData
@testable import SuanpanEvaluation
@testable import SuanpanLanguage

@Suite struct FileSizeLimitTests {
    /// The CSV reader refuses bytes past its offset range (here a small stand-in limit).
    @Test func csvOverTheLimitIsRefused() throws {
        let bytes = Array("项目,金额\n运维,100\n".utf8)
        #expect(throws: Diagnostic.self) { try CSVReader.read(bytes, file: "t.csv", maxBytes: bytes.count - 1) }
        #expect(try CSVReader.read(bytes, file: "t.csv", maxBytes: bytes.count).count == 2)
    }
}
