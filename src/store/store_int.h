/*
 * store_int.h - what a storage backend provides to store.c. Private to src/store/.
 */
#ifndef CAREGRID_STORE_INT_H
#define CAREGRID_STORE_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/error.h"
#include "store/queries.h"
#include "store/store.h"

enum param_type { P_NULL, P_TEXT, P_INT, P_REAL };

struct param {
	enum param_type type;
	const char *text;
	int64_t i;
	double d;
};

static inline struct param
PTEXT(const char *s)
{
	return (struct param){.type = s ? P_TEXT : P_NULL, .text = s};
}

static inline struct param
PINT(int64_t v)
{
	return (struct param){.type = P_INT, .i = v};
}

#define PNULL ((struct param){.type = P_NULL})

/* One result row, valid only during the callback it is passed to. */
struct row {
	void *impl;
	bool (*is_null)(void *impl, int col);
	const char *(*text)(void *impl, int col); /* "" for NULL */
	int64_t (*int64)(void *impl, int col);    /* 0 for NULL */
	double (*real)(void *impl, int col);
};

typedef int (*row_fn)(void *ctx, const struct row *row);

struct backend {
	const char *name;
	/* Replaces the ID_PK token of migrations: an auto-numbered 64-bit primary key. */
	const char *id_pk;
	int (*has_table)(struct store *s, const char *name, bool *exists, struct error *err);
	/* Settings that change the database file (journal mode); run only after the version check. */
	int (*prepare)(struct store *s, struct error *err);
	/* Runs several statements with no parameters (migrations, BEGIN, COMMIT). */
	int (*exec_script)(struct store *s, const char *sql, struct error *err);
	/* Runs a named query; FN (may be NULL) is called per row, a non-zero return stops the query and is
	 * returned. *CHANGES (may be NULL) receives the number of rows written. */
	int (*query)(struct store *s, enum query_id q, const struct param *params, int n_params, row_fn fn,
		     void *ctx, long *changes, struct error *err);
	void (*close)(struct store *s);
};

struct store {
	const struct backend *be;
	void *conn;          /* the backend's connection */
	void *stmts[Q_COUNT]; /* the backend's prepared statements, made on first use */
	char *where;         /* owned: what was opened, for messages */
};

int sqlite_backend_open(struct store *s, const char *path, enum store_open_mode mode, struct error *err);

#endif
