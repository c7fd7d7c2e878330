/*
 * backup.c - encrypted backups (backup.h). The plain copy only ever lives in a directory made for it with
 * mkdtemp (mode 0700) under $TMPDIR, never beside the backups (often a shared or remote disk), and is removed
 * before returning, whatever happened. A backup is written under a hidden name and renamed into place only
 * once whole and synced, so that a backup file in DIR is always a complete one.
 */
#include "domain/backup.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "domain/audit.h"
#include "lib/sealed_stream.h"
#include "lib/secret.h"
#include "lib/strvec.h"
#include "lib/xalloc.h"

void
backup_result_release(struct backup_result *r)
{
	free(r->file);
	store_table_rows_free(r->tables, r->n);
	memset(r, 0, sizeof *r);
}

int
backup_key_new(const char *path, struct error *err)
{
	unsigned char key[SECRET_BYTES];
	randombytes_buf(key, sizeof key);
	int made = secret_file_create(path, key, err);
	sodium_memzero(key, sizeof key);
	if (made == 0)
		return error_set(err,
				 "%s exists already: a backup key is never overwritten (the backups made with it "
				 "would open no more); choose a new file",
				 path);
	return made < 0 ? -1 : 0;
}

/* Whether A and B are one file (the same inode), or hold the same key. */
static bool
same_key(const char *a, const char *b, const unsigned char key[SECRET_BYTES])
{
	struct stat sa, sb;
	if (stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino)
		return true;
	unsigned char other[SECRET_BYTES];
	struct error ignored;
	bool same = secret_file_read(b, other, &ignored) == 1 && sodium_memcmp(other, key, SECRET_BYTES) == 0;
	sodium_memzero(other, sizeof other);
	return same;
}

/* Reads the backup key at PATH, refusing the database DB's own key file (NULL DB: not checked). */
static int
read_key(const char *path, const char *db, unsigned char key[SECRET_BYTES], struct error *err)
{
	int got = secret_file_read(path, key, err);
	if (got < 0)
		return -1;
	if (got == 0)
		return error_set(err, "no backup key at %s: make one with caregrid backup --new-key %s", path, path);
	struct error ignored;
	char *own = db ? store_key_file_path(db, &ignored) : NULL;
	bool refused = own && same_key(path, own, key);
	free(own);
	if (refused) {
		sodium_memzero(key, SECRET_BYTES);
		return error_set(err,
				 "%s is the database's own key file (or holds its key): a backup needs a key of its "
				 "own, made with caregrid backup --new-key PATH",
				 path);
	}
	return 0;
}

/* Refuses a key file inside DIR: whoever takes the backups would take their key with them. */
static int
key_outside(const char *key_file, const char *dir, struct error *err)
{
	char kdir[PATH_MAX], ddir[PATH_MAX];
	if (!realpath(dir, ddir))
		return error_set(err, "the backup directory %s cannot be used: %s", dir, strerror(errno));
	if (!realpath(key_file, kdir))
		return error_set(err, "the backup key %s cannot be read: %s", key_file, strerror(errno));
	size_t n = strlen(ddir);
	if (strcmp(ddir, "/") == 0 || (strncmp(kdir, ddir, n) == 0 && kdir[n] == '/'))
		return error_set(err,
				 "the backup key %s is inside the backup directory %s: keep it apart from the "
				 "backups, or whoever has them has their key",
				 key_file, dir);
	return 0;
}

/* ---- the private temporary directory ---- */

static char *
temp_dir(struct error *err)
{
	const char *base = getenv("TMPDIR");
	char *dir = xasprintf("%s/caregrid-backup-XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(dir)) {
		error_of(err, ERROR_INTERNAL, "cannot make a private temporary directory in %s: %s",
			 base && *base ? base : "/tmp", strerror(errno));
		free(dir);
		return NULL;
	}
	return dir;
}

static void
temp_dir_remove(char *dir)
{
	if (!dir)
		return;
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char *p = xasprintf("%s/%s", dir, e->d_name);
		unlink(p);
		free(p);
	}
	if (d)
		closedir(d);
	rmdir(dir);
	free(dir);
}

