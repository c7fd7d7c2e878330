/* round_answers.c - one source of answers per round, and a shared link's headcount (see round_answers.h). */
#include "domain/round_answers.h"

#include <stdio.h>
#include <string.h>

#include "store/store.h"

struct answers_state {
	char from[8];       /* "" while the round has no answers */
	char unit_name[201];
	long headcount;     /* 0: not said */
};

static int
state_row(void *ctx, const struct row *row)
{
	struct answers_state *st = ctx;
	snprintf(st->from, sizeof st->from, "%s", row_null(row, 0) ? "" : row_text(row, 0));
	snprintf(st->unit_name, sizeof st->unit_name, "%s", row_text(row, 1));
	st->headcount = row_null(row, 2) ? 0 : (long)row_int(row, 2);
	return 1;
}

static int
answers_state(struct store *s, int64_t round_id, struct answers_state *st, struct error *err)
{
	memset(st, 0, sizeof *st);
	struct param p[] = {PINT(round_id)};
	return store_exec(s, Q_ROUND_ANSWERS_STATE, PARAMS(p), state_row, st, NULL, err);
}

/* The refusal of an online answer in a round of paper answers. */
static int
paper_only(struct error *err, const char *unit_name)
{
	return error_of(
		err, ERROR_CONFLICT,
		"this round takes paper answers only: its facilitator entered them from paper forms, so it takes none "
		"online. If you have not given yours, ask the facilitator of %s",
		unit_name);
}

int
round_answers_claim(struct store *s, int64_t round_id, const char *from, struct error *err)
{
	bool online = strcmp(from, "online") == 0;
	struct param p[] = {PINT(round_id), PTEXT(online ? "online" : "import")};
	struct answers_state st;
	/* Taken only while nobody has; then read back in the same transaction, so that two can't both win. */
	if (store_exec(s, Q_ROUND_ANSWERS_CLAIM, PARAMS(p), NULL, NULL, NULL, err) < 0 ||
	    answers_state(s, round_id, &st, err) < 0)
		return -1;
	if (strcmp(st.from, from) == 0)
		return 0;
	if (online)
		return paper_only(err, st.unit_name);
	return error_of(
		err, ERROR_CONFLICT,
		"this round already has answers given online (or started): paper answers would mix with them, and "
		"known "
		"answers added to a few could single out one person's. Make a separate round for the paper answers and "
		"import them there");
}

int
response_admit(struct store *s, const struct survey_response *r, const struct invitation *inv, struct error *err)
{
	int64_t round_id = 0;
	struct param p[] = {PINT(r->id)};
	struct answers_state st;
	int found = store_get_int(s, Q_RESPONSE_ROUND, PARAMS(p), &round_id, err);
	if (found <= 0)
		return found < 0 ? -1 : error_of(err, ERROR_NOT_FOUND, "response %lld is not there", (long long)r->id);
	if (answers_state(s, round_id, &st, err) < 0)
		return -1;
	if (strcmp(st.from, "import") == 0)
		return paper_only(err, st.unit_name);
	if (!inv || strcmp(inv->kind, "shared") != 0 || r->submitted)
		return 0;
	struct param c[] = {PINT(round_id)};
	long changes = 0;
	if (store_exec(s, Q_ROUND_SHARED_COUNT, PARAMS(c), NULL, NULL, &changes, err) < 0)
		return -1;
	if (!changes)
		return error_of(
			err, ERROR_CONFLICT,
			"this round is full: everyone it was for (%ld) has answered through its shared link. Ask the "
			"facilitator of %s for a personal link",
			st.headcount, st.unit_name);
	return 0;
}

static int
admission_row(void *ctx, const struct row *row)
{
	struct admission *adm = ctx;
	snprintf(adm->from, sizeof adm->from, "%s", row_null(row, 0) ? "" : row_text(row, 0));
	snprintf(adm->unit_name, sizeof adm->unit_name, "%s", row_text(row, 1));
	adm->headcount = row_null(row, 2) ? 0 : (long)row_int(row, 2);
	adm->shared_answers = (long)row_int(row, 3);
	return 1;
}

int
round_admit_queue(struct store *s, int64_t round_id, const char *key, bool shared, struct admission *adm,
		  struct error *err)
{
	memset(adm, 0, sizeof *adm);
	adm->shared = shared;
	struct param p[] = {PINT(round_id), PTEXT("online")};
	struct param k[] = {PINT(round_id), PTEXT(key)};
	struct param r[] = {PINT(round_id)};
	/* The count goes up before the headcount is known here: round_admit_check refuses, and so undoes it, when
	 * it went over. */
	if (store_queue(s, Q_ROUND_ANSWERS_CLAIM, PARAMS(p), NULL, NULL, NULL, err) < 0 ||
	    (shared && store_queue(s, Q_ROUND_SHARED_COUNT_NEW, PARAMS(k), NULL, NULL, &adm->counted_now, err) < 0))
		return -1;
	return store_queue(s, Q_ROUND_ANSWERS_STATE, PARAMS(r), admission_row, adm, NULL, err);
}

int
round_admit_check(const struct admission *adm, struct error *err)
{
	if (strcmp(adm->from, "online") != 0)
		return paper_only(err, adm->unit_name);
	if (!adm->counted_now || (adm->headcount && adm->shared_answers <= adm->headcount))
		return 0;
	return error_of(err, ERROR_CONFLICT,
			"this round is full: everyone it was for (%ld) has answered through its shared link. Ask the "
			"facilitator of %s for a personal link",
			adm->headcount, adm->unit_name);
}

bool
round_shared_full(const struct round *r)
{
	return r->headcount > 0 && r->shared_answers >= r->headcount;
}

bool
round_paper_only(const struct round *r)
{
	return strcmp(r->answers_from, "import") == 0;
}

int
round_headcount_set(struct store *s, const struct actor *who, const struct round *r, const char *unit_code,
		    long headcount, struct error *err)
{
	if (headcount < 1 || headcount > HEADCOUNT_MAX)
		return error_in(err, "headcount",
				"headcount: how many people the round is for, a whole number from 1 to %d",
				HEADCOUNT_MAX);
	if (store_begin(s, err) < 0)
		return -1;
	char detail[300];
	snprintf(detail, sizeof detail, "round %lld (%.200s) is for %ld people", (long long)r->id, r->title, headcount);
	struct param p[] = {PINT(r->id), PINT(headcount)};
	if (store_exec(s, Q_ROUND_HEADCOUNT_SET, PARAMS(p), NULL, NULL, NULL, err) < 0 ||
	    audit_record(s, who, "round.headcount", r->unit_id, unit_code, detail, err) < 0) {
		store_rollback(s);
		return -1;
	}
	return store_commit(s, err);
}

int
round_link_check(const struct round *r, bool shared, struct error *err)
{
	if (round_paper_only(r))
		return error_of(
			err, ERROR_CONFLICT,
			"this round takes paper answers only (they were imported): it takes no invitation links. Open "
			"a "
			"new round for answers online");
	if (shared && !r->headcount)
		return error_set(err, "a shared link needs the round's headcount: say how many people the round is for "
				      "(from 1 to %d) first",
				 HEADCOUNT_MAX);
	return 0;
}

int
round_link_open(const struct round *r, const char *day, struct error *err)
{
	if (strcmp(round_status(r, day), "closed") == 0)
		return error_set(err, "the round is closed");
	return 0;
}
