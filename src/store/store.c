/*
 * store.c - the backend-independent half of the store: opening, versioned migrations, transactions and
 * the data functions of store.h expressed as named queries.
 *
 * Migrations are the schema/NNN_name.sql files compiled into the binary; NNN is the version. Opening an
 * older database applies the missing ones in a single transaction, so an upgrade either happens whole or
 * not at all; a database whose version is newer than this build's is refused before anything is written.
 */
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/buf.h"
#include "lib/embedded.h"
#include "lib/xalloc.h"
#include "store/store_int.h"

#define SCHEMA_PREFIX "schema/"

/* The version of a migration file: the number its name starts with, or -1. */
static int
migration_version(const char *name)
{
	if (strncmp(name, SCHEMA_PREFIX, strlen(SCHEMA_PREFIX)) != 0)
		return -1;
	const char *base = name + strlen(SCHEMA_PREFIX);
	char *end;
	long v = strtol(base, &end, 10);
	if (end == base || *end != '_' || v <= 0)
		return -1;
	return (int)v;
}

int
store_schema_latest(void)
{
	int latest = 0;
	for (const struct embedded_file *f = embedded_files; f->name; f++) {
		int v = migration_version(f->name);
		if (v > latest)
			latest = v;
	}
	return latest;
}

void
store_now(char *buf, size_t size)
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int
read_int(void *ctx, const struct row *row)
{
	*(int64_t *)ctx = row->int64(row->impl, 0);
	return 0;
}

int
store_schema_version(struct store *s, int *version, struct error *err)
{
	bool exists;
	if (s->be->has_table(s, "schema_migrations", &exists, err) < 0)
		return -1;
	if (!exists) {
		*version = 0;
		return 0;
	}
	int64_t v = 0;
	if (s->be->query(s, Q_SCHEMA_VERSION, NULL, 0, read_int, &v, NULL, err) < 0)
		return -1;
	*version = (int)v;
	return 0;
}

/* The migration text with the backend's spelling of ID_PK, and without its PostgreSQL-only part (from a line
 * "-- BEGIN POSTGRESQL" to a line "-- END POSTGRESQL") on any other backend. */
static char *
migration_sql(const struct store *s, const char *text)
{
	static const char pg_begin[] = "-- BEGIN POSTGRESQL\n", pg_end[] = "-- END POSTGRESQL\n";
	bool pg = strcmp(s->be->name, "postgresql") == 0;
	struct buf b = BUF_INIT;
	buf_init(&b, 0);
	const char *p = text;
	while (*p) {
		const char *hit = strstr(p, "ID_PK"), *only = pg ? NULL : strstr(p, pg_begin);
		if (only && (!hit || only < hit)) {
			buf_add(&b, p, (size_t)(only - p));
			const char *end = strstr(only, pg_end);
			p = end ? end + sizeof pg_end - 1 : only + strlen(only);
			continue;
		}
		if (!hit)
			break;
		buf_add(&b, p, (size_t)(hit - p));
		buf_puts(&b, s->be->id_pk);
		p = hit + 5;
	}
	buf_puts(&b, p);
	return buf_detach(&b, NULL);
}

/* Migrations from FROM to TARGET, and then the key file's upgrade when KEYS (it needs C): one transaction. */
static int
migrate(struct store *s, int from, int target, bool keys, struct error *err)
{
	if (store_begin(s, err) < 0)
		return -1;
	int rc = -1;
	if (s->be->exec_script(s,
			       "CREATE TABLE IF NOT EXISTS schema_migrations ("
			       " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
			       err) < 0)
		goto out;
	char now[32];
	store_now(now, sizeof now);
	for (int v = from + 1; v <= target; v++) {
		const struct embedded_file *f = embedded_files;
		while (f->name && migration_version(f->name) != v)
			f++;
		if (!f->name) {
			error_set(err, "%s: internal error: migration %03d is missing from this build", s->where, v);
			goto out;
		}
		char *sql = migration_sql(s, f->data);
		struct error e;
		int ran = s->be->exec_script(s, sql, &e);
		free(sql);
		if (ran < 0) {
			error_set(err, "upgrading to schema version %d (%s) failed, nothing was changed: %s", v,
				  f->name, e.msg);
			goto out;
		}
		struct param p[] = {PINT(v), PTEXT(f->name + strlen(SCHEMA_PREFIX)), PTEXT(now)};
		if (s->be->query(s, Q_SCHEMA_RECORD, PARAMS(p), NULL, NULL, NULL, err) < 0)
			goto out;
	}
	if (keys && store_keys_upgrade(s, err) < 0)
		goto out;
	if (from < STORE_REFS_VERSION && target >= STORE_REFS_VERSION && store_refs_upgrade(s, err) < 0)
		goto out;
	if (from < STORE_SUMS_VERSION && target >= STORE_SUMS_VERSION && store_sums_upgrade(s, err) < 0)
		goto out;
	rc = 0;
out:
	return store_finish(s, rc, err);
}

