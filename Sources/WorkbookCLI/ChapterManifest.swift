import Foundation
import Grading
import Synchronization

/// What the CLI knows of a chapter before reading its plan, all of it read from Package.swift's
/// `chapters` list (the one place a chapter is declared) and the chapter's README.
struct ChapterDeclaration: Sendable, Codable, Equatable {
    var name: String
    /// The chapter README's first heading.
    var title = ""
    /// The SwiftPM module the learner runner's package builds from `Exercises/<name>`.
    var exerciseModule: String
    /// The chapter's contracts module.
    var module: String
    /// The wrapper modules the contracts module needs in the learner runner's package.
    var learnerDependencies: [String] = []
    /// Exercise files that are not Swift (SQL), read by the learner runner at run time.
    var exerciseFiles: [String] = []
    /// Whether `workbook-<name>` exists (`workbook <name> …`, `workbook bench <name>`).
    var hasTools = false
    /// The folders the grader and the tool are compiled from, for freshness.
    var graderInputs: [String] = []
    var toolInputs: [String] = []
    /// What the contracts module needs in the learner runner's package besides LearnerRuntime:
    /// its wrapper modules and their system libraries, transitively.
    var learnerTargets: [LearnerTarget] = []
}

/// A target the learner runner's package copies from this one.
struct LearnerTarget: Sendable, Codable, Equatable {
    var name: String
    /// Where its sources are in this package.
    var folder: String
    var dependencies: [String]
    /// A system library's pkg-config name; `nil` for a Swift target.
    var pkgConfig: String?
}

/// Reads the chapters from Package.swift through SwiftPM (`swift package dump-package`), so that
/// the manifest's `chapters` list is the only declaration. Package.swift cannot read a manifest
/// of ours reliably (SwiftPM caches its evaluation by the text of Package.swift alone, so a
/// changed JSON beside it would go unseen); the reverse direction has no such cache: ours is
/// keyed by the text of Package.swift and kept under `.build/workbook/`.
enum ChapterManifest {
    private struct Cache: Codable {
        /// How the declarations are derived; a CLI that derives them otherwise reads the dump again.
        var format = Self.currentFormat
        static let currentFormat = 2
        var manifest: String
        var chapters: [ChapterDeclaration]
    }

    private static let loaded = Mutex<[String: [ChapterDeclaration]]>([:])

