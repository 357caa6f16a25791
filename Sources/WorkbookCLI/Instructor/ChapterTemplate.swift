/// The files `workbook new` writes for a chapter: a complete, small chapter that `validate`
/// passes, for an instructor to grow. Placeholders: `__name__` (folder and CLI name), `__Module__`
/// (the chapter's module stem) and `__title__`.
enum ChapterTemplate {
    /// Path (relative to the package root, with placeholders) → contents.
    static let files: [(path: String, text: String)] = [
        ("Chapters/__name__/README.md", readme),
        ("Chapters/__name__/hints.md", hints),
        ("Chapters/__name__/notes.md", notes),
        ("Chapters/__name__/starter/Slug.swift.starter", starter),
        ("Exercises/__name__/Slug.swift", starter),
        ("Solutions/__name__/Slug.swift", solution),
        ("Chapters/__name__/mutants/keeps-edge-hyphens/Slug.swift", mutant),
        ("Sources/__Module__/Contracts.swift", contracts),
        ("Sources/__Module__/Remote.swift", remote),
        ("Sources/__Module__Checks/__Module__Checks.swift", checks),
        ("Sources/Graders/__name__/grader/main.swift", graderMain),
        ("Sources/Graders/__name__/learner/main.swift", learnerMain),
    ]

    static let readme = #"""
        # __title__

        ## The question

        > State the interview question here, as an interviewer would ask it.

        ## Background

        What a candidate must know before answering: the terms, the standards, the trade-offs.

        ## The model answer

        The answer in full, with the reference implementation (`Solutions/__name__/`) as its worked
        example.

        ## Pitfalls, and what each one breaks

        - A slug that keeps a leading or trailing hyphen makes two URLs for one title.

        ## The exercises

        1. `Slug.swift`: turn a title into a URL slug (`SlugMaking` in `Sources/__Module__/Contracts.swift`).

        ## Follow-up questions an interviewer asks

        - What happens to titles in scripts other than Latin?

        ## Interviewer rubric

        - **Weak:** lower-cases and replaces spaces.
        - **Good:** collapses every run of other characters and trims the ends.
        - **Excellent:** also says how collisions between slugs are resolved.
        """#

    static let hints = #"""
        # Hints: __name__

        ## __name__/1

        Walk the title's characters once, keeping ASCII letters and digits (lower-cased).

        ---

        Emit one `-` for a run of anything else, and only between two kept characters.
        """#

    static let notes = #"""
        # Notes: __name__

        ## __name__/1

        The reference keeps a pending-separator flag instead of trimming afterwards, so that it
        never builds a string it then has to cut.
        """#

    static let starter = #"""
        // Exercise __name__/1: turn a title into a URL slug.
        //
        // `slug` keeps ASCII letters (lower-cased) and digits; every run of other characters becomes
        // one `-`, and the slug neither starts nor ends with `-`. Read Chapters/__name__/README.md.
        import LearnerRuntime
        import __Module__

        /// Makes URL slugs.
        public struct SlugMaker: SlugMaking {
            public init() {}

            public func slug(_ title: String) -> String {
                // TODO: build the slug.
                todo()
            }
        }
        """#

    static let solution = #"""
        import __Module__

        /// Makes URL slugs in one pass over the title.
        public struct SlugMaker: SlugMaking {
            public init() {}

            public func slug(_ title: String) -> String {
                var result = ""
                var pendingSeparator = false
                for character in title.unicodeScalars {
                    if character.isASCII, character.properties.isAlphabetic || ("0"..."9").contains(character) {
                        if pendingSeparator && !result.isEmpty { result.append("-") }
                        pendingSeparator = false
                        result.unicodeScalars.append(contentsOf: String(character).lowercased().unicodeScalars)
                    } else {
                        pendingSeparator = true
                    }
                }
                return result
            }
        }
        """#

    static let mutant = #"""
        import __Module__

        /// A wrong implementation `validate` grades: it keeps a hyphen at either end.
        public struct SlugMaker: SlugMaking {
            public init() {}

            public func slug(_ title: String) -> String {
                var result = ""
                var pendingSeparator = false
                for character in title.unicodeScalars {
                    if character.isASCII, character.properties.isAlphabetic || ("0"..."9").contains(character) {
                        if pendingSeparator { result.append("-") }
                        pendingSeparator = false
                        result.unicodeScalars.append(contentsOf: String(character).lowercased().unicodeScalars)
                    } else {
                        pendingSeparator = true
                    }
                }
                return pendingSeparator ? result + "-" : result
            }
        }
        """#

    static let contracts = #"""
        // What the learner writes, one protocol per exercise. `Exercises/__name__` and
        // `Solutions/__name__` conform to these with the same type names.

