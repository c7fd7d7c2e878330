/*
 * page_improve.c - improvement work on the web and in the API: a unit's action board (by status, overdue
 * flagged), an action with its PDSA cycles, measures drawn as SPC charts with their data points, the
 * evaluation page (measures by quadruple-aim category, actions' progress, grid elements 6.1-6.5 beside
 * their evidence), and an element's page (what serves it, through the crosswalk).
 */
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/catalog.h"
#include "domain/consensus.h"
#include "domain/crosswalk.h"
#include "domain/improve.h"
#include "domain/round.h"
#include "lib/xalloc.h"
#include "web/app.h"
#include "web/handlers.h"
#include "web/page.h"
#include "web/svg.h"

static struct actor
actor_of(const struct request *req)
{
	return (struct actor){req->user.id, req->user.email, request_address(req)};
}

static const char *
unit_path(struct request *req, const char *suffix)
{
	return arena_printf(req->arena, "/units/%s%s", req->unit->code, suffix);
}

static void
crumbs_begin(struct request *req, struct buf *b, const char *title, const char *section, const char *section_href)
{
	const struct crumb crumbs[] = {{_("Units"), "/units"},
				       {req->unit->name, unit_path(req, "")},
				       {section, section_href},
				       {section_href ? title : NULL, NULL},
				       {NULL, NULL}};
	page_begin(b, req, title, crumbs);
}

static json_t *
action_json(const struct action *a, const char *today_s)
{
	json_t *els = json_array();
	for (size_t i = 0; i < a->elements.n; i++)
		json_array_append_new(els, json_string(a->elements.v[i]));
	return json_pack("{s:I, s:s, s:s, s:s?, s:s?, s:s, s:b, s:o}", "id", (json_int_t)a->id, "title", a->title, "description",
			 a->description, "owner", a->owner_id ? a->owner_email : NULL, "due_on", a->due_on[0] ? a->due_on : NULL,
			 "status", a->status, "overdue", action_overdue(a, today_s), "elements", els);
}

/* ---- the action board ---- */

struct board {
	struct request *req;
	struct buf *b;
	json_t *json;
	const char *status;
	char today[11];
	size_t n, overdue, by_status[4];
	const char *filter_instrument, *filter_code; /* only actions serving this element (through the crosswalk) */
};

static bool
serves(const struct action *a, const char *instrument, const char *code)
{
	for (size_t i = 0; i < a->elements.n; i++) {
		char id[100], c[64];
		if (sscanf(a->elements.v[i], "%99s %63s", id, c) == 2 && crosswalk_linked(id, c, instrument, code))
			return true;
	}
	return false;
}

static int
board_item(void *vctx, const struct action *a)
{
	struct board *c = vctx;
	const struct request *req = c->req;
	if (c->filter_code && !serves(a, c->filter_instrument, c->filter_code))
		return 0;
	for (int s = 0; s < 4; s++)
		if (strcmp(a->status, action_statuses[s]) == 0)
			c->by_status[s]++;
	bool late = action_overdue(a, c->today);
	c->overdue += late;
	if (c->json) {
		json_array_append_new(c->json, action_json(a, c->today));
		return 0;
	}
	if (c->status && strcmp(a->status, c->status) != 0)
		return 0;
	c->n++;
	html_printf(c->b, "<li class=\"card%R\"><a href=\"/units/%s/actions/%lld\">%s</a>", late ? " late" : "", c->req->unit->code,
		    (long long)a->id, a->title);
	html_printf(c->b, "<span class=\"note\">%s%s%s</span>", a->owner_id ? a->owner_name : _("no owner yet"),
		    a->due_on[0] ? arena_printf(c->req->arena, _(" · due %s"), page_date(c->req, a->due_on)) : "",
		    late ? _(" · overdue") : "");
	if (a->elements.n) {
		buf_puts(c->b, "<span class=\"tags\">");
		for (size_t i = 0; i < a->elements.n; i++)
			html_printf(c->b, "<span class=\"tag\">%s</span>", strchr(a->elements.v[i], ' ') + 1);
		buf_puts(c->b, "</span>");
	}
	buf_puts(c->b, "</li>\n");
	return 0;
}

/* A's elements as the form's field takes them: "pch-development-grid 4.5, positive-practices S.4". */
static const char *
action_elements_text(struct request *req, const struct action *a)
{
	struct buf els = BUF_INIT;
	buf_init(&els, 0);
	for (size_t i = 0; i < a->elements.n; i++)
		buf_printf(&els, "%s%s", i ? ", " : "", a->elements.v[i]);
	const char *text = arena_strdup(req->arena, els.len ? els.data : "");
	buf_release(&els);
	return text;
}

/* The form for a new action (A NULL: its fields may come from the address, as a priority's link gives them)
 * or for changing A; after an error, with what was typed. */
