@preconcurrency import Glibc

/// A result longer than the screen, in the REPL, goes through a pager ($PAGER, else
/// `less`), as `git` and `man` do; never in pipes or scripts.
enum Pager {
    /// The command that pages: $PAGER when set, else less when it is installed (no
    /// screen clearing, quit at once when it fits, Ctrl-C quits).
    static var command: String? {
        if let p = getenv("PAGER").map({ String(cString: $0) }), !p.trimmingCharacters(in: " ").isEmpty { return p }
        let path = getenv("PATH").map { String(cString: $0) } ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") where access("\(dir)/less", X_OK) == 0 {
            return "\(dir)/less -R -X -F -K"
        }
        return nil
    }

    /// Shows `text` through the pager when it has more lines than the screen; false
    /// when it was not paged (short, or no pager), so the caller prints it.
    static func show(_ text: String, rows: Int) -> Bool {
        let lines = text.reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
        guard lines >= rows - 1, let command = command, let pipe = popen(command, "w") else { return false }
        fputs(text + "\n", pipe)
        pclose(pipe)
        return true
    }
}
