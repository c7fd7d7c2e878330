/*
 * page_aims.c - a unit's aims on the web and in the API: the list with the "New aim" form (filled in from a
 * results priority or a grid element, which the aim remembers, or adopting a network's or region's aim), and
 * the changes posted to an aim (its fields, drivers, change ideas and their changes, measures by kind).
 * The list ends with the measure summary's table of the measures its aims use (page_measure_summary.h).
 * The aim's own page, with its driver diagram, is page_aim.c.
 */
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/aim.h"
#include "domain/improve.h"
#include "domain/measure_summary.h"
#include "lib/xalloc.h"
#include "web/aim_diagram.h"
#include "web/app.h"
#include "web/handlers.h"
#include "web/page.h"
#include "web/page_aims.h"
#include "web/page_improve.h"
#include "web/page_measure_summary.h"

const char *
aim_path(struct request *req, int64_t id, const char *suffix)
{
	return improve_unit_path(req, arena_printf(req->arena, "/aims/%lld%s", (long long)id, suffix));
}

/* A field that may hold several ids: a form's repeated checkboxes, or a JSON array of numbers (or a string
 * "3, 7"), as "3,7"; an array member that is no whole number gives "?" so that the domain names the field. */
const char *
aims_ids_input(struct request *req, const char *name)
{
	struct buf b = BUF_INIT;
	buf_init(&b, 4096);
	for (size_t i = 0; i < req->n_form; i++)
		if (strcmp(req->form[i].name, name) == 0)
			buf_printf(&b, "%s%s", b.len ? "," : "", req->form[i].value);
	json_t *v = req->json ? json_object_get(req->json, name) : NULL;
	size_t k;
	json_t *x;
	if (json_is_array(v))
		json_array_foreach(v, k, x)
		{
			if (json_is_integer(x))
				buf_printf(&b, "%s%lld", b.len ? "," : "", (long long)json_integer_value(x));
			else
				buf_printf(&b, "%s?", b.len ? "," : "");
		}
	const char *out = b.len ? arena_strdup(req->arena, b.data) : request_input(req, name);
	buf_release(&b);
	return out;
}

const char *
aims_ids_given(struct request *req, const char *name)
{
	const char *ids = aims_ids_input(req, name);
	if (ids)
		return ids;
	bool in_json = req->json && json_object_get(req->json, name);
	return in_json || request_input(req, arena_printf(req->arena, "%s_shown", name)) ? "" : NULL;
}

/* ---- the list ---- */

struct aim_list {
	struct aim *v; /* owned */
	size_t n, cap;
};

static int
aim_keep(void *ctx, const struct aim *a)
{
	struct aim_list *l = ctx;
	l->v = xgrow(l->v, sizeof *l->v, l->n + 1, &l->cap);
	l->v[l->n++] = *a;
	return 0;
}

json_t *
aim_json(const struct aim *a)
{
	json_t *from = json_null();
	if (a->from_kind[0])
		from = json_pack("{s:s, s:s, s:o}", "kind", a->from_kind, "element", a->from_element, "round",
				 a->from_round ? json_integer(a->from_round) : json_null());
	return json_pack("{s:I, s:s, s:o, s:o, s:s?, s:s, s:o, s:o}", "id", (json_int_t)a->id, "statement",
			 a->statement, "measure", a->measure_id ? json_integer(a->measure_id) : json_null(), "target",
			 a->has_target ? json_real(a->target) : json_null(), "due_on", a->due_on[0] ? a->due_on : NULL,
			 "status", a->status, "parent", a->parent_id ? json_integer(a->parent_id) : json_null(),
			 "started_from", from);
}

/* The aims a unit above REQ's may adopt: those of its ancestors, still active. */
static void
parent_choices(struct buf *b, struct request *req)
{
	struct aim_list l = {0};
	struct error err;
	for (const struct unit *u = req->unit->parent; u; u = u->parent)
		if (aims_each(request_store(req), u->id, aim_keep, &l, &err) < 0)
			break; /* without the list the form still makes the unit's own aim */
	if (l.n) {
		html_printf(b, _("<label>Adopt an aim of your network or region (leave it blank for the unit's own) "
				 "<select name=\"parent\"><option value=\"\">none</option>"));
		for (size_t i = 0; i < l.n; i++)
			if (strcmp(l.v[i].status, "active") == 0)
				html_printf(b, "<option value=\"%lld\"%R>%s</option>", (long long)l.v[i].id,
					    form_selected(req, "parent",
							  arena_printf(req->arena, "%lld", (long long)l.v[i].id)),
					    l.v[i].statement);
		buf_puts(b, "</select></label>\n");
	}
	free(l.v);
}

struct measure_names {
	struct request *req;
	struct buf *b;
	const char *field;
};

static int
measure_option(void *ctx, const struct measure *m)
{
	struct measure_names *c = ctx;
	struct request *req = c->req;
	html_printf(c->b, "<option value=\"%lld\"%R>%s</option>", (long long)m->id,
		    form_selected(req, c->field, arena_printf(req->arena, "%lld", (long long)m->id)), m->name);
	return 0;
}

