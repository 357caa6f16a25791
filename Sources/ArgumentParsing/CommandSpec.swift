/// A command as the user sees it: its name, what it does, its arguments, options and
/// subcommands. Help text and parsing both come from this one description.
public struct CommandSpec: Sendable {
    /// The word that selects the command.
    public var name: String
    /// One line: what the command does.
    public var abstract: String
    /// More text for `--help`, after the overview.
    public var discussion: String?
    /// Positional arguments, in order.
    public var arguments: [ArgumentSpec]
    /// Named options and flags.
    public var options: [OptionSpec]
    /// Nested commands.
    public var subcommands: [CommandSpec]

    /// Creates a command description.
    public init(
        _ name: String, abstract: String, discussion: String? = nil, arguments: [ArgumentSpec] = [],
        options: [OptionSpec] = [], subcommands: [CommandSpec] = []
    ) {
        self.name = name
        self.abstract = abstract
        self.discussion = discussion
        self.arguments = arguments
        self.options = options
        self.subcommands = subcommands
    }
}

/// A positional argument.
public struct ArgumentSpec: Sendable {
    /// The name shown in usage (`<chapter>`).
    public var name: String
    /// What it is.
    public var help: String
    /// Whether it may be left out.
    public var isOptional: Bool

    /// Creates a positional argument.
    public init(_ name: String, help: String, isOptional: Bool = false) {
        self.name = name
        self.help = help
        self.isOptional = isOptional
    }
}

/// A named option (`--seed N`) or flag (`--json`).
public struct OptionSpec: Sendable {
    /// The long name without dashes.
    public var name: String
    /// The value's name in help (`N`, `FILE`); `nil` for a flag.
    public var valueName: String?
    /// What it does.
    public var help: String
    /// Whether it may be given more than once.
    public var isRepeatable: Bool

    /// A flag: present or not.
    public static func flag(_ name: String, help: String) -> OptionSpec {
        OptionSpec(name: name, valueName: nil, help: help, isRepeatable: false)
    }

    /// An option with a value.
    public static func option(_ name: String, value: String, help: String, repeatable: Bool = false) -> OptionSpec {
        OptionSpec(name: name, valueName: value, help: help, isRepeatable: repeatable)
    }
}
