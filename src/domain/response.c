/*
 * response.c - a survey's responses (see round.h, "responses"): the respondent key and form tokens, starting a
 * response, checking, saving and submitting its answers (with the stale-form check that refuses a second tab's
 * older copy), and reading saved answers and energy back.
 */
#include "domain/round.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/round_answers.h"
#include "domain/staff_group.h"
#include "lib/i18n.h"
#include "lib/text.h"
#include "lib/xalloc.h"
#include "store/store.h"

int
respondent_key(struct store *s, const char *token, char key[65], struct error *err)
{
	return store_keyed_hash(s, KEY_PURPOSE_RESPONDENT, token, key, err);
}

int
form_token(struct store *s, const char *key, long revision, char out[65], struct error *err)
{
	char text[100];
	snprintf(text, sizeof text, "%s:%ld", key, revision);
	return store_keyed_hash(s, KEY_PURPOSE_FORM, text, out, err);
}

/* Q_RESPONSE_BY_KEY's columns, from column AT of ROW on. */
static void
response_row_at(struct survey_response *r, const struct row *row, int at)
{
	r->id = row_int(row, at);
	snprintf(r->staff_group, sizeof r->staff_group, "%s", row_text(row, at + 1));
	r->revision = (long)row_int(row, at + 2);
	r->submitted = row_int(row, at + 3) != 0;
	r->counted = row_int(row, at + 4) != 0;
}

static int
response_row(void *ctx, const struct row *row)
{
	response_row_at(ctx, row, 0);
	return 1;
}

int
response_find(struct store *s, int64_t round_id, const char *key, struct survey_response *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	struct param p[] = {PINT(round_id), PTEXT(key)};
	if (store_exec(s, Q_RESPONSE_BY_KEY, PARAMS(p), response_row, out, NULL, err) < 0)
		return -1;
	return out->id != 0;
}

/* Why a guarded write to response ID changed nothing (the queries leave a counted response alone): counted, or
 * the form out of date (*STALE). Always -1. */
static int
unchanged_because(struct store *s, int64_t id, bool *stale, struct error *err)
{
	struct param p[] = {PINT(id)};
	int64_t counted = 0;
	if (store_get_int(s, Q_RESPONSE_COUNTED, PARAMS(p), &counted, err) < 0)
		return -1;
	if (counted)
		return error_of(err, ERROR_CONFLICT,
				"your answers are in the team's results now, so they can no longer be "
				"changed: a change would show what you had answered");
	if (stale)
		*stale = true;
	return error_set(err, "this page is out of date: your answers were changed since it was shown");
}

/* response_start, telling whether the response is new. */
static int
start_response(struct store *s, int64_t round_id, const char *key, const char *staff_group, struct survey_response *out,
	       bool *created, struct error *err)
{
	int found = response_find(s, round_id, key, out, err);
	if (found < 0)
		return -1;
	*created = !found;
	if (found) {
		if (strcmp(out->staff_group, staff_group) == 0)
			return 0;
		struct param p[] = {PINT(out->id), PTEXT(staff_group)};
		long changes = 0;
		if (store_exec(s, Q_RESPONSE_SET_GROUP, PARAMS(p), NULL, NULL, &changes, err) < 0)
			return -1;
		if (!changes)
			return unchanged_because(s, out->id, NULL, err);
	} else {
		struct param p[] = {PINT(round_id), PTEXT(key), PTEXT(staff_group)};
		int64_t id;
		if (round_answers_claim(s, round_id, "online", err) < 0 ||
		    store_get_int(s, Q_RESPONSE_ADD, PARAMS(p), &id, err) < 0)
			return -1;
	}
	return response_find(s, round_id, key, out, err) < 0 ? -1 : 0;
}

int
response_start(struct store *s, int64_t round_id, const char *key, const char *staff_group, struct survey_response *out,
	       struct error *err)
{
	bool created;
	/* A transaction of its own: the round is taken for online answers with the response that takes it. */
	if (store_begin(s, err) < 0)
		return -1;
	if (start_response(s, round_id, key, staff_group, out, &created, err) < 0) {
		store_rollback(s);
		return -1;
	}
	return store_commit(s, err);
}

