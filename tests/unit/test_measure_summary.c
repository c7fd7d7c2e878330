/* test_measure_summary.c - the measure summary (domain/measure_summary.c): measures matched across units by
 * their exact name, each cell's latest value, and its icons the very ones spc_xmr gives the same series with
 * the measure's direction and target (the chart the measure's page draws). */
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/measure_summary.h"
#include "lib/xalloc.h"

/* A series of N values from V (NAN a gap), weekly from 2026-01-05. */
static struct measure_series
series(const double *v, size_t n)
{
	struct measure_series ms = {.n = n};
	ms.period = xcalloc(n ? n : 1, sizeof *ms.period);
	ms.value = xcalloc(n ? n : 1, sizeof *ms.value);
	ms.rebase = xcalloc(n ? n : 1, sizeof *ms.rebase);
	for (size_t i = 0; i < n; i++) {
		int month = (int)(1 + i / 28 % 12), day = (int)(1 + i % 28);
		snprintf(ms.period[i], sizeof ms.period[i], "2026-%02d-%02d", month, day);
		ms.value[i] = v[i];
	}
	return ms;
}

static struct measure
measure(int64_t id, const char *name, const char *direction, bool has_target, double target)
{
	struct measure m = {.id = id, .has_target = has_target, .target = target};
	snprintf(m.name, sizeof m.name, "%s", name);
	snprintf(m.direction, sizeof m.direction, "%s", direction);
	snprintf(m.category, sizeof m.category, "patient_experience");
	return m;
}

static void
add(struct measure_summary *sm, int64_t id, const char *name, const char *direction, const double *v, size_t n)
{
	struct measure m = measure(id, name, direction, false, 0);
	struct measure_series ms = series(v, n);
	measure_summary_add(sm, &m, &ms);
}

static const double flat[] = {5, 6, 5, 4, 5, 6, 5, 4, 5, 6, 5, 4, 5, 6, 5, 4};

Test(measure_summary, measures_are_matched_across_units_by_their_exact_name)
{
	struct unit a = {.id = 1, .code = "A", .name = "Ash"}, b = {.id = 2, .code = "B", .name = "Birch"};
	struct measure_summary sm = {0};
	measure_summary_add_unit(&sm, &a, 0);
	add(&sm, 1, "Waiting time", "down", flat, 16);
	add(&sm, 2, "DNA rate", "down", flat, 16);
	measure_summary_add_unit(&sm, &b, 1);
	add(&sm, 3, "dna rate", "down", flat, 16);
	add(&sm, 4, "DNA rate", "down", flat, 16);
	measure_summary_group(&sm);
	cr_assert_eq(sm.n_names, 3, "\"dna rate\" is not \"DNA rate\": names are matched exactly");
	cr_expect_str_eq(sm.names[0], "DNA rate");
	cr_expect_str_eq(sm.names[1], "dna rate", "sorted with case aside, then exactly");
	cr_expect_str_eq(sm.names[2], "Waiting time");
	cr_expect_eq(sm.units[0].first, 0);
	cr_expect_eq(sm.units[0].n, 2);
	cr_expect_eq(sm.units[1].first, 2);
	cr_expect_eq(sm.units[1].n, 2);
	cr_expect_eq(sm.cells[measure_summary_cell(&sm, 0, 0)].m.id, 2, "Ash's DNA rate");
	cr_expect_eq(sm.cells[measure_summary_cell(&sm, 1, 0)].m.id, 4, "Birch's DNA rate");
	cr_expect_eq(sm.cells[measure_summary_cell(&sm, 1, 1)].m.id, 3);
	cr_expect_eq(measure_summary_cell(&sm, 1, 2), SIZE_MAX, "Birch has no waiting time");
	cr_expect_eq(measure_summary_cell(&sm, 0, 1), SIZE_MAX);
	cr_expect_eq(measure_summary_cell(&sm, 2, 0), SIZE_MAX, "no third unit");
	measure_summary_release(&sm);
}

