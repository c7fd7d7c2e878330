/* svg.c - heat map, radar and distribution bars as SVG (see svg.h). */
#include "web/svg.h"

#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/html.h"
#include "lib/xalloc.h"

/* Six steps from pale to deep blue: readable on paper in grey too. */
static const char *const fills[] = {"#eef4fa", "#cfe0f0", "#9ec3e3", "#6aa1cf", "#3676b2", "#1a4f8a"};
static const char *const inks[] = {"#1d2a33", "#1d2a33", "#1d2a33", "#1d2a33", "#ffffff", "#ffffff"};

/* A chart label made from FMT (a translation) in a per-thread buffer, one of four in turn, so that a call's
 * arguments may hold earlier results: a label is written at once, before four more are made. */
static const char *texts(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static const char *
texts(const char *fmt, ...)
{
	static _Thread_local char out[4][300];
	static _Thread_local int turn;
	turn = (turn + 1) % 4;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(out[turn], sizeof out[turn], fmt, ap);
	va_end(ap);
	return out[turn];
}

/* V with at most DECIMALS decimals (trailing zeros dropped past the first) as L writes numbers; "–" for NaN
 * or an infinity. A number of 16 digits or more is written with an exponent, so that it fits its buffer. */
static const char *
number(const struct lang *l, double v, int decimals)
{
	static _Thread_local char out[4][40];
	static _Thread_local int turn;
	if (!isfinite(v))
		return "–";
	turn = (turn + 1) % 4;
	snprintf(out[turn], sizeof out[turn], fabs(v) < 1e15 ? "%.*f" : "%.*g", fabs(v) < 1e15 ? decimals : 6, v);
	char *point = strchr(out[turn], '.');
	if (point && decimals > 1) { /* a limit of 41.200 reads as 41.2 */
		char *e = out[turn] + strlen(out[turn]) - 1;
		while (e > point + 1 && *e == '0')
			*e-- = '\0';
	}
	char machine[40];
	memcpy(machine, out[turn], sizeof machine);
	return lang_figure(l, machine, out[turn], sizeof out[turn]);
}

void
svg_level_colour(double fraction, const char **fill, const char **ink)
{
	if (!isfinite(fraction)) {
		*fill = "#ffffff";
		*ink = "#5a6b76";
		return;
	}
	int step = (int)(fraction * 5.0 + 0.5);
	step = step < 0 ? 0 : step > 5 ? 5 : step;
	*fill = fills[step];
	*ink = inks[step];
}

static double
fraction_of(const struct instrument *ins, double mean)
{
	double lo = (double)ins->levels[0].value, hi = (double)ins->levels[ins->n_levels - 1].value;
	/* A scale of one level, or a mean that is no number, has no place on it. */
	return !isfinite(mean) || !(hi > lo) ? NAN : (mean - lo) / (hi - lo);
}

void
svg_level_legend(struct buf *b, const struct lang *l, const struct instrument *ins, bool dont_know)
{
	buf_puts(b, "<p class=\"legend\">");
	for (size_t k = 0; k < ins->n_levels; k++) {
		int step = ins->n_levels > 1 ? (int)((double)k / (double)(ins->n_levels - 1) * 5.0 + 0.5) : 0;
		html_printf(b, "<span class=\"l%d\">%ld %s</span>", step, ins->levels[k].value, ins->levels[k].label);
	}
	if (dont_know && ins->dont_know)
		html_printf(b, "<span class=\"dk\">%s</span>", tr(l, "Don't know"));
	buf_puts(b, "</p>");
}

void
svg_heatmap(struct buf *b, const struct lang *l, const struct results *res)
{
	const struct instrument *ins = res->ins;
	const int col_w = 120, cell_h = 34, head_h = 44, gap = 6;
	size_t rows = 0;
	for (size_t d = 0; d < ins->n_domains; d++)
		rows = ins->domains[d].n_items > rows ? ins->domains[d].n_items : rows;
	int width = (int)ins->n_domains * (col_w + gap) - gap;
	int height = head_h + (int)rows * (cell_h + 4);
	/* Drawn at its own size, never shrunk: its smallest text stays 12 px, and a phone scrolls it sideways. */
	html_printf(
		b,
		"<svg class=\"chart heatmap\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" "
		"aria-labelledby=\"hm-title hm-desc\" xmlns=\"http://www.w3.org/2000/svg\">\n<title "
		"id=\"hm-title\">%s</title>\n"
		"<desc id=\"hm-desc\">%s</desc>\n",
		width, height, width, height, texts(tr(l, "%s: mean level of each element"), ins->title),
		tr(l,
		   "A column per domain; each cell is an element, darker where the team rates it further along, with "
		   "the mean "
		   "written in it."));
	size_t k = 0;
	for (size_t d = 0; d < ins->n_domains; d++) {
		int x = (int)d * (col_w + gap);
		const struct domain *dom = &ins->domains[d];
		/* A long domain title is squeezed to the column rather than cut off. */
		size_t tl = strlen(dom->title);
		const char *fit = tl > 15 ? "textLength=\"108\" lengthAdjust=\"spacingAndGlyphs\" " : "";
		html_printf(b,
			    "<rect x=\"%d\" y=\"0\" width=\"%d\" height=\"%d\" rx=\"4\" fill=\"#005a8c\"/>"
			    "<text x=\"%d\" y=\"17\" %Rclass=\"hm-head\">%s</text>"
			    "<text x=\"%d\" y=\"34\" class=\"hm-head hm-sub\">%s</text>\n",
			    x, col_w, head_h - 6, x + 6, fit, dom->title, x + 6,
			    texts(tr(l, "%s avg"), number(l, res->domains[d].mean, 1)));
		for (size_t j = 0; j < dom->n_items; j++, k++) {
			const struct item_result *it = &res->items[k];
			const char *fill, *ink;
			svg_level_colour(fraction_of(ins, it->st.mean), &fill, &ink);
			int y = head_h + (int)j * (cell_h + 4);
			char value[32];
			snprintf(value, sizeof value, "%s", number(l, it->st.mean, 1));
			html_printf(
				b,
				"<g><title>%s: %s%s</title>"
				"<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"3\" fill=\"%s\" "
				"stroke=\"#d5dde2\"/>"
				"<text x=\"%d\" y=\"%d\" fill=\"%s\" class=\"hm-code\">%s</text>"
				"<text x=\"%d\" y=\"%d\" fill=\"%s\" class=\"hm-value\" "
				"text-anchor=\"end\">%s</text></g>\n",
				it->item->code,
				texts(trn(l, "mean %s from %s answer", "mean %s from %s answers", it->st.n), value,
				      number(l, (double)it->st.n, 0)),
				it->has_consensus ? tr(l, "; consensus recorded") : "", x, y, col_w, cell_h, fill,
				x + 8, y + 22, ink, it->item->code, x + col_w - 8, y + 22, ink, value);
			if (it->has_consensus)
				html_printf(
					b,
					"<circle cx=\"%d\" cy=\"%d\" r=\"4\" fill=\"%s\"><title>%s</title></circle>\n",
					x + col_w / 2, y + cell_h / 2, ink,
					texts(tr(l, "consensus %ld"), it->consensus));
		}
	}
	buf_puts(b, "</svg>\n");
}

void
svg_radar(struct buf *b, const struct lang *l, const struct results *res)
{
	const struct instrument *ins = res->ins;
	size_t n = ins->n_domains;
	const double cx = 260, cy = 170, r = 110;
	html_printf(
		b,
		/* No size of its own: it scales to its box (the style sheet keeps its words 12 px or more); room each
		 * side for the spokes' names, which may also run past it (overflow) when text spacing widens them. */
		"<svg class=\"chart radar\" viewBox=\"-100 0 720 340\" overflow=\"visible\" role=\"img\" "
		"aria-labelledby=\"rd-title rd-desc\" "
		"xmlns=\"http://www.w3.org/2000/svg\">\n<title id=\"rd-title\">%s</title>\n<desc "
		"id=\"rd-desc\">%s</desc>\n",
		tr(l, "Domain means"), tr(l, "Each spoke is a domain; the further out, the higher its mean level."));
	if (n < 3) {
		/* A radar needs three spokes: draw bars instead. */
		for (size_t d = 0; d < n; d++) {
			double f = fraction_of(ins, res->domains[d].mean);
			double w = isnan(f) ? 0 : fmin(fmax(f, 0), 1) * 300;
			html_printf(b,
				    "<text x=\"10\" y=\"%d\" class=\"rd-label\">%s</text>"
				    "<rect x=\"10\" y=\"%d\" width=\"%.1f\" height=\"22\" fill=\"#3676b2\"/>"
				    "<text x=\"%.1f\" y=\"%d\" class=\"rd-label\">%s</text>\n",
				    40 + (int)d * 70, ins->domains[d].title, 48 + (int)d * 70, w, w + 16,
				    64 + (int)d * 70, number(l, res->domains[d].mean, 1));
		}
		buf_puts(b, "</svg>\n");
		return;
	}
	/* Rings for each level. */
	for (size_t ring = 1; ring < ins->n_levels; ring++) {
		double rr = r * (double)ring / (double)(ins->n_levels - 1);
		buf_puts(b, "<polygon fill=\"none\" stroke=\"#d5dde2\" points=\"");
		for (size_t d = 0; d < n; d++) {
			double a = -M_PI / 2 + 2 * M_PI * (double)d / (double)n;
			buf_printf(b, "%.1f,%.1f ", cx + rr * cos(a), cy + rr * sin(a));
		}
		buf_puts(b, "\"/>\n");
	}
	for (size_t d = 0; d < n; d++) {
		double a = -M_PI / 2 + 2 * M_PI * (double)d / (double)n;
		double lx = cx + (r + 18) * cos(a), ly = cy + (r + 18) * sin(a);
		const char *anchor = fabs(cos(a)) < 0.3 ? "middle" : cos(a) > 0 ? "start" : "end";
		html_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#d5dde2\"/>"
			       "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" class=\"rd-label\">%s %s</text>\n",
			    cx, cy, cx + r * cos(a), cy + r * sin(a), lx, ly + 4, anchor, ins->domains[d].title,
			    number(l, res->domains[d].mean, 1));
	}
	buf_puts(
		b,
		"<polygon class=\"rd-area\" fill=\"#3676b2\" fill-opacity=\"0.35\" stroke=\"#1a4f8a\" "
		"stroke-width=\"2\" points=\"");
	for (size_t d = 0; d < n; d++) {
		double f = fraction_of(ins, res->domains[d].mean);
		double rr = r * (isnan(f) ? 0 : fmin(fmax(f, 0), 1));
		double a = -M_PI / 2 + 2 * M_PI * (double)d / (double)n;
		buf_printf(b, "%.1f,%.1f ", cx + rr * cos(a), cy + rr * sin(a));
	}
	buf_puts(b, "\"/>\n</svg>\n");
}

