/*
 * pool.c - database connections shared by the server's worker threads. A connection is taken for the one
 * callback that answers a request and given back at its end, so the pool never holds more connections than
 * there are threads.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "lib/xalloc.h"
#include "store/store.h"
#include "web/app.h"

#define POOL_MAX 64

struct store_pool {
	pthread_mutex_t lock;
	char *db_path; /* owned */
	struct store *idle[POOL_MAX];
	size_t n_idle;
	atomic_bool gone_told; /* the file's going is logged once, not on every request after it */
};

struct store_pool *
store_pool_new(const char *db_path)
{
	struct store_pool *p = xcalloc(1, sizeof *p);
	pthread_mutex_init(&p->lock, NULL);
	p->db_path = xstrdup(db_path);
	return p;
}

void
store_pool_free(struct store_pool *pool)
{
	if (!pool)
		return;
	for (size_t i = 0; i < pool->n_idle; i++)
		store_close(pool->idle[i]);
	pthread_mutex_destroy(&pool->lock);
	free(pool->db_path);
	free(pool);
}

/* S's file was deleted, moved or replaced under it: say so once. Every idle connection sees it in turn, and
 * every request after that is refused by the reopening, so a line each time would bury the log. */
static void
pool_file_gone(struct store_pool *pool)
{
	if (atomic_exchange(&pool->gone_told, true))
		return;
	fprintf(stderr,
		"caregrid: %s: the database file was deleted, moved or replaced while caregrid had it open; reads and "
		"writes are refused (503) until a database file is at that path again (this is said once)\n",
		pool->db_path);
}

struct store *
store_pool_take(struct store_pool *pool, struct error *err)
{
	pthread_mutex_lock(&pool->lock);
	struct store *s = pool->n_idle ? pool->idle[--pool->n_idle] : NULL;
	pthread_mutex_unlock(&pool->lock);
	if (s && store_still_there(s))
		return s;
	if (s)
		pool_file_gone(pool);
	store_close(s); /* a file deleted or replaced since: open the path again, which says what is wrong */
	if (store_open(&s, pool->db_path, STORE_OPEN_EXISTING, err) < 0)
		return NULL;
	return s;
}

void
store_pool_give(struct store_pool *pool, struct store *s, int broken)
{
	if (!s)
		return;
	store_guard_set(s, NULL); /* the request's guard goes with the request, never to the next one */
	pthread_mutex_lock(&pool->lock);
	if (!broken && pool->n_idle < POOL_MAX) {
		pool->idle[pool->n_idle++] = s;
		s = NULL;
	}
	pthread_mutex_unlock(&pool->lock);
	store_close(s);
}
