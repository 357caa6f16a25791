import Foundation
import Grading

/// The learner runner's own package, under `.workbook/learner/<chapter>/`: copies of the chapter's
/// contracts and the runtime they need, the learner's files and the runner's main. No reference
/// solution and no check exists in it, so learner code has nothing to import but the contracts.
///
/// Files are copied only when their content changed; the learner's own files are read, never
/// touched (their modification times stay as the editor left them).
struct LearnerPackage {
    let workspace: Workspace
    let chapter: ChapterEntry
    /// Where the package lives: `.workbook/learner/<chapter>/` for the learner's own runs; a
    /// grading of a candidate's folder has one of its own (see `GradeCommand`).
    let root: URL

    init(workspace: Workspace, chapter: ChapterEntry, root: URL? = nil) {
        self.workspace = workspace
        self.chapter = chapter
        self.root = root ?? workspace.stateDirectory.appendingPathComponent("learner/\(chapter.name)")
    }

    var product: String { "learn-\(chapter.name)" }
    /// Where the learner's files are compiled from.
    var exerciseFolder: URL { root.appendingPathComponent("Sources/\(chapter.exerciseModule)") }

    /// Lays the package out with `files` (exercise file name → where its text comes from).
    func prepare(files: [String: URL]) throws -> Set<String> {
        let manager = FileManager.default
        try manager.createDirectory(at: root, withIntermediateDirectories: true)
        try write(manifest, to: root.appendingPathComponent("Package.swift"))
        for target in ["LearnerRuntime", chapter.module] {
            try mirror(workspace.path("Sources/\(target)"), to: root.appendingPathComponent("Sources/\(target)"))
        }
        for target in chapter.declaration.learnerTargets {
            try mirror(workspace.path(target.folder), to: root.appendingPathComponent("Sources/\(target.name)"))
        }
        let main = root.appendingPathComponent("Sources/\(product)")
        try manager.createDirectory(at: main, withIntermediateDirectories: true)
        try copy(
            workspace.path("Sources/Graders/\(chapter.name)/learner/main.swift"),
            to: main.appendingPathComponent("main.swift"))
        try manager.createDirectory(at: exerciseFolder, withIntermediateDirectories: true)
        var changed = Set<String>()
        for (name, origin) in files {
            if try copy(origin, to: exerciseFolder.appendingPathComponent(name)) { changed.insert(name) }
        }
        for stale in (try? manager.contentsOfDirectory(atPath: exerciseFolder.path)) ?? [] where files[stale] == nil {
            try manager.removeItem(at: exerciseFolder.appendingPathComponent(stale))
            changed.insert(stale)
        }
        return changed
    }

    /// The learner's files in `folder` (`names`, or every Swift file and `extra`), each checked by
    /// `regularFile`.
    static func learnerFiles(in folder: URL, only names: [String]? = nil, extra: [String] = []) throws -> [String: URL]
    {
        let listed = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        var files: [String: URL] = [:]
        for name in (names ?? listed.filter { $0.hasSuffix(".swift") } + extra) where listed.contains(name) {
            files[name] = try regularFile(folder.appendingPathComponent(name))
        }
        return files
    }

    /// The largest learner file taken: a candidate's exercise is a few kilobytes.
    static let largestFile = 1 << 20

    /// `url` when it is a regular file of at most `largestFile` bytes. Links are refused: a
    /// symbolic or hard link could make another file (the reference's, `/etc/passwd`) pass for the
    /// learner's; so are folders named like a file and devices, FIFOs and sockets.
    static func regularFile(_ url: URL) throws -> URL {
        var info = stat()
        guard lstat(url.path, &info) == 0 else { throw CLIError("\(url.path): cannot read it") }
        switch info.st_mode & S_IFMT {
        case S_IFREG where info.st_nlink > 1:
            throw CLIError("\(url.path) is a hard link to another file; give the file itself (cp, not ln)")
        case S_IFREG where info.st_size > largestFile:
            throw CLIError("\(url.path) is \(info.st_size) bytes, more than a learner file may be (1 MiB)")
        case S_IFREG:
            return url
        case S_IFLNK:
            throw CLIError("\(url.path) is a symbolic link; give the file itself (cp, not ln -s)")
        case S_IFDIR:
            throw CLIError("\(url.path) is a folder, not a file: give the file itself")
        default:
            throw CLIError("\(url.path) is not a regular file (a device, FIFO or socket)")
        }
    }

