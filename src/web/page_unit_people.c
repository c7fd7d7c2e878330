/*
 * page_unit_people.c - a unit's people and its region's staff groups: the panels of the unit's page that
 * list them (with an admin's forms), the same lists in the API, and the changes: a role given (to a person
 * new to caregrid with an account and a link to set a password, mailed or shown once) or removed, a staff
 * group added or removed, the smallest group size results show. The unit page itself is in page_units.c.
 */
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/account.h"
#include "domain/round.h"
#include "domain/staff_group.h"
#include "jobs/mailer.h"
#include "lib/xalloc.h"
#include "web/app.h"
#include "web/handlers.h"
#include "web/page.h"
#include "web/page_units.h"

static int
member_keep(void *vctx, const struct member *m)
{
	struct unit_members *l = vctx;
	if (m->unit_id != l->req->unit->id)
		return 0;
	l->v = xgrow(l->v, sizeof *l->v, l->n + 1, &l->cap);
	l->v[l->n++] = (struct unit_member){arena_strdup(l->req->arena, m->email), arena_strdup(l->req->arena, m->name),
					    m->role, m->from_provider, m->user_id};
	return 0;
}

int
units_members_load(struct request *req, struct unit_members *l, struct error *err)
{
	*l = (struct unit_members){.req = req};
	return members_each(request_store(req), member_keep, l, err);
}

static int
group_keep(void *vctx, const struct staff_group *g)
{
	struct unit_groups *l = vctx;
	l->v = xgrow(l->v, sizeof *l->v, l->n + 1, &l->cap);
	l->v[l->n++] = (struct unit_group){arena_strdup(l->req->arena, g->code), arena_strdup(l->req->arena, g->name)};
	return 0;
}

int
units_groups_load(struct request *req, struct unit_groups *l, struct error *err)
{
	*l = (struct unit_groups){.req = req, .region = unit_root(req->unit), .min_size = MIN_GROUP_DEFAULT};
	struct store *s = request_store(req);
	if (staff_groups_each(s, l->region->id, group_keep, l, err) < 0)
		return -1;
	struct error ignored; /* without it, the default is shown */
	min_group_size(s, l->region, &l->min_size, &ignored);
	return 0;
}

json_t *
units_members_json(const struct unit_members *l)
{
	json_t *a = json_array();
	for (size_t i = 0; i < l->n; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s}", "email", l->v[i].email, "name",
						   l->v[i].name, "role", role_name(l->v[i].role), "source",
						   l->v[i].from_provider ? "provider" : "hand"));
	return a;
}

json_t *
units_groups_json(const struct unit_groups *l)
{
	json_t *a = json_array();
	for (size_t i = 0; i < l->n; i++)
		json_array_append_new(a, json_pack("{s:s, s:s}", "code", l->v[i].code, "name", l->v[i].name));
	return a;
}

static void
member_html(struct buf *b, struct request *req, const struct unit_member *m)
{
	/* A site administrator reaches the person's own page from here (page_people.c). */
	if (req->user.is_admin)
		html_printf(b, "<tr><td><a href=\"/admin/people/%lld\">%s</a></td>", (long long)m->user_id, m->name);
	else
		html_printf(b, "<tr><td>%s</td>", m->name);
	html_printf(b, "<td>%s</td><td>%s%s</td><td>", m->email, role_name(m->role),
		    m->from_provider ? tr(req->lang, " <span class=\"note\">(from sign-in)</span>") : "");
	if (req->role == ROLE_ADMIN) {
		html_printf(b, "<form method=\"post\" action=\"/units/%s/roles/revoke\" class=\"inline\">",
			    req->unit->code);
		page_csrf_field(b, req);
		html_printf(b, tr(req->lang, "<input type=\"hidden\" name=\"email\" value=\"%s\">"
				  "<button type=\"submit\" class=\"link danger-link\">Remove</button></form>"),
			    m->email);
	}
	buf_puts(b, "</td></tr>\n");
}

