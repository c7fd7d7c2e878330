/*
 * page_aim.c - one aim (the dispatcher's, web/resource.c) on the web and in the API: the whole tree as JSON,
 * its change ideas as CSV (?format=csv), or the page with the driver diagram (aim_diagram.c) and its outline,
 * the gentle balancing-measure warning, the PICK chart, each idea's PDSA ramp and a network aim's spread matrix
 * (aim_pictures.c), and for a facilitator the forms that grow the diagram. Loaded, then rendered.
 */
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/aim.h"
#include "domain/improve.h"
#include "domain/round.h"
#include "lib/csv.h"
#include "lib/xalloc.h"
#include "web/aim_diagram.h"
#include "web/aim_pictures.h"
#include "web/app.h"
#include "web/handlers.h"
#include "web/page.h"
#include "web/page_aims.h"
#include "web/page_improve.h"

/* The gentle warning's words (page and JSON). */
static const char *
balancing_words(const struct request *req)
{
	return _("This aim has an outcome measure and no balancing measure: add one, so that you see whether a "
		 "change makes something else worse.");
}

static json_t *
driver_json(const struct aim_tree *t, const struct aim_driver *d)
{
	json_t *prim = json_array(), *ms = json_array();
	for (size_t i = 0; i < t->n_links; i++)
		if (t->links[i].secondary_id == d->id)
			json_array_append_new(prim, json_pack("{s:I, s:s}", "id", (json_int_t)t->links[i].primary_id,
							      "strength", t->links[i].strength));
	for (size_t i = 0; i < t->n_measures; i++)
		if (t->measures[i].driver_id == d->id)
			json_array_append_new(ms,
					      json_pack("{s:I, s:s, s:s}", "id", (json_int_t)t->measures[i].measure_id,
							"name", t->measures[i].name, "kind", t->measures[i].kind));
	return json_pack("{s:I, s:s, s:s, s:I, s:o, s:o}", "id", (json_int_t)d->id, "level", d->level, "text", d->text,
			 "position", (json_int_t)d->position, "primaries", prim, "measures", ms);
}

static json_t *
idea_json(const struct aim_tree *t, const struct aim_idea *idea)
{
	json_t *drivers = json_array(), *ramp = json_array();
	for (size_t i = 0; i < t->n_idea_drivers; i++)
		if (t->idea_drivers[i].idea_id == idea->id)
			json_array_append_new(drivers, json_integer(t->idea_drivers[i].driver_id));
	for (size_t i = 0; i < t->n_steps; i++) {
		const struct aim_step *s = &t->steps[i];
		if (s->idea_id == idea->id)
			json_array_append_new(ramp, json_pack("{s:I, s:I, s:I, s:s?, s:s?, s:s?, s:s?}", "step",
							      (json_int_t)s->step, "action", (json_int_t)s->action_id,
							      "cycle", (json_int_t)s->number, "plan", s->plan,
							      "prediction", s->prediction, "study", s->study, "act",
							      s->act[0] ? s->act : NULL));
	}
	return json_pack("{s:I, s:s, s:s, s:s, s:s?, s:I, s:o, s:o}", "id", (json_int_t)idea->id, "text", idea->text,
			 "pick", idea->pick, "status", idea->status, "status_on",
			 idea->status_on[0] ? idea->status_on : NULL, "pdsa", (json_int_t)idea->pdsa_count, "drivers",
			 drivers, "ramp", ramp);
}

