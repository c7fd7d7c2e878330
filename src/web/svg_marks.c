/*
 * svg_marks.c - the annotations of an SPC chart (see svg.h): each mark (a rebase, a PDSA cycle with its Act
 * glyph, an action done, a survey round closed, a note) is placed by its day between the periods it falls in,
 * drawn as a glyph with its legend number in a band under the date axis (rows so that numbers never overlap),
 * with a faint guide up through the chart. The legend under the chart, in the page, is the text alternative:
 * the glyphs here are hidden from screen readers and the chart points to the legend.
 */
#include "web/svg.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/html.h"
#include "lib/xalloc.h"

/* Days since 1970-01-01 of Y-M-D (the proleptic Gregorian calendar), for placing a day between two periods. */
static long
day_number(const char *ymd)
{
	int y = 0, m = 0, d = 0;
	if (sscanf(ymd, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
		return 0;
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400, doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

bool
svg_mark_x(const struct svg_spc_geometry *g, const char (*periods)[11], const char *day, double *x)
{
	if (!periods || g->n == 0)
		return false;
	long d = day_number(day), first = day_number(periods[0]), last = day_number(periods[g->n - 1]);
	if (d < first || d > last)
		return false;
	if (g->n == 1) {
		*x = g->single_x;
		return true;
	}
	/* The last period on or before D, by halves: periods are in order, and a chart may hold 10,000. */
	size_t lo = 0, hi = g->n - 1;
	while (lo < hi) {
		size_t mid = lo + (hi - lo + 1) / 2;
		if (day_number(periods[mid]) <= d)
			lo = mid;
		else
			hi = mid - 1;
	}
	long a = day_number(periods[lo]), b = lo + 1 < g->n ? day_number(periods[lo + 1]) : a;
	double frac = b > a ? (double)(d - a) / (double)(b - a) : 0;
	*x = g->left + ((double)lo + frac) * g->step;
	return true;
}

/* Room a mark takes in its row: the glyph and a number of up to three digits. */
#define MARK_ROOM 34.0
/* A mark this near the drawing's right edge has its number on its left: on its right the chart's 12-unit margin
 * would cut it off. */
#define MARK_FLIP 16.0

static bool
mark_flipped(const struct svg_spc_geometry *g, double x)
{
	return x > g->right_edge - MARK_FLIP;
}

size_t
svg_marks_layout(const struct svg_spc_geometry *g, const char (*periods)[11], const struct measure_marks *mk,
		 double *xs, int *rows)
{
	double row_end[SVG_MARK_ROWS];
	for (int r = 0; r < SVG_MARK_ROWS; r++)
		row_end[r] = -INFINITY;
	int used = 0;
	for (size_t i = 0; i < mk->n; i++) {
		rows[i] = -1;
		if (!svg_mark_x(g, periods, mk->v[i].day, &xs[i]))
			continue;
		int r = 0;
		double room = mark_flipped(g, xs[i]) ? 2 * MARK_ROOM : MARK_ROOM; /* its number too, on its left */
		while (r + 1 < SVG_MARK_ROWS && row_end[r] > xs[i] - room)
			r++;
		rows[i] = r;
		row_end[r] = xs[i];
		if (r + 1 > used)
			used = r + 1;
	}
	return (size_t)used;
}

void
svg_mark_glyph(struct buf *b, const struct measure_mark *k, double x, double y)
{
	switch (k->kind) {
	case MARK_REBASE: /* two upright bars: the limits start again */
		buf_printf(b, "<path d=\"M%.1f %.1fv12M%.1f %.1fv12\" stroke=\"#1d2a33\" stroke-width=\"2.2\"/>",
			   x - 2.5, y - 6, x + 2.5, y - 6);
		break;
	case MARK_PDSA:
		if (strcmp(k->act, "adopt") == 0) /* a tick */
			buf_printf(b, "<path d=\"M%.1f %.1fl4 4l7-9\" fill=\"none\" stroke=\"#1a6b35\" "
				      "stroke-width=\"2.6\"/>", x - 5.5, y);
		else if (strcmp(k->act, "adapt") == 0) /* a turning arrow: round again */
			buf_printf(b, "<path d=\"M%.1f %.1fa5.5 5.5 0 1 1-2-4.3\" fill=\"none\" stroke=\"#8a4b00\" "
				      "stroke-width=\"2.2\"/><path d=\"M%.1f %.1fl1.5-5l3.6 3.8z\" fill=\"#8a4b00\"/>",
				   x + 5.5, y, x - 4.8, y - 3.2);
		else if (strcmp(k->act, "abandon") == 0) /* a cross */
			buf_printf(b, "<path d=\"M%.1f %.1fl10 10m0-10l-10 10\" stroke=\"#a4262c\" "
				      "stroke-width=\"2.6\"/>", x - 5, y - 5);
		else /* still running: an open circle */
			buf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"#fff\" stroke=\"#2f5d8a\" "
				      "stroke-width=\"2\"/>", x, y);
		break;
	case MARK_DONE: /* a filled square */
		buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"10\" height=\"10\" fill=\"#2f5d8a\"/>", x - 5,
			   y - 5);
		break;
	case MARK_ROUND: /* a triangle */
		buf_printf(b, "<path d=\"M%.1f %.1fl6 11h-12z\" fill=\"#6b3fa0\"/>", x, y - 6);
		break;
	case MARK_NOTE: /* a folded page */
		buf_printf(b, "<path d=\"M%.1f %.1fh7l3 3v9h-10z\" fill=\"#fff\" stroke=\"#1d2a33\" "
			      "stroke-width=\"1.6\"/>", x - 5, y - 6);
		break;
	}
}

void
svg_spc_marks(struct buf *b, const struct svg_spc_geometry *g, const char (*periods)[11],
	      const struct measure_marks *mk)
{
	double *xs = xcalloc(mk->n ? mk->n : 1, sizeof *xs);
	int *rows = xcalloc(mk->n ? mk->n : 1, sizeof *rows);
	svg_marks_layout(g, periods, mk, xs, rows);
	buf_puts(b, "<g class=\"marks\" aria-hidden=\"true\">\n");
	for (size_t i = 0; i < mk->n; i++) {
		if (rows[i] < 0)
			continue;
		double y = g->band_top + 11 + rows[i] * SVG_MARK_ROW_H;
		buf_printf(b, "<g class=\"mark\" data-mark=\"%zu\"><line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" "
			      "y2=\"%.1f\" "
			      "stroke=\"#9aa5ad\" stroke-dasharray=\"1 3\"/>",
			   i + 1, xs[i], xs[i], g->top, y - 8);
		svg_mark_glyph(b, &mk->v[i], xs[i], y);
		bool flip = mark_flipped(g, xs[i]);
		buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" class=\"mark-n%s\">%zu</text></g>\n",
			   xs[i] + (flip ? -8 : 8), y + 5, flip ? " end" : "", i + 1);
	}
	/* The target's number, anchored at its end by the style sheet (class "end"): with no text-anchor attribute
	 * it is not taken for a value on the axis. */
	if (g->has_target)
		buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" class=\"mark-n end\">%zu</text>\n",
			   g->right_edge - 2, g->target_y - 5, mk->n + 1);
	buf_puts(b, "</g>\n");
	free(xs);
	free(rows);
}
