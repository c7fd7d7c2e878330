/*
 * improve_parse.c - the checks of an improvement file before anything of it is written (improve_io.h):
 * JSON and UTF-8, each field's type, length, list of values, date and bound (a measure's ±1e12), how many of
 * each there may be, and every reference resolved inside the file. The first problem ends the check with the
 * path of what was wrong in the file (improvement[0].aims[2].drivers[0].level), so that the one who made the
 * file can find it. Pure: the store is not touched, and a fuzz target (fuzz/fuzz_improvement.c) drives it.
 */
#include "domain/improve_io.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/aim.h"
#include "domain/improve.h"
#include "domain/unit.h"
#include "lib/text.h"
#include "lib/xalloc.h"

static const char *const directions[] = {"up", "down", "neither", NULL};
static const char *const pdsa_acts[] = {"adopt", "adapt", "abandon", NULL};
static const char *const start_kinds[] = {"priority", "element", NULL};

#define REF_MAX 64
#define MEASURES_MAX 500
#define POINTS_MAX 10000
#define NOTES_MAX 1000
#define ACTIONS_MAX 1000
#define CYCLES_MAX 200
#define AIMS_MAX 200
#define DRIVERS_MAX 100
#define IDEAS_MAX 200
#define STEPS_MAX 200
#define ELEMENTS_MAX 100
#define NOTE_MAX 1000

const struct io_field idea_fields[] = {
	{"text", IO_LINE, true, 0, IDEA_TEXT_MAX, NULL, offsetof(struct aim_idea, text)},
	{"pick", IO_CHOICE, true, 0, 0, idea_picks, offsetof(struct aim_idea, pick)},
	{"status", IO_CHOICE, false, 0, 0, idea_statuses, offsetof(struct aim_idea, status)},
	{"status_on", IO_DATE, false, 0, 0, NULL, offsetof(struct aim_idea, status_on)},
	{"own_action", IO_LINE, false, 0, REF_MAX, NULL, -1},
	{NULL, 0, false, 0, 0, NULL, -1},
};

static const struct io_field measure_fields[] = {
	{"ref", IO_LINE, true, 0, REF_MAX, NULL, -1},
	{"name", IO_LINE, true, 0, 200, NULL, -1},
	{"definition", IO_TEXT, true, 0, TEXT_MAX, NULL, -1},
	{"category", IO_CHOICE, true, 0, 0, measure_categories, -1},
	{"direction", IO_CHOICE, true, 0, 0, directions, -1},
	{"unit_label", IO_LINE, false, 0, 40, NULL, -1},
	{"target", IO_NUMBER, false, 0, 0, NULL, -1},
	{"baseline", IO_COUNT, false, 12, 1000000000, NULL, -1},
	{NULL, 0, false, 0, 0, NULL, -1},
};

static const struct io_field point_fields[] = {
	{"period", IO_DATE, true, 0, 0, NULL, -1},  {"value", IO_NUMBER, false, 0, 0, NULL, -1},
	{"rebase", IO_BOOL, false, 0, 0, NULL, -1}, {"note", IO_TEXT, false, 0, TEXT_MAX, NULL, -1},
	{NULL, 0, false, 0, 0, NULL, -1},
};

static const struct io_field note_fields[] = {
	{"period", IO_DATE, true, 0, 0, NULL, -1},
	{"text", IO_TEXT, true, 0, NOTE_MAX, NULL, -1},
	{NULL, 0, false, 0, 0, NULL, -1},
};

static const struct io_field action_fields[] = {
	{"ref", IO_LINE, true, 0, REF_MAX, NULL, -1},
	{"title", IO_LINE, true, 0, ACTION_TITLE_MAX, NULL, -1},
	{"description", IO_TEXT, false, 0, TEXT_MAX, NULL, -1},
	{"due_on", IO_DATE, false, 0, 0, NULL, -1},
	{"status", IO_CHOICE, false, 0, 0, action_statuses, -1},
	{NULL, 0, false, 0, 0, NULL, -1},
};

