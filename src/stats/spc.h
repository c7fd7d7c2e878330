/*
 * spc.h - statistical process control as NHS England's "Making Data Count" draws it, following the
 * reference implementation NHSRplotthedots (ptd_spc_standard.R, ptd_calculate_point_type.R,
 * ptd_calculate_assurance_type.R); every definition is written out in docs/spc.md. Also the run chart with
 * Anhøj's rules as the R package qicharts2 applies them. Pure functions over arrays; no I/O.
 */
#ifndef CAREGRID_SPC_H
#define CAREGRID_SPC_H

#include <stdbool.h>
#include <stddef.h>

enum spc_direction { SPC_NEITHER = 0, SPC_UP = 1, SPC_DOWN = -1 };

/* Special-cause rules, in the reference's order of precedence. */
enum spc_rule { SPC_OUTSIDE_LIMITS = 1 << 0, SPC_TREND = 1 << 1, SPC_TWO_IN_THREE = 1 << 2, SPC_SHIFT = 1 << 3 };

enum spc_point_type {
	SPC_COMMON_CAUSE,
	SPC_IMPROVEMENT,
	SPC_CONCERN,
	SPC_NEUTRAL_HIGH,
	SPC_NEUTRAL_LOW,
	SPC_NO_VALUE, /* a missing value: a gap */
};

struct spc_options {
	enum spc_direction improve;
	bool has_target;
	double target;
	size_t baseline;        /* 0: none; else limits from the first N points of each segment (N >= 12) */
	const size_t *rebase;   /* 0-based indexes where new limits start (sorted, unique); may be NULL */
	size_t n_rebase;
	bool screen;            /* leave out moving ranges >= 3.267 x their mean (default true) */
	size_t shift_length;    /* default 7 */
	size_t trend_length;    /* default 7 */
};

void spc_options_default(struct spc_options *o);

struct spc_segment {
	size_t first;           /* index of its first point */
	size_t n;               /* points in it (missing ones included) */
	double mean, amr, lpl, upl; /* NAN when undefined */
};

struct spc_point {
	double value;           /* NAN: missing */
	double moving_range;    /* to the previous present point of the segment; NAN for the first */
	unsigned rules;         /* enum spc_rule bits */
	enum spc_point_type type;
	size_t segment;
	int relative_to_mean;   /* -1, 0, 1 */
};

enum spc_variation { VAR_NONE, VAR_COMMON, VAR_IMPROVEMENT_HIGH, VAR_IMPROVEMENT_LOW, VAR_CONCERN_HIGH, VAR_CONCERN_LOW,
		     VAR_NEUTRAL_HIGH, VAR_NEUTRAL_LOW };
enum spc_assurance { ASSURE_NONE, ASSURE_PASS, ASSURE_FAIL, ASSURE_INCONSISTENT };

struct spc_result {
	size_t n;                  /* points, missing included */
	size_t n_values;           /* points with a value */
	struct spc_point *points;  /* owned */
	struct spc_segment *segments; /* owned */
	size_t n_segments;
	enum spc_variation variation;
	enum spc_assurance assurance;
};

/* The XmR chart of X (N values, NAN for missing). -1 when the options are invalid (ERR names which). */
int spc_xmr(const double *x, size_t n, const struct spc_options *o, struct spc_result *out, char *err, size_t err_size);
void spc_release(struct spc_result *r);

const char *spc_rule_name(enum spc_rule r);
/* The same in a person's words ("a shift: 7 or more on one side of the mean"), for pages and charts. */
const char *spc_rule_words(enum spc_rule r);
const char *spc_point_type_name(enum spc_point_type t);
const char *spc_point_type_words(enum spc_point_type t);
const char *spc_variation_name(enum spc_variation v);
const char *spc_assurance_name(enum spc_assurance a);

struct spc_run {
	size_t n;               /* values present */
	double median;
	size_t n_useful;        /* values not on the median */
	bool has_runs;          /* false when no value is off the median: runs and crossings undefined */
	size_t longest_run, longest_run_max;
	size_t crossings, crossings_min;
	bool signal;
};

/* The run chart of X (missing values skipped). */
struct spc_run spc_run_chart(const double *x, size_t n);

#endif
