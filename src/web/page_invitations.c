/*
 * page_invitations.c - a round's invitation links: the list on the round's page, making personal and shared
 * links, withdrawing one, a shared link's QR code, and invitations and reminders by mail (mail_invites.c
 * makes the reply those share with the 360's; the domain's round_invite_mail and round_remind the work).
 */
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/catalog.h"
#include "domain/consensus.h"
#include "domain/export.h"
#include "domain/import.h"
#include "domain/invitees.h"
#include "domain/results.h"
#include "domain/round.h"
#include "domain/round_answers.h"
#include "domain/round_open.h"
#include "domain/schedule.h"
#include "store/store.h"
#include "domain/mail.h"
#include "lib/csv.h"
#include "lib/multipart.h"
#include "web/app.h"
#include "web/handlers.h"
#include "web/page_round.h"
#include "lib/text.h"
#include "web/page.h"
#include "web/mail_invites.h"
#include "web/qr.h"
#include "web/svg.h"

/* The label caregrid gives a shared link, written in the reader's words when listed. */
#define SHARED_LABEL N_("shared link")

int
page_round_invitation_item(void *vctx, const struct invitation *inv)
{
	struct invitation_list *c = vctx;
	const struct request *req = c->req;
	if (c->json) {
		json_array_append_new(c->json,
				      json_pack("{s:I, s:s, s:s?, s:s?, s:b}", "id", (json_int_t)inv->id, "kind",
						inv->kind, "label", inv->label, "link",
						inv->shared_token
							? request_absolute(c->req, arena_printf(c->req->arena, "/s/%s",
												inv->shared_token))
							: NULL,
						"revoked", inv->revoked));
		return 0;
	}
	bool shared = strcmp(inv->kind, "shared") == 0;
	/* A shared link's label is the one caregrid gave it (see page_round_invitations), written in the reader's
	 * words. */
	const char *label =
		shared && inv->label && strcmp(inv->label, SHARED_LABEL) == 0 ? _(SHARED_LABEL) : inv->label;
	html_printf(c->b, "<tr><td>%s</td><td>%s</td><td>", shared ? _("shared") : _("personal"), label ? label : "");
	if (inv->shared_token && !inv->revoked && c->closed) {
		buf_puts(c->b, _("<span class=\"note\">takes no answers while the round is closed</span>"));
	} else if (inv->shared_token && !inv->revoked) {
		const char *id = arena_printf(c->req->arena, "shared-%lld", (long long)inv->id);
		page_copy_link(c->b, c->req, id, _("the shared link"),
			       request_absolute(c->req, arena_printf(c->req->arena, "/s/%s", inv->shared_token)));
		html_printf(c->b, _("<a href=\"%s?invitation=%lld\">QR code to show or print</a>"),
			    page_round_href(c->req, c->round, "/qr"), (long long)inv->id);
	} else if (inv->shared_token) {
		buf_puts(c->b, _("<span class=\"note\">withdrawn</span>"));
	} else {
		buf_puts(c->b, _("<span class=\"note\">shown once when made</span>"));
	}
	html_printf(c->b, "</td><td>%s</td><td>", inv->revoked ? _("withdrawn") : _("live"));
	if (!inv->revoked && c->req->role >= ROLE_FACILITATOR) {
		html_printf(c->b, "<form method=\"post\" action=\"%s\" class=\"inline\">",
			    page_round_href(c->req, c->round, "/invitations/revoke"));
		page_csrf_field(c->b, c->req);
		html_printf(c->b, _("<input type=\"hidden\" name=\"id\" value=\"%lld\">"
				  "<button type=\"submit\" class=\"link danger-link\">Withdraw</button></form>"),
			    (long long)inv->id);
	}
	buf_puts(c->b, "</td></tr>\n");
	return 0;
}


/* ---- invitations and reminders by mail ---- */

#define NO_MAIL _("This caregrid does not send mail: hand out links instead, or ask whoever runs it to set mail up.")

struct round_invites {
	const struct round *round;
	const char *unit_name;
	const struct instrument *ins;
	const struct actor *who;
	const struct mail_sender *from;
};

static int
check_round(struct store *s, void *ctx, struct invitees *iv, struct error *err)
{
	const struct round_invites *ri = ctx;
	return invitees_check_round(s, ri->round->id, iv, err);
}