static void
group_html(struct buf *b, struct request *req, const struct unit_groups *l, const struct unit_group *g)
{
	html_printf(b, "<li>%s <span class=\"tag\">%s</span>", tr(req->lang, g->name), g->code);
	if (role_on(&req->grants, l->region) == ROLE_ADMIN) {
		html_printf(b, " <form method=\"post\" action=\"/units/%s/staff-groups/remove\" class=\"inline\">",
			    l->region->code);
		page_csrf_field(b, req);
		html_printf(b, tr(req->lang, "<input type=\"hidden\" name=\"code\" value=\"%s\">"
				  "<button type=\"submit\" class=\"link danger-link\">Remove</button></form>"),
			    g->code);
	}
	buf_puts(b, "</li>\n");
}

void
units_people_section(struct buf *b, struct request *req, const struct unit_members *l)
{
	const struct unit *u = req->unit;
	buf_puts(
		b,
		_("<section class=\"panel\"><h2>People and roles</h2>\n<div class=\"scroll\" tabindex=\"0\"><table "
		  "class=\"list people\">"
		  "<thead><tr><th>Name</th><th>Email</th><th>Role here</th><th></th></tr></thead><tbody>\n"));
	for (size_t i = 0; i < l->n; i++)
		member_html(b, req, &l->v[i]);
	if (!l->n)
		buf_puts(b, _("<tr><td colspan=\"4\">Nobody holds a role on this unit itself (roles on the units above "
			    "it apply here too).</td></tr>\n"));
	buf_puts(b, "</tbody></table></div>\n");
	html_printf(
		b,
		_("<h3>Give someone a role here</h3><form method=\"post\" action=\"/units/%s/roles\" class=\"stack\">"),
		u->code);
	page_csrf_field(b, req);
	html_printf(
		b,
		_("<label>Email <input type=\"email\" name=\"email\" required value=\"%s\"></label>\n"
		  "<label>Name (kept only for a person new to caregrid) <input name=\"name\" required "
		  "maxlength=\"200\" value=\"%s\"></label>\n"
		  "<label>Role <select name=\"role\"><option value=\"viewer\">viewer</option>"
		  "<option value=\"facilitator\"%R>facilitator</option><option "
		  "value=\"admin\"%R>admin</option></select></label>\n"
		  "<button type=\"submit\" class=\"primary\">Give role</button></form>\n"),
		form_value(req, "email", NULL), form_value(req, "name", NULL),
		form_selected(req, "role", "facilitator"), form_selected(req, "role", "admin"));
	buf_puts(
		b,
		_("<p class=\"note\">A viewer reads results; a facilitator runs assessments and enters consensus, "
		  "actions "
		  "and measures; an admin manages the unit, its people and roles. A role here holds in every unit "
		  "within "
		  "this one.</p></section>\n"));
}

void
units_staff_groups_section(struct buf *b, struct request *req, const struct unit_groups *l)
{
	const struct unit *u = req->unit, *region = l->region;
	/* Every unit of a region shares its staff groups: anyone who sees the unit may read them. */
	buf_puts(b, _("<section class=\"panel\"><h2>Staff groups of this region</h2>\n<p class=\"note\">Survey "
		    "results are broken down by these groups.</p><ul>\n"));
	for (size_t i = 0; i < l->n; i++)
		group_html(b, req, l, &l->v[i]);
	buf_puts(b, "</ul>\n");
	int k = l->min_size;
	html_printf(
		b,
		_("<p class=\"note\">Groups with fewer than %d people who answered are combined or hidden in "
		  "results.</p>\n"),
		k);
	if (role_on(&req->grants, region) == ROLE_ADMIN && u == region) {
		html_printf(b, "<form method=\"post\" action=\"/units/%s/min-group-size\" class=\"row\">",
			    region->code);
		page_csrf_field(b, req);
		html_printf(
			b,
			_("<label>Smallest group shown (3 or more) <input name=\"size\" type=\"number\" min=\"3\" "
			  "max=\"100\" "
			  "value=\"%d\" required></label><button type=\"submit\" "
			  "class=\"secondary\">Set</button></form>\n"),
			k);
	}
	if (role_on(&req->grants, region) == ROLE_ADMIN) {
		html_printf(b, "<form method=\"post\" action=\"/units/%s/staff-groups\" class=\"row\">", region->code);
		page_csrf_field(b, req);
		buf_puts(b, _("<label>Code <input name=\"code\" required maxlength=\"32\"></label>"
			    "<label>Name <input name=\"name\" required maxlength=\"100\"></label>"
			    "<button type=\"submit\" class=\"secondary\">Add group</button></form>\n"));
	}
	buf_puts(b, "</section>\n");
}

