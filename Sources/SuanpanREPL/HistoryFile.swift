@preconcurrency import CEditLine
@preconcurrency import Glibc
import Suanpan
import SuanpanCharts
import SuanpanData
import SuanpanEvaluation
import SuanpanLanguage

/// The REPL history file, in libedit's format (`_HiStOrY_V2_`, then one entry per
/// line with white space and backslashes escaped as `strvis` does).
///
/// Nothing typed is lost, and a history that cannot be used never stops the REPL:
/// - entries are appended one `write` each to a file opened `O_APPEND`, so two REPLs
///   writing at once both keep every line, whole; the header is put in place with
///   `link`, which only one of them can win;
/// - a file that is not a history (another program's, or damaged) is kept under a new
///   name and the REPL starts with an empty history and a warning;
/// - a file or folder that cannot be read or written gives one warning; the session
///   goes on without history.
enum HistoryFile {
    static let header = "_HiStOrY_V2_\n"

    /// The default location: `$XDG_STATE_HOME/suanpan/history`, else
    /// `~/.local/state/suanpan/history`. Creates the folder (a failure shows when the
    /// file is used); nil without either variable.
    static func defaultPath() -> String? {
        let env = { (name: String) -> String? in getenv(name).map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } }
        let base: String
        if let state = env("XDG_STATE_HOME") {
            base = state
        } else if let home = env("HOME") {
            base = home + "/.local/state"
        } else {
            return nil
        }
        let dir = base + "/suanpan"
        var path = ""
        for part in dir.split(separator: "/") {
            path += "/" + part
            mkdir(path, 0o700)
        }
        return dir + "/history"
    }

    /// What to do with the file at start: load it or not, and what to tell the user.
    struct Opening: Equatable {
        var load: Bool
        var warning: String?
    }

    /// Checks the file before libedit loads it. A file that does not start with the
    /// header is renamed aside (`history.损坏-TIME`), never deleted.
    static func open(_ path: String) -> Opening {
        let fd = Glibc.open(path, O_RDONLY)
        if fd < 0 {
            if errno == ENOENT { return Opening(load: false, warning: nil) }
            return Opening(load: false, warning: "警告：无法读取历史文件 \(path)（\(reason(errno))），本次不载入以前的输入")
        }
        defer { close(fd) }
        var st = stat()
        if fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) != S_IFREG {
            return Opening(load: false, warning: "警告：历史文件 \(path) 不是普通文件，本次不使用历史")
        }
        var first = [UInt8](repeating: 0, count: header.utf8.count)
        let n = read(fd, &first, first.count)
        if n == 0 { return Opening(load: false, warning: nil) }
        if n == first.count && first == Array(header.utf8) { return Opening(load: true, warning: nil) }
        let aside = path + ".损坏-\(time(nil))"
        if rename(path, aside) == 0 {
            return Opening(load: false, warning: "警告：历史文件 \(path) 格式不对（可能已损坏），已原样保存为 \(aside)，本次从空的历史开始")
        }
        return Opening(load: false, warning: "警告：历史文件 \(path) 格式不对（可能已损坏），又无法改名保存（\(reason(errno))），本次不载入以前的输入")
    }

    /// Escapes an entry as libedit's `strvis(VIS_WHITE)` would.
    static func encode(_ entry: String) -> String {
        var out = ""
        for s in entry.unicodeScalars {
            switch s {
            case "\\": out += "\\\\"
            case " ": out += "\\040"
            case "\t": out += "\\011"
            case "\n": out += "\\012"
            case "\r": out += "\\015"
            default: out.unicodeScalars.append(s)
            }
        }
        return out
    }

    /// Appends one entry; the reason when it could not be written.
    @discardableResult
    static func append(_ entry: String, to path: String) -> String? {
        if let failure = createWithHeader(path) { return failure }
        let fd = Glibc.open(path, O_WRONLY | O_APPEND)
        guard fd >= 0 else { return reason(errno) }
        defer { close(fd) }
        let bytes = Array((encode(entry) + "\n").utf8)
        let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        if written != bytes.count { return written < 0 ? reason(errno) : "只写入了一部分" }
        return nil
    }

    /// Makes the file, header first, if there is none: written to a temporary name and
    /// linked into place, so a second REPL doing the same at once cannot interleave.
    static func createWithHeader(_ path: String) -> String? {
        if access(path, F_OK) == 0 { return nil }
        let temporary: String
        do {
            temporary = try AtomicFile.temporary(Array(header.utf8), beside: path)
        } catch {
            return reason(error.code)
        }
        defer { unlink(temporary) }
        if link(temporary, path) != 0 && errno != EEXIST { return reason(errno) }
        return nil
    }

    static func reason(_ code: Int32) -> String { SystemError.describe(code) }
}
