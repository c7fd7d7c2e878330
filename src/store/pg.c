/*
 * pg.c - the PostgreSQL backend of the store, through libpq. The same named queries as SQLite (written in
 * the SQL both share, with $N parameters, which PostgreSQL takes natively); values are sent as text with
 * their type named where PostgreSQL could not infer it (integers, reals, bytea) and read back as text.
 * Several caregrid processes may share one database: everything they must agree on lives in it.
 *
 * A lost connection (a restarted server) is reset on the next query outside a transaction; the query
 * that met the loss fails with a message naming it, and the transaction it was part of is gone whole.
 */
#include <libpq-fe.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/xalloc.h"
#include "store/store_int.h"

/* Type OIDs from PostgreSQL's pg_type.h (stable across versions). */
enum { OID_BYTEA = 17, OID_INT8 = 20, OID_FLOAT8 = 701 };

struct pg_conn {
	PGconn *conn;
	bool in_transaction;
	uintptr_t generation; /* counts resets: statements prepared before one are gone */
};

static PGconn *
conn_of(struct store *s)
{
	return ((struct pg_conn *)s->conn)->conn;
}

/* Whose problem a SQLSTATE is: a connection, resources, an operator's intervention or a transaction to retry
 * is worth retrying later (503); an integrity constraint is the caller's clash (409); the rest is a fault. */
static enum error_kind
kind_of(const char *sqlstate)
{
	if (!sqlstate)
		return ERROR_INTERNAL;
	if (!strncmp(sqlstate, "08", 2) || !strncmp(sqlstate, "53", 2) || !strncmp(sqlstate, "57", 2) ||
	    !strncmp(sqlstate, "40", 2))
		return ERROR_UNAVAILABLE;
	if (!strncmp(sqlstate, "23", 2))
		return ERROR_CONFLICT;
	return ERROR_INTERNAL;
}

/* libpq's messages end in a newline; ours do not. */
static int
fail_msg(struct store *s, struct error *err, enum error_kind kind, const char *what, const char *msg)
{
	size_t n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		n--;
	error_of(err, kind, "%s: %s: %.*s", s->where, what, (int)n, msg);
	return store_reword(err);
}

/* After a failure: when the connection itself was lost, say so plainly (the web layer answers 503). */
static int
fail_result(struct store *s, struct error *err, const char *what, PGresult *res)
{
	struct pg_conn *pc = s->conn;
	if (PQstatus(pc->conn) == CONNECTION_BAD) {
		pc->in_transaction = false;
		error_of(err, ERROR_UNAVAILABLE,
			 "%s: the database connection was lost (%s); nothing of this request was saved", s->where,
			 what);
		return store_reword(err);
	}
	return fail_msg(s, err, res ? kind_of(PQresultErrorField(res, PG_DIAG_SQLSTATE)) : ERROR_INTERNAL, what,
			res ? PQresultErrorMessage(res) : PQerrorMessage(pc->conn));
}

/* Before a statement outside a transaction: a connection lost earlier (a restarted server) is reset. */
static int
ensure_connected(struct store *s, struct error *err)
{
	struct pg_conn *pc = s->conn;
	if (PQstatus(pc->conn) == CONNECTION_OK)
		return 0;
	if (!pc->in_transaction) {
		PQreset(pc->conn);
		pc->generation++;
	}
	if (PQstatus(pc->conn) != CONNECTION_OK) {
		return fail_msg(s, err, ERROR_UNAVAILABLE, "the database is unavailable", PQerrorMessage(pc->conn));
	}
	return 0;
}

static int
pg_exec_script(struct store *s, const char *sql, struct error *err)
{
	struct pg_conn *pc = s->conn;
	bool begin = strncmp(sql, "BEGIN", 5) == 0;
	if (!pc->in_transaction && ensure_connected(s, err) < 0)
		return -1;
	PGresult *res = PQexec(pc->conn, sql);
	ExecStatusType st = PQresultStatus(res);
	int rc = 0;
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY)
		rc = fail_result(s, err, "running SQL", res);
	PQclear(res);
	if (rc == 0 && begin)
		pc->in_transaction = true;
	else if (strcmp(sql, "COMMIT") == 0 || strcmp(sql, "ROLLBACK") == 0)
		pc->in_transaction = false;
	return rc;
}

static int
pg_has_table(struct store *s, const char *name, bool *exists, struct error *err)
{
	if (ensure_connected(s, err) < 0)
		return -1;
	const char *values[1] = {name};
	PGresult *res = PQexecParams(
		conn_of(s),
		"SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1", 1,
		NULL, values, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		int rc = fail_result(s, err, "reading the schema", res);
		PQclear(res);
		return rc;
	}
	*exists = PQntuples(res) > 0;
	PQclear(res);
	return 0;
}

static int
pg_prepare(struct store *s, struct error *err)
{
	/* Timestamps are made by caregrid (store_now); nothing here depends on the server's zone. Quiet the
	 * NOTICEs of CREATE TABLE IF NOT EXISTS. */
	return pg_exec_script(s, "SET client_min_messages = warning", err);
}

struct pg_row {
	PGresult *res;
	int row;
	unsigned char *blob; /* the last bytea decoded, freed after the callback */
};

static bool
pg_row_is_null(void *impl, int col)
{
	struct pg_row *r = impl;
	return PQgetisnull(r->res, r->row, col);
}

