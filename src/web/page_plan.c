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

struct plan_ctx {
	struct request *req;
	struct buf *b;
	json_t *json;
	bool editable;
	char by[11];       /* reviews due on or before: two weeks from today */
	size_t n, due;
	struct review {
		int64_t goal_id;
		const char *on, *note;
	} *reviews;
	size_t n_reviews, cap;
};

static int
plan_review(void *vctx, int64_t goal_id, const char *on, const char *note)
{
	struct plan_ctx *c = vctx;
	c->reviews = xgrow(c->reviews, sizeof *c->reviews, c->n_reviews + 1, &c->cap);
	c->reviews[c->n_reviews++] = (struct review){goal_id, arena_printf(c->req->arena, "%s", on),
						     arena_printf(c->req->arena, "%s", note)};
	return 0;
}

/* A goal's status in words: open, achieved, dropped. */
static const char *
goal_status_words(const struct request *req, const char *status)
{
	return strcmp(status, "open") == 0 ? _("open") : strcmp(status, "achieved") == 0 ? _("achieved")
		: strcmp(status, "dropped") == 0 ? _("dropped") : status;
}

static int
plan_goal(void *vctx, const struct pdp_goal *g)
{
	struct plan_ctx *c = vctx;
	const struct request *req = c->req;
	bool due = pdp_goal_due(g, c->by);
	c->n++;
	c->due += due;
	if (c->json) {
		json_t *reviews = json_array();
		for (size_t i = 0; i < c->n_reviews; i++)
			if (c->reviews[i].goal_id == g->id)
				json_array_append_new(reviews, json_pack("{s:s, s:s}", "on", c->reviews[i].on, "note",
									 c->reviews[i].note));
		json_array_append_new(c->json, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s?, s:s, s:b, s:o}", "id",
							 (json_int_t)g->id, "title", g->title, "elements", g->elements,
							 "actions", g->actions, "coach", g->coach, "review_on",
							 g->review_on[0] ? g->review_on : NULL, "status", g->status,
							 "due", due, "reviews", reviews));
		return 0;
	}
	struct buf *b = c->b;
	html_printf(b, "<article class=\"panel%R\" id=\"goal-%lld\"><h3>%s</h3>\n<p class=\"note\">%s%s%s%s%s</p>\n",
		    due ? " late" : "", (long long)g->id, g->title, goal_status_words(req, g->status),
		    *g->elements
			    ? arena_printf(c->req->arena, _(" · develops %s"), page_elements_words(c->req, g->elements))
			    : "",
		    *g->coach ? arena_printf(c->req->arena, _(" · coach: %s"), g->coach) : "",
		    g->review_on[0]
			    ? arena_printf(c->req->arena, _(" · next review %s"), page_date(c->req, g->review_on))
			    : "",
		    "");
	if (due)
		buf_puts(b, _("<p class=\"concern\">Review due.</p>\n"));
	if (*g->actions)
		html_printf(b, "<p>%s</p>\n", g->actions);
	buf_puts(b, "<ul>\n");
	for (size_t i = 0; i < c->n_reviews; i++)
		if (c->reviews[i].goal_id == g->id)
			html_printf(b, "<li><strong>%s</strong> %s</li>\n", c->reviews[i].on, c->reviews[i].note);
	buf_puts(b, "</ul>\n");
	if (c->editable) {
		char now[11];
		today(now);
		html_printf(
			b,
			_("<details><summary>Review or update</summary><form method=\"post\" "
			  "action=\"/me/plan/%lld/review\" "
			  "class=\"stack\">"),
			(long long)g->id);
		page_csrf_field(b, c->req);
		html_printf(
			b,
			_("<label>Reviewed on <input type=\"date\" name=\"reviewed_on\" value=\"%s\" required></label>"
			  "<label>Notes <textarea name=\"note\" rows=\"3\" required "
			  "maxlength=\"4000\"></textarea></label>"
			  "<button type=\"submit\" class=\"secondary\">Add review</button></form>\n<form "
			  "method=\"post\" action=\"/me/plan/%lld\" "
			  "class=\"stack\">"),
			now, (long long)g->id);
		page_csrf_field(b, c->req);
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
		html_printf(
			b,
			"</select></label><button type=\"submit\" class=\"secondary\">%s</button></form></details>\n",
			_("Save"));
	}
	buf_puts(b, "</article>\n");
	return 0;
}

