/*
 * cmd_export.c - caregrid export --unit U [--round R] [--responses] [--json|--csv]: everything of a unit and
 * the units below it, in the documented formats (docs/export.md): each round's results, or with --responses
 * each closed round's responses one by one under the same rules as the web (export.h), which is the CSV
 * "caregrid import responses" reads.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "domain/access.h"
#include "domain/catalog.h"
#include "domain/export.h"
#include "store/store.h"

int
cmd_export(int argc, char **argv)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'}, {"unit", required_argument, NULL, 'u'}, {"round", required_argument, NULL, 'r'},
		{"json", no_argument, NULL, 'j'},     {"csv", no_argument, NULL, 'c'},	       {"responses", no_argument, NULL, 'R'},
		{NULL, 0, NULL, 0},
	};
	const char *db = default_db(), *code = NULL;
	long long round_id = 0;
	bool json = false, csv = false, responses = false;
	int opt;
	opterr = 0;
	optind = 0;
	while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		char *end;
		switch (opt) {
		case 'd': db = optarg; break;
		case 'u': code = optarg; break;
		case 'j': json = true; break;
		case 'c': csv = true; break;
		case 'R': responses = true; break;
		case 'r':
			round_id = strtoll(optarg, &end, 10);
			if (*end || round_id <= 0)
				return usage_error("export", "--round needs a round id, not \"%s\"", optarg);
			break;
		default: return bad_option("export", argc, argv, opt);
		}
	}
	if (optind < argc)
		return usage_error("export", "unexpected argument \"%s\"", argv[optind]);
	if (!code)
		return usage_error("export", "needs --unit CODE");
	if (json == csv)
		return usage_error("export", "choose --json or --csv");
	struct unit_tree tree;
	struct store *s = open_store_tree("export", db, &tree);
	if (!s)
		return EXIT_FAILED;
	const struct unit *u = unit_by_code(&tree, code);
	int rc = EXIT_FAILED;
	struct error err;
	struct grants everything = {.site_admin = true}; /* the operator at the command line sees all */
	struct catalog *cat = u ? load_catalog(NULL, db) : NULL;
	struct export_request q = {cat, &tree, &everything, u, round_id, responses};
	if (!u) {
		fprintf(stderr, "caregrid: export: no unit \"%s\"\n", code);
	} else if (!cat) {
		/* load_catalog said why */
	} else if (json) {
		json_t *doc;
		if (unit_export_json(s, &q, &doc, &err) != 0) {
			fprintf(stderr, "caregrid: export: %s\n", err.msg);
		} else {
			json_dumpf(doc, stdout, JSON_INDENT(1));
			putchar('\n');
			json_decref(doc);
			rc = EXIT_OK;
		}
	} else {
		struct buf b = BUF_INIT;
		buf_init(&b, 0);
		if (unit_export_csv(s, &q, &b, &err) != 0) {
			fprintf(stderr, "caregrid: export: %s\n", err.msg);
		} else {
			fwrite(b.data, 1, b.len, stdout);
			rc = EXIT_OK;
		}
		buf_release(&b);
	}
	catalog_free(cat);
	unit_tree_release(&tree);
	store_close(s);
	return rc;
}
