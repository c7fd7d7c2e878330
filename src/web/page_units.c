/*
 * page_units.c - the organisation tree on the web and in the API: the units a person can see, one unit's
 * page (its place in the tree, registered population, people and roles, staff groups), and the changes an
 * admin makes there. Each change handler serves the HTML form and the JSON API alike: respond_done and
 * respond_fail answer each in its own way.
 */
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/feedback.h"
#include "domain/mail.h"
#include "domain/pdp.h"
#include "domain/round.h"
#include "domain/staff_group.h"
#include "store/store.h"
#include "web/app.h"
#include "web/handlers.h"
#include "jobs/mailer.h"
#include "web/page.h"
#include "web/page_units.h"

const char *
units_href(struct request *req, const struct unit *u)
{
	return arena_printf(req->arena, "/units/%s", u->code);
}

/* The population flag of a Primary Care Home: NULL when within the bounds or not applicable. */
static const char *
population_flag(struct request *req, const struct unit *u, long population, size_t practices)
{
	const struct app *app = req->app;
	if (strcmp(u->type, "pch") != 0 || !practices || !app->population_max)
		return NULL;
	if (population >= app->population_min && population <= app->population_max)
		return NULL;
	return arena_printf(req->arena, _("registered population %ld is outside %ld–%ld (%s)"), population,
			    app->population_min, app->population_max, app->population_items);
}

static json_t *
unit_to_json(struct request *req, const struct unit *u)
{
	size_t practices;
	long pop = unit_population(req->tree, u, &practices);
	const char *flag = population_flag(req, u, pop, practices);
	json_t *j = json_pack("{s:s, s:s, s:s, s:s?, s:s}", "code", u->code, "name", u->name, "type", u->type, "parent",
			      u->parent && can_see(&req->grants, u->parent) ? u->parent->code : NULL, "role",
			      role_name(role_on(&req->grants, u)));
	json_object_set_new(j, "list_size", u->list_size >= 0 ? json_integer(u->list_size) : json_null());
	json_object_set_new(j, "counted_on", u->counted_on ? json_string(u->counted_on) : json_null());
	json_object_set_new(j, "archived", json_boolean(u->archived_at != NULL));
	json_object_set_new(j, "ods_code", u->ods_code ? json_string(u->ods_code) : json_null());
	json_object_set_new(j, "registered_population", practices ? json_integer(pop) : json_null());
	json_object_set_new(j, "population_flag", flag ? json_string(flag) : json_null());
	return j;
}

static bool
tree_or_503(struct request *req, struct response *res)
{
	if (request_tree(req))
		return true;
	respond_error(req, res, MHD_HTTP_SERVICE_UNAVAILABLE, _("The database is unavailable just now."));
	return false;
}

/* Units this person may create units under (admin there), for the parent choice. */
static void
write_parent_options(struct buf *b, struct request *req, const struct unit *skip)
{
	if (req->user.is_admin)
		buf_puts(b, _("<option value=\"\">(top level: a new region)</option>"));
	for (size_t i = 0; i < req->tree->n; i++) {
		const struct unit *u = &req->tree->v[i];
		if (u->archived_at || u == skip || role_on(&req->grants, u) < ROLE_ADMIN ||
		    (skip && unit_within(u, skip)))
			continue;
		html_printf(b, "<option value=\"%s\">%s (%s)</option>", u->code, u->name, u->code);
	}
}

static void
write_type_options(struct buf *b, const struct request *req, const struct unit_tree *tree)
{
	for (size_t i = 0; i < tree->n_types; i++)
		html_printf(b, "<option value=\"%s\">%s</option>", tree->types[i].code, _(tree->types[i].name));
}

static void
write_subtree(struct buf *b, struct request *req, const struct unit *parent, int depth)
{
	bool open = false;
	for (size_t i = 0; i < req->tree->n; i++) {
		const struct unit *u = &req->tree->v[i];
		if (u->parent != parent || u->archived_at || depth > 12)
			continue;
		if (!open) {
			buf_puts(b, "<ul>\n");
			open = true;
		}
		const struct unit_type *t = unit_type_by_code(req->tree, u->type);
		html_printf(b, "<li><a href=\"/units/%s\">%s</a> <span class=\"tag\">%s</span>", u->code, u->name,
			    t ? _(t->name) : u->type);
		size_t practices;
		long pop = unit_population(req->tree, u, &practices);
		if (population_flag(req, u, pop, practices))
			html_printf(b, _(" <span class=\"tag warn\">population %ld: outside %ld–%ld</span>"), pop,
				    req->app->population_min, req->app->population_max);
		write_subtree(b, req, u, depth + 1);
		buf_puts(b, "</li>\n");
	}
	if (open)
		buf_puts(b, "</ul>\n");
}

