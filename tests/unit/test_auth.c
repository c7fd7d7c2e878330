/* test_auth.c - accounts and sessions: Argon2id hashes, sign-in that never says which of email or password
 * was wrong, throttling and locking, idle and absolute session expiry, signing out everywhere, CSRF
 * tokens, and single-use password links. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "domain/auth.h"
#include "helpers.h"
#include "lib/xalloc.h"
#include "store/store.h"

static struct store *s;
static char *db_path;
static const time_t T0 = 1800000000; /* a fixed "now", so that expiry can be tested by moving it */

static void
setup(void)
{
	temp_dir_setup();
	db_path = test_db_where("auth.db");
	struct error err;
	cr_assert_eq(store_open(&s, db_path, STORE_OPEN_CREATE, &err), 0, "%s", err.msg);
	cr_assert_eq(user_add(s, &actor_cli, " Ann@Example.ORG ", "Ann", "correct horse battery", false, NULL, &err), 0,
		     "%s", err.msg);
}

static void
teardown(void)
{
	store_close(s);
	free(db_path);
	temp_dir_teardown();
}

TestSuite(auth, .init = setup, .fini = teardown);

static enum signin_result
try_signin(const char *email, const char *password, const char *address, time_t now, struct session *sess, long *wait)
{
	enum signin_result r;
	struct error err;
	cr_assert_eq(auth_signin(s, email, password, address, now, &r, wait, sess, &err), 0, "%s", err.msg);
	return r;
}

Test(auth, stores_an_argon2id_hash_never_the_password)
{
	char *email = test_db_scalar(db_path, "SELECT email FROM app_user");
	char *hash = test_db_scalar(db_path, "SELECT password_hash FROM app_user");
	cr_assert_not_null(email);
	cr_assert_not_null(hash);
	cr_expect_str_eq(email, "ann@example.org", "emails are stored lowercased");
	cr_expect(strncmp(hash, "$argon2id$", 10) == 0, "%s", hash);
	cr_expect_null(strstr(hash, "correct horse"));
	free(email);
	free(hash);
}

Test(auth, refuses_bad_accounts)
{
	struct error err;
	cr_expect_eq(user_add(s, &actor_cli, "ann@example.org", "Ann again", "another long one", false, NULL, &err),
		     -1);
	cr_expect_str_eq(err.msg, "ann@example.org has an account already");
	cr_expect_eq(user_add(s, &actor_cli, "not-an-email", "X", "long enough pass", false, NULL, &err), -1);
	cr_expect(strstr(err.msg, "is not an email address") != NULL, "%s", err.msg);
	cr_expect_eq(user_add(s, &actor_cli, "b@example.org", "B", "short", false, NULL, &err), -1);
	cr_expect_str_eq(err.msg, "a password needs at least 10 characters");
}

Test(auth, signs_in_and_never_says_which_part_was_wrong)
{
	struct session sess;
	long wait;
	cr_expect_eq(try_signin("ann@example.org", "wrong password", "10.0.0.1", T0, &sess, &wait), SIGNIN_WRONG);
	cr_expect_eq(try_signin("nobody@example.org", "correct horse battery", "10.0.0.1", T0, &sess, &wait),
		     SIGNIN_WRONG);
	cr_assert_eq(try_signin("ANN@example.org", "correct horse battery", "10.0.0.1", T0, &sess, &wait), SIGNIN_OK);
	cr_expect_eq(strlen(sess.token), TOKEN_CHARS - 1, "256 bits in base64url");
	cr_expect_eq(strlen(sess.csrf), TOKEN_CHARS - 1);
	struct session found;
	struct error err;
	cr_expect_eq(session_lookup(s, sess.token, T0 + 10, &found, &err), 1);
	cr_expect_eq(found.user_id, sess.user_id);
	cr_expect(csrf_valid(&found, sess.csrf));
	cr_expect(!csrf_valid(&found, "forged"));
	cr_expect(!csrf_valid(&found, NULL));
	struct user who;
	cr_expect_eq(session_identify(s, sess.token, T0 + 10, &found, &who, &err), 1);
	cr_expect_eq(who.id, sess.user_id, "the session's person comes with it");
	cr_expect_str_eq(who.email, "ann@example.org");
	cr_expect(who.has_password && !who.disabled);
	cr_expect_eq(session_identify(s, sess.token, T0 + SESSION_ABSOLUTE_S + 1, &found, &who, &err), 0);
	cr_expect_eq(who.id, 0, "nobody when the session has expired");
	char tampered[TOKEN_CHARS];
	memcpy(tampered, sess.token, TOKEN_CHARS);
	tampered[0] = tampered[0] == 'A' ? 'B' : 'A';
	cr_expect_eq(session_lookup(s, tampered, T0 + 10, &found, &err), 0);
}

