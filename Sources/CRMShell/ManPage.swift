import CRMCore

/// `crm help --man`: the manual page as roff, generated from the same declarations as `crm --help`
/// (`LaunchSpec`) and `help` (the command registry), so it cannot drift from either.
/// `crm help --man > crm.1 && man ./crm.1` renders it.
enum ManPage {
    /// The whole page for the commands `specs`.
    static func roff(specs: [CommandSpec]) -> String {
        var out = [
            ".TH CRM 1 \"\" \"crm \(Shell.version)\" \"User Commands\"",
            ".SH NAME", "crm \\- a shell for the Leeloo.ai and Chat\\-Tonic APIs",
            ".SH SYNOPSIS",
        ]
        for m in LaunchSpec.modes {
            out += [".nf", escape(m.usage), ".fi"]
        }
        out += [
            ".SH DESCRIPTION",
            text(
                "crm is an interactive shell and script runner for the Leeloo.ai and Chat-Tonic CRM APIs: "
                    + "a small language with variables, pipes, if, loops and functions over lazily paginated "
                    + "results, libedit line editing with history and Tab completion, and a built-in sandbox "
                    + "that speaks both APIs with seeded data (crm --demo)."),
            ".SH OPTIONS",
        ]
        for o in LaunchSpec.options { out += [".TP", bold(o.label), text(o.summary)] }
        out.append(".SH MODES")
        for m in LaunchSpec.modes {
            out += [".TP", bold(m.usage), text(m.summary)]
            if !m.flags.isEmpty {
                out.append(".RS")
                for f in m.flags { out += [".TP", bold(f.label), text(f.summary)] }
                out.append(".RE")
            }
        }
        out += [".SH COMMANDS", text("Each command below is also shown by help NAME (or NAME --help) in crm.")]
        var groups: [String] = []
        for s in specs where !groups.contains(s.group) { groups.append(s.group) }
        for g in groups {
            out.append(".SS \(escape(g))")
            for s in specs where s.group == g { out += command(s) }
        }
        out.append(".SH EXIT STATUS")
        for e in ExitStatus.allCases { out += [".TP", ".B \(e.rawValue)", text(e.meaning)] }
        out.append(".SH FILES")
        for f in LaunchSpec.files { out += [".TP", ".I \(escape(f.path))", text(f.summary)] }
        out.append(".SH ENVIRONMENT")
        for e in LaunchSpec.environment { out += [".TP", ".B \(escape(e.name))", text(e.summary)] }
        out += [".SH SEE ALSO", text("crm --help, help inside crm, the README and docs/language.md.")]
        return out.joined(separator: "\n") + "\n"
    }

    /// One command: usage, summary, aliases, parameters, flags and examples.
    static func command(_ s: CommandSpec) -> [String] {
        var out = [".TP", bold(s.usage), text(s.summary)]
        if !s.aliases.isEmpty { out += [".br", text("Aliases: " + s.aliases.joined(separator: ", ") + ".")] }
        var items: [(String, String)] = s.parameters.map { ($0.name, $0.summary) }
        items += s.flags.map { f in
            ("--\(f.name)" + (f.type == .bool ? "" : " <\(f.type.placeholder)>"), f.summary)
        }
        if !items.isEmpty {
            out.append(".RS")
            for (label, summary) in items { out += [".TP", ".I \(escape(label))", text(summary)] }
            out.append(".RE")
        }
        if !s.examples.isEmpty {
            out += [".RS", ".PP", "Examples:", ".nf"]
            out += s.examples.map { "  " + escape($0) }
            out += [".fi", ".RE"]
        }
        return out
    }

    static func bold(_ s: String) -> String { ".B \(escape(s))" }

    /// Running text: escaped, on its own line.
    static func text(_ s: String) -> String { escape(s) }

    /// `s` safe as roff text: backslashes and dashes escaped, a leading `.` or `'` neutralised,
    /// and double quotes in macro arguments kept literal.
    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "\\": out += "\\e"
            case "-": out += "\\-"
            case "\"": out += "\\(dq"
            case "\n": out += " "
            default: out.append(ch)
            }
        }
        if out.hasPrefix(".") || out.hasPrefix("'") { out = "\\&" + out }
        return out
    }
}
