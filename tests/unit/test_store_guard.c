/* test_store_guard.c - the write guard (store.h): a write made for someone goes through only while their
 * session is live, they are not disabled and they hold the role it needs; a revoke made through another
 * connection stops the next transaction, and what is refused writes nothing. Runs on both backends. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "domain/access.h"
#include "domain/audit.h"
#include "domain/auth.h"
#include "helpers.h"
#include "lib/strvec.h"
#include "store/store.h"

static char *where;
static struct store *s, *other; /* OTHER: another process sharing the database (the CLI, a second server) */
static struct unit_tree tree;
static struct session ann_session, root_session;
static int64_t ann_id, root_id;

static void
sign_in(const char *email, struct session *out, int64_t *id)
{
	struct error err;
	enum signin_result r;
	long wait;
	cr_assert_eq(auth_signin(s, email, "a long enough password", "127.0.0.1", time(NULL), &r, &wait, out, &err), 0,
		     "%s", err.msg);
	cr_assert_eq(r, SIGNIN_OK);
	*id = out->user_id;
}

static void
setup(void)
{
	temp_dir_setup();
	where = test_db_where("guard.db");
	struct error err;
	cr_assert_eq(store_open(&s, where, STORE_OPEN_CREATE, &err), 0, "%s", err.msg);
	cr_assert_eq(store_open(&other, where, STORE_OPEN_EXISTING, &err), 0, "%s", err.msg);
	const char *csv = "code,name,type,parent_code\nR,Region,region,\nA,Locality A,locality,R\nHA,Home A,pch,A\n";
	struct strvec problems = STRVEC_INIT;
	cr_assert_eq(unit_import_csv(s, &actor_cli, csv, strlen(csv), "setup", &problems, &err), 3, "%s", err.msg);
	strvec_clear(&problems);
	cr_assert_eq(unit_tree_load(s, &tree, &err), 0);
	cr_assert_eq(user_add(s, &actor_cli, "ann@example.org", "Ann", "a long enough password", false, NULL, &err), 0);
	cr_assert_eq(user_add(s, &actor_cli, "root@example.org", "Root", "a long enough password", true, NULL, &err),
		     0);
	cr_assert_eq(role_set(s, &actor_cli, unit_by_code(&tree, "A"), "ann@example.org", ROLE_FACILITATOR, &err), 0);
	sign_in("ann@example.org", &ann_session, &ann_id);
	sign_in("root@example.org", &root_session, &root_id);
}

static void
teardown(void)
{
	unit_tree_release(&tree);
	store_close(s);
	store_close(other);
	free(where);
	temp_dir_teardown();
}

TestSuite(store_guard, .init = setup, .fini = teardown);

static int64_t
unit_id(const char *code)
{
	return unit_by_code(&tree, code)->id;
}

static long
audit_lines(void)
{
	char *n = test_db_scalar(where, "SELECT count(*) FROM audit_log");
	long v = atol(n);
	free(n);
	return v;
}

/* One audited write in a transaction of its own, as a domain function makes it: 0 or -1 (ERR). */
static int
write_once(struct error *err)
{
	if (store_begin(s, err) < 0)
		return -1;
	int rc = audit_record(s, &actor_cli, "test.write", 0, "guard", "a write", err);
	return store_finish(s, rc, err);
}

Test(store_guard, writes_while_the_role_holds_and_nothing_once_another_connection_removes_it)
{
	struct error err;
	session_guard_writes(s, ann_session.token, ann_id, unit_id("HA"), ROLE_FACILITATOR, false, false);
	cr_assert_eq(write_once(&err), 0, "inherited from the locality: %s", err.msg);
	cr_assert_eq(role_set(other, &actor_cli, unit_by_code(&tree, "A"), "ann@example.org", ROLE_NONE, &err), 0);
	long before = audit_lines();
	cr_expect_eq(write_once(&err), -1);
	cr_expect_eq(err.kind, ERROR_FORBIDDEN);
	cr_expect_eq(store_guard_refused(s), ERROR_FORBIDDEN);
	cr_expect_not(store_in_transaction(s));
	/* A write outside any transaction is refused too, and the refusal stays for the rest of the request. */
	cr_expect_eq(audit_record(s, &actor_cli, "test.bare", 0, "guard", "a bare write", &err), -1);
	cr_expect_eq(err.kind, ERROR_FORBIDDEN);
	cr_expect_eq(audit_lines(), before, "nothing was written");
	/* Reads are not the guard's. */
	int64_t n;
	cr_expect_eq(store_get_int(s, Q_USER_COUNT, NULL, 0, &n, &err), 1, "%s", err.msg);
	store_guard_set(s, NULL);
	cr_expect_eq(store_guard_refused(s), 0);
	cr_expect_eq(write_once(&err), 0, "with no guard: %s", err.msg);
}

