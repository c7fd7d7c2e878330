/*
 * auth.h - people and how they prove who they are: accounts with Argon2id password hashes (libsodium's
 * crypto_pwhash_str), sessions identified by a 256-bit random token of which only a hash is stored, CSRF
 * tokens bound to the session, single-use password links, and sign-in throttling per email and per address.
 */
#ifndef CAREGRID_AUTH_H
#define CAREGRID_AUTH_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "domain/audit.h"
#include "lib/error.h"
#include "store/store.h"

struct store;

#define PASSWORD_MIN 10
#define PASSWORD_MAX 1024
#define SESSION_IDLE_S (2 * 3600)       /* signed out after two idle hours */
#define SESSION_ABSOLUTE_S (12 * 3600)  /* and after twelve hours whatever happens */
#define PASSWORD_LINK_S (7 * 24 * 3600) /* a password link works for a week */
#define TOKEN_CHARS 44                  /* base64url of 32 random bytes, plus NUL */

struct user {
	int64_t id;
	char email[256];
	char name[256];
	bool has_password;
	bool is_admin;
	bool disabled;
	char language[8];   /* the code of their chosen language; "" when their browser's is used */
};

/* Lowercases and trims EMAIL into OUT; -1 when it does not look like an address. */
int email_normalise(const char *email, char *out, size_t size, struct error *err);
int password_acceptable(const char *password, struct error *err);

/* PASSWORD may be NULL: the person sets it through a password link. */
int user_add(struct store *s, const struct actor *who, const char *email, const char *name, const char *password,
	     bool is_admin, int64_t *id_out, struct error *err);
/* 1 found, 0 not, -1 error. */
int user_by_email(struct store *s, const char *email, struct user *out, struct error *err);
/* Sets U's language to CODE (one caregrid speaks), or to their browser's ("" or NULL). Audited. */
int user_language_set(struct store *s, const struct actor *who, const struct user *u, const char *code,
		      struct error *err);
int user_by_id(struct store *s, int64_t id, struct user *out, struct error *err);
/* Every account, by email; a non-zero return from FN stops and is returned. */
typedef int (*user_fn)(void *ctx, const struct user *u);
int users_each(struct store *s, user_fn fn, void *ctx, struct error *err);
/* Sets a new password, ends every session of the person and clears the sign-in throttle on the email. */
int user_set_password(struct store *s, const struct actor *who, const struct user *u, const char *password,
		      struct error *err);

/* A reset: U's password stops working at once, every session ends, and TOKEN gets a new single-use link to
 * set another. Audited; all or nothing. */
int password_reset_link(struct store *s, const struct actor *who, const struct user *u, char token[TOKEN_CHARS],
			struct error *err);
/* A new single-use link token for U to set a password; TOKEN gets TOKEN_CHARS. */
int password_link_create(struct store *s, const struct user *u, char token[TOKEN_CHARS], struct error *err);
/* The person a live link belongs to: 1 found, 0 unknown or expired, -1 error. */
int password_link_user(struct store *s, const char *token, struct user *out, struct error *err);
/* Sets the password and spends the link. */
int password_link_use(struct store *s, const char *token, const char *password, const char *address,
		      struct error *err);

enum signin_result {
	SIGNIN_OK,
	SIGNIN_WRONG,   /* wrong email or password: never says which */
	SIGNIN_SLOW,    /* too soon after failures: wait *retry_after seconds */
	SIGNIN_LOCKED,  /* too many failures: locked for *retry_after seconds */
	SIGNIN_SSO_ONLY, /* passwords are off (sso.h): sign in with the organisation's account; the same for every
			  * email, known or not, right password or not, site administrators' right ones excepted */
};

struct session {
	int64_t user_id;
	char token[TOKEN_CHARS]; /* only right after sign-in: the cookie value */
	char csrf[TOKEN_CHARS];
	time_t valid_until; /* when it ends if nothing more happens (idle or absolute expiry); 0 when not found */
};

/*
 * Checks EMAIL and PASSWORD from ADDRESS at time NOW. On SIGNIN_OK, *out holds the new session. Failures
 * count against both the email and the address; a success clears the email's count. Every attempt is
 * audited. Returns -1 only on a storage error.
 */
int auth_signin(struct store *s, const char *email, const char *password, const char *address, time_t now,
		enum signin_result *result, long *retry_after, struct session *out, struct error *err);
/*
 * A forgotten password, asked for EMAIL from ADDRESS at NOW, inside the caller's transaction (which queues the
 * mail with it): throttled as sign-in is (*RESULT SIGNIN_SLOW or SIGNIN_LOCKED, *RETRY_AFTER), every request
 * counting as a try. A new link in TOKEN that works once, for PASSWORD_FORGOT_S, stored only when EMAIL (FOLDED:
 * folded, "" when not an address) is an account's that is not disabled (then *U is it; else zeroed). The same
 * statements run either way (no oracle: the caller queues the mail with mail_queue_if_account).
 */
#define PASSWORD_FORGOT_S 3600
int password_forgot(struct store *s, const char *email, const char *address, time_t now, struct user *u,
		    char folded[256], char token[TOKEN_CHARS], enum signin_result *result, long *retry_after,
		    struct error *err);
/* Whether PASSWORD is the signed-in U's current one (before changing it), under the sign-in throttle: the
 * same results as auth_signin, without a session. -1 only on a storage error. */
int user_password_check(struct store *s, const struct user *u, const char *password, const char *address, time_t now,
			enum signin_result *result, long *retry_after, struct error *err);

/* A new session of USER_ID from ADDRESS at NOW into *OUT (its token the cookie's), in the caller's transaction:
 * for a sign-in that has proved who the person is some other way (domain/sso.c). */
int session_create(struct store *s, int64_t user_id, const char *address, time_t now, struct session *out,
		   struct error *err);
/* The live session of TOKEN at NOW (idle and absolute expiry applied): 1 found, 0 none, -1 error. */
int session_lookup(struct store *s, const char *token, time_t now, struct session *out, struct error *err);
/* As session_lookup, and USER receives the session's person (read with it, in one query). */
int session_identify(struct store *s, const char *token, time_t now, struct session *out, struct user *user,
		     struct error *err);
int session_end(struct store *s, const char *token, struct error *err);
int session_end_all(struct store *s, const struct actor *who, int64_t user_id, struct error *err);
/*
 * From now on every write through S is for the person USER_ID of TOKEN's session (store.h's write guard): it
 * is made only while that session is live, the person not disabled and, when UNIT_ID is not 0, they hold
 * ROLE_RANK (enum role) on that unit or above it (AT_ROOT: on the top of its tree); SITE_ADMIN: only while a
 * site administrator. store_guard_set(S, NULL) ends it.
 */
void session_guard_writes(struct store *s, const char *token, int64_t user_id, int64_t unit_id, int role_rank,
			  bool at_root, bool site_admin);

/* Constant-time comparison of a submitted CSRF token with the session's. */
bool csrf_valid(const struct session *sess, const char *submitted);

/* Fills TOKEN with a new random base64url token; HASH (65 bytes) gets its hex BLAKE2b-256. */
void token_new(char token[TOKEN_CHARS]);
void token_hash(const char *token, char hash[65]);
/* Runs Q (its one parameter a token's hash) for TOKEN, FN decoding the row into OUT and returning 1: 1 found,
 * 0 not (a token of the wrong length is found nowhere, unasked), -1 error. */
int token_find(struct store *s, enum query_id q, const char *token, row_fn fn, void *out, struct error *err);

#endif
