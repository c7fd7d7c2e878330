/*
 * spc.c - XmR charts with the "Making Data Count" rules, and run charts with Anhøj's rules (see spc.h and
 * docs/spc.md). The constants 2.66 and 3.267, every rule and every point's type follow NHSRplotthedots
 * 0.2.2 (ptd_special_cause_type, ptd_point_type, ptd_calculate_assurance_type), which flags rising and
 * falling trends alike; run charts follow Anhøj's rules as qicharts2 0.8.1 computes them.
 */
#include "stats/spc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/i18n.h"
#include "lib/xalloc.h"

#define LIMIT 2.66
#define LIMIT_CLOSE (2.0 * LIMIT / 3.0)
#define SCREEN 3.267

void
spc_options_default(struct spc_options *o)
{
	memset(o, 0, sizeof *o);
	o->screen = true;
	o->shift_length = 7;
	o->trend_length = 7;
}

static int
sign_of(double v)
{
	return v > 0 ? 1 : v < 0 ? -1 : 0;
}

/* Limits of one segment, from its first BASELINE present points (all when 0). */
static void
segment_limits(const double *x, size_t first, size_t n, const struct spc_options *o, struct spc_segment *seg)
{
	seg->mean = seg->amr = seg->lpl = seg->upl = NAN;
	double sum = 0, prev = NAN;
	size_t used = 0, k = 0;
	double *mr = xmalloc((n ? n : 1) * sizeof *mr);
	size_t n_mr = 0;
	for (size_t i = first; i < first + n; i++) {
		if (isnan(x[i]))
			continue;
		if (o->baseline && k >= o->baseline)
			break;
		k++;
		sum += x[i];
		used++;
		if (!isnan(prev))
			mr[n_mr++] = fabs(x[i] - prev);
		prev = x[i];
	}
	if (used)
		seg->mean = sum / (double)used;
	if (n_mr) {
		double amr = 0;
		for (size_t i = 0; i < n_mr; i++)
			amr += mr[i];
		amr /= (double)n_mr;
		if (o->screen) {
			/* Ranges at or above 3.267 x the mean range are left out and the mean taken again. */
			double kept = 0;
			size_t n_kept = 0;
			for (size_t i = 0; i < n_mr; i++)
				if (mr[i] < SCREEN * amr) {
					kept += mr[i];
					n_kept++;
				}
			amr = n_kept ? kept / (double)n_kept : NAN;
		}
		seg->amr = amr;
		if (!isnan(amr)) {
			seg->lpl = seg->mean - LIMIT * amr;
			seg->upl = seg->mean + LIMIT * amr;
		}
	}
	free(mr);
}

/* Marks with RULE the points of every run of at least LEN consecutive present points in IDX (indexes of a
 * segment's present points) whose KEY is the same non-zero value. */
static void
mark_runs(struct spc_point *p, const size_t *idx, const int *key, size_t m, size_t len, unsigned rule)
{
	size_t start = 0;
	for (size_t i = 1; i <= m; i++) {
		if (i < m && key[i] != 0 && key[i] == key[start])
			continue;
		if (key[start] != 0 && i - start >= len)
			for (size_t j = start; j < i; j++)
				p[idx[j]].rules |= rule;
		start = i;
	}
}

/*
 * A special cause's direction, +1 high or -1 low, as ptd_special_cause_type ranks the rules: outside the
 * limits, then part of a trend, then two in three, then a shift. A point of a trend takes the trend's
 * direction, not its side of the mean (a rising trend is "high" also below the mean): the step to the next
 * point when that point is in the trend too, else the step from the previous one; no rise counts as falling,
 * as the reference has it.
 */
static int
cause_direction(const struct spc_point *p, const size_t *idx, const double *x, size_t m, size_t j)
{
	const struct spc_point *pt = &p[idx[j]];
	if (pt->rules & SPC_OUTSIDE_LIMITS)
		return pt->relative_to_mean == 1 ? 1 : -1;
	if (pt->rules & SPC_TREND) {
		bool next_in_trend = j + 1 < m && (p[idx[j + 1]].rules & SPC_TREND);
		int step = next_in_trend ? sign_of(x[idx[j + 1]] - x[idx[j]])
			   : j           ? sign_of(x[idx[j]] - x[idx[j - 1]])
					 : 0;
		return step == 1 ? 1 : -1;
	}
	return pt->relative_to_mean > 0 ? 1 : -1; /* two in three, or a shift */
}

