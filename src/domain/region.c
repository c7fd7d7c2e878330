/* region.c - the regional grid (see region.h). */
#include "domain/region.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/catalog.h"
#include "domain/round.h"
#include "lib/sort.h"
#include "lib/xalloc.h"
#include "stats/agreement.h"
#include "store/store.h"

struct latest {
	struct round *v; /* sorted by unit id */
	size_t n, cap;
	const char *today;
};

static int
latest_row(void *vctx, const struct row *row)
{
	struct latest *l = vctx;
	/* Rows come newest first per unit: keep the first of each unit that counts (below). */
	if (l->n && l->v[l->n - 1].unit_id == row_int(row, 1))
		return 0;
	l->v = xgrow(l->v, sizeof *l->v, l->n + 1, &l->cap);
	struct round *r = &l->v[l->n];
	round_decode(row, r);
	/* Only a closed survey: an open round's few first answers would stand for the unit (and hide its
	 * finished round behind an empty row), and a consensus-only round has no answers to compare. */
	if (round_has_survey(r) && strcmp(round_status(r, l->today), "closed") == 0)
		l->n++;
	return 0;
}

static int
by_unit(const void *a, const void *b)
{
	int64_t x = ((const struct round *)a)->unit_id, y = ((const struct round *)b)->unit_id;
	return x < y ? -1 : x > y;
}

static const struct round *
latest_of(const struct latest *l, int64_t unit_id)
{
	struct round key = {.unit_id = unit_id};
	return bsearch(&key, l->v, l->n, sizeof *l->v, by_unit);
}

/* Summaries by round: respondents, and per element n, sum and sum of squares. */
struct summary {
	int64_t round_id;
	long respondents;
	bool have;
	double *n, *sum, *sumsq; /* per element of the instrument */
};

struct summaries {
	struct summary *v; /* parallel to latest.v */
	size_t n;
	const struct latest *latest;
	const struct instrument *ins;
};

