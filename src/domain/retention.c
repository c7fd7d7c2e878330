/* retention.c - the retention policy and the purge (see retention.h). */
#include "domain/retention.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/audit.h"
#include "domain/feedback.h"
#include "domain/schedule.h"
#include "domain/unit.h"
#include "lib/i18n.h"
#include "lib/text.h"
#include "store/store.h"

#define VACUUMED_KEY "retention.vacuumed_on"

static const struct actor schedule_actor = {0, "schedule", NULL};

/* Each field of the policy: its setting (retention.NAME), its bounds and the unit its bounds are in. */
enum unit_of { DAYS, MONTHS, YEARS, ONOFF };
static const struct field {
	const char *name;
	size_t offset;
	enum unit_of unit;
	int fallback;
} fields[] = {
	{"addresses_days", offsetof(struct retention_policy, addresses_days), DAYS, 30},
	{"comments_months", offsetof(struct retention_policy, comments_months), MONTHS, 24},
	{"answers_months", offsetof(struct retention_policy, answers_months), MONTHS, 24},
	{"plans_years", offsetof(struct retention_policy, plans_years), YEARS, 6},
	{"audit_years", offsetof(struct retention_policy, audit_years), YEARS, 6},
	{"vacuum_weekly", 0, ONOFF, 1},
};
#define N_FIELDS (sizeof fields / sizeof *fields)

static int *
int_of(struct retention_policy *p, const struct field *f)
{
	return (int *)(void *)((char *)p + f->offset);
}

void
retention_policy_defaults(struct retention_policy *out)
{
	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < N_FIELDS; i++)
		if (fields[i].unit != ONOFF)
			*int_of(out, &fields[i]) = fields[i].fallback;
	out->vacuum_weekly = true;
}

/* Checks V against F's bounds: 0, or -1 with ERR naming F's input. */
static int
in_bounds(const struct field *f, long long v, struct error *err)
{
	switch (f->unit) {
	case DAYS:
		if (v < RETENTION_DAYS_MIN || v > RETENTION_DAYS_MAX)
			return error_in(err, f->name, "give a whole number of days from %d to %d", RETENTION_DAYS_MIN,
					RETENTION_DAYS_MAX);
		break;
	case MONTHS:
		if (v < RETENTION_MONTHS_MIN || v > RETENTION_MONTHS_MAX)
			return error_in(err, f->name, "give a whole number of months from %d to %d",
					RETENTION_MONTHS_MIN, RETENTION_MONTHS_MAX);
		break;
	case YEARS:
		if (v < RETENTION_YEARS_MIN || v > RETENTION_YEARS_MAX)
			return error_in(err, f->name, "give a whole number of years from %d to %d",
					RETENTION_YEARS_MIN, RETENTION_YEARS_MAX);
		break;
	case ONOFF:
		break;
	}
	return 0;
}

static int
parse_onoff(const char *v, bool *out)
{
	if (!strcmp(v, "on") || !strcmp(v, "1") || !strcmp(v, "yes") || !strcmp(v, "true"))
		*out = true;
	else if (!strcmp(v, "off") || !strcmp(v, "0") || !strcmp(v, "no") || !strcmp(v, "false"))
		*out = false;
	else
		return -1;
	return 0;
}

int
retention_policy_field(struct retention_policy *p, const char *name, const char *value, struct error *err)
{
	for (size_t i = 0; i < N_FIELDS; i++) {
		const struct field *f = &fields[i];
		if (strcmp(f->name, name) != 0)
			continue;
		if (f->unit == ONOFF) {
			if (parse_onoff(value, &p->vacuum_weekly) < 0)
				return error_in(err, f->name, "say on or off");
			return 0;
		}
		long long v;
		if (!text_to_number(value, -1000000, 1000000, &v))
			v = -1;
		if (in_bounds(f, v, err) < 0)
			return -1;
		*int_of(p, f) = (int)v;
		return 0;
	}
	return error_set(err,
			 "no retention setting %s: addresses_days, comments_months, answers_months, plans_years, "
			 "audit_years or vacuum_weekly",
			 name);
}

