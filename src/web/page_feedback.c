/*
 * page_feedback.c - a person's 360-degree feedback cycles on the web and in the API: start one, rate
 * yourself, invite colleagues by link or mail, remind them, share and close (the report is in
 * page_feedback_report.c). The results belong to their person: anyone else is answered 404, an administrator
 * included.
 */
#include <math.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/catalog.h"
#include "domain/feedback.h"
#include "domain/mail.h"
#include "domain/pdp.h"
#include "domain/round.h"
#include "lib/strvec.h"
#include "lib/xalloc.h"
#include "store/store.h"
#include "web/app.h"
#include "web/handlers.h"
#include "web/leaders.h"
#include "domain/invitees.h"
#include "web/mail_invites.h"
#include "web/page.h"
#include "web/page_retention.h"
#include "web/svg.h"

void
page_feedback_create(struct request *req, struct response *res)
{
	const char *id = request_input(req, "instrument");
	const struct instrument *ins = id ? catalog_find(req->app->catalog, id, 0) : NULL;
	if (!ins) {
		form_refused_at(req, "instrument");
		respond_fail(req, res, MHD_HTTP_UNPROCESSABLE_CONTENT, "/me/feedback",
			     arena_printf(req->arena, _("instrument \"%s\" is not known"), id ? id : ""));
		return;
	}
	struct error err;
	int64_t cycle;
	const struct actor who = request_actor(req);
	if (feedback_cycle_create(request_store(req), &who, &req->user, ins, request_input(req, "title"), &cycle,
				  &err) < 0) {
		respond_failed(req, res, "/me/feedback", &err);
		return;
	}
	respond_done(req, res, MHD_HTTP_CREATED, arena_printf(req->arena, "/me/feedback/%lld", (long long)cycle),
		     _("Feedback cycle started: rate yourself, then invite colleagues."),
		     json_pack("{s:I}", "id", (json_int_t)cycle));
}

void
page_feedback_close(struct request *req, struct response *res)
{
	struct feedback_cycle c = *req->cycle;
	const struct confirmation ask = {
		_("Close the cycle and see the report?"),
		_("Its links stop taking answers, and this cannot be undone. Colleagues' ratings and words then show "
		  "in your "
		  "report, if at least 3 have answered."),
		_("Close and see the report"), leaders_cycle_path(req, &c, ""), false};
	if (!page_confirmed(req, res, &ask))
		return;
	struct error err;
	const struct actor who = request_actor(req);
	if (feedback_cycle_close(request_store(req), &who, &c, &err) < 0) {
		respond_storage_error(req, res, &err);
		return;
	}
	/* "Close and see the report": the report is where it lands. */
	respond_done(req, res, MHD_HTTP_OK, leaders_cycle_path(req, &c, "/report"),
		     _("The cycle is closed: its links take no more answers."), NULL);
}

/* A cycle's own page, loaded first: the self-ratings so far, the labels of the links made, who it is shared
 * with. */
struct cycle_page {
	struct feedback_cycle c;
	const struct instrument *ins;
	struct feedback_report r;
	struct strvec labels; /* the links' labels, empty ones left out */
	size_t links;
	struct leaders_people shares;
	struct mail_record mail;
};

static int
invitation_keep(void *vctx, int64_t id, const char *label)
{
	struct cycle_page *p = vctx;
	(void)id;
	p->links++;
	if (*label)
		strvec_push(&p->labels, label);
	return 0;
}

static int
cycle_page_load(struct request *req, struct cycle_page *p, struct error *err)
{
	*p = (struct cycle_page){.c = *req->cycle, .ins = req->instrument, .labels = STRVEC_INIT,
				 .shares = {.req = req}};
	struct store *s = request_store(req);
	if (feedback_report_compute(s, &p->c, p->ins, &p->r, err) < 0)
		return -1;
	if (feedback_invitations_each(s, p->c.id, invitation_keep, p, err) < 0 ||
	    feedback_shares_each(s, p->c.id, leaders_person, &p->shares, err) < 0) {
		feedback_report_release(&p->r);
		strvec_clear(&p->labels);
		return -1;
	}
	mail_record_load(req, "feedback", p->c.id, &p->mail);
	return 0;
}

static void
cycle_page_release(struct cycle_page *p)
{
	feedback_report_release(&p->r);
	strvec_clear(&p->labels);
}

/* The forms that ask colleagues: links to hand out, and (with a mailer, while open) invitations and reminders
 * by mail. */
