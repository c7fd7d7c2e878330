/*
 * pg.c - the PostgreSQL backend of the store, through libpq. The same named queries as SQLite (written in
 * the SQL both share, with $N parameters, which PostgreSQL takes natively); values are sent as text with
 * their type named where PostgreSQL could not infer it (integers, reals, bytea) and read back as text, but for
 * the few queries whose rows come in binary form (query_binary_rows: large bytea values, not hex-escaped).
 * Several caregrid processes may share one database: everything they must agree on lives in it.
 *
 * A transaction runs in libpq's pipeline mode: from BEGIN to its end, statements are sent as they come and
 * their results read together at the next flush, which is the first statement whose result is needed now, or
 * the COMMIT; so a transaction that reads nothing before it commits costs one round trip, whatever its length.
 * Statements queued with store_queue and the transaction's own (BEGIN, SAVEPOINT, RELEASE) wait for a flush.
 * Rows queued with store_queue_row wait in pg_rows until then (or a savepoint, or the COMMIT), each statement's
 * sent as one after everything queued before.
 * A failure anywhere in the pipeline makes the server skip the rest of it: the whole transaction is gone, and
 * every later statement of it fails with that first failure until its ROLLBACK (pg_conn.failure).
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
#include "store/pg_rows.h"
#include "store/store_int.h"

/* Type OIDs from PostgreSQL's pg_type.h (stable across versions). */
enum { OID_BOOL = 16, OID_BYTEA = 17, OID_INT8 = 20, OID_INT2 = 21, OID_INT4 = 23, OID_FLOAT8 = 701 };

/* A statement sent in the pipeline whose result is still to come, and what to do with it then. */
struct pending {
	int q;        /* the named query, or -1: one of the transaction's own statements */
	bool prepare; /* the preparing of Q, not a run of it */
	row_fn fn;    /* as pg_query's, called at the flush */
	void *ctx;
	long *changes;
	int rc; /* FN's last return, after the flush */
};

struct pg_conn {
	PGconn *conn;
	bool in_transaction;
	uintptr_t generation; /* counts resets: statements prepared before one are gone */
	bool pipeline;        /* in pipeline mode: from BEGIN to the transaction's end */
	struct pending *pending; /* owned: sent, results not yet read, in the order sent */
	size_t n_pending, cap_pending;
	bool failed;           /* the transaction met a failure in its pipeline: FAILURE, until it ends */
	struct error failure;
	struct pg_rows *rows;  /* owned: store_queue_row's, not yet sent */
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
		if (PQpipelineStatus(pc->conn) != PQ_PIPELINE_OFF)
			PQexitPipelineMode(pc->conn);
		pc->pipeline = false;
		pc->n_pending = 0;
	}
	if (PQstatus(pc->conn) != CONNECTION_OK) {
		return fail_msg(s, err, ERROR_UNAVAILABLE, "the database is unavailable", PQerrorMessage(pc->conn));
	}
	return 0;
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

/* An integer column of a row in binary form: big-endian, two's complement, LEN bytes (a boolean is one). */
static int64_t
binary_int(const unsigned char *v, int len)
{
	uint64_t u = len > 0 && (v[0] & 0x80) ? UINT64_MAX : 0;
	for (int i = 0; i < len && i < 8; i++)
		u = u << 8 | v[i];
	return (int64_t)u;
}

/* Whether column COL of R came in binary form as one of the integer types. */
static bool
binary_integer(const struct pg_row *r, int col)
{
	if (PQfformat(r->res, col) != 1)
		return false;
	Oid t = PQftype(r->res, col);
	return t == OID_BOOL || t == OID_INT2 || t == OID_INT4 || t == OID_INT8;
}

static int64_t
pg_row_int64(void *impl, int col)
{
	struct pg_row *r = impl;
	if (binary_integer(r, col))
		return binary_int((const unsigned char *)PQgetvalue(r->res, r->row, col),
				  PQgetlength(r->res, r->row, col));
	const char *v = pg_row_text(impl, col);
	/* A comparison selected as a column is a boolean here, 1 or 0 on SQLite. */
	if (strcmp(v, "t") == 0)
		return 1;
	if (strcmp(v, "f") == 0)
		return 0;
	char *end; /* PostgreSQL's own text for an integer column: nothing follows the digits */
	return strtoll(v, &end, 10);
}

