/*
 * sqlite.c - the SQLite backend of the store. WAL journal so readers never wait for the writer,
 * foreign keys on (SQLite leaves them off by default), a busy timeout so a second process waits for the
 * lock instead of failing, and synchronous=FULL so an acknowledged commit survives a power cut.
 */
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/xalloc.h"
#include "store/store_int.h"

#define BUSY_TIMEOUT_MS 5000

static sqlite3 *
db_of(struct store *s)
{
	return s->conn;
}

/* Whose problem SQLite's result code is: a lock, a full or failing disk or a vanished file is worth retrying
 * later (503); a constraint is the caller's clash (409); anything else is a fault (500). */
static enum error_kind
kind_of(int code)
{
	switch (code & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
	case SQLITE_IOERR:
	case SQLITE_FULL:
	case SQLITE_CANTOPEN:
	case SQLITE_READONLY:
	case SQLITE_PROTOCOL:
	case SQLITE_NOLFS:
		return ERROR_UNAVAILABLE;
	case SQLITE_CONSTRAINT:
		return ERROR_CONFLICT;
	default:
		return ERROR_INTERNAL;
	}
}

static int
fail(struct store *s, struct error *err, const char *what)
{
	error_of(err, kind_of(sqlite3_extended_errcode(db_of(s))), "%s: %s: %s", s->where, what,
		 sqlite3_errmsg(db_of(s)));
	return store_reword(err);
}

static int
sq_exec_script(struct store *s, const char *sql, struct error *err)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db_of(s), sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		error_of(err, kind_of(rc), "%s: %s", s->where, msg ? msg : sqlite3_errmsg(db_of(s)));
		store_reword(err);
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

/* secure_delete: a deleted row (a reminder sent, a flag dropped by schema 020) is overwritten in the file, not
 * left in its free pages for whoever copies it. */
