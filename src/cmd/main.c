/*
 * main.c - caregrid's entry point: finds the subcommand in the table and runs it. --key-file PATH is taken
 * here, whatever the subcommand, since every one that opens a database needs the key file (store.h); but for
 * backup and restore --key-file is the backup's key, and they take the database's as --db-key-file.
 */
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "store/store.h"

/* Removes "--key-file PATH" and "--key-file=PATH" from ARGV (after the command's name, before any "--") and
 * chooses that file; -1 when the option has no value. */
static int
take_key_file(int *argc, char **argv)
{
	int out = 2;
	bool rest = false;
	for (int i = 2; i < *argc; i++) {
		const char *a = argv[i];
		if (!rest && strcmp(a, "--key-file") == 0) {
			if (i + 1 >= *argc || !*argv[i + 1])
				return -1;
			store_key_file_set(argv[++i]);
		} else if (!rest && strncmp(a, "--key-file=", 11) == 0) {
			if (!a[11])
				return -1;
			store_key_file_set(a + 11);
		} else {
			rest = rest || strcmp(a, "--") == 0;
			argv[out++] = argv[i];
		}
	}
	argv[out] = NULL;
	*argc = out;
	return 0;
}

/* The commands whose --key-file is their own option, a backup's key (cmd_backup.c). */
static bool
own_key_file(const char *name)
{
	return strcmp(name, "backup") == 0 || strcmp(name, "restore") == 0;
}

int
main(int argc, char **argv)
{
	if (sodium_init() < 0) {
		fprintf(stderr, "caregrid: libsodium could not start (no source of randomness?)\n");
		return EXIT_FAILED;
	}
	if (argc < 2) {
		fprintf(stderr, "usage: caregrid COMMAND [ARGS]\n(caregrid help lists the commands)\n");
		return EXIT_USAGE;
	}
	const char *name = argv[1];
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0)
		name = "help";
	else if (strcmp(name, "--version") == 0)
		name = "version";
	const struct command *c = command_find(name);
	if (!c) {
		fprintf(stderr, "caregrid: unknown command \"%s\"\n(caregrid help lists the commands)\n", argv[1]);
		return EXIT_USAGE;
	}
	if (!own_key_file(c->name) && take_key_file(&argc, argv) < 0)
		return usage_error(c->name, "--key-file needs the path of the key file");
	int rc = c->fn(argc - 1, argv + 1);
	store_key_file_set(NULL);
	return rc;
}
