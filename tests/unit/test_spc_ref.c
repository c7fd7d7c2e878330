/* test_spc_ref.c - caregrid's SPC against NHSRplotthedots 0.2.2 itself: the cases in tests/data/spc-ref/
 * (rebases at one and two points, frozen baselines of 12 and 15 points, series and segments shorter than the
 * baseline, each direction, each assurance icon, rules cut by a rebase) were computed by the R package with
 * tests/data/spc-ref/generate.R; here spc_xmr, and `caregrid spc`, must give every limit to 1e-9 and every
 * rule, point type and icon exactly. R is needed only to regenerate the CSV files, never to run this. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "lib/buf.h"
#include "lib/csv.h"
#include "lib/strvec.h"
#include "lib/xalloc.h"
#include "stats/spc.h"

#define REF_DIR "tests/data/spc-ref/"
#define MAX_CASES 64
#define MAX_POINTS 128
#define MAX_REBASE 8
#define TOL 1e-9

struct ref_point {
	char date[11];
	double value, mean, lpl, upl; /* NAN: the reference's NA */
	size_t segment;
	unsigned rules;               /* enum spc_rule bits, from the reference's own rule functions */
	char special_cause_type[40];  /* the reference's words, e.g. "7 Point Trend (Increasing)" */
	char point_type[40];
};

struct ref_case {
	char name[64], improve[16], variation[24], assurance[24];
	bool has_target, screen, gaps; /* gaps: a missing value, where caregrid differs on purpose */
	double target;
	size_t fix, rebase[MAX_REBASE], n_rebase; /* rebase: 1-based rows, as in the CSV */
	struct ref_point points[MAX_POINTS];
	size_t n;
};

static struct ref_case cases[MAX_CASES];
static size_t n_cases;

static double
ref_number(const char *s)
{
	if (!*s)
		return NAN;
	char *end;
	double v = strtod(s, &end);
	cr_assert(*end == '\0', "not a number in the fixtures: \"%s\"", s);
	return v;
}

static void
copy_field(char *dst, size_t size, const char *src)
{
	cr_assert_lt(strlen(src), size, "field too long in the fixtures: \"%s\"", src);
	strcpy(dst, src);
}

/* Reads REF_DIR NAME record by record, checking its header, and calls ROW with each record's fields. */
static void
read_fixture(const char *name, const char *header, size_t n_fields, void (*row)(const struct strvec *))
{
	char path[256];
	snprintf(path, sizeof path, REF_DIR "%s", name);
	struct buf text = BUF_INIT;
	buf_init(&text, 4 * 1024 * 1024);
	cr_assert_eq(buf_read_file(&text, path), 0, "cannot read %s: run from the repository root", path);
	struct csv_reader rd;
	struct strvec f = STRVEC_INIT;
	struct error err;
	size_t line;
	csv_init(&rd, text.data, text.len);
	cr_assert_eq(csv_next(&rd, &f, &line, &err), 1);
	struct buf h = BUF_INIT;
	buf_init(&h, 1024);
	for (size_t i = 0; i < f.n; i++)
		buf_printf(&h, "%s%s", i ? "," : "", f.v[i]);
	cr_assert_str_eq(h.data, header, "%s's header", path);
	buf_release(&h);
	int got;
	while ((got = csv_next(&rd, &f, &line, &err)) == 1) {
		cr_assert_eq(f.n, n_fields, "%s line %zu: %zu fields", path, line, f.n);
		row(&f);
	}
	cr_assert_eq(got, 0, "%s: %s", path, err.msg);
	strvec_clear(&f);
	buf_release(&text);
}

