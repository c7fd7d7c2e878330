/* html.c - escaping HTML output (see html.h). */
#include "lib/html.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
html_escape(struct buf *b, const char *s)
{
	if (!s)
		return;
	const char *run = s;
	for (; *s; s++) {
		const char *rep;
		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		buf_add(b, run, (size_t)(s - run));
		buf_puts(b, rep);
		run = s + 1;
	}
	buf_add(b, run, (size_t)(s - run));
}

void
html_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	const char *p = fmt;
	while (*p) {
		const char *pct = strchr(p, '%');
		if (!pct) {
			buf_puts(b, p);
			break;
		}
		buf_add(b, p, (size_t)(pct - p));
		p = pct + 1;
		/* Collect the conversion spec: precision and length modifiers, then the conversion. */
		char spec[16] = "%";
		size_t sl = 1;
		while (*p && strchr(".0123456789lz", *p) && sl < sizeof spec - 2)
			spec[sl++] = *p++;
		char conv = *p ? *p++ : '\0';
		spec[sl++] = conv;
		spec[sl] = '\0';
		switch (conv) {
		case '%':
			buf_putc(b, '%');
			break;
		case 's': {
			const char *text = va_arg(ap, const char *);
			const char *dot = strchr(spec, '.');
			if (dot && text) {
				/* %.Ns: at most N bytes, and never half a UTF-8 character. */
				size_t max = (size_t)strtoul(dot + 1, NULL, 10), len = strnlen(text, max);
				while (len && len < strlen(text) && ((unsigned char)text[len] & 0xC0) == 0x80)
					len--;
				char *cut = strndup(text, len);
				html_escape(b, cut);
				free(cut);
			} else {
				html_escape(b, text);
			}
			break;
		}
		case 'R': {
			const char *raw = va_arg(ap, const char *);
			if (raw)
				buf_puts(b, raw);
			break;
		}
		case 'd': case 'i': case 'u': case 'x':
			if (strstr(spec, "ll"))
				buf_printf(b, spec, va_arg(ap, long long));
			else if (strchr(spec, 'l'))
				buf_printf(b, spec, va_arg(ap, long));
			else if (strchr(spec, 'z'))
				buf_printf(b, spec, va_arg(ap, size_t));
			else
				buf_printf(b, spec, va_arg(ap, int));
			break;
		case 'f': case 'g':
			buf_printf(b, spec, va_arg(ap, double));
			break;
		default:
			fprintf(stderr, "html_printf: unsupported conversion %s in \"%s\"\n", spec, fmt);
			abort();
		}
	}
	va_end(ap);
}
