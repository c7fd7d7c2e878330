/*
 * cmd_measure.c - caregrid measure list --unit U | measure import --measure ID FILE.csv: a unit's measures
 * with their SPC icons, and data points loaded from CSV (date,value[,rebase][,note]), all or nothing.
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "domain/improve.h"
#include "lib/buf.h"
#include "lib/text.h"
#include "stats/spc.h"
#include "store/store.h"

static int
print_measure(void *ctx, const struct measure *m)
{
	struct store *s = ctx;
	struct measure_series ms;
	struct error err;
	if (measure_series_load(s, m->id, &ms, &err) < 0)
		return -1;
	struct spc_result r;
	measure_chart(m, &ms, &r); /* as the measure's page draws it: baseline, rebases and all */
	printf("%-5lld %-19s %3zu points  %-17s %-16s %s\n", (long long)m->id, m->category, ms.n,
	       r.variation == VAR_NONE ? "-" : spc_variation_name(r.variation), spc_assurance_name(r.assurance),
	       m->name);
	spc_release(&r);
	measure_series_release(&ms);
	return 0;
}

int
cmd_measure(int argc, char **argv)
{
	const char *db = default_db(), *unit = NULL, *file = NULL;
	long long id = 0;
	if (argc < 2 || (strcmp(argv[1], "list") != 0 && strcmp(argv[1], "import") != 0))
		return usage_error("measure", "needs a subcommand: list or import");
	bool list = strcmp(argv[1], "list") == 0;
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
			db = argv[++i];
		else if (strcmp(argv[i], "--unit") == 0 && i + 1 < argc)
			unit = argv[++i];
		else if (strcmp(argv[i], "--measure") == 0 && i + 1 < argc) {
			if (!text_to_number(argv[++i], 1, LLONG_MAX, &id))
				id = 0; /* "12abc" is no id: the usage error below, as for a missing one */
		}
		else if (argv[i][0] == '-' && argv[i][1])
			return usage_error("measure", "unknown option %s", argv[i]);
		else if (file)
			return usage_error("measure", "one FILE only");
		else
			file = argv[i];
	}
	if (list ? !unit : (id <= 0 || !file))
		return usage_error("measure",
				   list ? "list needs --unit CODE" : "import needs --measure ID and a FILE.csv");
	struct unit_tree tree;
	struct store *s = open_store_tree("measure", db, &tree);
	if (!s)
		return EXIT_FAILED;
	struct error err = {.kind = ERROR_INVALID};
	int rc = EXIT_FAILED;
	if (list) {
		const struct unit *u = unit_by_code(&tree, unit);
		if (!u)
			fprintf(stderr, "caregrid: measure: no unit \"%s\"\n", unit);
		else if (measures_each(s, u->id, print_measure, s, &err) < 0)
			fprintf(stderr, "caregrid: measure: %s\n", err.msg);
		else
			rc = EXIT_OK;
	} else {
		struct measure m;
		struct buf text = BUF_INIT;
		buf_init(&text, 64 * 1024 * 1024);
		int found = measure_get(s, id, &m, &err);
		if (found <= 0) {
			fprintf(stderr, "caregrid: measure: %s\n", found < 0 ? err.msg : "no such measure");
		} else {
			if (buf_read_file(&text, file) < 0) {
				fprintf(stderr, "caregrid: measure: cannot read %s\n", file);
			} else {
				struct strvec problems = STRVEC_INIT;
				int n = measure_import_csv(s, &actor_cli, &m, text.data, text.len, NULL, file,
							   &problems, &err);
				for (size_t i = 0; i < problems.n; i++)
					fprintf(stderr, "%s\n", problems.v[i]);
				if (n < 0) {
					if (err.msg[0])
						fprintf(stderr, "caregrid: measure: %s\n", err.msg);
					fprintf(stderr, "caregrid: measure: nothing was imported\n");
				} else {
					printf("measure %lld: %d points imported from %s\n", id, n, file);
					rc = EXIT_OK;
				}
				strvec_clear(&problems);
			}
			measure_release(&m);
		}
		buf_release(&text);
	}
	unit_tree_release(&tree);
	store_close(s);
	return rc;
}
