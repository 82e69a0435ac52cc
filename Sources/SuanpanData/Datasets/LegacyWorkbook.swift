import Foundation
import SuanpanLanguage

/// The old binary workbook (`.xls`, Excel 97–2003), still common in offices. No
/// well-kept reader of it fits this project, so it is converted to `.xlsx` through
/// LibreOffice when LibreOffice is installed (and the tables say so); otherwise the
/// message says how to convert it. The same container (OLE2) also holds encrypted
/// `.xlsx` workbooks, which are refused with how to remove the password.
package enum LegacyWorkbook {
    /// The OLE2 compound-file signature.
    static let signature: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

    static func isCompoundFile(_ bytes: [UInt8]) -> Bool { bytes.starts(with: signature) }

    /// Whether a compound file holds an encrypted workbook (its `EncryptionInfo` stream,
    /// named in UTF-16).
    static func isEncrypted(_ bytes: [UInt8]) -> Bool {
        let name = Array("EncryptionInfo".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })
        guard bytes.count >= name.count else { return false }
        var i = 0
        while i + name.count <= bytes.count {
            if bytes[i] == name[0] && Array(bytes[i..<i + name.count]) == name { return true }
            i += 1
        }
        return false
    }

    /// Why a compound file given as a workbook cannot be read as one, and what to do.
    static func refusal(_ bytes: [UInt8], file: String) -> Diagnostic {
        if isEncrypted(bytes) {
            return DataError.at(
                file: file, "工作簿有密码保护（已加密），无法读取",
                notes: ["提示：在 Excel 或 WPS 中打开，去掉密码（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码）后另存，再载入"])
        }
        return DataError.at(file: file, "这是旧版 .xls 工作簿（Excel 97–2003 格式），不能直接读取", notes: advice)
    }

    static let advice = [
        "提示：在 Excel 或 WPS 中打开，另存为「Excel 工作簿（*.xlsx）」后载入；",
        "或安装 LibreOffice（Debian/Ubuntu：apt-get install libreoffice-calc），suanpan 会自动转换 .xls 文件",
    ]

    /// LibreOffice's command, if installed (on `searchPath`, by default the PATH).
    static func office(searchPath: String? = nil) -> String? {
        let path = searchPath ?? ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            for name in ["soffice", "libreoffice"] {
                let candidate = "\(dir)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            }
        }
        return nil
    }

    /// An `.xls` file's tables, through a conversion by LibreOffice into a temporary
    /// folder (removed afterwards); the tables keep the `.xls` file's name and say
    /// how they were read. Forms are assembled into 项目 and 指标.
    static func tables(_ path: String, keys: [String: String] = [:], searchPath: String? = nil) throws(Diagnostic) -> [Table] {
        try content(path, keys: keys, searchPath: searchPath).assembled().tables
    }

    /// What an `.xls` file holds (forms, or tables), read through LibreOffice; a note
    /// says so.
    static func content(_ path: String, keys: [String: String] = [:], searchPath: String? = nil) throws(Diagnostic) -> XLSXReader.Content {
        let raw = try DatasetLoader.readFile(path, limit: XLSXReader.maxPartBytes)
        // An .xlsx workbook named .xls is read as what it is.
        if !isCompoundFile(raw) { return try XLSXReader.read(bytes: raw, path: path, keys: keys) }
        if isEncrypted(raw) { throw refusal(raw, file: path) }
        guard let office = office(searchPath: searchPath) else {
            throw DataError.at(file: path, "这是旧版 .xls 工作簿（Excel 97–2003 格式），不能直接读取，本机也没有安装 LibreOffice 来转换", notes: advice)
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("suanpan-xls-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let p = Process()
            p.executableURL = URL(fileURLWithPath: office)
            p.arguments = ["--headless", "--convert-to", "xlsx", "--outdir", dir.path, path]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            p.waitUntilExit()
        } catch {
            throw DataError.at(file: path, "用 LibreOffice 转换 .xls 工作簿失败（\(error.localizedDescription)）", notes: advice)
        }
        let converted = dir.appendingPathComponent(((path as NSString).lastPathComponent as NSString).deletingPathExtension + ".xlsx").path
        guard FileManager.default.fileExists(atPath: converted) else {
            throw DataError.at(file: path, "用 LibreOffice 转换 .xls 工作簿失败（没有得到 .xlsx 文件；文件可能已损坏）", notes: advice)
        }
        var content = try XLSXReader.read(
            bytes: try DatasetLoader.readFile(converted, limit: XLSXReader.maxPartBytes), path: path, keys: keys)
        content.notes.append(
            DataProblem(
                .note, at: DataLocation(file: path),
                "旧版 .xls 工作簿已用 LibreOffice（\(office)）转换为 .xlsx 后读取；单元格位置与原表相同",
                advice: "若数字与 Excel 中所见不同，请用 Excel 或 WPS 另存为 .xlsx 后载入"))
        return content
    }
}
