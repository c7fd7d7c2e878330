/* test_store.c - opening databases: a new one gets the whole schema, an older one is upgraded with its data
 * kept, a newer one is refused and left byte-for-byte untouched, and what is not a database says so. */
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "domain/catalog.h"
#include "helpers.h"
#include "lib/xalloc.h"
#include "store/store.h"


static char *
db_path(void)
{
	return xasprintf("%s/test.db", test_dir);
}

TestSuite(store, .init = temp_dir_setup, .fini = temp_dir_teardown);

Test(store, creates_a_new_database_at_the_latest_schema)
{
	char *path = db_path();
	struct store *s;
	struct error err;
	cr_assert_eq(store_open(&s, path, STORE_OPEN_CREATE, &err), 0, "%s", err.msg);
	int v;
	cr_assert_eq(store_schema_version(s, &v, &err), 0);
	cr_expect_eq(v, store_schema_latest());
	cr_expect_geq(store_schema_latest(), 2);
	long n = -1;
	cr_assert_eq(store_unit_count(s, &n, &err), 0, "%s", err.msg);
	cr_expect_eq(n, 0);
	store_close(s);
	store_close(NULL);
	free(path);
}

Test(store, refuses_to_create_when_asked_for_an_existing_database)
{
	char *path = db_path();
	struct store *s;
	struct error err;
	cr_expect_eq(store_open(&s, path, STORE_OPEN_EXISTING, &err), -1);
	cr_expect_null(s);
	cr_expect(strstr(err.msg, "no database at") != NULL, "%s", err.msg);
	cr_expect(strstr(err.msg, "caregrid init") != NULL, "%s", err.msg);
	free(path);
}

Test(store, upgrades_an_older_schema_keeping_its_data)
{
	char *path = db_path();
	struct store *s;
	struct error err;
	cr_assert_eq(store_open_at(&s, path, STORE_OPEN_CREATE, 1, &err), 0, "%s", err.msg);
	int v;
	store_schema_version(s, &v, &err);
	cr_assert_eq(v, 1);
	cr_assert_eq(store_instrument_put(s, "x", 1, "X", "{}", "abc", "test", &err), 1, "%s", err.msg);
	/* Version 1 has no units yet. */
	long n;
	cr_expect_eq(store_unit_count(s, &n, &err), -1);
	store_close(s);

	cr_assert_eq(store_open(&s, path, STORE_OPEN_EXISTING, &err), 0, "%s", err.msg);
	store_schema_version(s, &v, &err);
	cr_expect_eq(v, store_schema_latest());
	cr_expect_eq(store_instrument_put(s, "x", 1, "X", "{}", "abc", "test", &err), 0, "kept from before");
	cr_assert_eq(store_unit_add(s, "R", "Region", "region", NULL, -1, NULL, NULL, &err), 0, "%s", err.msg);
	cr_assert_eq(store_unit_add(s, "P", "Practice", "practice", "R", 12000, "2026-01-01", NULL, &err), 0);
	cr_expect_eq(store_unit_add(s, "Q", "Orphan", "practice", "NOPE", 1, NULL, NULL, &err), -1);
	cr_expect_str_eq(err.msg, "unknown parent unit \"NOPE\"");
	cr_assert_eq(store_unit_count(s, &n, &err), 0);
	cr_expect_eq(n, 2);
	store_close(s);
	free(path);
}

Test(store, refuses_a_newer_schema_and_leaves_it_untouched)
{
	char *path = db_path();
	struct store *s;
	struct error err;
	cr_assert_eq(store_open(&s, path, STORE_OPEN_CREATE, &err), 0);
	store_close(s);
	sqlite3 *db;
	cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(db, "INSERT INTO schema_migrations VALUES (999, '999_future.sql', 'x')", NULL,
				  NULL, NULL), SQLITE_OK);
	/* Back to a single file, so that any later write would show in its bytes. */
	sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
	sqlite3_close(db);
	size_t len_before, len_after;
	char *before = read_whole_file(path, &len_before);

	cr_expect_eq(store_open(&s, path, STORE_OPEN_EXISTING, &err), -1);
	cr_expect(strstr(err.msg, "schema version 999, newer than this caregrid knows") != NULL, "%s", err.msg);
	cr_expect(strstr(err.msg, "left untouched") != NULL, "%s", err.msg);

	char *after = read_whole_file(path, &len_after);
	cr_assert_eq(len_before, len_after);
	cr_expect_eq(memcmp(before, after, len_before), 0, "the database file changed");
	free(before);
	free(after);
	free(path);
}

Test(store, says_when_a_file_is_not_a_database)
{
	char *path = write_file(test_dir, "notes.db", "these are my notes, not a database, and they are long enough\n");
	struct store *s;
	struct error err;
	cr_expect_eq(store_open(&s, path, STORE_OPEN_EXISTING, &err), -1);
	cr_expect(strstr(err.msg, "not a database") != NULL, "%s", err.msg);
	free(path);
}

Test(store, syncs_the_catalog_both_ways)
{
	char *path = db_path();
	struct store *s;
	struct error err;
	cr_assert_eq(store_open(&s, path, STORE_OPEN_CREATE, &err), 0);
	struct catalog *cat = catalog_new();
	struct strvec problems = STRVEC_INIT;
	catalog_load_builtin(cat, &problems);
	cr_assert_eq(catalog_sync_store(cat, s, &problems, &err), 0, "%s", err.msg);
	catalog_free(cat);

	/* A catalog with nothing built in learns the five from the database. */
	cat = catalog_new();
	cr_assert_eq(catalog_sync_store(cat, s, &problems, &err), 0);
	cr_expect_eq(catalog_count(cat), 6);
	const struct instrument *grid = catalog_find(cat, "pch-development-grid", 1);
	cr_assert_not_null(grid);
	cr_expect_eq(grid->n_items, 29);
	cr_expect_eq(problems.n, 0);
	catalog_free(cat);
	strvec_clear(&problems);
	store_close(s);
	free(path);
}