        /// Exercise 1: turns a title into the slug of its URL.
        public protocol SlugMaking: Sendable {
            /// ASCII letters (lower-cased) and digits of `title`, every run of other characters as one
            /// `-`, with no `-` at either end.
            func slug(_ title: String) -> String
        }

        /// The chapter's implementations, as the grader holds them (the learner's and the reference's).
        public struct __Module__Implementations: Sendable {
            public var slugs: any SlugMaking

            public init(slugs: any SlugMaking) {
                self.slugs = slugs
            }
        }
        """#

    static let remote = #"""
        import Foundation
        import LearnerRuntime

        // The contracts across the process boundary: the learner runner serves the learner's
        // implementations, the grader calls them through proxies conforming to the same protocols.

        enum __Module__Object {
            static let slugs: UInt64 = 1
        }

        extension __Module__Implementations {
            /// The learner runner's services over `implementations`, by well-known id.
            public static func services(_ implementations: __Module__Implementations) -> [UInt64: any RemoteServing] {
                [__Module__Object.slugs: SlugService(implementation: implementations.slugs)]
            }

            /// Proxies for the implementations served at the other end of `peer`.
            public static func remote(_ peer: RemotePeer) -> __Module__Implementations {
                __Module__Implementations(slugs: RemoteSlugs(peer: peer, id: __Module__Object.slugs))
            }

            /// The chapter's errors, rebuilt by type on the grader's side (none yet).
            public static var remoteErrorTypes: [String: @Sendable (Data) throws -> any Error] { [:] }
        }

        struct SlugService: RemoteServing {
            let implementation: any SlugMaking

            func serve(method: String, arguments: Data, peer: RemotePeer) throws -> Data {
                try RemotePeer.answer(arguments, String.self) { implementation.slug($0) }
            }
        }

        struct RemoteSlugs: SlugMaking {
            let peer: RemotePeer
            let id: UInt64

            func slug(_ title: String) -> String {
                peer.proxied("slug") {
                    try peer.call(id, "slug", title, returning: String.self, input: "title: \(String(reflecting: title))")
                }
            }
        }
        """#

    static let checks = #"""
        import Grading
        import __Module__

        /// The __name__ chapter's checks, generic over the contracts.
        public enum __Module__Checks {
            /// The exercises with their checks.
            public static func catalogue(
                learner: __Module__Implementations, reference: __Module__Implementations
            ) -> Catalogue {
                Catalogue(
                    chapter: "__name__",
                    exercises: [
                        Exercise(
                            number: 1, title: "URL slugs", files: ["Slug.swift"],
                            checks: Check.withFreshSeeds(slugChecks(learner: learner, reference: reference)))
                    ])
            }

            static func slugChecks(learner: __Module__Implementations, reference: __Module__Implementations) -> [Check] {
                [
                    Check(
                        "keeps letters and digits, one hyphen per gap, none at the ends", kind: .example, points: 5,
                        why: "a title must give one slug, so that one page has one URL"
                    ) { _ in
                        for (title, expected) in [
                            ("Hello, World!", "hello-world"), ("  2026: A Year  ", "2026-a-year"), ("---", ""),
                        ] {
                            try requireEqual(
                                learner.slugs.slug(title), expected, "wrong slug", input: String(reflecting: title))
                        }
                    },
                    Check(
                        "agrees with the reference on random titles", kind: .property, points: 5,
                        why: "every character class of the rule must be handled, not only the examples'"
                    ) { context in
                        let alphabet = Array("aZ09 -_.!é\t")
                        let property = Property<String>(
                            generate: { g in
                                String((0..<Int.random(in: 0...16, using: &g)).map { _ in alphabet.randomElement(using: &g)! })
                            },
                            shrink: { title in Shrink.array(Array(title)).map { String($0) } },
                            describe: { String(reflecting: $0) })
                        try context.forAll(
                            property, learner: { learner.slugs.slug($0) }, reference: { reference.slugs.slug($0) })
                    },
                ]
            }
        }
        """#

    static let graderMain = #"""
        // The __name__ chapter's trusted grader: the checks and the reference, with the learner's code
        // reached only through proxies to the sandboxed learner runner.
        import Grading
        import __Module__
        import __Module__Checks
        import __Module__Solution

        let reference = __Module__Implementations(slugs: __Module__Solution.SlugMaker())

        GraderProcess.main(errorTypes: __Module__Implementations.remoteErrorTypes) { peer in
            __Module__Checks.catalogue(learner: .remote(peer), reference: reference)
        }
        """#

    static let learnerMain = #"""
        // The __name__ chapter's learner runner: the learner's files and the contracts, nothing else.
        import LearnerRuntime
        import __Module__
        import __Module__Exercise

        LearnerServer.run(
            __Module__Implementations.services(__Module__Implementations(slugs: SlugMaker())),
            errorTypes: __Module__Implementations.remoteErrorTypes)
        """#
}
