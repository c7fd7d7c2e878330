/*
 * population_view.c - the population as it may be shown (population_view.h): the stored exact counts read once
 * and put through disclosure control at once, so that the page, the JSON, the CSV and the measures never hold a
 * raw count; the site's disclosure rule; and a segment's sizes made into an SPC measure in one transaction.
 */
#include "domain/population_view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/audit.h"
#include "domain/improve.h"
#include "domain/unit.h"
#include "lib/i18n.h"
#include "lib/xalloc.h"
#include "store/store.h"

/* ---- the rule ---- */

static int
setting_int(struct store *s, const char *key, int *out, struct error *err)
{
	char *v = NULL;
	struct param p[] = {PTEXT(key)};
	int found = store_get_text(s, Q_SETTING_GET, PARAMS(p), &v, err);
	if (found > 0) {
		char *end;
		long n = strtol(v, &end, 10);
		if (!*end && n > 0 && n < 100000)
			*out = (int)n;
	}
	free(v);
	return found < 0 ? -1 : 0;
}

int
disclosure_rule_get(struct store *s, struct disclosure_rule *out, struct error *err)
{
	disclosure_rule_default(out);
	if (setting_int(s, "disclosure.threshold", &out->threshold, err) < 0 ||
	    setting_int(s, "disclosure.base", &out->base, err) < 0)
		return -1;
	if (!disclosure_rule_valid(out))
		disclosure_rule_default(out); /* never weaker than the default because a setting was tampered with */
	return 0;
}

int
disclosure_rule_set(struct store *s, const struct actor *who, const struct disclosure_rule *r, struct error *err)
{
	if (r->threshold < DISCLOSURE_THRESHOLD_MIN || r->threshold > DISCLOSURE_THRESHOLD_MAX)
		return error_in(err, "threshold", "the smallest count shown is hidden below %d to %d",
				DISCLOSURE_THRESHOLD_MIN, DISCLOSURE_THRESHOLD_MAX);
	if (r->base < DISCLOSURE_BASE_MIN || r->base > DISCLOSURE_BASE_MAX)
		return error_in(err, "base", "counts are rounded to a multiple of %d to %d", DISCLOSURE_BASE_MIN,
				DISCLOSURE_BASE_MAX);
	char t[16], b[16], detail[80];
	snprintf(t, sizeof t, "%d", r->threshold);
	snprintf(b, sizeof b, "%d", r->base);
	snprintf(detail, sizeof detail, "counts 1 to %d hidden, others rounded to %d", r->threshold, r->base);
	struct param pt[] = {PTEXT("disclosure.threshold"), PTEXT(t)}, pb[] = {PTEXT("disclosure.base"), PTEXT(b)};
	if (store_begin(s, err) < 0)
		return -1;
	if (store_exec(s, Q_SETTING_SET, PARAMS(pt), NULL, NULL, NULL, err) < 0 ||
	    store_exec(s, Q_SETTING_SET, PARAMS(pb), NULL, NULL, NULL, err) < 0 ||
	    audit_record(s, who, "disclosure.set", 0, "disclosure", detail, err) < 0) {
		store_rollback(s);
		return -1;
	}
	return store_commit(s, err);
}

/* ---- the view ---- */

/* The exact counts while loading: practices x dates x segments; never leaves this file. */
struct raw {
	struct strvec *practices, *dates;
	long *count;
	size_t cap;
};

static size_t
index_of(const struct strvec *sv, const char *s)
{
	for (size_t i = 0; i < sv->n; i++)
		if (strcmp(sv->v[i], s) == 0)
			return i;
	return SIZE_MAX;
}

static int
raw_count(void *ctx, const char *practice, const char *as_of, enum population_segment seg, long count)
{
	struct raw *r = ctx;
	size_t p = index_of(r->practices, practice), d = index_of(r->dates, as_of);
	if (d == SIZE_MAX)
		return 0; /* a date stored after the dates were read: left for the next look */
	if (p == SIZE_MAX) {
		strvec_push(r->practices, practice);
		p = r->practices->n - 1;
		size_t need = r->practices->n * r->dates->n * POP_SEGMENTS;
		r->count = xgrow(r->count, sizeof *r->count, need, &r->cap);
		memset(r->count + p * r->dates->n * POP_SEGMENTS, 0, r->dates->n * POP_SEGMENTS * sizeof *r->count);
	}
	r->count[(p * r->dates->n + d) * POP_SEGMENTS + seg] = count;
	return 0;
}

