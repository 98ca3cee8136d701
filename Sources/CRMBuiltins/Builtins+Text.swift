import CRMCore
import Foundation

extension Builtins {
    static func textCommands() -> [Command] {
        [
            containsText,
            textTest("starts-with", "Whether the text starts with the given text.", "\"hello\"", "he") { $0.hasPrefix($1) },
            textTest("ends-with", "Whether the text ends with the given text.", "\"hello\"", "lo") { $0.hasSuffix($1) },
            replaceText, matchRegex, length,
        ]
    }

    static let containsText = Command(
        CommandSpec(
            "contains", group: "filters",
            summary: "Whether the text contains the given text; for a list, whether an item equals the value.",
            parameters: [ParameterSpec("value", .any, "The text to look for (an item, for a list).")],
            examples: ["\"hello\" | contains \"ell\"", "echo [\"vip\", \"new\"] | contains vip"], acceptsInput: true)
    ) { args, input, ctx in
        let loc = ctx.location
        let needle = args.value("value") ?? .null
        switch input {
        case .value(.string(let s)):
            guard case .string(let t) = needle else {
                throw typeError("contains", needs: "text to look for", got: needle, item: nil, at: loc)
            }
            return .value(.bool(t.isEmpty || s.contains(t)))
        case .value(.list), .stream:
            let items = try await PipelineShape.items(input)
            return .value(.bool(items.contains { ValueOrder.compare($0, needle) == 0 }))
        case .empty, .value(.null): return .value(.bool(false))
        case .value(let v): throw typeError("contains", needs: "text or a list", got: v, item: nil, at: loc)
        }
    }

    /// A text test (`starts-with`): a bool for text, or a list of bools for a list of texts.
    private static func textTest(
        _ name: String, _ summary: String, _ input: String, _ arg: String,
        _ f: @escaping @Sendable (String, String) -> Bool
    ) -> Command {
        Command(
            CommandSpec(
                name, group: "filters", summary: summary + " On a list, tests each item.",
                parameters: [ParameterSpec("text", .string, "The text to test for.")],
                examples: ["\(input) | \(name) \"\(arg)\""], acceptsInput: true)
        ) { args, input, ctx in
            let loc = ctx.location
            let t = args.string("text") ?? ""
            return try await mapItems(input) { v, n in
                guard case .string(let s) = v else {
                    throw typeError(name, needs: "text", got: v, item: input.isSingle ? nil : n, at: loc)
                }
                return .bool(f(s, t))
            }
        }
    }

    static let replaceText = Command(
        CommandSpec(
            "replace", group: "filters",
            summary: "Replaces every occurrence of a text (or with --regex, a pattern; $1 in the new text is a group).",
            parameters: [
                ParameterSpec("old", .string, "The text (or pattern) to replace."),
                ParameterSpec("new", .string, "The text to put in its place."),
            ],
            flags: [
                FlagSpec("regex", short: "r", .bool, "Treat OLD as a regular expression."),
                FlagSpec("first", .bool, "Replace only the first occurrence."),
                FlagSpec("all", short: "a", .bool, "Replace every occurrence (the default)."),
            ],
            examples: ["\"a-b-c\" | replace \"-\" \"+\"", "\"Order 42\" | replace --regex '(\\d+)' '#$1'"],
            acceptsInput: true)
    ) { args, input, ctx in
        let loc = ctx.location
        let old = args.string("old") ?? ""
        let new = args.string("new") ?? ""
        let first = args.bool("first")
        let pattern = args.bool("regex") ? old : NSRegularExpression.escapedPattern(for: old)
        let template = args.bool("regex") ? new : NSRegularExpression.escapedTemplate(for: new)
        let re = try regex(pattern, for: "replace", at: loc)
        return try await mapItems(input) { v, n in
            guard case .string(let s) = v else {
                throw typeError("replace", needs: "text", got: v, item: input.isSingle ? nil : n, at: loc)
            }
            if old.isEmpty { return v }
            let ns = s as NSString
            var range = NSRange(location: 0, length: ns.length)
            if first {
                guard let m = re.value.firstMatch(in: s, options: [], range: range) else { return v }
                range = m.range
            }
            return .string(re.value.stringByReplacingMatches(in: s, options: [], range: range, withTemplate: template))
        }
    }

    static let matchRegex = Command(
        CommandSpec(
            "match", group: "filters",
            summary: "Matches a regular expression: the list of its groups (the whole match when it has none), or null.",
            parameters: [ParameterSpec("pattern", .string, "The regular expression.")],
            examples: ["\"Order 42\" | match 'Order (\\d+)'", "\"no digits\" | match '\\d+'"], acceptsInput: true)
    ) { args, input, ctx in
        let loc = ctx.location
        let re = try regex(args.string("pattern") ?? "", for: "match", at: loc)
        return try await mapItems(input) { v, n in
            guard case .string(let s) = v else {
                throw typeError("match", needs: "text", got: v, item: input.isSingle ? nil : n, at: loc)
            }
            let ns = s as NSString
            guard let m = re.value.firstMatch(in: s, options: [], range: NSRange(location: 0, length: ns.length)) else {
                return .null
            }
            let groups = m.numberOfRanges > 1 ? Array(1..<m.numberOfRanges) : [0]
            return .list(groups.map { g in
                let r = m.range(at: g)
                return r.location == NSNotFound ? .null : .string(ns.substring(with: r))
            })
        }
    }

    static let length = Command(
        CommandSpec(
            "length", group: "filters",
            summary: "The number of characters of text, items of a list or stream, or fields of a record.",
            examples: ["\"héllo\" | length", "range 1 3 | length"], acceptsInput: true)
    ) { _, input, _ in
        switch input {
        case .value(.string(let s)): return .value(.int(s.count))
        case .value(.record(let r)): return .value(.int(r.count))
        default: return .value(.int(try await PipelineShape.items(input).count))
        }
    }

    /// A compiled regular expression, or a located error quoting the pattern.
    static func regex(_ pattern: String, for command: String, at loc: SourceLocation?) throws -> CompiledRegex {
        do { return CompiledRegex(value: try NSRegularExpression(pattern: pattern)) } catch {
            throw CRMError.runtime("bad-regex", "'\(command)': '\(pattern)' is not a valid regular expression.", at: loc)
        }
    }
}

/// A compiled pattern shared by the items of one call (NSRegularExpression is immutable, so safe to share).
struct CompiledRegex: @unchecked Sendable {
    let value: NSRegularExpression
}