/* ---- sealing and opening ---- */

/* Seals the file PLAIN into a new file TO (mode 0600, never an existing one), synced. */
static int
seal_file(const char *plain, const char *to, const unsigned char key[SECRET_BYTES], struct error *err)
{
	FILE *in = fopen(plain, "rb");
	if (!in)
		return error_of(err, ERROR_INTERNAL, "cannot read the copy %s: %s", plain, strerror(errno));
	int fd = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	FILE *out = fd >= 0 ? fdopen(fd, "wb") : NULL;
	if (!out) {
		error_set(err, "cannot write %s: %s", to, strerror(errno));
		if (fd >= 0)
			close(fd);
		fclose(in);
		return -1;
	}
	int rc = sealed_stream_write(in, out, key, err);
	if (rc == 0 && fsync(fileno(out)) != 0)
		rc = error_set(err, "cannot write %s: %s", to, strerror(errno));
	if (fclose(out) != 0 && rc == 0)
		rc = error_set(err, "cannot write %s: %s", to, strerror(errno));
	fclose(in);
	if (rc < 0)
		unlink(to);
	return rc;
}

/* Opens the backup FILE into a new file TO and checks it as a database copy, counting its rows into R. */
static int
open_file(const char *file, const char *to, const unsigned char key[SECRET_BYTES], struct backup_result *r,
	  struct error *err)
{
	FILE *in = fopen(file, "rb");
	if (!in)
		return error_set(err, "cannot read the backup %s: %s", file, strerror(errno));
	struct stat st;
	r->size = fstat(fileno(in), &st) == 0 ? (long long)st.st_size : 0;
	int fd = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	FILE *out = fd >= 0 ? fdopen(fd, "wb") : NULL;
	if (!out) {
		error_of(err, ERROR_INTERNAL, "cannot write %s: %s", to, strerror(errno));
		if (fd >= 0)
			close(fd);
		fclose(in);
		return -1;
	}
	struct error e;
	int rc = sealed_stream_read(in, out, key, &e);
	if (fclose(out) != 0 && rc == 0)
		rc = error_set(&e, "cannot write %s: %s", to, strerror(errno));
	fclose(in);
	if (rc < 0)
		return error_set(err, "%s: %s; nothing was changed", file, e.msg);
	if (store_file_check(to, &r->version, &r->tables, &r->n, &e) < 0)
		return error_set(err,
				 "%s opened, but what it holds is not a sound caregrid database (%s); nothing was "
				 "changed",
				 file, e.msg);
	for (size_t i = 0; i < r->n; i++)
		r->rows += r->tables[i].rows;
	return 0;
}

/* ---- recording, for the evidence page ---- */

static const char *
record_key(bool verified)
{
	return verified ? "backup_verified_last" : "backup_last";
}

