/*
 * aim_read.c - reading aims (aim.h): one aim, a unit's aims, and an aim's whole driver diagram in one go
 * (drivers, links, ideas with their PDSA counts and ramps, measures by kind, the units that adopted it), with
 * the rule for the gentle balancing-measure warning.
 */
#include "domain/aim.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/xalloc.h"
#include "store/store.h"

static void
aim_fill(struct aim *a, const struct row *r)
{
	memset(a, 0, sizeof *a);
	a->id = row_int(r, 0);
	a->unit_id = row_int(r, 1);
	snprintf(a->statement, sizeof a->statement, "%s", row_text(r, 2));
	a->measure_id = row_null(r, 3) ? 0 : row_int(r, 3);
	a->has_target = !row_null(r, 4);
	a->target = a->has_target ? r->real(r->impl, 4) : NAN;
	snprintf(a->due_on, sizeof a->due_on, "%s", row_text(r, 5));
	snprintf(a->status, sizeof a->status, "%s", row_text(r, 6));
	a->parent_id = row_null(r, 7) ? 0 : row_int(r, 7);
	snprintf(a->from_kind, sizeof a->from_kind, "%s", row_text(r, 8));
	a->from_round = row_null(r, 9) ? 0 : row_int(r, 9);
	if (!row_null(r, 11))
		snprintf(a->from_element, sizeof a->from_element, "%s %s", row_text(r, 10), row_text(r, 11));
}

static int
aim_one(void *ctx, const struct row *r)
{
	aim_fill(ctx, r);
	return 1;
}

int
aim_get(struct store *s, int64_t id, struct aim *out, struct error *err)
{
	struct param p[] = {PINT(id)};
	out->id = 0;
	int rc = store_exec(s, Q_AIM_GET, PARAMS(p), aim_one, out, NULL, err);
	return rc < 0 ? -1 : rc > 0;
}

struct each_ctx {
	aim_fn fn;
	void *ctx;
};

static int
aim_each_row(void *vctx, const struct row *r)
{
	struct each_ctx *c = vctx;
	struct aim a;
	aim_fill(&a, r);
	return c->fn(c->ctx, &a);
}

int
aims_each(struct store *s, int64_t unit_id, aim_fn fn, void *ctx, struct error *err)
{
	struct each_ctx c = {fn, ctx};
	struct param p[] = {PINT(unit_id)};
	return store_exec(s, Q_AIMS_OF_UNIT, PARAMS(p), aim_each_row, &c, NULL, err);
}

struct tree_ctx {
	struct aim_tree *t;
	size_t cap_d, cap_l, cap_i, cap_x, cap_m, cap_s, cap_a, cap_p;
};

static int
driver_row(void *vctx, const struct row *r)
{
	struct tree_ctx *c = vctx;
	struct aim_tree *t = c->t;
	t->drivers = xgrow(t->drivers, sizeof *t->drivers, t->n_drivers + 1, &c->cap_d);
	struct aim_driver *d = &t->drivers[t->n_drivers++];
	d->id = row_int(r, 0);
	snprintf(d->level, sizeof d->level, "%s", row_text(r, 1));
	snprintf(d->text, sizeof d->text, "%s", row_text(r, 2));
	d->position = (long)row_int(r, 3);
	return 0;
}

static int
link_row(void *vctx, const struct row *r)
{
	struct tree_ctx *c = vctx;
	struct aim_tree *t = c->t;
	t->links = xgrow(t->links, sizeof *t->links, t->n_links + 1, &c->cap_l);
	struct aim_link *l = &t->links[t->n_links++];
	l->secondary_id = row_int(r, 0);
	l->primary_id = row_int(r, 1);
	snprintf(l->strength, sizeof l->strength, "%s", row_text(r, 2));
	return 0;
}

static int
idea_row(void *vctx, const struct row *r)
{
	struct tree_ctx *c = vctx;
	struct aim_tree *t = c->t;
	t->ideas = xgrow(t->ideas, sizeof *t->ideas, t->n_ideas + 1, &c->cap_i);
	struct aim_idea *i = &t->ideas[t->n_ideas++];
	i->id = row_int(r, 0);
	snprintf(i->text, sizeof i->text, "%s", row_text(r, 1));
	snprintf(i->pick, sizeof i->pick, "%s", row_text(r, 2));
	snprintf(i->status, sizeof i->status, "%s", row_text(r, 3));
	i->position = (long)row_int(r, 4);
	i->pdsa_count = (long)row_int(r, 5);
	snprintf(i->status_on, sizeof i->status_on, "%s", row_null(r, 6) ? "" : row_text(r, 6));
	i->action_id = row_null(r, 7) ? 0 : row_int(r, 7);
	return 0;
}

static int
idea_driver_row(void *vctx, const struct row *r)
{
	struct tree_ctx *c = vctx;
	struct aim_tree *t = c->t;
	t->idea_drivers = xgrow(t->idea_drivers, sizeof *t->idea_drivers, t->n_idea_drivers + 1, &c->cap_x);
	t->idea_drivers[t->n_idea_drivers++] = (struct aim_idea_driver){row_int(r, 0), row_int(r, 1)};
	return 0;
}

