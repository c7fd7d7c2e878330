/* test_spc.c - the SPC rules on hand-worked series: limits and moving-range screening, each special-cause
 * rule, baselines and rebasing, gaps, the icons, edge cases (fewer than 2 points, all values equal, a
 * target on a limit, a point on the mean), and the run chart's Anhøj limits as qicharts2 gives them. */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "stats/spc.h"

static struct spc_result
xmr(const double *x, size_t n, const struct spc_options *o)
{
	struct spc_result r;
	char err[200];
	cr_assert_eq(spc_xmr(x, n, o, &r, err, sizeof err), 0, "%s", err);
	return r;
}

/* 5,7,6,8 three times: mean 6.5; moving ranges 2,1,2,3,2,1,2,3,2,1,2 sum to 21 over 11. */
static const double s1[] = {5, 7, 6, 8, 5, 7, 6, 8, 5, 7, 6, 8};

Test(spc, limits_by_hand_and_all_common_cause)
{
	struct spc_options o;
	spc_options_default(&o);
	o.improve = SPC_UP;
	struct spc_result r = xmr(s1, 12, &o);
	cr_assert_eq(r.n_segments, 1);
	cr_expect_float_eq(r.segments[0].mean, 6.5, 1e-12);
	cr_expect_float_eq(r.segments[0].amr, 21.0 / 11.0, 1e-12);
	cr_expect_float_eq(r.segments[0].lpl, 6.5 - 2.66 * 21.0 / 11.0, 1e-12);
	cr_expect_float_eq(r.segments[0].upl, 6.5 + 2.66 * 21.0 / 11.0, 1e-12);
	cr_expect(isnan(r.points[0].moving_range));
	cr_expect_float_eq(r.points[3].moving_range, 2.0, 1e-12);
	for (size_t i = 0; i < 12; i++)
		cr_expect_eq(r.points[i].rules, 0, "point %zu", i + 1);
	cr_expect_eq(r.variation, VAR_COMMON);
	cr_expect_eq(r.assurance, ASSURE_NONE, "no target");
	spc_release(&r);
}

Test(spc, screening_leaves_out_large_moving_ranges)
{
	double x[13];
	memcpy(x, s1, sizeof s1);
	x[12] = 16; /* moving range 8 -> 16 is 8; mean of all 12 ranges 29/12; 8 >= 3.267 x 29/12 = 7.895 */
	struct spc_options o;
	spc_options_default(&o);
	o.improve = SPC_UP;
	struct spc_result r = xmr(x, 13, &o);
	cr_expect_float_eq(r.segments[0].mean, 94.0 / 13.0, 1e-12);
	cr_expect_float_eq(r.segments[0].amr, 21.0 / 11.0, 1e-12, "the 8 was screened out");
	cr_expect_eq(r.points[12].rules, SPC_OUTSIDE_LIMITS);
	cr_expect_eq(r.points[12].type, SPC_IMPROVEMENT);
	cr_expect_eq(r.variation, VAR_IMPROVEMENT_HIGH);
	spc_release(&r);
	o.screen = false;
	r = xmr(x, 13, &o);
	cr_expect_float_eq(r.segments[0].amr, 29.0 / 12.0, 1e-12);
	spc_release(&r);
	o.improve = SPC_DOWN;
	o.screen = true;
	r = xmr(x, 13, &o);
	cr_expect_eq(r.points[12].type, SPC_CONCERN);
	cr_expect_eq(r.variation, VAR_CONCERN_HIGH);
	spc_release(&r);
	o.improve = SPC_NEITHER;
	r = xmr(x, 13, &o);
	cr_expect_eq(r.points[12].type, SPC_NEUTRAL_HIGH);
	cr_expect_eq(r.variation, VAR_NEUTRAL_HIGH);
	spc_release(&r);
}

Test(spc, a_shift_is_seven_in_a_row_and_a_point_on_the_mean_breaks_it)
{
	/* 20,0 five times, 11 x6, 10 (on the mean), 11 x6, 9 x12: 350 over 35 points, mean exactly 10. */
	double x[35];
	size_t n = 0;
	for (int i = 0; i < 5; i++)
		x[n++] = 20, x[n++] = 0;
	for (int i = 0; i < 6; i++)
		x[n++] = 11;
	x[n++] = 10;
	for (int i = 0; i < 6; i++)
		x[n++] = 11;
	for (int i = 0; i < 12; i++)
		x[n++] = 9;
	struct spc_options o;
	spc_options_default(&o);
	o.screen = false;
	o.improve = SPC_UP;
	struct spc_result r = xmr(x, n, &o);
	cr_assert_float_eq(r.segments[0].mean, 10.0, 1e-12);
	cr_expect_eq(r.points[16].relative_to_mean, 0);
	for (size_t i = 0; i < 23; i++)
		cr_expect_eq(r.points[i].rules & SPC_SHIFT, 0, "point %zu is in no shift", i + 1);
	for (size_t i = 23; i < 35; i++) {
		cr_expect_eq(r.points[i].rules, SPC_SHIFT, "point %zu", i + 1);
		cr_expect_eq(r.points[i].type, SPC_CONCERN, "below the mean, higher is better");
	}
	cr_expect_eq(r.variation, VAR_CONCERN_LOW);
	spc_release(&r);
	o.shift_length = 13;
	r = xmr(x, n, &o);
	cr_expect_eq(r.points[30].rules & SPC_SHIFT, 0, "12 in a row is no shift of 13");
	spc_release(&r);
}