static int
invite_to_round(struct store *s, void *ctx, struct invitees *iv, const char *base_url, struct error *err)
{
	const struct round_invites *ri = ctx;
	size_t invited = 0;
	return round_invite_mail(s, ri->who, ri->from, ri->round, ri->unit_name, ri->ins, iv, base_url, &invited, err);
}

/* Each new address its own personal link, in its own message, queued with the invitation; a form's post first
 * answers a preview (mail_invites.h). */
static void
invite_by_email(struct request *req, struct response *res, const struct round *r, const struct instrument *ins,
		const char *here)
{
	const struct actor who = request_actor(req);
	const struct mail_sender from = {*req->user.name ? req->user.name : req->user.email, req->user.email};
	struct round_invites ri = {r, req->unit->name, ins, &who, &from};
	const struct crumb crumbs[] = {{_("Units"), "/units"},
				       {req->unit->name, arena_printf(req->arena, "/units/%s", req->unit->code)},
				       {r->title, here},
				       {_("Invite by email"), NULL},
				       {NULL, NULL}};
	const struct mail_invites mi = {here,
					page_round_href(req, r, "/invitations"),
					crumbs,
					_("Email addresses: each gets a personal link of its own, by mail"),
					NO_MAIL,
					10000,
					_("At most 10,000 addresses at a time."),
					check_round,
					invite_to_round,
					&ri};
	mail_invites_respond(req, res, &mi);
}

struct round_reminders {
	const struct actor *who;
	const struct mail_sender *from;
	const struct round *round;
	const struct unit *unit;
	const char *base_url;
};

static int
remind_round(struct store *s, void *ctx, struct error *err)
{
	const struct round_reminders *rr = ctx;
	return round_remind(s, rr->who, rr->from, rr->round, rr->unit->code, rr->unit->name, rr->base_url, err);
}

/* POST .../remind: every emailed invitation that has not answered gets a reminder with its own link again, at
 * most once a day, after the facilitator confirms; they learn neither who nor how many. */
void
page_round_remind(struct request *req, struct response *res)
{
	struct round r = *req->round;
	const char *here = page_round_href(req, &r, "");
	char day[11];
	today(day);
	if (req->app->mailer && strcmp(round_status(&r, day), "open") != 0) {
		respond_fail(req, res, MHD_HTTP_CONFLICT, here, _("Only an open round's invitations can be reminded."));
		return;
	}
	const struct actor who = request_actor(req);
	const struct mail_sender from = {*req->user.name ? req->user.name : req->user.email, req->user.email};
	struct round_reminders rr = {&who, &from, &r, req->unit, request_absolute(req, "")};
	int64_t last = 0;
	struct error err;
	if (round_last_reminded(request_store(req), r.id, &last, &err) < 0) {
		respond_storage_error(req, res, &err);
		return;
	}
	mail_reminders_respond(req, res, here, NO_MAIL, last, remind_round, &rr);
}

struct shared_find {
	struct request *req;
	int64_t id;
	const char *token; /* in the request's arena: the shared link's, when live */
};

static int
shared_find(void *vctx, const struct invitation *inv)
{
	struct shared_find *f = vctx;
	if (inv->id == f->id && inv->shared_token && !inv->revoked)
		f->token = arena_strdup(f->req->arena, inv->shared_token);
	return 0;
}

/* GET .../qr?invitation=ID: a shared link's QR code, big, with its address and what to do: for a screen in
 * a staff meeting, or printed for the staff room. */