/* GET: the people holding a role on the unit itself, in JSON. */
void
page_unit_roles_list(struct request *req, struct response *res)
{
	struct error err;
	struct unit_members l;
	if (units_members_load(req, &l, &err) < 0)
		respond_storage_error(req, res, &err);
	else
		respond_json(res, MHD_HTTP_OK,
			     json_pack("{s:s, s:o}", "unit", req->unit->code, "people", units_members_json(&l)));
	free(l.v);
}

/* A new person's link to set a password, shown once, here (never put in a URL), when it was not mailed. */
static void
new_person_page(struct request *req, struct response *res, const struct user *u, const char *done, const char *link)
{
	const char *here = units_href(req, req->unit);
	res->status = MHD_HTTP_CREATED;
	struct buf *b = &res->body;
	const struct crumb crumbs[] = {{_("Units"), "/units"},
				       {req->unit->name, here},
				       {_("New person"), NULL},
				       {NULL, NULL}};
	page_begin(b, req, _("New person"), crumbs);
	html_printf(b, _("<h1>%s can now set a password</h1>\n<p class=\"flash ok\">%s</p>\n"
		       "<p>Send this link to %s (it works once, for 7 days, and is shown only now):</p>\n"),
		    u->name, done, u->email);
	page_copy_link(b, req, "password-link",
		       arena_printf(req->arena, _("the link for %s to set a password"), u->name), link);
	html_printf(b, _("<p><a href=\"%s\">Back to %s</a></p>\n"), here, req->unit->name);
	page_end(b, req);
}

/* The reply once a new person's role, account and link are committed without mail: the link is shown. */
static void
new_person_done(struct request *req, struct response *res, const struct user *u, const char *done, const char *link)
{
	if (wants_json(req))
		respond_json(res, MHD_HTTP_CREATED,
			     json_pack("{s:b, s:s, s:s}", "ok", 1, "message", done, "password_link", link));
	else
		new_person_page(req, res, u, done, link);
}

void
page_unit_roles(struct request *req, struct response *res)
{
	struct error err;
	const char *email = request_input(req, "email"), *name = request_input(req, "name");
	enum role role = role_parse(request_input(req, "role"));
	const char *here = units_href(req, req->unit);
	if (!email || role == ROLE_NONE) {
		form_refused_at(req, !email ? "email" : "role");
		respond_fail(req, res, MHD_HTTP_UNPROCESSABLE_CONTENT, here,
			     _("Give an email and a role: admin, facilitator or viewer."));
		return;
	}
	const struct actor who = request_actor(req);
	/* A new person's link to set their password is mailed to them (with --smtp), else shown once. */
	bool mailed = req->app->mailer != NULL;
	const struct role_grant g = {email, name, role, req->user.name, req->lang,
				     mailed ? request_absolute(req, "") : NULL};
	struct role_granted got;
	if (role_grant(request_store(req), &who, req->unit, &g, &got, &err) < 0) {
		respond_failed(req, res, here, &err);
		return;
	}
	/* With mail, the same words whether or not the person had an account: a unit's admin is not told which. */
	const char *done = arena_printf(
		req->arena,
		mailed ? _("%s is now %s of %s. If they are new to caregrid, a link to set a password was mailed to "
			   "them.")
		       : _("%s is now %s of %s."),
		got.user.email, _(role_words(role)), req->unit->name);
	if (mailed)
		mailer_poke(req->app->mailer);
	if (!got.token[0] || mailed) {
		respond_done(req, res, MHD_HTTP_OK, here, done, NULL);
		return;
	}
	const char *link = request_absolute(req, arena_printf(req->arena, "/password/%s", got.token));
	new_person_done(req, res, &got.user, done, link);
}

