/* test_aims.c - the rules of aims and driver diagrams (domain/aim.c): a secondary driver serves primaries of
 * its own aim only, an idea acts on its own aim's drivers, the gentle warning when an outcome measure has no
 * balancing one, an idea's PDSA cycles numbered as a ramp (1, 2, 3) with a cycle on one idea only, and an aim
 * adopted from a unit above only. On SQLite and (make check) PostgreSQL. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "domain/aim.h"
#include "domain/catalog.h"
#include "domain/improve.h"
#include "helpers.h"
#include "lib/strvec.h"
#include "store/store.h"

static char *where;
static struct store *s;
static struct unit_tree tree;
static struct catalog *cat;
static const struct unit *home;

static void
setup(void)
{
	store_fixture_open("a.db", FIXTURE_UNITS "O,Other,pch,R\n", &where, &s, &tree, &cat);
	home = unit_by_code(&tree, "H");
}

static void
teardown(void)
{
	store_fixture_close(where, s, &tree, cat);
}

TestSuite(aims, .init = setup, .fini = teardown);

static struct aim
new_aim(const struct unit *u, const char *statement, const char *measure)
{
	struct error err;
	int64_t id;
	struct aim_input in = {.statement = statement, .measure = measure};
	cr_assert_eq(aim_create(s, cat, &tree, &actor_cli, u, &in, &id, &err), 0, "%s", err.msg);
	struct aim a;
	cr_assert_eq(aim_get(s, id, &a, &err), 1);
	return a;
}

static int64_t
driver(const struct aim *a, const char *level, const char *text, const char *primaries, struct error *err)
{
	int64_t id = 0;
	struct driver_input in = {.level = level, .text = text, .primaries = primaries};
	return driver_add(s, &actor_cli, unit_by_id(&tree, a->unit_id), a, &in, &id, err) < 0 ? -1 : id;
}

static char *
ids(int64_t a, int64_t b)
{
	static char buf[64];
	snprintf(buf, sizeof buf, b ? "%lld, %lld" : "%lld", (long long)a, (long long)b);
	return buf;
}

static int64_t
new_measure(const struct unit *u, const char *name)
{
	struct error err;
	int64_t id;
	struct measure_input in = {.name = name, .definition = "d", .category = "cost", .direction = "down"};
	cr_assert_eq(measure_create(s, cat, &actor_cli, u, &in, &id, &err), 0, "%s", err.msg);
	return id;
}

Test(aims, refuses_secondary_linked_to_another_aims_primary)
{
	struct error err;
	struct aim a = new_aim(home, "Reduce DNAs from 8% to 5% by March", NULL),
		   b = new_aim(home, "Cut waits from 14 to 7 days by June", NULL);
	int64_t pa = driver(&a, "primary", "Reminders", NULL, &err), pb = driver(&b, "primary", "Capacity", NULL, &err);
	cr_assert(pa > 0 && pb > 0);
	cr_expect_eq(driver(&a, "secondary", "Text messages", ids(pa, pb), &err), -1);
	cr_expect_str_eq(err.field, "primaries");
	cr_expect(strstr(err.msg, "is not a primary driver of this aim") != NULL, "%s", err.msg);
	int64_t sa = driver(&a, "secondary", "Text messages", ids(pa, 0), &err);
	cr_expect_gt(sa, 0, "%s", err.msg);
	cr_expect_eq(driver(&a, "secondary", "On a secondary", ids(sa, 0), &err), -1, "a secondary serves primaries");
	cr_expect_eq(driver(&a, "primary", "Serving", ids(pa, 0), &err), -1, "a primary serves the aim");
	char *n = test_db_scalar(where, "SELECT count(*) FROM driver_link");
	cr_expect_str_eq(n, "1", "nothing half-written");
	free(n);
}

Test(aims, refuses_idea_on_another_aims_driver)
{
	struct error err;
	struct aim a = new_aim(home, "A", NULL), b = new_aim(home, "B", NULL);
	int64_t pb = driver(&b, "primary", "Capacity", NULL, &err);
	int64_t id;
	struct idea_input in = {.text = "Ring people", .drivers = ids(pb, 0), .pick = "possible"};
	cr_expect_eq(idea_add(s, &actor_cli, home, &a, &in, &id, &err), -1);
	cr_expect_str_eq(err.field, "drivers");
}

Test(aims, warns_of_outcome_without_balancing_measure)
{
	struct error err;
	int64_t m1 = new_measure(home, "DNA rate"), m2 = new_measure(home, "Phone waits");
	char m1s[24], m2s[24];
	snprintf(m1s, sizeof m1s, "%lld", (long long)m1);
	snprintf(m2s, sizeof m2s, "%lld", (long long)m2);
	struct aim none = new_aim(home, "No measure yet", NULL), a = new_aim(home, "Reduce DNAs", m1s);
	struct aim_tree t;
	cr_assert_eq(aim_tree_load(s, &none, &t, &err), 0);
	cr_expect_not(aim_tree_lacks_balancing(&t), "no outcome measure: nothing to balance yet");
	aim_tree_release(&t);
	cr_assert_eq(aim_tree_load(s, &a, &t, &err), 0);
	cr_expect(aim_tree_lacks_balancing(&t));
	aim_tree_release(&t);
	int64_t p = driver(&a, "primary", "Reminders", NULL, &err);
	char ps[24];
	snprintf(ps, sizeof ps, "%lld", (long long)p);
	cr_assert_eq(driver_measure_link(s, &actor_cli, home, &a, ps, m2s, "process", &err), 0, "%s", err.msg);
	cr_assert_eq(aim_tree_load(s, &a, &t, &err), 0);
	cr_expect(aim_tree_lacks_balancing(&t), "a process measure does not balance");
	aim_tree_release(&t);
	cr_assert_eq(driver_measure_link(s, &actor_cli, home, &a, ps, m2s, "balancing", &err), 0, "%s", err.msg);
	cr_assert_eq(aim_tree_load(s, &a, &t, &err), 0);
	cr_expect_not(aim_tree_lacks_balancing(&t));
	cr_expect_eq(t.n_measures, 1, "a measure has one kind for a driver");
	aim_tree_release(&t);
	int64_t other = new_measure(unit_by_code(&tree, "O"), "Theirs");
	char os[24];
	snprintf(os, sizeof os, "%lld", (long long)other);
	cr_expect_eq(driver_measure_link(s, &actor_cli, home, &a, ps, os, "balancing", &err), -1);
	cr_expect_str_eq(err.field, "measure");
}

Test(aims, numbers_an_ideas_pdsa_cycles_as_a_ramp)
{
	struct error err;
	struct aim a = new_aim(home, "Reduce DNAs", NULL);
	int64_t p = driver(&a, "primary", "Reminders", NULL, &err), i1, i2, act;
	struct idea_input in = {.text = "Text the day before", .drivers = ids(p, 0), .pick = "implement"};
	cr_assert_eq(idea_add(s, &actor_cli, home, &a, &in, &i1, &err), 0, "%s", err.msg);
	in.text = "Ring the day before";
	cr_assert_eq(idea_add(s, &actor_cli, home, &a, &in, &i2, &err), 0, "%s", err.msg);
	struct action_input ai = {.title = "Reminders"};
	cr_assert_eq(action_create(s, cat, &tree, &actor_cli, home, &ai, &act, &err), 0, "%s", err.msg);
	struct action action;
	cr_assert_eq(action_get(s, act, &action, &err), 1);
	for (int k = 0; k < 4; k++)
		cr_assert_eq(pdsa_add(s, &actor_cli, &action, "Try", NULL, NULL, "2026-11-01", &err), 0, "%s", err.msg);
	char acts[24];
	snprintf(acts, sizeof acts, "%lld", (long long)act);
	static const char *const cycles[] = {"1", "3", "4"};
	for (long k = 0; k < 3; k++) {
		long step = 0;
		cr_assert_eq(idea_pdsa_attach(s, &actor_cli, home, &a, i1, acts, cycles[k], &step, &err), 0, "%s",
			     err.msg);
		cr_expect_eq(step, k + 1, "cycle %s is step %ld", cycles[k], k + 1);
	}
	long step = 0;
	cr_expect_eq(idea_pdsa_attach(s, &actor_cli, home, &a, i2, acts, "3", &step, &err), -1,
		     "a cycle tests one idea");
	cr_expect_str_eq(err.field, "cycle");
	cr_assert_eq(idea_pdsa_attach(s, &actor_cli, home, &a, i2, acts, "2", &step, &err), 0, "%s", err.msg);
	cr_expect_eq(step, 1, "each idea's ramp starts at 1");
	struct aim_tree t;
	cr_assert_eq(aim_tree_load(s, &a, &t, &err), 0);
	cr_expect_eq(t.ideas[0].pdsa_count, 3);
	cr_expect_eq(t.n_steps, 4);
	cr_expect_eq(t.steps[2].number, 4, "step 3 of the first idea is the action's cycle 4");
	aim_tree_release(&t);
	action_release(&action);
}

Test(aims, adopts_only_an_aim_from_above)
{
	struct error err;
	const struct unit *region = unit_by_code(&tree, "R"), *other = unit_by_code(&tree, "O");
	struct aim r = new_aim(region, "Fewer falls across the region by 2028", NULL);
	struct aim o = new_aim(other, "Their own", NULL);
	char rs[24], os[24];
	snprintf(rs, sizeof rs, "%lld", (long long)r.id);
	snprintf(os, sizeof os, "%lld", (long long)o.id);
	int64_t id;
	struct aim_input in = {.parent = rs};
	cr_assert_eq(aim_create(s, cat, &tree, &actor_cli, home, &in, &id, &err), 0, "%s", err.msg);
	struct aim child;
	cr_assert_eq(aim_get(s, id, &child, &err), 1);
	cr_expect_eq(child.parent_id, r.id);
	cr_expect_str_eq(child.statement, r.statement, "the parent's statement, when none is given");
	in.parent = os;
	cr_expect_eq(aim_create(s, cat, &tree, &actor_cli, home, &in, &id, &err), -1, "a sibling's aim is not above");
	cr_expect_str_eq(err.field, "parent");
	struct aim_tree t;
	cr_assert_eq(aim_tree_load(s, &r, &t, &err), 0);
	cr_expect_eq(t.n_adopters, 1);
	cr_expect_eq(t.adopters[0], home->id);
	aim_tree_release(&t);
}

Test(aims, names_the_field_of_bad_input)
{
	struct error err;
	int64_t id;
	struct aim_input in = {.statement = "Reduce DNAs", .due_on = "March"};
	cr_expect_eq(aim_create(s, cat, &tree, &actor_cli, home, &in, &id, &err), -1);
	cr_expect_str_eq(err.field, "due_on");
	in = (struct aim_input){.statement = "Reduce DNAs", .target = "nan"};
	cr_expect_eq(aim_create(s, cat, &tree, &actor_cli, home, &in, &id, &err), -1);
	cr_expect_str_eq(err.field, "target");
	in = (struct aim_input){.statement = "Two\nlines"};
	cr_expect_eq(aim_create(s, cat, &tree, &actor_cli, home, &in, &id, &err), -1);
	cr_expect_str_eq(err.field, "statement");
	in = (struct aim_input){.statement = "x", .from_element = "6.1, 6.2"};
	cr_expect_eq(aim_create(s, cat, &tree, &actor_cli, home, &in, &id, &err), -1);
	cr_expect_str_eq(err.field, "from_element");
	in = (struct aim_input){.statement = "x", .from_element = "6.1"};
	cr_assert_eq(aim_create(s, cat, &tree, &actor_cli, home, &in, &id, &err), 0, "%s", err.msg);
	struct aim a;
	cr_assert_eq(aim_get(s, id, &a, &err), 1);
	cr_expect_str_eq(a.from_kind, "element");
	cr_expect_str_eq(a.from_element, "pch-development-grid 6.1");
	cr_expect_str_eq(a.status, "active");
}

/* The chart of an aim's outcome measure shows the cycles testing the aim's change ideas, though the measure was
 * made before their action and so is not linked to it; a cycle of that action on no idea is not shown. */