static const char *
energy_scope_check(const struct instrument *ins, const struct round *round, const char *target)
{
	if (strcmp(round->energy, "domain") == 0) {
		for (size_t i = 0; i < ins->n_domains; i++)
			if (strcmp(ins->domains[i].code, target) == 0)
				return NULL;
		return N_("is not a domain of this instrument");
	}
	if (strcmp(round->energy, "item") == 0)
		return instrument_find_item(ins, target, NULL) ? NULL : N_("is not an element of this instrument");
	return N_("this round does not ask about energy");
}

int
response_check(const struct instrument *ins, const struct round *round, const struct answer_input *answers,
	       size_t n_answers, const struct energy_input *energy, size_t n_energy, struct error *err)
{
	for (size_t i = 0; i < n_answers; i++) {
		const struct answer_input *a = &answers[i];
		if (!instrument_find_item(ins, a->item_code, NULL))
			return error_set(err, "\"%s\" is not an element of this instrument", a->item_code);
		if (a->comment && strlen(a->comment) > COMMENT_MAX)
			return error_set(err, "the comment on %s is longer than %d characters", a->item_code,
					 COMMENT_MAX);
		if (!a->score || !*a->score)
			continue;
		if (strcmp(a->score, "dk") == 0) {
			if (!ins->dont_know)
				return error_set(err, "%s: this instrument has no \"don't know\"", a->item_code);
			continue;
		}
		char *end;
		long v = strtol(a->score, &end, 10);
		if (*end || !instrument_find_level(ins, v))
			return error_set(err, "%s: \"%s\" is not a level of the scale", a->item_code, a->score);
	}
	for (size_t i = 0; i < n_energy; i++) {
		const char *why = energy_scope_check(ins, round, energy[i].target);
		if (why)
			return error_set(err, "energy for \"%s\": %s", energy[i].target, why);
		const char *lv = energy[i].level;
		if (lv && *lv && (strlen(lv) != 1 || lv[0] < '0' || lv[0] > '2'))
			return error_set(err, "energy for %s must be low, some or high", energy[i].target);
	}
	return 0;
}

/* response_save's writes, inside the caller's transaction (nothing undone here on failure). */
/* A score as stored: response_check has made sure it is a whole level of the scale, so END is only looked at to
 * keep a text that is not one from becoming a level. */
static json_t *
score_json(const char *score)
{
	char *end;
	long v = strtol(score, &end, 10);
	return *end ? json_null() : json_integer(v);
}

static int
save_in_transaction(struct store *s, const struct survey_response *r, long revision, const struct answer_input *answers,
		    size_t n_answers, const struct energy_input *energy, size_t n_energy, bool *stale,
		    struct error *err)
{
	struct param bump[] = {PINT(r->id), PINT(revision)};
	long changes = 0;
	if (store_exec(s, Q_RESPONSE_BUMP, PARAMS(bump), NULL, NULL, &changes, err) < 0)
		return -1;
	if (changes == 0)
		return unchanged_because(s, r->id, stale, err);
	/* Two statements for the answers and two for the energy, whatever their number: each statement is a
	 * round trip to PostgreSQL, and the batching writer commits thousands of pages a second. */
	json_t *put = json_array(), *gone = json_array(), *levels = json_array(), *cleared = json_array();
	for (size_t i = 0; i < n_answers; i++) {
		const struct answer_input *a = &answers[i];
		bool has_comment = a->comment && *a->comment;
		if ((!a->score || !*a->score) && !has_comment) {
			json_array_append_new(gone, json_string(a->item_code));
			continue;
		}
		/* A comment without a score is kept as don't know: the comment is what the person gave. */
		bool scored = a->score && *a->score && strcmp(a->score, "dk") != 0;
		json_array_append_new(put,
				      json_pack("[s, o, o]", a->item_code, scored ? score_json(a->score) : json_null(),
						has_comment ? json_string(a->comment) : json_null()));
	}
	for (size_t i = 0; i < n_energy; i++) {
		const char *lv = energy[i].level;
		if (lv && *lv)
			json_array_append_new(levels, json_pack("[s, i]", energy[i].target, lv[0] - '0'));
		else
			json_array_append_new(cleared, json_string(energy[i].target));
	}
	json_t *lists[] = {put, gone, levels, cleared};
	const enum query_id writes[] = {Q_ANSWERS_PUT_MANY, Q_ANSWERS_DELETE_MANY, Q_ENERGY_PUT_MANY,
					Q_ENERGY_DELETE_MANY};
	int rc = 0;
	for (size_t l = 0; l < 4; l++) {
		if (rc == 0 && json_array_size(lists[l])) {
			char *text = json_dumps(lists[l], JSON_COMPACT);
			struct param p[] = {PINT(r->id), PTEXT(text)};
			rc = text ? store_exec(s, writes[l], PARAMS(p), NULL, NULL, NULL, err)
				  : error_set(err, "out of memory");
			free(text);
		}
		json_decref(lists[l]);
	}
	return rc;
}