static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* Records R in DB: the last backup (or verified restore) in setting, and an audit entry with counts only. */
static int
record(const char *db, bool verified, const char *key_file, time_t now, struct backup_result *r, struct error *err)
{
	char at[32], key_at[PATH_MAX];
	strftime(at, sizeof at, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	json_t *j = json_pack("{s:s, s:s, s:s, s:I, s:I, s:I}", "at", at, "file", base_name(r->file), "key_file",
			      realpath(key_file, key_at) ? key_at : key_file, "size", (json_int_t)r->size, "rows",
			      (json_int_t)r->rows, "tables", (json_int_t)r->n);
	/* Each table's rows too: what a later verification's counts can be compared with. */
	json_t *counts = json_object();
	for (size_t i = 0; i < r->n; i++)
		json_object_set_new(counts, r->tables[i].name, json_integer(r->tables[i].rows));
	json_object_set_new(j, "counts", counts);
	char *value = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	char detail[300];
	snprintf(detail, sizeof detail, "%lld bytes, %lld rows in %zu tables", r->size, r->rows, r->n);
	struct store *s = NULL;
	int rc = store_open(&s, db, STORE_OPEN_EXISTING, err);
	if (rc == 0 && (rc = store_begin(s, err)) == 0) {
		struct param p[] = {PTEXT(record_key(verified)), PTEXT(value)};
		rc = store_exec(s, Q_SETTING_SET, PARAMS(p), NULL, NULL, NULL, err);
		if (rc == 0)
			rc = audit_record(s, &actor_cli, verified ? "backup.verify" : "backup.make", 0,
					  base_name(r->file), detail, err);
		rc = store_finish(s, rc, err);
	}
	store_close(s);
	free(value);
	r->recorded = rc == 0;
	return rc;
}

static int
record_field(const json_t *j, const char *name, char *out, size_t size)
{
	const char *v = json_string_value(json_object_get(j, name));
	snprintf(out, size, "%s", v ? v : "");
	return v != NULL;
}

int
backup_last(struct store *s, bool verified, struct backup_record *out, struct error *err)
{
	memset(out, 0, sizeof *out);
	char *value = NULL;
	struct param p[] = {PTEXT(record_key(verified))};
	int found = store_get_text(s, Q_SETTING_GET, PARAMS(p), &value, err);
	if (found <= 0)
		return found;
	json_t *j = json_loads(value, 0, NULL);
	free(value);
	if (j && record_field(j, "at", out->at, sizeof out->at) &&
	    record_field(j, "file", out->file, sizeof out->file)) {
		record_field(j, "key_file", out->key_file, sizeof out->key_file);
		out->size = json_integer_value(json_object_get(j, "size"));
		out->rows = json_integer_value(json_object_get(j, "rows"));
		out->tables = json_integer_value(json_object_get(j, "tables"));
		out->found = true;
	}
	json_decref(j);
	return out->found ? 1 : 0;
}

/* ---- making, verifying, restoring ---- */

/* Whether NAME is a backup's (caregrid-YYYYMMDDTHHMMSSZ.cgbk): only those are ever rotated away. */
static bool
backup_name(const char *name)
{
	const char *p = name + strlen(BACKUP_PREFIX);
	if (strlen(name) != strlen(BACKUP_PREFIX) + 16 + strlen(BACKUP_SUFFIX) ||
	    strncmp(name, BACKUP_PREFIX, strlen(BACKUP_PREFIX)) != 0 || strcmp(p + 16, BACKUP_SUFFIX) != 0 ||
	    p[8] != 'T' || p[15] != 'Z')
		return false;
	for (int i = 0; i < 15; i++)
		if (i != 8 && (p[i] < '0' || p[i] > '9'))
			return false;
	return true;
}

/* Removes the backups in DIR older than the newest KEEP (their names sort as their times). */
static int
rotate(const char *dir, long keep, size_t *removed, struct error *err)
{
	DIR *d = opendir(dir);
	if (!d)
		return error_set(err, "cannot read the backup directory %s: %s", dir, strerror(errno));
	struct strvec names = STRVEC_INIT;
	struct dirent *e;
	while ((e = readdir(d)))
		if (backup_name(e->d_name))
			strvec_push(&names, e->d_name);
	closedir(d);
	strvec_sort(&names);
	int rc = 0;
	for (size_t i = 0; i + (size_t)keep < names.n; i++) {
		char *p = xasprintf("%s/%s", dir, names.v[i]);
		if (unlink(p) == 0)
			(*removed)++;
		else
			rc = error_set(err, "cannot remove the old backup %s: %s", p, strerror(errno));
		free(p);
	}
	strvec_clear(&names);
	return rc;
}

/* The plain copy of DB into TMP/copy.db: SQLite's online backup, or PostgreSQL's tables exported. */
static int
plain_copy(const char *db, const char *path, struct error *err)
{
	if (!store_is_postgresql(db))
		return store_backup(strncmp(db, "sqlite:", 7) == 0 ? db + 7 : db, path, false, err);
	struct store_transfer_report rep;
	return store_export_sqlite(db, path, &rep, err);
}

/* Writes the sealed copy as DIR's new backup R->file (hidden until whole), and opens it again to check it. */
static int
write_backup(const char *copy, const char *dir, const char *tmp, time_t now, const unsigned char key[SECRET_BYTES],
	     struct backup_result *r, struct error *err)
{
	char stamp[32];
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", gmtime(&now));
	r->file = xasprintf("%s/" BACKUP_PREFIX "%s" BACKUP_SUFFIX, dir, stamp);
	char *partial = xasprintf("%s/.%s.partial", dir, base_name(r->file));
	char *check = xasprintf("%s/check.db", tmp);
	int rc = seal_file(copy, partial, key, err);
	/* link() never replaces: two backups in one second must not overwrite each other. */
	if (rc == 0 && link(partial, r->file) != 0)
		rc = error_set(err, "cannot write %s: %s", r->file,
			       errno == EEXIST ? "it exists already" : strerror(errno));
	unlink(partial);
	struct backup_result again = {0};
	if (rc == 0 && (rc = open_file(r->file, check, key, &again, err)) < 0)
		unlink(r->file);
	r->size = again.size;
	backup_result_release(&again);
	int dfd = rc == 0 ? open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	free(partial);
	free(check);
	return rc;
}

int
backup_make(const char *db, const char *dir, const char *key_file, long keep, time_t now, struct backup_result *r,
	    struct error *err)
{
	memset(r, 0, sizeof *r);
	unsigned char key[SECRET_BYTES];
	if (key_outside(key_file, dir, err) < 0 || read_key(key_file, db, key, err) < 0)
		return -1;
	char *tmp = temp_dir(err);
	if (!tmp)
		return -1;
	char *copy = xasprintf("%s/copy.db", tmp);
	int rc = plain_copy(db, copy, err);
	if (rc == 0)
		rc = store_file_check(copy, &r->version, &r->tables, &r->n, err);
	for (size_t i = 0; rc == 0 && i < r->n; i++)
		r->rows += r->tables[i].rows;
	if (rc == 0)
		rc = write_backup(copy, dir, tmp, now, key, r, err);
	sodium_memzero(key, sizeof key);
	free(copy);
	temp_dir_remove(tmp);
	if (rc == 0 && keep > 0)
		rc = rotate(dir, keep, &r->removed, err);
	struct error e;
	if (rc == 0 && record(db, false, key_file, now, r, &e) < 0)
		rc = error_of(err, e.kind,
			      "the backup %s was written and checked, but recording it in the database "
			      "failed: %s",
			      r->file, e.msg);
	return rc;
}

int
backup_verify(const char *db, const char *file, const char *key_file, time_t now, struct backup_result *r,
	      struct error *err)
{
	memset(r, 0, sizeof *r);
	unsigned char key[SECRET_BYTES];
	if (read_key(key_file, db, key, err) < 0)
		return -1;
	char *tmp = temp_dir(err);
	if (!tmp)
		return -1;
	char *into = xasprintf("%s/verify.db", tmp);
	r->file = xstrdup(file);
	int rc = open_file(file, into, key, r, err);
	sodium_memzero(key, sizeof key);
	free(into);
	temp_dir_remove(tmp);
	struct error e;
	if (rc == 0 && db && record(db, true, key_file, now, r, &e) < 0)
		rc = error_of(err, e.kind,
			      "%s opened and checked, but recording the verification in the database failed: %s", file,
			      e.msg);
	return rc;
}

int
backup_restore(const char *file, const char *key_file, const char *db, bool force, struct backup_result *r,
	       struct error *err)
{
	memset(r, 0, sizeof *r);
	unsigned char key[SECRET_BYTES];
	if (read_key(key_file, NULL, key, err) < 0)
		return -1;
	char *tmp = temp_dir(err);
	if (!tmp)
		return -1;
	char *into = xasprintf("%s/restore.db", tmp);
	r->file = xstrdup(file);
	int rc = open_file(file, into, key, r, err);
	sodium_memzero(key, sizeof key);
	if (rc == 0 && store_is_postgresql(db)) {
		struct store_transfer_report rep;
		rc = store_transfer(into, db, &rep, err);
	} else if (rc == 0) {
		rc = store_restore(into, strncmp(db, "sqlite:", 7) == 0 ? db + 7 : db, force, err);
	}
	free(into);
	temp_dir_remove(tmp);
	return rc;
}
