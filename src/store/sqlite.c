/*
 * sqlite.c - the SQLite backend of the store. WAL journal so readers never wait for the writer,
 * foreign keys on (SQLite leaves them off by default), a busy timeout so a second process waits for the
 * lock instead of failing, and synchronous=FULL so an acknowledged commit survives a power cut.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store_int.h"

#define BUSY_TIMEOUT_MS 5000

static sqlite3 *
db_of(struct store *s)
{
	return s->conn;
}

static int
fail(struct store *s, struct error *err, const char *what)
{
	return error_set(err, "%s: %s: %s", s->where, what, sqlite3_errmsg(db_of(s)));
}

static int
sq_exec_script(struct store *s, const char *sql, struct error *err)
{
	char *msg = NULL;
	if (sqlite3_exec(db_of(s), sql, NULL, NULL, &msg) != SQLITE_OK) {
		error_set(err, "%s: %s", s->where, msg ? msg : sqlite3_errmsg(db_of(s)));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

static int
sq_has_table(struct store *s, const char *name, bool *exists, struct error *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db_of(s), "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", -1,
			       &st, NULL) != SQLITE_OK)
		return fail(s, err, "reading the schema");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fail(s, err, "reading the schema");
	*exists = rc == SQLITE_ROW;
	return 0;
}

static int
sq_prepare(struct store *s, struct error *err)
{
	return sq_exec_script(s, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;", err);
}

static bool
sq_row_is_null(void *impl, int col)
{
	return sqlite3_column_type(impl, col) == SQLITE_NULL;
}

static const char *
sq_row_text(void *impl, int col)
{
	const unsigned char *t = sqlite3_column_text(impl, col);
	return t ? (const char *)t : "";
}

static int64_t
sq_row_int64(void *impl, int col)
{
	return sqlite3_column_int64(impl, col);
}

static double
sq_row_real(void *impl, int col)
{
	return sqlite3_column_double(impl, col);
}

static const void *
sq_row_blob(void *impl, int col, size_t *len)
{
	const void *p = sqlite3_column_blob(impl, col);
	*len = (size_t)sqlite3_column_bytes(impl, col);
	return p;
}

static int
bind_all(struct store *s, sqlite3_stmt *st, const struct param *params, int n, struct error *err)
{
	for (int i = 0; i < n; i++) {
		char name[16];
		snprintf(name, sizeof name, "$%d", i + 1);
		int idx = sqlite3_bind_parameter_index(st, name);
		if (idx == 0)
			return error_set(err, "%s: internal error: statement has no parameter %s", s->where, name);
		int rc;
		switch (params[i].type) {
		case P_TEXT: rc = sqlite3_bind_text(st, idx, params[i].text, -1, SQLITE_TRANSIENT); break;
		case P_INT: rc = sqlite3_bind_int64(st, idx, params[i].i); break;
		case P_REAL: rc = sqlite3_bind_double(st, idx, params[i].d); break;
		case P_BLOB: rc = sqlite3_bind_blob(st, idx, params[i].text, (int)params[i].len, SQLITE_TRANSIENT); break;
		default: rc = sqlite3_bind_null(st, idx); break;
		}
		if (rc != SQLITE_OK)
			return fail(s, err, "binding a value");
	}
	return 0;
}

static int
sq_query(struct store *s, enum query_id q, const struct param *params, int n_params, row_fn fn, void *ctx,
	 long *changes, struct error *err)
{
	sqlite3_stmt *st = s->stmts[q];
	if (!st) {
		if (sqlite3_prepare_v3(db_of(s), query_sql[q], -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK)
			return fail(s, err, "preparing a query");
		s->stmts[q] = st;
	}
	int result = 0;
	if (bind_all(s, st, params, n_params, err) < 0) {
		result = -1;
		goto out;
	}
	struct row row = {st, sq_row_is_null, sq_row_text, sq_row_int64, sq_row_real, sq_row_blob};
	for (;;) {
		int rc = sqlite3_step(st);
		if (rc == SQLITE_DONE)
			break;
		if (rc != SQLITE_ROW) {
			result = fail(s, err, "running a query");
			goto out;
		}
		if (fn && (result = fn(ctx, &row)) != 0)
			goto out;
	}
	if (changes)
		*changes = sqlite3_changes(db_of(s));
out:
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return result;
}

static void
sq_close(struct store *s)
{
	for (int i = 0; i < Q_COUNT; i++)
		sqlite3_finalize(s->stmts[i]);
	sqlite3_close(db_of(s));
}

static const struct backend sqlite_backend = {
	.name = "sqlite",
	.id_pk = "INTEGER PRIMARY KEY",
	.has_table = sq_has_table,
	.prepare = sq_prepare,
	.exec_script = sq_exec_script,
	.query = sq_query,
	.close = sq_close,
};

int
sqlite_backend_open(struct store *s, const char *path, enum store_open_mode mode, struct error *err)
{
	if (mode == STORE_OPEN_EXISTING && access(path, F_OK) != 0)
		return error_set(err, "no database at %s: create one with 'caregrid init --db %s'", path, path);
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	if (mode == STORE_OPEN_CREATE)
		flags |= SQLITE_OPEN_CREATE;
	sqlite3 *db = NULL;
	if (sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK) {
		error_set(err, "cannot open database %s: %s", path, db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close(db);
		return -1;
	}
	s->be = &sqlite_backend;
	s->conn = db;
	sqlite3_busy_timeout(db, BUSY_TIMEOUT_MS);
	sqlite3_extended_result_codes(db, 1);
	/* A file that is not a database only says so when first read: read now, before anything else. */
	if (sq_exec_script(s, "PRAGMA foreign_keys = ON; SELECT count(*) FROM sqlite_master;", err) < 0)
		return -1;
	return 0;
}