Test(spc, a_trend_is_seven_rising_or_falling_and_equal_neighbours_break_it)
{
	const double up[] = {20, 1, 2, 3, 4, 5, 6, 7, 20, 20, 20, 20, 20, 20};
	struct spc_options o;
	spc_options_default(&o);
	o.screen = false;
	struct spc_result r = xmr(up, 14, &o);
	cr_expect_eq(r.points[0].rules & SPC_TREND, 0, "20 to 1 is a fall");
	for (size_t i = 1; i <= 8; i++)
		cr_expect(r.points[i].rules & SPC_TREND, "rising point %zu (1..7 and then 20: eight rising)", i + 1);
	cr_expect_eq(r.points[9].rules & SPC_TREND, 0, "20 to 20 is no rise");
	spc_release(&r);

	const double flat[] = {1, 2, 3, 3, 4, 5, 6, 7};
	r = xmr(flat, 8, &o);
	for (size_t i = 0; i < 8; i++)
		cr_expect_eq(r.points[i].rules & SPC_TREND, 0, "broken by the repeated 3: point %zu", i + 1);
	spc_release(&r);

	const double down[] = {9, 8, 7, 6, 5, 4, 3, 3};
	r = xmr(down, 8, &o);
	for (size_t i = 0; i < 7; i++)
		cr_expect(r.points[i].rules & SPC_TREND, "falling point %zu", i + 1);
	cr_expect_eq(r.points[7].rules & SPC_TREND, 0);
	spc_release(&r);
}

Test(spc, two_of_three_beyond_two_sigma_on_one_side_with_a_baseline)
{
	/* Baseline: 0,4 six times: mean 2, every range 4, so amr 4, upl 12.64, two sigma at 9.0933. */
	double x[16];
	for (int i = 0; i < 12; i++)
		x[i] = i % 2 ? 4 : 0;
	x[12] = 10, x[13] = 3, x[14] = 10, x[15] = 0;
	struct spc_options o;
	spc_options_default(&o);
	o.screen = false;
	o.baseline = 12;
	o.improve = SPC_UP;
	struct spc_result r = xmr(x, 16, &o);
	cr_expect_float_eq(r.segments[0].mean, 2.0, 1e-12, "fixed from the first 12 points");
	cr_expect_float_eq(r.segments[0].amr, 4.0, 1e-12);
	cr_expect_eq(r.points[12].rules, SPC_TWO_IN_THREE);
	cr_expect_eq(r.points[13].rules, 0, "not beyond two sigma: not marked");
	cr_expect_eq(r.points[14].rules, SPC_TWO_IN_THREE);
	cr_expect_eq(r.points[12].type, SPC_IMPROVEMENT);
	cr_expect_eq(r.points[15].rules, 0);
	spc_release(&r);
	o.baseline = 5;
	char err[200];
	cr_expect_eq(spc_xmr(x, 16, &o, &r, err, sizeof err), -1);
	cr_expect_str_eq(err, "a baseline needs at least 12 points, not 5");
}

Test(spc, rebasing_starts_new_limits)
{
	double x[24];
	for (int i = 0; i < 12; i++)
		x[i] = i % 2 ? 4 : 0, x[12 + i] = i % 2 ? 14 : 10;
	struct spc_options o;
	spc_options_default(&o);
	size_t at[] = {12};
	o.rebase = at;
	o.n_rebase = 1;
	struct spc_result r = xmr(x, 24, &o);
	cr_assert_eq(r.n_segments, 2);
	cr_expect_eq(r.segments[1].first, 12);
	cr_expect_eq(r.segments[1].n, 12);
	cr_expect_float_eq(r.segments[1].mean, 12.0, 1e-12);
	cr_expect_float_eq(r.segments[1].amr, 4.0, 1e-12, "no range across the rebase");
	cr_expect(isnan(r.points[12].moving_range));
	for (size_t i = 0; i < 24; i++)
		cr_expect_eq(r.points[i].rules, 0, "point %zu", i + 1);
	spc_release(&r);
	o.n_rebase = 0;
	r = xmr(x, 24, &o);
	cr_expect(r.points[20].rules & SPC_SHIFT, "without the rebase, the second half is a shift");
	spc_release(&r);
}

