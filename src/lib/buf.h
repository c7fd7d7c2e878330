/*
 * buf.h - a growable byte buffer that is always NUL-terminated (after git's strbuf). A buffer may be given
 * a cap: appends past it are dropped and the buffer remembers it overflowed, so that a writer producing a
 * page or a reply can never grow without bound.
 */
#ifndef CAREGRID_BUF_H
#define CAREGRID_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct buf {
	char *data;     /* owned; NUL-terminated; "" before the first append */
	size_t len;
	size_t cap;
	size_t limit;   /* 0 = no cap */
	bool overflow;  /* an append was refused because of limit */
};

#define BUF_INIT {0}

void buf_init(struct buf *b, size_t limit);
void buf_release(struct buf *b);
/* Hands the data to the caller (free() it) and leaves the buffer empty. */
char *buf_detach(struct buf *b, size_t *len);
void buf_reset(struct buf *b);

/* Room for about N more bytes at once: a large reply whose size is known roughly is then written without
 * growing (and copying) it step by step. */
void buf_reserve(struct buf *b, size_t n);
void buf_add(struct buf *b, const void *data, size_t len);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* A new string formatted from FMT and AP, for the caller to free() (git's xstrvfmt). */
char *buf_vformat(const char *fmt, va_list ap);

/* Reads a whole file; -1 with errno set on failure. */
int buf_read_file(struct buf *b, const char *path);

#endif