static int
date_tables(struct population_view *v, const struct strvec *dates, const long *count, struct error *err)
{
	size_t np = v->practices.n, nd = dates->n;
	long *cells = xcalloc(np * POP_SEGMENTS + 1, sizeof *cells);
	char msg[120];
	v->dates = xcalloc(nd + 1, sizeof *v->dates);
	for (size_t d = 0; d < nd; d++) {
		for (size_t p = 0; p < np; p++)
			for (size_t k = 0; k < POP_SEGMENTS; k++)
				cells[p * POP_SEGMENTS + k] = count[(p * nd + d) * POP_SEGMENTS + k];
		snprintf(v->dates[d].as_of, sizeof v->dates[d].as_of, "%s", dates->v[d]);
		if (disclosure_table(&v->rule, cells, np, POP_SEGMENTS, &v->dates[d].t, msg, sizeof msg) < 0) {
			free(cells);
			return error_set(err, "stored population counts: %s", msg);
		}
		v->n_dates = d + 1;
	}
	free(cells);
	return 0;
}

static int
movement_table(struct store *s, int64_t unit_id, struct population_view *v, struct error *err)
{
	struct population_matrix m;
	int found = population_movement(s, unit_id, v->from, v->to, &m, err);
	if (found <= 0)
		return found;
	char msg[120];
	if (disclosure_table(&v->rule, &m.cell[0][0], POP_MOVE_ROWS, POP_MOVE_COLS, &v->movement, msg, sizeof msg) < 0)
		return error_set(err, "stored population movement: %s", msg);
	v->has_movement = 1;
	return 0;
}

/* FROM and TO as asked, else the last two dates; nothing when fewer than two are stored. */
static void
pick_pair(struct population_view *v, const struct strvec *dates, const char *from, const char *to)
{
	size_t n = dates->n;
	if (from && index_of(dates, from) != SIZE_MAX) {
		size_t f = index_of(dates, from);
		size_t t = to && index_of(dates, to) != SIZE_MAX ? index_of(dates, to) : f + 1;
		if (t < n && t > f) {
			snprintf(v->from, sizeof v->from, "%s", dates->v[f]);
			snprintf(v->to, sizeof v->to, "%s", dates->v[t]);
		}
		return;
	}
	if (n >= 2) {
		snprintf(v->from, sizeof v->from, "%s", dates->v[n - 2]);
		snprintf(v->to, sizeof v->to, "%s", dates->v[n - 1]);
	}
}

int
population_view_load(struct store *s, int64_t unit_id, const char *from, const char *to, struct population_view *out,
		     struct error *err)
{
	struct strvec dates = STRVEC_INIT;
	memset(out, 0, sizeof *out);
	struct raw r = {&out->practices, &dates, NULL, 0};
	int rc = -1;
	if (disclosure_rule_get(s, &out->rule, err) < 0 || population_as_of_dates(s, unit_id, &dates, err) < 0 ||
	    population_counts_each(s, unit_id, NULL, raw_count, &r, err) < 0)
		goto out;
	if (date_tables(out, &dates, r.count, err) < 0)
		goto out;
	pick_pair(out, &dates, from, to);
	rc = out->from[0] ? movement_table(s, unit_id, out, err) : 0;
out:
	if (r.count)
		memset(r.count, 0, r.cap * sizeof *r.count);
	free(r.count);
	strvec_clear(&dates);
	if (rc < 0)
		population_view_release(out);
	return rc;
}

void
population_view_release(struct population_view *v)
{
	if (!v)
		return;
	for (size_t d = 0; d < v->n_dates; d++)
		disclosure_table_release(&v->dates[d].t);
	free(v->dates);
	if (v->has_movement)
		disclosure_table_release(&v->movement);
	strvec_clear(&v->practices);
	memset(v, 0, sizeof *v);
}
