/*
 * page_leaders.c - growing leaders on the web and in the API: a person's 360-degree feedback cycles (start,
 * rate yourself, invite colleagues by link, share), the colleague's form behind an invitation link (no
 * account), the report (self against others, blind spots and hidden strengths, distributions, words, change
 * since the previous cycle), and the personal development plan with its reminders, shared with a coach.
 * Results and plans belong to their person: anyone else is answered 404, an administrator included.
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
#include "web/page.h"
#include "web/svg.h"

static struct actor
actor_of(const struct request *req)
{
	return (struct actor){req->user.id, req->user.email, req->address};
}

static void
leaders_begin(struct request *req, struct buf *b, const char *title, const char *section, const char *section_href)
{
	const struct crumb crumbs[] = {{section, section_href}, {section_href ? title : NULL, NULL}, {NULL, NULL}};
	page_begin(b, req, title, crumbs);
}

/* The number the route's first parameter ({id}) names, or 0 when it is not a positive number. */
static int64_t
id_param(const struct request *req)
{
	char *end;
	long long id = strtoll(req->params[0], &end, 10);
	return *end || id <= 0 ? 0 : id;
}

/* The cycle the route's {id} names, when the signed-in person may see it (OWNER_ONLY: only its owner).
 * Otherwise 404, so that nobody learns whether someone else's cycle exists. 0 found, -1 answered. */
static int
load_cycle(struct request *req, struct response *res, bool owner_only, struct feedback_cycle *c, const struct instrument **ins)
{
	struct error err;
	int64_t id = id_param(req);
	int found = id ? feedback_cycle_get(request_store(req), id, c, &err) : 0;
	if (found < 0) {
		respond_storage_error(req, res, &err);
		return -1;
	}
	bool may = false;
	if (found && !owner_only && feedback_may_read(request_store(req), c, &req->user, &may, &err) < 0) {
		respond_storage_error(req, res, &err);
		return -1;
	}
	if (found && owner_only)
		may = c->user_id == req->user.id;
	if (!found || !may) {
		respond_error(req, res, MHD_HTTP_NOT_FOUND, "No such feedback cycle of yours.");
		return -1;
	}
	*ins = catalog_find(req->app->catalog, c->instrument_id, c->version);
	if (!*ins) {
		respond_error(req, res, MHD_HTTP_INTERNAL_SERVER_ERROR, "The cycle's instrument is no longer loaded.");
		return -1;
	}
	return 0;
}

static const char *
cycle_path(struct request *req, const struct feedback_cycle *c, const char *suffix)
{
	return arena_printf(req->arena, "/me/feedback/%lld%s", (long long)c->id, suffix);
}

static json_t *
cycle_json(const struct feedback_cycle *c)
{
	return json_pack("{s:I, s:s, s:s, s:I, s:s, s:b}", "id", (json_int_t)c->id, "title", c->title, "instrument",
			 c->instrument_id, "version", (json_int_t)c->version, "created_at", c->created_at, "closed", c->closed);
}

/* ---- the list of one's cycles ---- */

struct cycle_list {
	struct request *req;
	struct buf *b;
	json_t *json;
	size_t n;
};

static int
cycle_item(void *vctx, const struct feedback_cycle *c)
{
	struct cycle_list *l = vctx;
	l->n++;
	if (l->json) {
		json_array_append_new(l->json, cycle_json(c));
		return 0;
	}
	html_printf(l->b, "<li><a href=\"/me/feedback/%lld\">%s</a> <span class=\"note\">%s · started %.10s%s</span> "
		       "<a href=\"/me/feedback/%lld/report\">report</a></li>\n",
		    (long long)c->id, c->title, c->instrument_id, c->created_at, c->closed ? " · closed" : "", (long long)c->id);
	return 0;
}

void
page_feedback_list(struct request *req, struct response *res)
{
	struct error err;
	struct cycle_list l = {.req = req};
	if (wants_json(req)) {
		l.json = json_array();
		json_t *shared = json_array();
		struct cycle_list s = {.req = req, .json = shared};
		if (feedback_cycles_each(request_store(req), req->user.id, cycle_item, &l, &err) < 0 ||
		    feedback_cycles_shared_each(request_store(req), req->user.id, cycle_item, &s, &err) < 0) {
			json_decref(l.json);
			json_decref(shared);
			respond_storage_error(req, res, &err);
			return;
		}
		respond_json(res, MHD_HTTP_OK, json_pack("{s:o, s:o}", "cycles", l.json, "shared_with_me", shared));
		return;
	}
	struct buf *b = &res->body;
	leaders_begin(req, b, "My 360 feedback", "My 360 feedback", NULL);
	buf_puts(b, "<h1>My 360° feedback</h1>\n<p>Rate yourself, ask colleagues by link, and compare. The results are yours: "
		    "nobody else sees them, an administrator neither, unless you share them. Colleagues' ratings show "
		    "once at least 3 have answered.</p>\n<ul class=\"links\">\n");
	l.b = b;
	if (feedback_cycles_each(request_store(req), req->user.id, cycle_item, &l, &err) < 0) {
		respond_storage_error(req, res, &err);
		return;
	}
	if (!l.n)
		buf_puts(b, "<li class=\"note\">No feedback cycles yet.</li>\n");
	buf_puts(b, "</ul>\n<section class=\"panel\"><h2>Start a feedback cycle</h2>\n<form method=\"post\" action=\"/me/feedback\" "
		    "class=\"stack\">");
	page_csrf_field(b, req);
	buf_puts(b, "<label>Instrument <select name=\"instrument\">");
	for (size_t i = 0; i < catalog_count(req->app->catalog); i++) {
		const struct instrument *ins = catalog_get(req->app->catalog, i);
		if (feedback_instrument_allowed(ins))
			html_printf(b, "<option value=\"%s\">%s</option>", ins->id, ins->title);
	}
	char month[11];
	today(month);
	html_printf(b, "</select></label>\n<label>Title <input name=\"title\" required maxlength=\"200\" value=\"360 feedback %.7s\">"
		       "</label>\n<button type=\"submit\" class=\"primary\">Start</button></form></section>\n",
		    month);
	struct cycle_list s = {.req = req, .b = b};
	buf_puts(b, "<h2>Shared with me</h2>\n<ul class=\"links\">\n");
	if (feedback_cycles_shared_each(request_store(req), req->user.id, cycle_item, &s, &err) < 0) {
		respond_storage_error(req, res, &err);
		return;
	}
	if (!s.n)
		buf_puts(b, "<li class=\"note\">Nobody has shared their results with you.</li>\n");
	buf_puts(b, "</ul>\n");
	page_end(b);
}