Test(measure_summary, a_unit_without_measures_holds_no_cell)
{
	struct unit a = {.id = 1, .code = "A", .name = "Ash"}, b = {.id = 2, .code = "B", .name = "Birch"};
	struct measure_summary sm = {0};
	measure_summary_add_unit(&sm, &a, 0);
	measure_summary_add_unit(&sm, &b, 1);
	add(&sm, 1, "DNA rate", "down", flat, 16);
	measure_summary_group(&sm);
	cr_expect_eq(sm.units[0].n, 0);
	cr_expect_eq(sm.units[1].n, 1);
	cr_expect_eq(sm.cells[0].unit, 1);
	cr_expect_eq(measure_summary_cell(&sm, 0, 0), SIZE_MAX);
	measure_summary_release(&sm);
}

/* Eight low values, then eight high: a shift upward in the last points. */
static const double shifted[] = {5, 6, 5, 4, 5, 6, 5, 4, 9, 10, 9, 10, 9, 10, 9, 10, NAN};

/* The icons spc_xmr gives X with DIRECTION and the target, as the measure's own page asks for them. */
static struct spc_result
direct(const double *x, size_t n, enum spc_direction direction, bool has_target, double target)
{
	struct spc_options o;
	spc_options_default(&o);
	o.improve = direction;
	o.has_target = has_target;
	o.target = target;
	struct spc_result r;
	char err[200];
	cr_assert_eq(spc_xmr(x, n, &o, &r, err, sizeof err), 0, "%s", err);
	return r;
}

Test(measure_summary, each_cell_has_the_icons_of_its_own_chart)
{
	struct unit a = {.id = 1, .code = "A", .name = "Ash"};
	const struct {
		const char *direction;
		enum spc_direction d;
		bool has_target;
		double target;
		enum spc_variation variation;
		enum spc_assurance assurance;
	} cases[] = {
		{"up", SPC_UP, false, 0, VAR_IMPROVEMENT_HIGH, ASSURE_NONE},
		{"down", SPC_DOWN, true, 7, VAR_CONCERN_HIGH, ASSURE_INCONSISTENT},
		{"neither", SPC_NEITHER, false, 0, VAR_NEUTRAL_HIGH, ASSURE_NONE},
		{"up", SPC_UP, true, -100, VAR_IMPROVEMENT_HIGH, ASSURE_PASS},
		{"up", SPC_UP, true, 1000, VAR_IMPROVEMENT_HIGH, ASSURE_FAIL},
	};
	size_t n = sizeof shifted / sizeof *shifted;
	for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
		struct measure_summary sm = {0};
		measure_summary_add_unit(&sm, &a, 0);
		struct measure m = measure(1, "Seen on the day", cases[k].direction, cases[k].has_target,
					   cases[k].target);
		struct measure_series ms = series(shifted, n);
		measure_summary_add(&sm, &m, &ms);
		struct spc_result r = direct(shifted, n, cases[k].d, cases[k].has_target, cases[k].target);
		cr_expect_eq(sm.cells[0].r.variation, r.variation, "case %zu: the chart's variation", k);
		cr_expect_eq(sm.cells[0].r.assurance, r.assurance, "case %zu: the chart's assurance", k);
		cr_expect_eq(r.variation, cases[k].variation, "case %zu: %s", k, spc_variation_name(r.variation));
		cr_expect_eq(r.assurance, cases[k].assurance, "case %zu: %s", k, spc_assurance_name(r.assurance));
		cr_expect_eq(sm.cells[0].latest, n - 2, "the latest is the last point with a value, not the gap");
		cr_expect_eq(sm.cells[0].ms.value[sm.cells[0].latest], 10);
		spc_release(&r);
		measure_summary_release(&sm);
	}
}

Test(measure_summary, a_measure_without_values_has_no_latest_and_no_icon)
{
	struct unit a = {.id = 1, .code = "A", .name = "Ash"};
	struct measure_summary sm = {0};
	measure_summary_add_unit(&sm, &a, 0);
	add(&sm, 1, "Empty", "up", NULL, 0);
	const double gaps[] = {NAN, NAN};
	add(&sm, 2, "Gaps", "up", gaps, 2);
	measure_summary_group(&sm);
	for (size_t i = 0; i < 2; i++) {
		cr_expect_eq(sm.cells[i].latest, SIZE_MAX);
		cr_expect_eq(sm.cells[i].r.variation, VAR_NONE);
		cr_expect_eq(sm.cells[i].r.assurance, ASSURE_NONE);
	}
	measure_summary_release(&sm);
}
