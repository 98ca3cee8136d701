/// The one owner of the shell settings' names and value rules: `option NAME VALUE`,
/// `set NAME VALUE` (the parser asks `names`), the launch options (`--output`, `--concurrency`)
/// and the write commands' own `--concurrency` all parse through here.
extension Settings {
    /// The settings that `option` shows and changes, in the order it shows them.
    public static let names = ["verbose", "curl", "dry-run", "yes", "output", "concurrency", "timeout", "max-input"]

    /// The bound on parallel requests of a bulk run; a number outside it is refused, never clamped.
    public static let concurrencyRange = 1...256

    /// `n` when it is inside `concurrencyRange`, else a located usage error naming `label`
    /// (`Setting 'concurrency'`, `Option '--concurrency'`, `Flag '--concurrency'`).
    public static func checkedConcurrency(_ n: Int?, raw: String, label: String, at loc: SourceLocation?) throws
        -> Int
    {
        guard let n, concurrencyRange.contains(n) else {
            throw CRMError.usage(
                "bad-value",
                "\(label) takes a number from \(concurrencyRange.lowerBound) to \(concurrencyRange.upperBound), got '\(raw)'.",
                at: loc)
        }
        return n
    }

    /// These settings with `name` set from the text `raw` (`on`/`off`, a format or `auto`, a number).
    public func applying(_ name: String, _ raw: String, label: String? = nil, at loc: SourceLocation?) throws
        -> Settings
    {
        let label = label ?? "Setting '\(name)'"
        var s = self
        func flag() throws -> Bool {
            switch raw {
            case "on", "true", "yes", "1": return true
            case "off", "false", "no", "0": return false
            default: throw CRMError.usage("bad-value", "\(label) takes on or off, got '\(raw)'.", at: loc)
            }
        }
        switch name {
        case "verbose": s.verbose = try flag()
        case "curl": s.curl = try flag()
        case "dry-run": s.dryRun = try flag()
        case "yes": s.yes = try flag()
        case "output":
            let formats = OutputFormat.allCases.map(\.rawValue)
            guard raw == "auto" || formats.contains(raw) else {
                throw CRMError.usage(
                    "bad-value",
                    "Unknown output format '\(raw)'; use \(formats.joined(separator: ", ")) or auto"
                        + Suggestion.didYouMean(raw, in: formats + ["auto"]),
                    at: loc)
            }
            s.output = raw == "auto" ? nil : raw
        case "concurrency":
            s.concurrency = try Self.checkedConcurrency(Int(raw), raw: raw, label: label, at: loc)
        case "timeout":
            s.timeout = try Self.checked(
                raw, in: Self.timeoutRange, unit: "seconds", shown: (String(Self.timeoutRange.lowerBound), String(Int(Self.timeoutRange.upperBound))),
                label: label, at: loc)
        case "max-input":
            s.maxInputMB = try Self.checked(
                raw, in: InputLimit.rangeMB, unit: "megabytes",
                shown: (String(InputLimit.rangeMB.lowerBound), String(InputLimit.rangeMB.upperBound)), label: label, at: loc)
        default:
            throw CRMError.usage(
                "bad-value", "Unknown setting '\(name)'" + Suggestion.didYouMean(name, in: Self.names),
                at: loc)
        }
        return s
    }

    /// `raw` as a number in `range`, or the usage error naming the setting, the unit and the bounds.
    static func checked<N: LosslessStringConvertible & Comparable>(
        _ raw: String, in range: ClosedRange<N>, unit: String, shown: (String, String), label: String,
        at loc: SourceLocation?
    ) throws -> N {
        guard let n = N(raw), range.contains(n) else {
            throw CRMError.usage(
                "bad-value", "\(label) takes \(unit) from \(shown.0) to \(shown.1), got '\(raw)'.", at: loc)
        }
        return n
    }
}