void
page_feedback_create(struct request *req, struct response *res)
{
	const char *id = request_input(req, "instrument");
	const struct instrument *ins = id ? catalog_find(req->app->catalog, id, 0) : NULL;
	if (!ins) {
		respond_fail(req, res, MHD_HTTP_UNPROCESSABLE_CONTENT, "/me/feedback",
			     arena_printf(req->arena, "instrument \"%s\" is not known", id ? id : ""));
		return;
	}
	struct error err;
	int64_t cycle;
	const struct actor who = actor_of(req);
	if (feedback_cycle_create(request_store(req), &who, &req->user, ins, request_input(req, "title"), &cycle, &err) < 0) {
		respond_failed(req, res, "/me/feedback", &err);
		return;
	}
	respond_done(req, res, MHD_HTTP_CREATED, arena_printf(req->arena, "/me/feedback/%lld", (long long)cycle),
		     "Feedback cycle started: rate yourself, then invite colleagues.",
		     json_pack("{s:I}", "id", (json_int_t)cycle));
}

/* ---- rating items: the owner's own form and a colleague's ---- */

/* The radio buttons of every item, with CHOSEN[i] (may be NULL) checked. */
static void
items_form(struct buf *b, const struct instrument *ins, const double *chosen, bool about_self)
{
	size_t k = 0;
	for (size_t d = 0; d < ins->n_domains; d++) {
		const struct domain *dom = &ins->domains[d];
		if (ins->n_domains > 1)
			html_printf(b, "<h2>%s</h2>\n", dom->title);
		for (size_t j = 0; j < dom->n_items; j++, k++) {
			const struct item *it = &dom->items[j];
			html_printf(b, "<fieldset class=\"item\"><legend>%s %s</legend>\n", it->code, it->title ? it->title : "");
			if (it->text)
				html_printf(b, "<p>%s</p>\n", it->text);
			html_printf(b, "<p class=\"note\">How often %s this?</p><div class=\"choices\">", about_self ? "do you do" : "do they do");
			for (size_t l = 0; l < ins->n_levels; l++) {
				const struct level *lv = &ins->levels[l];
				bool on = chosen && !isnan(chosen[k]) && (long)chosen[k] == lv->value;
				html_printf(b, "<label><input type=\"radio\" name=\"score_%s\" value=\"%ld\"%R> <span>%ld %s</span></label>\n",
					    it->code, lv->value, on ? " checked" : "", lv->value, lv->label);
			}
			if (ins->dont_know)
				html_printf(b, "<label><input type=\"radio\" name=\"score_%s\" value=\"dk\"> <span>Don't know</span></label>\n",
					    it->code);
			buf_puts(b, "</div></fieldset>\n");
		}
	}
}

/* The first "score_<code>" field of the request whose code is not an item of INS, or NULL: a typo in an
 * API call must not pass as "not rated". */
static const char *
unknown_score_field(const struct request *req, const struct instrument *ins)
{
	for (size_t i = 0; i < req->n_form; i++)
		if (strncmp(req->form[i].name, "score_", 6) == 0 && !instrument_find_item(ins, req->form[i].name + 6, NULL))
			return req->form[i].name + 6;
	const char *key;
	json_t *value;
	if (json_is_object(req->json))
		json_object_foreach(req->json, key, value)
			if (strncmp(key, "score_", 6) == 0 && !instrument_find_item(ins, key + 6, NULL))
				return key + 6;
	return NULL;
}

/* The answers in the request (form fields or JSON members "score_<code>"), in the arena. */
static struct feedback_answer_input *
answers_of(struct request *req, const struct instrument *ins)
{
	struct feedback_answer_input *a = arena_alloc(req->arena, (ins->n_items ? ins->n_items : 1) * sizeof *a);
	size_t k = 0;
	for (size_t d = 0; d < ins->n_domains; d++)
		for (size_t j = 0; j < ins->domains[d].n_items; j++, k++) {
			const char *code = ins->domains[d].items[j].code;
			a[k].item_code = code;
			a[k].score = request_input(req, arena_printf(req->arena, "score_%s", code));
		}
	return a;
}

struct invitation_list {
	struct buf *b;
	size_t n;
};

static int
invitation_item(void *vctx, int64_t id, const char *label)
{
	struct invitation_list *l = vctx;
	(void)id;
	l->n++;
	if (*label)
		html_printf(l->b, "<li>%s</li>\n", label);
	return 0;
}

void
page_feedback_close(struct request *req, struct response *res)
{
	struct feedback_cycle c;
	const struct instrument *ins;
	if (load_cycle(req, res, true, &c, &ins) < 0)
		return;
	struct error err;
	const struct actor who = actor_of(req);
	if (feedback_cycle_close(request_store(req), &who, &c, &err) < 0) {
		respond_storage_error(req, res, &err);
		return;
	}
	respond_done(req, res, MHD_HTTP_OK, cycle_path(req, &c, ""), "The cycle is closed: its links take no more answers.", NULL);
}

