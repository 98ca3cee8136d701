import CRMCore
import Foundation

/// What the bulk engine needs to know about a write beyond its request: whether it may simply be
/// sent again after an ambiguous failure, how `runs undo` reverses it, and which argument names
/// its target (for the `id — name` lines of a run).
struct WriteTraits: Sendable {
    /// Sending it twice leaves the same state as sending it once (tags, updates, subscribe).
    var idempotent: Bool
    /// The reverse of a request, or why there is none.
    var undo: @Sendable (APIRequest) -> BulkJob.Undo
    /// The argument holding the target's id (`id`, `channel`, `lgt`), if the write has one.
    var target: String?
    /// How a create that is not idempotent is read back after an ambiguous failure (nil: it is
    /// left unknown instead of resent).
    var readBack: @Sendable (Arguments) -> CreateReadBack? = { _ in nil }

    /// A write the API offers no reverse for.
    static func irreversible(_ why: String, idempotent: Bool, target: String? = nil) -> WriteTraits {
        WriteTraits(idempotent: idempotent, undo: { _ in .irreversible(why) }, target: target)
    }
}

extension APICommand {
    /// A write that issues one request per target. With the shell's bulk runner and many targets
    /// piped in, it is a bulk run (planned, guarded, journaled, resumable); a loop over a source
    /// (`for p in people | people update $p.id …`) reaches the runner through the planner. Plain
    /// contexts and `--curl` send (or print) the request directly.
    static func write(
        _ spec: CommandSpec, required: [String] = [], dates: [String] = [], shape: ResponseShape,
        traits: WriteTraits, build: @escaping Builder
    ) -> Command {
        let plan: Command.Planner = { args, item, context in
            try validate(args, spec: spec, required: required, dates: dates)
            guard let api = context.api else { throw missingAPI }
            let request = try await build(args, .value(item), api)
            return [job(request, args: args, item: item, traits: traits, context: context)]
        }
        let base = custom(spec, required: required, dates: dates) { args, input, ctx, api in
            if let bulk = ctx.bulk, !ctx.settings.curl, spec.acceptsInput, SendCommands.isMany(input) {
                let context = PlanContext(api: api)
                return try await bulk.run(command: spec, arguments: { args }, items: input.items()) {
                    try await plan(args, $0, context)
                }
            }
            guard ctx.writeLog != nil, !ctx.settings.curl, !ctx.settings.dryRun else {
                return try await perform(build(args, input, api), shape: shape, args: args, ctx: ctx, api: api)
            }
            let item = try await input.collect()
            let jobs = try await plan(args, item, PlanContext(api: api))
            guard let job = jobs.first else { return .empty }
            return try await single(job, spec: spec, shape: shape, args: args, ctx: ctx, api: api)
        }
        return Command(spec, planner: plan, run: base.run)
    }

    /// The error of a planner run without a profile.
    static var missingAPI: CRMError {
        CRMError(
            "auth.missing-token", "No API credentials are configured for this session.", help: noCredentialsHelp,
            exit: .auth)
    }

    /// The job for one planned write. Its key is the request itself, so the same idempotent write
    /// twice in a run is a duplicate; a write that is not idempotent gets the occurrence number
    /// too, so `for i in range 1 3 | people create --name X` creates three people.
    static func job(_ request: APIRequest, args: Arguments, item: Value, traits: WriteTraits, context: PlanContext)
        -> BulkJob
    {
        var key = request.method + " " + request.path
        if !request.query.isEmpty { key += "?" + request.query.map { "\($0.0)=\($0.1)" }.joined(separator: "&") }
        switch request.body {
        case .none: break
        case .json(let v): key += " " + v.toJSON()
        case .form(let pairs): key += " " + pairs.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
        }
        if !traits.idempotent {
            let n = context.occurrence(of: key)
            if n > 0 { key += " #\(n + 1)" }
        }
        let target = WriteTarget(id: traits.target.flatMap { args.string($0) }, item: item, args: args)
        return BulkJob(
            key: key, label: target.label ?? "\(request.method) \(request.path)", target: target.record,
            request: request, readBack: nil, idempotent: traits.idempotent, undo: traits.undo(request),
            createReadBack: traits.readBack(args))
    }
}

/// Who a write is about, as a run shows it: the target id (an argument, or the piped item's) and
/// a name when the item is that target (or a `--name` flag, for creates).
struct WriteTarget {
    var id: String?
    var name: String?

