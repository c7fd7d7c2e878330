/* test_sso.c - the sign-in half of single sign-on, without a provider: the return path kept local, a pending
 * sign-in spent once and refused when older than ten minutes (now passed in), a first sign-in making an account
 * with no role and a second finding it by (issuer, subject), email linking only when trusted and verified, the
 * provider's roles recomputed without touching hand-given ones nor site administrator, and a back-channel
 * logout token's jti used once. */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/auth.h"
#include "domain/sso.h"
#include "helpers.h"
#include "lib/xalloc.h"
#include "store/store.h"

static struct store *s;
static char *db;
static const time_t T0 = 1800000000;
static int64_t ann, unit_a, unit_b, unit_c;

static void
setup(void)
{
	temp_dir_setup();
	db = test_db_where("sso.db");
	struct error err;
	cr_assert_eq(store_open(&s, db, STORE_OPEN_CREATE, &err), 0, "%s", err.msg);
	cr_assert_eq(user_add(s, &actor_cli, "ann@example.org", "Ann", NULL, false, &ann, &err), 0, "%s", err.msg);
	cr_assert_eq(store_unit_add(s, "A", "Unit A", "practice", NULL, -1, NULL, &unit_a, &err), 0, "%s", err.msg);
	cr_assert_eq(store_unit_add(s, "B", "Unit B", "practice", NULL, -1, NULL, &unit_b, &err), 0, "%s", err.msg);
	cr_assert_eq(store_unit_add(s, "C", "Unit C", "practice", NULL, -1, NULL, &unit_c, &err), 0, "%s", err.msg);
}

static void
teardown(void)
{
	store_close(s);
	free(db);
	temp_dir_teardown();
}

TestSuite(sso, .init = setup, .fini = teardown);

