/* mail_invites.c - invitations and reminders by mail (see mail_invites.h). */
#include "web/mail_invites.h"

#include <microhttpd.h>

#include "lib/strvec.h"
#include "domain/mail.h"
#include "web/app.h"
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

void
mail_reminders_respond(struct request *req, struct response *res, const char *back, const char *no_mail,
		       int (*remind)(struct store *s, void *ctx, struct error *err), void *ctx)
{
	if (!mail_on(req, res, back, no_mail))
		return;
	struct error err;
	if (remind(request_store(req), ctx, &err) < 0) {
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