static int
count_person(void *ctx, int64_t id, const char *email, const char *name)
{
	(void)id, (void)email, (void)name;
	++*(size_t *)ctx;
	return 0;
}

static int
count_cycle(void *ctx, const struct feedback_cycle *c)
{
	(void)c;
	++*(size_t *)ctx;
	return 0;
}

/* For someone who sees no unit (a coach, a leader working on their own growth): what was shared with them
 * first, then what is theirs, rather than an empty list of units; the missing role said last, as a note.
 * Written whole, its own h1: "Shared with you" when something is. */
static void
write_personal_work(struct buf *b, struct request *req)
{
	size_t plans = 0, reports = 0;
	struct error err;
	if (pdp_coached_each(request_store(req), req->user.id, count_person, &plans, &err) < 0 ||
	    feedback_cycles_shared_each(request_store(req), req->user.id, count_cycle, &reports, &err) < 0)
		plans = reports = 0; /* the links below still work; the counts are only a courtesy */
	if (plans || reports) {
		html_printf(b, "<h1>%s</h1>\n<div class=\"panel\"><ul class=\"links\">", _("Shared with you"));
		if (plans)
			html_printf(b, "<li><a href=\"/me/coaching\">%s</a>: %s</li>", _("Coaching"),
				    arena_printf(req->arena,
						 trn(req->lang, "%zu development plan shared with you",
						     "%zu development plans shared with you", plans),
						 plans));
		if (reports)
			html_printf(b, _("<li><a href=\"/me/feedback\">360 reports</a>: %zu shared with you</li>"),
				    reports);
		buf_puts(b, "</ul></div>\n");
	} else {
		html_printf(b, "<h1>%s</h1>\n", _("Your work"));
	}
	buf_puts(b,
		 _("<div class=\"panel\"><h2>Your own growth</h2>\n<ul class=\"links\"><li><a href=\"/me/feedback\">My "
		   "360 feedback</a></li><li><a href=\"/me/plan\">My development plan</a></li></ul></div>\n"));
	buf_puts(b, _("<p class=\"note\">You hold no role on any unit: an administrator of your unit can give you "
		      "one, to see its results and work on them.</p>\n"));
}

static void
units_json(struct request *req, struct response *res)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < req->tree->n; i++) {
		const struct unit *u = &req->tree->v[i];
		if (can_see(&req->grants, u) && (!u->archived_at || request_arg(req, "archived")))
			json_array_append_new(arr, unit_to_json(req, u));
	}
	respond_json(res, MHD_HTTP_OK, json_pack("{s:o}", "units", arr));
}

/* Whether this person sees any unit that is not archived. */
static bool
units_any_visible(const struct request *req)
{
	for (size_t i = 0; i < req->tree->n; i++)
		if (!req->tree->v[i].archived_at && can_see(&req->grants, &req->tree->v[i]))
			return true;
	return false;
}

/* The tops of what this person sees (visible units whose parent they cannot see), each with what is within. */
static void
units_tree(struct buf *b, struct request *req)
{
	if (!units_any_visible(req)) {
		write_personal_work(b, req);
		return;
	}
	buf_puts(b, _("<h1>Units</h1>\n<p class=\"lead\">The parts of the organisation you can see.</p>\n"
		    "<div class=\"panel\"><ul class=\"tree\">\n"));
	for (size_t i = 0; i < req->tree->n; i++) {
		const struct unit *u = &req->tree->v[i];
		if (u->archived_at || !can_see(&req->grants, u) || (u->parent && can_see(&req->grants, u->parent)))
			continue;
		const struct unit_type *t = unit_type_by_code(req->tree, u->type);
		html_printf(
			b,
			"<li><a href=\"/units/%s\">%s</a> <span class=\"tag\">%s</span> <span class=\"tag\">%s</span>",
			u->code, u->name, t ? _(t->name) : u->type, _(role_words(role_on(&req->grants, u))));
		write_subtree(b, req, u, 1);
		buf_puts(b, "</li>\n");
	}
	buf_puts(b, "</ul>\n</div>\n");
}

