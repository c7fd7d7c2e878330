/* test_usecases.c - each use case that writes and mails is one domain call owning its transaction: inviting by
 * mail (a round's, a 360's), a role given with a new person's mail, a forgotten password, an administrator's
 * reset. A failure midway (an address the outbox refuses, found after the rows before it were written) leaves
 * nothing written and no mail queued; on SQLite and (make check) PostgreSQL. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/account.h"
#include "domain/catalog.h"
#include "domain/feedback.h"
#include "domain/mail.h"
#include "domain/invitees.h"
#include "domain/round.h"
#include "domain/round_open.h"
#include "helpers.h"
#include "lib/strvec.h"
#include "store/store.h"

/* Refused by the outbox, the one address check (text_address_check): an account stored with it before that check
 * grew stricter (legacy_account), so that the mail's failure comes last. */
#define UNMAILABLE "late@example.org."
#define BASE "https://care.example"
static const struct mail_sender LEE = {"Lee", "lee@example.org"};
static const struct mail_limits LIMITS = {MAIL_FEEDBACK_PER_CYCLE, MAIL_FEEDBACK_PER_DAY};
#define PASSWORD "a long password 1"

static char *where;
static struct store *s;
static struct unit_tree tree;
static struct catalog *cat;

static void
setup(void)
{
	store_fixture_open("u.db", FIXTURE_UNITS, &where, &s, &tree, &cat);
}

static void
teardown(void)
{
	store_fixture_close(where, s, &tree, cat);
}

TestSuite(usecases, .init = setup, .fini = teardown);

/* The count SQL gives, read beneath the store. */
static long
count(const char *sql)
{
	char *v = test_db_scalar(where, sql);
	long n = v ? atol(v) : -1;
	free(v);
	return n;
}

/* An account whose address was taken by an older, looser check: made with a good one, then changed beneath the
 * store. */
static void
legacy_account(void)
{
	struct error err;
	cr_assert_eq(user_add(s, &actor_cli, "late@example.org", "Late", PASSWORD, false, NULL, &err), 0, "%s",
		     err.msg);
	free(test_db_scalar(where, "UPDATE app_user SET email = '" UNMAILABLE "' WHERE email = 'late@example.org' "
				   "RETURNING id"));
}

/* An address the one address check takes (a local part of 64, labels of 63) but of 204 characters, longer
 * than an invitation keeps as its label: a failure midway, after the first address's rows are written. */
static void
long_address(char *out, size_t size)
{
	char local[65], b[64], c[64];
	memset(local, 'a', 64), local[64] = '\0';
	memset(b, 'b', 63), b[63] = '\0';
	memset(c, 'c', 63), c[63] = '\0';
	snprintf(out, size, "%s@%s.%s.example.org", local, b, c);
}

static const struct instrument *
pgs(void)
{
	return catalog_find(cat, "pch-getting-started", 0);
}

static struct round
open_round(void)
{
	struct error err;
	int64_t id;
	struct round r;
	const struct unit *home = unit_by_code(&tree, "H");
	int rc = round_create(s, &actor_cli, home, pgs(), "Spring", "survey", "none", "2026-01-01", "2099-12-31", &id,
			      &err);
	cr_assert_eq(rc, 0, "%s", err.msg);
	cr_assert_eq(round_get(s, id, &r, &err), 1);
	return r;
}

/* IV read from the items of EMAILS, one entry each (as the API's list). */
static void
items(struct invitees *iv, const char *a, const char *b)
{
	struct strvec emails = STRVEC_INIT;
	strvec_push(&emails, a);
	strvec_push(&emails, b);
	invitees_items(iv, &emails, 100);
	strvec_clear(&emails);
}

