#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a file so that a failure leaves the old one untouched: a new temporary file
/// in the same folder (its own name, never an existing file), written whole, flushed
/// to disk, given the old file's permissions, then renamed over the target and the
/// folder flushed. Any failure removes the temporary file and says why.
public enum AtomicFile {
    package static func write(_ text: String, to path: String, span: SourceSpan?) throws(Diagnostic) {
        try write(bytes: Array(text.utf8), to: path, span: span)
    }

    package static func write(bytes: [UInt8], to path: String, span: SourceSpan?) throws(Diagnostic) {
        let mode = existingMode(path)
        let temp: String
        do {
            temp = try temporary(bytes, beside: path, mode: mode)
        } catch {
            throw failure(path, error.code, span)
        }
        try replace(path, with: temp, span: span)
    }

    /// A file another writer makes (a library that writes to a path): `make` writes a
    /// new temporary file beside `path` and returns nil, or the reason it could not;
    /// the file is then flushed and renamed into place. Any failure removes it.
    package static func produce(_ path: String, span: SourceSpan?, make: (String) -> String?) throws(Diagnostic) {
        let mode = existingMode(path)
        let temp: String
        do {
            temp = try temporary([], beside: path, mode: mode)
        } catch {
            throw failure(path, error.code, span)
        }
        if let reason = make(temp) {
            unlink(temp)
            throw Diagnostic(.file(path: path, reason: reason), at: span)
        }
        var code: Int32 = 0
        let fd = open(temp, O_RDONLY)
        if fd < 0 {
            code = errno
        } else {
            if fchmod(fd, mode) != 0 { code = errno }
            if code == 0 && fsync(fd) != 0 { code = errno }
            close(fd)
        }
        if code != 0 {
            unlink(temp)
            throw failure(path, code, span)
        }
        try replace(path, with: temp, span: span)
    }

    /// The old file's permissions, else the usual rw-r--r--.
    static func existingMode(_ path: String) -> mode_t {
        var old = stat()
        return stat(path, &old) == 0 ? old.st_mode & 0o7777 : 0o644
    }

    /// Renames the finished temporary file over `path` and flushes the folder.
    static func replace(_ path: String, with temp: String, span: SourceSpan?) throws(Diagnostic) {
        if rename(temp, path) != 0 {
            let code = errno
            unlink(temp)
            throw failure(path, code, span)
        }
        // The rename itself is on disk once the folder is.
        let folder = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        let dir = open(folder.isEmpty ? "/" : folder, O_RDONLY | O_DIRECTORY)
        if dir >= 0 {
            _ = fsync(dir)
            close(dir)
        }
    }

    /// A system call's failure: its errno.
    public struct Failure: Error {
        public let code: Int32
    }

    /// A new file beside `path` (same folder, a name of its own from mkstemp, so two
    /// writers never share it) holding `bytes`, with `mode`, flushed to disk; its path.
    /// On failure nothing is left behind.
    public static func temporary(_ bytes: [UInt8], beside path: String, mode: mode_t = 0o600) throws(Failure) -> String {
        var template = Array((path + ".suanpan-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw Failure(code: errno) }
        let temp = String(cString: template)
        var code: Int32 = 0
        var offset = 0
        while offset < bytes.count && code == 0 {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { code = n < 0 ? errno : EIO } else { offset += n }
        }
        if code == 0 && fchmod(fd, mode) != 0 { code = errno }
        if code == 0 && fsync(fd) != 0 { code = errno }
        if close(fd) != 0 && code == 0 { code = errno }
        if code != 0 {
            unlink(temp)
            throw Failure(code: code)
        }
        return temp
    }

    package static func failure(_ path: String, _ code: Int32, _ span: SourceSpan?) -> Diagnostic {
        Diagnostic(.file(path: path, reason: SystemError.describe(code)), at: span)
    }
}

/// Chinese descriptions of the system errors people meet when reading and writing files.
public enum SystemError {
    public static func describe(_ code: Int32) -> String {
        switch code {
        case ENOENT: return "文件或文件夹不存在"
        case EACCES, EPERM: return "没有权限"
        case EROFS: return "文件系统是只读的"
        case ENOSPC: return "磁盘空间不足"
        case EDQUOT: return "超出了磁盘配额"
        case EFBIG: return "文件超过了允许的大小"
        case EISDIR: return "这是一个文件夹"
        case ENOTDIR: return "路径中有一部分不是文件夹"
        case EIO: return "读写出错（输入/输出错误）"
        default: return String(cString: strerror(code))
        }
    }
}

/// Where a session's files go (`:save`, `chart … to "图.svg"`). The core writes only
/// through the sink it is given: the file system by default (atomically, see
/// `AtomicFile`), or memory (the fuzzers, which may then run any statement).
public final class FileSink: @unchecked Sendable {
    enum Kind { case files, memory }
    let kind: Kind
    /// What a memory sink was given, by path (the last write of each; binary files as
    /// their size).
    public private(set) var written: [String: String] = [:]

    init(_ kind: Kind) { self.kind = kind }

    /// The file system, each file replaced atomically.
    public static var files: FileSink { FileSink(.files) }

    /// Memory: nothing reaches the disk; `written` keeps each path's text.
    public static func memory() -> FileSink { FileSink(.memory) }

    /// Writes `text` to `path`, or says why it could not.
    public func write(_ text: String, to path: String, span: SourceSpan?) throws(Diagnostic) {
        switch kind {
        case .files: try AtomicFile.write(text, to: path, span: span)
        case .memory: written[path] = text
        }
    }

    /// Writes `bytes` to `path`, or says why it could not.
    public func write(bytes: [UInt8], to path: String, span: SourceSpan?) throws(Diagnostic) {
        switch kind {
        case .files: try AtomicFile.write(bytes: bytes, to: path, span: span)
        case .memory: written[path] = String(decoding: bytes, as: UTF8.self)
        }
    }

    /// A file a library writes to a path (`make` writes the path it is given and
    /// returns nil, or the reason it could not): atomically to `path`, or for a memory
    /// sink to a scratch file that is then removed.
    public func produce(_ path: String, span: SourceSpan?, make: (String) -> String?) throws(Diagnostic) {
        switch kind {
        case .files: try AtomicFile.produce(path, span: span, make: make)
        case .memory:
            let scratch =
                (getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp")
                + "/suanpan-memory-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
            defer { unlink(scratch) }
            if let reason = make(scratch) { throw Diagnostic(.file(path: path, reason: reason), at: span) }
            var st = stat()
            written[path] = stat(scratch, &st) == 0 ? "\(st.st_size) 字节" : ""
        }
    }
}
