/*
 * job_store.h - a background job's own database connection, written once for the mail sender and the
 * scheduler: opened when first needed, and after a failure that says the database could not be reached
 * (ERROR_UNAVAILABLE: a PostgreSQL server restarted, connections cut, a SQLite file replaced) closed and
 * opened afresh, trying again after 1, 2, 4 … 60 seconds. Without it a job would keep a dead connection for
 * ever. Use it from the job's one thread.
 */
#ifndef CAREGRID_JOB_STORE_H
#define CAREGRID_JOB_STORE_H

#include <time.h>

#include "lib/error.h"

struct store;

struct job_store {
	const char *where;   /* the database, as store_open takes it; must outlive it */
	const char *who;     /* the log's word for the job: "mail", "schedule" */
	struct store *s;     /* owned; NULL while closed */
	time_t retry_at;     /* CLOCK_MONOTONIC seconds: no open tried before then */
	unsigned failures;   /* opens failed in a row */
};

/* The connection, opened now if need be (and the backoff allows); NULL when there is none just now (the
 * reason is logged). */
struct store *job_store_get(struct job_store *j);
/* After a failure on the connection: ERROR_UNAVAILABLE closes it, to be opened afresh next time. */
void job_store_failed(struct job_store *j, const struct error *err);
/* Closes the connection; its thread has ended or is the caller. */
void job_store_close(struct job_store *j);

#endif
