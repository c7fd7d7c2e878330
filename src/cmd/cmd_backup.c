/*
 * cmd_backup.c - caregrid backup and caregrid restore. Plain: --to FILE / --from FILE, a consistent copy of a
 * SQLite file taken while the server is serving, and putting one back (with the server stopped). Encrypted
 * (domain/backup.h): backup --encrypt --key-file KEY [--keep N] DIR, on SQLite and PostgreSQL alike;
 * restore --verify FILE --key-file KEY, which never touches the live database; restore --from FILE --key-file
 * KEY. backup --new-key PATH makes a backup key. Here --key-file is the backup's key: the database's own key file
 * is named with --db-key-file (main.c leaves --key-file to these two commands).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "domain/backup.h"
#include "store/store.h"

/* The key file is kept out of every copy of the database on purpose (README, "Privacy"): say so, and where it is. */
static void
key_file_note(bool backup, const char *db)
{
	struct error err;
	char *key = store_key_file_path(db, &err);
	if (!key)
		return;
	if (backup)
		printf("The key file %s is not in the backup, on purpose: it is needed to restore the backup (the mail "
		       "waiting to be sent, the shared links, and finding answers from the links people hold), and a "
		       "backup without it opens nothing. Keep a copy of the key file apart from the backups.\n",
		       key);
	else if (access(key, F_OK) != 0)
		printf("The database needs its key file at %s (or named with --db-key-file PATH): put back the copy "
		       "of the key file kept apart from the backups.\n",
		       key);
	free(key);
}

/* What both commands may be given. */
struct args {
	const char *db, *to, *from, *key_file, *db_key_file, *new_key, *verify, *as_of;
	bool force, encrypt;
	long keep;
	const char *dir; /* backup --encrypt's operand */
};

/* --as-of TIME (YYYY-MM-DDTHH:MM:SSZ): the time a backup is named and recorded by, else now. */
static int
when(const char *cmd, const char *as_of, time_t *now)
{
	*now = time(NULL);
	if (!as_of)
		return 0;
	struct tm tm = {0};
	char z = 0, extra;
	if (sscanf(as_of, "%4d-%2d-%2dT%2d:%2d:%2d%c%c", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
		   &tm.tm_sec, &z, &extra) != 7 ||
	    z != 'Z' || tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 ||
	    tm.tm_min > 59 || tm.tm_sec > 59 || tm.tm_year < 1970)
		return usage_error(cmd, "--as-of needs a UTC time as YYYY-MM-DDTHH:MM:SSZ, not \"%s\"", as_of);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	*now = timegm(&tm);
	return 0;
}

static void
print_counts(const struct backup_result *r)
{
	printf("schema version %d; %lld rows in %zu tables:\n", r->version, r->rows, r->n);
	for (size_t i = 0; i < r->n; i++)
		printf("  %-28s %lld\n", r->tables[i].name, r->tables[i].rows);
}

static int
failed(const char *cmd, const struct error *err)
{
	fprintf(stderr, "caregrid: %s: %s\n", cmd, err->msg);
	return EXIT_FAILED;
}

static int
encrypted_backup(const struct args *a)
{
	time_t now;
	if (!a->dir)
		return usage_error("backup", "--encrypt needs the directory to write the backup into (DIR)");
	if (!a->key_file)
		return usage_error("backup",
				   "--encrypt needs --key-file PATH, the backup key (caregrid backup --new-key "
				   "PATH makes one)");
	if (a->to || a->force)
		return usage_error("backup", "--encrypt writes into DIR: it takes no --to or --force");
	if (when("backup", a->as_of, &now))
		return EXIT_USAGE;
	struct backup_result r;
	struct error err;
	int rc = backup_make(a->db, a->dir, a->key_file, a->keep, now, &r, &err);
	if (rc == 0) {
		printf("%s: encrypted backup of %s written, opened again and checked (%lld bytes)\n", r.file,
		       store_is_postgresql(a->db) ? "the PostgreSQL database" : a->db, r.size);
		print_counts(&r);
		if (r.removed)
			printf("%zu older backups removed: the newest %ld kept\n", r.removed, a->keep);
		printf("Keep the backup key %s apart from the backups, and the database's key file too: neither is "
		       "in the backup.\n",
		       a->key_file);
	}
	backup_result_release(&r);
	return rc == 0 ? EXIT_OK : failed("backup", &err);
}