/* The form that adds a unit, for someone who is admin somewhere; after an error, with what was typed. */
static void
units_add_form(struct buf *b, struct request *req)
{
	struct buf opts = BUF_INIT;
	buf_init(&opts, 0);
	write_parent_options(&opts, req, NULL);
	if (opts.len) {
		buf_puts(
			b,
			_("<section class=\"panel\"><h2>Add a unit</h2>\n<form method=\"post\" action=\"/units\" "
			  "class=\"stack\">"));
		page_csrf_field(b, req);
		html_printf(b, _("<label>Within <select name=\"parent\">%R</select></label>\n"), opts.data);
		buf_puts(b, _("<label>Type <select name=\"type\">"));
		write_type_options(b, req, req->tree);
		html_printf(b,
			    _("</select></label>\n"
			      "<label>Code (letters, digits, . _ -) <input name=\"code\" required maxlength=\"32\" "
			      "pattern=\"[A-Za-z0-9._\\-]+\" value=\"%s\"></label>\n"
			      "<label>Name <input name=\"name\" required maxlength=\"200\" value=\"%s\"></label>\n"
			      "<label>Registered list size (practices) <input name=\"list_size\" inputmode=\"numeric\" "
			      "pattern=\"[0-9]*\" value=\"%s\"></label>\n"
			      "<label>Counted on <input name=\"counted_on\" type=\"date\" value=\"%s\"></label>\n"
			      "<button type=\"submit\" class=\"primary\">Add unit</button></form></section>\n"),
			    form_value(req, "code", NULL), form_value(req, "name", NULL),
			    form_value(req, "list_size", NULL), form_value(req, "counted_on", NULL));
	}
	buf_release(&opts);
}

/* A site administrator's form that imports a region from CSV. */
static void
units_import_form(struct buf *b, struct request *req)
{
	buf_puts(
		b,
		_("<section class=\"panel\"><h2>Import a region from CSV</h2>\n"
		  "<p class=\"note\">Columns: code, name, type, parent_code, list_size, counted_on. All or "
		  "nothing: "
		  "any bad row rejects the file, with every problem listed.</p>\n"
		  "<form method=\"post\" action=\"/units/import\" class=\"stack\">"));
	page_csrf_field(b, req);
	buf_puts(
		b,
		_("<label>CSV <textarea name=\"csv\" required spellcheck=\"false\">"));
	html_printf(b, "%s", form_value(req, "csv", "code,name,type,parent_code,list_size,counted_on\n"));
	buf_puts(
		b,
		_("</textarea></label>\n<button type=\"submit\" class=\"primary\">Import</button></form></section>\n"));
}

static void
units_html(struct request *req, struct response *res)
{
	struct buf *b = &res->body;
	const struct crumb crumbs[] = {{_("Units"), NULL}, {NULL, NULL}};
	/* Someone who sees no unit lands on what was shared with them (write_personal_work), titled so. */
	bool any = units_any_visible(req);
	page_begin(b, req, any ? _("Units") : _("Shared with you"), any ? crumbs : NULL);
	units_tree(b, req);
	units_add_form(b, req);
	if (req->user.is_admin)
		units_import_form(b, req);
	page_end(b, req);
}

/* The units a person can see: what is loaded is the tree (the request's), then written as JSON or HTML. */
void
page_units(struct request *req, struct response *res)
{
	if (!tree_or_503(req, res))
		return;
	if (wants_json(req))
		units_json(req, res);
	else
		units_html(req, res);
}

static long
parse_list_size(const char *text, bool *ok)
{
	*ok = true;
	if (!text || !*text)
		return -1;
	char *end;
	long v = strtol(text, &end, 10);
	if (*end || v < 0) {
		*ok = false;
		return -1;
	}
	return v;
}