static const struct io_field pdsa_fields[] = {
	{"number", IO_COUNT, true, 1, 100000, NULL, -1},
	{"plan", IO_TEXT, true, 0, TEXT_MAX, NULL, -1},
	{"prediction", IO_TEXT, false, 0, TEXT_MAX, NULL, -1},
	{"measurement", IO_TEXT, false, 0, TEXT_MAX, NULL, -1},
	{"planned_on", IO_DATE, true, 0, 0, NULL, -1},
	{"did", IO_TEXT, false, 0, TEXT_MAX, NULL, -1},
	{"did_on", IO_DATE, false, 0, 0, NULL, -1},
	{"study", IO_TEXT, false, 0, TEXT_MAX, NULL, -1},
	{"studied_on", IO_DATE, false, 0, 0, NULL, -1},
	{"act", IO_CHOICE, false, 0, 0, pdsa_acts, -1},
	{"act_note", IO_TEXT, false, 0, TEXT_MAX, NULL, -1},
	{"acted_on", IO_DATE, false, 0, 0, NULL, -1},
	{NULL, 0, false, 0, 0, NULL, -1},
};

static const struct io_field aim_fields[] = {
	{"ref", IO_LINE, true, 0, REF_MAX, NULL, -1},
	{"statement", IO_LINE, true, 0, AIM_STATEMENT_MAX, NULL, -1},
	{"measure", IO_LINE, false, 0, REF_MAX, NULL, -1},
	{"target", IO_NUMBER, false, 0, 0, NULL, -1},
	{"due_on", IO_DATE, false, 0, 0, NULL, -1},
	{"status", IO_CHOICE, false, 0, 0, aim_statuses, -1},
	{NULL, 0, false, 0, 0, NULL, -1},
};

static const struct io_field parent_fields[] = {
	{"unit", IO_LINE, false, 0, 200, NULL, -1},
	{"statement", IO_LINE, true, 0, AIM_STATEMENT_MAX, NULL, -1},
	{NULL, 0, false, 0, 0, NULL, -1},
};

static const struct io_field start_fields[] = {
	{"kind", IO_CHOICE, true, 0, 0, start_kinds, -1},
	{"element", IO_LINE, true, 0, 199, NULL, -1},
	{NULL, 0, false, 0, 0, NULL, -1},
};

static const struct io_field driver_fields[] = {
	{"ref", IO_LINE, true, 0, REF_MAX, NULL, -1},
	{"level", IO_CHOICE, true, 0, 0, driver_levels, -1},
	{"text", IO_LINE, true, 0, DRIVER_TEXT_MAX, NULL, -1},
	{NULL, 0, false, 0, 0, NULL, -1},
};

static const struct io_field link_fields[] = {
	{"driver", IO_LINE, true, 0, REF_MAX, NULL, -1},
	{"strength", IO_CHOICE, true, 0, 0, link_strengths, -1},
	{NULL, 0, false, 0, 0, NULL, -1},
};

static const struct io_field driver_measure_fields[] = {
	{"measure", IO_LINE, true, 0, REF_MAX, NULL, -1},
	{"kind", IO_CHOICE, true, 0, 0, measure_kinds, -1},
	{NULL, 0, false, 0, 0, NULL, -1},
};

static const struct io_field no_fields[] = {{NULL, 0, false, 0, 0, NULL, -1}};

static const struct io_field step_fields[] = {
	{"action", IO_LINE, true, 0, REF_MAX, NULL, -1},
	{"number", IO_COUNT, true, 1, 100000, NULL, -1},
	{NULL, 0, false, 0, 0, NULL, -1},
};

