import CRMCore

/// The builtin commands of the crm language: filters over values and streams (`where`, `select`,
/// `first`, `sort-by`, …), aggregates (`count`, `sum`), format conversions (`to json`,
/// `from csv`, …), and core helpers (`echo`, `range`, `describe`).
///
/// Every filter follows `PipelineShape`: a stream stays lazy (only `sort-by`, `last`, `group-by`,
/// `reverse`, `count` and the aggregates pull it to the end), a list stays a list, and a single
/// record is treated as one item.
public enum Builtins {
    /// Every builtin, one declaration each, ready for a `CommandRegistry`.
    public static func commands() -> [Command] {
        coreCommands() + filterCommands() + sliceCommands() + recordCommands() + aggregateCommands()
            + formatCommands() + stringCommands() + fileCommands() + dateCommands() + convertCommands() + textCommands()
            + reshapeCommands() + scriptCommands() + joinCommands()
            + chartCommands()
    }

    /// `'cmd' needs numbers, got 'string' in item 3.` as a located runtime type error.
    static func typeError(_ command: String, needs: String, got v: Value, item: Int?, at loc: SourceLocation?)
        -> CRMError
    {
        let suffix = item.map { " in item \($0)" } ?? ""
        return CRMError.runtime("type", "'\(command)' needs \(needs), got '\(v.typeName)'\(suffix).", at: loc)
    }

    /// The block a `where`/`each` call was given, or a usage error.
    static func block(_ args: Arguments, for command: String, at loc: SourceLocation?) throws -> BlockRef {
        guard let b = args.blocks.first else {
            throw CRMError.usage("missing-argument", "'\(command)' needs a block: \(command) { … }.", at: loc)
        }
        return b
    }

    /// The field paths given to a command, parsed.
    static func paths(_ texts: [String], at loc: SourceLocation?) throws -> [FieldPath] {
        try texts.map { try FieldPath($0, at: loc) }
    }

    /// The single text value of input, for commands that parse or transform text.
    static func inputText(_ input: PipelineData, for command: String, at loc: SourceLocation?) throws -> String {
        switch input {
        case .value(.string(let s)): return s
        case .empty, .value(.null): return ""
        case .value(let v): throw typeError(command, needs: "text", got: v, item: nil, at: loc)
        case .stream: throw CRMError.runtime("type", "'\(command)' needs text, got a stream.", at: loc)
        }
    }
}
