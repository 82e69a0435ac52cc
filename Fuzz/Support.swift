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
    /// A workbook's forms go through the form reader; an input that is not a zip is read
    /// as a CSV export of forms (the form reader's cells without the zip around them),
    /// and the forms found are assembled and checked.
    static func loadXLSX(_ bytes: [UInt8]) throws(Diagnostic) -> [Table] {
        if !bytes.starts(with: [0x50, 0x4B]), let forms = try DatasetLoader.formDataset(csv: bytes, displayName: "fuzz.csv") {
            _ = forms.problems
            return forms.tables
        }
        let dataset = try DatasetLoader.workbookDataset(bytes, displayName: "fuzz.xlsx")
        _ = dataset.problems
        return dataset.tables
    }

    /// An indicator pair: the input split at tabs into 指标性质, 指标值, 度量单位, 实际值
    /// and the indicator's name. Both readers must agree on every text; the combined
    /// target, the reading explain prints (which asks 计分障碍) and a deadline
    /// comparison must not trap.
    static func parseIndicator(_ text: String) -> IndicatorText {
        let parts = text.split(separator: "\t", maxSplits: 4, omittingEmptySubsequences: false).map(String.init)
        func part(_ i: Int) -> String { i < parts.count ? parts[i] : "" }
        for t in parts {
            var bytes = t
            if let common = bytes.withUTF8({ IndicatorText.parseCommon($0) }) {
                precondition(common == IndicatorText.parseUncached(t), "the two readers differ on \(t.debugDescription)")
            }
        }
        let target = IndicatorLayout.combined(nature: part(0), value: part(1), unit: part(2))
        let parsed = IndicatorText.parse(target)
        _ = IndicatorReading.describe([.string(target), .string(part(3)), .string(part(4))], 2023)
        if case .date(let d) = parsed, case .date(let a) = IndicatorText.parse(part(3)) {
            _ = IndicatorDate.met(deadline: d, actual: a, evaluationYear: nil)
        }
        _ = IndicatorLayout.template(inName: part(4))
        return parsed
    }
}
