/* test_measure_note.c - what a measure's chart is drawn from and annotated with (domain/measure_note.c): a rebase
 * refused without its reason and kept with it, the chart's limits frozen after 12 points by default, notes on a
 * period checked and audited, and the marks kept to the chart's dates in the legend's order; on SQLite and
 * (make check) PostgreSQL. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/catalog.h"
#include "domain/improve.h"
#include "helpers.h"
#include "lib/strvec.h"
#include "store/store.h"

static char *where;
static struct store *s;
static struct unit_tree tree;
static struct catalog *cat;
static struct measure m;

static void
setup(void)
{
	store_fixture_open("m.db", FIXTURE_UNITS, &where, &s, &tree, &cat);
	struct measure_input in = {"Follow-ups", "Share booked at the visit", "patient_experience", "up", "%", "15",
				   "", "", ""};
	int64_t id;
	struct error err;
	cr_assert_eq(measure_create(s, cat, &actor_cli, unit_by_code(&tree, "H"), &in, &id, &err), 0, "%s", err.msg);
	cr_assert_eq(measure_get(s, id, &m, &err), 1);
}

static void
teardown(void)
{
	measure_release(&m);
	store_fixture_close(where, s, &tree, cat);
}

TestSuite(measure_note, .init = setup, .fini = teardown);

static long
count(const char *sql)
{
	char *v = test_db_scalar(where, sql);
	long n = v ? atol(v) : -1;
	free(v);
	return n;
}

Test(measure_note, a_rebase_without_its_reason_is_refused_naming_the_note)
{
	struct error err;
	cr_expect_eq(measure_point_put(s, &actor_cli, &m, "2026-03-02", "20", true, "  ", &err), -1);
	cr_expect_str_eq(err.field, "note");
	cr_expect(strstr(err.msg, "new limits need their reason"), "%s", err.msg);
	cr_expect_eq(count("SELECT count(*) FROM measure_point"), 0, "nothing stored");
	cr_assert_eq(measure_point_put(s, &actor_cli, &m, "2026-03-02", "20", true, "New rota", &err), 0, "%s",
		     err.msg);
	struct measure_series ms;
	cr_assert_eq(measure_series_load(s, m.id, &ms, &err), 0);
	cr_expect(ms.rebase[0]);
	cr_expect_str_eq(ms.note[0], "New rota");
	measure_series_release(&ms);
}

Test(measure_note, a_pasted_rebase_needs_its_reason_in_the_note_column)
{
	struct strvec problems = STRVEC_INIT;
	struct error err;
	const char *csv = "date,value,rebase,note\n2026-03-02,5,,\n2026-03-09,20,1,\n";
	cr_expect_eq(measure_import_csv(s, &actor_cli, &m, csv, strlen(csv), NULL, "paste", &problems, &err), -1);
	cr_assert_eq(problems.n, 1);
	cr_expect_str_eq(problems.v[0], "paste: row 3, column 4 (note): new limits need their reason: say why here");
	strvec_clear(&problems);
	const char *no_col = "date,value,rebase\n2026-03-09,20,yes\n";
	cr_expect_eq(measure_import_csv(s, &actor_cli, &m, no_col, strlen(no_col), NULL, "paste", &problems, &err), -1);
	cr_expect(problems.n == 1 && strstr(problems.v[0], "add a note column"));
	strvec_clear(&problems);
	cr_expect_eq(count("SELECT count(*) FROM measure_point"), 0);
}

/* 5,7,6,8 three times, then 12: frozen after the first 12 points (mean 6.5, upl 11.578), the 13th is outside;
 * folded into the limits it would not be (upl 12.4...). */
Test(measure_note, the_chart_freezes_its_limits_after_12_points_by_default)
{
	struct error err;
	const char *v[] = {"5", "7", "6", "8"};
	for (unsigned i = 0; i < 13; i++) {
		char day[32];
		snprintf(day, sizeof day, "%04u-%02u-01", 2026 + i / 12, i % 12 + 1);
		cr_assert_eq(measure_point_put(s, &actor_cli, &m, day, i < 12 ? v[i % 4] : "12", false, NULL, &err), 0);
	}
	struct measure_series ms;
	cr_assert_eq(measure_series_load(s, m.id, &ms, &err), 0);
	struct spc_result r;
	measure_chart(&m, &ms, &r);
	cr_expect_float_eq(r.segments[0].mean, 6.5, 1e-9);
	cr_expect_float_eq(r.segments[0].upl, 6.5 + 2.66 * 21.0 / 11.0, 1e-9);
	cr_expect_eq(r.points[12].rules, SPC_OUTSIDE_LIMITS);
	cr_expect_eq(r.variation, VAR_IMPROVEMENT_HIGH);
	spc_release(&r);
	measure_series_release(&ms);
}

Test(measure_note, a_note_is_checked_audited_and_marked_within_the_charts_dates)
{
	struct error err;
	cr_expect_eq(measure_note_add(s, &actor_cli, &m, "someday", "x", &err), -1);
	cr_expect_str_eq(err.field, "period");
	cr_expect_eq(measure_note_add(s, &actor_cli, &m, "2026-03-09", " ", &err), -1);
	cr_expect_str_eq(err.field, "text");
	char long_text[1100];
	memset(long_text, 'a', sizeof long_text - 1);
	long_text[sizeof long_text - 1] = '\0';
	cr_expect_eq(measure_note_add(s, &actor_cli, &m, "2026-03-09", long_text, &err), -1);
	cr_assert_eq(measure_note_add(s, &actor_cli, &m, "2026-W11", "Two off sick", &err), 0, "%s", err.msg);
	cr_assert_eq(measure_note_add(s, &actor_cli, &m, "2027-01-01", "After the chart", &err), 0);
	cr_expect_eq(count("SELECT count(*) FROM audit_log WHERE action = 'measure.note'"), 2);
	cr_expect_eq(count("SELECT count(*) FROM measure_note WHERE period = '2026-03-09'"), 1, "a week is its Monday");
	cr_assert_eq(measure_point_put(s, &actor_cli, &m, "2026-03-02", "5", false, NULL, &err), 0);
	cr_assert_eq(measure_point_put(s, &actor_cli, &m, "2026-03-09", "20", true, "New rota", &err), 0);
	cr_assert_eq(measure_point_put(s, &actor_cli, &m, "2026-03-16", "21", false, NULL, &err), 0);
	struct measure_series ms;
	cr_assert_eq(measure_series_load(s, m.id, &ms, &err), 0);
	struct measure_marks mk;
	cr_assert_eq(measure_marks_load(s, &m, &ms, "2026-12-01", &mk, &err), 0, "%s", err.msg);
	cr_assert_eq(mk.n, 2, "the note after the chart's last period is left out");
	cr_expect_eq(mk.v[0].kind, MARK_REBASE, "on the same day, the rebase first");
	cr_expect_str_eq(mk.v[0].text, "New rota");
	cr_expect_eq(mk.v[1].kind, MARK_NOTE);
	cr_expect_str_eq(mk.v[1].day, "2026-03-09");
	measure_marks_release(&mk);
	measure_series_release(&ms);
}