void
svg_distribution(struct buf *b, const struct lang *lang, const struct instrument *ins, const size_t *counts,
		 size_t dont_know, int width)
{
	size_t total = dont_know;
	for (size_t l = 0; l < ins->n_levels; l++)
		total += counts[l];
	html_printf(b, "<svg class=\"dist\" viewBox=\"0 0 %d 18\" width=\"%d\" height=\"18\" role=\"img\" "
		       "xmlns=\"http://www.w3.org/2000/svg\"><title>",
		    width, width);
	for (size_t l = 0; l < ins->n_levels; l++)
		html_printf(b, "%s%s: %zu", l ? ", " : "", ins->levels[l].label, counts[l]);
	if (ins->dont_know)
		html_printf(b, tr(lang, ", don't know: %zu"), dont_know);
	buf_puts(b, "</title>");
	double x = 0;
	for (size_t l = 0; l <= ins->n_levels && total; l++) {
		size_t c = l < ins->n_levels ? counts[l] : dont_know;
		if (!c)
			continue;
		double w = (double)width * (double)c / (double)total;
		const char *fill, *ink;
		if (l < ins->n_levels)
			svg_level_colour(ins->n_levels > 1 ? (double)l / (double)(ins->n_levels - 1) : 0, &fill, &ink);
		else
			fill = "#e6e6e6", ink = "#1d2a33";
		html_printf(b, "<rect x=\"%.2f\" y=\"0\" width=\"%.2f\" height=\"18\" fill=\"%s\" stroke=\"#ffffff\"/>",
			    x, w, fill);
		if (w >= 14)
			html_printf(
				b,
				"<text x=\"%.2f\" y=\"13\" fill=\"%s\" class=\"dist-n\" "
				"text-anchor=\"middle\">%zu</text>",
				x + w / 2, ink, c);
		x += w;
	}
	buf_puts(b, "</svg>");
}

