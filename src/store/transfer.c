/*
 * transfer.c - moving a deployment from a SQLite file to PostgreSQL (store_transfer in store.h): every
 * table copied in the order it was created (so that foreign keys always find their rows), in one
 * PostgreSQL transaction that commits only after the row counts of both sides agree; identity counters
 * moved past the copied ids. Table names come from the source's own catalogue, never from the user. And the other
 * way, for an encrypted backup of a PostgreSQL database (store_export_sqlite): every table read in one snapshot
 * into a new SQLite file. Both ways walk the tables in one loop (walk_tables), counts checked table by table.
 */
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/buf.h"
#include "lib/strvec.h"
#include "lib/xalloc.h"
#include "store/store_int.h"

/* Tables the migrations fill with reference rows (schema/002_units.sql; setting's key_check, store/keys.c):
 * replaced by the file's own. */
static const char *const seeded_tables[] = {"unit_type", "change_counter", "setting", NULL};

static bool
seeded(const char *table)
{
	for (const char *const *t = seeded_tables; *t; t++)
		if (strcmp(*t, table) == 0)
			return true;
	return false;
}

static int
pg_ok(PGconn *pg, PGresult *res, const char *what, struct error *err)
{
	ExecStatusType st = PQresultStatus(res);
	if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) {
		PQclear(res);
		return 0;
	}
	error_set(err, "PostgreSQL: %s: %s", what, res ? PQresultErrorMessage(res) : PQerrorMessage(pg));
	size_t n = strlen(err->msg);
	while (n && err->msg[n - 1] == '\n')
		err->msg[--n] = '\0';
	PQclear(res);
	return -1;
}

static long long
pg_count(PGconn *pg, const char *table, struct error *err)
{
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
	PGresult *res = PQexec(pg, sql);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		pg_ok(pg, res, "counting rows", err);
		return -1;
	}
	const char *text = PQgetvalue(res, 0, 0);
	char *end;
	long long n = strtoll(text, &end, 10);
	if (!*text || *end || n < 0)
		n = error_set(err, "PostgreSQL: counting rows of %s: \"%s\" is not a count", table, text);
	PQclear(res);
	return n;
}

static long long
sq_count(sqlite3 *db, const char *table)
{
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM \"%s\"", table);
	sqlite3_stmt *st;
	long long n = -1;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* Appends TEXT to a COPY row, escaped for COPY's text format. */
static void
copy_text(struct buf *b, const char *text)
{
	for (const char *p = text; *p; p++) {
		switch (*p) {
		case '\\': buf_puts(b, "\\\\"); break;
		case '\t': buf_puts(b, "\\t"); break;
		case '\n': buf_puts(b, "\\n"); break;
		case '\r': buf_puts(b, "\\r"); break;
		default: buf_add(b, p, 1);
		}
	}
}

/* Sends what B holds to the COPY in progress. */
static int
copy_flush(PGconn *pg, struct buf *b, const char *table, struct error *err)
{
	if (b->len && PQputCopyData(pg, b->data, (int)b->len) != 1)
		return error_set(err, "copying %s: %s", table, PQerrorMessage(pg));
	buf_reset(b);
	return 0;
}

/*
 * Copies TABLE's rows with COPY ... FROM STDIN (text format), streamed in 256 KB pieces: one round trip per
 * piece rather than per row (10 million answers: minutes became about a minute). *ROWS gets how many.
 */
