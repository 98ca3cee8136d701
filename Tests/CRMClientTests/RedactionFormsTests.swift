import CRMCore
import Testing

@testable import CRMClient

/// Issue 27 §12–13: every encoded form a server may echo a secret in is hidden, a login's
/// password included; a config token holding a control character is refused, not cut.
@Suite struct RedactionFormsTests {
    let token = "tok+en/Ключ-123456"

    @Test(arguments: [
        #"{"error":"bad token tok\u002Ben\/\u041a\u043b\u044e\u0447-123456"}"#,
        #"{"error":"bad token tok\u002ben\/\u041a\u043b\u044e\u0447-123456"}"#,
        "bad token tok&#43;en&#47;&#1050;&#1083;&#1102;&#1095;&#45;123456",
        "bad token tok+en/Кл\nюч-123456",
        "bad token tok+en/Кл\r\n   юч-123456",
        "bad token " + String(decoding: Array("tok+en/Ключ-123456".utf8).map { UInt8($0) }.map { Character(Unicode.Scalar($0)) }.map { String($0) }.joined().utf8, as: UTF8.self),
    ])
    func everyEncodedFormIsHidden(echo: String) {
        let out = Redactor(secrets: [token]).redact(echo)
        #expect(!out.contains("123456"), "\(out)")
        #expect(out.contains("***"), "\(out)")
    }

    @Test func aTextThatOnlyLooksAlikeIsKept() {
        #expect(Redactor(secrets: [token]).redact("tok and en") == "tok and en")
    }

    @Test func aLoginPasswordInTheBodyIsACarriedSecret() {
        let login = APIRequest(.chattonic, "POST", "/api/v1/user/login", body: .json(["username": "u", "password": "hunter22"]))
        #expect(HTTPAPIService.carriedSecrets(login) == ["hunter22"])
        let form = APIRequest(.leeloo, "POST", "/x", body: .form([("token", "abcd1234"), ("name", "n")]))
        #expect(HTTPAPIService.carriedSecrets(form) == ["abcd1234"])
    }

    @Test func aConfigTokenWithAControlCharacterIsRefused() {
        let text = "current = \"x\"\n[profiles.x]\nleeloo_url = \"http://h\"\nleeloo_token = \"abcd\\u0000efgh\"\n"
        let e = #expect(throws: CRMError.self) { try ConfigFile.parse(text, path: "/tmp/c.toml") }
        #expect(e?.message.contains("NUL") == true, "\(String(describing: e))")
        #expect(e?.message.contains("4") == true || e?.location?.line == 4)
    }
}