void
svg_gap(struct buf *b, const struct lang *l, const char *const *labels, const double *self, const double *others,
	size_t n, double lo, double hi)
{
	/* Labels sit above their row, so that long competency names fit a phone's width. */
	const int left = 14, right = 466, row = 44, top = 24;
	const int height = top + (int)n * row + 6;
	html_printf(b, "<svg class=\"gap\" viewBox=\"0 0 480 %d\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\">"
		       "<title>%s</title><desc>",
		    height, tr(l, "Self against others"));
	for (size_t i = 0; i < n; i++) {
		char self_text[32], others_text[32];
		snprintf(self_text, sizeof self_text, "%s",
			 isnan(self[i]) ? tr(l, "not rated") : number(l, self[i], 1));
		snprintf(others_text, sizeof others_text, "%s",
			 isnan(others[i]) ? tr(l, "not shown") : number(l, others[i], 1));
		html_printf(b, tr(l, "%s: self %s, others %s. "), labels[i], self_text, others_text);
	}
	buf_puts(b, "</desc>");
	if (!isfinite(lo) || !isfinite(hi) || !(hi > lo))
		lo = 0, hi = 1;
	double span = hi / 2 - lo / 2; /* half the scale: finite for any finite ends */
#define GAP_X(v) (left + ((v) / 2 - lo / 2) / span * (right - left))
	/* A line per level on a scale of up to ten levels; on a longer one, round steps, never more than the cap. */
	double ticks[SVG_TICKS_MAX];
	size_t n_ticks = 0;
	if (hi - lo <= 10)
		for (double v = ceil(lo); v <= hi + 1e-9 && n_ticks < SVG_TICKS_MAX; v += 1)
			ticks[n_ticks++] = v;
	else
		n_ticks = svg_ticks(lo, hi, ticks, SVG_TICKS_MAX);
	for (size_t t = 0; t < n_ticks; t++) {
		double v = ticks[t], x = GAP_X(v);
		html_printf(b, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#dde3e8\"/>"
			       "<text x=\"%.1f\" y=\"16\" class=\"axis\" text-anchor=\"middle\">%g</text>",
			    x, top - 4, x, height - 4, x, v);
	}
	for (size_t i = 0; i < n; i++) {
		int y = top + (int)i * row + 30;
		html_printf(b, "<text x=\"%d\" y=\"%d\" class=\"label\">%s</text>", left - 10, y - 13, labels[i]);
		bool both = isfinite(self[i]) && isfinite(others[i]);
		const char *colour = "#8a98a5";
		if (both && self[i] - others[i] >= 1)
			colour = "#e46c0a";
		else if (both && others[i] - self[i] >= 1)
			colour = "#1d7fc4";
		if (both)
			html_printf(
				b,
				"<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" stroke-width=\"4\"/>",
				GAP_X(self[i]), y, GAP_X(others[i]), y, colour);
		if (isfinite(others[i]))
			html_printf(b,
				    "<circle cx=\"%.1f\" cy=\"%d\" r=\"7\" fill=\"#1d2a33\"><title>%s</title></circle>",
				    GAP_X(others[i]), y, texts(tr(l, "Others %s"), number(l, others[i], 1)));
		if (isfinite(self[i]))
			html_printf(
				b,
				"<circle cx=\"%.1f\" cy=\"%d\" r=\"7\" fill=\"#ffffff\" stroke=\"%s\" "
				"stroke-width=\"3\">"
				"<title>%s</title></circle>",
				GAP_X(self[i]), y, both ? colour : "#1d2a33",
				texts(tr(l, "Self %s"), number(l, self[i], 1)));
	}
#undef GAP_X
	buf_puts(b, "</svg>");
}

