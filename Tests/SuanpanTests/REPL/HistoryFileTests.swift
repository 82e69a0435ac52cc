import Foundation
import Testing

@testable import SuanpanREPL

/// The history file keeps every entry when two REPLs write at once, and a file that
/// cannot be used gives a warning instead of stopping the REPL or being lost.
@Suite struct HistoryFileTests {
    static func folder() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("suanpan-history-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Two writers, both starting before the file exists: one header, every entry
    /// once and whole.
    @Test func twoWritersAtOnceLoseNothing() throws {
        let path = try Self.folder() + "/history"
        let perWriter = 300
        DispatchQueue.concurrentPerform(iterations: 2) { w in
            for k in 0..<perWriter {
                #expect(HistoryFile.append("项目[\"运维\"].总分 where 第 \(w) 个 = \(k)", to: path) == nil)
            }
        }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix(HistoryFile.header))
        let lines = text.dropFirst(HistoryFile.header.count).split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == 2 * perWriter)
        var expected = Set<String>()
        for w in 0..<2 { for k in 0..<perWriter { expected.insert(HistoryFile.encode("项目[\"运维\"].总分 where 第 \(w) 个 = \(k)")) } }
        #expect(Set(lines.map(String.init)) == expected)
        #expect(HistoryFile.open(path) == .init(load: true, warning: nil))
    }

    /// A file that is not a history is kept under another name, byte for byte.
    @Test func aDamagedFileIsKeptAsideWithAWarning() throws {
        let dir = try Self.folder()
        let path = dir + "/history"
        let damaged = Data([0x00, 0xFF, 0x41, 0x0A]) + Data("半行".utf8)
        try damaged.write(to: URL(fileURLWithPath: path))
        let opening = HistoryFile.open(path)
        #expect(!opening.load)
        #expect(opening.warning?.contains("格式不对") == true)
        #expect(!FileManager.default.fileExists(atPath: path))
        let aside = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix("history.损坏-") }
        #expect(aside.count == 1)
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/" + aside[0])) == damaged)
        // The next entry starts a new, valid history.
        #expect(HistoryFile.append("1 + 1", to: path) == nil)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == HistoryFile.header + "1\\040+\\0401\n")
    }

    /// A state folder that cannot hold the file (here a path through a regular file,
    /// which refuses root too): a warning at start and on writing, no crash.
    @Test func anUnusableFolderGivesWarnings() throws {
        let dir = try Self.folder()
        FileManager.default.createFile(atPath: dir + "/state", contents: Data("x".utf8))
        let path = dir + "/state/suanpan/history"
        #expect(HistoryFile.open(path) == .init(load: false, warning: "警告：无法读取历史文件 \(path)（路径中有一部分不是文件夹），本次不载入以前的输入"))
        #expect(HistoryFile.append("1", to: path) == "路径中有一部分不是文件夹")
        // A folder where the file should be.
        try FileManager.default.createDirectory(atPath: dir + "/h", withIntermediateDirectories: true)
        #expect(HistoryFile.open(dir + "/h").warning?.contains("不是普通文件") == true)
        // An empty file is an empty history, not a damaged one.
        FileManager.default.createFile(atPath: dir + "/empty", contents: Data())
        #expect(HistoryFile.open(dir + "/empty") == .init(load: false, warning: nil))
    }
}
