/*
 * cmd_instrument.c - caregrid instrument show|check|add: look at one instrument, validate instrument files
 * before using them, and add one to a database so that every caregrid using it knows it.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "store/store.h"

static void
print_instrument(const struct instrument *ins)
{
	printf("%s (version %ld)\n%s\n", ins->id, ins->version, ins->title);
	if (ins->subtitle)
		printf("%s\n", ins->subtitle);
	printf("subject: %s; %zu domains, %zu items\n", ins->subject, ins->n_domains, ins->n_items);
	if (ins->source)
		printf("source: %s\n", ins->source);
	printf("\nscale:\n");
	for (size_t i = 0; i < ins->n_levels; i++) {
		const struct level *lv = &ins->levels[i];
		printf("  %ld  %s%s%s\n", lv->value, lv->label, lv->meaning ? " - " : "",
		       lv->meaning ? lv->meaning : "");
	}
	if (ins->dont_know)
		printf("  -  don't know (no score)\n");
	for (size_t i = 0; i < ins->n_domains; i++) {
		const struct domain *d = &ins->domains[i];
		printf("\n%s  %s\n", d->code, d->title);
		for (size_t j = 0; j < d->n_items; j++) {
			const struct item *it = &d->items[j];
			printf("  %-6s ", it->code);
			if (it->title)
				printf("%s: ", it->title);
			if (it->text)
				printf("%s\n", it->text);
			else
				printf("from \"%s\" to \"%s\"\n", it->from, it->to);
		}
	}
}

static int
show(int argc, char **argv)
{
	bool json = false;
	long version = 0;
	const char *db = default_db(), *dir = NULL;
	const struct cmd_opt opts[] = {
		{"json", CMD_FLAG, &json, 0}, {"version", CMD_WHOLE, &version, 1}, {"db", CMD_TEXT, &db, 0},
		{"instruments", CMD_TEXT, &dir, 0}, {NULL, 0, NULL, 0},
	};
	int first;
	if (cmd_options("instrument", argc, argv, opts, &first))
		return EXIT_USAGE;
	if (argc - first != 1)
		return usage_error("instrument", "show needs exactly one instrument id");
	const char *id = argv[first];
	struct catalog *cat = load_catalog(dir, db);
	if (!cat)
		return EXIT_FAILED;
	const struct instrument *ins = catalog_find(cat, id, version);
	int rc = EXIT_OK;
	if (!ins) {
		if (version)
			fprintf(stderr, "caregrid: instrument: no instrument \"%s\" with version %ld\n", id, version);
		else
			fprintf(stderr,
				"caregrid: instrument: no instrument \"%s\" (caregrid instruments lists them)\n", id);
		rc = EXIT_FAILED;
	} else if (json) {
		json_t *j = instrument_to_json(ins);
		json_dumpf(j, stdout, JSON_INDENT(2));
		putchar('\n');
		json_decref(j);
	} else {
		print_instrument(ins);
	}
	catalog_free(cat);
	return rc;
}

static int
check(int argc, char **argv)
{
	if (argc - optind < 1)
		return usage_error("instrument", "check needs at least one FILE");
	int rc = EXIT_OK;
	for (int i = optind; i < argc; i++) {
		struct strvec problems = STRVEC_INIT;
		struct instrument *ins = instrument_load_file(argv[i], &problems);
		if (ins) {
			printf("%s: ok: %s version %ld, %zu domains, %zu items, in en", argv[i], ins->id, ins->version,
			       ins->n_domains, ins->n_items);
			for (size_t k = 0; k < ins->n_translations; k++)
				printf(", %s", ins->translations[k]->lang);
			printf("\n");
			instrument_free(ins);
		} else {
			for (size_t k = 0; k < problems.n; k++)
				fprintf(stderr, "%s\n", problems.v[k]);
			rc = EXIT_FAILED;
		}
		strvec_clear(&problems);
	}
	return rc;
}

static int
add(int argc, char **argv)
{
	const char *db = default_db();
	const struct cmd_opt opts[] = {{"db", CMD_TEXT, &db, 0}, {NULL, 0, NULL, 0}};
	int first;
	if (cmd_options("instrument", argc, argv, opts, &first))
		return EXIT_USAGE;
	if (argc - first != 1)
		return usage_error("instrument", "add needs exactly one FILE");
	const char *file = argv[first];

	struct strvec problems = STRVEC_INIT;
	struct instrument *ins = instrument_load_file(file, &problems);
	if (!ins) {
		for (size_t k = 0; k < problems.n; k++)
			fprintf(stderr, "%s\n", problems.v[k]);
		strvec_clear(&problems);
		return EXIT_FAILED;
	}
	/* Against the whole catalog, so that a file reusing a built-in's id and version is caught too. */
	struct catalog *cat = load_catalog(NULL, db);
	int rc = EXIT_FAILED;
	if (!cat)
		goto out;
	const struct instrument *have = catalog_find(cat, ins->id, ins->version);
	if (have && strcmp(have->hash, ins->hash) != 0) {
		fprintf(stderr,
			"caregrid: instrument: %s: \"%s\" version %ld already exists (%s) with different content; "
			"give the changed instrument a new version number\n",
			file, ins->id, ins->version, have->origin);
		goto out;
	}
	struct store *s;
	struct error err;
	if (store_open(&s, db, STORE_OPEN_EXISTING, &err) < 0) {
		fprintf(stderr, "caregrid: instrument: %s\n", err.msg);
		goto out;
	}
	int put = store_instrument_put(s, ins->id, ins->version, ins->title, ins->canonical, ins->hash, file, &err);
	store_close(s);
	if (put < 0) {
		fprintf(stderr, "caregrid: instrument: %s\n", err.msg);
		goto out;
	}
	printf("%s: %s version %ld %s %s\n", file, ins->id, ins->version, put ? "added to" : "was already in", db);
	rc = EXIT_OK;
out:
	catalog_free(cat);
	instrument_free(ins);
	return rc;
}

int
cmd_instrument(int argc, char **argv)
{
	if (argc < 2)
		return usage_error("instrument", "needs a subcommand: show, check or add");
	opterr = 0;
	optind = 0;
	/* getopt_long sees "instrument SUB ..." from SUB on, so that SUB is its argv[0]. */
	const char *sub = argv[1];
	argc--;
	argv++;
	if (strcmp(sub, "show") == 0)
		return show(argc, argv);
	if (strcmp(sub, "check") == 0) {
		optind = 1;
		return check(argc, argv);
	}
	if (strcmp(sub, "add") == 0)
		return add(argc, argv);
	return usage_error("instrument", "unknown subcommand \"%s\": use show, check or add", sub);
}