Test(usecases, a_rounds_invitations_by_mail_are_all_made_with_their_messages)
{
	struct round r = open_round();
	struct invitees iv = INVITEES_INIT;
	items(&iv, "ann@example.org", "Bob <bob@example.org>");
	size_t invited = 0;
	struct error err;
	cr_assert_eq(round_invite_mail(s, &actor_cli, NULL, &r, "Home", pgs(), &iv, BASE, &invited, &err), 0, "%s",
		     err.msg);
	invitees_release(&iv);
	cr_expect_eq(invited, 2);
	cr_expect_eq(count("SELECT count(*) FROM invitation"), 2);
	cr_expect_eq(count("SELECT count(*) FROM outbox"), 2);
}

Test(usecases, an_address_already_invited_to_the_round_in_any_case_is_not_invited_again)
{
	struct round r = open_round();
	struct invitees iv = INVITEES_INIT;
	size_t invited = 0;
	struct error err;
	items(&iv, "ann@example.org", "not an address");
	cr_assert_eq(round_invite_mail(s, &actor_cli, NULL, &r, "Home", pgs(), &iv, BASE, &invited, &err), 0, "%s",
		     err.msg);
	cr_expect_eq(iv.count[INVITEE_INVALID], 1, "the line that is not an address is skipped, not sent");
	invitees_release(&iv);
	items(&iv, "ANN@Example.org", "cat@example.org");
	cr_assert_eq(round_invite_mail(s, &actor_cli, NULL, &r, "Home", pgs(), &iv, BASE, &invited, &err), 0, "%s",
		     err.msg);
	cr_expect_eq(iv.v[0].kind, INVITEE_INVITED);
	cr_expect_eq(iv.count[INVITEE_NEW], 1);
	invitees_release(&iv);
	cr_expect_eq(invited, 2);
	cr_expect_eq(count("SELECT count(*) FROM invitation"), 2, "Ann has one link, not two");
	cr_expect_eq(count("SELECT count(*) FROM outbox"), 2);
}

Test(usecases, a_round_invitation_refused_midway_leaves_no_invitation_and_no_mail)
{
	struct round r = open_round();
	struct invitees iv = INVITEES_INIT;
	/* An address of 204 characters is one, but longer than an invitation's label: refused at the second. */
	char long_one[240];
	long_address(long_one, sizeof long_one);
	items(&iv, "bob@example.org", long_one);
	cr_assert_eq(iv.count[INVITEE_NEW], 2);
	size_t invited = 0;
	struct error err;
	cr_expect_eq(round_invite_mail(s, &actor_cli, NULL, &r, "Home", pgs(), &iv, BASE, &invited, &err), -1);
	invitees_release(&iv);
	cr_expect_eq(err.kind, ERROR_INVALID);
	cr_expect_eq(invited, 0, "nothing is counted that was not committed");
	cr_expect_eq(count("SELECT count(*) FROM invitation"), 0, "the first address's invitation was kept");
	cr_expect_eq(count("SELECT count(*) FROM outbox"), 0, "the first address's message was kept");
	cr_expect_not(store_in_transaction(s), "the transaction was left open");
}

Test(usecases, a_360_invitation_refused_midway_leaves_no_invitation_and_no_mail)
{
	struct error err;
	struct user lee;
	int64_t id;
	struct feedback_cycle c;
	const struct instrument *rl = catalog_find(cat, "relational-leadership", 0);
	cr_assert_eq(user_add(s, &actor_cli, "lee@example.org", "Lee", PASSWORD, false, NULL, &err), 0, "%s", err.msg);
	cr_assert_eq(user_by_email(s, "lee@example.org", &lee, &err), 1);
	cr_assert_eq(feedback_cycle_create(s, &actor_cli, &lee, rl, "Autumn", &id, &err), 0, "%s", err.msg);
	cr_assert_eq(feedback_cycle_get(s, id, &c, &err), 1);
	struct invitees iv = INVITEES_INIT;
	char long_one[240];
	long_address(long_one, sizeof long_one);
	items(&iv, "ann@example.org", long_one);
	cr_expect_eq(feedback_invite_mail(s, &actor_cli, &LEE, &c, rl, NULL, &iv, BASE, &LIMITS, &err), -1);
	cr_expect_eq(count("SELECT count(*) FROM feedback_invitation"), 0);
	cr_expect_eq(count("SELECT count(*) FROM outbox"), 0);
	invitees_release(&iv);
	items(&iv, "ann@example.org", "bob@example.org");
	cr_expect_eq(feedback_invite_mail(s, &actor_cli, &LEE, &c, rl, NULL, &iv, BASE, &LIMITS, &err), 0, "%s",
		     err.msg);
	invitees_release(&iv);
	items(&iv, "Ann <ANN@example.org>", "cat@example.org");
	cr_expect_eq(feedback_invite_mail(s, &actor_cli, &LEE, &c, rl, NULL, &iv, BASE, &LIMITS, &err), 0, "%s",
		     err.msg);
	cr_expect_eq(iv.v[0].kind, INVITEE_INVITED, "a colleague already asked is not asked twice");
	invitees_release(&iv);
	cr_expect_eq(count("SELECT count(*) FROM feedback_invitation"), 3);
	cr_expect_eq(count("SELECT count(*) FROM outbox"), 3);
}

