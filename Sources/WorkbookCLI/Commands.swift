import ArgumentParsing

/// The `workbook` command tree: help and parsing both come from here.
let workbookCommands = CommandSpec(
    "workbook",
    abstract: "Interview practice on integration patterns and API design, graded in seconds.",
    discussion: "Without a command: where you stand in each chapter, and the next step.",
    subcommands: [
        CommandSpec("list", abstract: "List chapters and exercises with your progress."),
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
                ArgumentSpec("chapter", help: "The chapter."), ArgumentSpec("exercise", help: "The exercise number."),
            ],
            options: [.flag("all", help: "Show every hint shown so far again.")]),
        CommandSpec(
            "solution", abstract: "Show the reference solution, or its diff against your file.",
            discussion: "After the exercise passes it also shows the trade-offs and follow-up questions.",
            arguments: [
                ArgumentSpec("chapter", help: "The chapter."), ArgumentSpec("exercise", help: "The exercise number."),
            ],
            options: [.flag("diff", help: "Show a diff from your file to the reference instead.")]),
        CommandSpec(
            "reset", abstract: "Restore an exercise's starter (your file is backed up first).",
            arguments: [
                ArgumentSpec("chapter", help: "The chapter."),
                ArgumentSpec(
                    "exercise", help: "One exercise number (default: every exercise of the chapter).", isOptional: true),
            ]),
        CommandSpec(
            "grade", abstract: "Interviewer: grade a candidate's folder and keep a score card.",
            discussion:
                "Grades the files in DIR as the chapter's exercises without touching Exercises/; missing files count as the starter. Score cards (text, JSON, JUnit XML) go to .workbook/scorecards/.",
            arguments: [ArgumentSpec("chapter", help: "The chapter, e.g. webhook.")],
            options: [
                .option("from", value: "DIR", help: "The candidate's files (named as in Exercises/<chapter>/)."),
                .option("candidate", value: "NAME", help: "The name on the score card (default: the folder's name)."),
                .option("seed", value: "N", help: "The seed (use the same for every candidate)."),
                .flag("json", help: "Print the report as JSON."),
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
            abstract: "Instructor check: every starter compiles, matches its pristine copy, and scores zero.",
            options: [
                .option(
                    "timeout", value: "SECONDS",
                    help: "Time limit of a check that declares 3 s; the others scale with it (default 3).")
            ]),
        CommandSpec(
            "doctor", abstract: "Check the toolchain and system libraries, and say how to install what is missing."),
        CommandSpec(
            "bench", abstract: "Benchmark a chapter's reference in a release build.",
            arguments: [ArgumentSpec("chapter", help: "The chapter, e.g. webhook.")],
            options: [
                .option("seconds", value: "S", help: "Time per measurement (default 1; webhook)."),
                .option("rows", value: "N", help: "Rows in the generated CSV (default 1000000; etl)."),
                .flag("no-python", help: "Skip the Python libraries' figures."),
                .flag("json", help: "Print the figures as JSON."),
            ]),
        webhookCommands,
        etlCommands,
    ])

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

let webhookCommands = CommandSpec(
    "webhook", abstract: "Sign and verify real webhooks (Standard Webhooks, Stripe, GitHub).",
    subcommands: [
        CommandSpec(
            "sign", abstract: "Sign a body and print the headers a sender would attach.",
            options: [
                .option("scheme", value: "standard|stripe|github", help: "The signature scheme."),
                .option(
                    "secret", value: "S",
                    help: "The secret: whsec_<base64> (standard), the whole string (stripe, github)."),
                .option("body-file", value: "FILE", help: "The body to sign; - reads standard input."),
                .option(
                    "id", value: "ID", help: "The message id (standard; github's X-GitHub-Delivery). Default: random."),
                .option("timestamp", value: "UNIX", help: "The timestamp in Unix seconds (default: now)."),
            ]),
        CommandSpec(
            "verify", abstract: "Verify a delivery: exit 0 when valid, 1 with the reason on stderr.",
            options: [
                .option("scheme", value: "standard|stripe|github", help: "The signature scheme."),
                .option(
                    "secret", value: "S", help: "A secret; repeat for rotation (tried in order).", repeatable: true),
                .option(
                    "header", value: "'Name: value'", help: "A header of the delivery; repeat for each.",
                    repeatable: true),
                .option("body-file", value: "FILE", help: "The raw body; - reads standard input."),
                .option("tolerance", value: "SECONDS", help: "How far the timestamp may be from now (default 300)."),
                .option("now", value: "UNIX", help: "Verify as if now were this Unix time."),
                .option("replay-db", value: "FILE", help: "An SQLite nonce store, to refuse replays across runs."),
            ]),
    ])
