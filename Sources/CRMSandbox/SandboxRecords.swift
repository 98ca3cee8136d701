/// A seeded or created person (Leeloo subscriber). Compact on purpose: 100,000 of them must stay
/// light, so ids, tags and channels are indices and names of enums are small integers.
struct PersonRecord: Sendable {
    var name: String
    var phone: String
    var email: String
    /// Bit i set = the person carries tag i of `SandboxWorld.tags`.
    var tags: UInt64
    var firstChannel: Int32
    var channelCount: Int32
    var gender: UInt8
    var contactedUser: Int32
    var tunnel: Int32
    var createdAt: Int64
    var updatedAt: Int64
    var lastMessageAt: Int64
    var customFields: [JSONNode] = []
    /// The seeded `lastMessageAt`, kept once a send or a live message moves it (0 until then), so
    /// the generated history keeps its times and ids instead of moving with the newest message.
    var historyAnchor: Int64 = 0
    /// False for a person created through the API until a message lands in one of their channels:
    /// such a person is outside every `filter[last_message]` range (their `lastMessageTime` shows
    /// the creation time, as the pages show no person without one).
    var hasLastMessage = true
}

/// A communication channel (Leeloo v1 "account"): one person's presence in one messenger.
struct ChannelRecord: Sendable {
    var person: Int32
    var messenger: UInt8
    var isAdminMode: Bool
    var hasUTM: Bool
}

/// One chat message added by a send (seeded history is generated on demand).
struct MessageRecord: Sendable {
    var id: String
    var text: String
    var type: String
    var createdAt: Int64
    var templateID: String?
    /// The monotonic time (`SandboxEngine.now()`) from which the message is listed: 0 for at once,
    /// later for an API send under `--history-lag`.
    var visibleAt: Double = 0
}

/// A message template inside a category.
struct TemplateRecord: Sendable {
    var id: String
    var name: String
    var text: String
    var category: Int
}

/// An order (manual or seeded).
struct OrderRecord: Sendable {
    var person: Int32
    var title: String
    var description: String
    var price: Double
    var currency: String
    var status: String
    var paymentMethod: String
    var createdAt: Int64
    var updatedAt: Int64
    var userComments: String?
    var paymentDate: String?
    /// Paid in parts: such an order cannot be updated through the API.
    var hasPartialPayments = false
}

/// A sales tunnel with its lead-generation tools and blocks.
struct TunnelRecord: Sendable {
    var name: String
    var createdAt: Int64
    var leadgentools: [Int]
    var blocks: [Int]
    var stats: [Int]
}

/// A lead-generation tool (LGT).
struct LeadgentoolRecord: Sendable {
    var name: String
    var type: String
    var tunnel: Int
}

/// Fixed vocabulary of the seeded data.
enum SandboxVocabulary {
    /// The `from` of a channel by its messenger number: seeded channels use the first three; a
    /// person created through the API gets `manualMessenger`, so the create answer's `from: MANUAL`
    /// (v2 page "Add a person") and the person's `accounts[].from` agree.
    static let messengers = ["TELEGRAM", "FACEBOOK", "VKONTAKTE", "MANUAL"]
    /// The messenger number of channels created through the API (`MANUAL`).
    static let manualMessenger: UInt8 = 3

    /// The `from` of a channel's messenger number.
    static func messenger(_ n: UInt8) -> String {
        messengers[Int(n) % messengers.count]
    }
    static let connectionTypes = ["telegram", "facebook", "vkontakte", "sendGrid"]
    static let connectionNames = ["Telegram bot", "Facebook page", "VK community", "Sendgrid bot"]
    static let genders = ["FEMALE", "OTHER", "NO_DATA", "NOT_DEFINED"]
    static let locales = ["en_US", "ru_RU", "uk_UA", ""]
    static let firstNames = [
        "Olga", "Ivan", "Maria", "Petro", "Anna", "Dmytro", "Sofia", "Andrii", "Kateryna", "Oleh",
        "Iryna", "Taras", "Nadia", "Bohdan", "Yulia", "Serhii", "Alice", "Bob", "Carmen", "Diego",
    ]
    static let lastNames = [
        "Shevchenko", "Kovalenko", "Bondarenko", "Tkachenko", "Kravets", "Melnyk", "Boyko", "Lysenko",
        "Moroz", "Savchenko", "Rudenko", "Marchenko", "Smith", "Garcia", "Novak", "Horvat",
    ]
    /// Tags and the probability that a seeded person carries each (vip uses the option).
    static let tags: [(String, Double)] = [
        ("vip", 0), ("new", 0.25), ("lead", 0.35), ("customer", 0.2), ("newsletter", 0.4),
        ("webinar", 0.1), ("partner", 0.03),
    ]
    static let users = ["Anna Manager", "Oleh Support", "Iryna Sales", "Taras Admin", "Sofia Marketing"]
    static let orderTitles = ["Starter course", "Pro course", "Consultation", "Webinar ticket", "Annual plan"]
    static let currencies = ["USD", "EUR", "UAH", "RUB"]
    static let orderStatuses = ["OPENED", "RESOLVED", "REJECTED"]
    static let paymentMethods = ["WAYFORPAY", "YANDEX_MONEY", "ASSET_PAYMENT", "MANUAL"]
    static let seededTexts = [
        "Hello! How can we help?", "Thanks for subscribing.", "Is the course still available?",
        "Here is your lesson link.", "I paid, please check.", "See you at the webinar!", "",
    ]
}