static int
sq_prepare(struct store *s, struct error *err)
{
	return sq_exec_script(s, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA secure_delete = ON;",
			      err);
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
			return error_of(err, ERROR_INTERNAL, "%s: internal error: statement has no parameter %s",
					s->where, name);
		int rc;
		switch (params[i].type) {
		case P_TEXT: rc = sqlite3_bind_text(st, idx, params[i].text, -1, SQLITE_TRANSIENT); break;
		case P_INT: rc = sqlite3_bind_int64(st, idx, params[i].i); break;
		case P_REAL: rc = sqlite3_bind_double(st, idx, params[i].d); break;
		case P_BLOB:
			rc = sqlite3_bind_blob(st, idx, params[i].text, (int)params[i].len, SQLITE_TRANSIENT);
			break;
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
		int rc = sqlite3_prepare_v3(db_of(s), query_text(q, false), -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
		if (rc != SQLITE_OK) {
			fail(s, err, "preparing a query");
			return store_query_failed(err, q);
		}
		s->stmts[q] = st;
	}
	int result = 0;
	if (bind_all(s, st, params, n_params, err) < 0) {
		result = store_query_failed(err, q);
		goto out;
	}
	struct row row = {st, sq_row_is_null, sq_row_text, sq_row_int64, sq_row_real, sq_row_blob};
	for (;;) {
		int rc = sqlite3_step(st);
		if (rc == SQLITE_DONE)
			break;
		if (rc != SQLITE_ROW) {
			fail(s, err, "running a query");
			result = store_query_failed(err, q);
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

/* A file deleted, renamed or replaced since it was opened would take every commit with it, silently: refuse
 * to acknowledge writes instead. Quiet: who notices says so in the log, once (web/pool.c), or with the
 * request's error. */
static int
sq_still_there(struct store *s, struct error *err)
{
	int moved = 0;
	if (sqlite3_file_control(db_of(s), "main", SQLITE_FCNTL_HAS_MOVED, &moved) != SQLITE_OK || !moved)
		return 0;
	return error_of(err, ERROR_UNAVAILABLE,
			"%s: the database file was deleted, moved or replaced while caregrid had it open; nothing was "
			"saved",
			s->where);
}

static const struct backend sqlite_backend = {
	.name = "sqlite",
	.id_pk = "INTEGER PRIMARY KEY",
	.begin_sql = "BEGIN IMMEDIATE",
	.has_table = sq_has_table,
	.prepare = sq_prepare,
	.exec_script = sq_exec_script,
	.query = sq_query,
	.close = sq_close,
	.still_there = sq_still_there,
};

/* Before SQLite's first use: no global memory statistics, which take a process-wide mutex on every
 * allocation and serialised the server's threads (measured under 64 concurrent survey submissions). */
static void
sqlite_configure(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int
sqlite_backend_open(struct store *s, const char *path, enum store_open_mode mode, struct error *err)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, sqlite_configure);
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

/* ---- backup and restore ---- */

/* The schema version of the copy DB (PATH): 0, or -1 (ERR) when it is no caregrid database this build knows. */
static int
copy_version(sqlite3 *db, const char *path, int *version, struct error *err)
{
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, "SELECT max(version) FROM schema_migrations", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return error_set(err, "%s: not a caregrid database (no schema_migrations)", path);
	}
	*version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (*version > store_schema_latest())
		return error_set(err, "%s: schema version %d is newer than this caregrid knows (%d)", path, *version,
				 store_schema_latest());
	return 0;
}

/* Every table of DB with its row count (names from the file's own catalogue). */
static int
copy_counts(sqlite3 *db, const char *path, struct store_table_rows **tables, size_t *n, struct error *err)
{
	sqlite3_stmt *st = NULL;
	*tables = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(db,
			       "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
			       "ORDER BY rowid",
			       -1, &st, NULL) != SQLITE_OK)
		return error_set(err, "%s: reading its tables: %s", path, sqlite3_errmsg(db));
	int rc = 0;
	while (rc == 0 && sqlite3_step(st) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		char sql[300];
		snprintf(sql, sizeof sql, "SELECT count(*) FROM \"%.200s\"", name);
		sqlite3_stmt *count = NULL;
		if (sqlite3_prepare_v2(db, sql, -1, &count, NULL) != SQLITE_OK || sqlite3_step(count) != SQLITE_ROW)
			rc = error_set(err, "%s: counting the rows of %s: %s", path, name, sqlite3_errmsg(db));
		else {
			*tables = xrealloc(*tables, (*n + 1) * sizeof **tables);
			(*tables)[(*n)++] = (struct store_table_rows){xstrdup(name), sqlite3_column_int64(count, 0)};
		}
		sqlite3_finalize(count);
	}
	sqlite3_finalize(st);
	return rc;
}

int
store_file_check(const char *path, int *version, struct store_table_rows **tables, size_t *n, struct error *err)
{
	sqlite3 *db = NULL;
	int rc = -1;
	if (tables)
		*tables = NULL, *n = 0;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		error_set(err, "%s: cannot open the copy: %s", path, db ? sqlite3_errmsg(db) : "out of memory");
		goto out;
	}
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		error_set(err, "%s: not a database: %s", path, sqlite3_errmsg(db));
		sqlite3_finalize(st);
		goto out;
	}
	const char *verdict = (const char *)sqlite3_column_text(st, 0);
	if (!verdict || strcmp(verdict, "ok") != 0) {
		error_set(err, "%s: the integrity check failed: %s", path, verdict ? verdict : "?");
		sqlite3_finalize(st);
		goto out;
	}
	sqlite3_finalize(st);
	if (copy_version(db, path, version, err) < 0 || (tables && copy_counts(db, path, tables, n, err) < 0))
		goto out;
	rc = 0;
out:
	if (rc < 0 && tables) {
		store_table_rows_free(*tables, *n);
		*tables = NULL, *n = 0;
	}
	sqlite3_close(db);
	return rc;
}