Test(spc, a_missing_value_is_a_gap_the_range_bridges)
{
	double x[13];
	memcpy(x, s1, 4 * sizeof *x);
	x[4] = NAN;
	memcpy(x + 5, s1 + 4, 8 * sizeof *x);
	struct spc_options o;
	spc_options_default(&o);
	struct spc_result r = xmr(x, 13, &o);
	cr_expect_eq(r.n_values, 12);
	cr_expect_eq(r.points[4].type, SPC_NO_VALUE);
	cr_expect_float_eq(r.points[5].moving_range, 3.0, 1e-12, "8 to 5 across the gap");
	cr_expect_float_eq(r.segments[0].amr, 21.0 / 11.0, 1e-12, "as without the gap");
	spc_release(&r);
}

Test(spc, edge_cases)
{
	struct spc_options o;
	spc_options_default(&o);
	const double one[] = {5};
	struct spc_result r = xmr(one, 1, &o);
	cr_expect_float_eq(r.segments[0].mean, 5.0, 1e-12);
	cr_expect(isnan(r.segments[0].amr) && isnan(r.segments[0].upl), "fewer than 2 points: no limits");
	cr_expect_eq(r.points[0].type, SPC_COMMON_CAUSE);
	spc_release(&r);
	r = xmr(NULL, 0, &o);
	cr_expect_eq(r.variation, VAR_NONE);
	cr_expect(isnan(r.segments[0].mean));
	spc_release(&r);

	const double same[] = {3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3};
	r = xmr(same, 12, &o);
	cr_expect(isnan(r.segments[0].amr), "every range is 0, none below 3.267 x 0: screening keeps none");
	for (size_t i = 0; i < 12; i++)
		cr_expect_eq(r.points[i].rules, 0);
	spc_release(&r);
	o.screen = false;
	r = xmr(same, 12, &o);
	cr_expect_float_eq(r.segments[0].upl, 3.0, 1e-12);
	cr_expect_eq(r.points[5].rules, 0, "on the limit is not outside it");
	cr_expect_eq(r.variation, VAR_COMMON);
	spc_release(&r);
}

Test(spc, assurance_by_target_and_direction)
{
	struct spc_options o;
	spc_options_default(&o);
	o.improve = SPC_UP;
	o.has_target = true;
	struct spc_result r = xmr(s1, 12, &o);
	double upl = r.segments[0].upl, lpl = r.segments[0].lpl;
	spc_release(&r);
	struct {
		enum spc_direction dir;
		double target;
		enum spc_assurance want;
	} cases[] = {
		{SPC_UP, lpl - 1, ASSURE_PASS},     {SPC_UP, upl + 1, ASSURE_FAIL},
		{SPC_UP, 6.5, ASSURE_INCONSISTENT}, {SPC_DOWN, lpl - 1, ASSURE_FAIL},
		{SPC_DOWN, upl + 1, ASSURE_PASS},   {SPC_UP, upl, ASSURE_INCONSISTENT},
		{SPC_UP, lpl, ASSURE_INCONSISTENT}, {SPC_NEITHER, upl + 1, ASSURE_NONE},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		o.improve = cases[i].dir;
		o.target = cases[i].target;
		r = xmr(s1, 12, &o);
		cr_expect_eq(r.assurance, cases[i].want, "case %zu", i);
		spc_release(&r);
	}
}

Test(spc, run_chart_limits_match_qicharts2)
{
	double up[20], alt[20];
	for (int i = 0; i < 20; i++)
		up[i] = i + 1, alt[i] = i % 2 + 1;
	struct spc_run r = spc_run_chart(up, 20);
	cr_expect_float_eq(r.median, 10.5, 1e-12);
	cr_expect_eq(r.n_useful, 20);
	cr_expect_eq(r.longest_run, 10);
	cr_expect_eq(r.longest_run_max, 7, "round(log2(20)) + 3");
	cr_expect_eq(r.crossings, 1);
	cr_expect_eq(r.crossings_min, 6, "qbinom(0.05, 19, 0.5)");
	cr_expect(r.signal);
	r = spc_run_chart(alt, 20);
	cr_expect_eq(r.crossings, 19);
	cr_expect_eq(r.longest_run, 1);
	cr_expect(!r.signal);
	const double ties[] = {1, 2, 2, 3, NAN};
	r = spc_run_chart(ties, 5);
	cr_expect_eq(r.n, 4);
	cr_expect_eq(r.n_useful, 2, "points on the median do not count");
	cr_expect_eq(r.crossings, 1);
	cr_expect_eq(r.crossings_min, 0);
	double thirty[30];
	for (int i = 0; i < 30; i++)
		thirty[i] = i % 3;
	r = spc_run_chart(thirty, 30);
	cr_expect_eq(r.n_useful, 20, "the ten 1s lie on the median");
	cr_expect_eq(r.crossings_min, 6);
	double ten[10] = {1, 9, 2, 8, 3, 7, 4, 6, 0, 10};
	r = spc_run_chart(ten, 10);
	cr_expect_eq(r.longest_run_max, 6);
	cr_expect_eq(r.crossings_min, 2, "qbinom(0.05, 9, 0.5)");
}