Test(auth, slows_then_locks_after_failures_and_keeps_unknown_emails_alike)
{
	struct session sess;
	long wait = 0;
	const char *who[] = {"ann@example.org", "ghost@example.org"};
	for (int k = 0; k < 2; k++) {
		time_t now = T0;
		const char *addr = k ? "10.0.0.3" : "10.0.0.2";
		for (int i = 0; i < 3; i++)
			cr_expect_eq(try_signin(who[k], "nope nope nope", addr, now, &sess, &wait), SIGNIN_WRONG);
		/* The 4th attempt at once must wait; after the wait it is checked again. */
		cr_expect_eq(try_signin(who[k], "nope nope nope", addr, now, &sess, &wait), SIGNIN_SLOW, "%s", who[k]);
		cr_expect_geq(wait, 1);
		for (int i = 3; i < 10; i++) {
			now += 61;
			cr_expect_eq(try_signin(who[k], "nope nope nope", addr, now, &sess, &wait), SIGNIN_WRONG);
		}
		now += 61;
		cr_expect_eq(try_signin(who[k], "correct horse battery", addr, now, &sess, &wait), SIGNIN_LOCKED, "%s",
			     who[k]);
		cr_expect_gt(wait, 60);
		/* The lock runs out. */
		if (k == 0)
			cr_expect_eq(try_signin(who[k], "correct horse battery", addr, now + 16 * 60, &sess, &wait),
				     SIGNIN_OK);
	}
}

Test(auth, a_success_clears_the_failures)
{
	struct session sess;
	long wait;
	time_t now = T0;
	for (int i = 0; i < 3; i++)
		try_signin("ann@example.org", "nope nope nope", "10.0.0.4", now++, &sess, &wait);
	now += 10;
	cr_assert_eq(try_signin("ann@example.org", "correct horse battery", "10.0.0.4", now, &sess, &wait), SIGNIN_OK);
	cr_expect_eq(try_signin("ann@example.org", "nope nope nope", "10.0.0.4", now + 1, &sess, &wait), SIGNIN_WRONG);
	cr_expect_eq(try_signin("ann@example.org", "correct horse battery", "10.0.0.4", now + 2, &sess, &wait),
		     SIGNIN_OK);
}

Test(auth, sessions_expire_when_idle_and_at_their_absolute_end)
{
	struct session sess, found;
	long wait;
	struct error err;
	cr_assert_eq(try_signin("ann@example.org", "correct horse battery", "10.0.0.5", T0, &sess, &wait), SIGNIN_OK);
	time_t now = T0;
	/* Active every hour: idle expiry never comes, the absolute one does. */
	for (int h = 1; h < 12; h++) {
		now = T0 + h * 3600;
		cr_assert_eq(session_lookup(s, sess.token, now, &found, &err), 1, "hour %d", h);
	}
	cr_expect_eq(session_lookup(s, sess.token, T0 + SESSION_ABSOLUTE_S, &found, &err), 0);

	cr_assert_eq(try_signin("ann@example.org", "correct horse battery", "10.0.0.5", T0, &sess, &wait), SIGNIN_OK);
	cr_expect_eq(session_lookup(s, sess.token, T0 + SESSION_IDLE_S - 1, &found, &err), 1);
	cr_expect_eq(session_lookup(s, sess.token, T0 + 2 * SESSION_IDLE_S, &found, &err), 0, "idle too long");
}

Test(auth, signs_out_one_session_or_all)
{
	struct session a, b, found;
	long wait;
	struct error err;
	cr_assert_eq(try_signin("ann@example.org", "correct horse battery", "10.0.0.6", T0, &a, &wait), SIGNIN_OK);
	cr_assert_eq(try_signin("ann@example.org", "correct horse battery", "10.0.0.7", T0, &b, &wait), SIGNIN_OK);
	cr_assert_eq(session_end(s, a.token, &err), 0);
	cr_expect_eq(session_lookup(s, a.token, T0 + 1, &found, &err), 0);
	cr_expect_eq(session_lookup(s, b.token, T0 + 1, &found, &err), 1);
	cr_assert_eq(session_end_all(s, &actor_cli, b.user_id, &err), 0);
	cr_expect_eq(session_lookup(s, b.token, T0 + 1, &found, &err), 0);
}