int
retention_policy_get(struct store *s, struct retention_policy *out, struct error *err)
{
	retention_policy_defaults(out);
	for (size_t i = 0; i < N_FIELDS; i++) {
		char key[64], *v = NULL;
		snprintf(key, sizeof key, "retention.%s", fields[i].name);
		struct param p[] = {PTEXT(key)};
		int found = store_get_text(s, Q_SETTING_GET, PARAMS(p), &v, err);
		if (found < 0)
			return -1;
		struct retention_policy tmp = *out;
		struct error ignored;
		/* A value out of bounds (written by hand) counts as unset: the default, never a purge of everything. */
		if (found && retention_policy_field(&tmp, fields[i].name, v, &ignored) == 0)
			*out = tmp;
		free(v);
	}
	return 0;
}

static void
policy_text(const struct retention_policy *p, char *buf, size_t size)
{
	snprintf(buf, size,
		 "addresses %d days, comments %d months, 360 answers %d months, plans %d years, audit %d years, "
		 "weekly vacuum %s",
		 p->addresses_days, p->comments_months, p->answers_months, p->plans_years, p->audit_years,
		 p->vacuum_weekly ? "on" : "off");
}

int
retention_policy_set(struct store *s, const struct actor *who, const struct retention_policy *p, struct error *err)
{
	for (size_t i = 0; i < N_FIELDS; i++)
		if (fields[i].unit != ONOFF && in_bounds(&fields[i], *int_of((struct retention_policy *)p, &fields[i]),
							 err) < 0)
			return -1;
	if (store_begin(s, err) < 0)
		return -1;
	int rc = 0;
	for (size_t i = 0; i < N_FIELDS && rc == 0; i++) {
		char key[64], value[16];
		snprintf(key, sizeof key, "retention.%s", fields[i].name);
		if (fields[i].unit == ONOFF)
			snprintf(value, sizeof value, "%s", p->vacuum_weekly ? "on" : "off");
		else
			snprintf(value, sizeof value, "%d", *int_of((struct retention_policy *)p, &fields[i]));
		struct param q[] = {PTEXT(key), PTEXT(value)};
		rc = store_exec(s, Q_SETTING_SET, PARAMS(q), NULL, NULL, NULL, err);
	}
	char detail[256];
	policy_text(p, detail, sizeof detail);
	if (rc == 0)
		rc = audit_record(s, who, "retention.set", 0, "retention", detail, err);
	return store_finish(s, rc, err);
}

/* ---- dates ---- */

void
retention_cutoff_days(const char as_of[11], int days, char out[11])
{
	date_add_days(as_of, -(long)days, out);
}

void
retention_cutoff_months(const char as_of[11], int months, char out[11])
{
	/* D + MONTHS (kept within its month) is on or before AS_OF for every D up to AS_OF - MONTHS; when AS_OF is
	 * the last day of its month, also for the later days of the month reached (31 August + 6 months is the
	 * last of February), so the cutoff is that month's last day. */
	char next[11];
	date_add_months(as_of, -months, out);
	date_add_days(as_of, 1, next);
	if (strcmp(next + 8, "01") != 0)
		return;
	char first_after[11], month_start[11];
	memcpy(month_start, out, 11);
	month_start[8] = '0';
	month_start[9] = '1';
	date_add_months(month_start, 1, first_after);
	date_add_days(first_after, -1, out);
}

void
retention_addresses_on(const struct retention_policy *p, const char closed_on[11], char out[11])
{
	date_add_days(closed_on, p->addresses_days, out);
}

void
retention_comments_on(const struct retention_policy *p, const char closed_on[11], char out[11])
{
	date_add_months(closed_on, p->comments_months, out);
}

/* ---- the purge ---- */

void
retention_counts_text(const struct retention_counts *c, char *buf, size_t size)
{
	const struct {
		long n;
		const char *one, *many;
	} kinds[] = {
		{c->comments, "comment", "comments"},    {c->addresses, "address", "addresses"},
		{c->messages, "message", "messages"},    {c->answers, "360 answer", "360 answers"},
		{c->plans, "plan goal", "plan goals"},   {c->reviews, "plan review", "plan reviews"},
		{c->audit, "audit entry", "audit entries"},
	};
	size_t len = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
		if (!kinds[i].n || len >= size)
			continue;
		int w = snprintf(buf + len, size - len, "%s%ld %s", len ? ", " : "", kinds[i].n,
				 kinds[i].n == 1 ? kinds[i].one : kinds[i].many);
		len += w > 0 ? (size_t)w : 0;
	}
	if (!len)
		snprintf(buf, size, "nothing");
}

enum cutoff { CUT_ADDRESSES, CUT_COMMENTS, CUT_ANSWERS, CUT_PLANS, CUT_AUDIT, CUTS };