void
page_feedback_cycle(struct request *req, struct response *res)
{
	struct feedback_cycle c;
	const struct instrument *ins;
	if (load_cycle(req, res, true, &c, &ins) < 0)
		return;
	struct feedback_report r;
	struct error err;
	if (feedback_report_compute(request_store(req), &c, ins, &r, &err) < 0) {
		respond_storage_error(req, res, &err);
		return;
	}
	struct buf *b = &res->body;
	leaders_begin(req, b, c.title, "My 360 feedback", "/me/feedback");
	html_printf(b, "<h1>%s</h1>\n<p class=\"note\">%s · started %.10s · %zu colleague%s answered</p>\n", c.title, ins->title,
		    c.created_at, r.n_others, r.n_others == 1 ? " has" : "s have");
	html_printf(b, "<p><a href=\"%s\">See the report</a></p>\n", cycle_path(req, &c, "/report"));
	html_printf(b, "<section class=\"panel\"><h2>Ask colleagues</h2>\n<p>Each link is for one person: they name only their "
		       "relationship to you, and need no account. The label is for you (whom you sent it to); it is never "
		       "shown beside any answer.</p>\n<form method=\"post\" action=\"%s\" class=\"stack\">",
		    cycle_path(req, &c, "/invite"));
	page_csrf_field(b, req);
	buf_puts(b, "<label>Label (optional) <input name=\"label\" maxlength=\"200\" placeholder=\"e.g. practice manager\"></label>"
		    "<label>How many links <input type=\"number\" name=\"count\" min=\"1\" max=\"50\" value=\"1\"></label>"
		    "<button type=\"submit\" class=\"secondary\">Make links</button></form>\n");
	struct invitation_list il = {b, 0};
	buf_puts(b, "<ul class=\"links\">\n");
	if (feedback_invitations_each(request_store(req), c.id, invitation_item, &il, &err) < 0) {
		feedback_report_release(&r);
		respond_storage_error(req, res, &err);
		return;
	}
	buf_puts(b, "</ul>\n");
	html_printf(b, "<p class=\"note\">%zu link%s made; %zu colleague%s answered. Which link answered is never "
		       "shown, only how many.</p>\n",
		    il.n, il.n == 1 ? "" : "s", r.n_others, r.n_others == 1 ? " has" : "s have");
	buf_puts(b, "</section>\n<section class=\"panel\"><h2>Share the results</h2>\n<p>With a coach or mentor who has an account. "
		    "You can take it back at any time.</p>\n");
	html_printf(b, "<form method=\"post\" action=\"%s\" class=\"stack\">", cycle_path(req, &c, "/share"));
	page_csrf_field(b, req);
	buf_puts(b, "<label>Their email <input type=\"email\" name=\"email\" required></label><div class=\"nav-buttons\">"
		    "<button type=\"submit\" name=\"share\" value=\"yes\" class=\"primary\">Share</button>"
		    "<button type=\"submit\" name=\"share\" value=\"no\" class=\"secondary\">Stop sharing</button></div></form></section>\n");
	html_printf(b, "<section><h2>Rate yourself</h2>\n<form method=\"post\" action=\"%s\">", cycle_path(req, &c, "/self"));
	page_csrf_field(b, req);
	items_form(b, ins, r.has_self ? r.self : NULL, true);
	buf_puts(b, "<button type=\"submit\" class=\"primary\">Save my ratings</button></form></section>\n");
	if (!c.closed) {
		html_printf(b, "<section class=\"panel\"><h2>Close the cycle and see the report</h2>\n<p>Colleagues' ratings and "
			       "words show once the cycle is closed and at least %d have answered, so that no answer can be "
			       "tied to the colleague who just sent it. Closed, its links take no more answers; this cannot be "
			       "undone.</p><form method=\"post\" action=\"%s\">",
			    FEEDBACK_MIN_OTHERS, cycle_path(req, &c, "/close"));
		page_csrf_field(b, req);
		buf_puts(b, "<button type=\"submit\" class=\"primary\">Close and see the report</button></form></section>\n");
	}
	feedback_report_release(&r);
	page_end(b);
}

void
page_feedback_self(struct request *req, struct response *res)
{
	struct feedback_cycle c;
	const struct instrument *ins;
	if (load_cycle(req, res, true, &c, &ins) < 0)
		return;
	char key[40];
	snprintf(key, sizeof key, "self:%lld", (long long)c.id);
	struct error err;
	const char *unknown = unknown_score_field(req, ins);
	if (unknown) {
		respond_fail(req, res, MHD_HTTP_UNPROCESSABLE_CONTENT, cycle_path(req, &c, ""),
			     arena_printf(req->arena, "\"%s\" is not an element of %s", unknown, ins->id));
		return;
	}
	if (feedback_submit(request_store(req), &c, ins, key, "self", answers_of(req, ins), ins->n_items, NULL, NULL, 0, &err) < 0) {
		respond_failed(req, res, cycle_path(req, &c, ""), &err);
		return;
	}
	respond_done(req, res, MHD_HTTP_OK, cycle_path(req, &c, ""), "Your own ratings are saved.", NULL);
}

