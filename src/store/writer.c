/*
 * writer.c - the batching writer (see writer.h): a queue under a mutex, one worker thread (lib/worker.h, poked
 * for each job queued), one connection.
 */
#include "store/writer.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include "lib/worker.h"
#include "lib/xalloc.h"
#include "store/store.h"

struct writer {
	pthread_mutex_t lock;    /* guards the queue, STOPPING and STATS */
	struct worker worker;    /* runs writer_drain when poked */
	struct store *store;     /* the worker's own */
	size_t batch_max;
	struct write_job *head, *tail;
	bool stopping;
	struct writer_stats stats;
};

static void
finish(struct write_job *job, int result, const struct error *err)
{
	job->result = result;
	if (result < 0 && err && job->err.msg[0] == '\0')
		job->err = *err;
	job->done(job);
}

/* Runs the jobs of the list BATCH in one transaction, each in a savepoint: whether it committed (else ERR). */
static bool
run_in_one(struct store *s, struct write_job *batch, struct error *err)
{
	bool begun = store_begin(s, err) == 0;
	for (struct write_job *j = batch; j && begun; j = j->next) {
		j->err = (struct error){.kind = ERROR_INVALID};
		if (store_begin(s, &j->err) < 0) {
			j->result = -1;
			continue;
		}
		j->result = j->run(s, j->ctx, &j->err);
		if (j->result < 0)
			store_rollback(s);
		else if (store_commit(s, &j->err) < 0)
			j->result = -1;
	}
	return begun && store_commit(s, err) == 0;
}

/* Runs the batch the careful way (run_in_one) and reports every job's outcome after the commit. On PostgreSQL a
 * failed statement may show only at a later flush, in another job or at the COMMIT, and then the whole
 * transaction is gone (pg.c): so a batch whose commit failed, unless the database is away, runs again one job
 * to a transaction, and only the job that fails alone is reported failed. */
static void
run_careful(struct store *s, struct write_job *batch)
{
	struct error err = {.kind = ERROR_INVALID};
	bool committed = run_in_one(s, batch, &err);
	if (!committed && batch->next && err.kind != ERROR_UNAVAILABLE) {
		for (struct write_job *j = batch, *next; j; j = next) {
			next = j->next;
			j->next = NULL;
			struct error alone = {.kind = ERROR_INVALID};
			if (!run_in_one(s, j, &alone) && j->result == 0) {
				j->result = -1;
				j->err = alone;
			}
			j->next = next;
		}
		committed = true; /* each job's own outcome stands */
	}
	for (struct write_job *j = batch, *next; j; j = next) {
		next = j->next; /* DONE may free the job */
		if (!committed)
			finish(j, -1, &err);
		else
			finish(j, j->result, NULL);
	}
}

enum outcome { COMMITTED, UNDONE, LOST };

/*
 * The batch in one transaction with no savepoint: every job's statements (queue, or run for a job not split),
 * one flush, then every job's judge. On PostgreSQL that is the batch's one round trip and the COMMIT's. Each
 * job's reads see the jobs before it, as one at a time; so when all are accepted the outcome is theirs. When
 * any job fails or refuses, the lot is undone (UNDONE) and the batch must run the careful way. LOST: the
 * database went away at the COMMIT, ERR saying so, and the batch must not run again (it may have committed).
 */
static enum outcome
run_at_once(struct store *s, struct write_job *batch, struct error *err)
{
	if (store_begin(s, err) < 0)
		return UNDONE;
	bool ok = true;
	for (struct write_job *j = batch; j && ok; j = j->next) {
		j->err = (struct error){.kind = ERROR_INVALID};
		ok = (j->queue ? j->queue(s, j->ctx, &j->err) : j->run(s, j->ctx, &j->err)) == 0;
	}
	ok = ok && store_flush(s, err) == 0;
	for (struct write_job *j = batch; j && ok; j = j->next)
		ok = !j->queue || j->judge(s, j->ctx, &j->err) == 0;
	if (!ok) {
		store_rollback(s);
		return UNDONE;
	}
	if (store_commit(s, err) == 0)
		return COMMITTED;
	/* A COMMIT the database refused left nothing; one whose answer never came may have committed. */
	return err->kind == ERROR_UNAVAILABLE ? LOST : UNDONE;
}

/* Runs one batch and reports every job's outcome after its commit: at once when every job is accepted (the
 * rule of the house), else the careful way, where each job is undone alone. */
