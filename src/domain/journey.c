/* journey.c - a team's rounds over time and the changes between them (see journey.h). */
#include "domain/journey.h"

#include <stdlib.h>
#include <string.h>

#include "domain/catalog.h"
#include "lib/sort.h"
#include "lib/xalloc.h"
#include "store/store.h"

struct collect {
	struct round *v;
	size_t n, cap;
	const char *instrument_id;
};

static int
collect_round(void *vctx, const struct round *r)
{
	struct collect *c = vctx;
	if (strcmp(r->instrument_id, c->instrument_id) != 0)
		return 0;
	c->v = xgrow(c->v, sizeof *c->v, c->n + 1, &c->cap);
	c->v[c->n++] = *r;
	return 0;
}

static int
by_date(const void *a, const void *b)
{
	const struct round *x = a, *y = b;
	int c = strcmp(x->opens_on, y->opens_on);
	return c ? c : (x->id < y->id ? -1 : x->id > y->id);
}

int
journey_compute(struct store *s, const struct catalog *cat, const struct unit *unit, const char *instrument_id,
		struct journey *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	struct collect c = {.instrument_id = instrument_id};
	if (rounds_each(s, unit->id, collect_round, &c, err) < 0) {
		free(c.v);
		return -1;
	}
	sort_array(c.v, c.n, sizeof *c.v, by_date);
	size_t withheld_cap = 0;
	out->rounds = xcalloc(c.n ? c.n : 1, sizeof *out->rounds);
	for (size_t i = 0; i < c.n; i++) {
		const struct instrument *ins = catalog_find(cat, c.v[i].instrument_id, c.v[i].instrument_version);
		if (!ins)
			continue; /* a version this process does not know: left out rather than failing the journey */
		struct results res;
		if (results_compute(s, &c.v[i], unit, ins, &res, err) < 0) {
			free(c.v);
			journey_release(out);
			return -1;
		}
		if (res.respondents == 0) {
			results_release(&res);
			continue;
		}
		if (res.withheld) {
			/* Too few answers to show anything of (results.h): named with its count, never drawn. */
			out->withheld = xgrow(out->withheld, sizeof *out->withheld, out->n_withheld + 1, &withheld_cap);
			out->withheld[out->n_withheld++] = res;
			continue;
		}
		out->rounds[out->n++] = res;
		out->ins = ins;
	}
	free(c.v);
	return 0;
}

void
journey_release(struct journey *j)
{
	for (size_t i = 0; i < j->n; i++)
		results_release(&j->rounds[i]);
	for (size_t i = 0; i < j->n_withheld; i++)
		results_release(&j->withheld[i]);
	free(j->rounds);
	free(j->withheld);
	memset(j, 0, sizeof *j);
}

const struct item_result *
journey_item(const struct journey *j, size_t i, const char *code)
{
	const struct results *r = &j->rounds[i];
	for (size_t k = 0; k < r->n_items; k++)
		if (strcmp(r->items[k].item->code, code) == 0)
			return &r->items[k];
	return NULL;
}

const struct domain_result *
journey_domain(const struct journey *j, size_t i, const char *code)
{
	const struct results *r = &j->rounds[i];
	for (size_t d = 0; d < r->ins->n_domains; d++)
		if (strcmp(r->ins->domains[d].code, code) == 0)
			return &r->domains[d];
	return NULL;
}

struct difference
journey_item_change(const struct journey *j, const char *code, size_t from, size_t to)
{
	const struct item_result *a = journey_item(j, from, code), *b = journey_item(j, to, code);
	if (!a || !b)
		return (struct difference){NAN, NAN, NAN, NAN};
	return stats_mean_difference(a->st.mean, a->st.var, a->st.n, b->st.mean, b->st.var, b->st.n);
}

struct difference
journey_domain_change(const struct journey *j, const char *code, size_t from, size_t to)
{
	const struct domain_result *a = journey_domain(j, from, code), *b = journey_domain(j, to, code);
	if (!a || !b)
		return (struct difference){NAN, NAN, NAN, NAN};
	return stats_mean_difference(a->by_respondent.mean, a->by_respondent.var, a->by_respondent.n,
				     b->by_respondent.mean, b->by_respondent.var, b->by_respondent.n);
}

const char *
journey_verdict(const struct difference *d)
{
	if (isnan(d->lo) || isnan(d->hi))
		return "unclear";
	if (d->lo > 0)
		return "up";
	if (d->hi < 0)
		return "down";
	return "unclear";
}
