/* message.c - keeping a formatted text as its format and arguments, and writing it again (see message.h). */
#include "lib/message.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

#include "lib/i18n.h"

/* Digits at *P as a number (at most 9999), P moved past them; -1 when there are none. */
static int
number(const char **p)
{
	int v = -1;
	while (**p >= '0' && **p <= '9') {
		int d = **p - '0';
		v = v < 0 ? d : v < 1000 ? v * 10 + d : 9999;
		(*p)++;
	}
	return v;
}

int
message_conv_parse(const char *fmt, struct message_conv *c)
{
	memset(c, 0, sizeof *c);
	c->width = c->precision = -1;
	const char *p = fmt + 1;
	if (*p == '%') {
		c->letter = '%';
		c->len = 2;
		return 0;
	}
	const char *q = p;
	int pos = number(&q);
	if (pos > 0 && *q == '$') {
		c->pos = (unsigned)pos;
		p = q + 1;
	}
	size_t nf = 0;
	for (; *p && strchr("-+ #0", *p); p++)
		if (nf + 1 < sizeof c->flags)
			c->flags[nf++] = *p;
	if (*p == '*')
		c->star_width = true, p++;
	else
		c->width = number(&p);
	if (*p == '.') {
		p++;
		if (*p == '*')
			c->star_precision = true, p++;
		else
			c->precision = (q = p, number(&q) < 0 ? 0 : number(&p));
	}
	static const char *const lengths[] = {"hh", "ll", "h", "l", "z", "j", "t", "L"};
	for (size_t i = 0; i < sizeof lengths / sizeof lengths[0]; i++)
		if (!strncmp(p, lengths[i], strlen(lengths[i]))) {
			strcpy(c->length, lengths[i]);
			p += strlen(lengths[i]);
			break;
		}
	c->letter = *p;
	if (!*p || !strchr("diuoxXcsfFeEgGaA", *p) || (c->pos && (c->star_width || c->star_precision)))
		return -1;
	if ((*p == 's' || *p == 'c') && c->length[0])
		return -1; /* wide characters: not ours */
	c->len = (size_t)(p + 1 - fmt);
	return 0;
}

/* C's spec for snprintf: no position, the stars' values written in. */
static void
spec_of(const struct message_conv *c, int width, int precision, char *out, size_t size)
{
	char w[16] = "", pr[16] = "";
	if (width >= 0)
		snprintf(w, sizeof w, "%d", width);
	if (precision >= 0)
		snprintf(pr, sizeof pr, ".%d", precision);
	snprintf(out, size, "%%%s%s%s%s%c", c->flags, w, pr, c->length, c->letter);
}