void
page_units_create(struct request *req, struct response *res)
{
	if (!tree_or_503(req, res))
		return;
	const char *code = request_input(req, "code"), *name = request_input(req, "name"),
		   *type = request_input(req, "type"), *parent = request_input(req, "parent"),
		   *counted_on = request_input(req, "counted_on");
	if (!code || !name || !type) {
		respond_fail(req, res, MHD_HTTP_BAD_REQUEST, "/units", _("Give the unit's code, name and type."));
		return;
	}
	bool ok;
	long list_size = parse_list_size(page_number_input(req, "list_size"), &ok);
	if (!ok) {
		form_refused_at(req, "list_size");
		respond_fail(req, res, MHD_HTTP_UNPROCESSABLE_CONTENT, "/units",
			     _("The list size must be a whole number of 0 or more."));
		return;
	}
	if (parent && *parent) {
		const struct unit *pu = unit_by_code(req->tree, parent);
		if (!pu || !can_see(&req->grants, pu)) {
			form_refused_at(req, "parent");
			respond_fail(req, res, MHD_HTTP_UNPROCESSABLE_CONTENT, "/units",
				     arena_printf(req->arena, _("unknown parent unit \"%s\""), parent));
			return;
		}
		const char *needs =
			arena_printf(req->arena, _("Adding a unit within %s needs the admin role there."), pu->name);
		if (role_on(&req->grants, pu) < ROLE_ADMIN) {
			respond_fail(req, res, MHD_HTTP_FORBIDDEN, "/units", needs);
			return;
		}
		request_guard_role(req, pu, ROLE_ADMIN, needs);
	} else if (!req->user.is_admin) {
		respond_fail(req, res, MHD_HTTP_FORBIDDEN, "/units",
			     _("Only a site administrator may add a top-level unit."));
		return;
	} else {
		request_guard_role(req, NULL, ROLE_ADMIN, _("Only a site administrator may add a top-level unit."));
	}
	struct error err;
	const struct actor who = request_actor(req);
	if (unit_create(request_store(req), req->tree, &who, code, name, type, parent, list_size,
			counted_on && *counted_on ? counted_on : NULL, &err) < 0) {
		/* A code held in a part of the tree the person cannot see: not theirs to learn that it exists. */
		const struct unit *holder = unit_by_code(req->tree, code);
		if (err.kind == ERROR_CONFLICT && holder && !req->user.is_admin && !can_see(&req->grants, holder))
			error_reword(&err, N_("That unit code cannot be used: choose another."));
		respond_failed(req, res, "/units", &err);
		return;
	}
	respond_done(req, res, MHD_HTTP_CREATED, arena_printf(req->arena, "/units/%s", code),
		     arena_printf(req->arena, _("Added %s."), name), NULL);
}

void
page_units_import(struct request *req, struct response *res)
{
	const char *csv = request_input(req, "csv");
	size_t len = csv ? strlen(csv) : 0;
	if (!csv && req->body && req->content_type && strncmp(req->content_type, "text/csv", 8) == 0) {
		csv = req->body;
		len = req->body_len;
	}
	if (!csv) {
		respond_fail(req, res, MHD_HTTP_BAD_REQUEST, "/units",
			     _("Send the CSV as the \"csv\" field or as a text/csv body."));
		return;
	}
	struct strvec problems = STRVEC_INIT;
	struct error err = {.kind = ERROR_INVALID};
	const struct actor who = request_actor(req);
	int n = unit_import_csv(request_store(req), &who, csv, len, "upload", &problems, &err);
	if (n < 0 && problems.n == 0) {
		strvec_clear(&problems);
		respond_storage_error(req, res, &err);
		return;
	}
	if (n < 0) {
		const struct crumb crumbs[] = {{_("Units"), "/units"}, {_("Import"), NULL}, {NULL, NULL}};
		page_import_refused(req, res, &problems, crumbs, "/units",
				    _("</ul>\n<p><a href=\"/units\">Back to the units</a></p>\n"));
		strvec_clear(&problems);
		return;
	}
	strvec_clear(&problems);
	respond_done(req, res, MHD_HTTP_CREATED, "/units",
		     arena_printf(req->arena,
				  trn(req->lang, "Imported %d unit.", "Imported %d units.", (unsigned long)n), n),
		     json_pack("{s:b, s:i}", "ok", 1, "imported", n));
}

