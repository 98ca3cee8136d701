/// One write of a bulk run: the request, how to prove it happened, and how to show and resume it.
///
/// Jobs are plain data so a run can be journaled and resumed by a later process without the
/// command or the script that planned it.
public struct BulkJob: Sendable {
    /// A key unique within the run (`channel|template`): duplicates of a key are skipped.
    public var key: String
    /// The target as a person reads it: `id — name`.
    public var label: String
    /// The target as a record (`{id, person_id, name}`), fed back by `runs show ID --failed`.
    public var target: Value
    /// The write itself.
    public var request: APIRequest
    /// How to check, after an ambiguous failure, whether the write was applied.
    public var readBack: ReadBack?
    /// How to check a create that is not a send (an order: its buyer's orders), the other kind of read-back.
    public var createReadBack: CreateReadBack?
    /// Whether sending the write twice leaves the same state as sending it once (tag add/remove,
    /// updates, subscribe): after an ambiguous failure it is simply sent again. A write that is
    /// neither idempotent nor has a read-back is left `unknown` instead of resent.
    public var idempotent: Bool
    /// How `runs undo` reverses this write once it is done.
    public var undo: Undo

    public init(
        key: String, label: String, target: Value, request: APIRequest, readBack: ReadBack?,
        idempotent: Bool = false, undo: Undo = .irreversible("no reverse write is known for it"),
        createReadBack: CreateReadBack? = nil
    ) {
        self.key = key
        self.label = label
        self.target = target
        self.request = request
        self.readBack = readBack
        self.idempotent = idempotent
        self.undo = undo
        self.createReadBack = createReadBack
    }

    /// Whether an ambiguous failure of this write can be settled by a read (either kind).
    public var canReadBack: Bool { readBack != nil || createReadBack != nil }

    /// How a done write is reversed.
    public enum Undo: Sendable {
        /// The request that reverses it (`add-tag` ↔ `remove-tag`); its own reverse is the original.
        case request(APIRequest)
        /// It cannot be reversed through the API, and why (a sent message cannot be unsent).
        case irreversible(String)
    }
}

/// What to look for in a channel's recent chat-messages to know a send went out.
public struct ReadBack: Sendable, Equatable {
    /// The communication channel (account) id.
    public var channelID: String
    /// `BOT_MESSAGE` for templates, `YOUR_MESSAGE` for texts.
    public var messageType: String
    /// The template id, for template sends.
    public var templateID: String?
    /// The text, for text sends.
    public var text: String?
    /// What the template is rendered with for this target, as far as crm knows it: the person's
    /// `name` and the `variables` of the send (empty when unknown, e.g. a target given by id).
    public var variables: [String: String]

    public init(
        channelID: String, messageType: String, templateID: String? = nil, text: String? = nil,
        variables: [String: String] = [:]
    ) {
        self.channelID = channelID
        self.messageType = messageType
        self.templateID = templateID
        self.text = text
        self.variables = variables
    }
}

/// Runs the writes of a loop (or of a write command given many inputs) as one journaled,
/// concurrent, rate-limited, resumable run. Implemented by the shell; commands and the interpreter
/// reach it through `CommandContext.bulk`.
public protocol BulkRunning: AnyObject {
    /// Plans jobs from `items` (each item through `plan`), applies the safety guard and
    /// `--dry-run`, and runs the jobs (a run that needs no exact count up front starts sending
    /// while the rest is still being planned). Returns one result record per job, in input order.
    /// `arguments` is read after the first item is planned: the write command's bound arguments
    /// (for its own `--dry-run`, `--yes`, `--concurrency`), which a loop only knows once it has
    /// bound an item.
    func run(
        command: CommandSpec, arguments: @escaping () -> Arguments?, items: RecordStream,
        plan: @escaping (Value) async throws -> [BulkJob]
    ) async throws -> PipelineData
}

extension CommandContext {
    /// The bulk runner, when the shell provides one (nil in plain contexts such as unit tests).
    public var bulk: (any BulkRunning)? { (self as? any BulkProviding)?.bulkRunner }
}

/// A context that can hand out a bulk runner.
public protocol BulkProviding: AnyObject {
    /// The runner for this session.
    var bulkRunner: (any BulkRunning)? { get }
    /// Writes a planner's warning about one input row (a row `people add-sms` skips) to stderr,
    /// from whichever task plans.
    var planNotice: @Sendable (String) -> Void { get }
}

extension CRMError {
    /// Whether this error, thrown while planning one item of a bulk run, is about that item alone
    /// (a person with no account to reach, a record that is not a target): the run reports the
    /// item as failed and goes on. Planners mark such errors with a `send.` code; any other error
    /// stops the run.
    public var concernsOneTarget: Bool { code.hasPrefix("send.") }
}

extension Command {
    /// A write command that can plan jobs for the bulk runner: given its bound arguments, one
    /// input item and the run's context (names resolved once per run), the writes it would make.
    public typealias Planner = @Sendable (Arguments, Value, PlanContext) async throws -> [BulkJob]
}