/* A present point's type (ptd_point_type): common cause, or its cause's direction against improvement. */
static enum spc_point_type
point_type(const struct spc_point *p, const size_t *idx, const double *x, size_t m, size_t j,
	   enum spc_direction improve)
{
	if (!p[idx[j]].rules)
		return SPC_COMMON_CAUSE;
	int v = cause_direction(p, idx, x, m, j);
	if (improve == SPC_NEITHER)
		return v > 0 ? SPC_NEUTRAL_HIGH : SPC_NEUTRAL_LOW;
	return v * (int)improve > 0 ? SPC_IMPROVEMENT : SPC_CONCERN;
}

/* The options against N points: a baseline of 12 or more, runs of 2 or more, rebase rows in order. */
static int
check_options(size_t n, const struct spc_options *o, char *err, size_t err_size)
{
	if (o->baseline && o->baseline < 12) {
		snprintf(err, err_size, "a baseline needs at least 12 points, not %zu", o->baseline);
		return -1;
	}
	if (o->shift_length < 2 || o->trend_length < 2) {
		snprintf(err, err_size, "a shift or trend needs a length of at least 2");
		return -1;
	}
	for (size_t i = 0; i < o->n_rebase; i++)
		if (o->rebase[i] == 0 || o->rebase[i] >= n || (i && o->rebase[i] <= o->rebase[i - 1])) {
			snprintf(err, err_size, "rebase points must be rows 2 to %zu, in increasing order", n);
			return -1;
		}
	return 0;
}

/* The points of segment SGI (rows SEG->first to END), with moving ranges bridging gaps; IDX gets the rows of
 * those with a value, and their number is returned. */
static size_t
segment_points(struct spc_result *out, const double *x, size_t sgi, size_t end, size_t *idx)
{
	const struct spc_segment *seg = &out->segments[sgi];
	size_t m = 0;
	double prev = NAN;
	for (size_t i = seg->first; i < end; i++) {
		struct spc_point *pt = &out->points[i];
		pt->segment = sgi;
		pt->value = x[i];
		pt->moving_range = NAN;
		if (isnan(x[i])) {
			pt->type = SPC_NO_VALUE;
			continue;
		}
		out->n_values++;
		if (!isnan(prev))
			pt->moving_range = fabs(x[i] - prev);
		prev = x[i];
		pt->relative_to_mean = isnan(seg->mean) ? 0 : sign_of(x[i] - seg->mean);
		idx[m++] = i;
	}
	return m;
}

/* Trend: each step up (or each down) over TREND_LENGTH points; equal neighbours break it. KEY: scratch of M. */
static void
mark_trend(struct spc_point *points, const double *x, const size_t *idx, int *key, size_t m, size_t trend_length)
{
	for (size_t j = 0; j < m; j++)
		key[j] = j ? sign_of(x[idx[j]] - x[idx[j - 1]]) : 0;
	/* A run of trend_length - 1 equal steps covers trend_length points: the point before the run's
	 * first step belongs to it. */
	size_t start = 1;
	for (size_t j = 2; j <= m; j++) {
		if (j < m && key[j] != 0 && key[j] == key[start])
			continue;
		if (start < m && key[start] != 0 && j - start + 1 >= trend_length)
			for (size_t k = start - 1; k < j; k++)
				points[idx[k]].rules |= SPC_TREND;
		start = j;
	}
}

/* Two of three: in any three points in a row all on one side of the mean, at least two lie between the
 * two-sigma line and the limit; those (and only those) are marked. */
static void
mark_two_in_three(struct spc_point *points, const double *x, const size_t *idx, size_t m,
		  const struct spc_segment *seg)
{
	double nlpl = seg->mean - LIMIT_CLOSE * seg->amr, nupl = seg->mean + LIMIT_CLOSE * seg->amr;
	for (size_t j = 0; j + 2 < m; j++) {
		int side = points[idx[j]].relative_to_mean;
		if (side == 0 || points[idx[j + 1]].relative_to_mean != side ||
		    points[idx[j + 2]].relative_to_mean != side)
			continue;
		size_t close = 0;
		bool is_close[3];
		for (int k = 0; k < 3; k++) {
			double v = x[idx[j + (size_t)k]];
			bool outside = points[idx[j + (size_t)k]].rules & SPC_OUTSIDE_LIMITS;
			is_close[k] = !outside && (v < nlpl || v > nupl);
			close += is_close[k];
		}
		if (close >= 2)
			for (int k = 0; k < 3; k++)
				if (is_close[k])
					points[idx[j + (size_t)k]].rules |= SPC_TWO_IN_THREE;
	}
}

