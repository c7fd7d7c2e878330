/*
 * cmd_backup.c - caregrid backup --db PATH --to FILE [--force] and caregrid restore --from FILE --db PATH
 * [--force]: a consistent copy taken while the server is serving, and putting one back (with the server
 * stopped). Both check the copy before saying it worked.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
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
		       "backup without it opens nothing. Keep a copy of the key file apart from the backups.\n", key);
	else if (access(key, F_OK) != 0)
		printf("The database needs its key file at %s (or named with --key-file PATH): put back the copy of "
		       "the "
		       "key file kept apart from the backups.\n",
		       key);
	free(key);
}

static int
run(const char *cmd, int argc, char **argv)
{
	bool backup = strcmp(cmd, "backup") == 0, force = false;
	const char *db = default_db(), *to = NULL, *from = NULL;
	const struct cmd_opt opts[] = {
		{"db", CMD_TEXT, &db, 0},	  {"to", CMD_TEXT, &to, 0}, {"from", CMD_TEXT, &from, 0},
		{"force", CMD_FLAG, &force, 0}, {NULL, 0, NULL, 0},
	};
	if (cmd_options(cmd, argc, argv, opts, NULL))
		return EXIT_USAGE;
	if (!backup && to)
		return usage_error(cmd, "restore takes --from, not --to");
	if (backup && from)
		return usage_error(cmd, "backup takes --to, not --from");
	const char *other = backup ? to : from;
	if (!other)
		return usage_error(cmd, backup ? "needs --to FILE" : "needs --from FILE");
	if (store_is_postgresql(db) || store_is_postgresql(other)) {
		fprintf(stderr,
			"caregrid: %s: %s works on SQLite files; back up a PostgreSQL database with pg_dump and "
			"restore it with pg_restore, and keep a copy of the key file (--key-file) apart: it is "
			"not in the dump\n",
			cmd, cmd);
		return EXIT_FAILED;
	}
	struct error err;
	if ((backup ? store_backup(db, other, force, &err) : store_restore(other, db, force, &err)) < 0) {
		fprintf(stderr, "caregrid: %s: %s\n", cmd, err.msg);
		return EXIT_FAILED;
	}
	if (backup)
		printf("%s: consistent copy of %s written and checked\n", other, db);
	else
		printf("%s: restored from %s and checked\n", db, other);
	key_file_note(backup, db);
	return EXIT_OK;
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
