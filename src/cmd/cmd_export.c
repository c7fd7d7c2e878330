/*
 * cmd_export.c - caregrid export --unit U [--round R] [--responses|--improvement] [--json|--csv]: everything of
 * a unit and the units below it, in the documented formats (docs/export.md): each round's results, or with
 * --responses each closed round's responses one by one under the same rules as the web (export.h), which is
 * the CSV "caregrid import responses" reads; or with --improvement (JSON) the units' measures, actions and
 * aims, which "caregrid import improvement" reads.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "domain/access.h"
#include "domain/catalog.h"
#include "domain/export.h"
#include "domain/improve_io.h"
#include "store/store.h"

int
cmd_export(int argc, char **argv)
{
	const char *db = default_db(), *code = NULL, *round_text = NULL;
	bool json = false, csv = false, responses = false, improvement = false;
	const struct cmd_opt opts[] = {
		{"db", CMD_TEXT, &db, 0},     {"unit", CMD_TEXT, &code, 0}, {"round", CMD_TEXT, &round_text, 0},
		{"json", CMD_FLAG, &json, 0}, {"csv", CMD_FLAG, &csv, 0},   {"responses", CMD_FLAG, &responses, 0},
		{"improvement", CMD_FLAG, &improvement, 0}, {NULL, 0, NULL, 0},
	};
	if (cmd_options("export", argc, argv, opts, NULL))
		return EXIT_USAGE;
	char *end = NULL;
	long long round_id = round_text ? strtoll(round_text, &end, 10) : 0;
	if (round_text && (*end || round_id <= 0))
		return usage_error("export", "--round needs a round id, not \"%s\"", round_text);
	if (!code)
		return usage_error("export", "needs --unit CODE");
	if (json == csv)
		return usage_error("export", "choose --json or --csv");
	if (improvement && (csv || responses || round_text))
		return usage_error(
			"export",
			"--improvement is JSON only, of every round's unit: no --csv, --responses or --round");
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
		if ((improvement ? unit_export_improvement(s, &q, &doc, &err) : unit_export_json(s, &q, &doc, &err)) !=
		    0) {
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
