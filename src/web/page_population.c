/*
 * page_population.c - GET /units/{code}/population: the unit's registered population by segment (grid element
 * 2.3) as a stacked bar per practice with its table and words, the movement between two as-of dates, and each
 * segment's size over the dates; the same as JSON and CSV (?format=csv). Every figure comes from
 * domain/population_view.h, already through disclosure control: this file never sees a raw count. POST
 * /units/{code}/population/measure makes a segment an SPC measure of the unit.
 */
#include <jansson.h>
#include <microhttpd.h>
#include <string.h>

#include "domain/population_view.h"
#include "web/app.h"
#include "web/handlers.h"
#include "web/page.h"
#include "web/page_improve.h"

static const char *const colours[POP_SEGMENTS] = {"#5b2a86", "#a23b72", "#b5462a", "#946200", "#2e6f40"};

static const char *
shown(const struct request *req, const struct disclosed *d)
{
	return disclosed_hidden(d) ? "*" : page_count(req, d->value);
}

static json_t *
jshown(const struct disclosed *d)
{
	return disclosed_hidden(d) ? json_string("*") : json_integer(d->value);
}

static const char *
practice_name(struct request *req, const char *code)
{
	const struct unit_tree *tree = request_tree(req);
	const struct unit *u = tree ? unit_by_code(tree, code) : NULL;
	return u ? u->name : code;
}

/* ---- JSON and CSV ---- */

static json_t *
segment_counts_json(const struct disclosure_table *t, size_t row)
{
	json_t *o = json_object();
	for (size_t k = 0; k < t->cols; k++)
		json_object_set_new(o, population_segment_code((enum population_segment)k),
				    jshown(disclosure_cell(t, row, k)));
	return o;
}

static json_t *
date_json(const struct population_view *v, const struct population_date *d)
{
	json_t *practices = json_array(), *totals = json_object();
	for (size_t p = 0; p < v->practices.n; p++)
		json_array_append_new(practices,
				      json_pack("{s:s, s:o, s:o}", "practice", v->practices.v[p], "counts",
						segment_counts_json(&d->t, p), "total", jshown(&d->t.row_totals[p])));
	for (size_t k = 0; k < POP_SEGMENTS; k++)
		json_object_set_new(totals, population_segment_code((enum population_segment)k),
				    jshown(&d->t.col_totals[k]));
	return json_pack("{s:s, s:o, s:o, s:o}", "as_of", d->as_of, "practices", practices, "totals", totals, "total",
			 jshown(&d->t.total));
}

static const char *
move_code(size_t i, bool to)
{
	if (i < POP_SEGMENTS)
		return population_segment_code((enum population_segment)i);
	if (!to)
		return POP_CODE_REGISTERED;
	return i == POP_TO_DIED ? POP_CODE_DIED : POP_CODE_LEFT;
}

static json_t *
movement_json(const struct population_view *v)
{
	if (!v->has_movement)
		return json_null();
	const struct disclosure_table *t = &v->movement;
	json_t *rows = json_array(), *totals = json_object();
	for (size_t i = 0; i < t->rows; i++) {
		json_t *to = json_object();
		for (size_t j = 0; j < t->cols; j++)
			json_object_set_new(to, move_code(j, true), jshown(disclosure_cell(t, i, j)));
		json_array_append_new(rows, json_pack("{s:s, s:o, s:o}", "from", move_code(i, false), "to", to, "total",
						      jshown(&t->row_totals[i])));
	}
	for (size_t j = 0; j < t->cols; j++)
		json_object_set_new(totals, move_code(j, true), jshown(&t->col_totals[j]));
	return json_pack("{s:s, s:s, s:o, s:o, s:o}", "from", v->from, "to", v->to, "rows", rows, "totals", totals,
			 "total", jshown(&t->total));
}

