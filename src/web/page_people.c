/*
 * page_people.c - a site administrator's people pages and everyone's own data: the list of accounts
 * (GET /admin/people), a person's page (GET /admin/people/{id}) with "Download their data" and "Erase this
 * person", the erasure's confirmation (GET /admin/people/{id}/erase: what goes, what cannot be found, the
 * address typed again) and the erasure itself (POST), and the download of one's own data (GET /me/data). The
 * rules are the domain's (domain/erasure.c, domain/subject_access.c); this file parses, calls and renders.
 */
#include <microhttpd.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "domain/erasure.h"
#include "domain/subject_access.h"
#include "web/app.h"
#include "web/handlers.h"
#include "web/page.h"

/* The name to show: a tombstone's in the reader's language ("former user #123"), else the person's own. */
static const char *
shown_name(struct request *req, const struct user *u)
{
	return user_is_erased(u) ? arena_printf(req->arena, _("former user #%lld"), (long long)u->id) : u->name;
}

struct people_list {
	struct request *req;
	struct buf *b;
};

static int
person_row(void *vctx, const struct user *u)
{
	struct people_list *l = vctx;
	struct request *req = l->req;
	bool erased = user_is_erased(u);
	html_printf(l->b, "<tr><td><a href=\"/admin/people/%lld\">%s</a></td><td>%s</td><td>%s</td></tr>\n",
		    (long long)u->id, shown_name(req, u), erased ? "" : u->email,
		    erased	    ? _("Erased")
		    : u->disabled   ? _("Cannot sign in")
		    : u->is_admin   ? _("Site administrator")
				    : "");
	return 0;
}

/* GET /admin/people */
void
page_people(struct request *req, struct response *res)
{
	struct buf *b = &res->body;
	const struct crumb crumbs[] = {{_("People"), NULL}, {NULL, NULL}};
	page_begin(b, req, _("People"), crumbs);
	buf_puts(b, _("<h1>People</h1>\n<p class=\"lead\">Everyone with an account. Open a person to download their "
		      "data for them or to erase them.</p>\n"));
	buf_puts(b, _("<div class=\"scroll\" tabindex=\"0\"><table class=\"list people\"><thead><tr><th>Name</th>"
		      "<th>Email</th><th>Account</th></tr></thead><tbody>\n"));
	struct people_list l = {req, b};
	struct error err;
	if (users_each(request_store(req), person_row, &l, &err) < 0) {
		respond_storage_error(req, res, &err);
		return;
	}
	buf_puts(b, "</tbody></table></div>\n");
	page_end(b, req);
}

static void
person_erased_html(struct buf *b, struct request *req, const struct user *u)
{
	html_printf(b,
		    _("<p>This person has been erased. Their plan, 360 feedback, roles and sessions are gone; what "
		      "others did stays in the history as <strong>%s</strong>.</p>\n"),
		    shown_name(req, u));
	buf_puts(b, _("<p><a href=\"/admin/people\">Back to people</a></p>\n"));
}

/* GET /admin/people/{id} */
void
page_person(struct request *req, struct response *res)
{
	struct user u = *req->person; /* the dispatcher's (ROUTE_PERSON) */
	struct buf *b = &res->body;
	const char *name = shown_name(req, &u);
	const struct crumb crumbs[] = {{_("People"), "/admin/people"}, {name, NULL}, {NULL, NULL}};
	page_begin(b, req, name, crumbs);
	html_printf(b, "<h1>%s</h1>\n", name);
	if (user_is_erased(&u)) {
		person_erased_html(b, req, &u);
		page_end(b, req);
		return;
	}
	html_printf(b, "<p class=\"lead\">%s%s</p>\n", u.email, u.is_admin ? _(" · site administrator") : "");
	html_printf(b,
		    _("<section class=\"panel\"><h2>Their data</h2>\n<p>A copy of what caregrid keeps about them, "
		      "as they can download it themselves from their account page: a ZIP of JSON and CSV files "
		      "with a README. Your download is recorded in the audit log.</p>\n"
		      "<form method=\"post\" action=\"/admin/people/%lld/data\">"),
		    (long long)u.id);
	page_csrf_field(b, req);
	buf_puts(b, _("<button type=\"submit\" class=\"secondary\">Download their data</button></form></section>\n"));
	if (u.id != req->user.id)
		html_printf(b,
			    _("<section class=\"panel\"><h2>Erase this person</h2>\n<p>Deletes their plan, 360 "
			      "feedback, roles and sessions for good, and takes their name and address out of "
			      "caregrid. You are asked to confirm first.</p>\n"
			      "<p><a class=\"button danger\" href=\"/admin/people/%lld/erase\">Erase this person</a>"
			      "</p></section>\n"),
			    (long long)u.id);
	page_end(b, req);
}