static void
case_row(const struct strvec *f)
{
	cr_assert_lt(n_cases, MAX_CASES);
	struct ref_case *c = &cases[n_cases++];
	memset(c, 0, sizeof *c);
	copy_field(c->name, sizeof c->name, f->v[0]);
	copy_field(c->improve, sizeof c->improve, f->v[1]);
	c->has_target = *f->v[2] != '\0';
	c->target = ref_number(f->v[2]);
	c->fix = *f->v[3] ? (size_t)atoi(f->v[3]) : 0;
	for (char *p = f->v[4]; *p;) {
		char *end;
		long r = strtol(p, &end, 10);
		cr_assert(end != p && r >= 1 && c->n_rebase < MAX_REBASE, "rebase rows \"%s\"", f->v[4]);
		c->rebase[c->n_rebase++] = (size_t)r;
		p = *end ? end + 1 : end;
	}
	c->screen = strcmp(f->v[5], "1") == 0;
	c->gaps = strcmp(f->v[6], "1") == 0;
	copy_field(c->variation, sizeof c->variation, f->v[7]);
	copy_field(c->assurance, sizeof c->assurance, f->v[8]);
}

static void
point_row(const struct strvec *f)
{
	struct ref_case *c = NULL;
	for (size_t i = 0; i < n_cases; i++)
		if (strcmp(cases[i].name, f->v[0]) == 0)
			c = &cases[i];
	cr_assert_not_null(c, "points.csv names a case cases.csv lacks: %s", f->v[0]);
	cr_assert_lt(c->n, MAX_POINTS);
	cr_assert_eq((size_t)atoi(f->v[1]), c->n + 1, "%s: rows in order", c->name);
	struct ref_point *p = &c->points[c->n++];
	copy_field(p->date, sizeof p->date, f->v[2]);
	p->value = ref_number(f->v[3]);
	p->segment = (size_t)atoi(f->v[4]);
	p->mean = ref_number(f->v[5]);
	p->lpl = ref_number(f->v[6]);
	p->upl = ref_number(f->v[7]);
	const unsigned bits[] = {SPC_OUTSIDE_LIMITS, SPC_TREND, SPC_TWO_IN_THREE, SPC_SHIFT};
	p->rules = 0;
	for (size_t k = 0; k < 4; k++)
		if (strcmp(f->v[8 + k], "1") == 0)
			p->rules |= bits[k];
	copy_field(p->special_cause_type, sizeof p->special_cause_type, f->v[12]);
	copy_field(p->point_type, sizeof p->point_type, f->v[13]);
}

static void
load_fixtures(void)
{
	n_cases = 0;
	read_fixture("cases.csv", "case,improve,target,fix,rebase,screen,gaps,variation,assurance", 9, case_row);
	read_fixture("points.csv",
		     "case,row,date,value,rebase_group,mean,lpl,upl,outside,trend,two_in_three,shift,"
		     "special_cause_type,point_type",
		     14, point_row);
}

TestSuite(spc_ref, .init = load_fixtures);

static enum spc_direction
direction_of(const struct ref_case *c)
{
	if (strcmp(c->improve, "increase") == 0)
		return SPC_UP;
	if (strcmp(c->improve, "decrease") == 0)
		return SPC_DOWN;
	cr_assert_str_eq(c->improve, "neutral");
	return SPC_NEITHER;
}

/* caregrid's chart of case C with the reference's options. */
static struct spc_result
chart_of(const struct ref_case *c)
{
	double x[MAX_POINTS];
	size_t at[MAX_REBASE];
	for (size_t i = 0; i < c->n; i++)
		x[i] = c->points[i].value;
	for (size_t i = 0; i < c->n_rebase; i++)
		at[i] = c->rebase[i] - 1;
	struct spc_options o;
	spc_options_default(&o);
	o.improve = direction_of(c);
	o.has_target = c->has_target;
	o.target = c->target;
	o.baseline = c->fix;
	o.rebase = at;
	o.n_rebase = c->n_rebase;
	o.screen = c->screen;
	struct spc_result r;
	char err[200];
	cr_assert_eq(spc_xmr(x, c->n, &o, &r, err, sizeof err), 0, "%s: %s", c->name, err);
	return r;
}

static bool
same_number(double got, double want)
{
	return isnan(want) ? isnan(got) : !isnan(got) && fabs(got - want) <= TOL;
}

