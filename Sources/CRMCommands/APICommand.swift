import CRMCore

/// Builds a `Command` for an API endpoint from its declaration, a request builder and a response
/// shape, so the fifty-odd API commands stay declarative.
///
/// Every command made here runs the same steps: validate arguments (required flags, dates,
/// `--limit`) before any request, take the API transport from the context, build the request,
/// then either print its curl form (`settings.curl`), describe it (`settings.dryRun` on a write),
/// stream it (lists) or send it and unwrap the answer.
enum APICommand {
    /// Builds the request from the bound arguments and the pipeline input. May call the API (tag
    /// name lookups) but must validate its own arguments first.
    typealias Builder = @Sendable (Arguments, PipelineData, any APIService) async throws -> APIRequest
    /// A command body that needs more than one request.
    typealias Runner =
        @Sendable (Arguments, PipelineData, any CommandContext, any APIService) async throws -> PipelineData

    /// A command that issues one request and shapes its answer.
    static func make(
        _ spec: CommandSpec, required: [String] = [], dates: [String] = [], shape: ResponseShape,
        build: @escaping Builder
    ) -> Command {
        custom(spec, required: required, dates: dates) { args, input, ctx, api in
            let request = try await build(args, input, api)
            return try await perform(request, shape: shape, args: args, ctx: ctx, api: api)
        }
    }

    /// A command with its own body; validation, the API lookup and error location are shared.
    static func custom(_ spec: CommandSpec, required: [String] = [], dates: [String] = [], run: @escaping Runner)
        -> Command
    {
        Command(spec) { args, input, ctx in
            do {
                try validate(args, spec: spec, required: required, dates: dates)
                let api = try ctx.requireAPI()
                return try await run(args, input, ctx, api)
            } catch let error as CRMError {
                throw error.located(ctx.location)
            }
        }
    }

    /// Checks required flags, date formats and `--limit` before anything is sent.
    static func validate(_ args: Arguments, spec: CommandSpec, required: [String], dates: [String]) throws {
        for name in required { _ = try args.need(name, for: spec.name) }
        for name in dates { _ = try args.date(name) }
        // A range whose start is a later day than its end matches nothing: an error, not an empty list.
        for from in dates where from.hasSuffix("from") {
            let to = String(from.dropLast(4)) + "to"
            guard dates.contains(to), let a = args.utcDay(from), let b = args.utcDay(to), a > b else { continue }
            throw CRMError.usage(
                "bad-range", "--\(from) \(a) is after --\(to) \(b): no date is in that range.")
        }
        if let limit = args.value("limit"), !limit.isNull {
            guard let n = limit.intValue, n > 0 else {
                throw CRMError.usage("bad-value", "Expected a positive number for --limit, got '\(limit.displayText)'.")
            }
        }
    }

    /// Sends (or streams, prints as curl, or describes) one request and shapes the answer.
    static func perform(
        _ request: APIRequest, shape: ResponseShape, args: Arguments, ctx: any CommandContext, api: any APIService
    ) async throws -> PipelineData {
        if ctx.settings.curl { return .value(.string(api.curlCommand(for: request))) }
        if ctx.settings.dryRun, request.isWrite { return .value(plan(request)) }
        if case .stream(let paging) = shape {
            return .stream(api.stream(request, paging: paging, limit: args.int("limit")))
        }
        let body = try await api.send(request)
        try shape.check(body, request)
        return .value(shape.extract(body, args: args))
    }

    /// What a write would send, for `--dry-run`.
    static func plan(_ request: APIRequest) -> Value {
        var r = Record()
        r["dryRun"] = true
        r["api"] = .string(request.api.rawValue)
        r["method"] = .string(request.method)
        r["path"] = .string(request.path)
        if !request.query.isEmpty {
            r["query"] = .record(Record(request.query.map { ($0.0, Value.string($0.1)) }))
        }
        switch request.body {
        case .none: break
        case .json(let v): r["body"] = v
        case .form(let pairs): r["body"] = .record(Record(pairs.map { ($0.0, Value.string($0.1)) }))
        }
        return .record(r)
    }
}