void
aims_measure_select(struct buf *b, struct request *req, const char *field, const char *label, bool optional)
{
	struct error err;
	struct measure_names c = {req, b, field};
	html_printf(b, "<label>%s <select name=\"%s\">", label, field);
	if (optional)
		html_printf(b, "<option value=\"\">%s</option>", _("none yet"));
	if (measures_each(request_store(req), req->unit->id, measure_option, &c, &err) < 0)
		request_log_error(req, &err); /* the form still works without a measure */
	buf_puts(b, "</select></label>\n");
}

static void
new_aim_form(struct buf *b, struct request *req)
{
	html_printf(b, _("<section class=\"panel\" id=\"new-aim\"><h2>New aim</h2>\n"
			 "<p class=\"note\">Say how much, by when: \"Reduce DNAs from 8%% to 5%% by March\".</p>\n"));
	html_printf(b, "<form method=\"post\" action=\"%s\" class=\"stack\">", improve_unit_path(req, "/aims"));
	page_csrf_field(b, req);
	const char *element = form_value(req, "from_element", request_arg(req, "from_element"));
	const char *round = form_value(req, "from_round", request_arg(req, "from_round"));
	if (*element) {
		html_printf(b, "<input type=\"hidden\" name=\"from_element\" value=\"%s\">", element);
		html_printf(b, _("<p>Started from %s%s.</p>\n"), page_elements_words(req, element),
			    *round ? _(", a priority of the round's results") : "");
	}
	if (*round)
		html_printf(b, "<input type=\"hidden\" name=\"from_round\" value=\"%s\">", round);
	html_printf(b, _("<label>The aim <input name=\"statement\" maxlength=\"300\" value=\"%s\"></label>\n"),
		    form_value(req, "statement", NULL));
	aims_measure_select(b, req, "measure", _("Its outcome measure"), true);
	html_printf(b,
		    _("<label>Target <input name=\"target\" inputmode=\"decimal\" value=\"%s\"></label>\n"
		      "<label>By <input type=\"date\" name=\"due_on\" value=\"%s\"></label>\n"),
		    form_value(req, "target", NULL), form_value(req, "due_on", NULL));
	parent_choices(b, req);
	html_printf(b, "<button type=\"submit\" class=\"primary\">%s</button></form></section>\n", _("Set the aim"));
}

/* The measures the aims use, in the summary's table, and the way to the whole summary. */
static void
aims_summary(struct buf *b, struct request *req, const struct measure_summary *sm)
{
	html_printf(b, "<section aria-labelledby=\"aims-measures-h\"><h2 id=\"aims-measures-h\">%s</h2>\n",
		    _("The measures of these aims"));
	if (!sm->n_cells)
		html_printf(b, "<p class=\"note\">%s</p>\n",
			    _("No measure yet: give an aim its outcome measure, or link measures to its drivers."));
	else
		measure_summary_table(b, req, sm);
	html_printf(b, "<p><a href=\"%s\">%s</a></p></section>\n", improve_unit_path(req, "/measures/summary"),
		    _("The unit's whole measure summary"));
}

static void
aims_html(struct request *req, struct response *res, const struct aim_list *l, const struct measure_summary *sm)
{
	struct buf *b = &res->body;
	improve_crumbs_begin(req, b, _("Aims"), _("Aims"), NULL);
	html_printf(b,
		    _("<h1>Aims of %s</h1>\n<p class=\"lead\">From priorities to proof: each aim with its driver "
		      "diagram, change ideas and the measures that show them working.</p>\n"),
		    req->unit->name);
	if (!l->n)
		buf_puts(b, _("<p class=\"note\">No aim yet.</p>\n"));
	else
		buf_puts(b, "<ul class=\"cards plain-cards\">\n");
	for (size_t i = 0; i < l->n; i++) {
		const struct aim *a = &l->v[i];
		html_printf(b, "<li class=\"card\"><a href=\"%s\">%s</a><span class=\"note\">%s%s%s</span></li>\n",
			    aim_path(req, a->id, ""), a->statement, aim_status_words(req, a->status),
			    a->due_on[0] ? arena_printf(req->arena, _(" · by %s"), page_date(req, a->due_on)) : "",
			    a->parent_id ? _(" · adopted from the network or region") : "");
	}
	if (l->n) {
		buf_puts(b, "</ul>\n");
		aims_summary(b, req, sm);
	}
	if (req->role >= ROLE_FACILITATOR)
		new_aim_form(b, req);
	page_end(b, req);
}

