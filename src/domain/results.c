/* results.c - computing a round's results (see results.h for what and why). */
#include "domain/results.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/staff_group.h"
#include "lib/sort.h"
#include "lib/i18n.h"
#include "lib/xalloc.h"
#include "store/store.h"

/* The name of the staff groups merged for being small (results.h). */
const char results_other_groups[] = N_("Other (groups under %d combined)");

const char results_priority_rule[] = N_(
	"Priority = (1 - maturity) x energy / 2, where maturity is the element's mean placed on the scale from 0 "
	"(lowest level) to 1 (highest), and energy is the team's mean answer to \"how much energy is there to work on "
	"this now?\" from 0 (low) through 1 (some) to 2 (high), so a priority runs from 0 to 1. Go where the energy "
	"is: "
	"elements that are least developed and that people are keen to work on come first. When the round did not ask "
	"about energy, maturity alone decides.");

/* The raw data of a round, before anything is summarised. */
struct raw {
	int64_t *resp_id;   /* submitted responses, in order met */
	char (*resp_group)[33];
	size_t n_resp, cap_id, cap_group;
	double *score;      /* n_items x n_resp; NAN: missing or don't know */
	unsigned char *dk;  /* n_items x n_resp; 1: don't know */
	double *energy;     /* n_targets x n_resp; NAN: not answered */
	const struct instrument *ins;
	struct results *res;
	struct error *err;
};

static size_t
resp_index(struct raw *raw, int64_t id)
{
	/* Rows come ordered by response id, so the last one is the likely match. */
	for (size_t i = raw->n_resp; i-- > 0;)
		if (raw->resp_id[i] == id)
			return i;
	return (size_t)-1;
}

/* First pass over the answers: which responses there are. */
static int
collect_response(void *ctx, const struct row *row)
{
	struct raw *raw = ctx;
	int64_t id = row_int(row, 0);
	if (raw->n_resp && raw->resp_id[raw->n_resp - 1] == id)
		return 0;
	raw->resp_id = xgrow(raw->resp_id, sizeof *raw->resp_id, raw->n_resp + 1, &raw->cap_id);
	raw->resp_group = xgrow(raw->resp_group, sizeof *raw->resp_group, raw->n_resp + 1, &raw->cap_group);
	raw->resp_id[raw->n_resp] = id;
	snprintf(raw->resp_group[raw->n_resp], sizeof raw->resp_group[0], "%s", row_text(row, 1));
	raw->n_resp++;
	return 0;
}

static int
collect_answer(void *ctx, const struct row *row)
{
	struct raw *raw = ctx;
	size_t r = resp_index(raw, row_int(row, 0));
	size_t i = instrument_item_index(raw->ins, row_text(row, 2));
	if (r == (size_t)-1 || i == (size_t)-1)
		return 0; /* an answer to an element this version lacks cannot be: the save checks it */
	size_t at = i * raw->n_resp + r;
	if (row_null(row, 3))
		raw->dk[at] = 1;
	else
		raw->score[at] = (double)row_int(row, 3);
	if (!row_null(row, 4))
		strvec_push(&raw->res->items[i].comments, row_text(row, 4));
	return 0;
}

static int
collect_energy(void *ctx, const struct row *row)
{
	struct raw *raw = ctx;
	size_t r = resp_index(raw, row_int(row, 0));
	if (r == (size_t)-1)
		return 0;
	const char *target = row_text(row, 1);
	size_t t = (size_t)-1;
	if (strcmp(raw->res->round.energy, "item") == 0)
		t = instrument_item_index(raw->ins, target);
	else
		for (size_t d = 0; d < raw->ins->n_domains; d++)
			if (strcmp(raw->ins->domains[d].code, target) == 0)
				t = d;
	if (t != (size_t)-1)
		raw->energy[t * raw->n_resp + r] = (double)row_int(row, 2);
	return 0;
}

static int
collect_consensus(void *ctx, const struct row *row)
{
	struct raw *raw = ctx;
	size_t i = instrument_item_index(raw->ins, row_text(row, 0));
	if (i == (size_t)-1)
		return 0;
	struct item_result *it = &raw->res->items[i];
	bool coach = strcmp(row_text(row, 1), "coach") == 0;
	char *note = row_null(row, 3) ? NULL : xstrdup(row_text(row, 3));
	if (coach) {
		it->has_coach = true;
		it->coach = (long)row_int(row, 2);
		free(it->coach_note);
		it->coach_note = note;
	} else {
		it->has_consensus = true;
		it->consensus = (long)row_int(row, 2);
		free(it->consensus_note);
		it->consensus_note = note;
	}
	return 0;
}

