/* error.c - filling struct error (see error.h). */
#include "lib/error.h"

#include <stdarg.h>
#include <stdio.h>

static void
set(struct error *err, enum error_kind kind, const char *fmt, va_list ap)
{
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	err->kind = kind;
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