static int
measure_row(void *vctx, const struct row *r)
{
	struct tree_ctx *c = vctx;
	struct aim_tree *t = c->t;
	t->measures = xgrow(t->measures, sizeof *t->measures, t->n_measures + 1, &c->cap_m);
	struct aim_measure_link *m = &t->measures[t->n_measures++];
	m->driver_id = row_int(r, 0);
	m->measure_id = row_int(r, 1);
	snprintf(m->kind, sizeof m->kind, "%s", row_text(r, 2));
	snprintf(m->name, sizeof m->name, "%s", row_text(r, 3));
	return 0;
}

static char *
dup_or_null(const struct row *r, int col)
{
	return row_null(r, col) ? NULL : xstrdup(row_text(r, col));
}

static int
step_row(void *vctx, const struct row *r)
{
	struct tree_ctx *c = vctx;
	struct aim_tree *t = c->t;
	t->steps = xgrow(t->steps, sizeof *t->steps, t->n_steps + 1, &c->cap_s);
	struct aim_step *st = &t->steps[t->n_steps++];
	memset(st, 0, sizeof *st);
	st->idea_id = row_int(r, 0);
	st->step = (long)row_int(r, 1);
	st->action_id = row_int(r, 2);
	st->number = (long)row_int(r, 3);
	st->plan = dup_or_null(r, 4);
	st->prediction = dup_or_null(r, 5);
	st->study = dup_or_null(r, 6);
	snprintf(st->act, sizeof st->act, "%s", row_text(r, 7));
	snprintf(st->planned_on, sizeof st->planned_on, "%s", row_text(r, 8));
	snprintf(st->acted_on, sizeof st->acted_on, "%s", row_text(r, 9));
	st->did = !row_null(r, 10);
	return 0;
}

static int
adopter_row(void *vctx, const struct row *r)
{
	struct tree_ctx *c = vctx;
	struct aim_tree *t = c->t;
	t->adopters = xgrow(t->adopters, sizeof *t->adopters, t->n_adopters + 1, &c->cap_a);
	t->adopters[t->n_adopters++] = row_int(r, 0);
	return 0;
}

static int
spread_row(void *vctx, const struct row *r)
{
	struct tree_ctx *c = vctx;
	struct aim_tree *t = c->t;
	t->spread = xgrow(t->spread, sizeof *t->spread, t->n_spread + 1, &c->cap_p);
	struct aim_spread_cell *x = &t->spread[t->n_spread++];
	x->unit_id = row_int(r, 0);
	snprintf(x->text, sizeof x->text, "%s", row_text(r, 1));
	snprintf(x->status, sizeof x->status, "%s", row_text(r, 2));
	x->pdsa_count = (long)row_int(r, 3);
	snprintf(x->status_on, sizeof x->status_on, "%s", row_null(r, 4) ? "" : row_text(r, 4));
	return 0;
}

int
aim_tree_load(struct store *s, const struct aim *a, struct aim_tree *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	out->aim = *a;
	struct tree_ctx c = {.t = out};
	struct param p[] = {PINT(a->id)};
	static const struct {
		enum query_id q;
		row_fn fn;
	} parts[] = {{Q_DRIVERS_OF_AIM, driver_row},
		     {Q_DRIVER_LINKS_OF_AIM, link_row},
		     {Q_IDEAS_OF_AIM, idea_row},
		     {Q_IDEA_DRIVERS_OF_AIM, idea_driver_row},
		     {Q_DRIVER_MEASURES_OF_AIM, measure_row},
		     {Q_IDEA_RAMPS, step_row},
		     {Q_AIM_ADOPTERS, adopter_row},
		     {Q_AIM_SPREAD, spread_row}};
	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
		if (store_exec(s, parts[i].q, PARAMS(p), parts[i].fn, &c, NULL, err) < 0)
			return -1;
	return 0;
}

void
aim_tree_release(struct aim_tree *t)
{
	for (size_t i = 0; i < t->n_steps; i++) {
		free(t->steps[i].plan);
		free(t->steps[i].prediction);
		free(t->steps[i].study);
	}
	free(t->drivers);
	free(t->links);
	free(t->ideas);
	free(t->idea_drivers);
	free(t->measures);
	free(t->steps);
	free(t->adopters);
	free(t->spread);
	memset(t, 0, sizeof *t);
}

bool
aim_tree_lacks_balancing(const struct aim_tree *t)
{
	bool outcome = t->aim.measure_id != 0, balancing = false;
	for (size_t i = 0; i < t->n_measures; i++) {
		outcome |= strcmp(t->measures[i].kind, "outcome") == 0;
		balancing |= strcmp(t->measures[i].kind, "balancing") == 0;
	}
	return outcome && !balancing;
}

const struct aim_driver *
aim_tree_driver(const struct aim_tree *t, int64_t id)
{
	for (size_t i = 0; i < t->n_drivers; i++)
		if (t->drivers[i].id == id)
			return &t->drivers[i];
	return NULL;
}

const struct aim_spread_cell *
aim_tree_spread(const struct aim_tree *t, int64_t unit_id, const char *idea)
{
	for (size_t i = 0; i < t->n_spread; i++)
		if (t->spread[i].unit_id == unit_id && strcmp(t->spread[i].text, idea) == 0)
			return &t->spread[i];
	return NULL;
}