static void
write_unit_admin(struct buf *b, struct request *req, const struct unit *u)
{
	buf_puts(b, _("<section class=\"panel\"><h2>Change this unit</h2>\n"));
	html_printf(
		b,
		_("<details class=\"action\"><summary>Rename</summary><form method=\"post\" "
		  "action=\"/units/%s/rename\" class=\"row\">"),
		u->code);
	page_csrf_field(b, req);
	html_printf(b, _("<label>New name <input name=\"name\" required maxlength=\"200\" value=\"%s\"></label>"
		       "<button type=\"submit\" class=\"primary\">Rename</button></form></details>\n"),
		    u->name);
	struct buf opts = BUF_INIT;
	buf_init(&opts, 0);
	write_parent_options(&opts, req, u);
	if (opts.len) {
		html_printf(
			b,
			_("<details class=\"action\"><summary>Move</summary><form method=\"post\" "
			  "action=\"/units/%s/move\" class=\"row\">"),
			u->code);
		page_csrf_field(b, req);
		html_printf(b, _("<label>Move within <select name=\"parent\">%R</select></label>"
			       "<button type=\"submit\" class=\"primary\">Move</button></form></details>\n"),
			    opts.data);
	}
	buf_release(&opts);
	if (strcmp(u->type, "practice") == 0) {
		html_printf(b, _("<details class=\"action\"><summary>Registered list size</summary>"
			       "<form method=\"post\" action=\"/units/%s/list-size\" class=\"row\">"),
			    u->code);
		page_csrf_field(b, req);
		buf_puts(
			b,
			_("<label>List size <input name=\"list_size\" inputmode=\"numeric\" pattern=\"[0-9]*\" "
			  "required></label>"
			  "<label>Counted on <input name=\"counted_on\" type=\"date\" required></label>"
			  "<button type=\"submit\" class=\"primary\">Record</button></form></details>\n"));
	}
	html_printf(b,
		    _("<details class=\"action\"><summary>NHS ODS code</summary><form method=\"post\" "
		      "action=\"/units/%s/ods-code\" class=\"row\">"),
		    u->code);
	page_csrf_field(b, req);
	html_printf(b,
		    _("<label>ODS code (such as A81001; empty for none) <input name=\"ods_code\" maxlength=\"10\" "
		      "value=\"%s\"></label><button type=\"submit\" class=\"primary\">Save</button></form>"
		      "</details>\n"),
		    form_value(req, "ods_code", u->ods_code ? u->ods_code : ""));
	html_printf(
		b,
		_("<details class=\"action\"><summary>Archive</summary><form method=\"post\" "
		  "action=\"/units/%s/archive\" class=\"row\">"),
		u->code);
	page_csrf_field(b, req);
	buf_puts(
		b,
		_("<p class=\"note\">An archived unit keeps its history but takes no new work. Archive or move the "
		  "units within it first.</p><button type=\"submit\" class=\"danger\">Archive this "
		  "unit</button></form></details>\n"
		  "</section>\n"));
}

/* One unit's page, loaded before anything is written: its region's staff groups and, for an admin, its
 * people. */
struct unit_page {
	bool admin;
	struct unit_members people; /* loaded for an admin only */
	struct unit_groups groups;
};

static int
unit_page_load(struct request *req, struct unit_page *p, struct error *err)
{
	memset(p, 0, sizeof *p);
	p->admin = req->role == ROLE_ADMIN;
	if (p->admin && units_members_load(req, &p->people, err) < 0)
		return -1;
	return units_groups_load(req, &p->groups, err);
}

static void
unit_page_release(struct unit_page *p)
{
	free(p->people.v);
	free(p->groups.v);
}

/* The unit in JSON: its fields, the units within, its region's staff groups and, for an admin, its people. */
static void
unit_json(struct request *req, struct response *res, const struct unit_page *p)
{
	const struct unit *u = req->unit;
	json_t *j = unit_to_json(req, u);
	json_t *children = json_array();
	for (size_t i = 0; i < req->tree->n; i++)
		if (req->tree->v[i].parent == u && !req->tree->v[i].archived_at)
			json_array_append_new(children, json_string(req->tree->v[i].code));
	json_object_set_new(j, "children", children);
	json_object_set_new(j, "staff_groups", units_groups_json(&p->groups));
	if (p->admin)
		json_object_set_new(j, "people", units_members_json(&p->people));
	respond_json(res, MHD_HTTP_OK, j);
}