static struct summary *
summary_of(struct summaries *ss, int64_t round_id)
{
	/* latest.v is sorted by unit, not round: a linear index would be slow for thousands, so map via a
	 * sorted copy of ids made once (see index_ids). */
	size_t lo = 0, hi = ss->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (ss->v[mid].round_id < round_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < ss->n && ss->v[lo].round_id == round_id ? &ss->v[lo] : NULL;
}

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
summary_row(void *ctx, const struct row *row)
{
	struct summary *sm = summary_of(ctx, row_int(row, 0));
	if (sm) {
		sm->respondents = (long)row_int(row, 1);
		sm->have = true;
	}
	return 0;
}

static int
item_summary_row(void *ctx, const struct row *row)
{
	struct summaries *ss = ctx;
	struct summary *sm = summary_of(ss, row_int(row, 0));
	size_t k = element_index(ss->ins, row_text(row, 1));
	if (sm && k != SIZE_MAX) {
		sm->n[k] = (double)row_int(row, 2);
		sm->sum[k] = row->real(row->impl, 3);
		sm->sumsq[k] = row->real(row->impl, 4);
	}
	return 0;
}

struct agg_ctx {
	struct summary *sm;
	const struct instrument *ins;
	struct store *s;
	bool store_it;
	struct error *err;
};

static int
agg_row(void *vctx, const struct row *row)
{
	struct agg_ctx *c = vctx;
	size_t k = element_index(c->ins, row_text(row, 0));
	if (k == SIZE_MAX)
		return 0;
	c->sm->n[k] = (double)row_int(row, 1);
	c->sm->sum[k] = row->real(row->impl, 2);
	c->sm->sumsq[k] = row->real(row->impl, 3);
	return 0;
}

/* Sums a round from its counted answers (round.h); stores the sums when the round is closed. Closing and
 * reopening forget them (round_close, round_reopen), so they never differ from the round's results. */
static int
summarise(struct store *s, const struct round *r, struct summary *sm, const struct instrument *ins, const char *day,
	  struct error *err)
{
	bool closed = strcmp(round_status(r, day), "closed") == 0;
	struct param p[] = {PINT(r->id), PINT(round_counts_every_answer(r, day))};
	int64_t respondents = 0;
	struct agg_ctx c = {sm, ins, s, closed, err};
	if (store_get_int(s, Q_ROUND_RESPONDENTS, PARAMS(p), &respondents, err) < 0 ||
	    store_exec(s, Q_ROUND_ITEM_AGG, PARAMS(p), agg_row, &c, NULL, err) < 0)
		return -1;
	sm->respondents = (long)respondents;
	sm->have = true;
	if (!closed)
		return 0;
	if (store_begin(s, err) < 0)
		return -1;
	char now[32];
	store_now(now, sizeof now);
	struct param sp[] = {PINT(r->id), PINT(respondents), PTEXT(now)};
	if (store_exec(s, Q_SUMMARY_PUT, PARAMS(sp), NULL, NULL, NULL, err) < 0)
		goto fail;
	size_t k = 0;
	for (size_t d = 0; d < ins->n_domains; d++)
		for (size_t j = 0; j < ins->domains[d].n_items; j++, k++) {
			struct param ip[] = {PINT(r->id), PTEXT(ins->domains[d].items[j].code), PINT((int64_t)sm->n[k]),
					     {.type = P_REAL, .d = sm->sum[k]}, {.type = P_REAL, .d = sm->sumsq[k]}};
			if (store_exec(s, Q_ITEM_SUMMARY_PUT, PARAMS(ip), NULL, NULL, NULL, err) < 0)
				goto fail;
		}
	return store_commit(s, err);
fail:
	store_rollback(s);
	return -1;
}

static int
by_round_id(const void *a, const void *b)
{
	int64_t x = ((const struct summary *)a)->round_id, y = ((const struct summary *)b)->round_id;
	return x < y ? -1 : x > y;
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

/* Fills a row's means from its round's summary. */
static void
fill_row(struct region_row *row, const struct round *r, const struct summary *sm, const struct instrument *ins, int min)
{
	row->round_id = r->id;
	snprintf(row->round_date, sizeof row->round_date, "%s", r->closes_on);
	row->respondents = sm->respondents;
	row->withheld = sm->respondents < min;
	if (row->withheld)
		return;
	size_t k = 0;
	for (size_t d = 0; d < ins->n_domains; d++) {
		double total = 0;
		size_t with = 0;
		for (size_t j = 0; j < ins->domains[d].n_items; j++, k++) {
			if (sm->n[k] > 0) {
				row->item_mean[k] = sm->sum[k] / sm->n[k];
				total += row->item_mean[k];
				with++;
			}
		}
		row->domain_mean[d] = with ? total / (double)with : NAN;
	}
}

/* The rows: units below the scope that the viewer sees, and (when asked) opted-in peers elsewhere in the scope's
 * region, anonymised; each with its means all NAN until filled. */
static void
region_rows(struct region_view *out, const struct unit_tree *tree, const struct grants *g, const struct unit *scope,
	    const struct region_query *q, const struct latest *latest)
{
	const struct instrument *ins = out->ins;
	size_t I = ins->n_items;
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
		if (q->type ? strcmp(u->type, q->type) != 0 : !latest_of(latest, u->id))
			continue;
		if (peer && !latest_of(latest, u->id))
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
		row->item_mean = xmalloc((I ? I : 1) * sizeof *row->item_mean);
		row->domain_mean = xmalloc((ins->n_domains ? ins->n_domains : 1) * sizeof *row->domain_mean);
		for (size_t k = 0; k < I; k++)
			row->item_mean[k] = NAN;
		for (size_t d = 0; d < ins->n_domains; d++)
			row->domain_mean[d] = NAN;
	}
}

/* One summary slot per latest round in SS, sorted by round id for lookups; one allocation for the sums, returned
 * (the caller frees it). */
static double *
summaries_init(struct summaries *ss, const struct latest *latest, size_t I)
{
	ss->n = latest->n;
	ss->v = xcalloc(ss->n ? ss->n : 1, sizeof *ss->v);
	size_t cells = ss->n * I * 3;
	double *sums = xcalloc(cells ? cells : 1, sizeof *sums);
	for (size_t i = 0; i < ss->n; i++) {
		ss->v[i].round_id = latest->v[i].id;
		ss->v[i].n = sums + i * I * 3;
		ss->v[i].sum = ss->v[i].n + I;
		ss->v[i].sumsq = ss->v[i].sum + I;
	}
	sort_array(ss->v, ss->n, sizeof *ss->v, by_round_id);
	/* The pointers moved with the structs but still point into SUMS: nothing to fix. */
	return sums;
}

/* Each row's means from its latest round's summary, summarising (and storing) a round that has none yet. */
static int
fill_rows(struct store *s, const struct catalog *cat, struct region_view *out, const struct latest *latest,
	  struct summaries *ss, const char *day, struct error *err)
{
	for (size_t i = 0; i < out->n_rows; i++) {
		struct region_row *row = &out->rows[i];
		const struct round *r = latest_of(latest, row->unit->id);
		if (!r)
			continue;
		struct summary *sm = summary_of(ss, r->id);
		if (!sm->have) {
			const struct instrument *rins = catalog_find(cat, r->instrument_id, r->instrument_version);
			if (summarise(s, r, sm, rins ? rins : out->ins, day, err) < 0)
				return -1;
		}
		fill_row(row, r, sm, out->ins, out->min_respondents);
	}
	return 0;
}

/* Element K's bright spots: the rows with its highest means, best first (SIZE_MAX: fewer rows than spots). */
static void
bright_spots(struct region_view *out, size_t k)
{
	for (int b = 0; b < REGION_BRIGHT_SPOTS; b++) {
		size_t best = SIZE_MAX;
		for (size_t i = 0; i < out->n_rows; i++) {
			double m = out->rows[i].item_mean[k];
			bool taken = false;
			for (int c = 0; c < b; c++)
				taken = taken || out->bright[k][c] == i;
			if (!isnan(m) && !taken && (best == SIZE_MAX || m > out->rows[best].item_mean[k]))
				best = i;
		}
		out->bright[k][b] = best;
	}
}

/* Per element: the spread across units, and the bright spots. */
static void
spread_and_bright(struct region_view *out)
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
		bright_spots(out, k);
	}
	free(col);
}

