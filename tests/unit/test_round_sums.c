/* test_round_sums.c - what the regional grid reads: the 'results' counter that tells a server its kept grid is
 * old (every statement that may change it moves it, a read does not), and each round's sums packed into one
 * value (round_sums.h), including the upgrade to schema 021 from one row per element. */
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "lib/buf.h"
#include "lib/xalloc.h"
#include "store/queries.h"
#include "store/round_sums.h"
#include "store/store.h"

TestSuite(round_sums, .init = temp_dir_setup, .fini = temp_dir_teardown);

/* A server keeps the grid until the counter moves: a statement that writes a round, its stored sums, or which
 * answers count, and is not flagged, would leave every server showing the grid as it was. */
Test(round_sums, every_statement_writing_rounds_their_sums_or_what_counts_moves_the_results_counter)
{
	static const char *const writes[] = {"INSERT INTO round ", "UPDATE round ", "DELETE FROM round ",
					     "INSERT INTO round_summary ", "UPDATE round_summary ",
					     "DELETE FROM round_summary ", "SET counted = "};
	for (int q = 0; q < Q_COUNT; q++) {
		const char *sql = query_text((enum query_id)q, !query_sql[q]); /* or the one PostgreSQL only has */
		bool writes_results = false;
		for (size_t w = 0; w < sizeof writes / sizeof *writes; w++)
			writes_results = writes_results || (sql && strstr(sql, writes[w]) != NULL);
		bool flagged = query_changes_results((enum query_id)q);
		cr_expect_eq(writes_results, flagged, "query %d (%s): writes results %d, flagged %d", q, sql,
			     writes_results, flagged);
	}
}

static int64_t
results_counter(struct store *s)
{
	int64_t v = 0;
	struct error err;
	/* No row until the first change: 0. */
	cr_assert_geq(store_get_int(s, Q_RESULTS_VERSION, NULL, 0, &v, &err), 0, "%s", err.msg);
	return v;
}

Test(round_sums, the_results_counter_moves_with_each_statement_that_changes_results_and_not_otherwise)
{
	char *where = test_db_where("results.db");
	struct store *s;
	struct error err;
	cr_assert_eq(store_open(&s, where, STORE_OPEN_CREATE, &err), 0, "%s", err.msg);
	int64_t unit;
	cr_assert_eq(store_unit_add(s, "U1", "One", "practice", NULL, -1, NULL, &unit, &err), 0, "%s", err.msg);
	int64_t before = results_counter(s);
	/* Each moves it, whether or not a row matched: the counter says "may have changed". */
	struct param close[] = {PINT(424242), PTEXT("2026-01-01T00:00:00Z")};
	struct param round[] = {PINT(424242)};
	struct param pending[] = {PINT(424242), PINT(5), PINT(3)}; /* the round, the default minimum, its floor */
	struct {
		enum query_id q;
		const struct param *p;
		int n;
	} changes[] = {{Q_ROUND_CLOSE, PARAMS(close)}, {Q_SUMMARY_DELETE, PARAMS(round)},
		       {Q_ROUND_COUNT_ALL_ONCE, PARAMS(round)}, {Q_ROUND_COUNT_PENDING, PARAMS(pending)}};
	for (size_t i = 0; i < sizeof changes / sizeof *changes; i++) {
		cr_assert_geq(store_exec(s, changes[i].q, changes[i].p, changes[i].n, NULL, NULL, NULL, &err), 0, "%s",
			      err.msg);
		int64_t after = results_counter(s);
		cr_expect_gt(after, before, "statement %zu did not move the counter", i);
		before = after;
	}
	/* A read, and a write that changes no result (who may compare, decided per request), move nothing. */
	struct param share[] = {PINT(unit), PINT(1)};
	cr_assert_geq(store_exec(s, Q_UNIT_SHARE_SET, PARAMS(share), NULL, NULL, NULL, &err), 0, "%s", err.msg);
	struct param latest[] = {PTEXT("pch-development-grid"), PTEXT("2026-12-31")};
	cr_assert_geq(store_exec(s, Q_REGION_LATEST, PARAMS(latest), NULL, NULL, NULL, &err), 0, "%s", err.msg);
	cr_expect_eq(results_counter(s), before);
	store_close(s);
	free(where);
}

struct seen {
	char codes[4][8];
	double v[4][3];
	int n;
};

