@preconcurrency import CEditLine
@preconcurrency import Glibc
import Suanpan
import SuanpanCharts
import SuanpanData
import SuanpanEvaluation
import SuanpanLanguage

/// A progress bar on standard error for work that takes longer than half a second —
/// loading a dataset, computing a rule column of many rows — shown only on a terminal
/// (never in pipes, under CI or with NO_COLOR).
public enum ProgressBar {
    static var allowed: Bool { isatty(STDERR_FILENO) != 0 && getenv("NO_COLOR") == nil && getenv("CI") == nil }

    /// A maker of one statement's progress display, or nil when standard error is not a
    /// terminal.
    public static func factory() -> (() -> WorkProgress?)? {
        guard allowed else { return nil }
        return { progress() }
    }

    /// One piece of work's display: `载入中 ████░░░░ 45%`, wiped when it is over.
    static func progress() -> WorkProgress {
        let width = 30
        nonisolated(unsafe) var drawn = 0
        return WorkProgress(
            draw: { label, fraction in
                let filled = Int(fraction * Double(width))
                let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
                let line = "\(label) \(bar) \(Int(fraction * 100))%"
                let shown = DisplayWidth.of(line)
                // A shorter line than the last one also wipes what the last left.
                fputs("\r" + line + String(repeating: " ", count: max(0, drawn - shown)), stderr)
                drawn = max(drawn, shown)
            },
            clear: {
                // Back to the line's start and erased to its end (a ^C the terminal
                // echoed after the bar goes too).
                fputs("\r\u{1B}[K", stderr)
                drawn = 0
            })
    }

    /// A progress callback for the load the command line asks for, or nil when
    /// standard error is not a terminal.
    public static func make() -> DatasetLoader.Progress? {
        guard allowed else { return nil }
        let bar = progress()
        return { fraction in
            bar.report("载入中", fraction)
            if fraction >= 1 { bar.finish() }
        }
    }
}