Test(aims, the_outcome_measures_chart_marks_the_cycles_testing_its_ideas)
{
	struct error err;
	int64_t mid = new_measure(home, "Hours of learning"), act, idea;
	char ms[24], acts[24];
	snprintf(ms, sizeof ms, "%lld", (long long)mid);
	struct aim a = new_aim(home, "More learning", ms);
	int64_t p = driver(&a, "primary", "Time", NULL, &err);
	struct idea_input in = {.text = "An afternoon a month", .drivers = ids(p, 0), .pick = "implement"};
	cr_assert_eq(idea_add(s, &actor_cli, home, &a, &in, &idea, &err), 0, "%s", err.msg);
	struct action_input ai = {.title = "Learning afternoon"};
	cr_assert_eq(action_create(s, cat, &tree, &actor_cli, home, &ai, &act, &err), 0, "%s", err.msg);
	struct action action;
	cr_assert_eq(action_get(s, act, &action, &err), 1);
	cr_assert_eq(pdsa_add(s, &actor_cli, &action, "Try", NULL, NULL, "2026-11-02", &err), 0, "%s", err.msg);
	cr_assert_eq(pdsa_add(s, &actor_cli, &action, "Again", NULL, NULL, "2026-11-09", &err), 0, "%s", err.msg);
	snprintf(acts, sizeof acts, "%lld", (long long)act);
	long step;
	cr_assert_eq(idea_pdsa_attach(s, &actor_cli, home, &a, idea, acts, "1", &step, &err), 0, "%s", err.msg);
	struct measure m;
	cr_assert_eq(measure_get(s, mid, &m, &err), 1);
	for (const char *const *day = (const char *const[]){"2026-10-26", "2026-11-16", NULL}; *day; day++)
		cr_assert_eq(measure_point_put(s, &actor_cli, &m, *day, "5", false, NULL, &err), 0, "%s", err.msg);
	struct measure_series ms_;
	cr_assert_eq(measure_series_load(s, mid, &ms_, &err), 0);
	struct measure_marks mk;
	cr_assert_eq(measure_marks_load(s, &m, &ms_, "2026-12-01", &mk, &err), 0, "%s", err.msg);
	cr_assert_eq(mk.n, 1, "only the cycle on the idea is marked");
	cr_expect_eq(mk.v[0].kind, MARK_PDSA);
	cr_expect_eq(mk.v[0].number, 1);
	cr_expect_str_eq(mk.v[0].text, "Learning afternoon");
	measure_marks_release(&mk);
	measure_series_release(&ms_);
	measure_release(&m);
	action_release(&action);
}
