import Foundation
import Suanpan
import SuanpanCharts
import SuanpanData
import SuanpanEvaluation
import SuanpanLanguage

/// The loaders as the fuzz targets call them: from bytes, no files.
enum FuzzSupport {
    static func loadCSV(_ bytes: [UInt8]) throws(Diagnostic) -> Table {
        try DatasetLoader.csvTable(bytes, displayName: "fuzz.csv")
    }

    /// The loader's path after reading the file: the zip, its parts, the sheets.
    static func loadXLSX(_ bytes: [UInt8]) throws(Diagnostic) -> [Table] {
        try DatasetLoader.xlsxTables(bytes, displayName: "fuzz.xlsx")
    }

    static func parseIndicator(_ text: String) -> IndicatorText {
        IndicatorText.parse(text)
    }
}
