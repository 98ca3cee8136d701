/// One word of a command call as the interpreter evaluated it, before binding to a declaration.
public enum RawArgument: Sendable {
    /// `--name` or `--name=value` (or `-n`).
    case flag(String, inline: Value?, at: SourceLocation?)
    /// A positional value (a bare word, a string, a `$var`, a literal).
    case value(Value, at: SourceLocation?)
    /// A `{ … }` block.
    case block(BlockRef, at: SourceLocation?)
}

/// Arguments bound to a `CommandSpec`: named positionals, flags, and blocks.
public struct Arguments: Sendable {
    /// Positional parameters by name; a variadic one is a list.
    public var positional: [String: Value] = [:]
    /// Flags by long name; a bool flag is `.bool(true)`, a repeatable one a list.
    public var flags: [String: Value] = [:]
    /// Blocks in order.
    public var blocks: [BlockRef] = []

    public init() {}

    /// The positional or flag `name` as text.
    public func string(_ name: String) -> String? {
        (positional[name] ?? flags[name]).flatMap { v in v.isNull ? nil : v.displayText }
    }
    /// The positional or flag `name` as an int.
    public func int(_ name: String) -> Int? { (positional[name] ?? flags[name])?.intValue }
    /// Whether the bool flag `name` is set.
    public func bool(_ name: String) -> Bool { flags[name]?.isTruthy ?? false }
    /// A repeatable flag or variadic parameter as texts (a single value becomes one element).
    public func strings(_ name: String) -> [String] {
        switch positional[name] ?? flags[name] {
        case .none, .null?: []
        case .list(let l)?: l.map(\.displayText)
        case let v?: [v.displayText]
        }
    }
    /// The raw value of a positional or flag.
    public func value(_ name: String) -> Value? { positional[name] ?? flags[name] }
}

/// Binds raw words to a declaration: flag lookup with "Did you mean", type checks, required and
/// extra positionals. Errors are usage errors located at the offending word.
public enum ArgumentBinder {
    public static func bind(_ raw: [RawArgument], to spec: CommandSpec, at callSite: SourceLocation? = nil) throws
        -> Arguments
    {
        var args = Arguments()
        var positionals: [(Value, SourceLocation?)] = []
        var i = 0
        while i < raw.count {
            switch raw[i] {
            case .block(let b, let loc):
                guard
                    spec.parameters.contains(where: { $0.type == .block })
                        || spec.flags.contains(where: { $0.type == .block })
                else {
                    throw CRMError.usage(
                        "unexpected-block", "'\(spec.name)' does not take a block.", at: loc ?? callSite)
                }
                args.blocks.append(b)
            case .value(let v, let loc):
                positionals.append((v, loc))
            case .flag(let name, let inline, let loc):
                guard let flag = spec.flag(named: name) else {
                    let names = spec.flags.map { "--" + $0.name }
                    let dashed = name.count == 1 ? "-" + name : "--" + name
                    throw CRMError.usage(
                        "unknown-flag",
                        "Unknown flag '\(dashed)' for '\(spec.name)'" + Suggestion.didYouMean(dashed, in: names),
                        at: loc ?? callSite)
                }
                var value: Value
                if flag.type == .bool {
                    value = inline.map { .bool($0.isTruthy && $0 != .string("false")) } ?? .bool(true)
                } else if let inline {
                    value = inline
                } else if i + 1 < raw.count, case .value(let v, _) = raw[i + 1] {
                    value = v
                    i += 1
                } else {
                    throw CRMError.usage(
                        "missing-value", "Flag '--\(flag.name)' needs a value (\(flag.type.placeholder)).",
                        at: loc ?? callSite)
                }
                value = try coerce(value, to: flag.type, what: "flag '--\(flag.name)'", at: loc ?? callSite)
                if flag.isRepeatable {
                    var list = args.flags[flag.name]?.listValue ?? []
                    if case .list(let l) = value { list += l } else { list.append(value) }
                    args.flags[flag.name] = .list(list)
                } else {
                    args.flags[flag.name] = value
                }
            }
            i += 1
        }
        var p = 0
        for param in spec.parameters where param.type != .block {
            if param.isVariadic {
                let rest = positionals[p...]
                args.positional[param.name] = .list(
                    try rest.map { try coerce($0.0, to: param.type, what: "'\(param.name)'", at: $0.1 ?? callSite) })
                p = positionals.count
            } else if p < positionals.count {
                args.positional[param.name] = try coerce(
                    positionals[p].0, to: param.type, what: "'\(param.name)'", at: positionals[p].1 ?? callSite)
                p += 1
            } else if !param.isOptional {
                throw CRMError.usage(
                    "missing-argument", "'\(spec.name)' needs <\(param.name)>: \(param.summary). Usage: \(spec.usage)",
                    at: callSite)
            }
        }
        if p < positionals.count {
            let extra = positionals[p]
            throw CRMError.usage(
                "extra-argument",
                "Unexpected argument '\(extra.0.displayText)' for '\(spec.name)'. Usage: \(spec.usage)",
                at: extra.1 ?? callSite)
        }
        return args
    }

    static func coerce(_ v: Value, to type: ArgType, what: String, at loc: SourceLocation?) throws -> Value {
        func bad(_ expected: String) -> CRMError {
            CRMError.usage("bad-value", "Expected \(expected) for \(what), got '\(v.displayText)'.", at: loc)
        }
        switch type {
        case .any, .block: return v
        case .string, .path:
            switch v {
            case .string, .int, .double, .bool: return .string(v.displayText)
            case .datetime, .duration: return type == .string ? v : .string(v.displayText)
            case .list(let l) where l.allSatisfy({ $0.stringValue != nil }): return v
            default: throw bad("text")
            }
        case .int:
            guard let i = v.intValue else { throw bad("a whole number") }
            return .int(i)
        case .double:
            guard let d = v.doubleValue else { throw bad("a number") }
            return .double(d)
        case .bool:
            if case .bool = v { return v }
            if let s = v.stringValue, ["true", "false", "on", "off", "yes", "no"].contains(s) {
                return .bool(["true", "on", "yes"].contains(s))
            }
            throw bad("true or false")
        case .choice(let words):
            guard let s = v.stringValue ?? (v.intValue.map(String.init)), words.contains(s) else {
                throw CRMError.usage(
                    "bad-value",
                    "Expected one of \(words.joined(separator: ", ")) for \(what), got '\(v.displayText)'"
                        + Suggestion.didYouMean(v.displayText, in: words), at: loc)
            }
            return .string(s)
        }
    }
}