/* PATH + "." + NAME, or PATH + "[I]", into OUT (which may be PATH itself), cut to fit. */
static void
path_put(char out[256], const char *path, const char *tail)
{
	if (out != path) {
		size_t n = strnlen(path, 255);
		memmove(out, path, n);
		out[n] = '\0';
	}
	size_t have = strlen(out), add = strnlen(tail, 255 - have);
	memcpy(out + have, tail, add);
	out[have + add] = '\0';
}

static const char *
at(char out[256], const char *path, const char *name)
{
	char tail[80] = ".";
	strncat(tail, name, sizeof tail - 2);
	path_put(out, path, tail);
	return out;
}

static const char *
at_index(char out[256], const char *path, size_t i)
{
	char tail[32];
	snprintf(tail, sizeof tail, "[%zu]", i);
	path_put(out, path, tail);
	return out;
}

const char *
io_shown(char out[100], const char *s, size_t max)
{
	if (!s)
		s = "";
	size_t n = text_cut(s, strlen(s), max < 99 ? max : 99);
	memcpy(out, s, n);
	out[n] = '\0';
	return out;
}

static int
check_choice(json_t *v, const char *where, const struct io_field *f, struct error *err)
{
	const char *s = json_string_value(v);
	char list[200] = "";
	for (size_t i = 0; f->choices[i]; i++) {
		if (s && strcmp(s, f->choices[i]) == 0)
			return 0;
		snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "", f->choices[i]);
	}
	if (!s)
		return error_in(err, "file", "%s: must be one of %s", where, list);
	char shown[100];
	return error_in(err, "file", "%s: \"%.40s\" is not one of %s", where, io_shown(shown, s, 40), list);
}

static int
check_text(json_t *v, const char *where, const struct io_field *f, struct error *err)
{
	const char *s = json_string_value(v);
	size_t n = json_string_length(v);
	const char *problem = text_problem(s, n, f->type == IO_LINE ? TEXT_ONE_LINE : TEXT_LINES);
	if (problem)
		return error_in(err, "file", "%s: is not text caregrid keeps: %s", where, problem);
	if (n > (size_t)f->max)
		return error_in(err, "file", "%s: has at most %ld characters", where, f->max);
	if (f->required && text_blank(s))
		return error_in(err, "file", "%s: is missing", where);
	return 0;
}

/* One field F of O (at PATH), when there. */
static int
check_field(json_t *o, const char *path, const struct io_field *f, struct error *err)
{
	char where[256];
	json_t *v = json_object_get(o, f->name);
	at(where, path, f->name);
	if (!v || json_is_null(v))
		return f->required ? error_in(err, "file", "%s: is missing", where) : 0;
	double d = json_number_value(v);
	switch (f->type) {
	case IO_LINE:
	case IO_TEXT:
		if (!json_is_string(v))
			return error_in(err, "file", "%s: must be text", where);
		return check_text(v, where, f, err);
	case IO_CHOICE: return check_choice(v, where, f, err);
	case IO_DATE:
		if (!json_is_string(v) || !valid_date(json_string_value(v)))
			return error_in(err, "file", "%s: must be a date as YYYY-MM-DD", where);
		return 0;
	case IO_NUMBER:
		if (!json_is_number(v) || !isfinite(d) || fabs(d) > MEASURE_VALUE_MAX)
			return error_in(err, "file", "%s: must be a number from -1e12 to 1e12", where);
		return 0;
	case IO_BOOL: return json_is_boolean(v) ? 0 : error_in(err, "file", "%s: must be true or false", where);
	case IO_COUNT:
		if (!json_is_integer(v) || json_integer_value(v) < f->min || json_integer_value(v) > f->max)
			return error_in(err, "file", "%s: must be a whole number from %ld to %ld", where, f->min,
					f->max);
		return 0;
	}
	return 0;
}

static int
check_fields(json_t *o, const char *path, const struct io_field *fields, struct error *err)
{
	if (!json_is_object(o))
		return error_in(err, "file", "%s: must be an object", path);
	for (const struct io_field *f = fields; f->name; f++)
		if (check_field(o, path, f, err) < 0)
			return -1;
	return 0;
}