/* The page's top: breadcrumbs through the ancestors this person can see, the unit's type, code, list size and
 * registered population. */
static void
unit_head(struct buf *b, struct request *req, const struct unit *u)
{
	/* Breadcrumbs: the ancestors this person can see, then the unit. */
	const struct unit *chain[16];
	size_t depth = 0;
	for (const struct unit *a = u->parent; a && depth < 16; a = a->parent)
		if (can_see(&req->grants, a))
			chain[depth++] = a;
	struct crumb crumbs[20];
	size_t nc = 0;
	crumbs[nc++] = (struct crumb){"Units", "/units"};
	while (depth)
		crumbs[nc++] = (struct crumb){chain[depth - 1]->name, units_href(req, chain[depth - 1])}, depth--;
	crumbs[nc++] = (struct crumb){u->name, NULL};
	crumbs[nc] = (struct crumb){NULL, NULL};
	page_begin(b, req, u->name, crumbs);
	const struct unit_type *t = unit_type_by_code(req->tree, u->type);
	html_printf(b, _("<h1>%s</h1>\n<p class=\"lead\">%s · code %s · your role: %s%s</p>\n"), u->name,
		    t ? _(t->name) : u->type, u->code, _(role_words(req->role)),
		    u->archived_at ? _(" · archived") : "");
	if (u->ods_code)
		html_printf(b, _("<p>NHS ODS code: <strong>%s</strong></p>\n"), u->ods_code);
	if (u->list_size >= 0)
		html_printf(b, _("<p>Registered list: <strong>%s</strong> patients (counted %s).</p>\n"),
			    page_count(req, u->list_size), page_date(req, u->counted_on));
	size_t practices;
	long pop = unit_population(req->tree, u, &practices);
	if (practices && strcmp(u->type, "practice") != 0) {
		const char *flag = population_flag(req, u, pop, practices);
		html_printf(b,
			    trn(req->lang, "<p>Registered population: <strong>%s</strong> (the sum of %s practice).",
				"<p>Registered population: <strong>%s</strong> (the sum of %s practices).", practices),
			    page_count(req, pop), page_count(req, (long long)practices));
		if (flag)
			html_printf(
				b,
				_(" <span class=\"tag warn\">Outside %ld–%ld: grid element 2.1 and characteristic C4 "
				  "ask "
				  "for a population of about this size.</span>"),
				req->app->population_min, req->app->population_max);
		buf_puts(b, "</p>\n");
	}

}

/* The units within U, not archived. */
static void
unit_children(struct buf *b, struct request *req, const struct unit *u)
{
	buf_puts(b, _("<section class=\"panel\"><h2>Units within</h2>\n<ul class=\"tree\">"));
	size_t kids = 0;
	for (size_t i = 0; i < req->tree->n; i++) {
		const struct unit *c = &req->tree->v[i];
		if (c->parent != u || c->archived_at)
			continue;
		const struct unit_type *ct = unit_type_by_code(req->tree, c->type);
		html_printf(b, "<li><a href=\"/units/%s\">%s</a> <span class=\"tag\">%s</span></li>", c->code, c->name,
			    ct ? _(ct->name) : c->type);
		kids++;
	}
	buf_puts(b, "</ul>");
	if (!kids)
		buf_puts(b, _("<p class=\"note\">None.</p>"));
	buf_puts(b, "</section>\n");

}

static void
unit_html(struct request *req, struct response *res, const struct unit_page *p)
{
	const struct unit *u = req->unit;
	struct buf *b = &res->body;
	unit_head(b, req, u);
	unit_children(b, req, u);
	write_unit_rounds(b, req);
	html_printf(
		b,
		_("<section class=\"panel\"><h2>Improvement</h2><p><a href=\"/units/%s/actions\">Actions and PDSA "
		  "cycles</a> · "
		  "<a href=\"/units/%s/measures\">Measures</a> · <a "
		  "href=\"/units/%s/evaluation\">Evaluation</a></p></section>\n"),
		u->code, u->code, u->code);
	if (p->admin)
		units_people_section(b, req, &p->people);
	units_staff_groups_section(b, req, &p->groups);
	if (p->admin && !u->archived_at)
		write_unit_admin(b, req, u);
	if (p->admin)
		html_printf(b, _("<p><a href=\"/audit?unit=%s\">What has changed here (audit log)</a></p>\n"), u->code);
	page_end(b, req);
}

