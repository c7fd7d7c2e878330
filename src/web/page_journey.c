/*
 * page_journey.c - the journey over time and across a region. GET /units/{code}/journey: a team's rounds
 * on an instrument, what moved since the last round and since the first, with intervals; GET
 * /units/{code}/region: the units below as rows and the elements as columns, with spread and bright spots,
 * filters, sorting and a download of what is shown. Both also as JSON under /api/.
 */
#include <microhttpd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/catalog.h"
#include "domain/crosswalk.h"
#include "domain/improve.h"
#include "domain/export.h"
#include "domain/journey.h"
#include "domain/region.h"
#include "lib/csv.h"
#include "lib/sort.h"
#include "web/app.h"
#include "web/handlers.h"
#include "web/page.h"
#include "web/svg.h"

static json_t *
jnum(double v)
{
	return isnan(v) ? json_null() : json_real(v);
}

static const char *
instrument_arg(struct request *req)
{
	const char *id = request_arg(req, "instrument");
	return id && *id ? id : "pch-development-grid";
}

/* A small line of an element's means over the rounds. */
static void
sparkline(struct buf *b, const struct request *req, const struct journey *j, const char *code, bool domain)
{
	const int w = 90, h = 22;
	const struct instrument *ins = j->ins;
	double lo = (double)ins->levels[0].value, hi = (double)ins->levels[ins->n_levels - 1].value;
	html_printf(b, _("<svg class=\"spark\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" aria-hidden=\"true\">"
		       "<polyline fill=\"none\" stroke=\"#1a4f8a\" stroke-width=\"1.5\" points=\""), w, h, w, h);
	for (size_t i = 0; i < j->n; i++) {
		double m = NAN;
		if (domain) {
			const struct domain_result *d = journey_domain(j, i, code);
			m = d ? d->mean : NAN;
		} else {
			const struct item_result *it = journey_item(j, i, code);
			m = it ? it->st.mean : NAN;
		}
		if (isnan(m))
			continue;
		double x = j->n > 1 ? 4 + (double)i * (w - 8) / (double)(j->n - 1) : w / 2.0;
		double y = h - 3 - (m - lo) / (hi - lo) * (h - 6);
		buf_printf(b, "%.1f,%.1f ", x, y);
	}
	buf_puts(b, "\"/></svg>");
}

static void
change_cell(struct buf *b, struct request *req, const struct difference *d)
{
	const char *verdict = journey_verdict(d);
	if (isnan(d->diff)) {
		buf_puts(b, "<td class=\"num\">–</td>");
		return;
	}
	html_printf(b, "<td class=\"num change %s\" title=\"%s\">%s%s <span class=\"note\">(%s)</span>%s</td>", verdict,
		    arena_printf(req->arena, _("95%% interval %s to %s"), page_num(req, d->lo, 2),
				 page_num(req, d->hi, 2)),
		    d->diff > 0 ? "+" : "", page_num(req, d->diff, 2),
		    arena_printf(req->arena, "%s – %s", page_num(req, d->lo, 1), page_num(req, d->hi, 1)),
		    strcmp(verdict, "up") == 0     ? " ▲"
		    : strcmp(verdict, "down") == 0 ? " ▼"
						   : "");
}

static json_t *
jdiff(const struct difference *d)
{
	json_t *o = json_object();
	json_object_set_new(o, "diff", jnum(d->diff));
	json_object_set_new(o, "lo", jnum(d->lo));
	json_object_set_new(o, "hi", jnum(d->hi));
	json_object_set_new(o, "verdict", json_string(journey_verdict(d)));
	return o;
}

/* The unit's actions, kept for the journey's "actions" column: the elements each serves. */
struct action_refs {
	struct strvec elements; /* "instrument code|status|title" per served element */
};

static int
keep_action(void *ctx, const struct action *a)
{
	struct action_refs *r = ctx;
	for (size_t i = 0; i < a->elements.n; i++)
		strvec_pushf(&r->elements, "%s|%s|%s", a->elements.v[i], a->status, a->title);
	return 0;
}

/* How many of the unit's actions serve INSTRUMENT/CODE, directly or through the crosswalk. */
static size_t
actions_serving(const struct action_refs *r, const char *instrument, const char *code)
{
	size_t n = 0;
	for (size_t i = 0; i < r->elements.n; i++) {
		char id[100], c[64];
		if (sscanf(r->elements.v[i], "%99s %63[^|]", id, c) == 2 && crosswalk_linked(id, c, instrument, code))
			n++;
	}
	return n;
}

