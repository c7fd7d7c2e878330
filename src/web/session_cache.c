/* session_cache.c - who a session cookie belongs to, kept for a moment (see session_cache.h). */
#include "web/session_cache.h"

#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "lib/xalloc.h"
#include "web/change_clock.h"

#define SLOTS 1024 /* a power of two: one slot per cookie hash; a newer cookie takes the slot */
#define STRIPES 16 /* locks, each guarding every 16th slot, so that threads rarely wait for each other */

struct entry {
	bool used;
	char token[TOKEN_CHARS];
	uint64_t changes;
	int64_t at_ms;
	struct session session;
	struct user user;
	struct grant *grants; /* owned */
	size_t n_grants;
	bool site_admin;
};

struct session_cache {
	struct change_clock *clock;
	pthread_mutex_t locks[STRIPES];
	struct entry slots[SLOTS];
};

struct session_cache *
session_cache_new(struct change_clock *clock)
{
	struct session_cache *c = xcalloc(1, sizeof *c);
	c->clock = clock;
	for (size_t i = 0; i < STRIPES; i++)
		pthread_mutex_init(&c->locks[i], NULL);
	return c;
}

void
session_cache_free(struct session_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < SLOTS; i++)
		free(c->slots[i].grants);
	for (size_t i = 0; i < STRIPES; i++)
		pthread_mutex_destroy(&c->locks[i]);
	free(c);
}

/* FNV-1a: tokens are random already, any even spread will do. */
static size_t
slot_of(const char *token)
{
	uint32_t h = 2166136261u;
	for (const unsigned char *p = (const unsigned char *)token; *p; p++)
		h = (h ^ *p) * 16777619u;
	return h & (SLOTS - 1);
}

static bool
token_shape(const char *token)
{
	return token && strlen(token) == TOKEN_CHARS - 1;
}

bool
session_cache_find(struct session_cache *c, const char *token, time_t now, struct session *session,
		   struct user *user, struct grants *grants)
{
	if (!token_shape(token))
		return false;
	size_t i = slot_of(token);
	pthread_mutex_t *lock = &c->locks[i % STRIPES];
	pthread_mutex_lock(lock);
	const struct entry *e = &c->slots[i];
	bool hit = e->used && sodium_memcmp(e->token, token, TOKEN_CHARS - 1) == 0 &&
		   change_clock_fresh(c->clock, e->changes, e->at_ms) && now < e->session.valid_until;
	if (hit) {
		*session = e->session;
		*user = e->user;
		*grants = (struct grants){.n = e->n_grants, .cap = e->n_grants, .site_admin = e->site_admin};
		if (e->n_grants)
			grants->v = xmemdup(e->grants, e->n_grants * sizeof *e->grants);
	}
	pthread_mutex_unlock(lock);
	return hit;
}

void
session_cache_put(struct session_cache *c, const char *token, uint64_t changes, int64_t at_ms,
		  const struct session *session, const struct user *user, const struct grants *grants)
{
	if (!token_shape(token))
		return;
	struct grant *copy = grants->n ? xmemdup(grants->v, grants->n * sizeof *grants->v) : NULL;
	size_t i = slot_of(token);
	pthread_mutex_t *lock = &c->locks[i % STRIPES];
	pthread_mutex_lock(lock);
	struct entry *e = &c->slots[i];
	struct grant *old = e->grants;
	*e = (struct entry){.used = true, .changes = changes, .at_ms = at_ms, .session = *session, .user = *user,
			    .grants = copy, .n_grants = grants->n, .site_admin = grants->site_admin};
	memcpy(e->token, token, TOKEN_CHARS);
	pthread_mutex_unlock(lock);
	free(old);
}
