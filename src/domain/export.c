/* export.c - results as JSON and long-form CSV (see export.h). */
#include "domain/export.h"

#include <math.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/catalog.h"
#include "domain/round.h"
#include "lib/csv.h"
#include "lib/i18n.h"
#include "lib/xalloc.h"
#include "store/store.h"

static json_t *
num(double v)
{
	return isnan(v) ? json_null() : json_real(v);
}

/* What a round under the minimum says instead of its results, in the JSON (pages write it in the reader's
 * language: page_withheld); the caller frees it. */
static char *
results_withheld_text(const struct results *res)
{
	return xasprintf("%zu answer%s so far; results show from %d, so that nobody's answers can be picked out.",
			 res->respondents, res->respondents == 1 ? "" : "s", res->min_group);
}

static json_t *
agreed_level(bool has, long level, const char *note)
{
	return has ? json_pack("{s:I, s:s?}", "level", (json_int_t)level, "note", note) : json_null();
}

/* A round under the minimum: the counts, and per element only the consensus (the team's, nobody's own). */
static void
withheld_json(json_t *doc, const struct results *res)
{
	char *text = results_withheld_text(res);
	json_object_set_new(doc, "message", json_string(text));
	free(text);
	json_t *items = json_array();
	for (size_t i = 0; i < res->n_items; i++) {
		const struct item_result *it = &res->items[i];
		json_t *o = json_pack("{s:s, s:s}", "code", it->item->code, "domain", it->domain->code);
		json_object_set_new(o, "consensus", agreed_level(it->has_consensus, it->consensus, it->consensus_note));
		json_object_set_new(o, "calibration", agreed_level(it->has_coach, it->coach, it->coach_note));
		json_array_append_new(items, o);
	}
	json_object_set_new(doc, "items", items);
}

json_t *
results_to_json(const struct results *res, const struct unit *unit)
{
	const struct instrument *ins = res->ins;
	json_t *doc = json_object();
	json_object_set_new(doc, "round",
			    json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:{s:s, s:I}}", "id", (json_int_t)res->round.id,
				      "title", res->round.title, "unit", unit->code, "mode", res->round.mode,
				      "opens_on", res->round.opens_on, "closes_on", res->round.closes_on, "instrument",
				      "id", ins->id, "version", (json_int_t)ins->version));
	json_object_set_new(doc, "respondents", json_integer((json_int_t)res->respondents));
	json_object_set_new(doc, "min_group_size", json_integer(res->min_group));
	/* Whether answers join in steps of min_group_size (round.h): an open round, or one reopened. */
	json_object_set_new(doc, "in_steps", json_boolean(res->in_steps));
	json_object_set_new(doc, "withheld", json_boolean(res->withheld));
	if (res->withheld) {
		withheld_json(doc, res);
		return doc;
	}
	json_object_set_new(doc, "alpha_interval", num(res->alpha_interval));
	json_object_set_new(doc, "alpha_ordinal", num(res->alpha_ordinal));
	json_t *groups = json_array();
	for (size_t g = 0; g < res->n_groups; g++)
		json_array_append_new(groups, json_pack("{s:s, s:s, s:I}", "code", res->groups[g].code, "name",
							res->groups[g].name, "respondents",
							(json_int_t)res->groups[g].respondents));
	json_object_set_new(doc, "staff_groups", groups);
	json_object_set_new(doc, "respondents_not_shown_by_group", json_integer((json_int_t)res->hidden));
	json_t *domains = json_array();
	for (size_t d = 0; d < ins->n_domains; d++) {
		json_t *o = json_pack("{s:s, s:s}", "code", ins->domains[d].code, "title", ins->domains[d].title);
		json_object_set_new(o, "mean", num(res->domains[d].mean));
		json_object_set_new(o, "rwg_j", num(res->domains[d].rwg_j));
		json_object_set_new(o, "energy", num(res->domains[d].energy));
		json_t *by_group = json_object();
		for (size_t g = 0; g < res->n_groups; g++)
			json_object_set_new(by_group, res->groups[g].code, num(res->groups[g].domain_mean[d]));
		json_object_set_new(o, "by_group", by_group);
		json_array_append_new(domains, o);
	}
	json_object_set_new(doc, "domains", domains);
	json_t *items = json_array();
	for (size_t i = 0; i < res->n_items; i++) {
		const struct item_result *it = &res->items[i];
		json_t *o = json_pack("{s:s, s:s, s:I, s:I}", "code", it->item->code, "domain", it->domain->code, "n",
				      (json_int_t)it->st.n, "dont_know", (json_int_t)it->dont_know);
		json_t *dist = json_object();
		for (size_t l = 0; l < ins->n_levels; l++) {
			char key[32];
			snprintf(key, sizeof key, "%ld", ins->levels[l].value);
			json_object_set_new(dist, key, json_integer((json_int_t)it->counts[l]));
		}
		json_object_set_new(o, "distribution", dist);
		json_object_set_new(o, "mean", num(it->st.mean));
		json_object_set_new(o, "median", num(it->st.median));
		json_object_set_new(o, "sd", num(it->st.sd));
		json_object_set_new(o, "rwg", num(it->st.rwg));
		json_object_set_new(o, "energy", num(it->energy));
		json_object_set_new(o, "priority", num(it->priority));
		json_object_set_new(o, "group_gap", num(it->group_gap));
		json_t *by_group = json_object();
		for (size_t g = 0; g < res->n_groups; g++)
			json_object_set_new(by_group, res->groups[g].code,
					    json_pack("{s:I, s:o}", "n", (json_int_t)res->groups[g].item_n[i], "mean",
						      num(res->groups[g].item_mean[i])));
		json_object_set_new(o, "by_group", by_group);
		json_object_set_new(o, "consensus", agreed_level(it->has_consensus, it->consensus, it->consensus_note));
		json_object_set_new(o, "calibration", agreed_level(it->has_coach, it->coach, it->coach_note));
		json_t *comments = json_array();
		for (size_t c = 0; c < it->comments.n; c++)
			json_array_append_new(comments, json_string(it->comments.v[c]));
		json_object_set_new(o, "comments", comments);
		json_array_append_new(items, o);
	}
	json_object_set_new(doc, "items", items);
	return doc;
}