static int
encrypted_restore(const struct args *a)
{
	if (!a->key_file)
		return usage_error("restore", "an encrypted backup needs --key-file PATH, the backup key");
	struct backup_result r;
	struct error err;
	int rc;
	if (a->verify) {
		time_t now;
		if (a->from || a->force)
			return usage_error("restore",
					   "--verify checks a copy and restores nothing: no --from or --force");
		if (when("restore", a->as_of, &now))
			return EXIT_USAGE;
		/* The verification is recorded in the live database when there is one (never touched otherwise). */
		bool live = store_is_postgresql(a->db) || access(a->db, F_OK) == 0;
		rc = backup_verify(live ? a->db : NULL, a->verify, a->key_file, now, &r, &err);
		if (rc == 0) {
			printf("%s: opened, integrity checked, schema version known; the live database was not "
			       "touched\n",
			       a->verify);
			print_counts(&r);
			printf(r.recorded ? "Recorded in %s as the last verified restore.\n"
					  : "Not recorded: there is no database at %s.\n",
			       store_is_postgresql(a->db) ? "the database" : a->db);
		}
	} else {
		if (!a->from)
			return usage_error("restore", "needs --from FILE (or --verify FILE) with --key-file");
		rc = backup_restore(a->from, a->key_file, a->db, a->force, &r, &err);
		if (rc == 0) {
			printf("%s: restored from the encrypted backup %s and checked\n",
			       store_is_postgresql(a->db) ? "the PostgreSQL database" : a->db, a->from);
			print_counts(&r);
			key_file_note(false, a->db);
		}
	}
	backup_result_release(&r);
	return rc == 0 ? EXIT_OK : failed("restore", &err);
}

static int
plain(const char *cmd, bool backup, const struct args *a)
{
	const char *other = backup ? a->to : a->from;
	if (!other)
		return usage_error(cmd, backup ? "needs --to FILE, or --encrypt --key-file PATH DIR"
					       : "needs --from FILE, or --verify FILE --key-file PATH");
	if (a->key_file)
		return usage_error(cmd, "--key-file names a backup key, for --encrypt; the database's key file is "
					"--db-key-file PATH");
	if (store_is_postgresql(a->db) || store_is_postgresql(other)) {
		fprintf(stderr,
			"caregrid: %s: a plain %s works on SQLite files; back up a PostgreSQL database with caregrid "
			"backup --encrypt (or pg_dump and pg_restore), and keep a copy of the key file (--db-key-file) "
			"apart: it is not in the dump\n",
			cmd, cmd);
		return EXIT_FAILED;
	}
	struct error err;
	if ((backup ? store_backup(a->db, other, a->force, &err) : store_restore(other, a->db, a->force, &err)) < 0)
		return failed(cmd, &err);
	if (backup)
		printf("%s: consistent copy of %s written and checked\n", other, a->db);
	else
		printf("%s: restored from %s and checked\n", a->db, other);
	key_file_note(backup, a->db);
	return EXIT_OK;
}

static int
run(const char *cmd, int argc, char **argv)
{
	bool backup = strcmp(cmd, "backup") == 0;
	struct args a = {.db = default_db()};
	const struct cmd_opt opts[] = {
		{"db", CMD_TEXT, &a.db, 0},
		{"to", CMD_TEXT, &a.to, 0},
		{"from", CMD_TEXT, &a.from, 0},
		{"force", CMD_FLAG, &a.force, 0},
		{"encrypt", CMD_FLAG, &a.encrypt, 0},
		{"key-file", CMD_TEXT, &a.key_file, 0},
		{"db-key-file", CMD_TEXT, &a.db_key_file, 0},
		{"keep", CMD_WHOLE, &a.keep, 1},
		{"new-key", CMD_TEXT, &a.new_key, 0},
		{"verify", CMD_TEXT, &a.verify, 0},
		{"as-of", CMD_TEXT, &a.as_of, 0},
		{NULL, 0, NULL, 0},
	};
	int first;
	if (cmd_options(cmd, argc, argv, opts, &first))
		return EXIT_USAGE;
	if (first < argc - 1 || (first < argc && !(backup && a.encrypt)))
		return usage_error(cmd, "unexpected \"%s\"", argv[argc - 1]);
	a.dir = first < argc ? argv[first] : NULL;
	if (!backup && a.to)
		return usage_error(cmd, "restore takes --from, not --to");
	if (backup && (a.from || a.verify))
		return usage_error(cmd, "backup takes --to or DIR, not --from or --verify");
	if (!backup && (a.encrypt || a.keep || a.new_key))
		return usage_error(cmd, "--encrypt, --keep and --new-key are backup's");
	if (a.keep && !a.encrypt)
		return usage_error(cmd, "--keep N rotates encrypted backups: give --encrypt too");
	store_key_file_set(a.db_key_file);
	struct error err;
	if (a.new_key) {
		if (backup_key_new(a.new_key, &err) < 0)
			return failed(cmd, &err);
		printf("%s: a new backup key, readable by its owner only. Keep it apart from the backups and from the "
		       "database's key file, and keep a copy: without it no backup made with it opens.\n",
		       a.new_key);
		return EXIT_OK;
	}
	if (a.encrypt || a.verify || (!backup && a.key_file))
		return backup ? encrypted_backup(&a) : encrypted_restore(&a);
	return plain(cmd, backup, &a);
}

int
cmd_backup(int argc, char **argv)
{
	return run("backup", argc, argv);
}

int
cmd_restore(int argc, char **argv)
{
	return run("restore", argc, argv);
}
