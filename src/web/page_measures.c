/*
 * page_measures.c - a unit's measures on the web and in the API: the list, each drawn as an SPC chart
 * (XmR with the measure's direction, target, baseline and rebase points) with its icons, one measure's page
 * with its run chart and data points, and adding points one at a time or as CSV.
 */
#include <math.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/catalog.h"
#include "domain/consensus.h"
#include "domain/crosswalk.h"
#include "domain/improve.h"
#include "domain/measure_summary.h"
#include "domain/round.h"
#include "lib/xalloc.h"
#include "web/app.h"
#include "web/handlers.h"
#include "web/page.h"
#include "web/page_improve.h"
#include "web/svg.h"

/* The chart of a measure: XmR with the measure's direction, target, baseline and rebase points. */
static void
chart_of(const struct measure *m, const struct measure_series *ms, struct spc_result *r)
{
	measure_chart(m, ms, r);
}

static const char *
variation_words(enum spc_variation v)
{
	switch (v) {
	case VAR_COMMON: return N_("Common cause variation");
	case VAR_IMPROVEMENT_HIGH: return N_("Special cause improvement (higher)");
	case VAR_IMPROVEMENT_LOW: return N_("Special cause improvement (lower)");
	case VAR_CONCERN_HIGH: return N_("Special cause concern (higher)");
	case VAR_CONCERN_LOW: return N_("Special cause concern (lower)");
	case VAR_NEUTRAL_HIGH: return N_("Special cause, higher (no direction set)");
	case VAR_NEUTRAL_LOW: return N_("Special cause, lower (no direction set)");
	default: return N_("No data yet");
	}
}

static const char *
assurance_words(enum spc_assurance a)
{
	switch (a) {
	case ASSURE_PASS: return N_("Will consistently meet the target");
	case ASSURE_FAIL: return N_("Will consistently miss the target");
	case ASSURE_INCONSISTENT: return N_("May meet or miss the target");
	default: return NULL;
	}
}

void
improve_variation_icon(struct buf *b, const struct request *req, const struct spc_result *r)
{
	html_printf(b, "<span class=\"icon var %s\">%s</span>",
		    r->variation == VAR_NONE ? "none" : spc_variation_name(r->variation),
		    _(variation_words(r->variation)));
}

bool
improve_assurance_icon(struct buf *b, const struct request *req, const struct spc_result *r)
{
	const char *a = assurance_words(r->assurance);
	if (a)
		html_printf(b, "<span class=\"icon assure %s\">%s</span>", spc_assurance_name(r->assurance), _(a));
	return a != NULL;
}

const char *
improve_variation_words(enum spc_variation v)
{
	return variation_words(v);
}

const char *
improve_assurance_words(enum spc_assurance a)
{
	return assurance_words(a);
}

static void
icons(struct buf *b, const struct request *req, const struct spc_result *r)
{
	improve_variation_icon(b, req, r);
	if (assurance_words(r->assurance))
		buf_puts(b, " ");
	improve_assurance_icon(b, req, r);
}


static bool
measure_serves(const struct measure *m, const char *instrument, const char *code)
{
	for (size_t i = 0; i < m->elements.n; i++) {
		char id[100], c[64];
		if (sscanf(m->elements.v[i], "%99s %63s", id, c) == 2 && crosswalk_linked(id, c, instrument, code))
			return true;
	}
	return false;
}

static int
measure_keep(void *vctx, const struct measure *m)
{
	struct improve_measures *ml = vctx;
	if (ml->filter_code && !measure_serves(m, ml->filter_instrument, ml->filter_code))
		return 0;
	ml->v = xgrow(ml->v, sizeof *ml->v, ml->n + 1, &ml->cap);
	struct improve_measure *k = &ml->v[ml->n++];
	memset(k, 0, sizeof *k);
	k->m = *m;
	k->m.elements = (struct strvec)STRVEC_INIT;
	for (size_t i = 0; i < m->elements.n; i++)
		strvec_push(&k->m.elements, m->elements.v[i]);
	return 0;
}

int
improve_measures_load(struct request *req, struct improve_measures *ml, const char *filter_instrument,
		      const char *filter_code, struct error *err)
{
	*ml = (struct improve_measures){.filter_instrument = filter_instrument, .filter_code = filter_code};
	struct store *s = request_store(req);
	if (measures_each(s, req->unit->id, measure_keep, ml, err) < 0)
		return -1;
	for (size_t i = 0; i < ml->n; i++) {
		struct improve_measure *k = &ml->v[i];
		if (measure_series_load(s, k->m.id, &k->ms, err) < 0)
			return -1; /* those not loaded hold zeroed series and charts: released alike */
		chart_of(&k->m, &k->ms, &k->r);
	}
	return 0;
}