void
page_unit_roles_revoke(struct request *req, struct response *res)
{
	const char *email = request_input(req, "email");
	const struct confirmation ask =
		{_("Remove this role?"),
		 arena_printf(req->arena,
			      _("%s loses the role on %s and every unit within it at once. You can give it again "
				"later."),
			      email ? email : _("The person"), req->unit->name),
		 _("Remove the role"), arena_printf(req->arena, "/units/%s", req->unit->code), true};
	if (!page_confirmed(req, res, &ask))
		return;
	struct error err;
	const struct actor who = request_actor(req);
	int rc = email ? role_set(request_store(req), &who, req->unit, email, ROLE_NONE, &err)
		       : error_set(&err, "give the email of the person");
	units_finish(req, res, rc, &err, N_("Role removed."));
}

void
page_unit_staff_groups_list(struct request *req, struct response *res)
{
	struct error err;
	struct unit_groups l;
	if (units_groups_load(req, &l, &err) < 0)
		respond_storage_error(req, res, &err);
	else
		respond_json(res, MHD_HTTP_OK,
			     json_pack("{s:s, s:o}", "unit", req->unit->code, "staff_groups", units_groups_json(&l)));
	free(l.v);
}

void
page_unit_staff_groups(struct request *req, struct response *res)
{
	const struct unit *region = unit_root(req->unit);
	struct store *s = request_store(req);
	struct error err;
	const char *code = request_input(req, "code"), *name = request_input(req, "name");
	const struct actor who = request_actor(req);
	if (!code || !name)
		form_refused_at(req, code ? "name" : "code");
	int rc = code && name ? staff_group_add(s, &who, region->id, region->code, code, name, &err)
			      : error_set(&err, "give the group's code and name");
	units_finish(req, res, rc, &err, N_("Staff group added."));
}

void
page_unit_staff_groups_remove(struct request *req, struct response *res)
{
	const struct unit *region = unit_root(req->unit);
	const char *code = request_input(req, "code");
	const struct confirmation ask = {
		_("Remove this staff group?"),
		arena_printf(req->arena,
			     _("People answering in %s can no longer choose it; answers already given keep it. You can "
			       "add it again later."),
			     region->name),
		_("Remove the group"), arena_printf(req->arena, "/units/%s", req->unit->code), true};
	if (!page_confirmed(req, res, &ask))
		return;
	struct error err;
	const struct actor who = request_actor(req);
	int rc = code ? staff_group_remove(request_store(req), &who, region->id, region->code, code, &err)
		      : error_set(&err, "give the group's code");
	units_finish(req, res, rc, &err, N_("Staff group removed."));
}

void
page_unit_min_group_size(struct request *req, struct response *res)
{
	const char *size = page_number_input(req, "size");
	struct error err;
	const struct actor who = request_actor(req);
	char *end = NULL;
	form_refused_at(req, "size");
	long n = size ? strtol(size, &end, 10) : 0;
	int rc = size && *size && !*end ? min_group_size_set(request_store(req), &who, req->unit, (int)n, &err)
					 : error_set(&err, "give the smallest group size as a whole number");
	units_finish(req, res, rc, &err, N_("Smallest group size set."));
}
