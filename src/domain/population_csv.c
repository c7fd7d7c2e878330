/*
 * population_csv.c - the CSV readers of the population model: code lists, the canonical extract (patients.csv,
 * events.csv) and Synthea's CSV output. Each finds its columns by the header's names (in any order, others
 * ignored), checks every value, and at the first problem says the file, line, column and what to do; it never
 * repeats a value in its message, as a value may be a person's id or birth date.
 */
#include "domain/population_model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/csv.h"
#include "lib/strvec.h"
#include "lib/xalloc.h"

/* A table being read: its file, header names, where each is in a row, and the current record's line. */
struct table {
	const char *file;
	const char *const *names;
	size_t n_names;
	size_t ix[8];
	size_t line;
	const struct strvec *row;
};

/* Refuses the value in column K of the current record. */
static int
bad(const struct table *t, size_t k, const char *what, struct error *err)
{
	return error_set(err, "%s: line %zu, column %zu (%s): %s", t->file, t->line, t->ix[k] + 1, t->names[k], what);
}

static const char *
cell(const struct table *t, size_t k)
{
	return t->row->v[t->ix[k]];
}

/* Column K as a date into *OUT: REQUIRED refuses an empty cell, which is otherwise POP_NEVER. */
static int
date_cell(const struct table *t, size_t k, bool required, bool month_ok, bool time_ok, int32_t *out,
	  struct error *err)
{
	const char *s = cell(t, k);
	if (!*s && !required) {
		*out = POP_NEVER;
		return 0;
	}
	if (!*s)
		return bad(t, k, "empty: a date is needed here", err);
	if (!pop_date(s, month_ok, time_ok, out))
		return bad(t, k, month_ok ? "not a date: write YYYY-MM-DD or YYYY-MM" : "not a date: write YYYY-MM-DD",
			   err);
	return 0;
}

typedef int (*row_fn_t)(struct pop_model *m, const struct table *t, void *ctx, struct error *err);

/* Reads the CSV TEXT with the header T->names, calling FN with each record. */
static int
read_table(struct pop_model *m, struct table *t, const char *text, size_t n, row_fn_t fn, void *ctx,
	   struct error *err)
{
	size_t line, col;
	if (pop_utf8_check_pieces(m, text, n, &line, &col))
		return error_set(err, "%s: line %zu, character %zu: not UTF-8 text (save the file as UTF-8)", t->file,
				 line, col);
	struct csv_reader r;
	struct strvec row = STRVEC_INIT;
	csv_init(&r, text, n);
	int rc = csv_next(&r, &row, &line, err);
	if (rc == 0)
		error_set(err, "%s: empty: the first line must name the columns", t->file);
	for (size_t k = 0; rc > 0 && k < t->n_names; k++) {
		size_t i = 0;
		while (i < row.n && strcmp(row.v[i], t->names[k]) != 0)
			i++;
		if (i == row.n)
			rc = error_set(err, "%s: line %zu: no column \"%s\": the first line must name it", t->file,
				       line, t->names[k]);
		t->ix[k] = i;
	}
	size_t width = row.n;
	while (rc > 0 && (rc = csv_next(&r, &row, &t->line, err)) > 0) {
		if (row.n != width)
			rc = error_set(err, "%s: line %zu: %zu fields where the first line has %zu", t->file, t->line,
				       row.n, width);
		t->row = &row;
		if (rc > 0 && fn(m, t, ctx, err) < 0)
			rc = -1;
		pop_let_go(m, r.p);
	}
	if (rc < 0 && strncmp(err->msg, t->file, strlen(t->file)) != 0) { /* the CSV reader's own "line N: ..." */
		char msg[sizeof err->msg];
		snprintf(msg, sizeof msg, "%s", err->msg);
		error_set(err, "%s: %s", t->file, msg);
	}
	strvec_clear(&row);
	return rc < 0 ? -1 : 0;
}