/* A point's direction (+1 high, -1 low) read back from its type, as ptd_point_type derives the type from it. */
static int
type_direction(enum spc_point_type t, enum spc_direction improve)
{
	switch (t) {
	case SPC_IMPROVEMENT: return (int)improve;
	case SPC_CONCERN: return -(int)improve;
	case SPC_NEUTRAL_HIGH: return 1;
	case SPC_NEUTRAL_LOW: return -1;
	default: return 0;
	}
}

/* ptd_special_cause_type's words for a caregrid point: its first rule in the reference's precedence, and its
 * direction. */
static void
special_cause_words(const struct spc_point *p, enum spc_direction improve, char *out, size_t size)
{
	int d = type_direction(p->type, improve);
	const char *side = d > 0 ? "Above" : "Below";
	if (p->rules & SPC_OUTSIDE_LIMITS)
		snprintf(out, size, "%s", d > 0 ? "Above UCL" : "Below LCL");
	else if (p->rules & SPC_TREND)
		snprintf(out, size, "7 Point Trend (%s)", d > 0 ? "Increasing" : "Decreasing");
	else if (p->rules & SPC_TWO_IN_THREE)
		snprintf(out, size, "2 in 3 %s CL", side);
	else if (p->rules & SPC_SHIFT)
		snprintf(out, size, "7 Points %s CL", side);
	else
		snprintf(out, size, "Common Cause");
}

Test(spc_ref, the_fixtures_cover_what_the_issue_asks)
{
	cr_assert_geq(n_cases, 8);
	size_t two_rebases = 0, fix15 = 0, shorter_than_fix = 0, dir[3] = {0}, assure[4] = {0}, short_seg = 0;
	for (size_t i = 0; i < n_cases; i++) {
		const struct ref_case *c = &cases[i];
		cr_expect_gt(c->n, 0, "%s has points", c->name);
		two_rebases += c->n_rebase >= 2;
		fix15 += c->fix == 15;
		shorter_than_fix += c->fix && c->n < c->fix;
		dir[direction_of(c) + 1]++;
		for (int a = 0; a < 4; a++)
			assure[a] += strcmp(c->assurance, spc_assurance_name((enum spc_assurance)a)) == 0;
		for (size_t k = 0; k < c->n_rebase; k++) {
			size_t end = k + 1 < c->n_rebase ? c->rebase[k + 1] - 1 : c->n;
			short_seg += end - (c->rebase[k] - 1) < 13;
		}
	}
	cr_expect(two_rebases && fix15 && shorter_than_fix && short_seg, "rebases, fixes and short segments");
	cr_expect(dir[0] && dir[1] && dir[2], "each improvement direction");
	for (int a = 0; a < 4; a++)
		cr_expect_gt(assure[a], 0, "the assurance %s appears", spc_assurance_name((enum spc_assurance)a));
}

Test(spc_ref, limits_match_nhsrplotthedots_to_1e9)
{
	for (size_t i = 0; i < n_cases; i++) {
		const struct ref_case *c = &cases[i];
		if (c->gaps)
			continue; /* a deliberate difference: gaps_are_bridged_where_the_reference_breaks */
		struct spc_result r = chart_of(c);
		cr_assert_eq(r.n_segments, c->n_rebase + 1);
		for (size_t j = 0; j < c->n; j++) {
			const struct ref_point *w = &c->points[j];
			const struct spc_point *p = &r.points[j];
			const struct spc_segment *s = &r.segments[p->segment];
			cr_expect_eq(p->segment, w->segment, "%s row %zu: segment", c->name, j + 1);
			cr_expect(same_number(s->mean, w->mean), "%s row %zu: mean %.17g, reference %.17g", c->name,
				  j + 1, s->mean, w->mean);
			cr_expect(same_number(s->lpl, w->lpl), "%s row %zu: lpl %.17g, reference %.17g", c->name,
				  j + 1, s->lpl, w->lpl);
			cr_expect(same_number(s->upl, w->upl), "%s row %zu: upl %.17g, reference %.17g", c->name,
				  j + 1, s->upl, w->upl);
		}
		spc_release(&r);
	}
}

