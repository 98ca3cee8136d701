import CRMCore

/// Lazy building blocks for filters: each wraps the cursors of a `RecordStream`, pulls its
/// upstream only when asked, and closes the upstream when it is closed or done early.
extension RecordStream {
    /// Items for which `keep` (given the item and its 1-based position) is true.
    func filtered(_ keep: @escaping @Sendable (Value, Int) async throws -> Bool) -> RecordStream {
        wrapping(keepsColumns: true) { up in
            var n = 0
            return RecordCursor(readAhead: up.readAhead, onClose: { up.close() }) {
                while let v = try await up.next() {
                    n += 1
                    if try await keep(v, n) { return v }
                }
                return nil
            }
        }
    }

    /// Each item transformed by `transform` (given the item and its 1-based position); a nil
    /// result skips the item.
    func compactMapped(_ transform: @escaping @Sendable (Value, Int) async throws -> Value?) -> RecordStream {
        wrapping { up in
            var n = 0
            return RecordCursor(readAhead: up.readAhead, onClose: { up.close() }) {
                while let v = try await up.next() {
                    n += 1
                    if let out = try await transform(v, n) { return out }
                }
                return nil
            }
        }
    }

    /// The first `count` items; the upstream is closed as soon as the last one is taken, so a
    /// paginated source requests no further page (and an endless one is bounded).
    func prefix(_ count: Int) -> RecordStream {
        bounded().wrapping(keepsColumns: true) { up in
            var taken = 0
            return RecordCursor(onClose: { up.close() }) {
                guard taken < count else {
                    up.close()
                    return nil
                }
                guard let v = try await up.next() else { return nil }
                taken += 1
                if taken == count { up.close() }
                return v
            }
        }
    }

    /// All items after the first `count`.
    func dropping(_ count: Int) -> RecordStream {
        wrapping(keepsColumns: true) { up in
            var skipped = 0
            return RecordCursor(onClose: { up.close() }) {
                while skipped < count {
                    guard case .some = try await up.next() else { return nil }
                    skipped += 1
                }
                return try await up.next()
            }
        }
    }

    /// This stream's items followed by `tail`.
    func appending(_ tail: [Value]) -> RecordStream {
        wrapping { up in
            var i = 0
            var upstreamDone = false
            return RecordCursor(onClose: { up.close() }) {
                if !upstreamDone {
                    if let v = try await up.next() { return v }
                    upstreamDone = true
                }
                guard i < tail.count else { return nil }
                defer { i += 1 }
                return tail[i]
            }
        }
    }

    /// Each item that is a list is replaced by its elements (one level); other items pass.
    func flattened() -> RecordStream {
        wrapping { up in
            var pending: [Value] = []
            var i = 0
            return RecordCursor(onClose: { up.close() }) {
                while true {
                    if i < pending.count {
                        defer { i += 1 }
                        return pending[i]
                    }
                    guard let v = try await up.next() else { return nil }
                    guard case .list(let l) = v else { return v }
                    pending = l
                    i = 0
                }
            }
        }
    }

    /// Every item, in memory.
    func collectAll() async throws -> [Value] {
        let c = makeCursor()
        defer { c.close() }
        var out: [Value] = []
        while let v = try await c.next() { out.append(v) }
        return out
    }
}
