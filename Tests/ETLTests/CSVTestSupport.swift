import ETL
import Foundation
import Grading
import Testing

/// A fresh directory for one test's files, removed by `remove()`.
struct CSVScratchDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("ETLTests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Writes `bytes` to `name` in the directory and returns its path.
    func write(_ bytes: [UInt8], to name: String) throws -> String {
        let path = url.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Writes `text` as UTF-8.
    func write(_ text: String, to name: String) throws -> String {
        try write(Array(text.utf8), to: name)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}

/// The package root, found from this file's path.
let csvTestPackageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// Runs the scripts that give Python's answers, when python3 is installed.
enum PythonOracle {
    /// Whether `python3` runs.
    static let isAvailable: Bool = (try? run(["--version"]))?.status == 0

    /// The note shown when the Python comparisons are skipped.
    static let skipNote: Comment = "python3 is not on PATH: the comparisons with Python's csv module are skipped"

    /// Runs python3 with `arguments` from the package root.
    static func run(_ arguments: [String]) throws -> (status: Int32, output: Data, errors: String) {
        let result = try Subprocess.run("python3", arguments, in: csvTestPackageRoot, timeLimit: .seconds(300))
        return (result.status, result.output, result.errorText)
    }

    /// One record as `Scripts/etl_csv_reference.py` prints it.
    struct Record: Decodable {
        var line: Int
        var fields: [String]
        var flags: [String]
    }

    /// Python's records for the CSV file at `path`.
    static func csvRecords(
        _ path: String, delimiter: UInt8 = UInt8(ascii: ","), maxFieldBytes: Int? = nil, expectedFields: Int? = nil
    ) throws -> [Record] {
        var arguments = ["Scripts/etl_csv_reference.py", path, "--delimiter", String(UnicodeScalar(delimiter))]
        if let maxFieldBytes { arguments += ["--max-field-bytes", String(maxFieldBytes)] }
        if let expectedFields { arguments += ["--expected-fields", String(expectedFields)] }
        let result = try run(arguments)
        guard result.status == 0 else {
            throw CSVTestFailure("etl_csv_reference.py failed (\(result.status)): \(result.errors)")
        }
        struct Output: Decodable { var records: [Record] }
        return try JSONDecoder().decode(Output.self, from: result.output).records
    }
}

struct CSVTestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A comparable summary of what a reader yields: records in full, malformed records by line and
/// reason (their raw text and detail are the workbook's own and are checked separately).
enum CSVOutcome: Equatable, CustomStringConvertible {
    case record(line: Int, fields: [String])
    case malformed(line: Int, reason: String)

    init(_ item: CSVItem) {
        switch item {
        case .record(let record): self = .record(line: record.line, fields: record.fields)
        case .malformed(let bad): self = .malformed(line: bad.line, reason: bad.reason.rawValue)
        }
    }

    var description: String {
        switch self {
        case .record(let line, let fields):
            "\(line): \(fields.map { "\($0.debugDescription)" }.joined(separator: ", "))"
        case .malformed(let line, let reason): "\(line): malformed \(reason)"
        }
    }
}