    /// What to grade of a candidate's `folder`: its exercise files (`exercises`) and every other
    /// top-level Swift file (a helper of theirs), each checked by `regularFile`; everything else
    /// is listed as ignored, with why. `supplied`: files the workbook provides itself, never
    /// taken from the folder. `label`: how the listing names the folder.
    static func submission(
        in folder: URL, label: String, exercises: [String], supplied: Set<String>
    ) throws -> (files: [String: URL], listing: SubmissionFiles) {
        let manager = FileManager.default
        let listed = try manager.contentsOfDirectory(atPath: folder.path).sortedByBytes()
        var files: [String: URL] = [:]
        var ignored: [SubmissionFiles.Ignored] = []
        for name in listed {
            let url = folder.appendingPathComponent(name)
            let wanted = exercises.contains(name) || name.hasSuffix(".swift")
            if name.hasPrefix(".") {
                ignored.append(.init(name: name, reason: "a hidden file (an editor's swap file, say)"))
            } else if supplied.contains(name) {
                ignored.append(.init(name: name, reason: "the workbook supplies this file; its own copy is used"))
            } else if wanted {
                files[name] = try regularFile(url)
            } else {
                var isDirectory: ObjCBool = false
                _ = manager.fileExists(atPath: url.path, isDirectory: &isDirectory)
                ignored.append(
                    .init(
                        name: name,
                        reason: isDirectory.boolValue
                            ? "a folder: only top-level files are taken" : "neither a Swift file nor an exercise file"))
            }
        }
        let listing = SubmissionFiles(
            folder: label, taken: listed.filter { files[$0] != nil }, starters: exercises.filter { files[$0] == nil },
            ignored: ignored)
        return (files, listing)
    }

    var manifest: String {
        let wrappers = chapter.learnerDependencies
        var lines = [
            "// swift-tools-version: 6.0",
            "// Written by `workbook` for the \(chapter.name) chapter's learner runner; rewritten on every run.",
            "// It holds the contracts and the learner's files only: no reference solution, no check.",
            "import PackageDescription", "",
            "let settings: [SwiftSetting] = [.swiftLanguageMode(.v6)]",
            "let package = Package(",
            "    name: \"Learner\",",
            "    products: [.executable(name: \"\(product)\", targets: [\"\(product)\"])],",
            "    targets: [",
        ]
        // The contracts module's own needs, as Package.swift declares them (see `ChapterManifest`).
        for target in chapter.declaration.learnerTargets {
            if let pkgConfig = target.pkgConfig {
                lines.append(
                    "        .systemLibrary(name: \"\(target.name)\", path: \"Sources/\(target.name)\", pkgConfig: \"\(pkgConfig)\"),"
                )
            } else {
                let needs = target.dependencies.map { "\"\($0)\"" }.joined(separator: ", ")
                lines.append(
                    "        .target(name: \"\(target.name)\", dependencies: [\(needs)], swiftSettings: settings),")
            }
        }
        let module = (["LearnerRuntime"] + wrappers).map { "\"\($0)\"" }.joined(separator: ", ")
        lines += [
            // Optimised even in a debug build: the runner's side of every call (see Package.swift).
            "        .target(name: \"LearnerRuntime\", swiftSettings: settings + [.unsafeFlags([\"-O\"])]),",
            "        .target(name: \"\(chapter.module)\", dependencies: [\(module)], swiftSettings: settings),",
            "        .target(",
            "            name: \"\(chapter.exerciseModule)\", dependencies: [\(module), \"\(chapter.module)\"],",
            "            exclude: [\(chapter.exerciseFiles.map { "\"\($0)\"" }.joined(separator: ", "))], swiftSettings: settings),",
            "        .executableTarget(",
            "            name: \"\(product)\", dependencies: [\"\(chapter.exerciseModule)\", \(module), \"\(chapter.module)\"],",
            "            swiftSettings: settings),",
            "    ]",
            ")", "",
        ]
        return lines.joined(separator: "\n")
    }

    /// Makes `destination` hold the same files as `source`, writing only what differs.
    private func mirror(_ source: URL, to destination: URL) throws {
        let manager = FileManager.default
        try manager.createDirectory(at: destination, withIntermediateDirectories: true)
        let names = try manager.contentsOfDirectory(atPath: source.path)
        for name in names {
            let from = source.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            _ = manager.fileExists(atPath: from.path, isDirectory: &isDirectory)
            if isDirectory.boolValue {
                try mirror(from, to: destination.appendingPathComponent(name))
            } else {
                try copy(from, to: destination.appendingPathComponent(name))
            }
        }
        for stale in try manager.contentsOfDirectory(atPath: destination.path) where !names.contains(stale) {
            try manager.removeItem(at: destination.appendingPathComponent(stale))
        }
    }

    /// Copies `source` over `destination` when their contents differ; true when it did.
    @discardableResult
    private func copy(_ source: URL, to destination: URL) throws -> Bool {
        let data: Data
        do {
            data = try Data(contentsOf: source)
        } catch {
            throw CLIError("cannot read \(workspace.relative(source)): \(describeError(error))")
        }
        return try write(data, to: destination)
    }

    @discardableResult
    private func write(_ text: String, to destination: URL) throws -> Bool {
        try write(Data(text.utf8), to: destination)
    }

    @discardableResult
    private func write(_ data: Data, to destination: URL) throws -> Bool {
        if let existing = try? Data(contentsOf: destination), existing == data { return false }
        try data.write(to: destination, options: .atomic)
        return true
    }
}
