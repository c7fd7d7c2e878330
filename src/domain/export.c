/* export.c - results as JSON and long-form CSV (see export.h). */
#include "domain/export.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

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