void
page_round_qr(struct request *req, struct response *res)
{
	struct round r = *req->round;
	const struct instrument *ins = req->instrument;
	const char *arg = request_arg(req, "invitation");
	long long wanted = 0; /* none, or not a number: the round's first shared link */
	if (arg && !text_to_number(arg, 1, INT64_MAX, &wanted))
		wanted = 0;
	struct shared_find f = {req, wanted, NULL};
	struct error err;
	char day[11];
	today(day);
	/* A closed round hands out no link: its QR code would point people at a survey that takes no answers. */
	if (round_link_open(&r, day, &err) < 0) {
		respond_failed(req, res, page_round_href(req, &r, ""), &err);
		return;
	}
	if (invitations_each(request_store(req), r.id, shared_find, &f, &err) < 0) {
		respond_storage_error(req, res, &err);
		return;
	}
	const char *here = page_round_href(req, &r, "");
	if (!f.token) {
		respond_fail(req, res, MHD_HTTP_NOT_FOUND, here, _("That is not a live shared link of this round."));
		return;
	}
	const char *url = request_absolute(req, arena_printf(req->arena, "/s/%s", f.token));
	struct buf *b = &res->body;
	const struct crumb crumbs[] = {{_("Units"), "/units"},
				       {req->unit->name, arena_printf(req->arena, "/units/%s", req->unit->code)},
				       {r.title, here},
				       {_("QR code"), NULL},
				       {NULL, NULL}};
	page_begin(b, req, _("QR code"), crumbs);
	html_printf(b,
		    _("<div class=\"qr-sheet\"><h1>%s</h1>\n<p class=\"lead\">Point your phone's camera at the code to "
		      "answer. It takes about %zu minutes, and your answers are anonymous.</p>\n"),
		    r.title, ins->n_items / 6 + 2);
	qr_svg(b, url, 320, arena_printf(req->arena, _("QR code of the link to %s"), r.title));
	if (r.headcount)
		html_printf(
			b, "<p class=\"note\" id=\"shared-warning\">%s</p>\n",
			arena_printf(
				req->arena,
				trn(req->lang,
				    "For %ld person, on a meeting's screen or a shared tablet. Whoever "
				    "holds this link can answer more than once, up to that number: for a small team, "
				    "personal links are "
				    "safer.",
				    "For %ld people, on a meeting's screen or a shared tablet. Whoever holds this link "
				    "can answer "
				    "more than once, up to that number: for a small team, personal links are safer.",
				    (unsigned long)r.headcount),
				r.headcount));
	html_printf(
		b,
		_("<p>Or type: <strong>%s</strong></p>\n<p class=\"note\">Open until %s. Print this page to put it up "
		  "in "
		  "the staff room.</p></div>\n"),
		url, page_date(req, r.closes_on));
	page_end(b, req);
}


/* The personal links asked for, into LINES: one per line of "labels" (cut at 200 bytes), or "count" numbered
 * ones (2000 at most). */
static void
links_asked(const struct request *req, struct strvec *lines)
{
	const char *labels = request_input(req, "labels");
	for (const char *p = labels ? labels : ""; *p;) {
		size_t n = strcspn(p, "\r\n");
		if (n)
			strvec_pushf(lines, "%.*s", (int)(n > 200 ? 200 : n), p);
		p += n;
		p += strspn(p, "\r\n");
	}
	long long count = 0; /* not a whole number: no links asked for, which the caller refuses */
	const char *count_arg = request_input(req, "count");
	if (count_arg && !text_to_number(count_arg, 0, 100000, &count))
		count = 0;
	for (long long i = 0; i < count && i < 2000; i++)
		strvec_pushf(lines, "link %lld", i + 1);
}

/* The links just made (MADE, as the API gives them) as a CSV file for mail merge, or a page to copy them from. */
static void
links_respond(struct request *req, struct response *res, const struct round *r, const char *here, json_t *made,
	      bool csv)
{
	res->status = MHD_HTTP_CREATED;
	size_t i;
	json_t *inv;
	if (csv) {
		res->content_type = "text/csv; charset=utf-8";
		buf_puts(&res->body, "label,link\n");
		json_array_foreach(made, i, inv) {
			csv_write_field(&res->body, json_string_value(json_object_get(inv, "label")));
			buf_printf(&res->body, ",%s\n", json_string_value(json_object_get(inv, "link")));
		}
		return;
	}
	struct buf *b = &res->body;
	const struct crumb crumbs[] = {{_("Units"), "/units"},
				       {req->unit->name, arena_printf(req->arena, "/units/%s", req->unit->code)},
				       {r->title, here},
				       {_("New links"), NULL},
				       {NULL, NULL}};
	page_begin(b, req, _("New invitation links"), crumbs);
	buf_puts(
		b,
		_("<h1>New invitation links</h1>\n<p class=\"flash ok\">Copy these now: a personal link is shown only "
		  "this "
		  "once, because caregrid keeps nothing that could rebuild it (that is what keeps answers "
		  "anonymous).</p>\n"
		  "<ul class=\"links\">\n"));
	json_array_foreach(made, i, inv) {
		const char *label = json_string_value(json_object_get(inv, "label"));
		html_printf(b, "<li><strong>%s</strong>", label);
		page_copy_link(b, req, arena_printf(req->arena, "link-%zu", i),
			       arena_printf(req->arena, _("link for %s"), label),
			       json_string_value(json_object_get(inv, "link")));
		buf_puts(b, "</li>\n");
	}
	html_printf(b, _("</ul>\n<p><a href=\"%s\">Back to the round</a></p>\n"), here);
	page_end(b, req);
}