static void
action_form(struct buf *b, struct request *req, const char *action_href, const struct action *a)
{
	html_printf(b, "<form method=\"post\" action=\"%s\" class=\"stack\">", action_href);
	page_csrf_field(b, req);
	const char *round = form_value(req, "round", a ? NULL : request_arg(req, "round"));
	if (*round)
		html_printf(b, "<input type=\"hidden\" name=\"round\" value=\"%s\">", round);
	html_printf(b, _("<label>Title <input name=\"title\" required maxlength=\"200\" value=\"%s\"></label>\n"
		       "<label>What and why <textarea name=\"description\" rows=\"3\">%s</textarea></label>\n"
		       "<label>Owner's email (a person of the unit) <input type=\"email\" name=\"owner\" value=\"%s\"></label>\n"
		       "<label>Due <input type=\"date\" name=\"due_on\" value=\"%s\"></label>\n"
		       "<label>Status <select name=\"status\">"),
		    form_value(req, "title", a ? a->title : request_arg(req, "title")),
		    form_value(req, "description", a ? a->description : NULL),
		    form_value(req, "owner", a && a->owner_id ? a->owner_email : NULL), form_value(req, "due_on", a ? a->due_on : NULL));
	const char *status = form_value(req, "status", a ? a->status : NULL);
	for (int s = 0; action_statuses[s]; s++)
		html_printf(b, "<option value=\"%s\"%R>%s</option>", action_statuses[s],
			    strcmp(status, action_statuses[s]) == 0 ? " selected" : "", page_action_status(req, action_statuses[s]));
	html_printf(b, _("</select></label>\n<label>Grid elements it serves (e.g. 6.1, positive-practices S.4) "
		       "<input name=\"elements\" value=\"%s\"></label>\n<button type=\"submit\" class=\"primary\">%s</button></form>\n"),
		    form_value(req, "elements", a ? action_elements_text(req, a) : request_arg(req, "elements")),
		    a ? _("Save") : _("Add action"));
}

void
page_actions(struct request *req, struct response *res)
{
	struct board c = {.req = req};
	today(c.today);
	struct error err;
	if (wants_json(req)) {
		c.json = json_array();
		if (actions_each(request_store(req), req->unit->id, board_item, &c, &err) < 0) {
			json_decref(c.json);
			respond_storage_error(req, res, &err);
			return;
		}
		respond_json(res, MHD_HTTP_OK, json_pack("{s:s, s:o, s:I}", "unit", req->unit->code, "actions", c.json, "overdue",
							 (json_int_t)c.overdue));
		return;
	}
	struct buf *b = &res->body;
	crumbs_begin(req, b, _("Actions"), _("Actions"), NULL);
	html_printf(b, _("<h1>Actions of %s</h1>\n<div class=\"board\">\n"), req->unit->name);
	static const char *const headings[] = {N_("Planned"), N_("Doing"), N_("Done"), N_("Dropped")};
	for (int s = 0; s < 4; s++) {
		c.b = b;
		c.status = action_statuses[s];
		c.n = 0;
		html_printf(b, "<section class=\"column\"><h2>%s</h2><ul class=\"cards plain-cards\">\n", _(headings[s]));
		if (actions_each(request_store(req), req->unit->id, board_item, &c, &err) < 0) {
			respond_storage_error(req, res, &err);
			return;
		}
		if (!c.n)
			buf_puts(b, _("<li class=\"note\">None.</li>\n"));
		buf_puts(b, "</ul></section>\n");
	}
	buf_puts(b, "</div>\n");
	if (req->role >= ROLE_FACILITATOR) {
		buf_puts(b, _("<section class=\"panel\" id=\"new-action\"><h2>Add an action</h2>\n"));
		action_form(b, req, unit_path(req, "/actions"), NULL);
		buf_puts(b, "</section>\n");
	}
	page_end(b, req);
}

static struct action_input
action_input_of(struct request *req)
{
	const char *round = request_input(req, "round");
	return (struct action_input){request_input(req, "title"), request_input(req, "description"), request_input(req, "owner"),
				     request_input(req, "due_on"), request_input(req, "status"), request_input(req, "elements"),
				     round ? strtoll(round, NULL, 10) : 0};
}

void
page_actions_create(struct request *req, struct response *res)
{
	struct action_input in = action_input_of(req);
	struct error err;
	int64_t id;
	const struct actor who = actor_of(req);
	if (in.round_id) {
		struct round r;
		if (round_get(request_store(req), in.round_id, &r, &err) <= 0 || r.unit_id != req->unit->id) {
			respond_fail(req, res, MHD_HTTP_UNPROCESSABLE_CONTENT, unit_path(req, "/actions"), _("That round is not this unit's."));
			return;
		}
	}
	if (action_create(request_store(req), req->app->catalog, req->tree, &who, req->unit, &in, &id, &err) < 0) {
		respond_failed(req, res, unit_path(req, "/actions"), &err);
		return;
	}
	respond_done(req, res, MHD_HTTP_CREATED, unit_path(req, arena_printf(req->arena, "/actions/%lld", (long long)id)),
		     _("Action added."), json_pack("{s:b, s:I}", "ok", 1, "id", (json_int_t)id));
}

/* ---- one action ---- */

static bool
load_action(struct request *req, struct response *res, struct action *a)
{
	struct error err;
	int found = action_get(request_store(req), req->id, a, &err);
	if (found < 0) {
		respond_storage_error(req, res, &err);
		return false;
	}
	if (!found || a->unit_id != req->unit->id) {
		if (found)
			action_release(a);
		respond_error(req, res, MHD_HTTP_NOT_FOUND, _("There is no such action in this unit."));
		return false;
	}
	return true;
}

struct pdsa_page {
	struct request *req;
	struct buf *b;
	json_t *json;
	const char *href;
	bool facilitator;
	long last;
};

/* A PDSA cycle's decision in words: adopt, adapt, abandon. */
static const char *
pdsa_act_words(const struct request *req, const char *act)
{
	return strcmp(act, "adopt") == 0 ? _("adopt") : strcmp(act, "adapt") == 0 ? _("adapt") : strcmp(act, "abandon") == 0 ? _("abandon") : act;
}

