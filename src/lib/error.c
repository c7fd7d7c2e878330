/* error.c - filling struct error (see error.h). */
#include "lib/error.h"

#include <stdarg.h>
#include <stdio.h>

int
error_set(struct error *err, const char *fmt, ...)
{
	if (!err)
		return -1;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	err->unavailable = 0;
	return -1;
}
