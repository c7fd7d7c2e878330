/*
 * keys.c - the store's key: which key file belongs to a database, reading or making it when the database is
 * opened, and the one-time upgrade (schema 017) that moves the secrets out of the database file: it runs
 * once, when setting 'key_check' is not there yet, in one transaction that writes it. The key stays
 * with the connection; the domain asks for keyed hashes and seals (store.h), never for the key itself. Schema
 * 020's upgrade seals, here too, whether each emailed link had answered (store_refs_upgrade).
 *
 * Whoever copies the database file (a backup, a stolen disk) without the key file cannot tie an answer to an
 * invitation nor read a link still waiting in the outbox; the key file is never written into the database.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "lib/secret.h"
#include "lib/xalloc.h"
#include "store/store_int.h"

static char *key_file_chosen; /* --key-file, for the whole process */

void
store_key_file_set(const char *path)
{
	free(key_file_chosen);
	key_file_chosen = path && *path ? xstrdup(path) : NULL;
}

char *
store_key_file_path(const char *where, struct error *err)
{
	if (key_file_chosen)
		return xstrdup(key_file_chosen);
	const char *env = getenv("CAREGRID_KEY_FILE");
	if (env && *env)
		return xstrdup(env);
	if (store_is_postgresql(where)) {
		error_set(err, "PostgreSQL: the key file is required: pass --key-file PATH or set CAREGRID_KEY_FILE "
			       "(the same file on every server of this database)");
		return NULL;
	}
	if (strncmp(where, "sqlite:", 7) == 0)
		where += 7;
	return xasprintf("%s.key", where);
}

/* The secret an older database kept in its setting table: 1 found, 0 none, -1 error. */
static int
legacy_secret(struct store *s, unsigned char key[SECRET_BYTES], struct error *err)
{
	bool exists;
	if (s->be->has_table(s, "setting", &exists, err) < 0)
		return -1;
	if (!exists)
		return 0;
	char *hex = NULL;
	struct param k[] = {PTEXT("form_secret")};
	int found = store_get_text(s, Q_SETTING_GET, PARAMS(k), &hex, err);
	if (found <= 0)
		return found;
	size_t len = 0;
	int rc = sodium_hex2bin(key, SECRET_BYTES, hex, strlen(hex), NULL, &len, NULL) == 0 && len == SECRET_BYTES;
	sodium_memzero(hex, strlen(hex));
	free(hex);
	return rc ? 1 : error_set(err, "%s: the stored form secret is damaged", s->where);
}

/* The stored key check: 1 with *OUT (free it), 0 none (a database from before the key file, or a new one). */
static int
stored_check(struct store *s, char **out, struct error *err)
{
	*out = NULL;
	bool exists;
	if (s->be->has_table(s, "setting", &exists, err) < 0)
		return -1;
	if (!exists)
		return 0;
	struct param k[] = {PTEXT("key_check")};
	return store_get_text(s, Q_SETTING_GET, PARAMS(k), out, err);
}

/* A database from before the key file, or a new one: the key file is made (from the old secret, when the
 * database has one) or, made already by another server or an interrupted upgrade, adopted. */
static int
load_before_upgrade(struct store *s, const char *path, unsigned char key[SECRET_BYTES], int found, struct error *err)
{
	unsigned char old[SECRET_BYTES];
	int legacy = legacy_secret(s, old, err);
	if (legacy < 0)
		return -1;
	if (!found) {
		if (legacy)
			memcpy(key, old, SECRET_BYTES);
		else
			randombytes_buf(key, SECRET_BYTES);
		int made = secret_file_create(path, key, err);
		if (made < 0 || (made == 0 && secret_file_read(path, key, err) < 0)) {
			sodium_memzero(old, sizeof old);
			return -1;
		}
	}
	/* A crash after the key file was made and before the upgrade committed leaves both: they must agree. */
	int differs = legacy && sodium_memcmp(key, old, SECRET_BYTES) != 0;
	sodium_memzero(old, sizeof old);
	if (differs)
		return error_set(err,
				 "%s: the key file %s does not belong to this database (it differs from the secret "
				 "the database holds); nothing was changed",
				 s->where, path);
	return 0;
}

