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
push_owned(struct strvec *sv, char *s)
{
	sv->v = xgrow(sv->v, sizeof *sv->v, sv->n + 1, &sv->cap);
	sv->v[sv->n++] = s;
}

void
strvec_push(struct strvec *sv, const char *s)
{
	push_owned(sv, xstrdup(s));
}

void
strvec_pushf(struct strvec *sv, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *text = buf_vformat(fmt, ap);
	va_end(ap);
	push_owned(sv, text);
}

void
strvec_clear(struct strvec *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = sv->cap = 0;
}

static int
by_bytes(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void
strvec_sort(struct strvec *sv)
{
	if (sv->n > 1)
		sort_array(sv->v, sv->n, sizeof *sv->v, by_bytes);
}
