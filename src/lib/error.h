/*
 * error.h - the error struct that functions returning -1 fill in. The message is made where the problem
 * is found and says what and where (file, line, field), lowercase, no full stop, as git's error() does.
 */
#ifndef CAREGRID_ERROR_H
#define CAREGRID_ERROR_H

struct error {
	char msg[1024];
	int unavailable; /* set by the store when the database could not be reached: worth retrying (503) */
};

/* Sets the message (NULL err is allowed) and returns -1, so that callers can "return error_set(...)". */
int error_set(struct error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
