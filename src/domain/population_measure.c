/*
 * population_measure.c - "make this a measure" (population_view.h): a segment's size at each as-of date becomes
 * the points of an SPC measure of the unit, so that a network sees whether its frailty register grows beyond
 * chance. The points are the sizes as the population page shows them (disclosed: a hidden size is a gap), never
 * the exact counts, since a measure is read by everyone who may read the unit and outlives the import.
 */
#include "domain/population_view.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "domain/audit.h"
#include "domain/improve.h"
#include "domain/unit.h"
#include "lib/i18n.h"
#include "store/store.h"

/* The measure's name in L; also how an existing one is recognised, in whichever language it was made. */
static void
measure_name(const struct lang *l, enum population_segment seg, char *out, size_t size)
{
	snprintf(out, size, tr(l, "Population: %s"), tr(l, population_segment_name(seg)));
}

struct find {
	enum population_segment seg;
	int64_t id;
};

static int
find_measure(void *ctx, const struct measure *m)
{
	struct find *f = ctx;
	char name[201];
	if (f->id || strcmp(m->category, "population_health") != 0)
		return 0;
	for (size_t i = 0; i < lang_count(); i++) {
		measure_name(lang_at(i), f->seg, name, sizeof name);
		if (strcmp(name, m->name) == 0)
			f->id = m->id;
	}
	return 0;
}

static int
create(struct store *s, const struct catalog *cat, const struct actor *who, const struct unit *unit,
       enum population_segment seg, const struct lang *l, int64_t *id, struct error *err)
{
	char name[201];
	measure_name(l, seg, name, sizeof name);
	const struct measure_input in =
		{name,
		 tr(l, "People registered with the practices in this segment on each as-of date of the population "
		       "import. Disclosure control applies: a hidden count is a gap, the others are rounded."),
		 "population_health",
		 "neither",
		 tr(l, "people"),
		 NULL,
		 NULL,
		 "",
		 NULL};
	return measure_create(s, cat, who, unit, &in, id, err);
}

/* The points: the unit's segment total of each date, as disclosed on the page. */
static int
put_points(struct store *s, const struct population_view *v, enum population_segment seg, int64_t id, struct error *err)
{
	for (size_t d = 0; d < v->n_dates; d++) {
		const struct disclosed *c = &v->dates[d].t.col_totals[seg];
		struct param value =
			disclosed_hidden(c) ? PNULL : (struct param){.type = P_REAL, .d = (double)c->value};
		struct param p[] = {PINT(id), PTEXT(v->dates[d].as_of), value, PINT(0), PNULL};
		if (store_exec(s, Q_MEASURE_POINT_PUT, PARAMS(p), NULL, NULL, NULL, err) < 0)
			return -1;
	}
	return 0;
}

int
population_measure(struct store *s, const struct catalog *cat, const struct actor *who, const struct unit *unit,
		   enum population_segment seg, const struct lang *l, int64_t *id, struct error *err)
{
	if (seg >= POP_SEGMENTS)
		return error_set(err, "there is no such population segment");
	struct population_view v;
	if (population_view_load(s, unit->id, NULL, NULL, &v, err) < 0)
		return -1;
	int rc = -1;
	if (!v.n_dates) {
		error_set(err, "%s has no population counts yet: import an extract first", unit->name);
		goto out;
	}
	struct find f = {seg, 0};
	if (store_begin(s, err) < 0)
		goto out;
	if (measures_each(s, unit->id, find_measure, &f, err) < 0 ||
	    (!f.id && create(s, cat, who, unit, seg, l, &f.id, err) < 0) || put_points(s, &v, seg, f.id, err) < 0)
		goto fail;
	char detail[160];
	snprintf(detail, sizeof detail, "measure %lld: segment %s, %zu as-of dates (disclosed)", (long long)f.id,
		 population_segment_code(seg), v.n_dates);
	if (audit_record(s, who, "population.measure", unit->id, unit->code, detail, err) < 0)
		goto fail;
	if (store_commit(s, err) < 0)
		goto out;
	*id = f.id;
	rc = 0;
	goto out;
fail:
	store_rollback(s);
out:
	population_view_release(&v);
	return rc;
}