void
page_feedback_invite(struct request *req, struct response *res)
{
	struct feedback_cycle c;
	const struct instrument *ins;
	if (load_cycle(req, res, true, &c, &ins) < 0)
		return;
	const char *count_s = request_input(req, "count");
	char *end = NULL;
	long count = count_s && *count_s ? strtol(count_s, &end, 10) : 1;
	if ((end && *end) || count < 1 || count > 50) {
		respond_fail(req, res, MHD_HTTP_UNPROCESSABLE_CONTENT, cycle_path(req, &c, ""), "count must be a number from 1 to 50");
		return;
	}
	json_t *links = json_array();
	struct buf text;
	buf_init(&text, 0);
	buf_puts(&text, "Send each person one of these links (they are shown only now): ");
	for (long i = 0; i < count; i++) {
		char token[TOKEN_CHARS];
		struct error err;
		if (feedback_invite(request_store(req), &c, request_input(req, "label"), token, &err) < 0) {
			json_decref(links);
			buf_release(&text);
			respond_failed(req, res, cycle_path(req, &c, ""), &err);
			return;
		}
		json_array_append_new(links, json_sprintf("/f/%s", token));
		buf_printf(&text, "%s/f/%s", i ? " " : "", token);
	}
	const char *message = arena_printf(req->arena, "%s", text.data);
	buf_release(&text);
	respond_done(req, res, MHD_HTTP_CREATED, cycle_path(req, &c, ""), message, json_pack("{s:o}", "links", links));
}

void
page_feedback_share(struct request *req, struct response *res)
{
	struct feedback_cycle c;
	const struct instrument *ins;
	if (load_cycle(req, res, true, &c, &ins) < 0)
		return;
	const char *share = request_input(req, "share");
	bool on = !share || strcmp(share, "no") != 0;
	struct error err;
	const struct actor who = actor_of(req);
	if (feedback_share(request_store(req), &who, &c, request_input(req, "email"), on, &err) < 0) {
		respond_failed(req, res, cycle_path(req, &c, ""), &err);
		return;
	}
	respond_done(req, res, MHD_HTTP_OK, cycle_path(req, &c, ""), on ? "Shared." : "No longer shared.", NULL);
}

/* ---- a colleague's form behind an invitation link ---- */

static int
load_invitation(struct request *req, struct response *res, struct feedback_invitation *inv, struct feedback_cycle *c,
		const struct instrument **ins)
{
	struct error err;
	int found = feedback_invitation_find(request_store(req), req->params[0], inv, &err);
	if (found > 0)
		found = feedback_cycle_get(request_store(req), inv->cycle_id, c, &err);
	if (found < 0) {
		respond_storage_error(req, res, &err);
		return -1;
	}
	if (!found || inv->revoked) {
		respond_error(req, res, MHD_HTTP_NOT_FOUND,
			      "This feedback link is not known. Check that you copied the whole link from the message.");
		return -1;
	}
	if (c->closed) {
		respond_error(req, res, MHD_HTTP_GONE, "This feedback cycle has closed; thank you all the same.");
		return -1;
	}
	*ins = catalog_find(req->app->catalog, c->instrument_id, c->version);
	if (!*ins) {
		respond_error(req, res, MHD_HTTP_INTERNAL_SERVER_ERROR, "The cycle's instrument is no longer loaded.");
		return -1;
	}
	return 0;
}

void
page_feedback_form(struct request *req, struct response *res)
{
	struct feedback_invitation inv;
	struct feedback_cycle c;
	const struct instrument *ins;
	if (load_invitation(req, res, &inv, &c, &ins) < 0)
		return;
	struct user leader;
	struct error err;
	if (user_by_id(request_store(req), c.user_id, &leader, &err) <= 0) {
		respond_storage_error(req, res, &err);
		return;
	}
	struct buf *b = &res->body;
	page_begin(b, req, "Feedback", NULL);
	html_printf(b, "<div class=\"survey\"><h1>Feedback for %s</h1>\n<p>%s asked you for feedback on %s. Your answers are "
		       "anonymous: %s sees them only combined with at least two other people's, and never which are yours.%R</p>\n",
		    leader.name, leader.name, ins->title, leader.name,
		    inv.answered ? " You have answered already; sending again replaces your earlier answers." : "");
	html_printf(b, "<form method=\"post\" action=\"/f/%s\">\n<fieldset><legend>You are their</legend><div class=\"choices\">",
		    req->params[0]);
	for (const char *const *rel = feedback_relationships; *rel; rel++)
		html_printf(b, "<label><input type=\"radio\" name=\"relationship\" value=\"%s\" required> <span>%s</span></label>\n",
			    *rel, feedback_relationship_name(*rel));
	buf_puts(b, "</div></fieldset>\n");
	items_form(b, ins, NULL, false);
	buf_puts(b, "<label>What do they do well? <textarea name=\"strengths\" rows=\"3\" maxlength=\"2000\"></textarea></label>\n"
		    "<label>What could they do more of, or differently? <textarea name=\"suggestions\" rows=\"3\" maxlength=\"2000\">"
		    "</textarea></label>\n<button type=\"submit\" class=\"primary\">Send feedback</button></form></div>\n");
	page_end(b);
}

void
page_feedback_form_post(struct request *req, struct response *res)
{
	struct feedback_invitation inv;
	struct feedback_cycle c;
	const struct instrument *ins;
	if (load_invitation(req, res, &inv, &c, &ins) < 0)
		return;
	char key[65];
	token_hash(req->params[0], key);
	struct error err;
	const char *back = arena_printf(req->arena, "/f/%s", req->params[0]);
	const char *unknown = unknown_score_field(req, ins);
	if (unknown) {
		respond_fail(req, res, MHD_HTTP_UNPROCESSABLE_CONTENT, back,
			     arena_printf(req->arena, "\"%s\" is not an element of %s", unknown, ins->id));
		return;
	}
	if (feedback_submit(request_store(req), &c, ins, key, request_input(req, "relationship"), answers_of(req, ins),
			    ins->n_items, request_input(req, "strengths"), request_input(req, "suggestions"), inv.id, &err) < 0) {
		respond_failed(req, res, back, &err);
		return;
	}
	if (wants_json(req)) {
		respond_json(res, MHD_HTTP_OK, json_pack("{s:b}", "ok", 1));
		return;
	}
	struct buf *b = &res->body;
	page_begin(b, req, "Thank you", NULL);
	buf_puts(b, "<div class=\"survey\"><h1>Thank you</h1><p>Your feedback is saved. You can close this page; the same link "
		    "lets you change your answers while the cycle is open.</p></div>\n");
	page_end(b);
}

