/*
 * measure_summary.c - the measure summary of a unit and the units below it (see measure_summary.h): which
 * units the viewer sees, each one's measures with their charts, and the names that match them across units.
 * The chart is measure_chart's, the one the measure's own page draws, so the icons agree with it. The same summary
 * of only the measures a unit's aims use, with their kinds, is measure_summary_load_aims.
 */
#include "domain/measure_summary.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "domain/aim.h"
#include "lib/xalloc.h"
#include "store/store.h"

void
measure_summary_add_unit(struct measure_summary *sm, const struct unit *u, int depth)
{
	sm->units = xgrow(sm->units, sizeof *sm->units, sm->n_units + 1, &sm->cap_units);
	sm->units[sm->n_units++] = (struct summary_unit){.unit = u, .depth = depth, .first = sm->n_cells};
}

/* A cell of unit U: its cells are consecutive, so U is the last unit to have any. */
static void
add_cell(struct measure_summary *sm, size_t u, const struct measure *m, struct measure_series *ms)
{
	sm->cells = xgrow(sm->cells, sizeof *sm->cells, sm->n_cells + 1, &sm->cap_cells);
	struct summary_cell *c = &sm->cells[sm->n_cells++];
	memset(c, 0, sizeof *c);
	c->unit = u;
	if (!sm->units[u].n)
		sm->units[u].first = sm->n_cells - 1;
	c->m = *m;
	c->m.elements = (struct strvec)STRVEC_INIT;
	c->ms = *ms;
	memset(ms, 0, sizeof *ms);
	measure_chart(&c->m, &c->ms, &c->r);
	c->latest = SIZE_MAX;
	for (size_t i = c->ms.n; i-- > 0;)
		if (!isnan(c->ms.value[i])) {
			c->latest = i;
			break;
		}
	sm->units[c->unit].n++;
}

void
measure_summary_add(struct measure_summary *sm, const struct measure *m, struct measure_series *ms)
{
	add_cell(sm, sm->n_units - 1, m, ms);
}

static int
name_order(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	int c = strcasecmp(x, y);
	return c ? c : strcmp(x, y);
}

void
measure_summary_group(struct measure_summary *sm)
{
	for (size_t i = 0; i < sm->n_names; i++)
		free(sm->names[i]);
	free(sm->names);
	sm->names = xcalloc(sm->n_cells ? sm->n_cells : 1, sizeof *sm->names);
	sm->n_names = 0;
	for (size_t i = 0; i < sm->n_cells; i++)
		sm->names[sm->n_names++] = xstrdup(sm->cells[i].m.name);
	qsort(sm->names, sm->n_names, sizeof *sm->names, name_order);
	size_t kept = 0;
	for (size_t i = 0; i < sm->n_names; i++) {
		if (kept && strcmp(sm->names[kept - 1], sm->names[i]) == 0)
			free(sm->names[i]);
		else
			sm->names[kept++] = sm->names[i];
	}
	sm->n_names = kept;
	for (size_t i = 0; i < sm->n_cells; i++) {
		const char *key = sm->cells[i].m.name;
		char **at = bsearch(&key, sm->names, sm->n_names, sizeof *sm->names, name_order);
		sm->cells[i].name = (size_t)(at - sm->names); /* every name is there: it was put there above */
	}
}

size_t
measure_summary_cell(const struct measure_summary *sm, size_t u, size_t name)
{
	if (u >= sm->n_units)
		return SIZE_MAX;
	const struct summary_unit *su = &sm->units[u];
	for (size_t i = su->first; i < su->first + su->n; i++)
		if (sm->cells[i].name == name)
			return i;
	return SIZE_MAX;
}

/* The units at or below U the viewer sees, depth first; siblings come in the tree's order (by name). */
static void
walk(struct measure_summary *sm, const struct unit_tree *tree, const struct grants *g, const struct unit *u,
     int depth)
{
	if (role_on(g, u) < ROLE_VIEWER || (depth > 0 && u->archived_at))
		return;
	measure_summary_add_unit(sm, u, depth);
	for (size_t i = 0; i < tree->n; i++)
		if (tree->v[i].parent == u)
			walk(sm, tree, g, &tree->v[i], depth + 1);
}

