/*
 * page_improve.c - improvement work on the web and in the API: a unit's action board (by status, overdue
 * flagged) and an action with its PDSA cycles; also the helpers the improvement pages share
 * (page_improve.h). Measures are in page_measures.c, the evaluation and element pages in page_evaluation.c.
 */
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/aim.h"
#include "domain/catalog.h"
#include "domain/consensus.h"
#include "domain/crosswalk.h"
#include "domain/improve.h"
#include "domain/round.h"
#include "lib/text.h"
#include "lib/xalloc.h"
#include "web/app.h"
#include "web/handlers.h"
#include "web/page.h"
#include "web/page_improve.h"
#include "web/page_units.h"
#include "web/svg.h"

const char *
improve_unit_path(struct request *req, const char *suffix)
{
	return arena_printf(req->arena, "/units/%s%s", req->unit->code, suffix);
}

void
improve_crumbs_begin(struct request *req, struct buf *b, const char *title, const char *section,
		     const char *section_href)
{
	const struct crumb crumbs[] = {{_("Units"), "/units"},
				       {req->unit->name, improve_unit_path(req, "")},
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
	/* "owner" stays the account's address (or null) for clients that read it; "owner_name" is whoever owns it. */
	return json_pack("{s:I, s:s, s:s, s:s?, s:s?, s:s?, s:s, s:b, s:o}", "id", (json_int_t)a->id, "title", a->title,
			 "description", a->description, "owner", a->owner_id ? a->owner_email : NULL, "owner_name",
			 a->owner_name[0] ? a->owner_name : NULL, "due_on",
			 a->due_on[0] ? a->due_on : NULL, "status", a->status, "overdue", action_overdue(a, today_s),
			 "elements", els);
}

/* ---- the action board ---- */


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
board_keep(void *vctx, const struct action *a)
{
	struct improve_board *ab = vctx;
	if (ab->filter_code && !serves(a, ab->filter_instrument, ab->filter_code))
		return 0;
	for (int s = 0; s < 4; s++)
		if (strcmp(a->status, action_statuses[s]) == 0)
			ab->by_status[s]++;
	ab->overdue += action_overdue(a, ab->today);
	ab->v = xgrow(ab->v, sizeof *ab->v, ab->n + 1, &ab->cap);
	struct action *k = &ab->v[ab->n++];
	*k = *a;
	k->elements = (struct strvec)STRVEC_INIT;
	for (size_t i = 0; i < a->elements.n; i++)
		strvec_push(&k->elements, a->elements.v[i]);
	return 0;
}

int
improve_board_load(struct request *req, struct improve_board *ab, const char *filter_instrument,
		   const char *filter_code, struct error *err)
{
	*ab = (struct improve_board){.filter_instrument = filter_instrument, .filter_code = filter_code};
	today(ab->today);
	return actions_each(request_store(req), req->unit->id, board_keep, ab, err);
}

void
improve_board_release(struct improve_board *ab)
{
	for (size_t i = 0; i < ab->n; i++)
		action_release(&ab->v[i]);
	free(ab->v);
}

json_t *
improve_board_json(const struct improve_board *ab)
{
	json_t *a = json_array();
	for (size_t i = 0; i < ab->n; i++)
		json_array_append_new(a, action_json(&ab->v[i], ab->today));
	return a;
}

void
improve_pdsa_stage_fields(struct buf *b, const struct request *req, const char *next)
{
	char day[11];
	today(day);
	if (strcmp(next, "act") == 0)
		html_printf(b,
			    "<label>%s <select name=\"act\"><option value=\"adopt\">%s</option><option "
			    "value=\"adapt\">%s</option><option value=\"abandon\">%s</option></select></label>",
			    _("Act"), _("adopt"), _("adapt"), _("abandon"));
	bool doing = strcmp(next, "do") == 0, studying = strcmp(next, "study") == 0;
	const char *what = doing ? _("Do: what happened")
			   : studying ? _("Study: the result against the prediction")
				      : _("Why");
	const char *button = doing ? _("Record do") : studying ? _("Record study") : _("Record act");
	html_printf(b,
		    "<label>%s <textarea name=\"text\" rows=\"2\"></textarea></label><label>%s <input type=\"date\" "
		    "name=\"on\" value=\"%s\" required></label>"
		    "<button type=\"submit\" class=\"secondary\">%s</button>",
		    what, _("On"), day, button);
}

static void
board_card(struct buf *b, struct request *req, const struct action *a, bool late)
{
	html_printf(b, "<li class=\"card%R\"><a href=\"/units/%s/actions/%lld\">%s</a>", late ? " late" : "",
		    req->unit->code, (long long)a->id, a->title);
	html_printf(b, "<span class=\"note\">%s%s%s</span>", a->owner_name[0] ? a->owner_name : _("no owner yet"),
		    a->due_on[0] ? arena_printf(req->arena, _(" · due %s"), page_date(req, a->due_on)) : "",
		    late ? _(" · overdue") : "");
	if (a->elements.n) {
		buf_puts(b, "<span class=\"tags\">");
		for (size_t i = 0; i < a->elements.n; i++)
			html_printf(b, "<span class=\"tag\">%s</span>", strchr(a->elements.v[i], ' ') + 1);
		buf_puts(b, "</span>");
	}
	buf_puts(b, "</li>\n");
}

size_t
improve_board_cards(struct buf *b, struct request *req, const struct improve_board *ab, const char *status)
{
	size_t n = 0;
	for (size_t i = 0; i < ab->n; i++) {
		const struct action *a = &ab->v[i];
		if (status && strcmp(a->status, status) != 0)
			continue;
		n++;
		board_card(b, req, a, action_overdue(a, ab->today));
	}
	return n;
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

/* The owner as the form's field shows it: the account's address, or the name as typed. */
static const char *
action_owner_typed(const struct action *a)
{
	return a->owner_id ? a->owner_email : a->owner_name;
}

/* The unit's people, offered to the owner field (any other name may be typed). */
static void
owner_choices(struct buf *b, struct request *req)
{
	struct unit_members l;
	struct error err;
	buf_puts(b, "<datalist id=\"unit-people\">");
	/* Without the list (a storage error) the field still takes any name or address. */
	if (units_members_load(req, &l, &err) == 0)
		for (size_t i = 0; i < l.n; i++)
			html_printf(b, "<option value=\"%s\">%s</option>", l.v[i].email, l.v[i].name);
	free(l.v);
	buf_puts(b, "</datalist>\n");
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
	html_printf(
		b,
		_("<label>Title <input name=\"title\" required maxlength=\"200\" value=\"%s\"></label>\n"
		  "<label>What and why <textarea name=\"description\" rows=\"3\">%s</textarea></label>\n"
		  "<label>Owner: a person of the unit (choose from the list) or anyone's name <input name=\"owner\" "
		  "list=\"unit-people\" maxlength=\"254\" autocomplete=\"off\" value=\"%s\"></label>\n"
		  "<label>Due <input type=\"date\" name=\"due_on\" value=\"%s\"></label>\n"
		  "<label>Status <select name=\"status\">"),
		form_value(req, "title", a ? a->title : request_arg(req, "title")),
		form_value(req, "description", a ? a->description : NULL),
		form_value(req, "owner", a ? action_owner_typed(a) : NULL),
		form_value(req, "due_on", a ? a->due_on : NULL));
	const char *status = form_value(req, "status", a ? a->status : NULL);
	for (int s = 0; action_statuses[s]; s++)
		html_printf(b, "<option value=\"%s\"%R>%s</option>", action_statuses[s],
			    strcmp(status, action_statuses[s]) == 0 ? " selected" : "",
			    page_action_status(req, action_statuses[s]));
	html_printf(
		b,
		_("</select></label>\n<label>Grid elements it serves (e.g. 6.1, positive-practices S.4) "
		  "<input name=\"elements\" value=\"%s\"></label>\n<button type=\"submit\" "
		  "class=\"primary\">%s</button></form>\n"),
		form_value(req, "elements", a ? action_elements_text(req, a) : request_arg(req, "elements")),
		a ? _("Save") : _("Add action"));
	owner_choices(b, req);
}

static void
actions_html(struct request *req, struct response *res, const struct improve_board *ab)
{
	struct buf *b = &res->body;
	improve_crumbs_begin(req, b, _("Actions"), _("Actions"), NULL);
	html_printf(b, _("<h1>Actions of %s</h1>\n<div class=\"board\">\n"), req->unit->name);
	static const char *const headings[] = {N_("Planned"), N_("Doing"), N_("Done"), N_("Dropped")};
	for (int s = 0; s < 4; s++) {
		html_printf(b, "<section class=\"column\"><h2>%s</h2><ul class=\"cards plain-cards\">\n",
			    _(headings[s]));
		if (!improve_board_cards(b, req, ab, action_statuses[s]))
			buf_puts(b, _("<li class=\"note\">None.</li>\n"));
		buf_puts(b, "</ul></section>\n");
	}
	buf_puts(b, "</div>\n");
	if (req->role >= ROLE_FACILITATOR) {
		buf_puts(b, _("<section class=\"panel\" id=\"new-action\"><h2>Add an action</h2>\n"));
		action_form(b, req, improve_unit_path(req, "/actions"), NULL);
		buf_puts(b, "</section>\n");
	}
	page_end(b, req);
}

void
page_actions(struct request *req, struct response *res)
{
	struct improve_board ab;
	struct error err;
	if (improve_board_load(req, &ab, NULL, NULL, &err) < 0)
		respond_storage_error(req, res, &err);
	else if (wants_json(req))
		respond_json(res, MHD_HTTP_OK,
			     json_pack("{s:s, s:o, s:I}", "unit", req->unit->code, "actions", improve_board_json(&ab),
				       "overdue", (json_int_t)ab.overdue));
	else
		actions_html(req, res, &ab);
	improve_board_release(&ab);
}

static struct action_input
action_input_of(struct request *req)
{
	const char *round = request_input(req, "round");
	long long round_id = 0; /* none chosen; -1, no round's id, is refused as another unit's round would be */
	if (round && *round && !text_to_number(round, 1, INT64_MAX, &round_id))
		round_id = -1;
	return (struct action_input){.title = request_input(req, "title"),
				     .description = request_input(req, "description"),
				     .owner = request_input(req, "owner"),
				     .due_on = request_input(req, "due_on"),
				     .status = request_input(req, "status"),
				     .elements = request_input(req, "elements"),
				     .round_id = round_id};
}

void
page_actions_create(struct request *req, struct response *res)
{
	struct action_input in = action_input_of(req);
	struct error err;
	int64_t id;
	const struct actor who = request_actor(req);
	if (in.round_id) {
		struct round r;
		if (round_get(request_store(req), in.round_id, &r, &err) <= 0 || r.unit_id != req->unit->id) {
			respond_fail(req, res, MHD_HTTP_UNPROCESSABLE_CONTENT, improve_unit_path(req, "/actions"),
				     _("That round is not this unit's."));
			return;
		}
	}
	if (action_create(request_store(req), req->app->catalog, req->tree, &who, req->unit, &in, &id, &err) < 0) {
		respond_failed(req, res, improve_unit_path(req, "/actions"), &err);
		return;
	}
	respond_done(req, res, MHD_HTTP_CREATED,
		     improve_unit_path(req, arena_printf(req->arena, "/actions/%lld", (long long)id)),
		     _("Action added."), json_pack("{s:b, s:I}", "ok", 1, "id", (json_int_t)id));
}

/* ---- one action ---- */

/* An action's PDSA cycles, loaded before anything is written (strings in the request's arena). */
struct pdsa_list {
	struct request *req;
	struct pdsa *v; /* owned */
	size_t n, cap;
};

static const char *
dup_or_null(struct request *req, const char *s)
{
	return s ? arena_strdup(req->arena, s) : NULL;
}

static int
pdsa_keep(void *vctx, const struct pdsa *p)
{
	struct pdsa_list *l = vctx;
	struct request *req = l->req;
	l->v = xgrow(l->v, sizeof *l->v, l->n + 1, &l->cap);
	l->v[l->n++] = (struct pdsa){p->number,
				     dup_or_null(req, p->plan),
				     dup_or_null(req, p->prediction),
				     dup_or_null(req, p->measurement),
				     dup_or_null(req, p->planned_on),
				     dup_or_null(req, p->did),
				     dup_or_null(req, p->did_on),
				     dup_or_null(req, p->study),
				     dup_or_null(req, p->studied_on),
				     dup_or_null(req, p->act),
				     dup_or_null(req, p->act_note),
				     dup_or_null(req, p->acted_on)};
	return 0;
}

static json_t *
pdsa_json(const struct pdsa *p)
{
	return json_pack("{s:I, s:s, s:s?, s:s?, s:s, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?}", "number",
			 (json_int_t)p->number, "plan", p->plan, "prediction", p->prediction, "measurement",
			 p->measurement, "planned_on", p->planned_on, "do", p->did, "done_on", p->did_on, "study",
			 p->study, "studied_on", p->studied_on, "act", p->act, "act_note", p->act_note, "acted_on",
			 p->acted_on);
}

/* A PDSA cycle's decision in words: adopt, adapt, abandon. */
static const char *
pdsa_act_words(const struct request *req, const char *act)
{
	return strcmp(act, "adopt") == 0     ? _("adopt")
	       : strcmp(act, "adapt") == 0   ? _("adapt")
	       : strcmp(act, "abandon") == 0 ? _("abandon")
					     : act;
}

/* A PDSA cycle, with (for a facilitator) the form that records its next stage; HREF is the action's page. */
static void
pdsa_html(struct buf *b, struct request *req, const struct pdsa *p, const char *href, bool facilitator)
{
	html_printf(b, "<section class=\"panel pdsa\"><h3>%s</h3><dl><dt>%s</dt><dd>%s",
		    arena_printf(req->arena, _("Cycle %ld"), p->number),
		    arena_printf(req->arena, _("Plan (%s)"), page_date(req, p->planned_on)), p->plan);
	if (p->prediction)
		html_printf(b, _("<br><em>We predict:</em> %s"), p->prediction);
	if (p->measurement)
		html_printf(b, _("<br><em>We will measure:</em> %s"), p->measurement);
	buf_puts(b, "</dd>");
	if (p->did)
		html_printf(b, "<dt>%s</dt><dd>%s</dd>",
			    arena_printf(req->arena, _("Do (%s)"), page_date(req, p->did_on)), p->did);
	if (p->study)
		html_printf(b, "<dt>%s</dt><dd>%s</dd>",
			    arena_printf(req->arena, _("Study (%s)"), page_date(req, p->studied_on)), p->study);
	if (p->act)
		html_printf(b, "<dt>%s</dt><dd><strong>%s</strong>%s%s</dd>",
			    arena_printf(req->arena, _("Act (%s)"), page_date(req, p->acted_on)),
			    pdsa_act_words(req, p->act), p->act_note ? ": " : "", p->act_note ? p->act_note : "");
	buf_puts(b, "</dl>");
	const char *next = !p->did ? "do" : !p->study ? "study" : !p->act ? "act" : NULL;
	if (facilitator && next) {
		html_printf(b, "<form method=\"post\" action=\"%s/pdsa/%ld\" class=\"stack\">", href, p->number);
		page_csrf_field(b, req);
		html_printf(b, "<input type=\"hidden\" name=\"stage\" value=\"%s\">", next);
		improve_pdsa_stage_fields(b, req, next);
		buf_puts(b, "</form>");
	}
	buf_puts(b, "</section>\n");
}

/* The facilitator's forms under the cycles: plan the next cycle (LAST: the last one's number, 0 for none), and
 * change the action. */
static void
action_forms(struct buf *b, struct request *req, struct action *a, const char *href, long last)
{
	char day[11];
	today(day);
	html_printf(
		b,
		"<section class=\"panel\"><h2>%s</h2><form method=\"post\" action=\"%s/pdsa\" class=\"stack\">",
		last ? _("Start the next cycle") : _("Plan a first cycle"), href);
	page_csrf_field(b, req);
	html_printf(
		b,
		_("<label>Plan: what we try <textarea name=\"plan\" rows=\"2\" required>%s</textarea></label>"
		  "<label>What we predict <textarea name=\"prediction\" rows=\"2\">%s</textarea></label>"
		  "<label>What we will measure <input name=\"measurement\" value=\"%s\"></label>"
		  "<label>On <input type=\"date\" name=\"planned_on\" value=\"%s\" required></label>"
		  "<button type=\"submit\" class=\"primary\">Plan cycle</button></form></section>\n"
		  "<details class=\"action\"%R><summary>Change the action</summary>"),
		form_value(req, "plan", NULL), form_value(req, "prediction", NULL),
		form_value(req, "measurement", NULL), form_value(req, "planned_on", day),
		req->refused.on && request_input(req, "title") ? " open" : "");
	action_form(b, req, href, a);
	buf_puts(b, "</details>\n");
}

static void
action_html(struct request *req, struct response *res, const struct pdsa_list *l)
{
	struct action *a = req->action;
	const char *href = improve_unit_path(req, arena_printf(req->arena, "/actions/%lld", (long long)a->id));
	bool facilitator = req->role >= ROLE_FACILITATOR;
	struct buf *b = &res->body;
	improve_crumbs_begin(req, b, a->title, _("Actions"), improve_unit_path(req, "/actions"));
	char day[11];
	today(day);
	html_printf(b, "<h1>%s</h1>\n<p class=\"lead\">%s · %s%s%s</p>\n", a->title, page_action_status(req, a->status),
		    a->owner_name[0] ? a->owner_name : _("no owner yet"),
		    a->due_on[0] ? arena_printf(req->arena, _(" · due %s"), page_date(req, a->due_on)) : "",
		    action_overdue(a, day) ? _(" · overdue") : "");
	if (a->description[0])
		html_printf(b, "<p>%s</p>\n", a->description);
	if (a->elements.n) {
		buf_puts(b, _("<p>Serves:</p>\n<ul>"));
		for (size_t i = 0; i < a->elements.n; i++) {
			char id[100], code[64];
			sscanf(a->elements.v[i], "%99s %63s", id, code);
			html_printf(b, "<li><a href=\"/units/%s/elements/%s/%s\">%s</a></li>", req->unit->code, id,
				    code, page_elements_words(req, a->elements.v[i]));
		}
		buf_puts(b, "</ul>\n");
	}
	buf_puts(b, _("<h2>PDSA cycles</h2>\n"));
	for (size_t i = 0; i < l->n; i++)
		pdsa_html(b, req, &l->v[i], href, facilitator);
	long last = l->n ? l->v[l->n - 1].number : 0;
	if (!last)
		buf_puts(b, _("<p class=\"note\">No cycle yet.</p>\n"));
	if (facilitator)
		action_forms(b, req, a, href, last);
	page_end(b, req);
}

static void
action_page_json(struct response *res, const struct action *a, const struct pdsa_list *l)
{
	char day[11];
	today(day);
	json_t *doc = action_json(a, day), *cycles = json_array();
	for (size_t i = 0; i < l->n; i++)
		json_array_append_new(cycles, pdsa_json(&l->v[i]));
	json_object_set_new(doc, "pdsa", cycles);
	respond_json(res, MHD_HTTP_OK, doc);
}

/* An action (the dispatcher's) and its PDSA cycles. */
void
page_action(struct request *req, struct response *res)
{
	struct pdsa_list l = {.req = req};
	struct error err;
	if (pdsa_each(request_store(req), req->action->id, pdsa_keep, &l, &err) < 0)
		respond_storage_error(req, res, &err);
	else if (wants_json(req))
		action_page_json(res, req->action, &l);
	else
		action_html(req, res, &l);
	free(l.v);
}

void
page_action_update(struct request *req, struct response *res)
{
	struct action *a = req->action;
	struct action_input in = action_input_of(req);
	/* A partial update from the API keeps what it does not give. */
	if (!in.title)
		in.title = a->title;
	if (!in.description)
		in.description = a->description;
	if (!in.owner)
		in.owner = action_owner_typed(a);
	if (!in.due_on)
		in.due_on = a->due_on;
	struct error err;
	const struct actor who = request_actor(req);
	const char *href = improve_unit_path(req, arena_printf(req->arena, "/actions/%lld", (long long)a->id));
	if (action_update(request_store(req), req->app->catalog, req->tree, &who, req->unit, a, &in, &err) < 0)
		respond_failed(req, res, href, &err);
	else
		respond_done(req, res, MHD_HTTP_OK, href, _("Saved."), NULL);
}

/* A new cycle of the action testing the change idea "idea" (of an aim of the unit): it goes on the idea's ramp.
 * 1 answered, either way. */
static int
action_pdsa_for_idea(struct request *req, struct response *res, const char *href)
{
	struct error err;
	const struct actor who = request_actor(req);
	const struct idea_cycle_input in = {.plan = request_input(req, "plan"),
					    .prediction = request_input(req, "prediction"),
					    .measurement = request_input(req, "measurement"),
					    .planned_on = request_input(req, "planned_on")};
	struct idea_cycle c;
	if (idea_cycle_plan_on(request_store(req), &who, req->unit, req->action, request_input(req, "idea"), &in, &c,
			       &err) < 0)
		respond_failed(req, res, href, &err);
	else
		respond_done(req, res, MHD_HTTP_CREATED, href, _("Saved."),
			     json_pack("{s:b, s:I, s:i, s:i}", "ok", 1, "action", (json_int_t)c.action_id, "cycle",
				       (int)c.number, "step", (int)c.step));
	return 1;
}

void
page_action_pdsa(struct request *req, struct response *res)
{
	struct action *a = req->action;
	struct error err;
	const struct actor who = request_actor(req);
	const char *href = improve_unit_path(req, arena_printf(req->arena, "/actions/%lld", (long long)a->id));
	int rc;
	char *end; /* {n}: the dispatcher let only a positive whole number through */
	if (req->n_params > 2)
		rc = pdsa_record(request_store(req), &who, a, strtol(req->params[2], &end, 10),
				 request_input(req, "stage") ? request_input(req, "stage") : "",
				 request_input(req, "text"), request_input(req, "on"), request_input(req, "act"), &err);
	else if (!text_blank(request_input(req, "idea")))
		rc = action_pdsa_for_idea(req, res, href);
	else
		rc = pdsa_add(request_store(req), &who, a, request_input(req, "plan"), request_input(req, "prediction"),
			      request_input(req, "measurement"), request_input(req, "planned_on"), &err);
	if (rc < 0)
		respond_failed(req, res, href, &err);
	else if (rc == 0)
		respond_done(req, res, req->n_params > 2 ? MHD_HTTP_OK : MHD_HTTP_CREATED, href, _("Saved."), NULL);
}
