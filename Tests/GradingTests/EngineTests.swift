import Grading
import Synchronization
import Testing

@Suite struct EngineTests {
    @Test func seededGeneratorIsReproducible() {
        var a = SeededGenerator(seed: 9)
        var b = SeededGenerator(seed: 9)
        var c = SeededGenerator(seed: 10)
        let first = (0..<5).map { _ in a.next() }
        #expect(first == (0..<5).map { _ in b.next() })
        #expect(first != (0..<5).map { _ in c.next() })
    }

    @Test func graderArgumentsRoundTrip() throws {
        var arguments = GraderProcess.Arguments()
        arguments.seed = 77
        arguments.from = 3
        arguments.exercises = [2, 5]
        arguments.cases = 10
        #expect(try GraderProcess.Arguments(arguments.commandLine) == arguments)
        #expect(throws: GradingError.self) { try GraderProcess.Arguments(["--seed", "x"]) }
        #expect(throws: GradingError.self) { try GraderProcess.Arguments(["--bogus"]) }
    }

    @Test func shrinkingHelpersOnlyOfferSmallerValues() {
        #expect(Shrink.integer(0).isEmpty)
        #expect(Shrink.integer(100).allSatisfy { abs($0) < 100 })
        #expect(Shrink.array([1, 2, 3]).allSatisfy { $0.count < 3 })
        #expect(Shrink.string("").isEmpty)
    }

    @Test func attemptCapturesErrorsButNotTheStarterMarker() throws {
        struct Oops: Error {}
        let classify: (any Error) -> String = { _ in "oops" }
        let failed = try Attempt<Int>(classifying: classify) { throw Oops() }
        #expect(failed == .threw("oops"))
        #expect(throws: Unimplemented.self) { try Attempt<Int>(classifying: classify) { throw Unimplemented() } }
    }

    @Test func inProcessGradingMatchesCatalogueOrder() {
        let catalogue = Catalogue(
            chapter: "t",
            exercises: [
                Exercise(
                    number: 1, title: "one", files: [],
                    checks: [
                        Check("ok", kind: .example, points: 2, why: "") { _ in },
                        Check("bad", kind: .example, points: 3, why: "") { _ in throw CheckFailure("no") },
                    ])
            ])
        let run = GraderProcess.gradeInProcess(catalogue)
        #expect(run.results.map(\.status) == [.passed, .failed])
        #expect(run.points == 2)
    }

    @Test func lineDiffShowsChangesWithContext() {
        #expect(LineDiff.render(old: "a\nb\nc", new: "a\nb\nc") == "")
        #expect(LineDiff.render(old: "a\nb\nc", new: "a\nB\nc") == "  a\n- b\n+ B\n  c")
        let far = LineDiff.render(
            old: (1...20).map(String.init).joined(separator: "\n"),
            new: (1...20).map { $0 == 2 || $0 == 18 ? "x" : String($0) }.joined(separator: "\n"), context: 1)
        #expect(far.contains("@@"))
    }
}

@Suite struct VisibilityTests {
    @Test func freshSeedCopiesAreHiddenAndPracticePlansLeaveThemOut() {
        let seeds = Mutex<[UInt64]>([])
        let checks = Check.withFreshSeeds([
            Check("p", kind: .property, points: 2, why: "w") { context in seeds.withLock { $0.append(context.seed) } },
            Check("e", kind: .example, points: 1, why: "w") { _ in },
        ])
        #expect(checks.map(\.isHidden) == [false, false, true])
        #expect(checks[2].name == "p (fresh seeds)")
        let catalogue = Catalogue(chapter: "c", exercises: [Exercise(number: 1, title: "t", files: [], checks: checks)])
        let practice = catalogue.plan.filtered(to: [], includingHidden: false)
        #expect(practice.checks.map(\.name) == ["p", "e"])
        #expect(practice.exercises[0].points == 3)
        #expect(catalogue.plan.exercises[0].points == 4)
        #expect(catalogue.plan.hiddenCount == 1)
        try? checks[0].body(CheckContext(seed: 7))
        try? checks[2].body(CheckContext(seed: 7))
        #expect(seeds.withLock { $0[0] != $0[1] })
    }
}