void
store_table_rows_free(struct store_table_rows *tables, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(tables[i].name);
	free(tables);
}

static int
check_copy(const char *path, struct error *err)
{
	int version;
	return store_file_check(path, &version, NULL, NULL, err);
}

static void
remove_with_companions(const char *path)
{
	char p[4200];
	unlink(path);
	snprintf(p, sizeof p, "%.4000s-wal", path);
	unlink(p);
	snprintf(p, sizeof p, "%.4000s-shm", path);
	unlink(p);
}

/* Copies the whole of FROM into TO in one step, so that the copy is a single snapshot. */
static int
copy_database(const char *from, int from_flags, const char *to, struct error *err)
{
	sqlite3 *src = NULL, *dst = NULL;
	int rc = -1;
	if (sqlite3_open_v2(from, &src, from_flags, NULL) != SQLITE_OK) {
		error_set(err, "cannot open %s: %s", from, src ? sqlite3_errmsg(src) : "out of memory");
		goto out;
	}
	sqlite3_busy_timeout(src, BUSY_TIMEOUT_MS);
	if (sqlite3_open_v2(to, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		error_set(err, "cannot create %s: %s", to, dst ? sqlite3_errmsg(dst) : "out of memory");
		goto out;
	}
	sqlite3_busy_timeout(dst, BUSY_TIMEOUT_MS);
	sqlite3_backup *bk = sqlite3_backup_init(dst, "main", src, "main");
	if (!bk) {
		error_set(err, "cannot start the copy: %s", sqlite3_errmsg(dst));
		goto out;
	}
	int step;
	for (int tries = 0; tries < 100; tries++) {
		step = sqlite3_backup_step(bk, -1);
		if (step != SQLITE_BUSY && step != SQLITE_LOCKED)
			break;
		sqlite3_sleep(50);
	}
	sqlite3_backup_finish(bk);
	if (step != SQLITE_DONE) {
		error_set(err, "the copy did not finish: %s", sqlite3_errstr(step));
		goto out;
	}
	rc = 0;
out:
	sqlite3_close(src);
	sqlite3_close(dst);
	return rc;
}

int
store_backup(const char *db_path, const char *to, bool overwrite, struct error *err)
{
	if (access(db_path, F_OK) != 0)
		return error_set(err, "no database at %s", db_path);
	if (!overwrite && access(to, F_OK) == 0)
		return error_set(err, "%s exists already: choose a new file, or give --force to replace it", to);
	if (overwrite)
		remove_with_companions(to);
	if (check_copy(db_path, err) < 0)
		return -1;
	if (copy_database(db_path, SQLITE_OPEN_READONLY, to, err) < 0 || check_copy(to, err) < 0) {
		remove_with_companions(to);
		return -1;
	}
	return 0;
}

int
store_restore(const char *from, const char *db_path, bool overwrite, struct error *err)
{
	if (access(from, F_OK) != 0)
		return error_set(err, "no backup at %s", from);
	if (check_copy(from, err) < 0)
		return -1;
	if (!overwrite && access(db_path, F_OK) == 0)
		return error_set(err, "%s exists: restoring would replace it; give --force if that is what you want",
				 db_path);
	/* Into a new file first, then renamed over the old one: a failed restore leaves the old database. */
	char tmp[4200];
	snprintf(tmp, sizeof tmp, "%.4000s.restoring", db_path);
	remove_with_companions(tmp);
	if (copy_database(from, SQLITE_OPEN_READONLY, tmp, err) < 0 || check_copy(tmp, err) < 0) {
		remove_with_companions(tmp);
		return -1;
	}
	remove_with_companions(db_path);
	if (rename(tmp, db_path) != 0) {
		remove_with_companions(tmp);
		return error_set(err, "cannot put the restored database at %s", db_path);
	}
	/* The check's read-only connection may leave an empty -wal and -shm under the temporary name. */
	remove_with_companions(tmp);
	return 0;
}