/* NHSRplotthedots 0.2.2 (ptd_special_cause_type): a point of a trend takes the trend's direction, even on the
 * other side of the mean. 10..16 rising, then wide swings that keep the limits wide (nothing outside them):
 * the rising points all lie below the mean (17.6). */
Test(spc, a_trend_point_takes_the_trends_direction_not_its_side_of_the_mean)
{
	const double x[] = {10, 11, 12, 13, 14, 15, 16, 30, 10, 32, 12, 31, 11, 30};
	struct spc_options o;
	spc_options_default(&o);
	o.improve = SPC_UP;
	struct spc_result r = xmr(x, 14, &o);
	for (size_t i = 0; i < 7; i++) {
		cr_assert(r.points[i].rules & SPC_TREND, "point %zu", i + 1);
		cr_expect_not(r.points[i].rules & SPC_OUTSIDE_LIMITS);
		cr_expect_eq(r.points[i].relative_to_mean, -1, "below the mean");
		cr_expect_eq(r.points[i].type, SPC_IMPROVEMENT, "point %zu of a rising trend, improvement up", i + 1);
	}
	spc_release(&r);
	o.improve = SPC_DOWN;
	r = xmr(x, 14, &o);
	for (size_t i = 0; i < 7; i++)
		cr_expect_eq(r.points[i].type, SPC_CONCERN, "point %zu of a rising trend, improvement down", i + 1);
	spc_release(&r);
	o.improve = SPC_NEITHER;
	r = xmr(x, 14, &o);
	cr_expect_eq(r.points[0].type, SPC_NEUTRAL_HIGH, "a rising trend is high, also below the mean");
	spc_release(&r);
	/* Falling from well above the mean: every trend point is low, a concern when up is better. */
	const double y[] = {30, 29, 28, 27, 26, 25, 24, 10, 28, 8, 30, 9, 29, 10};
	o.improve = SPC_UP;
	r = xmr(y, 14, &o);
	for (size_t i = 0; i < 7; i++) {
		cr_expect_eq(r.points[i].relative_to_mean, 1, "above the mean");
		cr_expect_eq(r.points[i].type, SPC_CONCERN, "point %zu of a falling trend, improvement up", i + 1);
	}
	spc_release(&r);
}

/* The upstream tests' series for the trend helper (ptd_seven_point_trend): 1:7 and 7:1 are trends, c(1:3, 3:6)
 * is not (equal neighbours), and c(2, 1:7, 3) marks exactly the seven rising points. */
Test(spc, the_reference_trend_cases)
{
	struct spc_options o;
	spc_options_default(&o);
	o.improve = SPC_UP;
	const double rising[] = {1, 2, 3, 4, 5, 6, 7}, falling[] = {7, 6, 5, 4, 3, 2, 1},
		     flat[] = {1, 2, 3, 3, 4, 5, 6};
	const double inside[] = {2, 1, 2, 3, 4, 5, 6, 7, 3};
	struct spc_result r = xmr(rising, 7, &o);
	for (size_t i = 0; i < 7; i++)
		cr_expect(r.points[i].rules & SPC_TREND);
	spc_release(&r);
	r = xmr(falling, 7, &o);
	for (size_t i = 0; i < 7; i++)
		cr_expect(r.points[i].rules & SPC_TREND);
	spc_release(&r);
	r = xmr(flat, 7, &o);
	for (size_t i = 0; i < 7; i++)
		cr_expect_not(r.points[i].rules & SPC_TREND);
	spc_release(&r);
	r = xmr(inside, 9, &o);
	for (size_t i = 0; i < 9; i++)
		cr_expect_eq((r.points[i].rules & SPC_TREND) != 0, i >= 1 && i <= 7, "point %zu", i + 1);
	spc_release(&r);
}

