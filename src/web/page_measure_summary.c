/*
 * page_measure_summary.c - the Making Data Count summary of a unit and the units below it
 * (/units/{code}/measures/summary): a table of every measure the viewer may see there with its latest value
 * and period, its target and its variation and assurance icons (the same icons, with their words, as the
 * measure's page), then the same measures as small multiples, one tiny chart per unit under each measure's
 * name. JSON at the same address (or under /api), CSV with ?format=csv. Load, then render. The table and a
 * measure's JSON are shared with the aims list (page_measure_summary.h), which shows its aims' measures so.
 */
#include <math.h>
#include <microhttpd.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "domain/measure_summary.h"
#include "lib/csv.h"
#include "web/handlers.h"
#include "web/page.h"
#include "web/aim_diagram.h"
#include "web/page_improve.h"
#include "web/page_measure_summary.h"
#include "web/svg_spark.h"

static const char *
measure_href(struct request *req, const struct summary_cell *c, const struct measure_summary *sm)
{
	return arena_printf(req->arena, "/units/%s/measures/%lld", sm->units[c->unit].unit->code,
			    (long long)c->m.id);
}

/* A number for a machine (CSV): as many digits as tell it apart, nothing for none. */
static const char *
machine_number(struct request *req, double v)
{
	return isfinite(v) ? arena_printf(req->arena, "%.15g", v) : "";
}

/* The kinds a measure serves its unit's aims as, in the reader's words ("outcome, balancing"). */
static const char *
kinds_words(struct request *req, unsigned kinds)
{
	const char *out = "";
	for (unsigned k = 0; measure_kinds[k]; k++)
		if (kinds & 1u << k)
			out = arena_printf(req->arena, "%s%s%s", out, *out ? ", " : "",
					   aim_kind_words(req, measure_kinds[k]));
	return out;
}

json_t *
measure_summary_cell_json(struct request *req, const struct measure_summary *sm, const struct summary_cell *c)
{
	const struct measure *m = &c->m;
	const char *assure = improve_assurance_words(c->r.assurance);
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s?, s:I, s:s}", "id", (json_int_t)m->id, "name", m->name,
			      "category", m->category, "direction", m->direction, "unit_label",
			      m->unit_label[0] ? m->unit_label : NULL, "points", (json_int_t)c->ms.n, "href",
			      request_absolute(req, measure_href(req, c, sm)));
	json_object_set_new(o, "latest",
			    c->latest == SIZE_MAX ? json_null()
						  : json_pack("{s:s, s:f}", "period", c->ms.period[c->latest],
							      "value", c->ms.value[c->latest]));
	json_object_set_new(o, "target", m->has_target ? json_real(m->target) : json_null());
	json_object_set_new(o, "variation", c->r.variation == VAR_NONE
						    ? json_null()
						    : json_string(spc_variation_name(c->r.variation)));
	json_object_set_new(o, "assurance", json_string(spc_assurance_name(c->r.assurance)));
	json_object_set_new(o, "variation_words", json_string(_(improve_variation_words(c->r.variation))));
	json_object_set_new(o, "assurance_words", assure ? json_string(_(assure)) : json_null());
	if (sm->by_kind) {
		json_t *kinds = json_array();
		for (unsigned k = 0; measure_kinds[k]; k++)
			if (c->kinds & 1u << k)
				json_array_append_new(kinds, json_string(measure_kinds[k]));
		json_object_set_new(o, "kinds", kinds);
		json_object_set_new(o, "kinds_words", json_string(kinds_words(req, c->kinds)));
	}
	return o;
}

static json_t *
summary_json(struct request *req, const struct measure_summary *sm)
{
	json_t *units = json_array(), *names = json_array();
	for (size_t u = 0; u < sm->n_units; u++) {
		const struct summary_unit *su = &sm->units[u];
		json_t *ms = json_array();
		for (size_t i = su->first; i < su->first + su->n; i++)
			json_array_append_new(ms, measure_summary_cell_json(req, sm, &sm->cells[i]));
		const char *href = arena_printf(req->arena, "/units/%s/measures", su->unit->code);
		json_array_append_new(units, json_pack("{s:s, s:s, s:i, s:s, s:o}", "code", su->unit->code, "name",
						       su->unit->name, "depth", su->depth, "href",
						       request_absolute(req, href), "measures", ms));
	}
	for (size_t i = 0; i < sm->n_names; i++)
		json_array_append_new(names, json_string(sm->names[i]));
	return json_pack("{s:s, s:o, s:o}", "unit", req->unit->code, "units", units, "names", names);
}

static void
csv_row(struct buf *b, const char *const *fields, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_puts(b, ",");
		csv_write_field(b, fields[i]);
	}
	buf_puts(b, "\r\n");
}

