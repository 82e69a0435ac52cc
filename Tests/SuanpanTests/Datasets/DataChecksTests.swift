import Foundation
import Testing

@testable import Suanpan
@testable import SuanpanData

/// The load checks run on several threads for a large dataset: they must find the same
/// problems, in the same order, as one thread does.
@Suite struct DataChecksTests {
    @Test func severalThreadsFindWhatOneFinds() throws {
        // Repeated codes, projects without indicators, empty and unreadable amounts and
        // weights: every check has something to say.
        let folder = try DifferentialTests.dataset(seed: 11, projects: 3_000)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let dataset = try DatasetLoader.load(folder)
        let one = DataChecks.find(dataset, parallelFrom: .max)
        let several = DataChecks.find(dataset, parallelFrom: 0)
        let kinds = Set(one.map(\.kind))
        #expect(kinds.isSuperset(of: [.repeatedKey, .projectWithoutIndicators, .emptyAmount, .badScore]), "\(kinds)")
        #expect(one.count == several.count)
        for (a, b) in zip(one, several) {
            #expect(a.kind == b.kind && a.message == b.message && a.location?.prefix == b.location?.prefix)
        }
    }
}

/// A large dataset's own checks run beside the rule template's: the session lists the
/// same problems as the two run one after the other.
@Suite struct LoadChecksTests {
    @Test func checksBesideTheTemplateFindWhatTheyFindInTurn() throws {
        let folder = try DifferentialTests.dataset(seed: 12, projects: 7_000)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let session = Session()
        _ = session.outputs("load \"\(folder)\"")
        let dataset = try #require(session.environment.dataset)
        #expect(dataset.checksInParallel)
        let inTurn = DataChecks.find(dataset, parallelFrom: .max) + session.templateProblems(dataset)
        #expect(session.dataProblems.count == inTurn.count)
        #expect(session.dataProblems.map(\.message) == inTurn.map(\.message))
        #expect(Set(inTurn.map(\.kind)).isSuperset(of: [.repeatedKey, .weights]))
    }
}