/* A database that has its key file: it must be there, and be this database's. */
static int
load_after_upgrade(struct store *s, const char *path, const unsigned char key[SECRET_BYTES], int found,
		   const char *stored, struct error *err)
{
	if (!found)
		return error_set(
			err,
			"%s: the key file is missing: looked for %s. The database cannot be opened without it; it "
			"is not in backups of the database: put back the copy kept apart from them, or name it "
			"with --key-file PATH or CAREGRID_KEY_FILE",
			s->where, path);
	char check[65];
	secret_hash_hex(key, KEY_PURPOSE_CHECK, "", check);
	if (strcmp(stored, check) != 0)
		return error_set(err, "%s: the key file %s does not belong to this database (made for another one): "
				      "name this database's key file with --key-file PATH or CAREGRID_KEY_FILE",
				 s->where, path);
	return 0;
}

int
store_keys_load(struct store *s, const char *where, bool *upgrade, struct error *err)
{
	*upgrade = false;
	char *path = store_key_file_path(where, err);
	if (!path)
		return -1;
	char *stored = NULL;
	unsigned char key[SECRET_BYTES];
	int has = stored_check(s, &stored, err);
	int found = has < 0 ? -1 : secret_file_read(path, key, err);
	int rc = found;
	if (found >= 0)
		rc = has ? load_after_upgrade(s, path, key, found, stored, err)
			 : load_before_upgrade(s, path, key, found, err);
	if (rc >= 0) {
		memcpy(s->key, key, SECRET_BYTES);
		s->has_key = true;
		*upgrade = !has;
	}
	sodium_memzero(key, sizeof key);
	free(stored);
	free(path);
	return rc < 0 ? -1 : 0;
}

/* ---- the upgrade's rewrite, in the migration's transaction ---- */

/* Rows read whole before they are rewritten: a statement is not run while another's rows are being read. */
struct rows {
	struct rewrite {
		int64_t id;
		char *a, *b; /* owned; B NULL for a query of two columns */
	} *v;
	size_t n, cap;
	int cols;
};

static int
rows_add(void *ctx, const struct row *row)
{
	struct rows *r = ctx;
	r->v = xgrow(r->v, sizeof *r->v, r->n + 1, &r->cap);
	struct rewrite *x = &r->v[r->n++];
	x->id = row_int(row, 0);
	x->a = xstrdup(row_text(row, 1));
	x->b = r->cols > 2 ? xstrdup(row_text(row, 2)) : NULL;
	return 0;
}

static void
rows_free(struct rows *r)
{
	for (size_t i = 0; i < r->n; i++) {
		sodium_memzero(r->v[i].a, strlen(r->v[i].a));
		free(r->v[i].a);
		if (r->v[i].b)
			sodium_memzero(r->v[i].b, strlen(r->v[i].b));
		free(r->v[i].b);
	}
	free(r->v);
}

/*
 * A 360 colleague's answer was found by the hash of their link, which feedback_invitation also holds: it
 * becomes the keyed hash of that hash, which the domain computes from the link (feedback.c), so that the link
 * still finds its answer and plain SQL no longer joins the two.
 */
static int
rewrite_colleague_keys(struct store *s, struct error *err)
{
	struct rows r = {.cols = 2};
	int rc = s->be->query(s, Q_KEYS_COLLEAGUE_KEYS, NULL, 0, rows_add, &r, NULL, err);
	for (size_t i = 0; rc >= 0 && i < r.n; i++) {
		char key[65];
		secret_hash_hex(s->key, KEY_PURPOSE_COLLEAGUE, r.v[i].a, key);
		struct param p[] = {PINT(r.v[i].id), PTEXT(key)};
		rc = s->be->query(s, Q_KEYS_COLLEAGUE_KEY_SET, PARAMS(p), NULL, NULL, NULL, err);
	}
	rows_free(&r);
	return rc < 0 ? -1 : 0;
}

static int
seal_queued_mail(struct store *s, struct error *err)
{
	struct rows r = {.cols = 3};
	int rc = s->be->query(s, Q_KEYS_OUTBOX_QUEUED, NULL, 0, rows_add, &r, NULL, err);
	for (size_t i = 0; rc >= 0 && i < r.n; i++) {
		if (secret_is_sealed(r.v[i].a))
			continue;
		char *text = secret_seal(s->key, KEY_PURPOSE_MAIL, r.v[i].a);
		char *html = secret_seal(s->key, KEY_PURPOSE_MAIL, r.v[i].b);
		struct param p[] = {PINT(r.v[i].id), PTEXT(text), PTEXT(html)};
		rc = s->be->query(s, Q_KEYS_OUTBOX_BODY_SET, PARAMS(p), NULL, NULL, NULL, err);
		free(text);
		free(html);
	}
	rows_free(&r);
	return rc < 0 ? -1 : 0;
}