/* O's list NAME (missing: empty) of at most MAX entries, into *LIST (borrowed). */
static int
check_list(json_t *o, const char *path, const char *name, size_t max, json_t **list, struct error *err)
{
	char where[256];
	*list = json_object_get(o, name);
	at(where, path, name);
	if (!*list || json_is_null(*list)) {
		*list = NULL;
		return 0;
	}
	if (!json_is_array(*list))
		return error_in(err, "file", "%s: must be a list", where);
	if (json_array_size(*list) > max)
		return error_in(err, "file", "%s: holds at most %zu entries", where, max);
	return 0;
}

const char *
io_text(json_t *o, const char *name)
{
	return json_string_value(json_object_get(o, name));
}

/* The entry of LIST whose KEY is REF, or NULL. */
json_t *
io_find(json_t *list, const char *key, const char *ref)
{
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v) {
		const char *k = io_text(v, key);
		if (k && ref && strcmp(k, ref) == 0)
			return v;
	}
	return NULL;
}

/* Every entry of LIST checked by FIELDS, its "ref" (when REFS) used once only. */
static int
check_each(json_t *list, const char *path, const char *name, const struct io_field *fields, bool refs,
	   struct error *err)
{
	char base[256], where[256], ref_at[256];
	at(base, path, name);
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v) {
		if (check_fields(v, at_index(where, base, i), fields, err) < 0)
			return -1;
		const char *ref = refs ? io_text(v, "ref") : NULL;
		if (ref && io_find(list, "ref", ref) != v)
			return error_in(err, "file", "%s: \"%.64s\" is used twice in the file",
					at(ref_at, where, "ref"), ref);
	}
	return 0;
}

static int
unknown_ref(const char *where, const char *ref, struct error *err)
{
	char shown[100];
	return error_in(err, "file", "%s: \"%.64s\" names nothing in the file", where, io_shown(shown, ref, 64));
}

/* A list of strings (grid elements: "instrument code"), each one line. */
static int
check_strings(json_t *o, const char *path, const char *name, struct error *err)
{
	json_t *list;
	char base[256], where[256];
	static const struct io_field one = {"", IO_LINE, true, 0, 199, NULL, -1};
	if (check_list(o, path, name, ELEMENTS_MAX, &list, err) < 0)
		return -1;
	at(base, path, name);
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v) {
		at_index(where, base, i);
		if (!json_is_string(v))
			return error_in(err, "file", "%s: must be text", where);
		if (check_text(v, where, &one, err) < 0)
			return -1;
	}
	return 0;
}

/* A measure's points: one a period, a rebase with its reason; and its notes. */
static int
check_points(json_t *m, const char *path, struct error *err)
{
	json_t *points, *notes;
	char base[256], where[256];
	if (check_list(m, path, "points", POINTS_MAX, &points, err) < 0 ||
	    check_each(points, path, "points", point_fields, false, err) < 0 ||
	    check_list(m, path, "notes", NOTES_MAX, &notes, err) < 0 ||
	    check_each(notes, path, "notes", note_fields, false, err) < 0)
		return -1;
	at(base, path, "points");
	size_t i;
	json_t *p;
	json_array_foreach(points, i, p) {
		const char *period = io_text(p, "period");
		at_index(where, base, i);
		if (io_find(points, "period", period) != p)
			return error_in(err, "file", "%s: a second point on %s", where, period);
		if (json_is_true(json_object_get(p, "rebase")) && text_blank(io_text(p, "note")))
			return error_in(err, "file", "%s.note: a rebase needs its reason", where);
	}
	return 0;
}

