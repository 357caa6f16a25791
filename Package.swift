// swift-tools-version: 6.0
// The integration and API design workbook. README.md ("For instructors") describes the layout.
import PackageDescription

/// One interview question. Adding a chapter is its own folders and one entry in `chapters`
/// (`workbook new <chapter>` writes both); the CLI reads this list through
/// `swift package dump-package`, so it is the only place a chapter is declared.
struct Chapter {
    /// Folder name under Chapters/, Exercises/ and Solutions/, and the CLI's name for it.
    let name: String
    /// The chapter's module: contracts the learner implements and the runnable tool.
    let module: String
    /// The stem of the learner's and the reference's modules (`WebhookExercise`, `WebhookSolution`).
    let stem: String
    /// Extra dependencies of the chapter module.
    var dependencies: [Target.Dependency] = []
    /// Data folders in the chapter's test target that are read at run time, not compiled.
    var testExclusions: [String] = []
    /// Non-Swift exercise files (SQL) in both Exercises/ and Solutions/, read by the grader at run time.
    var exerciseFiles: [String] = []
    /// Whether Sources/Tools/<name> exists: `workbook <name> …` and `workbook bench <name>`.
    var hasTools = true
    /// Whether Tests/<module>Tests exists (optional: `workbook validate` proves a chapter sound).
    var hasTests = true

    var checks: String { module + "Checks" }
    var solution: String { stem + "Solution" }
    var grader: String { "grade-" + name }
    /// `workbook <name> …` and `workbook bench <name>`: Sources/Tools/<name>, built on first use.
    var tools: String { "workbook-" + name }
}

let chapters: [Chapter] = [
    Chapter(
        name: "webhook", module: "Webhooks", stem: "Webhook", dependencies: ["Crypto", "SQLite", "HTTP"],
        testExclusions: ["Vectors"]),
    Chapter(
        name: "etl", module: "ETL", stem: "ETL", dependencies: ["Crypto", "SQLite"],
        testExclusions: ["Independent/dedupe_contacts.sql"],
        exerciseFiles: ["normalize_contacts.sql", "dedupe_contacts.sql"]),
]

let swiftSettings: [SwiftSetting] = [.swiftLanguageMode(.v6)]

var targets: [Target] = [
    .systemLibrary(
        name: "COpenSSL", path: "Sources/COpenSSL", pkgConfig: "libcrypto",
        providers: [.apt(["libssl-dev"])]),
    .systemLibrary(
        name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3",
        providers: [.apt(["libsqlite3-dev"])]),
    .target(name: "Crypto", dependencies: ["COpenSSL"], swiftSettings: swiftSettings),
    .target(name: "SQLite", dependencies: ["CSQLite"], swiftSettings: swiftSettings),
    // HTTP types every chapter that speaks HTTP shares (headers today; the REST chapter adds more).
    .target(name: "HTTP", swiftSettings: swiftSettings),
    .target(name: "CSandbox", path: "Sources/CSandbox"),
    .target(name: "ProcessSandbox", dependencies: ["CSandbox"], swiftSettings: swiftSettings),
    // The consistency chapter's history checkers (issue 9, begun): its chapter entry in `chapters`
    // takes this target over when the chapter lands.
    .target(name: "Consistency", swiftSettings: swiftSettings),
    .testTarget(
        name: "ConsistencyTests", dependencies: ["Consistency", "LearnerRuntime"], swiftSettings: swiftSettings),
    // Copy detection for score cards: tokenizers, winnowed fingerprints, no dependencies.
    .target(name: "Similarity", swiftSettings: swiftSettings),
    .testTarget(name: "SimilarityTests", dependencies: ["Similarity", "LearnerRuntime"], swiftSettings: swiftSettings),
    // Optimised even in debug builds: every call between the grader and the learner runner goes
    // through it, thousands per run, and it is small and rarely rebuilt (measured: a fifth off a run).
    .target(name: "LearnerRuntime", swiftSettings: swiftSettings + [.unsafeFlags(["-O"])]),
    .target(
        name: "Grading", dependencies: ["LearnerRuntime", "ProcessSandbox", "Similarity"], swiftSettings: swiftSettings),
    .target(name: "ArgumentParsing", swiftSettings: swiftSettings),
    // The CLI core: no chapter module, check catalogue or reference (chapter tools are products).
    .target(
        name: "WorkbookCLI", dependencies: ["ArgumentParsing", "Grading", "ProcessSandbox", "Similarity"],
        swiftSettings: swiftSettings),
    .executableTarget(name: "workbook", dependencies: ["WorkbookCLI"], swiftSettings: swiftSettings),
    .testTarget(name: "CryptoTests", dependencies: ["Crypto"], swiftSettings: swiftSettings),
    .testTarget(name: "SQLiteTests", dependencies: ["SQLite"], swiftSettings: swiftSettings),
    .executableTarget(
        name: "grade-selftest", dependencies: ["Grading"], path: "Sources/Graders/selftest",
        swiftSettings: swiftSettings),
    .testTarget(name: "GradingTests", dependencies: ["Grading", "grade-selftest"], swiftSettings: swiftSettings),
    .testTarget(name: "ArgumentParsingTests", dependencies: ["ArgumentParsing"], swiftSettings: swiftSettings),
    .testTarget(
        name: "WorkbookCLITests",
        // The graders and tools, so that `grade` and `workbook <chapter>` find them built under `swift test`.
        dependencies: ["WorkbookCLI", "Grading", "SQLite", "workbook"]
            + chapters.flatMap { [.target(name: $0.grader)] + ($0.hasTools ? [.target(name: $0.tools)] : []) },
        swiftSettings: swiftSettings),
]