/* The rounds with too few answers to show (results.h): named with their counts only. */
static void
write_withheld(struct buf *b, struct request *req, const struct journey *j)
{
	for (size_t i = 0; i < j->n_withheld; i++) {
		html_printf(
			b,
			_("<p class=\"note withheld\">Not shown: <a href=\"/units/%s/rounds/%lld\">%s</a> — %s</p>\n"),
			req->unit->code, (long long)j->withheld[i].round.id, j->withheld[i].round.title,
			page_withheld(req, &j->withheld[i]));
	}
}

static json_t *
withheld_json(const struct journey *j)
{
	json_t *list = json_array();
	for (size_t i = 0; i < j->n_withheld; i++)
		json_array_append_new(list, json_pack("{s:I, s:s, s:I, s:I}", "id", (json_int_t)j->withheld[i].round.id,
						      "title", j->withheld[i].round.title, "respondents",
						      (json_int_t)j->withheld[i].respondents, "results_from",
						      (json_int_t)j->withheld[i].min_group));
	return list;
}

/* A unit's journey on one instrument, loaded before anything is written: the rounds' results and the unit's
 * actions, for the "actions" column. */
struct journey_view {
	const char *id; /* the instrument */
	struct journey j;
	struct action_refs refs;
};

/* Fills V for the instrument the address names; false when the reply (404 or 503) was written. */
static bool
journey_load(struct request *req, struct response *res, struct journey_view *v)
{
	*v = (struct journey_view){.id = instrument_arg(req), .refs = {STRVEC_INIT}};
	if (!catalog_find(req->app->catalog, v->id, 0)) {
		respond_error(req, res, MHD_HTTP_NOT_FOUND, _("There is no instrument with this id."));
		return false;
	}
	struct error err;
	if (journey_compute(request_store(req), req->app->catalog, req->unit, v->id, &v->j, &err) < 0) {
		respond_storage_error(req, res, &err);
		return false;
	}
	v->j.ins =
		page_ins(req, v->j.ins); /* the elements' words in the reader's language; codes and results unchanged */
	struct error aerr; /* without the actions, the column is empty: the journey still shows */
	actions_each(request_store(req), req->unit->id, keep_action, &v->refs, &aerr);
	return true;
}

static void
journey_view_release(struct journey_view *v)
{
	journey_release(&v->j);
	strvec_clear(&v->refs.elements);
}

/* The change from round FROM to round TO of a domain (DOMAIN) or an element: none without two rounds. */
static struct difference
change_of(const struct journey *j, const char *code, bool domain, size_t from, size_t to)
{
	if (j->n < 2)
		return (struct difference){NAN, NAN, NAN, NAN};
	return domain ? journey_domain_change(j, code, from, to) : journey_item_change(j, code, from, to);
}

static void
journey_head(struct buf *b, struct request *req, const struct journey *j)
{
	size_t last = j->n - 1;
	html_printf(
		b,
		_("<p class=\"lead\">%s: %zu rounds, from %s to %s.</p>\n<p class=\"note\">A change is marked ▲ or ▼ "
		  "only "
		  "when its 95%% interval (Welch's t) lies wholly above or below zero: a move of one rater is not "
		  "progress.</p>\n"),
		j->ins->title, j->n, page_date(req, j->rounds[0].round.closes_on),
		page_date(req, j->rounds[last].round.closes_on));
	buf_puts(
		b,
		_("<p class=\"scroll-cue\">Scroll sideways to see every round →</p>\n<div class=\"scroll\" "
		  "tabindex=\"0\" "
		  "role=\"region\" aria-label=\"The journey, element by element\"><table class=\"list journey "
		  "sticky-first\"><thead>"
		  "<tr><th>Element</th>"));
	for (size_t i = 0; i < j->n; i++)
		html_printf(
			b,
			_("<th class=\"num\"><a href=\"/units/%s/rounds/%lld/results\">%s</a><br><span "
			  "class=\"note\">%s people</span></th>"),
			req->unit->code, (long long)j->rounds[i].round.id,
			page_date_short(req, j->rounds[i].round.closes_on),
			page_count(req, (long long)j->rounds[i].respondents));
	buf_puts(
		b,
		_("<th>Over time</th><th class=\"num\">Since last</th><th class=\"num\">Since "
		  "first</th><th>Actions</th></tr></thead><tbody>\n"));
}

