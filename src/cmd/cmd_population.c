/*
 * cmd_population.c - caregrid population import (a registered-list extract segmented at one or more as-of dates,
 * only the aggregates stored) and caregrid population show UNIT. Every count printed passes the disclosure rule
 * in force (stats/disclosure.h; by default 1 to 7 as "*", others to the nearest 5), each date's table as one, with
 * secondary suppression, as the population page shows it. domain/population.h holds the rules.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "domain/population.h"
#include "domain/population_view.h"
#include "domain/unit.h"
#include "lib/xalloc.h"
#include "stats/disclosure.h"
#include "store/store.h"

/* The counts as they come (practice, date, segment), printed only once every one has come: each date's
 * practices x segments table is disclosed as one (stats/disclosure.h, secondary suppression included), as the
 * population page discloses it, so that no hidden figure can be worked out from the others printed. */
struct printer {
	struct disclosure_rule rule;
	bool csv;
	bool any;
	struct counted {
		char practice[64], as_of[11];
		enum population_segment seg;
		long count;
	} *v;
	size_t n, cap;
};

static int
collect_count(void *ctx, const char *practice, const char *as_of, enum population_segment seg, long count)
{
	struct printer *pr = ctx;
	pr->v = xgrow(pr->v, sizeof *pr->v, pr->n + 1, &pr->cap);
	struct counted *c = &pr->v[pr->n++];
	snprintf(c->practice, sizeof c->practice, "%s", practice);
	snprintf(c->as_of, sizeof c->as_of, "%s", as_of);
	c->seg = seg;
	c->count = count;
	return 0;
}

static void
print_line(struct printer *pr, const char *practice, const char *as_of, enum population_segment seg,
	   const struct disclosed *d)
{
	char shown[32];
	disclosure_text(d, shown, sizeof shown);
	if (pr->csv && !pr->any)
		printf("practice,as_of,segment,count\n");
	if (pr->csv)
		printf("%s,%s,%s,%s\n", practice, as_of, population_segment_code(seg), shown);
	else
		printf("%-12s %s  %-22s %6s\n", practice, as_of, population_segment_name(seg), shown);
	pr->any = true;
}

/* A count's place in the printing: its date's and its practice's (within the date) first arrival, then its own. */
struct placed {
	const struct counted *c;
	size_t at, date_first, practice_first;
};

static int
by_text(const void *a, const void *b)
{
	const struct placed *x = a, *y = b;
	int d = strcmp(x->c->as_of, y->c->as_of);
	if (!d)
		d = strcmp(x->c->practice, y->c->practice);
	return d ? d : (x->at > y->at) - (x->at < y->at);
}

static int
by_arrival(const void *a, const void *b)
{
	const struct placed *x = a, *y = b;
	if (x->date_first != y->date_first)
		return (x->date_first > y->date_first) - (x->date_first < y->date_first);
	if (x->practice_first != y->practice_first)
		return (x->practice_first > y->practice_first) - (x->practice_first < y->practice_first);
	return (x->at > y->at) - (x->at < y->at);
}

/* The counts of PR in printing order: date by date in the order the dates first came, each date's practices in
 * the order they first came, a practice's counts as they came. Two sorts rather than a scan per date and per
 * practice: a region's extract has thousands of practices. Free it. */
static struct placed *
place_counts(const struct printer *pr)
{
	struct placed *p = xcalloc(pr->n ? pr->n : 1, sizeof *p);
	for (size_t i = 0; i < pr->n; i++)
		p[i] = (struct placed){.c = &pr->v[i], .at = i};
	qsort(p, pr->n, sizeof *p, by_text);
	for (size_t i = 0, end; i < pr->n; i = end) {
		size_t first = p[i].at;
		for (end = i; end < pr->n && strcmp(p[end].c->as_of, p[i].c->as_of) == 0; end++) {
			bool same = end > i && strcmp(p[end].c->practice, p[end - 1].c->practice) == 0;
			p[end].practice_first = same ? p[end - 1].practice_first : p[end].at;
			first = p[end].at < first ? p[end].at : first;
		}
		for (size_t k = i; k < end; k++)
			p[k].date_first = first;
	}
	qsort(p, pr->n, sizeof *p, by_arrival);
	return p;
}

/* The practices of one day (counts P[0..N) in printing order) as one disclosed table, printed. */
static int
print_date(struct printer *pr, const struct placed *p, size_t n)
{
	const char *as_of = p[0].c->as_of;
	size_t rows = 0;
	const char **names = xcalloc(n, sizeof *names);
	long *cells = xcalloc(n * POP_SEGMENTS + 1, sizeof *cells);
	for (size_t i = 0; i < n; i++) {
		if (i == 0 || p[i].practice_first != p[i - 1].practice_first)
			names[rows++] = p[i].c->practice;
		cells[(rows - 1) * POP_SEGMENTS + p[i].c->seg] = p[i].c->count;
	}
	struct disclosure_table t;
	char why[200];
	int rc = disclosure_table(&pr->rule, cells, rows, POP_SEGMENTS, &t, why, sizeof why);
	if (rc == 0) {
		for (size_t r = 0; r < rows; r++)
			for (size_t c = 0; c < POP_SEGMENTS; c++)
				print_line(pr, names[r], as_of, (enum population_segment)c, disclosure_cell(&t, r, c));
		disclosure_table_release(&t);
	} else {
		fprintf(stderr, "caregrid: population: %s\n", why);
	}
	free(names);
	free(cells);
	return rc;
}

/* Prints what PR collected, date by date in the order the dates first came. */
static int
print_counts(struct printer *pr)
{
	struct placed *p = place_counts(pr);
	int rc = 0;
	for (size_t i = 0, end; i < pr->n && rc == 0; i = end) {
		for (end = i + 1; end < pr->n && p[end].date_first == p[i].date_first;)
			end++;
		if (print_date(pr, p + i, end - i) < 0)
			rc = -1;
	}
	free(p);
	return rc;
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
	struct error err;
	rc = disclosure_rule_get(s, &pr.rule, &err) < 0 || population_import(s, &req, collect_count, &pr, &err) < 0
		     ? EXIT_FAILED
		     : EXIT_OK;
	if (rc)
		fprintf(stderr, "caregrid: population: %s\n", err.msg);
	else if (print_counts(&pr) < 0)
		rc = EXIT_FAILED;
	free(pr.v);
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
	struct error err;
	rc = EXIT_OK;
	if (!u) {
		fprintf(stderr, "caregrid: population: no unit with the code \"%s\"\n", argv[first]);
		rc = EXIT_FAILED;
	} else if (disclosure_rule_get(s, &pr.rule, &err) < 0 ||
		   population_counts_each(s, u->id, as_of, collect_count, &pr, &err) < 0) {
		fprintf(stderr, "caregrid: population: %s\n", err.msg);
		rc = EXIT_FAILED;
	} else if (print_counts(&pr) < 0) {
		rc = EXIT_FAILED;
	} else if (!pr.any && !pr.csv) {
		printf("no population counts for %s%s%s: import an extract with caregrid population import\n",
		       argv[first], as_of ? " on " : "", as_of ? as_of : "");
	}
	free(pr.v);
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
