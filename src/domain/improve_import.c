/*
 * improve_import.c - a unit's improvement work from an export file into a unit (improve_io.h): the file is
 * checked whole first (improve_parse.c), then written in one transaction with one audit line, so that a
 * problem found while writing (a grid element the catalogue does not know, the store failing) leaves
 * nothing behind. The file's references become the new rows' ids as they are written; no id of the file is
 * ever taken for one of the database.
 */
#include "domain/improve_io.h"
#include "domain/improve_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/aim.h"
#include "domain/improve.h"
#include "lib/xalloc.h"
#include "store/store.h"

struct import_ctx {
	struct store *s;
	const struct catalog *cat;
	const struct actor *who;
	const struct unit *unit;
	json_t *actions, *measures;        /* borrowed: the entry's lists */
	int64_t *action_ids, *measure_ids; /* owned: the new ids, by the lists' order */
	struct improvement_report *rep;
	char now[32];
	struct error *err;
};

void
improvement_report_release(struct improvement_report *rep)
{
	strvec_clear(&rep->warnings);
}

/* The place in LIST of the entry whose KEY is REF (the file was checked: it is there). */
static size_t
index_of(json_t *list, const char *key, const char *ref)
{
	json_t *v = io_find(list, key, ref);
	size_t i;
	json_t *w;
	json_array_foreach(list, i, w) {
		if (w == v)
			return i;
	}
	return 0;
}

static struct param
opt_text(json_t *o, const char *name)
{
	return PTEXT(io_text(o, name));
}

static struct param
opt_real(json_t *o, const char *name)
{
	json_t *v = json_object_get(o, name);
	return json_is_number(v) ? (struct param){.type = P_REAL, .d = json_number_value(v)} : PNULL;
}

/* O's grid elements, checked against the catalogue, into ELEMENTS. */
static int
read_elements(struct import_ctx *c, json_t *o, const char *where, struct strvec *elements)
{
	char shown[100];
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(o, "elements"), i, v) {
		if (improve_elements_parse(c->cat, json_string_value(v), elements, c->err) < 0)
			return error_in(c->err, "file", "%s.elements[%zu]: \"%.64s\" is no element of the instruments",
					where, i, io_shown(shown, json_string_value(v), 64));
	}
	return 0;
}

static int
write_cycles(struct import_ctx *c, json_t *a, int64_t id)
{
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(a, "pdsa"), i, p) {
		json_int_t n = json_integer_value(json_object_get(p, "number"));
		struct param add[] = {PINT(id),
				      PINT(n),
				      opt_text(p, "plan"),
				      opt_text(p, "prediction"),
				      opt_text(p, "measurement"),
				      opt_text(p, "planned_on")};
		struct param did[] = {PINT(id), PINT(n), opt_text(p, "did"), opt_text(p, "did_on")};
		struct param study[] = {PINT(id), PINT(n), opt_text(p, "study"), opt_text(p, "studied_on")};
		struct param act[] = {PINT(id), PINT(n), opt_text(p, "act"), opt_text(p, "act_note"),
				      opt_text(p, "acted_on")};
		if (store_exec(c->s, Q_PDSA_ADD, PARAMS(add), NULL, NULL, NULL, c->err) < 0 ||
		    store_exec(c->s, Q_PDSA_DO, PARAMS(did), NULL, NULL, NULL, c->err) < 0 ||
		    store_exec(c->s, Q_PDSA_STUDY, PARAMS(study), NULL, NULL, NULL, c->err) < 0 ||
		    store_exec(c->s, Q_PDSA_ACT, PARAMS(act), NULL, NULL, NULL, c->err) < 0)
			return -1;
		c->rep->cycles++;
	}
	return 0;
}

/* The actions with their cycles; no owner (the file names nobody) and no round (the rounds are the other
 * unit's). */
static int
write_actions(struct import_ctx *c, const char *path)
{
	size_t i;
	json_t *a;
	c->action_ids = xcalloc(json_array_size(c->actions) + 1, sizeof *c->action_ids);
	json_array_foreach(c->actions, i, a) {
		char where[64];
		snprintf(where, sizeof where, "%s.actions[%zu]", path, i);
		const char *status = io_text(a, "status");
		struct strvec elements = STRVEC_INIT;
		struct param p[] = {PINT(c->unit->id),
				    opt_text(a, "title"),
				    opt_text(a, "description"),
				    PNULL,
				    opt_text(a, "due_on"),
				    PTEXT(status ? status : "planned"),
				    PNULL,
				    c->who->user_id ? PINT(c->who->user_id) : PNULL,
				    PTEXT(c->now),
				    PNULL};
		int rc = read_elements(c, a, where, &elements) < 0 ||
					 store_get_int(c->s, Q_ACTION_ADD, PARAMS(p), &c->action_ids[i], c->err) < 0 ||
					 improve_elements_write(c->s, Q_ACTION_ELEMENT_ADD, c->action_ids[i], &elements,
								c->err) < 0 ||
					 write_cycles(c, a, c->action_ids[i]) < 0
				 ? -1
				 : 0;
		strvec_clear(&elements);
		if (rc < 0)
			return -1;
		c->rep->actions++;
	}
	return 0;
}

