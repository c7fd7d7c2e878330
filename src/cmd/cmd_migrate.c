/*
 * cmd_migrate.c - caregrid migrate --from sqlite:PATH --to postgresql://...: moves a deployment from its
 * SQLite file to PostgreSQL, all or nothing, verified by the row counts of every table.
 */
#include <getopt.h>
#include <stdio.h>

#include "cmd/cmd.h"
#include "store/store.h"

int
cmd_migrate(int argc, char **argv)
{
	static const struct option opts[] = {
		{"from", required_argument, NULL, 'f'},
		{"to", required_argument, NULL, 't'},
		{NULL, 0, NULL, 0},
	};
	const char *from = NULL, *to = NULL;
	int opt;
	opterr = 0;
	optind = 0;
	while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (opt) {
		case 'f': from = optarg; break;
		case 't': to = optarg; break;
		default: return bad_option("migrate", argc, argv, opt);
		}
	}
	if (optind < argc)
		return usage_error("migrate", "unexpected argument \"%s\"", argv[optind]);
	if (!from || !to)
		return usage_error("migrate", "needs --from sqlite:PATH and --to postgresql://...");
	struct store_transfer_report report;
	struct error err = {.kind = ERROR_INVALID};
	if (store_transfer(from, to, &report, &err) < 0) {
		fprintf(stderr, "caregrid: migrate: %s\n", err.msg);
		return EXIT_FAILED;
	}
	printf("copied %lld rows in %zu tables from %s to PostgreSQL; every table's count checked\n", report.rows,
	       report.tables, from);
	return EXIT_OK;
}
