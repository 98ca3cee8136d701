import CRMCore
import Testing

@testable import CRMBuiltins

/// A table never cuts an id: the text columns shrink first, and when they cannot shrink enough
/// the line runs past the width (the terminal wraps it).
@Suite("tables keep ids whole")
struct TableIdTests {
    let id = "5e42be758d4fff000cafe6ef"

    @Test func textShrinksAndTheIdStaysWhole() {
        let rows: Value = [
            ["person_id": .string(id), "name": .string(String(repeating: "n", count: 40)), "note": "short"]
        ]
        let lines = Renderer.render(rows, as: .table, width: 50).split(separator: "\n").map(String.init)
        #expect(lines[2].hasPrefix(id + "  "))
        #expect(lines[2].contains("…"), "the name column shrank")
        #expect(lines.allSatisfy { TextWidth.of($0) <= 50 })
    }

    @Test func tooNarrowForTheIdsWrapsInsteadOfCutting() {
        let rows: Value = [["id": .string(id), "accountId": .string(id + "x"), "text": "hello world"]]
        let lines = Renderer.render(rows, as: .table, width: 30).split(separator: "\n").map(String.init)
        #expect(lines[2].contains(id))
        #expect(lines[2].contains(id + "x"))
        #expect(TextWidth.of(lines[2]) > 30)
    }

    @Test func aRecordShowsItsIdWhole() {
        let rec: Value = ["id": .string(id), "text": .string(String(repeating: "t", count: 60))]
        let lines = Renderer.render(rec, as: .table, width: 20).split(separator: "\n").map(String.init)
        #expect(lines[0] == "id    " + id)
        #expect(lines[1].hasSuffix("…"))
    }

    @Test func idColumnNames() {
        for k in ["id", "_id", "person_id", "accountId", "ids", "channel_ids"] {
            #expect(TableFormat.isIdentifier(k), "\(k)")
        }
        for k in ["name", "valid", "identity", "paid"] { #expect(!TableFormat.isIdentifier(k), "\(k)") }
    }
}