/* One row per measure; machine codes and numbers, then the icons' words in the reader's language. */
static void
summary_csv(struct request *req, struct response *res, const struct measure_summary *sm)
{
	static const char *const head[] = {"unit", "unit_name", "measure_id", "measure", "category", "direction",
					   "unit_label", "points", "latest_period", "latest_value", "target",
					   "variation", "assurance", "variation_words", "assurance_words"};
	struct buf *b = &res->body;
	csv_row(b, head, sizeof head / sizeof *head);
	for (size_t i = 0; i < sm->n_cells; i++) {
		const struct summary_cell *c = &sm->cells[i];
		const struct unit *u = sm->units[c->unit].unit;
		const char *assure = improve_assurance_words(c->r.assurance);
		bool latest = c->latest != SIZE_MAX;
		const char *row[] = {u->code, u->name, arena_printf(req->arena, "%lld", (long long)c->m.id), c->m.name,
				     c->m.category, c->m.direction, c->m.unit_label,
				     arena_printf(req->arena, "%zu", c->ms.n), latest ? c->ms.period[c->latest] : "",
				     latest ? machine_number(req, c->ms.value[c->latest]) : "",
				     c->m.has_target ? machine_number(req, c->m.target) : "",
				     c->r.variation == VAR_NONE ? "" : spc_variation_name(c->r.variation),
				     spc_assurance_name(c->r.assurance), _(improve_variation_words(c->r.variation)),
				     assure ? _(assure) : ""};
		csv_row(b, row, sizeof row / sizeof *row);
	}
	res->content_type = "text/csv; charset=utf-8";
	res->disposition = arena_printf(req->arena, "attachment; filename=\"%s-measure-summary.csv\"", req->unit->code);
}

/* A figure with the measure's unit ("4.1 %"). */
static const char *
figure(struct request *req, const struct measure *m, double v)
{
	return m->unit_label[0] ? arena_printf(req->arena, "%s %s", page_figure(req, v), m->unit_label)
				: page_figure(req, v);
}

static void
table_row(struct buf *b, struct request *req, const struct measure_summary *sm, const struct summary_cell *c)
{
	html_printf(b, "<tr><th scope=\"row\"><a href=\"%s\">%s</a></th>", measure_href(req, c, sm), c->m.name);
	if (sm->by_kind)
		html_printf(b, "<td>%s</td>", kinds_words(req, c->kinds));
	if (c->latest == SIZE_MAX)
		html_printf(b, "<td class=\"num\">%s</td><td>%s</td>", _("none yet"), "–");
	else
		html_printf(b, "<td class=\"num\">%s</td><td>%s</td>", figure(req, &c->m, c->ms.value[c->latest]),
			    page_date_short(req, c->ms.period[c->latest]));
	html_printf(b, "<td class=\"num\">%s</td><td>", c->m.has_target ? figure(req, &c->m, c->m.target)
									 : _("no target"));
	improve_variation_icon(b, req, &c->r);
	buf_puts(b, "</td><td>");
	if (!improve_assurance_icon(b, req, &c->r))
		html_printf(b, "<span class=\"icon assure none\">%s</span>",
			    c->m.has_target ? _("Not enough data to assure") : _("No target to assure"));
	html_printf(b, "</td><td class=\"num\">%s</td></tr>\n", page_count(req, (long long)c->ms.n));
}

/* The table's head: a column per figure, and the kind's when the measures are an aims' (sm->by_kind). */
static void
table_head(struct buf *b, struct request *req, const struct measure_summary *sm)
{
	html_printf(b, "<p class=\"scroll-cue narrow\">%s</p>\n", _("Scroll sideways to see the whole table →"));
	html_printf(b, "<div class=\"scroll summary-box\" tabindex=\"0\" role=\"region\" "
		       "aria-labelledby=\"summary-caption\"><table class=\"list sticky-first measure-summary\">"
		       "<caption id=\"summary-caption\">%s</caption><thead><tr><th scope=\"col\">%s</th>",
		    _("Each measure: its latest value, its target and what its chart shows"), _("Measure"));
	if (sm->by_kind)
		html_printf(b, "<th scope=\"col\">%s</th>", _("Kind"));
	html_printf(b, "<th scope=\"col\" class=\"num\">%s</th><th scope=\"col\">%s</th>"
		       "<th scope=\"col\" class=\"num\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		       "<th scope=\"col\" class=\"num\">%s</th></tr></thead>\n",
		    _("Latest value"), _("Period"), _("Target"), _("Variation"), _("Assurance"), _("Points"));
}

void
measure_summary_table(struct buf *b, struct request *req, const struct measure_summary *sm)
{
	table_head(b, req, sm);
	for (size_t u = 0; u < sm->n_units; u++) {
		const struct summary_unit *su = &sm->units[u];
		if (!su->n)
			continue;
		buf_puts(b, "<tbody>");
		if (sm->n_units > 1)
			html_printf(b, "<tr class=\"unit-row depth-%d\"><th scope=\"colgroup\" colspan=\"%d\">"
				       "<a href=\"/units/%s/measures\">%s</a></th></tr>\n",
				    su->depth > 3 ? 3 : su->depth, sm->by_kind ? 8 : 7, su->unit->code, su->unit->name);
		for (size_t i = su->first; i < su->first + su->n; i++)
			table_row(b, req, sm, &sm->cells[i]);
		buf_puts(b, "</tbody>\n");
	}
	buf_puts(b, "</table></div>\n");
}

