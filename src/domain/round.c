/*
 * round.c - the round itself (see round.h): its status on a day, creating one, reading and listing rounds,
 * its language, closing and reopening it, and the counting in steps of the minimum group that keeps its figures
 * from telling who answered. Invitations are in invitation.c, responses in response.c.
 */
#include "domain/round.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/region.h"
#include "lib/i18n.h"
#include "lib/text.h"
#include "store/store.h"

void
today(char out[11])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

const char *
round_status(const struct round *r, const char *day)
{
	if (r->closed_early || strcmp(day, r->closes_on) > 0)
		return N_("closed");
	if (strcmp(day, r->opens_on) < 0)
		return N_("upcoming");
	return N_("open");
}

const char *
round_mode_words(const char *mode)
{
	return strcmp(mode, "consensus") == 0          ? N_("a consensus session only")
	       : strcmp(mode, "survey_consensus") == 0 ? N_("a survey, then a consensus session")
						       : N_("an anonymous survey");
}

bool
round_takes_answers(const struct round *r, const char *day)
{
	return round_has_survey(r) && strcmp(round_status(r, day), "open") == 0;
}

bool
round_has_survey(const struct round *r)
{
	return strcmp(r->mode, "consensus") != 0;
}

/* The one decoder of ROUND_COLUMNS (store/queries.c), in their order. */
void
round_decode(const struct row *row, struct round *r)
{
	memset(r, 0, sizeof *r);
	r->id = row_int(row, 0);
	r->unit_id = row_int(row, 1);
	snprintf(r->instrument_id, sizeof r->instrument_id, "%s", row_text(row, 2));
	r->instrument_version = (long)row_int(row, 3);
	snprintf(r->title, sizeof r->title, "%s", row_text(row, 4));
	snprintf(r->mode, sizeof r->mode, "%s", row_text(row, 5));
	snprintf(r->energy, sizeof r->energy, "%s", row_text(row, 6));
	snprintf(r->opens_on, sizeof r->opens_on, "%s", row_text(row, 7));
	snprintf(r->closes_on, sizeof r->closes_on, "%s", row_text(row, 8));
	r->closed_early = !row_null(row, 9);
	snprintf(r->closed_on, sizeof r->closed_on, "%.10s", r->closed_early ? row_text(row, 9) : r->closes_on);
	r->responses_exported = !row_null(row, 10);
	r->series_id = row_null(row, 11) ? 0 : row_int(row, 11);
	r->series_n = row_null(row, 12) ? 0 : (long)row_int(row, 12);
	snprintf(r->language, sizeof r->language, "%s", row_text(row, 13));
	r->bilingual = row_int(row, 14) != 0;
	r->reopened = !row_null(row, 15);
	snprintf(r->answers_from, sizeof r->answers_from, "%s", row_null(row, 16) ? "" : row_text(row, 16));
	r->headcount = row_null(row, 17) ? 0 : (long)row_int(row, 17);
	r->shared_answers = (long)row_int(row, 18);
}

static int
round_row(void *ctx, const struct row *row)
{
	round_decode(row, ctx);
	return 0;
}

int
round_create(struct store *s, const struct actor *who, const struct unit *unit, const struct instrument *ins,
	     const char *title, const char *mode, const char *energy, const char *opens_on, const char *closes_on,
	     int64_t *id_out, struct error *err)
{
	/* Checked here, whoever calls: a title goes into every invitation's subject. */
	if (text_line_check(N_("a round's title"), title, ROUND_TITLE_MAX, err) < 0) {
		err->field = "title";
		return -1;
	}
	if (unit->archived_at)
		return error_set(err, "%s is archived: it takes no new rounds", unit->name);
	if (strcmp(mode, "survey") && strcmp(mode, "consensus") && strcmp(mode, "survey_consensus"))
		return error_in(err, "mode", "mode \"%s\" is not one of survey, consensus, survey_consensus", mode);
	if (strcmp(energy, "domain") && strcmp(energy, "item") && strcmp(energy, "none"))
		return error_in(err, "energy", "energy \"%s\" is not one of domain, item, none", energy);
	if (!opens_on || !valid_date(opens_on))
		return error_in(err, "opens_on", "the opening date must be a date as YYYY-MM-DD");
	if (!closes_on || !valid_date(closes_on))
		return error_in(err, "closes_on", "the closing date must be a date as YYYY-MM-DD");
	if (strcmp(closes_on, opens_on) < 0)
		return error_in(err, "closes_on", "the round closes (%s) before it opens (%s)", closes_on, opens_on);
	if (strcmp(ins->subject, "individual") == 0)
		return error_in(err, "instrument", "%s rates one leader, not a team: use it for 360 feedback", ins->id);
	if (store_begin(s, err) < 0)
		return -1;
	char now[32];
	store_now(now, sizeof now);
	struct param p[] = {PINT(unit->id),  PTEXT(ins->id),   PINT(ins->version),
			    PTEXT(title),    PTEXT(mode),      PTEXT(energy),
			    PTEXT(opens_on), PTEXT(closes_on), who->user_id ? PINT(who->user_id) : PNULL,
			    PTEXT(now)};
	int64_t id = 0;
	char detail[400];
	snprintf(detail, sizeof detail, "round %.200s on the %.100s, version %ld (%s, %s to %s)", title, ins->title,
		 ins->version, round_mode_words(mode), opens_on, closes_on);
	/* The instrument version the round pins must be in the database even if it came from a file. */
	if (store_instrument_put(s, ins->id, ins->version, ins->title, ins->canonical, ins->hash, ins->origin, err) <
		    0 ||
	    store_get_int(s, Q_ROUND_ADD, PARAMS(p), &id, err) < 0 ||
	    audit_record(s, who, "round.create", unit->id, unit->code, detail, err) < 0) {
		store_rollback(s);
		return -1;
	}
	if (store_commit(s, err) < 0)
		return -1;
	if (id_out)
		*id_out = id;
	return 0;
}

