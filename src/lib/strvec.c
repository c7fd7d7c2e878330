/* strvec.c - lists of owned strings (see strvec.h). */
#include "lib/strvec.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/sort.h"
#include "lib/xalloc.h"

static void
push_owned(struct strvec *sv, char *s, struct message *said)
{
	size_t cap = sv->cap;
	sv->v = xgrow(sv->v, sizeof *sv->v, sv->n + 1, &sv->cap);
	if (said || sv->said) {
		/* the messages' array follows the strings' capacity, from the first message on */
		if (!sv->said || sv->cap != cap) {
			struct message **m = xcalloc(sv->cap, sizeof *m);
			if (sv->said)
				memcpy(m, sv->said, sv->n * sizeof *m);
			free(sv->said);
			sv->said = m;
		}
		sv->said[sv->n] = said;
	}
	sv->v[sv->n++] = s;
}

void
strvec_push(struct strvec *sv, const char *s)
{
	push_owned(sv, xstrdup(s), NULL);
}

const struct message *
strvec_said(const struct strvec *sv, size_t i)
{
	return sv->said && i < sv->n ? sv->said[i] : NULL;
}

void
strvec_pushf(struct strvec *sv, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *text = buf_vformat(fmt, ap);
	va_end(ap);
	struct message *said = xmalloc(sizeof *said);
	va_start(ap, fmt);
	if (message_capture(said, fmt, ap) < 0) {
		free(said);
		said = NULL;
	}
	va_end(ap);
	push_owned(sv, text, said);
}

void
strvec_truncate(struct strvec *sv, size_t n)
{
	for (size_t i = n; i < sv->n; i++) {
		free(sv->v[i]);
		if (sv->said)
			free(sv->said[i]);
	}
	if (sv->n > n)
		sv->n = n;
}

void
strvec_clear(struct strvec *sv)
{
	for (size_t i = 0; i < sv->n; i++) {
		free(sv->v[i]);
		if (sv->said)
			free(sv->said[i]);
	}
	free(sv->v);
	free(sv->said);
	sv->v = NULL;
	sv->said = NULL;
	sv->n = sv->cap = 0;
}

struct pair {
	char *s;
	struct message *said;
};

static int
by_bytes(const void *a, const void *b)
{
	return strcmp(((const struct pair *)a)->s, ((const struct pair *)b)->s);
}

void
strvec_sort(struct strvec *sv)
{
	if (sv->n < 2)
		return;
	/* each string with its message, so that they stay together */
	struct pair *p = xcalloc(sv->n, sizeof *p);
	for (size_t i = 0; i < sv->n; i++)
		p[i] = (struct pair){sv->v[i], sv->said ? sv->said[i] : NULL};
	sort_array(p, sv->n, sizeof *p, by_bytes);
	for (size_t i = 0; i < sv->n; i++) {
		sv->v[i] = p[i].s;
		if (sv->said)
			sv->said[i] = p[i].said;
	}
	free(p);
}
