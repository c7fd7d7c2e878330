/* region.c - the regional grid (see region.h). */
#include "domain/region.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/catalog.h"
#include "domain/round.h"
#include "lib/buf.h"
#include "lib/sort.h"
#include "lib/xalloc.h"
#include "stats/agreement.h"
#include "store/round_sums.h"
#include "store/store.h"

/* Slot I of L's rounds: its three per-element arrays (n, sum, sum of squares) in L's one allocation. */
static double *
sums_of(const struct region_latest *l, size_t i)
{
	return l->sums + i * l->ins->n_items * 3;
}

static int
by_unit(const void *a, const void *b)
{
	int64_t x = ((const struct region_round *)a)->unit_id, y = ((const struct region_round *)b)->unit_id;
	return x < y ? -1 : x > y;
}

static const struct region_round *
latest_of(const struct region_latest *l, int64_t unit_id)
{
	struct region_round key = {.unit_id = unit_id};
	/* A region with no closed round has no array at all: bsearch must not be handed NULL. */
	return l->n ? bsearch(&key, l->v, l->n, sizeof *l->v, by_unit) : NULL;
}

/* Element codes to the grid's indexes, sorted for lookups while a round's packed sums are read. */
struct code_index {
	const char *code;
	size_t k;
};

struct load_ctx {
	struct region_latest *l;
	struct code_index *codes;
	size_t sums_cap;
	size_t last_code; /* elements come in the order they were stored, mostly the grid's: try the next first */
	double *sm;       /* the round being read */
};

static int
by_code(const void *a, const void *b)
{
	return strcmp(((const struct code_index *)a)->code, ((const struct code_index *)b)->code);
}

static size_t
element_of(struct load_ctx *c, const char *code)
{
	size_t I = c->l->ins->n_items, next = c->last_code + 1 < I ? c->last_code + 1 : 0;
	if (I && strcmp(c->codes[next].code, code) == 0) {
		c->last_code = next;
		return c->codes[next].k;
	}
	struct code_index key = {.code = code}, *hit = bsearch(&key, c->codes, I, sizeof *c->codes, by_code);
	if (!hit)
		return SIZE_MAX; /* an element of another version, not shown */
	c->last_code = (size_t)(hit - c->codes);
	return hit->k;
}

static int
unpack_one(void *ctx, const char *code, int64_t n, double total, double total_sq)
{
	struct load_ctx *c = ctx;
	size_t k = element_of(c, code), I = c->l->ins->n_items;
	if (k != SIZE_MAX) {
		c->sm[k] = (double)n;
		c->sm[I + k] = total;
		c->sm[2 * I + k] = total_sq;
	}
	return 0;
}

static int
latest_row(void *ctx, const struct row *row)
{
	struct load_ctx *c = ctx;
	struct region_latest *l = c->l;
	int64_t unit = row_int(row, 1);
	/* Rows come newest first per unit, every one closed (the query's condition): keep the first of each. */
	if (l->n && l->v[l->n - 1].unit_id == unit)
		return 0;
	size_t cells = l->ins->n_items * 3;
	l->v = xgrow(l->v, sizeof *l->v, l->n + 1, &l->cap);
	l->sums = xgrow(l->sums, (cells ? cells : 1) * sizeof *l->sums, l->n + 1, &c->sums_cap);
	struct region_round *r = &l->v[l->n];
	memset(r, 0, sizeof *r);
	c->sm = l->sums + l->n * cells;
	memset(c->sm, 0, cells * sizeof *c->sm);
	l->n++;
	r->round_id = row_int(row, 0);
	r->unit_id = unit;
	memcpy(r->opens_on, row_text(row, 2), sizeof r->opens_on - 1);
	memcpy(r->closes_on, row_text(row, 3), sizeof r->closes_on - 1);
	r->instrument_version = (long)row_int(row, 4);
	r->closed_early = !row_null(row, 5);
	r->reopened = !row_null(row, 6);
	/* No summary, or one the upgrade to 021 left without sums: summed again (summarise). */
	if (row_null(row, 7) || row_null(row, 8))
		return 0;
	size_t len;
	const void *packed = row->blob(row->impl, 8, &len);
	if (round_sums_each(packed, len, unpack_one, c) < 0) {
		memset(c->sm, 0, cells * sizeof *c->sm); /* not a packed value: summed again, and replaced */
		return 0;
	}
	r->respondents = (long)row_int(row, 7);
	r->summarised = true;
	return 0;
}

/* The query gives units newest id first; the grid looks them up by id (latest_of). */
static void
reverse(struct region_latest *l)
{
	size_t cells = l->ins->n_items * 3;
	for (size_t i = 0, j = l->n ? l->n - 1 : 0; i < j; i++, j--) {
		struct region_round t = l->v[i];
		l->v[i] = l->v[j];
		l->v[j] = t;
		double *a = sums_of(l, i), *b = sums_of(l, j);
		for (size_t k = 0; k < cells; k++) {
			double x = a[k];
			a[k] = b[k];
			b[k] = x;
		}
	}
}

