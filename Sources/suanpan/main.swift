import ArgumentParser
@preconcurrency import CMalloc
@preconcurrency import Glibc
import Suanpan
import SuanpanCharts
import SuanpanData
import SuanpanEvaluation
import SuanpanLanguage
import SuanpanREPL

/// The command line (language.md, "CLI contract"):
///
///     suanpan                    REPL on a terminal
///     suanpan FILE.suan [ARGS…]  run a script
///     suanpan -e 'EXPR'          evaluate one line
///     … | suanpan                read statements from a pipe
///
/// Exit status: 0 success, 1 an error in the code, 2 a usage error.
struct SuanpanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "suanpan",
        abstract: "算盘：预算决算与绩效评价计算器",
        version: Version.current
    )

    @Option(name: .customShort("e"), help: ArgumentHelp("计算一行（任意语句）并打印结果；可写多个，依次计算", valueName: "表达式"))
    var expressions: [String] = []

    @Option(name: .long, help: ArgumentHelp("载入这个数据集（CSV 文件夹、.csv 或 .xlsx），代替默认数据集", valueName: "路径"))
    var dataset: String?

    @Flag(name: .long, help: "不载入任何数据集")
    var noDataset = false

    @Flag(name: .long, help: "核对数据集：公布数与计算结果、合计与分项；有实质差异时退出状态为 1")
    var audit = false

    @Argument(help: "要运行的脚本（.suan）")
    var file: String?

    @Argument(parsing: .captureForPassthrough, help: "传给脚本的参数，脚本中为 args")
    var arguments: [String] = []
}

enum Version {
    static let current = "0.1.0"
}

let usage = """
    用法：
      suanpan                     打开交互界面（REPL）
      suanpan 文件.suan [参数…]    运行脚本（首行可写 #!/usr/bin/env suanpan）
      suanpan -e '表达式'          计算一行并打印结果
      … | suanpan                 从管道读入语句，按脚本执行

    选项：
      -e 表达式          计算一行（任意语句）并打印结果；可写多个，依次计算
      --dataset 路径     载入这个数据集（CSV 文件夹、.csv 或 .xlsx），代替默认数据集
      --no-dataset       不载入任何数据集
      --audit            核对数据集（数据问题、公布数与计算结果、合计与分项）；有数据问题或实质差异时退出状态为 1
      -h, --help         显示本帮助
      --version          显示版本

    默认数据集：2022年度青岛市大数据发展管理局部门决算（随程序安装）。

    退出状态：0 成功；1 代码有错误（错误信息写到标准错误）；2 用法错误。
    """

func exitStatus(_ outcome: RunOutcome) -> Int32 {
    outcome == .failed ? 1 : 0
}

func runScript(_ source: Source, session: Session, console: Console) -> Int32 {
    let status = exitStatus(session.run(source) { console.emit($0) })
    fflush(stdout)
    return status
}

func readAll(_ fd: Int32) -> [UInt8]? {
    var data: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n < 0 { return nil }
        if n == 0 { return data }
        data.append(contentsOf: buffer[0..<n])
    }
}

/// ArgumentParser's messages, in Chinese.
func translate(_ message: String) -> String {
    let table = [
        ("Unknown option", "未知选项"), ("Missing value for", "缺少取值："), ("Unexpected argument", "多余的参数"),
        ("Missing expected argument", "缺少参数"), ("The value", "取值"), ("is invalid for", "不适用于"),
    ]
    var m = message
    for (en, zh) in table { m = m.replacingAll(en, with: zh) }
    return m
}

/// `-e -5%` is an expression that starts with a minus, not an unknown option `-5%`:
/// before the script name, each `-e VALUE` is handed on as `-e=VALUE`, so the value
/// is taken whatever it starts with. Arguments after the script are the script's own.
func attachingExpressions(_ argv: [String]) -> [String] {
    var out: [String] = []
    var i = 0
    while i < argv.count {
        let a = argv[i]
        if a == "-e" && i + 1 < argv.count {
            out.append("-e=" + argv[i + 1])
            i += 2
            continue
        }
        if a == "--dataset" && i + 1 < argv.count {
            out += [a, argv[i + 1]]
            i += 2
            continue
        }
        if a == "--" || !a.hasPrefix("-") { return out + argv[i...] }
        out.append(a)
        i += 1
    }
    return out
}

/// glibc's allocator for a program that builds large arrays on all cores: one arena
/// (not eight per core, whose half-used pages a million-project load faults in again
/// and again), arrays up to 32 MiB from the heap instead of fresh zeroed mmaps, and
/// freed memory kept (up to 1 GiB) for the next statement instead of handed back. At a
/// million projects this takes the kernel's share of the time from ~4 s to ~2.7 s and
/// the run from ~8 s to ~6.5 s (`Benchmarks/scale.py`; issue 21's note).
func tuneMalloc() {
    _ = mallopt(M_ARENA_MAX, 1)
    _ = mallopt(M_MMAP_THRESHOLD, 32 << 20)
    _ = mallopt(M_TRIM_THRESHOLD, 1 << 30)
}

