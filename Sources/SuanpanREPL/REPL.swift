@preconcurrency import CEditLine
@preconcurrency import Glibc
import Suanpan
import SuanpanCharts
import SuanpanData
import SuanpanEvaluation
import SuanpanLanguage

/// The interactive loop: read a line (more while a bracket is open), run it,
/// show the result; errors and Ctrl-C never end the session, Ctrl-D does.
public final class REPL {
    let session: Session
    let console = Console()
    let editor: LineEditor

    public static let prompt = "算盘> "
    public static let continuationPrompt = "  …> "

    public init(session: Session) {
        self.session = session
        session.settings.interruptible = true
        session.chartBlocks = true
        session.chartColour = Console.colourAllowed && isatty(STDOUT_FILENO) != 0
        editor = LineEditor(historyPath: HistoryFile.defaultPath()) { [session] in session.completions(before: $0) }
    }

    /// Runs until Ctrl-D or `:quit`; returns the exit status.
    public func run(banner: String) -> Int32 {
        console.emit(.text(banner))
        if let warning = editor.startWarning { console.error(warning) }
        var pending = ""
        while true {
            let prompt = pending.isEmpty ? REPL.prompt : REPL.continuationPrompt
            switch editor.readLine(prompt: prompt) {
            case .endOfInput:
                fputs("\n", stdout)
                return 0
            case .interrupted:
                pending = ""
                fputs("\n", stdout)
                continue
            case .line(let line):
                pending += pending.isEmpty ? line : "\n" + line
                if Lexer.isIncomplete(pending) { continue }
                let input = pending
                pending = ""
                if input.trimmingCharacters(in: " ").isEmpty {
                    // During :tour, Enter goes on to the next step.
                    if session.isTourActive { _ = session.run(session.nextInput(":tour")) { [console] in console.emit($0) } }
                    continue
                }
                if let warning = editor.remember(input) { console.error(warning) }
                // Ctrl-C from here on stops the statement (LineEditor's handler asks),
                // not the program; one pressed at the prompt is already spent.
                Interruption.clear()
                session.chartWidth = LineEditor.terminalWidth()  // the window may have changed
                session.displayWidth = session.chartWidth
                // The statement's output is gathered, so that one longer than the screen
                // can go through the pager; diagnostics go to standard error as they come.
                var shown: [String] = []
                let outcome = session.run(session.nextInput(input)) { [console] o in
                    switch o {
                    case .result(let t), .text(let t): shown.append(t)
                    default:
                        for t in shown { console.emit(.text(t)) }
                        shown = []
                        console.emit(o)
                    }
                }
                let text = shown.joined(separator: "\n")
                if !shown.isEmpty && !Pager.show(text, rows: LineEditor.terminalHeight()) { console.emit(.text(text)) }
                fflush(stdout)
                if outcome == .quit { return 0 }
            }
        }
    }
}
