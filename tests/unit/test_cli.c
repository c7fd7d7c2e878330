/* test_cli.c - the command line, run as a user would run it: exit codes (0 ok, 1 failed, 2 usage), what
 * goes to stdout and what to stderr. */
#include <criterion/criterion.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "helpers.h"
#include "lib/xalloc.h"

#define RUN(...) run_cli(test_dir, (const char *const[]){__VA_ARGS__, NULL})


TestSuite(cli, .init = temp_dir_setup, .fini = temp_dir_teardown);

static const char *pcn_v1 =
	"{\"id\": \"pcn-matrix\", \"version\": 1, \"title\": \"PCN maturity matrix\", \"subject\": \"team\",\n"
	" \"scale\": {\"levels\": [{\"value\": 1, \"label\": \"Foundation\"}, {\"value\": 2, \"label\": \"Step 1\"},\n"
	"   {\"value\": 3, \"label\": \"Step 2\"}]},\n"
	" \"domains\": [{\"code\": \"LD\", \"title\": \"Leadership\", \"items\": [{\"code\": \"LD1\", \"text\": "
	"\"Clinical directors lead\"}]}]}\n";

Test(cli, help_lists_every_command)
{
	struct cli_result r = RUN("help");
	cr_expect_eq(r.status, 0);
	const char *names[] = {"help", "version", "instruments", "instrument", "init", "demo", "serve"};
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		cr_expect(strstr(r.out, names[i]) != NULL, "help lacks %s", names[i]);
	cli_result_release(&r);
	r = RUN("help", "serve");
	cr_expect_eq(r.status, 0);
	cr_expect(strstr(r.out, "usage: caregrid serve [--db PATH] [--listen ADDR] [--port N]") != NULL, "%s", r.out);
	cli_result_release(&r);
}

Test(cli, version_prints_version_and_schema)
{
	struct cli_result r = RUN("version");
	cr_expect_eq(r.status, 0);
	cr_expect(strncmp(r.out, "caregrid 0.", 11) == 0, "%s", r.out);
	cr_expect(strstr(r.out, "(schema ") != NULL);
	cli_result_release(&r);
}

Test(cli, unknown_command_is_a_usage_error)
{
	struct cli_result r = RUN("frobnicate");
	cr_expect_eq(r.status, 2);
	cr_expect_str_eq(r.out, "");
	cr_expect(strstr(r.err, "unknown command \"frobnicate\"") != NULL, "%s", r.err);
	cli_result_release(&r);
	r = run_cli(test_dir, (const char *const[]){NULL});
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "usage: caregrid COMMAND") != NULL);
	cli_result_release(&r);
}

Test(cli, unknown_flag_is_a_usage_error_with_usage)
{
	struct cli_result r = RUN("instruments", "--colour");
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "caregrid: instruments: unknown option --colour") != NULL, "%s", r.err);
	cr_expect(strstr(r.err, "usage: caregrid instruments") != NULL, "%s", r.err);
	cli_result_release(&r);
	r = RUN("serve", "--port");
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "option --port needs a value") != NULL, "%s", r.err);
	cli_result_release(&r);
	r = RUN("serve", "--port", "80x");
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "--port needs a whole number from 0 to 65535, not \"80x\"") != NULL, "%s", r.err);
	cli_result_release(&r);
}

Test(cli, instruments_lists_the_five_builtins)
{
	struct cli_result r = RUN("instruments");
	cr_expect_eq(r.status, 0);
	cr_expect(strstr(r.out, "pch-development-grid") != NULL);
	cr_expect(strstr(r.out, "relational-leadership") != NULL);
	cli_result_release(&r);

	r = RUN("instruments", "--json");
	cr_assert_eq(r.status, 0);
	json_error_t jerr;
	json_t *arr = json_loads(r.out, 0, &jerr);
	cr_assert_not_null(arr, "not JSON: %s", jerr.text);
	cr_assert_eq(json_array_size(arr), 6);
	const long items[] = {29, 25, 11, 4, 19};
	for (size_t i = 0; i < 5; i++)
		cr_expect_eq(json_integer_value(json_object_get(json_array_get(arr, i), "n_items")), items[i]);
	cr_expect_str_eq(json_string_value(json_object_get(json_array_get(arr, 0), "subject")), "team");
	json_decref(arr);
	cli_result_release(&r);
}

