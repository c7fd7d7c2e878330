/*
 * session_cache.h - who a session cookie belongs to (the session, the person, their roles), kept in memory
 * for the moment change_clock.h allows, so that a signed-in request needs no query to know who is asking.
 * Only sessions found live and people not disabled are kept; a cookie that matches nothing always goes to
 * the database.
 */
#ifndef CAREGRID_SESSION_CACHE_H
#define CAREGRID_SESSION_CACHE_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "domain/access.h"
#include "domain/auth.h"

struct change_clock;
struct session_cache;

struct session_cache *session_cache_new(struct change_clock *clock);
void session_cache_free(struct session_cache *c);

/* Fills SESSION, USER and GRANTS (the caller releases them: grants_release) from what was kept for TOKEN,
 * when it is still fresh and the session still live at NOW. False: ask the database. */
bool session_cache_find(struct session_cache *c, const char *token, time_t now, struct session *session,
			struct user *user, struct grants *grants);
/* Keeps what the database said of TOKEN, read after change_clock_read gave CHANGES at AT_MS (copies it). */
void session_cache_put(struct session_cache *c, const char *token, uint64_t changes, int64_t at_ms,
		       const struct session *session, const struct user *user, const struct grants *grants);

#endif