static void
csv_num(struct buf *b, double v)
{
	if (!isnan(v))
		buf_printf(b, "%.17g", v);
}

/* The consensus and calibration columns. */
static void
csv_agreed(struct buf *out, const struct item_result *it)
{
	if (it->has_consensus)
		buf_printf(out, "%ld", it->consensus);
	buf_putc(out, ',');
	if (it->has_coach)
		buf_printf(out, "%ld", it->coach);
}

void
results_to_csv(const struct results *res, const struct unit *unit, struct buf *out)
{
	const struct instrument *ins = res->ins;
	buf_puts(out, "round,unit,instrument,version,domain,item,group,respondents,n,dont_know,mean,median,sd,rwg");
	for (size_t l = 0; l < ins->n_levels; l++)
		buf_printf(out, ",count_%ld", ins->levels[l].value);
	buf_puts(out, ",energy,priority,consensus,calibration\n");
	for (size_t i = 0; i < res->n_items; i++) {
		const struct item_result *it = &res->items[i];
		for (size_t g = 0; g <= res->n_groups; g++) {
			bool all = g == 0;
			const struct group_result *gr = all ? NULL : &res->groups[g - 1];
			buf_printf(out, "%lld,", (long long)res->round.id);
			csv_write_field(out, unit->code);
			buf_putc(out, ',');
			csv_write_field(out, ins->id);
			buf_printf(out, ",%ld,", ins->version);
			csv_write_field(out, it->domain->code);
			buf_putc(out, ',');
			csv_write_field(out, it->item->code);
			buf_putc(out, ',');
			csv_write_field(out, all ? "all" : gr->code);
			buf_printf(out, ",%zu,", all ? res->respondents : gr->respondents);
			if (res->withheld) {
				/* Nothing of the answers: empty figures, then the agreed levels. */
				buf_puts(out, ",,,,,");
				for (size_t l = 0; l < ins->n_levels; l++)
					buf_putc(out, ',');
				buf_puts(out, ",,,"); /* energy, priority */
				csv_agreed(out, it);
			} else if (all) {
				buf_printf(out, "%zu,%zu,", it->st.n, it->dont_know);
				csv_num(out, it->st.mean);
				buf_putc(out, ',');
				csv_num(out, it->st.median);
				buf_putc(out, ',');
				csv_num(out, it->st.sd);
				buf_putc(out, ',');
				csv_num(out, it->st.rwg);
				for (size_t l = 0; l < ins->n_levels; l++)
					buf_printf(out, ",%zu", it->counts[l]);
				buf_putc(out, ',');
				csv_num(out, it->energy);
				buf_putc(out, ',');
				csv_num(out, it->priority);
				buf_putc(out, ',');
				csv_agreed(out, it);
			} else {
				/* Per group only the count and the mean: finer detail of a small group could identify.
				 * */
				buf_printf(out, "%zu,,", gr->item_n[i]);
				csv_num(out, gr->item_mean[i]);
				buf_puts(out, ",,,");
				for (size_t l = 0; l < ins->n_levels; l++)
					buf_putc(out, ',');
				buf_puts(out, ",,,");
			}
			buf_putc(out, '\n');
		}
	}
}