Test(spc, limits_that_cannot_be_drawn_make_a_target_inconsistent)
{
	const double same[] = {3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3};
	struct spc_options o;
	spc_options_default(&o);
	o.improve = SPC_UP;
	o.has_target = true;
	o.target = 10;
	struct spc_result r = xmr(same, 12, &o);
	cr_expect(isnan(r.segments[0].lpl) && isnan(r.segments[0].upl), "every moving range zero: no limits");
	cr_expect_eq(r.assurance, ASSURE_INCONSISTENT);
	spc_release(&r);
	o.improve = SPC_NEITHER;
	r = xmr(same, 12, &o);
	cr_expect_eq(r.assurance, ASSURE_NONE, "no direction: no assurance");
	spc_release(&r);
}

Test(spc, a_run_chart_with_nothing_off_the_median_has_no_runs)
{
	const double same[] = {4, 4, 4, 4, 4};
	struct spc_run r = spc_run_chart(same, 5);
	cr_expect_float_eq(r.median, 4.0, 1e-12);
	cr_expect_eq(r.n_useful, 0);
	cr_expect_not(r.has_runs, "longest run and crossings are undefined, not 0");
	cr_expect_not(r.signal);
	const double some[] = {1, 4, 9};
	r = spc_run_chart(some, 3);
	cr_expect(r.has_runs);
}

/* bits(S): the points of R (from FIRST) that carry RULE, as "1"/"0" text, for comparing with the upstream
 * tests' vectors. */
static void
bits(const struct spc_result *r, size_t first, unsigned rule, char *out)
{
	size_t k = 0;
	for (size_t i = first; i < r->n; i++)
		out[k++] = r->points[i].rules & rule ? '1' : '0';
	out[k] = '\0';
}

/* NHSRplotthedots 0.2.2's tests of ptd_seven_point_one_side_mean and ptd_part_of_seven_trend, given there as
 * sides of the mean (1 above, -1 below): here as values with those sides. A shift marks every point of a run
 * of seven or more on one side, and nothing of a run of six. */
Test(spc, the_reference_shift_cases)
{
	struct {
		const char *upstream;
		double x[12];
		size_t n;
		const char *want;
	} cases[] = {
		{"c(rep(1, 6), -1)", {10, 11, 10, 11, 10, 11, 0}, 7, "0000000"},
		{"c(rep(1, 8), -1)", {10, 11, 10, 11, 10, 11, 10, 11, 0}, 9, "111111110"},
		{"c(rep(-1, 8), 1)", {1, 0, 1, 0, 1, 0, 1, 0, 11}, 9, "111111110"},
		{"c(-1, rep(1, 8), -1)", {0, 10, 11, 10, 11, 10, 11, 10, 11, 0}, 10, "0111111110"},
		{"c(1, rep(-1, 8), 1)", {11, 1, 0, 1, 0, 1, 0, 1, 0, 11}, 10, "0111111110"},
	};
	struct spc_options o;
	spc_options_default(&o);
	o.improve = SPC_UP;
	o.screen = false;
	for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
		struct spc_result r = xmr(cases[c].x, cases[c].n, &o);
		char got[16];
		bits(&r, 0, SPC_SHIFT, got);
		cr_expect_str_eq(got, cases[c].want, "%s", cases[c].upstream);
		spc_release(&r);
	}
}

/* NHSRplotthedots 0.2.2's tests of ptd_two_in_three and ptd_part_of_two_in_three, given there as flags of
 * "beyond two sigma" (close to the limits): here 10 (beyond 9.09, inside 12.64) and 3 (not), after a baseline
 * of 0 and 4 that fixes mean 2 and sigma 3.55. Only the points beyond two sigma are marked, and only when two
 * of three consecutive points are. */
Test(spc, the_reference_two_in_three_cases)
{
	struct {
		const char *flags, *want;
	} cases[] = {
		{"000", "000"}, {"101", "101"}, {"011", "011"}, {"110", "110"}, {"0010100", "0010100"},
		{"0011000", "0011000"}, {"1001", "0000"}, {"10011", "00011"},
	};
	struct spc_options o;
	spc_options_default(&o);
	o.screen = false;
	o.baseline = 12;
	o.improve = SPC_UP;
	for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
		double x[24];
		size_t n = 0;
		for (; n < 12; n++)
			x[n] = n % 2 ? 4 : 0;
		for (const char *f = cases[c].flags; *f; f++)
			x[n++] = *f == '1' ? 10 : 3;
		struct spc_result r = xmr(x, n, &o);
		char got[16];
		bits(&r, 12, SPC_TWO_IN_THREE, got);
		cr_expect_str_eq(got, cases[c].want, "close to the limits: %s", cases[c].flags);
		spc_release(&r);
	}
}

/* NHSRplotthedots 0.2.2's test "it returns correct values for assurance when rebase": the assurance is the
 * last segment's, whatever the ones before it said. */
