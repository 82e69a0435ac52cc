@preconcurrency import CEditLine
@preconcurrency import Glibc

/// The REPL history file, in libedit's format (`_HiStOrY_V2_`, then one entry per
/// line with white space and backslashes escaped as `strvis` does), written by
/// appending one entry at a time: two REPLs writing at once both keep their lines.
enum HistoryFile {
    static let header = "_HiStOrY_V2_\n"

    /// The default location: `$XDG_STATE_HOME/suanpan/history`, else
    /// `~/.local/state/suanpan/history`. Creates the folder; nil when impossible.
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

    static func append(_ entry: String, to path: String) {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o600)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var text = encode(entry) + "\n"
        var st = stat()
        if fstat(fd, &st) == 0 && st.st_size == 0 { text = header + text }
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { buf in write(fd, buf.baseAddress, buf.count) }
    }
}