static int
pdsa_item(void *vctx, const struct pdsa *p)
{
	struct pdsa_page *c = vctx;
	const struct request *req = c->req;
	c->last = p->number;
	if (c->json) {
		json_t *o = json_pack("{s:I, s:s, s:s?, s:s?, s:s, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?}", "number", (json_int_t)p->number,
				      "plan", p->plan, "prediction", p->prediction, "measurement", p->measurement, "planned_on",
				      p->planned_on, "do", p->did, "done_on", p->did_on, "study", p->study, "studied_on",
				      p->studied_on, "act", p->act, "act_note", p->act_note, "acted_on", p->acted_on);
		json_array_append_new(c->json, o);
		return 0;
	}
	struct buf *b = c->b;
	html_printf(b, "<section class=\"panel pdsa\"><h3>%s</h3><dl><dt>%s</dt><dd>%s",
		    arena_printf(req->arena, _("Cycle %ld"), p->number),
		    arena_printf(req->arena, _("Plan (%s)"), page_date(req, p->planned_on)), p->plan);
	if (p->prediction)
		html_printf(b, _("<br><em>We predict:</em> %s"), p->prediction);
	if (p->measurement)
		html_printf(b, _("<br><em>We will measure:</em> %s"), p->measurement);
	buf_puts(b, "</dd>");
	if (p->did)
		html_printf(b, "<dt>%s</dt><dd>%s</dd>", arena_printf(req->arena, _("Do (%s)"), page_date(req, p->did_on)), p->did);
	if (p->study)
		html_printf(b, "<dt>%s</dt><dd>%s</dd>", arena_printf(req->arena, _("Study (%s)"), page_date(req, p->studied_on)),
			    p->study);
	if (p->act)
		html_printf(b, "<dt>%s</dt><dd><strong>%s</strong>%s%s</dd>", arena_printf(req->arena, _("Act (%s)"), page_date(req, p->acted_on)),
			    pdsa_act_words(req, p->act), p->act_note ? ": " : "", p->act_note ? p->act_note : "");
	buf_puts(b, "</dl>");
	const char *next = !p->did ? "do" : !p->study ? "study" : !p->act ? "act" : NULL;
	if (c->facilitator && next) {
		char day[11];
		today(day);
		html_printf(b, "<form method=\"post\" action=\"%s/pdsa/%ld\" class=\"stack\">", c->href, p->number);
		page_csrf_field(b, c->req);
		html_printf(b, "<input type=\"hidden\" name=\"stage\" value=\"%s\">", next);
		if (strcmp(next, "act") == 0)
			html_printf(b, "<label>%s <select name=\"act\"><option value=\"adopt\">%s</option><option value=\"adapt\">%s</option>"
				       "<option value=\"abandon\">%s</option></select></label>",
				    _("Act"), _("adopt"), _("adapt"), _("abandon"));
		html_printf(b, "<label>%s <textarea name=\"text\" rows=\"2\"></textarea></label><label>%s <input type=\"date\" name=\"on\" "
			       "value=\"%s\" required></label><button type=\"submit\" class=\"secondary\">%s</button></form>",
			    strcmp(next, "do") == 0 ? _("Do: what happened") : strcmp(next, "study") == 0 ? _("Study: the result against the prediction")
												      : _("Why"),
			    _("On"), day,
			    strcmp(next, "do") == 0 ? _("Record do") : strcmp(next, "study") == 0 ? _("Record study") : _("Record act"));
	}
	buf_puts(b, "</section>\n");
	return 0;
}

void
page_action(struct request *req, struct response *res)
{
	struct action a;
	if (!load_action(req, res, &a))
		return;
	struct error err;
	const char *href = unit_path(req, arena_printf(req->arena, "/actions/%lld", (long long)a.id));
	bool facilitator = req->role >= ROLE_FACILITATOR;
	if (wants_json(req)) {
		char day[11];
		today(day);
		json_t *doc = action_json(&a, day);
		struct pdsa_page c = {req, NULL, json_array(), href, facilitator, 0};
		pdsa_each(request_store(req), a.id, pdsa_item, &c, &err);
		json_object_set_new(doc, "pdsa", c.json);
		respond_json(res, MHD_HTTP_OK, doc);
		action_release(&a);
		return;
	}
	struct buf *b = &res->body;
	crumbs_begin(req, b, a.title, _("Actions"), unit_path(req, "/actions"));
	char day[11];
	today(day);
	html_printf(b, "<h1>%s</h1>\n<p class=\"lead\">%s · %s%s%s</p>\n", a.title, page_action_status(req, a.status),
		    a.owner_id ? a.owner_name : _("no owner yet"),
		    a.due_on[0] ? arena_printf(req->arena, _(" · due %s"), page_date(req, a.due_on)) : "",
		    action_overdue(&a, day) ? _(" · overdue") : "");
	if (a.description[0])
		html_printf(b, "<p>%s</p>\n", a.description);
	if (a.elements.n) {
		buf_puts(b, _("<p>Serves:</p>\n<ul>"));
		for (size_t i = 0; i < a.elements.n; i++) {
			char id[100], code[64];
			sscanf(a.elements.v[i], "%99s %63s", id, code);
			html_printf(b, "<li><a href=\"/units/%s/elements/%s/%s\">%s</a></li>", req->unit->code, id, code,
				    page_elements_words(req, a.elements.v[i]));
		}
		buf_puts(b, "</ul>\n");
	}
	buf_puts(b, _("<h2>PDSA cycles</h2>\n"));
	struct pdsa_page c = {req, b, NULL, href, facilitator, 0};
	if (pdsa_each(request_store(req), a.id, pdsa_item, &c, &err) < 0) {
		action_release(&a);
		respond_storage_error(req, res, &err);
		return;
	}
	if (!c.last)
		buf_puts(b, _("<p class=\"note\">No cycle yet.</p>\n"));
	if (facilitator) {
		html_printf(b, "<section class=\"panel\"><h2>%s</h2><form method=\"post\" action=\"%s/pdsa\" class=\"stack\">",
			    c.last ? _("Start the next cycle") : _("Plan a first cycle"), href);
		page_csrf_field(b, req);
		html_printf(b, _("<label>Plan: what we try <textarea name=\"plan\" rows=\"2\" required>%s</textarea></label>"
			       "<label>What we predict <textarea name=\"prediction\" rows=\"2\">%s</textarea></label>"
			       "<label>What we will measure <input name=\"measurement\" value=\"%s\"></label>"
			       "<label>On <input type=\"date\" name=\"planned_on\" value=\"%s\" required></label>"
			       "<button type=\"submit\" class=\"primary\">Plan cycle</button></form></section>\n"
			       "<details class=\"action\"%R><summary>Change the action</summary>"),
			    form_value(req, "plan", NULL), form_value(req, "prediction", NULL), form_value(req, "measurement", NULL),
			    form_value(req, "planned_on", day), request_arg(req, "typed.title") ? " open" : "");
		action_form(b, req, href, &a);
		buf_puts(b, "</details>\n");
	}
	page_end(b, req);
	action_release(&a);
}