static char *
scalar(const char *fmt, ...)
{
	char sql[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(sql, sizeof sql, fmt, ap);
	va_end(ap);
	return test_db_scalar(db, sql);
}

static void
expect_scalar(const char *want, const char *sql)
{
	char *got = test_db_scalar(db, sql);
	if (want)
		cr_expect(got && strcmp(got, want) == 0, "%s: %s, not %s", sql, got ? got : "(none)", want);
	else
		cr_expect_null(got, "%s: %s", sql, got);
	free(got);
}

Test(sso, return_path_only_a_local_path)
{
	cr_expect(sso_return_path_ok("/units"));
	cr_expect(sso_return_path_ok("/units/A/rounds/1?x=1"));
	cr_expect_not(sso_return_path_ok(NULL));
	cr_expect_not(sso_return_path_ok(""));
	cr_expect_not(sso_return_path_ok("units"));
	cr_expect_not(sso_return_path_ok("//evil.example"));
	cr_expect_not(sso_return_path_ok("https://evil.example/"));
	cr_expect_not(sso_return_path_ok("/\\evil.example"));
	cr_expect_not(sso_return_path_ok("/\t/evil.example"));
	cr_expect_not(sso_return_path_ok("/caf\xc3\xa9"));
}

static void
pend(const char *state, time_t now)
{
	struct sso_pending p = {.provider_id = 7, .nonce = "nonce-1", .code_verifier = "verifier-1",
				.return_to = "/units/A"};
	struct error err;
	cr_assert_eq(sso_pending_add(s, state, &p, now, &err), 0, "%s", err.msg);
}

Test(sso, pending_is_single_use_and_kept_by_hash)
{
	char state[TOKEN_CHARS];
	token_new(state);
	pend(state, T0);
	char *stored = scalar("SELECT state_hash || ' ' || code_verifier_sealed FROM sso_pending");
	cr_assert_not_null(stored);
	cr_expect_null(strstr(stored, state), "the state itself is never stored");
	cr_expect_null(strstr(stored, "verifier-1"), "the verifier is sealed");
	free(stored);
	struct sso_pending got;
	struct error err;
	cr_assert_eq(sso_pending_take(s, state, T0 + 60, &got, &err), 1, "%s", err.msg);
	cr_expect_eq(got.provider_id, 7);
	cr_expect_str_eq(got.nonce, "nonce-1");
	cr_expect_str_eq(got.code_verifier, "verifier-1");
	cr_expect_str_eq(got.return_to, "/units/A");
	cr_expect_eq(sso_pending_take(s, state, T0 + 61, &got, &err), 0, "a replayed state finds nothing");
	cr_expect_eq(sso_pending_take(s, "not-a-state", T0, &got, &err), 0);
}

Test(sso, pending_refused_after_ten_minutes)
{
	char state[TOKEN_CHARS];
	token_new(state);
	pend(state, T0);
	struct sso_pending got;
	struct error err;
	cr_expect_eq(sso_pending_take(s, state, T0 + SSO_PENDING_S, &got, &err), 2, "expired: its own answer");
	cr_expect_eq(sso_pending_take(s, state, T0 + SSO_PENDING_S, &got, &err), 0, "and spent all the same");
}

Test(sso, finish_refuses_a_replayed_state_for_that_reason)
{
	struct sso_result r;
	struct error err;
	char state[TOKEN_CHARS];
	token_new(state);
	const struct sso_callback cb = {.state = state, .code = "code", .address = "10.0.0.1", .now = T0};
	cr_assert_eq(sso_finish(s, &cb, &r, &err), 0, "%s", err.msg);
	cr_expect_eq(r.outcome, SSO_REFUSED);
	cr_expect_str_eq(r.reason, "state");
	cr_expect_eq(r.status, 400);
	sso_result_release(&r);
	pend(state, T0);
	const struct sso_callback late = {.state = state, .code = "code", .address = "10.0.0.1", .now = T0 + 601};
	cr_assert_eq(sso_finish(s, &late, &r, &err), 0, "%s", err.msg);
	cr_expect_str_eq(r.reason, "expired_state");
	expect_scalar("2", "SELECT count(*) FROM audit_log WHERE action = 'signin.sso.failed'");
	sso_result_release(&r);
}

static void
sync_roles(const struct sso_grant *g, size_t n, size_t want_changed)
{
	struct error err;
	size_t changed = 99;
	cr_assert_eq(store_begin(s, &err), 0);
	cr_assert_eq(sso_roles_sync(s, &actor_cli, ann, "ann@example.org", g, n, &changed, &err), 0, "%s", err.msg);
	cr_assert_eq(store_commit(s, &err), 0);
	cr_expect_eq(changed, want_changed);
}

static void
expect_role(int64_t unit, const char *want)
{
	char *sql = xasprintf("SELECT role || ':' || source FROM unit_role WHERE user_id = %lld AND unit_id = %lld",
			      (long long)ann, (long long)unit);
	expect_scalar(want, sql);
	free(sql);
}

Test(sso, role_sync_adds_and_removes_provider_rows_only)
{
	char *hand = scalar("INSERT INTO unit_role (user_id, unit_id, role, granted_at) VALUES (%lld, %lld, 'viewer', "
			    "'2026-01-01') RETURNING role",
			    (long long)ann, (long long)unit_a);
	free(hand);
	const struct sso_grant first[] = {{unit_a, "admin"}, {unit_b, "facilitator"}, {unit_c, "site_admin"}};
	sync_roles(first, 3, 1);
	expect_role(unit_a, "viewer:hand"); /* given by hand: never changed by a sign-in */
	expect_role(unit_b, "facilitator:provider");
	expect_role(unit_c, NULL); /* no rule can give anything but admin, facilitator or viewer */
	const struct sso_grant second[] = {{unit_b, "viewer"}, {unit_c, "viewer"}};
	sync_roles(second, 2, 2);
	expect_role(unit_b, "viewer:provider");
	expect_role(unit_c, "viewer:provider");
	sync_roles(NULL, 0, 2);
	expect_role(unit_a, "viewer:hand");
	expect_role(unit_b, NULL);
	expect_role(unit_c, NULL);
	expect_scalar("0", "SELECT is_admin FROM app_user WHERE email = 'ann@example.org'");
	expect_scalar("5", "SELECT count(*) FROM audit_log WHERE action = 'role.sync'");
}

static struct sso_provider
provider(bool trust)
{
	struct sso_provider p = {.id = 3, .enabled = true, .trust_verified_email = trust};
	snprintf(p.name, sizeof p.name, "nhs");
	snprintf(p.issuer, sizeof p.issuer, "https://idp.example");
	return p;
}

static void
sign_in(const struct sso_provider *p, const char *claims_json, struct sso_result *r)
{
	json_t *claims = json_loads(claims_json, 0, NULL);
	cr_assert_not_null(claims);
	struct error err;
	cr_assert_eq(sso_accept(s, p, claims, "header.payload.signature", "10.0.0.2", T0, r, &err), 0, "%s", err.msg);
	json_decref(claims);
}

Test(sso, first_signin_makes_an_account_with_no_role_keyed_on_subject)
{
	const struct sso_provider p = provider(false);
	struct sso_result r;
	sign_in(&p, "{\"iss\":\"https://idp.example\",\"sub\":\"s-1\",\"name\":\"Bea\",\"email\":\"bea@example.org\","
		   "\"sid\":\"sid-9\"}",
	       &r);
	cr_expect_eq(r.outcome, SSO_NO_ACCESS);
	cr_expect_eq(strlen(r.session.token), TOKEN_CHARS - 1);
	int64_t first = r.user_id;
	expect_scalar("Bea", "SELECT name FROM app_user WHERE email = 'bea@example.org'");
	expect_scalar("sid-9", "SELECT sso_sid FROM user_session WHERE provider_id = 3");
	char *sealed = scalar("SELECT id_token_sealed FROM user_session WHERE provider_id = 3");
	cr_expect(sealed && !strstr(sealed, "header.payload"), "the ID token is kept only sealed");
	free(sealed);
	/* The email changes at the provider: the same person, found by subject. */
	sign_in(&p, "{\"iss\":\"https://idp.example\",\"sub\":\"s-1\",\"name\":\"Bea\",\"email\":\"new@example.org\"}",
	       &r);
	cr_expect_eq(r.user_id, first);
	expect_scalar("1", "SELECT count(*) FROM user_identity");
	expect_scalar("2", "SELECT count(*) FROM audit_log WHERE action = 'signin.sso'");
}

Test(sso, an_existing_email_is_joined_only_when_trusted_and_verified)
{
	struct sso_result r;
	const char *claims = "{\"iss\":\"https://idp.example\",\"sub\":\"s-2\",\"email\":\"ann@example.org\","
			     "\"email_verified\":true}";
	const struct sso_provider untrusted = provider(false);
	sign_in(&untrusted, claims, &r);
	cr_expect_eq(r.outcome, SSO_REFUSED);
	cr_expect_str_eq(r.reason, "email_in_use");
	expect_scalar("0", "SELECT count(*) FROM user_identity");
	const struct sso_provider trusted = provider(true);
	sign_in(&trusted, "{\"iss\":\"https://idp.example\",\"sub\":\"s-2\",\"email\":\"ann@example.org\"}", &r);
	cr_expect_eq(r.outcome, SSO_REFUSED, "not verified: not joined");
	sign_in(&trusted, claims, &r);
	cr_expect_eq(r.outcome, SSO_NO_ACCESS);
	cr_expect_eq(r.user_id, ann);
	expect_scalar("1", "SELECT count(*) FROM audit_log WHERE action = 'identity.link'");
}

Test(sso, a_disabled_account_is_refused)
{
	const struct sso_provider p = provider(true);
	struct sso_result r;
	const char *claims = "{\"iss\":\"https://idp.example\",\"sub\":\"s-3\",\"email\":\"ann@example.org\","
			     "\"email_verified\":true}";
	sign_in(&p, claims, &r);
	cr_assert_eq(r.outcome, SSO_NO_ACCESS);
	free(scalar("UPDATE app_user SET disabled_at = '2026-01-01' WHERE id = %lld RETURNING id", (long long)ann));
	sign_in(&p, claims, &r);
	cr_expect_eq(r.outcome, SSO_REFUSED);
	cr_expect_str_eq(r.reason, "disabled");
}

Test(sso, logout_token_jti_is_single_use_and_ends_the_provider_session)
{
	const struct sso_provider p = provider(false);
	struct sso_result r;
	sign_in(&p, "{\"iss\":\"https://idp.example\",\"sub\":\"s-4\",\"sid\":\"sid-4\"}", &r);
	struct error err;
	struct session sess;
	cr_assert_eq(session_lookup(s, r.session.token, T0 + 1, &sess, &err), 1);
	long ended = 0;
	cr_expect_eq(sso_logout_use(s, &p, "jti-1", "sid-4", "s-4", T0 + 300, T0 + 2, &ended, &err), 0, "%s", err.msg);
	cr_expect_eq(ended, 1);
	cr_expect_eq(session_lookup(s, r.session.token, T0 + 3, &sess, &err), 0, "the session has ended");
	cr_expect_eq(sso_logout_use(s, &p, "jti-1", "sid-4", "s-4", T0 + 300, T0 + 4, &ended, &err), 1, "replayed");
	expect_scalar("1", "SELECT count(*) FROM audit_log WHERE action = 'signout.sso.failed'");
}