static int
write_points(struct import_ctx *c, json_t *m, int64_t id)
{
	size_t i;
	json_t *p;
	json_array_foreach(json_object_get(m, "points"), i, p) {
		struct param put[] = {PINT(id), opt_text(p, "period"), opt_real(p, "value"),
				      PINT(json_is_true(json_object_get(p, "rebase"))), opt_text(p, "note")};
		if (store_exec(c->s, Q_MEASURE_POINT_PUT, PARAMS(put), NULL, NULL, NULL, c->err) < 0)
			return -1;
		c->rep->points++;
	}
	json_array_foreach(json_object_get(m, "notes"), i, p) {
		struct param note[] = {PINT(id), opt_text(p, "period"), opt_text(p, "text"),
				       c->who->user_id ? PINT(c->who->user_id) : PNULL, PTEXT(c->now)};
		if (store_exec(c->s, Q_MEASURE_NOTE_ADD, PARAMS(note), NULL, NULL, NULL, c->err) < 0)
			return -1;
		c->rep->notes++;
	}
	return 0;
}

static int
write_measure(struct import_ctx *c, json_t *m, const char *where, int64_t *id)
{
	json_t *baseline = json_object_get(m, "baseline");
	struct strvec elements = STRVEC_INIT;
	struct param p[] = {PINT(c->unit->id),
			    opt_text(m, "name"),
			    opt_text(m, "definition"),
			    opt_text(m, "category"),
			    opt_text(m, "direction"),
			    opt_text(m, "unit_label"),
			    opt_real(m, "target"),
			    json_is_integer(baseline) ? PINT(json_integer_value(baseline)) : PNULL,
			    PTEXT(c->now)};
	int rc = read_elements(c, m, where, &elements) < 0 ||
				 store_get_int(c->s, Q_MEASURE_ADD, PARAMS(p), id, c->err) < 0 ||
				 improve_elements_write(c->s, Q_MEASURE_ELEMENT_ADD, *id, &elements, c->err) < 0
			 ? -1
			 : 0;
	strvec_clear(&elements);
	size_t i;
	json_t *a;
	json_array_foreach(rc == 0 ? json_object_get(m, "actions") : NULL, i, a) {
		int64_t action = c->action_ids[index_of(c->actions, "ref", json_string_value(a))];
		struct param link[] = {PINT(*id), PINT(action)};
		if (store_exec(c->s, Q_MEASURE_ACTION_ADD, PARAMS(link), NULL, NULL, NULL, c->err) < 0)
			return -1;
	}
	return rc < 0 ? -1 : write_points(c, m, *id);
}

static int
write_measures(struct import_ctx *c, const char *path)
{
	size_t i;
	json_t *m;
	c->measure_ids = xcalloc(json_array_size(c->measures) + 1, sizeof *c->measure_ids);
	json_array_foreach(c->measures, i, m) {
		char where[64];
		snprintf(where, sizeof where, "%s.measures[%zu]", path, i);
		if (write_measure(c, m, where, &c->measure_ids[i]) < 0)
			return -1;
		c->rep->measures++;
	}
	return 0;
}

struct parent_find {
	const char *statement;
	int64_t id;
};

static int
parent_row(void *vctx, const struct aim *a)
{
	struct parent_find *f = vctx;
	if (strcmp(a->statement, f->statement) == 0) {
		f->id = a->id;
		return 1;
	}
	return 0;
}

/* The aim PARENT ({unit, statement}) names, among the aims of the units above the unit: the unit it names
 * first, then the nearest. 0 with *ID (0: none, said in the report), or -1. */
static int
find_parent(struct import_ctx *c, json_t *parent, const char *where, int64_t *id)
{
	struct parent_find f = {io_text(parent, "statement"), 0};
	const char *named = io_text(parent, "unit");
	*id = 0;
	for (int pass = 0; pass < 2 && !f.id; pass++) {
		for (const struct unit *u = c->unit->parent; u && !f.id; u = u->parent) {
			if (pass == 0 && (!named || strcmp(u->code, named) != 0))
				continue;
			if (aims_each(c->s, u->id, parent_row, &f, c->err) < 0)
				return -1;
		}
	}
	char shown[100];
	if (!f.id)
		strvec_pushf(&c->rep->warnings,
			     "%s: no aim \"%.80s\" of a unit above %s; imported as the unit's own aim", where,
			     io_shown(shown, f.statement, 80), c->unit->code);
	*id = f.id;
	return 0;
}

