import Foundation
import Testing

/// `workbook etl …` end to end, through the built binary.
@Suite(.serialized) struct ETLCommandTests {
    static func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("etl-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func generate(rows: Int, into folder: URL, perContact: Int = 3) throws {
        let output = try CLI.run([
            "etl", "generate", "--rows", "\(rows)", "--seed", "5", "--out", folder.path, "--events-per-contact",
            "\(perContact)",
        ])
        #expect(output.status == 0, "\(output.stderr)")
    }

    @Test func everyETLCommandHasHelp() throws {
        for command in [
            ["etl"], ["etl", "generate"], ["etl", "run"], ["etl", "compare"], ["etl", "load"], ["etl", "rebuild"],
            ["etl", "cdc"], ["etl", "cdc", "mutate"], ["etl", "cdc", "apply"],
        ] {
            let output = try CLI.run(command + ["--help"])
            #expect(output.status == 0, "\(command)")
            #expect(output.stdout.hasPrefix("OVERVIEW: "), "\(command)")
            #expect(output.stdout.contains("USAGE: workbook \(command.joined(separator: " "))"), "\(command)")
        }
    }

    @Test func generateRunAndCompare() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = folder.appendingPathComponent("source")
        let generated = try CLI.run(["etl", "generate", "--rows", "300", "--seed", "5", "--out", source.path])
        #expect(generated.status == 0)
        #expect(generated.stdout.contains("contacts.csv  300 records"))
        for file in ["contacts.csv", "events.jsonl", "crm.sqlite"] {
            #expect(FileManager.default.fileExists(atPath: source.appendingPathComponent(file).path), "\(file)")
        }
        for mode in ["etl", "elt"] {
            let database = folder.appendingPathComponent("\(mode).sqlite").path
            let run = try CLI.run([
                "etl", "run", "--mode", mode, "--source", source.path, "--db", database, "--salt", "very-secret-salt",
            ])
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.stdout.contains("\(mode.uppercased()) run run-"))
            #expect(run.stdout.contains("contacts  read 300 = loaded "))
            #expect(run.stdout.contains("(reconciled)"))
            #expect(run.stdout.contains("watermark crm ("))
            #expect(run.stdout.contains("time      setup "))
            #expect(!run.stdout.contains("very-secret-salt") && !run.stderr.contains("very-secret-salt"))
            let json = try CLI.run([
                "etl", "run", "--mode", mode, "--source", source.path, "--db", database, "--incremental", "--json",
                "--salt", "very-secret-salt",
            ])
            #expect(json.status == 0, "\(json.stderr)")
            #expect(json.stdout.contains("\"schemaVersion\" : 1"))
            #expect(!json.stdout.contains("very-secret-salt"))
        }
        let compare = try CLI.run(["etl", "compare", "--source", source.path])
        #expect(compare.status == 0, "\(compare.stderr)")
        #expect(compare.stdout.contains("marts diff dim_contact"))
        #expect(compare.stdout.contains("identical (EXCEPT both ways is empty)"))
        #expect(compare.stdout.contains("stg_contacts_raw.email"))
        let rebuild = try CLI.run(["etl", "rebuild", "--db", folder.appendingPathComponent("elt.sqlite").path])
        #expect(rebuild.status == 0, "\(rebuild.stderr)")
        #expect(rebuild.stdout.contains("no file read"))
    }

    @Test func badInputGetsAClearErrorAndTheRightExitCode() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("w.sqlite").path
        let missing = folder.appendingPathComponent("nowhere").path

        let unknownMode = try CLI.run(["etl", "run", "--mode", "eltl", "--source", folder.path, "--db", database])
        #expect(unknownMode.status == 2)
        #expect(unknownMode.stderr.hasPrefix("Error: unknown mode \"eltl\"; modes: etl, elt\nUsage: workbook etl run"))

        let noSource = try CLI.run(["etl", "run", "--mode", "etl", "--source", missing, "--db", database])
        #expect(noSource.status == 1)
        #expect(noSource.stderr == "Error: the source folder \(missing) does not exist\n")

        let noFiles = try CLI.run(["etl", "run", "--mode", "elt", "--source", folder.path, "--db", database])
        #expect(noFiles.status == 1)
        #expect(noFiles.stderr.contains("contacts.csv is missing"))

        let empty = folder.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        try Data().write(to: empty.appendingPathComponent("contacts.csv"))
        try Data().write(to: empty.appendingPathComponent("events.jsonl"))
        for mode in ["etl", "elt"] {
            let output = try CLI.run(["etl", "run", "--mode", mode, "--source", empty.path, "--db", database])
            #expect(output.status == 1, "\(mode)")
            #expect(output.stderr.contains("contacts.csv: empty file"), "\(mode): \(output.stderr)")
        }

        let notCSV = folder.appendingPathComponent("picture.png")
        // A PNG's signature, then chunks whose lengths and pixels hold many NUL bytes.
        let png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + (0..<4096).map { $0 % 5 == 0 ? $0 % 251 : 0 }
        try Data(png.map(UInt8.init)).write(to: notCSV)
        let load = try CLI.run(["etl", "load", "--csv", notCSV.path, "--table", "t", "--db", database, "--no-header"])
        #expect(load.status == 1)
        #expect(
            load.stderr.hasPrefix("Error: \(notCSV.path) looks like a binary file, not a CSV file ("), "\(load.stderr)")
        let latin1 = folder.appendingPathComponent("latin1.csv")
        try Data([0x6E, 0x61, 0x6D, 0x65, 0x0A, 0xE9, 0x74, 0xE9, 0x0A]).write(to: latin1)
        let notUTF8 = try CLI.run(["etl", "load", "--csv", latin1.path, "--table", "t", "--db", database])
        #expect(notUTF8.status == 1)
        #expect(notUTF8.stderr.contains("is it a CSV file"), "\(notUTF8.stderr)")

        let loadMissing = try CLI.run(["etl", "load", "--csv", missing, "--table", "t", "--db", database])
        #expect(loadMissing.status == 1)
        #expect(loadMissing.stderr.contains(missing))

        let badDelimiter = try CLI.run([
            "etl", "load", "--csv", notCSV.path, "--table", "t", "--db", database, "--delimiter", ";;",
        ])
        #expect(badDelimiter.status == 2)

        let noRows = try CLI.run(["etl", "generate", "--rows", "0", "--out", folder.path])
        #expect(noRows.status == 2)
        #expect(noRows.stderr.contains("--rows expects a whole number from 1"))
    }

    @Test func aNULByteQuarantinesItsRecordWhereverItIs() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("w.sqlite").path
        for line in [3, 2_000] {
            var rows = ["id,name"] + (1..<2_500).map { "\($0),name \($0)" }
            rows[line - 1] = "\(line),na\u{0}me"
            let csv = folder.appendingPathComponent("nul-\(line).csv")
            try Data((rows.joined(separator: "\n") + "\n").utf8).write(to: csv)
            let output = try CLI.run(["etl", "load", "--csv", csv.path, "--table", "t\(line)", "--db", database])
            #expect(output.status == 0, "line \(line): \(output.stderr)")
            #expect(output.stdout.contains("quarantined 1"), "line \(line): \(output.stdout)")
            #expect(output.stdout.contains("line \(line): nul_byte"), "line \(line): \(output.stdout)")
        }
    }

    @Test func pipesAndFIFOsAreReadOnceAsStreams() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("w.sqlite").path
        let stdin = try CLI.run(
            ["etl", "load", "--csv", "/dev/stdin", "--table", "piped", "--db", database],
            input: Data("id,name\n1,a\n2,b\n".utf8), timeLimit: .seconds(60))
        #expect(stdin.status == 0, "\(stdin.stderr)")
        #expect(stdin.stdout.contains("read 2, loaded 2"), "\(stdin.stdout)")

        let fifo = folder.appendingPathComponent("fifo.csv").path
        #expect(mkfifo(fifo, 0o600) == 0)
        Thread.detachNewThread {
            // Opening for writing waits for the loader to open it for reading.
            if let handle = FileHandle(forWritingAtPath: fifo) {
                handle.write(Data("id,name\n1,a\n".utf8))
                try? handle.close()
            }
        }
        let fromFIFO = try CLI.run(
            ["etl", "load", "--csv", fifo, "--table", "fifo", "--db", database], timeLimit: .seconds(60))
        #expect(fromFIFO.status == 0, "\(fromFIFO.stderr)")
        #expect(fromFIFO.stdout.contains("read 1, loaded 1"), "\(fromFIFO.stdout)")
    }

    @Test func tooManyColumnsSaysTheCountAndTheLimit() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = folder.appendingPathComponent("wide.csv")
        let header = (0..<10_000).map { "c\($0)" }.joined(separator: ",")
        try Data((header + "\n" + Array(repeating: "1", count: 10_000).joined(separator: ",") + "\n").utf8).write(
            to: csv)
        let output = try CLI.run([
            "etl", "load", "--csv", csv.path, "--table", "wide", "--db", folder.appendingPathComponent("w.sqlite").path,
        ])
        #expect(output.status == 1)
        #expect(
            output.stderr.contains(
                "the file has 10000 columns (10003 with the load metadata); a SQLite table holds at most 2000"),
            "\(output.stderr.prefix(300))")
        #expect(output.stderr.utf8.count < 300)
    }

    @Test func loadReportsAndQuarantinesWithLineNumbers() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = folder.appendingPathComponent("messy.csv")
        try "id\tname\r\n1\t\"a\nb\"\r\n2\tx\ty\r\n3\t\"say \"\"hi\"\"\"".write(
            to: csv, atomically: true, encoding: .utf8)
        let database = folder.appendingPathComponent("w.sqlite").path
        let output = try CLI.run([
            "etl", "load", "--csv", csv.path, "--table", "people", "--db", database, "--delimiter", "tab",
        ])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("read 3, loaded 2, quarantined 1"))
        #expect(output.stdout.contains("line 4: wrong_field_count"))
    }

    @Test func cdcMutateAndApplyPrintPositions() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.generate(rows: 100, into: folder, perContact: 0)
        let database = folder.appendingPathComponent("w.sqlite").path
        let first = try CLI.run(["etl", "cdc", "apply", "--source", folder.path, "--db", database])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("committed position none → "))
        let mutate = try CLI.run(["etl", "cdc", "mutate", "--source", folder.path, "--changes", "40", "--seed", "2"])
        #expect(mutate.status == 0)
        #expect(mutate.stdout.contains("change log positions"))
        let second = try CLI.run(["etl", "cdc", "apply", "--source", folder.path, "--db", database, "--page", "7"])
        #expect(second.status == 0)
        #expect(second.stdout.contains("Applied 40 changes"))
        #expect(second.stdout.contains("in 6 transactions"))
        let third = try CLI.run(["etl", "cdc", "apply", "--source", folder.path, "--db", database])
        #expect(third.stdout.hasPrefix("Nothing to apply"))
        let noSub = try CLI.run(["etl", "cdc"])
        #expect(noSub.status == 2)
    }
}