struct agg_ctx {
	double *n, *sum, *sumsq;
	const struct instrument *ins;
};

static size_t
element_index(const struct instrument *ins, const char *code)
{
	size_t k = 0;
	for (size_t d = 0; d < ins->n_domains; d++)
		for (size_t j = 0; j < ins->domains[d].n_items; j++, k++)
			if (strcmp(ins->domains[d].items[j].code, code) == 0)
				return k;
	return SIZE_MAX;
}

static int
agg_row(void *vctx, const struct row *row)
{
	struct agg_ctx *c = vctx;
	size_t k = element_index(c->ins, row_text(row, 0));
	if (k == SIZE_MAX)
		return 0;
	c->n[k] = (double)row_int(row, 1);
	c->sum[k] = row->real(row->impl, 2);
	c->sumsq[k] = row->real(row->impl, 3);
	return 0;
}

/* Stores a closed round's sums, one packed value of every element of INS (the round's own version). */
static int
store_sums(struct store *s, int64_t round_id, long respondents, const struct instrument *ins, const double *n,
	   const double *sum, const double *sumsq, struct error *err)
{
	struct buf packed = BUF_INIT;
	buf_init(&packed, 0);
	round_sums_start(&packed);
	size_t k = 0;
	bool packs = true;
	for (size_t d = 0; d < ins->n_domains; d++)
		for (size_t j = 0; j < ins->domains[d].n_items; j++, k++)
			packs = packs && round_sums_add(&packed, ins->domains[d].items[j].code, (int64_t)n[k], sum[k],
							sumsq[k]) == 0;
	char now[32];
	store_now(now, sizeof now);
	struct param sp[] = {PINT(round_id), PINT(respondents), PTEXT(now), PBLOB(packed.data, packed.len)};
	/* Codes are 1-16 characters (instrument.c); one the form cannot hold is summed again at each load. */
	int rc = 0;
	if (packs)
		rc = store_exec(s, Q_SUMMARY_PUT, PARAMS(sp), NULL, NULL, NULL, err) < 0 ? -1 : 0;
	buf_release(&packed);
	return rc;
}

/* Sums slot I's round from its counted answers (round.h) and stores the sums: every round here is closed.
 * Closing and reopening forget them (round_close, round_reopen), so they never differ from the round's
 * results. The sums are summed by the round's own version and kept by the grid's. */
static int
summarise(struct store *s, const struct catalog *cat, struct region_latest *l, size_t i, struct error *err)
{
	struct region_round *rr = &l->v[i];
	struct round r = {.id = rr->round_id, .closed_early = rr->closed_early, .reopened = rr->reopened};
	memcpy(r.opens_on, rr->opens_on, sizeof rr->opens_on);
	memcpy(r.closes_on, rr->closes_on, sizeof rr->closes_on);
	const struct instrument *rins = catalog_find(cat, l->ins->id, rr->instrument_version);
	if (!rins)
		rins = l->ins;
	size_t I = rins->n_items;
	double *own = xcalloc(I ? I * 3 : 1, sizeof *own);
	struct param p[] = {PINT(r.id), PINT(round_counts_every_answer(&r, l->day))};
	int64_t respondents = 0;
	struct agg_ctx c = {own, own + I, own + 2 * I, rins};
	int rc = -1;
	if (store_get_int(s, Q_ROUND_RESPONDENTS, PARAMS(p), &respondents, err) < 0 ||
	    store_exec(s, Q_ROUND_ITEM_AGG, PARAMS(p), agg_row, &c, NULL, err) < 0 ||
	    store_sums(s, r.id, (long)respondents, rins, c.n, c.sum, c.sumsq, err) < 0)
		goto out;
	rr->respondents = (long)respondents;
	rr->summarised = true;
	/* Into the grid's element order, by code. */
	double *sm = sums_of(l, i);
	size_t k = 0, GI = l->ins->n_items;
	for (size_t d = 0; d < rins->n_domains; d++)
		for (size_t j = 0; j < rins->domains[d].n_items; j++, k++) {
			size_t g = element_index(l->ins, rins->domains[d].items[j].code);
			if (g != SIZE_MAX) {
				sm[g] = c.n[k];
				sm[GI + g] = c.sum[k];
				sm[2 * GI + g] = c.sumsq[k];
			}
		}
	rc = 0;
out:
	free(own);
	return rc;
}

