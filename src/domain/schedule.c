/* schedule.c - rounds on a schedule (see schedule.h). */
#include "domain/schedule.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/i18n.h"
#include "domain/catalog.h"
#include "domain/invitees.h"
#include "domain/round_answers.h"
#include "domain/round_open.h"
#include "domain/unit.h"
#include "lib/strvec.h"
#include "lib/text.h"
#include "lib/xalloc.h"
#include "store/store.h"

/* ---- dates ---- */

static struct tm
day_tm(const char day[11])
{
	struct tm tm = {0};
	if (sscanf(day, "%4d-%2d-%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) == 3) {
		tm.tm_year -= 1900;
		tm.tm_mon -= 1;
	}
	return tm;
}

static void
tm_day(struct tm tm, char out[11])
{
	time_t t = timegm(&tm); /* normalises: 32 January is 1 February */
	strftime(out, 11, "%Y-%m-%d", gmtime_r(&t, &tm));
}

void
date_add_months(const char day[11], int months, char out[11])
{
	static const int days_in[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	struct tm tm = day_tm(day);
	int m = tm.tm_mon + months;
	tm.tm_year += m >= 0 ? m / 12 : (m - 11) / 12;
	tm.tm_mon = ((m % 12) + 12) % 12;
	int year = tm.tm_year + 1900;
	bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	int last = days_in[tm.tm_mon] + (tm.tm_mon == 1 && leap);
	if (tm.tm_mday > last)
		tm.tm_mday = last;
	tm_day(tm, out);
}

void
date_add_days(const char day[11], long days, char out[11])
{
	struct tm tm = day_tm(day);
	tm.tm_mday += (int)days;
	tm_day(tm, out);
}

long
date_days_between(const char a[11], const char b[11])
{
	struct tm ta = day_tm(a), tb = day_tm(b);
	return (long)((timegm(&tb) - timegm(&ta)) / 86400);
}

void
schedule_next(const char anchor[11], int every_months, long latest_n, long length_days, const char today_s[11], long *n,
	      char opens[11], char closes[11])
{
	/* Skip the rounds a stopped server missed: the first one still open, or to come. 1,200 periods is a
	 * century of months; past that the dates are not worth opening. */
	for (*n = latest_n + 1; *n < latest_n + 1200; ++*n) {
		date_add_months(anchor, (int)(*n * every_months), opens);
		date_add_days(opens, length_days, closes);
		if (strcmp(closes, today_s) >= 0)
			return;
	}
}

const char *
schedule_words(int every_months)
{
	return every_months == 1 ? N_("every month") : every_months == 3 ? N_("every quarter") : N_("does not repeat");
}

int
schedule_parse(const char *text)
{
	if (!text || !*text || strcmp(text, "never") == 0 || strcmp(text, "none") == 0)
		return 0;
	if (strcmp(text, "monthly") == 0)
		return 1;
	if (strcmp(text, "quarterly") == 0)
		return 3;
	return -1;
}

/* ---- a round's series ---- */

struct series {
	int64_t id;
	int every_months;
	bool stopped;
	long latest_n;
	char anchor[11];
};

static int
series_row(void *ctx, const struct row *row)
{
	struct series *s = ctx;
	s->id = row_int(row, 0);
	s->every_months = (int)row_int(row, 1);
	s->stopped = !row_null(row, 2);
	s->latest_n = row_null(row, 3) ? 0 : (long)row_int(row, 3);
	snprintf(s->anchor, sizeof s->anchor, "%s", row_text(row, 4));
	return 0;
}

static int
series_get(struct store *s, int64_t id, struct series *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	struct param p[] = {PINT(id)};
	return store_exec(s, Q_SERIES_GET, PARAMS(p), series_row, out, NULL, err);
}

static int
count_row(void *ctx, const struct row *row)
{
	(void)row;
	++*(long *)ctx;
	return 0;
}

int
round_schedule_get(struct store *s, const struct round *r, const char today_s[11], struct round_schedule *out,
		   struct error *err)
{
	memset(out, 0, sizeof *out);
	out->latest = true;
	if (!r->series_id)
		return 0;
	struct series se;
	if (series_get(s, r->series_id, &se, err) < 0)
		return -1;
	out->series_id = se.id;
	out->latest = r->series_n >= se.latest_n;
	if (se.stopped)
		return 0;
	out->every_months = se.every_months;
	long n;
	schedule_next(se.anchor, se.every_months, se.latest_n, date_days_between(r->opens_on, r->closes_on), today_s,
		      &n, out->next_opens_on, out->next_closes_on);
	struct param p[] = {PINT(r->id)};
	return store_exec(s, Q_ROUND_EMAILS, PARAMS(p), count_row, &out->addresses, NULL, err);
}

int
round_repeat_set(struct store *s, const struct actor *who, const struct unit *unit, const struct round *r,
		 int every_months, struct error *err)
{
	if (every_months != 0 && every_months != 1 && every_months != 3)
		return error_in(err, "repeat", "a round repeats every month or every quarter");
	struct series se = {0};
	if (r->series_id && series_get(s, r->series_id, &se, err) < 0)
		return -1;
	if (r->series_id && r->series_n < se.latest_n)
		return error_of(err, ERROR_CONFLICT, "only the latest round of this series can change when it repeats");
	if (!every_months && (!r->series_id || se.stopped))
		return 0; /* already does not repeat */
	if (store_begin(s, err) < 0)
		return -1;
	char now[32], detail[300];
	store_now(now, sizeof now);
	snprintf(detail, sizeof detail, "round %.200s %s", r->title,
		 every_months ? (every_months == 1 ? "repeats every month" : "repeats every quarter")
			      : "stops repeating");
	int rc = 0;
	if (!every_months) {
		struct param p[] = {PINT(se.id), PTEXT(now)};
		rc = store_exec(s, Q_SERIES_STOP, PARAMS(p), NULL, NULL, NULL, err);
	} else if (r->series_id) {
		struct param p[] = {PINT(se.id), PINT(every_months)};
		rc = store_exec(s, Q_SERIES_EVERY, PARAMS(p), NULL, NULL, NULL, err);
	} else {
		/* A new series, with R as its first round: the first round keeps its title, the next are named by
		 * month. */
		int64_t id = 0;
		struct param p[] = {PINT(unit->id), PINT(every_months), PTEXT(r->title), PTEXT(r->opens_on),
				    who->user_id ? PINT(who->user_id) : PNULL, PTEXT(now)};
		rc = store_get_int(s, Q_SERIES_ADD, PARAMS(p), &id, err) < 0 ? -1 : 0;
		struct param q[] = {PINT(r->id), PINT(id), PINT(0)};
		if (rc == 0)
			rc = store_exec(s, Q_ROUND_SERIES_SET, PARAMS(q), NULL, NULL, NULL, err);
	}
	if (rc < 0 || audit_record(s, who, "round.repeat", unit->id, unit->code, detail, err) < 0) {
		store_rollback(s);
		return -1;
	}
	return store_commit(s, err);
}

/* ---- opening what is due ---- */

struct due_series {
	int64_t id, latest_round;
	int every_months;
	char anchor[11];
	char *title, *unit_name; /* owned */
	long latest_n;
};

struct due_list {
	struct due_series *v;
	size_t n, cap;
};

static int
due_row(void *ctx, const struct row *row)
{
	struct due_list *d = ctx;
	d->v = xgrow(d->v, sizeof *d->v, d->n + 1, &d->cap);
	struct due_series *x = &d->v[d->n++];
	x->id = row_int(row, 0);
	x->every_months = (int)row_int(row, 1);
	snprintf(x->anchor, sizeof x->anchor, "%s", row_text(row, 2));
	x->title = xstrdup(row_text(row, 3));
	x->latest_round = row_int(row, 4);
	x->latest_n = (long)row_int(row, 5);
	x->unit_name = xstrdup(row_text(row, 6));
	return 0;
}

static int
email_row(void *ctx, const struct row *row)
{
	strvec_push(ctx, row_text(row, 0));
	return 0;
}

/* "Pulse, March 2027": a later round is named by its month. */
static void
round_title(const char *series_title, const char opens[11], char *out, size_t size)
{
	static const char *const months[] = {"January", "February", "March",     "April",   "May",      "June",
					     "July",    "August",   "September", "October", "November", "December"};
	struct tm tm = day_tm(opens);
	char month[24];
	snprintf(month, sizeof month, "%s %d", months[tm.tm_mon], tm.tm_year + 1900);
	/* Cut between characters: a title cut inside one is not UTF-8, and no round or message takes it. */
	int room = (int)text_cut(series_title, strlen(series_title), ROUND_TITLE_MAX - strlen(month) - 2);
	snprintf(out, size, "%.*s, %s", room, series_title, month);
}

static const struct actor schedule_actor = {0, "schedule", NULL};

/* Opens round N of X (it follows LATEST) with round_open, with LATEST's way of assessing, energy question,
 * language and headcount, and invites LATEST's addresses to it by mail: in the caller's transaction. */
static int
open_round(struct store *s, const struct due_series *x, const struct round *latest, const struct unit *unit,
	   const struct instrument *ins, const char *title, long n, const char opens[11], const char closes[11],
	   const char *base_url, size_t *invited, struct error *err)
{
	bool own_language = strcmp(latest->language, "en") != 0 || latest->bilingual;
	/* The same team as before: without its headcount a shared link could not be given (round_link_check). */
	const struct round_spec spec = {.title = title,
					.ins = ins,
					.mode = latest->mode,
					.energy = latest->energy,
					.opens_on = opens,
					.closes_on = closes,
					.series_id = x->id,
					.series_n = n,
					.language = own_language ? latest->language : NULL,
					.bilingual = latest->bilingual,
					.headcount = latest->headcount};
	int64_t id = 0;
	struct round next;
	if (round_open(s, &schedule_actor, unit, &spec, &id, err) < 0)
		return -1;
	int found = round_get(s, id, &next, err);
	if (found <= 0)
		return found < 0
			       ? -1
			       : error_of(err, ERROR_INTERNAL, "round %lld was made but cannot be read", (long long)id);
	if (!base_url || !round_has_survey(&next))
		return 0;
	struct strvec emails = STRVEC_INIT;
	struct param p[] = {PINT(x->latest_round)};
	int rc = store_exec(s, Q_ROUND_EMAILS, PARAMS(p), email_row, &emails, NULL, err);
	struct invitees iv = INVITEES_INIT;
	invitees_items(&iv, &emails, emails.n);
	if (rc == 0)
		rc = round_invite_mail(s, &schedule_actor, NULL, &next, x->unit_name, ins, &iv, base_url, invited, err);
	invitees_release(&iv);
	strvec_clear(&emails);
	return rc;
}

/* Round N of X could not be opened (ERR says why): its number is claimed with the reason in the audit log, in
 * a transaction of its own, so that it is recorded once and not retried every minute, and the series after it
 * still open. The next period tries again. ERR keeps the reason, for the scheduler's log. */
static void
series_failed(struct store *s, const struct due_series *x, const struct unit *unit, long n, struct error *err)
{
	struct error e;
	char detail[500];
	snprintf(detail, sizeof detail, "round %ld of the series \"%.100s\" was not opened: %.300s", n, x->title,
		 err->msg);
	long changed = 0;
	struct param claim[] = {PINT(x->id), PINT(n)};
	int rc = store_begin(s, &e);
	if (rc == 0)
		rc = store_exec(s, Q_SERIES_CLAIM, PARAMS(claim), NULL, NULL, &changed, &e);
	if (rc == 0 && changed)
		rc = audit_record(s, &schedule_actor, "series.failed", unit->id, unit->code, detail, &e);
	if (store_finish(s, rc, &e) < 0)
		return; /* not recorded: tried again next time */
	snprintf(err->msg, sizeof err->msg, "%.300s (recorded; the series tries again next period)", detail);
}

/* Opens X's next round if its day has come: 1 opened, 0 not due (or another process opened it), -1 error. */
static int
open_next(struct store *s, const struct catalog *cat, const struct unit_tree *tree, const struct due_series *x,
	  const char today_s[11], const char *base_url, size_t *invited, struct error *err)
{
	struct round latest;
	if (round_get(s, x->latest_round, &latest, err) <= 0)
		return -1;
	long n;
	char opens[11], closes[11];
	schedule_next(x->anchor, x->every_months, x->latest_n, date_days_between(latest.opens_on, latest.closes_on),
		      today_s, &n, opens, closes);
	if (strcmp(opens, today_s) > 0)
		return 0;
	const struct instrument *ins = catalog_find(cat, latest.instrument_id, latest.instrument_version);
	const struct unit *unit = unit_by_id(tree, latest.unit_id);
	if (!ins || !unit)
		return 0; /* a server that has the instrument loaded opens it */
	if (store_begin(s, err) < 0)
		return -1;
	long changed = 0;
	struct param claim[] = {PINT(x->id), PINT(n)};
	char title[ROUND_TITLE_MAX + 1];
	round_title(x->title, opens, title, sizeof title);
	int rc = store_exec(s, Q_SERIES_CLAIM, PARAMS(claim), NULL, NULL, &changed, err);
	bool opening = rc == 0 && changed;
	if (opening)
		rc = open_round(s, x, &latest, unit, ins, title, n, opens, closes, base_url, invited, err);
	if (store_finish(s, rc, err) < 0) {
		if (opening && rc < 0)
			series_failed(s, x, unit, n, err);
		return -1;
	}
	return changed ? 1 : 0;
}

int
rounds_open_scheduled(struct store *s, const struct catalog *cat, const char today_s[11], const char *base_url,
		      size_t *opened, size_t *invited, struct error *err)
{
	*opened = *invited = 0;
	struct due_list due = {0};
	int rc = store_exec(s, Q_SERIES_DUE, NULL, 0, due_row, &due, NULL, err);
	struct unit_tree tree = {0};
	bool tree_loaded = false;
	int failed = 0; /* one series that fails stops none after it: its error is kept, the others go on */
	for (size_t i = 0; rc == 0 && i < due.n; i++) {
		/* Nothing is due while the next opening day is to come (missed ones are only ever skipped forward).
		 * The tree is read only when a series is due, not on every look. */
		char opens[11];
		date_add_months(due.v[i].anchor, (int)((due.v[i].latest_n + 1) * due.v[i].every_months), opens);
		if (strcmp(opens, today_s) > 0)
			continue;
		if (!tree_loaded && (rc = unit_tree_load(s, &tree, err)) < 0)
			break;
		tree_loaded = true;
		size_t k = 0;
		struct error e;
		int r = open_next(s, cat, &tree, &due.v[i], today_s, base_url, &k, &e);
		if (r < 0 && !failed++)
			*err = e;
		else if (r > 0) {
			++*opened;
			*invited += k;
		}
	}
	for (size_t i = 0; i < due.n; i++) {
		free(due.v[i].title);
		free(due.v[i].unit_name);
	}
	free(due.v);
	if (tree_loaded)
		unit_tree_release(&tree);
	return rc < 0 || failed ? -1 : 0;
}