static void
run_batch(struct writer *w, struct write_job *batch)
{
	struct error err = {.kind = ERROR_INVALID};
	enum outcome o = run_at_once(w->store, batch, &err);
	if (o == UNDONE) {
		pthread_mutex_lock(&w->lock);
		w->stats.careful++;
		pthread_mutex_unlock(&w->lock);
		run_careful(w->store, batch);
		return;
	}
	for (struct write_job *j = batch, *next; j; j = next) {
		next = j->next; /* DONE may free the job */
		finish(j, o == COMMITTED ? 0 : -1, o == COMMITTED ? NULL : &err);
	}
}

/* The worker's call: batches until the queue is empty. Every job is queued with a poke made before the
 * stop, and the worker never loses such a poke, so nothing queued is left when it ends. */
static void
writer_drain(void *arg)
{
	struct writer *w = arg;
	pthread_mutex_lock(&w->lock);
	while (w->head) {
		struct write_job *batch = w->head, *last = batch;
		size_t n = 1;
		while (last->next && n < w->batch_max)
			last = last->next, n++;
		w->head = last->next;
		if (!w->head)
			w->tail = NULL;
		last->next = NULL;
		w->stats.jobs += n;
		w->stats.batches++;
		if (n > w->stats.largest_batch)
			w->stats.largest_batch = n;
		pthread_mutex_unlock(&w->lock);
		run_batch(w, batch);
		pthread_mutex_lock(&w->lock);
	}
	pthread_mutex_unlock(&w->lock);
}

int
writer_start(struct writer **out, const char *where, size_t batch_max, struct error *err)
{
	*out = NULL;
	struct writer *w = xcalloc(1, sizeof *w);
	if (store_open(&w->store, where, STORE_OPEN_EXISTING, err) < 0) {
		free(w);
		return -1;
	}
	w->batch_max = batch_max ? batch_max : 1;
	pthread_mutex_init(&w->lock, NULL);
	if (worker_start(&w->worker, "the writer", writer_drain, w, 0, err) < 0) {
		store_close(w->store);
		pthread_mutex_destroy(&w->lock);
		free(w);
		return -1;
	}
	*out = w;
	return 0;
}

void
writer_submit(struct writer *w, struct write_job *job)
{
	job->next = NULL;
	job->err = (struct error){.kind = ERROR_INVALID};
	pthread_mutex_lock(&w->lock);
	if (w->stopping) {
		pthread_mutex_unlock(&w->lock);
		struct error err;
		error_of(&err, ERROR_UNAVAILABLE, "the server is shutting down");
		finish(job, -1, &err);
		return;
	}
	if (w->tail)
		w->tail->next = job;
	else
		w->head = job;
	w->tail = job;
	worker_poke(&w->worker); /* under the lock: before any stop, so never lost */
	pthread_mutex_unlock(&w->lock);
}

struct waiter {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool done;
};

static void
wake_waiter(struct write_job *job)
{
	struct waiter *wt = job->cookie;
	pthread_mutex_lock(&wt->lock);
	wt->done = true;
	pthread_cond_signal(&wt->cond);
	pthread_mutex_unlock(&wt->lock);
}

int
writer_run(struct writer *w, struct write_job *job)
{
	struct waiter wt = {.done = false};
	pthread_mutex_init(&wt.lock, NULL);
	pthread_cond_init(&wt.cond, NULL);
	job->done = wake_waiter;
	job->cookie = &wt;
	writer_submit(w, job);
	pthread_mutex_lock(&wt.lock);
	while (!wt.done)
		pthread_cond_wait(&wt.cond, &wt.lock);
	pthread_mutex_unlock(&wt.lock);
	pthread_cond_destroy(&wt.cond);
	pthread_mutex_destroy(&wt.lock);
	return job->result;
}

void
writer_stats(struct writer *w, struct writer_stats *out)
{
	pthread_mutex_lock(&w->lock);
	*out = w->stats;
	pthread_mutex_unlock(&w->lock);
}

void
writer_stop(struct writer *w)
{
	if (!w)
		return;
	pthread_mutex_lock(&w->lock);
	bool running = !w->stopping;
	w->stopping = true;
	pthread_mutex_unlock(&w->lock);
	if (!running)
		return;
	worker_stop(&w->worker);
	store_close(w->store);
	w->store = NULL;
}

void
writer_free(struct writer *w)
{
	if (!w)
		return;
	writer_stop(w);
	pthread_mutex_destroy(&w->lock);
	free(w);
}
