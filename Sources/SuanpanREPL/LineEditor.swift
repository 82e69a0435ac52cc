@preconcurrency import CEditLine
@preconcurrency import Glibc
import Suanpan
import SuanpanCharts
import SuanpanData
import SuanpanEvaluation
import SuanpanLanguage

/// Line editing through libedit: the only file that touches it.
///
/// Native API with a narrow `History` (the wide one drops CJK entries under a C
/// locale), wide-character completion through `el_wline`, a SIGINT flag that turns
/// Ctrl-C into "abandon the line", and history appended to its file one entry at a
/// time so that two sessions never overwrite each other.
public final class LineEditor {
    /// What `readLine` got.
    public enum Input {
        case line(String)
        case interrupted
        case endOfInput
    }

    let editor: OpaquePointer
    let history: OpaquePointer
    let historyPath: String?
    /// What the history file's state at start needs the user to know.
    public private(set) var startWarning: String?
    /// Whether writing the history has failed once (it is said once, not every line).
    var historyFailed = false

    /// State the C callbacks read (they cannot capture context).
    nonisolated(unsafe) static var completer: (String) -> Session.CompletionRequest = {
        Session.CompletionRequest(prefix: $0, candidates: [])
    }
    nonisolated(unsafe) static var promptStorage: UnsafeMutablePointer<CChar>?
    nonisolated(unsafe) static var interrupted: sig_atomic_t = 0

    /// Sets up the locale (libedit drops every CJK keystroke without a UTF-8
    /// LC_CTYPE), the editor, history and completion.
    public init(historyPath: String?, completer: @escaping (String) -> Session.CompletionRequest) {
        setlocale(LC_ALL, "")
        if suanpan_mb_cur_max() == 1 {
            setlocale(LC_CTYPE, "C.UTF-8")
        }
        LineEditor.completer = completer
        editor = el_init("suanpan", stdin, stdout, stderr)
        history = history_init()
        self.historyPath = historyPath
        suanpan_hist_setsize(history, 2000)
        suanpan_hist_setunique(history, 1)
        if let p = historyPath {
            let opening = HistoryFile.open(p)
            if opening.load { suanpan_hist_load(history, p) }
            startWarning = opening.warning
        }
        suanpan_el_set_editor(editor, "emacs")
        suanpan_el_set_signal(editor, 1)
        suanpan_el_set_hist(editor, history)
        suanpan_el_set_prompt(editor, { _ in LineEditor.promptStorage })
        suanpan_el_addfn(editor, "suanpan-complete", "完成名称", { el, _ in LineEditor.complete(el) })
        suanpan_el_bind(editor, "^I", "suanpan-complete")
        // Home/End/Delete as xterm, tmux and the Linux console send them.
        for key in ["\\e[H", "\\eOH", "\\e[1~"] { suanpan_el_bind(editor, key, "ed-move-to-beg") }
        for key in ["\\e[F", "\\eOF", "\\e[4~"] { suanpan_el_bind(editor, key, "ed-move-to-end") }
        suanpan_el_bind(editor, "\\e[3~", "ed-delete-next-char")
        signal(SIGINT) { _ in
            LineEditor.interrupted = 1
            Interruption.request()  // a statement running now stops at its next step
        }
    }

    deinit {
        el_end(editor)
        history_end(history)
    }

    /// Reads one line with `prompt`.
    public func readLine(prompt: String) -> Input {
        LineEditor.promptStorage?.deallocate()
        LineEditor.promptStorage = strdup(prompt)
        LineEditor.interrupted = 0
        var count: Int32 = 0
        errno = 0  // a stale EINTR from an earlier Ctrl-C must not turn Ctrl-D into a cancel
        guard let raw = el_gets(editor, &count) else {
            if LineEditor.interrupted != 0 || (count == -1 && errno == EINTR) {
                LineEditor.interrupted = 0
                el_reset(editor)
                return .interrupted
            }
            return .endOfInput
        }
        var line = String(cString: raw)
        if line.hasSuffix("\n") { line.removeLast() }
        return .line(line)
    }

    /// Records an entry in memory and appends it to the history file; a warning the
    /// first time the file cannot be written.
    public func remember(_ entry: String) -> String? {
        guard !entry.trimmingCharacters(in: " ").isEmpty else { return nil }
        suanpan_hist_enter(history, entry)
        guard let path = historyPath, !historyFailed, let failure = HistoryFile.append(entry, to: path) else { return nil }
        historyFailed = true
        return "警告：无法写入历史文件 \(path)（\(failure)），本次会话的输入不会记入历史"
    }

    // MARK: Completion

    /// Tab: completes the word before the cursor against the known names, to the
    /// longest common prefix on whole characters; lists the choices when ambiguous.
    static func complete(_ el: OpaquePointer?) -> UInt8 {
        guard let el, let info = el_wline(el) else { return UInt8(CC_ERROR) }
        var before: [Unicode.Scalar] = []
        var p = info.pointee.buffer
        while let q = p, q < info.pointee.cursor {
            if let s = Unicode.Scalar(UInt32(bitPattern: q.pointee)) { before.append(s) }
            p = q + 1
        }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: before)
        let request = completer(String(text))
        let result = Completion.complete(request.prefix, among: request.candidates)
        switch result {
        case .none:
            return UInt8(CC_REFRESH_BEEP)
        case .insert(let suffix):
            insert(el, suffix)
            return UInt8(CC_REFRESH)
        case .choices(let suffix, let all):
            if !suffix.isEmpty { insert(el, suffix) }
            return list(all)
        case .replace(let text, let all):
            if text != request.prefix {
                el_deletestr(el, Int32(request.prefix.count))  // characters, not bytes (el_wdeletestr is this)
                insert(el, text)
            }
            return all.isEmpty ? UInt8(CC_REFRESH) : list(all)
        }
    }

    static func list(_ all: [String]) -> UInt8 {
        let listing = Completion.layout(all, width: terminalWidth())
        fputs("\n" + listing + "\n", stdout)
        fflush(stdout)
        return UInt8(CC_REDISPLAY)
    }

    static func insert(_ el: OpaquePointer, _ text: String) {
        var wide = text.unicodeScalars.map { wchar_t(bitPattern: $0.value) }
        wide.append(0)
        _ = wide.withUnsafeBufferPointer { el_winsertstr(el, $0.baseAddress) }
    }

    /// The terminal's height in rows (24 when it cannot be had).
    public static func terminalHeight() -> Int {
        var ws = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &ws) == 0 && ws.ws_row > 0 { return Int(ws.ws_row) }
        return 24
    }

    /// The terminal's width in columns (80 when it cannot be had).
    public static func terminalWidth() -> Int {
        var ws = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &ws) == 0 && ws.ws_col > 0 { return Int(ws.ws_col) }
        return 80
    }
}

extension String {
    func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s.removeFirst() }
        while s.last == set { s.removeLast() }
        return String(s)
    }
}