/* The aim's drivers, primaries first (a secondary's links need them), with their links and measures. */
static int
write_drivers(struct import_ctx *c, json_t *aim, int64_t aim_id, int64_t *ids)
{
	json_t *drivers = json_object_get(aim, "drivers");
	size_t i, k;
	json_t *d, *v;
	for (int pass = 0; pass < 2; pass++) {
		json_array_foreach(drivers, i, d) {
			if ((strcmp(io_text(d, "level"), "primary") == 0) != (pass == 0))
				continue;
			struct param p[] = {PINT(aim_id), opt_text(d, "level"), opt_text(d, "text")};
			if (store_get_int(c->s, Q_DRIVER_ADD, PARAMS(p), &ids[i], c->err) < 0)
				return -1;
			c->rep->drivers++;
			json_array_foreach(json_object_get(d, "primaries"), k, v) {
				struct param link[] = {PINT(ids[i]),
						       PINT(ids[index_of(drivers, "ref", io_text(v, "driver"))]),
						       opt_text(v, "strength")};
				if (store_exec(c->s, Q_DRIVER_LINK_ADD, PARAMS(link), NULL, NULL, NULL, c->err) < 0)
					return -1;
			}
			json_array_foreach(json_object_get(d, "measures"), k, v) {
				int64_t m = c->measure_ids[index_of(c->measures, "ref", io_text(v, "measure"))];
				struct param put[] = {PINT(ids[i]), PINT(m), opt_text(v, "kind")};
				if (store_exec(c->s, Q_DRIVER_MEASURE_PUT, PARAMS(put), NULL, NULL, NULL, c->err) < 0)
					return -1;
			}
		}
	}
	return 0;
}

/* One change idea: its own fields (idea_fields), the drivers it acts on, its ramp in order. */
static int
write_idea(struct import_ctx *c, json_t *idea, int64_t aim_id, json_t *drivers, const int64_t *driver_ids)
{
	const char *status = io_text(idea, "status");
	int64_t id, pdsa, step;
	const char *own = io_text(idea, "own_action");
	/* The day of its status as the file has it (absent: nobody knows, as before schema 032). */
	struct param add[] = {PINT(aim_id), opt_text(idea, "text"), opt_text(idea, "pick"),
			      opt_text(idea, "status_on")};
	if (store_get_int(c->s, Q_IDEA_ADD, PARAMS(add), &id, c->err) < 0)
		return -1;
	struct param change[] = {PINT(id),	       PINT(aim_id), opt_text(idea, "text"), opt_text(idea, "pick"),
				 PTEXT(status ? status : "idea"), opt_text(idea, "status_on")};
	if (store_exec(c->s, Q_IDEA_CHANGE, PARAMS(change), NULL, NULL, NULL, c->err) < 0)
		return -1;
	if (own) {
		struct param x[] = {PINT(id), PINT(c->action_ids[index_of(c->actions, "ref", own)])};
		if (store_exec(c->s, Q_IDEA_ACTION_SET, PARAMS(x), NULL, NULL, NULL, c->err) < 0)
			return -1;
	}
	size_t i;
	json_t *v;
	json_array_foreach(json_object_get(idea, "drivers"), i, v) {
		struct param p[] = {PINT(id), PINT(driver_ids[index_of(drivers, "ref", json_string_value(v))])};
		if (store_exec(c->s, Q_IDEA_DRIVER_ADD, PARAMS(p), NULL, NULL, NULL, c->err) < 0)
			return -1;
	}
	json_array_foreach(json_object_get(idea, "ramp"), i, v) {
		int64_t action = c->action_ids[index_of(c->actions, "ref", io_text(v, "action"))];
		struct param which[] = {PINT(c->unit->id), PINT(action),
					PINT(json_integer_value(json_object_get(v, "number")))};
		if (store_get_int(c->s, Q_PDSA_ID_OF_UNIT, PARAMS(which), &pdsa, c->err) < 0)
			return -1;
		struct param p[] = {PINT(id), PINT(pdsa)};
		if (store_get_int(c->s, Q_IDEA_PDSA_ADD, PARAMS(p), &step, c->err) < 0)
			return -1;
		c->rep->steps++;
	}
	c->rep->ideas++;
	return 0;
}