static const char *
point_fill(enum spc_point_type t)
{
	switch (t) {
	case SPC_IMPROVEMENT: return "#1d7fc4";
	case SPC_CONCERN: return "#e46c0a";
	case SPC_NEUTRAL_HIGH:
	case SPC_NEUTRAL_LOW: return "#6b2c91";
	default: return "#8c959b";
	}
}

/* A round step near RAW: 1, 2, 2.5 or 5 times a power of ten (RAW itself where that would overflow). */
static double
nice_step(double raw)
{
	if (!(raw > 0) || !isfinite(raw))
		return 1;
	double p = pow(10, floor(log10(raw))), f = raw / p;
	double step = p * (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10);
	return isfinite(step) && step > 0 ? step : raw;
}

size_t
svg_ticks(double lo, double hi, double *out, size_t max)
{
	if (!isfinite(lo) || !isfinite(hi) || !(hi > lo) || !max)
		return 0;
	/* About five steps; computed from half the range, which is finite whatever the ends (hi - lo is not). */
	double tick = nice_step((hi / 2 - lo / 2) / 2.5), first = ceil(lo / tick) * tick;
	size_t n = 0;
	/* Counted, never stepped by adding: near 1e16 a small step added to a value leaves it unchanged. A value
	 * the step cannot move past its predecessor is dropped, so the grid thins rather than repeats. */
	for (size_t i = 0; i <= 2 * max && n < max; i++) {
		double v = first + (double)i * tick;
		if (!isfinite(v) || v > hi + tick * 1e-9)
			break;
		if (fabs(v) < tick * 1e-9)
			v = 0;
		if (!n || v > out[n - 1])
			out[n++] = v;
	}
	return n;
}

