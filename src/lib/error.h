/*
 * error.h - the error struct that functions returning -1 fill in. The message is made where the problem
 * is found and says what and where (file, line, field), lowercase, no full stop, as git's error() does.
 * Its kind says whose problem it is, and alone picks the HTTP status (web/http.h, respond_failed): what
 * was asked is wrong (invalid, conflict, not found), or caregrid could not do it (unavailable: worth
 * retrying; internal: a fault). The last two never reach a client with their message.
 *
 * The message is kept twice: in English (msg, for the log and the command line) and as its format and
 * arguments (said, lib/message.h), which the reply writes in the reader's language (web/http.c,
 * request_error_words). A store failure's own words (a path, a constraint's name) stay in msg; the store
 * gives the reader fixed words (error_reword).
 */
#ifndef CAREGRID_ERROR_H
#define CAREGRID_ERROR_H

#include "lib/message.h"

enum error_kind {
	ERROR_INVALID = 0,   /* the input is wrong: 422, or 400 for a malformed request */
	ERROR_CONFLICT,      /* it clashes with what is there (a code taken, a round closed): 409 */
	ERROR_NOT_FOUND,     /* what it names does not exist: 404 */
	ERROR_UNAVAILABLE,   /* the database could not be reached, is locked, full or gone: 503, retry */
	ERROR_INTERNAL,      /* anything else the store or the server failed at: 500 */
	ERROR_SIGNED_OUT,    /* the session asking has ended, or its person is disabled: 401, sign in again */
	ERROR_FORBIDDEN,     /* the person no longer holds the role this needs: 403 */
};

struct error {
	char msg[1024];      /* in English, with every detail: for the log and the command line */
	enum error_kind kind;
	struct message said; /* what a reader is told: the format (a msgid) and its arguments */
	const char *field;   /* the input it concerns (a form field's and the API's name: "due_on"), or NULL: what a
			      * refused form marks (web/form_refused.c). Set by error_in; NULL after any other. */
};

/* Sets the message (NULL err is allowed) with the kind "invalid" and returns -1, so that callers can
 * "return error_set(...)". */
int error_set(struct error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* error_set naming the input FIELD (a static string) the problem is in. */
int error_in(struct error *err, const char *field, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The same with another kind. */
int error_of(struct error *err, enum error_kind kind, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Keeps ERR's kind and its English msg (the detail, for the log) but tells a reader WORDS instead: a fixed
 * text, marked with N_() where it is written. Returns -1. */
int error_reword(struct error *err, const char *words);
/* True when the failure is caregrid's (unavailable or internal), not the caller's. */
#define error_is_ours(err) ((err)->kind == ERROR_UNAVAILABLE || (err)->kind == ERROR_INTERNAL)

#endif
