/* mail_invites.c - invitations and reminders by mail: the box, its preview and the API's lists (see
 * mail_invites.h). */
#include "web/mail_invites.h"

#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/strvec.h"
#include "domain/feedback.h"
#include "domain/invitees.h"
#include "domain/mail.h"
#include "domain/round.h"
#include "web/app.h"
#include "web/page.h"
#include "jobs/mailer.h"
#include "lib/strvec.h"
#include "web/app.h"

static bool
mail_on(struct request *req, struct response *res, const char *back, const char *no_mail)
{
	if (req->app->mailer)
		return true;
	respond_fail(req, res, MHD_HTTP_CONFLICT, back, no_mail);
	return false;
}

const char *
mail_invites_hint(const struct request *req)
{
	return _("Paste from your mail or a spreadsheet: one per line, or separated by commas or semicolons; "
		 "\"Name <address>\" and a name and an address in two columns are fine. You will see what "
		 "will be sent before anything is.");
}

/* Why entry A is not an address, in the reader's words. */
static const char *
why_words(struct request *req, const struct invitee *a)
{
	return a->why ? request_error_words(req, a->why) : _("It is not an email address.");
}

/* "28 new addresses, 2 already invited, 1 duplicate, 1 not an address", in the arena. */
static const char *
summary(struct request *req, const struct invitees *iv)
{
	const size_t *k = iv->count;
	struct buf b = BUF_INIT;
	buf_init(&b, 0);
	/* Counts as the reader writes them ("1,234"): %s with page_count's figure, the plural by the number. */
	buf_printf(&b, trn(req->lang, "%s new address", "%s new addresses", k[INVITEE_NEW]),
		   page_count(req, (long long)k[INVITEE_NEW]));
	if (k[INVITEE_INVITED])
		buf_printf(&b, trn(req->lang, ", %s already invited", ", %s already invited", k[INVITEE_INVITED]),
			   page_count(req, (long long)k[INVITEE_INVITED]));
	if (k[INVITEE_REPEATED])
		buf_printf(&b, trn(req->lang, ", %s duplicate", ", %s duplicates", k[INVITEE_REPEATED]),
			   page_count(req, (long long)k[INVITEE_REPEATED]));
	if (k[INVITEE_INVALID])
		buf_printf(&b, trn(req->lang, ", %s not an address", ", %s not addresses", k[INVITEE_INVALID]),
			   page_count(req, (long long)k[INVITEE_INVALID]));
	const char *out = arena_strdup(req->arena, b.data);
	buf_release(&b);
	return out;
}

/* The entries that are not addresses, each with its reason (id "emails-problems"); and, folded, those left
 * out as already invited or repeated (unless ONLY_INVALID). */
static void
entries_named(struct buf *b, struct request *req, const struct invitees *iv, bool only_invalid)
{
	if (iv->count[INVITEE_INVALID]) {
		buf_puts(b, _("<div id=\"emails-problems\"><p>These lines are not addresses; they stay in the box to "
			      "be put right:</p>\n<ul>\n"));
		for (size_t i = 0; i < iv->n; i++)
			if (iv->v[i].kind == INVITEE_INVALID)
				html_printf(b, "<li><code>%.200s</code> — %s</li>\n", iv->v[i].raw,
					    why_words(req, &iv->v[i]));
		buf_puts(b, "</ul></div>\n");
	}
	if (only_invalid || (!iv->count[INVITEE_INVITED] && !iv->count[INVITEE_REPEATED]))
		return;
	buf_puts(b, _("<details><summary>Left out, so that nobody gets two links</summary><ul>\n"));
	for (size_t i = 0; i < iv->n; i++)
		if (iv->v[i].kind == INVITEE_INVITED || iv->v[i].kind == INVITEE_REPEATED)
			html_printf(b, "<li>%s — %s</li>\n", iv->v[i].address,
				    iv->v[i].kind == INVITEE_INVITED ? _("already invited")
								     : _("already in this list"));
	buf_puts(b, "</ul></details>\n");
}

enum box { BOX_PREVIEW, BOX_SENT, BOX_REFUSED };