static double
pg_row_real(void *impl, int col)
{
	struct pg_row *r = impl;
	if (binary_integer(r, col))
		return (double)pg_row_int64(impl, col);
	if (PQfformat(r->res, col) == 1 && PQftype(r->res, col) == OID_FLOAT8 &&
	    PQgetlength(r->res, r->row, col) == 8) {
		int64_t bits = binary_int((const unsigned char *)PQgetvalue(r->res, r->row, col), 8);
		double d;
		memcpy(&d, &bits, sizeof d);
		return d;
	}
	char *end; /* PostgreSQL's own text for a number: nothing follows it */
	return strtod(pg_row_text(impl, col), &end);
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
	if (PQfformat(r->res, col) == 1) { /* the bytes themselves, in the result */
		*len = (size_t)PQgetlength(r->res, r->row, col);
		return PQgetvalue(r->res, r->row, col);
	}
	r->blob = PQunescapeBytea((const unsigned char *)PQgetvalue(r->res, r->row, col), len);
	return r->blob;
}

/* The values of PARAMS as libpq takes them; NUMBERS holds the integers and reals written out. */
struct bound {
	Oid types[32];
	const char *values[32];
	int lengths[32], formats[32];
	char numbers[32][32];
};

static int
bind_params(struct store *s, enum query_id q, const struct param *params, int n_params, struct bound *b,
	    struct error *err)
{
	char name[16];
	if (n_params > 32)
		return error_of(err, ERROR_INTERNAL, "%s: internal error: more than 32 parameters (in %s)", s->where,
				query_name(q, name));
	for (int i = 0; i < n_params; i++) {
		b->types[i] = 0; /* text: let PostgreSQL infer the type from where it is used */
		b->lengths[i] = 0;
		b->formats[i] = 0;
		switch (params[i].type) {
		case P_TEXT: b->values[i] = params[i].text; break;
		case P_INT:
			b->types[i] = OID_INT8;
			snprintf(b->numbers[i], sizeof b->numbers[i], "%lld", (long long)params[i].i);
			b->values[i] = b->numbers[i];
			break;
		case P_REAL:
			b->types[i] = OID_FLOAT8;
			snprintf(b->numbers[i], sizeof b->numbers[i], "%.17g", params[i].d);
			b->values[i] = b->numbers[i];
			break;
		case P_BLOB:
			b->types[i] = OID_BYTEA;
			b->values[i] = params[i].text;
			b->lengths[i] = (int)params[i].len;
			b->formats[i] = 1; /* binary: the bytes as they are */
			break;
		default: b->values[i] = NULL; break;
		}
	}
	return 0;
}

/* RES's rows to FN (may be NULL) until it returns non-zero, which is returned; *CHANGES (may be NULL) the rows
 * written. */
static int
deliver(PGresult *res, row_fn fn, void *ctx, long *changes)
{
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
	if (changes) {
		char *end;
		long written = strtol(PQcmdTuples(res), &end, 10);
		*changes = *end ? 0 : written; /* "" for a statement that writes nothing */
	}
	return result;
}

/* ---- the pipeline ---- */

static int rows_out(struct store *s, struct error *err);

static struct pending *
pending_push(struct pg_conn *pc, int q, bool prepare)
{
	if (pc->n_pending == pc->cap_pending) {
		pc->cap_pending = pc->cap_pending ? 2 * pc->cap_pending : 32;
		pc->pending = xrealloc(pc->pending, pc->cap_pending * sizeof *pc->pending);
	}
	struct pending *p = &pc->pending[pc->n_pending++];
	*p = (struct pending){.q = q, .prepare = prepare};
	return p;
}

/* The transaction's first failure, kept: RES (NULL when there was none: the connection) met running P. */
static void
note_failure(struct store *s, const struct pending *p, PGresult *res)
{
	struct pg_conn *pc = s->conn;
	if (pc->failed)
		return;
	pc->failed = true;
	fail_result(s, &pc->failure, p && p->prepare ? "preparing a query" : "running a query", res);
	if (p && p->q >= 0)
		store_query_failed(&pc->failure, (enum query_id)p->q);
}

/* The failure kept, into ERR: -1. */
static int
failed(struct store *s, struct error *err)
{
	struct pg_conn *pc = s->conn;
	if (err)
		*err = pc->failure;
	return -1;
}