static int
check_measures(json_t *entry, const char *path, json_t *actions, struct error *err)
{
	json_t *list, *links;
	char base[256], where[256], link_at[256];
	if (check_list(entry, path, "measures", MEASURES_MAX, &list, err) < 0 ||
	    check_each(list, path, "measures", measure_fields, true, err) < 0)
		return -1;
	at(base, path, "measures");
	size_t i, k;
	json_t *m, *a;
	json_array_foreach(list, i, m) {
		at_index(where, base, i);
		if (check_strings(m, where, "elements", err) < 0 || check_points(m, where, err) < 0 ||
		    check_list(m, where, "actions", ACTIONS_MAX, &links, err) < 0)
			return -1;
		json_array_foreach(links, k, a) {
			at_index(link_at, at(link_at, where, "actions"), k);
			if (!json_is_string(a) || !io_find(actions, "ref", json_string_value(a)))
				return unknown_ref(link_at, json_string_value(a), err);
		}
	}
	return 0;
}

static int
check_actions(json_t *entry, const char *path, json_t **actions, struct error *err)
{
	json_t *cycles;
	char base[256], where[256], cycle_at[256];
	if (check_list(entry, path, "actions", ACTIONS_MAX, actions, err) < 0 ||
	    check_each(*actions, path, "actions", action_fields, true, err) < 0)
		return -1;
	at(base, path, "actions");
	size_t i, k;
	json_t *a, *c;
	json_array_foreach(*actions, i, a) {
		at_index(where, base, i);
		if (check_strings(a, where, "elements", err) < 0 ||
		    check_list(a, where, "pdsa", CYCLES_MAX, &cycles, err) < 0 ||
		    check_each(cycles, where, "pdsa", pdsa_fields, false, err) < 0)
			return -1;
		json_array_foreach(cycles, k, c) {
			json_int_t n = json_integer_value(json_object_get(c, "number"));
			for (size_t j = 0; j < k; j++)
				if (json_integer_value(json_object_get(json_array_get(cycles, j), "number")) == n)
					return error_in(err, "file", "%s.number: cycle %lld is there twice",
							at_index(cycle_at, at(cycle_at, where, "pdsa"), k),
							(long long)n);
		}
	}
	return 0;
}

/* The drivers an entry of LIST (at PATH.NAME) names by KEY, each one of the aim's DRIVERS at LEVEL (NULL:
 * any), at least one (when NEEDED) and at most AIM_LINKS_MAX. */
static int
check_driver_refs(json_t *list, const char *path, const char *key, json_t *drivers, const char *level,
		  struct error *err)
{
	char where[256];
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v) {
		at_index(where, path, i);
		const char *ref = key ? io_text(v, key) : json_string_value(v);
		json_t *d = io_find(drivers, "ref", ref);
		if (!d)
			return unknown_ref(where, ref, err);
		if (level && strcmp(io_text(d, "level"), level) != 0)
			return error_in(err, "file", "%s: \"%.64s\" is not a primary driver of this aim", where, ref);
	}
	return 0;
}

static int
check_drivers(json_t *aim, const char *path, json_t *measures, json_t **drivers, struct error *err)
{
	json_t *links, *dms;
	char base[256], where[256], sub[256];
	if (check_list(aim, path, "drivers", DRIVERS_MAX, drivers, err) < 0 ||
	    check_each(*drivers, path, "drivers", driver_fields, true, err) < 0)
		return -1;
	at(base, path, "drivers");
	size_t i;
	json_t *d;
	json_array_foreach(*drivers, i, d) {
		at_index(where, base, i);
		bool secondary = strcmp(io_text(d, "level"), "secondary") == 0;
		if (check_list(d, where, "primaries", AIM_LINKS_MAX, &links, err) < 0 ||
		    check_each(links, where, "primaries", link_fields, false, err) < 0 ||
		    check_driver_refs(links, at(sub, where, "primaries"), "driver", *drivers, "primary", err) < 0 ||
		    check_list(d, where, "measures", AIM_LINKS_MAX, &dms, err) < 0 ||
		    check_each(dms, where, "measures", driver_measure_fields, false, err) < 0)
			return -1;
		if (secondary != (json_array_size(links) > 0))
			return error_in(err, "file",
					"%s: a secondary driver serves one primary driver or more, a "
					"primary none",
					at(sub, where, "primaries"));
		size_t k;
		json_t *dm;
		json_array_foreach(dms, k, dm) {
			at_index(sub, at(sub, where, "measures"), k);
			if (!io_find(measures, "ref", io_text(dm, "measure")))
				return unknown_ref(at(sub, sub, "measure"), io_text(dm, "measure"), err);
		}
	}
	return 0;
}

