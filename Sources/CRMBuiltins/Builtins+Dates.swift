import CRMCore
import Foundation

extension Builtins {
    static func dateCommands() -> [Command] { [now, today, formatDate, sleepCommand] }

    static let now = Command(
        CommandSpec(
            "now", group: "core", summary: "The current time as a datetime (UTC; prints as ISO-8601).",
            examples: ["now | describe", "(now) - 30d | format date \"%Y-%m-%d\" | length"])
    ) { _, _, _ in
        .value(.datetime(Int((Date().timeIntervalSince1970 * 1000).rounded(.down))))
    }

    static let today = Command(
        CommandSpec(
            "today", group: "core", summary: "Today's date as a datetime at 00:00 UTC.",
            examples: ["today | format date \"%H:%M\""])
    ) { _, _, _ in
        let ms = Int((Date().timeIntervalSince1970 * 1000).rounded(.down))
        return .value(.datetime(ms - ((ms % DateTime.day) + DateTime.day) % DateTime.day))
    }

    static let formatDate = Command(
        CommandSpec(
            "format date", group: "formats",
            summary: "Formats a datetime (or ISO-8601 text) with %Y %m %d %H %M %S %L %j %a %b %F %T %s %%; UTC.",
            parameters: [ParameterSpec("format", .string, "The pattern (default %Y-%m-%dT%H:%M:%SZ).", optional: true)],
            examples: ["\"2024-03-22T15:30:00Z\" | into datetime | format date \"%Y-%m-%d\"", "\"2024-03-22\" | format date \"%d %b %Y\""],
            acceptsInput: true)
    ) { args, input, ctx in
        let loc = ctx.location
        let pattern = args.string("format") ?? "%Y-%m-%dT%H:%M:%SZ"
        return try await mapItems(input) { v, n in
            let ms: Int? =
                switch v {
                case .datetime(let ms): ms
                case .string(let s): DateTime.parse(s)
                default: nil
                }
            guard let ms else {
                throw typeError("format date", needs: "a datetime", got: v, item: input.isSingle ? nil : n, at: loc)
            }
            return .string(DateFormat.format(ms, pattern))
        }
    }

    static let sleepCommand = Command(
        CommandSpec(
            "sleep", group: "core", summary: "Waits for a duration (2s, 500ms, 1m) or a number of seconds; Ctrl-C stops it.",
            parameters: [ParameterSpec("duration", .any, "How long: 500ms 2s 1m, or seconds.")],
            examples: ["sleep 10ms", "sleep 0"])
    ) { args, _, ctx in
        let loc = ctx.location
        let v = args.value("duration") ?? .null
        let ms: Int? =
            switch v {
            case .duration(let ms): ms
            case .int(let s) where s >= 0 && s < 9_000_000_000: s * 1000
            case .double(let s) where s >= 0 && s < 9e9: Int(s * 1000)
            case .string(let s): DurationText.parse(s)
            default: nil
            }
        guard let ms, ms >= 0 else {
            throw CRMError.usage("bad-value", "'sleep' needs a duration like 2s or 500ms, got '\(v.displayText)'.", at: loc)
        }
        try await ctx.sleep(milliseconds: ms)
        return .empty
    }
}

/// `format date` patterns: a strftime subset, always UTC.
enum DateFormat {
    static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func format(_ ms: Int, _ pattern: String) -> String {
        let p = DateTime.parts(ms)
        func pad(_ n: Int, _ w: Int = 2) -> String { DateTime.pad(n, w) }
        var out = ""
        var percent = false
        for c in pattern {
            guard percent else {
                if c == "%" { percent = true } else { out.append(c) }
                continue
            }
            percent = false
            switch c {
            case "Y": out += pad(p.year, 4)
            case "y": out += pad(p.year % 100)
            case "m": out += pad(p.month)
            case "d": out += pad(p.day)
            case "e": out += String(p.day)
            case "H": out += pad(p.hour)
            case "I": out += pad(p.hour % 12 == 0 ? 12 : p.hour % 12)
            case "p": out += p.hour < 12 ? "AM" : "PM"
            case "M": out += pad(p.minute)
            case "S": out += pad(p.second)
            case "L": out += pad(p.millisecond, 3)
            case "j": out += pad(DateTime.daysFromCivil(p.year, p.month, p.day) - DateTime.daysFromCivil(p.year, 1, 1) + 1, 3)
            case "a": out += days[p.weekday]
            case "b": out += months[p.month - 1]
            case "u": out += String(p.weekday == 0 ? 7 : p.weekday)
            case "F": out += "\(pad(p.year, 4))-\(pad(p.month))-\(pad(p.day))"
            case "T": out += "\(pad(p.hour)):\(pad(p.minute)):\(pad(p.second))"
            case "s": out += String(ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000))
            case "z": out += "+0000"
            case "Z": out += "UTC"
            case "%": out += "%"
            default: out += "%" + String(c)
            }
        }
        if percent { out += "%" }
        return out
    }
}
