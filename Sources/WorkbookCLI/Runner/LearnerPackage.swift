import Foundation

/// The learner runner's own package, under `.workbook/learner/<chapter>/`: copies of the chapter's
/// contracts and the runtime they need, the learner's files and the runner's main. No reference
/// solution and no check exists in it, so learner code has nothing to import but the contracts.
///
/// Files are copied only when their content changed; the learner's own files are read, never
/// touched (their modification times stay as the editor left them).
struct LearnerPackage {
    let workspace: Workspace
    let chapter: ChapterEntry

    var root: URL { workspace.stateDirectory.appendingPathComponent("learner/\(chapter.name)") }
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

    /// The learner's files in `folder` (`names`, or every Swift file and `extra`), refusing links:
    /// a symbolic or hard link could make another file (the reference's) pass for the learner's.
    static func learnerFiles(in folder: URL, only names: [String]? = nil, extra: [String] = []) throws -> [String: URL]
    {
        let listed = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        var files: [String: URL] = [:]
        for name in (names ?? listed.filter { $0.hasSuffix(".swift") } + extra) where listed.contains(name) {
            let url = folder.appendingPathComponent(name)
            var info = stat()
            guard lstat(url.path, &info) == 0 else { throw CLIError("\(url.path): cannot read it") }
            switch info.st_mode & S_IFMT {
            case S_IFREG where info.st_nlink > 1:
                throw CLIError("\(url.path) is a hard link to another file; give the file itself (cp, not ln)")
            case S_IFREG:
                files[name] = url
            case S_IFLNK:
                throw CLIError("\(url.path) is a symbolic link; give the file itself (cp, not ln -s)")
            default:
                throw CLIError("\(url.path) is not a regular file")
            }
        }
        return files
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