    init(id given: String?, item: Value, args: Arguments) {
        let itemIDs = ["id", "person_id", "_id", "account_id"].compactMap { item[field: $0]?.displayText }
        id = given ?? item.stringValue ?? itemIDs.first
        let sameTarget = given == nil || itemIDs.contains(given ?? "")
        name = (sameTarget ? item[field: "name"]?.stringValue : nil) ?? args.string("name")
    }

    /// `id — name`, as far as there is one.
    var label: String? {
        let parts = [id, name].compactMap { $0 }.filter { !$0.isEmpty }
        return parts.isEmpty ? nil : parts.joined(separator: " — ")
    }

    /// `{id, name}`, fed back by `runs show ID --failed`.
    var record: Value {
        var r = Record()
        if let id { r["id"] = .string(id) }
        if let name { r["name"] = .string(name) }
        return .record(r)
    }
}

extension WriteTraits {
    /// Tag add/remove (v1 and v2): idempotent, undone by the opposite verb on the same path.
    static func tag(target: String?) -> WriteTraits {
        WriteTraits(
            idempotent: true,
            undo: { request in
                var reverse = request
                for (from, to) in [("/add-tag", "/remove-tag"), ("/remove-tag", "/add-tag")]
                where request.path.hasSuffix(from) {
                    reverse.path = String(request.path.dropLast(from.count)) + to
                    return .request(reverse)
                }
                return .irreversible("not a tag write")
            }, target: target)
    }
}

extension APICommand {
    /// Sends the one planned write of a single write command (no many-target input) and journals
    /// it through `ctx.writeLog` when the shell keeps one; `--curl` and `--dry-run` print instead
    /// and journal nothing.
    static func single(
        _ job: BulkJob, spec: CommandSpec, shape: ResponseShape, args: Arguments, ctx: any CommandContext,
        api: any APIService
    ) async throws -> PipelineData {
        guard let log = ctx.writeLog, !ctx.settings.curl, !ctx.settings.dryRun else {
            return try await perform(job.request, shape: shape, args: args, ctx: ctx, api: api)
        }
        try log.refuseHeld(job)
        let since = Date()
        do {
            let result: PipelineData
            do {
                result = try await perform(job.request, shape: shape, args: args, ctx: ctx, api: api)
            } catch let e as CRMError where e.code == "http.ambiguous" {
                guard let created = job.createReadBack else { throw e }
                result = try await settle(
                    job, created, e, since: since, spec: spec, shape: shape, args: args, ctx: ctx, api: api)
            }
            log.logSingle(command: spec, job: job, failure: nil)
            return result
        } catch let e as CRMError {
            // Refused by the prod guard before sending: nothing was written, nothing to log.
            if !e.code.hasPrefix("guard.") { log.logSingle(command: spec, job: job, failure: e) }
            throw e
        }
    }

    /// The most times a single create is sent again after its owner read back without it.
    static let createResends = 2

    /// A create (`orders create`) that failed ambiguously, settled as a bulk run settles it: the
    /// owner is read back (`CreateReadBack`); the order is there → the create was applied, and the
    /// order found is the answer; it is not → the create is sent again (up to `createResends`
    /// times); the read cannot tell → the ambiguous error stands, with the reason.
    static func settle(
        _ job: BulkJob, _ created: CreateReadBack, _ first: CRMError, since: Date, spec: CommandSpec,
        shape: ResponseShape, args: Arguments, ctx: any CommandContext, api: any APIService
    ) async throws -> PipelineData {
        var last = first
        for resend in 0...createResends {
            let body = try? await api.send(created.request)
            let answer =
                body.map { created.decide(in: $0, since: api.serverTime(since)) }
                ?? .undecidable("the buyer could not be read back")
            switch answer {
            case .delivered:
                ctx.notice("\(spec.name): \(last.message.prefix { $0 != ":" }); read back: it was applied.")
                return .value(body.flatMap { created.created(in: $0, since: since) } ?? .null)
            case .undecidable(let why):
                throw CRMError(last.code, last.message + " (read back: \(why))", help: last.help, exit: last.exitStatus)
            case .absent:
                guard resend < createResends else { throw last }
                ctx.notice(
                    "\(spec.name): \(last.message.prefix { $0 != ":" }); read back: it was not; sending it again.")
                do {
                    return try await perform(job.request, shape: shape, args: args, ctx: ctx, api: api)
                } catch let e as CRMError where e.code == "http.ambiguous" {
                    last = e
                }
            }
        }
        throw last
    }
}
