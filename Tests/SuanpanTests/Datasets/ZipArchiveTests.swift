import Foundation
import PropertyBased
import Testing
import ZIPFoundation

@testable import Suanpan
@testable import SuanpanCharts
@testable import SuanpanData
@testable import SuanpanEvaluation
@testable import SuanpanLanguage

/// The workbook zip reader, against archives ZIPFoundation writes (an independent
/// writer) and against every kind of damage to them.
@Suite struct ZipArchiveTests {
    /// An archive in memory with these parts, each stored or deflated.
    static func archive(_ parts: [(String, [UInt8], CompressionMethod)]) throws -> [UInt8] {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (name, bytes, method) in parts {
            let data = Data(bytes)
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: method) { pos, size in
                data.subdata(in: Int(pos)..<Int(pos) + size)
            }
        }
        return Array(try #require(archive.data))
    }

    static func read(_ zip: [UInt8], _ name: String) throws(ZipArchive.Failure) -> [UInt8]? {
        let archive = try ZipArchive(bytes: zip)
        guard let entry = archive[name] else { return nil }
        return try archive.contents(of: entry, limit: 1 << 20)
    }

    static func reason(_ zip: [UInt8], _ name: String = "a.xml") -> String {
        do {
            _ = try read(zip, name)
            return "read"
        } catch { return error.reason }
    }

    static let text = Array(String(repeating: "<row r=\"1\"><c><v>执行率 95%</v></c></row>", count: 40).utf8)

    /// Round trip: whatever bytes are written, stored or deflated, are read back exactly.
    @Test func readsWhatAnotherWriterWrote() async throws {
        let gen = Gen.element(of: [Self.text, [], [0], Array("合计".utf8), Array(0...255)]).array(of: 1...6)
        await propertyCheck(count: 80, input: gen) { pieces in
            let parts: [(String, [UInt8], CompressionMethod)] = pieces.enumerated().map { (k, p) in
                ("part\(k).xml", p ?? [], k % 2 == 0 ? .deflate : .none)
            }
            guard let zip = try? Self.archive(parts) else {
                Issue.record("not written")
                return
            }
            for (name, bytes, _) in parts {
                #expect((try? Self.read(zip, name)) == bytes, "\(name)")
            }
            #expect((try? Self.read(zip, "missing.xml")) == .some(nil))
        }
    }

    /// Every prefix of an archive is refused with a reason; none hangs or crashes.
    @Test func everyTruncationIsRefused() throws {
        let zip = try Self.archive([("a.xml", Self.text, .deflate), ("b.xml", Self.text, .none)])
        for length in 0..<zip.count {
            #expect(Self.reason(Array(zip[0..<length])) != "read", "\(length) bytes")
        }
    }

    /// Any one byte changed: the part reads exactly as written, or is refused (the
    /// CRC-32 and the sizes catch changed data) — never other bytes.
    @Test func everyChangedByteIsCaughtOrHarmless() throws {
        let zip = try Self.archive([("a.xml", Self.text, .deflate)])
        for at in 0..<zip.count {
            for delta: UInt8 in [1, 0x80] {
                var damaged = zip
                damaged[at] &+= delta
                if let bytes = try? Self.read(damaged, "a.xml") {
                    #expect(bytes == nil || bytes == Self.text, "byte \(at) + \(delta)")
                }
            }
        }
    }

    /// The fuzzer's hang: a deflate stream that does not end within its entry (here, a
    /// compressed size cut short) is "incomplete", not an endless read.
    @Test func reasonsNameTheDamage() throws {
        let zip = try Self.archive([("a.xml", Self.text, .deflate)])
        let central = try #require(Self.find(zip, [0x50, 0x4b, 1, 2]))
        func patched(_ offset: Int, _ value: UInt32, width: Int = 4) -> [UInt8] {
            var z = zip
            for k in 0..<width { z[central + offset + k] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(k))) }
            return z
        }
        let compressed = Int(zip[central + 20]) | Int(zip[central + 21]) << 8
        #expect(Self.reason(patched(20, UInt32(compressed - 5))) == "压缩数据不完整")
        #expect(Self.reason(patched(24, UInt32(Self.text.count - 10))) == "解压后比声明的大小长")
        #expect(Self.reason(patched(24, UInt32(Self.text.count + 1))) == "解压后的大小与声明不符")
        #expect(Self.reason(patched(16, 12345)) == "CRC-32 校验不符")
        #expect(Self.reason(patched(8, 1, width: 2)) == "已加密")
        #expect(Self.reason(patched(10, 14, width: 2)).contains("压缩方式 14 不受支持"))
        #expect(Self.reason(patched(24, 0xFFFF_FFFF)).contains("ZIP64"))
        #expect(Self.reason(patched(42, 0x7FFF_0000)) == "本地文件头已损坏")
        #expect(Self.reason(Array("not a zip at all, just text".utf8)).contains("不是 zip 文件"))
        #expect(Self.reason([]).contains("文件太短"))
    }

    /// A part larger than the caller's limit is refused as too large, before unpacking.
    @Test func partsOverTheLimitAreRefused() throws {
        let big = [UInt8](repeating: 0x41, count: 3 << 20)
        let zip = try Self.archive([("a.xml", big, .deflate)])
        let archive = try ZipArchive(bytes: zip)
        let entry = try #require(archive["a.xml"])
        #expect(throws: ZipArchive.Failure.self) { try archive.contents(of: entry, limit: 1 << 20) }
        do {
            _ = try archive.contents(of: entry, limit: 1 << 20)
        } catch { #expect(error.tooLarge) }
        #expect(try archive.contents(of: entry, limit: 4 << 20) == big)
    }

    static func find(_ bytes: [UInt8], _ signature: [UInt8]) -> Int? {
        (0...(bytes.count - signature.count)).first { Array(bytes[$0..<($0 + signature.count)]) == signature }
    }
}