static json_t *
tree_json(struct request *req, const struct aim_tree *t)
{
	json_t *doc = aim_json(&t->aim), *drivers = json_array(), *ideas = json_array(), *adopters = json_array();
	json_t *by_kind = json_pack("{s:[], s:[], s:[]}", "outcome", "process", "balancing");
	for (size_t i = 0; i < t->n_drivers; i++)
		json_array_append_new(drivers, driver_json(t, &t->drivers[i]));
	for (size_t i = 0; i < t->n_ideas; i++)
		json_array_append_new(ideas, idea_json(t, &t->ideas[i]));
	for (size_t i = 0; i < t->n_measures; i++)
		json_array_append_new(json_object_get(by_kind, t->measures[i].kind),
				      json_integer(t->measures[i].measure_id));
	const struct unit_tree *tree = request_tree(req);
	for (size_t i = 0; i < t->n_adopters; i++) {
		const struct unit *u = unit_by_id(tree, t->adopters[i]);
		if (u)
			json_array_append_new(adopters, json_string(u->code));
	}
	json_t *spread = json_array();
	for (size_t i = 0; i < t->n_spread; i++) {
		const struct aim_spread_cell *c = &t->spread[i];
		const struct unit *u = unit_by_id(tree, c->unit_id);
		if (u)
			json_array_append_new(spread, json_pack("{s:s, s:s, s:s, s:s?, s:I}", "unit", u->code, "idea",
								c->text, "status", c->status, "status_on",
								c->status_on[0] ? c->status_on : NULL, "pdsa",
								(json_int_t)c->pdsa_count));
	}
	json_t *warnings = json_array();
	if (aim_tree_lacks_balancing(t))
		json_array_append_new(warnings, json_pack("{s:s, s:s}", "code", "no_balancing_measure", "message",
							  balancing_words(req)));
	json_object_set_new(doc, "unit", json_string(req->unit->code));
	json_object_set_new(doc, "drivers", drivers);
	json_object_set_new(doc, "ideas", ideas);
	json_object_set_new(doc, "measures", by_kind);
	json_object_set_new(doc, "adopted_by", adopters);
	json_object_set_new(doc, "spread", spread);
	json_object_set_new(doc, "warnings", warnings);
	return doc;
}

/* The aim's facts under its title: status, date, measure and target, where it came from, who adopted it. */
static void
aim_facts(struct buf *b, struct request *req, const struct aim_tree *t)
{
	const struct aim *a = &t->aim;
	html_printf(b, "<p class=\"lead\">%s%s</p>\n", aim_status_words(req, a->status),
		    a->due_on[0] ? arena_printf(req->arena, _(" · by %s"), page_date(req, a->due_on)) : "");
	if (a->measure_id)
		html_printf(b, _("<p>Outcome measure: <a href=\"/units/%s/measures/%lld\">its chart</a>%s</p>\n"),
			    req->unit->code, (long long)a->measure_id,
			    a->has_target ? arena_printf(req->arena, _(", target %s"), page_figure(req, a->target))
					  : "");
	if (a->from_element[0])
		html_printf(b, _("<p>Started from %s%s.</p>\n"), page_elements_words(req, a->from_element),
			    a->from_round ? _(", a priority of the round's results") : "");
	if (a->parent_id)
		buf_puts(b, _("<p>Adopted from an aim of the network or region.</p>\n"));
	const struct unit_tree *tree = request_tree(req);
	for (size_t i = 0; i < t->n_adopters; i++) {
		const struct unit *u = unit_by_id(tree, t->adopters[i]);
		if (u)
			html_printf(b, _("<p class=\"note\">Adopted by %s.</p>\n"), u->name);
	}
	if (aim_tree_lacks_balancing(t))
		html_printf(b, "<p class=\"warning\" role=\"note\">%s</p>\n", balancing_words(req));
}

/* The form that records the next stage (do, study, act) of the running cycle at step S of an idea's ramp. */
static void
stage_form(struct buf *b, struct request *req, const struct aim_tree *t, const struct aim_step *s)
{
	const char *next = !s->did ? "do" : !s->study ? "study" : "act";
	html_printf(b, "<form method=\"post\" action=\"%s\" class=\"stack stage\"><fieldset><legend>%s</legend>",
		    aim_path(req, t->aim.id,
			     arena_printf(req->arena, "/ideas/%lld/pdsa/%ld", (long long)s->idea_id, s->step)),
		    arena_printf(req->arena, _("Step %ld: record its next stage"), s->step));
	page_csrf_field(b, req);
	html_printf(b, "<input type=\"hidden\" name=\"stage\" value=\"%s\">", next);
	improve_pdsa_stage_fields(b, req, next);
	buf_puts(b, "</fieldset></form>");
}