Test(usecases, a_role_for_a_new_person_comes_with_their_account_link_and_mail)
{
	const struct role_grant g = {"cy@example.org", "Cy", ROLE_VIEWER, "Ada", NULL, BASE};
	struct role_granted got;
	struct error err;
	cr_assert_eq(role_grant(s, &actor_cli, unit_by_code(&tree, "H"), &g, &got, &err), 0, "%s", err.msg);
	cr_expect_str_eq(got.user.email, "cy@example.org");
	cr_expect(got.token[0], "a new person gets a link");
	cr_expect_eq(count("SELECT count(*) FROM unit_role"), 1);
	cr_expect_eq(count("SELECT count(*) FROM outbox WHERE kind = 'welcome'"), 1);
	/* Given again, to someone with an account now: no new link, no mail. */
	cr_assert_eq(role_grant(s, &actor_cli, unit_by_code(&tree, "H"), &g, &got, &err), 0, "%s", err.msg);
	cr_expect_eq(got.token[0], '\0');
	cr_expect_eq(count("SELECT count(*) FROM outbox"), 1);
}

Test(usecases, a_role_whose_mail_fails_leaves_no_account_link_role_or_mail)
{
	const struct role_grant g = {UNMAILABLE, "Late", ROLE_VIEWER, "Ada", NULL, BASE};
	struct role_granted got;
	struct error err;
	cr_expect_eq(role_grant(s, &actor_cli, unit_by_code(&tree, "H"), &g, &got, &err), -1);
	cr_expect_eq(got.token[0], '\0', "a link that was rolled back is never shown");
	cr_expect_eq(count("SELECT count(*) FROM app_user"), 0);
	cr_expect_eq(count("SELECT count(*) FROM password_token"), 0);
	cr_expect_eq(count("SELECT count(*) FROM unit_role"), 0);
	cr_expect_eq(count("SELECT count(*) FROM outbox"), 0);
	const struct role_grant nameless = {"dee@example.org", "", ROLE_VIEWER, "Ada", NULL, NULL};
	cr_expect_eq(role_grant(s, &actor_cli, unit_by_code(&tree, "H"), &nameless, &got, &err), -1);
	cr_expect_eq(err.kind, ERROR_INVALID, "a new person without a name is the asker's to fix");
}

Test(usecases, a_forgotten_password_whose_mail_fails_leaves_no_link_and_no_mail)
{
	struct error err;
	legacy_account();
	enum signin_result result;
	long wait;
	cr_expect_eq(password_forgot_send(s, UNMAILABLE, "10.0.0.9", 3000000, BASE, NULL, &result, &wait, &err), -1);
	cr_expect_eq(count("SELECT count(*) FROM password_token"), 0);
	cr_expect_eq(count("SELECT count(*) FROM outbox"), 0);
	cr_expect_eq(count("SELECT count(*) FROM signin_throttle"), 0, "the try was counted though nothing went");
	cr_assert_eq(user_add(s, &actor_cli, "fay@example.org", "Fay", PASSWORD, false, NULL, &err), 0, "%s", err.msg);
	cr_expect_eq(password_forgot_send(s, "fay@example.org", "10.0.0.9", 3000000, BASE, NULL, &result, &wait, &err),
		     0, "%s", err.msg);
	cr_expect_eq(result, SIGNIN_OK);
	cr_expect_eq(count("SELECT count(*) FROM outbox WHERE kind = 'password'"), 1);
}