void
page_round_invitations(struct request *req, struct response *res)
{
	struct round r = *req->round;
	const struct instrument *ins = req->instrument;
	const char *here = page_round_href(req, &r, "");
	if (request_input(req, "emails") || json_is_array(json_object_get(req->json, "emails"))) {
		invite_by_email(req, res, &r, ins, here);
		return;
	}
	const char *shared = request_input(req, "shared");
	const char *format = request_input(req, "format");
	bool csv = format && strcmp(format, "csv") == 0;
	struct strvec lines = STRVEC_INIT;
	links_asked(req, &lines);
	bool want_shared = shared && *shared && strcmp(shared, "0") != 0;
	if (!lines.n && !want_shared) {
		strvec_clear(&lines);
		respond_fail(req, res, MHD_HTTP_UNPROCESSABLE_CONTENT, here,
			     _("Give at least one person, or ask for a shared link."));
		return;
	}
	if (lines.n > 2000) {
		strvec_clear(&lines);
		respond_fail(req, res, MHD_HTTP_UNPROCESSABLE_CONTENT, here, _("At most 2000 links at a time."));
		return;
	}
	struct error err;
	const struct actor who = request_actor(req);
	struct store *s = request_store(req);
	json_t *made = json_array();
	char token[TOKEN_CHARS];
	int rc = 0;
	if (want_shared && page_round_headcount_input(req)) {
		/* The number may come with the request for the link (the API's "headcount"). */
		rc = round_headcount_set(s, &who, &r, req->unit->code, page_round_headcount_input(req), &err);
		r.headcount = rc == 0 ? page_round_headcount_input(req) : r.headcount;
	}
	if (want_shared && rc == 0) {
		rc = invitation_create(s, &who, &r, "shared", SHARED_LABEL, token, &err);
		if (rc == 0)
			json_array_append_new(made, json_pack("{s:s, s:s, s:s}", "kind", "shared", "label",
							      "shared link", "link",
							      request_absolute(req, arena_printf(req->arena, "/s/%s",
												 token))));
	}
	for (size_t i = 0; i < lines.n && rc == 0; i++) {
		rc = invitation_create(s, &who, &r, "personal", lines.v[i], token, &err);
		if (rc == 0)
			json_array_append_new(made, json_pack("{s:s, s:s, s:s}", "kind", "personal", "label",
							      lines.v[i], "link",
							      request_absolute(req, arena_printf(req->arena, "/s/%s",
												 token))));
	}
	strvec_clear(&lines);
	if (rc < 0) {
		json_decref(made);
		respond_failed(req, res, here, &err);
		return;
	}
	if (wants_json(req)) {
		respond_json(res, MHD_HTTP_CREATED, json_pack("{s:o}", "invitations", made));
		return;
	}
	links_respond(req, res, &r, here, made, csv);
	json_decref(made);
}

void
page_round_invitation_revoke(struct request *req, struct response *res)
{
	struct round r = *req->round;
	const char *id = request_input(req, "id");
	const struct confirmation ask =
		{_("Withdraw this link?"),
		 _("The link stops opening the survey at once, and this cannot be undone: whoever has it "
		   "would need a new link. Answers already sent through it are kept."),
		 _("Withdraw the link"), page_round_href(req, &r, ""), false};
	if (!page_confirmed(req, res, &ask))
		return;
	struct error err;
	const struct actor who = request_actor(req);
	long long inv_id = 0; /* not a number: no invitation has it, and the domain says so */
	if (id && !text_to_number(id, 1, INT64_MAX, &inv_id))
		inv_id = 0;
	int rc = id ? invitation_revoke(request_store(req), &who, &r, inv_id, &err)
		    : error_set(&err, "give the invitation's id");
	if (rc < 0)
		respond_failed(req, res, page_round_href(req, &r, ""), &err);
	else
		respond_done(req, res, MHD_HTTP_OK, page_round_href(req, &r, ""),
			     _("Link withdrawn: it no longer opens the survey."), NULL);
}

