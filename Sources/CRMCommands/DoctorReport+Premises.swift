import CRMCore
import Foundation

/// `doctor`'s checks of what crm's exactly-once read-back rests on and no vendor page documents
/// (README, "The guarantee"): read-only on the detail endpoints it reads back, and with
/// `doctor --probe CHANNEL_ID` a real text send and template send to a channel the user names,
/// measured the way a run calibrates (`ReadBackCalibration`).
extension DoctorReport {
    /// The message types the v1 page documents.
    static let documentedMessageTypes: Set<String> = ["SYSTEM_MESSAGE", "BOT_MESSAGE", "YOUR_MESSAGE", "FRIEND_MESSAGE"]

    /// What is lost when a premise of the read-back does not hold.
    static let sendsLose =
        "sends lose exactly-once: an ambiguous send is left unknown, never read back as absent and resent"
    static let createsLose =
        "orders create loses exactly-once: an ambiguous create is left unknown, never read back as absent and created again"

    /// The read-only premise checks: chat histories (v2 and v1) and the orders of a person and an account.
    mutating func checkPremises() async {
        for id in ["v2-chat-messages", "v1-chat-messages"] { await checkHistory(id) }
        for id in ["v2-person", "v1-account"] { await checkOrders(id) }
    }

    /// The body a premise check reads for example `id` (`read` fills its placeholders), or nil
    /// when the check cannot run: its row (skipped, or failed) is added here.
    private mutating func premiseBody(
        _ id: String, target: (ContractExample) -> String,
        read: (inout ContractRunner, ContractExample) async throws -> Value
    ) async -> (Value, String)? {
        guard let example = ContractExample.named(id) else { return nil }
        let name = target(example)
        if let why = blocked["leeloo"] {
            add("premise", name, "skipped", why)
            return nil
        }
        do {
            return (try await read(&runner, example), name)
        } catch let e as ContractRunner.Unresolved {
            add("premise", name, "skipped", e.description)
        } catch {
            add("premise", name, "failed", Self.text(error), exit: .api)
        }
        return nil
    }

    private mutating func checkHistory(_ id: String) async {
        let api = self.api
        guard
            let (body, target) = await premiseBody(
                id, target: { "chat history: \($0.request.method) \($0.request.path)" },
                read: { runner, example in
                    // A page as the read-back reads it (20, newest first), not the shape check's one item.
                    var request = try await runner.request(for: example)
                    request.query = request.query.filter { $0.0 != "limit" && $0.0 != "offset" }
                        + [("limit", String(ReadBack.pageSize)), ("offset", "0")]
                    return try await api.send(request)
                })
        else { return }
        let messages = body[field: "data"]?.listValue ?? []
        var problems: [String] = []
        let types = Set(messages.compactMap { $0[field: "type"]?.stringValue })
        let odd = types.subtracting(Self.documentedMessageTypes).sorted()
        if !odd.isEmpty { problems.append("types outside the documented set: \(odd.joined(separator: ", "))") }
        let undated = messages.count { $0[field: "createdAt"]?.stringValue.flatMap(ISODate.parse) == nil }
        if undated > 0 { problems.append("\(undated) of \(messages.count) messages without a readable createdAt") }
        if !ReadBack.window(.list(messages), since: .distantFuture).newestFirst {
            problems.append("listed oldest first (createdAt rises down the page)")
        }
        let seen = "\(messages.count) message\(messages.count == 1 ? "" : "s")"
        if !problems.isEmpty {
            add("premise", target, "failed", problems.joined(separator: "; ") + ": " + Self.sendsLose, exit: .api)
        } else if messages.count < 2 {
            add("premise", target, "unknown", "\(seen): too few to see the order; try doctor --probe CHANNEL_ID")
        } else {
            add("premise", target, "ok", "\(seen): newest first, createdAt on each, documented types")
        }
    }

    private mutating func checkOrders(_ id: String) async {
        guard
            let (body, target) = await premiseBody(
                id, target: { "orders: \($0.request.method) \($0.request.path)?include=orders" },
                read: { runner, example in try await runner.answer(example) })
        else { return }
        guard let orders = body[field: "included"]?[field: "orders"]?.listValue else {
            add("premise", target, "failed", "no included.orders in the answer: " + Self.createsLose, exit: .api)
            return
        }
        let undated = orders.count { $0[field: "updatedAt"]?.stringValue.flatMap(ISODate.parse) == nil }
        if undated > 0 {
            add(
                "premise", target, "failed",
                "\(undated) of \(orders.count) orders without a readable updatedAt: " + Self.createsLose, exit: .api)
        } else if orders.isEmpty {
            add("premise", target, "unknown", "the buyer read has no orders to look at")
        } else {
            add("premise", target, "ok", "\(orders.count) order\(orders.count == 1 ? "" : "s"), updatedAt on each")
        }
    }

    /// `doctor --probe CHANNEL_ID`: sends one text and, when the profile has a template, one
    /// template to the channel, then reads each back as a run calibrates: the lag until it is
    /// listed, the order, the type and the stored text.
    mutating func probe(channel: String) async {
        let stamp = Int(Date().timeIntervalSince1970)
        let text = "crm doctor probe \(stamp): please ignore"
        var sends = [SendAction(channelID: channel, kind: .text(text), label: "")]
        if let template = await firstTemplateID() {
            sends.append(SendAction(channelID: channel, kind: .template(id: template, variables: nil), label: ""))
        }
        for send in sends {
            let what = if case .text = send.kind { "text send" } else { "template send" }
            let target = "\(what) to channel \(channel)"
            let started = Date()
            do {
                _ = try await api.send(send.request(v1: false))
            } catch {
                add("probe", target, "failed", "the send failed: \(Self.text(error))", exit: .api)
                continue
            }
            let delivery = ReadBackCalibration.Delivery(
                readBack: send.readBack, create: nil, sentAt: api.serverTime(started), answeredAt: Date())
            let api = self.api
            let verdict = await ReadBackCalibration.calibrate(
                .messages, [delivery], expectedText: { _ in nil }, fetch: { try await api.send($0) },
                serverTime: { api.serverTime($0) }, byTypeAlone: true)
            switch verdict {
            case .holds(let lag)?:
                add(
                    "probe", target, "ok",
                    "listed within \(String(format: "%.1f", lag)) s as a \(send.readBack.messageType), newest first"
                        + (send.readBack.text == nil ? "" : ", text as sent"))
            case .failed(let premise, let seen)?:
                add("probe", target, "failed", "\(premise) does not hold: \(seen); " + Self.sendsLose, exit: .api)
            case nil:
                add("probe", target, "unknown", "interrupted")
            }
        }
    }

    /// The first template id the profile's API lists, if any (the probe's template send).
    private func firstTemplateID() async -> String? {
        guard let categories = try? await api.send(APIRequest(.leeloo, "GET", CommonFlags.v2("/categories/templates"))),
            let first = categories[field: "data"]?[field: "categories"]?.listValue?.first?[field: "id"]?.displayText,
            let templates = try? await api.send(TemplateCommands.request(category: first))
        else { return nil }
        return templates[field: "data"]?[field: "templates"]?.listValue?.first?[field: "id"]?.displayText
    }
}
