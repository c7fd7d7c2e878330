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
#include "store/queries.h"

struct store;

enum store_open_mode {
	STORE_OPEN_EXISTING, /* the database must exist already */
	STORE_OPEN_CREATE,   /* create it when missing */
};

/*
 * Opens the database at WHERE ("PATH" or "sqlite:PATH", or a PostgreSQL URI or connection string) and brings its schema
 * up to date in one
 * transaction. A database written by a newer caregrid is refused and left untouched.
 */
int store_open(struct store **out, const char *where, enum store_open_mode mode, struct error *err);

/* True when WHERE names a PostgreSQL database: a postgresql:// or postgres:// URI, or a libpq
 * connection string with dbname=. Anything else is a SQLite file. */
bool store_is_postgresql(const char *where);

/*
 * Moves a deployment: copies every table of the SQLite file FROM ("PATH" or "sqlite:PATH") into the empty
 * PostgreSQL database TO, in one transaction committed only when the row counts agree table by table.
 * Both are first brought to the latest schema. All or nothing: on any problem, nothing is left in TO.
 */
struct store_transfer_report {
	size_t tables;
	long long rows;
};
int store_transfer(const char *from, const char *to, struct store_transfer_report *report, struct error *err);
/*
 * The other way, for a backup of a PostgreSQL database: every table of FROM (a PostgreSQL database) read in one
 * snapshot into TO, a new SQLite file brought to the latest schema first (its key file is FROM's: the one
 * named, as for FROM), committed only when the row counts agree table by table. On any problem TO is removed.
 */
int store_export_sqlite(const char *from, const char *to, struct store_transfer_report *report, struct error *err);

/* As store_open, but migrates only up to TARGET: for tests of upgrades from older schemas. */
int store_open_at(struct store **out, const char *where, enum store_open_mode mode, int target,
		  struct error *err);

/* NULL is a no-op. */
void store_close(struct store *s);

/* The newest schema version this build knows. */
int store_schema_latest(void);
/* The version the open database is at. */
int store_schema_version(struct store *s, int *version, struct error *err);

/*
 * Transactions: BEGIN (IMMEDIATE on SQLite, so the write lock is taken at once), COMMIT, ROLLBACK. Inside an
 * open transaction they nest as savepoints: an inner rollback undoes only the inner part.
 */
int store_begin(struct store *s, struct error *err);
int store_commit(struct store *s, struct error *err);
void store_rollback(struct store *s);
/* Ends what store_begin began: commits when RC (the work's result) is not negative, else rolls back.
 * Returns -1 when the work failed or the commit did (ERR says why), else 0. */
int store_finish(struct store *s, int rc, struct error *err);
/* Runs RUN(S, CTX, ERR) in a transaction of its own (a savepoint inside an open one), committed when it returns
 * 0, else rolled back: for work held as a function, as a deferred write is when no writer runs it. */
int store_atomic(struct store *s, int (*run)(struct store *s, void *ctx, struct error *err), void *ctx,
		 struct error *err);
bool store_in_transaction(const struct store *s);
/* Whether S's database is still the file it opened (SQLite: not deleted, moved or replaced since; always on
 * PostgreSQL). A pool checks before handing out an idle connection, so a vanished file is an outage (503), not
 * stale reads from what is still open. */
bool store_still_there(struct store *s);
/* Whether S's backend has statement Q (some are PostgreSQL's only: queries.c). */
bool store_has_query(const struct store *s, enum query_id q);

/*
 * The write guard: who a web request writes for, and what they must still hold. While a guard is set on S,
 * every outer store_begin first checks, by SQL inside the transaction it has just begun, that the session
 * is still there and live, that its person is not disabled and (UNIT_ID) that they still hold ROLE_RANK on
 * that unit or a unit above it (AT_ROOT: on the top of its tree), or (SITE_ADMIN) are a site administrator.
 * When not, the transaction is rolled back before anything is written and store_begin fails with
 * ERROR_SIGNED_OUT or ERROR_FORBIDDEN; so does every later begin while the guard stays set. A statement that
 * writes outside a transaction is given one of its own, so it is checked too.
 *
 * Why this is race-free, with caches in front that may be a second old: on SQLite the check runs after
 * BEGIN IMMEDIATE has taken the database's one write lock, so every revoke has either committed before it
 * (and is seen) or waits until this transaction ends (and comes after it). On PostgreSQL (READ COMMITTED)
 * the check is a statement of its own, after the begin's advisory lock, so it sees every revoke committed
 * before it; and it locks the rows it relies on (the session, the person, the role: SELECT ... FOR SHARE),
 * so a revoke that has not committed yet (even one outside the advisory lock: a sign-out is one DELETE)
 * either is waited for and then seen, or waits for this write to commit first. Either way no write lands
 * after the revoke that should have stopped it.
 */