/* Where the aim was started: the grid element (checked), and the kind; a priority's round stays behind. */
static int
aim_start(struct import_ctx *c, json_t *aim, const char *where, char kind[10], char ins[100], char item[64])
{
	json_t *from = json_object_get(aim, "started_from");
	kind[0] = ins[0] = item[0] = '\0';
	if (!json_is_object(from))
		return 0;
	struct strvec el = STRVEC_INIT;
	char shown[100];
	int rc = improve_elements_parse(c->cat, io_text(from, "element"), &el, c->err);
	if (rc < 0 || el.n != 1)
		rc = error_in(c->err, "file", "%s.started_from.element: \"%.64s\" is no element of the instruments",
			      where, io_shown(shown, io_text(from, "element"), 64));
	else if (sscanf(el.v[0], "%99s %63s", ins, item) != 2)
		rc = -1;
	snprintf(kind, 10, "%s", io_text(from, "kind"));
	strvec_clear(&el);
	return rc;
}

static int
write_aim(struct import_ctx *c, json_t *aim, const char *where)
{
	char kind[10], ins[100], item[64];
	int64_t parent = 0, id;
	json_t *p = json_object_get(aim, "parent");
	if ((json_is_object(p) && find_parent(c, p, where, &parent) < 0) ||
	    aim_start(c, aim, where, kind, ins, item) < 0)
		return -1;
	const char *measure = io_text(aim, "measure"), *status = io_text(aim, "status");
	struct param add[] = {PINT(c->unit->id),
			      opt_text(aim, "statement"),
			      measure ? PINT(c->measure_ids[index_of(c->measures, "ref", measure)]) : PNULL,
			      opt_real(aim, "target"),
			      opt_text(aim, "due_on"),
			      PTEXT(status ? status : "active"),
			      parent ? PINT(parent) : PNULL,
			      PTEXT(kind[0] ? kind : NULL),
			      PNULL,
			      PTEXT(item[0] ? ins : NULL),
			      PTEXT(item[0] ? item : NULL),
			      PTEXT(c->now)};
	if (store_get_int(c->s, Q_AIM_ADD, PARAMS(add), &id, c->err) < 0)
		return -1;
	json_t *drivers = json_object_get(aim, "drivers");
	int64_t *driver_ids = xcalloc(json_array_size(drivers) + 1, sizeof *driver_ids);
	int rc = write_drivers(c, aim, id, driver_ids);
	size_t i;
	json_t *idea;
	json_array_foreach(rc == 0 ? json_object_get(aim, "ideas") : NULL, i, idea) {
		if ((rc = write_idea(c, idea, id, drivers, driver_ids)) < 0)
			break;
	}
	free(driver_ids);
	c->rep->aims += rc == 0;
	return rc;
}

static int
write_all(struct import_ctx *c, json_t *entry, const char *path)
{
	if (write_actions(c, path) < 0 || write_measures(c, path) < 0)
		return -1;
	size_t i;
	json_t *aim;
	json_array_foreach(json_object_get(entry, "aims"), i, aim) {
		char where[64];
		snprintf(where, sizeof where, "%s.aims[%zu]", path, i);
		if (write_aim(c, aim, where) < 0)
			return -1;
	}
	char detail[300];
	snprintf(detail, sizeof detail,
		 "imported %zu measures (%zu points, %zu notes), %zu actions (%zu PDSA cycles), %zu aims (%zu drivers, "
		 "%zu change ideas, %zu ramp steps)",
		 c->rep->measures, c->rep->points, c->rep->notes, c->rep->actions, c->rep->cycles, c->rep->aims,
		 c->rep->drivers, c->rep->ideas, c->rep->steps);
	return audit_record(c->s, c->who, "improvement.import", c->unit->id, c->unit->code, detail, c->err);
}

int
improvement_import(struct store *s, const struct catalog *cat, const struct actor *who, const struct unit *unit,
		   const char *text, size_t len, const char *from, struct improvement_report *rep, struct error *err)
{
	memset(rep, 0, sizeof *rep);
	json_t *doc, *entry;
	char path[32];
	if (improvement_parse(text, len, from, &doc, &entry, path, err) < 0)
		return -1;
	struct import_ctx c = {.s = s, .cat = cat, .who = who, .unit = unit, .rep = rep, .err = err};
	c.actions = json_object_get(entry, "actions");
	c.measures = json_object_get(entry, "measures");
	store_now(c.now, sizeof c.now);
	int rc = store_begin(s, err);
	if (rc == 0)
		rc = store_finish(s, write_all(&c, entry, path), err);
	if (rc < 0) {
		/* Nothing was written: nothing to count, nothing to warn of. */
		strvec_clear(&rep->warnings);
		memset(rep, 0, sizeof *rep);
	}
	free(c.action_ids);
	free(c.measure_ids);
	json_decref(doc);
	return rc;
}