int
region_latest_load(struct store *s, const struct catalog *cat, const char *instrument_id, const char *day,
		   struct region_latest *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	out->ins = catalog_find(cat, instrument_id, 0);
	if (!out->ins)
		return error_set(err, "no instrument \"%s\"", instrument_id);
	snprintf(out->day, sizeof out->day, "%s", day);
	size_t I = out->ins->n_items;
	struct load_ctx c = {.l = out, .last_code = I ? I - 1 : 0};
	c.codes = xmalloc((I ? I : 1) * sizeof *c.codes);
	size_t k = 0;
	for (size_t d = 0; d < out->ins->n_domains; d++)
		for (size_t j = 0; j < out->ins->domains[d].n_items; j++, k++)
			c.codes[k] = (struct code_index){out->ins->domains[d].items[j].code, k};
	sort_array(c.codes, I, sizeof *c.codes, by_code);
	struct param p[] = {PTEXT(instrument_id), PTEXT(day)};
	int rc = store_exec(s, Q_REGION_LATEST, PARAMS(p), latest_row, &c, NULL, err);
	free(c.codes);
	if (rc < 0)
		goto fail;
	reverse(out);
	for (size_t i = 0; i < out->n; i++)
		if (!out->v[i].summarised && summarise(s, cat, out, i, err) < 0)
			goto fail;
	return 0;
fail:
	region_latest_release(out);
	return -1;
}

void
region_latest_release(struct region_latest *l)
{
	free(l->v);
	free(l->sums);
	memset(l, 0, sizeof *l);
}

static void
anonymous_label(struct region_row *row, const struct unit_tree *tree, const struct unit *u)
{
	const struct unit_type *t = unit_type_by_code(tree, u->type);
	size_t practices;
	long pop = unit_population(tree, u, &practices);
	row->type_name = t ? t->name : u->type;
	row->thousands = practices ? (pop + 500) / 1000 : -1;
	if (practices)
		snprintf(row->label, sizeof row->label, "a %s of %ldk patients", row->type_name, row->thousands);
	else
		snprintf(row->label, sizeof row->label, "a %s", row->type_name);
}

/* Fills a row's means from its round's sums (slot I of L). */
static void
fill_row(struct region_row *row, const struct region_latest *l, size_t i, int min)
{
	const struct region_round *r = &l->v[i];
	const struct instrument *ins = l->ins;
	const double *n = sums_of(l, i), *sum = n + ins->n_items;
	row->round_id = r->round_id;
	memcpy(row->round_date, r->closes_on, sizeof row->round_date);
	row->respondents = r->respondents;
	row->withheld = r->respondents < min;
	if (row->withheld)
		return;
	size_t k = 0;
	for (size_t d = 0; d < ins->n_domains; d++) {
		double total = 0;
		size_t with = 0;
		for (size_t j = 0; j < ins->domains[d].n_items; j++, k++) {
			if (n[k] > 0) {
				row->item_mean[k] = sum[k] / n[k];
				total += row->item_mean[k];
				with++;
			}
		}
		row->domain_mean[d] = with ? total / (double)with : NAN;
	}
}

/* The rows: units below the scope that the viewer sees, and (when asked) opted-in peers elsewhere in the scope's
 * region, anonymised; each with its means filled from its latest round (all NAN without one). */
static void
region_rows(struct region_view *out, const struct unit_tree *tree, const struct grants *g, const struct unit *scope,
	    const struct region_query *q, const struct region_latest *latest)
{
	const struct instrument *ins = out->ins;
	size_t I = ins->n_items, D = ins->n_domains;
	const struct unit *root = unit_root(scope);
	size_t cap = 0;
	for (size_t i = 0; i < tree->n; i++) {
		const struct unit *u = &tree->v[i];
		if (u->archived_at)
			continue;
		/* The unit itself is a row too: a facilitator looking from her own Primary Care Home sees it beside
		 * its practices. */
		bool inside = (u == scope || unit_within(u, scope)) && can_see(g, u);
		bool peer = !inside && q->peers && u->share_outside && unit_within(u, root) && !can_see(g, u);
		if (!inside && !peer)
			continue;
		const struct region_round *r = latest_of(latest, u->id);
		if (q->type ? strcmp(u->type, q->type) != 0 : !r)
			continue;
		if (peer && !r)
			continue;
		out->rows = xgrow(out->rows, sizeof *out->rows, out->n_rows + 1, &cap);
		struct region_row *row = &out->rows[out->n_rows++];
		memset(row, 0, sizeof *row);
		row->unit = u;
		row->anonymised = peer;
		if (peer)
			anonymous_label(row, tree, u);
		else
			snprintf(row->label, sizeof row->label, "%s", u->name);
		row->item_mean = xmalloc((I + D ? I + D : 1) * sizeof *row->item_mean);
		row->domain_mean = row->item_mean + I; /* one allocation, freed with item_mean */
		for (size_t k = 0; k < I + D; k++)
			row->item_mean[k] = NAN;
		if (r)
			fill_row(row, latest, (size_t)(r - latest->v), out->min_respondents);
	}
}

