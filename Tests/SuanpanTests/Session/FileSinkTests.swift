import Foundation
import Testing

@testable import Suanpan
@testable import SuanpanData
@testable import SuanpanLanguage

/// The core writes files only through the session's sink: a memory sink keeps what
/// `:save` and `chart … to` write, and nothing reaches the disk.
@Suite struct FileSinkTests {
    @Test func memorySinkKeepsWhatWouldBeWritten() {
        let s = Session()
        s.defaultDataset = { () throws(Diagnostic) in try DatasetLoader.loadBundled() }
        let sink = FileSink.memory()
        s.files = sink
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("suanpan-sink-\(getpid())").path
        let script = "\(dir)/会话.suan"
        let svg = "\(dir)/结构.svg"
        _ = s.outputs("x = 1 + 1")
        _ = s.outputs(":save \(script)")
        _ = s.outputs("chart 支出决算表.类.本年支出合计 to \"\(svg)\"")
        #expect(sink.written[script]?.contains("x = 1 + 1") == true)
        #expect(sink.written[svg]?.hasPrefix("<svg") == true || sink.written[svg]?.hasPrefix("<?xml") == true)
        #expect(!FileManager.default.fileExists(atPath: dir))
    }
}
