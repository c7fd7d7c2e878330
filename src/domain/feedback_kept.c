/*
 * feedback_kept.c - a closed 360's report kept as it was computed, so that its colleagues' raw answers can be
 * purged (domain/retention.h) while the leader keeps their report. The report's figures (after the small-group
 * rules were applied) are written as JSON on the cycle (feedback_cycle.report_kept) and read back in place of
 * the raw answers; the words (strengths, suggestions) stay on their rows until the comments' own purge.
 */
#include "domain/feedback.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/catalog.h"
#include "domain/instrument.h"
#include "lib/xalloc.h"
#include "store/store.h"

#define KEPT_VERSION 1

/* ITEM I's code, counted across domains in order as instrument_item_index counts. */
static const char *
item_code(const struct instrument *ins, size_t i)
{
	for (size_t d = 0; d < ins->n_domains; d++) {
		if (i < ins->domains[d].n_items)
			return ins->domains[d].items[i].code;
		i -= ins->domains[d].n_items;
	}
	return "";
}

static json_t *
num(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

static double
num_of(const json_t *j)
{
	return json_is_number(j) ? json_number_value(j) : NAN;
}

static json_t *
item_json(const struct feedback_report *r, size_t i)
{
	const struct item_stats *o = &r->others[i];
	json_t *counts = json_array();
	for (size_t l = 0; l < 16; l++)
		json_array_append_new(counts, json_integer((json_int_t)r->counts[i][l]));
	json_t *means = json_array();
	for (size_t g = 0; g < r->n_groups; g++)
		json_array_append_new(means, num(r->groups[g].mean[i]));
	return json_pack("{s:s, s:o, s:[I, o, o, o, o, o], s:o, s:I, s:o}", "code", item_code(r->ins, i), "self",
			 num(r->self[i]), "others", (json_int_t)o->n, num(o->mean), num(o->median), num(o->sd),
			 num(o->var), num(o->rwg), "counts", counts, "dont_know", (json_int_t)r->dont_know[i],
			 "group_means", means);
}

char *
feedback_report_kept_json(const struct feedback_report *r)
{
	json_t *items = json_array(), *groups = json_array();
	for (size_t i = 0; i < r->n_items; i++)
		json_array_append_new(items, item_json(r, i));
	for (size_t g = 0; g < r->n_groups; g++)
		json_array_append_new(groups, json_pack("{s:s, s:I}", "code", r->groups[g].code, "n",
							(json_int_t)r->groups[g].n));
	json_t *doc =
		json_pack("{s:i, s:b, s:I, s:b, s:o, s:o}", "v", KEPT_VERSION, "has_self", r->has_self, "n_others",
			  (json_int_t)r->n_others, "shown", r->shown, "groups", groups, "items", items);
	char *text = json_dumps(doc, JSON_COMPACT);
	json_decref(doc);
	return text;
}

/* One kept item into OUT's row I; values not there (or of another type) stay empty. */
static void
item_read(const json_t *it, struct feedback_report *out, size_t i)
{
	out->self[i] = num_of(json_object_get(it, "self"));
	const json_t *o = json_object_get(it, "others");
	if (json_is_array(o) && json_array_size(o) == 6) {
		json_int_t n = json_integer_value(json_array_get(o, 0));
		out->others[i] = (struct item_stats){n > 0 ? (size_t)n : 0, num_of(json_array_get(o, 1)),
						     num_of(json_array_get(o, 2)), num_of(json_array_get(o, 3)),
						     num_of(json_array_get(o, 4)), num_of(json_array_get(o, 5))};
	}
	const json_t *counts = json_object_get(it, "counts");
	for (size_t l = 0; l < 16 && l < json_array_size(counts); l++) {
		json_int_t c = json_integer_value(json_array_get(counts, l));
		out->counts[i][l] = c > 0 ? (size_t)c : 0;
	}
	json_int_t dk = json_integer_value(json_object_get(it, "dont_know"));
	out->dont_know[i] = dk > 0 ? (size_t)dk : 0;
	const json_t *means = json_object_get(it, "group_means");
	for (size_t g = 0; g < out->n_groups; g++)
		out->groups[g].mean[i] = num_of(json_array_get(means, g));
}

static void
groups_read(const json_t *groups, struct feedback_report *out)
{
	size_t n = json_array_size(groups), I = out->n_items ? out->n_items : 1;
	out->groups = xcalloc(n ? n : 1, sizeof *out->groups);
	for (size_t g = 0; g < n; g++) {
		const json_t *gj = json_array_get(groups, g);
		const char *code = json_string_value(json_object_get(gj, "code"));
		json_int_t members = json_integer_value(json_object_get(gj, "n"));
		struct feedback_group *fg = &out->groups[out->n_groups++];
		snprintf(fg->code, sizeof fg->code, "%s", code ? code : "others");
		fg->n = members > 0 ? (size_t)members : 0;
		fg->mean = xmalloc(I * sizeof *fg->mean);
		for (size_t i = 0; i < I; i++)
			fg->mean[i] = NAN;
	}
}

int
feedback_report_kept_read(const char *text, const struct instrument *ins, struct feedback_report *out,
			  struct error *err)
{
	memset(out, 0, sizeof *out);
	json_error_t jerr;
	json_t *doc = json_loads(text, 0, &jerr);
	if (!json_is_object(doc) || json_integer_value(json_object_get(doc, "v")) != KEPT_VERSION ||
	    !json_is_array(json_object_get(doc, "items")) || !json_is_array(json_object_get(doc, "groups"))) {
		json_decref(doc);
		return error_of(err, ERROR_INTERNAL, "a kept 360 report is not one this caregrid wrote");
	}
	size_t I = ins->n_items, cells = I ? I : 1;
	out->ins = ins;
	out->n_items = I;
	out->has_self = json_is_true(json_object_get(doc, "has_self"));
	out->shown = json_is_true(json_object_get(doc, "shown"));
	json_int_t others = json_integer_value(json_object_get(doc, "n_others"));
	out->n_others = others > 0 ? (size_t)others : 0;
	out->self = xmalloc(cells * sizeof *out->self);
	out->others = xcalloc(cells, sizeof *out->others);
	out->counts = xcalloc(cells, sizeof *out->counts);
	out->dont_know = xcalloc(cells, sizeof *out->dont_know);
	for (size_t i = 0; i < I; i++) {
		out->self[i] = NAN;
		out->others[i] = (struct item_stats){0, NAN, NAN, NAN, NAN, NAN};
	}
	groups_read(json_object_get(doc, "groups"), out);
	const json_t *items = json_object_get(doc, "items");
	for (size_t k = 0; k < json_array_size(items); k++) {
		const json_t *it = json_array_get(items, k);
		const char *code = json_string_value(json_object_get(it, "code"));
		size_t i = code ? instrument_item_index(ins, code) : (size_t)-1;
		if (i != (size_t)-1)
			item_read(it, out, i);
	}
	json_decref(doc);
	return 0;
}

/* ---- the purge of raw answers ---- */

struct due {
	int64_t id;
	char instrument_id[65];
	long version;
	bool kept; /* its report is kept already (answers added after, such as a late self rating, just go) */
};

struct due_list {
	struct due *v;
	size_t n, cap;
};

static int
due_row(void *ctx, const struct row *r)
{
	struct due_list *l = ctx;
	l->v = xgrow(l->v, sizeof *l->v, l->n + 1, &l->cap);
	struct due *d = &l->v[l->n++];
	d->id = row_int(r, 0);
	snprintf(d->instrument_id, sizeof d->instrument_id, "%s", row_text(r, 1));
	d->version = (long)row_int(r, 2);
	d->kept = !row_null(r, 3);
	return 0;
}

/* Keeps cycle D's report as computed now, from its raw answers. */
static int
keep_report(struct store *s, const struct due *d, const struct instrument *ins, struct error *err)
{
	struct feedback_cycle fc;
	int found = feedback_cycle_get(s, d->id, &fc, err);
	if (found <= 0)
		return found < 0 ? -1 : 0;
	struct feedback_report r;
	if (feedback_report_compute(s, &fc, ins, &r, err) < 0)
		return -1;
	char *json = feedback_report_kept_json(&r);
	feedback_report_release(&r);
	struct param p[] = {PINT(d->id), PTEXT(json)};
	int rc = store_exec(s, Q_FB_REPORT_KEEP, PARAMS(p), NULL, NULL, NULL, err);
	free(json);
	return rc;
}

int
feedback_answers_purge(struct store *s, const struct catalog *cat, const char cutoff[11], bool dry, long *count,
		       struct error *err)
{
	struct due_list l = {0};
	struct param p[] = {PTEXT(cutoff)};
	int rc = store_exec(s, Q_RET_FB_DUE, PARAMS(p), due_row, &l, NULL, err);
	for (size_t i = 0; rc == 0 && i < l.n; i++) {
		/* A cycle whose instrument this server does not have waits: its report could not be computed. */
		const struct instrument *ins = cat ? catalog_find(cat, l.v[i].instrument_id, l.v[i].version) : NULL;
		if (!ins)
			continue;
		struct param c[] = {PINT(l.v[i].id)};
		long n = 0;
		if (dry) {
			int64_t v = 0;
			rc = store_get_int(s, Q_RET_FB_ANSWER_COUNT, PARAMS(c), &v, err) < 0 ? -1 : 0;
			n = (long)v;
		} else {
			rc = l.v[i].kept ? 0 : keep_report(s, &l.v[i], ins, err);
			if (rc == 0)
				rc = store_exec(s, Q_RET_FB_ANSWER_DELETE, PARAMS(c), NULL, NULL, &n, err);
		}
		*count += n;
	}
	free(l.v);
	if (rc == 0 && !dry)
		rc = store_exec(s, Q_RET_FB_RESPONSE_EMPTY_DELETE, NULL, 0, NULL, NULL, NULL, err);
	return rc < 0 ? -1 : 0;
}
