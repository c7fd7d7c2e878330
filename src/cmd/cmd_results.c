/*
 * cmd_results.c - caregrid results ROUND [--json|--csv]: a round's results as data, with the same
 * small-group rule as the pages.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "domain/export.h"
#include "domain/results.h"
#include "store/store.h"

int
cmd_results(int argc, char **argv)
{
	const char *db = default_db(), *id_text = NULL;
	bool csv = false, json = false;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = true;
		else if (strcmp(argv[i], "--csv") == 0)
			csv = true;
		else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
			db = argv[++i];
		else if (argv[i][0] == '-')
			return usage_error("results", "unknown option %s", argv[i]);
		else if (id_text)
			return usage_error("results", "one ROUND only");
		else
			id_text = argv[i];
	}
	if (!id_text)
		return usage_error("results", "needs the ROUND's id");
	if (csv == json)
		return usage_error("results", "choose --json or --csv");
	char *end;
	long long id = strtoll(id_text, &end, 10);
	if (*end || id <= 0)
		return usage_error("results", "\"%s\" is not a round id", id_text);

	struct unit_tree tree;
	struct store *s = open_store_tree("results", db, &tree);
	if (!s)
		return EXIT_FAILED;
	struct catalog *cat = load_catalog(NULL, db);
	struct round r;
	struct error err;
	struct results res;
	int rc = EXIT_FAILED;
	int found = cat ? round_get(s, id, &r, &err) : -1;
	const struct unit *u = found > 0 ? unit_by_id(&tree, r.unit_id) : NULL;
	const struct instrument *ins = found > 0 ? catalog_find(cat, r.instrument_id, r.instrument_version) : NULL;
	if (found < 0 && cat)
		fprintf(stderr, "caregrid: results: %s\n", err.msg);
	else if (found == 0)
		fprintf(stderr, "caregrid: results: no round %lld\n", id);
	else if (!u || !ins)
		fprintf(stderr, "caregrid: results: round %lld refers to a unit or instrument this database lacks\n",
			id);
	else if (results_compute(s, &r, u, ins, &res, &err) < 0)
		fprintf(stderr, "caregrid: results: %s\n", err.msg);
	else {
		if (json) {
			json_t *doc = results_to_json(&res, u);
			json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(17));
			putchar('\n');
			json_decref(doc);
		} else {
			struct buf b = BUF_INIT;
			buf_init(&b, 0);
			results_to_csv(&res, u, &b);
			fwrite(b.data, 1, b.len, stdout);
			buf_release(&b);
		}
		results_release(&res);
		rc = EXIT_OK;
	}
	catalog_free(cat);
	unit_tree_release(&tree);
	store_close(s);
	return rc;
}
