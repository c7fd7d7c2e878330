/*
 * tree_cache.c - the unit tree kept in memory between requests (see app.h). Loading it reads every unit:
 * 5 ms for a region of 2,000, on every signed-in request, before this. Now a request reads one counter
 * (change_counter 'units'), at most once in REUSE_MS and at once after this process changed anything
 * (change_clock.h), and takes the tree loaded at that count; a change by any server sharing the database
 * moves the counter, and the next read of it here loads the tree afresh.
 *
 * A tree stays valid while any request holds it: a newer one replaces it for new requests, and the old one
 * is freed when its last holder lets go.
 */
#include <pthread.h>
#include <stdlib.h>

#include "domain/unit.h"
#include "lib/xalloc.h"
#include "store/store.h"
#include "web/app.h"
#include "web/change_clock.h"

struct cached_tree {
	struct unit_tree tree; /* first: a holder's pointer to the tree is a pointer to this */
	int64_t version;
	uint64_t checked_changes; /* when the counter was last seen at VERSION: the change clock ... */
	int64_t checked_ms;       /* ... and the time */
	long holders;          /* requests holding it, plus one while it is the cache's current tree */
};

struct tree_cache {
	pthread_mutex_t lock;
	struct change_clock *clock;
	struct cached_tree *current; /* NULL until the first load */
};

struct tree_cache *
tree_cache_new(struct change_clock *clock)
{
	struct tree_cache *c = xcalloc(1, sizeof *c);
	c->clock = clock;
	pthread_mutex_init(&c->lock, NULL);
	return c;
}

static void
let_go(struct cached_tree *t)
{
	/* Called with the cache's lock held. */
	if (--t->holders == 0) {
		unit_tree_release(&t->tree);
		free(t);
	}
}

void
tree_cache_free(struct tree_cache *c)
{
	if (!c)
		return;
	if (c->current)
		let_go(c->current);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

/* The current tree, held for the caller, if it was checked against the counter recently enough. */
static struct cached_tree *
take_fresh(struct tree_cache *c)
{
	pthread_mutex_lock(&c->lock);
	struct cached_tree *t = c->current;
	if (t && change_clock_fresh(c->clock, t->checked_changes, t->checked_ms))
		t->holders++;
	else
		t = NULL;
	pthread_mutex_unlock(&c->lock);
	return t;
}

const struct unit_tree *
tree_cache_get(struct tree_cache *c, struct store *s, struct error *err)
{
	struct cached_tree *t = take_fresh(c);
	if (t)
		return &t->tree;
	uint64_t changes = change_clock_read(c->clock);
	int64_t at_ms = monotonic_ms();
	int64_t version = 0;
	if (store_get_int(s, Q_UNITS_VERSION, NULL, 0, &version, err) < 0)
		return NULL;
	pthread_mutex_lock(&c->lock);
	t = c->current;
	if (t && t->version == version) {
		t->holders++;
		if (at_ms >= t->checked_ms) {
			t->checked_changes = changes;
			t->checked_ms = at_ms;
		}
		pthread_mutex_unlock(&c->lock);
		return &t->tree;
	}
	pthread_mutex_unlock(&c->lock);
	/* Loaded outside the lock: other requests keep using the current tree meanwhile. */
	t = xcalloc(1, sizeof *t);
	if (unit_tree_load(s, &t->tree, err) < 0) {
		free(t);
		return NULL;
	}
	t->version = version;
	t->checked_changes = changes;
	t->checked_ms = at_ms;
	t->holders = 1; /* this request */
	pthread_mutex_lock(&c->lock);
	/* Two requests may load at once: the newer count wins, and neither copy is lost to its holder. */
	if (!c->current || c->current->version <= version) {
		if (c->current)
			let_go(c->current);
		c->current = t;
		t->holders++;
	}
	pthread_mutex_unlock(&c->lock);
	return &t->tree;
}

void
tree_cache_release(struct tree_cache *c, const struct unit_tree *tree)
{
	if (!tree)
		return;
	pthread_mutex_lock(&c->lock);
	let_go((struct cached_tree *)(void *)tree);
	pthread_mutex_unlock(&c->lock);
}
