/*
 * disclosure.h - statistical disclosure control of counts of people, the one place every surface asks (page,
 * JSON, CSV, command line, SPC measures). The default is NHS Digital's rule for published small numbers: a count
 * of 1 to 7 is shown as "*", every other count is rounded to the nearest 5 (0 stays 0: an empty cell names no
 * one), and percentages are computed from the rounded figures. A table adds secondary suppression so that a
 * hidden cell cannot be recovered by subtraction from a row or column total. Pure functions; no I/O.
 */
#ifndef CAREGRID_DISCLOSURE_H
#define CAREGRID_DISCLOSURE_H

#include <stdbool.h>
#include <stddef.h>

/* The rule: counts 1..THRESHOLD are hidden; every other count is rounded to the nearest BASE (halves up), but
 * never to a figure of 0..THRESHOLD (then to the first multiple of BASE above THRESHOLD). */
struct disclosure_rule {
	int threshold; /* DISCLOSURE_THRESHOLD_MIN..MAX; NHS Digital: 7 */
	int base;      /* DISCLOSURE_BASE_MIN..MAX; NHS Digital: 5 (1: no rounding) */
};

#define DISCLOSURE_THRESHOLD_DEFAULT 7
#define DISCLOSURE_BASE_DEFAULT 5
/* Never below the grid's own smallest group (3), nor so large that every practice is hidden. */
#define DISCLOSURE_THRESHOLD_MIN 3
#define DISCLOSURE_THRESHOLD_MAX 100
#define DISCLOSURE_BASE_MIN 1
#define DISCLOSURE_BASE_MAX 100

void disclosure_rule_default(struct disclosure_rule *r);
/* Whether R is within the bounds above (a setting read back from the database is checked again). */
bool disclosure_rule_valid(const struct disclosure_rule *r);

enum disclosure_state {
	DISCLOSED_SHOWN,     /* value is the rounded count */
	DISCLOSED_SMALL,     /* hidden: the count itself is 1..threshold */
	DISCLOSED_SECONDARY, /* hidden: it would let a hidden cell be recovered from a total */
};

/* One figure as it may be shown: VALUE is meaningful only when STATE is DISCLOSED_SHOWN (else 0). */
struct disclosed {
	long value;
	enum disclosure_state state;
};

static inline bool
disclosed_hidden(const struct disclosed *d)
{
	return d->state != DISCLOSED_SHOWN;
}

/* One count under R (N < 0 is treated as 0). */
struct disclosed disclosure_count(const struct disclosure_rule *r, long n);

/*
 * A table of ROWS x COLS true counts (row-major CELLS) with its row totals, column totals and grand total, all
 * computed from the true counts and then disclosed. Primary: every cell and total under disclosure_count.
 * Secondary, repeated until stable: the table is read with its totals as one (ROWS+1) x (COLS+1) grid (the
 * column totals are a row whose total is the grand total, the row totals a column likewise); a line (row or
 * column) whose total is shown and which has exactly one hidden cell has its smallest shown cell hidden too
 * (the smallest true count, first in order on a tie; a 0 is a candidate: hidden, it can no longer be
 * subtracted); a line with no shown cell left to hide has its total hidden instead. Afterwards no line has
 * exactly one hidden cell unless its total is hidden as well.
 */
struct disclosure_table {
	size_t rows, cols;
	struct disclosed *cells;      /* rows x cols, row-major; owned */
	struct disclosed *row_totals; /* rows; owned */
	struct disclosed *col_totals; /* cols; owned */
	struct disclosed total;
};

/* 0, or -1 when ROWS x COLS overflows or a count is negative (ERR says which); OUT is then empty. */
int disclosure_table(const struct disclosure_rule *r, const long *cells, size_t rows, size_t cols,
		     struct disclosure_table *out, char *err, size_t errsize);
void disclosure_table_release(struct disclosure_table *t);

static inline const struct disclosed *
disclosure_cell(const struct disclosure_table *t, size_t row, size_t col)
{
	return &t->cells[row * t->cols + col];
}

/* PART as a percentage of WHOLE from the shown (rounded) figures: 1 with *OUT set, 0 when either is hidden or
 * WHOLE is 0 (no percentage is shown then). */
int disclosure_percent(const struct disclosed *part, const struct disclosed *whole, double *out);

/* The figure as text: the rounded count, or "*". */
void disclosure_text(const struct disclosed *d, char *buf, size_t size);

#endif