/* The page of the box: the message (id "emails-message") and the entries named, beside the box holding TEXT,
 * which is tied to them; a button to send to the new ones (a preview with some), and one to check again. IV
 * may be NULL (refused before reading). */
static void
box_page(struct request *req, struct response *res, const struct mail_invites *mi, const struct invitees *iv,
	 const char *text, const char *message, enum box box, int status)
{
	struct buf *b = &res->body;
	const char *title = box == BOX_SENT ? _("Invitations sent") : _("Check the addresses before sending");
	static const char *const message_p[] = {"<p id=\"emails-message\" class=\"lead\">%s</p>\n",
						"<p id=\"emails-message\" class=\"flash ok\">%s</p>\n",
						"<p id=\"emails-message\" class=\"flash error\">%s</p>\n"};
	bool invalid = iv && iv->count[INVITEE_INVALID];
	res->status = status;
	page_begin(b, req, box == BOX_REFUSED ? arena_printf(req->arena, _("Error: %s"), title) : title, mi->crumbs);
	html_printf(b, "<h1>%s</h1>\n<form method=\"post\" action=\"%s\" class=\"stack\">", title, mi->action);
	page_csrf_field(b, req);
	html_printf(b, message_p[box], message);
	if (iv)
		entries_named(b, req, iv, box == BOX_SENT);
	html_printf(b, "<label for=\"emails\">%s</label>\n", mi->label);
	/* The box is marked invalid on a refusal, or while it holds lines that are not addresses. */
	html_printf(b,
		    box == BOX_REFUSED || invalid
			    ? "<textarea id=\"emails\" name=\"emails\" rows=\"8\" spellcheck=\"false\" "
			      "aria-invalid=\"true\" "
			      "aria-describedby=\"emails-message%s emails-hint\">%s</textarea>\n"
			    : "<textarea id=\"emails\" name=\"emails\" rows=\"8\" spellcheck=\"false\" "
			      "aria-describedby=\"emails-message%s emails-hint\">%s</textarea>\n",
		    invalid ? " emails-problems" : "", text ? text : "");
	/* The hint under the box, so that the message above stays next to it. */
	html_printf(b, "<p class=\"note\" id=\"emails-hint\">%s</p>\n", mail_invites_hint(req));
	size_t n = iv ? iv->count[INVITEE_NEW] : 0;
	if (box == BOX_PREVIEW && n)
		html_printf(b,
			    "<button type=\"submit\" name=\"confirm\" value=\"yes\" class=\"primary\">%s</button>\n",
			    arena_printf(req->arena, trn(req->lang, "Send to %s address", "Send to %s addresses", n),
					 page_count(req, (long long)n)));
	html_printf(b,
		    _("<button type=\"submit\" name=\"check\" value=\"1\" class=\"secondary\">Check again</button>"
		      "</form>\n<p><a href=\"%s\">Back without sending</a></p>\n"),
		    mi->back);
	page_end(b, req);
}

/* The API's account of IV: what was sent and what was skipped, and why. */
static json_t *
lists(struct request *req, const struct invitees *iv)
{
	json_t *of[INVITEE_KINDS];
	for (int k = 0; k < INVITEE_KINDS; k++)
		of[k] = json_array();
	for (size_t i = 0; i < iv->n; i++) {
		const struct invitee *a = &iv->v[i];
		json_array_append_new(of[a->kind], a->kind == INVITEE_INVALID
							   ? json_pack("{s:s, s:s}", "entry", a->raw, "reason",
								       why_words(req, a))
							   : json_string(a->address));
	}
	return json_pack("{s:b, s:I, s:o, s:o, s:o, s:o}", "ok", iv->count[INVITEE_NEW] > 0, "sent",
			 (json_int_t)iv->count[INVITEE_NEW], "invited", of[INVITEE_NEW], "already_invited",
			 of[INVITEE_INVITED], "duplicate", of[INVITEE_REPEATED], "invalid", of[INVITEE_INVALID]);
}

/* A request refused as a whole: the API's error, or the box back with all that was typed. */
static void
refuse(struct request *req, struct response *res, const struct mail_invites *mi, const struct invitees *iv,
       const char *text, const char *message)
{
	if (wants_json(req))
		respond_error(req, res, MHD_HTTP_UNPROCESSABLE_CONTENT, message);
	else
		box_page(req, res, mi, iv, text, message, BOX_REFUSED, MHD_HTTP_UNPROCESSABLE_CONTENT);
}