int
region_compute(struct store *s, const struct catalog *cat, const struct unit_tree *tree, const struct grants *g,
	       const struct unit *scope, const struct region_query *q, struct region_view *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	out->ins = catalog_find(cat, q->instrument_id, 0);
	if (!out->ins)
		return error_set(err, "no instrument \"%s\"", q->instrument_id);
	const struct instrument *ins = out->ins;
	char day[11];
	today(day);

	struct latest latest = {.today = day};
	struct summaries ss = {.ins = ins, .latest = &latest};
	struct param p[] = {PTEXT(q->instrument_id), PTEXT(day)};
	int rc = -1;
	/* Every row is in the scope's region (peers too), so one minimum holds for all. */
	if (min_group_size(s, scope, &out->min_respondents, err) < 0)
		goto out;
	if (store_exec(s, Q_LATEST_ROUNDS, PARAMS(p), latest_row, &latest, NULL, err) < 0)
		goto out;
	sort_array(latest.v, latest.n, sizeof *latest.v, by_unit);
	region_rows(out, tree, g, scope, q, &latest);

	double *sums = summaries_init(&ss, &latest, ins->n_items);
	if (store_exec(s, Q_LATEST_SUMMARIES, PARAMS(p), summary_row, &ss, NULL, err) < 0 ||
	    store_exec(s, Q_LATEST_ITEM_SUMMARIES, PARAMS(p), item_summary_row, &ss, NULL, err) < 0 ||
	    fill_rows(s, cat, out, &latest, &ss, day, err) < 0)
		goto free_sums;
	spread_and_bright(out);
	rc = 0;
free_sums:
	free(sums);
out:
	free(ss.v);
	free(latest.v);
	if (rc < 0)
		region_release(out);
	return rc;
}

int
unit_share_set(struct store *s, const struct actor *who, const struct unit *u, bool share, struct error *err)
{
	if (store_begin(s, err) < 0)
		return -1;
	struct param p[] = {PINT(u->id), PINT(share)};
	if (store_exec(s, Q_UNIT_SHARE_SET, PARAMS(p), NULL, NULL, NULL, err) < 0 ||
	    audit_record(s, who, "unit.share", u->id, u->code,
			 share ? "results may be compared, anonymised, outside its tree" : "results kept within its tree",
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
	if (store_exec(s, Q_ITEM_SUMMARY_DELETE, PARAMS(p), NULL, NULL, NULL, err) < 0)
		return -1;
	return store_exec(s, Q_SUMMARY_DELETE, PARAMS(p), NULL, NULL, NULL, err);
}

void
region_release(struct region_view *v)
{
	for (size_t i = 0; i < v->n_rows; i++) {
		free(v->rows[i].item_mean);
		free(v->rows[i].domain_mean);
	}
	free(v->rows);
	free(v->spread_min);
	free(v->spread_max);
	free(v->spread_sd);
	free(v->bright);
	memset(v, 0, sizeof *v);
}