static double
mean_of(const double *x, size_t n, size_t stride)
{
	double sum = 0;
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (!isnan(x[i * stride])) {
			sum += x[i * stride];
			k++;
		}
	return k ? sum / (double)k : NAN;
}

struct group_tally {
	char code[33];
	char name[101];
	size_t count;
	size_t position;
	int shown_as; /* index into the shown groups, or -1 (merged or hidden) */
};

struct groups_ctx {
	struct group_tally *v;
	size_t n, cap;
};

static int
region_group(void *vctx, const struct staff_group *g)
{
	struct groups_ctx *c = vctx;
	c->v = xgrow(c->v, sizeof *c->v, c->n + 1, &c->cap);
	struct group_tally *t = &c->v[c->n];
	memset(t, 0, sizeof *t);
	snprintf(t->code, sizeof t->code, "%s", g->code);
	snprintf(t->name, sizeof t->name, "%s", g->name);
	t->position = c->n++;
	return 0;
}

/* Decides which groups are shown (see the header), filling res->groups without their means yet. */
static void
suppress_small_groups(struct results *res, struct groups_ctx *g, const struct raw *raw)
{
	/* Count respondents per group; a group unknown to the region (removed since) counts as "other". */
	size_t other_idx = (size_t)-1;
	for (size_t k = 0; k < g->n; k++)
		if (strcmp(g->v[k].code, "other") == 0)
			other_idx = k;
	if (other_idx == (size_t)-1) {
		g->v = xgrow(g->v, sizeof *g->v, g->n + 1, &g->cap);
		memset(&g->v[g->n], 0, sizeof g->v[0]);
		snprintf(g->v[g->n].code, sizeof g->v[0].code, "other");
		snprintf(g->v[g->n].name, sizeof g->v[0].name, "Other");
		g->v[g->n].position = g->n;
		other_idx = g->n++;
	}
	for (size_t r = 0; r < raw->n_resp; r++) {
		size_t k = 0;
		while (k < g->n && strcmp(g->v[k].code, raw->resp_group[r]) != 0)
			k++;
		g->v[k < g->n ? k : other_idx].count++;
	}
	size_t k_min = (size_t)res->min_group;
	bool *merged = xcalloc(g->n, sizeof *merged);
	size_t other = g->v[other_idx].count;
	merged[other_idx] = true;
	for (size_t k = 0; k < g->n; k++)
		if (k != other_idx && g->v[k].count < k_min) {
			merged[k] = true;
			other += g->v[k].count;
		}
	/* Complementary suppression: a too-small "other" could be worked out as the whole minus the groups
	 * shown, so the smallest shown group joins it until it is big enough or nothing is shown. */
	while (other > 0 && other < k_min) {
		size_t smallest = (size_t)-1;
		for (size_t k = 0; k < g->n; k++)
			if (!merged[k] && (smallest == (size_t)-1 || g->v[k].count < g->v[smallest].count))
				smallest = k;
		if (smallest == (size_t)-1)
			break;
		merged[smallest] = true;
		other += g->v[smallest].count;
	}
	res->groups = xcalloc(g->n + 1, sizeof *res->groups);
	for (size_t k = 0; k < g->n; k++) {
		g->v[k].shown_as = -1;
		if (merged[k] || g->v[k].count == 0)
			continue;
		struct group_result *gr = &res->groups[res->n_groups];
		snprintf(gr->code, sizeof gr->code, "%s", g->v[k].code);
		snprintf(gr->name, sizeof gr->name, "%s", g->v[k].name);
		gr->respondents = g->v[k].count;
		g->v[k].shown_as = (int)res->n_groups++;
	}
	/* Everyone in a visible group is shown; a visible group of only one member would show one person, but
	 * it cannot be: every shown group has at least k_min. If "other" reaches k_min and some groups were
	 * merged into it, it is shown as "other"; otherwise its members are hidden. */
	if (other >= k_min && (res->n_groups > 0 || other > 0)) {
		struct group_result *gr = &res->groups[res->n_groups];
		snprintf(gr->code, sizeof gr->code, "other");
		snprintf(gr->name, sizeof gr->name, results_other_groups, res->min_group);
		gr->respondents = other;
		for (size_t k = 0; k < g->n; k++)
			if (merged[k])
				g->v[k].shown_as = (int)res->n_groups;
		res->n_groups++;
	} else {
		res->hidden = other;
	}
	free(merged);
}