static const char *
pg_row_text(void *impl, int col)
{
	struct pg_row *r = impl;
	return PQgetvalue(r->res, r->row, col); /* "" for NULL */
}

static int64_t
pg_row_int64(void *impl, int col)
{
	const char *v = pg_row_text(impl, col);
	/* A comparison selected as a column is a boolean here, 1 or 0 on SQLite. */
	if (strcmp(v, "t") == 0)
		return 1;
	if (strcmp(v, "f") == 0)
		return 0;
	return strtoll(v, NULL, 10);
}

static double
pg_row_real(void *impl, int col)
{
	return strtod(pg_row_text(impl, col), NULL);
}

static const void *
pg_row_blob(void *impl, int col, size_t *len)
{
	struct pg_row *r = impl;
	PQfreemem(r->blob);
	r->blob = NULL;
	*len = 0;
	if (PQgetisnull(r->res, r->row, col))
		return NULL;
	r->blob = PQunescapeBytea((const unsigned char *)PQgetvalue(r->res, r->row, col), len);
	return r->blob;
}

static int
pg_query(struct store *s, enum query_id q, const struct param *params, int n_params, row_fn fn, void *ctx,
	 long *changes, struct error *err)
{
	struct pg_conn *pc = s->conn;
	if (!pc->in_transaction && ensure_connected(s, err) < 0)
		return -1;
	Oid types[32];
	const char *values[32];
	int lengths[32], formats[32];
	char numbers[32][32];
	char name[16];
	if (n_params > 32)
		return error_of(err, ERROR_INTERNAL, "%s: internal error: more than 32 parameters (in %s)", s->where,
				query_name(q, name));
	for (int i = 0; i < n_params; i++) {
		types[i] = 0; /* text: let PostgreSQL infer the type from where it is used */
		lengths[i] = 0;
		formats[i] = 0;
		switch (params[i].type) {
		case P_TEXT: values[i] = params[i].text; break;
		case P_INT:
			types[i] = OID_INT8;
			snprintf(numbers[i], sizeof numbers[i], "%lld", (long long)params[i].i);
			values[i] = numbers[i];
			break;
		case P_REAL:
			types[i] = OID_FLOAT8;
			snprintf(numbers[i], sizeof numbers[i], "%.17g", params[i].d);
			values[i] = numbers[i];
			break;
		case P_BLOB:
			types[i] = OID_BYTEA;
			values[i] = params[i].text;
			lengths[i] = (int)params[i].len;
			formats[i] = 1; /* binary: the bytes as they are */
			break;
		default: values[i] = NULL; break;
		}
	}
	/* Each named query is prepared once per connection (parsed and planned once), with the types of its
	 * first call; NULL fits any type later. A reset connection has lost them: prepared again. */
	snprintf(name, sizeof name, "q%d", (int)q);
	if (s->stmts[q] != (void *)pc->generation) {
		PGresult *prep = PQprepare(pc->conn, name, query_text(q, true), n_params, types);
		if (PQresultStatus(prep) != PGRES_COMMAND_OK) {
			fail_result(s, err, "preparing a query", prep);
			int rc = store_query_failed(err, q);
			PQclear(prep);
			return rc;
		}
		PQclear(prep);
		s->stmts[q] = (void *)pc->generation;
	}
	PGresult *res = PQexecPrepared(pc->conn, name, n_params, values, lengths, formats, 0);
	ExecStatusType st = PQresultStatus(res);
	if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
		fail_result(s, err, "running a query", res);
		int rc = store_query_failed(err, q);
		PQclear(res);
		return rc;
	}
	int result = 0;
	struct pg_row pr = {res, 0, NULL};
	struct row row = {&pr, pg_row_is_null, pg_row_text, pg_row_int64, pg_row_real, pg_row_blob};
	int n = PQntuples(res);
	for (int i = 0; i < n && fn; i++) {
		pr.row = i;
		result = fn(ctx, &row);
		PQfreemem(pr.blob);
		pr.blob = NULL;
		if (result != 0)
			break;
	}
	if (changes)
		*changes = strtol(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	return result;
}

static void
pg_close(struct store *s)
{
	struct pg_conn *pc = s->conn;
	if (!pc)
		return;
	PQfinish(pc->conn);
	free(pc);
}

void *
pg_native(struct store *s)
{
	return conn_of(s);
}

static const struct backend pg_backend = {
	.name = "postgresql",
	.id_pk = "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
	/* One writer at a time, as on SQLite: a transaction-scoped lock that every writing transaction takes, so
	 * that concurrent writers wait instead of failing with serialisation errors. Readers do not take it. */
	.begin_sql = "BEGIN; SELECT pg_advisory_xact_lock(72617)",
	.has_table = pg_has_table,
	.prepare = pg_prepare,
	.exec_script = pg_exec_script,
	.query = pg_query,
	.close = pg_close,
};

int
pg_backend_open(struct store *s, const char *conninfo, struct error *err)
{
	PGconn *conn = PQconnectdb(conninfo);
	if (PQstatus(conn) != CONNECTION_OK) {
		error_of(err, ERROR_UNAVAILABLE, "cannot connect to %s: %s", s->where,
			 conn ? PQerrorMessage(conn) : "out of memory");
		PQfinish(conn);
		return -1;
	}
	struct pg_conn *pc = xcalloc(1, sizeof *pc);
	pc->conn = conn;
	pc->generation = 1;
	s->be = &pg_backend;
	s->conn = pc;
	return 0;
}