Test(cli, instrument_show_prints_the_grid_or_fails_for_unknown_id)
{
	struct cli_result r = RUN("instrument", "show", "pch-development-grid");
	cr_expect_eq(r.status, 0);
	cr_expect(strstr(r.out, "6.5") != NULL);
	cr_expect(strstr(r.out, "Embedded") != NULL);
	cli_result_release(&r);

	r = RUN("instrument", "show", "--json", "relational-leadership");
	cr_expect_eq(r.status, 0);
	json_t *j = json_loads(r.out, 0, NULL);
	cr_assert_not_null(j);
	cr_expect_eq(json_integer_value(json_object_get(j, "n_items")), 4);
	json_decref(j);
	cli_result_release(&r);

	r = RUN("instrument", "show", "no-such-thing");
	cr_expect_eq(r.status, 1);
	cr_expect(strstr(r.err, "no instrument \"no-such-thing\"") != NULL, "%s", r.err);
	cli_result_release(&r);

	r = RUN("instrument", "show");
	cr_expect_eq(r.status, 2);
	cli_result_release(&r);
	r = RUN("instrument", "explode");
	cr_expect_eq(r.status, 2);
	cr_expect(strstr(r.err, "unknown subcommand \"explode\"") != NULL);
	cli_result_release(&r);
}

Test(cli, instrument_check_accepts_good_and_lists_errors_of_bad_files)
{
	char *good = write_file(test_dir, "pcn.json", pcn_v1);
	char *bad = write_file(test_dir, "bad.json",
			       "{\"id\": \"bad\", \"version\": 1, \"title\": \"\", \"subject\": \"team\","
			       "\"scale\": {\"levels\": [{\"value\": 0, \"label\": \"Only\"}]},"
			       "\"domains\": [{\"code\": \"A\", \"title\": \"A\", \"items\": "
			       "[{\"code\": \"A1\", \"text\": \"x\"}, {\"code\": \"A1\", \"text\": \"y\"}]}]}");
	struct cli_result r = RUN("instrument", "check", good);
	cr_expect_eq(r.status, 0);
	cr_expect(strstr(r.out, "ok: pcn-matrix version 1, 1 domains, 1 items") != NULL, "%s", r.out);
	cli_result_release(&r);

	r = RUN("instrument", "check", good, bad);
	cr_expect_eq(r.status, 1);
	cr_expect(strstr(r.err, "bad.json: $.title: empty text") != NULL, "%s", r.err);
	cr_expect(strstr(r.err, "bad.json: $.scale.levels: a scale needs at least 2 levels") != NULL, "%s", r.err);
	cr_expect(strstr(r.err, "bad.json: $.domains[0].items[1].code: duplicate item code \"A1\"") != NULL, "%s",
		  r.err);
	cli_result_release(&r);

	r = RUN("instrument", "check");
	cr_expect_eq(r.status, 2);
	cli_result_release(&r);
	free(good);
	free(bad);
}

