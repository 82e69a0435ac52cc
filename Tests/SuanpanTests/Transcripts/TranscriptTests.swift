import Foundation
import Testing

@testable import Suanpan
@testable import SuanpanCharts
@testable import SuanpanData
@testable import SuanpanEvaluation
@testable import SuanpanLanguage

/// Runs every golden transcript under `Tests/Transcripts/<topic>/`.
///
/// - `*.repl`: a REPL session in one `Session`. `> ` starts an input line, `.. `
///   continues it; the lines after it, up to the next `> `, are the exact output
///   (results, then diagnostics as the renderer prints them). Lines starting with
///   `#` before the first input describe the transcript; `#! dataset bundled` gives
///   the session the bundled dataset, as the command line does.
/// - `*.cli`: shell commands run against the built `suanpan` from the transcript's
///   folder. `$ ` starts a command; its standard output and error follow, then
///   `[exit N]` when the status is not 0.
///
/// `SUANPAN_RECORD=1 swift test` rewrites the files with what the program prints
/// now, and fails so that a recording run is never mistaken for a passing one.
@Suite(.dataFilesUntouched) struct TranscriptTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Transcripts")

    static let files: [String] = {
        let fm = FileManager.default
        guard let e = fm.enumerator(atPath: root.path) else { return [] }
        return e.compactMap { $0 as? String }.filter { $0.hasSuffix(".repl") || $0.hasSuffix(".cli") }.sorted()
    }()

    static var recording: Bool { ProcessInfo.processInfo.environment["SUANPAN_RECORD"] == "1" }

    @Test func thereAreTranscripts() {
        #expect(Self.files.count >= 20)
    }

    @Test(arguments: files)
    func transcript(_ relativePath: String) throws {
        let url = Self.root.appendingPathComponent(relativePath)
        let text = try String(contentsOf: url, encoding: .utf8)
        let actual = relativePath.hasSuffix(".repl") ? try replay(text) : try runCommands(text, in: url.deletingLastPathComponent())
        if Self.recording {
            if actual != text { try actual.write(to: url, atomically: true, encoding: .utf8) }
            Issue.record("recorded \(relativePath); run again without SUANPAN_RECORD")
            return
        }
        #expect(actual == text, "\(relativePath) differs:\n\(diff(text, actual))")
    }

    /// Re-creates a `.repl` transcript by running its inputs.
    func replay(_ text: String) throws -> String {
        var out: [String] = []
        var inputs: [String] = []
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        var i = 0
        while i < lines.count && !lines[i].hasPrefix("> ") {
            out.append(lines[i])
            i += 1
        }
        while i < lines.count {
            guard lines[i].hasPrefix("> ") else {
                i += 1
                continue
            }
            var input = [String(lines[i].dropFirst(2))]
            i += 1
            while i < lines.count && lines[i].hasPrefix(".. ") {
                input.append(String(lines[i].dropFirst(3)))
                i += 1
            }
            inputs.append(input.joined(separator: "\n"))
            while i < lines.count && !lines[i].hasPrefix("> ") { i += 1 }
        }
        let session = Session()
        if out.contains("#! dataset bundled") {
            session.defaultDataset = { () throws(Diagnostic) in try DatasetLoader.loadBundled() }
        }
        for input in inputs {
            let parts = input.components(separatedBy: "\n")
            out.append("> " + parts[0])
            out += parts.dropFirst().map { ".. " + $0 }
            var produced: [String] = []
            _ = session.run(session.nextInput(input)) { o in
                switch o {
                case .result(let t), .text(let t): produced.append(t)
                case .diagnostic(let d): produced.append(DiagnosticRenderer.render(d))
                case .warning(let w): produced.append(w)
                }
            }
            out += produced.flatMap { $0.components(separatedBy: "\n") }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// Re-creates a `.cli` transcript by running its commands with `sh`.
    func runCommands(_ text: String, in folder: URL) throws -> String {
        var out: [String] = []
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        for line in lines {
            if line.hasPrefix("$ ") {
                out.append(line)
                let (output, status) = try shell(String(line.dropFirst(2)), in: folder)
                var produced = output.components(separatedBy: "\n")
                if produced.last == "" { produced.removeLast() }
                out += produced
                if status != 0 { out.append("[exit \(status)]") }
            } else if !out.contains(where: { $0.hasPrefix("$ ") }) {
                out.append(line)
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    func shell(_ command: String, in folder: URL) throws -> (String, Int32) {
        let binDir = try Self.binaryDirectory()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "exec 2>&1; " + command]
        p.currentDirectoryURL = folder
        var env = ProcessInfo.processInfo.environment
        env["PATH"] = binDir + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        env["NO_COLOR"] = "1"
        env["LANG"] = "C.UTF-8"
        env["XDG_STATE_HOME"] = FileManager.default.temporaryDirectory.appendingPathComponent("suanpan-test-state").path
        p.environment = env
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (String(decoding: data, as: UTF8.self), p.terminationStatus)
    }

    /// The folder of the `suanpan` built beside this test bundle.
    static func binaryDirectory() throws -> String {
        if let dir = ProcessInfo.processInfo.environment["SUANPAN_BIN_DIR"] { return dir }
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        for _ in 0..<4 {
            if FileManager.default.isExecutableFile(atPath: dir.appendingPathComponent("suanpan").path) { return dir.path }
            dir = dir.deletingLastPathComponent()
        }
        throw TranscriptError.noBinary(exe.path)
    }

    enum TranscriptError: Error { case noBinary(String) }

    func diff(_ expected: String, _ actual: String) -> String {
        let e = expected.components(separatedBy: "\n")
        let a = actual.components(separatedBy: "\n")
        var out: [String] = []
        for i in 0..<max(e.count, a.count) {
            let x = i < e.count ? e[i] : "<none>"
            let y = i < a.count ? a[i] : "<none>"
            if x != y { out.append("line \(i + 1):\n  expected: \(x)\n  actual:   \(y)") }
            if out.count >= 8 { break }
        }
        return out.joined(separator: "\n")
    }
}
