/*
 * main.c - caregrid's entry point: finds the subcommand in the table and runs it.
 */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"


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
	return c->fn(argc - 1, argv + 1);
}
