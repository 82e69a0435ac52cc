import Foundation
import Testing

@testable import SuanpanData
@testable import SuanpanLanguage

/// Large CSV files are read from their mapped pages (`MappedFile`): the same tables as
/// from a copy of their bytes, nothing left mapped after a load, and a file cut short
/// or written to while mapped is noticed instead of crashing the process or loading
/// a mixture.
@Suite(.serialized) struct MappedFileTests {
    static func temporaryFile(_ name: String, _ bytes: [UInt8]) -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("suanpan-map-\(getpid())-\(name)").path
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    @Test func mapsTheFileBytesAndUnmapsThemWhenReleased() throws {
        let bytes = (0..<20_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let path = Self.temporaryFile("plain.bin", bytes)
        defer { unlink(path) }
        let before = MappedFile.live
        do {
            let mapped = try #require(MappedFile(path, from: 0, limit: .max))
            #expect(MappedFile.live == before + 1)
            #expect(RecordBytes(mapped).elementsEqual(bytes))
            #expect(RecordBytes(mapped, from: 3).elementsEqual(bytes.dropFirst(3)))
            #expect(!mapped.changed)
        }
        #expect(MappedFile.live == before)
        // Small, too large, or not a regular file: read instead.
        #expect(MappedFile(path, from: bytes.count, limit: .max) == nil)
        #expect(MappedFile(path, from: 0, limit: bytes.count - 1) == nil)
        #expect(MappedFile("/dev/zero", from: 0, limit: .max) == nil)
        #expect(MappedFile(path + ".missing", from: 0, limit: .max) == nil)
        #expect(MappedFile.live == before)
    }

    /// A file cut short while mapped: its missing pages read as zeros (no SIGBUS), and
    /// the mapping says it changed.
    @Test func aFileCutShortReadsZerosAndIsNoticed() throws {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let bytes = [UInt8](repeating: 0x41, count: page * 4)
        let path = Self.temporaryFile("cut.bin", bytes)
        defer { unlink(path) }
        let mapped = try #require(MappedFile(path, from: 0, limit: .max))
        #expect(truncate(path, off_t(100)) == 0)
        let read = RecordBytes(mapped)
        var sum = 0
        for i in 0..<read.count { sum += Int(read[i]) }
        // The first page stays (its first 100 bytes the file's, the rest zeros as the
        // kernel fills a partial page); the three after it are gone, read as zeros.
        #expect(sum == 0x41 * 100)
        #expect(mapped.changed)
    }

    @Test func aFileWrittenToWhileMappedIsNoticed() throws {
        let bytes = [UInt8](repeating: 0x41, count: 8_192)
        let path = Self.temporaryFile("written.bin", bytes)
        defer { unlink(path) }
        let mapped = try #require(MappedFile(path, from: 0, limit: .max))
        #expect(!mapped.changed)
        // Same size, new content (and a new modification time).
        var later = timespec()
        clock_gettime(CLOCK_REALTIME, &later)
        later.tv_sec += 5
        let fd = open(path, O_WRONLY)
        #expect(pwrite(fd, "B", 1, 10) == 1)
        var times = [later, later]
        #expect(futimens(fd, &times) == 0)
        close(fd)
        #expect(mapped.changed)
    }

    /// Indicator rows enough for a file of more than 1 MiB (read mapped) and for the
    /// table to keep its repeated columns as codes.
    static func indicatorCSV(rows: Int, bom: Bool = false) -> [UInt8] {
        var text = "项目编号,一级指标,二级指标,三级指标,指标值,实际值,分值\n"
        for r in 0..<rows {
            let project = r / 9
            text += "P\(project),产出指标,数量指标,建设数量\(r % 9),≥\(r % 50)个,\(r % 61),\(r % 9 + 5)\n"
        }
        return (bom ? [0xEF, 0xBB, 0xBF] : []) + Array(text.utf8)
    }

    /// Rows of distinct texts only (no column is kept as codes): the table copies them.
    static func distinctCSV(rows: Int) -> [UInt8] {
        var text = "项目编号,项目名称,备注\n"
        for r in 0..<rows { text += "P\(r),项目名称第\(r)号,\"说明，第\(r)行\"\n" }
        return Array(text.utf8)
    }

    static func cells(_ t: Table) -> [[String]] {
        (0..<t.rowCount).map { r in t.columns.indices.map { t.text(r, $0) } }
    }

    @Test(arguments: [("指标.csv", false), ("指标.csv", true), ("说明.csv", false)])
    func aMappedFileLoadsAsItsCopiedBytesDo(_ name: String, _ bom: Bool) throws {
        let bytes = name == "说明.csv" ? Self.distinctCSV(rows: 40_000) : Self.indicatorCSV(rows: 30_000, bom: bom)
        #expect(bytes.count > MappedFile.mapFrom)
        let path = Self.temporaryFile(name, bytes)
        defer { unlink(path) }
        let before = MappedFile.live
        let mapped = try DatasetLoader.loadCSV(path, displayName: name, keyName: nil)
        #expect(MappedFile.live == before)
        let copied = try DatasetLoader.csvTable(bytes, displayName: name)
        #expect(mapped.columns == copied.columns)
        #expect(mapped.rowCount == copied.rowCount)
        #expect(Self.cells(mapped) == Self.cells(copied))
        #expect(!mapped.records.bytes.isMapped)
    }

    /// A folder and a single file load their large CSV files mapped, and leave nothing mapped.
    @Test func foldersAndSingleFilesLoadMapped() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("suanpan-map-folder-\(getpid())")
        try? FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let indicators = Self.indicatorCSV(rows: 30_000)
        let projects = "项目编号,项目名称,调整后预算数,全年执行数,执行分值\n" + (0..<(30_000 / 9 + 1)).map { "P\($0),项目\($0),100,90,10\n" }.joined()
        FileManager.default.createFile(atPath: folder.appendingPathComponent("指标.csv").path, contents: Data(indicators))
        FileManager.default.createFile(atPath: folder.appendingPathComponent("项目.csv").path, contents: Data(projects.utf8))
        let before = MappedFile.live
        let dataset = try DatasetLoader.load(folder.path)
        #expect(MappedFile.live == before)
        #expect(dataset.table("指标")?.rowCount == 30_000)
        #expect(dataset.table("项目")?.rowCount == 30_000 / 9 + 1)
        let single = try DatasetLoader.load(folder.appendingPathComponent("指标.csv").path)
        #expect(MappedFile.live == before)
        #expect(single.tables.first?.rowCount == 30_000)
    }