/* Each step of the purge, in order (a plan's reviews and shares before the plan): the count a dry run gives and
 * the statement a run executes share one WHERE (store/queries.c), so the dry run says what the run does. */
static const struct step {
	enum query_id count, act;
	size_t into; /* offset in struct retention_counts; (size_t)-1: not counted */
	enum cutoff cut;
} steps[] = {
	{Q_RET_MAIL_COUNT, Q_RET_MAIL_DELETE, offsetof(struct retention_counts, messages), CUT_ADDRESSES},
	{Q_RET_ADDR_COUNT, Q_RET_ADDR_CLEAR, offsetof(struct retention_counts, addresses), CUT_ADDRESSES},
	{Q_RET_FB_ADDR_COUNT, Q_RET_FB_ADDR_CLEAR, offsetof(struct retention_counts, addresses), CUT_ADDRESSES},
	{Q_RET_COMMENT_COUNT, Q_RET_COMMENT_CLEAR, offsetof(struct retention_counts, comments), CUT_COMMENTS},
	{Q_RET_NOTE_COUNT, Q_RET_NOTE_CLEAR, offsetof(struct retention_counts, comments), CUT_COMMENTS},
	{Q_RET_STRENGTH_COUNT, Q_RET_STRENGTH_CLEAR, offsetof(struct retention_counts, comments), CUT_COMMENTS},
	{Q_RET_SUGGESTION_COUNT, Q_RET_SUGGESTION_CLEAR, offsetof(struct retention_counts, comments), CUT_COMMENTS},
	{Q_RET_REVIEW_COUNT, Q_RET_REVIEW_DELETE, offsetof(struct retention_counts, reviews), CUT_PLANS},
	{Q_COUNT, Q_RET_PLAN_SHARE_DELETE, (size_t)-1, CUT_PLANS},
	{Q_RET_PLAN_COUNT, Q_RET_PLAN_DELETE, offsetof(struct retention_counts, plans), CUT_PLANS},
	{Q_RET_AUDIT_COUNT, Q_RET_AUDIT_DELETE, offsetof(struct retention_counts, audit), CUT_AUDIT},
};

static void
cutoffs(const struct retention_policy *p, const char as_of[11], char cut[CUTS][11])
{
	retention_cutoff_days(as_of, p->addresses_days, cut[CUT_ADDRESSES]);
	retention_cutoff_months(as_of, p->comments_months, cut[CUT_COMMENTS]);
	retention_cutoff_months(as_of, p->answers_months, cut[CUT_ANSWERS]);
	retention_cutoff_months(as_of, p->plans_years * 12, cut[CUT_PLANS]);
	retention_cutoff_months(as_of, p->audit_years * 12, cut[CUT_AUDIT]);
}

/* Every step, counted (DRY) or done, into OUT; the raw 360 answers last, their reports kept first. */
static int
purge_steps(struct store *s, const struct catalog *cat, char cut[CUTS][11], bool dry, struct retention_counts *out,
	    struct error *err)
{
	for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
		const struct step *st = &steps[i];
		struct param p[] = {PTEXT(cut[st->cut])};
		long n = 0;
		if (dry) {
			int64_t v = 0;
			if (st->count == Q_COUNT)
				continue;
			if (store_get_int(s, st->count, PARAMS(p), &v, err) < 0)
				return -1;
			n = (long)v;
		} else if (store_exec(s, st->act, PARAMS(p), NULL, NULL, &n, err) < 0) {
			return -1;
		}
		if (st->into != (size_t)-1)
			*(long *)(void *)((char *)out + st->into) += n;
	}
	return feedback_answers_purge(s, cat, cut[CUT_ANSWERS], dry, &out->answers, err);
}

/* The run's record and its one audit entry: counts only. */
static int
record_run(struct store *s, const struct actor *who, const char as_of[11], const struct retention_counts *c,
	   struct error *err)
{
	char now[32], words[512], detail[600];
	store_now(now, sizeof now);
	struct param p[] = {PTEXT(now),           PTEXT(as_of),        PTEXT(who->label),  PINT(c->addresses),
			    PINT(c->messages),    PINT(c->comments),   PINT(c->answers),   PINT(c->plans),
			    PINT(c->reviews),     PINT(c->audit)};
	if (store_exec(s, Q_RET_RUN_ADD, PARAMS(p), NULL, NULL, NULL, err) < 0)
		return -1;
	retention_counts_text(c, words, sizeof words);
	snprintf(detail, sizeof detail, "as of %s: %s", as_of, words);
	return audit_record(s, who, "retention.purge", 0, as_of, detail, err);
}

