/*
 * auth.c - accounts, passwords, sessions and sign-in throttling (see auth.h).
 *
 * Throttling never blocks a server thread: instead of sleeping, an attempt that comes too soon after
 * failures is answered "wait N seconds" without checking the password. Per email: from the 3rd failure in a
 * row each attempt must wait 1, 2, 4 ... 60 s after the last; the 10th locks the email for 15 minutes. Per
 * address the same from the 20th and 50th failure. An unknown email is throttled like a known one and is
 * checked against a dummy hash, so neither the timing nor the answer tells whether an account exists.
 */
#include "domain/auth.h"

#include <ctype.h>
#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/i18n.h"
#include "lib/text.h"
#include "lib/xalloc.h"
#include "store/store.h"

struct throttle_policy {
	long slow_from;   /* failures from which attempts must wait */
	long lock_at;     /* failures that lock */
	long lock_s;
	long max_wait_s;
};

static const struct throttle_policy email_policy = {3, 10, 15 * 60, 60};
static const struct throttle_policy address_policy = {20, 50, 15 * 60, 60};

void
token_new(char token[TOKEN_CHARS])
{
	unsigned char raw[32];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(token, TOKEN_CHARS, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void
token_hash(const char *token, char hash[65])
{
	unsigned char digest[32];
	crypto_generichash(digest, sizeof digest, (const unsigned char *)token, strlen(token), NULL, 0);
	sodium_bin2hex(hash, 65, digest, sizeof digest);
}

int
token_find(struct store *s, enum query_id q, const char *token, row_fn fn, void *out, struct error *err)
{
	if (!token || strlen(token) != TOKEN_CHARS - 1)
		return 0;
	char hash[65];
	token_hash(token, hash);
	struct param p[] = {PTEXT(hash)};
	int rc = store_exec(s, q, PARAMS(p), fn, out, NULL, err);
	return rc < 0 ? -1 : rc > 0;
}

/* EMAIL trimmed and in lower case into OUT: how an address is looked up. Lookups take any address an account
 * may hold, even one stored before text_address_check grew stricter, so that such a person can still sign in. */
static int
email_fold(const char *email, char *out, size_t size, struct error *err)
{
	while (isspace((unsigned char)*email))
		email++;
	size_t n = strlen(email);
	while (n && isspace((unsigned char)email[n - 1]))
		n--;
	if (n == 0)
		return error_set(err, "an email address is needed");
	if (n >= size || n > 254)
		return error_set(err, "that email address is too long");
	for (size_t i = 0; i < n; i++)
		out[i] = (char)tolower((unsigned char)email[i]);
	out[n] = '\0';
	return 0;
}

int
email_normalise(const char *email, char *out, size_t size, struct error *err)
{
	if (email_fold(email, out, size, err) < 0)
		return -1;
	return text_address_check(out, err);
}

int
password_acceptable(const char *password, struct error *err)
{
	size_t n = strlen(password);
	if (n < PASSWORD_MIN)
		return error_in(err, "password", "a password needs at least %d characters", PASSWORD_MIN);
	if (n > PASSWORD_MAX)
		return error_in(err, "password", "a password has at most %d characters", PASSWORD_MAX);
	return 0;
}

static int
hash_password(const char *password, char hash[crypto_pwhash_STRBYTES], struct error *err)
{
	if (crypto_pwhash_str(hash, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return error_set(err, "not enough memory to hash the password");
	return 0;
}

struct user_row {
	struct user *u;
	char hash[crypto_pwhash_STRBYTES];
};

static int
user_from_row(void *ctx, const struct row *r)
{
	struct user_row *ur = ctx;
	struct user *u = ur->u;
	memset(u, 0, sizeof *u);
	u->id = row_int(r, 0);
	snprintf(u->email, sizeof u->email, "%s", row_text(r, 1));
	snprintf(u->name, sizeof u->name, "%s", row_text(r, 2));
	u->has_password = !row_null(r, 3);
	snprintf(ur->hash, sizeof ur->hash, "%s", u->has_password ? row_text(r, 3) : "");
	u->is_admin = row_int(r, 4) != 0;
	u->disabled = !row_null(r, 5);
	snprintf(u->language, sizeof u->language, "%s", row_null(r, 6) ? "" : row_text(r, 6));
	return 1;
}

static int
fetch_user(struct store *s, enum query_id q, struct param key, struct user_row *ur, struct error *err)
{
	struct param p[] = {key};
	ur->u->id = 0;
	if (store_exec(s, q, PARAMS(p), user_from_row, ur, NULL, err) < 0)
		return -1;
	return ur->u->id != 0;
}

int
user_language_set(struct store *s, const struct actor *who, const struct user *u, const char *code, struct error *err)
{
	bool browser = !code || !*code;
	if (!browser && !lang_find(code))
		return error_set(err, "language \"%s\" is not one caregrid speaks", code);
	if (store_begin(s, err) < 0)
		return -1;
	struct param p[] = {PINT(u->id), browser ? PNULL : PTEXT(code)};
	char detail[80];
	snprintf(detail, sizeof detail, "language: %s", browser ? "as the browser asks" : code);
	if (store_exec(s, Q_USER_LANGUAGE_SET, PARAMS(p), NULL, NULL, NULL, err) < 0 ||
	    audit_record(s, who, "user.language", 0, u->email, detail, err) < 0) {
		store_rollback(s);
		return -1;
	}
	return store_commit(s, err);
}

int
user_by_email(struct store *s, const char *email, struct user *out, struct error *err)
{
	char norm[256];
	struct error ignored;
	if (email_fold(email, norm, sizeof norm, &ignored) < 0)
		return 0;
	struct user_row ur = {.u = out};
	return fetch_user(s, Q_USER_BY_EMAIL, PTEXT(norm), &ur, err);
}

int
user_by_id(struct store *s, int64_t id, struct user *out, struct error *err)
{
	struct user_row ur = {.u = out};
	return fetch_user(s, Q_USER_BY_ID, PINT(id), &ur, err);
}

struct users_ctx {
	user_fn fn;
	void *ctx;
};

static int
each_user_row(void *vctx, const struct row *r)
{
	struct users_ctx *c = vctx;
	struct user u;
	struct user_row ur = {.u = &u};
	user_from_row(&ur, r);
	return c->fn(c->ctx, &u);
}

int
users_each(struct store *s, user_fn fn, void *ctx, struct error *err)
{
	struct users_ctx c = {fn, ctx};
	return store_exec(s, Q_USERS_ALL, NULL, 0, each_user_row, &c, NULL, err);
}

int
user_add(struct store *s, const struct actor *who, const char *email, const char *name, const char *password,
	 bool is_admin, int64_t *id_out, struct error *err)
{
	char norm[256];
	if (email_normalise(email, norm, sizeof norm, err) < 0)
		return -1;
	if (text_line_check(N_("a person's name"), name, 200, err) < 0)
		return -1;
	char hash[crypto_pwhash_STRBYTES] = "";
	if (password && (password_acceptable(password, err) < 0 || hash_password(password, hash, err) < 0))
		return -1;
	struct user existing;
	int found = user_by_email(s, norm, &existing, err);
	if (found < 0)
		return -1;
	if (found)
		return error_set(err, "%s has an account already", norm);
	if (store_begin(s, err) < 0)
		return -1;
	char now[32];
	store_now(now, sizeof now);
	struct param p[] = {PTEXT(norm), PTEXT(name), PTEXT(password ? hash : NULL), PINT(is_admin), PTEXT(now)};
	int64_t id = 0;
	if (store_get_int(s, Q_USER_ADD, PARAMS(p), &id, err) < 0)
		goto fail;
	char detail[300];
	snprintf(detail, sizeof detail, "account for %s%s", name, is_admin ? " (site administrator)" : "");
	if (audit_record(s, who, "user.create", 0, norm, detail, err) < 0)
		goto fail;
	if (store_commit(s, err) < 0)
		return -1;
	if (id_out)
		*id_out = id;
	return 0;
fail:
	store_rollback(s);
	return -1;
}

static int
throttle_clear(struct store *s, const char *key, struct error *err)
{
	struct param p[] = {PTEXT(key)};
	return store_exec(s, Q_THROTTLE_CLEAR, PARAMS(p), NULL, NULL, NULL, err);
}

/* Writes the password (already checked), ends sessions and links, clears the email's throttle. In the
 * caller's transaction. */
static int
write_password(struct store *s, const struct actor *who, const struct user *u, const char *password,
	       struct error *err)
{
	char hash[crypto_pwhash_STRBYTES];
	if (hash_password(password, hash, err) < 0)
		return -1;
	struct param p[] = {PINT(u->id), PTEXT(hash)};
	struct param id[] = {PINT(u->id)};
	char key[300];
	snprintf(key, sizeof key, "email:%s", u->email);
	if (store_exec(s, Q_USER_SET_PASSWORD, PARAMS(p), NULL, NULL, NULL, err) < 0 ||
	    store_exec(s, Q_SESSIONS_DELETE_USER, PARAMS(id), NULL, NULL, NULL, err) < 0 ||
	    store_exec(s, Q_PWTOKENS_DELETE_USER, PARAMS(id), NULL, NULL, NULL, err) < 0 ||
	    throttle_clear(s, key, err) < 0)
		return -1;
	return audit_record(s, who, "user.password", 0, u->email, "password set; every session ended", err);
}

int
user_set_password(struct store *s, const struct actor *who, const struct user *u, const char *password,
		  struct error *err)
{
	if (password_acceptable(password, err) < 0 || store_begin(s, err) < 0)
		return -1;
	if (write_password(s, who, u, password, err) < 0) {
		store_rollback(s);
		return -1;
	}
	return store_commit(s, err);
}

int
password_reset_link(struct store *s, const struct actor *who, const struct user *u, char token[TOKEN_CHARS],
		    struct error *err)
{
	struct param p[] = {PINT(u->id), PNULL};
	if (store_begin(s, err) < 0)
		return -1;
	if (store_exec(s, Q_USER_SET_PASSWORD, PARAMS(p), NULL, NULL, NULL, err) < 0 ||
	    session_end_all(s, who, u->id, err) < 0 || password_link_create(s, u, token, err) < 0 ||
	    audit_record(s, who, "user.password_reset", 0, u->email,
			 "password cleared; a link to set a new one was made", err) < 0) {
		store_rollback(s);
		return -1;
	}
	return store_commit(s, err);
}

int
password_link_create(struct store *s, const struct user *u, char token[TOKEN_CHARS], struct error *err)
{
	char hash[65];
	token_new(token);
	token_hash(token, hash);
	struct param p[] = {PTEXT(hash), PINT(u->id), PINT((int64_t)time(NULL) + PASSWORD_LINK_S)};
	return store_exec(s, Q_PWTOKEN_ADD, PARAMS(p), NULL, NULL, NULL, err);
}

int
password_link_user(struct store *s, const char *token, struct user *out, struct error *err)
{
	char hash[65];
	token_hash(token, hash);
	struct param p[] = {PTEXT(hash), PINT((int64_t)time(NULL))};
	int64_t uid;
	int found = store_get_int(s, Q_PWTOKEN_GET, PARAMS(p), &uid, err);
	if (found <= 0)
		return found;
	return user_by_id(s, uid, out, err);
}

int
password_link_use(struct store *s, const char *token, const char *password, const char *address, struct error *err)
{
	struct user u;
	int found = password_link_user(s, token, &u, err);
	if (found < 0)
		return -1;
	if (!found)
		return error_set(err, "this link has expired or has been used: ask your administrator for a new one");
	if (password_acceptable(password, err) < 0 || store_begin(s, err) < 0)
		return -1;
	const struct actor who = {u.id, u.email, address};
	char hash[65];
	token_hash(token, hash);
	struct param p[] = {PTEXT(hash)};
	if (store_exec(s, Q_PWTOKEN_DELETE, PARAMS(p), NULL, NULL, NULL, err) < 0 ||
	    write_password(s, &who, &u, password, err) < 0) {
		store_rollback(s);
		return -1;
	}
	return store_commit(s, err);
}

struct throttle {
	long failures;
	int64_t last_failure_at, locked_until;
};

static int
throttle_row(void *ctx, const struct row *r)
{
	struct throttle *t = ctx;
	t->failures = (long)row_int(r, 0);
	t->last_failure_at = row_int(r, 1);
	t->locked_until = row_int(r, 2);
	return 1;
}

static int
throttle_get(struct store *s, const char *key, time_t now, struct throttle *t, struct error *err)
{
	memset(t, 0, sizeof *t);
	struct param p[] = {PTEXT(key)};
	if (store_exec(s, Q_THROTTLE_GET, PARAMS(p), throttle_row, t, NULL, err) < 0)
		return -1;
	if (t->locked_until && t->locked_until <= now)
		memset(t, 0, sizeof *t); /* a lock that has run out starts the count afresh */
	return 0;
}

/* How long an attempt must still wait under POLICY: 0 when it may go ahead. */
static long
throttle_wait(const struct throttle *t, const struct throttle_policy *policy, time_t now, bool *locked)
{
	*locked = false;
	if (t->locked_until > now) {
		*locked = true;
		return (long)(t->locked_until - now);
	}
	if (t->failures < policy->slow_from)
		return 0;
	long shift = t->failures - policy->slow_from;
	long wait = shift >= 6 ? policy->max_wait_s : 1L << shift;
	if (wait > policy->max_wait_s)
		wait = policy->max_wait_s;
	/* The last failure's time is kept to the second: counted from that second's end, a whole wait always
	 * passes (from its start, an attempt in the next second could come a moment after the failure). */
	long left = (long)(t->last_failure_at + 1 + wait - now);
	return left > 0 ? left : 0;
}

static int
throttle_fail(struct store *s, const char *key, const struct throttle *t, const struct throttle_policy *policy,
	      time_t now, struct error *err)
{
	long failures = t->failures + 1;
	int64_t locked_until = failures >= policy->lock_at ? (int64_t)now + policy->lock_s : 0;
	struct param p[] = {PTEXT(key), PINT(failures), PINT(now), PINT(locked_until)};
	return store_exec(s, Q_THROTTLE_PUT, PARAMS(p), NULL, NULL, NULL, err);
}

/* A hash to check unknown emails against, so that they take as long as known ones. */
static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void
make_dummy_hash(void)
{
	struct error ignored;
	hash_password("not the password of anyone at all", dummy_hash, &ignored);
}

static int
session_create(struct store *s, int64_t user_id, const char *address, time_t now, struct session *out,
	       struct error *err)
{
	char hash[65];
	memset(out, 0, sizeof *out);
	out->user_id = user_id;
	token_new(out->token);
	token_new(out->csrf);
	token_hash(out->token, hash);
	struct param p[] = {PTEXT(hash), PINT(user_id), PTEXT(out->csrf), PINT(now), PINT(now + SESSION_ABSOLUTE_S),
			    PTEXT(address)};
	if (store_exec(s, Q_SESSION_ADD, PARAMS(p), NULL, NULL, NULL, err) < 0)
		return -1;
	/* The day only: retention keeps a plan while its person still signs in (domain/retention.h). */
	struct tm tm;
	gmtime_r(&now, &tm);
	char day[11];
	strftime(day, sizeof day, "%Y-%m-%d", &tm);
	struct param q[] = {PINT(user_id), PTEXT(day)};
	return store_exec(s, Q_USER_SIGNED_IN, PARAMS(q), NULL, NULL, NULL, err);
}

/* Reads the throttles of an email and an address: 1 when either says wait (*RESULT and *RETRY_AFTER set),
 * 0 when the attempt may go ahead, -1 on a storage error. */
static int
throttled(struct store *s, const char *email_key, const char *addr_key, time_t now, struct throttle *te,
	  struct throttle *ta, enum signin_result *result, long *retry_after, struct error *err)
{
	if (throttle_get(s, email_key, now, te, err) < 0 || throttle_get(s, addr_key, now, ta, err) < 0)
		return -1;
	bool locked_e, locked_a;
	long wait_e = throttle_wait(te, &email_policy, now, &locked_e);
	long wait_a = throttle_wait(ta, &address_policy, now, &locked_a);
	if (!wait_e && !wait_a)
		return 0;
	*result = locked_e || locked_a ? SIGNIN_LOCKED : SIGNIN_SLOW;
	*retry_after = wait_e > wait_a ? wait_e : wait_a;
	return 1;
}

/* A failed try (or a request that counts as one) against both the email and the address. */
static int
count_failure(struct store *s, const char *email_key, const struct throttle *te, const char *addr_key,
	      const struct throttle *ta, time_t now, struct error *err)
{
	if (throttle_fail(s, email_key, te, &email_policy, now, err) < 0)
		return -1;
	return throttle_fail(s, addr_key, ta, &address_policy, now, err);
}

/* The end of a checked password's transaction (RC its outcome so far): committed, *RESULT OK or WRONG. */
static int
finish_attempt(struct store *s, int rc, bool ok, enum signin_result *result, struct error *err)
{
	if (store_finish(s, rc, err) < 0)
		return -1;
	*result = ok ? SIGNIN_OK : SIGNIN_WRONG;
	return 0;
}

int
auth_signin(struct store *s, const char *email, const char *password, const char *address, time_t now,
	    enum signin_result *result, long *retry_after, struct session *out, struct error *err)
{
	*retry_after = 0;
	char norm[256], email_key[300], addr_key[300];
	struct error bad;
	if (email_fold(email, norm, sizeof norm, &bad) < 0)
		snprintf(norm, sizeof norm, "%.200s", email); /* still throttled and audited as typed */
	snprintf(email_key, sizeof email_key, "email:%s", norm);
	snprintf(addr_key, sizeof addr_key, "addr:%s", address);

	struct throttle te, ta;
	int held = throttled(s, email_key, addr_key, now, &te, &ta, result, retry_after, err);
	if (held != 0)
		return held < 0 ? -1 : 0;

	struct user u;
	struct user_row ur = {.u = &u};
	int found = fetch_user(s, Q_USER_BY_EMAIL, PTEXT(norm), &ur, err);
	if (found < 0)
		return -1;
	bool ok;
	if (found && u.has_password && !u.disabled) {
		ok = crypto_pwhash_str_verify(ur.hash, password, strlen(password)) == 0;
	} else {
		pthread_once(&dummy_once, make_dummy_hash);
		/* The answer is thrown away: this check is here only to take the time a real one takes. */
		int ignored = crypto_pwhash_str_verify(dummy_hash, password, strlen(password));
		(void)ignored;
		ok = false;
	}

	if (store_begin(s, err) < 0)
		return -1;
	const struct actor who = {ok ? u.id : 0, norm, address};
	int rc;
	if (ok) {
		rc = throttle_clear(s, email_key, err);
		if (rc == 0)
			rc = throttle_clear(s, addr_key, err);
		if (rc == 0)
			rc = session_create(s, u.id, address, now, out, err);
		if (rc == 0) {
			/* Sweep out expired sessions now and then: at each sign-in is often enough. */
			struct param p[] = {PINT(now), PINT(now - SESSION_IDLE_S)};
			rc = store_exec(s, Q_SESSIONS_PURGE, PARAMS(p), NULL, NULL, NULL, err);
		}
		if (rc == 0)
			rc = audit_record(s, &who, "signin", 0, norm, "signed in", err);
	} else {
		rc = count_failure(s, email_key, &te, addr_key, &ta, now, err);
		if (rc == 0)
			rc = audit_record(s, &who, "signin.failed", 0, norm, "wrong email or password", err);
	}
	return finish_attempt(s, rc, ok, result, err);
}

/*
 * Checks the password of U, signed in already, from ADDRESS at NOW - before a change of password - under the
 * same throttle as signing in: failures count against the person's email and the address, so that a
 * session left open cannot be used to guess the password at leisure.
 */
int
user_password_check(struct store *s, const struct user *u, const char *password, const char *address, time_t now,
		    enum signin_result *result, long *retry_after, struct error *err)
{
	*retry_after = 0;
	char email_key[300], addr_key[300];
	snprintf(email_key, sizeof email_key, "email:%s", u->email);
	snprintf(addr_key, sizeof addr_key, "addr:%s", address);
	struct throttle te, ta;
	int held = throttled(s, email_key, addr_key, now, &te, &ta, result, retry_after, err);
	if (held != 0)
		return held < 0 ? -1 : 0;
	struct user again;
	struct user_row ur = {.u = &again};
	int found = fetch_user(s, Q_USER_BY_ID, PINT(u->id), &ur, err);
	if (found < 0)
		return -1;
	bool ok = found && again.has_password && crypto_pwhash_str_verify(ur.hash, password, strlen(password)) == 0;
	if (store_begin(s, err) < 0)
		return -1;
	const struct actor who = {u->id, u->email, address};
	int rc = 0;
	if (ok) {
		rc = throttle_clear(s, email_key, err);
	} else {
		rc = count_failure(s, email_key, &te, addr_key, &ta, now, err);
		if (rc == 0)
			rc = audit_record(s, &who, "password.check_failed", 0, u->email, "wrong current password", err);
	}
	return finish_attempt(s, rc, ok, result, err);
}

struct session_row {
	struct session *out;
	struct user *user; /* may be NULL */
	int64_t last_seen, expires;
	bool found;
};

static int
session_from_row(void *ctx, const struct row *r)
{
	struct session_row *sr = ctx;
	sr->out->user_id = row_int(r, 0);
	snprintf(sr->out->csrf, sizeof sr->out->csrf, "%s", row_text(r, 1));
	sr->last_seen = row_int(r, 2);
	sr->expires = row_int(r, 3);
	if (sr->user) {
		struct user *u = sr->user;
		memset(u, 0, sizeof *u);
		u->id = sr->out->user_id;
		snprintf(u->email, sizeof u->email, "%s", row_text(r, 4));
		snprintf(u->name, sizeof u->name, "%s", row_text(r, 5));
		u->has_password = !row_null(r, 6);
		u->is_admin = row_int(r, 7) != 0;
		u->disabled = !row_null(r, 8);
		snprintf(u->language, sizeof u->language, "%s", row_null(r, 9) ? "" : row_text(r, 9));
	}
	sr->found = true;
	return 1;
}

int
session_lookup(struct store *s, const char *token, time_t now, struct session *out, struct error *err)
{
	return session_identify(s, token, now, out, NULL, err);
}

int
session_identify(struct store *s, const char *token, time_t now, struct session *out, struct user *user,
		 struct error *err)
{
	memset(out, 0, sizeof *out);
	if (!token || strlen(token) != TOKEN_CHARS - 1)
		return 0;
	char hash[65];
	token_hash(token, hash);
	struct param p[] = {PTEXT(hash)};
	struct session_row sr = {.out = out, .user = user};
	if (store_exec(s, Q_SESSION_GET, PARAMS(p), session_from_row, &sr, NULL, err) < 0)
		return -1;
	if (!sr.found)
		return 0;
	if (sr.expires <= now || sr.last_seen + SESSION_IDLE_S <= now) {
		memset(out, 0, sizeof *out);
		if (user)
			memset(user, 0, sizeof *user);
		return store_exec(s, Q_SESSION_DELETE, PARAMS(p), NULL, NULL, NULL, err) < 0 ? -1 : 0;
	}
	/* Record activity at most once a minute: idle expiry needs no finer grain, and reads stay reads. */
	if (now - sr.last_seen >= 60) {
		struct param t[] = {PTEXT(hash), PINT(now)};
		if (store_exec(s, Q_SESSION_TOUCH, PARAMS(t), NULL, NULL, NULL, err) < 0)
			return -1;
		sr.last_seen = now;
	}
	int64_t idle_end = sr.last_seen + SESSION_IDLE_S;
	out->valid_until = (time_t)(sr.expires < idle_end ? sr.expires : idle_end);
	return 1;
}

int
session_end(struct store *s, const char *token, struct error *err)
{
	char hash[65];
	token_hash(token, hash);
	struct param p[] = {PTEXT(hash)};
	return store_exec(s, Q_SESSION_DELETE, PARAMS(p), NULL, NULL, NULL, err);
}

void
session_guard_writes(struct store *s, const char *token, int64_t user_id, int64_t unit_id, int role_rank, bool at_root,
		     bool site_admin)
{
	struct store_guard g = {.user_id = user_id, .session_idle_s = SESSION_IDLE_S, .unit_id = unit_id,
				.role_rank = role_rank, .at_root = at_root, .site_admin = site_admin};
	/* No cookie can match an empty hash: a guard without a token refuses every write. */
	if (token)
		token_hash(token, g.token_hash);
	store_guard_set(s, &g);
}

int
session_end_all(struct store *s, const struct actor *who, int64_t user_id, struct error *err)
{
	struct user u;
	int found = user_by_id(s, user_id, &u, err);
	if (found <= 0)
		return found < 0 ? -1 : error_set(err, "no such person");
	if (store_begin(s, err) < 0)
		return -1;
	struct param p[] = {PINT(user_id)};
	if (store_exec(s, Q_SESSIONS_DELETE_USER, PARAMS(p), NULL, NULL, NULL, err) < 0 ||
	    audit_record(s, who, "signout.everywhere", 0, u.email, "every session ended", err) < 0) {
		store_rollback(s);
		return -1;
	}
	return store_commit(s, err);
}

bool
csrf_valid(const struct session *sess, const char *submitted)
{
	if (!submitted || !sess->csrf[0])
		return false;
	size_t n = strlen(sess->csrf);
	return strlen(submitted) == n && sodium_memcmp(sess->csrf, submitted, n) == 0;
}

int
password_forgot(struct store *s, const char *email, const char *address, time_t now, struct user *u,
		char folded[256], char token[TOKEN_CHARS], enum signin_result *result, long *retry_after,
		struct error *err)
{
	memset(u, 0, sizeof *u);
	folded[0] = '\0';
	*result = SIGNIN_OK;
	*retry_after = 0;
	char normal[256];
	struct error bad;
	bool usable = email_fold(email ? email : "", normal, sizeof normal, &bad) == 0;
	char email_key[300], addr_key[300];
	snprintf(email_key, sizeof email_key, "forgot-email:%s", usable ? normal : "");
	snprintf(addr_key, sizeof addr_key, "forgot-addr:%s", address);
	struct throttle te, ta;
	int held = throttled(s, email_key, addr_key, now, &te, &ta, result, retry_after, err);
	if (held != 0)
		return held < 0 ? -1 : 0;
	/* Every request counts, found or not: asking is a try, as a sign-in is. */
	if (count_failure(s, email_key, &te, addr_key, &ta, now, err) < 0)
		return -1;
	/* From here the same statements run whether or not the address is an account's, and whatever was typed:
	 * the database alone decides whether a row is written (Q_PWTOKEN_ADD_IF_ACCOUNT). */
	if (usable)
		snprintf(folded, 256, "%s", normal);
	if (user_by_email(s, folded, u, err) < 0)
		return -1;
	char hash[65];
	token_new(token);
	token_hash(token, hash);
	struct param p[] = {PTEXT(hash), PTEXT(folded), PINT((int64_t)now + PASSWORD_FORGOT_S)};
	return store_exec(s, Q_PWTOKEN_ADD_IF_ACCOUNT, PARAMS(p), NULL, NULL, NULL, err) < 0 ? -1 : 0;
}