static int
copy_table(sqlite3 *db, PGconn *pg, const char *table, long long *rows, struct error *err)
{
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT * FROM \"%s\"", table);
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return error_set(err, "reading %s: %s", table, sqlite3_errmsg(db));
	int n = sqlite3_column_count(st);
	struct buf b;
	buf_init(&b, 0);
	buf_printf(&b, "COPY %s (", table);
	for (int c = 0; c < n; c++)
		buf_printf(&b, "%s%s", c ? ", " : "", sqlite3_column_name(st, c));
	buf_puts(&b, ") FROM STDIN");
	PGresult *res = PQexec(pg, b.data);
	if (PQresultStatus(res) != PGRES_COPY_IN) {
		sqlite3_finalize(st);
		buf_release(&b);
		return pg_ok(pg, res, "starting the copy", err);
	}
	PQclear(res);
	buf_reset(&b);
	*rows = 0;
	int rc = 0, step = SQLITE_DONE;
	while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
		for (int c = 0; c < n; c++) {
			if (c)
				buf_puts(&b, "\t");
			switch (sqlite3_column_type(st, c)) {
			case SQLITE_NULL: buf_puts(&b, "\\N"); break;
			case SQLITE_FLOAT:
				/* Full precision: SQLite's own text form keeps only 15 digits. */
				buf_printf(&b, "%.17g", sqlite3_column_double(st, c));
				break;
			case SQLITE_BLOB: {
				/* bytea's hex form, its backslash escaped for COPY. */
				const unsigned char *p = sqlite3_column_blob(st, c);
				int len = sqlite3_column_bytes(st, c);
				buf_puts(&b, "\\\\x");
				for (int i = 0; i < len; i++)
					buf_printf(&b, "%02x", p[i]);
				break;
			}
			default: copy_text(&b, (const char *)sqlite3_column_text(st, c)); break;
			}
		}
		buf_puts(&b, "\n");
		(*rows)++;
		if (b.len >= 256 * 1024)
			rc = copy_flush(pg, &b, table, err);
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = error_set(err, "reading %s: %s", table, sqlite3_errmsg(db));
	sqlite3_finalize(st);
	if (rc == 0)
		rc = copy_flush(pg, &b, table, err);
	/* Ending the copy; a failure on our side makes the server throw the rows away. */
	if (PQputCopyEnd(pg, rc == 0 ? NULL : "caregrid migrate stopped") != 1 && rc == 0)
		rc = error_set(err, "copying %s: %s", table, PQerrorMessage(pg));
	/* The server's verdict on the rows: constraints are checked as they arrive. */
	struct error ignored;
	int verdict = pg_ok(pg, PQgetResult(pg), table, rc == 0 ? err : &ignored);
	if (rc == 0)
		rc = verdict;
	while ((res = PQgetResult(pg)))
		PQclear(res);
	buf_release(&b);
	return rc;
}