/* Sends to IV's new ones; the reply: the API's lists, the round or cycle with a message, or (when some lines
 * were not addresses) the box holding those lines, each named. */
static void
send_invitations(struct request *req, struct response *res, const struct mail_invites *mi, struct invitees *iv,
		 const char *text)
{
	struct error err;
	if (mi->invite(request_store(req), mi->ctx, iv, request_absolute(req, ""), &err) < 0) {
		if (wants_json(req) || error_is_ours(&err))
			respond_failed(req, res, mi->back, &err);
		else
			refuse(req, res, mi, iv, text, request_error_words(req, &err));
		return;
	}
	size_t n = iv->count[INVITEE_NEW];
	if (n)
		mailer_poke(req->app->mailer);
	if (wants_json(req)) {
		bool refused = !n && (iv->count[INVITEE_INVALID] || !iv->n);
		respond_json(res, n ? MHD_HTTP_CREATED : refused ? MHD_HTTP_UNPROCESSABLE_CONTENT : MHD_HTTP_OK,
			     lists(req, iv));
		return;
	}
	const char *sent =
		arena_printf(req->arena,
			     trn(req->lang, "Invitations sent to %s address.", "Invitations sent to %s addresses.",
				 n),
			     page_count(req, (long long)n));
	if (!n) {
		refuse(req, res, mi, iv, text,
		       arena_printf(req->arena, _("Nobody new to invite (%s): nothing was sent."), summary(req, iv)));
	} else if (iv->count[INVITEE_INVALID]) {
		char *left = invitees_lines(iv, INVITEE_INVALID);
		box_page(req, res, mi, iv, arena_strdup(req->arena, left),
			 arena_printf(req->arena, _("%s Put right the lines below and check again."), sent), BOX_SENT,
			 MHD_HTTP_CREATED);
		free(left);
	} else {
		respond_done(req, res, MHD_HTTP_CREATED, mi->back, sent, NULL);
	}
}

void
mail_invites_respond(struct request *req, struct response *res, const struct mail_invites *mi)
{
	if (!mail_on(req, res, mi->back, mi->no_mail))
		return;
	struct invitees iv = INVITEES_INIT;
	const char *text = NULL;
	if (json_is_array(json_object_get(req->json, "emails"))) {
		struct strvec items = STRVEC_INIT;
		request_list(req, "emails", &items);
		invitees_items(&iv, &items, mi->max);
		strvec_clear(&items);
	} else {
		text = request_input(req, "emails");
		invitees_paste(&iv, text, mi->max);
	}
	const char *confirm = request_input(req, "confirm");
	struct error err;
	if (!iv.n || iv.too_many)
		refuse(req, res, mi, NULL, text, iv.n ? mi->too_many : _("Give at least one address."));
	else if (wants_json(req) || (confirm && strcmp(confirm, "yes") == 0))
		send_invitations(req, res, mi, &iv, text);
	else if (mi->check(request_store(req), mi->ctx, &iv, &err) < 0)
		respond_failed(req, res, mi->back, &err);
	else if (!iv.count[INVITEE_NEW])
		refuse(req, res, mi, &iv, text,
		       arena_printf(req->arena, _("Nobody new to invite (%s): nothing can be sent."),
				    summary(req, &iv)));
	else
		box_page(req, res, mi, &iv, text,
			 arena_printf(req->arena, _("%s. Nothing is sent until you say so."), summary(req, &iv)),
			 BOX_PREVIEW, MHD_HTTP_OK);
	invitees_release(&iv);
}

/* AT as "today at 09:14", "yesterday at 09:14", "tomorrow at 09:14" or "on 2 December 2026 at 09:14", from NOW,
 * in the server's clock and the reader's language; in the arena. */
