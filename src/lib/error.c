/* error.c - filling struct error (see error.h). */
#include "lib/error.h"

#include <stdarg.h>
#include <stdio.h>

static void
set(struct error *err, enum error_kind kind, const char *fmt, va_list ap)
{
	va_list aq;
	va_copy(aq, ap);
	vsnprintf(err->msg, sizeof err->msg, fmt, aq);
	va_end(aq);
	/* A format message_capture does not know is told as English: its msg, all the same. */
	if (message_capture(&err->said, fmt, ap) < 0)
		err->said.id = NULL;
	err->kind = kind;
	err->field = NULL;
}

int
error_set(struct error *err, const char *fmt, ...)
{
	if (!err)
		return -1;
	va_list ap;
	va_start(ap, fmt);
	set(err, ERROR_INVALID, fmt, ap);
	va_end(ap);
	return -1;
}

int
error_in(struct error *err, const char *field, const char *fmt, ...)
{
	if (!err)
		return -1;
	va_list ap;
	va_start(ap, fmt);
	set(err, ERROR_INVALID, fmt, ap);
	va_end(ap);
	err->field = field;
	return -1;
}

int
error_of(struct error *err, enum error_kind kind, const char *fmt, ...)
{
	if (!err)
		return -1;
	va_list ap;
	va_start(ap, fmt);
	set(err, kind, fmt, ap);
	va_end(ap);
	return -1;
}

int
error_reword(struct error *err, const char *words)
{
	if (err) {
		err->said.id = words;
		err->said.n_args = 0;
	}
	return -1;
}
