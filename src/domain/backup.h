/*
 * backup.h - encrypted backups that are proven: made (SQLite's online copy, or PostgreSQL's tables exported into
 * a SQLite file), sealed with a backup key of their own (lib/sealed_stream.h) into a dated file, kept to the
 * last N, verified by opening them into a private temporary place and checking them, and put back. Each backup
 * and each verified restore is recorded in the database it concerns (setting, and one audit entry with counts
 * only), for the evidence page. Nothing here ever writes a key into the database: only where the file is.
 */
#ifndef CAREGRID_BACKUP_H
#define CAREGRID_BACKUP_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "lib/error.h"
#include "store/store.h"

/* A backup's file names: caregrid-YYYYMMDDTHHMMSSZ.cgbk, in UTC, so that their order is their names'. */
#define BACKUP_PREFIX "caregrid-"
#define BACKUP_SUFFIX ".cgbk"

/* Makes a new backup key (32 random bytes, as 64 hex digits) in a new file PATH, mode 0600; an existing file
 * is never overwritten (ERR). */
int backup_key_new(const char *path, struct error *err);

/* What a backup or a verification found. */
struct backup_result {
	char *file; /* owned: the backup's path */
	long long size;
	int version;                     /* the copy's schema version */
	struct store_table_rows *tables; /* owned: each table and its rows */
	size_t n;
	long long rows; /* all tables' */
	size_t removed; /* older backups removed by --keep */
	bool recorded;  /* written into the database's record */
};
void backup_result_release(struct backup_result *r);

/*
 * Backs up the database DB (a SQLite path or a PostgreSQL URI) into a new file in DIR named by NOW, sealed with
 * the backup key in KEY_FILE, then checks that it opens; with KEEP > 0 removes the older backups in DIR beyond
 * the newest KEEP (only files named as backups are). Refused: a key file that is the database's own key file
 * or holds the same key, or lies inside DIR. The backup is recorded in DB. 0, or -1 with ERR and nothing left.
 */
int backup_make(const char *db, const char *dir, const char *key_file, long keep, time_t now, struct backup_result *r,
		struct error *err);

/*
 * Opens the backup FILE with KEY_FILE into a private temporary directory (removed after), checks its integrity
 * and schema version and counts its rows per table; never touches the live database but to record, in DB
 * when DB is not NULL, that the backup was verified (time, file name, size, counts).
 */
int backup_verify(const char *db, const char *file, const char *key_file, time_t now, struct backup_result *r,
		  struct error *err);

/* Puts the backup FILE (opened with KEY_FILE and checked first) back as the database DB: a SQLite file (an
 * existing one replaced only with FORCE) or an empty PostgreSQL database. Nothing is changed on failure. */
int backup_restore(const char *file, const char *key_file, const char *db, bool force, struct backup_result *r,
		   struct error *err);

/* The last backup or verified restore as recorded (setting 'backup_last' / 'backup_verified_last'). */
struct backup_record {
	bool found;
	char at[32];        /* UTC, ISO 8601 */
	char file[256];     /* the file's name, without its directory */
	char key_file[512]; /* where the backup key is (its location only) */
	long long size, rows;
	long long tables;
};
int backup_last(struct store *s, bool verified, struct backup_record *out, struct error *err);

#endif