static const char *
when_words(struct request *req, time_t at, time_t now)
{
	struct tm t, n;
	localtime_r(&at, &t);
	localtime_r(&now, &n);
	char hm[8], iso[11];
	strftime(hm, sizeof hm, "%H:%M", &t);
	strftime(iso, sizeof iso, "%Y-%m-%d", &t);
	time_t midnight = now - (n.tm_hour * 3600 + n.tm_min * 60 + n.tm_sec);
	if (at >= midnight && at < midnight + 86400)
		return arena_printf(req->arena, _("today at %s"), hm);
	if (at >= midnight - 86400 && at < midnight)
		return arena_printf(req->arena, _("yesterday at %s"), hm);
	if (at >= midnight + 86400 && at < midnight + 2 * 86400)
		return arena_printf(req->arena, _("tomorrow at %s"), hm);
	return arena_printf(req->arena, _("on %s at %s"), page_date(req, iso), hm);
}

const char *
mail_reminded_words(struct request *req, int64_t at)
{
	return arena_printf(req->arena, _("Last reminded %s."), when_words(req, (time_t)at, time(NULL)));
}

/* "3 messages could not be delivered..." for N failed (N > 0), in the arena. Never to whom. */
static const char *
mail_failed_words(struct request *req, long n)
{
	return arena_printf(req->arena,
			    trn(req->lang,
				"%s message could not be delivered (an address that does not exist or refused it). "
				"caregrid does not say which: check the addresses with the people you invited.",
				"%s messages could not be delivered (addresses that do not exist or refused them). "
				"caregrid does not say which: check the addresses with the people you invited.",
				(unsigned long)n),
			    page_num(req, (double)n, 0));
}

void
mail_reminders_respond(struct request *req, struct response *res, const char *back, const char *no_mail,
		       int64_t last_at, int (*remind)(struct store *s, void *ctx, struct error *err), void *ctx)
{
	if (!mail_on(req, res, back, no_mail))
		return;
	const char *consequence =
		_("Everyone invited by email who has not answered gets their own link again, with your name as the "
		  "sender. Reminders go at most once a day; nobody, you included, is told who or how many.");
	if (last_at)
		consequence = arena_printf(req->arena, "%s %s", consequence, mail_reminded_words(req, last_at));
	const struct confirmation ask = {_("Send reminders now?"), consequence, _("Send reminders"), back, true};
	if (!page_confirmed(req, res, &ask))
		return;
	struct error err;
	if (remind(request_store(req), ctx, &err) < 0) {
		if (err.kind == ERROR_CONFLICT && last_at) {
			time_t now = time(NULL);
			const char *why = arena_printf(
				req->arena,
				_("Reminders already went %s. They go at most once a day: the next can go %s."),
				when_words(req, (time_t)last_at, now),
				when_words(req, (time_t)last_at + MAIL_REMIND_EVERY_S, now));
			respond_fail(req, res, MHD_HTTP_CONFLICT, back, why);
			return;
		}
		respond_failed(req, res, back, &err);
		return;
	}
	mailer_poke(req->app->mailer);
	/* The same words and bytes whoever has answered: a count, even of none, would say who has. */
	respond_done(
		req, res, MHD_HTTP_OK, back,
		_("Reminders went to everyone invited by email who has not answered. Nobody, you included, is told who "
		  "or "
		  "how many."),
		json_pack("{s:b, s:s}", "ok", 1, "reminded", "not_answered"));
}

void
mail_record_load(struct request *req, const char *kind, int64_t id, struct mail_record *out)
{
	*out = (struct mail_record){0};
	if (!req->app->mailer)
		return;
	struct store *s = request_store(req);
	struct error err;
	int found = strcmp(kind, "round") == 0 ? round_last_reminded(s, id, &out->last_reminded, &err)
					       : feedback_last_reminded(s, id, &out->last_reminded, &err);
	if (found < 0)
		request_log_error(req, &err);
	out->reminded = found > 0;
	if (mail_failed_count(s, kind, id, &out->failed, &err) < 0) {
		request_log_error(req, &err);
		out->failed = 0;
	}
}

void
mail_record_write(struct buf *b, struct request *req, const struct mail_record *m)
{
	if (m->reminded)
		html_printf(b, "<p class=\"note\" id=\"last-reminded\">%s</p>\n",
			    mail_reminded_words(req, m->last_reminded));
	if (m->failed > 0)
		html_printf(b, "<p class=\"note\" id=\"mail-failed\">%s</p>\n", mail_failed_words(req, m->failed));
}