void
page_action_update(struct request *req, struct response *res)
{
	struct action a;
	if (!load_action(req, res, &a))
		return;
	struct action_input in = action_input_of(req);
	/* A partial update from the API keeps what it does not give. */
	if (!in.title)
		in.title = a.title;
	if (!in.description)
		in.description = a.description;
	if (!in.owner_email)
		in.owner_email = a.owner_id ? a.owner_email : "";
	if (!in.due_on)
		in.due_on = a.due_on;
	struct error err;
	const struct actor who = actor_of(req);
	const char *href = unit_path(req, arena_printf(req->arena, "/actions/%lld", (long long)a.id));
	if (action_update(request_store(req), req->app->catalog, req->tree, &who, req->unit, &a, &in, &err) < 0)
		respond_failed(req, res, href, &err);
	else
		respond_done(req, res, MHD_HTTP_OK, href, _("Saved."), NULL);
	action_release(&a);
}

void
page_action_pdsa(struct request *req, struct response *res)
{
	struct action a;
	if (!load_action(req, res, &a))
		return;
	struct error err;
	const struct actor who = actor_of(req);
	const char *href = unit_path(req, arena_printf(req->arena, "/actions/%lld", (long long)a.id));
	int rc;
	if (req->n_params > 2)
		rc = pdsa_record(request_store(req), &who, &a, strtol(req->params[2], NULL, 10), request_input(req, "stage") ? request_input(req, "stage") : "",
				 request_input(req, "text"), request_input(req, "on"), request_input(req, "act"), &err);
	else
		rc = pdsa_add(request_store(req), &who, &a, request_input(req, "plan"), request_input(req, "prediction"),
			      request_input(req, "measurement"), request_input(req, "planned_on"), &err);
	if (rc < 0)
		respond_failed(req, res, href, &err);
	else
		respond_done(req, res, req->n_params > 2 ? MHD_HTTP_OK : MHD_HTTP_CREATED, href, _("Saved."), NULL);
	action_release(&a);
}

/* ---- measures ---- */