/* ---- the report ---- */

/* Lines of the gap chart: the items, and the domains too when there are several. */
struct lines {
	size_t n;
	const char **label;
	double *self, *others;
};

static void
domain_means(const struct instrument *ins, const double *per_item, double *out)
{
	size_t k = 0;
	for (size_t d = 0; d < ins->n_domains; d++) {
		double sum = 0;
		size_t n = 0;
		for (size_t j = 0; j < ins->domains[d].n_items; j++, k++)
			if (!isnan(per_item[k]))
				sum += per_item[k], n++;
		out[d] = n ? sum / (double)n : NAN;
	}
}

static double *
others_means(struct request *req, const struct feedback_report *r)
{
	double *m = arena_alloc(req->arena, (r->n_items ? r->n_items : 1) * sizeof *m);
	for (size_t i = 0; i < r->n_items; i++)
		m[i] = r->others[i].mean;
	return m;
}

static json_t *
number_or_null(double v)
{
	return isnan(v) ? json_null() : json_real(round(v * 100) / 100);
}

static int
previous_cycle(void *vctx, const struct feedback_cycle *c)
{
	struct feedback_cycle *want = vctx; /* in: the current cycle (id, instrument); out: the latest earlier one */
	if (c->id < want[0].id && strcmp(c->instrument_id, want[0].instrument_id) == 0 && c->id > want[1].id)
		want[1] = *c;
	return 0;
}

/* NOW - BEFORE with its sign ("+0.4", "-0.2"), or a dash when either is missing. */
static void
signed_change(struct buf *b, double now, double before)
{
	if (isnan(now) || isnan(before)) {
		buf_puts(b, "–");
		return;
	}
	double d = round((now - before) * 10) / 10;
	html_printf(b, "%s%.1f", d > 0 ? "+" : d < 0 ? "−" : "±", fabs(d));
}

static void
gap_table(struct buf *b, const char *const *labels, const double *self, const double *others, const double *prev_self,
	  const double *prev_others, size_t n)
{
	buf_puts(b, "<div class=\"table-wrap\" tabindex=\"0\"><table><thead><tr><th>Competency</th><th>Self</th><th>Others</th><th>Gap</th>");
	if (prev_self)
		buf_puts(b, "<th>Change (self / others)</th>");
	buf_puts(b, "</tr></thead><tbody>\n");
	for (size_t i = 0; i < n; i++) {
		html_printf(b, "<tr><th scope=\"row\">%s</th><td>", labels[i]);
		html_printf(b, isnan(self[i]) ? "–" : "%.1f", self[i]);
		buf_puts(b, "</td><td>");
		html_printf(b, isnan(others[i]) ? "–" : "%.1f", others[i]);
		const char *kind = feedback_gap_kind(self[i], others[i]);
		html_printf(b, "</td><td class=\"%s\">%s</td>", *kind == 'b' ? "concern" : *kind ? "improvement" : "", kind);
		if (prev_self) {
			buf_puts(b, "<td>");
			signed_change(b, self[i], prev_self[i]);
			buf_puts(b, " / ");
			signed_change(b, others[i], prev_others[i]);
			buf_puts(b, "</td>");
		}
		buf_puts(b, "</tr>\n");
	}
	buf_puts(b, "</tbody></table></div>\n");
}