static enum pop_list_kind
list_kind(const char *id, bool *known)
{
	*known = true;
	if (strncmp(id, "ltc:", 4) == 0 && id[4])
		return POP_LIST_LTC;
	if (strcmp(id, "frailty") == 0)
		return POP_LIST_FRAILTY;
	if (strcmp(id, "end_of_life") == 0)
		return POP_LIST_END_OF_LIFE;
	*known = strcmp(id, "maternity") == 0;
	return POP_LIST_OTHER;
}

/* Links code KEY to LIST, once. */
static void
link_code(struct pop_model *m, const char *key, uint32_t list)
{
	uint32_t at = (uint32_t)m->n_links;
	if (!pop_map_add(&m->codes, key, &at)) {
		uint32_t last = at;
		for (uint32_t l = at; l != UINT32_MAX; l = m->links[l].next) {
			if (m->links[l].list == list)
				return;
			last = l;
		}
		m->links[last].next = (uint32_t)m->n_links;
	}
	m->links = xrealloc(m->links, (m->n_links + 1) * sizeof *m->links);
	m->links[m->n_links++] = (struct pop_link){list, UINT32_MAX};
}

static int
codelist_row(struct pop_model *m, const struct table *t, void *ctx, struct error *err)
{
	(void)ctx;
	const char *id = cell(t, 0), *version = cell(t, 5);
	bool known;
	enum pop_list_kind kind = list_kind(id, &known);
	if (!known)
		return bad(t, 0, "not a list caregrid knows: ltc:NAME, frailty, end_of_life or maternity", err);
	if (!*cell(t, 1) || !*cell(t, 2))
		return bad(t, *cell(t, 1) ? 2 : 1, "empty: every code needs its system and code", err);
	uint32_t list = (uint32_t)m->n_lists;
	if (pop_map_add(&m->list_ix, id, &list)) {
		m->lists = xrealloc(m->lists, (m->n_lists + 1) * sizeof *m->lists);
		m->lists[m->n_lists++] = (struct pop_list){xstrdup(id), xstrdup(version), kind};
	} else if (strcmp(m->lists[list].version, version) != 0) {
		return bad(t, 5, "a second version of this list: give each list one version", err);
	}
	char sys[64], key[512];
	if ((size_t)snprintf(key, sizeof key, "%s\x1f%s", pop_code_system(cell(t, 1), sys, sizeof sys), cell(t, 2)) >=
	    sizeof key)
		return bad(t, 2, "too long for a code", err);
	link_code(m, key, list);
	return 0;
}

int
pop_read_codelists(struct pop_model *m, const char *name, const char *text, size_t n, struct error *err)
{
	static const char *const names[] = {"list_id", "code_system", "code", "description", "source", "version"};
	struct table t = {.file = name, .names = names, .n_names = 6};
	if (read_table(m, &t, text, n, codelist_row, NULL, err) < 0)
		return -1;
	if (!m->n_lists)
		return error_set(err, "%s: no code lists: add rows of list_id, code_system, code, ...", name);
	return 0;
}

uint32_t
pop_practice_of(struct pop_model *m, const char *code)
{
	uint32_t ix = (uint32_t)m->n_practices;
	if (pop_map_add(&m->practice_ix, code, &ix)) {
		m->practices = xrealloc(m->practices, (m->n_practices + 1) * sizeof *m->practices);
		m->practices[m->n_practices++] = xstrdup(code);
	}
	return ix;
}

/* Adds a patient whose id is in column 0 of T. */
static int
add_patient(struct pop_model *m, const struct table *t, const struct pop_patient *pt, struct error *err)
{
	uint32_t ix = (uint32_t)m->n_patients;
	if (!*cell(t, 0))
		return bad(t, 0, "empty: every patient needs an id", err);
	if (!pop_map_add(&m->patient_ix, cell(t, 0), &ix))
		return bad(t, 0, "this patient is on an earlier line too: one line per patient", err);
	if ((m->n_patients & (m->n_patients - 1)) == 0) /* grown at each power of two */
		m->patients = xrealloc(m->patients, (m->n_patients ? m->n_patients * 2 : 1) * sizeof *m->patients);
	m->patients[m->n_patients++] = *pt;
	return 0;
}

