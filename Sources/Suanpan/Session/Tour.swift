import SuanpanCharts
import SuanpanData
import SuanpanEvaluation
import SuanpanLanguage

/// `:tour` (`:教程`): a walk through the bundled dataset for new colleagues, one step
/// at a time — the command shown, run as if typed, then what it means in one or two
/// plain sentences. The steps live in the resource `Tour/tour.txt`.
///
/// `:tour` starts the tour or shows the next step (in the REPL an empty line does the
/// same while a tour is on, so Enter goes on); `:tour N` goes to step N; `:tour stop`
/// ends it. Commands typed in between run as usual.
struct TourStep: Equatable {
    let title: String
    let command: String
    let explanation: String

    /// Parses the resource: `## title`, `> command`, explanation lines; `#` comments.
    static func parse(_ text: String) -> [TourStep] {
        var steps: [TourStep] = []
        var title: String?
        var command = ""
        var explanation: [String] = []
        func flush() {
            if let t = title { steps.append(TourStep(title: t, command: command, explanation: explanation.joined(separator: "\n"))) }
        }
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw)
            if line.hasPrefix("## ") {
                flush()
                title = String(line.dropFirst(3))
                command = ""
                explanation = []
            } else if line.hasPrefix("#") {
                continue
            } else if line.hasPrefix("> ") {
                command = String(line.dropFirst(2))
            } else if !line.trimmingSpaces().isEmpty, title != nil {
                explanation.append(line)
            }
        }
        flush()
        return steps
    }

    static let all: [TourStep] = {
        guard let path = Resources.path("Tour/tour.txt"), let bytes = try? DatasetLoader.readFile(path) else { return [] }
        return parse(String(decoding: bytes, as: UTF8.self))
    }()
}

extension Session {
    /// Whether a tour is on (the REPL then takes an empty line as `:tour`).
    public var isTourActive: Bool { tourNext != nil }

    func tour(_ argument: String, _ name: String, _ span: SourceSpan, emit: (Output) -> Void) throws(Diagnostic) {
        let steps = TourStep.all
        guard !steps.isEmpty else {
            throw Diagnostic(.badMetaArgument(command: name, reason: "找不到教程内容（程序的资源文件夹不完整）"), at: span)
        }
        let word = argument.trimmingQuotes()
        if ["stop", "结束"].contains(word) {
            tourNext = nil
            emit(.text("教程已结束。随时可以用 :tour 重新开始。"))
            return
        }
        var index = tourNext ?? 0
        if !word.isEmpty {
            guard let n = Int(word), (1...steps.count).contains(n) else {
                throw Diagnostic(.badMetaArgument(command: name, reason: "需要 1 到 \(steps.count) 之间的步数，或 stop，这里是「\(word)」"), at: span)
            }
            index = n - 1
        }
        if index == 0 && tourNext == nil {
            ensureDataset(emit: emit)
            emit(.text("欢迎！这个教程用随程序附带的 2022 年度部门决算数据，分 \(steps.count) 步演示算盘的主要用法。每一步先显示命令并运行，再用一两句话说明。"))
        }
        let step = steps[index]
        emit(.text("\n【第 \(index + 1)/\(steps.count) 步】\(step.title)\n算盘> \(step.command)"))
        // The command runs as if typed; an error is shown and the tour goes on.
        do {
            for statement in try Parser.parse(Source(name: "<教程>", text: step.command), limits: settings.limits) {
                _ = try execute(statement, emit: emit)
            }
        } catch {
            emit(.diagnostic(error))
        }
        emit(.text("说明：" + step.explanation))
        if index + 1 < steps.count {
            tourNext = index + 1
            emit(.text("（按回车进入下一步；也可以先输入自己的命令试一试；:tour stop 结束教程）"))
        } else {
            tourNext = nil
            emit(.text("教程到此结束。:help 列出所有函数和命令，:help 名称 查看某一个的说明。"))
        }
    }
}
