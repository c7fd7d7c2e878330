/*
 * retention.h - how long caregrid keeps each kind of personal data, and the purge that deletes what is older.
 * The policy lives in the setting table (keys retention.*), changed by a site administrator (/admin/retention)
 * or the command line (caregrid retention --set); the purge runs daily in the background (jobs/scheduler.c)
 * and on demand (caregrid retention --run), taking "now" as a parameter so that tests move time. It never
 * changes a published figure: results, journeys, the regional grid and SPC read numbers it keeps.
 */
#ifndef CAREGRID_RETENTION_H
#define CAREGRID_RETENTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/error.h"

struct store;
struct actor;
struct catalog;

/* How long each kind is kept (README "Data protection", "Retention" gives the reasons of the defaults). */
struct retention_policy {
	int addresses_days;  /* invitation and reminder addresses, labels, sealed links, their mail: after close (30) */
	int comments_months; /* survey comments, 360 strengths and suggestions, consensus notes: after close (24) */
	int answers_months;  /* raw 360 answers, after the cycle closes; the leader's report is kept as computed (24) */
	int plans_years;     /* plans and reviews, after the account was last active (disabled or signed in) (6) */
	int audit_years;     /* audit entries, after they were written (6) */
	bool vacuum_weekly;  /* SQLite: VACUUM once a week after the purge, so that deleted pages leave the file */
};

/* The bounds of each field, inclusive: the page's and the command line's, checked by retention_policy_set. */
#define RETENTION_DAYS_MIN 1
#define RETENTION_DAYS_MAX 3650
#define RETENTION_MONTHS_MIN 1
#define RETENTION_MONTHS_MAX 240
#define RETENTION_YEARS_MIN 1
#define RETENTION_YEARS_MAX 50

/* What a purge deleted (or, dry, would delete), per kind: rows, never content. */
struct retention_counts {
	long addresses; /* invitations (survey and 360) whose address, label and links were cleared */
	long messages;  /* outbox rows of those rounds and cycles deleted */
	long comments;  /* survey comments, 360 strengths/suggestions and consensus notes cleared */
	long answers;   /* raw 360 answers deleted (their cycles' reports kept as computed) */
	long plans;     /* plan goals deleted, with their reviews */
	long reviews;   /* plan reviews deleted */
	long audit;     /* audit entries deleted */
};

/* The last purge that deleted (dry runs are not recorded). */
struct retention_run {
	char at[32];    /* when it ran, UTC ISO 8601 */
	char as_of[11]; /* the day it purged as of, YYYY-MM-DD (a future day with --as-of) */
	char by[128];   /* who ran it: "schedule", "command line" or a person's address */
	struct retention_counts counts;
};

/* The defaults: 30 days, 24 months, 24 months, 6 years, 6 years, weekly vacuum on. */
void retention_policy_defaults(struct retention_policy *out);
/* The policy in force: the settings, each missing one at its default. 0, or -1 with ERR. */
int retention_policy_get(struct store *s, struct retention_policy *out, struct error *err);
/* Stores P after checking every field against its bounds (ERR names the field as the form's input does:
 * addresses_days, comments_months, answers_months, plans_years, audit_years). Audited as retention.set with the
 * values. 0, or -1 with ERR and nothing changed. */
int retention_policy_set(struct store *s, const struct actor *who, const struct retention_policy *p,
			 struct error *err);
/* Sets one field of P from NAME=VALUE text (the command line's --set and the form's fields): 0, or -1 with ERR
 * naming the field (unknown name, not a whole number, out of bounds; vacuum_weekly takes on/off). */
int retention_policy_field(struct retention_policy *p, const char *name, const char *value, struct error *err);

/* The last recorded purge: 1 found, 0 none yet, -1 ERR. */
int retention_last_run(struct store *s, struct retention_run *out, struct error *err);

/*
 * The purge as of day AS_OF (YYYY-MM-DD): everything whose time has come on that day, in one transaction, with
 * ONE audit entry (retention.purge, counts only) and a retention_run record. DRY_RUN: counts only, nothing
 * written (the same counts a run would give). CAT: the instruments, to keep the 360 reports computed before
 * their raw answers go. 0, or -1 with ERR and nothing deleted.
 */
int retention_purge(struct store *s, const struct catalog *cat, const struct actor *who, const char as_of[11],
		    bool dry_run, struct retention_counts *out, struct error *err);

/*
 * The daily job (jobs/scheduler.c): when no purge has run as of TODAY yet, runs it, then makes the deletion
 * final (SQLite: WAL checkpoint TRUNCATE, and VACUUM when the policy says so and 7 days have passed since the
 * last; PostgreSQL: VACUUM of the purged tables). *RAN: 1 when it purged. 0, or -1 with ERR.
 */
int retention_daily(struct store *s, const struct catalog *cat, const char today[11], int *ran, struct error *err);

/* After a purge (the CLI's --run): the same finishing step; VACUUM (SQLite) only when VACUUM is true. */
int retention_finish(struct store *s, bool vacuum, struct error *err);

/* "412 comments, 38 addresses, ...": the counts in words (English, for the audit log and the command line); the
 * kinds with nothing are left out; "nothing" when all are 0. */
void retention_counts_text(const struct retention_counts *c, char *buf, size_t size);

/*
 * Dates. The purge day of something closed on day CLOSED_ON: CLOSED_ON plus DAYS days, or plus MONTHS months
 * (kept within the month reached: 31 August plus 6 months is 28 or 29 February).
 * retention_cutoff_months gives the latest day D such that D plus MONTHS months is on or before AS_OF: what
 * closed on or before it is due on AS_OF.
 */
void retention_cutoff_months(const char as_of[11], int months, char out[11]);
void retention_cutoff_days(const char as_of[11], int days, char out[11]);

/* The day of the purge of a round's (or 360 cycle's) addresses and comments, closed on CLOSED_ON. */
void retention_addresses_on(const struct retention_policy *p, const char closed_on[11], char out[11]);
void retention_comments_on(const struct retention_policy *p, const char closed_on[11], char out[11]);

#endif
