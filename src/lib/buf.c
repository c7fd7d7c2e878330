/* buf.c - growable NUL-terminated buffers with an optional size cap (see buf.h). */
#include "lib/buf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/xalloc.h"

static char empty_string[1];

void
buf_init(struct buf *b, size_t limit)
{
	memset(b, 0, sizeof *b);
	b->data = empty_string;
	b->limit = limit;
}

void
buf_release(struct buf *b)
{
	if (b->cap)
		free(b->data);
	buf_init(b, b->limit);
}

char *
buf_detach(struct buf *b, size_t *len)
{
	char *p = b->cap ? b->data : xstrdup("");
	if (len)
		*len = b->len;
	buf_init(b, b->limit);
	return p;
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	b->overflow = false;
	if (b->cap)
		b->data[0] = '\0';
}

#define FIRST_CAP 1000 /* within glibc's per-thread cache of small blocks (1,032 bytes) */

/* Makes room for N more bytes plus the NUL; false when the cap forbids it. */
static bool
reserve(struct buf *b, size_t n)
{
	if (b->overflow)
		return false;
	if (b->limit && b->len + n > b->limit) {
		b->overflow = true;
		return false;
	}
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap, need = b->len + n + 1;
		/* Most replies fit in the first allocation, instead of growing seven times from 8 bytes. */
		if (!b->cap && need < FIRST_CAP)
			need = FIRST_CAP;
		b->data = xgrow(b->cap ? b->data : NULL, 1, need, &cap);
		if (!b->cap)
			b->data[0] = '\0';
		b->cap = cap;
	}
	return true;
}

void
buf_reserve(struct buf *b, size_t n)
{
	if (b->limit && b->len + n > b->limit)
		n = b->limit - b->len; /* room up to the limit: an estimate alone never refuses the reply */
	reserve(b, n);
}

void
buf_add(struct buf *b, const void *data, size_t len)
{
	if (!reserve(b, len))
		return;
	memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void
buf_puts(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_putc(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

void
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	/* Straight into the free space when it fits (usually): formatting twice cost a fifth of a large page. */
	if (b->overflow)
		return;
	size_t room = b->cap > b->len ? b->cap - b->len : 0;
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(room ? b->data + b->len : NULL, room, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	if ((size_t)n < room) {
		if (b->limit && b->len + (size_t)n > b->limit) {
			b->data[b->len] = '\0'; /* over the cap: refused, as reserve() would */
			b->overflow = true;
			return;
		}
		b->len += (size_t)n;
		return;
	}
	if (room)
		b->data[b->len] = '\0';
	if (!reserve(b, (size_t)n))
		return;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

char *
buf_vformat(const char *fmt, va_list ap)
{
	struct buf b = BUF_INIT;
	buf_init(&b, 0);
	buf_vprintf(&b, fmt, ap);
	return buf_detach(&b, NULL);
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

int
buf_read_file(struct buf *b, const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return -1;
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(b, chunk, n);
	int failed = ferror(f);
	int saved = errno;
	fclose(f);
	if (failed) {
		errno = saved;
		return -1;
	}
	if (b->overflow) {
		errno = EFBIG;
		return -1;
	}
	return 0;
}