/* Element K's bright spots: the rows with its highest means, best first (SIZE_MAX: fewer rows than spots); of
 * equal means the earlier row first; never SCOPE itself, the unit being compared (go and see is about others).
 * One pass keeping the best so far in order: choosing each spot by another pass over the rows was a twentieth
 * of the region's page. */
static void
bright_spots(struct region_view *out, size_t k, const struct unit *scope)
{
	size_t *best = out->bright[k];
	for (int b = 0; b < REGION_BRIGHT_SPOTS; b++)
		best[b] = SIZE_MAX;
	for (size_t i = 0; i < out->n_rows; i++) {
		double m = out->rows[i].item_mean[k];
		if (isnan(m) || out->rows[i].unit == scope)
			continue;
		int at = REGION_BRIGHT_SPOTS;
		while (at > 0 && (best[at - 1] == SIZE_MAX || m > out->rows[best[at - 1]].item_mean[k]))
			at--;
		if (at == REGION_BRIGHT_SPOTS)
			continue;
		for (int b = REGION_BRIGHT_SPOTS - 1; b > at; b--)
			best[b] = best[b - 1];
		best[at] = i;
	}
}

/* Per element: the spread across units, and the bright spots. */
static void
spread_and_bright(struct region_view *out, const struct unit *scope)
{
	size_t I = out->ins->n_items;
	out->spread_min = xmalloc((I ? I : 1) * sizeof *out->spread_min);
	out->spread_max = xmalloc((I ? I : 1) * sizeof *out->spread_max);
	out->spread_sd = xmalloc((I ? I : 1) * sizeof *out->spread_sd);
	out->bright = xmalloc((I ? I : 1) * sizeof *out->bright);
	double *col = xmalloc((out->n_rows ? out->n_rows : 1) * sizeof *col);
	for (size_t k = 0; k < I; k++) {
		size_t n = 0;
		for (size_t i = 0; i < out->n_rows; i++)
			if (!isnan(out->rows[i].item_mean[k]))
				col[n++] = out->rows[i].item_mean[k];
		/* Linear passes, no sorting: two sorts of 2,000 means per element were a sixth of a region's page. */
		double lo = NAN, hi = NAN, sum = 0, squares = 0;
		for (size_t i = 0; i < n; i++) {
			lo = i == 0 || col[i] < lo ? col[i] : lo;
			hi = i == 0 || col[i] > hi ? col[i] : hi;
			sum += col[i];
		}
		for (size_t i = 0; i < n; i++)
			squares += (col[i] - sum / (double)n) * (col[i] - sum / (double)n);
		out->spread_min[k] = lo;
		out->spread_max[k] = hi;
		out->spread_sd[k] = n > 1 ? sqrt(squares / (double)(n - 1)) : NAN; /* as agreement_item's sd */
		bright_spots(out, k, scope);
	}
	free(col);
}

int
region_compute(struct store *s, const struct unit_tree *tree, const struct grants *g, const struct unit *scope,
	       const struct region_query *q, const struct region_latest *latest, struct region_view *out,
	       struct error *err)
{
	memset(out, 0, sizeof *out);
	out->ins = latest->ins;
	/* Every row is in the scope's region (peers too), so one minimum holds for all. */
	if (min_group_size(s, scope, &out->min_respondents, err) < 0)
		return -1;
	region_rows(out, tree, g, scope, q, latest);
	spread_and_bright(out, scope);
	return 0;
}

int
unit_share_set(struct store *s, const struct actor *who, const struct unit *u, bool share, struct error *err)
{
	if (store_begin(s, err) < 0)
		return -1;
	struct param p[] = {PINT(u->id), PINT(share)};
	if (store_exec(s, Q_UNIT_SHARE_SET, PARAMS(p), NULL, NULL, NULL, err) < 0 ||
	    audit_record(s, who, "unit.share", u->id, u->code,
			 share ? "results may be compared, anonymised, outside its tree"
			       : "results kept within its tree",
			 err) < 0) {
		store_rollback(s);
		return -1;
	}
	return store_commit(s, err);
}

int
round_summary_forget(struct store *s, int64_t round_id, struct error *err)
{
	struct param p[] = {PINT(round_id)};
	return store_exec(s, Q_SUMMARY_DELETE, PARAMS(p), NULL, NULL, NULL, err);
}

void
region_release(struct region_view *v)
{
	for (size_t i = 0; i < v->n_rows; i++)
		free(v->rows[i].item_mean);
	free(v->rows);
	free(v->spread_min);
	free(v->spread_max);
	free(v->spread_sd);
	free(v->bright);
	memset(v, 0, sizeof *v);
}
