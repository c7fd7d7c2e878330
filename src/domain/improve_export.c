/*
 * improve_export.c - a unit's improvement work as a file (improve_io.h, docs/export.md "improvement"): for
 * each unit of the export's scope the caller may see, its actions with their PDSA cycles, its measures with
 * their points, rebases and notes, and its aims with their driver diagrams. The file's references ("a1",
 * "m2", "aim1", "d3", "i4") count in the order written, which is the order the import writes them back, so
 * an export of an import reads the same. Nobody is named: an action's owner, and who wrote a note or a
 * cycle, are not in the file (the unit export names no person; the audit log keeps who did what).
 */
#include "domain/improve_io.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/aim.h"
#include "domain/improve.h"
#include "lib/xalloc.h"
#include "store/store.h"

struct unit_out {
	struct store *s;
	struct error *err;
	json_t *actions, *measures, *aims;
	int64_t *action_ids, *measure_ids; /* owned: the database's ids, in the file's order (refs a1, m1...) */
	size_t n_actions, cap_actions, n_measures, cap_measures;
	struct aim *aim_list; /* owned: the unit's aims, read before their trees */
	size_t n_aims, cap_aims;
	size_t n_drivers, n_ideas; /* drivers and ideas written so far: refs d1, i1 count across the unit */
};

static json_t *
opt_string(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

static json_t *
opt_real(bool has, double v)
{
	return has && !isnan(v) ? json_real(v) : json_null();
}

static json_t *
ref_of(const char *prefix, const int64_t *ids, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id) {
			char ref[32];
			snprintf(ref, sizeof ref, "%s%zu", prefix, i + 1);
			return json_string(ref);
		}
	return json_null();
}

static json_t *
strings(const struct strvec *v)
{
	json_t *out = json_array();
	for (size_t i = 0; i < v->n; i++)
		json_array_append_new(out, json_string(v->v[i]));
	return out;
}

static int
cycle_out(void *ctx, const struct pdsa *p)
{
	json_t *o = json_pack("{s:I}", "number", (json_int_t)p->number);
	const char *names[] = {"plan",  "prediction", "measurement", "planned_on", "did",     "did_on",
			       "study", "studied_on", "act",         "act_note",   "acted_on"};
	const char *values[] = {p->plan,  p->prediction, p->measurement, p->planned_on, p->did,     p->did_on,
				p->study, p->studied_on, p->act,         p->act_note,   p->acted_on};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		json_object_set_new(o, names[i], opt_string(values[i]));
	json_array_append_new(ctx, o);
	return 0;
}

static int
action_out(void *vctx, const struct action *a)
{
	struct unit_out *u = vctx;
	u->action_ids = xgrow(u->action_ids, sizeof *u->action_ids, u->n_actions + 1, &u->cap_actions);
	u->action_ids[u->n_actions++] = a->id;
	char ref[32];
	snprintf(ref, sizeof ref, "a%zu", u->n_actions);
	json_t *o = json_pack("{s:s, s:s}", "ref", ref, "title", a->title);
	json_object_set_new(o, "description", opt_string(a->description));
	json_object_set_new(o, "due_on", opt_string(a->due_on));
	json_object_set_new(o, "status", json_string(a->status));
	json_object_set_new(o, "elements", strings(&a->elements));
	json_t *cycles = json_array();
	json_object_set_new(o, "pdsa", cycles);
	json_array_append_new(u->actions, o);
	return pdsa_each(u->s, a->id, cycle_out, cycles, u->err);
}

static int
note_row(void *ctx, const struct row *r)
{
	json_array_append_new(ctx, json_pack("{s:s, s:s}", "period", row_text(r, 0), "text", row_text(r, 1)));
	return 0;
}

struct id_list {
	int64_t *v; /* owned */
	size_t n, cap;
};

static int
id_row(void *ctx, const struct row *r)
{
	struct id_list *l = ctx;
	l->v = xgrow(l->v, sizeof *l->v, l->n + 1, &l->cap);
	l->v[l->n++] = row_int(r, 0);
	return 0;
}

static bool
has_id(const struct id_list *l, int64_t id)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i] == id)
			return true;
	return false;
}