/* The chart of a measure: XmR with the measure's direction, target, baseline and rebase points. */
static void
chart_of(const struct measure *m, const struct measure_series *ms, struct spc_result *r)
{
	struct spc_options o;
	spc_options_default(&o);
	o.improve = strcmp(m->direction, "up") == 0 ? SPC_UP : strcmp(m->direction, "down") == 0 ? SPC_DOWN : SPC_NEITHER;
	o.has_target = m->has_target;
	o.target = m->target;
	o.baseline = m->baseline >= 12 ? (size_t)m->baseline : 0;
	size_t *rebase = xcalloc(ms->n ? ms->n : 1, sizeof *rebase);
	for (size_t i = 1; i < ms->n; i++)
		if (ms->rebase[i])
			rebase[o.n_rebase++] = i;
	o.rebase = rebase;
	char err[200];
	if (spc_xmr(ms->value, ms->n, &o, r, err, sizeof err) < 0) {
		o.baseline = 0; /* a stored baseline longer than a segment: draw without it rather than not at all */
		spc_xmr(ms->value, ms->n, &o, r, err, sizeof err);
	}
	free(rebase);
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

static void
icons(struct buf *b, const struct request *req, const struct spc_result *r)
{
	html_printf(b, "<span class=\"icon var %s\">%s</span>", r->variation == VAR_NONE ? "none" : spc_variation_name(r->variation),
		    _(variation_words(r->variation)));
	const char *a = assurance_words(r->assurance);
	if (a)
		html_printf(b, " <span class=\"icon assure %s\">%s</span>", spc_assurance_name(r->assurance), _(a));
}

struct measure_list {
	struct request *req;
	struct buf *b;
	json_t *json;
	const char *category; /* NULL: all */
	size_t n;
	bool small;
	const char *filter_instrument, *filter_code;
};

static int
measure_item(void *vctx, const struct measure *m)
{
	struct measure_list *c = vctx;
	if (c->category && strcmp(m->category, c->category) != 0)
		return 0;
	if (c->filter_code) {
		bool hit = false;
		for (size_t i = 0; i < m->elements.n && !hit; i++) {
			char id[100], code[64];
			hit = sscanf(m->elements.v[i], "%99s %63s", id, code) == 2 && crosswalk_linked(id, code, c->filter_instrument, c->filter_code);
		}
		if (!hit)
			return 0;
	}
	c->n++;
	struct measure_series ms;
	struct error err;
	if (measure_series_load(request_store(c->req), m->id, &ms, &err) < 0)
		return -1;
	struct spc_result r;
	chart_of(m, &ms, &r);
	if (c->json) {
		json_array_append_new(c->json, json_pack("{s:I, s:s, s:s, s:s, s:I, s:s?, s:s}", "id", (json_int_t)m->id, "name", m->name,
							  "category", m->category, "direction", m->direction, "points",
							  (json_int_t)ms.n, "variation",
							  r.variation == VAR_NONE ? NULL : spc_variation_name(r.variation), "assurance",
							  spc_assurance_name(r.assurance)));
	} else {
		html_printf(c->b, "<li class=\"measure\"><a href=\"/units/%s/measures/%lld\"><strong>%s</strong></a> ", c->req->unit->code,
			    (long long)m->id, m->name);
		icons(c->b, c->req, &r);
		svg_spc(c->b, c->req->lang, &r, (const char(*)[11])ms.period, m->has_target, m->target, m->name, true);
		buf_puts(c->b, "</li>\n");
	}
	spc_release(&r);
	measure_series_release(&ms);
	return 0;
}

static void
measure_form(struct buf *b, struct request *req)
{
	html_printf(b, _("<section class=\"panel\"><h2>Add a measure</h2><form method=\"post\" action=\"/units/%s/measures\" class=\"stack\">"),
		    req->unit->code);
	page_csrf_field(b, req);
	buf_puts(b, _("<label>Name <input name=\"name\" required maxlength=\"200\"></label>"
		    "<label>Definition: what is counted, how, from where <textarea name=\"definition\" rows=\"2\" required></textarea></label>"
		    "<label>Quadruple aim <select name=\"category\">"));
	for (int i = 0; measure_categories[i]; i++)
		html_printf(b, "<option value=\"%s\">%s</option>", measure_categories[i], _(measure_category_name(measure_categories[i])));
	buf_puts(b, _("</select></label><label>Better when <select name=\"direction\"><option value=\"up\">higher</option>"
		    "<option value=\"down\">lower</option><option value=\"neither\">neither</option></select></label>"
		    "<label>Unit of measure <input name=\"unit_label\" maxlength=\"40\" placeholder=\"%\"></label>"
		    "<label>Target (optional) <input name=\"target\" inputmode=\"decimal\"></label>"
		    "<label>Baseline: fix the limits from the first N points (12 or more; optional) <input name=\"baseline\" inputmode=\"numeric\"></label>"
		    "<label>Grid elements it shows (e.g. 6.1, 6.3) <input name=\"elements\"></label>"
		    "<label>Actions it measures (numbers, e.g. 2, 5) <input name=\"actions\"></label>"
		    "<button type=\"submit\" class=\"primary\">Add measure</button></form></section>\n"));
}

void
page_measures(struct request *req, struct response *res)
{
	struct measure_list c = {.req = req};
	struct error err;
	if (wants_json(req)) {
		c.json = json_array();
		if (measures_each(request_store(req), req->unit->id, measure_item, &c, &err) < 0) {
			json_decref(c.json);
			respond_storage_error(req, res, &err);
			return;
		}
		respond_json(res, MHD_HTTP_OK, json_pack("{s:s, s:o}", "unit", req->unit->code, "measures", c.json));
		return;
	}
	struct buf *b = &res->body;
	crumbs_begin(req, b, _("Measures"), _("Measures"), NULL);
	html_printf(b, _("<h1>Measures of %s</h1>\n<ul class=\"measures\">\n"), req->unit->name);
	c.b = b;
	c.small = true;
	if (measures_each(request_store(req), req->unit->id, measure_item, &c, &err) < 0) {
		respond_storage_error(req, res, &err);
		return;
	}
	if (!c.n)
		buf_puts(b, _("<li class=\"note\">No measures yet.</li>\n"));
	buf_puts(b, "</ul>\n");
	if (req->role >= ROLE_FACILITATOR)
		measure_form(b, req);
	page_end(b, req);
}

void
page_measures_create(struct request *req, struct response *res)
{
	struct measure_input in = {request_input(req, "name"),	     request_input(req, "definition"), request_input(req, "category"),
				   request_input(req, "direction"),  request_input(req, "unit_label"), request_input(req, "target"),
				   request_input(req, "baseline"),   request_input(req, "elements"),   request_input(req, "actions")};
	struct error err;
	int64_t id;
	const struct actor who = actor_of(req);
	if (measure_create(request_store(req), req->app->catalog, &who, req->unit, &in, &id, &err) < 0) {
		respond_failed(req, res, unit_path(req, "/measures"), &err);
		return;
	}
	respond_done(req, res, MHD_HTTP_CREATED, unit_path(req, arena_printf(req->arena, "/measures/%lld", (long long)id)),
		     _("Measure added: now add its data points."), json_pack("{s:b, s:I}", "ok", 1, "id", (json_int_t)id));
}

static bool
load_measure(struct request *req, struct response *res, struct measure *m)
{
	struct error err;
	int found = measure_get(request_store(req), req->id, m, &err);
	if (found < 0) {
		respond_storage_error(req, res, &err);
		return false;
	}
	if (!found || m->unit_id != req->unit->id) {
		if (found)
			measure_release(m);
		respond_error(req, res, MHD_HTTP_NOT_FOUND, _("There is no such measure in this unit."));
		return false;
	}
	return true;
}

static json_t *
jnum(double v)
{
	return isnan(v) ? json_null() : json_real(v);
}

void
page_measure(struct request *req, struct response *res)
{
	struct measure m;
	if (!load_measure(req, res, &m))
		return;
	struct measure_series ms;
	struct error err;
	if (measure_series_load(request_store(req), m.id, &ms, &err) < 0) {
		measure_release(&m);
		respond_storage_error(req, res, &err);
		return;
	}
	struct spc_result r;
	chart_of(&m, &ms, &r);
	struct spc_run run = spc_run_chart(ms.value, ms.n);
	if (wants_json(req)) {
		json_t *pts = json_array(), *segs = json_array();
		for (size_t i = 0; i < ms.n; i++) {
			json_t *rules = json_array();
			for (unsigned bit = SPC_OUTSIDE_LIMITS; bit <= SPC_SHIFT; bit <<= 1)
				if (r.points[i].rules & bit)
					json_array_append_new(rules, json_string(spc_rule_name((enum spc_rule)bit)));
			json_t *o = json_pack("{s:s, s:o, s:o, s:o, s:b}", "date", ms.period[i], "value", jnum(ms.value[i]), "moving_range",
					      jnum(r.points[i].moving_range), "rules", rules, "rebase", ms.rebase[i]);
			json_object_set_new(o, "point_type",
					    r.points[i].type == SPC_NO_VALUE ? json_null() : json_string(spc_point_type_name(r.points[i].type)));
			json_array_append_new(pts, o);
		}
		for (size_t k = 0; k < r.n_segments; k++)
			json_array_append_new(segs, json_pack("{s:I, s:I, s:o, s:o, s:o, s:o}", "first", (json_int_t)r.segments[k].first + 1,
							      "n", (json_int_t)r.segments[k].n, "mean", jnum(r.segments[k].mean), "amr",
							      jnum(r.segments[k].amr), "lpl", jnum(r.segments[k].lpl), "upl",
							      jnum(r.segments[k].upl)));
		json_t *doc = json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:o, s:o}", "id", (json_int_t)m.id, "name", m.name, "category",
					m.category, "direction", m.direction, "definition", m.definition, "target",
					m.has_target ? json_real(m.target) : json_null(), "segments", segs, "points", pts);
		json_object_set_new(doc, "variation", r.variation == VAR_NONE ? json_null() : json_string(spc_variation_name(r.variation)));
		json_object_set_new(doc, "assurance", json_string(spc_assurance_name(r.assurance)));
		json_object_set_new(doc, "run_chart_signal", json_boolean(run.signal));
		respond_json(res, MHD_HTTP_OK, doc);
		goto out;
	}
	struct buf *b = &res->body;
	crumbs_begin(req, b, m.name, _("Measures"), unit_path(req, "/measures"));
	html_printf(b, _("<h1>%s</h1>\n<p class=\"lead\">%s · better when %s%s%s</p>\n<p>%s</p>\n"), m.name, _(measure_category_name(m.category)),
		    strcmp(m.direction, "up") == 0 ? _("higher") : strcmp(m.direction, "down") == 0 ? _("lower") : _("(no direction)"),
		    m.unit_label[0] ? _(" · in ") : "", m.unit_label, m.definition);
	buf_puts(b, "<p>");
	icons(b, req, &r);
	buf_puts(b, "</p>\n");
	if (r.n_values < 13)
		html_printf(b, _("<p class=\"flash\">Only %zu points: the limits are not yet reliable (13 or more are needed). The run "
			       "chart below suits a short series.</p>\n"), r.n_values);
	buf_puts(b, _("<p class=\"scroll-cue narrow\">Scroll sideways to see the whole chart →</p>\n<div class=\"chart-box\" tabindex=\"0\" "
		    "role=\"region\" aria-label=\"The chart\">"));
	svg_spc(b, req->lang, &r, (const char(*)[11])ms.period, m.has_target, m.target, m.name, false);
	buf_puts(b, _("</div>\n<p class=\"legend\"><span class=\"cc\">grey: common cause</span> <span class=\"imp\">blue: "
		    "improvement</span> <span class=\"con\">orange: concern</span> <span class=\"neu\">purple: neither</span> · dashed: "
		    "process limits · red dashes: target · choose a point for its details in the table below</p>\n"));
	if (run.has_runs)
		html_printf(b, _("<p class=\"note\">Run chart: median %s; longest run %zu (signal above %zu); %zu crossings (signal below %zu): %s.</p>\n"),
			    page_figure(req, run.median), run.longest_run, run.longest_run_max,
			    run.crossings, run.crossings_min, run.signal ? _("a signal of non-random variation") : _("no signal"));
	else
		html_printf(b, _("<p class=\"note\">Run chart: median %s; every value sits on the median, so there are no runs or "
			       "crossings to read.</p>\n"), page_figure(req, run.median));
	buf_puts(b, _("<div class=\"scroll\" tabindex=\"0\"><table class=\"list\"><thead><tr><th>Period</th><th class=\"num\">Value</th>"
		    "<th>Point</th><th>Rules</th></tr></thead><tbody>\n"));
	for (size_t i = 0; i < ms.n; i++) {
		html_printf(b, "<tr id=\"point-%zu\"><td>%s%s</td><td class=\"num\">%s</td><td>%s</td><td>", i + 1, ms.period[i],
			    ms.rebase[i] ? _(" (new limits)") : "",
			    isnan(ms.value[i]) ? _("gap") : page_figure(req, ms.value[i]),
			    r.points[i].type == SPC_NO_VALUE ? "" : _(spc_point_type_words(r.points[i].type)));
		bool first = true;
		for (unsigned bit = SPC_OUTSIDE_LIMITS; bit <= SPC_SHIFT; bit <<= 1)
			if (r.points[i].rules & bit) {
				html_printf(b, "%s%s", first ? "" : "; ", _(spc_rule_words((enum spc_rule)bit)));
				first = false;
			}
		buf_puts(b, "</td></tr>\n");
	}
	buf_puts(b, "</tbody></table></div>\n");
	if (req->role >= ROLE_FACILITATOR) {
		html_printf(b, _("<section class=\"panel\"><h2>Add data</h2><form method=\"post\" action=\"/units/%s/measures/%lld/points\" class=\"row\">"),
			    req->unit->code, (long long)m.id);
		page_csrf_field(b, req);
		buf_puts(b, _("<label>Period <input type=\"date\" name=\"period\" required></label><label>Value <input name=\"value\" inputmode=\"decimal\"></label>"
			    "<label><input type=\"checkbox\" name=\"rebase\" value=\"1\"> new limits from here</label>"
			    "<button type=\"submit\" class=\"secondary\">Add point</button></form>"));
		html_printf(b, "<form method=\"post\" action=\"/units/%s/measures/%lld/points\" class=\"stack\">", req->unit->code, (long long)m.id);
		page_csrf_field(b, req);
		buf_puts(b, _("<label>Or paste CSV (date,value[,rebase][,note]) <textarea name=\"csv\" rows=\"4\">date,value\n</textarea></label>"
			    "<button type=\"submit\" class=\"secondary\">Import points</button></form></section>\n"));
	}
	page_end(b, req);
