import Testing
@testable import Suanpan

/// Resource limits end an evaluation with a diagnostic that names the limit, and the
/// session goes on.
@Suite struct LimitTests {
    @Test func exponentialRecursionStopsAtTheStepLimit() {
        let session = Session()
        session.settings.limits.maxSteps = 10_000
        let out = session.outputs("fn 翻倍(n) = if n <= 0 then 1 else 翻倍(n - 1) + 翻倍(n - 1)\n翻倍(40)")
        #expect(out.count == 1)
        #expect(out.first?.contains("计算步数超过 10000 步的上限") == true, "\(out)")
        // Each statement has its own budget: small work still runs.
        #expect(session.outputs("翻倍(3)") == ["8"])
    }

    @Test func deepRecursionStopsAtTheCallDepth() {
        let session = Session()
        let out = session.outputs("fn 下降(n) = 下降(n + 1)\n下降(1)")
        #expect(out.first?.contains("函数调用层数超过 200 层") == true, "\(out)")
    }
}
