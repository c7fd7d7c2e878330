/*
 * store.h - the storage interface: every read and write of caregrid's data goes through these functions,
 * and all SQL lives behind them (src/store/queries.c and schema/). The SQLite backend is built in; the
 * interface is shaped so that a PostgreSQL backend can sit behind it unchanged.
 *
 * A store is one connection: use it from one thread at a time.
 */
#ifndef CAREGRID_STORE_H
#define CAREGRID_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/error.h"

struct store;

enum store_open_mode {
	STORE_OPEN_EXISTING, /* the database must exist already */
	STORE_OPEN_CREATE,   /* create it when missing */
};

/*
 * Opens the database at WHERE ("PATH" or "sqlite:PATH") and brings its schema up to date in one
 * transaction. A database written by a newer caregrid is refused and left untouched.
 */
int store_open(struct store **out, const char *where, enum store_open_mode mode, struct error *err);

/* As store_open, but migrates only up to TARGET: for tests of upgrades from older schemas. */
int store_open_at(struct store **out, const char *where, enum store_open_mode mode, int target,
		  struct error *err);

/* NULL is a no-op. */
void store_close(struct store *s);

/* The newest schema version this build knows. */
int store_schema_latest(void);
/* The version the open database is at. */
int store_schema_version(struct store *s, int *version, struct error *err);

/* Transactions: BEGIN (IMMEDIATE on SQLite, so the write lock is taken at once), COMMIT, ROLLBACK. */
int store_begin(struct store *s, struct error *err);
int store_commit(struct store *s, struct error *err);
void store_rollback(struct store *s);

/* Instrument versions. put: 1 stored, 0 that id and version were stored already (whatever the text). */
int store_instrument_put(struct store *s, const char *id, long version, const char *title,
			 const char *definition, const char *hash, const char *origin, struct error *err);
typedef int (*store_instrument_fn)(void *ctx, const char *id, long version, const char *definition,
				   const char *hash);
/* Calls FN for each stored version, by id then version; a non-zero return from FN stops and is returned. */
int store_instrument_each(struct store *s, store_instrument_fn fn, void *ctx, struct error *err);

/* Units. PARENT_CODE NULL for a top-level unit; LIST_SIZE < 0 when not counted. */
int store_unit_add(struct store *s, const char *code, const char *name, const char *type,
		   const char *parent_code, long list_size, const char *counted_on, int64_t *id_out,
		   struct error *err);
int store_unit_count(struct store *s, long *count, struct error *err);

/* The current UTC time as ISO 8601, into BUF (at least 21 bytes). */
void store_now(char *buf, size_t size);

#endif