Test(spc_ref, every_rule_of_every_point_matches)
{
	for (size_t i = 0; i < n_cases; i++) {
		const struct ref_case *c = &cases[i];
		if (c->gaps)
			continue; /* a deliberate difference: gaps_are_bridged_where_the_reference_breaks */
		struct spc_result r = chart_of(c);
		for (size_t j = 0; j < c->n; j++)
			cr_expect_eq(r.points[j].rules, c->points[j].rules, "%s row %zu: rules %#x, reference %#x",
				     c->name, j + 1, r.points[j].rules, c->points[j].rules);
		spc_release(&r);
	}
}

Test(spc_ref, point_types_and_special_cause_types_match)
{
	for (size_t i = 0; i < n_cases; i++) {
		const struct ref_case *c = &cases[i];
		if (c->gaps)
			continue; /* a deliberate difference: gaps_are_bridged_where_the_reference_breaks */
		struct spc_result r = chart_of(c);
		for (size_t j = 0; j < c->n; j++) {
			char words[40];
			special_cause_words(&r.points[j], direction_of(c), words, sizeof words);
			cr_expect_str_eq(spc_point_type_name(r.points[j].type), c->points[j].point_type, "%s row %zu",
					 c->name, j + 1);
			cr_expect_str_eq(words, c->points[j].special_cause_type, "%s row %zu", c->name, j + 1);
		}
		spc_release(&r);
	}
}

Test(spc_ref, variation_and_assurance_icons_match)
{
	for (size_t i = 0; i < n_cases; i++) {
		const struct ref_case *c = &cases[i];
		if (c->gaps)
			continue; /* a deliberate difference: gaps_are_bridged_where_the_reference_breaks */
		struct spc_result r = chart_of(c);
		cr_expect_str_eq(spc_variation_name(r.variation), c->variation, "%s: variation", c->name);
		cr_expect_str_eq(spc_assurance_name(r.assurance), c->assurance, "%s: assurance", c->name);
		spc_release(&r);
	}
}

/* The mean of the first baseline of rows FIRST to END - 1 of case C: the first C->fix rows (every row when no
 * fix), a missing row counting as one of them, as the reference's fix_y (row_number() <= fix) has it; or, with
 * BY_VALUES, the first C->fix values, as caregrid has it. */
static double
baseline_mean(const struct ref_case *c, size_t first, size_t end, bool by_values)
{
	double sum = 0;
	size_t used = 0, counted = 0;
	for (size_t i = first; i < end && !(c->fix && counted >= c->fix); i++) {
		bool missing = isnan(c->points[i].value);
		counted += !missing || !by_values;
		if (!missing)
			sum += c->points[i].value, used++;
	}
	return sum / (double)used;
}

/* caregrid's chart of case C with its missing values taken out (rebase rows moved with them). */
static struct spc_result
chart_without_gaps(const struct ref_case *c)
{
	double x[MAX_POINTS];
	size_t at[MAX_REBASE], m = 0, k = 0;
	for (size_t i = 0; i < c->n; i++) {
		if (k < c->n_rebase && c->rebase[k] - 1 == i)
			at[k++] = m;
		if (!isnan(c->points[i].value))
			x[m++] = c->points[i].value;
	}
	struct spc_options o;
	spc_options_default(&o);
	o.improve = direction_of(c);
	o.has_target = c->has_target;
	o.target = c->target;
	o.baseline = c->fix;
	o.rebase = at;
	o.n_rebase = k;
	o.screen = c->screen;
	struct spc_result r;
	char err[200];
	cr_assert_eq(spc_xmr(x, m, &o, &r, err, sizeof err), 0, "%s: %s", c->name, err);
	return r;
}

/*
 * The deliberate difference (docs/spc.md, "Gaps"): NHSRplotthedots counts a missing row as one of the
 * fix_after_n_points rows and its NA breaks the moving ranges either side and any run; caregrid skips it: the
 * baseline is the first N values, one moving range bridges the gap, a run of 8 above the mean goes on over
 * it. So caregrid's chart of a series with gaps is its chart of the series without them, and the reference's
 * means are those of the first N rows: both checked here, and that the two do differ on the fixture.
 */
