import ArgumentParsing

/// The `workbook` command tree: help and parsing both come from here. Chapter tools parse their own
/// commands (`toolCommands`); the core lists them from the chapter declarations.
func workbookCommands(chapters: [ChapterDeclaration]) -> CommandSpec {
    CommandSpec(
        "workbook",
        abstract: "Interview practice on integration patterns and API design, graded in seconds.",
        discussion: "Without a command: where you stand in each chapter, and the next step.",
        subcommands: [
            CommandSpec("list", abstract: "List chapters and exercises with your progress."),
            CommandSpec(
                "checks", abstract: "Read the checks of a chapter or an exercise: name, kind, points, why.",
                discussion:
                    "The visible checks, as you may read a test suite; hidden ones are only counted. With an exercise, also the inputs each example and scenario check names (read from a grading of the reference; property checks generate theirs).",
                arguments: [
                    ArgumentSpec("chapter", help: "The chapter."),
                    ArgumentSpec("exercise", help: "One exercise number (default: all).", isOptional: true),
                ]),
            CommandSpec(
                "run", abstract: "Build and grade a chapter (or one exercise).",
                discussion:
                    "Builds only that chapter's grader, runs every check in a child process with a time limit per check, and prints a report.",
                arguments: [
                    ArgumentSpec("chapter", help: "The chapter, e.g. webhook."),
                    ArgumentSpec("exercise", help: "One exercise number (default: all).", isOptional: true),
                ],
                options: runOptions),
            CommandSpec(
                "watch", abstract: "Re-grade a chapter each time you save one of its files.",
                discussion:
                    "At a terminal the first unfinished exercise (or the one named) is in focus and each save re-grades it alone, and single keys act: n next exercise, h its next hint, l list, c check the whole chapter, s its solution (asks first), x reset it to the starter (asks first; your file is backed up), q quit. Elsewhere (a pipe, a script) each save grades what was asked and only Ctrl-C stops it.",
                arguments: [
                    ArgumentSpec("chapter", help: "The chapter, e.g. webhook."),
                    ArgumentSpec("exercise", help: "One exercise number (default: all).", isOptional: true),
                ],
                options: [
                    .option("seed", value: "N", help: "Replay a run with this seed."),
                    .option(
                        "timeout", value: "SECONDS",
                        help: "Time limit of a check that declares 3 s; the others scale with it (default 3)."),
                    .option("interval", value: "SECONDS", help: "How often to look for changes (default 0.3)."),
                    .option("max-runs", value: "N", help: "Stop after this many gradings (for scripts)."),
                ]),
            CommandSpec(
                "hint", abstract: "Show the next hint for an exercise (one more each time).",
                arguments: [
                    ArgumentSpec("chapter", help: "The chapter."),
                    ArgumentSpec("exercise", help: "The exercise number."),
                ],
                options: [.flag("all", help: "Show every hint shown so far again.")]),
            CommandSpec(
                "solution", abstract: "Show the reference solution, or its diff against your file.",
                discussion:
                    "Before the exercise passes it asks first (at a terminal; elsewhere it needs --yes) and records that you looked, which `list` shows. After it passes it also shows the trade-offs and follow-up questions.",
                arguments: [
                    ArgumentSpec("chapter", help: "The chapter."),
                    ArgumentSpec("exercise", help: "The exercise number."),
                ],
                options: [
                    .flag("diff", help: "Show a diff from your file to the reference instead."),
                    .flag("yes", help: "Show it before the exercise passes without asking."),
                ]),
            CommandSpec(
                "reset", abstract: "Restore an exercise's starter (your file is backed up first).",
                arguments: [
                    ArgumentSpec("chapter", help: "The chapter."),
                    ArgumentSpec(
                        "exercise", help: "One exercise number (default: every exercise of the chapter).",
                        isOptional: true),
                ]),
            CommandSpec(
                "grade", abstract: "Interviewer: grade a candidate's folder and keep a score card.",
                discussion:
                    "Grades the files in DIR as the chapter's exercises, hidden checks included, without writing DIR or the checkout: the exercise files and any other top-level Swift file (a helper), each a regular file; links, folders named like a file and files over 1 MiB are refused. Missing exercise files count as the starter. Score cards (text, JSON, JUnit XML and HTML, listing every file taken or ignored, and each file's similarity to the reference and to the closest other card, flagged at 40%) go to .workbook/scorecards/, with a copy of the files graded.",
                arguments: [ArgumentSpec("chapter", help: "The chapter, e.g. webhook.")],
                options: [
                    .option("from", value: "DIR", help: "The candidate's files (named as in Exercises/<chapter>/)."),
                    .option(
                        "candidate", value: "NAME", help: "The name on the score card (default: the folder's name)."),
                    .option("seed", value: "N", help: "The seed (use the same for every candidate)."),
                    .flag("json", help: "Print the report as JSON."),
                    .option(
                        "report", value: "FILE",
                        help: "Also write the score card to FILE, as its extension says: .html, .json, .xml or .txt."),
                    .option(
                        "timeout", value: "SECONDS",
                        help: "Time limit of a check that declares 3 s; the others scale with it (default 3)."),
                ]),
            CommandSpec(
                "scorecards", abstract: "Interviewer: the kept score cards side by side.",
                discussion:
                    "One row per card (.workbook/scorecards/), one column per exercise: the points of its visible checks, then of its hidden ones in brackets, and the similarity of the card's most alike file to the reference. Warns when cards of one chapter were graded with different seeds, and lists the pairs of candidates whose files are alike.",
                options: [
                    .option("chapter", value: "C", help: "Only this chapter's cards."),
                    .option("html", value: "FILE", help: "Also write the comparison as one HTML file."),
                ]),
            CommandSpec(
                "similarity", abstract: "Interviewer: how much of A's code is in B, per file and overall.",
                discussion:
                    "Compares two files or folders (their top-level .swift and .sql files) as MOSS does: comments, layout, names and literals ignored, winnowed fingerprints of 10-token runs. A file's score is the share of its own code found anywhere in B's files of its language; at 40% or more it is flagged, and the matched lines are shown against B's same-named file (or the most alike one). With --chapter, the chapter's starters are set aside, so code both sides were given does not count.",
                arguments: [
                    ArgumentSpec("a", help: "A file or folder (the submission)."),
                    ArgumentSpec("b", help: "A file or folder to compare it with."),
                ],
                options: [
                    .option("chapter", value: "C", help: "Set this chapter's starters aside."),
                    .flag(
                        "json", help: "Print one JSON document (schemaVersion, files with score 0 to 1 and matches)."),
                ]),
            CommandSpec(
                "verify", abstract: "Grade every chapter.",
                options: [
                    .option("seed", value: "N", help: "The seed."),
                    .option(
                        "timeout", value: "SECONDS",
                        help: "Time limit of a check that declares 3 s; the others scale with it (default 3)."),
                ]),
            CommandSpec(
                "validate",
                abstract: "Instructor: prove a chapter sound (plan, texts, starters, reference, mutants).",
                discussion:
                    "Checks that the committed plan is the grader's, that the README, hints and notes have every required section, that each starter is pristine and scores zero, that the reference scores full marks with every check, and that each wrong implementation under Chapters/<chapter>/mutants/<name>/ loses points in its own exercise only.",
                arguments: [ArgumentSpec("chapter", help: "One chapter (default: every chapter).", isOptional: true)],
                options: [
                    .option(
                        "timeout", value: "SECONDS",
                        help: "Time limit of a check that declares 3 s; the others scale with it (default 3).")
                ]),
            CommandSpec(
                "doctor", abstract: "Check the toolchain and system libraries, and say how to install what is missing."),
            CommandSpec(
                "bench", abstract: "Benchmark a chapter's reference in a release build.",
                discussion:
                    "The benchmark is part of the chapter's tools, built on first use; its options: workbook bench <chapter> --help.",
                arguments: [ArgumentSpec("chapter", help: "The chapter, e.g. webhook.")]),
            CommandSpec(
                "new", abstract: "Instructor: write a new chapter's folders and declare it in Package.swift.",
                discussion:
                    "Writes the chapter README, hints, notes, a contracts module, one exercise with starter and solution, a check catalogue with a visible and a hidden check, a wrong implementation under Chapters/<chapter>/mutants/, and the grader; `workbook validate <chapter>` then passes.",
                arguments: [
                    ArgumentSpec("chapter", help: "The new chapter's name: lower-case letters and digits, e.g. queues.")
                ],
                options: [.option("title", value: "TEXT", help: "Required: the chapter's title (its README heading).")]),
        ]
            // Each chapter with tools (`workbook-<chapter>`) adds `workbook <chapter> …`, parsed by the tool.
            + chapters.filter(\.hasTools).map {
                CommandSpec(
                    $0.name,
                    abstract: "Tools of the \($0.name) chapter, built on first use (workbook \($0.name) --help).")
            })
}

let runOptions: [OptionSpec] = [
    .option("seed", value: "N", help: "Replay a run with this seed (it prints with every report)."),
    .flag("json", help: "Print the report as JSON (Exercism's results shape, with points)."),
    .option("junit", value: "FILE", help: "Also write a JUnit XML report to FILE."),
    .option(
        "timeout", value: "SECONDS",
        help: "Time limit of a check that declares 3 s; the others scale with it (default 3)."),
    .option("cases", value: "N", help: "Cases per property check (default 200)."),
    .flag("verbose", help: "Show every check, also of exercises not started."),
]

/// The command tree a chapter tool parses: its own commands under its chapter's name, and
/// `bench <chapter>` with the benchmark's options.
package func toolCommands(_ commands: CommandSpec, benchOptions: [OptionSpec]) -> CommandSpec {
    CommandSpec(
        "workbook", abstract: commands.abstract,
        subcommands: [
            commands,
            CommandSpec(
                "bench", abstract: "Benchmark the \(commands.name) chapter's reference in a release build.",
                arguments: [ArgumentSpec("chapter", help: "The chapter: \(commands.name).")],
                options: benchOptions + [.flag("json", help: "Print the figures as JSON.")]),
        ])
}
