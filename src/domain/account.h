/*
 * account.h - the use cases that write to a person about their account: a role given (with a new person's
 * account and the mail with its link to set a password), a forgotten password, and an administrator's reset.
 * Each is one call owning its transaction, its audit records and its queued message, all or nothing, and the
 * message's words are written here, in the domain, whoever calls (the web, the API, the command line).
 */
#ifndef CAREGRID_ACCOUNT_H
#define CAREGRID_ACCOUNT_H

#include <stdbool.h>
#include <time.h>

#include "domain/access.h"
#include "domain/auth.h"
#include "domain/unit.h"
#include "lib/error.h"
#include "lib/i18n.h"

struct store;

/* A role to give. Strings are borrowed for the call. */
struct role_grant {
	const char *email;
	const char *name;          /* for a new account; NULL or "" when the person must already have one */
	enum role role;
	const char *giver_name;    /* who gives it, named in the mail */
	const struct lang *lang;   /* the mail's language: the giver's, as the new person has chosen none */
	const char *base_url;      /* "https://host": a new person's link, BASE_URL/password/TOKEN, is mailed; NULL:
				    * not mailed */
};

struct role_granted {
	struct user user;         /* the person, as stored */
	char token[TOKEN_CHARS];  /* a new person's link to set a password; "" when they had an account */
};

/* Gives G's role on UNIT, by WHO: G's name is needed whoever it is (else ERR invalid, the same either way); when
 * G's email has no account, makes one with a single-use link to set a password, mailed when G has a BASE_URL.
 * The account, its link, the role, the audit records and the mail in one transaction or none. */
int role_grant(struct store *s, const struct actor *who, const struct unit *unit, const struct role_grant *g,
	       struct role_granted *out, struct error *err);

/* A forgotten password asked for EMAIL from ADDRESS at NOW (password_forgot's throttle and silence): when
 * EMAIL is a live account's, the link BASE_URL/password/TOKEN is mailed in the account's language, else in
 * FALLBACK (the page's). *RESULT not SIGNIN_OK: throttled for *RETRY_AFTER seconds, nothing written. One
 * transaction; -1 only when it failed (ERR). */
int password_forgot_send(struct store *s, const char *email, const char *address, time_t now, const char *base_url,
			 const struct lang *fallback, enum signin_result *result, long *retry_after, struct error *err);

/* An administrator's reset of U by WHO (password_reset_link), with the link BASE_URL/password/TOKEN mailed to
 * U in their language, in one transaction: the link is never shown. */
int password_reset_send(struct store *s, const struct actor *who, const struct user *u, const char *base_url,
			struct error *err);

#endif