struct load_ctx {
	struct store *s;
	struct measure_summary *sm;
	size_t unit;
	struct error *err;
};

static int
keep_measure(void *vctx, const struct measure *m)
{
	struct load_ctx *c = vctx;
	struct measure_series ms;
	if (measure_series_load(c->s, m->id, &ms, c->err) < 0)
		return -1;
	add_cell(c->sm, c->unit, m, &ms);
	return 0;
}

int
measure_summary_load(struct store *s, const struct unit_tree *tree, const struct grants *g,
		     const struct unit *scope, struct measure_summary *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	walk(out, tree, g, scope, 0);
	struct load_ctx c = {s, out, 0, err};
	for (c.unit = 0; c.unit < out->n_units; c.unit++)
		if (measures_each(s, out->units[c.unit].unit->id, keep_measure, &c, err) < 0)
			return -1;
	measure_summary_group(out);
	return 0;
}

/* ---- the measures of a unit's aims ---- */

struct aim_use {
	int64_t id;
	unsigned kinds;
};

struct aims_ctx {
	struct store *s;
	struct measure_summary *sm;
	struct aim_use *v;
	size_t n, cap;
	struct error *err;
};

static int
use_row(void *vctx, const struct row *r)
{
	struct aims_ctx *c = vctx;
	int64_t id = row_int(r, 0);
	unsigned bit = 0;
	for (unsigned k = 0; measure_kinds[k]; k++)
		if (strcmp(row_text(r, 1), measure_kinds[k]) == 0)
			bit = 1u << k;
	for (size_t i = 0; i < c->n; i++)
		if (c->v[i].id == id) {
			c->v[i].kinds |= bit;
			return 0;
		}
	c->v = xgrow(c->v, sizeof *c->v, c->n + 1, &c->cap);
	c->v[c->n++] = (struct aim_use){id, bit};
	return 0;
}

static int
keep_used(void *vctx, const struct measure *m)
{
	struct aims_ctx *c = vctx;
	for (size_t i = 0; i < c->n; i++)
		if (c->v[i].id == m->id) {
			struct measure_series ms;
			if (measure_series_load(c->s, m->id, &ms, c->err) < 0)
				return -1;
			add_cell(c->sm, 0, m, &ms);
			c->sm->cells[c->sm->n_cells - 1].kinds = c->v[i].kinds;
			break;
		}
	return 0;
}

/* The lowest kind bit: outcome before process before balancing. */
static unsigned
first_kind(unsigned kinds)
{
	unsigned k = 0;
	while (kinds && !(kinds & 1u << k))
		k++;
	return k;
}

int
measure_summary_load_aims(struct store *s, const struct unit *unit, struct measure_summary *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	out->by_kind = true;
	measure_summary_add_unit(out, unit, 0);
	struct aims_ctx c = {.s = s, .sm = out, .err = err};
	struct param p[] = {PINT(unit->id)};
	int rc = store_exec(s, Q_AIM_MEASURES_OF_UNIT, PARAMS(p), use_row, &c, NULL, err);
	if (rc >= 0 && c.n)
		rc = measures_each(s, unit->id, keep_used, &c, err);
	free(c.v);
	if (rc < 0)
		return -1;
	/* a stable insertion sort by kind: a unit's aims use a handful of measures */
	for (size_t i = 1; i < out->n_cells; i++)
		for (size_t j = i; j > 0 && first_kind(out->cells[j - 1].kinds) > first_kind(out->cells[j].kinds);
		     j--) {
			struct summary_cell t = out->cells[j];
			out->cells[j] = out->cells[j - 1];
			out->cells[j - 1] = t;
		}
	measure_summary_group(out);
	return 0;
}

void
measure_summary_release(struct measure_summary *sm)
{
	for (size_t i = 0; i < sm->n_cells; i++) {
		measure_series_release(&sm->cells[i].ms);
		spc_release(&sm->cells[i].r);
	}
	for (size_t i = 0; i < sm->n_names; i++)
		free(sm->names[i]);
	free(sm->names);
	free(sm->cells);
	free(sm->units);
	memset(sm, 0, sizeof *sm);
}
