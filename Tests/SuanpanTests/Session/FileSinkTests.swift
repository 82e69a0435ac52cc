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

/// `:save` records a load with its absolute path, so that the script replays from any folder.
@Suite struct SavedLoadTests {
    @Test func loadsAreSavedWithAbsolutePaths() throws {
        let cwd = FileManager.default.currentDirectoryPath
        #expect(Session.absolutePath("数据/自评表.xlsx") == (cwd as NSString).appendingPathComponent("数据/自评表.xlsx"))
        #expect(Session.absolutePath("/tmp/a/../b") == "/tmp/a/../b")
        let fixture = FormTests.fixtures.appendingPathComponent("seed/青岛市大数据局2022自评表.xlsx").path
        let s = Session()
        _ = s.outputs("load \"\(fixture)\"")
        #expect(s.savedStatements == ["load \"\(fixture)\""])
    }
}

/// :undo goes back one definition, assumption or load at a time; a failed statement is
/// not one, and an undone statement leaves :save's record.
@Suite struct UndoTests {
    @Test func failedStatementsAreNotUndone() throws {
        let s = Session()
        _ = s.outputs("x = 1")
        _ = s.outputs("x = \"文本\" + 1")
        _ = s.outputs("y = 2")
        #expect(s.savedStatements == ["x = 1", "y = 2"])
        #expect(s.outputs(":undo") == ["已撤销：y = 2"])
        #expect(s.savedStatements == ["x = 1"])
        #expect(s.outputs("x") == ["1"])
        #expect(s.outputs(":undo") == ["已撤销：x = 1"])
        #expect(s.outputs(":undo").first?.contains("没有可以撤销的") == true)
    }
}