void
page_feedback_report(struct request *req, struct response *res)
{
	struct feedback_cycle c;
	const struct instrument *ins;
	if (load_cycle(req, res, false, &c, &ins) < 0)
		return;
	struct error err;
	struct feedback_report r, prev = {0};
	if (feedback_report_compute(request_store(req), &c, ins, &r, &err) < 0) {
		respond_storage_error(req, res, &err);
		return;
	}
	struct feedback_cycle pair[2] = {c, {0}};
	bool has_prev = false;
	if (feedback_cycles_each(request_store(req), c.user_id, previous_cycle, pair, &err) < 0 ||
	    (pair[1].id && feedback_report_compute(request_store(req), &pair[1], ins, &prev, &err) < 0)) {
		feedback_report_release(&r);
		respond_storage_error(req, res, &err);
		return;
	}
	has_prev = pair[1].id != 0;
	double *others = others_means(req, &r), *prev_others = has_prev ? others_means(req, &prev) : NULL;
	size_t I = r.n_items, D = ins->n_domains;
	const char **item_labels = arena_alloc(req->arena, (I ? I : 1) * sizeof *item_labels);
	const char **dom_labels = arena_alloc(req->arena, (D ? D : 1) * sizeof *dom_labels);
	size_t k = 0;
	for (size_t d = 0; d < D; d++) {
		dom_labels[d] = ins->domains[d].title;
		for (size_t j = 0; j < ins->domains[d].n_items; j++, k++) {
			const struct item *it = &ins->domains[d].items[j];
			item_labels[k] = it->title ? arena_printf(req->arena, "%s %s", it->code, it->title) : it->code;
		}
	}
	if (wants_json(req)) {
		json_t *items = json_array();
		k = 0;
		for (size_t d = 0; d < D; d++)
			for (size_t j = 0; j < ins->domains[d].n_items; j++, k++) {
				json_t *dist = json_array();
				for (size_t l = 0; l < ins->n_levels && r.shown; l++)
					json_array_append_new(dist, json_integer((json_int_t)r.counts[k][l]));
				json_t *o = json_pack("{s:s, s:s, s:o, s:o, s:I, s:s, s:o, s:I}", "code", ins->domains[d].items[j].code,
						      "domain", ins->domains[d].code, "self", number_or_null(r.self[k]), "others",
						      number_or_null(others[k]), "others_n", (json_int_t)r.others[k].n, "gap",
						      feedback_gap_kind(r.self[k], others[k]), "distribution", dist, "dont_know",
						      (json_int_t)r.dont_know[k]);
				if (has_prev)
					json_object_set_new(o, "previous", json_pack("{s:o, s:o}", "self", number_or_null(prev.self[k]),
										      "others", number_or_null(prev_others[k])));
				json_array_append_new(items, o);
			}
		json_t *groups = json_array();
		for (size_t g = 0; g < r.n_groups; g++) {
			json_t *means = json_object();
			k = 0;
			for (size_t d = 0; d < D; d++)
				for (size_t j = 0; j < ins->domains[d].n_items; j++, k++)
					json_object_set_new(means, ins->domains[d].items[j].code, number_or_null(r.groups[g].mean[k]));
			json_array_append_new(groups, json_pack("{s:s, s:I, s:o}", "relationship", r.groups[g].code, "n",
								(json_int_t)r.groups[g].n, "means", means));
		}
		json_t *strengths = json_array(), *suggestions = json_array();
		for (size_t i = 0; i < r.strengths.n; i++)
			json_array_append_new(strengths, json_string(r.strengths.v[i]));
		for (size_t i = 0; i < r.suggestions.n; i++)
			json_array_append_new(suggestions, json_string(r.suggestions.v[i]));
		json_t *doc = json_pack("{s:o, s:b, s:I, s:b, s:I, s:o, s:o, s:o, s:o, s:o}", "cycle", cycle_json(&c), "self_rated",
					r.has_self, "others_answered", (json_int_t)r.n_others, "others_shown", r.shown, "minimum",
					(json_int_t)FEEDBACK_MIN_OTHERS, "items", items, "groups", groups, "strengths", strengths,
					"suggestions", suggestions, "previous_cycle",
					has_prev ? json_integer((json_int_t)pair[1].id) : json_null());
		feedback_report_release(&r);
		if (has_prev)
			feedback_report_release(&prev);
		respond_json(res, MHD_HTTP_OK, doc);
		return;
	}
	struct buf *b = &res->body;
	bool owner = c.user_id == req->user.id;
	leaders_begin(req, b, arena_printf(req->arena, "%s: report", c.title), "My 360 feedback", "/me/feedback");
	html_printf(b, "<h1>%s</h1>\n<p class=\"note\">%s · %zu colleague%s answered%s%R</p>\n", c.title, ins->title, r.n_others,
		    r.n_others == 1 ? "" : "s", r.has_self ? " · self-rated" : " · not self-rated yet",
		    owner ? "" : " · shared with you by its owner");
	if (!r.shown && r.n_others < FEEDBACK_MIN_OTHERS)
		html_printf(b, "<p class=\"panel notice\">Colleagues' ratings and words show once at least %d have answered "
			       "(%zu so far) and the cycle is closed, so that nobody's answers can be picked out.%R</p>\n",
			    FEEDBACK_MIN_OTHERS, r.n_others,
			    owner ? arena_printf(req->arena, " <a href=\"/me/feedback/%lld\">Invite more colleagues</a>.", (long long)c.id) : "");
	else if (!r.shown)
		html_printf(b, "<p class=\"panel notice\">%zu colleagues have answered. Their ratings and words show once the "
			       "cycle is closed, so that no answer can be tied to the colleague who just sent it.%R</p>\n",
			    r.n_others,
			    owner ? arena_printf(req->arena, " <a href=\"/me/feedback/%lld\">Close the cycle when you are ready</a>.",
						 (long long)c.id) : "");
	double lo = ins->n_levels ? (double)ins->levels[0].value : 0, hi = ins->n_levels ? (double)ins->levels[ins->n_levels - 1].value : 1;
	buf_puts(b, "<section><h2>Self and others</h2>\n<p class=\"note\">Hollow circle: your own rating; filled: others' mean. "
		    "<span class=\"concern\">Orange</span>: a blind spot (you rate yourself a level or more above others); "
		    "<span class=\"improvement\">blue</span>: a hidden strength (others rate you a level or more higher).</p>\n");
	if (D > 1) {
		double *ds = arena_alloc(req->arena, D * sizeof *ds), *dother = arena_alloc(req->arena, D * sizeof *dother);
		double *pds = NULL, *pdo = NULL;
		domain_means(ins, r.self, ds);
		domain_means(ins, others, dother);
		if (has_prev) {
			pds = arena_alloc(req->arena, D * sizeof *pds);
			pdo = arena_alloc(req->arena, D * sizeof *pdo);
			domain_means(ins, prev.self, pds);
			domain_means(ins, prev_others, pdo);
		}
		svg_gap(b, dom_labels, ds, dother, D, lo, hi);
		gap_table(b, dom_labels, ds, dother, pds, pdo, D);
		buf_puts(b, "<h3>Each practice</h3>\n");
	}
	svg_gap(b, item_labels, r.self, others, I, lo, hi);
	gap_table(b, item_labels, r.self, others, has_prev ? prev.self : NULL, prev_others, I);
	if (has_prev)
		html_printf(b, "<p class=\"note\">Change since <a href=\"/me/feedback/%lld/report\">%s</a> (%.10s).</p>\n",
			    (long long)pair[1].id, pair[1].title, pair[1].created_at);
	buf_puts(b, "</section>\n");
	if (r.shown) {
		buf_puts(b, "<section><h2>How others rated you</h2>\n<div class=\"table-wrap\" tabindex=\"0\"><table><tbody>\n");
		for (size_t i = 0; i < I; i++) {
			html_printf(b, "<tr><th scope=\"row\">%s</th><td>", item_labels[i]);
			svg_distribution(b, ins, r.counts[i], r.dont_know[i], 220);
			buf_puts(b, "</td></tr>\n");
		}
		buf_puts(b, "</tbody></table></div>\n");
		if (r.n_groups) {
			buf_puts(b, "<h3>By relationship</h3>\n<div class=\"table-wrap\" tabindex=\"0\"><table><thead><tr><th>Item</th>");
			for (size_t g = 0; g < r.n_groups; g++)
				html_printf(b, "<th>%s (%zu)</th>", feedback_relationship_name(r.groups[g].code), r.groups[g].n);
			buf_puts(b, "</tr></thead><tbody>\n");
			for (size_t i = 0; i < I; i++) {
				html_printf(b, "<tr><th scope=\"row\">%s</th>", item_labels[i]);
				for (size_t g = 0; g < r.n_groups; g++)
					html_printf(b, isnan(r.groups[g].mean[i]) ? "<td>–</td>" : "<td>%.1f</td>", r.groups[g].mean[i]);
				buf_puts(b, "</tr>\n");
			}
			buf_puts(b, "</tbody></table></div>\n");
		} else {
			html_printf(b, "<p class=\"note\">Relationship groups show when each has at least %d people.</p>\n",
				    FEEDBACK_MIN_OTHERS);
		}
		buf_puts(b, "</section>\n<section><h2>In their words</h2>\n<h3>Strengths</h3><ul>\n");
		for (size_t i = 0; i < r.strengths.n; i++)
			html_printf(b, "<li>%s</li>\n", r.strengths.v[i]);
		if (!r.strengths.n)
			buf_puts(b, "<li class=\"note\">None written.</li>\n");
		buf_puts(b, "</ul><h3>Suggestions</h3><ul>\n");
		for (size_t i = 0; i < r.suggestions.n; i++)
			html_printf(b, "<li>%s</li>\n", r.suggestions.v[i]);
		if (!r.suggestions.n)
			buf_puts(b, "<li class=\"note\">None written.</li>\n");
		buf_puts(b, "</ul></section>\n");
	}
	if (owner)
		buf_puts(b, "<p><a href=\"/me/plan\">Turn what you learnt into goals in your development plan</a></p>\n");
	feedback_report_release(&r);
	if (has_prev)
		feedback_report_release(&prev);
	page_end(b);
}

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