/* The purge; ONCE: the schedule's, done only when no scheduled purge as of AS_OF has run (checked inside the
 * transaction, so two servers purge once). *DONE: whether it ran. */
static int
purge(struct store *s, const struct catalog *cat, const struct actor *who, const char as_of[11], bool dry, bool once,
      bool *done, struct retention_counts *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	*done = false;
	if (!valid_date(as_of))
		return error_in(err, "as_of", "%s is not a date: give it as YYYY-MM-DD", as_of);
	struct retention_policy pol;
	if (retention_policy_get(s, &pol, err) < 0)
		return -1;
	char cut[CUTS][11];
	cutoffs(&pol, as_of, cut);
	if (dry)
		return purge_steps(s, cat, cut, true, out, err);
	if (store_begin(s, err) < 0)
		return -1;
	int64_t ran = 0;
	struct param p[] = {PTEXT(as_of)};
	int rc = once ? store_get_int(s, Q_RET_RUN_SCHEDULED, PARAMS(p), &ran, err) : 0;
	if (rc >= 0 && !ran) {
		rc = purge_steps(s, cat, cut, false, out, err);
		if (rc == 0)
			rc = record_run(s, who, as_of, out, err);
		*done = rc == 0;
	}
	return store_finish(s, rc, err);
}

int
retention_purge(struct store *s, const struct catalog *cat, const struct actor *who, const char as_of[11],
		bool dry_run, struct retention_counts *out, struct error *err)
{
	bool done;
	return purge(s, cat, who, as_of, dry_run, false, &done, out, err);
}

static int
last_run_row(void *ctx, const struct row *r)
{
	struct retention_run *run = ctx;
	snprintf(run->at, sizeof run->at, "%s", row_text(r, 0));
	snprintf(run->as_of, sizeof run->as_of, "%s", row_text(r, 1));
	snprintf(run->by, sizeof run->by, "%s", row_text(r, 2));
	run->counts = (struct retention_counts){
		.addresses = (long)row_int(r, 3),
		.messages = (long)row_int(r, 4),
		.comments = (long)row_int(r, 5),
		.answers = (long)row_int(r, 6),
		.plans = (long)row_int(r, 7),
		.reviews = (long)row_int(r, 8),
		.audit = (long)row_int(r, 9),
	};
	return 1;
}

int
retention_last_run(struct store *s, struct retention_run *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	return store_exec(s, Q_RET_RUN_LAST, NULL, 0, last_run_row, out, NULL, err);
}

int
retention_finish(struct store *s, bool vacuum, struct error *err)
{
	return store_compact(s, vacuum, err);
}

/* Whether a weekly VACUUM is due on TODAY: none recorded, or the last 7 days ago or more. */
static int
vacuum_due(struct store *s, const char today[11], bool *due, struct error *err)
{
	char *last = NULL;
	struct param p[] = {PTEXT(VACUUMED_KEY)};
	int found = store_get_text(s, Q_SETTING_GET, PARAMS(p), &last, err);
	if (found < 0)
		return -1;
	*due = !found || !valid_date(last) || date_days_between(last, today) >= 7;
	free(last);
	return 0;
}

int
retention_daily(struct store *s, const struct catalog *cat, const char today[11], int *ran, struct error *err)
{
	*ran = 0;
	/* Looked at every minute: a read first, so that the write lock is taken once a day. */
	int64_t n = 0;
	struct param q[] = {PTEXT(today)};
	if (store_get_int(s, Q_RET_RUN_SCHEDULED, PARAMS(q), &n, err) < 0)
		return -1;
	if (n)
		return 0;
	struct retention_counts c;
	bool done;
	if (purge(s, cat, &schedule_actor, today, false, true, &done, &c, err) < 0)
		return -1;
	if (!done)
		return 0;
	*ran = 1;
	struct retention_policy pol;
	bool due = false;
	if (retention_policy_get(s, &pol, err) < 0 || (pol.vacuum_weekly && vacuum_due(s, today, &due, err) < 0))
		return -1;
	if (store_compact(s, due, err) < 0)
		return -1;
	if (!due)
		return 0;
	struct param p[] = {PTEXT(VACUUMED_KEY), PTEXT(today)};
	return store_exec(s, Q_SETTING_SET, PARAMS(p), NULL, NULL, NULL, err);
}