int
response_save(struct store *s, const struct instrument *ins, const struct round *round, const struct survey_response *r,
	      long revision, const struct answer_input *answers, size_t n_answers, const struct energy_input *energy,
	      size_t n_energy, bool *stale, struct error *err)
{
	*stale = false;
	/* Check everything before writing anything. */
	if (response_check(ins, round, answers, n_answers, energy, n_energy, err) < 0 || store_begin(s, err) < 0)
		return -1;
	if (save_in_transaction(s, r, revision, answers, n_answers, energy, n_energy, stale, err) < 0) {
		store_rollback(s);
		return -1;
	}
	return store_commit(s, err);
}

/* response_submit's writes, inside the caller's transaction. */
static int
submit_in_transaction(struct store *s, const struct survey_response *r, long revision, const struct invitation *inv,
		      bool *stale, struct error *err)
{
	char day[11];
	today(day);
	struct param p[] = {PINT(r->id), PTEXT(day), PINT(revision)};
	long changes = 0;
	if (store_exec(s, Q_RESPONSE_SUBMIT, PARAMS(p), NULL, NULL, &changes, err) < 0)
		return -1;
	if (!changes)
		return unchanged_because(s, r->id, stale, err);
	/* Nothing is written to the invitation: its row is the same whether or not its person has answered. */
	if (response_admit(s, r, inv, err) < 0)
		return -1;
	return round_count_pending(s, inv->round_id, err);
}

int
response_submit(struct store *s, const struct survey_response *r, long revision, const struct invitation *inv,
		bool *stale, struct error *err)
{
	*stale = false;
	if (store_begin(s, err) < 0)
		return -1;
	if (submit_in_transaction(s, r, revision, inv, stale, err) < 0) {
		store_rollback(s);
		return -1;
	}
	return store_commit(s, err);
}

/* A whole submission's answers and energy levels as the JSON arrays the statements take (queries.h): only the
 * elements given; the others are cleared. Free both. */
static void
whole_lists(const struct answer_input *answers, size_t n_answers, const struct energy_input *energy, size_t n_energy,
	    char **answers_json, char **energy_json)
{
	json_t *put = json_array(), *levels = json_array();
	for (size_t i = 0; i < n_answers; i++) {
		const struct answer_input *a = &answers[i];
		bool has_comment = a->comment && *a->comment, has_score = a->score && *a->score;
		if (!has_score && !has_comment)
			continue;
		/* A comment without a score is kept as don't know: the comment is what the person gave. */
		bool scored = has_score && strcmp(a->score, "dk") != 0;
		json_array_append_new(put,
				      json_pack("[s, o, o]", a->item_code, scored ? score_json(a->score) : json_null(),
						has_comment ? json_string(a->comment) : json_null()));
	}
	for (size_t i = 0; i < n_energy; i++)
		if (energy[i].level && *energy[i].level)
			json_array_append_new(levels, json_pack("[s, i]", energy[i].target, energy[i].level[0] - '0'));
	*answers_json = json_dumps(put, JSON_COMPACT);
	*energy_json = json_dumps(levels, JSON_COMPACT);
	json_decref(put);
	json_decref(levels);
	if (!*answers_json || !*energy_json)
		abort(); /* out of memory: xmalloc's rule */
}