void
improve_measures_release(struct improve_measures *ml)
{
	for (size_t i = 0; i < ml->n; i++) {
		strvec_clear(&ml->v[i].m.elements);
		measure_series_release(&ml->v[i].ms);
		spc_release(&ml->v[i].r);
	}
	free(ml->v);
}

json_t *
improve_measures_json(const struct improve_measures *ml)
{
	json_t *a = json_array();
	for (size_t i = 0; i < ml->n; i++) {
		const struct measure *m = &ml->v[i].m;
		const struct spc_result *r = &ml->v[i].r;
		json_array_append_new(a, json_pack("{s:I, s:s, s:s, s:s, s:I, s:s?, s:s}", "id", (json_int_t)m->id,
						   "name", m->name, "category", m->category, "direction", m->direction,
						   "points", (json_int_t)ml->v[i].ms.n, "variation",
						   r->variation == VAR_NONE ? NULL : spc_variation_name(r->variation),
						   "assurance", spc_assurance_name(r->assurance)));
	}
	return a;
}

size_t
improve_measures_list(struct buf *b, struct request *req, const struct improve_measures *ml, const char *category)
{
	size_t n = 0;
	for (size_t i = 0; i < ml->n; i++) {
		const struct improve_measure *k = &ml->v[i];
		if (category && strcmp(k->m.category, category) != 0)
			continue;
		n++;
		html_printf(b, "<li class=\"measure\"><a href=\"/units/%s/measures/%lld\"><strong>%s</strong></a> ",
			    req->unit->code, (long long)k->m.id, k->m.name);
		icons(b, req, &k->r);
		svg_spc(b, req->lang, &k->r, (const char(*)[11])k->ms.period, k->m.has_target, k->m.target, k->m.name,
			true, NULL);
		buf_puts(b, "</li>\n");
	}
	return n;
}

static void
measure_form(struct buf *b, struct request *req)
{
	html_printf(
		b,
		_("<section class=\"panel\"><h2>Add a measure</h2><form method=\"post\" action=\"/units/%s/measures\" "
		  "class=\"stack\">"),
		req->unit->code);
	page_csrf_field(b, req);
	buf_puts(
		b,
		_("<label>Name <input name=\"name\" required maxlength=\"200\"></label>"
		  "<label>Definition: what is counted, how, from where <textarea name=\"definition\" rows=\"2\" "
		  "required></textarea></label>"
		  "<label>Quadruple aim <select name=\"category\">"));
	for (int i = 0; measure_categories[i]; i++)
		html_printf(b, "<option value=\"%s\">%s</option>", measure_categories[i],
			    _(measure_category_name(measure_categories[i])));
	buf_puts(
		b,
		_("</select></label><label>Better when <select name=\"direction\"><option value=\"up\">higher</option>"
		  "<option value=\"down\">lower</option><option value=\"neither\">neither</option></select></label>"
		  "<label>Unit of measure <input name=\"unit_label\" maxlength=\"40\" placeholder=\"%\"></label>"
		  "<label>Target (optional) <input name=\"target\" inputmode=\"decimal\"></label>"
		  "<label>Baseline: fix the limits from the first N points (12 or more; optional) <input "
		  "name=\"baseline\" inputmode=\"numeric\"></label>"
		  "<label>Grid elements it shows (e.g. 6.1, 6.3) <input name=\"elements\"></label>"
		  "<label>Actions it measures (numbers, e.g. 2, 5) <input name=\"actions\"></label>"
		  "<button type=\"submit\" class=\"primary\">Add measure</button></form></section>\n"));
}

static void
measures_html(struct request *req, struct response *res, const struct improve_measures *ml)
{
	struct buf *b = &res->body;
	improve_crumbs_begin(req, b, _("Measures"), _("Measures"), NULL);
	html_printf(b, _("<h1>Measures of %s</h1>\n"), req->unit->name);
	html_printf(b, _("<p><a href=\"/units/%s/measures/summary\">Measure summary</a>: every measure of %s and "
			 "the units below it in one table, with its icons and small charts.</p>\n"
			 "<ul class=\"measures\">\n"),
		    req->unit->code, req->unit->name);
	if (!improve_measures_list(b, req, ml, NULL))
		buf_puts(b, _("<li class=\"note\">No measures yet.</li>\n"));
	buf_puts(b, "</ul>\n");
	if (req->role >= ROLE_FACILITATOR)
		measure_form(b, req);
	page_end(b, req);
}

