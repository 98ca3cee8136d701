import CLibEdit
import CRMCore
import Foundation

/// The interactive line editor: libedit's native histedit API (`el_init`, `el_gets`, `history()`).
///
/// Why the native API rather than libedit's readline emulation: the emulation hides the editor
/// behind GNU readline's globals, and its completion hook and signal handling differ from GNU
/// readline in ways that are hard to control (its own match listing, `rl_catch_signals` re-raising
/// SIGINT). The native API lets this adapter bind its own Tab function (`EL_ADDFN`), reach Swift
/// through `EL_CLIENTDATA`, and decide exactly what Ctrl-C does.
///
/// Keys: emacs by default; `el_source(el, nil)` then reads `~/.editrc` (or `$EDITRC`), so a
/// `bind -v` line gives vi mode. Tab and Ctrl-C are bound after the file is read, because
/// `bind -v` resets the key maps.
///
/// Ctrl-C: three designs were weighed. (1) `EL_SIGNAL` alone: libedit's handler restores the
/// terminal, reinstalls the previous SIGINT handler and re-raises with `kill(0, SIGINT)` — to the
/// whole process group; with the default handler the process dies, with a shell handler `el_gets`
/// fails with EINTR. (2) Our own `sigaction` without `SA_RESTART`: `el_gets` then returns NULL
/// with `errno == EINTR` (libedit retries EINTR only with `EL_SAFEREAD`), but it needs a global
/// flag written from a signal handler and must save and restore the shell's handler around every
/// read. (3) Chosen: clear ISIG in libedit's *editing* terminal mode only (`setty -d -isig`), so
/// while a line is edited Ctrl-C arrives as a key, bound to `crm-interrupt`, which abandons the
/// line; no SIGINT handler is installed or replaced, so nothing needs restoring. Between
/// `readLine` calls the terminal is back in its normal mode, so Ctrl-C raises SIGINT for whatever
/// handler the shell installs while a command runs. `EL_SIGNAL` stays on so SIGWINCH, SIGTSTP,
/// SIGCONT, SIGTERM and SIGHUP during editing restore or redraw the terminal; libedit puts the
/// previous handlers back when `el_gets` returns. A SIGINT sent with `kill` during editing makes
/// `el_gets` fail with EINTR and is reported as `.interrupted` too.
///
/// Output: prompts, echo and candidate lists go to stdout when it is a terminal, else to stderr
/// (`crm > out.txt` still shows its prompt). ANSI colours in the prompt are bracketed for
/// `EL_PROMPT_ESC` (see `PromptText`), so a coloured prompt does not throw the cursor off.
/// History: the `HistoryStore` entries are loaded at init, so Up-arrow recalls earlier sessions.
///
/// Memory: the `EditLine` and `History` handles and the three `FILE`s (over `dup`ed descriptors)
/// are owned by this object and released in `deinit`. The prompt is a `strdup` copy owned here and
/// replaced on every `readLine`. Strings libedit hands back (`el_gets`, `el_line`) are owned by
/// libedit and valid only until the next edit call, so they are copied into Swift at once.
public final class LibEditLineEditor: LineEditor {
    /// `EditLine *`, owned; `el_end` in deinit.
    private let editLine: OpaquePointer
    /// `History *`, owned; `history_end` in deinit.
    private let history: OpaquePointer
    /// The streams libedit reads and writes, over duplicated descriptors; owned, `fclose`d in deinit.
    private let streams: [UnsafeMutablePointer<FILE>]
    /// Where prompts and candidate lists go (libedit's output stream, one of `streams`).
    private let output: UnsafeMutablePointer<FILE>
    private let outputFD: Int32
    /// The current prompt, a `strdup` copy owned by this object (libedit only borrows it).
    private var promptText: UnsafeMutablePointer<CChar>?
    private var event = HistEvent()
    private let store: HistoryStore?
    fileprivate let completer: (String, Int) -> CompletionResult
    fileprivate var interrupted = false

