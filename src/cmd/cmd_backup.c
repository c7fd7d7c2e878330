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
		printf("The database needs its key file at %s (or named with --key-file PATH): put back the copy of the "
		       "key file kept apart from the backups.\n", key);
	free(key);
}

static int
run(const char *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},
		{"to", required_argument, NULL, 't'},
		{"from", required_argument, NULL, 'f'},
		{"force", no_argument, NULL, 'F'},
		{NULL, 0, NULL, 0},
	};
	bool backup = strcmp(cmd, "backup") == 0, force = false;
	const char *db = default_db(), *other = NULL;
	int opt;
	opterr = 0;
	optind = 0;
	while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (opt) {
		case 'd': db = optarg; break;
		case 't':
			if (!backup)
				return usage_error(cmd, "restore takes --from, not --to");
			other = optarg;
			break;
		case 'f':
			if (backup)
				return usage_error(cmd, "backup takes --to, not --from");
			other = optarg;
			break;
		case 'F': force = true; break;
		default: return bad_option(cmd, argc, argv, opt);
		}
	}
	if (optind < argc)
		return usage_error(cmd, "unexpected argument \"%s\"", argv[optind]);
	if (!other)
		return usage_error(cmd, backup ? "needs --to FILE" : "needs --from FILE");
	if (store_is_postgresql(db) || store_is_postgresql(other)) {
		fprintf(stderr, "caregrid: %s: %s works on SQLite files; back up a PostgreSQL database with pg_dump and "
				"restore it with pg_restore, and keep a copy of the key file (--key-file) apart: it is "
				"not in the dump\n", cmd, cmd);
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