/* The sparkline and the two changes (since the last round, since the first) of a domain or an element. */
static void
journey_trend_cells(struct buf *b, struct request *req, const struct journey *j, const char *code, bool domain)
{
	size_t last = j->n - 1;
	buf_puts(b, "<td>");
	sparkline(b, req, j, code, domain);
	buf_puts(b, "</td>");
	struct difference since_last = change_of(j, code, domain, last - 1, last),
			  since_first = change_of(j, code, domain, 0, last);
	change_cell(b, req, &since_last);
	change_cell(b, req, &since_first);
}

static void
journey_item_row(struct buf *b, struct request *req, const struct journey_view *v, const struct item *item)
{
	const struct journey *j = &v->j;
	const char *ic = item->code;
	html_printf(b, "<tr><td><strong>%s</strong> <span class=\"note\">%s</span></td>", ic,
		    page_short_words(req->arena, page_item_words(item), 45));
	for (size_t i = 0; i < j->n; i++) {
		const struct item_result *it = journey_item(j, i, ic);
		const char *fill, *ink;
		double lo = (double)j->ins->levels[0].value, hi = (double)j->ins->levels[j->ins->n_levels - 1].value;
		svg_level_colour(it ? (it->st.mean - lo) / (hi - lo) : NAN, &fill, &ink);
		html_printf(b, "<td class=\"num cell\" data-fill=\"%s\">%s</td>", fill,
			    page_num(req, it ? it->st.mean : NAN, 1));
	}
	journey_trend_cells(b, req, j, ic, false);
	size_t acts = actions_serving(&v->refs, j->ins->id, ic);
	if (acts)
		html_printf(b, "<td><a href=\"/units/%s/elements/%s/%s\">%s</a></td></tr>\n", req->unit->code,
			    j->ins->id, ic,
			    arena_printf(req->arena, trn(req->lang, "%s action", "%s actions", acts),
					 page_count(req, (long long)acts)));
	else
		buf_puts(b, "<td></td></tr>\n");
}

/* The journey's table: a row per domain, then a row per element of it, a column per round. */
static void
write_journey(struct buf *b, struct request *req, const struct journey_view *v)
{
	const struct journey *j = &v->j;
	journey_head(b, req, j);
	for (size_t d = 0; d < j->ins->n_domains; d++) {
		const struct domain *dom = &j->ins->domains[d];
		html_printf(b, "<tr class=\"domain-row\"><th scope=\"row\">%s %s</th>", dom->code, dom->title);
		for (size_t i = 0; i < j->n; i++) {
			const struct domain_result *dr = journey_domain(j, i, dom->code);
			html_printf(b, "<td class=\"num\"><strong>%s</strong></td>",
				    page_num(req, dr ? dr->mean : NAN, 2));
		}
		journey_trend_cells(b, req, j, dom->code, true);
		buf_puts(b, "<td></td></tr>\n");
		for (size_t k = 0; k < dom->n_items; k++)
			journey_item_row(b, req, v, &dom->items[k]);
	}
	buf_puts(b, "</tbody></table></div>\n");
}

/* A domain's means round by round and its changes, and the same for each of its elements (into ITEMS). */
static json_t *
journey_domain_json(const struct journey *j, const struct domain *dom, json_t *items)
{
	size_t last = j->n - 1;
	json_t *means = json_array();
	for (size_t i = 0; i < j->n; i++) {
		const struct domain_result *dr = journey_domain(j, i, dom->code);
		json_array_append_new(means, jnum(dr ? dr->mean : NAN));
	}
	struct difference dl = change_of(j, dom->code, true, last - 1, last),
			  df = journey_domain_change(j, dom->code, 0, last);
	for (size_t k = 0; k < dom->n_items; k++) {
		const char *ic = dom->items[k].code;
		json_t *im = json_array();
		for (size_t i = 0; i < j->n; i++) {
			const struct item_result *it = journey_item(j, i, ic);
			json_array_append_new(im, jnum(it ? it->st.mean : NAN));
		}
		struct difference il = change_of(j, ic, false, last - 1, last),
				  ifr = journey_item_change(j, ic, 0, last);
		json_array_append_new(items,
				      json_pack("{s:s, s:s, s:o, s:o, s:o}", "code", ic, "domain", dom->code, "means",
						im, "since_last", jdiff(&il), "since_first", jdiff(&ifr)));
	}
	return json_pack("{s:s, s:o, s:o, s:o}", "code", dom->code, "means", means, "since_last", jdiff(&dl),
			 "since_first", jdiff(&df));
}

