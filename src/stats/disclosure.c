/*
 * disclosure.c - small-number suppression, rounding and secondary suppression of count tables. Method: NHS
 * Digital's "suppress 1 to 7, round the rest to the nearest 5" for published counts of people, with the
 * classical complementary suppression of statistical disclosure control (Hundepool et al., "Statistical
 * Disclosure Control", Wiley 2012, ch. 4: a hidden cell alone in a line with a published total is recovered by
 * subtraction, so a second cell of that line is hidden). The greedy "next smallest cell" choice keeps the
 * information lost small without the optimisation of a full cell-suppression solver.
 */
#include "stats/disclosure.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/xalloc.h"

/* Sums of counts stay far from overflow: no register holds a trillion people. */
#define COUNT_MAX 1000000000000L

void
disclosure_rule_default(struct disclosure_rule *r)
{
	r->threshold = DISCLOSURE_THRESHOLD_DEFAULT;
	r->base = DISCLOSURE_BASE_DEFAULT;
}

bool
disclosure_rule_valid(const struct disclosure_rule *r)
{
	return r->threshold >= DISCLOSURE_THRESHOLD_MIN && r->threshold <= DISCLOSURE_THRESHOLD_MAX &&
	       r->base >= DISCLOSURE_BASE_MIN && r->base <= DISCLOSURE_BASE_MAX;
}

/* An invalid rule (a caller's bug, or a tampered setting) falls back to the default rather than to no rule. */
static struct disclosure_rule
rule_or_default(const struct disclosure_rule *r)
{
	struct disclosure_rule d;
	if (r && disclosure_rule_valid(r))
		return *r;
	disclosure_rule_default(&d);
	return d;
}

struct disclosed
disclosure_count(const struct disclosure_rule *rule, long n)
{
	struct disclosure_rule r = rule_or_default(rule);
	struct disclosed d = {0, DISCLOSED_SHOWN};
	if (n <= 0)
		return d;
	if (n <= r.threshold) {
		d.state = DISCLOSED_SMALL;
		return d;
	}
	long down = n / r.base * r.base;
	/* Halves round up (base 4: 10 -> 12). */
	d.value = (n - down) * 2 >= r.base && down <= LONG_MAX - r.base ? down + r.base : down;
	/* A shown figure never reads as a small one (threshold 6, base 5: 7 -> 10, not 5; base 100: 40 -> 100,
	 * not 0, which would say nobody is there): at least the first multiple of the base above the threshold. */
	if (d.value <= r.threshold)
		d.value = ((long)r.threshold / r.base + 1) * r.base;
	return d;
}

/* The working grid: (rows+1) x (cols+1), the totals in the last row and column. */
struct grid {
	size_t rows, cols; /* of the grid, totals included */
	long *count;
	struct disclosed *shown;
};

#define AT(g, i, j) ((i) * (g)->cols + (j))

/* Cell K of line L: a row (ROW true) or a column; the line's total is its last cell. */
static size_t
line_cell(const struct grid *g, bool row, size_t l, size_t k)
{
	return row ? AT(g, l, k) : AT(g, k, l);
}

/* One pass over one line: 1 when it hid something. */
static int
fix_line(struct grid *g, bool row, size_t l)
{
	size_t len = row ? g->cols - 1 : g->rows - 1;
	size_t total = line_cell(g, row, l, len);
	if (disclosed_hidden(&g->shown[total]))
		return 0;
	size_t hidden = 0, best = SIZE_MAX;
	for (size_t k = 0; k < len; k++) {
		size_t c = line_cell(g, row, l, k);
		if (disclosed_hidden(&g->shown[c]))
			hidden++;
		else if (best == SIZE_MAX || g->count[c] < g->count[best])
			best = c;
	}
	if (hidden != 1)
		return 0;
	size_t hide = best != SIZE_MAX ? best : total;
	g->shown[hide] = (struct disclosed){0, DISCLOSED_SECONDARY};
	return 1;
}

static void
secondary(struct grid *g)
{
	int changed = 1;
	while (changed) {
		changed = 0;
		for (size_t i = 0; i < g->rows; i++)
			changed |= fix_line(g, true, i);
		for (size_t j = 0; j < g->cols; j++)
			changed |= fix_line(g, false, j);
	}
}

/* Fills the true counts and totals of the grid from CELLS; -1 on a negative or too large count. */
static int
fill(struct grid *g, const long *cells, size_t rows, size_t cols, char *err, size_t errsize)
{
	for (size_t i = 0; i < rows; i++)
		for (size_t j = 0; j < cols; j++) {
			long v = cells[i * cols + j];
			if (v < 0 || v > COUNT_MAX) {
				snprintf(err, errsize, "count at row %zu, column %zu is %s", i + 1, j + 1,
					 v < 0 ? "negative" : "too large");
				return -1;
			}
			g->count[AT(g, i, j)] = v;
			g->count[AT(g, i, cols)] += v;
			g->count[AT(g, rows, j)] += v;
			g->count[AT(g, rows, cols)] += v;
		}
	return 0;
}

int
disclosure_table(const struct disclosure_rule *r, const long *cells, size_t rows, size_t cols,
		 struct disclosure_table *out, char *err, size_t errsize)
{
	memset(out, 0, sizeof *out);
	if (rows >= SIZE_MAX / 2 || cols >= SIZE_MAX / 2 || (rows + 1) > SIZE_MAX / sizeof(long) / (cols + 1)) {
		snprintf(err, errsize, "table of %zu x %zu is too large", rows, cols);
		return -1;
	}
	struct grid g = {rows + 1, cols + 1, NULL, NULL};
	g.count = xcalloc(g.rows * g.cols, sizeof *g.count);
	g.shown = xcalloc(g.rows * g.cols, sizeof *g.shown);
	if (fill(&g, cells, rows, cols, err, errsize) < 0) {
		free(g.count);
		free(g.shown);
		return -1;
	}
	for (size_t k = 0; k < g.rows * g.cols; k++)
		g.shown[k] = disclosure_count(r, g.count[k]);
	secondary(&g);
	out->rows = rows;
	out->cols = cols;
	out->cells = xcalloc(rows * cols + 1, sizeof *out->cells);
	out->row_totals = xcalloc(rows + 1, sizeof *out->row_totals);
	out->col_totals = xcalloc(cols + 1, sizeof *out->col_totals);
	for (size_t i = 0; i < rows; i++) {
		for (size_t j = 0; j < cols; j++)
			out->cells[i * cols + j] = g.shown[AT(&g, i, j)];
		out->row_totals[i] = g.shown[AT(&g, i, cols)];
	}
	for (size_t j = 0; j < cols; j++)
		out->col_totals[j] = g.shown[AT(&g, rows, j)];
	out->total = g.shown[AT(&g, rows, cols)];
	free(g.count);
	free(g.shown);
	return 0;
}

void
disclosure_table_release(struct disclosure_table *t)
{
	if (!t)
		return;
	free(t->cells);
	free(t->row_totals);
	free(t->col_totals);
	memset(t, 0, sizeof *t);
}

int
disclosure_percent(const struct disclosed *part, const struct disclosed *whole, double *out)
{
	if (disclosed_hidden(part) || disclosed_hidden(whole) || whole->value == 0)
		return 0;
	*out = 100.0 * (double)part->value / (double)whole->value;
	return 1;
}

void
disclosure_text(const struct disclosed *d, char *buf, size_t size)
{
	if (disclosed_hidden(d))
		snprintf(buf, size, "*");
	else
		snprintf(buf, size, "%ld", d->value);
}