/* The PICK chart and its list, then each idea's PDSA ramp and its list. */
static void
pictures_html(struct buf *b, struct request *req, const struct aim_tree *t)
{
	html_printf(b,
		    "<h2 id=\"pick\">%s</h2>\n<figure class=\"pick-figure\"><div class=\"chart-box\" "
		    "tabindex=\"0\" role=\"region\" aria-labelledby=\"pick\">",
		    _("PICK chart: effort and impact"));
	aim_pick_svg(b, req, t);
	buf_puts(b, "</div></figure>\n");
	aim_pick_list(b, req, t);
	html_printf(b, "<h2 id=\"ramps\">%s</h2>\n", _("PDSA ramps"));
	if (!t->n_steps) {
		buf_puts(b, _("<p class=\"note\">No PDSA cycle tests an idea yet.</p>\n"));
		return;
	}
	html_printf(b, "<p class=\"note\">%s</p>\n",
		    _("A step a cycle. Its mark: a tick adopt, a turning arrow adapt, a cross abandon, an open "
		      "circle still running."));
	for (size_t k = 0; k < t->n_ideas; k++) {
		if (!t->ideas[k].pdsa_count)
			continue;
		html_printf(b,
			    "<section class=\"ramp\"><h3>%s</h3><div class=\"chart-box\" tabindex=\"0\" "
			    "role=\"region\" aria-label=\"%s\">",
			    t->ideas[k].text, arena_printf(req->arena, _("PDSA ramp of \"%s\""), t->ideas[k].text));
		aim_ramp_svg(b, req, t, &t->ideas[k]);
		buf_puts(b, "</div>");
		aim_ramp_list(b, req, t, &t->ideas[k]);
		for (size_t i = 0; req->role >= ROLE_FACILITATOR && i < t->n_steps; i++)
			if (t->steps[i].idea_id == t->ideas[k].id && !t->steps[i].act[0])
				stage_form(b, req, t, &t->steps[i]);
		buf_puts(b, "</section>\n");
	}
}

/* A checkbox for each of T's drivers at LEVEL (NULL: every level) named NAME, ticked when ON says so for it
 * (ON NULL: none ticked). */
static void
driver_checks(struct buf *b, const struct aim_tree *t, const char *name, const char *level,
	      bool (*on)(const struct aim_tree *, int64_t owner, int64_t driver), int64_t owner)
{
	for (size_t i = 0; i < t->n_drivers; i++)
		if (!level || strcmp(t->drivers[i].level, level) == 0)
			html_printf(b,
				    "<label class=\"check\"><input type=\"checkbox\" name=\"%s\" value=\"%lld\"%R> "
				    "%s</label>",
				    name, (long long)t->drivers[i].id,
				    on && on(t, owner, t->drivers[i].id) ? " checked" : "", t->drivers[i].text);
}

/* Whether idea IDEA acts on DRIVER. */
static bool
idea_acts_on(const struct aim_tree *t, int64_t idea, int64_t driver)
{
	for (size_t i = 0; i < t->n_idea_drivers; i++)
		if (t->idea_drivers[i].idea_id == idea && t->idea_drivers[i].driver_id == driver)
			return true;
	return false;
}

/* Secondary SECONDARY's link to PRIMARY, or NULL. */
static const struct aim_link *
link_of(const struct aim_tree *t, int64_t secondary, int64_t primary)
{
	for (size_t i = 0; i < t->n_links; i++)
		if (t->links[i].secondary_id == secondary && t->links[i].primary_id == primary)
			return &t->links[i];
	return NULL;
}

static bool
serves(const struct aim_tree *t, int64_t secondary, int64_t primary)
{
	return link_of(t, secondary, primary) != NULL;
}

/* The options of VALUES in words, CURRENT (NULL: none) selected: a form that changes one field keeps the other. */
static void
option_list(struct buf *b, struct request *req, const char *const *values,
	    const char *(*words)(const struct request *, const char *), const char *current)
{
	for (size_t i = 0; values[i]; i++)
		html_printf(b, "<option value=\"%s\"%R>%s</option>", values[i],
			    current && strcmp(current, values[i]) == 0 ? " selected" : "", words(req, values[i]));
}

static const char *
level_words(const struct request *req, const char *level)
{
	return strcmp(level, "primary") == 0 ? _("primary") : _("secondary");
}

static const char *
strength_words(const struct request *req, const char *s)
{
	return strcmp(s, "strong") == 0 ? _("strong") : _("weak");
}