static void
journey_json(struct request *req, struct response *res, const struct journey_view *v)
{
	const struct journey *j = &v->j;
	json_t *rounds = json_array(), *items = json_array(), *domains = json_array();
	for (size_t i = 0; i < j->n; i++)
		json_array_append_new(rounds,
				      json_pack("{s:I, s:s, s:s, s:s, s:I}", "id", (json_int_t)j->rounds[i].round.id,
						"title", j->rounds[i].round.title, "opens_on",
						j->rounds[i].round.opens_on, "closes_on", j->rounds[i].round.closes_on,
						"respondents", (json_int_t)j->rounds[i].respondents));
	for (size_t d = 0; j->n && d < j->ins->n_domains; d++)
		json_array_append_new(domains, journey_domain_json(j, &j->ins->domains[d], items));
	respond_json(res, MHD_HTTP_OK,
		     json_pack("{s:s, s:s, s:o, s:o, s:o, s:o}", "unit", req->unit->code, "instrument", v->id, "rounds",
			       rounds, "withheld_rounds", withheld_json(j), "domains", domains, "items", items));
}

static void
journey_html(struct request *req, struct response *res, const struct journey_view *v)
{
	struct buf *b = &res->body;
	const struct crumb crumbs[] = {{_("Units"), "/units"},
				       {req->unit->name, arena_printf(req->arena, "/units/%s", req->unit->code)},
				       {_("Journey"), NULL},
				       {NULL, NULL}};
	page_begin(b, req, arena_printf(req->arena, _("Journey: %s"), req->unit->name), crumbs);
	html_printf(b, _("<h1>The journey of %s</h1>\n"), req->unit->name);
	if (!v->j.n) {
		buf_puts(b, _("<p class=\"lead\">No round on this instrument has results to show yet.</p>\n"));
		write_withheld(b, req, &v->j);
		page_end(b, req);
		return;
	}
	write_journey(b, req, v);
	write_withheld(b, req, &v->j);
	html_printf(b, _("<p><a href=\"/units/%s/journey/report?instrument=%s\">Printable report of the journey</a> · "
		       "<a href=\"/api/units/%s/journey?instrument=%s\">JSON</a></p>\n"),
		    req->unit->code, v->id, req->unit->code, v->id);
	page_end(b, req);
}

void
page_journey(struct request *req, struct response *res)
{
	struct journey_view v;
	if (!journey_load(req, res, &v))
		return;
	if (wants_json(req))
		journey_json(req, res, &v);
	else
		journey_html(req, res, &v);
	journey_view_release(&v);
}

/* ---- the regional grid ---- */

struct sort_ctx {
	const struct region_view *v;
	long col; /* -1: name; 0..n_items-1: element; n_items..: domain */
	bool desc;
};

static _Thread_local struct sort_ctx sorting; /* qsort has no context argument: one per server thread */

static double
sort_key(const struct region_row *r)
{
	size_t I = sorting.v->ins->n_items;
	return sorting.col < (long)I ? r->item_mean[sorting.col] : r->domain_mean[sorting.col - (long)I];
}

static int
row_order(const void *a, const void *b)
{
	const struct region_row *x = a, *y = b;
	if (sorting.col < 0)
		return sorting.desc ? strcmp(y->label, x->label) : strcmp(x->label, y->label);
	double p = sort_key(x), q = sort_key(y);
	if (isnan(p) != isnan(q))
		return isnan(p) ? 1 : -1;
	if (p == q)
		return strcmp(x->label, y->label);
	return (p < q) != sorting.desc ? -1 : 1;
}

/* A row's name on the page: an anonymised unit described in the reader's language (CSV and JSON keep the
 * English description, as they keep codes). */
static const char *
row_label(struct request *req, const struct region_row *r)
{
	if (!r->anonymised)
		return r->label;
	const char *type = _(r->type_name);
	return r->thousands >= 0 ? arena_printf(req->arena, _("a %s of %ldk patients"), type, r->thousands)
				 : arena_printf(req->arena, _("a %s"), type);
}

