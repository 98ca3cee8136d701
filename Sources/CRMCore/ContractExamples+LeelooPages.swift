/// The response examples of the two Leeloo vendor pages (shared/seeds), copied with their keys,
/// nesting and value types; only JSON typos are fixed (each `note` says which).
extension ContractExample {
    static let v1Page = "Leeloo API v1 Accounts, RU (shared/seeds/leeloo-api-v1-accounts.ru.txt)"
    static let v2Page = "Leeloo API v2, EN (shared/seeds/leeloo-api-v2.txt)"

    static let leelooPages: [ContractExample] = [
        ContractExample(
            "v1-accounts", page: v1Page, section: "Список аккаунтов",
            APIRequest(.leeloo, "GET", "/api/v1/accounts", query: [("limit", "3"), ("offset", "0")]),
            json: """
                { "data": [ { "id": "59bbc641b1223300210cdf2f", "name": "Kurt Bowie", "tags": [ "tag2" ],
                "from": "FACEBOOK", "botStatus": "BOT", "lastMessageTime": "2017-11-03T08:34:18.417Z",
                "createdAt": "2017-09-15T12:23:29.023Z" }, { "id": "5899afd15c97121f006c8b48",
                "name": "Weend Vidente", "tags": [ "68187", "tag3" ], "from": "TELEGRAM", "botStatus": "BOT",
                "lastMessageTime": "2017-09-07T14:30:58.798Z", "createdAt": "2017-02-07T11:30:25.324Z" } ],
                "meta": { "limit": 3, "offset": 0, "filteredCount": 2, "totalCount": 2 }, "status": 1 }
                """, list: true,
            note: "The page's request also has filter[tags]=tag3,tag2 (tag names of its own data); left out."),
        ContractExample(
            "v1-account", page: v1Page, section: "Информация об аккаунте",
            APIRequest(.leeloo, "GET", "/api/v1/accounts/{account_id}", query: [("include", "contactedUsers,orders")]),
            json: """
                { "data": { "id": "59bbc641b1223300210cdf2f", "name": "Kurt Bowie", "tags": [ "tag3" ],
                "from": "FACEBOOK", "botStatus": "BOT", "gender": "FEMALE", "phone": "+38000434534",
                "email": "NOT_DEFINED", "locale": "en_US", "subscribeHistory": [ { "tunnelName": "TunnelName_1",
                "leadgentoolName": "LGT_1", "trafficSource": "Default traffic source" }, { "tunnelName": "TunnelName_2",
                "leadgentoolName": "LGT_2", "trafficSource": "TrafficSource_1" } ], "links": { "contactedUsers": [
                { "type": "users", "id": "58be00d668aaeaded60aa186" } ], "orders": [ { "type": "orders",
                "id": "59f2e2425bb695001a3f6388" }, { "type": "orders", "id": "59edb72dbed51e00152c1c1f" },
                { "type": "orders", "id": "59edb6e5da15a0001be1261f" } ] }, "custom_fields": {
                "Email": "test@test.com", "Email work": "test.work@qe.tyty", "текстовое выражение": "hello word",
                "приветственное сообщение": "привет", "дата": "2019-03-12T08:29:08.721Z",
                "номер телефона": "+380676665544" }, "createdAt": "2017-09-15T12:23:29.023Z",
                "updatedAt": "2017-11-03T11:29:21.528Z" }, "included": { "users": [ {
                "id": "58be00d668aaeaded60aa186", "name": "Robert", "createdAt": "2017-01-25T13:06:47.652Z",
                "updatedAt": "2017-08-16T09:11:23.002Z" } ], "orders": [ { "price": 1, "currency": "UAH",
                "paymentMethod": "ASSET_PAYMENT", "status": "SUCCESS", "updatedAt": "2017-10-27T07:39:19.363Z" },
                { "price": 1, "currency": "UAH", "paymentMethod": "YANDEX_MONEY", "status": "SUCCESS",
                "updatedAt": "2017-10-23T09:33:05.403Z" }, { "price": 1, "currency": "UAH",
                "paymentMethod": "YANDEX_MONEY", "status": "SUCCESS", "updatedAt": "2017-10-23T09:32:20.164Z" } ] },
                "status": 1 }
                """, maps: ["data.custom_fields"],
            needs: [
                ContractNeed("person_id", from: "v2-orders", at: "data.0.person_id"),
                ContractNeed("account_id", from: "v2-person", at: "data.accounts.0.account_id"),
            ],
            note: "Trailing comma after the last custom field removed. custom_fields is keyed by field label."),
        ContractExample(
            "v1-chat-messages", page: v1Page, section: "История сообщений аккаунта",
            APIRequest(
                .leeloo, "GET", "/api/v1/accounts/{account_id}/chat-messages", query: [("limit", "3"), ("offset", "0")]),
            json: """
                { "data": [ { "id": "59fc4b178dd98a000a958b8b", "text": "Last message", "type": "BOT_MESSAGE",
                "read": true, "createdAt": "2017-11-03T10:55:19.024Z", "updatedAt": "2017-11-03T10:55:19.024Z" },
                { "id": "59fc28fa03193700519a72af", "text": "Pre last message", "type": "YOUR_MESSAGE", "read": true,
                "createdAt": "2017-11-03T09:29:46.936Z", "updatedAt": "2017-11-03T09:29:46.936Z", "links": {
                "createdBy": { "type": "users", "id": "58be00d668aaeaded60aa186" } } }, {
                "id": "59fc2a14a2493e0047813e24", "text": "Good morning!", "type": "FRIEND_MESSAGE", "read": true,
                "createdAt": "2017-11-03T08:37:28.621Z", "updatedAt": "2017-11-03T08:37:28.621Z" }, {
                "id": "59fc2a14a2493e0047813e24", "text": "Good morning, {name}! \\n\\nTest message content",
                "type": "BOT_MESSAGE", "read": true, "createdAt": "2017-11-03T08:34:24.443Z",
                "updatedAt": "2017-11-03T08:34:24.443Z" }, { "id": "59fc2a14a2493e0047813e24", "text": "",
                "type": "SYSTEM_MESSAGE", "read": true, "createdAt": "2017-11-03T08:31:23.321Z",
                "updatedAt": "2017-11-03T08:31:23.321Z" } ], "meta": { "limit": 3, "offset": 0, "filteredCount": 3,
                "totalCount": 113 }, "status": 1 }
                """, list: true, needs: [ContractNeed("account_id", from: "v1-accounts", at: "data.0.id")],
            note: "Missing comma between the third and fourth message added. links appears on YOUR_MESSAGE only."),
        ContractExample(
            "v2-categories", page: v2Page, section: "Message templates: Get a list of message template categories",
            APIRequest(.leeloo, "GET", "/api/v2/categories/templates"),
            json: """
                { "data": { "categories": [ { "id": "5e3bf3fdb70492000f72cd6c", "name": "Category 1" },
                { "id": "5e18a2a3ed0b7a000d6c948f", "name": "Category 2" } ] }, "status": 1 }
                """, list: true, note: "The page's example lacks its opening brace."),
        ContractExample(
            "v2-category-templates", page: v2Page,
            section: "Message templates: Get a list of message templates within a category",
            APIRequest(.leeloo, "GET", "/api/v2/categories/templates/{category_id}"),
            json: """
                { "data": { "templates": [ { "id": "5e42be758d4fff000cafe6ef", "message_name": "test template 2" },
                { "id": "5e42be688d4fff000cafe5cc", "message_name": "test template 1" } ] }, "status": 1 }
                """, list: true, needs: [ContractNeed("category_id", from: "v2-categories", at: "data.categories.0.id")]
        ),
    ]
}