/* ---- whole-unit export ---- */

bool
export_may_list_responses(const struct grants *g, const struct unit *scope)
{
	return g->site_admin || role_on(g, scope) >= ROLE_ADMIN;
}

struct export_ctx {
	struct store *s;
	const struct export_request *q;
	char today[11];
	json_t *rounds;      /* JSON: one object per round */
	struct buf *csv;     /* CSV */
	bool csv_header;     /* written already */
	struct error *err;
	int failed;          /* -1 storage error, 1 the one round asked for was refused (err says why) */
};

/* The responses of a round being read: one JSON object each, in the order met, found again by id. */
struct response_ctx {
	const struct results *res;
	json_t *list;
	int64_t *ids;
	size_t n_ids, cap_ids;
};

static json_t *
response_of(struct response_ctx *c, int64_t id)
{
	for (size_t k = c->n_ids; k-- > 0;)
		if (c->ids[k] == id)
			return json_array_get(c->list, k);
	return NULL;
}

static int
export_answer(void *vctx, const struct row *row)
{
	struct response_ctx *c = vctx;
	int64_t id = row_int(row, 0);
	json_t *resp = response_of(c, id);
	if (!resp) {
		/* Staff groups coarsened exactly as the results coarsen them: a group of one is never named. */
		resp = json_pack("{s:s, s:o}", "staff_group", results_group_shown(c->res, row_text(row, 1)), "answers",
				 json_array());
		json_array_append_new(c->list, resp);
		c->ids = xgrow(c->ids, sizeof *c->ids, c->n_ids + 1, &c->cap_ids);
		c->ids[c->n_ids++] = id;
	}
	json_t *a = json_pack("{s:s}", "item", row_text(row, 2));
	json_object_set_new(a, "score", row_null(row, 3) ? json_string("dk") : json_integer(row_int(row, 3)));
	if (!row_null(row, 4))
		json_object_set_new(a, "comment", json_string(row_text(row, 4)));
	json_array_append_new(json_object_get(resp, "answers"), a);
	return 0;
}

/* Energy answers, attached to their response; a response with energy but no answers has nothing to join. */
static int
export_energy(void *vctx, const struct row *row)
{
	struct response_ctx *c = vctx;
	json_t *resp = response_of(c, row_int(row, 0));
	if (!resp)
		return 0;
	json_t *energy = json_object_get(resp, "energy");
	if (!energy) {
		energy = json_object();
		json_object_set_new(resp, "energy", energy);
	}
	json_object_set_new(energy, row_text(row, 1), json_integer(row_int(row, 2)));
	return 0;
}

/* Fisher-Yates with the system's random numbers: the order tells nothing of who answered first. */
static json_t *
shuffled(json_t *list)
{
	size_t n = json_array_size(list);
	json_t *out = json_array();
	size_t *order = xmalloc((n ? n : 1) * sizeof *order);
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	for (size_t i = n; i > 1; i--) {
		size_t j = randombytes_uniform((uint32_t)i);
		size_t t = order[i - 1];
		order[i - 1] = order[j];
		order[j] = t;
	}
	for (size_t i = 0; i < n; i++)
		json_array_append(out, json_array_get(list, order[i]));
	free(order);
	return out;
}