/*
 * A whole submission's statements, none needing the result of another, so that PostgreSQL takes them all in one
 * round trip (store_queue): the response is addressed by its round and key, not by an id read first; what must
 * be checked is read by them and judged after the flush, and a refusal then undoes the lot.
 */
static int
queue_whole(struct store *s, const struct round *round, const struct invitation *inv, const char *key,
	    const char *staff_group, const char *answers_json, const char *energy_json, struct whole_reads *rd,
	    struct error *err)
{
	char day[11];
	today(day);
	struct param k[] = {PINT(round->id), PTEXT(key)};
	struct param group[] = {PINT(round->id), PTEXT(key), PTEXT(staff_group)};
	struct param a[] = {PINT(round->id), PTEXT(key), PTEXT(answers_json)};
	struct param e[] = {PINT(round->id), PTEXT(key), PTEXT(energy_json)};
	struct param sub[] = {PINT(round->id), PTEXT(key), PTEXT(day)};
	bool shared = inv && strcmp(inv->kind, "shared") == 0;
	if (store_queue(s, Q_RESPONSE_BY_KEY, PARAMS(k), response_row, &rd->before, NULL, err) < 0 ||
	    round_admit_queue(s, round->id, key, shared, &rd->adm, err) < 0 ||
	    store_queue(s, Q_RESPONSE_UPSERT, PARAMS(group), NULL, NULL, NULL, err) < 0 ||
	    store_queue(s, Q_ANSWERS_CLEAR_BY_KEY, PARAMS(k), NULL, NULL, NULL, err) < 0 ||
	    store_queue(s, Q_ANSWERS_ADD_BY_KEY, PARAMS(a), NULL, NULL, NULL, err) < 0 ||
	    store_queue(s, Q_ENERGY_CLEAR_BY_KEY, PARAMS(k), NULL, NULL, NULL, err) < 0 ||
	    store_queue(s, Q_ENERGY_ADD_BY_KEY, PARAMS(e), NULL, NULL, NULL, err) < 0 ||
	    store_queue(s, Q_RESPONSE_SUBMIT_BY_KEY, PARAMS(sub), NULL, NULL, &rd->submitted, err) < 0)
		return -1;
	/* Counting goes with them: a refusal judged after the flush undoes it with the rest. */
	return round_count_pending(s, round->id, err);
}

/* Q_RESPONSE_SUBMIT_ROWS's row for this submission (its column 0, the submission's place in the batch, read
 * by the store to find this reader). */
static int
whole_row(void *ctx, const struct row *row)
{
	struct whole_reads *rd = ctx;
	if (!row_null(row, 1))
		response_row_at(&rd->before, row, 1);
	struct admission *adm = &rd->adm;
	snprintf(adm->from, sizeof adm->from, "%s", row_null(row, 6) ? "" : row_text(row, 6));
	snprintf(adm->unit_name, sizeof adm->unit_name, "%s", row_null(row, 7) ? "" : row_text(row, 7));
	adm->headcount = row_null(row, 8) ? 0 : (long)row_int(row, 8);
	adm->shared_answers = row_null(row, 9) ? 0 : (long)row_int(row, 9);
	adm->counted_now = (long)row_int(row, 10);
	rd->submitted = (long)row_int(row, 11);
	return 1;
}

/* The answers and energy levels of queue_whole_one's response as rows, one statement each for the writer's
 * whole batch (store_queue_row): the same elements as whole_lists, typed (no JSON to parse). */