static int
count_due(void *vctx, const struct pdp_goal *g)
{
	struct plan_ctx *c = vctx;
	c->due += pdp_goal_due(g, c->by);
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

static void
render_plan(struct request *req, struct response *res, int64_t owner_id, const char *owner_name, bool editable)
{
	struct plan_ctx c = {.req = req, .editable = editable};
	char now[11];
	today(now);
	days_from(now, 14, c.by);
	struct error err;
	if (pdp_reviews_each(request_store(req), owner_id, plan_review, &c, &err) < 0)
		goto storage;
	if (wants_json(req)) {
		c.json = json_array();
		if (pdp_goals_each(request_store(req), owner_id, plan_goal, &c, &err) < 0) {
			json_decref(c.json);
			goto storage;
		}
		free(c.reviews);
		respond_json(res, MHD_HTTP_OK,
			     json_pack("{s:s, s:o, s:I}", "owner", owner_name, "goals", c.json, "due",
				       (json_int_t)c.due));
		return;
	}
	struct buf *b = &res->body;
	c.b = b;
	if (editable)
		leaders_begin(req, b, _("My development plan"), _("My development plan"), NULL);
	else
		leaders_begin(req, b, arena_printf(req->arena, _("%s's development plan"), owner_name), _("Coaching"),
			      "/me/coaching");
	html_printf(b, "<h1>%s</h1>\n",
		    editable ? _("My development plan")
			     : arena_printf(req->arena, _("%s's development plan"), owner_name));
	if (editable)
		buf_puts(b, _("<p>Private to you unless you share it with a coach or mentor.</p>\n"));
	/* The reminder goes above the goals it is about: count first. */
	if (pdp_goals_each(request_store(req), owner_id, count_due, &c, &err) < 0)
		goto storage;
	if (c.due)
		html_printf(b, "<p class=\"panel notice\">%s</p>\n",
			    arena_printf(req->arena,
					 trn(req->lang, "%zu review due by %s.", "%zu reviews due by %s.", c.due),
					 c.due, page_date(req, c.by)));
	c.due = 0;
	if (pdp_goals_each(request_store(req), owner_id, plan_goal, &c, &err) < 0)
		goto storage;
	if (!c.n)
		buf_puts(b, _("<p class=\"note\">No goals yet.</p>\n"));
	free(c.reviews);
	if (editable) {
		buf_puts(
			b,
			_("<section class=\"panel\"><h2>Add a goal</h2>\n<form method=\"post\" action=\"/me/plan\" "
			  "class=\"stack\">"));
		page_csrf_field(b, req);
		buf_puts(
			b,
			_("<label>Goal <input name=\"title\" required maxlength=\"200\"></label>"
			  "<label>Competencies or practices it develops (e.g. relational-leadership RL3, "
			  "positive-practices L.2) "
			  "<input name=\"elements\" maxlength=\"500\"></label>"
			  "<label>Actions to reach it <textarea name=\"actions\" rows=\"3\" "
			  "maxlength=\"4000\"></textarea></label>"
			  "<label>Coach or mentor <input name=\"coach\" maxlength=\"200\"></label>"
			  "<label>First review <input type=\"date\" name=\"review_on\"></label>"
			  "<button type=\"submit\" class=\"primary\">Add goal</button></form></section>\n"
			  "<section class=\"panel\"><h2>Share with a coach</h2>\n"));
		struct leaders_people coaches = {.req = req};
		if (pdp_coaches_each(request_store(req), owner_id, leaders_person, &coaches, &err) < 0)
			goto storage;
		leaders_shared_with(b, req, &coaches, "/me/plan/share");
		buf_puts(b, "<form method=\"post\" action=\"/me/plan/share\" class=\"stack\">");
		page_csrf_field(b, req);
		buf_puts(
			b,
			_("<label>Their email <input type=\"email\" name=\"email\" required></label>"
			  "<button type=\"submit\" name=\"share\" value=\"yes\" "
			  "class=\"primary\">Share</button></form></section>\n"));
	}
	page_end(b, req);
	return;
storage:
	free(c.reviews);
	respond_storage_error(req, res, &err);
}

void
page_plan(struct request *req, struct response *res)
{
	render_plan(req, res, req->user.id, req->user.name, true);
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

struct coached_ctx {
	struct buf *b;
	json_t *json;
	size_t n;
};

static int
coached_person(void *vctx, int64_t id, const char *email, const char *name)
{
	struct coached_ctx *c = vctx;
	c->n++;
	if (c->json)
		json_array_append_new(c->json,
				      json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "email", email, "name", name));
	else
		html_printf(c->b, "<li><a href=\"/me/coaching/%lld\">%s</a> <span class=\"note\">%s</span></li>\n",
			    (long long)id, name, email);
	return 0;
}

void
page_coaching(struct request *req, struct response *res)
{
	struct coached_ctx c = {0};
	struct error err;
	if (wants_json(req)) {
		c.json = json_array();
		if (pdp_coached_each(request_store(req), req->user.id, coached_person, &c, &err) < 0) {
			json_decref(c.json);
			respond_storage_error(req, res, &err);
			return;
		}
		respond_json(res, MHD_HTTP_OK, json_pack("{s:o}", "people", c.json));
		return;
	}
	struct buf *b = &res->body;
	c.b = b;
	leaders_begin(req, b, _("Coaching"), _("Coaching"), NULL);
	buf_puts(
		b,
		_("<h1>Coaching</h1>\n<p>The people who shared their development plan with you.</p>\n<ul "
		  "class=\"links\">\n"));
	if (pdp_coached_each(request_store(req), req->user.id, coached_person, &c, &err) < 0) {
		respond_storage_error(req, res, &err);
		return;
	}
	if (!c.n)
		buf_puts(b, _("<li class=\"note\">Nobody yet.</li>\n"));
	buf_puts(b, "</ul>\n");
	page_end(b, req);
}

void
page_coaching_plan(struct request *req, struct response *res)
{
	render_plan(req, res, req->coachee->id, req->coachee->name, false);
}