static void
cycle_ask_forms(struct buf *b, struct request *req, const struct feedback_cycle *c)
{
	html_printf(
		b,
		_("<section class=\"panel\"><h2>Ask colleagues</h2>\n<p>Each link is for one person: they name only "
		  "their "
		  "relationship to you, and need no account. The label is for you (whom you sent it to); it is never "
		  "shown beside any answer.</p>\n<form method=\"post\" action=\"%s\" class=\"stack\">"),
		leaders_cycle_path(req, c, "/invite"));
	page_csrf_field(b, req);
	buf_puts(
		b,
		_("<label>Label (optional) <input name=\"label\" maxlength=\"200\" placeholder=\"e.g. practice "
		  "manager\"></label>"
		  "<label>How many links <input type=\"number\" name=\"count\" min=\"1\" max=\"50\" "
		  "value=\"1\"></label>"
		  "<button type=\"submit\" class=\"secondary\">Make links</button></form>\n"));
	if (!req->app->mailer || c->closed)
		return;
	html_printf(b, _("<h3>Invite by email</h3><form method=\"post\" action=\"%s\" class=\"stack\">"),
		    leaders_cycle_path(req, c, "/invite"));
	page_csrf_field(b, req);
	html_printf(b,
		    _("<label for=\"emails\">Colleagues' addresses: each gets a link of their own, by "
		      "mail</label><p class=\"note\" id=\"emails-hint\">%s</p><textarea id=\"emails\" "
		      "name=\"emails\" rows=\"3\" spellcheck=\"false\" aria-describedby=\"emails-hint\">"
		      "</textarea><button type=\"submit\" class=\"secondary\">Check the addresses</button>"
		      "</form>\n"),
		    mail_invites_hint(req));
	html_printf(
		b,
		_("<form method=\"post\" action=\"%s\"><p class=\"note\">A reminder goes to each colleague "
		  "invited "
		  "by email who has not answered; you are never told who or how many.</p>"),
		leaders_cycle_path(req, c, "/remind"));
	page_csrf_field(b, req);
	buf_puts(
		b,
		_("<button type=\"submit\" class=\"secondary\">Remind those who have not "
		  "answered</button></form>\n"));
}

/* The links made (their labels only), and the panel that shares the results. */
static void
cycle_links_and_shares(struct buf *b, struct request *req, const struct cycle_page *p)
{
	mail_record_write(b, req, &p->mail);
	buf_puts(b, "<ul class=\"links\">\n");
	for (size_t i = 0; i < p->labels.n; i++)
		html_printf(b, "<li>%s</li>\n", p->labels.v[i]);
	buf_puts(b, "</ul>\n");
	html_printf(b, "<p class=\"note\">%s %s</p>\n",
		    arena_printf(req->arena, trn(req->lang, "%zu link made.", "%zu links made.", p->links), p->links),
		    _("Which links answered, or how many, is never shown; the report of the closed cycle says how many "
		      "answered once at least 3 have."));
	buf_puts(
		b,
		_("</section>\n<section class=\"panel\"><h2>Share the results</h2>\n<p>With a coach or mentor who has "
		  "an account. "
		  "You can take it back at any time.</p>\n"));
	leaders_shared_with(b, req, &p->shares, leaders_cycle_path(req, &p->c, "/share"));
	html_printf(b, "<form method=\"post\" action=\"%s\" class=\"stack\">",
		    leaders_cycle_path(req, &p->c, "/share"));
	page_csrf_field(b, req);
	buf_puts(
		b,
		_("<label>Their email <input type=\"email\" name=\"email\" required></label>"
		  "<button type=\"submit\" name=\"share\" value=\"yes\" "
		  "class=\"primary\">Share</button></form></section>\n"));
}

/* The owner's own ratings form and, while open, the form that closes the cycle. */
static void
cycle_self_and_close(struct buf *b, struct request *req, const struct cycle_page *p)
{
	html_printf(b, _("<section><h2>Rate yourself</h2>\n<form method=\"post\" action=\"%s\">"),
		    leaders_cycle_path(req, &p->c, "/self"));
	page_csrf_field(b, req);
	leaders_items_form(b, req, p->ins, p->r.has_self ? p->r.self : NULL, true);
	buf_puts(b, _("<button type=\"submit\" class=\"primary\">Save my ratings</button></form></section>\n"));
	if (p->c.closed)
		return;
	html_printf(
		b,
		_("<section class=\"panel\"><h2>Close the cycle and see the report</h2>\n<p>Colleagues' "
		  "ratings and "
		  "words show once the cycle is closed and at least %d have answered, so that no answer can be "
		  "tied to the colleague who just sent it. Closed, its links take no more answers; this cannot "
		  "be "
		  "undone.</p><form method=\"post\" action=\"%s\">"),
		FEEDBACK_MIN_OTHERS, leaders_cycle_path(req, &p->c, "/close"));
	page_csrf_field(b, req);
	buf_puts(
		b,
		_("<button type=\"submit\" class=\"primary\">Close and see the "
		  "report</button></form></section>\n"));
}

