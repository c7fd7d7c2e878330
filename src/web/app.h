/*
 * app.h - what every request handler may read: the state the server loads at start (read-only while
 * serving, so the worker threads share it without locks) and the pool of database connections, one per
 * request being handled at a time.
 */
#ifndef CAREGRID_APP_H
#define CAREGRID_APP_H

#include <stdbool.h>

#include "domain/mail.h"
#include "lib/error.h"

struct catalog;
struct mailer;
struct scheduler;
struct change_clock;
struct region_cache;
struct region_latest;
struct session_cache;
struct store;
struct store_pool;
struct tree_cache;
struct unit_tree;
struct writer;

struct app {
	const struct catalog *catalog;
	const char *db_path;
	struct store_pool *pool;
	/* Survey submissions are committed through it, several at a time (store/writer.h); NULL: each
	 * request commits its own, on its pool connection. */
	struct writer *writer;
	/* Moved by every request that may change something (change_clock.h): what is kept below is reused only
	 * while it stays put, and for at most REUSE_MS. */
	struct change_clock *changes;
	/* The unit tree, kept between requests while the database's units counter stays put. */
	struct tree_cache *trees;
	/* What the regional grid reads, kept while the database's 'results' counter and the day stay put. */
	struct region_cache *regions;
	/* Who each session cookie belongs to (session_cache.h). */
	struct session_cache *sessions;
	/* The registered-population bounds from the instruments' checks (0 and 0 when none). */
	long population_min, population_max;
	char population_items[200];
	/* serve --trust-proxy: a reverse proxy in front sets X-Forwarded-Proto and X-Forwarded-For, which are
	 * believed only then (otherwise any client could claim TLS or another address). */
	bool trust_proxy;
	/* serve --base-url: the public address every link handed out starts with; NULL: the request's Host. */
	const char *base_url;
	/* serve --smtp: the outbox's sender (poked when a request queues mail); NULL: mail is off, and pages hand
	 * out links instead. */
	struct mailer *mailer;
	struct scheduler *scheduler; /* opens scheduled rounds, and with mail: reminders and digests */
	/* serve --feedback-invites-per-cycle and -per-day: what one account may send to outsiders (domain/mail.h). */
	struct mail_limits mail_limits;
	/* GET /api/instruments's reply, written once from the catalogue (api_instruments_list_text); may be NULL. */
	const char *instruments_json;
};

/* The reply of GET /api/instruments for CAT, as text; the caller frees it. */
char *api_instruments_list_text(const struct catalog *cat);

struct store_pool *store_pool_new(const char *db_path);
void store_pool_free(struct store_pool *pool);
/* A connection for this request: an idle one, or a new one. NULL with ERR when the database cannot be opened. */
struct store *store_pool_take(struct store_pool *pool, struct error *err);
/* Gives the connection back for the next request. BROKEN: close it instead (a failed connection). */
void store_pool_give(struct store_pool *pool, struct store *s, int broken);

struct tree_cache *tree_cache_new(struct change_clock *clock);
void tree_cache_free(struct tree_cache *c);
/* The unit tree as of now, read through S: the kept one while still current, else loaded afresh. Its counter
 * is read again only when CLOCK allows (change_clock.h). Hold it until tree_cache_release. NULL with ERR on
 * a storage failure. */
const struct unit_tree *tree_cache_get(struct tree_cache *c, struct store *s, struct error *err);
void tree_cache_release(struct tree_cache *c, const struct unit_tree *tree);

struct region_cache *region_cache_new(void);
void region_cache_free(struct region_cache *c);
/* Each unit's latest closed round on INSTRUMENT_ID with its sums (region.h), as of now: the kept copy while
 * the 'results' counter (read through S on every call) and the day are those it was read at, else read
 * afresh. Hold it until region_cache_release. NULL with ERR on a storage failure or an unknown instrument. */
const struct region_latest *region_cache_get(struct region_cache *c, struct store *s, const struct catalog *cat,
					     const char *instrument_id, struct error *err);
void region_cache_release(struct region_cache *c, const struct region_latest *latest);

#endif
