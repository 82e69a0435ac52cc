import Testing

@testable import suanpan

/// The quick reading of `-e …` command lines agrees with ArgumentParser's, and leaves
/// every other form to it.
@Suite struct InvocationTests {
    static func parsed(_ argv: [String]) throws -> Invocation {
        Invocation(try SuanpanCommand.parse(attachingExpressions(argv)))
    }

    @Test func quickAgreesWithArgumentParser() throws {
        let lines: [[String]] = [
            ["-e", "1+1"],
            ["-e", "-5%"],
            ["-e", "x = 1", "-e", "x * 2"],
            ["-e", "1", "--no-dataset"],
            ["--no-dataset", "-e", "1"],
            ["--dataset", "数据/", "-e", "项目.总分"],
            ["-e", "--dataset"],
            ["-e", ""],
            ["-e", "占比(1, 2)", "--dataset", "a.xlsx", "-e", "2"],
        ]
        for argv in lines {
            let quick = try #require(Invocation.quick(argv), "\(argv)")
            #expect(quick == (try Self.parsed(argv)), "\(argv)")
        }
    }

    @Test func otherFormsAreLeftToArgumentParser() {
        let lines: [[String]] = [
            [], ["脚本.suan"], ["-e"], ["--help"], ["-h"], ["--version"], ["--audit"], ["--no-dataset"],
            ["-e", "1", "脚本.suan"], ["-e", "1", "--audit"], ["-e", "1", "--dataset"], ["-e", "1", "--dataset", "-x"],
            ["-e", "1", "--dataset", "a", "--dataset", "b"], ["-e", "1", "--no-dataset", "--no-dataset"],
            ["-e", "1", "--bogus"], ["-e=1"], ["-e", "1", "--"],
        ]
        for argv in lines {
            #expect(Invocation.quick(argv) == nil, "\(argv)")
        }
    }
}
