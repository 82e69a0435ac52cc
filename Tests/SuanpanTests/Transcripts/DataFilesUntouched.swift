import Foundation
import Testing

@testable import Suanpan
@testable import SuanpanCharts
@testable import SuanpanData
@testable import SuanpanEvaluation
@testable import SuanpanLanguage

/// A suite trait: every file under the dataset folders the transcripts read — the
/// bundled dataset (source and built copy) and the test fixtures — has the same
/// content, size and modification time after the whole suite as before, and no file
/// appeared or vanished there. Proves that no command of any transcript writes to a
/// dataset.
struct DataFilesUntouched: SuiteTrait, TestScoping {
    var isRecursive: Bool { false }

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let folders = Self.folders()
        let before = try Self.fingerprints(folders)
        try await function()
        let after = try Self.fingerprints(folders)
        let changed = Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }.sorted()
        #expect(changed.isEmpty, "dataset files changed by the transcripts: \(changed)")
        #expect(before.count > 20, "too few dataset files found: \(folders)")
    }

    static func folders() -> [String] {
        let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let root = tests.deletingLastPathComponent()
        var out = [
            tests.appendingPathComponent("Fixtures").path,
            root.appendingPathComponent("Sources/Suanpan/Resources/Datasets").path,
        ]
        if let bundled = Dataset.bundledPath { out.append(bundled) }
        return out
    }

    /// Path → "size mtime FNV-1a-64 of the bytes", for every file under `folders`.
    static func fingerprints(_ folders: [String]) throws -> [String: String] {
        var out: [String: String] = [:]
        let fm = FileManager.default
        for folder in folders {
            guard let e = fm.enumerator(atPath: folder) else { continue }
            for case let relative as String in e {
                let path = folder + "/" + relative
                var st = stat()
                guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { continue }
                let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
                var hash: UInt64 = 0xcbf2_9ce4_8422_2325
                for b in bytes { hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3 }
                out[path] = "\(st.st_size) \(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec) \(String(hash, radix: 16))"
            }
        }
        return out
    }
}

extension Trait where Self == DataFilesUntouched {
    static var dataFilesUntouched: Self { .init() }
}

@Suite struct DataFilesUntouchedTests {
    /// The fingerprint sees one byte changed even when size and time are put back.
    @Test func fingerprintsSeeAChangedByte() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("suanpan-fp-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let file = dir + "/项目.csv"
        try Data("项目,金额\n运维,100\n".utf8).write(to: URL(fileURLWithPath: file))
        var st = stat()
        stat(file, &st)
        let before = try DataFilesUntouched.fingerprints([dir])
        try Data("项目,金额\n运维,900\n".utf8).write(to: URL(fileURLWithPath: file))
        var times = [timespec](repeating: timespec(), count: 2)
        times[0] = st.st_atim
        times[1] = st.st_mtim
        utimensat(AT_FDCWD, file, &times, 0)
        let after = try DataFilesUntouched.fingerprints([dir])
        #expect(before.count == 1 && after.count == 1)
        #expect(before != after)
    }
}
