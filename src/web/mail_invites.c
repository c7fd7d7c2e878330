/* mail_invites.c - invitations and reminders by mail (see mail_invites.h). */
#include "web/mail_invites.h"

#include <microhttpd.h>
#include <string.h>
#include <time.h>

#include "lib/strvec.h"
#include "domain/feedback.h"
#include "domain/mail.h"
#include "domain/round.h"
#include "web/app.h"
#include "web/page.h"
#include "jobs/mailer.h"

static bool
mail_on(struct request *req, struct response *res, const char *back, const char *no_mail)
{
	if (req->app->mailer)
		return true;
	respond_fail(req, res, MHD_HTTP_CONFLICT, back, no_mail);
	return false;
}

/* Why the addresses cannot all be invited (in the arena), or NULL when they can. */
static const char *
refused(struct request *req, const struct mail_invites *mi, const struct strvec *emails)
{
	if (!emails->n)
		return _("Give at least one address.");
	if (emails->n > mi->max)
		return mi->too_many;
	struct buf bad = BUF_INIT;
	buf_init(&bad, 2000);
	struct error err;
	for (size_t i = 0; i < emails->n; i++)
		if (mail_address_check(emails->v[i], &err) < 0)
			buf_printf(&bad, "%s%s", bad.len ? "; " : "", request_error_words(req, &err));
	const char *why = bad.len ? arena_printf(req->arena, _("%s: nothing was sent"), bad.data) : NULL;
	buf_release(&bad);
	return why;
}

void
mail_invites_respond(struct request *req, struct response *res, const struct mail_invites *mi)
{
	if (!mail_on(req, res, mi->back, mi->no_mail))
		return;
	struct strvec emails = STRVEC_INIT;
	request_list(req, "emails", &emails);
	const char *why = refused(req, mi, &emails);
	if (why) {
		strvec_clear(&emails);
		respond_fail(req, res, MHD_HTTP_UNPROCESSABLE_CONTENT, mi->back, why);
		return;
	}
	struct error err;
	int rc = mi->invite(request_store(req), mi->ctx, &emails, request_absolute(req, ""), &err);
	size_t n = emails.n;
	strvec_clear(&emails);
	if (rc < 0) {
		respond_failed(req, res, mi->back, &err);
		return;
	}
	mailer_poke(req->app->mailer);
	respond_done(req, res, MHD_HTTP_CREATED, mi->back,
		     arena_printf(req->arena, _("Invitations sent to %zu %s."), n, _(mi->whom)),
		     json_pack("{s:b, s:I}", "ok", 1, "invited", (json_int_t)n));
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

const char *
mail_failed_words(struct request *req, const char *kind, int64_t id)
{
	long n = 0;
	struct error err;
	if (mail_failed_count(request_store(req), kind, id, &n, &err) < 0) {
		request_log_error(req, &err);
		return NULL;
	}
	if (!n)
		return NULL;
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
mail_record_write(struct buf *b, struct request *req, const char *kind, int64_t id)
{
	if (!req->app->mailer)
		return;
	int64_t at = 0;
	struct error err;
	int found = strcmp(kind, "round") == 0 ? round_last_reminded(request_store(req), id, &at, &err)
					       : feedback_last_reminded(request_store(req), id, &at, &err);
	if (found < 0)
		request_log_error(req, &err);
	if (found > 0)
		html_printf(b, "<p class=\"note\" id=\"last-reminded\">%s</p>\n", mail_reminded_words(req, at));
	const char *failed = mail_failed_words(req, kind, id);
	if (failed)
		html_printf(b, "<p class=\"note\" id=\"mail-failed\">%s</p>\n", failed);
}