static void
population_json(struct request *req, struct response *res, const struct population_view *v)
{
	json_t *dates = json_array(), *segs = json_array();
	for (size_t d = 0; d < v->n_dates; d++)
		json_array_append_new(dates, date_json(v, &v->dates[d]));
	for (size_t k = 0; k < POP_SEGMENTS; k++)
		json_array_append_new(segs,
				      json_pack("{s:s, s:s, s:s}", "code",
						population_segment_code((enum population_segment)k), "name",
						_(population_segment_name((enum population_segment)k)), "care_model",
						_(population_segment_care_model((enum population_segment)k))));
	respond_json(res, MHD_HTTP_OK,
		     json_pack("{s:s, s:{s:i, s:i}, s:o, s:o, s:o}", "unit", req->unit->code, "disclosure", "threshold",
			       v->rule.threshold, "base", v->rule.base, "segments", segs, "dates", dates, "movement",
			       movement_json(v)));
}

/* practice,as_of,segment,count: each practice's figures, then the unit's own ("total"), as shown. */
static void
population_csv(struct request *req, struct response *res, const struct population_view *v)
{
	res->content_type = "text/csv; charset=utf-8";
	res->disposition = arena_printf(req->arena, "attachment; filename=\"%s-population.csv\"", req->unit->code);
	struct buf *b = &res->body;
	char n[32];
	buf_puts(b, "practice,as_of,segment,count\r\n");
	for (size_t d = 0; d < v->n_dates; d++) {
		const struct disclosure_table *t = &v->dates[d].t;
		for (size_t p = 0; p <= v->practices.n; p++)
			for (size_t k = 0; k < POP_SEGMENTS; k++) {
				const struct disclosed *c =
					p < v->practices.n ? disclosure_cell(t, p, k) : &t->col_totals[k];
				disclosure_text(c, n, sizeof n);
				buf_printf(b, "%s,%s,%s,%s\r\n", p < v->practices.n ? v->practices.v[p] : "total",
					   v->dates[d].as_of, population_segment_code((enum population_segment)k), n);
			}
	}
}

/* ---- HTML ---- */

/* One bar: the shown figures of row ROW (or the totals when ROW is the number of rows), labelled in HTML so that
 * the label keeps its size on a phone; the figures themselves are in the words and the table below. */
static void
bar(struct buf *b, struct request *req, const struct disclosure_table *t, size_t row, const char *label)
{
	const struct disclosed *c[POP_SEGMENTS];
	long sum = 0;
	for (size_t k = 0; k < POP_SEGMENTS; k++) {
		c[k] = row < t->rows ? disclosure_cell(t, row, k) : &t->col_totals[k];
		sum += disclosed_hidden(c[k]) ? 0 : c[k]->value;
	}
	html_printf(b,
		    "<li><span class=\"bar-label\">%s</span><svg viewBox=\"0 0 500 22\" preserveAspectRatio=\"none\" "
		    "aria-hidden=\"true\" focusable=\"false\">",
		    label);
	double x = 0;
	for (size_t k = 0; sum > 0 && k < POP_SEGMENTS; k++) {
		if (disclosed_hidden(c[k]) || !c[k]->value)
			continue;
		double w = 500.0 * (double)c[k]->value / (double)sum;
		html_printf(
			b,
			"<rect x=\"%.1f\" y=\"0\" width=\"%.1f\" height=\"22\" fill=\"%s\">"
			"<title>%s: %s</title></rect>",
			x, w, colours[k], _(population_segment_name((enum population_segment)k)), shown(req, c[k]));
		x += w;
	}
	buf_puts(b, "</svg></li>\n");
}

static void
stacked_bars(struct buf *b, struct request *req, const struct population_view *v, const struct population_date *d)
{
	html_printf(b,
		    "<figure class=\"population-bars\" aria-describedby=\"bars-words\"><figcaption>%s</figcaption><ul>",
		    _("Segments of each practice's registered population"));
	for (size_t p = 0; p < v->practices.n; p++)
		bar(b, req, &d->t, p, practice_name(req, v->practices.v[p]));
	bar(b, req, &d->t, d->t.rows, _("All practices"));
	buf_puts(b, "</ul></figure>\n");
}

