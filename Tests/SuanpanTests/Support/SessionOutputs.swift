@testable import Suanpan
@testable import SuanpanCharts
@testable import SuanpanData
@testable import SuanpanEvaluation
@testable import SuanpanLanguage

extension Session {
    /// Runs `text` and returns what it shows, one entry per output: results and texts
    /// as printed, diagnostics as the renderer prints them.
    func outputs(_ text: String) -> [String] {
        var out: [String] = []
        _ = run(Source(name: "t", text: text)) { o in
            switch o {
            case .result(let t), .text(let t): out.append(t)
            case .diagnostic(let d): out.append(DiagnosticRenderer.render(d))
            case .warning(let w): out.append(w)
            }
        }
        return out
    }
}