Test(spc_ref, gaps_are_bridged_where_the_reference_breaks)
{
	size_t n_gap_cases = 0, n_differ = 0, n_shift_over_gap = 0;
	for (size_t i = 0; i < n_cases; i++) {
		const struct ref_case *c = &cases[i];
		if (!c->gaps)
			continue;
		n_gap_cases++;
		struct spc_result r = chart_of(c), w = chart_without_gaps(c);
		for (size_t j = 0, m = 0; j < c->n; j++) {
			const struct spc_point *p = &r.points[j];
			const struct ref_point *ref = &c->points[j];
			if (isnan(ref->value)) {
				cr_expect_eq(p->type, SPC_NO_VALUE, "%s row %zu", c->name, j + 1);
				continue;
			}
			const struct spc_segment *s = &r.segments[p->segment], *sw = &w.segments[w.points[m].segment];
			cr_expect(same_number(s->lpl, sw->lpl) && same_number(s->upl, sw->upl), "%s row %zu", c->name,
				  j + 1);
			cr_expect_eq(p->rules, w.points[m].rules, "%s row %zu", c->name, j + 1);
			cr_expect_eq(p->type, w.points[m].type, "%s row %zu", c->name, j + 1);
			if ((p->rules & SPC_SHIFT) && !(ref->rules & SPC_SHIFT))
				n_shift_over_gap++;
			m++;
		}
		cr_expect_eq(r.variation, w.variation);
		cr_expect_eq(r.assurance, w.assurance);
		for (size_t k = 0; k < r.n_segments; k++) {
			size_t first = r.segments[k].first, end = first + r.segments[k].n;
			double by_rows = baseline_mean(c, first, end, false);
			double by_values = baseline_mean(c, first, end, true);
			cr_expect(same_number(c->points[first].mean, by_rows),
				  "%s segment %zu: the reference counts rows", c->name, k + 1);
			cr_expect(same_number(r.segments[k].mean, by_values), "%s segment %zu: caregrid counts values",
				  c->name, k + 1);
			n_differ += !same_number(r.segments[k].mean, c->points[first].mean);
		}
		spc_release(&r);
		spc_release(&w);
	}
	cr_expect_gt(n_gap_cases, 0);
	cr_expect_gt(n_differ, 0, "the fixture shows the difference in the means");
	cr_expect_gt(n_shift_over_gap, 0, "and a shift that goes on over a gap in caregrid only");
}

/* The command line of `caregrid spc` for case C, reading the series from PATH. */
static struct cli_result
run_spc(const struct ref_case *c, const char *path)
{
	char target[40] = "", baseline[24] = "", rebase[64] = "";
	const char *args[16];
	size_t n = 0;
	args[n++] = "spc";
	args[n++] = "--improve";
	enum spc_direction d = direction_of(c);
	args[n++] = d == SPC_UP ? "up" : d == SPC_DOWN ? "down" : "neither";
	if (c->has_target) {
		snprintf(target, sizeof target, "%.17g", c->target);
		args[n++] = "--target";
		args[n++] = target;
	}
	if (c->fix) {
		snprintf(baseline, sizeof baseline, "%zu", c->fix);
		args[n++] = "--baseline";
		args[n++] = baseline;
	}
	for (size_t k = 0; k < c->n_rebase; k++)
		snprintf(rebase + strlen(rebase), sizeof rebase - strlen(rebase), "%s%zu", k ? "," : "", c->rebase[k]);
	if (c->n_rebase) {
		args[n++] = "--rebase";
		args[n++] = rebase;
	}
	if (!c->screen)
		args[n++] = "--no-screen";
	args[n++] = path;
	args[n] = NULL;
	return run_cli(NULL, args);
}

static double
json_number_or_nan(const json_t *v)
{
	return json_is_null(v) ? NAN : json_number_value(v);
}

