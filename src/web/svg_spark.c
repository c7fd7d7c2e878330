/*
 * svg_spark.c - the small multiples' tiny SPC chart (see svg_spark.h). It reads the same spc_result as the
 * measure's page, so a dot's colour here is the point type there; the scale is worked out in halves so that
 * values near ±DBL_MAX neither overflow nor loop.
 */
#include "web/svg_spark.h"

#include <math.h>

#include "lib/html.h"

struct spark_frame {
	double lo, hi; /* the values at the bottom and the top */
	double step;   /* x between points */
};

static void
widen(double v, double *lo, double *hi)
{
	if (isfinite(v)) {
		*lo = fmin(*lo, v);
		*hi = fmax(*hi, v);
	}
}

static struct spark_frame
frame_of(const struct spc_result *r, bool has_target, double target)
{
	struct spark_frame f = {INFINITY, -INFINITY, 0};
	for (size_t i = 0; i < r->n; i++)
		widen(r->points[i].value, &f.lo, &f.hi);
	if (r->n_segments) {
		const struct spc_segment *s = &r->segments[r->n_segments - 1];
		widen(s->lpl, &f.lo, &f.hi);
		widen(s->upl, &f.lo, &f.hi);
	}
	if (has_target)
		widen(target, &f.lo, &f.hi);
	if (!(f.lo <= f.hi)) {
		f.lo = 0;
		f.hi = 1;
	}
	if (f.hi / 2 - f.lo / 2 <= fmax(fabs(f.hi), fabs(f.lo)) * 1e-12) { /* one value: a flat line mid-height */
		f.lo = f.lo > -1 ? f.lo - 1 : f.lo * 2;
		f.hi = f.hi < 1 ? f.hi + 1 : f.hi * 2;
	}
	f.step = r->n > 1 ? (SVG_SPARK_W - 8.0) / (double)(r->n - 1) : 0;
	return f;
}

static double
y_of(const struct spark_frame *f, double v)
{
	return 4 + (SVG_SPARK_H - 8.0) * ((f->hi / 2 - v / 2) / (f->hi / 2 - f->lo / 2));
}

static double
x_of(const struct spark_frame *f, const struct spc_result *r, size_t i)
{
	return r->n > 1 ? 4 + f->step * (double)i : SVG_SPARK_W / 2.0;
}

static const char *
dot_fill(enum spc_point_type t)
{
	switch (t) {
	case SPC_IMPROVEMENT: return "#1d7fc4";
	case SPC_CONCERN: return "#e46c0a";
	case SPC_NEUTRAL_HIGH:
	case SPC_NEUTRAL_LOW: return "#6b2c91";
	default: return NULL; /* common cause: on the line, no dot */
	}
}

/* A grey line at V across the last segment: dashed for a process limit, solid for the mean. */
static void
level(struct buf *b, const struct spark_frame *f, const struct spc_result *r, double v, bool dashed)
{
	if (!isfinite(v) || !r->n_segments)
		return;
	const struct spc_segment *s = &r->segments[r->n_segments - 1];
	size_t last = s->first + (s->n ? s->n - 1 : 0);
	html_printf(b, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#5a6b76\" stroke-width=\"1\" "
		       "stroke-dasharray=\"%s\"/>",
		    x_of(f, r, s->first) - (r->n > 1 ? 0 : 20), x_of(f, r, last) + (r->n > 1 ? 0 : 20), y_of(f, v),
		    y_of(f, v), dashed ? "3 2" : "none");
}

void
svg_spark_spc(struct buf *b, const struct spc_result *r, bool has_target, double target, const char *label)
{
	struct spark_frame f = frame_of(r, has_target, target);
	html_printf(b, "<svg class=\"chart spark-spc\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" "
		       "aria-label=\"%s\" xmlns=\"http://www.w3.org/2000/svg\"><title>%s</title>",
		    SVG_SPARK_W, SVG_SPARK_H, SVG_SPARK_W, SVG_SPARK_H, label, label);
	if (r->n_segments) {
		const struct spc_segment *s = &r->segments[r->n_segments - 1];
		level(b, &f, r, s->upl, true);
		level(b, &f, r, s->lpl, true);
		level(b, &f, r, s->mean, false);
	}
	if (has_target && isfinite(target))
		html_printf(b, "<line x1=\"4\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#c0392b\" "
			       "stroke-dasharray=\"6 3\" stroke-width=\"1.2\"/>",
			    SVG_SPARK_W - 4, y_of(&f, target), y_of(&f, target));
	/* The values as runs of line, broken at gaps and at each new segment. */
	bool open = false;
	for (size_t i = 0; i < r->n; i++) {
		double v = r->points[i].value;
		bool starts = i > 0 && r->points[i].segment != r->points[i - 1].segment;
		if (open && (!isfinite(v) || starts)) {
			buf_puts(b, "\"/>");
			open = false;
		}
		if (!isfinite(v))
			continue;
		if (!open)
			buf_puts(b, "<polyline fill=\"none\" stroke=\"#3d4b55\" stroke-width=\"1.5\" points=\"");
		html_printf(b, "%s%.1f,%.1f", open ? " " : "", x_of(&f, r, i), y_of(&f, v));
		open = true;
	}
	if (open)
		buf_puts(b, "\"/>");
	for (size_t i = 0; i < r->n; i++) {
		const char *fill = dot_fill(r->points[i].type);
		if (fill && isfinite(r->points[i].value))
			html_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.6\" fill=\"%s\"/>", x_of(&f, r, i),
				    y_of(&f, r->points[i].value), fill);
	}
	buf_puts(b, "</svg>");
}
