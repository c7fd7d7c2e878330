/*
 * cmd_import.c - caregrid import responses --round R FILE.csv [--map COL=NAME,...] [--scale WORD=VALUE,...]
 * [--skip-bad BAD.csv]: answers from paper or another survey platform into a round, all or nothing unless
 * bad rows are to be skipped. A progress bar on a terminal for large files.
 * caregrid import improvement --unit CODE [--from CODE] FILE.json: a unit's measures, actions and aims from
 * an export (--improvement) into a unit, this one or another, all or nothing.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "domain/import.h"
#include "domain/improve_io.h"
#include "store/store.h"

static void
progress(size_t done, size_t total, void *ctx)
{
	(void)ctx;
	if (!total)
		return;
	int pct = (int)(done * 100 / total);
	int bar = pct / 4;
	fprintf(stderr, "\rimporting [%.*s%*s] %3d%% (%zu of %zu rows)", bar, "#########################", 25 - bar, "",
		pct, done, total);
	if (done >= total)
		fputc('\n', stderr);
}

/* What the command line asked for. */
struct import_args {
	const char *db, *bad_file, *file;
	long long round_id;
	struct import_options io;
};

/* Parses the command line into A: -1 when it is good, else the exit code of the usage error. */
static int
parse_args(int argc, char **argv, struct import_args *a)
{
	static const struct option opts[] = {
		{"db", required_argument, NULL, 'd'},	 {"round", required_argument, NULL, 'r'},
		{"map", required_argument, NULL, 'm'},	 {"scale", required_argument, NULL, 's'},
		{"skip-bad", required_argument, NULL, 'k'}, {NULL, 0, NULL, 0},
	};
	if (argc < 2 || strcmp(argv[1], "responses") != 0)
		return usage_error("import", "needs what to import: responses or improvement");
	*a = (struct import_args){.db = default_db()};
	int opt;
	opterr = 0;
	optind = 0;
	argc--;
	argv++;
	while ((opt = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
		char *end;
		switch (opt) {
		case 'd': a->db = optarg; break;
		case 'm': a->io.column_map = optarg; break;
		case 's': a->io.score_map = optarg; break;
		case 'k': a->bad_file = optarg; break;
		case 'r':
			a->round_id = strtoll(optarg, &end, 10);
			if (*end || a->round_id <= 0)
				return usage_error("import", "--round needs a round id, not \"%s\"", optarg);
			break;
		default: return bad_option("import", argc, argv, opt);
		}
	}
	if (!a->round_id)
		return usage_error("import", "needs --round ROUND");
	if (argc - optind != 1)
		return usage_error("import", "needs one FILE.csv");
	a->file = argv[optind];
	return -1;
}

/* The first 200 problems, and how many more there were. */
static void
print_problems(struct strvec *problems)
{
	for (size_t i = 0; i < problems->n && i < 200; i++)
		fprintf(stderr, "%s\n", problems->v[i]);
	if (problems->n > 200)
		fprintf(stderr, "... and %zu more problems\n", problems->n - 200);
	strvec_clear(problems);
}

/* The skipped rows, with their reasons, into FILE: 0, or -1 after saying so. */
static int
write_bad_rows(const char *file, const struct buf *bad)
{
	FILE *f = fopen(file, "w");
	if (!f || fwrite(bad->data, 1, bad->len, f) != bad->len) {
		fprintf(stderr, "caregrid: import: could not write the skipped rows to %s\n", file);
		if (f)
			fclose(f);
		return -1;
	}
	fclose(f);
	return 0;
}

/* caregrid import improvement --unit CODE [--from CODE] FILE.json */
static int
import_improvement(int argc, char **argv)
{
	const char *db = default_db(), *code = NULL, *from = NULL;
	const struct cmd_opt opts[] = {
		{"db", CMD_TEXT, &db, 0},
		{"unit", CMD_TEXT, &code, 0},
		{"from", CMD_TEXT, &from, 0},
		{NULL, 0, NULL, 0},
	};
	int first;
	if (cmd_options("import improvement", argc - 1, argv + 1, opts, &first))
		return EXIT_USAGE;
	if (!code)
		return usage_error("import", "improvement needs --unit CODE");
	if (argc - 1 - first != 1)
		return usage_error("import", "improvement needs one FILE.json");
	const char *file = argv[1 + first];
	struct buf text = BUF_INIT;
	buf_init(&text, IMPROVEMENT_FILE_MAX + 1);
	if (buf_read_file(&text, file) < 0) {
		fprintf(stderr, "caregrid: import: cannot read %s (a file of at most %d MB)\n", file,
			IMPROVEMENT_FILE_MAX >> 20);
		fprintf(stderr, "caregrid: import: nothing was imported\n");
		buf_release(&text);
		return EXIT_FAILED;
	}
	struct unit_tree tree;
	struct store *s = open_store_tree("import", db, &tree);
	struct catalog *cat = s ? load_catalog(NULL, db) : NULL;
	const struct unit *u = s ? unit_by_code(&tree, code) : NULL;
	int rc = EXIT_FAILED;
	struct error err = {.kind = ERROR_INVALID};
	struct improvement_report rep;
	if (s && !u)
		fprintf(stderr, "caregrid: import: no unit \"%s\"\n", code);
	if (!cat || !u)
		goto out;
	if (improvement_import(s, cat, &actor_cli, u, text.data, text.len, from, &rep, &err) < 0) {
		fprintf(stderr, "caregrid: import: %s: %s\ncaregrid: import: nothing was imported\n", file, err.msg);
		goto out;
	}
	for (size_t i = 0; i < rep.warnings.n; i++)
		fprintf(stderr, "caregrid: import: warning: %s\n", rep.warnings.v[i]);
	printf("%s: imported %zu measures (%zu points, %zu notes), %zu actions (%zu PDSA cycles), %zu aims (%zu "
	       "drivers, %zu change ideas, %zu ramp steps)\n",
	       u->code, rep.measures, rep.points, rep.notes, rep.actions, rep.cycles, rep.aims, rep.drivers, rep.ideas,
	       rep.steps);
	improvement_report_release(&rep);
	rc = EXIT_OK;
out:
	catalog_free(cat);
	if (s)
		unit_tree_release(&tree);
	store_close(s);
	buf_release(&text);
	return rc;
}

int
cmd_import(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "improvement") == 0)
		return import_improvement(argc, argv);
	struct import_args a = {0};
	int usage = parse_args(argc, argv, &a);
	if (usage >= 0)
		return usage;
	const char *db = a.db, *bad_file = a.bad_file;
	long long round_id = a.round_id;
	struct import_options io = a.io;
	const char *file = a.file;
	struct buf text = BUF_INIT, bad = BUF_INIT;
	buf_init(&text, 512 * 1024 * 1024);
	buf_init(&bad, 0);
	if (buf_read_file(&text, file) < 0) {
		fprintf(stderr, "caregrid: import: cannot read %s\n", file);
		buf_release(&text);
		return EXIT_FAILED;
	}
	struct unit_tree tree;
	struct store *s = open_store_tree("import", db, &tree);
	if (!s) {
		buf_release(&text);
		return EXIT_FAILED;
	}
	struct catalog *cat = load_catalog(NULL, db);
	struct round r;
	struct error err = {.kind = ERROR_INVALID};
	int rc = EXIT_FAILED;
	int found = cat ? round_get(s, round_id, &r, &err) : -1;
	const struct unit *u = found > 0 ? unit_by_id(&tree, r.unit_id) : NULL;
	const struct instrument *ins = found > 0 ? catalog_find(cat, r.instrument_id, r.instrument_version) : NULL;
	if (found <= 0 || !u || !ins) {
		fprintf(stderr, "caregrid: import: %s\n", found < 0 ? err.msg : "no such round");
		goto out;
	}
	io.skip_bad = bad_file != NULL;
	io.bad_rows = &bad;
	if (isatty(STDERR_FILENO)) {
		io.progress = progress;
	}
	struct strvec problems = STRVEC_INIT;
	struct import_report rep;
	int ok = responses_import(s, &actor_cli, &r, u, ins, text.data, text.len, file, &io, &rep, &problems, &err);
	print_problems(&problems);
	if (ok < 0 && rep.column_missing)
		fprintf(stderr, "caregrid: import: map a column named otherwise with --map COLUMN=NAME,...\n");
	if (ok < 0 && rep.score_unmapped)
		fprintf(stderr, "caregrid: import: map other score words to levels with --scale WORD=VALUE,...\n");
	if (ok < 0) {
		if (err.msg[0])
			fprintf(stderr, "caregrid: import: %s\n", err.msg);
		fprintf(stderr, "caregrid: import: nothing was imported\n");
		goto out;
	}
	if (bad_file && rep.skipped_rows && write_bad_rows(bad_file, &bad) < 0)
		goto out;
	printf("round %lld: imported %zu responses (%zu answers) from %zu rows", round_id, rep.responses, rep.answers,
	       rep.rows);
	if (rep.skipped_rows)
		printf("; %zu bad rows skipped, written with their reasons to %s", rep.skipped_rows, bad_file);
	putchar('\n');
	rc = EXIT_OK;
out:
	catalog_free(cat);
	unit_tree_release(&tree);
	store_close(s);
	buf_release(&text);
	buf_release(&bad);
	return rc;
}
