import CRMCore
import Testing

@testable import CRMClient

@Suite struct RedactionTests {
    let leeloo = "leeloo-secret-token-123456"
    let bearer = "chattonic-secret-jwt-abcdef"
    let app = "app-secret-token-999"

    var service: HTTPAPIService {
        HTTPAPIService(
            profile: Profile(
                name: "redact", safetyClass: .prod, leelooURL: "http://127.0.0.1:9", leelooToken: leeloo,
                chattonicURL: "http://127.0.0.1:9/chattonic", chattonicCodename: "demo", chattonicToken: bearer,
                chattonicAppToken: app),
            options: ClientOptions(), notice: { _ in })
    }

    @Test func redactorHidesTokensQueryValuesAndBearer() {
        let r = Redactor(secrets: [leeloo, bearer])
        let text = "GET http://h/x?token=abc&name=n&authToken=zzz Bearer \(bearer) \(leeloo) {\"token\":\"jwt\"}"
        let out = r.redact(text)
        #expect(!out.contains(leeloo) && !out.contains(bearer) && !out.contains("abc") && !out.contains("zzz"))
        #expect(out.contains("token=***&name=n&authToken=***"))
        #expect(out.contains("{\"token\":\"***\"}"))
    }

    @Test func queryEncodingKeepsPlusAndBracketsSafe() {
        #expect(
            PercentEncoding.queryString([("filter[tags]", "vip"), ("phone", "+380 50")])
                == "filter%5Btags%5D=vip&phone=%2B380%2050")
    }

    @Test func curlForLeelooUsesTheVariable() {
        let line = service.curlCommand(
            for: APIRequest(
                .leeloo, "POST", "/api/v2/people", query: [("filter[tags]", "vip")], body: .json(["name": "Ann's"])))
        #expect(line.contains("-H \"X-Leeloo-AuthToken: $CRM_LEELOO_TOKEN\""))
        #expect(line.contains("-X POST"))
        #expect(line.contains("\"http://127.0.0.1:9/api/v2/people?filter%5Btags%5D=vip\""))
        #expect(line.contains("-d '{\"name\":\"Ann'\\''s\"}'"))
        #expect(!line.contains(leeloo))
    }

    @Test func curlForChattonicUsesBearerAndAppTokenVariables() {
        let s = service
        let bearerLine = s.curlCommand(for: APIRequest(.chattonic, "GET", "/lead/records"))
        #expect(bearerLine.contains("\"Authorization: Bearer $CRM_CHATTONIC_TOKEN\""))
        #expect(bearerLine.contains("/chattonic/api/v1/demo/lead/records"))
        let archive = s.curlCommand(
            for: APIRequest(.chattonic, "GET", "/archive/url", query: [("name", "a/b.zip")], auth: .appTokenQuery))
        #expect(archive.contains("name=a%2Fb.zip&token=$CRM_CHATTONIC_APP_TOKEN\""))
        #expect(!archive.contains(app) && !bearerLine.contains(bearer))
    }
}
