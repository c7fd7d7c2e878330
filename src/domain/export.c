/* export.c - results as JSON and long-form CSV (see export.h). */
#include "domain/export.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/round.h"
#include "lib/xalloc.h"
#include "store/store.h"

static json_t *
num(double v)
{
	return isnan(v) ? json_null() : json_real(v);
}

json_t *
results_to_json(const struct results *res, const struct unit *unit)
{
	const struct instrument *ins = res->ins;
	json_t *doc = json_object();
	json_object_set_new(doc, "round", json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:{s:s, s:I}}", "id",
						    (json_int_t)res->round.id, "title", res->round.title, "unit", unit->code,
						    "mode", res->round.mode, "opens_on", res->round.opens_on, "closes_on",
						    res->round.closes_on, "instrument", "id", ins->id, "version",
						    (json_int_t)ins->version));
	json_object_set_new(doc, "respondents", json_integer((json_int_t)res->respondents));
	json_object_set_new(doc, "min_group_size", json_integer(res->min_group));
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
		json_object_set_new(o, "consensus",
				    it->has_consensus ? json_pack("{s:I, s:s?}", "level", (json_int_t)it->consensus, "note",
								  it->consensus_note)
						      : json_null());
		json_object_set_new(o, "calibration",
				    it->has_coach ? json_pack("{s:I, s:s?}", "level", (json_int_t)it->coach, "note", it->coach_note)
						  : json_null());
		json_t *comments = json_array();
		for (size_t c = 0; c < it->comments.n; c++)
			json_array_append_new(comments, json_string(it->comments.v[c]));
		json_object_set_new(o, "comments", comments);
		json_array_append_new(items, o);
	}
	json_object_set_new(doc, "items", items);
	return doc;
}

/* A CSV field: quoted when it must be. */
static void
csv_field(struct buf *b, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		buf_puts(b, s);
		return;
	}
	buf_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			buf_putc(b, '"');
		buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

