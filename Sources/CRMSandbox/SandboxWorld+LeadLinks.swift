/// Which Chat-Tonic leads are also Leeloo people, so `leads --flat | join-on (people)` has
/// something to find.
///
/// The rule (stated in `crm sandbox`'s help, so tests can compute the expected join by raw HTTP):
/// lead number `i` (its position among all seeded leads, the `N` of its `_id`) is a Leeloo person
/// when `i % 3 == 0`: one lead in three, the person at index `(i * 37) % P` where P is the number of seeded people (`--people`). Its extraData
/// `Phone` is that person's phone written another way (by `i / 3 % 4`: `+380 50 123-45-67`,
/// `380501234567`, `0501234567`, `050 123 45 67`) and its `Email` is the person's e-mail in upper
/// case (even `i / 3`) or capitalised (odd), and its user's first and last name are the person's. A person without an e-mail (`NOT_DEFINED`) gives the
/// lead its own address. The other leads have `+44 20 7946 0NNN` phones (national part starting
/// with 0, so they never meet a `+380 5…` person) and their own e-mails.
extension SandboxWorld {
    /// One lead in `leadPersonShare` is a Leeloo person.
    static let leadPersonShare = 3

    /// The person lead `i` belongs to, if any.
    func linkedPerson(ofLead i: Int) -> Int? {
        let seeded = min(options.people, people.count)
        guard i % Self.leadPersonShare == 0, seeded > 0 else { return nil }
        return (i * 37) % seeded
    }

    /// The extraData of lead `i`: `Email`, `Phone` and `Budget`.
    func leadExtraData(_ i: Int, firstName: String) -> JSONNode {
        var email = "\(firstName.lowercased())\(i)@example.com"
        var phone = "+44 20 7946 0" + String(String(1000 + i % 1000).dropFirst())
        if let p = linkedPerson(ofLead: i) {
            let person = people[p]
            phone = Self.rewritePhone(person.phone, style: i / Self.leadPersonShare % 4)
            if person.email.contains("@") {
                email = i / Self.leadPersonShare % 2 == 0 ? person.email.uppercased() : Self.capitalised(person.email)
            }
        }
        func field(_ name: String, _ value: String) -> JSONNode {
            .object([("name", .string(name)), ("cxt", .string(value))])
        }
        return .array([field("Email", email), field("Phone", phone), field("Budget", String(100 + i % 9 * 50))])
    }

    /// The name a lead's user gave: the linked person's (first word, rest), else the message user's.
    func leadName(_ i: Int, _ first: String, _ last: String) -> (first: String, last: String) {
        guard let p = linkedPerson(ofLead: i) else { return (first, last) }
        let words = people[p].name.split(separator: " ", maxSplits: 1).map(String.init)
        return (words.first ?? first, words.count > 1 ? words[1] : last)
    }

    /// `+380501234567` written in one of four styles; a phone without 9 digits is kept as it is.
    static func rewritePhone(_ phone: String, style: Int) -> String {
        let d = Array(digits(phone))
        guard d.count >= 9 else { return phone }
        let n = d.suffix(9).map(String.init)
        let code = d.count > 9 ? d.prefix(d.count - 9).map(String.init).joined() : "380"
        func part(_ r: Range<Int>) -> String { n[r].joined() }
        switch style {
        case 0: return "+\(code) \(part(0..<2)) \(part(2..<5))-\(part(5..<7))-\(part(7..<9))"
        case 1: return code + n.joined()
        case 2: return "0" + n.joined()
        default: return "0\(part(0..<2)) \(part(2..<5)) \(part(5..<7)) \(part(7..<9))"
        }
    }

    /// `ann.lee3@example.com` → `Ann.lee3@Example.com`.
    static func capitalised(_ email: String) -> String {
        email.split(separator: "@", omittingEmptySubsequences: false).map { $0.prefix(1).uppercased() + $0.dropFirst() }
            .joined(separator: "@")
    }
}