/* An identity column's counter continues after the copied ids. */
static int
advance_identity(PGconn *pg, const char *table, struct error *err)
{
	const char *values[1] = {table};
	PGresult *res = PQexecParams(pg,
				     "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() "
				     "AND table_name = $1 AND column_name = 'id' AND is_identity = 'YES'",
				     1, NULL, values, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		return pg_ok(pg, res, "reading the schema", err);
	bool identity = PQntuples(res) > 0;
	PQclear(res);
	if (!identity)
		return 0;
	char sql[400];
	snprintf(sql, sizeof sql,
		 "SELECT setval(pg_get_serial_sequence('%s', 'id'), max(id)) FROM %s HAVING max(id) IS NOT NULL", table,
		 table);
	return pg_ok(pg, PQexec(pg, sql), "moving an id counter", err);
}

static int
list_tables(sqlite3 *db, const char *from, struct strvec *tables, struct error *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db,
			       "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
			       "AND name <> 'schema_migrations' ORDER BY rowid",
			       -1, &st, NULL) != SQLITE_OK)
		return error_set(err, "%s: reading its tables: %s", from, sqlite3_errmsg(db));
	while (sqlite3_step(st) == SQLITE_ROW)
		strvec_push(tables, (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return 0;
}

static int
check_empty(PGconn *pg, const struct strvec *tables, struct error *err)
{
	int rc = 0;
	for (size_t i = 0; i < tables->n && rc == 0; i++) {
		if (seeded(tables->v[i]))
			continue;
		long long n = pg_count(pg, tables->v[i], err);
		if (n < 0)
			rc = -1;
		else if (n > 0)
			rc = error_set(err,
				       "the PostgreSQL database is not empty (%s has %lld rows); nothing was copied",
				       tables->v[i], n);
	}
	return rc;
}

/* ---- the other way's rows: PostgreSQL's read into SQLite (store_export_sqlite) ---- */

/* PostgreSQL's type ids (pg_type.h) of the columns read as numbers or bytes; every other column is text. */
enum { PG_BYTEA = 17, PG_INT8 = 20, PG_INT2 = 21, PG_INT4 = 23, PG_FLOAT4 = 700, PG_FLOAT8 = 701 };

/* Binds column C of the single row RES to parameter C + 1 of INS, in its SQLite type. */
static int
bind_value(sqlite3_stmt *ins, const PGresult *res, int c)
{
	if (PQgetisnull(res, 0, c))
		return sqlite3_bind_null(ins, c + 1);
	const char *v = PQgetvalue(res, 0, c);
	char *end;
	switch (PQftype(res, c)) {
	case PG_INT2:
	case PG_INT4:
	case PG_INT8: {
		long long n = strtoll(v, &end, 10);
		return *end ? sqlite3_bind_text(ins, c + 1, v, -1, SQLITE_TRANSIENT)
			    : sqlite3_bind_int64(ins, c + 1, n);
	}
	case PG_FLOAT4:
	case PG_FLOAT8: {
		/* PostgreSQL 12 and later print the shortest text that reads back exactly. */
		double d = strtod(v, &end);
		return *end ? sqlite3_bind_text(ins, c + 1, v, -1, SQLITE_TRANSIENT)
			    : sqlite3_bind_double(ins, c + 1, d);
	}
	case PG_BYTEA: {
		size_t len = 0;
		unsigned char *bytes = PQunescapeBytea((const unsigned char *)v, &len);
		if (!bytes)
			return SQLITE_NOMEM;
		int rc = sqlite3_bind_blob(ins, c + 1, bytes, (int)len, SQLITE_TRANSIENT);
		PQfreemem(bytes);
		return rc;
	}
	default: return sqlite3_bind_text(ins, c + 1, v, -1, SQLITE_TRANSIENT);
	}
}

/* INSERT INTO TABLE with the columns of RES, prepared into *INS. */
static int
prepare_insert(sqlite3 *db, const char *table, const PGresult *res, sqlite3_stmt **ins, struct error *err)
{
	struct buf b;
	buf_init(&b, 0);
	buf_printf(&b, "INSERT INTO \"%s\" (", table);
	int n = PQnfields(res);
	for (int c = 0; c < n; c++)
		buf_printf(&b, "%s\"%s\"", c ? ", " : "", PQfname(res, c));
	buf_puts(&b, ") VALUES (");
	for (int c = 0; c < n; c++)
		buf_puts(&b, c ? ", ?" : "?");
	buf_puts(&b, ")");
	int rc = sqlite3_prepare_v2(db, b.data, -1, ins, NULL) == SQLITE_OK
			 ? 0
			 : error_set(err, "writing %s: %s", table, sqlite3_errmsg(db));
	buf_release(&b);
	return rc;
}

static int
insert_row(sqlite3 *db, sqlite3_stmt *ins, const PGresult *res, const char *table, struct error *err)
{
	int rc = SQLITE_OK;
	for (int c = 0; c < PQnfields(res) && rc == SQLITE_OK; c++)
		rc = bind_value(ins, res, c);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(ins);
	sqlite3_reset(ins);
	sqlite3_clear_bindings(ins);
	return rc == SQLITE_DONE ? 0 : error_set(err, "writing %s: %s", table, sqlite3_errmsg(db));
}

/* Copies TABLE's rows from PG into DB, one row at a time from the server (single-row mode: no table is held
 * whole in memory). *ROWS gets how many. */
static int
pull_table(PGconn *pg, sqlite3 *db, const char *table, long long *rows, struct error *err)
{
	char sql[200];
	snprintf(sql, sizeof sql, "SELECT * FROM %s", table);
	if (!PQsendQuery(pg, sql) || !PQsetSingleRowMode(pg))
		return error_set(err, "PostgreSQL: reading %s: %s", table, PQerrorMessage(pg));
	sqlite3_stmt *ins = NULL;
	int rc = 0;
	PGresult *res;
	*rows = 0;
	/* Every result is read, also after a failure, so that the connection is ready for the next statement. */
	while ((res = PQgetResult(pg))) {
		ExecStatusType st = PQresultStatus(res);
		if (rc == 0 && st == PGRES_SINGLE_TUPLE) {
			if (!ins)
				rc = prepare_insert(db, table, res, &ins, err);
			if (rc == 0)
				rc = insert_row(db, ins, res, table, err);
			*rows += rc == 0;
		} else if (rc == 0 && st != PGRES_TUPLES_OK) {
			rc = error_set(err, "PostgreSQL: reading %s: %s", table, PQresultErrorMessage(res));
		}
		PQclear(res);
	}
	sqlite3_finalize(ins);
	return rc;
}

/* Which way a walk over the tables copies: from the SQLite file into PostgreSQL (store_transfer) or back. */
enum direction { TO_POSTGRESQL, TO_SQLITE };

/* Empties a table the migrations seeded on the receiving side, so that the sender's rows replace them. */
static int
clear_seeded(sqlite3 *db, PGconn *pg, enum direction dir, const char *table, struct error *err)
{
	char sql[200];
	if (dir == TO_POSTGRESQL) {
		snprintf(sql, sizeof sql, "DELETE FROM %s", table);
		return pg_ok(pg, PQexec(pg, sql), "replacing reference rows", err);
	}
	snprintf(sql, sizeof sql, "DELETE FROM \"%s\"", table);
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return error_set(err, "replacing reference rows of %s: %s", table, sqlite3_errmsg(db));
	return 0;
}

/* Copies every table in TABLES the way DIR says, in their order of creation, and checks table by table that both
 * sides hold as many rows as were copied. The caller holds the transactions. */
static int
walk_tables(sqlite3 *db, PGconn *pg, enum direction dir, const struct strvec *tables,
	    struct store_transfer_report *report, struct error *err)
{
	int rc = 0;
	for (size_t i = 0; i < tables->n && rc == 0; i++) {
		const char *table = tables->v[i];
		long long copied = 0;
		if (seeded(table))
			rc = clear_seeded(db, pg, dir, table, err);
		if (rc == 0)
			rc = dir == TO_POSTGRESQL ? copy_table(db, pg, table, &copied, err)
						  : pull_table(pg, db, table, &copied, err);
		if (rc == 0 && dir == TO_POSTGRESQL)
			rc = advance_identity(pg, table, err);
		long long there = rc == 0 ? pg_count(pg, table, err) : -1, here = sq_count(db, table);
		bool differ = rc == 0 && (there != here || here != copied);
		if (differ && dir == TO_POSTGRESQL)
			rc = error_set(err, "%s: %lld rows in the file but %lld in PostgreSQL; nothing was copied",
				       table, here, there);
		else if (differ)
			rc = error_set(err, "%s: %lld rows in PostgreSQL but %lld in the copy", table, there, here);
		if (rc == 0) {
			report->tables++;
			report->rows += copied;
		}
	}
	return rc;
}

/* ---- the two uses ---- */

/* Opens both ends of a copy, each brought to the latest schema (so that their tables match), the receiving end
 * as TO_MODE says: 0, or -1 with neither open. */
static int
open_ends(const char *from, const char *to, enum store_open_mode to_mode, struct store **src, struct store **dst,
	  struct error *err)
{
	if (store_open(src, from, STORE_OPEN_EXISTING, err) < 0)
		return -1;
	if (store_open(dst, to, to_mode, err) < 0) {
		store_close(*src);
		return -1;
	}
	return 0;
}

int
store_transfer(const char *from, const char *to, struct store_transfer_report *report, struct error *err)
{
	memset(report, 0, sizeof *report);
	if (strncmp(from, "sqlite:", 7) == 0)
		from += 7;
	if (store_is_postgresql(from))
		return error_set(err, "--from must be a SQLite file (sqlite:PATH), not %s", "a PostgreSQL database");
	if (!store_is_postgresql(to))
		return error_set(err, "--to must be a PostgreSQL URI (postgresql://...) or connection string");
	struct store *src = NULL, *dst = NULL;
	if (open_ends(from, to, STORE_OPEN_EXISTING, &src, &dst, err) < 0)
		return -1;
	sqlite3 *db = src->conn;
	PGconn *pg = pg_native(dst);
	struct strvec tables = STRVEC_INIT;
	int rc = list_tables(db, from, &tables, err);
	if (rc < 0)
		goto out;
	/* All or nothing: into an empty database only, in one transaction. */
	rc = check_empty(pg, &tables, err);
	bool begun = false;
	if (rc == 0)
		rc = pg_ok(pg, PQexec(pg, "BEGIN"), "starting the transaction", err);
	begun = rc == 0;
	if (rc == 0)
		rc = walk_tables(db, pg, TO_POSTGRESQL, &tables, report, err);
	if (rc == 0)
		rc = pg_ok(pg, PQexec(pg, "COMMIT"), "committing", err);
	else if (begun)
		PQclear(PQexec(pg, "ROLLBACK"));
	/* Fresh statistics for the planner: without them, summarising a moved region's rounds chose scans of
	 * every answer (48 s for 2,000 rounds). A failure here leaves a correct database, only a slower one. */
	if (rc == 0) {
		struct error ignored;
		pg_ok(pg, PQexec(pg, "ANALYZE"), "analysing", &ignored);
	}
out:
	strvec_clear(&tables);
	store_close(src);
	store_close(dst);
	return rc;
}

int
store_export_sqlite(const char *from, const char *to, struct store_transfer_report *report, struct error *err)
{
	memset(report, 0, sizeof *report);
	if (!store_is_postgresql(from))
		return error_set(err, "the export reads a PostgreSQL database");
	if (access(to, F_OK) == 0)
		return error_set(err, "%s exists already", to);
	struct store *src = NULL, *dst = NULL;
	if (open_ends(from, to, STORE_OPEN_CREATE, &src, &dst, err) < 0)
		return -1;
	PGconn *pg = pg_native(src);
	sqlite3 *db = dst->conn;
	struct strvec tables = STRVEC_INIT;
	int rc = list_tables(db, to, &tables, err);
	/* The rows keep PostgreSQL's order of creation, not the foreign keys': PostgreSQL checked them already. */
	if (rc == 0 && sqlite3_exec(db, "PRAGMA foreign_keys = OFF; BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		rc = error_set(err, "%s: %s", to, sqlite3_errmsg(db));
	/* One snapshot of every table, as SQLite's online backup takes. */
	if (rc == 0)
		rc = pg_ok(pg, PQexec(pg, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"), "starting the snapshot",
			   err);
	if (rc == 0) {
		rc = walk_tables(db, pg, TO_SQLITE, &tables, report, err);
		PQclear(PQexec(pg, "COMMIT"));
	}
	if (rc == 0 && sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		rc = error_set(err, "%s: %s", to, sqlite3_errmsg(db));
	strvec_clear(&tables);
	store_close(src);
	store_close(dst);
	if (rc < 0) {
		unlink(to);
		char wal[4200];
		snprintf(wal, sizeof wal, "%.4000s-wal", to);
		unlink(wal);
		snprintf(wal, sizeof wal, "%.4000s-shm", to);
		unlink(wal);
	}
	return rc;
}