static int
seal_shared_links(struct store *s, struct error *err)
{
	struct rows r = {.cols = 2};
	int rc = s->be->query(s, Q_KEYS_SHARED_TOKENS, NULL, 0, rows_add, &r, NULL, err);
	for (size_t i = 0; rc >= 0 && i < r.n; i++) {
		if (secret_is_sealed(r.v[i].a))
			continue;
		char *sealed = secret_seal(s->key, KEY_PURPOSE_SHARED_LINK, r.v[i].a);
		struct param p[] = {PINT(r.v[i].id), PTEXT(sealed)};
		rc = s->be->query(s, Q_KEYS_SHARED_TOKEN_SET, PARAMS(p), NULL, NULL, NULL, err);
		free(sealed);
	}
	rows_free(&r);
	return rc < 0 ? -1 : 0;
}

int
store_keys_upgrade(struct store *s, struct error *err)
{
	if (!s->has_key)
		return error_set(err, "%s: internal error: moving the secrets out without a key", s->where);
	char check[65];
	secret_hash_hex(s->key, KEY_PURPOSE_CHECK, "", check);
	/* The check is written first: of two servers upgrading at once, the second waits on it, finds it there
	 * and rewrites nothing (a 360 key keyed twice would find no answer). */
	struct param put[] = {PTEXT("key_check"), PTEXT(check)};
	long changes = 0;
	if (s->be->query(s, Q_SETTING_PUT, PARAMS(put), NULL, NULL, &changes, err) < 0)
		return -1;
	if (!changes)
		return 0;
	struct param old[] = {PTEXT("form_secret")};
	if (s->be->query(s, Q_SETTING_DELETE, PARAMS(old), NULL, NULL, NULL, err) < 0)
		return -1;
	if (rewrite_colleague_keys(s, err) < 0 || seal_queued_mail(s, err) < 0 || seal_shared_links(s, err) < 0)
		return -1;
	/* Bodies of messages sent or given up hold links that may still work (a new person's: 7 days). */
	return s->be->query(s, Q_KEYS_OUTBOX_PURGE, NULL, 0, NULL, NULL, NULL, err) < 0 ? -1 : 0;
}

/* Schema 020's answer_ref values still in clear (a link's answered state from before it, "legacy:1" or
 * "legacy:0") sealed, in the migration's transaction: the file alone never says which link answered. */
static int
seal_answer_refs(struct store *s, enum query_id list, enum query_id set, struct error *err)
{
	struct rows r = {.cols = 2};
	int rc = s->be->query(s, list, NULL, 0, rows_add, &r, NULL, err);
	for (size_t i = 0; rc >= 0 && i < r.n; i++) {
		if (secret_is_sealed(r.v[i].a))
			continue;
		char *sealed = secret_seal(s->key, KEY_PURPOSE_ANSWER_REF, r.v[i].a);
		struct param p[] = {PINT(r.v[i].id), PTEXT(sealed)};
		rc = s->be->query(s, set, PARAMS(p), NULL, NULL, NULL, err);
		free(sealed);
	}
	rows_free(&r);
	return rc < 0 ? -1 : 0;
}

int
store_refs_upgrade(struct store *s, struct error *err)
{
	if (!s->has_key)
		return error_set(err, "%s: internal error: sealing answer references without a key", s->where);
	if (seal_answer_refs(s, Q_KEYS_INVITATION_REFS, Q_KEYS_INVITATION_REF_SET, err) < 0)
		return -1;
	return seal_answer_refs(s, Q_KEYS_FB_INVITATION_REFS, Q_KEYS_FB_INVITATION_REF_SET, err);
}

int
store_keyed_hash(struct store *s, const char *purpose, const char *text, char out[65], struct error *err)
{
	if (!s->has_key)
		return error_of(err, ERROR_INTERNAL, "%s: no key file was read", s->where);
	secret_hash_hex(s->key, purpose, text, out);
	return 0;
}

int
store_seal(struct store *s, const char *purpose, const char *plain, char **out, struct error *err)
{
	*out = NULL;
	if (!s->has_key)
		return error_of(err, ERROR_INTERNAL, "%s: no key file was read", s->where);
	*out = secret_seal(s->key, purpose, plain);
	return 0;
}

int
store_unseal(struct store *s, const char *purpose, const char *sealed, char **plain, struct error *err)
{
	*plain = NULL;
	if (!s->has_key)
		return error_of(err, ERROR_INTERNAL, "%s: no key file was read", s->where);
	if (secret_open(s->key, purpose, sealed, plain, err) < 0) {
		err->kind = ERROR_INTERNAL;
		return -1;
	}
	return 0;
}
