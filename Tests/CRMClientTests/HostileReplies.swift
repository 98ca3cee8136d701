import Foundation

@testable import CRMSandbox

/// The seeded replies of the hostile server: a pure function of (seed, request index).
enum HostileReplies {
    /// The token the fuzzed profiles send; the server echoes it back in every way it can.
    static let token = "tok/fuzz+secret=QZXWV98765"

    static func reply(seed: UInt64, index: Int) -> ScriptedServer.Reply {
        var g = SplitMix64(seed: seed &* 0x9E37_79B9 &+ UInt64(index))
        let statuses = [200, 200, 200, 200, 200, 200, 201, 204, 301, 302, 400, 401, 404, 418, 429, 429, 500, 502, 503]
        let status = g.pick(statuses) ?? 200
        var headers: [(String, String)] = []
        let retryAfters = [
            "0", "1", "-1", "1e300", "nan", "99999999999999999999", "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 99999999999:00:00 GMT", "Fri, 31 Dec 99999999999999 23:59:59 GMT", "soon",
        ]
        let policies = ["1e300;w=1e300", "10;w=1", "0;w=0", "5;w=-1", "abc", "100", "1;w=1e-300", ";;;"]
        let remainings = ["-1", "0", "3", "99999999999999999999999", "x"]
        let types = ["application/json", "text/html", "text/plain", "application/json; charset=utf-8", "\u{7F}", ""]
        let locations = ["http://evil.example/\(token)", "/x", "::::", "http://h:99999/"]
        if g.below(3) == 0 { headers.append(("Retry-After", g.pick(retryAfters) ?? "1")) }
        if g.below(3) == 0 { headers.append(("RateLimit-Policy", g.pick(policies) ?? "")) }
        if g.below(3) == 0 { headers.append(("RateLimit-Remaining", g.pick(remainings) ?? "")) }
        if g.below(4) != 0 { headers.append(("Content-Type", g.pick(types) ?? "")) }
        if g.below(4) == 0 { headers.append(("Location", g.pick(locations) ?? "")) }
        let body = self.body(&g)
        switch g.below(10) {
        case 0:  // Content-Length longer than the body: cut off
            var text = "HTTP/1.1 \(status) X\r\nContent-Length: \(body.utf8.count + 1 + g.below(1000))\r\n"
            for (k, v) in headers { text += "\(k): \(v)\r\n" }
            return .raw(text + "\r\n" + body)
        case 1:  // Content-Length shorter than the body
            var text = "HTTP/1.1 \(status) X\r\nContent-Length: \(g.below(body.utf8.count + 1))\r\n"
            for (k, v) in headers { text += "\(k): \(v)\r\n" }
            return .raw(text + "\r\n" + body)
        case 2:  // no length at all, closed
            return .raw("HTTP/1.1 \(status) Reason \(token)\r\nConnection: close\r\n\r\n" + body)
        case 3:
            return .status(status, "Echo \(token)", body: body, headers: headers)
        case 4:
            return g.below(4) == 0 ? .reset : .raw("garbage\r\n\r\n")
        default:
            return .keepAlive(status, "OK", body: body, headers: headers)
        }
    }

    static func body(_ g: inout SplitMix64) -> String {
        let items = (0..<g.below(7)).map { i in
            #"{"id":"\#(g.next())","n":\#(i),"name":"p\#(i)"}"#
        }.joined(separator: ",")
        let totals = ["5", "-1", "1e300", "\"x\"", "null", "123456789012345678901234567890", "3.5", "0"]
        let page = #"{"status":1,"data":[\#(items)],"meta":{"totalCount":\#(g.pick(totals) ?? "0")}}"#
        switch g.below(14) {
        case 0: return ""
        case 1: return "null"
        case 2: return #"{"status":1,"data":"oops"}"#
        case 3: return String(page.prefix(g.below(page.count)))  // truncated
        case 4: return String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)  // deep nesting
        case 5: return #"{"status":1,"data":[{"id":1e309,"n":123456789012345678901234567890}]}"#
        case 6:
            let echo = [token, "tok\\/fuzz+secret=QZXWV98765", "tok%2Ffuzz%2Bsecret%3DQZXWV98765"]
            let t = g.pick(echo) ?? ""
            return #"{"status":0,"error":{"code":"E_\#(t)","fields":{"authToken":"\#(t)"}},"message":"\#(t)"}"#
        case 7: return "<html>\(token)</html>"
        case 8: return #"{"status":"0","data":[1,2,3]}"#
        case 9: return #"[1, "two", null, {"x": [[[]]]}]"#
        default: return page
        }
    }
}
