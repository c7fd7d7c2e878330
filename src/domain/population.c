/*
 * population.c - the population use cases (population.h): an import, read, segmented and stored as aggregates in
 * one transaction, and the reads of what is stored. The readers and the segmentation are population_csv.c and
 * population_engine.c; this file owns the files, the practices' units, the provenance and the store.
 */
#include "domain/population.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/i18n.h"
#include "store/store.h"

static const char *const codes[POP_SEGMENTS] = {"end_of_life", "frailty", "complex", "ltc", "well"};
static const char *const names[POP_SEGMENTS] = {N_("End of life"), N_("Frailty"), N_("Complex needs"),
						N_("Long-term conditions"), N_("Generally well")};
static const char *const models[POP_SEGMENTS] = {
	N_("Frailty and end of life"), N_("Frailty and end of life"), N_("Complex and long-term conditions"),
	N_("Complex and long-term conditions"), N_("Routine care and access")};

const char *
population_segment_code(enum population_segment seg)
{
	return seg < POP_SEGMENTS ? codes[seg] : "";
}

int
population_segment_from_code(const char *code)
{
	for (int i = 0; i < POP_SEGMENTS; i++)
		if (strcmp(codes[i], code) == 0)
			return i;
	return -1;
}

const char *
population_segment_name(enum population_segment seg)
{
	return seg < POP_SEGMENTS ? names[seg] : "";
}

const char *
population_segment_care_model(enum population_segment seg)
{
	return seg < POP_SEGMENTS ? models[seg] : "";
}

static int
move_index(const char *code, bool to)
{
	int seg = population_segment_from_code(code);
	if (seg >= 0)
		return seg;
	if (!to && strcmp(code, POP_CODE_REGISTERED) == 0)
		return POP_FROM_REGISTERED;
	if (to && strcmp(code, POP_CODE_DIED) == 0)
		return POP_TO_DIED;
	return to && strcmp(code, POP_CODE_LEFT) == 0 ? POP_TO_LEFT : -1;
}

struct counts_walk {
	population_count_fn fn;
	void *ctx;
};

static int
count_row(void *ctx, const struct row *r)
{
	struct counts_walk *w = ctx;
	int seg = population_segment_from_code(row_text(r, 2));
	if (seg < 0)
		return 0;
	return w->fn(w->ctx, row_text(r, 0), row_text(r, 1), (enum population_segment)seg, (long)row_int(r, 3));
}

int
population_counts_each(struct store *s, int64_t unit_id, const char *as_of, population_count_fn fn, void *ctx,
		       struct error *err)
{
	struct counts_walk w = {fn, ctx};
	struct param p[] = {PINT(unit_id), PTEXT(as_of ? as_of : "")};
	return store_exec(s, Q_POP_COUNTS, PARAMS(p), count_row, &w, NULL, err);
}

struct totals {
	long *total;
	int found;
};

static int
total_row(void *ctx, const struct row *r)
{
	struct totals *t = ctx;
	int seg = population_segment_from_code(row_text(r, 0));
	if (seg >= 0) {
		t->total[seg] = (long)row_int(r, 1);
		t->found = 1;
	}
	return 0;
}

int
population_totals(struct store *s, int64_t unit_id, const char *as_of, long total[POP_SEGMENTS], struct error *err)
{
	struct totals t = {total, 0};
	memset(total, 0, POP_SEGMENTS * sizeof *total);
	struct param p[] = {PINT(unit_id), PTEXT(as_of)};
	if (store_exec(s, Q_POP_TOTALS, PARAMS(p), total_row, &t, NULL, err) < 0)
		return -1;
	return t.found;
}

static int
date_row(void *ctx, const struct row *r)
{
	strvec_push(ctx, row_text(r, 0));
	return 0;
}

int
population_as_of_dates(struct store *s, int64_t unit_id, struct strvec *dates, struct error *err)
{
	struct param p[] = {PINT(unit_id)};
	return store_exec(s, Q_POP_DATES, PARAMS(p), date_row, dates, NULL, err);
}

struct moves {
	struct population_matrix *m;
	int found;
};

static int
move_row(void *ctx, const struct row *r)
{
	struct moves *mv = ctx;
	int f = move_index(row_text(r, 0), false), t = move_index(row_text(r, 1), true);
	if (f >= 0 && t >= 0) {
		mv->m->cell[f][t] = (long)row_int(r, 2);
		mv->found = 1;
	}
	return 0;
}

int
population_movement(struct store *s, int64_t unit_id, const char *from, const char *to,
		    struct population_matrix *out, struct error *err)
{
	struct moves mv = {out, 0};
	memset(out, 0, sizeof *out);
	struct param p[] = {PINT(unit_id), PTEXT(from), PTEXT(to)};
	if (store_exec(s, Q_POP_MOVEMENT, PARAMS(p), move_row, &mv, NULL, err) < 0)
		return -1;
	return mv.found;
}