/* The round's responses, shuffled and numbered in that order ("R3-1", "R3-2", ...); NULL after a storage error. */
static json_t *
round_responses(struct export_ctx *e, const struct round *r, const struct results *res)
{
	struct response_ctx c = {res, json_array(), NULL, 0, 0};
	/* The same responses as RES: the counted ones (round.h). */
	struct param p[] = {PINT(r->id), PINT(!res->in_steps)};
	if (store_exec(e->s, Q_ROUND_RESPONSES_EXPORT, PARAMS(p), export_answer, &c, NULL, e->err) < 0 ||
	    store_exec(e->s, Q_ROUND_ENERGY_EXPORT, PARAMS(p), export_energy, &c, NULL, e->err) < 0) {
		json_decref(c.list);
		free(c.ids);
		return NULL;
	}
	free(c.ids);
	/* Once given out one by one, the round may never be reopened (round_reopen says why). */
	char now[32];
	store_now(now, sizeof now);
	struct param mark[] = {PINT(r->id), PTEXT(now)};
	if (store_exec(e->s, Q_ROUND_EXPORTED, PARAMS(mark), NULL, NULL, NULL, e->err) < 0) {
		json_decref(c.list);
		return NULL;
	}
	json_t *out = shuffled(c.list);
	json_decref(c.list);
	size_t i;
	json_t *resp;
	json_array_foreach(out, i, resp) {
		char label[48];
		snprintf(label, sizeof label, "R%lld-%zu", (long long)r->id, i + 1);
		json_object_set_new(resp, "respondent", json_string(label));
	}
	return out;
}

/* Why a round's responses are not given one by one, into WHY; NULL when they may be. */
static const char *
responses_refused(const struct export_ctx *e, const struct round *r, const struct results *res, char *why, size_t size)
{
	if (strcmp(round_status(r, e->today), "closed") != 0)
		snprintf(why, size, "%s", N_("answers one by one are given only once the round has closed"));
	else if (res->withheld)
		snprintf(
			why, size,
			N_("answers one by one are given only for rounds of at least %d respondents (this one has "
			   "%zu)"),
			res->min_group, res->respondents);
	else
		return NULL;
	return why;
}

static void
csv_response_rows(struct buf *b, const struct round *r, const struct unit *u, json_t *responses)
{
	size_t i;
	json_t *resp;
	json_array_foreach(responses, i, resp) {
		const char *who = json_string_value(json_object_get(resp, "respondent"));
		const char *group = json_string_value(json_object_get(resp, "staff_group"));
		size_t k;
		json_t *a;
		json_array_foreach(json_object_get(resp, "answers"), k, a) {
			buf_printf(b, "%lld,", (long long)r->id);
			csv_write_field(b, u->code);
			buf_printf(b, ",%s,%ld,%s,%s,", r->instrument_id, r->instrument_version, who, group);
			csv_write_field(b, json_string_value(json_object_get(a, "item")));
			buf_putc(b, ',');
			json_t *score = json_object_get(a, "score");
			if (json_is_integer(score))
				buf_printf(b, "%lld", (long long)json_integer_value(score));
			else
				buf_puts(b, "dk");
			buf_putc(b, ',');
			json_t *comment = json_object_get(a, "comment");
			if (comment)
				csv_write_field(b, json_string_value(comment));
			buf_putc(b, '\n');
		}
		const char *target;
		json_t *level;
		json_object_foreach(json_object_get(resp, "energy"), target, level) {
			buf_printf(b, "%lld,", (long long)r->id);
			csv_write_field(b, u->code);
			buf_printf(b, ",%s,%ld,%s,%s,energy:", r->instrument_id, r->instrument_version, who, group);
			csv_write_field(b, target);
			buf_printf(b, ",%lld,\n", (long long)json_integer_value(level));
		}
	}
}