int
round_language_set(struct store *s, const struct actor *who, const struct round *r, const char *unit_code,
		   const char *code, bool bilingual, struct error *err)
{
	const struct lang *l = lang_find(code);
	if (!l)
		return error_in(err, "language", "language \"%s\" is not one caregrid speaks (%s)", code ? code : "",
				 "en, cy, es");
	if (l == lang_english())
		bilingual = false; /* English beside English says nothing */
	if (store_begin(s, err) < 0)
		return -1;
	struct param p[] = {PINT(r->id), PTEXT(lang_code(l)), PINT(bilingual ? 1 : 0)};
	char detail[300];
	snprintf(detail, sizeof detail, "round %.200s in %s%s", r->title, lang_name(l),
		 bilingual ? " with English beside it" : "");
	if (store_exec(s, Q_ROUND_LANGUAGE_SET, PARAMS(p), NULL, NULL, NULL, err) < 0 ||
	    audit_record(s, who, "round.language", r->unit_id, unit_code, detail, err) < 0) {
		store_rollback(s);
		return -1;
	}
	return store_commit(s, err);
}

int
round_get(struct store *s, int64_t id, struct round *out, struct error *err)
{
	out->id = 0;
	struct param p[] = {PINT(id)};
	if (store_exec(s, Q_ROUND_GET, PARAMS(p), round_row, out, NULL, err) < 0)
		return -1;
	return out->id != 0;
}

struct rounds_ctx {
	round_fn fn;
	void *ctx;
};

static int
each_round_row(void *vctx, const struct row *row)
{
	struct rounds_ctx *c = vctx;
	struct round r;
	round_decode(row, &r);
	return c->fn(c->ctx, &r);
}

int
rounds_each(struct store *s, int64_t unit_id, round_fn fn, void *ctx, struct error *err)
{
	struct rounds_ctx c = {fn, ctx};
	struct param p[] = {PINT(unit_id)};
	return unit_id ? store_exec(s, Q_ROUNDS_OF_UNIT, PARAMS(p), each_round_row, &c, NULL, err)
		       : store_exec(s, Q_ROUNDS_ALL, NULL, 0, each_round_row, &c, NULL, err);
}

int
round_close(struct store *s, const struct actor *who, const struct round *r, const char *unit_code, struct error *err)
{
	char day[11];
	today(day);
	if (strcmp(round_status(r, day), "closed") == 0)
		return error_of(err, ERROR_CONFLICT, "round %lld is closed already", (long long)r->id);
	if (store_begin(s, err) < 0)
		return -1;
	char now[32], detail[300];
	store_now(now, sizeof now);
	snprintf(detail, sizeof detail, "closed round %lld (%.200s)", (long long)r->id, r->title);
	struct param p[] = {PINT(r->id), PTEXT(now)};
	/* The grid's sums were of the open round: from now on every answer (or, after a reopen, every counted one). */
	if (store_exec(s, Q_ROUND_CLOSE, PARAMS(p), NULL, NULL, NULL, err) < 0 ||
	    round_summary_forget(s, r->id, err) < 0 ||
	    audit_record(s, who, "round.close", r->unit_id, unit_code, detail, err) < 0) {
		store_rollback(s);
		return -1;
	}
	return store_commit(s, err);
}