/* Each driver's words (and a secondary's primaries) changed, or the driver deleted (asked first). */
static void
driver_edit_forms(struct buf *b, struct request *req, const struct aim_tree *t)
{
	for (size_t i = 0; i < t->n_drivers; i++) {
		const struct aim_driver *d = &t->drivers[i];
		bool secondary = strcmp(d->level, "secondary") == 0;
		const char *base = arena_printf(req->arena, "/drivers/%lld", (long long)d->id);
		html_printf(b,
			    "<details class=\"action\" id=\"driver-%lld\"><summary>%s</summary><form method=\"post\" "
			    "action=\"%s\" class=\"stack\">",
			    (long long)d->id, arena_printf(req->arena, _("Change or delete \"%s\""), d->text),
			    aim_path(req, t->aim.id, base));
		page_csrf_field(b, req);
		html_printf(b, "<label>%s <input name=\"text\" maxlength=\"200\" value=\"%s\"></label>",
			    _("The driver"), d->text);
		if (secondary) {
			const char *strength = "strong";
			for (size_t k = 0; k < t->n_links; k++)
				if (t->links[k].secondary_id == d->id)
					strength = t->links[k].strength;
			html_printf(b,
				    "<fieldset><legend>%s</legend><input type=\"hidden\" name=\"primaries_shown\" "
				    "value=\"1\">",
				    _("The primary drivers it serves"));
			driver_checks(b, t, "primaries", "primary", serves, d->id);
			html_printf(b, "</fieldset><label>%s <select name=\"strength\">", _("Link"));
			option_list(b, req, link_strengths, strength_words, strength);
			buf_puts(b, "</select></label>");
		}
		html_printf(b, "<button type=\"submit\" class=\"secondary\">%s</button></form>", _("Save"));
		html_printf(b, "<form method=\"post\" action=\"%s\">",
			    aim_path(req, t->aim.id, arena_printf(req->arena, "%s/delete", base)));
		page_csrf_field(b, req);
		html_printf(b, "<button type=\"submit\" class=\"danger\">%s</button></form></details>\n",
			    _("Delete the driver"));
	}
}

static void
driver_form(struct buf *b, struct request *req, const struct aim_tree *t)
{
	html_printf(b,
		    "<section class=\"panel\" id=\"add-driver\"><h2>%s</h2><form method=\"post\" action=\"%s\" "
		    "class=\"stack\">",
		    _("Add a driver"), aim_path(req, t->aim.id, "/drivers"));
	page_csrf_field(b, req);
	html_printf(b, "<label>%s <select name=\"level\">", _("Level"));
	option_list(b, req, driver_levels, level_words, NULL);
	html_printf(b, _("</select></label><label>The driver <input name=\"text\" maxlength=\"200\"></label>"
			 "<fieldset><legend>For a secondary driver: the primary drivers it serves</legend>"));
	driver_checks(b, t, "primaries", "primary", NULL, 0);
	html_printf(b, "</fieldset><label>%s <select name=\"strength\">", _("Link"));
	option_list(b, req, link_strengths, strength_words, NULL);
	html_printf(b, "</select></label><button type=\"submit\" class=\"primary\">%s</button></form>",
		    _("Add driver"));
	buf_puts(b, "</section>\n");
	if (!t->n_drivers)
		return;
	html_printf(b, "<section class=\"panel\" id=\"change-drivers\"><h2>%s</h2>", _("Change or delete a driver"));
	driver_edit_forms(b, req, t);
	buf_puts(b, "</section>\n");
}

/* The unit's actions, for the select of the action a new cycle goes under (loaded before rendering). */
struct action_choice {
	int64_t id;
	const char *title; /* in the request's arena */
};
struct action_choices {
	struct request *req;
	struct action_choice *v; /* owned */
	size_t n, cap;
};

static int
action_keep(void *ctx, const struct action *a)
{
	struct action_choices *l = ctx;
	l->v = xgrow(l->v, sizeof *l->v, l->n + 1, &l->cap);
	l->v[l->n++] = (struct action_choice){a->id, arena_strdup(l->req->arena, a->title)};
	return 0;
}