out:
	spc_release(&r);
	measure_series_release(&ms);
	measure_release(&m);
}

void
page_measure_points(struct request *req, struct response *res)
{
	struct measure m;
	if (!load_measure(req, res, &m))
		return;
	struct error err = {"", 0};
	const struct actor who = actor_of(req);
	const char *href = unit_path(req, arena_printf(req->arena, "/measures/%lld", (long long)m.id));
	const char *csv = request_input(req, "csv");
	size_t len = csv ? strlen(csv) : 0;
	if (!csv && req->body && req->content_type && strncmp(req->content_type, "text/csv", 8) == 0) {
		csv = req->body;
		len = req->body_len;
	}
	if (csv) {
		struct strvec problems = STRVEC_INIT;
		int n = measure_import_csv(request_store(req), &who, &m, csv, len, "upload", &problems, &err);
		if (n < 0) {
			struct buf msg = BUF_INIT;
			buf_init(&msg, 4000);
			for (size_t i = 0; i < problems.n; i++)
				buf_printf(&msg, "%s%s", i ? "; " : "", request_words(req, problems.v[i]));
			if (problems.n)
				respond_fail(req, res, MHD_HTTP_UNPROCESSABLE_CONTENT, href, msg.data);
			else
				respond_failed(req, res, href, &err);
			buf_release(&msg);
		} else {
			respond_done(req, res, MHD_HTTP_CREATED, href, arena_printf(req->arena, trn(req->lang, "Imported %d point.", "Imported %d points.", (unsigned long)n), n), NULL);
		}
		strvec_clear(&problems);
	} else {
		const char *rebase = request_input(req, "rebase");
		if (measure_point_put(request_store(req), &who, &m, request_input(req, "period"), request_input(req, "value"),
				      rebase && (strcmp(rebase, "1") == 0 || strcmp(rebase, "true") == 0), request_input(req, "note"), &err) < 0)
			respond_failed(req, res, href, &err);
		else
			respond_done(req, res, MHD_HTTP_CREATED, href, _("Point added."), NULL);
	}
	measure_release(&m);
}

