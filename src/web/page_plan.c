/*
 * page_plan.c - the personal development plan: goals with the competencies they develop, reviews and their
 * reminders, shared read-only with a coach (/me/coaching).
 */
#include <math.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/catalog.h"
#include "domain/feedback.h"
#include "domain/pdp.h"
#include "domain/round.h"
#include "lib/xalloc.h"
#include "web/app.h"
#include "web/handlers.h"
#include "web/leaders.h"
#include "web/page.h"
#include "web/svg.h"

/* ---- the personal development plan ---- */

/* A plan, loaded before anything is written: its goals (strings in the request's arena), their reviews, how
 * many reviews fall due within two weeks, and (for the owner's own page) the coaches it is shared with. */
struct plan {
	struct request *req;
	const char *owner_name;
	bool editable;
	char by[11]; /* reviews due on or before: two weeks from today */
	struct plan_goal {
		struct pdp_goal g;
		bool due;
	} *goals; /* owned */
	size_t n, cap, due;
	struct review {
		int64_t goal_id;
		const char *on, *note;
	} *reviews; /* owned */
	size_t n_reviews, cap_reviews;
	struct leaders_people coaches;
};

static int
plan_review(void *vctx, int64_t goal_id, const char *on, const char *note)
{
	struct plan *p = vctx;
	p->reviews = xgrow(p->reviews, sizeof *p->reviews, p->n_reviews + 1, &p->cap_reviews);
	p->reviews[p->n_reviews++] = (struct review){goal_id, arena_printf(p->req->arena, "%s", on),
						     arena_printf(p->req->arena, "%s", note)};
	return 0;
}

static int
plan_keep_goal(void *vctx, const struct pdp_goal *g)
{
	struct plan *p = vctx;
	struct arena *a = p->req->arena;
	p->goals = xgrow(p->goals, sizeof *p->goals, p->n + 1, &p->cap);
	struct plan_goal *k = &p->goals[p->n++];
	k->g = *g;
	k->g.title = arena_strdup(a, g->title);
	k->g.elements = arena_strdup(a, g->elements);
	k->g.actions = arena_strdup(a, g->actions);
	k->g.coach = arena_strdup(a, g->coach);
	k->due = pdp_goal_due(g, p->by);
	p->due += k->due;
	return 0;
}

/* TODAY plus DAYS, as YYYY-MM-DD. */
static void
days_from(const char *today_s, int days, char out[11])
{
	struct tm tm = {0};
	sscanf(today_s, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_mday += days;
	time_t t = timegm(&tm);
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static int
plan_load(struct request *req, int64_t owner_id, const char *owner_name, bool editable, struct plan *p,
	  struct error *err)
{
	*p = (struct plan){.req = req, .owner_name = owner_name, .editable = editable, .coaches = {.req = req}};
	char now[11];
	today(now);
	days_from(now, 14, p->by);
	struct store *s = request_store(req);
	if (pdp_reviews_each(s, owner_id, plan_review, p, err) < 0 ||
	    pdp_goals_each(s, owner_id, plan_keep_goal, p, err) < 0)
		return -1;
	if (editable && pdp_coaches_each(s, owner_id, leaders_person, &p->coaches, err) < 0)
		return -1;
	return 0;
}

static void
plan_release(struct plan *p)
{
	free(p->goals);
	free(p->reviews);
}

static void
plan_json(struct response *res, const struct plan *p)
{
	json_t *goals = json_array();
	for (size_t k = 0; k < p->n; k++) {
		const struct pdp_goal *g = &p->goals[k].g;
		json_t *reviews = json_array();
		for (size_t i = 0; i < p->n_reviews; i++)
			if (p->reviews[i].goal_id == g->id)
				json_array_append_new(reviews, json_pack("{s:s, s:s}", "on", p->reviews[i].on, "note",
									 p->reviews[i].note));
		json_array_append_new(goals, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s?, s:s, s:b, s:o}", "id",
						       (json_int_t)g->id, "title", g->title, "elements", g->elements,
						       "actions", g->actions, "coach", g->coach, "review_on",
						       g->review_on[0] ? g->review_on : NULL, "status", g->status,
						       "due", p->goals[k].due, "reviews", reviews));
	}
	respond_json(res, MHD_HTTP_OK,
		     json_pack("{s:s, s:o, s:I}", "owner", p->owner_name, "goals", goals, "due", (json_int_t)p->due));
}

