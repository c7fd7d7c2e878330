/* cmd_help.c - caregrid help [COMMAND]: the command list, or one command's usage. */
#include <stdio.h>

#include "cmd/cmd.h"

int
cmd_help(int argc, char **argv)
{
	if (argc > 2)
		return usage_error("help", "too many arguments");
	if (argc == 2) {
		const struct command *c = command_find(argv[1]);
		if (!c) {
			fprintf(stderr, "caregrid: help: unknown command \"%s\"\n", argv[1]);
			return EXIT_USAGE;
		}
		printf("usage: caregrid %s %s\n\n%s\n", c->name, c->usage, c->summary);
		return EXIT_OK;
	}
	printf("usage: caregrid COMMAND [ARGS]\n\ncommands:\n");
	for (const struct command *c = commands; c->name; c++)
		printf("  %-12s %s\n", c->name, c->summary);
	printf("\nThe database is --db PATH, else $CAREGRID_DB, else caregrid.db.\n"
	       "Its key file (kept out of the database and its backups) is --key-file PATH, else $CAREGRID_KEY_FILE,\n"
	       "else the database's path with .key added; PostgreSQL needs one named. For backup and restore,\n"
	       "--key-file is the backup's own key and the database's is --db-key-file PATH.\n"
	       "caregrid help COMMAND shows a command's usage.\n");
	return EXIT_OK;
}