Test(spc, the_reference_assurance_takes_the_last_segment)
{
	double low_then_high[24], high_then_low[24];
	for (size_t i = 0; i < 12; i++) {
		low_then_high[i] = high_then_low[i + 12] = i % 2 ? 2.1 : 2.0;  /* limits 1.78 to 2.32 */
		low_then_high[i + 12] = high_then_low[i] = i % 2 ? 6.1 : 6.0;  /* limits 5.78 to 6.32 */
	}
	const size_t at[] = {12};
	struct spc_options o;
	spc_options_default(&o);
	o.rebase = at;
	o.n_rebase = 1;
	o.has_target = true;
	o.target = 4;
	o.improve = SPC_UP;
	struct spc_result r = xmr(low_then_high, 24, &o);
	cr_assert_eq(r.n_segments, 2);
	cr_expect_eq(r.assurance, ASSURE_PASS, "the last segment is all above 4");
	spc_release(&r);
	r = xmr(high_then_low, 24, &o);
	cr_expect_eq(r.assurance, ASSURE_FAIL, "the last segment is all below 4");
	spc_release(&r);
	o.improve = SPC_DOWN;
	r = xmr(high_then_low, 24, &o);
	cr_expect_eq(r.assurance, ASSURE_PASS);
	spc_release(&r);
}

/* NHSRplotthedots 0.2.2's "it returns expected values" (test-ptd_spc_standard.R and its snapshot): R's
 * set.seed(123); rnorm(20), then the 15th value set to 10 with and without screening. The snapshot's
 * figures, to its seven significant digits. */
Test(spc, the_reference_limits_of_rnorm_20)
{
	double y[20] = {-0.56047565, -0.23017749, 1.55870831, 0.07050839,  0.12928774, 1.71506499, 0.46091621,
			-1.26506123, -0.68685285, -0.44566197, 1.22408180, 0.35981383,  0.40077145, 0.11068272,
			-0.55584113, 1.78691314,  0.49785048,  -1.96661716, 0.70135590, -0.47279141};
	struct spc_options o;
	spc_options_default(&o);
	struct spc_result r = xmr(y, 20, &o);
	cr_expect_float_eq(r.segments[0].mean, 0.1416238, 5e-7);
	cr_expect_float_eq(r.segments[0].lpl, -3.01138, 5e-6);
	cr_expect_float_eq(r.segments[0].upl, 3.294627, 5e-6);
	const int sides[] = {-1, -1, 1, -1, -1, 1, 1, -1, -1, -1, 1, 1, 1, -1, -1};
	for (size_t i = 0; i < 15; i++)
		cr_expect_eq(r.points[i].relative_to_mean, sides[i], "point %zu", i + 1);
	for (size_t i = 0; i < 20; i++)
		cr_expect_not(r.points[i].rules & SPC_OUTSIDE_LIMITS, "point %zu", i + 1);
	spc_release(&r);

	y[14] = 10;
	r = xmr(y, 20, &o);
	cr_expect_float_eq(r.segments[0].mean, 0.6694159, 5e-7);
	cr_expect_float_eq(r.segments[0].lpl, -2.383666, 5e-6, "the two ranges around the 10 screened out");
	cr_expect_float_eq(r.segments[0].upl, 3.722497, 5e-6);
	spc_release(&r);
	o.screen = false;
	r = xmr(y, 20, &o);
	cr_expect_float_eq(r.segments[0].lpl, -4.596625, 5e-6);
	cr_expect_float_eq(r.segments[0].upl, 5.935457, 5e-6);
	spc_release(&r);
}

/* NHSRplotthedots 0.2.2: "it only reports special cause for 2 of 3 points close to limits when they are on
 * the same side of the mean": 1, -1 eight times, the last two made 5.5 and -5.5. */
Test(spc, two_of_three_on_opposite_sides_is_common_cause)
{
	double x[16];
	for (size_t i = 0; i < 16; i++)
		x[i] = i % 2 ? -1 : 1;
	x[14] = 5.5;
	x[15] = -5.5;
	struct spc_options o;
	spc_options_default(&o);
	o.improve = SPC_UP;
	struct spc_result r = xmr(x, 16, &o);
	cr_expect_eq(r.points[14].type, SPC_COMMON_CAUSE);
	cr_expect_eq(r.points[15].type, SPC_COMMON_CAUSE);
	spc_release(&r);
}

