import Foundation
import Suanpan

/// The loaders as the fuzz targets call them: from bytes, no files.
enum FuzzSupport {
    static func loadCSV(_ bytes: [UInt8]) throws(Diagnostic) -> Table {
        try DatasetLoader.csvTable(bytes, displayName: "fuzz.csv")
    }

    /// Through a file, as users' workbooks come (the loader reads the zip from disk).
    static func loadXLSX(_ bytes: [UInt8]) throws(Diagnostic) -> Dataset {
        let path = workbookPath
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { fatalError("cannot write \(path)") }
        return try DatasetLoader.load(path)
    }

    /// One scratch file per process, in memory when /dev/shm exists.
    static let workbookPath: String = {
        let folder = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        return (folder as NSString).appendingPathComponent("suanpan-fuzz-\(getpid()).xlsx")
    }()

    static func parseIndicator(_ text: String) -> IndicatorText {
        IndicatorText.parse(text)
    }
}