/* Leaves nothing of a too-small round's answers in OUT: see "Small rounds" in the header. */
static void
withhold(struct results *out)
{
	out->withheld = true;
	for (size_t i = 0; i < out->n_items; i++) {
		struct item_result *it = &out->items[i];
		strvec_clear(&it->comments);
		it->st = (struct item_stats){0, NAN, NAN, NAN, NAN, NAN};
		it->energy = it->priority = it->group_gap = NAN;
	}
	for (size_t d = 0; d < out->ins->n_domains; d++)
		out->domains[d] = (struct domain_result){NAN, {0, NAN, NAN, NAN, NAN, NAN}, NAN, NAN};
}

/* OUT ready for R's results on INS: every field empty, one row per element with its level counts. */
static void
results_init(struct results *out, const struct round *r, const struct instrument *ins)
{
	memset(out, 0, sizeof *out);
	out->ins = ins;
	out->round = *r;
	out->n_items = ins->n_items;
	out->alpha_interval = out->alpha_ordinal = NAN;
	out->items = xcalloc(ins->n_items ? ins->n_items : 1, sizeof *out->items);
	out->domains = xcalloc(ins->n_domains ? ins->n_domains : 1, sizeof *out->domains);
	size_t k = 0;
	for (size_t d = 0; d < ins->n_domains; d++)
		for (size_t j = 0; j < ins->domains[d].n_items; j++, k++) {
			out->items[k].item = &ins->domains[d].items[j];
			out->items[k].domain = &ins->domains[d];
			out->items[k].domain_index = d;
			out->items[k].counts = xcalloc(ins->n_levels, sizeof *out->items[k].counts);
		}
}

/* Reads R's counted responses, then their scores, energy and consensus into RAW's matrices (all NAN first). */
static int
raw_collect(struct store *s, const struct round *r, bool every, struct raw *raw, struct error *err)
{
	const struct instrument *ins = raw->ins;
	struct param p[] = {PINT(r->id), PINT(every)}, round_only[] = {PINT(r->id)};
	if (store_exec(s, Q_ROUND_ANSWERS, PARAMS(p), collect_response, raw, NULL, err) < 0)
		return -1;
	size_t R = raw->n_resp, I = ins->n_items;
	size_t T = strcmp(r->energy, "item") == 0 ? I : ins->n_domains;
	size_t score_cells = I * R, energy_cells = T * R;
	raw->score = xmalloc((score_cells ? score_cells : 1) * sizeof *raw->score);
	raw->dk = xcalloc(score_cells ? score_cells : 1, 1);
	raw->energy = xmalloc((energy_cells ? energy_cells : 1) * sizeof *raw->energy);
	for (size_t i = 0; i < I * R; i++)
		raw->score[i] = NAN;
	for (size_t i = 0; i < T * R; i++)
		raw->energy[i] = NAN;
	if (store_exec(s, Q_ROUND_ANSWERS, PARAMS(p), collect_answer, raw, NULL, err) < 0 ||
	    store_exec(s, Q_ROUND_ENERGY, PARAMS(p), collect_energy, raw, NULL, err) < 0 ||
	    store_exec(s, Q_CONSENSUS_OF_ROUND, PARAMS(round_only), collect_consensus, raw, NULL, err) < 0)
		return -1;
	return 0;
}

/* Each element's counts, agreement, energy and priority; VARS gets each element's variance. SCORES: scratch of
 * one per respondent. */
static void
per_item(struct results *out, const struct round *r, const struct raw *raw, double *scores, double *vars)
{
	const struct instrument *ins = out->ins;
	size_t R = raw->n_resp;
	for (size_t i = 0; i < ins->n_items; i++) {
		struct item_result *it = &out->items[i];
		size_t n = 0;
		for (size_t j = 0; j < R; j++) {
			double v = raw->score[i * R + j];
			if (raw->dk[i * R + j])
				it->dont_know++;
			if (isnan(v))
				continue;
			scores[n++] = v;
			for (size_t l = 0; l < ins->n_levels; l++)
				if (ins->levels[l].value == (long)v)
					it->counts[l]++;
		}
		it->st = agreement_item(scores, n, (int)ins->n_levels);
		vars[i] = it->st.var;
		size_t t = strcmp(r->energy, "item") == 0 ? i : it->domain_index;
		it->energy = strcmp(r->energy, "none") == 0 ? NAN : mean_of(raw->energy + t * R, R, 1);
		double lo = (double)ins->levels[0].value, hi = (double)ins->levels[ins->n_levels - 1].value;
		double maturity = (it->st.mean - lo) / (hi - lo);
		if (strcmp(r->energy, "none") == 0)
			it->priority = 1.0 - maturity;
		else
			it->priority = (1.0 - maturity) * (it->energy / 2.0);
	}
}