/* The words under the bars: each segment's size and share of all, from the shown figures. */
static void
segment_words(struct buf *b, struct request *req, const struct population_date *d)
{
	buf_puts(b, "<ul id=\"bars-words\" class=\"segment-words\">");
	for (size_t k = 0; k < POP_SEGMENTS; k++) {
		double pct;
		const struct disclosed *c = &d->t.col_totals[k];
		html_printf(b, "<li><span class=\"swatch\" style=\"background:%s\"></span> ", colours[k]);
		if (disclosure_percent(c, &d->t.total, &pct))
			html_printf(b, _("%s: %s people (%s%%)"),
				    _(population_segment_name((enum population_segment)k)), shown(req, c),
				    page_num(req, pct, 0));
		else
			html_printf(b, _("%s: %s people"), _(population_segment_name((enum population_segment)k)),
				    shown(req, c));
		html_printf(b, " — <span class=\"note\">%s</span></li>",
			    _(population_segment_care_model((enum population_segment)k)));
	}
	buf_puts(b, "</ul>\n");
}

static void
segment_head(struct buf *b, struct request *req, const char *first)
{
	html_printf(b, "<thead><tr><th scope=\"col\">%s</th>", first);
	for (size_t k = 0; k < POP_SEGMENTS; k++)
		html_printf(b, "<th scope=\"col\" class=\"num\">%s</th>",
			    _(population_segment_name((enum population_segment)k)));
	html_printf(b, "<th scope=\"col\" class=\"num\">%s</th></tr></thead>\n", _("All"));
}

static void
counts_table(struct buf *b, struct request *req, const struct population_view *v, const struct population_date *d)
{
	html_printf(b, "<div class=\"scroll\" tabindex=\"0\"><table class=\"list population\"><caption>%s</caption>",
		    arena_printf(req->arena, _("People by segment on %s"), page_date(req, d->as_of)));
	segment_head(b, req, _("Practice"));
	buf_puts(b, "<tbody>\n");
	for (size_t p = 0; p <= v->practices.n; p++) {
		bool all = p == v->practices.n;
		html_printf(b, "<tr%s><th scope=\"row\">%s</th>", all ? " class=\"total\"" : "",
			    all ? _("All practices") : practice_name(req, v->practices.v[p]));
		for (size_t k = 0; k < POP_SEGMENTS; k++)
			html_printf(b, "<td class=\"num\">%s</td>",
				    shown(req, all ? &d->t.col_totals[k] : disclosure_cell(&d->t, p, k)));
		html_printf(b, "<td class=\"num\">%s</td></tr>\n", shown(req, all ? &d->t.total : &d->t.row_totals[p]));
	}
	buf_puts(b, "</tbody></table></div>\n");
}

static const char *
move_name(struct request *req, size_t i, bool to)
{
	if (i < POP_SEGMENTS)
		return _(population_segment_name((enum population_segment)i));
	if (!to)
		return _("Newly registered");
	return i == POP_TO_DIED ? _("Died") : _("Left the list");
}

static void
movement_form(struct buf *b, struct request *req, const struct population_view *v)
{
	if (v->n_dates < 3)
		return;
	html_printf(b, "<form method=\"get\" class=\"inline\"><label>%s <select name=\"from\">", _("From"));
	for (size_t d = 0; d + 1 < v->n_dates; d++)
		html_printf(b, "<option value=\"%s\"%s>%s → %s</option>", v->dates[d].as_of,
			    strcmp(v->dates[d].as_of, v->from) == 0 ? " selected" : "",
			    page_date(req, v->dates[d].as_of), page_date(req, v->dates[d + 1].as_of));
	html_printf(b, "</select></label> <button type=\"submit\">%s</button></form>\n", _("Show"));
}