/* An idea's own change: its words, drivers, PICK place and status. */
static void
idea_change_form(struct buf *b, struct request *req, const struct aim_tree *t, const struct aim_idea *idea)
{
	html_printf(b, "<form method=\"post\" action=\"%s\" class=\"stack\">",
		    aim_path(req, t->aim.id, arena_printf(req->arena, "/ideas/%lld", (long long)idea->id)));
	page_csrf_field(b, req);
	html_printf(
		b,
		"<label>%s <input name=\"text\" maxlength=\"200\" value=\"%s\"></label><fieldset><legend>%s</legend>"
		"<input type=\"hidden\" name=\"drivers_shown\" value=\"1\">",
		_("The change idea"), idea->text, _("The drivers it acts on"));
	driver_checks(b, t, "drivers", NULL, idea_acts_on, idea->id);
	html_printf(b, "</fieldset><label>%s <select name=\"pick\">", _("PICK place (effort and impact)"));
	option_list(b, req, idea_picks, aim_pick_words, idea->pick);
	html_printf(b, "</select></label><label>%s <select name=\"status\">", _("Status"));
	option_list(b, req, idea_statuses, aim_idea_status_words, idea->status);
	html_printf(b, "</select></label><button type=\"submit\" class=\"secondary\">%s</button></form>", _("Save"));
}

/* A new PDSA cycle planned on the idea itself, under an action of the unit or the idea's own. */
static void
idea_cycle_form(struct buf *b, struct request *req, const struct aim_tree *t, const struct aim_idea *idea,
		const struct action_choices *actions)
{
	char day[11];
	today(day);
	html_printf(b, "<form method=\"post\" action=\"%s\" class=\"stack new-cycle\"><fieldset><legend>%s</legend>",
		    aim_path(req, t->aim.id, arena_printf(req->arena, "/ideas/%lld/pdsa", (long long)idea->id)),
		    _("Plan a PDSA cycle on this idea"));
	page_csrf_field(b, req);
	html_printf(b,
		    "<label>%s <textarea name=\"plan\" rows=\"2\" required></textarea></label><label>%s <textarea "
		    "name=\"prediction\" rows=\"2\"></textarea></label><label>%s <input name=\"measurement\"></label>"
		    "<label>%s <input type=\"date\" name=\"planned_on\" value=\"%s\" required></label>"
		    "<label>%s <select name=\"action\"><option value=\"\">%s</option>",
		    _("Plan: what we try"), _("What we predict"), _("What we will measure"), _("On"), day,
		    _("Under the action"), _("the idea's own (made with its first cycle)"));
	for (size_t i = 0; i < actions->n; i++)
		html_printf(b, "<option value=\"%lld\">%s</option>", (long long)actions->v[i].id, actions->v[i].title);
	html_printf(b, "</select></label><button type=\"submit\" class=\"primary\">%s</button></fieldset></form>",
		    _("Plan the cycle"));
}

static void
idea_forms(struct buf *b, struct request *req, const struct aim_tree *t, const struct action_choices *actions)
{
	html_printf(b,
		    "<section class=\"panel\" id=\"add-idea\"><h2>%s</h2><form method=\"post\" action=\"%s\" "
		    "class=\"stack\">",
		    _("Add a change idea"), aim_path(req, t->aim.id, "/ideas"));
	page_csrf_field(b, req);
	html_printf(b, _("<label>The change idea <input name=\"text\" maxlength=\"200\"></label>"
			 "<fieldset><legend>The drivers it acts on</legend>"));
	driver_checks(b, t, "drivers", NULL, NULL, 0);
	html_printf(b, "</fieldset><label>%s <select name=\"pick\">", _("PICK place (effort and impact)"));
	option_list(b, req, idea_picks, aim_pick_words, NULL);
	html_printf(b, "</select></label><button type=\"submit\" class=\"primary\">%s</button></form></section>\n",
		    _("Add change idea"));
	for (size_t i = 0; i < t->n_ideas; i++) {
		const struct aim_idea *idea = &t->ideas[i];
		const char *base = arena_printf(req->arena, "/ideas/%lld", (long long)idea->id);
		html_printf(b, "<details class=\"action\" id=\"idea-%lld\"><summary>%s</summary>", (long long)idea->id,
			    arena_printf(req->arena, _("Change, test or delete \"%s\""), idea->text));
		idea_change_form(b, req, t, idea);
		idea_cycle_form(b, req, t, idea, actions);
		html_printf(b, "<form method=\"post\" action=\"%s\" class=\"stack\">",
			    aim_path(req, t->aim.id, arena_printf(req->arena, "%s/pdsa", base)));
		page_csrf_field(b, req);
		html_printf(b, _("<label>Action number <input name=\"action\" inputmode=\"numeric\"></label>"
				 "<label>Its PDSA cycle <input name=\"cycle\" inputmode=\"numeric\"></label>"
				 "<button type=\"submit\" class=\"secondary\">Add the cycle to the ramp</button>"
				 "</form>"));
		html_printf(b, "<form method=\"post\" action=\"%s\">",
			    aim_path(req, t->aim.id, arena_printf(req->arena, "%s/delete", base)));
		page_csrf_field(b, req);
		html_printf(b, "<button type=\"submit\" class=\"danger\">%s</button></form></details>\n",
			    _("Delete the change idea"));
	}
}