int
store_open_at(struct store **out, const char *where, enum store_open_mode mode, int target, struct error *err)
{
	*out = NULL;
	const char *path = where;
	bool pg = store_is_postgresql(where);
	if (strncmp(where, "sqlite:", 7) == 0)
		path = where + 7;
	if (!*path)
		return error_set(err, "empty database path");

	struct store *s = xcalloc(1, sizeof *s);
	/* Messages name the database; a connection string may hold a password, so it is never repeated. */
	s->where = xstrdup(pg ? "PostgreSQL" : path);
	if (pg ? pg_backend_open(s, where, err) < 0 : sqlite_backend_open(s, path, mode, err) < 0)
		goto fail;
	int version;
	if (store_schema_version(s, &version, err) < 0)
		goto fail;
	int latest = store_schema_latest();
	if (version > latest) {
		error_set(err,
			  "%s: the database is at schema version %d, newer than this caregrid knows (%d); "
			  "it was left untouched: use a newer caregrid",
			  path, version, latest);
		goto fail;
	}
	if (target > latest)
		target = latest;
	/* Only a store reaching schema 017 needs the key: tests of older schemas open without one. */
	bool keys = false;
	if (target >= STORE_KEYS_VERSION && store_keys_load(s, where, &keys, err) < 0)
		goto fail;
	if (s->be->prepare(s, err) < 0)
		goto fail;
	if ((version < target || keys) && migrate(s, version, target, keys, err) < 0)
		goto fail;
	*out = s;
	return 0;
fail:
	store_close(s);
	return -1;
}

bool
store_is_postgresql(const char *where)
{
	return strncmp(where, "postgresql:", 11) == 0 || strncmp(where, "postgres:", 9) == 0 ||
	       strstr(where, "dbname=");
}

int
store_open(struct store **out, const char *where, enum store_open_mode mode, struct error *err)
{
	return store_open_at(out, where, mode, store_schema_latest(), err);
}

void
store_close(struct store *s)
{
	if (!s)
		return;
	if (s->be)
		s->be->close(s);
	explicit_bzero(s->key, sizeof s->key);
	free(s->where);
	free(s);
}

void
store_guard_set(struct store *s, const struct store_guard *g)
{
	s->has_guard = g != NULL;
	s->guard_refused = 0;
	if (g)
		s->guard = *g;
	else
		memset(&s->guard, 0, sizeof s->guard);
}

void
store_guard_also(struct store *s, int64_t unit_id, int role_rank)
{
	if (!s->has_guard)
		return;
	s->guard.also = true;
	s->guard.also_unit_id = unit_id;
	s->guard.also_rank = role_rank;
}

int
store_guard_refused(const struct store *s)
{
	return s->guard_refused;
}

static int
guard_refusal(struct store *s, struct error *err)
{
	if (s->guard_refused == ERROR_SIGNED_OUT)
		return error_of(err, ERROR_SIGNED_OUT,
				"the session has ended or its person is disabled: nothing was written");
	return error_of(err, ERROR_FORBIDDEN, "the role this needs is no longer held: nothing was written");
}

static int
take_flag(void *ctx, const struct row *row)
{
	*(int64_t *)ctx = row->int64(row->impl, 0) ? 1 : 0;
	return 1;
}

/* Whether the guard's person holds RANK on UNIT_ID or a unit above it (AT_ROOT: on the top of its tree). */
static int
role_held(struct store *s, int64_t unit_id, int rank, bool at_root, bool *held, struct error *err)
{
	int64_t found = -1;
	struct param r[] = {PINT(unit_id), PINT(s->guard.user_id), PINT(rank), PINT(at_root ? 1 : 0)};
	if (s->be->query(s, Q_GUARD_ROLE, PARAMS(r), read_int, &found, NULL, err) < 0)
		return -1;
	*held = found >= 0;
	return 0;
}