/* TEXT, cut to fit OUT (MESSAGE_ARG_MAX) without splitting a character. */
static void
keep(char *out, const char *text)
{
	size_t n = strlen(text);
	if (n >= MESSAGE_ARG_MAX) {
		n = MESSAGE_ARG_MAX - 1;
		while (n > 0 && ((unsigned char)text[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(out, text, n);
	out[n] = 0;
}

/* The argument C names, read from AP and written as C says, into OUT. */
static void
take(const struct message_conv *c, va_list *ap, char *out)
{
	int width = c->star_width ? va_arg(*ap, int) : c->width;
	int precision = c->star_precision ? va_arg(*ap, int) : c->precision;
	char spec[48], text[MESSAGE_ARG_MAX + 1];
	spec_of(c, width, precision, spec, sizeof spec);
	const char *l = c->length;
	switch (c->letter) {
	case 's': {
		const char *s = va_arg(*ap, const char *);
		snprintf(text, sizeof text, spec, s ? s : "(null)");
		break;
	}
	case 'c': snprintf(text, sizeof text, spec, va_arg(*ap, int)); break;
	case 'd': case 'i':
		if (!strcmp(l, "l")) snprintf(text, sizeof text, spec, va_arg(*ap, long));
		else if (!strcmp(l, "ll")) snprintf(text, sizeof text, spec, va_arg(*ap, long long));
		else if (!strcmp(l, "z")) snprintf(text, sizeof text, spec, va_arg(*ap, ssize_t));
		else if (!strcmp(l, "j")) snprintf(text, sizeof text, spec, va_arg(*ap, intmax_t));
		else if (!strcmp(l, "t")) snprintf(text, sizeof text, spec, va_arg(*ap, ptrdiff_t));
		else snprintf(text, sizeof text, spec, va_arg(*ap, int)); /* "", "h", "hh": promoted to int */
		break;
	case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': case 'a': case 'A':
		if (!strcmp(l, "L")) snprintf(text, sizeof text, spec, va_arg(*ap, long double));
		else snprintf(text, sizeof text, spec, va_arg(*ap, double));
		break;
	default: /* u o x X */
		if (!strcmp(l, "l")) snprintf(text, sizeof text, spec, va_arg(*ap, unsigned long));
		else if (!strcmp(l, "ll")) snprintf(text, sizeof text, spec, va_arg(*ap, unsigned long long));
		else if (!strcmp(l, "z")) snprintf(text, sizeof text, spec, va_arg(*ap, size_t));
		else if (!strcmp(l, "j")) snprintf(text, sizeof text, spec, va_arg(*ap, uintmax_t));
		else if (!strcmp(l, "t")) snprintf(text, sizeof text, spec, va_arg(*ap, ptrdiff_t));
		else snprintf(text, sizeof text, spec, va_arg(*ap, unsigned));
		break;
	}
	keep(out, text);
}

/* FMT's conversions in the order their arguments come: by position when FMT numbers them (then each position
 * from 1 to the last must be named). The count, or -1. */
static int
conversions(const char *fmt, struct message_conv *v)
{
	int n = 0, numbered = -1;
	unsigned highest = 0;
	struct message_conv c;
	for (const char *p = strchr(fmt, '%'); p; p = strchr(p + c.len, '%')) {
		if (message_conv_parse(p, &c) < 0)
			return -1;
		if (c.letter == '%')
			continue;
		if (n == MESSAGE_ARGS_MAX || (numbered >= 0 && numbered != (c.pos > 0)))
			return -1;
		numbered = c.pos > 0;
		if (!numbered) {
			v[n++] = c;
			continue;
		}
		if (c.pos > MESSAGE_ARGS_MAX)
			return -1;
		if (v[c.pos - 1].letter && v[c.pos - 1].letter != c.letter)
			return -1; /* one argument, two types */
		v[c.pos - 1] = c;
		highest = c.pos > highest ? c.pos : highest;
		n++;
	}
	if (numbered > 0) {
		for (unsigned i = 0; i < highest; i++)
			if (!v[i].letter)
				return -1;
		return (int)highest;
	}
	return n;
}

int
message_capture(struct message *m, const char *fmt, va_list ap)
{
	struct message_conv v[MESSAGE_ARGS_MAX];
	memset(v, 0, sizeof v);
	m->id = NULL;
	m->n_args = 0;
	int n = fmt ? conversions(fmt, v) : -1;
	if (n < 0)
		return -1;
	va_list aq;
	va_copy(aq, ap);
	for (int i = 0; i < n; i++)
		take(&v[i], &aq, m->args[i]);
	va_end(aq);
	m->id = fmt;
	m->n_args = (unsigned)n;
	return 0;
}

int
message_make(struct message *m, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int rc = message_capture(m, fmt, ap);
	va_end(ap);
	return rc;
}

/* Appends TEXT to OUT (SIZE, *AT used so far), cutting at a whole character; false when it was cut, and
 * then OUT is full: nothing later may follow a text cut short. */
static bool
put(char *out, size_t size, size_t *at, const char *text, size_t n)
{
	bool whole = *at + n < size;
	if (!whole) {
		n = size - 1 - *at;
		while (n > 0 && ((unsigned char)text[n] & 0xc0) == 0x80)
			n--;
	}
	memcpy(out + *at, text, n);
	*at += n;
	out[*at] = 0;
	return whole;
}

const char *
message_render(const struct message *m, const char *format, message_translate_fn translate, void *ctx, char *out,
	       size_t size)
{
	size_t at = 0;
	unsigned next = 0;
	out[0] = 0;
	for (const char *p = format; *p;) {
		const char *pct = strchr(p, '%');
		if (!pct) {
			put(out, size, &at, p, strlen(p));
			break;
		}
		if (!put(out, size, &at, p, (size_t)(pct - p)))
			break;
		struct message_conv c;
		const char *text = "%";
		if (message_conv_parse(pct, &c) < 0) {
			c.len = 1; /* not a conversion: its '%' is written as it is */
		} else if (c.letter != '%') {
			unsigned i = c.pos ? c.pos - 1 : next++;
			text = i >= m->n_args ? "" : m->args[i];
			if (c.letter == 's' && translate && i < m->n_args)
				text = translate(ctx, text);
		}
		p = pct + c.len;
		if (!put(out, size, &at, text, strlen(text)))
			break;
	}
	return out;
}

static const char *
in_lang(void *ctx, const char *s)
{
	return tr(ctx, s);
}

const char *
message_in(const struct message *m, const struct lang *l, char *out, size_t size)
{
	if (!m->id)
		return NULL;
	return message_render(m, tr(l, m->id), l ? in_lang : NULL, (void *)l, out, size);
}