Test(auth, password_links_work_once_and_end_old_sessions)
{
	struct user u;
	struct error err;
	cr_assert_eq(user_by_email(s, "ann@example.org", &u, &err), 1);
	struct session old, found;
	long wait;
	time_t now = time(NULL);
	cr_assert_eq(try_signin("ann@example.org", "correct horse battery", "10.0.0.8", now, &old, &wait), SIGNIN_OK);
	char token[TOKEN_CHARS];
	cr_assert_eq(password_link_create(s, &u, token, &err), 0);
	struct user via;
	cr_expect_eq(password_link_user(s, token, &via, &err), 1);
	cr_expect_eq(via.id, u.id);
	cr_expect_eq(password_link_use(s, token, "short", "10.0.0.8", &err), -1, "still checked for length");
	cr_assert_eq(password_link_use(s, token, "a brand new secret", "10.0.0.8", &err), 0, "%s", err.msg);
	cr_expect_eq(password_link_use(s, token, "another new secret", "10.0.0.8", &err), -1);
	cr_expect(strstr(err.msg, "expired or has been used") != NULL, "%s", err.msg);
	cr_expect_eq(session_lookup(s, old.token, now + 1, &found, &err), 0, "a new password ends old sessions");
	struct session fresh;
	cr_expect_eq(try_signin("ann@example.org", "a brand new secret", "10.0.0.8", now + 2, &fresh, &wait),
		     SIGNIN_OK);
	enum signin_result checked;
	cr_assert_eq(user_password_check(s, &u, "a brand new secret", "10.0.0.8", now + 3, &checked, &wait, &err), 0);
	cr_expect_eq(checked, SIGNIN_OK);
	cr_assert_eq(user_password_check(s, &u, "correct horse battery", "10.0.0.8", now + 4, &checked, &wait, &err),
		     0);
	cr_expect_eq(checked, SIGNIN_WRONG);
}

Test(auth, the_current_password_check_is_throttled_as_sign_in_is)
{
	struct error err;
	struct user u;
	cr_assert_eq(user_add(s, &actor_cli, "bob@example.org", "Bob", "correct horse battery", false, &u.id, &err), 0,
		     "%s", err.msg);
	cr_assert_eq(user_by_email(s, "bob@example.org", &u, &err), 1);
	time_t now = 1000000;
	enum signin_result r = SIGNIN_OK;
	long wait = 0;
	int wrong = 0;
	for (int i = 0; i < 10 && r != SIGNIN_SLOW && r != SIGNIN_LOCKED; i++, wrong++)
		cr_assert_eq(user_password_check(s, &u, "a guess", "10.0.0.9", now, &r, &wait, &err), 0, "%s", err.msg);
	cr_expect(r == SIGNIN_SLOW || r == SIGNIN_LOCKED, "ten wrong guesses in a row were all checked");
	cr_expect_gt(wait, 0);
	cr_expect_leq(wrong, 4, "slowed from the third failure, as sign-in is");
	cr_assert_eq(user_password_check(s, &u, "correct horse battery", "10.0.0.9", now, &r, &wait, &err), 0);
	cr_expect(r == SIGNIN_SLOW || r == SIGNIN_LOCKED, "even the right password waits its turn");
}

Test(auth, a_reset_link_stops_the_old_password_at_once)
{
	struct error err;
	struct user u;
	cr_assert_eq(user_add(s, &actor_cli, "cy@example.org", "Cy", "correct horse battery", false, &u.id, &err), 0,
		     "%s", err.msg);
	cr_assert_eq(user_by_email(s, "cy@example.org", &u, &err), 1);
	char token[TOKEN_CHARS];
	cr_assert_eq(password_reset_link(s, &actor_cli, &u, token, &err), 0, "%s", err.msg);
	struct session sess;
	long wait;
	cr_expect_eq(try_signin("cy@example.org", "correct horse battery", "10.0.0.7", 2000000, &sess, &wait),
		     SIGNIN_WRONG);
	cr_assert_eq(password_link_use(s, token, "a brand new secret", "10.0.0.7", &err), 0, "%s", err.msg);
	cr_expect_eq(try_signin("cy@example.org", "a brand new secret", "10.0.0.7", 2000001, &sess, &wait), SIGNIN_OK);
}
