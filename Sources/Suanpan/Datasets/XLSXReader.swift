/// Reads the sheets of an .xlsx workbook as tables.
enum XLSXReader {
    static func tables(_ path: String, keys: [String: String] = [:]) throws(Diagnostic) -> [Table] {
        throw DataError.at(file: path, "暂不支持 .xlsx")
    }
}