void
page_unit(struct request *req, struct response *res)
{
	struct unit_page p;
	struct error err;
	if (unit_page_load(req, &p, &err) < 0)
		respond_storage_error(req, res, &err);
	else if (wants_json(req))
		unit_json(req, res, &p);
	else
		unit_html(req, res, &p);
	unit_page_release(&p);
}

void
units_finish(struct request *req, struct response *res, int rc, const struct error *err, const char *done)
{
	const char *here = units_href(req, req->unit);
	if (rc < 0)
		respond_failed(req, res, here, err);
	else
		respond_done(req, res, MHD_HTTP_OK, here, _(done), NULL);
}

void
page_unit_rename(struct request *req, struct response *res)
{
	const char *name = request_input(req, "name");
	struct error err;
	const struct actor who = request_actor(req);
	form_refused_at(req, "name");
	int rc = name ? unit_rename(request_store(req), req->tree, &who, req->unit->code, name, &err)
		      : error_set(&err, "give the new name");
	units_finish(req, res, rc, &err, N_("Renamed."));
}

void
page_unit_move(struct request *req, struct response *res)
{
	const char *parent = request_input(req, "parent");
	struct error err;
	int rc;
	form_refused_at(req, "parent");
	const struct unit *np = parent && *parent ? unit_by_code(req->tree, parent) : NULL;
	if (!parent)
		rc = error_set(&err, "give the new parent (\"\" for the top level)");
	else if (*parent && (!np || !can_see(&req->grants, np)))
		rc = error_set(&err, "unknown parent unit \"%s\"", parent);
	else if (np ? role_on(&req->grants, np) < ROLE_ADMIN : !req->user.is_admin) {
		respond_fail(req, res, MHD_HTTP_FORBIDDEN, units_href(req, req->unit),
			     np ? _("Moving a unit there needs the admin role on its new parent.")
				: _("Only a site administrator may make a unit top-level."));
		return;
	} else {
		const struct actor who = request_actor(req);
		request_guard_role(req, np, ROLE_ADMIN,
				   np ? _("Moving a unit there needs the admin role on its new parent.")
				      : _("Only a site administrator may make a unit top-level."));
		rc = unit_move(request_store(req), req->tree, &who, req->unit->code, parent, &err);
	}
	units_finish(req, res, rc, &err, N_("Moved."));
}

void
page_unit_archive(struct request *req, struct response *res)
{
	const struct confirmation ask = {
		arena_printf(req->arena, _("Archive %s?"), req->unit->name),
		_("It leaves the lists of active units and takes no new rounds; its rounds, results and history are "
		  "kept. "
		  "Archiving cannot be undone here."),
		_("Archive the unit"), arena_printf(req->arena, "/units/%s", req->unit->code), false};
	if (!page_confirmed(req, res, &ask))
		return;
	struct error err;
	const struct actor who = request_actor(req);
	int rc = unit_archive(request_store(req), req->tree, &who, req->unit->code, &err);
	units_finish(req, res, rc, &err, N_("Archived."));
}

void
page_unit_list_size(struct request *req, struct response *res)
{
	bool ok;
	long n = parse_list_size(page_number_input(req, "list_size"), &ok);
	struct error err;
	int rc;
	if (!ok || n < 0)
		rc = error_in(&err, "list_size", "the list size must be a whole number of 0 or more");
	else {
		const struct actor who = request_actor(req);
		rc = unit_set_list_size(request_store(req), req->tree, &who, req->unit->code, n,
					request_input(req, "counted_on"), &err);
	}
	units_finish(req, res, rc, &err, N_("List size recorded."));
}

void
page_unit_ods_code(struct request *req, struct response *res)
{
	const char *ods = request_input(req, "ods_code");
	struct error err;
	const struct actor who = request_actor(req);
	form_refused_at(req, "ods_code");
	int rc = unit_set_ods_code(request_store(req), req->tree, &who, req->unit->code, ods, &err);
	units_finish(req, res, rc, &err, ods && *ods ? N_("ODS code recorded.") : N_("ODS code cleared."));
}
