/*
 * worker.h - one background thread with one start/stop/poke contract (as Redis's bio.c): the mail sender,
 * the scheduler, the connection guard and the batching writer all run on it. A worker calls its function
 * once at start, then again when poked, or when PERIOD_MS has gone by since the last call ended.
 *
 * It lives in lib/ rather than jobs/ because it knows nothing of caregrid and the writer (store/) and the
 * guard (web/) use it too: from jobs/ they would reach up or sideways.
 */
#ifndef CAREGRID_WORKER_H
#define CAREGRID_WORKER_H

#include <pthread.h>
#include <stdbool.h>

#include "lib/error.h"

/* Embed it by value, zeroed (a worker that never started); its fields are worker.c's own. */
struct worker {
	const char *name;    /* for the start error: "the mail sender" */
	void (*fn)(void *ctx);
	void *ctx;
	long period_ms;      /* 0: only when poked */
	pthread_t thread;
	pthread_mutex_t lock; /* guards the three flags below */
	pthread_cond_t wake;
	bool started, stopping, poked;
};

/* Starts W's thread, which calls FN(CTX) at once, then on each poke or every PERIOD_MS (0: on pokes only).
 * NAME must outlive it. 0; or -1 with ERR ("cannot start NAME: why") and W left as if never started, nothing
 * held: a start failure is an error for the caller to report, never an exit. */
int worker_start(struct worker *w, const char *name, void (*fn)(void *ctx), void *ctx, long period_ms,
		 struct error *err);

/* Asks for a call of FN soon: at once when idle, else right after the one in hand. A poke made before
 * worker_stop is never lost (its call happens before the thread ends); a poke after it is ignored. Safe from
 * any thread between start and stop. */
void worker_poke(struct worker *w);

/* True once worker_stop has been asked: FN may end a long call early. */
bool worker_stopping(struct worker *w);

/* Lets the call in hand finish (and the one a poke asked for), wakes and joins the thread, and frees what
 * worker_start made. A no-op on a worker that never started or has stopped. Not from FN itself. */
void worker_stop(struct worker *w);

#endif
