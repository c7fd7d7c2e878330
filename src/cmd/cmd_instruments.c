/* cmd_instruments.c - caregrid instruments: one line (or JSON object) per instrument, latest versions. */
#include <jansson.h>
#include <stdio.h>

#include "cmd/cmd.h"

int
cmd_instruments(int argc, char **argv)
{
	bool json = false;
	const char *db = default_db(), *dir = NULL;
	const struct cmd_opt opts[] = {
		{"json", CMD_FLAG, &json, 0}, {"db", CMD_TEXT, &db, 0}, {"instruments", CMD_TEXT, &dir, 0},
		{NULL, 0, NULL, 0},
	};
	if (cmd_options("instruments", argc, argv, opts, NULL))
		return EXIT_USAGE;

	struct catalog *cat = load_catalog(dir, db);
	if (!cat)
		return EXIT_FAILED;
	if (json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < catalog_count(cat); i++) {
			const struct instrument *ins = catalog_get(cat, i);
			json_array_append_new(arr, json_pack("{s:s, s:I, s:s, s:s, s:I, s:I}", "id", ins->id,
							     "version", (json_int_t)ins->version, "title", ins->title,
							     "subject", ins->subject, "n_domains",
							     (json_int_t)ins->n_domains, "n_items",
							     (json_int_t)ins->n_items));
		}
		json_dumpf(arr, stdout, JSON_INDENT(2));
		putchar('\n');
		json_decref(arr);
	} else {
		printf("%-24s %3s  %-12s %7s %5s  %s\n", "ID", "VER", "SUBJECT", "DOMAINS", "ITEMS", "TITLE");
		for (size_t i = 0; i < catalog_count(cat); i++) {
			const struct instrument *ins = catalog_get(cat, i);
			printf("%-24s %3ld  %-12s %7zu %5zu  %s\n", ins->id, ins->version, ins->subject, ins->n_domains,
			       ins->n_items, ins->title);
		}
	}
	catalog_free(cat);
	return EXIT_OK;
}
