/* round.c - rounds, invitations and survey responses (see round.h). */
#include "domain/round.h"

#include <ctype.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/mail.h"
#include "domain/region.h"
#include "domain/round_answers.h"
#include "domain/staff_group.h"
#include "lib/buf.h"
#include "lib/html.h"
#include "lib/i18n.h"
#include "lib/text.h"
#include "lib/xalloc.h"
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
	return strcmp(mode, "consensus") == 0		? N_("a consensus session only")
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

static int
round_row(void *ctx, const struct row *row)
{
	struct round *r = ctx;
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
	r->responses_exported = !row_null(row, 10);
	r->series_id = row_null(row, 11) ? 0 : row_int(row, 11);
	r->series_n = row_null(row, 12) ? 0 : (long)row_int(row, 12);
	snprintf(r->language, sizeof r->language, "%s", row_text(row, 13));
	r->bilingual = row_int(row, 14) != 0;
	r->reopened = !row_null(row, 15);
	snprintf(r->answers_from, sizeof r->answers_from, "%s", row_null(row, 16) ? "" : row_text(row, 16));
	r->headcount = row_null(row, 17) ? 0 : (long)row_int(row, 17);
	r->shared_answers = (long)row_int(row, 18);
	return 0;
}

int
round_create(struct store *s, const struct actor *who, const struct unit *unit, const struct instrument *ins,
	     const char *title, const char *mode, const char *energy, const char *opens_on, const char *closes_on,
	     int64_t *id_out, struct error *err)
{
	const char *t = title;
	while (t && isspace((unsigned char)*t))
		t++;
	if (!t || !*t)
		return error_set(err, "a round needs a title");
	if (strlen(title) > ROUND_TITLE_MAX)
		return error_set(err, "a round's title has at most %d characters", ROUND_TITLE_MAX);
	/* Checked here too, whoever calls: a title goes into every invitation's subject. */
	const char *problem = text_problem(title, strlen(title), TEXT_ONE_LINE);
	if (problem)
		return error_set(err, "a round's title %s", problem);
	if (unit->archived_at)
		return error_set(err, "%s is archived: it takes no new rounds", unit->name);
	if (strcmp(mode, "survey") && strcmp(mode, "consensus") && strcmp(mode, "survey_consensus"))
		return error_set(err, "mode \"%s\" is not one of survey, consensus, survey_consensus", mode);
	if (strcmp(energy, "domain") && strcmp(energy, "item") && strcmp(energy, "none"))
		return error_set(err, "energy \"%s\" is not one of domain, item, none", energy);
	if (!opens_on || !valid_date(opens_on))
		return error_set(err, "the opening date must be a date as YYYY-MM-DD");
	if (!closes_on || !valid_date(closes_on))
		return error_set(err, "the closing date must be a date as YYYY-MM-DD");
	if (strcmp(closes_on, opens_on) < 0)
		return error_set(err, "the round closes (%s) before it opens (%s)", closes_on, opens_on);
	if (strcmp(ins->subject, "individual") == 0)
		return error_set(err, "%s rates one leader, not a team: use it for 360 feedback", ins->id);
	if (store_begin(s, err) < 0)
		return -1;
	char now[32];
	store_now(now, sizeof now);
	struct param p[] = {PINT(unit->id), PTEXT(ins->id), PINT(ins->version), PTEXT(title), PTEXT(mode), PTEXT(energy),
			    PTEXT(opens_on), PTEXT(closes_on), who->user_id ? PINT(who->user_id) : PNULL, PTEXT(now)};
	int64_t id = 0;
	char detail[400];
	snprintf(detail, sizeof detail, "round %.200s on the %.100s, version %ld (%s, %s to %s)", title, ins->title,
		 ins->version, round_mode_words(mode), opens_on, closes_on);
	/* The instrument version the round pins must be in the database even if it came from a file. */
	if (store_instrument_put(s, ins->id, ins->version, ins->title, ins->canonical, ins->hash, ins->origin, err) < 0 ||
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
		return error_set(err, "language \"%s\" is not one caregrid speaks (%s)", code ? code : "", "en, cy, es");
	if (l == lang_english())
		bilingual = false; /* English beside English says nothing */
	if (store_begin(s, err) < 0)
		return -1;
	struct param p[] = {PINT(r->id), PTEXT(lang_code(l)), PINT(bilingual ? 1 : 0)};
	char detail[300];
	snprintf(detail, sizeof detail, "round %.200s in %s%s", r->title, lang_name(l), bilingual ? " with English beside it" : "");
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
	round_row(&r, row);
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
		return error_of(err, ERROR_CONFLICT, "round %lld was not closed early: there is nothing to undo", (long long)r->id);
	if (strcmp(day, r->closes_on) > 0)
		return error_of(err, ERROR_CONFLICT, "round %lld's closing date (%s) has passed: open a new round instead",
				(long long)r->id, r->closes_on);
	if (r->responses_exported)
		return error_of(err, ERROR_CONFLICT,
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
	 * (pg.c begin_sql) and SQLite's are immediate, so two submissions never count two halves of a step. */
	int min;
	if (round_min_group(s, round_id, &min, err) < 0)
		return -1;
	struct param p[] = {PINT(round_id), PINT(min)};
	return store_exec(s, Q_ROUND_COUNT_PENDING, PARAMS(p), NULL, NULL, NULL, err);
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
		return error_set(err, "the smallest group size must be from %d to 100", MIN_GROUP_FLOOR);
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

/* ---- invitations ---- */

struct remind_rows {
	struct store *s;
	int64_t round_id;
	int (*fn)(void *ctx, int64_t id, const char *email);
	void *ctx;
	struct error *err;
};

/* Whether the emailed link whose answer_ref is REF has answered: 1, 0, -1 error. REF is sealed with the key file
 * (so the database alone never says): the response key the link makes, looked up now; or, for a link made
 * before schema 020 (no token left to make its key), its state then, "legacy:1" or "legacy:0" (schema/020). */
static int
invitation_answered(struct store *s, int64_t round_id, const char *ref, struct error *err)
{
	if (!ref)
		return 0;
	char *plain;
	if (store_unseal(s, KEY_PURPOSE_ANSWER_REF, ref, &plain, err) < 0)
		return -1;
	int rc;
	if (strncmp(plain, "legacy:", 7) == 0) {
		rc = strcmp(plain + 7, "1") == 0;
	} else {
		struct survey_response resp;
		rc = response_find(s, round_id, plain, &resp, err);
		if (rc > 0)
			rc = resp.submitted;
	}
	sodium_memzero(plain, strlen(plain));
	free(plain);
	return rc;
}

static int
remind_row(void *vctx, const struct row *r)
{
	struct remind_rows *c = vctx;
	int answered = invitation_answered(c->s, c->round_id, row_null(r, 2) ? NULL : row_text(r, 2), c->err);
	if (answered < 0)
		return -1;
	return answered ? 0 : c->fn(c->ctx, row_int(r, 0), row_text(r, 1));
}

static int invitation_insert(struct store *s, const struct round *r, const char *kind, const char *label, const char *email,
			     char token[TOKEN_CHARS], struct error *err);

int
invitation_create(struct store *s, const struct actor *who, const struct round *r, const char *kind, const char *label,
		  char token[TOKEN_CHARS], struct error *err)
{
	(void)who; /* invitations are many and routine: the round's audit entry covers them */
	return invitation_insert(s, r, kind, label, NULL, token, err);
}

int
invitation_create_for(struct store *s, const struct round *r, const char *email, char token[TOKEN_CHARS], struct error *err)
{
	if (mail_address_check(email, err) < 0)
		return -1;
	return invitation_insert(s, r, "personal", email, email, token, err);
}

static int
invitations_to_remind(struct store *s, int64_t round_id, int (*fn)(void *ctx, int64_t id, const char *email), void *ctx,
		      struct error *err)
{
	struct param p[] = {PINT(round_id)};
	struct remind_rows c = {s, round_id, fn, ctx, err};
	return store_exec(s, Q_INVITATIONS_TO_REMIND, PARAMS(p), remind_row, &c, NULL, err);
}

/* An emailed link's answer_ref: its response key (made from TOKEN), sealed; NULL for any other link. The
 * sealed value is written once, here, and never changes when its person answers. */
static int
answer_ref_make(struct store *s, const char *email, const char *token, char **out, struct error *err)
{
	*out = NULL;
	if (!email)
		return 0;
	char key[65];
	int rc = respondent_key(s, token, key, err) < 0 ? -1 : store_seal(s, KEY_PURPOSE_ANSWER_REF, key, out, err);
	sodium_memzero(key, sizeof key);
	return rc;
}

static int
invitation_insert(struct store *s, const struct round *r, const char *kind, const char *label, const char *email,
		  char token[TOKEN_CHARS], struct error *err)
{
	bool shared = strcmp(kind, "shared") == 0;
	if (!shared && strcmp(kind, "personal") != 0)
		return error_set(err, "an invitation is personal or shared, not \"%s\"", kind);
	if (!round_has_survey(r))
		return error_set(err, "this round is a consensus session only: it has no survey to invite people to");
	if (round_link_check(r, shared, err) < 0)
		return -1;
	char day[11];
	today(day);
	if (strcmp(round_status(r, day), "closed") == 0)
		return error_set(err, "the round is closed");
	if (label && strlen(label) > 200)
		return error_set(err, "an invitation's label has at most 200 characters");
	char hash[65], now[32], *sealed = NULL, *ref = NULL;
	token_new(token);
	token_hash(token, hash);
	store_now(now, sizeof now);
	/* A shared link is shown again on the round page, so it is kept, but sealed: the file alone opens no link. */
	if (shared && store_seal(s, KEY_PURPOSE_SHARED_LINK, token, &sealed, err) < 0)
		return -1;
	if (answer_ref_make(s, shared ? NULL : email, token, &ref, err) < 0) {
		free(sealed);
		return -1;
	}
	struct param p[] = {PINT(r->id), PTEXT(hash), PTEXT(kind), PTEXT(label && *label ? label : NULL),
			    PTEXT(sealed), PTEXT(now), PTEXT(email), PTEXT(ref)};
	int64_t id;
	int rc = store_get_int(s, Q_INVITATION_ADD, PARAMS(p), &id, err) < 0 ? -1 : 0;
	free(sealed);
	free(ref);
	return rc;
}

static int
invitation_row(void *ctx, const struct row *row)
{
	struct invitation *inv = ctx;
	memset(inv, 0, sizeof *inv);
	inv->id = row_int(row, 0);
	inv->round_id = row_int(row, 1);
	snprintf(inv->kind, sizeof inv->kind, "%s", row_text(row, 2));
	inv->revoked = !row_null(row, 3);
	return 1;
}

int
invitation_find(struct store *s, const char *token, struct invitation *out, struct error *err)
{
	out->id = 0;
	if (!token || strlen(token) != TOKEN_CHARS - 1)
		return 0;
	char hash[65];
	token_hash(token, hash);
	struct param p[] = {PTEXT(hash)};
	if (store_exec(s, Q_INVITATION_BY_HASH, PARAMS(p), invitation_row, out, NULL, err) < 0)
		return -1;
	if (!out->id)
		return 0;
	/* Answered: found by the response its token makes (the holder has the token), never by a flag. */
	char key[65];
	struct survey_response resp;
	int found = respondent_key(s, token, key, err) < 0 ? -1 : response_find(s, out->round_id, key, &resp, err);
	if (found < 0)
		return -1;
	out->answered = found && resp.submitted;
	return 1;
}

struct invitations_ctx {
	invitation_fn fn;
	void *ctx;
	int64_t round_id;
	struct store *s;
	struct error *err;
	bool failed;
};

static int
each_invitation_row(void *vctx, const struct row *row)
{
	struct invitations_ctx *c = vctx;
	char *token = NULL;
	if (!row_null(row, 3) && store_unseal(c->s, KEY_PURPOSE_SHARED_LINK, row_text(row, 3), &token, c->err) < 0) {
		c->failed = true;
		return -1;
	}
	struct invitation inv = {
		.id = row_int(row, 0),
		.round_id = c->round_id,
		.label = row_null(row, 2) ? NULL : row_text(row, 2),
		.shared_token = token,
		.revoked = !row_null(row, 4),
	};
	snprintf(inv.kind, sizeof inv.kind, "%s", row_text(row, 1));
	int rc = c->fn(c->ctx, &inv);
	free(token);
	return rc;
}

int
invitations_each(struct store *s, int64_t round_id, invitation_fn fn, void *ctx, struct error *err)
{
	struct invitations_ctx c = {fn, ctx, round_id, s, err, false};
	struct param p[] = {PINT(round_id)};
	int rc = store_exec(s, Q_INVITATIONS_OF_ROUND, PARAMS(p), each_invitation_row, &c, NULL, err);
	return c.failed ? -1 : rc;
}

int
invitation_revoke(struct store *s, const struct actor *who, const struct round *r, int64_t invitation_id,
		  struct error *err)
{
	char now[32];
	store_now(now, sizeof now);
	struct param p[] = {PINT(invitation_id), PINT(r->id), PTEXT(now)};
	long changes = 0;
	if (store_exec(s, Q_INVITATION_REVOKE, PARAMS(p), NULL, NULL, &changes, err) < 0)
		return -1;
	if (!changes)
		return error_set(err, "round %lld has no live invitation %lld", (long long)r->id, (long long)invitation_id);
	(void)who;
	return 0;
}

/* ---- responses ---- */

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

static int
response_row(void *ctx, const struct row *row)
{
	struct survey_response *r = ctx;
	r->id = row_int(row, 0);
	snprintf(r->staff_group, sizeof r->staff_group, "%s", row_text(row, 1));
	r->revision = (long)row_int(row, 2);
	r->submitted = row_int(row, 3) != 0;
	r->counted = row_int(row, 4) != 0;
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
		return error_of(err, ERROR_CONFLICT, "your answers are in the team's results now, so they can no longer be "
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
response_check(const struct instrument *ins, const struct round *round, const struct answer_input *answers, size_t n_answers,
	       const struct energy_input *energy, size_t n_energy, struct error *err)
{
	for (size_t i = 0; i < n_answers; i++) {
		const struct answer_input *a = &answers[i];
		if (!instrument_find_item(ins, a->item_code, NULL))
			return error_set(err, "\"%s\" is not an element of this instrument", a->item_code);
		if (a->comment && strlen(a->comment) > COMMENT_MAX)
			return error_set(err, "the comment on %s is longer than %d characters", a->item_code, COMMENT_MAX);
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
static int
save_in_transaction(struct store *s, const struct survey_response *r, long revision, const struct answer_input *answers,
		    size_t n_answers, const struct energy_input *energy, size_t n_energy, bool *stale, struct error *err)
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
		json_array_append_new(put, json_pack("[s, o, o]", a->item_code,
						     scored ? json_integer(strtol(a->score, NULL, 10)) : json_null(),
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
	const enum query_id writes[] = {Q_ANSWERS_PUT_MANY, Q_ANSWERS_DELETE_MANY, Q_ENERGY_PUT_MANY, Q_ENERGY_DELETE_MANY};
	int rc = 0;
	for (size_t l = 0; l < 4; l++) {
		if (rc == 0 && json_array_size(lists[l])) {
			char *text = json_dumps(lists[l], JSON_COMPACT);
			struct param p[] = {PINT(r->id), PTEXT(text)};
			rc = text ? store_exec(s, writes[l], PARAMS(p), NULL, NULL, NULL, err) : error_set(err, "out of memory");
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
submit_in_transaction(struct store *s, const struct survey_response *r, long revision, const struct invitation *inv, bool *stale,
		      struct error *err)
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
response_submit(struct store *s, const struct survey_response *r, long revision, const struct invitation *inv, bool *stale,
		struct error *err)
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

int
response_submit_whole(struct store *s, const struct instrument *ins, const struct round *round, const struct invitation *inv,
		      const char *key, const char *staff_group, const struct answer_input *answers, size_t n_answers,
		      const struct energy_input *energy, size_t n_energy, bool *created, struct error *err)
{
	*created = false;
	if (response_check(ins, round, answers, n_answers, energy, n_energy, err) < 0)
		return -1;
	if (store_begin(s, err) < 0)
		return -1;
	struct survey_response r;
	bool stale;
	if (start_response(s, round->id, key, staff_group, &r, created, err) < 0)
		goto fail;
	/* Every element not given is cleared: the submission is the whole response. */
	struct energy_input *all_energy = NULL;
	struct answer_input *all = xcalloc(ins->n_items + 1, sizeof *all);
	size_t k = 0;
	for (size_t d = 0; d < ins->n_domains; d++)
		for (size_t j = 0; j < ins->domains[d].n_items; j++, k++) {
			all[k].item_code = ins->domains[d].items[j].code;
			for (size_t i = 0; i < n_answers; i++)
				if (strcmp(answers[i].item_code, all[k].item_code) == 0)
					all[k] = answers[i];
		}
	size_t n_targets = strcmp(round->energy, "domain") == 0 ? ins->n_domains : strcmp(round->energy, "item") == 0 ? ins->n_items : 0;
	all_energy = xcalloc(n_targets + 1, sizeof *all_energy);
	for (size_t t = 0; t < n_targets; t++) {
		all_energy[t].target = strcmp(round->energy, "domain") == 0 ? ins->domains[t].code : all[t].item_code;
		for (size_t i = 0; i < n_energy; i++)
			if (strcmp(energy[i].target, all_energy[t].target) == 0)
				all_energy[t].level = energy[i].level;
	}
	/* Already checked, and inside this transaction: no savepoints of their own (each one is a round trip). */
	int rc = save_in_transaction(s, &r, r.revision, all, k, all_energy, n_targets, &stale, err);
	free(all);
	free(all_energy);
	if (rc < 0 || submit_in_transaction(s, &r, r.revision + 1, inv, &stale, err) < 0)
		goto fail;
	return store_commit(s, err);
fail:
	store_rollback(s);
	return -1;
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

/* ---- reminders ---- */

struct remind_ctx {
	struct store *s;
	const struct round *r;
	const char *unit_name;
	struct error *err;
};

/* The invitation's words in L. */
static void
invitation_in(const struct lang *l, const struct round *r, const char *unit_name, const struct instrument *ins,
	      const char *link, struct mail_body *body)
{
	const struct instrument *in = instrument_in(ins, lang_code(l));
	char day[64];
	mail_para(body, tr(l, "%s is asking where the team stands, on the %s."), unit_name, in->title);
	mail_para(body, tr(l, "This link is yours: it opens the survey and takes about %zu minutes."), in->n_items / 6 + 2);
	mail_link(body, tr(l, "Open the survey"), link);
	mail_para(body,
		  tr(l, "Your answers are anonymous: they are kept with your staff group only, never with your name, this "
			"address or this link. Open until %s."),
		  lang_date(l, r->closes_on, day, sizeof day));
}

/* A round's subjects ("Your link: TITLE", "Reminder: TITLE closes on DATE") fit whatever its title, in any
 * language: a valid title never makes a message the outbox refuses. */
_Static_assert(ROUND_TITLE_MAX + MAIL_SUBJECT_WORDS <= MAIL_SUBJECT_MAX, "a round's title fits any of its subjects");

void
round_invitation_write(const struct round *r, const char *unit_name, const struct instrument *ins, const char *link,
		       struct buf *subject, struct mail_body *body)
{
	/* In the round's language; a bilingual round's in English too, after it. */
	const struct lang *l = lang_find(r->language);
	buf_printf(subject, tr(l, "Your link: %s"), r->title);
	invitation_in(l, r, unit_name, ins, link, body);
	if (r->bilingual && l != lang_english()) {
		mail_para(body, "—");
		invitation_in(lang_english(), r, unit_name, ins, link, body);
	}
}

/* The reminder's words in L. */
static void
reminder_in(const struct lang *l, const struct round *r, const char *unit_name, struct mail_body *body)
{
	char day[64];
	mail_para(body, tr(l, "A reminder: %s's survey, %s, closes on %s."), unit_name, r->title,
		  lang_date(l, r->closes_on, day, sizeof day));
	mail_para(body, tr(l, "If you have not answered yet, please use the personal link in the invitation you were sent "
			      "(subject \"Your link: %s\"). Your answers are anonymous. If you cannot find it, ask whoever runs "
			      "the survey for a new link."),
		  r->title);
	mail_para(body, tr(l, "If you have answered, thank you: this reminder goes to every address invited that has not "
			      "answered, and nobody is told who that is."));
}

/* The reminder's subject in L, into SUBJECT (initialised here; the caller releases it). */
static void
reminder_subject(const struct lang *l, const struct round *r, struct buf *subject)
{
	char day[64];
	buf_init(subject, 0);
	buf_printf(subject, tr(l, "Reminder: %s closes on %s"), r->title, lang_date(l, r->closes_on, day, sizeof day));
}

static int
remind_invitation(void *vctx, int64_t id, const char *email)
{
	struct remind_ctx *c = vctx;
	const struct lang *l = lang_find(c->r->language);
	struct buf subject = BUF_INIT;
	reminder_subject(l, c->r, &subject);
	struct mail_body body;
	mail_body_init(&body);
	reminder_in(l, c->r, c->unit_name, &body);
	if (c->r->bilingual && l != lang_english()) {
		mail_para(&body, "—");
		reminder_in(lang_english(), c->r, c->unit_name, &body);
	}
	const struct mail m = {"reminder", email, subject.data, body.text.data, body.html.data, true};
	int rc = mail_queue(c->s, &m, c->err);
	buf_release(&subject);
	mail_body_release(&body);
	(void)id; /* nothing is marked on the invitation: only the unanswered are reminded, so a mark would say who */
	return rc < 0 ? -1 : 0;
}

int
round_remind(struct store *s, const struct actor *who, const struct round *r, const char *unit_code, const char *unit_name,
	     struct error *err)
{
	/* Nothing counts the reminders: how many went would say how many have not answered, and with one person
	 * invited by mail, whether that person has. The audit entry is the same whoever has answered. */
	struct remind_ctx c = {s, r, unit_name, err};
	char detail[300];
	snprintf(detail, sizeof detail, "reminded round %lld (%.200s): every address invited that has not answered",
		 (long long)r->id, r->title);
	/* The subject is checked before any recipient is looked at, so that a reminder that cannot be written
	 * fails whether or not anyone is left to remind: a failure that needs a recipient would say there is one. */
	struct buf subject = BUF_INIT;
	reminder_subject(lang_find(r->language), r, &subject);
	int rc = mail_subject_check(subject.data, err);
	buf_release(&subject);
	if (rc < 0 || invitations_to_remind(s, r->id, remind_invitation, &c, err) < 0)
		return -1;
	return audit_record(s, who, "round.remind", r->unit_id, unit_code, detail, err);
}

struct due_round {
	int64_t id;
	char unit_code[65], unit_name[201];
	int stage;
};

struct due_rounds {
	struct due_round *v;
	size_t n, cap;
};

static int
due_round_row(void *vctx, const struct row *row)
{
	struct due_rounds *d = vctx;
	d->v = xgrow(d->v, sizeof *d->v, d->n + 1, &d->cap);
	struct due_round *r = &d->v[d->n++];
	r->id = row_int(row, 0);
	snprintf(r->unit_name, sizeof r->unit_name, "%s", row_text(row, 1));
	r->stage = (int)row_int(row, 2);
	snprintf(r->unit_code, sizeof r->unit_code, "%s", row_text(row, 3));
	return 0;
}

/* The reminders of round R (stage of D) could not be queued (E says why): the stage is taken with the reason in
 * the audit log, in a transaction of its own, so that the failure is recorded once, not retried every minute,
 * and the rounds after it still reminded. E keeps the reason, for the scheduler's log. */
static void
reminders_failed(struct store *s, const struct due_round *d, const struct round *r, struct error *e)
{
	static const struct actor scheduler = {0, "schedule", NULL};
	struct error e2;
	char detail[500];
	snprintf(detail, sizeof detail, "the reminders of \"%.100s\" were not sent: %.300s", r->title, e->msg);
	long changed = 0;
	struct param mark[] = {PINT(d->id), PINT(d->stage)};
	int rc = store_begin(s, &e2);
	if (rc == 0)
		rc = store_exec(s, Q_ROUND_AUTO_REMINDED, PARAMS(mark), NULL, NULL, &changed, &e2);
	if (rc == 0 && changed)
		rc = audit_record(s, &scheduler, "round.remind_failed", r->unit_id, d->unit_name, detail, &e2);
	if (store_finish(s, rc, &e2) == 0)
		snprintf(e->msg, sizeof e->msg, "%.300s (recorded; not tried again)", detail);
}

int
rounds_auto_remind(struct store *s, const char today_s[11], size_t *n, struct error *err)
{
	static const struct actor schedule = {0, "schedule", NULL};
	*n = 0;
	struct tm tm = {0};
	if (sscanf(today_s, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3)
		return error_set(err, "\"%s\" is not a day", today_s);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_mday += 3;
	time_t later = timegm(&tm);
	char in3[11];
	strftime(in3, sizeof in3, "%Y-%m-%d", gmtime_r(&later, &tm));
	struct due_rounds due = {0};
	struct param p[] = {PTEXT(today_s), PTEXT(in3)};
	int rc = store_exec(s, Q_ROUNDS_TO_AUTO_REMIND, PARAMS(p), due_round_row, &due, NULL, err);
	int failed = 0; /* a round whose reminders fail stops none after it: the first error is kept */
	for (size_t i = 0; rc == 0 && i < due.n; i++) {
		/* The stage is taken in the transaction that queues its reminders: one process wins, once. */
		struct round r;
		long changed = 0;
		struct param mark[] = {PINT(due.v[i].id), PINT(due.v[i].stage)};
		struct error e;
		if ((rc = store_begin(s, err)) < 0)
			break;
		int found = 0;
		if (store_exec(s, Q_ROUND_AUTO_REMINDED, PARAMS(mark), NULL, NULL, &changed, &e) < 0 ||
		    (changed && ((found = round_get(s, due.v[i].id, &r, &e)) <= 0 ||
				 round_remind(s, &schedule, &r, due.v[i].unit_code, due.v[i].unit_name, &e) < 0))) {
			store_rollback(s);
			if (changed && found > 0)
				reminders_failed(s, &due.v[i], &r, &e);
			if (!failed++)
				*err = e;
			continue;
		}
		if (store_commit(s, &e) == 0) {
			if (changed)
				(*n)++;
		} else if (!failed++)
			*err = e;
	}
	free(due.v);
	return rc < 0 || failed ? -1 : 0;
}