/* M's points (a gap's value null, a rebase with its reason in note), notes and linked actions into O. */
static int
measure_data(struct unit_out *u, const struct measure *m, json_t *o)
{
	struct measure_series ms;
	if (measure_series_load(u->s, m->id, &ms, u->err) < 0)
		return -1;
	json_t *points = json_array();
	for (size_t i = 0; i < ms.n; i++) {
		json_t *p = json_pack("{s:s}", "period", ms.period[i]);
		json_object_set_new(p, "value", isnan(ms.value[i]) ? json_null() : json_real(ms.value[i]));
		json_object_set_new(p, "rebase", json_boolean(ms.rebase[i]));
		json_object_set_new(p, "note", opt_string(ms.note[i]));
		json_array_append_new(points, p);
	}
	measure_series_release(&ms);
	json_object_set_new(o, "points", points);
	json_t *notes = json_array(), *actions = json_array();
	json_object_set_new(o, "notes", notes);
	json_object_set_new(o, "actions", actions);
	struct param p[] = {PINT(m->id)};
	struct id_list linked = {0};
	int rc = store_exec(u->s, Q_MEASURE_NOTES, PARAMS(p), note_row, notes, NULL, u->err) < 0 ||
				 store_exec(u->s, Q_MEASURE_ACTIONS, PARAMS(p), id_row, &linked, NULL, u->err) < 0
			 ? -1
			 : 0;
	/* In the file's order of the actions, whatever order the store gives. */
	for (size_t i = 0; i < u->n_actions; i++)
		if (has_id(&linked, u->action_ids[i]))
			json_array_append_new(actions, ref_of("a", u->action_ids, u->n_actions, u->action_ids[i]));
	free(linked.v);
	return rc;
}

static int
measure_out(void *vctx, const struct measure *m)
{
	struct unit_out *u = vctx;
	u->measure_ids = xgrow(u->measure_ids, sizeof *u->measure_ids, u->n_measures + 1, &u->cap_measures);
	u->measure_ids[u->n_measures++] = m->id;
	char ref[32];
	snprintf(ref, sizeof ref, "m%zu", u->n_measures);
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s}", "ref", ref, "name", m->name, "definition", m->definition,
			      "category", m->category, "direction", m->direction);
	json_object_set_new(o, "unit_label", opt_string(m->unit_label));
	json_object_set_new(o, "target", opt_real(m->has_target, m->target));
	json_object_set_new(o, "baseline", m->baseline ? json_integer(m->baseline) : json_null());
	json_object_set_new(o, "elements", strings(&m->elements));
	json_array_append_new(u->measures, o);
	return measure_data(u, m, o);
}

/* The ref of driver ID of T: "d" and its place among the unit's drivers written so far (FIRST: T's first). */
static json_t *
driver_ref(const struct aim_tree *t, size_t first, int64_t id)
{
	for (size_t i = 0; i < t->n_drivers; i++)
		if (t->drivers[i].id == id) {
			char ref[32];
			snprintf(ref, sizeof ref, "d%zu", first + i + 1);
			return json_string(ref);
		}
	return json_null();
}

/* Driver D's primaries (a secondary's) and measures, in the file's order of drivers and measures. */
static void
driver_links(struct unit_out *u, const struct aim_tree *t, size_t first, const struct aim_driver *d, json_t *o)
{
	json_t *primaries = json_array(), *measures = json_array();
	for (size_t k = 0; k < t->n_drivers; k++)
		for (size_t l = 0; l < t->n_links; l++)
			if (t->links[l].secondary_id == d->id && t->links[l].primary_id == t->drivers[k].id)
				json_array_append_new(primaries, json_pack("{s:o, s:s}", "driver",
									   driver_ref(t, first, t->drivers[k].id),
									   "strength", t->links[l].strength));
	for (size_t k = 0; k < u->n_measures; k++)
		for (size_t l = 0; l < t->n_measures; l++)
			if (t->measures[l].driver_id == d->id && t->measures[l].measure_id == u->measure_ids[k])
				json_array_append_new(measures, json_pack("{s:o, s:s}", "measure",
									  ref_of("m", u->measure_ids, u->n_measures,
										 u->measure_ids[k]),
									  "kind", t->measures[l].kind));
	json_object_set_new(o, "primaries", primaries);
	json_object_set_new(o, "measures", measures);
}

/* Idea I of T: its own fields (idea_fields), the drivers it acts on, its ramp. */
static json_t *
idea_out(struct unit_out *u, const struct aim_tree *t, size_t first, const struct aim_idea *idea)
{
	char ref[32];
	snprintf(ref, sizeof ref, "i%zu", ++u->n_ideas);
	json_t *o = json_pack("{s:s}", "ref", ref), *drivers = json_array(), *ramp = json_array();
	for (const struct io_field *f = idea_fields; f->name; f++)
		if (f->offset >= 0)
			json_object_set_new(o, f->name, opt_string((const char *)idea + f->offset));
	json_object_set_new(o, "own_action", ref_of("a", u->action_ids, u->n_actions, idea->action_id));
	for (size_t k = 0; k < t->n_drivers; k++)
		for (size_t l = 0; l < t->n_idea_drivers; l++)
			if (t->idea_drivers[l].idea_id == idea->id && t->idea_drivers[l].driver_id == t->drivers[k].id)
				json_array_append_new(drivers, driver_ref(t, first, t->drivers[k].id));
	for (size_t l = 0; l < t->n_steps; l++)
		if (t->steps[l].idea_id == idea->id)
			json_array_append_new(ramp,
					      json_pack("{s:o, s:I}", "action",
							ref_of("a", u->action_ids, u->n_actions, t->steps[l].action_id),
							"number", (json_int_t)t->steps[l].number));
	json_object_set_new(o, "drivers", drivers);
	json_object_set_new(o, "ramp", ramp);
	return o;
}