static void
cycle_page_html(struct request *req, struct response *res, const struct cycle_page *p)
{
	struct buf *b = &res->body;
	leaders_begin(req, b, p->c.title, _("My 360 feedback"), "/me/feedback");
	/* No count of colleagues who answered while the cycle is open: with one colleague invited, or one link
	 * withdrawn, it would say whether that colleague has. */
	html_printf(b, "<h1>%s</h1>\n<p class=\"note\">%s</p>\n", p->c.title,
		    arena_printf(req->arena, _("%s · started %s"), p->ins->title,
				 page_date(req, arena_strndup(req->arena, p->c.created_at, 10))));
	html_printf(b, _("<p><a href=\"%s\">See the report</a></p>\n"), leaders_cycle_path(req, &p->c, "/report"));
	cycle_ask_forms(b, req, &p->c);
	cycle_links_and_shares(b, req, p);
	cycle_self_and_close(b, req, p);
	char day[11];
	today(day);
	page_retention_sentence(b, req, p->c.closed ? p->c.closed_on : NULL, day, true);
	page_end(b, req);
}

void
page_feedback_cycle(struct request *req, struct response *res)
{
	struct cycle_page p;
	struct error err;
	if (cycle_page_load(req, &p, &err) < 0) {
		respond_storage_error(req, res, &err);
		return;
	}
	cycle_page_html(req, res, &p);
	cycle_page_release(&p);
}

void
page_feedback_self(struct request *req, struct response *res)
{
	struct feedback_cycle c = *req->cycle;
	const struct instrument *ins = req->instrument;
	char key[40];
	snprintf(key, sizeof key, "self:%lld", (long long)c.id);
	struct error err;
	const char *unknown = leaders_unknown_score_field(req, ins);
	if (unknown) {
		respond_fail(req, res, MHD_HTTP_UNPROCESSABLE_CONTENT, leaders_cycle_path(req, &c, ""),
			     arena_printf(req->arena, _("\"%s\" is not an element of %s"), unknown, ins->id));
		return;
	}
	if (feedback_submit(request_store(req), &c, ins, key, "self", leaders_answers_of(req, ins), ins->n_items, NULL,
			    NULL, 0, &err) < 0) {
		if (!c.closed && ins->n_domains && ins->domains[0].n_items) /* the ratings' refusal: at the first */
			form_refused_at(req, arena_printf(req->arena, "score_%s", ins->domains[0].items[0].code));
		respond_failed(req, res, leaders_cycle_path(req, &c, ""), &err);
		return;
	}
	respond_done(req, res, MHD_HTTP_OK, leaders_cycle_path(req, &c, ""), _("Your own ratings are saved."), NULL);
}

struct colleague_invites {
	const struct actor *who;
	const struct mail_sender *from;
	const struct feedback_cycle *cycle;
	const struct instrument *ins;
	const struct lang *lang; /* the leader's: the language they ask in */
	const struct mail_limits *limits;
};

static int
check_colleagues(struct store *s, void *ctx, struct invitees *iv, struct error *err)
{
	const struct colleague_invites *ci = ctx;
	return invitees_check_cycle(s, ci->cycle->id, iv, err);
}

static int
invite_colleagues(struct store *s, void *ctx, struct invitees *iv, const char *base_url, struct error *err)
{
	const struct colleague_invites *ci = ctx;
	return feedback_invite_mail(s, ci->who, ci->from, ci->cycle, ci->ins, ci->lang, iv, base_url, ci->limits, err);
}

struct colleague_reminders {
	const struct actor *who;
	const struct mail_sender *from;
	const struct feedback_cycle *cycle;
	const struct lang *lang; /* the leader's: the language they ask in */
	const char *base_url;
};

static int
remind_colleagues(struct store *s, void *ctx, struct error *err)
{
	const struct colleague_reminders *cr = ctx;
	return feedback_remind(s, cr->who, cr->from, cr->cycle, cr->lang, cr->base_url, err);
}

/* POST /me/feedback/{id}/remind: the colleagues invited by mail who have not answered; the leader learns
 * neither who nor how many. */
void
page_feedback_remind(struct request *req, struct response *res)
{
	struct feedback_cycle c = *req->cycle;
	const char *back = leaders_cycle_path(req, &c, "");
	if (c.closed) {
		respond_fail(req, res, MHD_HTTP_CONFLICT, back, _("The cycle is closed."));
		return;
	}
	const struct actor who = request_actor(req);
	const struct mail_sender from = {*req->user.name ? req->user.name : req->user.email, req->user.email};
	struct colleague_reminders cr = {&who, &from, &c, req->lang, request_absolute(req, "")};
	int64_t last = 0;
	struct error err;
	if (feedback_last_reminded(request_store(req), c.id, &last, &err) < 0) {
		respond_storage_error(req, res, &err);
		return;
	}
	mail_reminders_respond(req, res, back,
			       _("This caregrid does not send mail: ask whoever runs it to set mail up."), last,
			       remind_colleagues, &cr);
}

