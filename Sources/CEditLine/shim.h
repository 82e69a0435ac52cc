// Non-variadic wrappers around libedit's variadic el_set/history calls, which
// Swift cannot call directly.
#include <stdio.h>
#include <wchar.h>
#include <locale.h>
#include <stdlib.h>
#include <histedit.h>

static inline int suanpan_el_set_editor(EditLine *el, const char *mode) { return el_set(el, EL_EDITOR, mode); }
static inline int suanpan_el_set_signal(EditLine *el, int on) { return el_set(el, EL_SIGNAL, on); }
static inline int suanpan_el_set_prompt(EditLine *el, char *(*f)(EditLine *)) { return el_set(el, EL_PROMPT, f); }
static inline int suanpan_el_set_hist(EditLine *el, History *h) { return el_set(el, EL_HIST, history, h); }
static inline int suanpan_el_addfn(EditLine *el, const char *name, const char *help, unsigned char (*f)(EditLine *, int)) {
    return el_set(el, EL_ADDFN, name, help, f);
}
static inline int suanpan_el_bind(EditLine *el, const char *key, const char *fn) {
    return el_set(el, EL_BIND, key, fn, (const char *)NULL);
}
static inline int suanpan_hist_setsize(History *h, int n) { HistEvent ev; return history(h, &ev, H_SETSIZE, n); }
static inline int suanpan_hist_setunique(History *h, int on) { HistEvent ev; return history(h, &ev, H_SETUNIQUE, on); }
static inline int suanpan_hist_load(History *h, const char *path) { HistEvent ev; return history(h, &ev, H_LOAD, path); }
static inline int suanpan_hist_enter(History *h, const char *line) { HistEvent ev; return history(h, &ev, H_ENTER, line); }
static inline size_t suanpan_mb_cur_max(void) { return MB_CUR_MAX; }