/* The write guard's check (store.h), as the first statements of the transaction just begun. -1 (ERR) when it
 * refuses or cannot be made; a refusal is kept. */
static int
guard_check(struct store *s, struct error *err)
{
	const struct store_guard *g = &s->guard;
	int64_t now = (int64_t)time(NULL), is_admin = -1;
	struct param p[] = {PTEXT(g->token_hash), PINT(g->user_id), PINT(now), PINT(now - g->session_idle_s)};
	if (s->be->query(s, Q_GUARD_SESSION, PARAMS(p), take_flag, &is_admin, NULL, err) < 0)
		return -1;
	if (is_admin < 0) {
		s->guard_refused = ERROR_SIGNED_OUT;
		return guard_refusal(s, err);
	}
	if (is_admin == 1) /* an admin of every unit */
		return 0;
	bool held = !g->site_admin && !(g->also && !g->also_unit_id);
	if (held && g->unit_id && role_held(s, g->unit_id, g->role_rank, g->at_root, &held, err) < 0)
		return -1;
	if (held && g->also && role_held(s, g->also_unit_id, g->also_rank, false, &held, err) < 0)
		return -1;
	if (!held) {
		s->guard_refused = ERROR_FORBIDDEN;
		return guard_refusal(s, err);
	}
	return 0;
}

/*
 * A transaction begun inside another is a savepoint: the domain's functions each keep their writes whole with
 * begin/commit, and the batching writer (writer.h) runs several of them inside one transaction, so that one
 * failing piece is undone alone and one commit (one disk sync) makes a batch durable.
 */
int
store_begin(struct store *s, struct error *err)
{
	char sql[40];
	if (!s->tx_depth && s->guard_refused)
		return guard_refusal(s, err);
	if (s->tx_depth)
		snprintf(sql, sizeof sql, "SAVEPOINT cg_%d", s->tx_depth);
	if (s->be->exec_script(s, s->tx_depth ? sql : s->be->begin_sql, err) < 0)
		return -1;
	s->tx_depth++;
	/* Only the outer transaction: savepoints are inside one already checked. */
	if (s->tx_depth == 1 && s->has_guard && guard_check(s, err) < 0) {
		store_rollback(s);
		return -1;
	}
	return 0;
}

int
store_commit(struct store *s, struct error *err)
{
	if (s->tx_depth <= 0)
		return error_set(err, "commit without a transaction");
	char sql[40];
	if (--s->tx_depth)
		snprintf(sql, sizeof sql, "RELEASE SAVEPOINT cg_%d", s->tx_depth);
	if (!s->tx_depth && s->be->still_there && s->be->still_there(s, err) < 0) {
		struct error ignored;
		s->be->exec_script(s, "ROLLBACK", &ignored);
		return -1;
	}
	if (s->be->exec_script(s, s->tx_depth ? sql : "COMMIT", err) < 0) {
		if (!s->tx_depth) {
			/* A failed COMMIT may leave the transaction open (SQLite: busy): end it, so the connection is
			 * usable. */
			struct error ignored;
			s->be->exec_script(s, "ROLLBACK", &ignored);
		}
		return -1;
	}
	return 0;
}

void
store_rollback(struct store *s)
{
	struct error ignored;
	if (s->tx_depth <= 0) {
		s->be->exec_script(s, "ROLLBACK", &ignored);
		return;
	}
	char sql[80];
	if (--s->tx_depth)
		snprintf(sql, sizeof sql, "ROLLBACK TO SAVEPOINT cg_%d; RELEASE SAVEPOINT cg_%d", s->tx_depth,
			 s->tx_depth);
	s->be->exec_script(s, s->tx_depth ? sql : "ROLLBACK", &ignored);
}

int
store_finish(struct store *s, int rc, struct error *err)
{
	if (rc < 0) {
		store_rollback(s);
		return -1;
	}
	return store_commit(s, err) < 0 ? -1 : 0;
}

int
store_atomic(struct store *s, int (*run)(struct store *s, void *ctx, struct error *err), void *ctx, struct error *err)
{
	if (store_begin(s, err) < 0)
		return -1;
	return store_finish(s, run(s, ctx, err), err);
}