/*
 * Rebases with frozen baselines, as NHSRplotthedots 0.2.x computes them with ptd_spc(..., rebase =
 * ptd_rebase(...), fix_after_n_points = 12): ptd_spc_standard groups by rebase group and, within each, keeps
 * fix_y = y for row_number() <= 12 (NA after), so the mean, the moving ranges and their screening see only the
 * first 12 points of each segment; every point of the segment is then judged against those frozen limits, and
 * ptd_calculate_point_type runs its rules per rebase group. Worked by hand (and confirmed by the package itself:
 * case hand_rebase_frozen in tests/data/spc-ref, checked by test_spc_ref.c, as are the next two tests' series):
 *
 * Segment 1, rows 1-15: 5,7,6,8 three times, then 12, 6, 7.
 *   Baseline rows 1-12: mean 78/12 = 6.5; ranges 2,1,2,3,2,1,2,3,2,1,2 = 21 over 11 (all under 3.267 x 21/11
 *   = 6.237, none screened); amr 21/11; upl = 6.5 + 2.66 x 21/11 = 11.578181..., lpl = 1.421818...; two sigma
 *   at 6.5 +- (2 x 2.66 / 3) x 21/11 = 9.885454... / 3.114545...
 *   Row 13 (12) is above 11.578: outside the limits, an improvement when higher is better. Rows 14, 15 (6, 7)
 *   are inside two sigma; sides alternate (-,+,-,+ ... +,+,-,+): no shift; no 7 rising or falling: no trend.
 *   Not frozen, the 15 points would give mean 103/15 and amr 32/14, upl 12.947...: row 13 would be inside.
 * Segment 2, rows 16-30 (rebase at row 16, with its reason): 20,22,21,23 three times, then 25, 22, 26.
 *   Baseline rows 16-27: mean 258/12 = 21.5; the range into row 16 does not count (c(NA, diff()) per group);
 *   ranges 21 over 11 as above; upl = 26.578181..., lpl = 16.421818...; two sigma above at 24.885454...
 *   Rows 28-30: 25 and 26 lie between two sigma and the limit, 22 does not, all three above the mean: two of
 *   three, rows 28 and 30 flagged (ptd_part_of_two_in_three marks only the close ones). The last point (26) is
 *   an improvement: variation "improvement_high".
 *   Target 15, higher better: the last segment's lpl 16.42 is above it, "consistent_pass"; the first
 *   segment's upl 11.58 is below it and would have said "consistent_fail" (NHSRplotthedots #172).
 */
Test(spc, the_reference_rebase_with_frozen_baselines)
{
	double x[30];
	const double base1[] = {5, 7, 6, 8}, base2[] = {20, 22, 21, 23};
	for (size_t i = 0; i < 12; i++)
		x[i] = base1[i % 4], x[15 + i] = base2[i % 4];
	x[12] = 12, x[13] = 6, x[14] = 7, x[27] = 25, x[28] = 22, x[29] = 26;
	const size_t at[] = {15};
	struct spc_options o;
	spc_options_default(&o);
	o.improve = SPC_UP;
	o.baseline = 12;
	o.rebase = at;
	o.n_rebase = 1;
	o.has_target = true;
	o.target = 15;
	struct spc_result r = xmr(x, 30, &o);
	cr_assert_eq(r.n_segments, 2);
	const double amr = 21.0 / 11.0, close = 2.0 * 2.66 / 3.0 * amr;
	cr_expect_float_eq(r.segments[0].mean, 6.5, 1e-9);
	cr_expect_float_eq(r.segments[0].amr, amr, 1e-9);
	cr_expect_float_eq(r.segments[0].upl, 6.5 + 2.66 * amr, 1e-9);
	cr_expect_float_eq(r.segments[0].upl, 11.578181818181818, 1e-9);
	cr_expect_float_eq(r.segments[0].lpl, 1.4218181818181819, 1e-9);
	cr_expect_eq(r.segments[1].first, 15);
	cr_expect_eq(r.segments[1].n, 15);
	cr_expect_float_eq(r.segments[1].mean, 21.5, 1e-9);
	cr_expect_float_eq(r.segments[1].amr, amr, 1e-9);
	cr_expect_float_eq(r.segments[1].upl, 26.578181818181818, 1e-9);
	cr_expect_float_eq(r.segments[1].lpl, 16.421818181818182, 1e-9);
	cr_expect(25 > 21.5 + close && 22 < 21.5 + close, "the hand-worked two sigma line");
	char got[32], want[] = "000000000000100" "000000000000101";
	for (size_t i = 0; i < 30; i++)
		got[i] = r.points[i].rules ? '1' : '0';
	got[30] = '\0';
	cr_expect_str_eq(got, want, "special-cause flags");
	cr_expect_eq(r.points[12].rules, SPC_OUTSIDE_LIMITS);
	cr_expect_eq(r.points[12].type, SPC_IMPROVEMENT);
	cr_expect_eq(r.points[27].rules, SPC_TWO_IN_THREE);
	cr_expect_eq(r.points[29].rules, SPC_TWO_IN_THREE);
	cr_expect_eq(r.points[29].type, SPC_IMPROVEMENT);
	cr_expect(isnan(r.points[15].moving_range), "no range across a rebase");
	cr_expect_eq(r.variation, VAR_IMPROVEMENT_HIGH);
	cr_expect_eq(r.assurance, ASSURE_PASS, "the last segment's limits");
	spc_release(&r);

	/* The same without freezing: every point of each segment sets its limits, and row 13 falls inside. */
	o.baseline = 0;
	r = xmr(x, 30, &o);
	cr_expect_float_eq(r.segments[0].mean, 103.0 / 15.0, 1e-9);
	cr_expect_float_eq(r.segments[0].amr, 32.0 / 14.0, 1e-9);
	cr_expect_eq(r.points[12].rules & SPC_OUTSIDE_LIMITS, 0);
	spc_release(&r);
}

