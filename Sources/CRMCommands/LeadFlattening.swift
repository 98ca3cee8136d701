import CRMCore

/// `leads --flat` and `messageusers --flat`: one level of plain fields per record, ready for
/// `join-on`, `select`, CSV and charts.
///
/// - A lead `{_id, interaction: {funnel, group, last}, user: {firstName, lastName, platform,
///   messageUser, extraData: [{name, cxt}…]}, createdAt}` becomes `{id, funnel, group, last,
///   firstName, lastName, platform, messageUser, createdAt, <extraData name>: <cxt>…}`.
/// - A message user `{_id, firstName, lastName, platform, account, createdAt, context: {…}}`
///   becomes `{id, firstName, lastName, platform, messageUser (= _id), account, createdAt,
///   <context variable>: <value>…}` (message users carry no extraData; their bot variables are
///   the captured values).
///
/// Fields missing from a record are left out, never invented. An extraData or context name that
/// equals one of the fixed fields is kept as `extra_<name>` so it cannot hide the fixed one.
enum LeadFlattening {
    static let leadFields = [
        "id", "funnel", "group", "last", "firstName", "lastName", "platform", "messageUser", "createdAt",
    ]
    static let userFields = ["id", "firstName", "lastName", "platform", "messageUser", "account", "createdAt"]

    static let flag = FlagSpec("flat", .bool, "Lift the interaction and the captured fields into top-level fields")

    /// `command` with a `--flat` flag that flattens its records with `flatten`.
    static func adding(to command: Command, example: String, _ flatten: @escaping @Sendable (Value) -> Value)
        -> Command
    {
        var spec = command.spec
        spec.flags.append(flag)
        spec.examples.append(example)
        return Command(spec, planner: command.planner) { args, input, ctx in
            let out = try await command.run(args, input, ctx)
            guard args.bool("flat") else { return out }
            switch out {
            case .stream(let s):
                return .stream(
                    s.wrapping { up in
                        RecordCursor(onClose: { up.close() }) { try await up.next().map(flatten) }
                    })
            case .value(.list(let l)): return .value(.list(l.map(flatten)))
            case .value(let v) where v.recordValue != nil: return .value(flatten(v))
            default: return out
            }
        }
    }

    /// A lead record, flattened.
    @Sendable static func lead(_ v: Value) -> Value {
        guard case .record(let r) = v else { return v }
        let interaction = r["interaction"]?.recordValue ?? Record()
        let user = r["user"]?.recordValue ?? Record()
        var out = Record()
        out["id"] = r["_id"]
        out["funnel"] = interaction["funnel"]
        out["group"] = interaction["group"]
        out["last"] = interaction["last"]
        for k in ["firstName", "lastName", "platform", "messageUser"] { out[k] = user[k] }
        out["createdAt"] = r["createdAt"]
        for e in user["extraData"]?.listValue ?? [] {
            guard let name = e[field: "name"]?.stringValue else { continue }
            out[leadFields.contains(name) ? "extra_\(name)" : name] = e[field: "cxt"] ?? .null
        }
        return .record(out)
    }

    /// A message user record, flattened.
    @Sendable static func messageUser(_ v: Value) -> Value {
        guard case .record(let r) = v else { return v }
        var out = Record()
        out["id"] = r["_id"]
        for k in ["firstName", "lastName", "platform"] { out[k] = r[k] }
        out["messageUser"] = r["_id"]
        out["account"] = r["account"]
        out["createdAt"] = r["createdAt"]
        for (name, value) in r["context"]?.recordValue ?? Record() {
            out[userFields.contains(name) ? "extra_\(name)" : name] = value
        }
        return .record(out)
    }
}