Test(cli, instrument_add_stores_it_and_refuses_a_changed_text)
{
	char *db = xasprintf("%s/c.db", test_dir);
	char *file = write_file(test_dir, "pcn.json", pcn_v1);
	struct cli_result r = RUN("instrument", "add", file, "--db", db);
	cr_expect_eq(r.status, 1, "no database yet");
	cr_expect(strstr(r.err, "caregrid init") != NULL, "%s", r.err);
	cli_result_release(&r);

	r = RUN("init", "--db", db);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cli_result_release(&r);
	r = RUN("instrument", "add", file, "--db", db);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "pcn-matrix version 1 added to") != NULL, "%s", r.out);
	cli_result_release(&r);
	r = RUN("instrument", "add", file, "--db", db);
	cr_expect_eq(r.status, 0);
	cr_expect(strstr(r.out, "was already in") != NULL, "%s", r.out);
	cli_result_release(&r);

	/* Known to every later command, from the database alone (the file is gone). */
	unlink(file);
	r = RUN("instruments", "--db", db);
	cr_expect(strstr(r.out, "pcn-matrix") != NULL, "%s", r.out);
	cli_result_release(&r);

	/* The same version with other words would rewrite history. */
	char *changed = xstrdup(pcn_v1);
	memcpy(strstr(changed, "Clinical directors lead"), "Clinical directors LEAD", 23);
	char *file2 = write_file(test_dir, "pcn2.json", changed);
	r = RUN("instrument", "add", file2, "--db", db);
	cr_expect_eq(r.status, 1);
	cr_expect(strstr(r.err, "already exists") != NULL && strstr(r.err, "new version number") != NULL, "%s", r.err);
	cli_result_release(&r);
	/* A built-in's id and version cannot be taken over either. */
	const char *at = strstr(pcn_v1, "pcn-matrix");
	char *takeover = xasprintf("%.*spositive-practices%s", (int)(at - pcn_v1), pcn_v1, at + strlen("pcn-matrix"));
	char *file3 = write_file(test_dir, "pp.json", takeover);
	r = RUN("instrument", "add", file3, "--db", db);
	cr_expect_eq(r.status, 1);
	cr_expect(strstr(r.err, "\"positive-practices\" version 1 already exists (built-in:") != NULL, "%s", r.err);
	cli_result_release(&r);
	free(takeover);
	free(file3);
	free(changed);
	free(file2);
	free(file);
	free(db);
}

Test(cli, init_and_demo_create_databases_and_serve_needs_one)
{
	char *db = xasprintf("%s/d.db", test_dir);
	struct cli_result r = RUN("serve", "--db", db, "--port", "0");
	cr_expect_eq(r.status, 1);
	cr_expect(strstr(r.err, "no database at") != NULL, "%s", r.err);
	cli_result_release(&r);

	r = RUN("demo", "--db", db);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "demo organisation created") != NULL);
	cli_result_release(&r);
	r = RUN("demo", "--db", db);
	cr_expect_eq(r.status, 1, "demo never overwrites");
	cr_expect(strstr(r.err, "exists already") != NULL);
	cli_result_release(&r);
	r = RUN("init", "--db", db);
	cr_expect_eq(r.status, 0);
	cr_expect(strstr(r.out, "ready at schema version") != NULL);
	cli_result_release(&r);
	r = RUN("init", "--db", db, "extra");
	cr_expect_eq(r.status, 2);
	cli_result_release(&r);
	free(db);
}

Test(cli, stats_agreement_prints_krippendorffs_example)
{
	char *data = realpath("tests/data/krippendorff2011.csv", NULL);
	cr_assert_not_null(data, "run from the repository root");
	struct cli_result r = RUN("stats", "agreement", "--levels", "5", data);
	cr_assert_eq(r.status, 0, "%s", r.err);
	json_error_t jerr;
	json_t *doc = json_loads(r.out, 0, &jerr);
	cr_assert_not_null(doc, "%s", jerr.text);
	cr_expect_float_eq(json_real_value(json_object_get(doc, "alpha_interval")), 0.849, 0.0005);
	cr_expect_float_eq(json_real_value(json_object_get(doc, "alpha_ordinal")), 0.815, 0.0005);
	json_t *items = json_object_get(doc, "items");
	cr_assert_eq(json_array_size(items), 12);
	json_t *first = json_array_get(items, 0), *last = json_array_get(items, 11);
	cr_expect_str_eq(json_string_value(json_object_get(first, "item")), "1", "items in the order first seen");
	cr_expect_eq(json_integer_value(json_object_get(first, "n")), 3);
	cr_expect_float_eq(json_real_value(json_object_get(first, "rwg")), 1.0, 1e-12);
	cr_expect(json_is_null(json_object_get(last, "sd")), "one rating: sd is null");
	cr_expect(json_is_null(json_object_get(last, "rwg")));
	cr_expect_float_eq(json_real_value(json_object_get(last, "mean")), 3.0, 1e-12);
	json_decref(doc);
	cli_result_release(&r);
	free(data);
}