/* P's result RES: a failure is kept (the rest of the pipeline was skipped, PGRES_PIPELINE_ABORTED, and a
 * statement prepared there is not). */
static void
check_result(struct store *s, struct pending *p, PGresult *res)
{
	ExecStatusType st = PQresultStatus(res);
	if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)
		return;
	if (p->prepare)
		s->stmts[p->q] = NULL;
	note_failure(s, p, st == PGRES_PIPELINE_ABORTED ? NULL : res);
}

/* Reads the N results of GOT and the sync's into RES; false when the connection failed on the way. */
static bool
read_results(struct pg_conn *pc, size_t n, PGresult **res)
{
	if (PQpipelineSync(pc->conn) != 1)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (!(res[i] = PQgetResult(pc->conn)))
			return false;
		PGresult *end;
		while ((end = PQgetResult(pc->conn))) /* each statement's results end with a NULL */
			PQclear(end);
	}
	PGresult *sync = PQgetResult(pc->conn);
	bool ok = PQresultStatus(sync) == PGRES_PIPELINE_SYNC;
	PQclear(sync);
	return ok;
}

/*
 * Sends the sync and reads every result sent since the last: the one round trip. The rows go to their
 * callbacks only once all is read and the pipeline is idle, as a callback may run statements of its own; and
 * none at all when anything failed, as the transaction is gone. *LAST_RC (may be NULL): the last statement's
 * callback's return. 0, or -1 with the transaction's failure in ERR.
 */
static int
pipeline_flush_rc(struct store *s, int *last_rc, struct error *err)
{
	struct pg_conn *pc = s->conn;
	if (rows_out(s, err) < 0)
		return -1; /* the readers of what was sent wait for the flush that reads it, or pipeline_end */
	struct pg_rows_sent *sent = pg_rows_sent_take(pc->rows);
	size_t n = pc->n_pending;
	if (!n) {
		pg_rows_sent_free(sent);
		return pc->failed ? failed(s, err) : 0;
	}
	struct pending *got = xmalloc(n * sizeof *got);
	memcpy(got, pc->pending, n * sizeof *got);
	pc->n_pending = 0;
	PGresult **res = xcalloc(n, sizeof *res);
	bool lost = !read_results(pc, n, res);
	for (size_t i = 0; i < n; i++) {
		if (res[i])
			check_result(s, &got[i], res[i]);
		else if (got[i].prepare)
			s->stmts[got[i].q] = NULL;
	}
	if (lost)
		note_failure(s, NULL, NULL);
	for (size_t i = 0; i < n && !pc->failed; i++)
		if (!got[i].prepare)
			got[i].rc = deliver(res[i], got[i].fn, got[i].ctx, got[i].changes);
	if (last_rc)
		*last_rc = got[n - 1].rc;
	for (size_t i = 0; i < n; i++)
		PQclear(res[i]);
	free(res);
	free(got);
	pg_rows_sent_free(sent); /* their statements' results are delivered */
	return pc->failed ? failed(s, err) : 0;
}

static int
pipeline_flush(struct store *s, struct error *err)
{
	return pipeline_flush_rc(s, NULL, err);
}

/* Sends Q in the pipeline (prepared first on this connection if need be); its result waits for the flush. */
static int
pipeline_send(struct store *s, enum query_id q, const struct param *params, int n_params, row_fn fn, void *ctx,
	      long *changes, struct error *err)
{
	struct pg_conn *pc = s->conn;
	struct bound b;
	if (pc->failed)
		return failed(s, err);
	if (bind_params(s, q, params, n_params, &b, err) < 0)
		return -1;
	char name[16];
	snprintf(name, sizeof name, "q%d", (int)q);
	if (s->stmts[q] != (void *)pc->generation) {
		if (!PQsendPrepare(pc->conn, name, query_text(q, true), n_params, b.types))
			goto lost;
		pending_push(pc, (int)q, true);
		s->stmts[q] = (void *)pc->generation;
	}
	if (!PQsendQueryPrepared(pc->conn, name, n_params, b.values, b.lengths, b.formats, 0))
		goto lost;
	struct pending *p = pending_push(pc, (int)q, false);
	p->fn = fn;
	p->ctx = ctx;
	p->changes = changes;
	return 0;
lost:
	note_failure(s, NULL, NULL);
	return failed(s, err);
}