    /// Falls back to nil when stdin is not a terminal.
    public init?(
        programName: String, history store: HistoryStore?, completer: @escaping (String, Int) -> CompletionResult
    ) {
        guard isatty(0) == 1 else { return nil }
        LibEditLineEditor.prepareLocale()
        let outFD: Int32 = isatty(1) == 1 ? 1 : 2
        var opened: [UnsafeMutablePointer<FILE>] = []
        for (fd, mode) in [(Int32(0), "r"), (outFD, "w"), (Int32(2), "w")] {
            let copy = dup(fd)
            guard copy >= 0, let file = fdopen(copy, mode) else {
                if copy >= 0 { close(copy) }
                opened.forEach { fclose($0) }
                return nil
            }
            opened.append(file)
        }
        guard let el = el_init(programName, opened[0], opened[1], opened[2]) else {
            opened.forEach { fclose($0) }
            return nil
        }
        guard let hist = history_init() else {
            el_end(el)
            opened.forEach { fclose($0) }
            return nil
        }
        editLine = el
        history = hist
        streams = opened
        output = opened[1]
        outputFD = outFD
        self.store = store
        self.completer = completer

        _ = crm_history_setsize(hist, &event, Int32(clamping: store?.maxEntries ?? 2000))
        _ = crm_history_setunique(hist, &event, 1)
        for entry in store?.entries ?? [] { _ = crm_history_enter(hist, &event, entry) }
        _ = crm_el_set_hist(el, hist)
        _ = crm_el_set_editor(el, "emacs")
        _ = crm_el_set_signal(el, 1)
        _ = crm_el_set_prompt_esc(el, crmPromptCallback, CChar(PromptText.invisibleDelimiter))
        // Unretained: libedit must not keep this object alive; `deinit` ends libedit first.
        _ = crm_el_set_clientdata(el, Unmanaged.passUnretained(self).toOpaque())
        _ = crm_el_addfn(el, "crm-complete", "Complete the word at the cursor", crmCompleteCallback)
        _ = crm_el_addfn(el, "crm-interrupt", "Abandon the line being edited", crmInterruptCallback)
        _ = crm_el_addfn(el, "crm-suspend", "Suspend crm (job control)", crmSuspendCallback)
        _ = el_source(el, nil)
        _ = crm_el_bind(el, "^I", "crm-complete")
        _ = crm_el_bind(el, "^C", "crm-interrupt")
        _ = crm_el_bind_alternate(el, "^C", "crm-interrupt")
        _ = crm_el_bind(el, "^Z", "crm-suspend")
        _ = crm_el_bind_alternate(el, "^Z", "crm-suspend")
        _ = crm_el_bind(el, "^L", "ed-clear-screen")  // vi insert mode has no Ctrl-L by default
        _ = crm_el_bind_alternate(el, "^L", "ed-clear-screen")
        _ = crm_el_edit_mode_no_isig(el)
    }

    deinit {
        el_end(editLine)
        history_end(history)
        streams.forEach { fclose($0) }
        free(promptText)
    }

    /// Edits one line after `prompt`. Enter returns `.line` (without the newline); Ctrl-C abandons
    /// the line and returns `.interrupted`, the editor staying usable; Ctrl-D on an empty line (or
    /// the terminal closing) returns `.eof`. Call it from one thread at a time.
    public func readLine(prompt: String) -> LineResult {
        fflush(nil)  // whatever the shell printed must appear before the prompt
        free(promptText)
        promptText = strdup(PromptText.markingInvisible(prompt))
        interrupted = false
        var count: Int32 = 0
        errno = 0
        let raw = el_gets(editLine, &count)
        if interrupted { return .interrupted }
        guard let raw else {
            if count < 0 && errno == EINTR {
                write("\n")
                return .interrupted
            }
            write("\n")  // leave the terminal on a fresh line after `^D`
            return .eof
        }
        var line = String(cString: raw)  // copy: libedit reuses the buffer
        if line.hasSuffix("\n") { line.removeLast() }
        return .line(line)
    }

    /// Adds `entry` to the in-memory history (Up-arrow) and appends it to the history file.
    public func addHistory(_ entry: String) {
        guard !entry.isEmpty else { return }
        _ = crm_history_enter(history, &event, entry)
        // A history file that cannot be written must not break the prompt; the entry stays in memory.
        try? store?.append(entry)
    }

    /// The prompt libedit shows; borrowed by libedit, owned here.
    fileprivate var currentPrompt: UnsafeMutablePointer<CChar>? { promptText }

    /// Writes text to the terminal through libedit's output stream.
    fileprivate func write(_ text: String) {
        fputs(text, output)
        fflush(output)
    }

    /// The terminal width for candidate lists.
    fileprivate var columns: Int {
        let n = Int(crm_terminal_columns(outputFD))
        return n > 0 ? n : 80
    }

