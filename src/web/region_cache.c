/*
 * region_cache.c - what the regional grid reads from the database, kept between requests (app.h): each unit's
 * latest closed round on an instrument with its sums (struct region_latest, the same for every viewer). Read
 * afresh whenever the database's 'results' counter has moved (every statement changing a round, which answers
 * of a round count, or a round's stored sums moves it, whichever server or command ran it: store.c) or the
 * day has changed (a round closes by its date with no write at all). The counter is read on every request,
 * one indexed row, so no request here sees figures older than the database's.
 *
 * Who may see which row is not kept: region_compute decides it on every request from the viewer's grants.
 * An entry stays valid while a request holds it; a newer one replaces it, and the old one is freed when its
 * last holder lets go.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "domain/region.h"
#include "domain/round.h"
#include "lib/xalloc.h"
#include "store/store.h"
#include "web/app.h"

#define REGION_CACHE_SLOTS 8 /* instruments kept at once */

struct cached_region {
	struct region_latest latest; /* first: a holder's pointer to it is a pointer to this */
	int64_t version;             /* the 'results' counter it was read at */
	long holders;                /* requests holding it, plus one while it is in a slot */
	uint64_t used;               /* when last taken, to choose which slot to reuse */
};

struct region_cache {
	pthread_mutex_t lock;
	struct cached_region *slot[REGION_CACHE_SLOTS];
	uint64_t uses;
};

struct region_cache *
region_cache_new(void)
{
	struct region_cache *c = xcalloc(1, sizeof *c);
	pthread_mutex_init(&c->lock, NULL);
	return c;
}

static void
let_go(struct cached_region *r)
{
	/* Called with the cache's lock held. */
	if (--r->holders == 0) {
		region_latest_release(&r->latest);
		free(r);
	}
}

void
region_cache_free(struct region_cache *c)
{
	if (!c)
		return;
	for (int i = 0; i < REGION_CACHE_SLOTS; i++)
		if (c->slot[i])
			let_go(c->slot[i]);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

/* The slot of the instrument's entry, or the one to put it in (empty, else the least recently used). */
static int
slot_for(struct region_cache *c, const char *instrument_id)
{
	int pick = 0;
	for (int i = 0; i < REGION_CACHE_SLOTS; i++) {
		if (c->slot[i] && strcmp(c->slot[i]->latest.ins->id, instrument_id) == 0)
			return i;
		if (!c->slot[pick])
			continue;
		if (!c->slot[i] || c->slot[i]->used < c->slot[pick]->used)
			pick = i;
	}
	return pick;
}

/* The kept entry, held for the caller, if it was read at VERSION on DAY. */
static struct cached_region *
take_current(struct region_cache *c, const char *instrument_id, int64_t version, const char *day)
{
	pthread_mutex_lock(&c->lock);
	struct cached_region *r = c->slot[slot_for(c, instrument_id)];
	if (r && strcmp(r->latest.ins->id, instrument_id) == 0 && r->version == version &&
	    strcmp(r->latest.day, day) == 0) {
		r->holders++;
		r->used = ++c->uses;
	} else {
		r = NULL;
	}
	pthread_mutex_unlock(&c->lock);
	return r;
}

const struct region_latest *
region_cache_get(struct region_cache *c, struct store *s, const struct catalog *cat, const char *instrument_id,
		 struct error *err)
{
	char day[11];
	today(day);
	int64_t version = 0;
	/* Before reading the rounds, never after: a change made in between is then read under the older count,
	 * and read again at the next request. */
	if (store_get_int(s, Q_RESULTS_VERSION, NULL, 0, &version, err) < 0)
		return NULL;
	struct cached_region *r = take_current(c, instrument_id, version, day);
	if (r)
		return &r->latest;
	/* Read outside the lock: other requests keep using what is kept meanwhile. */
	r = xcalloc(1, sizeof *r);
	if (region_latest_load(s, cat, instrument_id, day, &r->latest, err) < 0) {
		free(r);
		return NULL;
	}
	r->version = version;
	r->holders = 1; /* this request */
	pthread_mutex_lock(&c->lock);
	int i = slot_for(c, instrument_id);
	struct cached_region *old = c->slot[i];
	bool same = old && strcmp(old->latest.ins->id, instrument_id) == 0;
	/* Two requests may read at once: the newer count (or day) wins, and neither copy is lost to its holder. */
	if (!same || old->version < version || strcmp(old->latest.day, day) < 0) {
		if (old)
			let_go(old);
		c->slot[i] = r;
		r->holders++;
		r->used = ++c->uses;
	}
	pthread_mutex_unlock(&c->lock);
	return &r->latest;
}

void
region_cache_release(struct region_cache *c, const struct region_latest *latest)
{
	if (!latest)
		return;
	pthread_mutex_lock(&c->lock);
	let_go((struct cached_region *)(void *)latest);
	pthread_mutex_unlock(&c->lock);
}
