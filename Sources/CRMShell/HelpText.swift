import CRMCore

/// The text of `help`: an index of commands by group, or one command's usage, flags and examples.
enum HelpText {
    static func render(topic: [String], specs: [CommandSpec]) -> String {
        let name = topic.joined(separator: " ")
        if name.isEmpty { return index(specs) }
        if let spec = specs.first(where: { $0.name == name || $0.aliases.contains(name) }) { return detail(spec) }
        let family = specs.filter { $0.name.hasPrefix(name + " ") }
        if !family.isEmpty { return index(family) }
        return "No command '\(name)'" + Suggestion.didYouMean(name, in: specs.map(\.name))
    }

    static func index(_ specs: [CommandSpec]) -> String {
        var groups: [String] = []
        for s in specs where !groups.contains(s.group) { groups.append(s.group) }
        let width = min(28, (specs.map(\.name.count).max() ?? 10) + 2)
        var out: [String] = []
        for g in groups {
            out.append("\(g):")
            for s in specs where s.group == g {
                out.append("  " + s.name.padding(toLength: width, withPad: " ", startingAt: 0) + s.summary)
            }
        }
        out.append("")
        out.append("Language: set x = …, let, if/else, for x in … { } or | …, def f(a) { }, source FILE, exit N.")
        out.append("'help COMMAND' shows flags and examples.")
        return out.joined(separator: "\n")
    }

    static func detail(_ s: CommandSpec) -> String {
        var out = ["\(s.name) — \(s.summary)", "", "usage: \(s.usage)"]
        if !s.aliases.isEmpty { out.append("aliases: \(s.aliases.joined(separator: ", "))") }
        if !s.parameters.isEmpty {
            out.append("")
            for p in s.parameters { out.append("  \(p.name)  \(p.summary)") }
        }
        if !s.flags.isEmpty {
            out.append("")
            for f in s.flags {
                let v = f.type == .bool ? "" : " <\(f.type.placeholder)>"
                out.append("  --\(f.name)\(v)\(f.isRepeatable ? " (repeatable)" : "")  \(f.summary)")
            }
        }
        if !s.endpoints.isEmpty {
            out.append("")
            for e in s.endpoints { out.append("  calls \(e.method) \(e.path) (\(e.api.rawValue))") }
        }
        if !s.examples.isEmpty {
            out.append("")
            out.append("examples:")
            for e in s.examples { out.append("  \(e)") }
        }
        return out.joined(separator: "\n")
    }

    /// The README's command table: group, usage and summary of every command, from the declarations.
    static func markdownTable(_ specs: [CommandSpec]) -> String {
        var out = ["| group | command | what it does | endpoint |", "|---|---|---|---|"]
        for s in specs {
            let usage = s.usage.replacingOccurrences(of: "|", with: "\\|")
            let endpoints = s.endpoints.map { "`\($0.method) \($0.path)`" }.joined(separator: "<br>")
            out.append(
                "| \(s.group) | `\(usage)` | \(s.summary.replacingOccurrences(of: "|", with: "\\|")) | \(endpoints) |")
        }
        return out.joined(separator: "\n")
    }
}
