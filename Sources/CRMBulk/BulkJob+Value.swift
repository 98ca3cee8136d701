import CRMCore

/// Journal encoding of jobs: requests and read-back specs as plain JSON records, so `crm resume`
/// can replay a run without the script or command that planned it.
extension BulkJob {
    var journalValue: Value {
        var r: Record = [
            "key": .string(key), "label": .string(label), "target": target, "request": request.journalValue,
        ]
        if let readBack { r["readBack"] = readBack.journalValue }
        if let createReadBack {
            r["createReadBack"] = [
                "kind": .string(createReadBack.kind.rawValue), "owner": .string(createReadBack.ownerID),
            ]
        }
        if idempotent { r["idempotent"] = .bool(true) }
        switch undo {
        case .request(let req): r["undo"] = req.journalValue
        case .irreversible(let why): r["irreversible"] = .string(why)
        }
        return .record(r)
    }

    init?(journal v: Value) {
        guard let key = v[field: "key"]?.stringValue, let req = v[field: "request"].flatMap(APIRequest.init(journal:))
        else { return nil }
        self.init(
            key: key, label: v[field: "label"]?.stringValue ?? key, target: v[field: "target"] ?? .null, request: req,
            readBack: v[field: "readBack"].flatMap(ReadBack.init(journal:)),
            idempotent: v[field: "idempotent"]?.isTruthy ?? false,
            undo: v[field: "undo"].flatMap(APIRequest.init(journal:)).map(Undo.request)
                ?? .irreversible(v[field: "irreversible"]?.stringValue ?? "no reverse write is known for it"),
            createReadBack: v[field: "createReadBack"].flatMap { c in
                guard let kind = c[field: "kind"]?.stringValue.flatMap(CreateReadBack.Kind.init(rawValue:)),
                    let owner = c[field: "owner"]?.stringValue
                else { return nil }
                return CreateReadBack(kind, ownerID: owner)
            })
    }
}

extension APIRequest {
    var journalValue: Value {
        var r: Record = [
            "api": .string(api.rawValue), "method": .string(method), "path": .string(path),
            "query": .list(query.map { .list([.string($0.0), .string($0.1)]) }),
            "auth": .string(authName), "usesCodename": .bool(usesCodename),
        ]
        switch body {
        case .none: break
        case .json(let v): r["json"] = v
        case .form(let pairs): r["form"] = .list(pairs.map { .list([.string($0.0), .string($0.1)]) })
        }
        return .record(r)
    }

    private var authName: String {
        switch auth {
        case .standard: "standard"
        case .appTokenQuery: "app-token"
        case .none: "none"
        }
    }

    init?(journal v: Value) {
        guard let apiName = v[field: "api"]?.stringValue, let api = API(rawValue: apiName),
            let method = v[field: "method"]?.stringValue, let path = v[field: "path"]?.stringValue
        else { return nil }
        func pairs(_ f: String) -> [(String, String)] {
            (v[field: f]?.listValue ?? []).compactMap { p in
                guard let l = p.listValue, l.count == 2, let a = l[0].stringValue, let b = l[1].stringValue else {
                    return nil
                }
                return (a, b)
            }
        }
        var body = RequestBody.none
        if let json = v[field: "json"] {
            body = .json(json)
        } else if v[field: "form"] != nil {
            body = .form(pairs("form"))
        }
        let auth: AuthScheme =
            switch v[field: "auth"]?.stringValue {
            case "app-token": .appTokenQuery
            case "none": .none
            default: .standard
            }
        self.init(
            api, method, path, query: pairs("query"), body: body, auth: auth,
            usesCodename: v[field: "usesCodename"]?.isTruthy ?? true)
    }
}

extension ReadBack {
    var journalValue: Value {
        var r: Record = ["channel": .string(channelID), "type": .string(messageType)]
        if let templateID { r["template"] = .string(templateID) }
        if let text { r["text"] = .string(text) }
        if !variables.isEmpty {
            r["variables"] = .record(Record(variables.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))
        }
        return .record(r)
    }

    init?(journal v: Value) {
        guard let c = v[field: "channel"]?.stringValue, let t = v[field: "type"]?.stringValue else { return nil }
        self.init(
            channelID: c, messageType: t, templateID: v[field: "template"]?.stringValue,
            text: v[field: "text"]?.stringValue,
            variables: Dictionary(
                (v[field: "variables"]?.recordValue ?? Record()).compactMap { k, x in x.stringValue.map { (k, $0) } },
                uniquingKeysWith: { a, _ in a }))
    }
}