/* One step of a ramp: a cycle of an action of the file, on no other step of the file. SEEN counts the steps
 * checked so far, across the file. */
struct ramp_seen {
	json_t *steps[2000];
	size_t n;
};

static int
check_step(json_t *st, const char *where, json_t *actions, struct ramp_seen *seen, struct error *err)
{
	char sub[256];
	const char *ref = io_text(st, "action");
	json_int_t n = json_integer_value(json_object_get(st, "number"));
	json_t *a = io_find(actions, "ref", ref);
	if (!a)
		return unknown_ref(at(sub, where, "action"), ref, err);
	size_t i;
	json_t *c;
	bool found = false;
	json_array_foreach(json_object_get(a, "pdsa"), i, c) {
		found |= json_integer_value(json_object_get(c, "number")) == n;
	}
	if (!found)
		return error_in(err, "file", "%s: \"%.64s\" has no cycle %lld", at(sub, where, "number"), ref,
				(long long)n);
	for (size_t k = 0; k < seen->n; k++)
		if (strcmp(io_text(seen->steps[k], "action"), ref) == 0 &&
		    json_integer_value(json_object_get(seen->steps[k], "number")) == n)
			return error_in(err, "file", "%s: cycle %lld of \"%.64s\" is on a ramp already", where,
					(long long)n, ref);
	if (seen->n == sizeof seen->steps / sizeof seen->steps[0])
		return error_in(err, "file", "%s: holds at most %zu entries", where, seen->n);
	seen->steps[seen->n++] = st;
	return 0;
}

static int
check_ideas(json_t *aim, const char *path, json_t *drivers, json_t *actions, struct ramp_seen *seen, struct error *err)
{
	json_t *ideas, *acts_on, *ramp;
	char base[256], where[256], sub[256];
	if (check_list(aim, path, "ideas", IDEAS_MAX, &ideas, err) < 0 ||
	    check_each(ideas, path, "ideas", idea_fields, false, err) < 0)
		return -1;
	at(base, path, "ideas");
	size_t i, k;
	json_t *idea, *st;
	json_array_foreach(ideas, i, idea) {
		at_index(where, base, i);
		if (check_list(idea, where, "drivers", AIM_LINKS_MAX, &acts_on, err) < 0 ||
		    check_driver_refs(acts_on, at(sub, where, "drivers"), NULL, drivers, NULL, err) < 0 ||
		    check_list(idea, where, "ramp", STEPS_MAX, &ramp, err) < 0 ||
		    check_each(ramp, where, "ramp", step_fields, false, err) < 0)
			return -1;
		if (!json_array_size(acts_on))
			return error_in(err, "file", "%s: an idea acts on one driver of its aim or more", sub);
		const char *own = io_text(idea, "own_action");
		if (own && !io_find(actions, "ref", own))
			return unknown_ref(at(sub, where, "own_action"), own, err);
		json_array_foreach(ramp, k, st) {
			if (check_step(st, at_index(sub, at(sub, where, "ramp"), k), actions, seen, err) < 0)
				return -1;
		}
	}
	return 0;
}