/* ---- evaluation and element pages ---- */

struct evidence_for {
	struct request *req;
	struct buf *b;
	const char *instrument, *code;
	int64_t round_id;
	size_t n;
};

static int
evidence_line(void *vctx, const struct evidence *e)
{
	struct evidence_for *c = vctx;
	/* Evidence is recorded against the round's instrument, the grid in practice. */
	if (!crosswalk_linked("pch-development-grid", e->item_code, c->instrument, c->code))
		return 0;
	c->n++;
	if (e->url)
		html_printf(c->b, "<li><a href=\"%s\" rel=\"noopener noreferrer\">%s</a></li>", e->url, e->url);
	else
		html_printf(c->b, "<li><a href=\"/units/%s/rounds/%lld/evidence/%lld\">%s</a></li>", c->req->unit->code,
			    (long long)c->round_id, (long long)e->id, e->filename);
	return 0;
}

struct rounds_for_evidence {
	struct evidence_for *ev;
	struct error *err;
};

static int
round_evidence(void *vctx, const struct round *r)
{
	struct rounds_for_evidence *c = vctx;
	c->ev->round_id = r->id;
	return evidence_each(request_store(c->ev->req), r->id, evidence_line, c->ev, c->err) < 0 ? -1 : 0;
}

/* Actions, measures and evidence serving INSTRUMENT/CODE (through the crosswalk), as lists. */
static int
write_served(struct buf *b, struct request *req, const char *instrument, const char *code, struct error *err)
{
	struct board ab = {.req = req, .b = b, .filter_instrument = instrument, .filter_code = code};
	today(ab.today);
	buf_puts(b, _("<div class=\"two\"><section><h3>Actions</h3><ul class=\"cards plain-cards\">"));
	for (int s = 0; s < 4; s++) {
		ab.status = action_statuses[s];
		if (actions_each(request_store(req), req->unit->id, board_item, &ab, err) < 0)
			return -1;
	}
	if (!ab.n)
		buf_puts(b, _("<li class=\"note\">None.</li>"));
	buf_puts(b, _("</ul></section><section><h3>Measures</h3><ul class=\"measures\">"));
	struct measure_list ml = {.req = req, .b = b, .small = true, .filter_instrument = instrument, .filter_code = code};
	if (measures_each(request_store(req), req->unit->id, measure_item, &ml, err) < 0)
		return -1;
	if (!ml.n)
		buf_puts(b, _("<li class=\"note\">None.</li>"));
	buf_puts(b, _("</ul></section></div><h3>Evidence</h3><ul class=\"plain\">"));
	struct evidence_for ev = {req, b, instrument, code, 0, 0};
	struct rounds_for_evidence re = {&ev, err};
	if (rounds_each(request_store(req), req->unit->id, round_evidence, &re, err) < 0)
		return -1;
	if (!ev.n)
		buf_puts(b, _("<li class=\"note\">None recorded.</li>"));
	buf_puts(b, "</ul>\n");
	return 0;
}