static int
patient_row(struct pop_model *m, const struct table *t, void *ctx, struct error *err)
{
	(void)ctx;
	struct pop_patient pt;
	if (!*cell(t, 1))
		return bad(t, 1, "empty: every patient needs a practice code", err);
	if (date_cell(t, 2, true, true, false, &pt.birth, err) < 0 ||
	    date_cell(t, 4, false, false, false, &pt.death, err) < 0 ||
	    date_cell(t, 5, true, false, false, &pt.from, err) < 0 ||
	    date_cell(t, 6, false, false, false, &pt.to, err) < 0)
		return -1;
	pt.practice = pop_practice_of(m, cell(t, 1));
	return add_patient(m, t, &pt, err);
}

int
pop_read_patients(struct pop_model *m, const char *name, const char *text, size_t n, struct error *err)
{
	static const char *const names[] = {"patient_id",  "practice_code",   "birth_date",   "sex",
					    "death_date", "registered_from", "registered_to"};
	struct table t = {.file = name, .names = names, .n_names = 7};
	return read_table(m, &t, text, n, patient_row, NULL, err);
}

/* An event row: the patient in column 0, then start, end, code (columns 1, 2, 3), the system in column 4 or
 * SYSTEM when given. */
static int
event_row(struct pop_model *m, const struct table *t, void *ctx, struct error *err)
{
	const char *system = ctx;
	uint32_t p;
	if (!pop_map_find(&m->patient_ix, cell(t, 0), &p))
		return bad(t, 0, "a patient not in the patients file: every event's patient must be there", err);
	int32_t start, end;
	if (date_cell(t, 1, true, false, system != NULL, &start, err) < 0 ||
	    date_cell(t, 2, false, false, system != NULL, &end, err) < 0)
		return -1;
	if (!*cell(t, 3))
		return bad(t, 3, "empty: every event needs a code", err);
	char sys[64];
	pop_add_event(m, p, system ? system : pop_code_system(cell(t, 4), sys, sizeof sys), cell(t, 3), start, end);
	return 0;
}

int
pop_read_events(struct pop_model *m, const char *name, const char *text, size_t n, struct error *err)
{
	static const char *const names[] = {"patient_id", "start", "end", "code", "code_system"};
	struct table t = {.file = name, .names = names, .n_names = 5};
	return read_table(m, &t, text, n, event_row, NULL, err);
}

static int
synthea_patient_row(struct pop_model *m, const struct table *t, void *ctx, struct error *err)
{
	struct pop_patient pt = {.to = POP_NEVER};
	if (date_cell(t, 1, true, false, true, &pt.birth, err) < 0 ||
	    date_cell(t, 2, false, false, true, &pt.death, err) < 0)
		return -1;
	pt.from = pt.birth; /* registered from birth: Synthea has no registration */
	pt.practice = pop_practice_of(m, ctx);
	return add_patient(m, t, &pt, err);
}

int
pop_read_synthea_patients(struct pop_model *m, const char *name, const char *text, size_t n, const char *practice,
			  struct error *err)
{
	static const char *const names[] = {"Id", "BIRTHDATE", "DEATHDATE"};
	struct table t = {.file = name, .names = names, .n_names = 3};
	return read_table(m, &t, text, n, synthea_patient_row, (void *)practice, err);
}

int
pop_read_synthea_events(struct pop_model *m, const char *name, const char *text, size_t n, const char *system,
			struct error *err)
{
	static const char *const names[] = {"PATIENT", "START", "STOP", "CODE"};
	struct table t = {.file = name, .names = names, .n_names = 4};
	return read_table(m, &t, text, n, event_row, (void *)system, err);
}