    /// The chapters of the package at `root`, in the order Package.swift lists them.
    static func declarations(root: URL) throws -> [ChapterDeclaration] {
        if let known = loaded.withLock({ $0[root.path] }) { return known }
        let manifestURL = root.appendingPathComponent("Package.swift")
        let manifest = try String(contentsOf: manifestURL, encoding: .utf8)
        let cacheURL = root.appendingPathComponent(".build/workbook/chapters.json")
        var chapters: [ChapterDeclaration]
        if let data = try? Data(contentsOf: cacheURL), let cache = try? JSONDecoder().decode(Cache.self, from: data),
            cache.manifest == manifest, cache.format == Cache.currentFormat
        {
            chapters = cache.chapters
        } else {
            chapters = try read(root: root)
            try? FileManager.default.createDirectory(
                at: cacheURL.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? JSONEncoder().encode(Cache(manifest: manifest, chapters: chapters)).write(to: cacheURL)
        }
        for index in chapters.indices {
            chapters[index].title = title(of: chapters[index].name, root: root)
        }
        loaded.withLock { $0[root.path] = chapters }
        return chapters
    }

    /// Drops what this process read of `root`'s chapters (after Package.swift was changed).
    static func forget(root: URL) { _ = loaded.withLock { $0.removeValue(forKey: root.path) } }

    /// The chapter README's first `# ` heading: the title everywhere the CLI shows one.
    static func title(of chapter: String, root: URL) -> String {
        let readme = root.appendingPathComponent("Chapters/\(chapter)/README.md")
        let text = (try? String(contentsOf: readme, encoding: .utf8)) ?? ""
        let heading = text.split(separator: "\n").first { $0.hasPrefix("# ") }
        return heading.map { String($0.dropFirst(2)).trimmingCharacters(in: .whitespaces) } ?? chapter
    }

    private static func read(root: URL) throws -> [ChapterDeclaration] {
        // A scratch path of its own: `swift test` or a build may hold the lock of `.build`.
        let result = try Subprocess.run(
            "swift", ["package", "--scratch-path", ".build/workbook/manifest", "dump-package"], in: root,
            timeLimit: .seconds(300))
        guard result.status == 0 else {
            throw CLIError("cannot read the chapters from Package.swift:\n\(result.combinedText.suffix(2000))")
        }
        do {
            return try chapters(fromDump: result.output)
        } catch let error as CLIError {
            throw error
        } catch {
            throw CLIError("cannot read the chapters from `swift package dump-package`: \(error)")
        }
    }

    /// The chapters in SwiftPM's JSON of the manifest: one per `grade-<name>` product, its modules
    /// found by the naming Package.swift's `Chapter` enforces.
    static func chapters(fromDump data: Data) throws -> [ChapterDeclaration] {
        let dump = try JSONDecoder().decode(Dump.self, from: data)
        let targets = Dictionary(dump.targets.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let products = Set(dump.products.map(\.name))
        func closure(_ name: String) -> [String] {
            var seen: [String] = []
            var queue = [name]
            while let next = queue.popLast() {
                guard let target = targets[next], !seen.contains(next) else { continue }
                seen.append(next)
                queue += target.dependencies
            }
            return seen.compactMap { targets[$0]?.folder }.sorted()
        }
        return try dump.products.compactMap { product -> ChapterDeclaration? in
            guard product.name.hasPrefix("grade-") else { return nil }
            let name = String(product.name.dropFirst("grade-".count))
            // The grader depends on the module M, on M + "Checks" and on a stem + "Solution".
            let dependencies = targets[product.name]?.dependencies ?? []
            let checks = dependencies.first {
                $0.hasSuffix("Checks") && dependencies.contains(String($0.dropLast("Checks".count)))
            }
            let module = checks.flatMap { targets[String($0.dropLast("Checks".count))] }
            let solution = dependencies.first {
                $0.hasSuffix("Solution") && $0.count > "Solution".count && $0 != module?.name && $0 != checks
            }
            guard let solution, let module else {
                throw CLIError(
                    "Package.swift: grade-\(name) does not depend on a <Module>Checks and a <Stem>Solution target; declare the chapter in the `chapters` list"
                )
            }
            let stem = String(solution.dropLast("Solution".count))
            var learnerTargets: [LearnerTarget] = []
            var queue = module.dependencies.filter { $0 != "LearnerRuntime" }
            while let next = queue.popLast() {
                guard let target = targets[next], next != "LearnerRuntime", next != module.name,
                    !learnerTargets.contains(where: { $0.name == next })
                else { continue }
                learnerTargets.append(
                    LearnerTarget(
                        name: next, folder: target.folder, dependencies: target.dependencies,
                        pkgConfig: target.type == "system" ? (target.pkgConfig ?? next) : nil))
                queue += target.dependencies
            }
            let tool = "workbook-" + name
            return ChapterDeclaration(
                name: name, exerciseModule: stem + "Exercise", module: module.name,
                learnerDependencies: module.dependencies.filter { $0 != "LearnerRuntime" },
                exerciseFiles: targets[solution]?.exclude ?? [], hasTools: products.contains(tool),
                graderInputs: closure(product.name), toolInputs: products.contains(tool) ? closure(tool) : [],
                learnerTargets: learnerTargets.sorted { $0.name < $1.name })
        }
    }

    /// The parts of `swift package dump-package` read here.
    private struct Dump: Decodable {
        struct Product: Decodable { var name: String }
        struct Target: Decodable {
            var name: String
            var path: String?
            var pkgConfig: String?
            var exclude: [String]
            var dependencies: [String]
            var type: String

            /// Where its sources are, relative to the package root.
            var folder: String { path ?? (type == "test" ? "Tests/\(name)" : "Sources/\(name)") }

            enum CodingKeys: String, CodingKey { case name, path, pkgConfig, exclude, dependencies, type }

            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                name = try container.decode(String.self, forKey: .name)
                path = try container.decodeIfPresent(String.self, forKey: .path)
                pkgConfig = try container.decodeIfPresent(String.self, forKey: .pkgConfig)
                exclude = try container.decodeIfPresent([String].self, forKey: .exclude) ?? []
                type = try container.decode(String.self, forKey: .type)
                // Each dependency is {"byName" | "target" | "product": [name, …]}.
                let raw = try container.decodeIfPresent([[String: [Name?]]].self, forKey: .dependencies) ?? []
                dependencies = raw.compactMap { $0.values.first?.first??.text }
            }
        }
        /// A name in a dependency's array, which also holds nulls and objects.
        struct Name: Decodable {
            var text: String?
            init(from decoder: any Decoder) throws {
                text = try? decoder.singleValueContainer().decode(String.self)
            }
        }
        var products: [Product]
        var targets: [Target]
    }
}