Test(usecases, a_reset_whose_mail_fails_leaves_the_password_working)
{
	struct error err;
	struct user u;
	legacy_account();
	cr_assert_eq(user_by_email(s, UNMAILABLE, &u, &err), 1);
	cr_expect_eq(password_reset_send(s, &actor_cli, &u, BASE, &err), -1);
	cr_assert_eq(user_by_email(s, UNMAILABLE, &u, &err), 1);
	cr_expect(u.has_password, "the password was cleared though no link went");
	cr_expect_eq(count("SELECT count(*) FROM password_token"), 0);
	cr_expect_eq(count("SELECT count(*) FROM outbox"), 0);
}

/* The statements a forgotten password for EMAIL from ADDRESS at NOW ran, and a digest of their order. */
static void
forgot_tally(const char *email, const char *address, time_t now, uint64_t *n, uint64_t *digest)
{
	struct error err;
	enum signin_result result;
	long wait;
	store_tally(s, n, digest);
	cr_assert_eq(password_forgot_send(s, email, address, now, BASE, NULL, &result, &wait, &err), 0, "%s", err.msg);
	cr_assert_eq(result, SIGNIN_OK);
	store_tally(s, n, digest);
}

Test(usecases, a_forgotten_password_runs_the_same_statements_whether_or_not_the_account_exists)
{
	struct error err;
	cr_assert_eq(user_add(s, &actor_cli, "fay@example.org", "Fay", PASSWORD, false, NULL, &err), 0, "%s", err.msg);
	uint64_t n_account, n_none, n_junk, d_account, d_none, d_junk;
	forgot_tally("fay@example.org", "10.0.0.1", 3000000, &n_account, &d_account);
	forgot_tally("nobody-here@example.org", "10.0.0.2", 3000000, &n_none, &d_none);
	forgot_tally("not an address", "10.0.0.3", 3000000, &n_junk, &d_junk);
	cr_expect_eq(n_account, n_none, "an account's request ran %llu statements, a stranger's %llu",
		     (unsigned long long)n_account, (unsigned long long)n_none);
	cr_expect_eq(d_account, d_none, "the same statements in the same order");
	cr_expect_eq(n_account, n_junk);
	cr_expect_eq(d_account, d_junk);
	cr_expect_eq(count("SELECT count(*) FROM outbox WHERE kind = 'password'"), 1, "only the account is mailed");
	cr_expect_eq(count("SELECT count(*) FROM password_token"), 1, "only the account has a link");
}

Test(usecases, a_role_grant_asks_everyone_for_a_name_so_its_refusal_tells_no_one_who_has_an_account)
{
	struct error err_known, err_new;
	struct role_granted got;
	cr_assert_eq(user_add(s, &actor_cli, "fay@example.org", "Fay", PASSWORD, false, NULL, &err_known), 0);
	const struct role_grant known = {"fay@example.org", "", ROLE_VIEWER, "Ada", NULL, NULL};
	const struct role_grant stranger = {"dee@example.org", "", ROLE_VIEWER, "Ada", NULL, NULL};
	cr_expect_eq(role_grant(s, &actor_cli, unit_by_code(&tree, "H"), &known, &got, &err_known), -1);
	cr_expect_eq(role_grant(s, &actor_cli, unit_by_code(&tree, "H"), &stranger, &got, &err_new), -1);
	cr_expect_str_eq(err_known.msg, err_new.msg, "the same refusal either way");
	cr_expect_eq(count("SELECT count(*) FROM unit_role"), 0);
}