/* One round: its results (the default), or its responses one by one when asked and allowed. */
static int
export_round(void *vctx, const struct round *r)
{
	struct export_ctx *e = vctx;
	if (e->q->round_id && r->id != e->q->round_id)
		return 0;
	const struct unit *u = unit_by_id(e->q->tree, r->unit_id);
	const struct instrument *ins = catalog_find(e->q->cat, r->instrument_id, r->instrument_version);
	if (!u || !ins)
		return 0; /* a version this process does not know: left out, as the journey leaves it */
	struct results res;
	if (results_compute(e->s, r, u, ins, &res, e->err) < 0) {
		e->failed = -1;
		return 1;
	}
	char why[160];
	const char *refused = e->q->responses ? responses_refused(e, r, &res, why, sizeof why) : NULL;
	if (refused && e->q->round_id) {
		error_set(e->err, "round %lld: %s", (long long)r->id, refused);
		results_release(&res);
		e->failed = 1;
		return 1;
	}
	json_t *responses = NULL;
	if (e->q->responses && !refused && !(responses = round_responses(e, r, &res))) {
		results_release(&res);
		e->failed = -1;
		return 1;
	}
	if (e->rounds) {
		json_t *o =
			json_pack("{s:I, s:s, s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:b}", "id", (json_int_t)r->id, "unit",
				  u->code, "instrument", r->instrument_id, "version", (json_int_t)r->instrument_version,
				  "title", r->title, "mode", r->mode, "energy", r->energy, "opens_on", r->opens_on,
				  "closes_on", r->closes_on, "closed_early", r->closed_early);
		if (!e->q->responses)
			json_object_set_new(o, "results", results_to_json(&res, u));
		else if (responses)
			json_object_set_new(o, "responses", json_incref(responses));
		else
			json_object_set_new(o, "responses_withheld", json_string(refused));
		json_array_append_new(e->rounds, o);
	} else if (!e->q->responses) {
		struct buf one = BUF_INIT;
		buf_init(&one, 0);
		results_to_csv(&res, u, &one);
		/* Every round's rows under one header: the first line is written once. */
		const char *rows = e->csv_header ? (const char *)memchr(one.data, '\n', one.len) + 1 : one.data;
		buf_add(e->csv, rows, one.len - (size_t)(rows - one.data));
		e->csv_header = true;
		buf_release(&one);
	} else if (responses) {
		csv_response_rows(e->csv, r, u, responses);
	}
	json_decref(responses);
	results_release(&res);
	return 0;
}

static int
export_rounds(struct export_ctx *e)
{
	today(e->today);
	for (size_t i = 0; i < e->q->tree->n; i++) {
		const struct unit *u = &e->q->tree->v[i];
		if (!unit_within(u, e->q->scope) || !can_see(e->q->g, u))
			continue;
		if (rounds_each(e->s, u->id, export_round, e, e->err) < 0)
			return -1;
		if (e->failed)
			return e->failed;
	}
	return 0;
}

/* The units of Q's scope the caller may see, in the layout "caregrid unit import" reads. */
static json_t *
export_units(const struct export_request *q)
{
	json_t *units = json_array();
	for (size_t i = 0; i < q->tree->n; i++) {
		const struct unit *u = &q->tree->v[i];
		if (!unit_within(u, q->scope) || !can_see(q->g, u))
			continue;
		json_t *o = json_pack("{s:s, s:s, s:s, s:s?}", "code", u->code, "name", u->name, "type", u->type,
				      "parent_code", u == q->scope || !u->parent ? NULL : u->parent->code);
		json_object_set_new(o, "list_size", u->list_size >= 0 ? json_integer(u->list_size) : json_null());
		json_object_set_new(o, "counted_on", u->counted_on ? json_string(u->counted_on) : json_null());
		json_object_set_new(o, "archived", json_boolean(u->archived_at != NULL));
		json_array_append_new(units, o);
	}
	return units;
}

json_t *
export_document(const struct export_request *q, const char *content, const char *key, json_t *list)
{
	char now[32];
	store_now(now, sizeof now);
	/* The day only: an export's time is no finer than the rounds' own dates. */
	now[10] = '\0';
	return json_pack("{s:s, s:s, s:s, s:s, s:o, s:o}", "format", "caregrid-export-2", "exported_on", now, "scope",
			 q->scope->code, "content", content, "units", export_units(q), key, list);
}

int
unit_export_json(struct store *s, const struct export_request *q, json_t **out, struct error *err)
{
	*out = NULL;
	struct export_ctx e = {.s = s, .q = q, .rounds = json_array(), .err = err};
	int rc = export_rounds(&e);
	if (rc != 0) {
		json_decref(e.rounds);
		return rc;
	}
	*out = export_document(q, q->responses ? "responses" : "results", "rounds", e.rounds);
	return 0;
}

int
unit_export_csv(struct store *s, const struct export_request *q, struct buf *out, struct error *err)
{
	struct export_ctx e = {.s = s, .q = q, .csv = out, .err = err};
	if (q->responses)
		buf_puts(out, "round,unit,instrument,version,respondent,staff_group,item,score,comment\n");
	int rc = export_rounds(&e);
	if (rc == 0 && !q->responses && !e.csv_header) {
		/* No round at all: the header alone, as a spreadsheet expects. */
		buf_puts(out,
			 "round,unit,instrument,version,domain,item,group,respondents,n,dont_know,mean,median,sd,rwg,"
			 "energy,priority,consensus,calibration\n");
	}
	return rc;
}