targets.append(
    .executableTarget(
        name: "workbook-similarity",
        dependencies: ["WorkbookCLI", "ArgumentParsing", "Grading", "Similarity", "LearnerRuntime"],
        path: "Sources/Tools/similarity", swiftSettings: swiftSettings))

var products: [Product] = [
    .executable(name: "workbook", targets: ["workbook"]),
    // `workbook bench similarity`: the score cards' copy detection, timed in a release build.
    .executable(name: "workbook-similarity", targets: ["workbook-similarity"]),
]

for chapter in chapters {
    // Two processes: the learner's files are compiled only into the learner runner, in a package
    // of its own that the CLI writes under .workbook/ (no reference module exists there), from
    // Sources/Graders/<chapter>/learner; the trusted grader links the checks and the reference
    // and reaches the learner's code through proxies. So no target here holds Exercises/.
    targets += [
        .target(
            name: chapter.module, dependencies: ["LearnerRuntime"] + chapter.dependencies,
            swiftSettings: swiftSettings),
        .target(
            name: chapter.checks, dependencies: ["Grading", .target(name: chapter.module)] + chapter.dependencies,
            swiftSettings: swiftSettings),
        .target(
            name: chapter.solution,
            dependencies: ["LearnerRuntime", .target(name: chapter.module)] + chapter.dependencies,
            path: "Solutions/\(chapter.name)", exclude: chapter.exerciseFiles, swiftSettings: swiftSettings),
        .executableTarget(
            name: chapter.grader,
            dependencies: [
                "Grading", .target(name: chapter.module), .target(name: chapter.checks),
                .target(name: chapter.solution),
            ],
            path: "Sources/Graders/\(chapter.name)/grader", swiftSettings: swiftSettings),
    ]
    products.append(.executable(name: chapter.grader, targets: [chapter.grader]))
    if chapter.hasTests {
        targets.append(
            .testTarget(
                name: chapter.module + "Tests",
                dependencies: [
                    "Grading", .target(name: chapter.module), .target(name: chapter.checks),
                    .target(name: chapter.solution),
                ] + chapter.dependencies,
                exclude: chapter.testExclusions,
                swiftSettings: swiftSettings))
    }
    guard chapter.hasTools else { continue }
    targets.append(
        .executableTarget(
            name: chapter.tools,
            dependencies: [
                "WorkbookCLI", "ArgumentParsing", .target(name: chapter.module), .target(name: chapter.solution),
            ]
                + chapter.dependencies,
            path: "Sources/Tools/\(chapter.name)", swiftSettings: swiftSettings))
    products.append(.executable(name: chapter.tools, targets: [chapter.tools]))
}

let package = Package(
    name: "Workbook",
    products: products,
    targets: targets
)