static void
tree_out(struct unit_out *u, const struct aim_tree *t, json_t *o)
{
	size_t first = u->n_drivers;
	json_t *drivers = json_array(), *ideas = json_array();
	for (size_t i = 0; i < t->n_drivers; i++) {
		const struct aim_driver *d = &t->drivers[i];
		json_t *one = json_pack("{s:o, s:s, s:s}", "ref", driver_ref(t, first, d->id), "level", d->level,
					"text", d->text);
		driver_links(u, t, first, d, one);
		json_array_append_new(drivers, one);
	}
	u->n_drivers += t->n_drivers;
	for (size_t i = 0; i < t->n_ideas; i++)
		json_array_append_new(ideas, idea_out(u, t, first, &t->ideas[i]));
	json_object_set_new(o, "drivers", drivers);
	json_object_set_new(o, "ideas", ideas);
}

/* The aim it adopted, by its unit and statement (ids mean nothing in another database). */
static int
parent_out(struct unit_out *u, const struct unit_tree *tree, const struct aim *a, json_t *o)
{
	struct aim parent;
	int found = a->parent_id ? aim_get(u->s, a->parent_id, &parent, u->err) : 0;
	if (found < 0)
		return -1;
	const struct unit *owner = found ? unit_by_id(tree, parent.unit_id) : NULL;
	json_object_set_new(o, "parent",
			    found ? json_pack("{s:s?, s:s}", "unit", owner ? owner->code : NULL, "statement",
					      parent.statement)
				  : json_null());
	return 0;
}

static int
aim_out(struct unit_out *u, const struct unit_tree *tree, const struct aim *a, size_t n)
{
	char ref[32];
	snprintf(ref, sizeof ref, "aim%zu", n);
	json_t *o = json_pack("{s:s, s:s}", "ref", ref, "statement", a->statement);
	json_object_set_new(o, "measure", ref_of("m", u->measure_ids, u->n_measures, a->measure_id));
	json_object_set_new(o, "target", opt_real(a->has_target, a->target));
	json_object_set_new(o, "due_on", opt_string(a->due_on));
	json_object_set_new(o, "status", json_string(a->status));
	json_object_set_new(o, "started_from",
			    a->from_kind[0] && a->from_element[0]
				    ? json_pack("{s:s, s:s}", "kind", a->from_kind, "element", a->from_element)
				    : json_null());
	json_array_append_new(u->aims, o);
	if (parent_out(u, tree, a, o) < 0)
		return -1;
	struct aim_tree t;
	int rc = aim_tree_load(u->s, a, &t, u->err);
	if (rc == 0)
		tree_out(u, &t, o);
	aim_tree_release(&t);
	return rc;
}

static int
aim_keep(void *ctx, const struct aim *a)
{
	struct unit_out *u = ctx;
	u->aim_list = xgrow(u->aim_list, sizeof *u->aim_list, u->n_aims + 1, &u->cap_aims);
	u->aim_list[u->n_aims++] = *a;
	return 0;
}

/* One unit's improvement work, into LIST. */
static int
unit_improvement(struct store *s, const struct unit_tree *tree, const struct unit *unit, json_t *list,
		 struct error *err)
{
	struct unit_out u = {.s = s,
			     .err = err,
			     .actions = json_array(),
			     .measures = json_array(),
			     .aims = json_array()};
	json_array_append_new(list, json_pack("{s:s, s:o, s:o, s:o}", "unit", unit->code, "measures", u.measures,
					      "actions", u.actions, "aims", u.aims));
	/* Actions first: measures and ramps name them. */
	int rc = actions_each(s, unit->id, action_out, &u, err) < 0 ||
				 measures_each(s, unit->id, measure_out, &u, err) < 0 ||
				 aims_each(s, unit->id, aim_keep, &u, err) < 0
			 ? -1
			 : 0;
	for (size_t i = 0; rc == 0 && i < u.n_aims; i++)
		rc = aim_out(&u, tree, &u.aim_list[i], i + 1);
	free(u.action_ids);
	free(u.measure_ids);
	free(u.aim_list);
	return rc;
}

int
unit_export_improvement(struct store *s, const struct export_request *q, json_t **out, struct error *err)
{
	*out = NULL;
	json_t *list = json_array();
	for (size_t i = 0; i < q->tree->n; i++) {
		const struct unit *u = &q->tree->v[i];
		if (!unit_within(u, q->scope) || !can_see(q->g, u))
			continue;
		if (unit_improvement(s, q->tree, u, list, err) < 0) {
			json_decref(list);
			return -1;
		}
	}
	*out = export_document(q, "improvement", "improvement", list);
	return 0;
}