static void
movement_html(struct buf *b, struct request *req, const struct population_view *v)
{
	buf_puts(b, _("<h2>Movement between two dates</h2>\n"));
	if (!v->has_movement) {
		buf_puts(b,
			 _("<p class=\"note\">Movement is shown once an import has computed two as-of dates.</p>\n"));
		return;
	}
	movement_form(b, req, v);
	const struct disclosure_table *t = &v->movement;
	html_printf(
		b,
		"<div class=\"scroll\" tabindex=\"0\"><table class=\"list population-movement\"><caption>%s</caption>"
		"<thead><tr><th scope=\"col\">%s</th>",
		arena_printf(req->arena, _("From %s (rows) to %s (columns)"), page_date(req, v->from),
			     page_date(req, v->to)),
		_("From \\ to"));
	for (size_t j = 0; j < t->cols; j++)
		html_printf(b, "<th scope=\"col\" class=\"num\">%s</th>", move_name(req, j, true));
	html_printf(b, "<th scope=\"col\" class=\"num\">%s</th></tr></thead><tbody>\n", _("All"));
	for (size_t i = 0; i <= t->rows; i++) {
		bool all = i == t->rows;
		html_printf(b, "<tr%s><th scope=\"row\">%s</th>", all ? " class=\"total\"" : "",
			    all ? _("All") : move_name(req, i, false));
		for (size_t j = 0; j < t->cols; j++)
			html_printf(b, "<td class=\"num\">%s</td>",
				    shown(req, all ? &t->col_totals[j] : disclosure_cell(t, i, j)));
		html_printf(b, "<td class=\"num\">%s</td></tr>\n", shown(req, all ? &t->total : &t->row_totals[i]));
	}
	buf_puts(b, "</tbody></table></div>\n");
}

/* Each segment's shown size over the dates: a line per segment, a gap where a size is hidden. */
static void
trend_svg(struct buf *b, struct request *req, const struct population_view *v)
{
	long max = 1;
	for (size_t d = 0; d < v->n_dates; d++)
		for (size_t k = 0; k < POP_SEGMENTS; k++)
			if (!disclosed_hidden(&v->dates[d].t.col_totals[k]) && v->dates[d].t.col_totals[k].value > max)
				max = v->dates[d].t.col_totals[k].value;
	html_printf(b,
		    "<svg class=\"chart population-trend\" viewBox=\"0 0 400 120\" role=\"img\" "
		    "aria-labelledby=\"trend-title\"><title id=\"trend-title\">%s</title>",
		    _("Each segment's size over the as-of dates (the table below gives the figures)"));
	for (size_t k = 0; k < POP_SEGMENTS; k++) {
		bool pen = false;
		for (size_t d = 0; d < v->n_dates; d++) {
			const struct disclosed *c = &v->dates[d].t.col_totals[k];
			double x = v->n_dates > 1 ? 10 + 380.0 * (double)d / (double)(v->n_dates - 1) : 200;
			double y = 110 - 100.0 * (disclosed_hidden(c) ? 0 : (double)c->value) / (double)max;
			if (disclosed_hidden(c)) {
				if (pen)
					buf_puts(b, "\"/>");
				pen = false;
				continue;
			}
			if (!pen)
				html_printf(b, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"",
					    colours[k]);
			html_printf(b, "%.1f,%.1f ", x, y);
			pen = true;
		}
		if (pen)
			buf_puts(b, "\"/>");
	}
	buf_puts(b, "</svg>\n");
}

static void
trend_html(struct buf *b, struct request *req, const struct population_view *v)
{
	buf_puts(b, _("<h2>Each segment over time</h2>\n"));
	trend_svg(b, req, v);
	html_printf(b,
		    "<div class=\"scroll\" tabindex=\"0\"><table class=\"list population-trend\"><caption>%s</caption>",
		    _("The unit's people by segment on each date"));
	segment_head(b, req, _("As of"));
	buf_puts(b, "<tbody>\n");
	for (size_t d = 0; d < v->n_dates; d++) {
		html_printf(b, "<tr><th scope=\"row\">%s</th>", page_date(req, v->dates[d].as_of));
		for (size_t k = 0; k < POP_SEGMENTS; k++)
			html_printf(b, "<td class=\"num\">%s</td>", shown(req, &v->dates[d].t.col_totals[k]));
		html_printf(b, "<td class=\"num\">%s</td></tr>\n", shown(req, &v->dates[d].t.total));
	}
	buf_puts(b, "</tbody></table></div>\n");
	if (req->role < ROLE_FACILITATOR)
		return;
	buf_puts(b, _("<p>Make a segment's size an SPC measure of this unit, to see whether it changes beyond chance "
		      "(hidden sizes are gaps):</p>\n<div class=\"buttons\">"));
	for (size_t k = 0; k < POP_SEGMENTS; k++) {
		html_printf(b, "<form method=\"post\" action=\"/units/%s/population/measure\" class=\"inline\">",
			    req->unit->code);
		page_csrf_field(b, req);
		html_printf(b,
			    "<input type=\"hidden\" name=\"segment\" value=\"%s\">"
			    "<button type=\"submit\">%s</button></form> ",
			    population_segment_code((enum population_segment)k),
			    arena_printf(req->arena, _("Make “%s” a measure"),
					 _(population_segment_name((enum population_segment)k))));
	}
	buf_puts(b, "</div>\n");
}