/* A goal's status in words: open, achieved, dropped. */
static const char *
goal_status_words(const struct request *req, const char *status)
{
	return strcmp(status, "open") == 0 ? _("open") : strcmp(status, "achieved") == 0 ? _("achieved")
		: strcmp(status, "dropped") == 0 ? _("dropped") : status;
}

/* The owner's forms under a goal: a review, and the next review date and status. */
static void
plan_goal_forms(struct buf *b, struct request *req, const struct pdp_goal *g)
{
	char now[11];
	today(now);
	html_printf(
		b,
		_("<details><summary>Review or update</summary><form method=\"post\" "
		  "action=\"/me/plan/%lld/review\" "
		  "class=\"stack\">"),
		(long long)g->id);
	page_csrf_field(b, req);
	html_printf(
		b,
		_("<label>Reviewed on <input type=\"date\" name=\"reviewed_on\" value=\"%s\" required></label>"
		  "<label>Notes <textarea name=\"note\" rows=\"3\" required "
		  "maxlength=\"4000\"></textarea></label>"
		  "<button type=\"submit\" class=\"secondary\">Add review</button></form>\n<form "
		  "method=\"post\" action=\"/me/plan/%lld\" "
		  "class=\"stack\">"),
		now, (long long)g->id);
	page_csrf_field(b, req);
	html_printf(
		b,
		_("<label>Next review <input type=\"date\" name=\"review_on\" "
		  "value=\"%s\"></label><label>Status "
		  "<select name=\"status\">"),
		g->review_on);
	for (int s = 0; pdp_statuses[s]; s++)
		html_printf(b, "<option value=\"%s\"%R>%s</option>", pdp_statuses[s],
			    strcmp(g->status, pdp_statuses[s]) == 0 ? " selected" : "",
			    goal_status_words(req, pdp_statuses[s]));
	html_printf(b, "</select></label><button type=\"submit\" class=\"secondary\">%s</button></form></details>\n",
		    _("Save"));
}

static void
plan_goal_html(struct buf *b, struct request *req, const struct plan *p, const struct plan_goal *k)
{
	const struct pdp_goal *g = &k->g;
	html_printf(b, "<article class=\"panel%R\" id=\"goal-%lld\"><h3>%s</h3>\n<p class=\"note\">%s%s%s%s%s</p>\n",
		    k->due ? " late" : "", (long long)g->id, g->title, goal_status_words(req, g->status),
		    *g->elements ? arena_printf(req->arena, _(" · develops %s"), page_elements_words(req, g->elements))
				 : "",
		    *g->coach ? arena_printf(req->arena, _(" · coach: %s"), g->coach) : "",
		    g->review_on[0] ? arena_printf(req->arena, _(" · next review %s"), page_date(req, g->review_on))
				    : "",
		    "");
	if (k->due)
		buf_puts(b, _("<p class=\"concern\">Review due.</p>\n"));
	if (*g->actions)
		html_printf(b, "<p>%s</p>\n", g->actions);
	buf_puts(b, "<ul>\n");
	for (size_t i = 0; i < p->n_reviews; i++)
		if (p->reviews[i].goal_id == g->id)
			html_printf(b, "<li><strong>%s</strong> %s</li>\n", p->reviews[i].on, p->reviews[i].note);
	buf_puts(b, "</ul>\n");
	if (p->editable)
		plan_goal_forms(b, req, g);
	buf_puts(b, "</article>\n");
}

