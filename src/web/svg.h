/*
 * svg.h - the charts, drawn as inline SVG by our own code: the grid as a heat map laid out like the paper
 * grid (a column per domain, a cell per element coloured by its mean level with the number written in it,
 * for people who do not see colour), a radar of the domain means, and a distribution bar per element.
 * Every chart has a title and a text description for screen readers, and scales to the screen. L is the
 * language of its words and numbers (NULL: English).
 */
#ifndef CAREGRID_SVG_H
#define CAREGRID_SVG_H

#include "domain/results.h"
#include "lib/buf.h"
#include "lib/i18n.h"

/* The fill and text colour of a cell whose mean lies at FRACTION (0..1) of the scale; NAN: no data. */
void svg_level_colour(double fraction, const char **fill, const char **ink);

/* The key to the level colours (and to "don't know" when DONT_KNOW and the instrument has it). */
void svg_level_legend(struct buf *b, const struct lang *l, const struct instrument *ins, bool dont_know);
void svg_heatmap(struct buf *b, const struct lang *l, const struct results *res);
void svg_radar(struct buf *b, const struct lang *l, const struct results *res);
/* A horizontal stacked bar of COUNTS over the scale's levels (plus "don't know"), WIDTH px wide. */
void svg_distribution(struct buf *b, const struct lang *l, const struct instrument *ins, const size_t *counts,
		      size_t dont_know, int width);

#include "domain/improve.h"
#include "stats/spc.h"

/*
 * The 360 gap chart: a row per line (a competency or an item) on the scale LO..HI, a hollow circle at the
 * person's own rating and a filled one at others' mean, joined by a line coloured by the gap (orange: a blind
 * spot, self above others by a level or more; blue: a hidden strength; grey otherwise). NAN: not shown.
 */
void svg_gap(struct buf *b, const struct lang *l, const char *const *labels, const double *self, const double *others,
	     size_t n, double lo, double hi);

/* The most grid lines a chart draws, whatever its values. */
#define SVG_TICKS_MAX 12

/*
 * The grid values between LO and HI (about five, 1, 2, 2.5 or 5 times a power of ten apart, increasing) into
 * OUT, at most MAX of them, for any finite LO < HI (none otherwise); returns how many. Never loops on the
 * values: near 1e16 or DBL_MAX as at 1.
 */
size_t svg_ticks(double lo, double hi, double *out, size_t max);

/*
 * An XmR chart: points coloured by type (grey common cause, blue improvement, orange concern, purple
 * neutral) with their rules in a tooltip, the mean and process limits of each segment, rebase markers, and
 * the target. PERIODS (may be NULL) label the points. SMALL draws the compact version for overviews. Values that
 * are no number or infinite are left out (a gap); any finite ones are drawn, in bounded time.
 */
void svg_spc(struct buf *b, const struct lang *l, const struct spc_result *r, const char (*periods)[11],
	     bool has_target, double target, const char *title, bool small, const struct measure_marks *marks);

/*
 * The annotations of the full SPC chart (svg_marks.c). MARKS (NULL: none) are numbered 1.. in their order,
 * the target after them, as the legend under the chart numbers them; the chart names the legend as its
 * description (aria-describedby "chart-legend"), which the page must render with those numbers.
 */
#define SVG_MARK_ROWS 4
#define SVG_MARK_ROW_H 22.0
struct svg_spc_geometry {
	size_t n;                /* periods */
	double left, step, single_x, top, band_top, right_edge, target_y;
	bool has_target;
};
/* Where DAY falls on the x axis between the periods; false outside the first and last period. */
bool svg_mark_x(const struct svg_spc_geometry *g, const char (*periods)[11], const char *day, double *x);
/* Each mark's x (XS) and row (ROWS, -1: not on the chart); returns the rows used. */
size_t svg_marks_layout(const struct svg_spc_geometry *g, const char (*periods)[11], const struct measure_marks *mk,
			double *xs, int *rows);
/* Mark K's glyph centred on X, Y: two bars a rebase, a tick adopt, a turning arrow adapt, a cross abandon, an
 * open circle a cycle still running, a square an action done, a triangle a round closed, a page a note. */
void svg_mark_glyph(struct buf *b, const struct measure_mark *k, double x, double y);
void svg_spc_marks(struct buf *b, const struct svg_spc_geometry *g, const char (*periods)[11],
		   const struct measure_marks *mk);

#endif