/*
 * A shift after a frozen baseline, then a rebase and a fall below the new limits; 33 rows, fix 12.
 * Segment 1, rows 1-19: 10,12 six times, then 13 seven times. Baseline: mean 11, every range 2, amr 2;
 *   upl 11 + 5.32 = 16.32, lpl 5.68; two sigma at 11 +- 3.546666...: 13 is not close.
 *   Row 12 (12) and rows 13-19 (13) are eight in a row above 11: a shift, all eight flagged (a baseline
 *   point too), improvements when higher is better. No rebase follows by itself: the shift stays a signal.
 * Segment 2, rows 20-33 (rebase at row 20): 14,12 six times, then 8, 7. Baseline: mean 13, amr 2, upl 18.32,
 *   lpl 7.68, two sigma below at 9.453333... Row 33 (7) is under 7.68: outside, a concern. Rows 31-33
 *   (12, 8, 7) are all below the mean but only row 32 is close (row 33 is outside, so not "close"): no two in
 *   three; 14, 12, 8, 7 falls four times, no trend; three below the mean, no shift. Variation "concern_low";
 *   target 10 lies between 7.68 and 18.32: "inconsistent".
 */
Test(spc, the_reference_frozen_shift_then_rebase)
{
	double x[33];
	for (size_t i = 0; i < 12; i++)
		x[i] = i % 2 ? 12 : 10, x[19 + i] = i % 2 ? 12 : 14;
	for (size_t i = 12; i < 19; i++)
		x[i] = 13;
	x[31] = 8, x[32] = 7;
	const size_t at[] = {19};
	struct spc_options o;
	spc_options_default(&o);
	o.improve = SPC_UP;
	o.baseline = 12;
	o.rebase = at;
	o.n_rebase = 1;
	o.has_target = true;
	o.target = 10;
	struct spc_result r = xmr(x, 33, &o);
	cr_expect_float_eq(r.segments[0].mean, 11.0, 1e-9);
	cr_expect_float_eq(r.segments[0].upl, 16.32, 1e-9);
	cr_expect_float_eq(r.segments[0].lpl, 5.68, 1e-9);
	cr_expect_float_eq(r.segments[1].mean, 13.0, 1e-9);
	cr_expect_float_eq(r.segments[1].upl, 18.32, 1e-9);
	cr_expect_float_eq(r.segments[1].lpl, 7.68, 1e-9);
	char got[40];
	bits(&r, 0, SPC_SHIFT, got);
	cr_expect_str_eq(got, "000000000001111111100000000000000", "the shift");
	for (size_t i = 11; i < 19; i++)
		cr_expect_eq(r.points[i].type, SPC_IMPROVEMENT, "row %zu", i + 1);
	cr_expect_eq(r.points[31].rules, 0);
	cr_expect_eq(r.points[32].rules, SPC_OUTSIDE_LIMITS);
	cr_expect_eq(r.points[32].type, SPC_CONCERN);
	cr_expect_eq(r.variation, VAR_CONCERN_LOW);
	cr_expect_eq(r.assurance, ASSURE_INCONSISTENT);
	spc_release(&r);
}

/* A baseline longer than a segment uses all of it (row_number() <= 12 holds for every row of a short group). */
Test(spc, a_baseline_longer_than_its_segment_takes_the_whole_segment)
{
	double x[17];
	for (size_t i = 0; i < 12; i++)
		x[i] = i % 2 ? 4 : 0;
	const double tail[] = {10, 14, 10, 14, 12};
	memcpy(x + 12, tail, sizeof tail);
	const size_t at[] = {12};
	struct spc_options o;
	spc_options_default(&o);
	o.baseline = 12;
	o.rebase = at;
	o.n_rebase = 1;
	struct spc_result r = xmr(x, 17, &o);
	cr_expect_float_eq(r.segments[1].mean, 12.0, 1e-9, "(10 + 14 + 10 + 14 + 12) / 5");
	cr_expect_float_eq(r.segments[1].amr, 14.0 / 4.0, 1e-9, "ranges 4, 4, 4, 2");
	spc_release(&r);
}
