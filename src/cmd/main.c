/*
 * main.c - caregrid's entry point: finds the subcommand in the table and runs it.
 */
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"


const struct command commands[] = {
	{"help", cmd_help, "[COMMAND]", "show the commands, or one command's usage"},
	{"version", cmd_version, "", "print caregrid's version and schema version"},
	{"instruments", cmd_instruments, "[--json] [--db PATH] [--instruments DIR]",
	 "list the instruments (built-in, from DIR, and added to the database)"},
	{"instrument", cmd_instrument,
	 "show ID [--version N] [--json] [--db PATH] [--instruments DIR]\n"
	 "       caregrid instrument check FILE...\n"
	 "       caregrid instrument add FILE [--db PATH]",
	 "show an instrument, check instrument files, or add one to the database"},
	{"init", cmd_init, "[--db PATH]", "create a database, or upgrade an older one"},
	{"demo", cmd_demo, "[--db PATH]", "create a database holding a demo organisation"},
	{"serve", cmd_serve, "[--db PATH] [--listen ADDR] [--port N] [--instruments DIR] [--threads N]",
	 "serve the web application (default http://127.0.0.1:8080)"},
	{NULL, NULL, NULL, NULL},
};

int
main(int argc, char **argv)
{
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
	return c->fn(argc - 1, argv + 1);
}
