/* svg.c - heat map, radar and distribution bars as SVG (see svg.h). */
#include "web/svg.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lib/html.h"

/* Six steps from pale to deep blue: readable on paper in grey too. */
static const char *const fills[] = {"#eef4fa", "#cfe0f0", "#9ec3e3", "#6aa1cf", "#3a7bb8", "#1a4f8a"};
static const char *const inks[] = {"#1d2a33", "#1d2a33", "#1d2a33", "#1d2a33", "#ffffff", "#ffffff"};

void
svg_level_colour(double fraction, const char **fill, const char **ink)
{
	if (isnan(fraction)) {
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
	return isnan(mean) ? NAN : (mean - lo) / (hi - lo);
}

void
svg_heatmap(struct buf *b, const struct results *res)
{
	const struct instrument *ins = res->ins;
	const int col_w = 120, cell_h = 34, head_h = 44, gap = 6;
	size_t rows = 0;
	for (size_t d = 0; d < ins->n_domains; d++)
		rows = ins->domains[d].n_items > rows ? ins->domains[d].n_items : rows;
	int width = (int)ins->n_domains * (col_w + gap) - gap;
	int height = head_h + (int)rows * (cell_h + 4);
	html_printf(b, "<svg class=\"chart heatmap\" viewBox=\"0 0 %d %d\" role=\"img\" aria-labelledby=\"hm-title hm-desc\" "
		       "xmlns=\"http://www.w3.org/2000/svg\">\n<title id=\"hm-title\">%s: mean level of each element</title>\n"
		       "<desc id=\"hm-desc\">A column per domain; each cell is an element, darker where the team rates it "
		       "further along, with the mean written in it.</desc>\n",
		    width, height, ins->title);
	size_t k = 0;
	for (size_t d = 0; d < ins->n_domains; d++) {
		int x = (int)d * (col_w + gap);
		const struct domain *dom = &ins->domains[d];
		/* A long domain title is squeezed to the column rather than cut off. */
		size_t tl = strlen(dom->title);
		const char *fit = tl > 15 ? "textLength=\"108\" lengthAdjust=\"spacingAndGlyphs\" " : "";
		html_printf(b, "<rect x=\"%d\" y=\"0\" width=\"%d\" height=\"%d\" rx=\"4\" fill=\"#005a8c\"/>"
			       "<text x=\"%d\" y=\"17\" %Rclass=\"hm-head\">%s</text>"
			       "<text x=\"%d\" y=\"34\" class=\"hm-head hm-sub\">%.1f avg</text>\n",
			    x, col_w, head_h - 6, x + 6, fit, dom->title, x + 6, res->domains[d].mean);
		for (size_t j = 0; j < dom->n_items; j++, k++) {
			const struct item_result *it = &res->items[k];
			const char *fill, *ink;
			svg_level_colour(fraction_of(ins, it->st.mean), &fill, &ink);
			int y = head_h + (int)j * (cell_h + 4);
			char value[16];
			if (isnan(it->st.mean))
				snprintf(value, sizeof value, "–");
			else
				snprintf(value, sizeof value, "%.1f", it->st.mean);
			html_printf(b, "<g><title>%s: mean %s from %zu answers%s</title>"
				       "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"3\" fill=\"%s\" stroke=\"#d5dde2\"/>"
				       "<text x=\"%d\" y=\"%d\" fill=\"%s\" class=\"hm-code\">%s</text>"
				       "<text x=\"%d\" y=\"%d\" fill=\"%s\" class=\"hm-value\" text-anchor=\"end\">%s</text></g>\n",
				    it->item->code, value, it->st.n, it->has_consensus ? "; consensus recorded" : "", x, y, col_w,
				    cell_h, fill, x + 8, y + 22, ink, it->item->code, x + col_w - 8, y + 22, ink, value);
			if (it->has_consensus)
				html_printf(b, "<circle cx=\"%d\" cy=\"%d\" r=\"4\" fill=\"%s\"><title>consensus %ld</title></circle>\n",
					    x + col_w / 2, y + cell_h / 2, ink, it->consensus);
		}
	}
	buf_puts(b, "</svg>\n");
}

void
svg_radar(struct buf *b, const struct results *res)
{
	const struct instrument *ins = res->ins;
	size_t n = ins->n_domains;
	const double cx = 260, cy = 170, r = 110;
	html_printf(b, "<svg class=\"chart radar\" viewBox=\"0 0 520 340\" role=\"img\" aria-labelledby=\"rd-title rd-desc\" "
		       "xmlns=\"http://www.w3.org/2000/svg\">\n<title id=\"rd-title\">Domain means</title>\n"
		       "<desc id=\"rd-desc\">Each spoke is a domain; the further out, the higher its mean level.</desc>\n");
	if (n < 3) {
		/* A radar needs three spokes: draw bars instead. */
		for (size_t d = 0; d < n; d++) {
			double f = fraction_of(ins, res->domains[d].mean);
			double w = isnan(f) ? 0 : f * 300;
			html_printf(b, "<text x=\"10\" y=\"%d\" class=\"rd-label\">%s</text>"
				       "<rect x=\"10\" y=\"%d\" width=\"%.1f\" height=\"22\" fill=\"#3a7bb8\"/>"
				       "<text x=\"%.1f\" y=\"%d\" class=\"rd-label\">%.1f</text>\n",
				    40 + (int)d * 70, ins->domains[d].title, 48 + (int)d * 70, w, w + 16, 64 + (int)d * 70,
				    res->domains[d].mean);
		}
		buf_puts(b, "</svg>\n");
		return;
	}
	/* Rings for each level. */
	for (size_t l = 1; l < ins->n_levels; l++) {
		double rr = r * (double)l / (double)(ins->n_levels - 1);
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
			       "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" class=\"rd-label\">%s %.1f</text>\n",
			    cx, cy, cx + r * cos(a), cy + r * sin(a), lx, ly + 4, anchor, ins->domains[d].title, res->domains[d].mean);
	}
	buf_puts(b, "<polygon class=\"rd-area\" fill=\"#3a7bb8\" fill-opacity=\"0.35\" stroke=\"#1a4f8a\" stroke-width=\"2\" points=\"");
	for (size_t d = 0; d < n; d++) {
		double f = fraction_of(ins, res->domains[d].mean);
		double rr = r * (isnan(f) ? 0 : f);
		double a = -M_PI / 2 + 2 * M_PI * (double)d / (double)n;
		buf_printf(b, "%.1f,%.1f ", cx + rr * cos(a), cy + rr * sin(a));
	}
	buf_puts(b, "\"/>\n</svg>\n");
}

void
svg_distribution(struct buf *b, const struct instrument *ins, const size_t *counts, size_t dont_know, int width)
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
		html_printf(b, ", don't know: %zu", dont_know);
	buf_puts(b, "</title>");
	double x = 0;
	for (size_t l = 0; l <= ins->n_levels && total; l++) {
		size_t c = l < ins->n_levels ? counts[l] : dont_know;
		if (!c)
			continue;
		double w = (double)width * (double)c / (double)total;
		const char *fill, *ink;
		if (l < ins->n_levels)
			svg_level_colour((double)l / (double)(ins->n_levels - 1), &fill, &ink);
		else
			fill = "#e6e6e6", ink = "#1d2a33";
		html_printf(b, "<rect x=\"%.2f\" y=\"0\" width=\"%.2f\" height=\"18\" fill=\"%s\" stroke=\"#ffffff\"/>", x, w, fill);
		if (w >= 14)
			html_printf(b, "<text x=\"%.2f\" y=\"13\" fill=\"%s\" class=\"dist-n\" text-anchor=\"middle\">%zu</text>",
				    x + w / 2, ink, c);
		x += w;
	}
	buf_puts(b, "</svg>");
}