static void
measure_form(struct buf *b, struct request *req, const struct aim_tree *t)
{
	html_printf(b,
		    "<section class=\"panel\" id=\"link-measure\"><h2>%s</h2><form method=\"post\" action=\"%s\" "
		    "class=\"stack\"><label>%s <select name=\"driver\">",
		    _("Measure a driver"), aim_path(req, t->aim.id, "/measures"), _("Driver"));
	for (size_t i = 0; i < t->n_drivers; i++)
		html_printf(b, "<option value=\"%lld\">%s</option>", (long long)t->drivers[i].id, t->drivers[i].text);
	buf_puts(b, "</select></label>");
	page_csrf_field(b, req);
	aims_measure_select(b, req, "measure", _("Measure"), false);
	html_printf(b, "<label>%s <select name=\"kind\">", _("Kind"));
	option_list(b, req, measure_kinds, aim_kind_words, NULL);
	html_printf(b, "</select></label><button type=\"submit\" class=\"primary\">%s</button></form></section>\n",
		    _("Link measure"));
}

/* Changing the aim itself: its words, date and status (the outcome measure and target stay unless changed). */
static void
aim_form(struct buf *b, struct request *req, const struct aim_tree *t)
{
	const struct aim *a = &t->aim;
	html_printf(b,
		    "<details class=\"action\" id=\"change-aim\"><summary>%s</summary><form method=\"post\" "
		    "action=\"%s\" class=\"stack\">",
		    _("Change the aim"), aim_path(req, a->id, ""));
	page_csrf_field(b, req);
	html_printf(b, _("<label>The aim <input name=\"statement\" maxlength=\"300\" value=\"%s\"></label>\n"),
		    a->statement);
	html_printf(b, "<label>%s <input type=\"date\" name=\"due_on\" value=\"%s\"></label>", _("By"), a->due_on);
	html_printf(b, "<label>%s <select name=\"status\">", _("Status"));
	for (size_t i = 0; aim_statuses[i]; i++)
		html_printf(b, "<option value=\"%s\"%R>%s</option>", aim_statuses[i],
			    strcmp(a->status, aim_statuses[i]) == 0 ? " selected" : "",
			    aim_status_words(req, aim_statuses[i]));
	html_printf(b, "</select></label><button type=\"submit\" class=\"secondary\">%s</button></form></details>\n",
		    _("Save"));
}