static void
csv_num(struct buf *b, double v)
{
	if (!isnan(v))
		buf_printf(b, "%.17g", v);
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
			csv_field(out, unit->code);
			buf_putc(out, ',');
			csv_field(out, ins->id);
			buf_printf(out, ",%ld,", ins->version);
			csv_field(out, it->domain->code);
			buf_putc(out, ',');
			csv_field(out, it->item->code);
			buf_putc(out, ',');
			csv_field(out, all ? "all" : gr->code);
			buf_printf(out, ",%zu,", all ? res->respondents : gr->respondents);
			if (all) {
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
				if (it->has_consensus)
					buf_printf(out, "%ld", it->consensus);
				buf_putc(out, ',');
				if (it->has_coach)
					buf_printf(out, "%ld", it->coach);
			} else {
				/* Per group only the count and the mean: finer detail of a small group could identify. */
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

struct export_ctx {
	const struct unit_tree *tree;
	const struct grants *g;
	const struct unit *scope;
	int64_t round_id;
	struct store *s;
	json_t *rounds;      /* JSON */
	struct buf *csv;     /* CSV */
	struct error *err;
	int failed;
};

struct response_ctx {
	struct export_ctx *e;
	const struct round *r;
	const struct unit *unit;
	json_t *responses;
	json_t *current;     /* the response being filled (JSON) */
	int64_t current_id;
	long number;
	int64_t *ids;        /* the response ids met, in order: their numbers are their places + 1 */
	size_t n_ids, cap_ids;
};

static void
csv_text(struct buf *b, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		buf_puts(b, s);
		return;
	}
	buf_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			buf_putc(b, '"');
		buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

static int
export_answer(void *vctx, const struct row *row)
{
	struct response_ctx *c = vctx;
	int64_t id = row_int(row, 0);
	if (id != c->current_id) {
		c->current_id = id;
		c->number++;
		c->ids = xgrow(c->ids, sizeof *c->ids, c->n_ids + 1, &c->cap_ids);
		c->ids[c->n_ids++] = id;
		if (c->responses) {
			c->current = json_pack("{s:s, s:o}", "staff_group", row_text(row, 1), "answers", json_array());
			char label[48];
			snprintf(label, sizeof label, "R%lld-%ld", (long long)c->r->id, c->number);
			json_object_set_new(c->current, "respondent", json_string(label));
			json_array_append_new(c->responses, c->current);
		}
	}
	const char *item = row_text(row, 2);
	bool has = !row_null(row, 3);
	const char *comment = row_null(row, 4) ? NULL : row_text(row, 4);
	if (c->responses) {
		json_t *a = json_pack("{s:s}", "item", item);
		json_object_set_new(a, "score", has ? json_integer(row_int(row, 3)) : json_string("dk"));
		if (comment)
			json_object_set_new(a, "comment", json_string(comment));
		json_array_append_new(json_object_get(c->current, "answers"), a);
	} else {
		struct buf *b = c->e->csv;
		buf_printf(b, "%lld,", (long long)c->r->id);
		csv_text(b, c->unit->code);
		buf_printf(b, ",%s,%ld,R%lld-%ld,%s,%s,", c->r->instrument_id, c->r->instrument_version, (long long)c->r->id,
			   c->number, row_text(row, 1), item);
		if (has)
			buf_printf(b, "%lld", (long long)row_int(row, 3));
		else
			buf_puts(b, "dk");
		buf_putc(b, ',');
		if (comment)
			csv_text(b, comment);
		buf_putc(b, '\n');
	}
	return 0;
}

/* Energy answers: for CSV, rows whose item is "energy:CODE" with the level 0-2; for JSON, an object. */
static int
export_energy(void *vctx, const struct row *row)
{
	struct response_ctx *c = vctx;
	int64_t id = row_int(row, 0);
	size_t k = 0;
	while (k < c->n_ids && c->ids[k] != id)
		k++;
	if (k == c->n_ids)
		return 0; /* a response with energy but no answers: nothing to attach it to */
	if (c->responses) {
		json_t *resp = json_array_get(c->responses, k);
		json_t *energy = json_object_get(resp, "energy");
		if (!energy) {
			energy = json_object();
			json_object_set_new(resp, "energy", energy);
		}
		json_object_set_new(energy, row_text(row, 1), json_integer(row_int(row, 2)));
		return 0;
	}
	struct buf *b = c->e->csv;
	buf_printf(b, "%lld,", (long long)c->r->id);
	csv_text(b, c->unit->code);
	buf_printf(b, ",%s,%ld,R%lld-%zu,", c->r->instrument_id, c->r->instrument_version, (long long)c->r->id, k + 1);
	/* The staff group of that response: read back from the JSON-less path via a second lookup is costly;
	 * the import only needs it consistent, so repeat what the answers said. */
	buf_printf(b, "%s,energy:%s,%lld,\n", row_text(row, 3), row_text(row, 1), (long long)row_int(row, 2));
	return 0;
}

static int
export_round(void *vctx, const struct round *r)
{
	struct export_ctx *e = vctx;
	if (e->round_id && r->id != e->round_id)
		return 0;
	const struct unit *u = unit_by_id(e->tree, r->unit_id);
	struct response_ctx c = {e, r, u, NULL, NULL, 0, 0, NULL, 0, 0};
	if (e->rounds)
		c.responses = json_array();
	struct param p[] = {PINT(r->id)};
	if (store_exec(e->s, Q_ROUND_RESPONSES_EXPORT, p, 1, export_answer, &c, NULL, e->err) < 0 ||
	    store_exec(e->s, Q_ROUND_ENERGY_EXPORT, p, 1, export_energy, &c, NULL, e->err) < 0) {
		json_decref(c.responses);
		free(c.ids);
		e->failed = 1;
		return 1;
	}
	free(c.ids);
	if (e->rounds) {
		json_t *o = json_pack("{s:I, s:s, s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:b, s:o}", "id", (json_int_t)r->id, "unit", u->code,
				      "instrument", r->instrument_id, "version", (json_int_t)r->instrument_version, "title",
				      r->title, "mode", r->mode, "energy", r->energy, "opens_on", r->opens_on, "closes_on",
				      r->closes_on, "closed_early", r->closed_early, "responses", c.responses);
		json_array_append_new(e->rounds, o);
	}
	return 0;
}

static int
export_rounds(struct export_ctx *e)
{
	for (size_t i = 0; i < e->tree->n; i++) {
		const struct unit *u = &e->tree->v[i];
		if (!unit_within(u, e->scope) || !can_see(e->g, u))
			continue;
		if (rounds_each(e->s, u->id, export_round, e, e->err) < 0 || e->failed)
			return -1;
	}
	return 0;
}

int
unit_export_json(struct store *s, const struct unit_tree *tree, const struct grants *g, const struct unit *scope,
		 int64_t round_id, json_t **out, struct error *err)
{
	json_t *units = json_array();
	for (size_t i = 0; i < tree->n; i++) {
		const struct unit *u = &tree->v[i];
		if (!unit_within(u, scope) || !can_see(g, u))
			continue;
		json_t *o = json_pack("{s:s, s:s, s:s, s:s?}", "code", u->code, "name", u->name, "type", u->type, "parent_code",
				      u == scope || !u->parent ? NULL : u->parent->code);
		json_object_set_new(o, "list_size", u->list_size >= 0 ? json_integer(u->list_size) : json_null());
		json_object_set_new(o, "counted_on", u->counted_on ? json_string(u->counted_on) : json_null());
		json_object_set_new(o, "archived", json_boolean(u->archived_at != NULL));
		json_array_append_new(units, o);
	}
	struct export_ctx e = {tree, g, scope, round_id, s, json_array(), NULL, err, 0};
	if (export_rounds(&e) < 0) {
		json_decref(units);
		json_decref(e.rounds);
		return -1;
	}
	char now[32];
	store_now(now, sizeof now);
	*out = json_pack("{s:s, s:s, s:s, s:o, s:o}", "format", "caregrid-export-1", "exported_at", now, "scope", scope->code,
			 "units", units, "rounds", e.rounds);
	return 0;
}

int
unit_export_csv(struct store *s, const struct unit_tree *tree, const struct grants *g, const struct unit *scope,
		int64_t round_id, struct buf *out, struct error *err)
{
	buf_puts(out, "round,unit,instrument,version,respondent,staff_group,item,score,comment\n");
	struct export_ctx e = {tree, g, scope, round_id, s, NULL, out, err, 0};
	return export_rounds(&e);
}