void
page_measures(struct request *req, struct response *res)
{
	struct improve_measures ml;
	struct error err;
	if (improve_measures_load(req, &ml, NULL, NULL, &err) < 0)
		respond_storage_error(req, res, &err);
	else if (wants_json(req))
		respond_json(res, MHD_HTTP_OK,
			     json_pack("{s:s, s:o}", "unit", req->unit->code, "measures", improve_measures_json(&ml)));
	else
		measures_html(req, res, &ml);
	improve_measures_release(&ml);
}

void
page_measures_create(struct request *req, struct response *res)
{
	struct measure_input in = {request_input(req, "name"),       request_input(req, "definition"),
				   request_input(req, "category"),   request_input(req, "direction"),
				   request_input(req, "unit_label"), page_number_input(req, "target"),
				   page_number_input(req, "baseline"),   request_input(req, "elements"),
				   request_input(req, "actions")};
	struct error err;
	int64_t id;
	const struct actor who = request_actor(req);
	if (measure_create(request_store(req), req->app->catalog, &who, req->unit, &in, &id, &err) < 0) {
		respond_failed(req, res, improve_unit_path(req, "/measures"), &err);
		return;
	}
	respond_done(req, res, MHD_HTTP_CREATED,
		     improve_unit_path(req, arena_printf(req->arena, "/measures/%lld", (long long)id)),
		     _("Measure added: now add its data points."),
		     json_pack("{s:b, s:I}", "ok", 1, "id", (json_int_t)id));
}

static json_t *
jnum(double v)
{
	return isnan(v) ? json_null() : json_real(v);
}

/* One measure in JSON: its definition, its limits' segments and every point with the rules it breaks. */
static void
measure_json(struct request *req, struct response *res, const struct measure *m, const struct measure_series *ms,
	     const struct spc_result *r, const struct spc_run *run, const struct measure_marks *mk)
{
	json_t *pts = json_array(), *segs = json_array();
	for (size_t i = 0; i < ms->n; i++) {
		json_t *rules = json_array();
		for (unsigned bit = SPC_OUTSIDE_LIMITS; bit <= SPC_SHIFT; bit <<= 1)
			if (r->points[i].rules & bit)
				json_array_append_new(rules, json_string(spc_rule_name((enum spc_rule)bit)));
		json_t *o = json_pack("{s:s, s:o, s:o, s:o, s:b}", "date", ms->period[i], "value",
				      jnum(ms->value[i]), "moving_range", jnum(r->points[i].moving_range),
				      "rules", rules, "rebase", ms->rebase[i]);
		json_object_set_new(o, "note", ms->note[i] ? json_string(ms->note[i]) : json_null());
		json_object_set_new(o, "point_type",
				    r->points[i].type == SPC_NO_VALUE
					    ? json_null()
					    : json_string(spc_point_type_name(r->points[i].type)));
		json_array_append_new(pts, o);
	}
	for (size_t k = 0; k < r->n_segments; k++)
		json_array_append_new(segs,
				      json_pack("{s:I, s:I, s:o, s:o, s:o, s:o}", "first",
						(json_int_t)r->segments[k].first + 1, "n",
						(json_int_t)r->segments[k].n, "mean", jnum(r->segments[k].mean),
						"amr", jnum(r->segments[k].amr), "lpl", jnum(r->segments[k].lpl),
						"upl", jnum(r->segments[k].upl)));
	json_t *doc = json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:o, s:o}", "id", (json_int_t)m->id, "name",
				m->name, "category", m->category, "direction", m->direction, "definition",
				m->definition, "target", m->has_target ? json_real(m->target) : json_null(),
				"segments", segs, "points", pts);
	json_object_set_new(doc, "variation",
			    r->variation == VAR_NONE ? json_null() : json_string(spc_variation_name(r->variation)));
	json_object_set_new(doc, "assurance", json_string(spc_assurance_name(r->assurance)));
	json_object_set_new(doc, "run_chart_signal", json_boolean(run->signal));
	json_object_set_new(doc, "baseline", json_integer(m->baseline >= 12 ? m->baseline : MEASURE_BASELINE_DEFAULT));
	json_t *notes = json_array();
	for (size_t i = 0; i < mk->n; i++)
		if (mk->v[i].kind == MARK_NOTE)
			json_array_append_new(notes,
					      json_pack("{s:s, s:s}", "period", mk->v[i].day, "text", mk->v[i].text));
	json_object_set_new(doc, "notes", notes);
	json_object_set_new(doc, "annotations", measure_marks_json(req, mk));
	respond_json(res, MHD_HTTP_OK, doc);
}

