import Foundation
import Grading

/// `workbook doctor`: the toolchain and system libraries, what is missing and how to install it.
enum Doctor {
    struct Finding {
        var name: String
        var ok: Bool
        var detail: String
        var fix: String?
    }

    static func run() -> Int32 {
        var findings: [Finding] = []
        let swift = try? Subprocess.run("swift", ["--version"], in: URL(fileURLWithPath: "/"))
        let version = swift?.combinedText.split(separator: "\n").first.map(String.init) ?? "not found"
        findings.append(
            Finding(
                name: "Swift toolchain", ok: swift?.status == 0 && version.contains("Swift version 6"),
                detail: version, fix: "install Swift 6 from swift.org and put its bin folder on PATH"))
        for (name, header, package) in [
            ("libcrypto (OpenSSL)", "/usr/include/openssl/hmac.h", "libssl-dev"),
            ("SQLite", "/usr/include/sqlite3.h", "libsqlite3-dev"),
        ] {
            let present = FileManager.default.fileExists(atPath: header)
            findings.append(
                Finding(
                    name: name, ok: present, detail: present ? header : "\(header) not found",
                    fix: "sudo apt-get install -y \(package)"))
        }
        let pkgConfig = try? Subprocess.run(
            "pkg-config", ["--libs", "libcrypto", "sqlite3"], in: URL(fileURLWithPath: "/"))
        findings.append(
            Finding(
                name: "pkg-config", ok: pkgConfig?.status == 0,
                detail: pkgConfig?.combinedText.trimmingCharacters(in: .whitespacesAndNewlines) ?? "not found",
                fix: "sudo apt-get install -y pkg-config"))
        let python = try? Subprocess.run(
            "python3", ["-c", "import sys; print(sys.version.split()[0])"], in: URL(fileURLWithPath: "/"))
        findings.append(
            Finding(
                name: "Python 3 (optional: benchmarks beside the Python libraries)", ok: python?.status == 0,
                detail: python?.combinedText.trimmingCharacters(in: .whitespacesAndNewlines) ?? "not found", fix: nil))
        var failed = false
        for finding in findings {
            let mark = finding.ok ? "✓" : (finding.fix == nil ? "·" : "✗")
            Console.out("\(mark) \(finding.name): \(finding.detail)")
            if !finding.ok, let fix = finding.fix {
                failed = true
                Console.out("    fix: \(fix)")
            }
        }
        Console.out(
            failed
                ? "\nSome requirements are missing; run the fixes above, then `swift build`."
                : "\nEverything the workbook needs is here.")
        return failed ? 1 : 0
    }
}
