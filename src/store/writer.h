/*
 * writer.h - the one writer of survey answers: a thread with its own connection that commits the jobs queued
 * to it several at a time, in one transaction. A durable commit costs a disk sync (about 230 µs here); a
 * thousand people answering in the same minute share those syncs instead of queueing for one each.
 *
 * A batch first runs at once, with no savepoint: every job's statements, then (for jobs split in two, queue
 * and judge) one flush and every job's judgement, which on PostgreSQL is one round trip for the whole batch.
 * When every job is accepted, that commits. When any fails or refuses, the lot is undone and the batch runs
 * again the careful way: each job in its own savepoint, so that a job that fails is undone alone and reported
 * to its caller with its own error; the others commit. A job may therefore run twice: only its writes may
 * matter. A job's outcome is known only after the batch's COMMIT, so a caller is never told "saved" for
 * something a failed commit then lost.
 */
#ifndef CAREGRID_WRITER_H
#define CAREGRID_WRITER_H

#include <stddef.h>

#include "lib/error.h"

struct store;
struct writer;

struct write_job {
	/* Runs on the writer's thread inside the batch's transaction; 0, or -1 with ERR (its writes are undone).
	 * It may begin and commit transactions of its own: they nest as savepoints. */
	int (*run)(struct store *s, void *ctx, struct error *err);
	/* Optional, both or neither: RUN in two halves. QUEUE sends the job's statements (store_queue) without
	 * reading any result; JUDGE, after the batch's flush, refuses (-1, ERR) or accepts what they read. */
	int (*queue)(struct store *s, void *ctx, struct error *err);
	int (*judge)(struct store *s, void *ctx, struct error *err);
	void *ctx;
	/* Called on the writer's thread once the outcome is final (RESULT, ERR set); the job may be freed after. */
	void (*done)(struct write_job *job);
	void *cookie;        /* the caller's */
	int result;          /* 0 committed, -1 failed */
	struct error err;    /* why it failed; err.kind ERROR_UNAVAILABLE when the database could not be reached */
	struct write_job *next; /* the writer's */
};

/* Opens WHERE (as store_open) for the writer and starts its thread. BATCH_MAX: the most jobs in one commit. */
int writer_start(struct writer **out, const char *where, size_t batch_max, struct error *err);

/* Queues JOB; its done callback follows, on the writer's thread (at once, with an error, once stopping). */
void writer_submit(struct writer *w, struct write_job *job);

/* Runs JOB and waits for its outcome: for callers that have nothing else to do meanwhile. */
int writer_run(struct writer *w, struct write_job *job);

struct writer_stats {
	unsigned long long jobs, batches, largest_batch;
	unsigned long long careful; /* batches run again job by job, as one of them failed or refused */
};
void writer_stats(struct writer *w, struct writer_stats *out);

/* Finishes the jobs already queued, then stops the thread and closes the connection; jobs submitted after
 * it fail at once ("shutting down"). writer_free stops it if need be and frees it. NULL is a no-op for both. */
void writer_stop(struct writer *w);
void writer_free(struct writer *w);

#endif