struct store_guard {
	char token_hash[65]; /* the session's: hex BLAKE2b-256 of the cookie's token */
	int64_t user_id;
	int64_t session_idle_s; /* a session unused this long has ended */
	int64_t unit_id;        /* 0: no role needed, only a live session */
	int role_rank;          /* 1 viewer, 2 facilitator, 3 admin (domain/access.h's enum role) */
	bool at_root;           /* the role must be held on the top of UNIT_ID's tree */
	bool site_admin;        /* only a site administrator passes */
	/* store_guard_also's: one more role the write needs, when ALSO */
	bool also;
	int64_t also_unit_id;   /* 0: only a site administrator passes */
	int also_rank;
};
/* Sets (copies) or, with NULL, clears S's guard; clearing also forgets a refusal. */
void store_guard_set(struct store *s, const struct store_guard *g);
/* The guarded write also needs ROLE_RANK on UNIT_ID or above it (UNIT_ID 0: a site administrator): for a
 * handler whose write reaches a second unit (a unit added or moved under a parent). No-op without a guard. */
void store_guard_also(struct store *s, int64_t unit_id, int role_rank);
/* What the guard refused since it was set: 0 nothing, else ERROR_SIGNED_OUT or ERROR_FORBIDDEN. */
int store_guard_refused(const struct store *s);

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

/*
 * Running a named query (queries.h). Values are bound, never formatted into the SQL. The domain layer
 * maps rows to its own structs in the callbacks it passes.
 */
enum param_type { P_NULL, P_TEXT, P_INT, P_REAL, P_BLOB };