static int
send_rows(struct store *s, enum query_id q, const struct param *params, int n_params, row_fn fn, void *ctx,
	  struct error *err)
{
	return pipeline_send(s, q, params, n_params, fn, ctx, NULL, err);
}

/* The rows waiting (store_queue_row), each statement's sent now in the pipeline, after what was sent before. */
static int
rows_out(struct store *s, struct error *err)
{
	struct pg_conn *pc = s->conn;
	return pg_rows_waiting(pc->rows) ? pg_rows_send(pc->rows, s, send_rows, err) : 0;
}

/* Sends SQL, one or more of the transaction's own statements ("; " between them), in the pipeline. */
static int
pipeline_send_sql(struct store *s, const char *sql, struct error *err)
{
	struct pg_conn *pc = s->conn;
	char one[128];
	while (*sql) {
		size_t n = strcspn(sql, ";");
		snprintf(one, sizeof one, "%.*s", (int)n, sql);
		if (!PQsendQueryParams(pc->conn, one, 0, NULL, NULL, NULL, NULL, 0)) {
			note_failure(s, NULL, NULL);
			return failed(s, err);
		}
		pending_push(pc, -1, false);
		sql += n;
		sql += strspn(sql, "; ");
	}
	return 0;
}

/* Out of pipeline mode, everything read (what came is dropped); the transaction's failure forgotten. */
static void
pipeline_end(struct store *s)
{
	struct pg_conn *pc = s->conn;
	struct error ignored;
	pg_rows_drop(pc->rows);
	if (pc->n_pending)
		pipeline_flush(s, &ignored);
	pg_rows_sent_free(pg_rows_sent_take(pc->rows)); /* sent where no flush came */
	if (PQpipelineStatus(pc->conn) != PQ_PIPELINE_OFF)
		PQexitPipelineMode(pc->conn);
	pc->pipeline = false;
	pc->failed = false;
	pc->n_pending = 0;
}

/* A statement of the transaction's own, which can wait in the pipeline. */
static bool
transaction_control(const char *sql)
{
	return !strncmp(sql, "SAVEPOINT ", 10) || !strncmp(sql, "RELEASE ", 8) || !strncmp(sql, "ROLLBACK TO ", 12);
}

/* SQL run at once, outside pipeline mode: several statements (a migration) go in one simple query. */
static int
exec_now(struct store *s, const char *sql, struct error *err)
{
	struct pg_conn *pc = s->conn;
	if (!pc->in_transaction && ensure_connected(s, err) < 0)
		return -1;
	PGresult *res = PQexec(pc->conn, sql);
	ExecStatusType st = PQresultStatus(res);
	int rc = 0;
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK && st != PGRES_EMPTY_QUERY)
		rc = fail_result(s, err, "running SQL", res);
	PQclear(res);
	return rc;
}

/* The transaction's end, COMMIT or ROLLBACK: after what waits in the pipeline, so one round trip for all. */
static int
pg_end(struct store *s, bool commit, struct error *err)
{
	struct pg_conn *pc = s->conn;
	if (!pc->pipeline) {
		int rc = exec_now(s, commit ? "COMMIT" : "ROLLBACK", err);
		pc->in_transaction = false;
		return rc;
	}
	int rc = 0;
	if (!commit)
		pg_rows_drop(pc->rows);
	if (pc->failed)
		rc = commit ? failed(s, err) : 0;
	else if (rows_out(s, err) < 0 || pipeline_send_sql(s, commit ? "COMMIT" : "ROLLBACK", err) < 0)
		rc = -1; /* never sent: nothing committed */
	else
		rc = pipeline_flush(s, err);
	/* A failure in the pipeline leaves the server's transaction open, aborted: a ROLLBACK ends it (store_commit
	 * sends one after a failed COMMIT). */
	bool aborted = pc->failed;
	pipeline_end(s);
	if (aborted && !commit && PQstatus(pc->conn) == CONNECTION_OK) {
		struct error ignored;
		exec_now(s, "ROLLBACK", &ignored);
	}
	pc->in_transaction = false;
	return commit ? rc : 0;
}