    @Test func aGB18030FileIsConvertedFromItsMapping() throws {
        let text = "项目编号,项目名称\n" + (0..<60_000).map { "P\($0),运维项目\($0)\n" }.joined()
        let bytes = try #require(TextDecoding.convert(Array(text.utf8), from: "UTF-8", to: "GB18030"))
        #expect(bytes.count > MappedFile.mapFrom)
        let path = Self.temporaryFile("gbk.csv", bytes)
        defer { unlink(path) }
        let table = try DatasetLoader.loadCSV(path, displayName: "gbk.csv", keyName: nil)
        #expect(table.rowCount == 60_000)
        #expect(table.text(59_999, 1) == "运维项目59999")
    }

    @Test func aFileCutShortWhileLoadingIsRefused() throws {
        let bytes = Self.indicatorCSV(rows: 30_000)
        let path = Self.temporaryFile("cut.csv", bytes)
        defer { unlink(path) }
        let mapped = try #require(MappedFile(path, limit: CSVReader.maxBytes))
        #expect(truncate(path, off_t(bytes.count / 2)) == 0)
        #expect {
            try DatasetLoader.csvTable(mapped: mapped, displayName: "cut.csv")
        } throws: { error in
            (error as? Diagnostic)?.message.contains("载入过程中被改动或截短") == true
        }
    }
}