/* Segment SGI's limits, its points, the rules each breaks, and each point's type. IDX and KEY: scratch of N. */
static void
segment_compute(struct spc_result *out, const double *x, size_t n, const struct spc_options *o, size_t sgi,
		size_t *idx, int *key)
{
	struct spc_segment *seg = &out->segments[sgi];
	seg->first = sgi ? o->rebase[sgi - 1] : 0;
	size_t end = sgi < o->n_rebase ? o->rebase[sgi] : n;
	seg->n = end - seg->first;
	segment_limits(x, seg->first, seg->n, o, seg);
	size_t m = segment_points(out, x, sgi, end, idx);
	bool limits = !isnan(seg->lpl);

	/* Outside the limits. */
	for (size_t j = 0; limits && j < m; j++) {
		double v = x[idx[j]];
		if (v > seg->upl || v < seg->lpl)
			out->points[idx[j]].rules |= SPC_OUTSIDE_LIMITS;
	}
	mark_trend(out->points, x, idx, key, m, o->trend_length);
	if (limits)
		mark_two_in_three(out->points, x, idx, m, seg);
	/* Shift: shift_length points in a row on one side of the mean; a point on the mean breaks it. */
	for (size_t j = 0; j < m; j++)
		key[j] = out->points[idx[j]].relative_to_mean;
	mark_runs(out->points, idx, key, m, o->shift_length, SPC_SHIFT);

	for (size_t j = 0; j < m; j++)
		out->points[idx[j]].type = point_type(out->points, idx, x, m, j, o->improve);
}

/* The icons, from the last point with a value and the last segment's limits. */
static void
icons(struct spc_result *out, const struct spc_options *o)
{
	const struct spc_point *last = NULL;
	for (size_t i = out->n; i-- > 0;)
		if (!isnan(out->points[i].value)) {
			last = &out->points[i];
			break;
		}
	out->variation = VAR_NONE;
	if (last) {
		switch (last->type) {
		case SPC_COMMON_CAUSE: out->variation = VAR_COMMON; break;
		case SPC_IMPROVEMENT:
			out->variation = o->improve == SPC_UP ? VAR_IMPROVEMENT_HIGH : VAR_IMPROVEMENT_LOW;
			break;
		case SPC_CONCERN: out->variation = o->improve == SPC_UP ? VAR_CONCERN_LOW : VAR_CONCERN_HIGH; break;
		case SPC_NEUTRAL_HIGH: out->variation = VAR_NEUTRAL_HIGH; break;
		case SPC_NEUTRAL_LOW: out->variation = VAR_NEUTRAL_LOW; break;
		default: break;
		}
	}
	const struct spc_segment *ls = &out->segments[out->n_segments - 1];
	out->assurance = ASSURE_NONE;
	/* Limits that cannot be drawn (every moving range zero, or too few points) compare as neither above nor
	 * below the target: "inconsistent", as the reference's case_when falls through on NA. */
	if (o->has_target && o->improve != SPC_NEITHER) {
		bool up = o->improve == SPC_UP;
		if (o->target > ls->upl)
			out->assurance = up ? ASSURE_FAIL : ASSURE_PASS;
		else if (o->target < ls->lpl)
			out->assurance = up ? ASSURE_PASS : ASSURE_FAIL;
		else
			out->assurance = ASSURE_INCONSISTENT;
	}
}

int
spc_xmr(const double *x, size_t n, const struct spc_options *o, struct spc_result *out, char *err, size_t err_size)
{
	memset(out, 0, sizeof *out);
	if (check_options(n, o, err, err_size) < 0)
		return -1;
	out->n = n;
	out->points = xcalloc(n ? n : 1, sizeof *out->points);
	out->n_segments = o->n_rebase + 1;
	out->segments = xcalloc(out->n_segments, sizeof *out->segments);
	size_t *idx = xmalloc((n ? n : 1) * sizeof *idx);
	int *key = xmalloc((n ? n : 1) * sizeof *key);
	for (size_t sgi = 0; sgi < out->n_segments; sgi++)
		segment_compute(out, x, n, o, sgi, idx, key);
	free(idx);
	free(key);
	icons(out, o);
	return 0;
}