void
page_aims(struct request *req, struct response *res)
{
	struct aim_list l = {0};
	struct measure_summary sm;
	struct error err;
	if (measure_summary_load_aims(request_store(req), req->unit, &sm, &err) < 0 ||
	    aims_each(request_store(req), req->unit->id, aim_keep, &l, &err) < 0) {
		respond_storage_error(req, res, &err);
	} else if (wants_json(req)) {
		json_t *arr = json_array(), *summary = json_array();
		for (size_t i = 0; i < l.n; i++)
			json_array_append_new(arr, aim_json(&l.v[i]));
		for (size_t i = 0; i < sm.n_cells; i++)
			json_array_append_new(summary, measure_summary_cell_json(req, &sm, &sm.cells[i]));
		respond_json(res, MHD_HTTP_OK,
			     json_pack("{s:s, s:o, s:o}", "unit", req->unit->code, "aims", arr, "summary", summary));
	} else {
		aims_html(req, res, &l, &sm);
	}
	measure_summary_release(&sm);
	free(l.v);
}

static struct aim_input
aim_input_of(struct request *req)
{
	return (struct aim_input){.statement = request_input(req, "statement"),
				  .measure = request_input(req, "measure"),
				  .target = request_input(req, "target"),
				  .due_on = request_input(req, "due_on"),
				  .status = request_input(req, "status"),
				  .parent = request_input(req, "parent"),
				  .from_round = request_input(req, "from_round"),
				  .from_element = request_input(req, "from_element")};
}

void
page_aims_create(struct request *req, struct response *res)
{
	struct aim_input in = aim_input_of(req);
	struct error err;
	int64_t id;
	const struct actor who = request_actor(req);
	if (aim_create(request_store(req), req->app->catalog, request_tree(req), &who, req->unit, &in, &id, &err) < 0) {
		respond_failed(req, res, improve_unit_path(req, "/aims"), &err);
		return;
	}
	respond_done(req, res, MHD_HTTP_CREATED, aim_path(req, id, ""), _("Aim set."),
		     json_pack("{s:b, s:I}", "ok", 1, "id", (json_int_t)id));
}

void
page_aim_update(struct request *req, struct response *res)
{
	struct aim_input in = aim_input_of(req);
	struct error err;
	const struct actor who = request_actor(req);
	if (aim_update(request_store(req), &who, req->unit, req->aim, &in, &err) < 0)
		respond_failed(req, res, aim_path(req, req->aim->id, ""), &err);
	else
		respond_done(req, res, MHD_HTTP_OK, aim_path(req, req->aim->id, ""), _("Saved."), NULL);
}

void
page_aim_drivers(struct request *req, struct response *res)
{
	struct driver_input in = {.level = request_input(req, "level"),
				  .text = request_input(req, "text"),
				  .primaries = aims_ids_input(req, "primaries"),
				  .strength = request_input(req, "strength")};
	struct error err;
	int64_t id;
	const struct actor who = request_actor(req);
	if (driver_add(request_store(req), &who, req->unit, req->aim, &in, &id, &err) < 0)
		respond_failed(req, res, aim_path(req, req->aim->id, ""), &err);
	else
		respond_done(req, res, MHD_HTTP_CREATED, aim_path(req, req->aim->id, ""), _("Driver added."),
			     json_pack("{s:b, s:I}", "ok", 1, "id", (json_int_t)id));
}

void
page_aim_ideas(struct request *req, struct response *res)
{
	struct idea_input in = {.text = request_input(req, "text"),
				.drivers = aims_ids_input(req, "drivers"),
				.pick = request_input(req, "pick")};
	struct error err;
	int64_t id;
	const struct actor who = request_actor(req);
	if (idea_add(request_store(req), &who, req->unit, req->aim, &in, &id, &err) < 0)
		respond_failed(req, res, aim_path(req, req->aim->id, ""), &err);
	else
		respond_done(req, res, MHD_HTTP_CREATED, aim_path(req, req->aim->id, ""),
			     _("Change idea added."), json_pack("{s:b, s:I}", "ok", 1, "id", (json_int_t)id));
}

/* The idea an /ideas/{n} route names: the dispatcher let only a positive whole number through. */
static int64_t
idea_param(const struct request *req)
{
	char *end;
	return strtoll(req->params[2], &end, 10);
}

void
page_aim_idea_change(struct request *req, struct response *res)
{
	struct error err;
	const struct actor who = request_actor(req);
	const struct idea_input in = {.text = request_input(req, "text"),
				      .drivers = aims_ids_given(req, "drivers"),
				      .pick = request_input(req, "pick")};
	if (idea_update(request_store(req), &who, req->unit, req->aim, idea_param(req), &in,
			request_input(req, "status"), &err) < 0)
		respond_failed(req, res, aim_path(req, req->aim->id, ""), &err);
	else
		respond_done(req, res, MHD_HTTP_OK, aim_path(req, req->aim->id, ""), _("Saved."), NULL);
}

void
page_aim_measures(struct request *req, struct response *res)
{
	struct error err;
	const struct actor who = request_actor(req);
	if (driver_measure_link(request_store(req), &who, req->unit, req->aim, request_input(req, "driver"),
				request_input(req, "measure"), request_input(req, "kind"), &err) < 0)
		respond_failed(req, res, aim_path(req, req->aim->id, ""), &err);
	else
		respond_done(req, res, MHD_HTTP_OK, aim_path(req, req->aim->id, ""), _("Measure linked."),
			     NULL);
}