/* Servers keep the unit tree in memory until the units counter moves: every statement that writes the unit
 * table must move it, or another server would show a renamed or moved unit as it was. */
Test(store, every_statement_writing_units_moves_the_units_counter)
{
	static const char *const writes[] = {"INSERT INTO unit ", "UPDATE unit ", "DELETE FROM unit "};
	for (int q = 0; q < Q_COUNT; q++) {
		const char *sql = query_text((enum query_id)q, !query_sql[q]); /* or the one PostgreSQL only has */
		bool writes_units = false;
		for (size_t w = 0; w < sizeof writes / sizeof *writes; w++)
			writes_units = writes_units || (sql && strstr(sql, writes[w]) != NULL);
		cr_expect_eq(writes_units, query_changes_unit_tree((enum query_id)q),
			     "query %d (%s): writes units %d, flagged %d", q, sql, writes_units,
			     query_changes_unit_tree((enum query_id)q));
	}
}

Test(store, the_units_counter_moves_with_each_change)
{
	char *where = test_db_where("counter.db");
	struct store *s;
	struct error err;
	cr_assert_eq(store_open(&s, where, STORE_OPEN_CREATE, &err), 0, "%s", err.msg);
	int64_t before = -1, after = -1, later = -1;
	cr_assert_eq(store_get_int(s, Q_UNITS_VERSION, NULL, 0, &before, &err), 1, "%s", err.msg);
	int64_t id;
	cr_assert_eq(store_unit_add(s, "U1", "One", "practice", NULL, -1, NULL, &id, &err), 0, "%s", err.msg);
	cr_assert_eq(store_get_int(s, Q_UNITS_VERSION, NULL, 0, &after, &err), 1);
	cr_expect_gt(after, before);
	struct param p[] = {PINT(id), PTEXT("Renamed")};
	cr_assert_eq(store_exec(s, Q_UNIT_RENAME, PARAMS(p), NULL, NULL, NULL, &err), 0, "%s", err.msg);
	cr_assert_eq(store_get_int(s, Q_UNITS_VERSION, NULL, 0, &later, &err), 1);
	cr_expect_gt(later, after);
	/* A read moves nothing. */
	long n;
	cr_assert_eq(store_unit_count(s, &n, &err), 0);
	int64_t same = -1;
	store_get_int(s, Q_UNITS_VERSION, NULL, 0, &same, &err);
	cr_expect_eq(same, later);
	store_close(s);
	free(where);
}

static long
count_users(struct store *s)
{
	int64_t n = -1;
	struct error err;
	cr_assert_eq(store_get_int(s, Q_USER_COUNT, NULL, 0, &n, &err), 1, "%s", err.msg);
	return (long)n;
}

/* On PostgreSQL the statements below wait in the pipeline and the duplicate's failure shows only at the COMMIT,
 * after the third statement was sent: the server skips the rest and the whole transaction is gone. */
static int
store_test_read_int(void *ctx, const struct row *r)
{
	*(int64_t *)ctx = row_int(r, 0);
	return 1;
}

Test(store, a_failure_in_the_middle_of_a_transaction_leaves_nothing_written)
{
	char *where = test_db_where("pipeline.db");
	struct store *s;
	struct error err;
	cr_assert_eq(store_open(&s, where, STORE_OPEN_CREATE, &err), 0, "%s", err.msg);
	const char *emails[] = {"a@example.org", "b@example.org", "a@example.org", "c@example.org"};
	cr_assert_eq(store_begin(s, &err), 0, "%s", err.msg);
	int rc = 0;
	for (size_t i = 0; i < 4 && rc == 0; i++) {
		struct param p[] = {PTEXT(emails[i]), PTEXT("Someone"), PTEXT("x"), PINT(0),
				    PTEXT("2026-12-06T00:00:00Z")};
		rc = store_queue(s, Q_USER_ADD, PARAMS(p), NULL, NULL, NULL, &err);
	}
	cr_expect_eq(store_finish(s, rc, &err), -1, "the duplicate address was stored");
	cr_expect_eq(err.kind, ERROR_CONFLICT, "%s", err.msg);
	cr_expect_eq(count_users(s), 0);
	/* The connection is whole again: the next transaction commits, its rows delivered at the flush. */
	cr_assert_eq(store_begin(s, &err), 0, "%s", err.msg);
	struct param p[] = {PTEXT("d@example.org"), PTEXT("Dee"), PTEXT("x"), PINT(0), PTEXT("2026-12-06T00:00:00Z")};
	int64_t id = 0;
	cr_assert_eq(store_queue(s, Q_USER_ADD, PARAMS(p), store_test_read_int, &id, NULL, &err), 0, "%s", err.msg);
	cr_assert_eq(store_flush(s, &err), 0, "%s", err.msg);
	cr_expect_gt(id, 0);
	cr_assert_eq(store_commit(s, &err), 0, "%s", err.msg);
	cr_expect_eq(count_users(s), 1);
	store_close(s);
	free(where);
}
