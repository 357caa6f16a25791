import ArgumentParsing

/// `workbook etl …`: the ETL vs ELT chapter's pipeline as a tool.
let etlCommands = CommandSpec(
    "etl", abstract: "Generate messy marketing sources and load them both ways: ETL and ELT.",
    subcommands: [
        CommandSpec(
            "generate", abstract: "Write contacts.csv, events.jsonl and crm.sqlite, seeded and reproducible.",
            discussion:
                "The contacts come from two systems (crm, web) with the mess real exports have; the event log has duplicate and out-of-order deliveries and bad lines; crm.sqlite captures every change in _changes for CDC.",
            options: [
                .option("rows", value: "N", help: "Contact records to write (default 10000; events: 10 per contact)."),
                .option("seed", value: "S", help: "The seed (default 1): equal seeds write equal files."),
                .option("out", value: "DIR", help: "The folder to write to (created if needed)."),
                .option("events-per-contact", value: "N", help: "Events per contact record (default 10)."),
                .flag("unterminated-quote", help: "End contacts.csv with a record whose quote never closes."),
            ]),
        CommandSpec(
            "run", abstract: "Load a source folder into a warehouse, ETL or ELT, and print the counts.",
            discussion:
                "Prints the reconciliation (read = loaded + quarantined + duplicates + already loaded), the time per stage and the watermark per source system. Without --incremental the warehouse ends up reflecting exactly this source.",
            options: [
                .option(
                    "mode", value: "etl|elt", help: "Transform in Swift before loading (etl), or in SQL after (elt)."),
                .option("source", value: "DIR", help: "The folder with contacts.csv and events.jsonl."),
                .option("db", value: "FILE", help: "The warehouse (an SQLite file, created if absent)."),
                .flag(
                    "incremental",
                    help: "Merge into what is loaded (watermarks, insert-or-ignore) instead of replacing it."),
                .option(
                    "on-drift", value: "fail|ignore|add-column",
                    help: "What the ETL path does when a source's shape changes (default fail)."),
                .option("salt", value: "S", help: "The secret salt for hashing PII (default: the warehouse's own)."),
                .flag("json", help: "Print the run report as JSON."),
            ]),
        CommandSpec(
            "compare", abstract: "Run both modes into fresh warehouses and compare them side by side.",
            discussion:
                "Time per stage, rows per table, bytes stored, PII columns found in each warehouse, and the marts diff (EXCEPT both ways), which must be empty.",
            options: [
                .option("source", value: "DIR", help: "The folder with contacts.csv and events.jsonl."),
                .option("keep", value: "DIR", help: "Keep the two warehouses in DIR (etl.sqlite, elt.sqlite)."),
                .flag("json", help: "Print the comparison as JSON."),
            ]),
        CommandSpec(
            "load", abstract: "Load any CSV file into a table, as Python's csv module reads it.",
            discussion:
                "Column names come from the header (or c1…cN), every value is text, and the load metadata (_source_file, _line, _loaded_at) follows the file's columns. Malformed records go to _quarantine with their line numbers; the good ones still load.",
            options: [
                .option("csv", value: "FILE", help: "The CSV file."),
                .option("table", value: "NAME", help: "The table to append to (created if absent)."),
                .option("db", value: "FILE", help: "The SQLite database (created if absent)."),
                .flag("no-header", help: "The first record is data: columns are c1…cN."),
                .option(
                    "delimiter", value: "C", help: "The field delimiter: one ASCII character, or 'tab' (default ,)."),
            ]),
        CommandSpec(
            "rebuild", abstract: "Re-run the ELT models from the raw staging tables, without reading any file.",
            options: [.option("db", value: "FILE", help: "A warehouse built with --mode elt.")]),
        CommandSpec(
            "cdc", abstract: "Change data capture from the CRM database (crm.sqlite).",
            subcommands: [
                CommandSpec(
                    "mutate", abstract: "Make random inserts, updates and deletes in crm.sqlite (all captured).",
                    options: [
                        .option("source", value: "DIR", help: "The folder with crm.sqlite."),
                        .option("changes", value: "N", help: "How many changes (default 100)."),
                        .option("seed", value: "S", help: "The seed (default 1)."),
                    ]),
                CommandSpec(
                    "apply", abstract: "Apply the change log after the consumer's committed position to a warehouse.",
                    discussion:
                        "Each page of changes is applied with its offset in one transaction, so a crash and a re-run apply every change exactly once. The warehouse's cdc_contacts holds the CRM rows as they are (raw emails: PII).",
                    options: [
                        .option("source", value: "DIR", help: "The folder with crm.sqlite."),
                        .option("db", value: "FILE", help: "The warehouse (created if absent)."),
                        .option("page", value: "N", help: "Changes per transaction (default 1000)."),
                    ]),
            ]),
    ])
