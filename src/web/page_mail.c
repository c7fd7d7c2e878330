/* page_mail.c - GET /mail[?status=queued|sent|failed]: the outbox for site administrators, as `caregrid mail
 * list` shows it (addresses of anything survey-related masked; reminders of surveys and 360s, and the ids that
 * would count them by their gaps, not listed at all). */
#include <jansson.h>
#include <microhttpd.h>
#include <string.h>
#include <time.h>

#include "domain/mail.h"
#include "web/app.h"
#include "web/handlers.h"
#include "web/page.h"

struct mail_page {
	struct request *req;
	struct buf *b;
	json_t *json;
	size_t n;
};

static const char *
when(struct request *req, int64_t t)
{
	if (!t)
		return "";
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	char out[20];
	strftime(out, sizeof out, "%Y-%m-%d %H:%M", &tm);
	return arena_strdup(req->arena, out);
}

static int
mail_item(void *vctx, const struct mail_row *m)
{
	struct mail_page *c = vctx;
	c->n++;
	if (c->json) {
		json_array_append_new(c->json,
				      json_pack("{s:s, s:s, s:s, s:s, s:I, s:s, s:s?, s:s?}", "kind", m->kind, "to",
						m->recipient, "subject", m->subject, "status", m->status, "attempts",
						(json_int_t)m->attempts, "queued", when(c->req, m->queued_at), "sent",
						m->sent_at ? when(c->req, m->sent_at) : NULL, "last_error",
						m->last_error));
		return 0;
	}
	const struct request *req = c->req;
	const char *status = strcmp(m->status, "queued") == 0 ? _("queued") : strcmp(m->status, "sent") == 0 ? _("sent")
			   : strcmp(m->status, "failed") == 0 ? _("failed") : m->status;
	html_printf(
		c->b,
		"<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td "
		"class=\"num\">%ld</td><td>%s</td></tr>\n",
		page_when(req, when(c->req, m->queued_at)), m->recipient, m->subject, status,
		m->sent_at ? page_when(req, when(c->req, m->sent_at)) : "",
		m->attempts, m->last_error ? m->last_error : "");
	return 0;
}

void
page_mail(struct request *req, struct response *res)
{
	const char *status = request_arg(req, "status");
	if (status && strcmp(status, "queued") && strcmp(status, "sent") && strcmp(status, "failed")) {
		respond_error(req, res, MHD_HTTP_BAD_REQUEST, _("status is queued, sent or failed"));
		return;
	}
	struct mail_page c = {req, &res->body, wants_json(req) ? json_array() : NULL, 0};
	struct error err;
	if (c.json) {
		if (mail_each(request_store(req), status, mail_item, &c, &err) < 0) {
			json_decref(c.json);
			respond_storage_error(req, res, &err);
			return;
		}
		respond_json(res, MHD_HTTP_OK,
			     json_pack("{s:b, s:o, s:s}", "sending", req->app->mailer != NULL, "messages", c.json,
				       "reminders", "not_listed"));
		return;
	}
	struct buf *b = &res->body;
	const struct crumb crumbs[] = {{_("Mail"), NULL}, {NULL, NULL}};
	page_begin(b, req, _("Mail"), crumbs);
	html_printf(
		b,
		_("<h1>Mail</h1>\n<p class=\"lead\">%s The newest 500 messages; an address invited to a survey is "
		  "shown "
		  "masked.</p>\n<p><a href=\"/mail\">All</a> · <a href=\"/mail?status=queued\">Waiting</a> · "
		  "<a href=\"/mail?status=sent\">Sent</a> · <a href=\"/mail?status=failed\">Failed</a></p>\n"),
		req->app->mailer ? _("This caregrid sends mail.")
				 : _("This caregrid does not send mail: ask whoever runs it to set mail up."));
	buf_puts(
		b,
		_("<p class=\"note\">Reminders of surveys and 360 feedback are not listed, nor counted: they go "
		  "exactly to "
		  "those who have not answered, so even how many there are would say who has. They are sent and "
		  "retried "
		  "like every message here, so these show whether mail is going out.</p>\n"));
	buf_puts(
		b,
		_("<div class=\"scroll\" tabindex=\"0\" role=\"region\" aria-label=\"The outbox\"><table "
		  "class=\"list\"><thead><tr>"
		  "<th>Queued (UTC)</th><th>To</th><th>Subject</th><th>Status</th><th>Sent</th><th "
		  "class=\"num\">Attempts</th>"
		  "<th>Last problem</th></tr></thead><tbody>\n"));
	if (mail_each(request_store(req), status, mail_item, &c, &err) < 0) {
		respond_storage_error(req, res, &err);
		return;
	}
	if (!c.n)
		buf_puts(b, _("<tr><td colspan=\"7\">No messages.</td></tr>\n"));
	buf_puts(b, "</tbody></table></div>\n");
	page_end(b, req);
}