static void
empty_html(struct buf *b, struct request *req)
{
	buf_puts(b, _("<div class=\"panel empty\"><h2>No population counts yet</h2>\n<p>A site administrator imports a "
		      "de-identified registered-list extract from the command line; only counts are kept, never a "
		      "person's record:</p>\n"));
	buf_puts(b, "<pre><code>caregrid population import --patients patients.csv --events events.csv "
		    "--codelists codelists/starter.csv --as-of 2026-03-31</code></pre>\n");
	buf_puts(
		b,
		_("<p>The README's population section describes the files, the code lists and the rules.</p></div>\n"));
}

static void
population_html(struct request *req, struct response *res, const struct population_view *v)
{
	struct buf *b = &res->body;
	improve_crumbs_begin(req, b, _("Population"), _("Population"), NULL);
	html_printf(b, _("<h1>Population of %s</h1>\n"), req->unit->name);
	html_printf(b,
		    _("<p class=\"lead\">Who needs what: everyone registered, in exactly one segment by priority "
		      "(end of life, frailty, complex needs, long-term conditions, generally well), grouped as the "
		      "care model's frailty and end of life; complex and long-term conditions; routine care and "
		      "access. Counts of 1 to %d are shown as *, the others rounded to the nearest %d.</p>\n"),
		    v->rule.threshold, v->rule.base);
	if (!v->n_dates) {
		empty_html(b, req);
		page_end(b, req);
		return;
	}
	const struct population_date *last = &v->dates[v->n_dates - 1];
	html_printf(b, "<h2>%s</h2>\n", arena_printf(req->arena, _("Segments on %s"), page_date(req, last->as_of)));
	stacked_bars(b, req, v, last);
	segment_words(b, req, last);
	counts_table(b, req, v, last);
	movement_html(b, req, v);
	trend_html(b, req, v);
	html_printf(b, _("<p><a href=\"/units/%s/population?format=csv\">Download as CSV</a></p>\n"), req->unit->code);
	page_end(b, req);
}

void
page_population(struct request *req, struct response *res)
{
	struct population_view v;
	struct error err;
	if (population_view_load(request_store(req), req->unit->id, request_arg(req, "from"), request_arg(req, "to"),
				 &v, &err) < 0) {
		respond_storage_error(req, res, &err);
		return;
	}
	const char *format = request_arg(req, "format");
	if (format && strcmp(format, "csv") == 0)
		population_csv(req, res, &v);
	else if (wants_json(req))
		population_json(req, res, &v);
	else
		population_html(req, res, &v);
	population_view_release(&v);
}

void
page_population_measure(struct request *req, struct response *res)
{
	const char *code = request_input(req, "segment");
	int seg = code ? population_segment_from_code(code) : -1;
	const char *here = improve_unit_path(req, "/population");
	struct error err;
	int64_t id;
	if (seg < 0) {
		error_in(&err, "segment", "the segment is end_of_life, frailty, complex, ltc or well");
		respond_failed(req, res, here, &err);
		return;
	}
	const struct actor who = request_actor(req);
	if (population_measure(request_store(req), req->app->catalog, &who, req->unit, (enum population_segment)seg,
			       req->lang, &id, &err) < 0) {
		respond_failed(req, res, here, &err);
		return;
	}
	respond_done(req, res, MHD_HTTP_OK,
		     improve_unit_path(req, arena_printf(req->arena, "/measures/%lld", (long long)id)),
		     _("The segment's sizes are now a measure."),
		     json_pack("{s:b, s:I}", "ok", 1, "id", (json_int_t)id));
}
