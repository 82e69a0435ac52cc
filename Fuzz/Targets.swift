import Foundation
import Suanpan
import SuanpanCharts
import SuanpanData
import SuanpanEvaluation
import SuanpanLanguage

/// The input surfaces fuzzed: each takes arbitrary bytes and must answer with a value
/// or a diagnostic, never a crash, a sanitizer report or a hang.
enum FuzzTarget: String, CaseIterable {
    /// Lexer and parser on any text.
    case parser
    /// Whole programs run in a session on the bundled dataset; `:save` and charts
    /// written to files go to a memory sink, never the disk.
    case evaluator
    /// The CSV loader: encoding detection, records, a table.
    case csv
    /// The XLSX loader: zip, XML parts, cells.
    case xlsx
    /// Indicator texts (`≥95%`, `≤2小时`, dates, qualitative words).
    case indicator

    func run(_ bytes: [UInt8]) {
        switch self {
        case .parser:
            guard let source = try? Source.decode(name: "<fuzz>", bytes: bytes) else { return }
            _ = try? Parser.parse(source)
        case .evaluator:
            // At most 20 statements, each with a small step budget: an input ends well
            // within the fuzzer's timeout however much work it asks for. It may not
            // raise the limits (:limits) that make that so.
            guard let source = try? Source.decode(name: "<fuzz>", bytes: bytes),
                !["limits", "上限"].contains(where: { source.text.contains($0) }),
                let statements = try? Parser.parse(source), statements.count <= 20
            else { return }
            let session = Session()
            session.files = .memory()
            session.settings.limits.maxSteps = 50_000
            if let dataset = FuzzTarget.dataset { try? session.install(dataset) { _ in } }
            _ = session.run(source) { _ in }
        case .csv:
            _ = try? FuzzSupport.loadCSV(bytes)
        case .xlsx:
            _ = try? FuzzSupport.loadXLSX(bytes)
        case .indicator:
            let text = String(decoding: bytes, as: UTF8.self)
            _ = FuzzSupport.parseIndicator(text)
        }
    }

    /// The bundled dataset, loaded once: each input gets a fresh session on it. Released
    /// at exit, before the leak checker runs: it cannot follow Swift's tagged enum
    /// pointers, and would report a dataset still in use as lost.
    nonisolated(unsafe) static var dataset: Dataset? = {
        let loaded = try? DatasetLoader.loadBundled()
        atexit { FuzzTarget.dataset = nil }
        return loaded
    }()
}