/* Each domain's mean of its elements' means, agreement over each respondent's mean, rwg(j) and energy. */
static void
per_domain(struct results *out, const struct round *r, const struct raw *raw, double *scores, const double *vars)
{
	const struct instrument *ins = out->ins;
	size_t R = raw->n_resp, k = 0;
	int levels = (int)ins->n_levels;
	for (size_t d = 0; d < ins->n_domains; d++) {
		size_t n = ins->domains[d].n_items;
		double sum = 0;
		size_t with_mean = 0;
		for (size_t j = 0; j < n; j++)
			if (!isnan(out->items[k + j].st.mean)) {
				sum += out->items[k + j].st.mean;
				with_mean++;
			}
		out->domains[d].mean = with_mean ? sum / (double)with_mean : NAN;
		size_t nr = 0;
		for (size_t j = 0; j < R; j++) {
			double rs = 0;
			size_t rn = 0;
			for (size_t i = 0; i < n; i++)
				if (!isnan(raw->score[(k + i) * R + j])) {
					rs += raw->score[(k + i) * R + j];
					rn++;
				}
			if (rn)
				scores[nr++] = rs / (double)rn;
		}
		out->domains[d].by_respondent = agreement_item(scores, nr, levels);
		out->domains[d].rwg_j = agreement_rwg_j(vars + k, n, levels);
		out->domains[d].energy = strcmp(r->energy, "domain") == 0 ? mean_of(raw->energy + d * R, R, 1) : NAN;
		k += n;
	}
}

/* The group respondent J is shown in (a group the region no longer has counts as "other"); -1: none. */
static int
shown_group_of(const struct groups_ctx *groups, const struct raw *raw, size_t j)
{
	size_t gk = 0;
	while (gk < groups->n && strcmp(groups->v[gk].code, raw->resp_group[j]) != 0)
		gk++;
	int shown = gk < groups->n ? groups->v[gk].shown_as : -1;
	if (gk == groups->n) /* unknown group: counted with "other" */
		for (size_t o = 0; o < groups->n; o++)
			if (strcmp(groups->v[o].code, "other") == 0)
				shown = groups->v[o].shown_as;
	return shown;
}

/* Each shown group's mean per element and per domain. SCORES: scratch of one per respondent. */
static void
group_means(struct results *out, const struct groups_ctx *groups, const struct raw *raw, double *scores)
{
	const struct instrument *ins = out->ins;
	size_t R = raw->n_resp, I = ins->n_items;
	for (size_t gi = 0; gi < out->n_groups; gi++) {
		struct group_result *gr = &out->groups[gi];
		gr->item_mean = xmalloc((I ? I : 1) * sizeof *gr->item_mean);
		gr->item_n = xcalloc(I ? I : 1, sizeof *gr->item_n);
		gr->domain_mean = xmalloc((ins->n_domains ? ins->n_domains : 1) * sizeof *gr->domain_mean);
		for (size_t i = 0; i < I; i++) {
			size_t n = 0;
			for (size_t j = 0; j < R; j++)
				if (shown_group_of(groups, raw, j) == (int)gi && !isnan(raw->score[i * R + j]))
					scores[n++] = raw->score[i * R + j];
			gr->item_n[i] = n;
			gr->item_mean[i] = n ? agreement_item(scores, n, (int)ins->n_levels).mean : NAN;
		}
		size_t k = 0;
		for (size_t d = 0; d < ins->n_domains; d++) {
			gr->domain_mean[d] = mean_of(gr->item_mean + k, ins->domains[d].n_items, 1);
			k += ins->domains[d].n_items;
		}
	}
}

/* Each element's gap between its highest and lowest group mean, when two groups or more have one. */
static void
group_gaps(struct results *out)
{
	for (size_t i = 0; i < out->n_items; i++) {
		double lo = NAN, hi = NAN;
		size_t shown = 0;
		for (size_t gi = 0; gi < out->n_groups; gi++) {
			double m = out->groups[gi].item_mean[i];
			if (isnan(m))
				continue;
			lo = shown && lo < m ? lo : m;
			hi = shown && hi > m ? hi : m;
			shown++;
		}
		out->items[i].group_gap = shown >= 2 ? hi - lo : NAN;
	}
}