static void
aim_html(struct request *req, struct response *res, const struct aim_tree *t, const struct action_choices *actions)
{
	struct buf *b = &res->body;
	improve_crumbs_begin(req, b, t->aim.statement, _("Aims"), improve_unit_path(req, "/aims"));
	html_printf(b, "<h1>%s</h1>\n", t->aim.statement);
	aim_facts(b, req, t);
	html_printf(b,
		    "<h2 class=\"driver-figure\">%s</h2>\n<figure class=\"driver-figure\">"
		    "<div class=\"chart-box driver-box\" tabindex=\"0\" "
		    "role=\"region\" aria-label=\"%s\">",
		    _("Driver diagram"), _("Driver diagram, scrolls sideways"));
	aim_diagram_svg(b, req, t);
	html_printf(b, "</div><figcaption class=\"note\">%s</figcaption></figure>\n",
		    _("Solid lines: strong links; dashed: weak. Each change idea shows its PDSA cycles and status; "
		      "the small chart on a driver opens its measure."));
	html_printf(b, "<h2 id=\"in-words\">%s</h2>\n", _("The diagram in words"));
	aim_diagram_outline(b, req, t);
	html_printf(b,
		    _("<p class=\"no-print\">Download the change ideas: <a href=\"%s\">CSV (one row "
		      "per idea, with its drivers, PICK place, status and PDSA cycles)</a></p>\n"),
		    aim_path(req, t->aim.id, ".csv"));
	pictures_html(b, req, t);
	if (t->n_adopters)
		aim_spread_table(b, req, t);
	if (req->role >= ROLE_FACILITATOR) {
		aim_form(b, req, t);
		driver_form(b, req, t);
		if (t->n_drivers) {
			idea_forms(b, req, t, actions);
			measure_form(b, req, t);
		}
	}
	page_end(b, req);
}

static void
csv_row(struct buf *b, const char *const *fields, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_puts(b, ",");
		csv_write_field(b, fields[i]);
	}
	buf_puts(b, "\r\n");
}

/* The drivers idea IDEA acts on, by their words, "; " between them. */
static const char *
idea_drivers_text(struct request *req, const struct aim_tree *t, int64_t idea)
{
	const char *out = "";
	for (size_t i = 0; i < t->n_idea_drivers; i++) {
		const struct aim_driver *d =
			t->idea_drivers[i].idea_id == idea ? aim_tree_driver(t, t->idea_drivers[i].driver_id) : NULL;
		if (d)
			out = arena_printf(req->arena, "%s%s%s", out, out[0] ? "; " : "", d->text);
	}
	return out;
}

/* One row per change idea, numbered as on the PICK chart: machine codes, then the reader's words. */
static void
aim_csv(struct request *req, struct response *res, const struct aim_tree *t)
{
	static const char *const head[] = {"number",      "idea",       "drivers",      "pick",     "status",
					   "pdsa_cycles", "pick_words", "status_words", "status_on"};
	struct buf *b = &res->body;
	csv_row(b, head, sizeof head / sizeof *head);
	for (size_t i = 0; i < t->n_ideas; i++) {
		const struct aim_idea *idea = &t->ideas[i];
		const char *row[] = {arena_printf(req->arena, "%zu", i + 1),
				     idea->text,
				     idea_drivers_text(req, t, idea->id),
				     idea->pick,
				     idea->status,
				     arena_printf(req->arena, "%ld", idea->pdsa_count),
				     aim_pick_words(req, idea->pick),
				     aim_idea_status_words(req, idea->status),
				     idea->status_on};
		csv_row(b, row, sizeof row / sizeof *row);
	}
	res->content_type = "text/csv; charset=utf-8";
	res->disposition = arena_printf(req->arena, "attachment; filename=\"%s-aim-%lld.csv\"", req->unit->code,
					(long long)t->aim.id);
}

void
page_aim(struct request *req, struct response *res)
{
	struct aim_tree t;
	struct action_choices actions = {.req = req};
	struct error err;
	bool forms = req->role >= ROLE_FACILITATOR && !wants_json(req);
	if (aim_tree_load(request_store(req), req->aim, &t, &err) < 0 ||
	    (forms && actions_each(request_store(req), req->unit->id, action_keep, &actions, &err) < 0))
		respond_storage_error(req, res, &err);
	else if (request_arg(req, "format") && strcmp(request_arg(req, "format"), "csv") == 0)
		aim_csv(req, res, &t);
	else if (wants_json(req))
		respond_json(res, MHD_HTTP_OK, tree_json(req, &t));
	else
		aim_html(req, res, &t, &actions);
	aim_tree_release(&t);
	free(actions.v);
}

/* GET /units/{code}/aims/{id}.csv: the same CSV as ?format=csv, at an address that says what it is. */
void
page_aim_csv(struct request *req, struct response *res)
{
	struct aim_tree t;
	struct error err;
	if (aim_tree_load(request_store(req), req->aim, &t, &err) < 0)
		respond_storage_error(req, res, &err);
	else
		aim_csv(req, res, &t);
	aim_tree_release(&t);
}