static double
clamp_finite(double v)
{
	return fmax(-DBL_MAX, fmin(DBL_MAX, v));
}

/* The range an XmR chart shows: every finite point, limit and target, widened where it is flat (by a part of
 * its size, so that the step between grid lines stays above the spacing of doubles there) and padded. */
static void
spc_range(const struct spc_result *r, bool has_target, double target, double *lo_out, double *hi_out)
{
	double lo = INFINITY, hi = -INFINITY;
	for (size_t i = 0; i < r->n; i++)
		if (isfinite(r->points[i].value)) {
			lo = fmin(lo, r->points[i].value);
			hi = fmax(hi, r->points[i].value);
		}
	for (size_t s = 0; s < r->n_segments; s++) {
		const double v[] = {r->segments[s].mean, r->segments[s].upl, r->segments[s].lpl};
		for (size_t k = 0; k < 3; k++)
			if (isfinite(v[k]))
				lo = fmin(lo, v[k]), hi = fmax(hi, v[k]);
	}
	if (has_target && isfinite(target)) {
		lo = fmin(lo, target);
		hi = fmax(hi, target);
	}
	if (!(lo <= hi)) {
		lo = 0;
		hi = 1;
	}
	double size = fmax(fabs(lo), fabs(hi));
	if (hi / 2 - lo / 2 < fmax(0.5e-9, size * 1e-12)) {
		double w = fmax(1, size * 1e-9);
		lo = clamp_finite(lo - w);
		hi = clamp_finite(hi + w);
	}
	double pad = (hi / 2 - lo / 2) * 0.16;
	*lo_out = clamp_finite(lo - pad);
	*hi_out = clamp_finite(hi + pad);
}