/* Whether a transaction is open on S. */
bool
store_still_there(struct store *s)
{
	struct error ignored;
	return !s->be->still_there || s->be->still_there(s, &ignored) == 0;
}

bool
store_in_transaction(const struct store *s)
{
	return s->tx_depth > 0;
}

/* Counts Q into the statements S has run, and into the digest of their order (FNV-1a). */
static void
tally(struct store *s, enum query_id q)
{
	s->n_run++;
	s->run_digest = (s->run_digest ^ (uint64_t)q) * 1099511628211u;
}

void
store_tally(struct store *s, uint64_t *statements, uint64_t *digest)
{
	*statements = s->n_run;
	*digest = s->run_digest;
	s->n_run = s->run_digest = 0;
}

bool
store_has_query(const struct store *s, enum query_id q)
{
	return query_text(q, strcmp(s->be->name, "postgresql") == 0) != NULL;
}

/* Every query goes through here: a change to the unit tree also moves its counter (see queries.h). */
static int
run_query(struct store *s, enum query_id q, const struct param *params, int n_params, row_fn fn, void *ctx,
	  long *changes, struct error *err)
{
	/* A guarded write outside a transaction gets one of its own, so that the guard is checked inside it. */
	if (s->has_guard && !s->tx_depth && query_writes(q)) {
		if (store_begin(s, err) < 0)
			return -1;
		int rc = run_query(s, q, params, n_params, fn, ctx, changes, err);
		return store_finish(s, rc, err) < 0 ? -1 : rc;
	}
	tally(s, q);
	int rc = s->be->query(s, q, params, n_params, fn, ctx, changes, err);
	/* After the change, never before: a server that reads the old count and then loads the tree holds newer
	 * data under an older count, and simply reloads at its next request. */
	if (rc >= 0 && query_changes_unit_tree(q) &&
	    s->be->query(s, Q_UNITS_VERSION_BUMP, NULL, 0, NULL, NULL, NULL, err) < 0)
		return -1;
	if (rc >= 0 && query_changes_results(q) &&
	    s->be->query(s, Q_RESULTS_VERSION_BUMP, NULL, 0, NULL, NULL, NULL, err) < 0)
		return -1;
	return rc;
}


int
store_exec(struct store *s, enum query_id q, const struct param *params, int n_params, row_fn fn, void *ctx,
	   long *changes, struct error *err)
{
	return run_query(s, q, params, n_params, fn, ctx, changes, err);
}

int
store_queue(struct store *s, enum query_id q, const struct param *params, int n_params, row_fn fn, void *ctx,
	    long *changes, struct error *err)
{
	/* Outside a transaction, or where run_query adds a statement of its own (the unit tree's counter): now. */
	if (!s->tx_depth || !s->be->queue || query_changes_unit_tree(q))
		return run_query(s, q, params, n_params, fn, ctx, changes, err) < 0 ? -1 : 0;
	tally(s, q);
	return s->be->queue(s, q, params, n_params, fn, ctx, changes, err);
}

int
store_queue_row_read(struct store *s, enum query_id q, const struct param *row, int n, row_fn fn, void *ctx,
		     struct error *err)
{
	char name[16];
	/* Outside a transaction a guarded write would miss its guard (run_query), and the counters' bumps are
	 * statements of their own: neither has rows. A submission's statement changes only an open round's
	 * counts, which no regional grid reads (closed rounds only), as store_queue's does: it may. */
	if (!s->be->queue_row || !s->tx_depth || !query_writes(q) || query_changes_unit_tree(q) ||
	    (query_changes_results(q) && q != Q_RESPONSE_SUBMIT_ROWS))
		return error_of(err, ERROR_INTERNAL, "%s: internal error: %s takes no rows here", s->where,
				query_name(q, name));
	tally(s, q);
	return s->be->queue_row(s, q, row, n, fn, ctx, err);
}

int
store_queue_row(struct store *s, enum query_id q, const struct param *row, int n, struct error *err)
{
	return store_queue_row_read(s, q, row, n, NULL, NULL, err);
}

int
store_flush(struct store *s, struct error *err)
{
	return s->be->flush ? s->be->flush(s, err) : 0;
}

struct first_int {
	int64_t value;
	bool found;
};

static int
take_first_int(void *ctx, const struct row *r)
{
	struct first_int *f = ctx;
	f->value = row_int(r, 0);
	f->found = true;
	return 1; /* stop: only the first row counts */
}

