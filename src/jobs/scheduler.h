/*
 * scheduler.h - what caregrid does by itself, in the background of a server, looking when it starts and every
 * minute after: opening the rounds whose schedule has come (domain/schedule.h), and where mail is sent, the
 * reminders of rounds closing soon (domain/round.h) and the daily digests (domain/digest.h) from a given hour
 * (UTC); and once a day the purge of what is kept no longer (domain/retention.h). Each thing is done once
 * whichever server gets there first; a restart catches up. It runs on a worker
 * (lib/worker.h) with its own connection, opened afresh after the database could not be reached
 * (jobs/job_store.h).
 */
#ifndef CAREGRID_SCHEDULER_H
#define CAREGRID_SCHEDULER_H

#include "lib/error.h"

struct catalog;
struct mailer;

struct schedule_config {
	const char *db_path;
	const struct catalog *catalog;
	const char *base_url;  /* serve --base-url: where the links mailed start */
	struct mailer *mailer; /* NULL: caregrid sends no mail (no reminders, no digests, no invitations) */
	int digest_hour;       /* digests go from this hour of the day, UTC; -1: never */
};

struct scheduler;

/* Starts it on its own connection. CFG's pointers must outlive it. A failure to start is an error (ERR),
 * with nothing left held. */
int scheduler_start(struct scheduler **out, const struct schedule_config *cfg, struct error *err);
/* Stops it after the pass in hand and frees it. NULL is a no-op. */
void scheduler_stop(struct scheduler *s);

#endif
