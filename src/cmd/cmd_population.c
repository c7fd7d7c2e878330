/*
 * cmd_population.c - caregrid population import (a registered-list extract segmented at one or more as-of dates,
 * only the aggregates stored) and caregrid population show UNIT. Every count printed passes the disclosure rule
 * (stats/disclosure.h): 1 to 7 as "*", others to the nearest 5. domain/population.h holds the rules.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "domain/population.h"
#include "domain/unit.h"
#include "stats/disclosure.h"
#include "store/store.h"

struct printer {
	struct disclosure_rule rule;
	bool csv;
	bool any;
};

static int
print_count(void *ctx, const char *practice, const char *as_of, enum population_segment seg, long count)
{
	struct printer *pr = ctx;
	struct disclosed d = disclosure_count(&pr->rule, count);
	char shown[32];
	disclosure_text(&d, shown, sizeof shown);
	if (pr->csv && !pr->any)
		printf("practice,as_of,segment,count\n");
	if (pr->csv)
		printf("%s,%s,%s,%s\n", practice, as_of, population_segment_code(seg), shown);
	else
		printf("%-12s %s  %-22s %6s\n", practice, as_of, population_segment_name(seg), shown);
	pr->any = true;
	return 0;
}

/* Takes every --as-of VALUE (or --as-of=VALUE) out of ARGV into DATES; the rest is left for cmd_options. */
static int
take_dates(int *argc, char **argv, const char **dates, size_t max, size_t *n)
{
	int out = 1;
	for (int i = 1; i < *argc; i++) {
		const char *v = NULL;
		if (strcmp(argv[i], "--as-of") == 0 && i + 1 < *argc)
			v = argv[++i];
		else if (strncmp(argv[i], "--as-of=", 8) == 0)
			v = argv[i] + 8;
		if (!v) {
			argv[out++] = argv[i];
			continue;
		}
		if (*n == max)
			return usage_error("population", "at most %zu --as-of dates", max);
		dates[(*n)++] = v;
	}
	*argc = out;
	return 0;
}

static int
do_import(int argc, char **argv)
{
	const char *dates[64];
	struct population_request req = {.as_of = dates};
	const char *db = default_db(), *format = NULL;
	if (take_dates(&argc, argv, dates, 64, &req.n_as_of))
		return EXIT_USAGE;
	const struct cmd_opt opts[] = {
		{"patients", CMD_TEXT, &req.patients, 0}, {"events", CMD_TEXT, &req.events, 0},
		{"synthea", CMD_TEXT, &req.dir, 0},       {"fhir", CMD_TEXT, &req.dir, 0},
		{"practice", CMD_TEXT, &req.practice, 0}, {"codelists", CMD_TEXT, &req.codelists, 0},
		{"db", CMD_TEXT, &db, 0},                 {"format", CMD_TEXT, &format, 0},
		{NULL, 0, NULL, 0}};
	int rc = cmd_options("population", argc, argv, opts, NULL);
	if (rc)
		return rc;
	bool fhir = false;
	for (int i = 1; i < argc; i++)
		fhir |= strncmp(argv[i], "--fhir", 6) == 0;
	req.source = fhir ? POP_SOURCE_FHIR : req.dir ? POP_SOURCE_SYNTHEA : POP_SOURCE_CSV;
	if (req.source == POP_SOURCE_CSV && (!req.patients || !req.events))
		return usage_error("population", "give --patients and --events, --synthea DIR --practice CODE, or "
				   "--fhir DIR");
	if (req.source == POP_SOURCE_SYNTHEA && !req.practice)
		return usage_error("population", "--synthea needs --practice CODE: Synthea has no practices");
	if (!req.codelists || !req.n_as_of)
		return usage_error("population", "give --codelists PATH and at least one --as-of YYYY-MM-DD");
	if (format && strcmp(format, "csv") != 0)
		return usage_error("population", "--format takes csv");
	struct store *s = open_store("population", db);
	if (!s)
		return EXIT_FAILED;
	struct printer pr = {.csv = format != NULL};
	disclosure_rule_default(&pr.rule);
	struct error err;
	rc = population_import(s, &req, print_count, &pr, &err) < 0 ? EXIT_FAILED : EXIT_OK;
	if (rc)
		fprintf(stderr, "caregrid: population: %s\n", err.msg);
	store_close(s);
	return rc;
}

static int
do_show(int argc, char **argv)
{
	const char *db = default_db(), *format = NULL, *as_of = NULL;
	const struct cmd_opt opts[] = {{"db", CMD_TEXT, &db, 0},
				       {"format", CMD_TEXT, &format, 0},
				       {"as-of", CMD_TEXT, &as_of, 0},
				       {NULL, 0, NULL, 0}};
	int first, rc = cmd_options("population", argc, argv, opts, &first);
	if (rc)
		return rc;
	if (first != argc - 1)
		return usage_error("population", "show takes one unit's code");
	if (format && strcmp(format, "csv") != 0)
		return usage_error("population", "--format takes csv");
	struct unit_tree tree;
	struct store *s = open_store_tree("population", db, &tree);
	if (!s)
		return EXIT_FAILED;
	const struct unit *u = unit_by_code(&tree, argv[first]);
	struct printer pr = {.csv = format != NULL};
	disclosure_rule_default(&pr.rule);
	struct error err;
	rc = EXIT_OK;
	if (!u) {
		fprintf(stderr, "caregrid: population: no unit with the code \"%s\"\n", argv[first]);
		rc = EXIT_FAILED;
	} else if (population_counts_each(s, u->id, as_of, print_count, &pr, &err) < 0) {
		fprintf(stderr, "caregrid: population: %s\n", err.msg);
		rc = EXIT_FAILED;
	} else if (!pr.any && !pr.csv) {
		printf("no population counts for %s%s%s: import an extract with caregrid population import\n",
		       argv[first], as_of ? " on " : "", as_of ? as_of : "");
	}
	unit_tree_release(&tree);
	store_close(s);
	return rc;
}

int
cmd_population(int argc, char **argv)
{
	if (argc < 2)
		return usage_error("population", "import or show?");
	if (strcmp(argv[1], "import") == 0)
		return do_import(argc - 1, argv + 1);
	if (strcmp(argv[1], "show") == 0)
		return do_show(argc - 1, argv + 1);
	return usage_error("population", "unknown subcommand \"%s\": import or show", argv[1]);
}
