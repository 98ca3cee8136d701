import CRMCore
import Foundation
import Testing

@testable import CRMCommands

/// One command line and the request it must build.
struct RequestCase: Sendable, CustomTestStringConvertible {
    let line: String
    let api: API
    let method: String
    let path: String
    var query: [String] = []
    var body: String? = nil
    var auth: String = "standard"
    var usesCodename: Bool = true

    var testDescription: String { line }
}

let leelooTagsBody =
    #"{"status":1,"data":[{"id":"595000000000000000000001","name":"vip"},{"id":"595000000000000000000002","name":"New"}]}"#

/// Every API command with the documented method, path, query and body.
let requestCases: [RequestCase] = [
    // Leeloo v2 people
    RequestCase(
        line: "people --tag vip --tag new", api: .leeloo, method: "GET", path: "/api/v2/people",
        query: ["filter[tags]=vip", "filter[tags]=new"]),
    RequestCase(
        line:
            "people --phone +380501 --email a@b.c --last-message-from 2024-01-01 --last-message-to 2024-02-01T10:00:00Z",
        api: .leeloo, method: "GET", path: "/api/v2/people",
        query: [
            "filter[phone]=+380501", "filter[email]=a@b.c", "filter[last_message][from]=2024-01-01",
            "filter[last_message][to]=2024-02-01T10:00:00Z",
        ]),
    RequestCase(
        line: "people get P1 --include contactedUsers,orders", api: .leeloo, method: "GET", path: "/api/v2/people/P1",
        query: ["include=contactedUsers,orders"]),
    RequestCase(
        line: "people create --name Ann --phone 1000 --lgt L1 --user U1 --user U2", api: .leeloo, method: "POST",
        path: "/api/v2/people",
        body: #"{"name":"Ann","phone":"1000","leadgentool_id":"L1","connected_users_ids":["U1","U2"]}"#),
    RequestCase(
        line: "people update P1 --email e@x.io --field EMAIL:work=w@x.io", api: .leeloo, method: "PUT",
        path: "/api/v2/people/P1",
        body: #"{"email":"e@x.io","custom_fields":[{"type":"EMAIL","name":"work","value":"w@x.io"}]}"#),
    RequestCase(
        line: "people add-comment P1 hello", api: .leeloo, method: "PUT", path: "/api/v2/people/P1/add-comment",
        body: #"{"comment":"hello"}"#),
    RequestCase(
        line: "people add-tag P1 595000000000000000000009", api: .leeloo, method: "PUT",
        path: "/api/v2/people/P1/add-tag", body: #"{"tag_id":"595000000000000000000009"}"#),
    RequestCase(
        line: "people remove-tag P1 new", api: .leeloo, method: "PUT", path: "/api/v2/people/P1/remove-tag",
        body: #"{"tag_id":"595000000000000000000002"}"#),
    RequestCase(
        line: "people add-sms --connection C1 --lgt L1 --tag-id T1", api: .leeloo, method: "POST",
        path: "/api/v2/people/sms",
        body:
            #"{"data":[{"name":"Sms","phone":"+10000000001"}],"connection_id":"C1","leadgentool_id":"L1","tags":["T1"]}"#
    ),
    RequestCase(
        line:
            "calls add --user U1 --from 606 --to 607 --date 2024-03-22T15:30:17.339Z --account A1 --status SUCCESS --duration 60 --type OUTBOUND",
        api: .leeloo, method: "POST", path: "/api/v2/calls",
        body:
            #"{"user_id":"U1","from":"606","to":"607","date":"2024-03-22T15:30:17.339Z","account_id":"A1","record_link":"NOT_DEFINED","status":"SUCCESS","duration":60,"type":"OUTBOUND"}"#
    ),
    // tags, templates, sends
    RequestCase(line: "tags", api: .leeloo, method: "GET", path: "/api/v2/tags"),
    RequestCase(line: "categories", api: .leeloo, method: "GET", path: "/api/v2/categories/templates"),
    RequestCase(line: "templates C1", api: .leeloo, method: "GET", path: "/api/v2/categories/templates/C1"),
    RequestCase(
        line: "send-template 5e0000000000000000000011 --to CH1 --var name=Ann", api: .leeloo, method: "POST",
        path: "/api/v2/messages/send-template",
        body: #"{"account_id":"CH1","template_id":"5e0000000000000000000011","variables":{"name":"Ann"}}"#),
    RequestCase(
        line: "send-message hi --to CH1", api: .leeloo, method: "POST", path: "/api/v2/messages/send-message",
        body: #"{"account_id":"CH1","text":"hi"}"#),
    // channels
    RequestCase(
        line: "chat-messages CH1", api: .leeloo, method: "GET", path: "/api/v2/communication-channels/CH1/chat-messages"
    ),
    RequestCase(
        line: "channels --from 2024-01-01 --to 2024-02-01", api: .leeloo, method: "GET",
        path: "/api/v2/communication-channels",
        query: ["filter[last_message][from]=2024-01-01", "filter[last_message][to]=2024-02-01"]),
    RequestCase(
        line: "channels person CH1", api: .leeloo, method: "GET", path: "/api/v2/communication-channels/CH1/person"),
    RequestCase(
        line: "channels subscribe CH1 --tunnel T1 --block B1", api: .leeloo, method: "POST",
        path: "/api/v2/communication-channels/CH1/manual-subscribe", body: #"{"tunnel_id":"T1","tunnel_block_id":"B1"}"#
    ),
    RequestCase(line: "connections", api: .leeloo, method: "GET", path: "/api/v2/connections"),
    RequestCase(
        line: "lgt create-traffic-source L1 --name Spring --description Ads", api: .leeloo, method: "POST",
        path: "/api/v2/leadgentools/L1/create-traffic-source", body: #"{"name":"Spring","description":"Ads"}"#),
    // orders
    RequestCase(line: "orders", api: .leeloo, method: "GET", path: "/api/v2/orders"),
    RequestCase(line: "orders get O1", api: .leeloo, method: "GET", path: "/api/v2/orders/O1"),
    RequestCase(
        line: "orders create --offer OF --person P1 --notify --manager M1", api: .leeloo, method: "POST",
        path: "/api/v2/orders", body: #"{"offerId":"OF","isNotifyAccount":"true","personId":"P1","managerId":"M1"}"#),
    RequestCase(
        line: "orders update O1 --status RESOLVED --price 100 --payment-date 2018-06-27_07:32", api: .leeloo,
        method: "POST", path: "/api/v2/orders/O1",
        body: #"{"status":"RESOLVED","paymentDate":"2018-06-27 07:32","price":"100"}"#),
    // tunnels, users
    RequestCase(line: "tunnels", api: .leeloo, method: "GET", path: "/api/v2/tunnels"),
    RequestCase(line: "v1 tunnels", api: .leeloo, method: "GET", path: "/api/v1/tunnels"),
    RequestCase(line: "v1 tunnels get T1", api: .leeloo, method: "GET", path: "/api/v1/tunnels/T1"),
    RequestCase(
        line: "tunnels get T1 --include leadgentools", api: .leeloo, method: "GET", path: "/api/v2/tunnels/T1",
        query: ["include=leadgentools"]),
    RequestCase(line: "tunnels stats", api: .leeloo, method: "GET", path: "/api/v2/tunnels/stats"),
    RequestCase(line: "tunnels stats T1", api: .leeloo, method: "GET", path: "/api/v2/tunnels/T1/stats"),
    RequestCase(line: "users", api: .leeloo, method: "GET", path: "/api/v2/users"),
    RequestCase(line: "users get U1", api: .leeloo, method: "GET", path: "/api/v2/users/U1"),
    // Leeloo v1
    RequestCase(
        line: "accounts --tag a,b", api: .leeloo, method: "GET", path: "/api/v1/accounts", query: ["filter[tags]=a,b"]),
    RequestCase(
        line: "accounts --tag a --tag b", api: .leeloo, method: "GET", path: "/api/v1/accounts",
        query: ["filter[tags]=a,b"]),
    RequestCase(
        line: "accounts get A1 --include orders", api: .leeloo, method: "GET", path: "/api/v1/accounts/A1",
        query: ["include=orders"]),
    RequestCase(
        line: "accounts chat-messages A1", api: .leeloo, method: "GET", path: "/api/v1/accounts/A1/chat-messages"),
    RequestCase(
        line: "accounts create --name N --phone 5", api: .leeloo, method: "POST", path: "/api/v1/accounts",
        body: #"{"name":"N","phone":"5"}"#),
    RequestCase(
        line: "accounts add-tag A1 TG", api: .leeloo, method: "PUT", path: "/api/v1/accounts/A1/add-tag",
        body: #"{"tag_id":"TG"}"#),
    RequestCase(
        line: "accounts remove-tag A1 TG", api: .leeloo, method: "PUT", path: "/api/v1/accounts/A1/remove-tag",
        body: #"{"tag_id":"TG"}"#),
    RequestCase(line: "v1 users", api: .leeloo, method: "GET", path: "/api/v1/users"),
    RequestCase(line: "v1 users get U1", api: .leeloo, method: "GET", path: "/api/v1/users/U1"),
    RequestCase(line: "v1 orders", api: .leeloo, method: "GET", path: "/api/v1/orders"),
    RequestCase(line: "v1 orders get O1", api: .leeloo, method: "GET", path: "/api/v1/orders/O1"),
    RequestCase(
        line: "v1 orders create --offer OF --account A1", api: .leeloo, method: "POST", path: "/api/v1/orders",
        body: #"{"offerId":"OF","isNotifyAccount":"false","accountId":"A1"}"#),
    RequestCase(
        line: "v1 orders update O1 --status REJECTED --comment no", api: .leeloo, method: "POST",
        path: "/api/v1/orders/O1", body: #"{"status":"REJECTED","userComments":"no"}"#),
    RequestCase(
        line: "v1 send-template 5e0000000000000000000011 --to A1", api: .leeloo, method: "POST", path: "/api/v1/messages/send-template",
        body: #"{"account_id":"A1","template_id":"5e0000000000000000000011"}"#),
    RequestCase(
        line: "v1 send-message hi --to A1", api: .leeloo, method: "POST", path: "/api/v1/messages/send-message",
        body: #"{"account_id":"A1","text":"hi"}"#),
    // Chat-Tonic
    RequestCase(
        line: "funnels --account AC", api: .chattonic, method: "GET", path: "/lead/funnels",
        query: ["skip=0", "limit=100", "accountId=AC"]),
    RequestCase(
        line: "leads --funnel F --group G --account AC --from 2024-01-01 --to 2024-02-01", api: .chattonic,
        method: "GET", path: "/lead/records",
        query: ["funnel=F", "funnelGroup=G", "account=AC", "startDate=2024-01-01", "endDate=2024-02-01"]),
    RequestCase(
        line: "funnel F G --account AC", api: .chattonic, method: "GET", path: "/lead/records",
        query: ["funnel=F", "funnelGroup=G", "account=AC"]),
    // A tail's first poll (the clock stops it at its first wait; "now" is 2023-11-14T22:13:20Z).
    RequestCase(
        line: "tail leads --funnel F --group G --since 1h", api: .chattonic, method: "GET", path: "/lead/records",
        query: ["funnel=F", "funnelGroup=G", "startDate=2023-11-14T21:11:20.000Z", "skip=0", "limit=100"]),
    RequestCase(
        line: "tail channels", api: .leeloo, method: "GET", path: "/api/v2/communication-channels",
        query: ["filter[last_message][from]=2023-11-14T22:11:20.000Z", "limit=100"]),
    RequestCase(
        line: "tail messages C1", api: .leeloo, method: "GET", path: "/api/v2/communication-channels/C1/chat-messages",
        query: ["limit=100"]),
    RequestCase(
        line: "tail messages --tag vip", api: .leeloo, method: "GET", path: "/api/v2/people",
        query: [
            "filter[tags]=vip", "filter[last_message][from]=2023-11-14T22:11:20.000Z",
            "filter[last_message][to]=9999-12-31", "limit=100",
        ]),
    RequestCase(
        line: "leads export --funnel F --group G --type csv --bot B", api: .chattonic, method: "GET",
        path: "/lead/export", query: ["funnel=F", "funnelGroup=G", "exportType=csv", "bot=B"]),
    RequestCase(
        line: "archive url funnels/a/2021-05-01.zip", api: .chattonic, method: "GET", path: "/archive/url",
        query: ["name=funnels/a/2021-05-01.zip"], auth: "appTokenQuery"),
    RequestCase(
        line: "archive list --prefix funnels/", api: .chattonic, method: "GET", path: "/archive/list",
        query: ["format=csv", "prefix=funnels/"], auth: "appTokenQuery"),
    RequestCase(
        line: "messageusers --account AC", api: .chattonic, method: "GET", path: "/messageuser",
        query: [#"query={"account":"AC"}"#]),
    RequestCase(
        line: "queries --status pending", api: .chattonic, method: "GET", path: "/query",
        query: [#"query={"status":"pending"}"#]),
    RequestCase(
        line: "queries create --origin web", api: .chattonic, method: "POST", path: "/query",
        body: #"{"messageUser":{"_id":"U"},"message":{"text":"help"},"origin":"web"}"#),
    RequestCase(
        line: "queries take Q1", api: .chattonic, method: "PUT", path: "/query/take", query: ["queryId=Q1"],
        body: #"{"queryId":"Q1"}"#),
    RequestCase(
        line: "login --username ann", api: .chattonic, method: "POST", path: "/api/v1/user/login",
        body: #"{"username":"ann","password":"pw"}"#, auth: "none", usesCodename: false),
    // raw
    RequestCase(
        line: "get /api/v2/people limit=2", api: .leeloo, method: "GET", path: "/api/v2/people", query: ["limit=2"]),
    RequestCase(line: "get /people?limit=3", api: .leeloo, method: "GET", path: "/api/v2/people", query: ["limit=3"]),
    RequestCase(line: "get /api/v1/accounts", api: .leeloo, method: "GET", path: "/api/v1/accounts"),
    RequestCase(
        line: "get /lead/funnels skip=0", api: .chattonic, method: "GET", path: "/lead/funnels", query: ["skip=0"]),
    RequestCase(
        line: "get /archive/list", api: .chattonic, method: "GET", path: "/archive/list", auth: "appTokenQuery"),
    RequestCase(
        line: "post /api/v1/user/login", api: .chattonic, method: "POST", path: "/api/v1/user/login",
        usesCodename: false),
    RequestCase(line: "put /tags/X --api leeloo", api: .leeloo, method: "PUT", path: "/api/v2/tags/X"),
    RequestCase(line: "delete /query/Q1", api: .chattonic, method: "DELETE", path: "/query/Q1"),
]

@Suite("Every command builds its documented request")
struct RequestTableTests {
    static func extraArguments(for line: String) -> [RawArgument] {
        if line.hasPrefix("people add-sms") {
            return [.value(["name": "Sms", "phone": "+10000000001", "city": "x"], at: nil)]
        }
        if line.hasPrefix("queries create") {
            return [
                .flag("message-user", inline: ["_id": "U"], at: nil),
                .flag("message", inline: ["text": "help"], at: nil),
            ]
        }
        return []
    }

    @Test(arguments: requestCases)
    func buildsRequest(_ c: RequestCase) async throws {
        let api = FakeAPI()
        api.respond("GET", "/api/v2/tags", json: leelooTagsBody)
        api.respond("POST", "/api/v1/user/login", json: #"{"token":"jwt","appCodename":"code"}"#)
        // Lists answer one item, so an empty answer's unknown-name lookup (EmptyListCheck) stays out.
        api.pages["/api/v2/people"] = [["id": "1"]]
        api.pages["/api/v1/accounts"] = [["id": "1"]]
        api.pages["/lead/records"] = [["_id": "1"]]
        api.respond("GET", "/lead/funnels", json: #"{"funnels":{"F":{"interactions":["A"],"groups":[{"name":"G"}]}}}"#)
        let ctx = FakeContext(api: api)
        ctx.answers = ["pw"]
        let line = c.line.replacingOccurrences(of: "_07:32", with: "")
        var extra = Self.extraArguments(for: c.line)
        if c.line.contains("_07:32") {
            extra.append(.flag("payment-date", inline: "2018-06-27 07:32", at: nil))
        }
        let stripped = line.replacingOccurrences(of: " --payment-date 2018-06-27", with: "")
        do {
            try await TailClock.$current.withValue(FirstPollOnly()) {
                try await Harness.run(stripped, extra: extra, ctx: ctx)
            }
        } catch is CancellationError {}  // a tail ends at its first wait
        let request = try #require(api.requests.last)
        #expect(request.api == c.api)
        #expect(request.method == c.method)
        #expect(request.path == c.path)
        #expect(request.query.map { "\($0.0)=\($0.1)" } == c.query)
        #expect("\(request.auth)" == c.auth)
        if c.api == .chattonic { #expect(request.usesCodename == c.usesCodename) }
        switch request.body {
        case .none: #expect(c.body == nil)
        case .json(let v): #expect(v == (try c.body.map { try Value.parseJSON($0) }))
        case .form: Issue.record("no command sends form bodies")
        }
        // The request matches one of the command's declared endpoints.
        let (command, _) = try Harness.parse(stripped)
        if !command.spec.endpoints.isEmpty {
            #expect(command.spec.endpoints.contains { Self.matches($0, request) }, "\(request.path) not declared")
        }
    }

    /// Whether `request` is an instance of the endpoint template.
    static func matches(_ endpoint: EndpointSpec, _ request: APIRequest) -> Bool {
        guard endpoint.api == request.api, endpoint.method == request.method else { return false }
        let full =
            request.api == .chattonic && request.usesCodename ? "/api/v1/{codename}" + request.path : request.path
        let a = endpoint.path.split(separator: "/")
        let b = full.split(separator: "/")
        return a.count == b.count && zip(a, b).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
    }

    @Test func everyEndpointCommandIsInTheTable() throws {
        let covered = Set(try requestCases.map { try Harness.parse($0.line).0.spec.name })
        let missing = APICommands.commands().map(\.spec).filter { !$0.endpoints.isEmpty && !covered.contains($0.name) }
        #expect(missing.map(\.name) == [])
    }
}

/// A tail clock fixed at 2023-11-14T22:13:20Z that stops the tail at its first wait.
struct FirstPollOnly: TailWaiting {
    func wait(seconds: Double) async throws { throw CancellationError() }
    func now() -> Date { Date(timeIntervalSince1970: 1_700_000_000) }
}