static void
region_csv(struct buf *b, const struct region_view *v)
{
	const struct instrument *ins = v->ins;
	buf_puts(b, "unit,label,type,round,round_closes_on,respondents");
	for (size_t d = 0; d < ins->n_domains; d++)
		for (size_t k = 0; k < ins->domains[d].n_items; k++)
			buf_printf(b, ",%s", ins->domains[d].items[k].code);
	for (size_t d = 0; d < ins->n_domains; d++)
		buf_printf(b, ",domain_%s", ins->domains[d].code);
	buf_putc(b, '\n');
	for (size_t i = 0; i < v->n_rows; i++) {
		const struct region_row *r = &v->rows[i];
		csv_write_field(b, r->anonymised ? "" : r->unit->code);
		buf_putc(b, ',');
		csv_write_field(b, r->label);
		buf_printf(b, ",%s,%lld,%s,%ld", r->unit->type, (long long)(r->anonymised ? 0 : r->round_id),
			   r->round_date, r->respondents);
		for (size_t k = 0; k < ins->n_items; k++)
			isnan(r->item_mean[k]) ? buf_putc(b, ',') : buf_printf(b, ",%.4f", r->item_mean[k]);
		for (size_t d = 0; d < ins->n_domains; d++)
			isnan(r->domain_mean[d]) ? buf_putc(b, ',') : buf_printf(b, ",%.4f", r->domain_mean[d]);
		buf_putc(b, '\n');
	}
}

/* The column to sort by: "name" (or none), an element code, or "domain_CODE"; -1 for the unit's name. */
static long
sort_column(const struct instrument *ins, const char *sort)
{
	long col = -1;
	if (!sort || strcmp(sort, "name") == 0)
		return col;
	size_t k = 0;
	for (size_t d = 0; d < ins->n_domains; d++) {
		for (size_t j = 0; j < ins->domains[d].n_items; j++, k++)
			if (strcmp(ins->domains[d].items[j].code, sort) == 0)
				col = (long)k;
		if (strncmp(sort, "domain_", 7) == 0 && strcmp(sort + 7, ins->domains[d].code) == 0)
			col = (long)(ins->n_items + d);
	}
	return col;
}

static void
region_json(struct request *req, struct response *res, const struct region_view *v, const struct instrument *ins,
	    const struct unit **bright_units)
{
	json_t *rows = json_array(), *elements = json_array();
	for (size_t i = 0; i < v->n_rows; i++) {
		const struct region_row *r = &v->rows[i];
		json_t *means = json_object(), *dmeans = json_object();
		size_t k = 0;
		for (size_t d = 0; d < ins->n_domains; d++) {
			for (size_t j = 0; j < ins->domains[d].n_items; j++, k++)
				json_object_set_new(means, ins->domains[d].items[j].code, jnum(r->item_mean[k]));
			json_object_set_new(dmeans, ins->domains[d].code, jnum(r->domain_mean[d]));
		}
		json_array_append_new(rows,
				      json_pack("{s:s?, s:s, s:b, s:s, s:s, s:I, s:b, s:o, s:o}", "unit",
						r->anonymised ? NULL : r->unit->code, "label", r->label, "anonymised",
						r->anonymised, "type", r->unit->type, "round_closes_on", r->round_date,
						"respondents", (json_int_t)r->respondents, "withheld", r->withheld,
						"means", means, "domains", dmeans));
	}
	size_t k = 0;
	for (size_t d = 0; d < ins->n_domains; d++)
		for (size_t j = 0; j < ins->domains[d].n_items; j++, k++) {
			json_t *bright = json_array();
			for (int b = 0; b < REGION_BRIGHT_SPOTS; b++) {
				const struct unit *u = bright_units[k * REGION_BRIGHT_SPOTS + b];
				for (size_t i = 0; u && i < v->n_rows; i++)
					if (v->rows[i].unit == u)
						json_array_append_new(bright, json_string(v->rows[i].label));
			}
			json_array_append_new(elements, json_pack("{s:s, s:o, s:o, s:o, s:o}", "code",
								  ins->domains[d].items[j].code, "min",
								  jnum(v->spread_min[k]), "max", jnum(v->spread_max[k]),
								  "sd", jnum(v->spread_sd[k]), "bright_spots", bright));
		}
	respond_json(res, MHD_HTTP_OK,
		     json_pack("{s:s, s:s, s:I, s:o, s:o}", "scope", req->unit->code, "instrument", ins->id,
			       "results_from", (json_int_t)v->min_respondents, "units", rows, "elements", elements));
}

