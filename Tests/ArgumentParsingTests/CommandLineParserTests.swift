import ArgumentParsing
import Testing

@Suite struct CommandLineParserTests {
    let parser = CommandLineParser(
        root: CommandSpec(
            "tool", abstract: "A tool.",
            subcommands: [
                CommandSpec(
                    "run", abstract: "Run something.",
                    arguments: [
                        ArgumentSpec("chapter", help: "The chapter."),
                        ArgumentSpec("exercise", help: "One.", isOptional: true),
                    ],
                    options: [
                        .option("seed", value: "N", help: "The seed."), .flag("json", help: "JSON."),
                        .option("header", value: "H", help: "A header.", repeatable: true),
                    ]),
                CommandSpec("group", abstract: "A group.", subcommands: [CommandSpec("leaf", abstract: "A leaf.")]),
            ]))

    @Test func parsesSubcommandArgumentsOptionsAndFlags() throws {
        let parsed = try parser.parse([
            "run", "webhook", "2", "--seed", "9", "--json", "--header", "a: 1", "--header=b: 2",
        ])
        #expect(parsed.path == ["run"])
        #expect(parsed.arguments == ["chapter": "webhook", "exercise": "2"])
        #expect(parsed.value("seed") == "9")
        #expect(parsed.flag("json"))
        #expect(parsed.values("header") == ["a: 1", "b: 2"])
    }

    @Test func optionalArgumentMayBeLeftOut() throws {
        #expect(try parser.parse(["run", "webhook"]).arguments == ["chapter": "webhook"])
    }

    @Test func doubleDashEndsOptions() throws {
        #expect(try parser.parse(["run", "--", "--weird"]).arguments["chapter"] == "--weird")
    }

    @Test(arguments: [
        (["run"], "missing argument <chapter>"),
        (["run", "a", "b", "c"], "unexpected argument \"c\""),
        (["run", "a", "--seed"], "--seed needs a value (N)"),
        (["run", "a", "--sed", "1"], "unknown option --sed; did you mean --seed?"),
        (["run", "a", "--json=yes"], "--json takes no value"),
        (["run", "a", "--seed", "1", "--seed", "2"], "--seed given more than once"),
        (["rnu"], "unknown command \"rnu\"; did you mean run?"),
        (["group"], "group needs a subcommand: leaf"),
        (["run", "a", "-x"], "unknown option -x"),
    ])
    func rejectsBadCommandLinesWithASpecificMessage(_ arguments: [String], _ message: String) {
        #expect(throws: UsageError.self) { try parser.parse(arguments) }
        do {
            _ = try parser.parse(arguments)
        } catch {
            #expect(error.message == message)
        }
    }

    @Test func helpIsRecognisedAnywhere() throws {
        #expect(try parser.parse(["run", "--help"]).wantsHelp)
        #expect(try parser.parse(["-h"]).wantsHelp)
        #expect(try parser.parse(["help", "run"]).path == ["run"])
    }

    @Test func helpFollowsArgumentParserConventions() {
        let help = parser.help(for: ["run"])
        #expect(
            help == """
                OVERVIEW: Run something.

                USAGE: tool run <chapter> [<exercise>] [--seed <N>] [--json] [--header <H> ...]

                ARGUMENTS:
                  <chapter>               The chapter.
                  <exercise>              One.

                OPTIONS:
                  --seed <N>              The seed.
                  --json                  JSON.
                  --header <H>            A header.
                  -h, --help              Show help information.

                """)
        #expect(parser.help(for: []).contains("SUBCOMMANDS:\n  run                     Run something."))
    }
}

extension CommandLineParserTests {
    @Test func helpForAnUnknownCommandIsAUsageError() {
        #expect(throws: UsageError.self) { try parser.parse(["help", "nosuch"]) }
        #expect(throws: UsageError.self) { try parser.parse(["nosuch", "--help"]) }
    }
}
