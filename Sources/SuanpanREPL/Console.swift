@preconcurrency import CEditLine
@preconcurrency import Glibc
import Suanpan
import SuanpanCharts
import SuanpanData
import SuanpanEvaluation
import SuanpanLanguage

/// Where a session's output goes: results and text to standard output, diagnostics
/// to standard error (in red on a terminal, never when NO_COLOR is set).
public struct Console: Sendable {
    let colour: Bool

    public init() {
        colour = Console.colourAllowed && isatty(STDERR_FILENO) != 0
    }

    /// Colour is never used when NO_COLOR is set (https://no-color.org).
    public static var colourAllowed: Bool {
        !(getenv("NO_COLOR").map { String(cString: $0).isEmpty == false } ?? false)
    }

    public func emit(_ output: Output) {
        switch output {
        case .result(let text), .text(let text):
            fputs(text + "\n", stdout)
        case .diagnostic(let d):
            fflush(stdout)
            var text = DiagnosticRenderer.render(d)
            if colour, let r = text.range(of: "错误：") {
                text.replaceSubrange(r, with: "\u{1B}[1;31m错误：\u{1B}[0m")
            }
            fputs(text + "\n", stderr)
        case .warning(let text):
            fflush(stdout)
            fputs(text + "\n", stderr)
        }
    }

    /// Writes a plain message to standard error.
    public func error(_ text: String) {
        fflush(stdout)
        fputs(text + "\n", stderr)
    }
}