void
page_feedback_invite(struct request *req, struct response *res)
{
	struct feedback_cycle c = *req->cycle;
	const struct instrument *ins = req->instrument;
	if (request_input(req, "emails") || json_is_array(json_object_get(req->json, "emails"))) {
		/* Each new colleague their own link in their own message; a form's post first answers a preview. */
		const struct actor who = request_actor(req);
		const struct mail_sender from = {*req->user.name ? req->user.name : req->user.email, req->user.email};
		struct colleague_invites ci = {&who, &from, &c, ins, req->lang, &req->app->mail_limits};
		const char *back = leaders_cycle_path(req, &c, "");
		const struct crumb crumbs[] = {{_("My 360 feedback"), "/me/feedback"},
					       {c.title, back},
					       {_("Invite by email"), NULL},
					       {NULL, NULL}};
		const struct mail_invites mi = {back,
						leaders_cycle_path(req, &c, "/invite"),
						crumbs,
						_("Colleagues' addresses: each gets a link of their own, by mail"),
						_("This caregrid does not send mail: make links instead, or ask "
						  "whoever runs it to set mail up."),
						50,
						_("At most 50 colleagues at a time."),
						check_colleagues,
						invite_colleagues,
						&ci};
		mail_invites_respond(req, res, &mi);
		return;
	}
	const char *count_s = request_input(req, "count");
	char *end = NULL;
	long count = count_s && *count_s ? strtol(count_s, &end, 10) : 1;
	if ((end && *end) || count < 1 || count > 50) {
		form_refused_at(req, "count");
		respond_fail(req, res, MHD_HTTP_UNPROCESSABLE_CONTENT, leaders_cycle_path(req, &c, ""),
			     _("count must be a number from 1 to 50"));
		return;
	}
	json_t *links = json_array();
	for (long i = 0; i < count; i++) {
		char token[TOKEN_CHARS];
		struct error err;
		if (feedback_invite(request_store(req), &c, request_input(req, "label"), token, &err) < 0) {
			json_decref(links);
			respond_failed(req, res, leaders_cycle_path(req, &c, ""), &err);
			return;
		}
		json_array_append_new(links,
				      json_string(request_absolute(req, arena_printf(req->arena, "/f/%s", token))));
	}
	if (wants_json(req)) {
		respond_json(res, MHD_HTTP_CREATED, json_pack("{s:o}", "links", links));
		return;
	}
	/* Shown on this page only, never in an address (a redirect's message would carry the tokens into the
	 * browser's history). */
	res->status = MHD_HTTP_CREATED;
	struct buf *b = &res->body;
	const char *back = leaders_cycle_path(req, &c, "");
	const struct crumb crumbs[] = {{_("My 360"), "/me/feedback"},
				       {c.title, back},
				       {_("New links"), NULL},
				       {NULL, NULL}};
	page_begin(b, req, _("New links for colleagues"), crumbs);
	buf_puts(
		b,
		_("<h1>New links for colleagues</h1>\n<p class=\"flash ok\">Send each colleague one of these links. "
		  "Copy them "
		  "now: they are shown only this once. You will never see who answered.</p>\n<ul class=\"links\">\n"));
	size_t i;
	json_t *link;
	json_array_foreach(links, i, link) {
		buf_puts(b, "<li>");
		page_copy_link(b, req, arena_printf(req->arena, "link-%zu", i),
			       arena_printf(req->arena, _("link %zu"), i + 1), json_string_value(link));
		buf_puts(b, "</li>\n");
	}
	html_printf(b, _("</ul>\n<p><a href=\"%s\">Back to %s</a></p>\n"), back, c.title);
	page_end(b, req);
	json_decref(links);
}

void
page_feedback_share(struct request *req, struct response *res)
{
	struct feedback_cycle c = *req->cycle;
	const char *share = request_input(req, "share");
	bool on = !share || strcmp(share, "no") != 0;
	struct error err;
	const struct actor who = request_actor(req);
	if (feedback_share(request_store(req), &who, &c, request_input(req, "email"), on, &err) < 0) {
		respond_failed(req, res, leaders_cycle_path(req, &c, ""), &err);
		return;
	}
	respond_done(req, res, MHD_HTTP_OK, leaders_cycle_path(req, &c, ""), on ? _("Shared.") : _("No longer shared."),
		     NULL);
}