func main() -> Int32 {
    // A file-size limit (ulimit -f) makes a too-large write fail with a message, as
    // any other write failure, instead of killing the program mid-save.
    signal(SIGXFSZ, SIG_IGN)
    tuneMalloc()
    let console = Console()
    let raw = Array(CommandLine.arguments.dropFirst())
    let command: Invocation
    do {
        command = try Invocation.quick(raw) ?? Invocation(try SuanpanCommand.parse(attachingExpressions(raw)))
    } catch {
        let code = SuanpanCommand.exitCode(for: error)
        if code == .success {
            let message = SuanpanCommand.fullMessage(for: error)
            print(
                message.hasPrefix("USAGE") || message.contains("OPTIONS:")
                    ? "算盘（suanpan）\(Version.current)：预算决算与绩效评价计算器\n\n" + usage : message)
            return 0
        }
        console.error("suanpan：参数错误：\(translate(SuanpanCommand.message(for: error)))\n\n" + usage)
        return 2
    }
    let session = Session()
    // Kept until the process exits: freeing a province's tables and caches one object
    // at a time would only delay the exit (the memory goes with the process).
    sessionAtExit = session
    // Long work (a load, a rule column of many rows) shows a bar on a terminal.
    session.makeProgress = ProgressBar.factory()
    if isatty(STDOUT_FILENO) != 0 {
        // Charts drawn with block characters to the terminal's width; ASCII in pipes.
        session.chartBlocks = true
        session.chartWidth = LineEditor.terminalWidth()
        session.chartColour = Console.colourAllowed
        // Tables fit the terminal (in pipes and scripts, every column).
        session.displayWidth = LineEditor.terminalWidth()
    }
    if command.noDataset && command.dataset != nil {
        console.error("suanpan：参数错误：--dataset 和 --no-dataset 不能同时使用\n\n" + usage)
        return 2
    }
    if let path = command.dataset {
        // An explicit dataset is loaded at once: a script should not start without it.
        session.loadProgress = ProgressBar.make()
        do {
            try session.install(try DatasetLoader.load(path, progress: session.loadProgress)) { console.emit($0) }
        } catch {
            console.emit(.diagnostic(error))
            return 1
        }
    } else if !command.noDataset {
        session.defaultDataset = { () throws(Diagnostic) in try DatasetLoader.loadBundled() }
    }
    if command.audit {
        if !command.expressions.isEmpty || command.file != nil || command.noDataset {
            console.error("suanpan：参数错误：--audit 只能与 --dataset 一起使用\n\n" + usage)
            return 2
        }
        do {
            let report = try session.audit { console.emit($0) }
            console.emit(.text(report.render(title: session.environment.dataset?.summary ?? "")))
            fflush(stdout)
            return report.discrepancies > 0 || report.problems.problemCount > 0 ? 1 : 0
        } catch {
            console.emit(.diagnostic(error))
            return 1
        }
    }
    if !command.expressions.isEmpty {
        if command.file != nil {
            console.error("suanpan：参数错误：-e 和脚本文件不能同时使用\n\n" + usage)
            return 2
        }
        return runScript(Source(name: "<-e>", text: command.expressions.joined(separator: "\n")), session: session, console: console)
    }
    if let path = command.file {
        let fd = open(path, O_RDONLY)
        guard fd >= 0, let bytes = readAll(fd) else {
            console.error("suanpan：无法读取脚本「\(path)」：\(SystemError.describe(errno))")
            return 2
        }
        close(fd)
        session.environment.bind("args", .list(command.arguments.map { .string($0) }))
        do {
            return runScript(try Source.decode(name: path, bytes: bytes), session: session, console: console)
        } catch {
            console.emit(.diagnostic(error))
            return 1
        }
    }
    if isatty(STDIN_FILENO) == 0 || isatty(STDOUT_FILENO) == 0 {
        guard let bytes = readAll(STDIN_FILENO) else {
            console.error("suanpan：无法读取标准输入")
            return 1
        }
        do {
            return runScript(try Source.decode(name: "<stdin>", bytes: bytes), session: session, console: console)
        } catch {
            console.emit(.diagnostic(error))
            return 1
        }
    }
    session.loadProgress = ProgressBar.make()
    session.ensureDataset { console.emit($0) }
    let loaded = session.environment.dataset.map { "已载入：\($0.summary)。" } ?? "未载入数据集。"
    let banner = "算盘 \(Version.current) — \(loaded)输入 :help 查看帮助，Ctrl-D 退出。"
    return REPL(session: session).run(banner: banner)
}

/// See `main`.
nonisolated(unsafe) var sessionAtExit: Session?

exit(main())