/* The person's data as a ZIP download. */
static void
respond_export(struct request *req, struct response *res, const struct user *u)
{
	struct error err;
	struct actor who = request_actor(req);
	struct buf zip = BUF_INIT;
	if (subject_access_export(request_store(req), &who, req->app->catalog, u, time(NULL), &zip, &err) < 0) {
		buf_release(&zip);
		respond_failed(req, res, NULL, &err);
		return;
	}
	char name[64];
	subject_access_filename(u, name);
	res->status = MHD_HTTP_OK;
	res->content_type = "application/zip";
	res->disposition = arena_printf(req->arena, "attachment; filename=\"%s\"", name);
	buf_reset(&res->body);
	buf_add(&res->body, zip.data, zip.len);
	buf_release(&zip);
}

/* POST /admin/people/{id}/data: a site administrator's download of a person's data, for them (audited). */
void
page_person_data(struct request *req, struct response *res)
{
	respond_export(req, res, req->person); /* the dispatcher's (ROUTE_PERSON) */
}

/* GET /me/data: one's own data. */
void
page_my_data(struct request *req, struct response *res)
{
	respond_export(req, res, &req->user);
}

/* GET /admin/people/{id}/erase */
void
page_person_erase(struct request *req, struct response *res)
{
	struct user u = *req->person; /* the dispatcher's (ROUTE_PERSON) */
	struct buf *b = &res->body;
	const char *person = arena_printf(req->arena, "/admin/people/%lld", (long long)u.id);
	const struct crumb crumbs[] = {{_("People"), "/admin/people"}, {u.name, person}, {_("Erase"), NULL},
				       {NULL, NULL}};
	page_begin(b, req, _("Erase this person"), crumbs);
	html_printf(b, _("<h1>Erase %s?</h1>\n"), u.name);
	if (user_is_erased(&u)) {
		person_erased_html(b, req, &u);
		page_end(b, req);
		return;
	}
	html_printf(b, _("<p class=\"lead\">This cannot be undone. Their account stays only as "
			 "<strong>former user #%lld</strong>, so that the history of what others did stays whole.</p>\n"
			 "<section class=\"panel\"><h2>What will be deleted</h2>\n<ul>\n"),
		    (long long)u.id);
	for (const char *const *s = erasure_step_names; *s; s++)
		html_printf(b, "<li>%s</li>\n", _(*s));
	buf_puts(b, _("</ul></section>\n<section class=\"panel\"><h2>What cannot be found</h2>\n<p>Their survey "
		      "answers and any 360 feedback they gave a colleague. caregrid keeps answers with nothing that "
		      "links them to the person who gave them, by design, so they cannot be found to be erased. They "
		      "were never theirs by name.</p>\n<p>Rounds, actions and consensus they recorded stay with the "
		      "unit, under the former user's number.</p></section>\n"));
	html_printf(b, "<form method=\"post\" action=\"/admin/people/%lld/erase\" class=\"stack\">", (long long)u.id);
	page_csrf_field(b, req);
	html_printf(b,
		    _("<label>Type their email address, %s, to confirm <input type=\"email\" name=\"confirm\" "
		      "autocomplete=\"off\" required value=\"%s\"></label>\n"
		      "<button type=\"submit\" class=\"danger\">Erase this person</button> "
		      "<a href=\"%s\">Cancel</a></form>\n"),
		    u.email, form_value(req, "confirm", ""), person);
	page_end(b, req);
}

/* POST /admin/people/{id}/erase (confirm=their address) */
void
page_person_erase_post(struct request *req, struct response *res)
{
	struct user u = *req->person; /* the dispatcher's (ROUTE_PERSON) */
	const char *back = arena_printf(req->arena, "/admin/people/%lld/erase", (long long)u.id);
	struct actor who = request_actor(req);
	struct error err;
	if (user_erase(request_store(req), &who, &u, request_input(req, "confirm"), &err) < 0) {
		respond_failed(req, res, back, &err);
		return;
	}
	char label[64];
	erasure_label(u.id, label);
	respond_done(req, res, MHD_HTTP_OK, arena_printf(req->arena, "/admin/people/%lld", (long long)u.id),
		     arena_printf(req->arena, _("Erased. The account is now %s."), label), NULL);
}
