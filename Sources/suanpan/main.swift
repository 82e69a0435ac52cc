import Suanpan
let s = Session()
_ = s.run(Source(name: "<-e>", text: CommandLine.arguments.dropFirst().joined(separator: " "))) { o in
    switch o {
    case .result(let t), .text(let t): print(t)
    case .diagnostic(let d): print(DiagnosticRenderer.render(d))
    }
}
