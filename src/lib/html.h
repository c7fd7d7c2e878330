/*
 * html.h - the escaping HTML writer. html_printf escapes every %s argument; raw markup must be asked for
 * by name with %R, so that forgetting to escape is impossible to do by accident (kcgi's khtml).
 */
#ifndef CAREGRID_HTML_H
#define CAREGRID_HTML_H

#include <stddef.h>

#include <stdarg.h>

#include "lib/buf.h"

/* Appends S with & < > " ' escaped. NULL appends nothing. */
void html_escape(struct buf *b, const char *s);

/*
 * printf for HTML. Conversions: %s (escaped text; NULL is empty; %.Ns at most N bytes), %R (raw markup, trusted), %d %i
 * %u %ld
 * %lu %lld %zu %x (integers), %f %g with an optional precision (".1f"), and %%. Anything else aborts:
 * it is a programming error, caught by the first test that renders the page.
 */
void html_printf(struct buf *b, const char *fmt, ...);
void html_vprintf(struct buf *b, const char *fmt, va_list ap);

/* V with DECIMALS (0-6) digits after the point, exactly as printf's "%.*f" writes it, into OUT; returns the
 * length. Much faster than printf away from ties (a region's page writes 60,000 numbers). */
#define FIXED_MAX 48
size_t format_fixed(char out[FIXED_MAX], double v, int decimals);

#endif