static int
pg_exec_script(struct store *s, const char *sql, struct error *err)
{
	struct pg_conn *pc = s->conn;
	if (!strcmp(sql, "COMMIT") || !strcmp(sql, "ROLLBACK"))
		return pg_end(s, sql[0] == 'C', err);
	if (!pc->pipeline && !strncmp(sql, "BEGIN", 5)) {
		if (!pc->in_transaction && ensure_connected(s, err) < 0)
			return -1;
		if (!PQenterPipelineMode(pc->conn))
			return fail_msg(s, err, ERROR_UNAVAILABLE, "starting a transaction", PQerrorMessage(pc->conn));
		pc->pipeline = pc->in_transaction = true;
		pc->failed = false;
		return pipeline_send_sql(s, sql, err);
	}
	if (!pc->pipeline)
		return exec_now(s, sql, err);
	/* Rows queued since the savepoint go with it when it is undone, and are sent before it is made or
	 * released (rows_out), so that those waiting are always the savepoint's own. */
	if (!strncmp(sql, "ROLLBACK TO ", 12))
		pg_rows_drop(pc->rows);
	if (pc->failed) /* undoing part of a transaction already gone: nothing to do; the rest fails */
		return strncmp(sql, "ROLLBACK TO ", 12) ? failed(s, err) : 0;
	if (transaction_control(sql))
		return rows_out(s, err) < 0 ? -1 : pipeline_send_sql(s, sql, err);
	/* Anything else (a migration's script) runs at once, after what waits. */
	if (pipeline_flush(s, err) < 0)
		return -1;
	PQexitPipelineMode(pc->conn);
	int rc = exec_now(s, sql, err);
	if (!PQenterPipelineMode(pc->conn) && rc == 0)
		rc = fail_msg(s, err, ERROR_UNAVAILABLE, "running SQL", PQerrorMessage(pc->conn));
	if (rc < 0 && !pc->failed) {
		pc->failed = true;
		pc->failure = *err;
	}
	return rc;
}

/* Q's rows in binary form, each handed to FN as it arrives (libpq's single-row mode) and freed after it: the
 * large results (query_binary_rows) are never built whole in the request thread's memory. The regional grid's
 * 2,000 rows of packed sums (1.6 MB) cost the client 4.4 ms of CPU built whole, 2.1 ms a row at a time
 * (bench/RESULTS.md), and the rows are read while the server still sends the rest. Every result is read to
 * the end, even after FN stops or a failure, so the connection is ready for the next statement. */
static int
exec_streamed(struct store *s, enum query_id q, const char *name, int n_params, const struct bound *b, row_fn fn,
	      void *ctx, struct error *err)
{
	struct pg_conn *pc = s->conn;
	if (!PQsendQueryPrepared(pc->conn, name, n_params, b->values, b->lengths, b->formats, 1)) {
		fail_result(s, err, "running a query", NULL);
		return store_query_failed(err, q);
	}
	/* Refused only when too late, never here; the rows then come whole, and are delivered the same way. */
	PQsetSingleRowMode(pc->conn);
	int result = 0, rc = 0;
	PGresult *res;
	while ((res = PQgetResult(pc->conn))) {
		ExecStatusType st = PQresultStatus(res);
		if (st == PGRES_SINGLE_TUPLE || st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK) {
			if (result == 0 && rc == 0 && fn)
				result = deliver(res, fn, ctx, NULL);
		} else if (rc == 0) {
			fail_result(s, err, "running a query", res);
			rc = store_query_failed(err, q);
		}
		PQclear(res);
	}
	return rc < 0 ? rc : result;
}