void
spc_release(struct spc_result *r)
{
	free(r->points);
	free(r->segments);
	memset(r, 0, sizeof *r);
}

const char *
spc_rule_name(enum spc_rule r)
{
	switch (r) {
	case SPC_OUTSIDE_LIMITS: return "outside_limits";
	case SPC_TREND: return "trend";
	case SPC_TWO_IN_THREE: return "two_in_three";
	case SPC_SHIFT: return "shift";
	}
	return "?";
}

const char *
spc_point_type_name(enum spc_point_type t)
{
	static const char *const names[] = {"common_cause", "special_cause_improvement", "special_cause_concern",
					    "special_cause_neutral_high", "special_cause_neutral_low", NULL};
	return names[t];
}

const char *
spc_variation_name(enum spc_variation v)
{
	static const char *const names[] = {NULL, "common_cause", "improvement_high", "improvement_low",
					    "concern_high", "concern_low", "neutral_high", "neutral_low"};
	return names[v];
}

const char *
spc_assurance_name(enum spc_assurance a)
{
	static const char *const names[] = {"none", "consistent_pass", "consistent_fail", "inconsistent"};
	return names[a];
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* The smallest k with P(Binomial(size, 1/2) <= k) >= p: R's qbinom(p, size, 0.5). */
static size_t
qbinom_half(double p, size_t size)
{
	double cdf = 0, term = pow(0.5, (double)size); /* P(X = 0) */
	for (size_t k = 0; k <= size; k++) {
		cdf += term;
		if (cdf >= p * (1 - 64 * 2.2e-16))
			return k;
		term = term * (double)(size - k) / (double)(k + 1);
	}
	return size;
}

struct spc_run
spc_run_chart(const double *x, size_t n)
{
	struct spc_run r = {0};
	double *v = xmalloc((n ? n : 1) * sizeof *v);
	for (size_t i = 0; i < n; i++)
		if (!isnan(x[i]))
			v[r.n++] = x[i];
	if (r.n == 0) {
		r.median = NAN;
		free(v);
		return r;
	}
	double *sorted = xmalloc(r.n * sizeof *sorted);
	memcpy(sorted, v, r.n * sizeof *sorted);
	qsort(sorted, r.n, sizeof *sorted, cmp_double);
	r.median = r.n % 2 ? sorted[r.n / 2] : (sorted[r.n / 2 - 1] + sorted[r.n / 2]) / 2.0;
	free(sorted);
	int prev = 0;
	size_t run = 0;
	for (size_t i = 0; i < r.n; i++) {
		int side = sign_of(v[i] - r.median);
		if (side == 0)
			continue; /* on the median: neither a run nor a crossing */
		r.n_useful++;
		if (side == prev) {
			run++;
		} else {
			if (prev != 0)
				r.crossings++;
			run = 1;
			prev = side;
		}
		if (run > r.longest_run)
			r.longest_run = run;
	}
	free(v);
	r.has_runs = r.n_useful > 0; /* with no useful observation, runs and crossings are undefined (qicharts2's NA) */
	if (r.n_useful) {
		r.longest_run_max = (size_t)nearbyint(log2((double)r.n_useful)) + 3;
		r.crossings_min = qbinom_half(0.05, r.n_useful - 1);
		r.signal = r.longest_run > r.longest_run_max || r.crossings < r.crossings_min;
	}
	return r;
}

const char *
spc_rule_words(enum spc_rule r)
{
	switch (r) {
	case SPC_OUTSIDE_LIMITS: return N_("outside the process limits");
	case SPC_TREND: return N_("a trend (7 or more rising or falling)");
	case SPC_TWO_IN_THREE: return N_("2 of 3 near a limit");
	case SPC_SHIFT: return N_("a shift (7 or more on one side of the mean)");
	}
	return "";
}

const char *
spc_point_type_words(enum spc_point_type t)
{
	switch (t) {
	case SPC_COMMON_CAUSE: return N_("Common cause");
	case SPC_IMPROVEMENT: return N_("Special cause: improvement");
	case SPC_CONCERN: return N_("Special cause: concern");
	case SPC_NEUTRAL_HIGH: return N_("Special cause: higher");
	case SPC_NEUTRAL_LOW: return N_("Special cause: lower");
	case SPC_NO_VALUE: return N_("No value");
	}
	return "";
}