/* The label of grid value V when the grid's step is TICK: as many decimals as the step needs. */
static void
tick_label(double v, double tick, char *out, size_t size)
{
	int decimals = tick >= 1 ? 0 : (int)fmin(12, ceil(-log10(tick) - 1e-9));
	if (fabs(v) < 1e15)
		snprintf(out, size, "%.*f", decimals, v);
	else
		snprintf(out, size, "%.6g", v);
}

/* Where an SPC chart's points and values fall: the drawing area and the range of values shown. */
struct spc_frame {
	double W, H, left, right, top, bottom, lo, hi, step;
	size_t n;
};

static double
frame_x(const struct spc_frame *f, size_t i)
{
	return f->left + (f->n > 1 ? (double)i * f->step : (f->W - f->left - f->right) / 2);
}

/* Halves throughout: hi - v overflows for values at either end of the doubles, hi / 2 - v / 2 does not. */
static double
frame_y(const struct spc_frame *f, double v)
{
	return f->top + (f->hi / 2 - v / 2) / (f->hi / 2 - f->lo / 2) * (f->H - f->top - f->bottom);
}

/* A light grid at round values (1, 2 or 5 times a power of ten apart), labelled as people write them. */
static void
spc_grid(struct buf *b, const struct spc_frame *f)
{
	double ticks[SVG_TICKS_MAX];
	size_t n_ticks = svg_ticks(f->lo, f->hi, ticks, SVG_TICKS_MAX);
	double tick = n_ticks > 1 ? ticks[1] - ticks[0] : 1;
	for (size_t t = 0; t < n_ticks; t++) {
		char label[40];
		tick_label(ticks[t], tick, label, sizeof label);
		html_printf(b, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eef1f3\"/>"
			       "<text x=\"%.1f\" y=\"%.1f\" class=\"axis\" text-anchor=\"end\">%s</text>\n",
			    f->left, f->W - f->right, frame_y(f, ticks[t]), frame_y(f, ticks[t]), f->left - 6,
			    frame_y(f, ticks[t]) + 4, label);
	}
}

/* Each segment's mean and process limits, a rebase marked where a segment begins. */
static void
spc_limits(struct buf *b, const struct lang *l, const struct spc_result *r, const struct spc_frame *f)
{
	for (size_t s = 0; s < r->n_segments; s++) {
		const struct spc_segment *seg = &r->segments[s];
		if (!seg->n || !isfinite(seg->mean))
			continue;
		double x1 = frame_x(f, seg->first), x2 = frame_x(f, seg->first + seg->n - 1);
		if (s > 0)
			html_printf(b, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#1d2a33\" "
				       "stroke-dasharray=\"2 3\"><title>%s</title></line>\n",
				    x1, x1, f->top, f->H - f->bottom, tr(l, "new limits from here"));
		html_printf(
			b,
			"<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#1d2a33\" stroke-width=\"1.2\">"
			"<title>%s</title></line>\n",
			x1, x2, frame_y(f, seg->mean), frame_y(f, seg->mean),
			texts(tr(l, "mean %s"), number(l, seg->mean, 3)));
		if (isfinite(seg->upl) && isfinite(seg->lpl))
			html_printf(b, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#5a6b76\" "
				       "stroke-dasharray=\"6 4\"><title>%s</title></line>"
				       "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#5a6b76\" "
				       "stroke-dasharray=\"6 4\"><title>%s</title></line>\n",
				    x1, x2, frame_y(f, seg->upl), frame_y(f, seg->upl),
				    texts(tr(l, "upper process limit %s"), number(l, seg->upl, 3)), x1, x2,
				    frame_y(f, seg->lpl), frame_y(f, seg->lpl),
				    texts(tr(l, "lower process limit %s"), number(l, seg->lpl, 3)));
	}
}

