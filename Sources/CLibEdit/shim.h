// Non-variadic wrappers over libedit's variadic el_set/el_get/history, which Swift cannot call.
// Every function is `static inline` so clang compiles it into the one Swift module that imports
// this header (CRMLineEditor); nothing here keeps state.
#ifndef CRM_LIBEDIT_SHIM_H
#define CRM_LIBEDIT_SHIM_H

#include <stdio.h>
#include <sys/ioctl.h>
#include <histedit.h>

/// Selects the key map: "emacs" or "vi".
static inline int crm_el_set_editor(EditLine *e, const char *mode) { return el_set(e, EL_EDITOR, mode); }

/// Installs the prompt callback; it returns a string the caller keeps alive until the next call.
static inline int crm_el_set_prompt(EditLine *e, char *(*fn)(EditLine *)) { return el_set(e, EL_PROMPT, fn); }

/// Installs the prompt callback with `literal` as the delimiter of invisible runs (ANSI colour
/// sequences between two `literal` characters take no columns).
static inline int crm_el_set_prompt_esc(EditLine *e, char *(*fn)(EditLine *), char literal) {
    return el_set(e, EL_PROMPT_ESC, fn, literal);
}

/// Lets libedit trap SIGWINCH/SIGTSTP/SIGCONT/SIGTERM/SIGHUP while el_gets runs (restoring the
/// terminal and the previous handlers).
static inline int crm_el_set_signal(EditLine *e, int on) { return el_set(e, EL_SIGNAL, on); }

/// Stores an opaque pointer for callbacks to find their Swift owner.
static inline int crm_el_set_clientdata(EditLine *e, void *data) { return el_set(e, EL_CLIENTDATA, data); }

/// Reads back the pointer stored by crm_el_set_clientdata (NULL when none or on error).
static inline void *crm_el_get_clientdata(EditLine *e) {
    void *data = NULL;
    if (el_get(e, EL_CLIENTDATA, &data) != 0) return NULL;
    return data;
}

/// Registers a named editor function that keys can be bound to.
static inline int crm_el_addfn(EditLine *e, const char *name, const char *help,
                               unsigned char (*fn)(EditLine *, int)) {
    return el_set(e, EL_ADDFN, name, help, fn);
}

/// Binds `key` (e.g. "^I") to the editor function `fn` in the current main key map.
static inline int crm_el_bind(EditLine *e, const char *key, const char *fn) {
    return el_set(e, EL_BIND, key, fn, (const char *)NULL);
}

/// Binds `key` in the alternate key map (vi command mode).
static inline int crm_el_bind_alternate(EditLine *e, const char *key, const char *fn) {
    return el_set(e, EL_BIND, "-a", key, fn, (const char *)NULL);
}

/// Clears ISIG in the editing terminal mode only: while a line is edited Ctrl-C arrives as a key
/// (bound to an editor function) instead of SIGINT. The mode the terminal is in while commands run
/// is untouched, so Ctrl-C still raises SIGINT there.
static inline int crm_el_edit_mode_no_isig(EditLine *e) {
    return el_set(e, EL_SETTY, "-d", "-isig", (const char *)NULL);
}

/// Connects a history to the editor so the arrow keys walk it.
static inline int crm_el_set_hist(EditLine *e, History *h) { return el_set(e, EL_HIST, history, h); }

/// Sets the maximum number of history events.
static inline int crm_history_setsize(History *h, HistEvent *ev, int size) { return history(h, ev, H_SETSIZE, size); }

/// Makes the history drop an entry equal to the previous one.
static inline int crm_history_setunique(History *h, HistEvent *ev, int on) { return history(h, ev, H_SETUNIQUE, on); }

/// Adds an entry as the newest event (libedit copies the string).
static inline int crm_history_enter(History *h, HistEvent *ev, const char *line) { return history(h, ev, H_ENTER, line); }

/// The terminal width of `fd`, or 0 when it is unknown.
static inline int crm_terminal_columns(int fd) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) != 0) return 0;
    return (int)ws.ws_col;
}

#endif
