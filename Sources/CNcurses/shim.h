#ifndef LOKET_CNCURSES_SHIM_H
#define LOKET_CNCURSES_SHIM_H
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <wchar.h>
#include <signal.h>
#include <termios.h>
#include <unistd.h>
#include <poll.h>
#include <ncursesw/curses.h>

/* Macros and variadic functions Swift cannot import, as inline functions. */
static inline int loket_color_pair(int n) { return (int)COLOR_PAIR(n); }
static inline int loket_lines(void) { return LINES; }
static inline int loket_cols(void) { return COLS; }
static inline int loket_colors(void) { return COLORS; }
static inline int loket_color_pairs(void) { return COLOR_PAIRS; }
static inline WINDOW *loket_stdscr(void) { return stdscr; }
static inline int loket_get_wch(wint_t *ch) { return wget_wch(stdscr, ch); }
static inline int loket_key_code_yes(void) { return KEY_CODE_YES; }
static inline int loket_err(void) { return ERR; }

static inline unsigned int loket_a_bold(void) { return A_BOLD; }
static inline unsigned int loket_a_dim(void) { return A_DIM; }
static inline unsigned int loket_a_italic(void) { return A_ITALIC; }
static inline unsigned int loket_a_underline(void) { return A_UNDERLINE; }
static inline unsigned int loket_a_reverse(void) { return A_REVERSE; }

/* Draws one grapheme (up to 8 code points: base + combining / ZWJ parts) at y, x with attributes and a pair. */
static inline int loket_put(int y, int x, const wchar_t *wch, int n, unsigned int attrs, int pair) {
    cchar_t c;
    wchar_t buf[9];
    int i;
    if (n > 8) n = 8;
    for (i = 0; i < n; i++) buf[i] = wch[i];
    buf[n] = L'\0';
    if (setcchar(&c, buf, (attr_t)attrs, (short)pair, NULL) == ERR) {
        /* A grapheme ncurses refuses still replaces what the cell showed. */
        buf[0] = L' ';
        buf[1] = L'\0';
        if (setcchar(&c, buf, (attr_t)attrs, (short)pair, NULL) == ERR) return ERR;
    }
    return mvadd_wch(y, x, &c);
}
#endif
