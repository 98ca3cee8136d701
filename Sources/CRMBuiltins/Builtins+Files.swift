import CRMCore
import Foundation

extension Builtins {
    static func fileCommands() -> [Command] { [openFile, saveFile] }

    static let formatChoice = ArgType.choice(FileFormat.allCases.map(\.rawValue))

    static let openFile = Command(
        CommandSpec(
            "open", group: "formats",
            summary:
                "Reads a file into a value by its extension (.csv .json .ndjson .jsonl .txt .log); '-' is stdin.",
            parameters: [ParameterSpec("path", .path, "The file to read, or '-' for standard input.")],
            flags: [
                FlagSpec("raw", .bool, "Output the file's text as it is, without parsing."),
                FlagSpec("as", formatChoice, "Read as this format, whatever the extension."),
                FlagSpec("no-infer", .bool, "CSV: keep every cell as text."),
            ],
            examples: [
                "range 1 3 | save /tmp/crm-example-open.ndjson --force; open /tmp/crm-example-open.ndjson | count",
                "echo \"a\\nb\" | save /tmp/crm-example-open.txt --force; open /tmp/crm-example-open.txt --raw | lines",
            ])
    ) { args, _, ctx in
        let loc = ctx.location
        let path = args.string("path") ?? ""
        let text: String
        if path == "-" {
            guard let input = try await ctx.readStandardInput() else {
                throw CRMError.runtime("file-missing", "Cannot open '-': there is no standard input to read.", at: loc)
            }
            text = input
        } else {
            text = try FileFormat.read(path, limitMB: ctx.settings.maxInputMB, at: loc)
        }
        if args.bool("raw") { return .value(.string(text)) }
        let format =
            path == "-"
            ? FileFormat(rawValue: args.string("as") ?? "text") ?? .text
            : try FileFormat.of(path, given: args.string("as"), command: "open", at: loc)
        return .value(try format.decode(text, path: path, infer: !args.bool("no-infer"), at: loc))
    }

    static let saveFile = Command(
        CommandSpec(
            "save", group: "formats",
            summary:
                "Writes the input to a file in the format of its extension (.csv .json .ndjson .txt), all or nothing.",
            parameters: [ParameterSpec("path", .path, "The file to write.")],
            flags: [
                FlagSpec("force", short: "f", .bool, "Overwrite the file if it exists."),
                FlagSpec("append", short: "a", .bool, "Add to the end of the file (not for .json)."),
                FlagSpec("as", formatChoice, "Write in this format, whatever the extension."),
            ],
            examples: [
                "echo [{name: \"Ann\"}, {name: \"Bob\"}] | save /tmp/crm-example-save.csv --force",
                "range 1 3 | save /tmp/crm-example-save.ndjson --force",
            ],
            acceptsInput: true)
    ) { args, input, ctx in
        let loc = ctx.location
        let path = args.string("path") ?? ""
        let format = try FileFormat.of(path, given: args.string("as"), command: "save", at: loc)
        let value: Value = input.isSingle ? try await input.collect() : .list(try await PipelineShape.items(input))
        let full = FileFormat.expanded(path)
        let exists = FileManager.default.fileExists(atPath: full)
        let append = args.bool("append")
        if exists, !append, !args.bool("force") {
            throw CRMError.runtime(
                "file-exists", "'\(path)' exists; give --force to overwrite it or --append to add to it.", at: loc)
        }
        if append, format == .json {
            throw CRMError.runtime(
                "file-append", "Cannot append to a JSON file ('\(path)'); save as .ndjson to add lines.", at: loc)
        }
        var old = append && exists ? try FileFormat.read(path, limitMB: ctx.settings.maxInputMB, at: loc) : ""
        if !old.isEmpty, !old.hasSuffix("\n") { old += "\n" }
        let lines =
            format == .csv && !old.isEmpty
            ? try FileFormat.csvRows(
                value, under: CSVFormat.parse(old, at: loc).first ?? [], path: path, at: loc)
            : format.encode(value, columns: input.columns)
        let text = old + lines.joined(separator: "\n") + (lines.isEmpty ? "" : "\n")
        try FileFormat.write(text, to: path, at: loc)
        return .empty
    }
}