int
round_reopen(struct store *s, const struct actor *who, const struct round *r, const char *unit_code, struct error *err)
{
	char day[11];
	today(day);
	if (!r->closed_early)
		return error_of(err, ERROR_CONFLICT, "round %lld was not closed early: there is nothing to undo",
				(long long)r->id);
	if (strcmp(day, r->closes_on) > 0)
		return error_of(err, ERROR_CONFLICT,
				"round %lld's closing date (%s) has passed: open a new round instead", (long long)r->id,
				r->closes_on);
	if (r->responses_exported)
		return error_of(
			err, ERROR_CONFLICT,
			"round %lld's answers have been exported one by one: comparing that export with a later one "
			"would pick out the answers given after reopening. Open a new round instead",
			(long long)r->id);
	if (store_begin(s, err) < 0)
		return -1;
	char detail[300], now[32];
	snprintf(detail, sizeof detail, "reopened round %lld (%.200s)", (long long)r->id, r->title);
	store_now(now, sizeof now);
	struct param p[] = {PINT(r->id), PTEXT(now)}, round_only[] = {PINT(r->id)};
	/* Counted before the reopen is recorded: the statement counts only on the first reopen. */
	if (store_exec(s, Q_ROUND_COUNT_ALL_ONCE, PARAMS(round_only), NULL, NULL, NULL, err) < 0 ||
	    store_exec(s, Q_ROUND_REOPEN, PARAMS(p), NULL, NULL, NULL, err) < 0 ||
	    round_summary_forget(s, r->id, err) < 0 ||
	    audit_record(s, who, "round.reopen", r->unit_id, unit_code, detail, err) < 0) {
		store_rollback(s);
		return -1;
	}
	return store_commit(s, err);
}

int
round_counts(struct store *s, int64_t round_id, long *counted, struct error *err)
{
	struct round r;
	char day[11];
	today(day);
	int found = round_get(s, round_id, &r, err);
	if (found < 0)
		return -1;
	struct param p[] = {PINT(round_id), PINT(found && round_counts_every_answer(&r, day))};
	int64_t n = 0;
	if (store_get_int(s, Q_ROUND_COUNTS, PARAMS(p), &n, err) < 0)
		return -1;
	*counted = (long)n;
	return 0;
}

bool
round_counts_every_answer(const struct round *r, const char *day)
{
	return strcmp(round_status(r, day), "closed") == 0 && !r->reopened;
}

/* A region's minimum from its stored setting (FOUND, V): the default when unset or below the floor. */
static int
min_of_setting(int found, int64_t v)
{
	return found && v >= MIN_GROUP_FLOOR ? (int)v : MIN_GROUP_DEFAULT;
}

int
round_min_group(struct store *s, int64_t round_id, int *out, struct error *err)
{
	struct param p[] = {PINT(round_id)};
	int64_t v = 0;
	int found = store_get_int(s, Q_ROUND_MIN_GROUP, PARAMS(p), &v, err);
	if (found < 0)
		return -1;
	*out = min_of_setting(found, v);
	return 0;
}

int
round_count_pending(struct store *s, int64_t round_id, struct error *err)
{
	/* One statement counts all the waiting responses or none; PostgreSQL's writing transactions take one lock
	 * (pg.c begin_sql) and SQLite's are immediate, so two submissions never count two halves of a step.
	 * The region's minimum is found by the statement itself: nothing is read before it, so it can wait in
	 * PostgreSQL's pipeline and go with the commit. */
	struct param p[] = {PINT(round_id), PINT(MIN_GROUP_DEFAULT), PINT(MIN_GROUP_FLOOR)};
	return store_queue(s, Q_ROUND_COUNT_PENDING, PARAMS(p), NULL, NULL, NULL, err);
}

int
min_group_size(struct store *s, const struct unit *unit, int *out, struct error *err)
{
	const struct unit *region = unit_root(unit);
	struct param p[] = {PINT(region->id)};
	int64_t v = 0;
	int found = store_get_int(s, Q_UNIT_MIN_GROUP_GET, PARAMS(p), &v, err);
	if (found < 0)
		return -1;
	*out = min_of_setting(found, v);
	return 0;
}

int
min_group_size_set(struct store *s, const struct actor *who, const struct unit *region, int size, struct error *err)
{
	if (region->parent)
		return error_set(err, "the smallest group size is set for a whole region, not for %s", region->name);
	if (size < MIN_GROUP_FLOOR || size > 100)
		return error_in(err, "size", "the smallest group size must be from %d to 100", MIN_GROUP_FLOOR);
	if (store_begin(s, err) < 0)
		return -1;
	char detail[100];
	snprintf(detail, sizeof detail, "staff groups under %d respondents are merged or hidden", size);
	struct param p[] = {PINT(region->id), PINT(size)};
	if (store_exec(s, Q_UNIT_MIN_GROUP_SET, PARAMS(p), NULL, NULL, NULL, err) < 0 ||
	    audit_record(s, who, "region.min_group_size", region->id, region->code, detail, err) < 0) {
		store_rollback(s);
		return -1;
	}
	return store_commit(s, err);
}