Test(cli, stats_agreement_names_bad_input)
{
	char *bad = write_file(test_dir, "bad.csv", "rater,item,score\na,x,1\nb,x,high\na,x,2\n");
	struct cli_result r = RUN("stats", "agreement", "--levels", "5", bad);
	cr_expect_eq(r.status, 1);
	cr_expect(strstr(r.err, "row 3, column 3 (score): \"high\" is not a number") != NULL, "%s", r.err);
	cli_result_release(&r);
	char *twice = write_file(test_dir, "twice.csv", "rater,item,score\na,x,1\na,x,2\n");
	r = RUN("stats", "agreement", "--levels", "5", twice);
	cr_expect_eq(r.status, 1);
	cr_expect(strstr(r.err, "row 3: rater \"a\" rated item \"x\" already on row 2") != NULL, "%s", r.err);
	cli_result_release(&r);
	char *header = write_file(test_dir, "header.csv", "who,what,score\n");
	r = RUN("stats", "agreement", "--levels", "5", header);
	cr_expect_eq(r.status, 1);
	cr_expect(strstr(r.err, "the header needs a \"rater\" column") != NULL, "%s", r.err);
	cli_result_release(&r);
	r = RUN("stats", "agreement", bad);
	cr_expect_eq(r.status, 2, "--levels is required");
	cli_result_release(&r);
	r = RUN("stats", "agreement", "--levels", "1", bad);
	cr_expect_eq(r.status, 2);
	cli_result_release(&r);
	free(bad);
	free(twice);
	free(header);
}

Test(cli, round_and_results_commands)
{
	char *db = xasprintf("%s/r.db", test_dir);
	struct cli_result r = RUN("demo", "--db", db);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cli_result_release(&r);
	r = RUN("round", "create", "--db", db, "--unit", "PCH-HAR", "--instrument", "engaged-leadership", "--title",
		"Q1", "--opens", "2026-13-01", "--closes", "2027-01-31");
	cr_expect_eq(r.status, 1);
	cr_expect(strstr(r.err, "the opening date must be a date") != NULL, "%s", r.err);
	cli_result_release(&r);
	r = RUN("round", "create", "--db", db, "--unit", "PCH-HAR", "--instrument", "engaged-leadership", "--title",
		"Q1", "--opens", "2026-01-01", "--closes", "2099-01-31");
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "round 17 created for PCH-HAR on engaged-leadership version 1") != NULL, "%s", r.out);
	cli_result_release(&r);
	r = RUN("round", "invite", "17", "--for", "ann@example.org,bo@example.org", "--base-url", "https://cg.example/",
		"--db", db);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strstr(r.out, "label,link\nann@example.org,https://cg.example/s/") != NULL, "%s", r.out);
	cli_result_release(&r);
	r = RUN("round", "list", "--json", "--db", db);
	cr_expect_eq(r.status, 0);
	json_t *list = json_loads(r.out, 0, NULL);
	cr_expect_eq(json_array_size(list), 17);
	json_decref(list);
	cli_result_release(&r);
	r = RUN("results", "1", "--csv", "--db", db);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cr_expect(strncmp(r.out, "round,unit,instrument,version,domain,item,group,", 48) == 0, "%s", r.out);
	cli_result_release(&r);
	r = RUN("results", "99", "--json", "--db", db);
	cr_expect_eq(r.status, 1);
	cr_expect(strstr(r.err, "no round 99") != NULL, "%s", r.err);
	cli_result_release(&r);
	r = RUN("results", "1", "--db", db);
	cr_expect_eq(r.status, 2, "needs --json or --csv");
	cli_result_release(&r);
	r = RUN("round", "close", "17", "--db", db);
	cr_expect_eq(r.status, 0, "%s", r.err);
	cli_result_release(&r);
	r = RUN("round", "close", "17", "--db", db);
	cr_expect_eq(r.status, 1);
	cr_expect(strstr(r.err, "closed already") != NULL, "%s", r.err);
	cli_result_release(&r);
	free(db);
}
