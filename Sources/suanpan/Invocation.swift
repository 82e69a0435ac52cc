/// What the command line asks for, however it was parsed.
struct Invocation: Equatable {
    var expressions: [String] = []
    var dataset: String?
    var noDataset = false
    var audit = false
    var file: String?
    var arguments: [String] = []

    init(_ command: SuanpanCommand) {
        expressions = command.expressions
        dataset = command.dataset
        noDataset = command.noDataset
        audit = command.audit
        file = command.file
        arguments = command.arguments
    }

    init() {}

    /// `suanpan -e EXPR … [--dataset PATH | --no-dataset]`, the form scripts and checks
    /// run most, read without ArgumentParser: its first parse reflects over every
    /// option (and its completion command), about 3 ms of a 9 ms start. Anything else
    /// — another option, a script, help, a malformed line — returns nil and goes
    /// through ArgumentParser, which gives the messages. `InvocationTests` checks that
    /// both read these forms alike.
    static func quick(_ argv: [String]) -> Invocation? {
        var out = Invocation()
        var i = 0
        while i < argv.count {
            switch argv[i] {
            case "-e" where i + 1 < argv.count:
                out.expressions.append(argv[i + 1])
                i += 2
            case "--dataset" where i + 1 < argv.count && out.dataset == nil && !argv[i + 1].hasPrefix("-"):
                out.dataset = argv[i + 1]
                i += 2
            case "--no-dataset" where !out.noDataset:
                out.noDataset = true
                i += 1
            default:
                return nil
            }
        }
        return out.expressions.isEmpty ? nil : out
    }
}
