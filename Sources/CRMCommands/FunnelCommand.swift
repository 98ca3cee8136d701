import CRMBuiltins
import CRMCore

/// `funnel FUNNEL GROUP`: how a Chat-Tonic funnel group converts, step by step.
enum FunnelCommand {
    static let command = APICommand.custom(
        CommandSpec(
            "funnel", group: ChattonicLeadCommands.group,
            summary: "Shows how many leads reached each step of a funnel group, with shares of the first and "
                + "previous step: bars on a terminal, records {step, reached, of_first, of_previous} otherwise.",
            parameters: [
                ParameterSpec("funnel", .string, "Funnel key", completion: .dynamic("funnels")),
                ParameterSpec("group", .string, "Funnel group name", completion: .dynamic("groups")),
            ],
            flags: [
                FlagSpec("account", .string, "Only this bot account"),
                FlagSpec("from", .string, "Created on or after (ISO-8601)"),
                FlagSpec("to", .string, "Created on or before (ISO-8601)"),
                FlagSpec("data", .bool, "Output the records even on a terminal (to pipe them on)"),
            ] + Builtins.chartFlags,
            examples: [
                "funnel leadForm Website # requests: 2", "funnel leadForm Website --data | where reached > 0 | count # requests: 2",
                "funnel leadForm Website --ascii --width 60 # requests: 2",
            ],
            endpoints: [CommonFlags.ct("GET", "/lead/funnels"), CommonFlags.ct("GET", "/lead/records")]),
        dates: ["from", "to"]
    ) { args, _, ctx, api in
        let funnel = args.string("funnel") ?? ""
        let group = args.string("group") ?? ""
        let steps = try await FunnelCommand.steps(funnel: funnel, group: group, api: api)
        let request = APIRequest(
            .chattonic, "GET", "/lead/records",
            query: [("funnel", funnel), ("funnelGroup", group)] + ChattonicLeadCommands.optionalQuery(args))
        if ctx.settings.curl { return .value(.string(api.curlCommand(for: request))) }
        var counts = FunnelSteps(steps: steps)
        let cursor = api.stream(request, paging: CommonFlags.chattonicPaging, limit: nil).makeCursor()
        defer { cursor.close() }
        while let lead = try await cursor.next() { counts.add(lead) }
        if let notice = counts.unknownNotice { ctx.notice(notice) }
        let atTerminal = ctx.settings.display != nil && (ctx.settings.output ?? "table") == "table"
        let asked = args.bool("ascii") || args.int("width") != nil
        guard (atTerminal || asked) && !args.bool("data") else { return .value(.list(counts.records)) }
        let drawing = ChartDrawing.forContext(ctx.settings, width: args.int("width"), ascii: args.bool("ascii"))
        return .value(.string(counts.picture(drawing).joined(separator: "\n")))
    }

    /// The interactions of the group (its own list, else the funnel's), or a not-found error that
    /// names the funnels or groups there are.
    static func steps(funnel: String, group: String, api: any APIService) async throws -> [String] {
        var all: [Value] = []
        var skip = 0
        while true {
            let page = ChattonicLeadCommands.funnelList(
                try await api.send(
                    APIRequest(.chattonic, "GET", "/lead/funnels", query: [("skip", String(skip)), ("limit", "100")])))
            all += page
            guard page.count >= 100 else { break }
            skip += 100
        }
        guard let f = all.first(where: { $0[field: "id"]?.stringValue == funnel }) else {
            let names = all.compactMap { $0[field: "id"]?.stringValue }
            throw CRMError.usage(
                "not-found", "No funnel '\(funnel)'" + Suggestion.didYouMean(funnel, in: names))
        }
        let groups = f[field: "groups"]?.listValue ?? []
        guard let g = groups.first(where: { $0[field: "name"]?.stringValue == group }) else {
            let names = groups.compactMap { $0[field: "name"]?.stringValue }
            throw CRMError.usage(
                "not-found", "No group '\(group)' in funnel '\(funnel)'" + Suggestion.didYouMean(group, in: names))
        }
        let list = g[field: "interactions"]?.listValue ?? f[field: "interactions"]?.listValue ?? []
        return list.compactMap(\.stringValue)
    }
}
