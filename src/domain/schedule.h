/*
 * schedule.h - rounds on a schedule. A round can repeat every month or every quarter: it then starts a series,
 * and on each opening date the next round of the series opens by itself, with the latest round's instrument
 * version, way of assessing, energy question and length, and invites the latest round's emailed addresses
 * afresh (each a new personal link of its own, by mail). Missed dates (a server stopped for weeks) are skipped
 * to the first round that can still take answers. This module owns the series and the dates.
 */
#ifndef CAREGRID_SCHEDULE_H
#define CAREGRID_SCHEDULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/audit.h"
#include "domain/round.h"
#include "lib/error.h"

struct catalog;
struct store;
struct unit;

/* Where a round stands in its series. */
struct round_schedule {
	int64_t series_id;       /* 0: the round is in no series */
	int every_months;        /* 1 or 3 while the series repeats; 0 when it does not (or was stopped) */
	bool latest;             /* the latest round of its series (or in none): the one whose schedule can change */
	char next_opens_on[11];  /* while it repeats: the next round's days */
	char next_closes_on[11];
	long addresses;          /* the emailed addresses the next round will invite */
};

/* What "every EVERY_MONTHS months" is in words: "every month", "every quarter". */
const char *schedule_words(int every_months);
/* 1, 3, or 0 for "monthly", "quarterly", "never"/"none"/""; -1 when TEXT is none of them. */
int schedule_parse(const char *text);

/* R's place in its schedule, on day TODAY. */
int round_schedule_get(struct store *s, const struct round *r, const char today[11], struct round_schedule *out,
		       struct error *err);

/*
 * Makes R (of UNIT) repeat every EVERY_MONTHS (1 or 3) months, or stops its series (0). R must be the latest
 * round of its series, or in none: it then starts one, anchored at its opening day. Audited; in the caller's
 * transaction when there is one.
 */
int round_repeat_set(struct store *s, const struct actor *who, const struct unit *unit, const struct round *r,
		     int every_months, struct error *err);

/*
 * Opens each round of a series whose opening day has come (TODAY), once, whichever process gets there first,
 * and queues its invitations by mail with links starting BASE_URL (serve --base-url; NULL: caregrid does not
 * mail, and the round opens without them). CAT gives the instruments' words. *OPENED rounds opened, *INVITED
 * invitations queued. A series whose instrument is not loaded waits (a server that has it opens it).
 */
int rounds_open_scheduled(struct store *s, const struct catalog *cat, const char today[11], const char *base_url,
			  size_t *opened, size_t *invited, struct error *err);

/* ---- dates (YYYY-MM-DD, UTC) ---- */

/* DAY plus MONTHS months, kept within the month reached (31 January plus a month is 28 or 29 February). */
void date_add_months(const char day[11], int months, char out[11]);
/* DAY plus DAYS days. */
void date_add_days(const char day[11], long days, char out[11]);
/* Days from A to B (negative when B is before A). */
long date_days_between(const char a[11], const char b[11]);
/*
 * The round that follows round LATEST_N of a series anchored at ANCHOR, every EVERY_MONTHS months, each lasting
 * LENGTH_DAYS after its opening day: the first whose closing day is not before TODAY. *N, OPENS, CLOSES.
 */
void schedule_next(const char anchor[11], int every_months, long latest_n, long length_days, const char today[11],
		   long *n, char opens[11], char closes[11]);

#endif