/* The line through the points, broken at gaps and rebases. */
static void
spc_line(struct buf *b, const struct spc_result *r, const struct spc_frame *f)
{
	buf_puts(b, "<polyline fill=\"none\" stroke=\"#8c959b\" stroke-width=\"1.2\" points=\"");
	for (size_t i = 0; i < r->n; i++) {
		if (!isfinite(r->points[i].value) || (i && r->points[i].segment != r->points[i - 1].segment)) {
			buf_puts(b, "\"/><polyline fill=\"none\" stroke=\"#8c959b\" stroke-width=\"1.2\" points=\"");
			if (!isfinite(r->points[i].value))
				continue;
		}
		buf_printf(b, "%.1f,%.1f ", frame_x(f, i), frame_y(f, r->points[i].value));
	}
	buf_puts(b, "\"/>\n");
}

/* Each point, with its details for the tooltip and for screen readers. */
static void
spc_points(struct buf *b, const struct lang *l, const struct spc_result *r, const char (*periods)[11],
	   const struct spc_frame *f, bool small)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct spc_point *p = &r->points[i];
		if (!isfinite(p->value))
			continue;
		/* "2026-03: 41.2 — Special cause: concern (a shift ...)", for the tooltip and for screen readers. */
		struct buf details = BUF_INIT;
		buf_init(&details, 400);
		char day[40];
		buf_printf(&details, "%s: %s — %s", periods ? lang_date_short(l, periods[i], day, sizeof day) : "",
			   number(l, p->value, 3),
			   tr(l, spc_point_type_words(p->type)));
		bool first = true;
		for (unsigned bit = SPC_OUTSIDE_LIMITS; bit <= SPC_SHIFT; bit <<= 1)
			if (p->rules & bit) {
				buf_printf(&details, "%s%s", first ? " (" : "; ",
					   tr(l, spc_rule_words((enum spc_rule)bit)));
				first = false;
			}
		if (!first)
			buf_putc(&details, ')');
		/* On the full chart each point is a link to its row in the table below: reachable by keyboard and
		 * by a tap, not only by hovering; an unseen ring around it is the target (24 px and more on a phone:
		 * the style sheet widens it there). */
		if (!small)
			html_printf(b, "<a href=\"#point-%zu\" aria-label=\"%s\"><circle class=\"hit\" cx=\"%.1f\" "
				       "cy=\"%.1f\" r=\"12\"/>",
				    i + 1, details.data, frame_x(f, i), frame_y(f, p->value));
		html_printf(
			b,
			"<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%s\" fill=\"%s\" class=\"pt "
			"%s\"><title>%s</title></circle>%R\n",
			frame_x(f, i), frame_y(f, p->value), small ? "2.6" : "5", point_fill(p->type),
			spc_point_type_name(p->type), details.data, small ? "" : "</a>");
		buf_release(&details);
	}
}

/* A date's width on the axis, in the drawing's units: "Rhag 2026" at 14 px with the letter and word spacing a
 * reader may set (WCAG 1.4.12: 0.12 and 0.16 em), and a little air. */
#define SPC_DATE_ROOM 100.0

/* Dates a width and a half apart at least, so that none runs into the next whatever the reader's spacing; the
 * first and last anchored inside the chart, the last always shown and never crowded. */