static int
plan_goal(void *vctx, const struct pdp_goal *g)
{
	struct plan_ctx *c = vctx;
	bool due = pdp_goal_due(g, c->by);
	c->n++;
	c->due += due;
	if (c->json) {
		json_t *reviews = json_array();
		for (size_t i = 0; i < c->n_reviews; i++)
			if (c->reviews[i].goal_id == g->id)
				json_array_append_new(reviews, json_pack("{s:s, s:s}", "on", c->reviews[i].on, "note", c->reviews[i].note));
		json_array_append_new(c->json, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s?, s:s, s:b, s:o}", "id", (json_int_t)g->id,
							 "title", g->title, "elements", g->elements, "actions", g->actions, "coach",
							 g->coach, "review_on", g->review_on[0] ? g->review_on : NULL, "status",
							 g->status, "due", due, "reviews", reviews));
		return 0;
	}
	struct buf *b = c->b;
	html_printf(b, "<article class=\"panel%R\" id=\"goal-%lld\"><h3>%s</h3>\n<p class=\"note\">%s%s%s%s%s%s%s</p>\n",
		    due ? " late" : "", (long long)g->id, g->title, g->status, *g->elements ? " · develops " : "", g->elements,
		    *g->coach ? " · coach: " : "", g->coach, g->review_on[0] ? " · next review " : "", g->review_on);
	if (due)
		buf_puts(b, "<p class=\"concern\">Review due.</p>\n");
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
		html_printf(b, "<details><summary>Review or update</summary><form method=\"post\" action=\"/me/plan/%lld/review\" "
			       "class=\"stack\">",
			    (long long)g->id);
		page_csrf_field(b, c->req);
		html_printf(b, "<label>Reviewed on <input type=\"date\" name=\"reviewed_on\" value=\"%s\" required></label>"
			       "<label>Notes <textarea name=\"note\" rows=\"3\" required maxlength=\"4000\"></textarea></label>"
			       "<button type=\"submit\" class=\"secondary\">Add review</button></form>\n<form method=\"post\" action=\"/me/plan/%lld\" "
			       "class=\"stack\">",
			    now, (long long)g->id);
		page_csrf_field(b, c->req);
		html_printf(b, "<label>Next review <input type=\"date\" name=\"review_on\" value=\"%s\"></label><label>Status "
			       "<select name=\"status\">",
			    g->review_on);
		for (int s = 0; pdp_statuses[s]; s++)
			html_printf(b, "<option%R>%s</option>", strcmp(g->status, pdp_statuses[s]) == 0 ? " selected" : "",
				    pdp_statuses[s]);
		buf_puts(b, "</select></label><button type=\"submit\" class=\"secondary\">Save</button></form></details>\n");
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
		respond_json(res, MHD_HTTP_OK, json_pack("{s:s, s:o, s:I}", "owner", owner_name, "goals", c.json, "due", (json_int_t)c.due));
		return;
	}
	struct buf *b = &res->body;
	c.b = b;
	if (editable)
		leaders_begin(req, b, "My development plan", "My development plan", NULL);
	else
		leaders_begin(req, b, arena_printf(req->arena, "%s's development plan", owner_name), "Coaching", "/me/coaching");
	html_printf(b, "<h1>%s</h1>\n", editable ? "My development plan" : arena_printf(req->arena, "%s's development plan", owner_name));
	if (editable)
		buf_puts(b, "<p>Private to you unless you share it with a coach or mentor.</p>\n");
	/* The reminder goes above the goals it is about: count first. */
	if (pdp_goals_each(request_store(req), owner_id, count_due, &c, &err) < 0)
		goto storage;
	if (c.due)
		html_printf(b, "<p class=\"panel notice\">%zu review%s due by %s.</p>\n", c.due, c.due == 1 ? "" : "s", c.by);
	c.due = 0;
	if (pdp_goals_each(request_store(req), owner_id, plan_goal, &c, &err) < 0)
		goto storage;
	if (!c.n)
		buf_puts(b, "<p class=\"note\">No goals yet.</p>\n");
	free(c.reviews);
	if (editable) {
		buf_puts(b, "<section class=\"panel\"><h2>Add a goal</h2>\n<form method=\"post\" action=\"/me/plan\" class=\"stack\">");
		page_csrf_field(b, req);
		buf_puts(b, "<label>Goal <input name=\"title\" required maxlength=\"200\"></label>"
			    "<label>Competencies or practices it develops (e.g. relational-leadership RL3, positive-practices L.2) "
			    "<input name=\"elements\" maxlength=\"500\"></label>"
			    "<label>Actions to reach it <textarea name=\"actions\" rows=\"3\" maxlength=\"4000\"></textarea></label>"
			    "<label>Coach or mentor <input name=\"coach\" maxlength=\"200\"></label>"
			    "<label>First review <input type=\"date\" name=\"review_on\"></label>"
			    "<button type=\"submit\" class=\"primary\">Add goal</button></form></section>\n"
			    "<section class=\"panel\"><h2>Share with a coach</h2>\n<form method=\"post\" action=\"/me/plan/share\" "
			    "class=\"stack\">");
		page_csrf_field(b, req);
		buf_puts(b, "<label>Their email <input type=\"email\" name=\"email\" required></label><div class=\"nav-buttons\">"
			    "<button type=\"submit\" name=\"share\" value=\"yes\" class=\"primary\">Share</button>"
			    "<button type=\"submit\" name=\"share\" value=\"no\" class=\"secondary\">Stop sharing</button></div>"
			    "</form></section>\n");
	}
	page_end(b);
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
	struct pdp_goal_input in = {request_input(req, "title"), request_input(req, "elements"), request_input(req, "actions"),
				    request_input(req, "coach"), request_input(req, "review_on")};
	struct error err;
	int64_t id;
	if (pdp_goal_add(request_store(req), &req->user, &in, &id, &err) < 0) {
		respond_failed(req, res, "/me/plan", &err);
		return;
	}
	respond_done(req, res, MHD_HTTP_CREATED, "/me/plan", "Goal added.", json_pack("{s:I}", "id", (json_int_t)id));
}