/* One case through `caregrid spc` (date,value CSV in, JSON out) against the reference. */
static void
check_cli_case(const struct ref_case *c, const char *dir)
{
	struct buf csv = BUF_INIT;
	buf_init(&csv, 64 * 1024);
	buf_printf(&csv, "date,value\n");
	for (size_t j = 0; j < c->n; j++)
		buf_printf(&csv, "%s,%.17g\n", c->points[j].date, c->points[j].value);
	char *path = write_file(dir, "series.csv", csv.data);
	buf_release(&csv);
	struct cli_result r = run_spc(c, path);
	cr_assert_eq(r.status, 0, "%s: %s", c->name, r.err);
	json_error_t jerr;
	json_t *doc = json_loads(r.out, 0, &jerr);
	cr_assert_not_null(doc, "%s", jerr.text);
	json_t *segs = json_object_get(doc, "segments"), *pts = json_object_get(doc, "points");
	cr_assert_eq(json_array_size(segs), c->n_rebase + 1, "%s", c->name);
	cr_assert_eq(json_array_size(pts), c->n, "%s", c->name);
	for (size_t j = 0; j < c->n; j++) {
		const struct ref_point *w = &c->points[j];
		json_t *s = json_array_get(segs, w->segment), *p = json_array_get(pts, j);
		cr_expect(same_number(json_number_or_nan(json_object_get(s, "mean")), w->mean), "%s row %zu", c->name,
			  j + 1);
		cr_expect(same_number(json_number_or_nan(json_object_get(s, "lpl")), w->lpl), "%s row %zu", c->name,
			  j + 1);
		cr_expect(same_number(json_number_or_nan(json_object_get(s, "upl")), w->upl), "%s row %zu", c->name,
			  j + 1);
		cr_expect_str_eq(json_string_value(json_object_get(p, "point_type")), w->point_type, "%s row %zu",
				 c->name, j + 1);
		cr_expect_eq(json_array_size(json_object_get(p, "rules")), (size_t)__builtin_popcount(w->rules),
			     "%s row %zu: rules", c->name, j + 1);
	}
	cr_expect_str_eq(json_string_value(json_object_get(doc, "variation")), c->variation, "%s", c->name);
	cr_expect_str_eq(json_string_value(json_object_get(doc, "assurance")), c->assurance, "%s", c->name);
	json_decref(doc);
	cli_result_release(&r);
	free(path);
}

Test(spc_ref, caregrid_spc_on_the_command_line_matches_too)
{
	char *dir = make_temp_dir();
	for (size_t i = 0; i < n_cases; i++)
		if (!cases[i].gaps)
			check_cli_case(&cases[i], dir);
	remove_tree(dir);
	free(dir);
}

/* The bound every way into a measure keeps (MEASURE_VALUE_MAX): caregrid spc refuses a value or a target beyond
 * ±1e12, and "1e999", naming the row; ±1e12 itself is taken. */
Test(spc_ref, caregrid_spc_refuses_values_beyond_the_measure_bound)
{
	char *dir = make_temp_dir();
	char *big = write_file(dir, "big.csv", "value\n1\n2\n-1e13\n3\n");
	struct cli_result r = run_cli(NULL, (const char *const[]){"spc", big, NULL});
	cr_expect_eq(r.status, 1);
	cr_expect(strstr(r.err, "row 4, column 1 (value): -1e13 is outside the bound of a measure: from -1e12 to 1e12"),
		  "%s", r.err);
	cli_result_release(&r);
	char *inf = write_file(dir, "inf.csv", "date,value\n2025-01-01,1\n2025-01-08,1e999\n");
	r = run_cli(NULL, (const char *const[]){"spc", inf, NULL});
	cr_expect_eq(r.status, 1);
	cr_expect(strstr(r.err, "row 3, column 2 (value): 1e999 is outside the bound"), "%s", r.err);
	cli_result_release(&r);
	char *edge = write_file(dir, "edge.csv", "value\n1e12\n-1e12\n");
	r = run_cli(NULL, (const char *const[]){"spc", "--target", "1e12", edge, NULL});
	cr_expect_eq(r.status, 0, "%s", r.err);
	cli_result_release(&r);
	r = run_cli(NULL, (const char *const[]){"spc", "--target", "2e12", edge, NULL});
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "--target 2e12 is outside the bound of a measure"), "%s", r.err);
	cli_result_release(&r);
	free(big);
	free(inf);
	free(edge);
	remove_tree(dir);
	free(dir);
}
