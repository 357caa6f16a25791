import ArgumentParsing
import WorkbookCLI

/// `workbook webhook …`: sign and verify deliveries with the reference.
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