void
page_plan_update(struct request *req, struct response *res)
{
	struct error err;
	if (pdp_goal_update(request_store(req), &req->user, id_param(req), request_input(req, "review_on"),
			    request_input(req, "status"), &err) < 0) {
		respond_failed(req, res, "/me/plan", &err);
		return;
	}
	respond_done(req, res, MHD_HTTP_OK, "/me/plan", "Goal saved.", NULL);
}

void
page_plan_review(struct request *req, struct response *res)
{
	struct error err;
	if (pdp_review_add(request_store(req), &req->user, id_param(req), request_input(req, "reviewed_on"),
			   request_input(req, "note"), &err) < 0) {
		respond_failed(req, res, "/me/plan", &err);
		return;
	}
	respond_done(req, res, MHD_HTTP_CREATED, "/me/plan", "Review added.", NULL);
}

void
page_plan_share(struct request *req, struct response *res)
{
	const char *share = request_input(req, "share");
	bool on = !share || strcmp(share, "no") != 0;
	struct error err;
	const struct actor who = actor_of(req);
	if (pdp_share(request_store(req), &who, &req->user, request_input(req, "email"), on, &err) < 0) {
		respond_failed(req, res, "/me/plan", &err);
		return;
	}
	respond_done(req, res, MHD_HTTP_OK, "/me/plan", on ? "Plan shared." : "Plan no longer shared.", NULL);
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
		json_array_append_new(c->json, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)id, "email", email, "name", name));
	else
		html_printf(c->b, "<li><a href=\"/me/coaching/%lld\">%s</a> <span class=\"note\">%s</span></li>\n", (long long)id, name,
			    email);
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
	leaders_begin(req, b, "Coaching", "Coaching", NULL);
	buf_puts(b, "<h1>Coaching</h1>\n<p>The people who shared their development plan with you.</p>\n<ul class=\"links\">\n");
	if (pdp_coached_each(request_store(req), req->user.id, coached_person, &c, &err) < 0) {
		respond_storage_error(req, res, &err);
		return;
	}
	if (!c.n)
		buf_puts(b, "<li class=\"note\">Nobody yet.</li>\n");
	buf_puts(b, "</ul>\n");
	page_end(b);
}

void
page_coaching_plan(struct request *req, struct response *res)
{
	int64_t owner_id = id_param(req);
	struct error err;
	bool may = false;
	struct user owner;
	int found = owner_id > 0 ? user_by_id(request_store(req), owner_id, &owner, &err) : 0;
	if (found > 0 && pdp_may_read(request_store(req), owner_id, &req->user, &may, &err) < 0)
		found = -1;
	if (found < 0) {
		respond_storage_error(req, res, &err);
		return;
	}
	if (!found || !may || owner_id == req->user.id) {
		respond_error(req, res, MHD_HTTP_NOT_FOUND, "Nobody of that number shared their plan with you.");
		return;
	}
	render_plan(req, res, owner_id, owner.name, false);
}