static int
collect(void *ctx, const char *code, int64_t n, double total, double total_sq)
{
	struct seen *s = ctx;
	cr_assert_lt(s->n, 4);
	snprintf(s->codes[s->n], sizeof s->codes[s->n], "%s", code);
	s->v[s->n][0] = (double)n;
	s->v[s->n][1] = total;
	s->v[s->n][2] = total_sq;
	s->n++;
	return 0;
}

Test(round_sums, packed_sums_read_back_exactly_and_a_damaged_value_is_refused)
{
	struct buf b = BUF_INIT;
	buf_init(&b, 0);
	round_sums_start(&b);
	cr_assert_eq(round_sums_add(&b, "A1", 30, 95, 311), 0);
	cr_assert_eq(round_sums_add(&b, "B12", 0, 0, 0), 0);
	cr_assert_eq(round_sums_add(&b, "C3", 7, 0.1, 1e300), 0);
	cr_expect_eq(round_sums_add(&b, "", 1, 1, 1), -1, "an empty code is refused");
	struct seen s = {0};
	cr_assert_eq(round_sums_each(b.data, b.len, collect, &s), 0);
	cr_assert_eq(s.n, 3);
	cr_expect_str_eq(s.codes[0], "A1");
	cr_expect_str_eq(s.codes[1], "B12");
	cr_expect_str_eq(s.codes[2], "C3");
	cr_expect_eq(s.v[0][0], 30);
	cr_expect_eq(s.v[0][1], 95);
	cr_expect_eq(s.v[0][2], 311);
	cr_expect_eq(s.v[2][1], 0.1, "a sum is kept to the last bit");
	cr_expect_eq(s.v[2][2], 1e300);
	struct seen t = {0};
	cr_expect_eq(round_sums_each(b.data, b.len - 1, collect, &t), -1, "a value cut short is refused");
	cr_expect_eq(round_sums_each("\x02", 1, collect, &t), -1, "another form's version is refused");
	cr_expect_eq(round_sums_each("", 0, collect, &t), -1, "an empty value is refused");
	buf_release(&b);
}

static void
sql_exec(const char *path, const char *sql)
{
	sqlite3 *db;
	cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
	char *msg = NULL;
	cr_assert_eq(sqlite3_exec(db, sql, NULL, NULL, &msg), SQLITE_OK, "%s", msg ? msg : "");
	sqlite3_close(db);
}

static char *
hex_of(const struct buf *b)
{
	char *out = xmalloc(b->len * 2 + 1);
	for (size_t i = 0; i < b->len; i++)
		sprintf(out + 2 * i, "%02X", (unsigned char)b->data[i]);
	out[b->len * 2] = '\0';
	return out;
}

Test(round_sums, a_schema_20_database_keeps_each_rounds_sums_packed_on_one_row)
{
	char *path = xasprintf("%s/sums.db", test_dir);
	struct store *s;
	struct error err;
	cr_assert_eq(store_open_at(&s, path, STORE_OPEN_CREATE, 20, &err), 0, "%s", err.msg);
	store_close(s);
	sql_exec(path, "INSERT INTO round_summary (round_id, respondents, computed_at) VALUES"
		       " (1, 30, 'x'), (2, 4, 'x');"
		       "INSERT INTO round_item_summary (round_id, item_code, n, total, total_sq) VALUES"
		       " (1, 'B1', 28, 70, 190), (1, 'A1', 30, 95.5, 311.25);");
	cr_assert_eq(store_open(&s, path, STORE_OPEN_EXISTING, &err), 0, "%s", err.msg);
	store_close(s);
	struct buf want = BUF_INIT;
	buf_init(&want, 0);
	round_sums_start(&want);
	round_sums_add(&want, "A1", 30, 95.5, 311.25);
	round_sums_add(&want, "B1", 28, 70, 190);
	char *hex = hex_of(&want);
	char *got = test_db_scalar(path, "SELECT hex(sums) FROM round_summary WHERE round_id = 1");
	cr_expect_str_eq(got, hex, "round 1's element rows, packed");
	free(got);
	free(hex);
	got = test_db_scalar(path, "SELECT hex(sums) || ' ' || respondents FROM round_summary WHERE round_id = 2");
	cr_expect_str_eq(got, "01 4", "a round without a score keeps its respondents and an empty list");
	free(got);
	got = test_db_scalar(path, "SELECT count(*) FROM sqlite_master WHERE name = 'round_item_summary'");
	cr_expect_str_eq(got, "0", "the old table is gone");
	free(got);
	buf_release(&want);
	free(path);
}
