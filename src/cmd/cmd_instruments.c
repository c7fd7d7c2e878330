/* cmd_instruments.c - caregrid instruments: one line (or JSON object) per instrument, latest versions. */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>

#include "cmd/cmd.h"

int
cmd_instruments(int argc, char **argv)
{
	static const struct option opts[] = {
		{"json", no_argument, NULL, 'j'},
		{"db", required_argument, NULL, 'd'},
		{"instruments", required_argument, NULL, 'i'},
		{NULL, 0, NULL, 0},
	};
	bool json = false;
	const char *db = default_db(), *dir = NULL;
	int opt;
	opterr = 0;
	optind = 0;
	while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		switch (opt) {
		case 'j': json = true; break;
		case 'd': db = optarg; break;
		case 'i': dir = optarg; break;
		default: return bad_option("instruments", argc, argv, opt);
		}
	}
	if (optind < argc)
		return usage_error("instruments", "unexpected argument \"%s\"", argv[optind]);

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
