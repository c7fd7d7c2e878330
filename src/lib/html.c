/* html.c - escaping HTML output (see html.h). */
#include "lib/html.h"

#include <math.h>
#include <stdbool.h>
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

size_t
format_fixed(char out[FIXED_MAX], double v, int decimals)
{
	static const double scale[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
	/* Below 1e9 after scaling, a double's rounding error is far inside the 1e-6 kept from a tie. */
	if (decimals >= 0 && decimals <= 6 && isfinite(v) && fabs(v) * scale[decimals] < 1e9) {
		double scaled = fabs(v) * scale[decimals], whole = floor(scaled), frac = scaled - whole;
		/* Near a tie printf looks at the exact binary value (and rounds an exact tie to even): leave those
		 * to it, so that both always agree. */
		if (fabs(frac - 0.5) > 1e-6) {
			unsigned long long n = (unsigned long long)whole + (frac > 0.5), ip = n, div = 1;
			for (int d = 0; d < decimals; d++)
				ip /= 10, div *= 10;
			unsigned long long fp = n - ip * div;
			char digits[32];
			size_t len = 0, k = 0;
			if (signbit(v))
				out[len++] = '-'; /* as printf: "-0.0" for a negative that rounds to zero */
			do
				digits[k++] = (char)('0' + ip % 10);
			while ((ip /= 10));
			while (k)
				out[len++] = digits[--k];
			if (decimals) {
				out[len++] = '.';
				for (int d = decimals - 1; d >= 0; d--, fp /= 10)
					out[len + (size_t)d] = (char)('0' + fp % 10);
				len += (size_t)decimals;
			}
			out[len] = '\0';
			return len;
		}
	}
	int n = snprintf(out, FIXED_MAX, "%.*f", decimals, v);
	return n < 0 ? 0 : (size_t)n < FIXED_MAX ? (size_t)n : FIXED_MAX - 1;
}

/* An integer's digits, without printf. */
static void
put_integer(struct buf *b, long long v, unsigned long long u, bool is_signed)
{
	char digits[24];
	size_t k = 0;
	bool negative = is_signed && v < 0;
	unsigned long long x = is_signed ? (negative ? 0ULL - (unsigned long long)v : (unsigned long long)v) : u;
	do
		digits[sizeof digits - 1 - k++] = (char)('0' + x % 10);
	while ((x /= 10));
	if (negative)
		digits[sizeof digits - 1 - k++] = '-';
	buf_add(b, digits + sizeof digits - k, k);
}

/* Plain integers (no width or precision) without printf: a large page writes tens of thousands. False,
 * taking nothing from ap, for any other spec. */
static bool
put_plain_integer(struct buf *b, const char *spec, size_t sl, char conv, va_list *ap)
{
	if (!(sl == 3 || (sl == 4 && (spec[1] == 'l' || spec[1] == 'z')) ||
	      (sl == 5 && spec[1] == 'l' && spec[2] == 'l')))
		return false;
	bool is_signed = conv != 'u' && spec[1] != 'z';
	if (spec[1] == 'z')
		put_integer(b, 0, va_arg(*ap, size_t), false);
	else if (sl == 5)
		is_signed ? put_integer(b, va_arg(*ap, long long), 0, true)
			  : put_integer(b, 0, va_arg(*ap, unsigned long long), false);
	else if (sl == 4)
		is_signed ? put_integer(b, va_arg(*ap, long), 0, true)
			  : put_integer(b, 0, va_arg(*ap, unsigned long), false);
	else
		is_signed ? put_integer(b, va_arg(*ap, int), 0, true) : put_integer(b, 0, va_arg(*ap, unsigned), false);
	return true;
}

static void
printf_integer(struct buf *b, const char *spec, va_list *ap)
{
	if (strstr(spec, "ll"))
		buf_printf(b, spec, va_arg(*ap, long long));
	else if (strchr(spec, 'l'))
		buf_printf(b, spec, va_arg(*ap, long));
	else if (strchr(spec, 'z'))
		buf_printf(b, spec, va_arg(*ap, size_t));
	else
		buf_printf(b, spec, va_arg(*ap, int));
}

void
html_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	html_vprintf(b, fmt, ap);
	va_end(ap);
}

void
html_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	/* A copy the helpers can take by pointer: a va_list parameter may be an array that decays. */
	va_list args;
	va_copy(args, ap);
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
			const char *text = va_arg(args, const char *);
			const char *dot = strchr(spec, '.');
			if (dot && text) {
				/* %.Ns: at most N bytes, and never half a UTF-8 character. The format is the program's
				 * own, so what follows N (the 's') needs no check. */
				char *end;
				size_t max = (size_t)strtoul(dot + 1, &end, 10), len = strnlen(text, max);
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
			const char *raw = va_arg(args, const char *);
			if (raw)
				buf_puts(b, raw);
			break;
		}
		case 'd': case 'i': case 'u':
			if (put_plain_integer(b, spec, sl, conv, &args))
				break;
			/* fall through */
		case 'x':
			printf_integer(b, spec, &args);
			break;
		case 'f':
			if (spec[1] == '.' && spec[2] >= '0' && spec[2] <= '6' && spec[3] == 'f') {
				char text[FIXED_MAX];
				size_t len = format_fixed(text, va_arg(args, double), spec[2] - '0');
				buf_add(b, text, len);
				break;
			}
			buf_printf(b, spec, va_arg(args, double));
			break;
		case 'g':
			buf_printf(b, spec, va_arg(args, double));
			break;
		default:
			fprintf(stderr, "html_printf: unsupported conversion %s in \"%s\"\n", spec, fmt);
			abort();
		}
	}
	va_end(args);
}
