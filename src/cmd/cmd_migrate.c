/*
 * cmd_migrate.c - caregrid migrate --from sqlite:PATH --to postgresql://...: moves a deployment from its
 * SQLite file to PostgreSQL, all or nothing, verified by the row counts of every table.
 */
#include <stdio.h>

#include "cmd/cmd.h"
#include "store/store.h"

int
cmd_migrate(int argc, char **argv)
{
	const char *from = NULL, *to = NULL;
	const struct cmd_opt opts[] = {{"from", CMD_TEXT, &from, 0}, {"to", CMD_TEXT, &to, 0}, {NULL, 0, NULL, 0}};
	if (cmd_options("migrate", argc, argv, opts, NULL))
		return EXIT_USAGE;
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