static int
pg_query(struct store *s, enum query_id q, const struct param *params, int n_params, row_fn fn, void *ctx,
	 long *changes, struct error *err)
{
	struct pg_conn *pc = s->conn;
	if (pc->pipeline) {
		/* Sent after what waits, and all of it read now: one round trip. */
		if (rows_out(s, err) < 0 || pipeline_send(s, q, params, n_params, fn, ctx, changes, err) < 0)
			return -1;
		int rc = 0;
		if (pipeline_flush_rc(s, &rc, err) < 0)
			return -1;
		return rc;
	}
	if (ensure_connected(s, err) < 0)
		return -1;
	struct bound b;
	if (bind_params(s, q, params, n_params, &b, err) < 0)
		return -1;
	/* Each named query is prepared once per connection (parsed and planned once), with the types of its
	 * first call; NULL fits any type later. A reset connection has lost them: prepared again. */
	char name[16];
	snprintf(name, sizeof name, "q%d", (int)q);
	if (s->stmts[q] != (void *)pc->generation) {
		PGresult *prep = PQprepare(pc->conn, name, query_text(q, true), n_params, b.types);
		if (PQresultStatus(prep) != PGRES_COMMAND_OK) {
			fail_result(s, err, "preparing a query", prep);
			int rc = store_query_failed(err, q);
			PQclear(prep);
			return rc;
		}
		PQclear(prep);
		s->stmts[q] = (void *)pc->generation;
	}
	if (query_binary_rows(q))
		return exec_streamed(s, q, name, n_params, &b, fn, ctx, err);
	PGresult *res = PQexecPrepared(pc->conn, name, n_params, b.values, b.lengths, b.formats, 0);
	ExecStatusType st = PQresultStatus(res);
	if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
		fail_result(s, err, "running a query", res);
		int rc = store_query_failed(err, q);
		PQclear(res);
		return rc;
	}
	int result = deliver(res, fn, ctx, changes);
	PQclear(res);
	return result;
}

/* store_queue's: in a transaction, Q waits in the pipeline for the next flush; outside one it runs now. */
static int
pg_queue(struct store *s, enum query_id q, const struct param *params, int n_params, row_fn fn, void *ctx,
	 long *changes, struct error *err)
{
	struct pg_conn *pc = s->conn;
	if (!pc->pipeline)
		return pg_query(s, q, params, n_params, fn, ctx, changes, err) < 0 ? -1 : 0;
	return pipeline_send(s, q, params, n_params, fn, ctx, changes, err);
}

/* store_queue_row's (in a transaction: store.c): ROW waits with the rows of Q (pg_rows) for rows_out. A row
 * that does not fit leaves the rest undone, as the caller's rollback will. */
static int
pg_queue_row(struct store *s, enum query_id q, const struct param *row, int n, row_fn fn, void *ctx,
	     struct error *err)
{
	struct pg_conn *pc = s->conn;
	if (pc->failed)
		return failed(s, err);
	if (pg_rows_add(pc->rows, q, row, n, fn, ctx, err) < 0) {
		pg_rows_drop(pc->rows);
		return -1;
	}
	return 0;
}

static int
pg_flush(struct store *s, struct error *err)
{
	struct pg_conn *pc = s->conn;
	return pc->pipeline ? pipeline_flush(s, err) : 0;
}

static int
pg_has_table(struct store *s, const char *name, bool *exists, struct error *err)
{
	struct pg_conn *pc = s->conn;
	/* Not a named query: run at once, after what waits in a transaction's pipeline. */
	if (pc->pipeline) {
		if (pipeline_flush(s, err) < 0)
			return -1;
		PQexitPipelineMode(pc->conn);
	} else if (ensure_connected(s, err) < 0) {
		return -1;
	}
	const char *values[1] = {name};
	PGresult *res = PQexecParams(
		conn_of(s),
		"SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1", 1,
		NULL, values, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		int rc = fail_result(s, err, "reading the schema", res);
		PQclear(res);
		if (pc->pipeline) {
			pc->failed = true;
			pc->failure = *err;
			PQenterPipelineMode(pc->conn);
		}
		return rc;
	}
	*exists = PQntuples(res) > 0;
	PQclear(res);
	if (pc->pipeline && !PQenterPipelineMode(pc->conn))
		return fail_msg(s, err, ERROR_UNAVAILABLE, "reading the schema", PQerrorMessage(pc->conn));
	return 0;
}

static int
pg_prepare(struct store *s, struct error *err)
{
	/* Timestamps are made by caregrid (store_now); nothing here depends on the server's zone. Quiet the
	 * NOTICEs of CREATE TABLE IF NOT EXISTS. */
	return pg_exec_script(s, "SET client_min_messages = warning", err);
}

static void
pg_close(struct store *s)
{
	struct pg_conn *pc = s->conn;
	if (!pc)
		return;
	PQfinish(pc->conn);
	free(pc->pending);
	pg_rows_free(pc->rows);
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
	.queue = pg_queue,
	.queue_row = pg_queue_row,
	.flush = pg_flush,
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
	pc->rows = pg_rows_new();
	pc->conn = conn;
	pc->generation = 1;
	s->be = &pg_backend;
	s->conn = pc;
	return 0;
}