/* The page's top: what it shows, and the filters (a GET form, so the address can be shared). */
static void
region_head(struct buf *b, struct request *req, const struct region_view *v, const struct instrument *ins,
	    const struct region_query *q)
{
	const struct crumb crumbs[] = {{_("Units"), "/units"},
				       {req->unit->name, arena_printf(req->arena, "/units/%s", req->unit->code)},
				       {_("Regional grid"), NULL},
				       {NULL, NULL}};
	page_begin(b, req, arena_printf(req->arena, _("Regional grid: %s"), req->unit->name), crumbs);
	html_printf(
		b,
		_("<h1>%s: the units within</h1>\n<p class=\"lead\">%s, each unit's latest closed round (an open round "
		  "shows once it has closed). Click a heading to sort.</p>\n"),
		req->unit->name, ins->title);
	/* Filters: a GET form, so the address can be shared. */
	html_printf(b, _("<form method=\"get\" class=\"row\"><input type=\"hidden\" name=\"instrument\" value=\"%s\">"
		       "<label>Unit type <select name=\"type\"><option value=\"\">all with a round</option>"), ins->id);
	for (size_t t = 0; t < req->tree->n_types; t++)
		html_printf(b, "<option value=\"%s\"%R>%s</option>", req->tree->types[t].code,
			    q->type && strcmp(q->type, req->tree->types[t].code) == 0 ? " selected" : "",
			    _(req->tree->types[t].name));
	html_printf(
		b,
		_("</select></label><label><input type=\"checkbox\" name=\"peers\" value=\"1\"%R> include units "
		  "elsewhere in "
		  "the region that share their results</label><button type=\"submit\" "
		  "class=\"secondary\">Show</button></form>\n"),
		q->peers ? " checked" : "");
	if (q->peers)
		buf_puts(
			b,
			_("<p class=\"note\">Units outside your part of the tree are shown only when their admins "
			  "chose to share, "
			  "and then without their names: comparison is for learning, not for policing.</p>\n"));
	for (size_t i = 0; i < v->n_rows; i++)
		if (v->rows[i].withheld) {
			html_printf(
				b,
				_("<p class=\"note\">A unit whose round has fewer than %d answers shows its count "
				  "only: "
				  "results show from %d, so that nobody's answers can be picked out.</p>\n"),
				v->min_respondents, v->min_respondents);
			break;
		}
}

/* The day last shown in the reader's words: most rows of a region share a few closing days. */
struct region_dates {
	char iso[11];
	const char *shown;
};

/* A mean's cell: its digits with the reader's decimal point (digits only: nothing to escape), or a dash. */
static void
put_mean(struct buf *b, const struct request *req, double m, int decimals)
{
	if (isnan(m)) {
		buf_puts(b, "–");
		return;
	}
	char digits[FIXED_MAX];
	size_t n = format_fixed(digits, m, decimals);
	char point = lang_decimal_point(req->lang);
	for (size_t i = 0; point != '.' && i < n; i++)
		if (digits[i] == '.')
			digits[i] = point;
	buf_add(b, digits, n);
}

/* One unit's row of the grid: written piece by piece, as 2,000 rows of 34 numbers are most of a region's page. */
static void
region_table_row(struct buf *b, struct request *req, const struct region_row *r, const struct instrument *ins,
		 double lo, double hi, struct region_dates *dates)
{
	if (r->anonymised)
		html_printf(b, "<tr><th scope=\"row\"><em>%s</em></th>", row_label(req, r));
	else
		html_printf(b, "<tr><th scope=\"row\"><a href=\"/units/%s\">%s</a></th>", r->unit->code, r->label);
	if (r->round_id && (!dates->shown || strcmp(dates->iso, r->round_date) != 0)) {
		memcpy(dates->iso, r->round_date, sizeof dates->iso);
		dates->shown = page_date(req, r->round_date);
	}
	html_printf(b, "<td>%s <span class=\"note\">(%s)</span></td>", r->round_id ? dates->shown : _("none"),
		    page_count(req, (long long)r->respondents));
	for (size_t k = 0; k < ins->n_items; k++) {
		double m = r->item_mean[k];
		int heat = isnan(m) ? -1 : (int)((m - lo) / (hi - lo) * 5 + 0.5);
		buf_puts(b, "<td class=\"num heat h");
		if (heat < 0)
			buf_putc(b, '-'), heat = -heat;
		if (heat > 9)
			buf_putc(b, (char)('0' + heat / 10 % 10));
		buf_putc(b, (char)('0' + heat % 10));
		buf_puts(b, "\">");
		put_mean(b, req, m, 1);
		buf_puts(b, "</td>");
	}
	for (size_t d = 0; d < ins->n_domains; d++) {
		buf_puts(b, "<td class=\"num\"><strong>");
		put_mean(b, req, r->domain_mean[d], 2);
		buf_puts(b, "</strong></td>");
	}
	buf_puts(b, "</tr>\n");
}