static int
check_aims(json_t *entry, const char *path, json_t *measures, json_t *actions, struct error *err)
{
	json_t *aims, *drivers;
	char base[256], where[256], sub[256];
	if (check_list(entry, path, "aims", AIMS_MAX, &aims, err) < 0 ||
	    check_each(aims, path, "aims", aim_fields, true, err) < 0)
		return -1;
	at(base, path, "aims");
	struct ramp_seen *seen = xcalloc(1, sizeof *seen);
	int rc = 0;
	size_t i;
	json_t *aim, *v;
	json_array_foreach(aims, i, aim) {
		at_index(where, base, i);
		const char *measure = io_text(aim, "measure");
		if (measure && !io_find(measures, "ref", measure))
			rc = unknown_ref(at(sub, where, "measure"), measure, err);
		else if ((v = json_object_get(aim, "parent")) && !json_is_null(v))
			rc = check_fields(v, at(sub, where, "parent"), parent_fields, err);
		if (rc == 0 && (v = json_object_get(aim, "started_from")) && !json_is_null(v))
			rc = check_fields(v, at(sub, where, "started_from"), start_fields, err);
		if (rc == 0 && check_drivers(aim, where, measures, &drivers, err) < 0)
			rc = -1;
		if (rc == 0 && check_ideas(aim, where, drivers, actions, seen, err) < 0)
			rc = -1;
		if (rc < 0)
			break;
	}
	free(seen);
	return rc;
}

/* The file's entry for unit FROM (NULL: its scope) into *ENTRY and its place into PATH. */
static int
pick_entry(json_t *doc, const char *from, json_t **entry, char path[32], struct error *err)
{
	const char *format = io_text(doc, "format"), *content = io_text(doc, "content");
	if (!format || strcmp(format, "caregrid-export-2") != 0)
		return error_in(err, "file", "format: the file is not a caregrid export (\"caregrid-export-2\")");
	if (!content || strcmp(content, "improvement") != 0)
		return error_in(err, "file", "content: the file holds no improvement work (\"improvement\")");
	json_t *list = json_object_get(doc, "improvement");
	if (!json_is_array(list))
		return error_in(err, "file", "%s: must be a list", "improvement");
	if (!from)
		from = io_text(doc, "scope");
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v) {
		const char *unit = io_text(v, "unit");
		if (unit && from && strcmp(unit, from) == 0) {
			*entry = v;
			snprintf(path, 32, "improvement[%u]", (unsigned)(i % 100000));
			return 0;
		}
	}
	char shown[100];
	return error_in(err, "file", "improvement: the file has no improvement work of unit \"%.64s\"",
			io_shown(shown, from, 64));
}

int
improvement_parse(const char *text, size_t len, const char *from, json_t **doc, json_t **entry, char path[32],
		  struct error *err)
{
	*doc = *entry = NULL;
	if (len > IMPROVEMENT_FILE_MAX)
		return error_in(err, "file", "the file is larger than %d MB", IMPROVEMENT_FILE_MAX / (1024 * 1024));
	json_error_t jerr;
	*doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!*doc) {
		/* jansson quotes the bytes near the problem, which need not be text: only printable ASCII is kept. */
		for (char *p = jerr.text; *p; p++)
			if (*p < 0x20 || *p > 0x7e)
				*p = '?';
		return error_in(err, "file", "the file is not JSON: %s (line %d, column %d)", jerr.text, jerr.line,
				jerr.column);
	}
	json_t *actions, *measures;
	if (!json_is_object(*doc))
		error_in(err, "file", "%s: must be an object", "the file");
	else if (pick_entry(*doc, from, entry, path, err) == 0 && check_fields(*entry, path, no_fields, err) == 0 &&
		 check_actions(*entry, path, &actions, err) == 0 && check_measures(*entry, path, actions, err) == 0 &&
		 check_list(*entry, path, "measures", MEASURES_MAX, &measures, err) == 0 &&
		 check_aims(*entry, path, measures, actions, err) == 0)
		return 0;
	json_decref(*doc);
	*doc = *entry = NULL;
	return -1;
}
