/* worker.c - the background thread with one start/stop/poke contract (see worker.h). */
#include "lib/worker.h"

#include <errno.h>
#include <string.h>
#include <time.h>

static void
deadline_after(struct timespec *t, long ms)
{
	clock_gettime(CLOCK_MONOTONIC, t);
	t->tv_sec += ms / 1000;
	t->tv_nsec += (ms % 1000) * 1000000L;
	if (t->tv_nsec >= 1000000000L) {
		t->tv_sec++;
		t->tv_nsec -= 1000000000L;
	}
}

static void *
worker_main(void *arg)
{
	struct worker *w = arg;
	pthread_mutex_lock(&w->lock);
	w->poked = true; /* the first call at once */
	for (;;) {
		if (w->poked) {
			w->poked = false;
			pthread_mutex_unlock(&w->lock);
			w->fn(w->ctx);
			pthread_mutex_lock(&w->lock);
			continue;
		}
		/* Checked after the poke: a poke made before the stop still has its call. */
		if (w->stopping)
			break;
		if (!w->period_ms) {
			pthread_cond_wait(&w->wake, &w->lock);
			continue;
		}
		struct timespec until;
		deadline_after(&until, w->period_ms);
		int rc = 0;
		while (!w->poked && !w->stopping && rc != ETIMEDOUT)
			rc = pthread_cond_timedwait(&w->wake, &w->lock, &until);
		if (rc == ETIMEDOUT && !w->stopping)
			w->poked = true;
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

int
worker_start(struct worker *w, const char *name, void (*fn)(void *ctx), void *ctx, long period_ms,
	     struct error *err)
{
	*w = (struct worker){.name = name, .fn = fn, .ctx = ctx, .period_ms = period_ms > 0 ? period_ms : 0};
	/* The period is measured on the monotonic clock: setting the wall clock must not stall a worker. */
	pthread_condattr_t attr;
	int rc = pthread_condattr_init(&attr);
	if (rc == 0) {
		rc = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
		if (rc == 0)
			rc = pthread_cond_init(&w->wake, &attr);
		pthread_condattr_destroy(&attr);
	}
	if (rc != 0)
		goto fail;
	if ((rc = pthread_mutex_init(&w->lock, NULL)) != 0) {
		pthread_cond_destroy(&w->wake);
		goto fail;
	}
	if ((rc = pthread_create(&w->thread, NULL, worker_main, w)) != 0) {
		pthread_mutex_destroy(&w->lock);
		pthread_cond_destroy(&w->wake);
		goto fail;
	}
	w->started = true;
	return 0;
fail:
	*w = (struct worker){0};
	return error_of(err, ERROR_INTERNAL, "cannot start %s: %s", name, strerror(rc));
}

void
worker_poke(struct worker *w)
{
	if (!w->started)
		return;
	pthread_mutex_lock(&w->lock);
	if (!w->stopping) {
		w->poked = true;
		pthread_cond_signal(&w->wake);
	}
	pthread_mutex_unlock(&w->lock);
}

bool
worker_stopping(struct worker *w)
{
	if (!w->started)
		return true;
	pthread_mutex_lock(&w->lock);
	bool stopping = w->stopping;
	pthread_mutex_unlock(&w->lock);
	return stopping;
}

void
worker_stop(struct worker *w)
{
	if (!w->started)
		return;
	pthread_mutex_lock(&w->lock);
	w->stopping = true;
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
	pthread_join(w->thread, NULL);
	pthread_cond_destroy(&w->wake);
	pthread_mutex_destroy(&w->lock);
	*w = (struct worker){0};
}