Test(store_guard, a_lower_role_than_the_write_needs_is_refused)
{
	struct error err;
	cr_assert_eq(role_set(other, &actor_cli, unit_by_code(&tree, "A"), "ann@example.org", ROLE_VIEWER, &err), 0);
	session_guard_writes(s, ann_session.token, ann_id, unit_id("HA"), ROLE_FACILITATOR, false, false);
	cr_expect_eq(write_once(&err), -1);
	cr_expect_eq(err.kind, ERROR_FORBIDDEN);
	store_guard_set(s, NULL);
	session_guard_writes(s, ann_session.token, ann_id, unit_id("HA"), ROLE_VIEWER, false, false);
	cr_expect_eq(write_once(&err), 0, "a viewer's write: %s", err.msg);
}

Test(store_guard, a_region_wide_write_needs_admin_on_the_top_of_the_tree)
{
	struct error err;
	cr_assert_eq(role_set(other, &actor_cli, unit_by_code(&tree, "A"), "ann@example.org", ROLE_ADMIN, &err), 0);
	session_guard_writes(s, ann_session.token, ann_id, unit_id("HA"), ROLE_ADMIN, true, false);
	cr_expect_eq(write_once(&err), -1, "admin of the locality, not of the region");
	store_guard_set(s, NULL);
	cr_assert_eq(role_set(other, &actor_cli, unit_by_code(&tree, "R"), "ann@example.org", ROLE_ADMIN, &err), 0);
	session_guard_writes(s, ann_session.token, ann_id, unit_id("HA"), ROLE_ADMIN, true, false);
	cr_expect_eq(write_once(&err), 0, "%s", err.msg);
}

Test(store_guard, a_site_administrator_passes_every_role_and_only_they_pass_site_wide_writes)
{
	struct error err;
	session_guard_writes(s, root_session.token, root_id, unit_id("HA"), ROLE_ADMIN, true, false);
	cr_expect_eq(write_once(&err), 0, "%s", err.msg);
	store_guard_set(s, NULL);
	session_guard_writes(s, root_session.token, root_id, 0, 0, false, true);
	cr_expect_eq(write_once(&err), 0, "%s", err.msg);
	store_guard_set(s, NULL);
	session_guard_writes(s, ann_session.token, ann_id, 0, 0, false, true);
	cr_expect_eq(write_once(&err), -1);
	cr_expect_eq(err.kind, ERROR_FORBIDDEN);
}

Test(store_guard, an_ended_session_writes_nothing)
{
	struct error err;
	session_guard_writes(s, ann_session.token, ann_id, 0, 0, false, false);
	cr_assert_eq(write_once(&err), 0, "%s", err.msg);
	cr_assert_eq(session_end(other, ann_session.token, &err), 0);
	long before = audit_lines();
	cr_expect_eq(write_once(&err), -1);
	cr_expect_eq(err.kind, ERROR_SIGNED_OUT);
	cr_expect_eq(store_guard_refused(s), ERROR_SIGNED_OUT);
	cr_expect_eq(audit_lines(), before);
}

Test(store_guard, a_disabled_person_writes_nothing)
{
	struct error err;
	session_guard_writes(s, ann_session.token, ann_id, unit_id("HA"), ROLE_FACILITATOR, false, false);
	cr_assert_eq(write_once(&err), 0, "%s", err.msg);
	free(test_db_scalar(where, "UPDATE app_user SET disabled_at = '2026-01-01T00:00:00Z' "
				   "WHERE email = 'ann@example.org' RETURNING id"));
	cr_expect_eq(write_once(&err), -1);
	cr_expect_eq(err.kind, ERROR_SIGNED_OUT);
}

Test(store_guard, someone_elses_session_or_no_session_writes_nothing)
{
	struct error err;
	session_guard_writes(s, root_session.token, ann_id, 0, 0, false, false);
	cr_expect_eq(write_once(&err), -1, "root's session is not ann's");
	store_guard_set(s, NULL);
	session_guard_writes(s, NULL, ann_id, 0, 0, false, false);
	cr_expect_eq(write_once(&err), -1);
	cr_expect_eq(err.kind, ERROR_SIGNED_OUT);
}

Test(store_guard, a_second_unit_the_write_reaches_needs_its_role_too)
{
	struct error err;
	cr_assert_eq(role_set(other, &actor_cli, unit_by_code(&tree, "HA"), "ann@example.org", ROLE_ADMIN, &err), 0);
	session_guard_writes(s, ann_session.token, ann_id, 0, 0, false, false);
	store_guard_also(s, unit_id("HA"), ROLE_ADMIN);
	cr_expect_eq(write_once(&err), 0, "%s", err.msg);
	cr_assert_eq(role_set(other, &actor_cli, unit_by_code(&tree, "HA"), "ann@example.org", ROLE_NONE, &err), 0);
	cr_expect_eq(write_once(&err), -1, "the admin role on the second unit is gone");
	cr_expect_eq(err.kind, ERROR_FORBIDDEN);
	store_guard_set(s, NULL);
	session_guard_writes(s, ann_session.token, ann_id, 0, 0, false, false);
	store_guard_also(s, 0, ROLE_ADMIN);
	cr_expect_eq(write_once(&err), -1, "a second unit of 0: only a site administrator");
	store_guard_set(s, NULL);
	session_guard_writes(s, root_session.token, root_id, 0, 0, false, false);
	store_guard_also(s, 0, ROLE_ADMIN);
	cr_expect_eq(write_once(&err), 0, "%s", err.msg);
}