static void
spc_dates(struct buf *b, const struct lang *l, const struct spc_result *r, const char (*periods)[11],
	  const struct spc_frame *f)
{
	size_t every = f->step > 0 ? (size_t)ceil(1.5 * SPC_DATE_ROOM / f->step) : 1;
	double last = frame_x(f, r->n - 1);
	char month[40];
	for (size_t i = 0; i + 1 < r->n; i += every ? every : 1)
		if (i == 0 || last - frame_x(f, i) >= 1.5 * SPC_DATE_ROOM)
			html_printf(b, "<text x=\"%.1f\" y=\"%.1f\" class=\"axis\" text-anchor=\"%s\">%s</text>\n",
				    frame_x(f, i), f->H - f->bottom + 20, i == 0 ? "start" : "middle",
				    lang_month_short(l, periods[i], month, sizeof month));
	html_printf(b, "<text x=\"%.1f\" y=\"%.1f\" class=\"axis\" text-anchor=\"%s\">%s</text>\n",
		    last, f->H - f->bottom + 20, r->n > 1 ? "end" : "middle",
		    lang_month_short(l, periods[r->n - 1], month, sizeof month));
}

/* The band of marks under the dates: as many rows as they need, added below the drawing area. */
static void
spc_marks_band(struct spc_frame *f, const struct spc_result *r, const char (*periods)[11],
	       const struct measure_marks *marks, struct svg_spc_geometry *g)
{
	*g = (struct svg_spc_geometry){.n = r->n, .left = f->left, .step = f->step, .top = f->top,
				       .single_x = frame_x(f, 0), .right_edge = f->W - f->right};
	double *xs = xcalloc(marks->n ? marks->n : 1, sizeof *xs);
	int *rows = xcalloc(marks->n ? marks->n : 1, sizeof *rows);
	size_t used = svg_marks_layout(g, periods, marks, xs, rows);
	free(xs);
	free(rows);
	double extra = used ? (double)used * SVG_MARK_ROW_H + 6 : 0;
	f->H += extra;
	f->bottom += extra;
	g->band_top = f->H - extra;
}

void
svg_spc(struct buf *b, const struct lang *l, const struct spc_result *r, const char (*periods)[11], bool has_target,
	double target, const char *title, bool small, const struct measure_marks *marks)
{
	struct spc_frame f = {.W = small ? 320 : 760, .H = small ? 120 : 300, .left = small ? 8 : 56, .right = 12,
			      .top = 12, .bottom = small ? 12 : 48, .n = r->n};
	spc_range(r, has_target, target, &f.lo, &f.hi);
	/* A target that is no number is not drawn (measures refuse one; an old row may hold it). */
	has_target = has_target && isfinite(target);
	f.step = r->n > 1 ? (f.W - f.left - f.right) / (double)(r->n - 1) : 0;
	struct svg_spc_geometry g;
	if (small)
		marks = NULL;
	if (marks)
		spc_marks_band(&f, r, periods, marks, &g);
	/* The full chart holds links (its points): a group, not an image, so that they can be reached. */
	html_printf(b, "<svg class=\"chart spc%R\" viewBox=\"0 0 %.0f %.0f\" role=\"%s\" aria-label=\"%s\"%R "
		       "xmlns=\"http://www.w3.org/2000/svg\"><title>%s</title>\n",
		    small ? " small" : "", f.W, f.H, small ? "img" : "group",
		    texts(tr(l, "%s: statistical process control chart"), title),
		    marks ? " aria-describedby=\"chart-legend\"" : "", title);
	if (!small)
		spc_grid(b, &f);
	spc_limits(b, l, r, &f);
	if (has_target)
		html_printf(b, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#c0392b\" "
			       "stroke-dasharray=\"10 4\" stroke-width=\"1.5\"><title>%s</title></line>\n",
			    f.left, f.W - f.right, frame_y(&f, target), frame_y(&f, target),
			    texts(tr(l, "target %s"), number(l, target, 3)));
	spc_line(b, r, &f);
	spc_points(b, l, r, periods, &f, small);
	if (!small && periods && r->n)
		spc_dates(b, l, r, periods, &f);
	if (marks) {
		g.has_target = has_target;
		g.target_y = has_target ? frame_y(&f, target) : 0;
		svg_spc_marks(b, &g, periods, marks);
	}
	buf_puts(b, "</svg>\n");
}