int
results_compute(struct store *s, const struct round *r, const struct unit *unit, const struct instrument *ins,
		struct results *out, struct error *err)
{
	results_init(out, r, ins);
	if (min_group_size(s, unit, &out->min_group, err) < 0)
		return -1;

	struct raw raw = {.ins = ins, .res = out, .err = err};
	char day[11];
	today(day);
	bool every = round_counts_every_answer(r, day);
	out->in_steps = !every;
	int rc = -1;
	struct groups_ctx groups = {0};
	double *scores = NULL, *vars = NULL;
	if (raw_collect(s, r, every, &raw, err) < 0)
		goto out;
	size_t R = raw.n_resp, I = ins->n_items;
	out->respondents = R;
	if (R < (size_t)out->min_group) {
		withhold(out);
		rc = 0;
		goto out;
	}
	for (size_t i = 0; i < I; i++)
		strvec_sort(&out->items[i].comments);

	scores = xmalloc((R ? R : 1) * sizeof *scores);
	vars = xmalloc((I ? I : 1) * sizeof *vars);
	per_item(out, r, &raw, scores, vars);
	per_domain(out, r, &raw, scores, vars);
	out->alpha_interval = agreement_alpha(raw.score, I, R, ALPHA_INTERVAL);
	out->alpha_ordinal = agreement_alpha(raw.score, I, R, ALPHA_ORDINAL);

	if (staff_groups_each(s, unit_root(unit)->id, region_group, &groups, err) < 0)
		goto out;
	suppress_small_groups(out, &groups, &raw);
	group_means(out, &groups, &raw, scores);
	group_gaps(out);
	rc = 0;
out:
	free(scores);
	free(vars);
	free(groups.v);
	free(raw.resp_id);
	free(raw.resp_group);
	free(raw.score);
	free(raw.dk);
	free(raw.energy);
	if (rc < 0)
		results_release(out);
	return rc;
}

void
results_release(struct results *res)
{
	for (size_t i = 0; i < res->n_items && res->items; i++) {
		free(res->items[i].counts);
		free(res->items[i].consensus_note);
		free(res->items[i].coach_note);
		strvec_clear(&res->items[i].comments);
	}
	for (size_t g = 0; g < res->n_groups; g++) {
		free(res->groups[g].item_mean);
		free(res->groups[g].item_n);
		free(res->groups[g].domain_mean);
	}
	free(res->items);
	free(res->domains);
	free(res->groups);
	memset(res, 0, sizeof *res);
}

const char *
results_group_shown(const struct results *res, const char *group)
{
	for (size_t g = 0; g < res->n_groups; g++)
		if (strcmp(res->groups[g].code, group) == 0 && strcmp(group, "other") != 0)
			return res->groups[g].code;
	return "other";
}

/* Sorting indexes by a key, NAN last. */
struct keyed {
	size_t index;
	double key;
};

static int
by_key_ascending(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	if (isnan(x->key) != isnan(y->key))
		return isnan(x->key) ? 1 : -1;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

static size_t *
top(const struct results *res, size_t max, size_t *n_out, double (*key)(const struct item_result *), bool descending)
{
	struct keyed *v = xmalloc((res->n_items ? res->n_items : 1) * sizeof *v);
	size_t n = 0;
	for (size_t i = 0; i < res->n_items; i++) {
		double k = key(&res->items[i]);
		if (!isnan(k))
			v[n++] = (struct keyed){i, descending ? -k : k};
	}
	sort_array(v, n, sizeof *v, by_key_ascending);
	if (n > max)
		n = max;
	size_t *out = xmalloc((n ? n : 1) * sizeof *out);
	for (size_t i = 0; i < n; i++)
		out[i] = v[i].index;
	free(v);
	*n_out = n;
	return out;
}

static double
key_rwg(const struct item_result *it)
{
	return it->st.rwg;
}

static double
key_gap(const struct item_result *it)
{
	return it->group_gap;
}

static double
key_priority(const struct item_result *it)
{
	return it->priority;
}

size_t *
results_least_agreement(const struct results *res, size_t max, size_t *n_out)
{
	return top(res, max, n_out, key_rwg, false);
}

size_t *
results_largest_gaps(const struct results *res, size_t max, size_t *n_out)
{
	return top(res, max, n_out, key_gap, true);
}

size_t *
results_priorities(const struct results *res, size_t max, size_t *n_out)
{
	return top(res, max, n_out, key_priority, true);
}
