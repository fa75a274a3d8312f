/// A command line split into options, flags and positionals, checked against what a command accepts.
///
/// Accepts `--name value`, `--name=value`, `-n value`, repeated options, and `--` to end options.
public struct ParsedArguments: Sendable {
    private var optionValues: [String: [String]] = [:]
    private var flagsSeen: Set<String> = []
    /// Arguments that are not options, in order.
    public private(set) var positionals: [String] = []

    /// Parses `arguments`; `options` take a value, `flags` don't. Aliases map short to long names.
    public init(
        _ arguments: [String], options: Set<String>, flags: Set<String>, aliases: [String: String] = [:]
    ) throws(UsageError) {
        var index = 0
        var optionsEnded = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if optionsEnded || !argument.hasPrefix("-") || argument == "-" {
                positionals.append(argument)
                continue
            }
            if argument == "--" {
                optionsEnded = true
                continue
            }
            var name = argument
            var inlineValue: String?
            if let equals = argument.firstIndex(of: "="), argument.hasPrefix("--") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            name = aliases[name] ?? name
            if options.contains(name) {
                if let inlineValue {
                    optionValues[name, default: []].append(inlineValue)
                } else if index < arguments.count {
                    optionValues[name, default: []].append(arguments[index])
                    index += 1
                } else {
                    throw UsageError("option '\(name)' needs a value")
                }
            } else if flags.contains(name), inlineValue == nil {
                flagsSeen.insert(name)
            } else {
                throw UsageError("unknown option '\(argument)'")
            }
        }
    }

    /// The last value given for an option.
    public func value(_ name: String) -> String? { optionValues[name]?.last }

    /// Every value given for a repeatable option, in order.
    public func values(_ name: String) -> [String] { optionValues[name] ?? [] }

    /// Whether a flag was given.
    public func flag(_ name: String) -> Bool { flagsSeen.contains(name) }

    /// Exactly `count` positionals, or a usage error naming what is missing or extra.
    public func requirePositionals(_ names: [String]) throws(UsageError) -> [String] {
        if positionals.count < names.count {
            throw UsageError("missing argument \(names[positionals.count].uppercased())")
        }
        if positionals.count > names.count {
            throw UsageError("unexpected argument '\(positionals[names.count])'")
        }
        return positionals
    }
}

/// A wrong command line; ends the process with exit code 64.
public struct UsageError: Error, CustomStringConvertible, Equatable {
    public let description: String

    public init(_ description: String) { self.description = description }
}