int
store_get_int(struct store *s, enum query_id q, const struct param *params, int n_params, int64_t *out,
	      struct error *err)
{
	struct first_int f = {0, false};
	int rc = run_query(s, q, params, n_params, take_first_int, &f, NULL, err);
	if (rc < 0)
		return -1;
	if (f.found)
		*out = f.value;
	return f.found ? 1 : 0;
}

static int
take_first_text(void *ctx, const struct row *r)
{
	*(char **)ctx = xstrdup(row_text(r, 0));
	return 1;
}

int
store_get_text(struct store *s, enum query_id q, const struct param *params, int n_params, char **out,
	       struct error *err)
{
	char *text = NULL;
	if (run_query(s, q, params, n_params, take_first_text, &text, NULL, err) < 0)
		return -1;
	*out = text;
	return text ? 1 : 0;
}

int
store_instrument_put(struct store *s, const char *id, long version, const char *title, const char *definition,
		     const char *hash, const char *origin, struct error *err)
{
	char now[32];
	store_now(now, sizeof now);
	struct param p[] = {PTEXT(id), PINT(version), PTEXT(title), PTEXT(definition), PTEXT(hash), PTEXT(origin),
			    PTEXT(now)};
	long changes = 0;
	if (s->be->query(s, Q_INSTRUMENT_PUT, PARAMS(p), NULL, NULL, &changes, err) < 0)
		return -1;
	return changes > 0 ? 1 : 0;
}

struct each_ctx {
	store_instrument_fn fn;
	void *ctx;
};

static int
instrument_row(void *vctx, const struct row *r)
{
	struct each_ctx *c = vctx;
	return c->fn(c->ctx, r->text(r->impl, 0), (long)r->int64(r->impl, 1), r->text(r->impl, 2),
		     r->text(r->impl, 3));
}

int
store_instrument_each(struct store *s, store_instrument_fn fn, void *ctx, struct error *err)
{
	struct each_ctx c = {fn, ctx};
	return s->be->query(s, Q_INSTRUMENT_EACH, NULL, 0, instrument_row, &c, NULL, err);
}

int
store_unit_add(struct store *s, const char *code, const char *name, const char *type, const char *parent_code,
	       long list_size, const char *counted_on, int64_t *id_out, struct error *err)
{
	struct param parent = PNULL;
	if (parent_code) {
		int64_t pid = -1;
		struct param p[] = {PTEXT(parent_code)};
		if (s->be->query(s, Q_UNIT_ID_BY_CODE, PARAMS(p), read_int, &pid, NULL, err) < 0)
			return -1;
		if (pid < 0)
			return error_set(err, "unknown parent unit \"%s\"", parent_code);
		parent = PINT(pid);
	}
	char now[32];
	store_now(now, sizeof now);
	struct param p[] = {PTEXT(code), PTEXT(name), PTEXT(type), parent,
			    list_size >= 0 ? PINT(list_size) : PNULL, PTEXT(counted_on), PTEXT(now)};
	int64_t id = -1;
	if (run_query(s, Q_UNIT_ADD, PARAMS(p), read_int, &id, NULL, err) < 0)
		return -1;
	if (id_out)
		*id_out = id;
	return 0;
}

int
store_unit_count(struct store *s, long *count, struct error *err)
{
	int64_t n = 0;
	if (s->be->query(s, Q_UNIT_COUNT, NULL, 0, read_int, &n, NULL, err) < 0)
		return -1;
	*count = (long)n;
	return 0;
}

int
store_compact(struct store *s, bool vacuum, struct error *err)
{
	if (store_in_transaction(s))
		return error_of(err, ERROR_INTERNAL, "store_compact inside a transaction");
	if (strcmp(s->be->name, "sqlite") != 0)
		return s->be->exec_script(s,
					  "VACUUM invitation, feedback_invitation, outbox, answer, consensus, "
					  "feedback_response, pdp_review, pdp_share, pdp_goal, audit_log",
					  err);
	/* VACUUM first: it writes the whole file again through the log, which the checkpoint then empties. */
	if (vacuum && s->be->exec_script(s, "VACUUM", err) < 0)
		return -1;
	return s->be->exec_script(s, "PRAGMA wal_checkpoint(TRUNCATE)", err);
}