    /// libedit decodes input with the C library's multibyte functions, so a program still in the
    /// "C" locale would drop every non-ASCII byte. Switch LC_CTYPE (only) to the user's locale, or
    /// to C.UTF-8 when none is set.
    private static func prepareLocale() {
        let current = setlocale(LC_CTYPE, nil).map { String(cString: $0) } ?? "C"
        guard current == "C" || current == "POSIX" else { return }
        if let chosen = setlocale(LC_CTYPE, ""), !["C", "POSIX"].contains(String(cString: chosen)) { return }
        _ = setlocale(LC_CTYPE, "C.UTF-8")
    }

    /// The Swift editor behind a libedit handle, found through `EL_CLIENTDATA`.
    fileprivate static func from(_ el: OpaquePointer?) -> LibEditLineEditor? {
        guard let el, let data = crm_el_get_clientdata(el) else { return nil }
        return Unmanaged<LibEditLineEditor>.fromOpaque(data).takeUnretainedValue()
    }
}

/// `EL_PROMPT` callback: returns the prompt string owned by the editor.
private func crmPromptCallback(_ el: OpaquePointer?) -> UnsafeMutablePointer<CChar>? {
    LibEditLineEditor.from(el)?.currentPrompt
}

/// `crm-interrupt` (Ctrl-C while editing): marks the line abandoned, shows `^C` at its end and
/// pushes a newline so libedit finishes the line and moves below it, like an Enter.
private func crmInterruptCallback(_ el: OpaquePointer?, _ key: Int32) -> UInt8 {
    guard let el, let editor = LibEditLineEditor.from(el) else { return UInt8(CC_ERROR) }
    editor.interrupted = true
    if let info = el_wline(el)?.pointee, let cursor = info.cursor, let last = info.lastchar {
        _ = el_cursor(el, Int32(clamping: last - cursor))
    }
    _ = el_insertstr(el, "^C")
    el_push(el, "\n")
    return UInt8(CC_REFRESH)
}

/// `crm-suspend` (Ctrl-Z while editing; ISIG is off then, so the terminal sends no SIGTSTP):
/// raises SIGTSTP, whose libedit handler (`EL_SIGNAL`) restores the terminal before the process
/// stops and redraws the line after `fg`.
private func crmSuspendCallback(_ el: OpaquePointer?, _ key: Int32) -> UInt8 {
    _ = raise(SIGTSTP)
    return UInt8(CC_REDISPLAY)
}

/// `crm-complete` (Tab): asks the completer, inserts one match (plus a space when the item says
/// so) or the common prefix of several, and lists several in columns below the line.
private func crmCompleteCallback(_ el: OpaquePointer?, _ key: Int32) -> UInt8 {
    guard let el, let editor = LibEditLineEditor.from(el), let info = el_line(el)?.pointee,
        let buffer = info.buffer, let cursorPointer = info.cursor, let lastPointer = info.lastchar
    else { return UInt8(CC_ERROR) }
    // The line's bytes belong to libedit and change as soon as we edit; copy them first.
    let before = String(decoding: UnsafeRawBufferPointer(start: buffer, count: cursorPointer - buffer), as: UTF8.self)
    let after = String(
        decoding: UnsafeRawBufferPointer(start: cursorPointer, count: lastPointer - cursorPointer), as: UTF8.self)
    let beforeChars = Array(before)
    let result = editor.completer(before + after, beforeChars.count)
    guard !result.items.isEmpty else { return UInt8(CC_REFRESH_BEEP) }
    let from = max(0, min(result.replaceFrom, beforeChars.count))
    let typed = String(beforeChars[from...])

    func replaceTyped(with text: String) {
        el_deletestr(el, Int32(clamping: typed.unicodeScalars.count))
        _ = el_insertstr(el, text)
    }
    if result.items.count == 1, let item = result.items.first {
        replaceTyped(with: item.value + (item.appendsSpace ? " " : ""))
        return UInt8(CC_REFRESH)
    }
    let common = result.commonPrefix
    if common.count > typed.count && common.hasPrefix(typed) { replaceTyped(with: common) }
    let lines = CompletionList.lines(for: result.items, width: editor.columns)
    editor.write("\n" + lines.joined(separator: "\n") + "\n")
    return UInt8(CC_REDISPLAY)
}