/* The words a tiny chart stands for: its unit, its latest value and what its variation shows. */
static const char *
spark_label(struct request *req, const struct measure_summary *sm, const struct summary_cell *c)
{
	const char *unit = sm->units[c->unit].unit->name;
	if (c->latest == SIZE_MAX)
		return arena_printf(req->arena, _("%s, %s: no data yet"), c->m.name, unit);
	return arena_printf(req->arena, _("%s, %s: chart of %s points, the latest %s on %s; %s"), c->m.name, unit,
			    page_count(req, (long long)c->ms.n), figure(req, &c->m, c->ms.value[c->latest]),
			    page_date_short(req, c->ms.period[c->latest]), _(improve_variation_words(c->r.variation)));
}

static void
multiples(struct buf *b, struct request *req, const struct measure_summary *sm)
{
	buf_puts(b, _("<section class=\"multiples\" aria-labelledby=\"multiples-h\"><h2 id=\"multiples-h\">Small "
		      "multiples</h2><p class=\"hint\">Each measure in each unit as a tiny chart: the dark line is "
		      "its values, a dot is special cause (blue improvement, orange concern, purple neither), the "
		      "grey lines are the mean and process limits since the last rebase, red dashes the target. "
		      "Choose one for its full chart.</p>\n"));
	for (size_t n = 0; n < sm->n_names; n++) {
		html_printf(b, "<h3>%s</h3>\n<ul class=\"multiples\">\n", sm->names[n]);
		for (size_t u = 0; u < sm->n_units; u++) {
			size_t i = measure_summary_cell(sm, u, n);
			if (i == SIZE_MAX)
				continue;
			const struct summary_cell *c = &sm->cells[i];
			html_printf(b, "<li><a href=\"%s\">%s</a> ", measure_href(req, c, sm), sm->units[u].unit->name);
			svg_spark_spc(b, &c->r, c->m.has_target, c->m.target, spark_label(req, sm, c));
			buf_puts(b, "<span class=\"icons\">");
			improve_variation_icon(b, req, &c->r);
			improve_assurance_icon(b, req, &c->r);
			buf_puts(b, "</span></li>\n");
		}
		buf_puts(b, "</ul>\n");
	}
	buf_puts(b, "</section>\n");
}

/* The units the viewer sees that keep no measure yet, named in one line. */
static void
units_without(struct buf *b, struct request *req, const struct measure_summary *sm)
{
	size_t n = 0;
	for (size_t u = 0; u < sm->n_units; u++)
		if (!sm->units[u].n)
			html_printf(b, "%R%s", n++ ? ", " : _("<p class=\"note\">No measures yet in: "),
				    sm->units[u].unit->name);
	if (n)
		buf_puts(b, "</p>\n");
}

static void
summary_html(struct request *req, struct response *res, const struct measure_summary *sm)
{
	struct buf *b = &res->body;
	improve_crumbs_begin(req, b, _("Measure summary"), _("Measures"), improve_unit_path(req, "/measures"));
	html_printf(b, _("<h1>Measure summary of %s</h1>\n"), req->unit->name);
	buf_puts(b, _("<p class=\"lead\">Every measure's latest value against its target, with the Making Data Count "
		      "icons: what its variation shows, and whether it will meet its target.</p>\n"));
	if (sm->n_units > 1)
		html_printf(b, _("<p>%s and the units below it that you can see: %s units, %s measures.</p>\n"),
			    req->unit->name, page_count(req, (long long)sm->n_units),
			    page_count(req, (long long)sm->n_cells));
	if (!sm->n_cells) {
		buf_puts(b, _("<p class=\"note\">No measures yet.</p>\n"));
	} else {
		html_printf(b, _("<p class=\"no-print\">Download: <a href=\"/units/%s/measures/summary?format=csv\">"
				 "CSV (one row per measure)</a></p>\n"),
			    req->unit->code);
		measure_summary_table(b, req, sm);
		if (sm->n_units > 1)
			units_without(b, req, sm);
		multiples(b, req, sm);
	}
	page_end(b, req);
}

void
page_measure_summary(struct request *req, struct response *res)
{
	struct measure_summary sm;
	struct error err;
	const char *format = request_arg(req, "format");
	if (measure_summary_load(request_store(req), req->tree, &req->grants, req->unit, &sm, &err) < 0)
		respond_storage_error(req, res, &err);
	else if (format && strcmp(format, "csv") == 0)
		summary_csv(req, res, &sm);
	else if (wants_json(req))
		respond_json(res, MHD_HTTP_OK, summary_json(req, &sm));
	else
		summary_html(req, res, &sm);
	measure_summary_release(&sm);
}