static int
queue_whole_rows(struct store *s, const char *key, const struct answer_input *answers, size_t n_answers,
		 const struct energy_input *energy, size_t n_energy, struct error *err)
{
	for (size_t i = 0; i < n_answers; i++) {
		const struct answer_input *a = &answers[i];
		bool has_comment = a->comment && *a->comment, has_score = a->score && *a->score;
		if (!has_score && !has_comment)
			continue;
		/* A comment without a score is kept as don't know (whole_lists); END as score_json's. */
		char *end = "";
		long v = has_score && strcmp(a->score, "dk") != 0 ? strtol(a->score, &end, 10) : 0;
		bool scored = has_score && strcmp(a->score, "dk") != 0 && !*end;
		struct param row[] = {PTEXT(key), PTEXT(a->item_code), scored ? PINT(v) : PNULL,
				      PTEXT(has_comment ? a->comment : NULL)};
		if (store_queue_row(s, Q_ANSWERS_ADD_ROWS, PARAMS(row), err) < 0)
			return -1;
	}
	for (size_t i = 0; i < n_energy; i++) {
		if (!energy[i].level || !*energy[i].level)
			continue;
		struct param row[] = {PTEXT(key), PTEXT(energy[i].target), PINT(energy[i].level[0] - '0')};
		if (store_queue_row(s, Q_ENERGY_ADD_ROWS, PARAMS(row), err) < 0)
			return -1;
	}
	return 0;
}

/* queue_whole as one row of one statement for the writer's whole batch, and the batch's rows of answers, where
 * the backend has them (PostgreSQL, queries.c says how): the executor starts once a batch, not eleven times a
 * submission, and each round is claimed and its waiting responses counted once a batch. */
static int
queue_whole_one(struct store *s, const struct round *round, const struct invitation *inv, const char *key,
		const char *staff_group, const struct answer_input *answers, size_t n_answers,
		const struct energy_input *energy, size_t n_energy, struct whole_reads *rd, struct error *err)
{
	char day[11];
	today(day);
	bool shared = inv && strcmp(inv->kind, "shared") == 0;
	rd->adm.shared = shared;
	struct param p[] = {PINT(round->id),	       PTEXT(key),	   PTEXT(staff_group),	    PTEXT(day),
			    PINT(shared ? 1 : 0), PINT(MIN_GROUP_DEFAULT), PINT(MIN_GROUP_FLOOR)};
	if (store_queue_row_read(s, Q_RESPONSE_SUBMIT_ROWS, PARAMS(p), whole_row, rd, err) < 0)
		return -1;
	return queue_whole_rows(s, key, answers, n_answers, energy, n_energy, err);
}

/* Every element of INS (and every energy target of ROUND), with what ANSWERS and ENERGY give for it: the
 * submission is the whole response. Free *ALL and *ALL_ENERGY. */
static void
whole_elements(const struct instrument *ins, const struct round *round, const struct answer_input *answers,
	       size_t n_answers, const struct energy_input *energy, size_t n_energy, struct answer_input **all,
	       size_t *n_all, struct energy_input **all_energy, size_t *n_targets)
{
	*all = xcalloc(ins->n_items + 1, sizeof **all);
	size_t k = 0;
	for (size_t d = 0; d < ins->n_domains; d++)
		for (size_t j = 0; j < ins->domains[d].n_items; j++, k++) {
			(*all)[k].item_code = ins->domains[d].items[j].code;
			for (size_t i = 0; i < n_answers; i++)
				if (strcmp(answers[i].item_code, (*all)[k].item_code) == 0)
					(*all)[k] = answers[i];
		}
	*n_all = k;
	bool by_domain = strcmp(round->energy, "domain") == 0;
	*n_targets = by_domain ? ins->n_domains : strcmp(round->energy, "item") == 0 ? ins->n_items : 0;
	*all_energy = xcalloc(*n_targets + 1, sizeof **all_energy);
	for (size_t t = 0; t < *n_targets; t++) {
		(*all_energy)[t].target = by_domain ? ins->domains[t].code : (*all)[t].item_code;
		for (size_t i = 0; i < n_energy; i++)
			if (strcmp(energy[i].target, (*all_energy)[t].target) == 0)
				(*all_energy)[t].level = energy[i].level;
	}
}

