/*
 * store_int.h - what a storage backend provides to store.c. Private to src/store/.
 */
#ifndef CAREGRID_STORE_INT_H
#define CAREGRID_STORE_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/error.h"
#include "store/store.h"

struct backend {
	const char *name;
	/* Replaces the ID_PK token of migrations: an auto-numbered 64-bit primary key. */
	const char *id_pk;
	/* Starts a writing transaction: one writer at a time. */
	const char *begin_sql;
	int (*has_table)(struct store *s, const char *name, bool *exists, struct error *err);
	/* Settings that change the database file (journal mode); run only after the version check. */
	int (*prepare)(struct store *s, struct error *err);
	/* Runs several statements with no parameters (migrations, BEGIN, COMMIT). */
	int (*exec_script)(struct store *s, const char *sql, struct error *err);
	/* Runs a named query; FN (may be NULL) is called per row, a non-zero return stops the query and is
	 * returned. *CHANGES (may be NULL) receives the number of rows written. */
	int (*query)(struct store *s, enum query_id q, const struct param *params, int n_params, row_fn fn,
		     void *ctx, long *changes, struct error *err);
	/* store_queue's: Q sent now, its rows and changes delivered at the next flush (NULL: run now). */
	int (*queue)(struct store *s, enum query_id q, const struct param *params, int n_params, row_fn fn, void *ctx,
		     long *changes, struct error *err);
	/* store_queue_row's: ROW waits with Q's other rows, sent as one statement, FN (may be NULL) reading its
	 * result row (NULL: not supported). */
	int (*queue_row)(struct store *s, enum query_id q, const struct param *row, int n, row_fn fn, void *ctx,
			 struct error *err);
	/* store_flush's: every result still to come read now (NULL: nothing ever waits). */
	int (*flush)(struct store *s, struct error *err);
	void (*close)(struct store *s);
	/* Before a COMMIT that would acknowledge writes: -1 (ERR) when they could not last, such as a database
	 * file deleted or replaced under the running server. NULL: nothing to check. */
	int (*still_there)(struct store *s, struct error *err);
};

struct store {
	const struct backend *be;
	void *conn;          /* the backend's connection */
	void *stmts[Q_COUNT]; /* the backend's prepared statements, made on first use */
	char *where;         /* owned: what was opened, for messages */
	int tx_depth;        /* open transactions: 1 the outer one, more are savepoints */
	unsigned char key[32]; /* the key file's secret (keys.c), zeroed on close */
	bool has_key;
	struct store_guard guard; /* store_guard_set's, when HAS_GUARD */
	bool has_guard;
	int guard_refused;        /* 0, or the error kind the guard refused with (sticky until cleared) */
	uint64_t n_run, run_digest; /* statements run, and a digest of their sequence (store_tally) */
};

/* From this schema version on, the secrets live in the key file (schema/017). */
#define STORE_KEYS_VERSION 17
/* Reads, or makes, the key file of WHERE into S (keys.c); *UPGRADE when the database has not yet moved its
 * secrets out (before schema 017, or new): then store_keys_upgrade must run before it is used. */
int store_keys_load(struct store *s, const char *where, bool *upgrade, struct error *err);
/* Moves the secrets out of the database, in the caller's transaction; a no-op when done already. */
int store_keys_upgrade(struct store *s, struct error *err);
/* Schema 020: whether each emailed link had answered, copied in clear by its SQL, sealed (keys.c). Runs in the
 * migration's transaction when it crosses 020, with the key loaded. */
#define STORE_REFS_VERSION 20
int store_refs_upgrade(struct store *s, struct error *err);
/* Schema 021: each round's per-element sums packed onto its summary row, and round_item_summary dropped
 * (round_sums.c). Runs in the migration's transaction when it crosses 021. */
#define STORE_SUMS_VERSION 21
int store_sums_upgrade(struct store *s, struct error *err);

/* A backend's failure at running Q: names the statement in ERR's message (the detail, never shown: the
 * reader is told store_reword's words). Ours (unavailable, internal) are logged by whoever answers
 * (web/http.c, respond_storage_error); a clash (409) is logged here, as its reply says no more than that it
 * clashed. Returns -1. (query_names.c) */
int store_query_failed(struct error *err, enum query_id q);
/* After a backend has put the store's own words in ERR's msg (which can hold the database's path, a table's
 * or a constraint's name): the reader is told fixed words for ERR's kind instead (error_reword), whatever
 * the kind; msg keeps the detail for the log. Returns -1. */
int store_reword(struct error *err);

int sqlite_backend_open(struct store *s, const char *path, enum store_open_mode mode, struct error *err);
int pg_backend_open(struct store *s, const char *conninfo, struct error *err);
/* The libpq connection (PGconn *) of a PostgreSQL store: for transfer.c's bulk copy. */
void *pg_native(struct store *s);

#endif