/* The run chart's reading in words, below the SPC chart. */
static void
run_note(struct buf *b, struct request *req, const struct spc_run *run)
{
	if (run->has_runs)
		html_printf(
			b,
			_("<p class=\"note\">Run chart: median %s; longest run %zu (signal above %zu); %zu crossings "
			  "(signal below %zu): %s.</p>\n"),
			page_figure(req, run->median), run->longest_run, run->longest_run_max, run->crossings,
			run->crossings_min, run->signal ? _("a signal of non-random variation") : _("no signal"));
	else
		html_printf(
			b,
			_("<p class=\"note\">Run chart: median %s; every value sits on the median, so there are no "
			  "runs or "
			  "crossings to read.</p>\n"),
			page_figure(req, run->median));
}

/* The data points, each with its point type and the rules it breaks. */
static void
points_table(struct buf *b, struct request *req, const struct measure_series *ms, const struct spc_result *r)
{
	buf_puts(
		b,
		_("<div class=\"scroll\" tabindex=\"0\"><table class=\"list\"><thead><tr><th>Period</th><th "
		  "class=\"num\">Value</th>"
		  "<th>Point</th><th>Rules</th></tr></thead><tbody>\n"));
	for (size_t i = 0; i < ms->n; i++) {
		html_printf(b, "<tr id=\"point-%zu\"><td>%s%s</td><td class=\"num\">%s</td><td>%s</td><td>", i + 1,
			    page_date_short(req, ms->period[i]), ms->rebase[i] ? _(" (new limits)") : "",
			    isnan(ms->value[i]) ? _("gap") : page_figure(req, ms->value[i]),
			    r->points[i].type == SPC_NO_VALUE ? "" : _(spc_point_type_words(r->points[i].type)));
		bool first = true;
		for (unsigned bit = SPC_OUTSIDE_LIMITS; bit <= SPC_SHIFT; bit <<= 1)
			if (r->points[i].rules & bit) {
				html_printf(b, "%s%s", first ? "" : "; ", _(spc_rule_words((enum spc_rule)bit)));
				first = false;
			}
		buf_puts(b, "</td></tr>\n");
	}
	buf_puts(b, "</tbody></table></div>\n");
}

/* A facilitator's forms to add a point, or many from CSV. */
static void
add_data_forms(struct buf *b, struct request *req, const struct measure *m)
{
	html_printf(
		b,
		_("<section class=\"panel\"><h2>Add data</h2><form method=\"post\" "
		  "action=\"/units/%s/measures/%lld/points\" class=\"row\">"),
		req->unit->code, (long long)m->id);
	page_csrf_field(b, req);
	buf_puts(
		b,
		_("<label>Period <input type=\"date\" name=\"period\" required></label><label>Value <input "
		  "name=\"value\" inputmode=\"decimal\"></label>"
		  "<label><input type=\"checkbox\" name=\"rebase\" value=\"1\"> new limits from here</label>"
		  "<label>Reason for new limits (needed with them) <input name=\"note\" maxlength=\"1000\"></label>"
		  "<button type=\"submit\" class=\"secondary\">Add point</button></form>"));
	html_printf(b, "<form method=\"post\" action=\"/units/%s/measures/%lld/points\" class=\"stack\">",
		    req->unit->code, (long long)m->id);
	page_csrf_field(b, req);
	buf_puts(
		b,
		_("<label for=\"paste\">Or paste two columns: the period and the number</label><p class=\"hint\" "
		  "id=\"paste-hint\">Copied from a spreadsheet or typed with commas or semicolons between the columns, "
		  "with or without a header row. A period is a day (2026-03-01 or 01/03/2026), a month (2026-03 or "
		  "Mar 2026) or a week (2026-W10); a number is written as on this page.</p>"));
	html_printf(b,
		    "<textarea id=\"paste\" name=\"csv\" rows=\"6\" aria-describedby=\"paste-hint\">%s</textarea>",
		    form_value(req, "csv", NULL));
	buf_puts(b, _("<button type=\"submit\" class=\"secondary\">Import points</button></form></section>\n"));
}