int
response_whole_queue(struct store *s, const struct instrument *ins, const struct round *round,
		     const struct invitation *inv, const char *key, const char *staff_group,
		     const struct answer_input *answers, size_t n_answers, const struct energy_input *energy,
		     size_t n_energy, struct whole_reads *rd, struct error *err)
{
	memset(rd, 0, sizeof *rd);
	if (response_check(ins, round, answers, n_answers, energy, n_energy, err) < 0)
		return -1;
	struct answer_input *all;
	struct energy_input *all_energy;
	size_t n_all, n_targets;
	whole_elements(ins, round, answers, n_answers, energy, n_energy, &all, &n_all, &all_energy, &n_targets);
	/* The statements hold their own copies of the values once sent or queued (pg.c), or have run (SQLite). */
	int rc;
	if (store_has_query(s, Q_RESPONSE_SUBMIT_ROWS)) {
		rc = queue_whole_one(s, round, inv, key, staff_group, all, n_all, all_energy, n_targets, rd, err);
	} else {
		char *answers_json, *energy_json;
		whole_lists(all, n_all, all_energy, n_targets, &answers_json, &energy_json);
		rc = queue_whole(s, round, inv, key, staff_group, answers_json, energy_json, rd, err);
		free(answers_json);
		free(energy_json);
	}
	free(all);
	free(all_energy);
	return rc;
}

int
response_whole_judge(struct store *s, const struct whole_reads *rd, bool *created, struct error *err)
{
	*created = rd->before.id == 0;
	/* The refusals as the steps one at a time would meet them: counted, paper only, full. */
	if (rd->before.id && rd->before.counted)
		return unchanged_because(s, rd->before.id, NULL, err);
	if (round_admit_check(&rd->adm, err) < 0)
		return -1;
	if (!rd->submitted)
		return unchanged_because(s, rd->before.id, NULL, err);
	return 0;
}

int
response_submit_whole(struct store *s, const struct instrument *ins, const struct round *round,
		      const struct invitation *inv, const char *key, const char *staff_group,
		      const struct answer_input *answers, size_t n_answers, const struct energy_input *energy,
		      size_t n_energy, bool *created, struct error *err)
{
	*created = false;
	struct whole_reads rd;
	if (response_check(ins, round, answers, n_answers, energy, n_energy, err) < 0)
		return -1;
	if (store_begin(s, err) < 0)
		return -1;
	if (response_whole_queue(s, ins, round, inv, key, staff_group, answers, n_answers, energy, n_energy, &rd,
				 err) < 0 ||
	    store_flush(s, err) < 0 || response_whole_judge(s, &rd, created, err) < 0) {
		store_rollback(s);
		return -1;
	}
	return store_commit(s, err);
}

struct answers_ctx {
	saved_answer_fn fn;
	void *ctx;
};

static int
answer_row(void *vctx, const struct row *row)
{
	struct answers_ctx *c = vctx;
	struct saved_answer a = {
		.item_code = row_text(row, 0),
		.has_score = !row_null(row, 1),
		.dont_know = row_null(row, 1),
		.score = row_null(row, 1) ? 0 : (long)row_int(row, 1),
		.comment = row_null(row, 2) ? NULL : row_text(row, 2),
	};
	return c->fn(c->ctx, &a);
}

int
response_answers_each(struct store *s, int64_t response_id, saved_answer_fn fn, void *ctx, struct error *err)
{
	struct answers_ctx c = {fn, ctx};
	struct param p[] = {PINT(response_id)};
	return store_exec(s, Q_ANSWERS_OF_RESPONSE, PARAMS(p), answer_row, &c, NULL, err);
}

struct energy_ctx {
	saved_energy_fn fn;
	void *ctx;
};

static int
energy_row(void *vctx, const struct row *row)
{
	struct energy_ctx *c = vctx;
	return c->fn(c->ctx, row_text(row, 0), (int)row_int(row, 1));
}

int
response_energy_each(struct store *s, int64_t response_id, saved_energy_fn fn, void *ctx, struct error *err)
{
	struct energy_ctx c = {fn, ctx};
	struct param p[] = {PINT(response_id)};
	return store_exec(s, Q_ENERGY_OF_RESPONSE, PARAMS(p), energy_row, &c, NULL, err);
}