/* The owner's panels below the goals: add a goal, and share the plan with a coach. */
static void
plan_owner_panels(struct buf *b, struct request *req, const struct plan *p)
{
	buf_puts(b, _("<section class=\"panel\"><h2>Add a goal</h2>\n<form method=\"post\" action=\"/me/plan\" "
		    "class=\"stack\">"));
	page_csrf_field(b, req);
	buf_puts(b, _("<label>Goal <input name=\"title\" required maxlength=\"200\"></label>"
		    "<label>Competencies or practices it develops (e.g. relational-leadership RL3, "
		    "positive-practices L.2) "
		    "<input name=\"elements\" maxlength=\"500\"></label>"
		    "<label>Actions to reach it <textarea name=\"actions\" rows=\"3\" "
		    "maxlength=\"4000\"></textarea></label>"
		    "<label>Coach or mentor <input name=\"coach\" maxlength=\"200\"></label>"
		    "<label>First review <input type=\"date\" name=\"review_on\"></label>"
		    "<button type=\"submit\" class=\"primary\">Add goal</button></form></section>\n"
		    "<section class=\"panel\"><h2>Share with a coach</h2>\n"));
	leaders_shared_with(b, req, &p->coaches, "/me/plan/share");
	buf_puts(b, "<form method=\"post\" action=\"/me/plan/share\" class=\"stack\">");
	page_csrf_field(b, req);
	buf_puts(b, _("<label>Their email <input type=\"email\" name=\"email\" required></label>"
		    "<button type=\"submit\" name=\"share\" value=\"yes\" "
		    "class=\"primary\">Share</button></form></section>\n"));
}

static void
plan_html(struct request *req, struct response *res, const struct plan *p)
{
	struct buf *b = &res->body;
	const char *whose = arena_printf(req->arena, _("%s's development plan"), p->owner_name);
	if (p->editable)
		leaders_begin(req, b, _("My development plan"), _("My development plan"), NULL);
	else
		leaders_begin(req, b, whose, _("Coaching"), "/me/coaching");
	html_printf(b, "<h1>%s</h1>\n", p->editable ? _("My development plan") : whose);
	if (p->editable)
		buf_puts(b, _("<p>Private to you unless you share it with a coach or mentor.</p>\n"));
	/* The reminder goes above the goals it is about. */
	if (p->due)
		html_printf(b, "<p class=\"panel notice\">%s</p>\n",
			    arena_printf(req->arena,
					 trn(req->lang, "%zu review due by %s.", "%zu reviews due by %s.", p->due),
					 p->due, page_date(req, p->by)));
	for (size_t k = 0; k < p->n; k++)
		plan_goal_html(b, req, p, &p->goals[k]);
	if (!p->n)
		buf_puts(b, _("<p class=\"note\">No goals yet.</p>\n"));
	if (p->editable)
		plan_owner_panels(b, req, p);
	page_end(b, req);
}

/* OWNER's plan: their own (EDITABLE, with the forms) or a coachee's, read-only. */
static void
serve_plan(struct request *req, struct response *res, int64_t owner_id, const char *owner_name, bool editable)
{
	struct plan p;
	struct error err;
	if (plan_load(req, owner_id, owner_name, editable, &p, &err) < 0)
		respond_storage_error(req, res, &err);
	else if (wants_json(req))
		plan_json(res, &p);
	else
		plan_html(req, res, &p);
	plan_release(&p);
}

void
page_plan(struct request *req, struct response *res)
{
	serve_plan(req, res, req->user.id, req->user.name, true);
}

void
page_plan_add(struct request *req, struct response *res)
{
	struct pdp_goal_input in = {request_input(req, "title"), request_input(req, "elements"),
				    request_input(req, "actions"), request_input(req, "coach"),
				    request_input(req, "review_on")};
	struct error err;
	int64_t id;
	if (pdp_goal_add(request_store(req), &req->user, &in, &id, &err) < 0) {
		respond_failed(req, res, "/me/plan", &err);
		return;
	}
	respond_done(req, res, MHD_HTTP_CREATED, "/me/plan", _("Goal added."),
		     json_pack("{s:I}", "id", (json_int_t)id));
}

