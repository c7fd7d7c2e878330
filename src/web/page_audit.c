/*
 * page_audit.c - GET /audit and /api/audit: the audit log for admins. A site administrator reads all of it;
 * a unit admin reads the entries about the units they administer (and the units within them).
 */
#include <microhttpd.h>
#include <stdlib.h>
#include <string.h>

#include "lib/text.h"
#include "web/app.h"
#include "web/handlers.h"
#include "web/page.h"

#define AUDIT_PAGE 100

struct audit_page {
	struct request *req;
	const struct unit *within; /* ?unit= */
	struct buf *b;
	json_t *json;
	size_t n;
	int64_t last_id;
};

static bool
may_read(struct request *req, const struct audit_entry *e)
{
	if (req->user.is_admin)
		return true;
	const struct unit *u = e->unit_id ? unit_by_id(req->tree, e->unit_id) : NULL;
	return u && role_on(&req->grants, u) == ROLE_ADMIN;
}

static int
entry(void *vctx, const struct audit_entry *e)
{
	struct audit_page *c = vctx;
	const struct request *req = c->req;
	if (!may_read(c->req, e))
		return 0;
	if (c->within) {
		const struct unit *u = e->unit_id ? unit_by_id(c->req->tree, e->unit_id) : NULL;
		if (!u || !unit_within(u, c->within))
			return 0;
	}
	if (c->json)
		json_array_append_new(c->json,
				      json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s?}", "id", (json_int_t)e->id, "at",
						e->at, "actor", e->actor, "action", e->action, "target", e->target,
						"detail", e->detail, "address", e->address));
	else
		html_printf(c->b, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
			    page_when(c->req, e->at), e->actor,
			    _(audit_action_words(e->action)), e->target, e->detail);
	c->last_id = e->id;
	return ++c->n >= AUDIT_PAGE ? 1 : 0;
}

void
page_audit(struct request *req, struct response *res)
{
	if (!page_admin_anywhere(req)) {
		respond_error(req, res, MHD_HTTP_FORBIDDEN, _("The audit log is for admins."));
		return;
	}
	if (!request_tree(req)) {
		respond_error(req, res, MHD_HTTP_SERVICE_UNAVAILABLE, _("The database is unavailable just now."));
		return;
	}
	struct audit_page c = {.req = req};
	const char *code = request_arg(req, "unit");
	if (code) {
		c.within = unit_by_code(req->tree, code);
		if (!c.within || !can_see(&req->grants, c.within)) {
			respond_error(req, res, MHD_HTTP_NOT_FOUND, _("There is no unit with this code."));
			return;
		}
	}
	const char *before = request_arg(req, "before");
	long long before_id = 0;
	if (before && !text_to_number(before, 1, INT64_MAX, &before_id)) {
		respond_error(req, res, MHD_HTTP_BAD_REQUEST,
			      arena_printf(req->arena, _("\"%s\" is not a whole number"), before));
		return;
	}
	struct error err;
	if (wants_json(req)) {
		c.json = json_array();
		if (audit_each(request_store(req), before_id, entry, &c, &err) < 0) {
			json_decref(c.json);
			respond_storage_error(req, res, &err);
			return;
		}
		json_t *doc = json_pack("{s:o}", "entries", c.json);
		if (c.n == AUDIT_PAGE)
			json_object_set_new(doc, "next_before", json_integer(c.last_id));
		respond_json(res, MHD_HTTP_OK, doc);
		return;
	}
	struct buf *b = &res->body;
	c.b = b;
	const struct crumb crumbs[] = {{_("Audit log"), NULL}, {NULL, NULL}};
	page_begin(b, req, _("Audit log"), crumbs);
	html_printf(b, _("<h1>Audit log%s%s</h1>\n<p class=\"lead\">Who did what, newest first.</p>\n"),
		    c.within ? ": " : "", c.within ? c.within->name : "");
	html_printf(
		b,
		"<div class=\"scroll\" tabindex=\"0\"><table "
		"class=\"list\"><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
		"<th>%s</th><th>%s</th></tr></thead><tbody>\n",
		_("When (UTC)"), _("Who"), _("What"), _("To"), _("Detail"));
	if (audit_each(request_store(req), before_id, entry, &c, &err) < 0) {
		respond_storage_error(req, res, &err);
		return;
	}
	if (!c.n)
		buf_puts(b, _("<tr><td colspan=\"5\">Nothing recorded.</td></tr>\n"));
	buf_puts(b, "</tbody></table></div>\n");
	if (c.n == AUDIT_PAGE)
		html_printf(b, _("<p><a href=\"/audit?before=%lld%s%s\">Older entries</a></p>\n"), (long long)c.last_id,
			    code ? "&amp;unit=" : "", code ? code : "");
	page_end(b, req);
}