/* The grid: a row per unit, a column per element and per domain, sortable by its headings. */
static void
region_table(struct buf *b, struct request *req, const struct region_view *v, const struct instrument *ins,
	     const char *base)
{
	buf_puts(
		b,
		_("<p class=\"scroll-cue\">Scroll sideways to see every element →</p>\n<div class=\"scroll\" "
		  "tabindex=\"0\" "
		  "role=\"region\" aria-label=\"The regional grid\"><table class=\"list region "
		  "sticky-first\"><thead><tr>"));
	html_printf(b, _("<th><a href=\"%s&sort=name%s\">Unit</a></th><th>Round</th>"), base,
		    sorting.col < 0 && !sorting.desc ? "&dir=desc" : "");
	for (size_t d = 0; d < ins->n_domains; d++)
		for (size_t j = 0; j < ins->domains[d].n_items; j++)
			html_printf(b, "<th class=\"num\"><a href=\"%s&sort=%s&dir=desc\">%s</a></th>", base,
				    ins->domains[d].items[j].code, ins->domains[d].items[j].code);
	for (size_t d = 0; d < ins->n_domains; d++)
		html_printf(b, "<th class=\"num\"><a href=\"%s&sort=domain_%s&dir=desc\">%s</a></th>", base,
			    ins->domains[d].code, ins->domains[d].title);
	buf_puts(b, "</tr></thead><tbody>\n");
	double lo = (double)ins->levels[0].value, hi = (double)ins->levels[ins->n_levels - 1].value;
	struct region_dates dates = {0};
	for (size_t i = 0; i < v->n_rows; i++)
		region_table_row(b, req, &v->rows[i], ins, lo, hi, &dates);
	if (!v->n_rows)
		html_printf(b,
			    _("<tr><td colspan=\"%zu\">No unit here has a round on this instrument yet.</td></tr>\n"),
			    ins->n_items + ins->n_domains + 2);
	buf_puts(b, _("</tbody><tfoot><tr><th>Spread (lowest–highest)</th><td></td>"));
	for (size_t k = 0; k < ins->n_items; k++)
		html_printf(b, "<td class=\"num note\">%s–%s</td>", page_num(req, v->spread_min[k], 1),
			    page_num(req, v->spread_max[k], 1));
	html_printf(b, "<td colspan=\"%zu\"></td></tr></tfoot></table></div>\n", ins->n_domains);
}

/* For each element, the unit that does best at it. */
static void
region_bright_spots(struct buf *b, struct request *req, const struct region_view *v, const struct instrument *ins,
		    const struct unit **bright_units)
{
	buf_puts(b, _("<h2>Bright spots: go and see, learn from others</h2>\n<ul class=\"plain\">\n"));
	size_t k = 0, shown = 0;
	for (size_t d = 0; d < ins->n_domains; d++)
		for (size_t j = 0; j < ins->domains[d].n_items; j++, k++) {
			const struct unit *u = bright_units[k * REGION_BRIGHT_SPOTS];
			if (!u)
				continue;
			const char *label = NULL;
			double m = NAN;
			for (size_t i = 0; i < v->n_rows; i++)
				if (v->rows[i].unit == u)
					label = row_label(req, &v->rows[i]), m = v->rows[i].item_mean[k];
			const char *title = ins->domains[d].items[j].title;
			shown++;
			html_printf(b, "<li><strong>%s%s%s</strong>: %s (%s)</li>\n", ins->domains[d].items[j].code,
				    title ? " " : "", title ? title : "", label ? label : "?", page_num(req, m, 1));
		}
	buf_puts(b, "</ul>\n");
	if (!shown)
		buf_puts(b, _("<p class=\"note\">None yet: no other unit here has results to learn from.</p>\n"));
}