static void
measure_html(struct request *req, struct response *res, const struct measure *m, const struct measure_series *ms,
	     const struct spc_result *r, const struct spc_run *run, const struct measure_marks *mk)
{
	struct buf *b = &res->body;
	improve_crumbs_begin(req, b, m->name, _("Measures"), improve_unit_path(req, "/measures"));
	html_printf(b, _("<h1>%s</h1>\n<p class=\"lead\">%s · better when %s%s%s</p>\n<p>%s</p>\n"), m->name,
		    _(measure_category_name(m->category)),
		    strcmp(m->direction, "up") == 0     ? _("higher")
		    : strcmp(m->direction, "down") == 0 ? _("lower")
							: _("(no direction)"),
		    m->unit_label[0] ? _(" · in ") : "", m->unit_label, m->definition);
	buf_puts(b, "<p>");
	icons(b, req, r);
	buf_puts(b, "</p>\n");
	if (r->n_values < 13)
		html_printf(
			b,
			_("<p class=\"flash\">Only %zu points: the limits are not yet reliable (13 or more are "
			  "needed). The run "
			  "chart below suits a short series.</p>\n"),
			r->n_values);
	buf_puts(
		b,
		_("<p class=\"scroll-cue narrow\">Scroll sideways to see the whole chart →</p>\n<div "
		  "class=\"chart-box\" tabindex=\"0\" "
		  "role=\"region\" aria-label=\"The chart\">"));
	svg_spc(b, req->lang, r, (const char(*)[11])ms->period, m->has_target, m->target, m->name, false, mk);
	buf_puts(
		b,
		_("</div>\n<p class=\"legend\"><span class=\"cc\">grey: common cause</span> <span class=\"imp\">blue: "
		  "improvement</span> <span class=\"con\">orange: concern</span> <span class=\"neu\">purple: "
		  "neither</span> · dashed: "
		  "process limits · red dashes: target · choose a point for its details in the table below</p>\n"));
	measure_legend(b, req, m, mk);
	run_note(b, req, run);
	points_table(b, req, ms, r);
	if (req->role >= ROLE_FACILITATOR) {
		add_data_forms(b, req, m);
		measure_note_form(b, req, m);
	}
	page_end(b, req);
}

void
page_measure(struct request *req, struct response *res)
{
	struct measure *m = req->measure;
	struct measure_series ms;
	struct error err;
	if (measure_series_load(request_store(req), m->id, &ms, &err) < 0) {
		respond_storage_error(req, res, &err);
		return;
	}
	struct measure_marks mk;
	char day[11];
	today(day);
	if (measure_marks_load(request_store(req), m, &ms, day, &mk, &err) < 0) {
		respond_storage_error(req, res, &err);
		measure_series_release(&ms);
		return;
	}
	struct spc_result r;
	chart_of(m, &ms, &r);
	struct spc_run run = spc_run_chart(ms.value, ms.n);
	if (wants_json(req))
		measure_json(req, res, m, &ms, &r, &run, &mk);
	else
		measure_html(req, res, m, &ms, &r, &run, &mk);
	spc_release(&r);
	measure_marks_release(&mk);
	measure_series_release(&ms);
}

void
page_measure_points(struct request *req, struct response *res)
{
	struct measure *m = req->measure;
	struct error err = {.kind = ERROR_INVALID};
	const struct actor who = request_actor(req);
	const char *href = improve_unit_path(req, arena_printf(req->arena, "/measures/%lld", (long long)m->id));
	const char *csv = request_input(req, "csv");
	size_t len = csv ? strlen(csv) : 0;
	if (!csv && req->body && req->content_type && strncmp(req->content_type, "text/csv", 8) == 0) {
		csv = req->body;
		len = req->body_len;
	}
	if (csv) {
		struct strvec problems = STRVEC_INIT;
		/* A pasted box is read as its reader writes numbers; a text/csv body (the API) in the machine form. */
		const struct lang *numbers = req->json || csv == req->body ? NULL : req->lang;
		int n = measure_import_csv(request_store(req), &who, m, csv, len, numbers, "upload", &problems, &err);
		if (n < 0 && problems.n) {
			page_import_refused(req, res, &problems, NULL, href, "");
		} else if (n < 0) {
			respond_failed(req, res, href, &err);
		} else {
			respond_done(req, res, MHD_HTTP_CREATED, href,
				     arena_printf(req->arena,
						  trn(req->lang, "Imported %d point.", "Imported %d points.",
						      (unsigned long)n),
						  n),
				     NULL);
		}
		strvec_clear(&problems);
	} else {
		const char *rebase = request_input(req, "rebase");
		if (measure_point_put(request_store(req), &who, m, request_input(req, "period"),
				      page_number_input(req, "value"),
				      rebase && (strcmp(rebase, "1") == 0 || strcmp(rebase, "true") == 0),
				      request_input(req, "note"), &err) < 0)
			respond_failed(req, res, href, &err);
		else
			respond_done(req, res, MHD_HTTP_CREATED, href, _("Point added."), NULL);
	}
}