struct param {
	enum param_type type;
	const char *text; /* P_TEXT, or P_BLOB's bytes */
	size_t len;       /* P_BLOB */
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

static inline struct param
PBLOB(const void *data, size_t len)
{
	return (struct param){.type = P_BLOB, .text = data, .len = len};
}

#define PNULL ((struct param){.type = P_NULL})

/* One result row, valid only during the callback it is passed to. */
struct row {
	void *impl;
	bool (*is_null)(void *impl, int col);
	const char *(*text)(void *impl, int col); /* "" for NULL */
	int64_t (*int64)(void *impl, int col);    /* 0 for NULL */
	double (*real)(void *impl, int col);
	const void *(*blob)(void *impl, int col, size_t *len);
};

typedef int (*row_fn)(void *ctx, const struct row *row);

static inline const char *
row_text(const struct row *r, int col)
{
	return r->text(r->impl, col);
}

static inline int64_t
row_int(const struct row *r, int col)
{
	return r->int64(r->impl, col);
}

static inline bool
row_null(const struct row *r, int col)
{
	return r->is_null(r->impl, col);
}

/*
 * PARAMS(p) stands for the two arguments PARAMS, N_PARAMS of the calls below: a local array of struct param
 * and its length, counted by the compiler, so that a value added to the array cannot be left unbound by a
 * count written by hand. A pointer (a function's parameter, an array's tail) in place of an array is a
 * compile error, as sizeof would count the pointer. For part of an array, make an array of that part. No
 * parameters: NULL, 0.
 */
#define PARAMS(p) (p), STORE_COUNT_OF(p)
#define STORE_COUNT_OF(p)                                                                                \
	((int)(sizeof(p) / sizeof((p)[0])) +                                                           \
	 0 * (int)sizeof(struct {                                                                      \
		 _Static_assert(!__builtin_types_compatible_p(__typeof__(p), __typeof__(&(p)[0])),      \
				"PARAMS needs an array, not a pointer");                                \
		 int unused;                                                                           \
	 }))

/* How many statements S has run (store_exec, store_queue, store_get_*) since the last call, and a digest of which
 * ones in which order; starts counting again. What a test compares to show that two requests did the same work. */
void store_tally(struct store *s, uint64_t *statements, uint64_t *digest);
/* Runs Q with PARAMS; FN (may be NULL) is called per row and a non-zero return stops the query and is
 * returned. *CHANGES (may be NULL) receives the number of rows written. -1 with ERR on failure. */
int store_exec(struct store *s, enum query_id q, const struct param *params, int n_params, row_fn fn, void *ctx,
	       long *changes, struct error *err);

/*
 * Runs Q as store_exec does, but its results may come later: on PostgreSQL inside a transaction, Q is sent at
 * once and its rows (to FN) and *CHANGES are delivered at the next flush (store_flush, the next store_exec or
 * store_get_*, or the commit), so that the transaction's statements share one round trip (pg.c). FN, CTX and
 * CHANGES must stay valid until then; FN's return only stops its rows. A failure shows at the flush, and then
 * the whole transaction is gone: every later statement of it fails the same way until the rollback. Elsewhere
 * (SQLite, or outside a transaction) Q runs now. 0, or -1 with ERR.
 */
int store_queue(struct store *s, enum query_id q, const struct param *params, int n_params, row_fn fn, void *ctx,
		long *changes, struct error *err);
/*
 * ROW (N values, text, integer or NULL) as one more row of Q, a statement taking one array per column (its $1 the
 * first column's values, and so on: unnest). Inside a transaction the rows wait and each statement's are sent as
 * ONE at the next flush, savepoint or commit, after every statement queued before: a batch of submissions pays
 * one statement's start-up and triggers for all its answers, not one each. Nothing queued meanwhile may need
 * them; rows queued since a savepoint go when it is rolled back to. In a transaction on PostgreSQL only
 * (store_has_query(Q)): elsewhere -1 with an internal error. 0, or -1 with ERR.
 */
int store_queue_row(struct store *s, enum query_id q, const struct param *row, int n, struct error *err);
/* store_queue_row, and FN with CTX (valid until the flush) reading the statement's result row for this row: the
 * one whose first column is this row's place among Q's rows, from 1 (unnest's WITH ORDINALITY). */
int store_queue_row_read(struct store *s, enum query_id q, const struct param *row, int n, row_fn fn, void *ctx,
			 struct error *err);
/* Delivers the results of every queued statement: 0, or -1 with ERR (the transaction is gone). */
int store_flush(struct store *s, struct error *err);

/* The first column of the first row as an integer: 1 found, 0 no row, -1 error. */
int store_get_int(struct store *s, enum query_id q, const struct param *params, int n_params, int64_t *out,
		  struct error *err);

/* The first column of the first row as a new string (free it): 1 found, 0 no row, -1 error. */
int store_get_text(struct store *s, enum query_id q, const struct param *params, int n_params, char **out,
		   struct error *err);



/*
 * A consistent copy of the SQLite database at DB_PATH into TO (a new file; an existing one only with
 * OVERWRITE), taken with SQLite's online backup while other connections keep writing: the copy is one
 * snapshot. The copy is checked (integrity, schema version) before success is reported; a failed copy is
 * removed. RESTORE: the same in the other direction, into a database that no server is using.
 */
int store_backup(const char *db_path, const char *to, bool overwrite, struct error *err);
int store_restore(const char *from, const char *db_path, bool overwrite, struct error *err);

/* A table of a database copy and how many rows it holds. */
struct store_table_rows {
	char *name; /* owned */
	long long rows;
};
/*
 * Checks the SQLite file PATH as a copy of a caregrid database, read only: SQLite's integrity check, and a
 * schema version (into *VERSION) that this caregrid knows. Then, when TABLES is not NULL, its tables in the
 * order they were made with their row counts, into *TABLES and *N (free with store_table_rows_free).
 */
int store_file_check(const char *path, int *version, struct store_table_rows **tables, size_t *n, struct error *err);
void store_table_rows_free(struct store_table_rows *tables, size_t n);

/*
 * The key file: the deployment's secret, kept outside the database (README, "Privacy"). Which file: the path
 * given to store_key_file_set (--key-file), else $CAREGRID_KEY_FILE, else PATH.key beside a SQLite file;
 * PostgreSQL has no default (every server must name the same file). store_open reads it, or makes it (mode
 * 0600) for a new database or one from before schema 017, and refuses a database whose key file is missing
 * or belongs to another database.
 */
void store_key_file_set(const char *path);
/* The key file for the database at WHERE (free it); NULL with ERR for PostgreSQL when none was named. */
char *store_key_file_path(const char *where, struct error *err);

/* What the key is used for: each gives values unrelated to the others'. */
#define KEY_PURPOSE_RESPONDENT "respondent"   /* response.respondent_key, of a link's token */
#define KEY_PURPOSE_FORM "form"               /* a survey form's token */
#define KEY_PURPOSE_COLLEAGUE "colleague"     /* feedback_response.respondent_key, of token_hash(link) */
#define KEY_PURPOSE_MAIL "mail"               /* a queued message's body */
#define KEY_PURPOSE_SHARED_LINK "shared-link" /* invitation.shared_token */
#define KEY_PURPOSE_ANSWER_REF "answer-ref" /* invitation.answer_ref: a link's response key, sealed */
#define KEY_PURPOSE_LINK "link"               /* invitation.link_sealed: an emailed link, re-sent by reminders */
#define KEY_PURPOSE_CHECK "key-check"         /* setting 'key_check': which key file is this database's */
#define KEY_PURPOSE_PKCE "pkce"               /* sso_pending.code_verifier_sealed */
#define KEY_PURPOSE_ID_TOKEN "id-token"       /* user_session.id_token_sealed: for the provider's logout */

/* The keyed hash of TEXT for PURPOSE with the database's key, as 64 hex digits. */
int store_keyed_hash(struct store *s, const char *purpose, const char *text, char out[65], struct error *err);
/* PLAIN sealed with the key for PURPOSE into *OUT (free it); opened again by store_unseal. -1 (ERR, internal)
 * when the key is not there or SEALED was not sealed with it. */
int store_seal(struct store *s, const char *purpose, const char *plain, char **out, struct error *err);
int store_unseal(struct store *s, const char *purpose, const char *sealed, char **plain, struct error *err);

/*
 * Makes deleted rows leave the storage, after a purge (domain/retention.h); outside any transaction. SQLite (whose
 * connections delete securely: secure_delete) folds the write-ahead log back into the file and empties it (WAL
 * checkpoint TRUNCATE), and with VACUUM rewrites the file without its free pages. PostgreSQL: VACUUM of the
 * tables a purge writes, which makes their space reusable; PostgreSQL does not overwrite it (README).
 */
int store_compact(struct store *s, bool vacuum, struct error *err);

/* The current UTC time as ISO 8601, into BUF (at least 21 bytes). */
void store_now(char *buf, size_t size);

#endif
