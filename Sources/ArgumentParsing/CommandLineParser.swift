/// Parses a command line against a tree of `CommandSpec`s and writes their help, in the
/// conventions of swift-argument-parser (`OVERVIEW:`, `USAGE:`, `ARGUMENTS:`, `OPTIONS:`,
/// `SUBCOMMANDS:`).
public struct CommandLineParser: Sendable {
    /// The root command (the program).
    public var root: CommandSpec

    /// Creates a parser.
    public init(root: CommandSpec) { self.root = root }

    /// Parses `arguments` (without the program name).
    /// - Throws: `UsageError` for an unknown command or option, a missing or extra argument, or
    ///   an option without its value.
    public func parse(_ arguments: [String]) throws(UsageError) -> ParsedCommand {
        var command = root
        var parsed = ParsedCommand(path: [])
        var rest = arguments[...]
        // Subcommand words come first.
        while let word = rest.first, !word.hasPrefix("-") {
            if word == "help" && !command.subcommands.isEmpty {
                rest.removeFirst()
                parsed.wantsHelp = true
                continue
            }
            guard let sub = command.subcommands.first(where: { $0.name == word }) else { break }
            rest.removeFirst()
            command = sub
            parsed.path.append(word)
        }
        if !command.subcommands.isEmpty && command.arguments.isEmpty {
            if let word = rest.first, !word.hasPrefix("-") {
                throw UsageError(
                    "unknown command \"\(word)\"\(suggestion(word, in: command.subcommands.map(\.name)))",
                    path: parsed.path)
            }
        }
        var positionals: [String] = []
        var onlyPositionals = false
        while let word = rest.popFirst() {
            if onlyPositionals || !word.hasPrefix("-") || word == "-" {
                positionals.append(word)
                continue
            }
            if word == "--" {
                onlyPositionals = true
                continue
            }
            if word == "--help" || word == "-h" {
                parsed.wantsHelp = true
                continue
            }
            guard word.hasPrefix("--") else {
                throw UsageError("unknown option \(word)", path: parsed.path)
            }
            var name = String(word.dropFirst(2))
            var inlineValue: String?
            if let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard let option = command.options.first(where: { $0.name == name }) else {
                throw UsageError(
                    "unknown option --\(name)\(suggestion(name, in: command.options.map(\.name), prefix: "--"))",
                    path: parsed.path)
            }
            if option.valueName == nil {
                guard inlineValue == nil else { throw UsageError("--\(name) takes no value", path: parsed.path) }
                parsed.flags.insert(name)
                continue
            }
            guard let value = inlineValue ?? rest.popFirst() else {
                throw UsageError("--\(name) needs a value (\(option.valueName!))", path: parsed.path)
            }
            if !option.isRepeatable && parsed.options[name] != nil {
                throw UsageError("--\(name) given more than once", path: parsed.path)
            }
            parsed.options[name, default: []].append(value)
        }
        if parsed.wantsHelp { return parsed }
        if !command.subcommands.isEmpty && command.arguments.isEmpty && positionals.isEmpty && command.name != root.name
        {
            throw UsageError(
                "\(command.name) needs a subcommand: \(command.subcommands.map(\.name).joined(separator: ", "))",
                path: parsed.path)
        }
        for (index, spec) in command.arguments.enumerated() {
            if index < positionals.count {
                parsed.arguments[spec.name] = positionals[index]
            } else if !spec.isOptional {
                throw UsageError("missing argument <\(spec.name)>", path: parsed.path)
            }
        }
        if positionals.count > command.arguments.count {
            throw UsageError("unexpected argument \"\(positionals[command.arguments.count])\"", path: parsed.path)
        }
        return parsed
    }

    /// The command at `path`.
    public func command(at path: [String]) -> CommandSpec {
        var command = root
        for word in path {
            guard let sub = command.subcommands.first(where: { $0.name == word }) else { break }
            command = sub
        }
        return command
    }

    /// The one-line usage of the command at `path`.
    public func usage(for path: [String]) -> String {
        let command = command(at: path)
        var parts = [([root.name] + path).joined(separator: " ")]
        if !command.subcommands.isEmpty { parts.append("<subcommand>") }
        parts += command.arguments.map { $0.isOptional ? "[<\($0.name)>]" : "<\($0.name)>" }
        parts += command.options.map { option in
            let text = option.valueName.map { "--\(option.name) <\($0)>" } ?? "--\(option.name)"
            return option.isRepeatable ? "[\(text) ...]" : "[\(text)]"
        }
        return parts.joined(separator: " ")
    }

    /// The full help of the command at `path`.
    public func help(for path: [String]) -> String {
        let command = command(at: path)
        var out = ["OVERVIEW: \(command.abstract)"]
        if let discussion = command.discussion { out += ["", discussion] }
        out += ["", "USAGE: \(usage(for: path))"]
        if !command.arguments.isEmpty {
            out += ["", "ARGUMENTS:"]
            out += command.arguments.map { row("<\($0.name)>", $0.help) }
        }
        out += ["", "OPTIONS:"]
        out += command.options.map { option in
            row(option.valueName.map { "--\(option.name) <\($0)>" } ?? "--\(option.name)", option.help)
        }
        out.append(row("-h, --help", "Show help information."))
        if !command.subcommands.isEmpty {
            out += ["", "SUBCOMMANDS:"]
            out += command.subcommands.map { row($0.name, $0.abstract) }
            out += [
                "", "  See '\(root.name) help \((path + ["<subcommand>"]).joined(separator: " "))' for detailed help.",
            ]
        }
        return out.joined(separator: "\n") + "\n"
    }

    private func row(_ left: String, _ right: String) -> String {
        let padded =
            left.count < 24
            ? left + String(repeating: " ", count: 24 - left.count) : left + "\n" + String(repeating: " ", count: 26)
        return "  " + padded + right
    }

    private func suggestion(_ word: String, in candidates: [String], prefix: String = "") -> String {
        didYouMean(word, in: candidates, prefix: prefix)
    }
}

/// "; did you mean …?" for a close match among `candidates`, or nothing.
public func didYouMean(_ word: String, in candidates: [String], prefix: String = "") -> String {
    let best = candidates.map { ($0, editDistance($0, word)) }.min { $0.1 < $1.1 }
    guard let best, best.1 <= max(2, word.count / 3), best.1 < word.count else { return "" }
    return "; did you mean \(prefix)\(best.0)?"
}

/// Levenshtein distance, for suggestions.
func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a)
    let b = Array(b)
    guard !a.isEmpty else { return b.count }
    guard !b.isEmpty else { return a.count }
    var previous = Array(0...b.count)
    for i in 1...a.count {
        var current = [i] + Array(repeating: 0, count: b.count)
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        previous = current
    }
    return previous[b.count]
}