void
page_plan_update(struct request *req, struct response *res)
{
	struct error err;
	if (pdp_goal_update(request_store(req), &req->user, req->id, request_input(req, "review_on"),
			    request_input(req, "status"), &err) < 0) {
		respond_failed(req, res, "/me/plan", &err);
		return;
	}
	respond_done(req, res, MHD_HTTP_OK, "/me/plan", _("Goal saved."), NULL);
}

void
page_plan_review(struct request *req, struct response *res)
{
	struct error err;
	if (pdp_review_add(request_store(req), &req->user, req->id, request_input(req, "reviewed_on"),
			   request_input(req, "note"), &err) < 0) {
		respond_failed(req, res, "/me/plan", &err);
		return;
	}
	respond_done(req, res, MHD_HTTP_CREATED, "/me/plan", _("Review added."), NULL);
}

void
page_plan_share(struct request *req, struct response *res)
{
	const char *share = request_input(req, "share");
	bool on = !share || strcmp(share, "no") != 0;
	struct error err;
	const struct actor who = request_actor(req);
	if (pdp_share(request_store(req), &who, &req->user, request_input(req, "email"), on, &err) < 0) {
		respond_failed(req, res, "/me/plan", &err);
		return;
	}
	respond_done(req, res, MHD_HTTP_OK, "/me/plan", on ? _("Plan shared.") : _("Plan no longer shared."), NULL);
}

/* The people who shared their plan with this person, loaded first (strings in the request's arena). */
struct coached {
	struct request *req;
	struct coachee {
		int64_t id;
		const char *email, *name;
	} *v; /* owned */
	size_t n, cap;
};

static int
coached_keep(void *vctx, int64_t id, const char *email, const char *name)
{
	struct coached *c = vctx;
	c->v = xgrow(c->v, sizeof *c->v, c->n + 1, &c->cap);
	c->v[c->n++] = (struct coachee){id, arena_strdup(c->req->arena, email), arena_strdup(c->req->arena, name)};
	return 0;
}

static void
coaching_json(struct response *res, const struct coached *c)
{
	json_t *people = json_array();
	for (size_t i = 0; i < c->n; i++)
		json_array_append_new(people, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)c->v[i].id, "email",
							c->v[i].email, "name", c->v[i].name));
	respond_json(res, MHD_HTTP_OK, json_pack("{s:o}", "people", people));
}

static void
coaching_html(struct request *req, struct response *res, const struct coached *c)
{
	struct buf *b = &res->body;
	leaders_begin(req, b, _("Coaching"), _("Coaching"), NULL);
	buf_puts(
		b,
		_("<h1>Coaching</h1>\n<p>The people who shared their development plan with you.</p>\n<ul "
		  "class=\"links\">\n"));
	for (size_t i = 0; i < c->n; i++)
		html_printf(b, "<li><a href=\"/me/coaching/%lld\">%s</a> <span class=\"note\">%s</span></li>\n",
			    (long long)c->v[i].id, c->v[i].name, c->v[i].email);
	if (!c->n)
		buf_puts(b, _("<li class=\"note\">Nobody yet.</li>\n"));
	buf_puts(b, "</ul>\n");
	page_end(b, req);
}

void
page_coaching(struct request *req, struct response *res)
{
	struct coached c = {.req = req};
	struct error err;
	if (pdp_coached_each(request_store(req), req->user.id, coached_keep, &c, &err) < 0)
		respond_storage_error(req, res, &err);
	else if (wants_json(req))
		coaching_json(res, &c);
	else
		coaching_html(req, res, &c);
	free(c.v);
}

void
page_coaching_plan(struct request *req, struct response *res)
{
	serve_plan(req, res, req->coachee->id, req->coachee->name, false);
}