void
page_element(struct request *req, struct response *res)
{
	const struct instrument *ins = page_ins(req, catalog_find(req->app->catalog, req->params[1], 0));
	const struct item *it = ins ? instrument_find_item(ins, req->params[2], NULL) : NULL;
	if (!it) {
		respond_error(req, res, MHD_HTTP_NOT_FOUND, _("There is no such element."));
		return;
	}
	struct buf *b = &res->body;
	crumbs_begin(req, b, arena_printf(req->arena, "%s %s", it->code, page_short_words(req->arena, page_item_words(it), 50)),
		     _("Evaluation"), unit_path(req, "/evaluation"));
	html_printf(b, "<h1>%s %s</h1>\n", it->code, page_item_words(it));
	if (it->title && it->text)
		html_printf(b, "<p class=\"lead\">%s</p>\n", it->text);
	html_printf(b, _("<p class=\"note\">An element of the %s.</p>\n"), ins->title);
	char concepts[400];
	crosswalk_concepts(ins->id, it->code, concepts, sizeof concepts);
	struct strvec related = STRVEC_INIT;
	crosswalk_related(ins->id, it->code, &related);
	if (related.n > 1) {
		html_printf(b, _("<p class=\"note\">Related through the crosswalk (%s): "), concepts);
		for (size_t i = 1; i < related.n; i++) {
			char id[100], code[64];
			sscanf(related.v[i], "%99s %63s", id, code);
			html_printf(b, "<a class=\"tag\" href=\"/units/%s/elements/%s/%s\">%s</a> ", req->unit->code, id, code,
				    page_elements_words(req, related.v[i]));
		}
		buf_puts(b, _("— what serves one shows under all.</p>\n"));
	}
	strvec_clear(&related);
	struct error err;
	if (write_served(b, req, ins->id, it->code, &err) < 0) {
		respond_storage_error(req, res, &err);
		return;
	}
	if (req->role >= ROLE_FACILITATOR)
		html_printf(b, _("<p><a href=\"/units/%s/actions?elements=%s%%20%s\">Add an action for this element</a></p>\n"), req->unit->code,
			    ins->id, it->code);
	page_end(b, req);
}

void
page_evaluation(struct request *req, struct response *res)
{
	struct buf *b = &res->body;
	struct error err;
	crumbs_begin(req, b, _("Evaluation"), _("Evaluation"), NULL);
	html_printf(b, _("<h1>Evaluation: %s</h1>\n<p class=\"lead\">Measures across the quadruple aim, the actions' progress, and the "
		       "grid's evaluation elements beside their evidence.</p>\n"), req->unit->name);
	buf_puts(b, _("<h2>Measures by the quadruple aim</h2>\n<div class=\"two\">"));
	size_t missing = 0;
	for (int i = 0; measure_categories[i]; i++) {
		html_printf(b, "<section class=\"panel\"><h3>%s</h3><ul class=\"measures\">", _(measure_category_name(measure_categories[i])));
		struct measure_list ml = {.req = req, .b = b, .category = measure_categories[i], .small = true};
		if (measures_each(request_store(req), req->unit->id, measure_item, &ml, &err) < 0) {
			respond_storage_error(req, res, &err);
			return;
		}
		if (!ml.n) {
			missing++;
			buf_puts(b, _("<li class=\"flash error\">No measure here: the balance across the quadruple aim is missing this part "
				    "(grid element 6.3).</li>"));
		}
		buf_puts(b, "</ul></section>\n");
	}
	buf_puts(b, "</div>\n");
	struct board ab = {.req = req, .b = NULL, .json = json_array()};
	today(ab.today);
	if (actions_each(request_store(req), req->unit->id, board_item, &ab, &err) < 0) {
		json_decref(ab.json);
		respond_storage_error(req, res, &err);
		return;
	}
	json_decref(ab.json);
	html_printf(b, _("<h2>Actions</h2>\n<p>%zu planned · %zu doing · %zu done · %zu dropped"), ab.by_status[0], ab.by_status[1],
		    ab.by_status[2], ab.by_status[3]);
	if (ab.overdue)
		html_printf(b, _(" · <strong>%zu overdue</strong>"), ab.overdue);
	html_printf(b, _(" — <a href=\"/units/%s/actions\">the action board</a></p>\n"), req->unit->code);
	const struct instrument *grid = page_ins(req, catalog_find(req->app->catalog, "pch-development-grid", 0));
	for (size_t d = 0; grid && d < grid->n_domains; d++) {
		if (strcmp(grid->domains[d].code, "6") != 0)
			continue;
		buf_puts(b, _("<h2>The grid's evaluation elements</h2>\n"));
		for (size_t j = 0; j < grid->domains[d].n_items; j++) {
			const struct item *it = &grid->domains[d].items[j];
			html_printf(b, "<section class=\"panel\"><h3><a href=\"/units/%s/elements/pch-development-grid/%s\">%s</a> %s</h3>",
				    req->unit->code, it->code, it->code, it->text);
			if (write_served(b, req, "pch-development-grid", it->code, &err) < 0) {
				respond_storage_error(req, res, &err);
				return;
			}
			buf_puts(b, "</section>\n");
		}
	}
	(void)missing;
	page_end(b, req);
}