void
page_region(struct request *req, struct response *res)
{
	const char *type = request_arg(req, "type"), *sort = request_arg(req, "sort"), *dir = request_arg(req, "dir");
	const char *peers = request_arg(req, "peers"), *format = request_arg(req, "format");
	struct region_query q = {instrument_arg(req), type && *type ? type : NULL, peers && strcmp(peers, "1") == 0};
	struct region_view v;
	struct error err;
	if (!catalog_find(req->app->catalog, q.instrument_id, 0)) {
		respond_error(req, res, MHD_HTTP_NOT_FOUND, _("There is no instrument with this id."));
		return;
	}
	const struct region_latest *latest =
		region_cache_get(req->app->regions, request_store(req), req->app->catalog, q.instrument_id, &err);
	/* What is read is the same for every viewer; which rows this one may see is decided here, every time. */
	int rc = latest ? region_compute(request_store(req), req->tree, &req->grants, req->unit, &q, latest, &v, &err)
			: -1;
	region_cache_release(req->app->regions, latest);
	if (rc < 0) {
		respond_storage_error(req, res, &err);
		return;
	}
	const struct instrument *ins = page_ins(req, v.ins);
	sorting = (struct sort_ctx){&v, sort_column(ins, sort), dir && strcmp(dir, "desc") == 0};
	/* Bright spots are row indexes: remember them by unit before sorting moves the rows. */
	const struct unit **bright_units =
		arena_alloc(req->arena, (ins->n_items * REGION_BRIGHT_SPOTS + 1) * sizeof *bright_units);
	for (size_t k = 0; k < ins->n_items; k++)
		for (int b = 0; b < REGION_BRIGHT_SPOTS; b++)
			bright_units[k * REGION_BRIGHT_SPOTS + b] =
				v.bright[k][b] == SIZE_MAX ? NULL : v.rows[v.bright[k][b]].unit;
	sort_array(v.rows, v.n_rows, sizeof *v.rows, row_order);

	if (format && strcmp(format, "csv") == 0) {
		res->content_type = "text/csv; charset=utf-8";
		res->disposition =
			arena_printf(req->arena, "attachment; filename=\"%s-%s.csv\"", req->unit->code, ins->id);
		region_csv(&res->body, &v);
		region_release(&v);
		return;
	}
	if (wants_json(req)) {
		region_json(req, res, &v, ins, bright_units);
		region_release(&v);
		return;
	}

	struct buf *b = &res->body;
	/* About 40 bytes a cell (1.3 kB a row of this instrument's 33): 2.6 MB for a region of 2,000 homes. */
	buf_reserve(b, 16384 + v.n_rows * (ins->n_items + ins->n_domains + 2) * 40);
	region_head(b, req, &v, ins, &q);
	const char *base = arena_printf(req->arena, "/units/%s/region?instrument=%s%s%s%s", req->unit->code, ins->id,
					q.type ? "&type=" : "", q.type ? q.type : "", q.peers ? "&peers=1" : "");
	region_table(b, req, &v, ins, base);
	region_bright_spots(b, req, &v, ins, bright_units);
	html_printf(b, _("<p>Download what is shown: <a href=\"%s&format=csv\">CSV</a></p>\n"), base);
	page_end(b, req);
	region_release(&v);
}

void
page_unit_share(struct request *req, struct response *res)
{
	const char *share = request_input(req, "share");
	struct error err;
	const struct actor who = request_actor(req);
	bool on = share && strcmp(share, "1") == 0;
	const char *here = arena_printf(req->arena, "/units/%s", req->unit->code);
	if (unit_share_set(request_store(req), &who, req->unit, on, &err) < 0)
		respond_storage_error(req, res, &err);
	else
		respond_done(req, res, MHD_HTTP_OK, here,
			     on ? _("Results may now be compared, anonymised, across the region.")
				: _("Results are kept within this unit's tree."),
			     NULL);
}

void
page_journey_report(struct request *req, struct response *res)
{
	struct journey_view v;
	if (!journey_load(req, res, &v))
		return;
	struct journey *j = &v.j;
	struct buf *b = &res->body;
	page_begin(b, req, arena_printf(req->arena, _("Journey report: %s"), req->unit->name), NULL);
	html_printf(b, _("<article class=\"report\"><section class=\"report-page\"><h1>The journey of %s</h1>\n"),
		    req->unit->name);
	if (!j->n) {
		buf_puts(b, _("<p class=\"lead\">No round on this instrument has results to show yet.</p>\n"));
		write_withheld(b, req, j);
		buf_puts(b, "</section></article>\n");
	} else {
		write_journey(b, req, &v);
		write_withheld(b, req, j);
		buf_puts(b, "</section>\n");
		for (size_t i = 0; i < j->n; i++) {
			html_printf(
				b,
				_("<section class=\"report-page\"><h2>%s</h2><p class=\"note\">%s to %s · %s "
				  "people</p><div class=\"chart-box\" tabindex=\"0\">"),
				j->rounds[i].round.title, page_date(req, j->rounds[i].round.opens_on),
				page_date(req, j->rounds[i].round.closes_on),
				page_count(req, (long long)j->rounds[i].respondents));
			j->rounds[i].ins = j->ins; /* the same codes and order, in the reader's words */
			svg_heatmap(b, req->lang, &j->rounds[i]);
			buf_puts(b, "</div></section>\n");
		}
		buf_puts(b, "</article>\n");
	}
	page_end(b, req);
	journey_view_release(&v);
}
