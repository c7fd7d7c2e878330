/* test_instrument.c - the instrument loader: valid files load, every kind of bad file is refused with a
 * one-line message naming the file, the JSON path and the problem, and nothing is half-loaded. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "domain/catalog.h"
#include "domain/instrument.h"
#include "helpers.h"
#include "lib/xalloc.h"

#define MINIMAL                                                                                            \
	"{\"id\": \"mini\", \"version\": 1, \"title\": \"Mini\", \"subject\": \"team\",\n"                  \
	" \"scale\": {\"levels\": [{\"value\": 0, \"label\": \"No\"}, {\"value\": 1, \"label\": \"Yes\"}]},\n" \
	" \"domains\": [{\"code\": \"A\", \"title\": \"Alpha\", \"items\": [{\"code\": \"A1\", \"text\": \"First\"}]}]}"

/* Parses TEXT as "t.json"; returns the problems joined by newlines ("" when it loaded). */
static char *
problems_of(const char *text)
{
	struct strvec problems = STRVEC_INIT;
	struct instrument *ins = instrument_parse(text, strlen(text), "t.json", &problems);
	if (ins)
		cr_assert_eq(problems.n, 0, "loaded but reported problems");
	else
		cr_assert_gt(problems.n, 0, "refused without saying why");
	instrument_free(ins);
	size_t total = 1;
	for (size_t i = 0; i < problems.n; i++)
		total += strlen(problems.v[i]) + 1;
	char *joined = xcalloc(total, 1);
	for (size_t i = 0; i < problems.n; i++) {
		strcat(joined, problems.v[i]);
		strcat(joined, "\n");
		cr_assert_null(strchr(problems.v[i], '\n'), "a problem must be one line: %s", problems.v[i]);
	}
	strvec_clear(&problems);
	return joined;
}

/* Replaces the first FROM in MINIMAL with TO. */
static char *
mutate(const char *from, const char *to)
{
	const char *hit = strstr(MINIMAL, from);
	cr_assert_not_null(hit, "test bug: %s not in MINIMAL", from);
	return xasprintf("%.*s%s%s", (int)(hit - MINIMAL), MINIMAL, to, hit + strlen(from));
}

static void
expect_problem(const char *text, const char *expected)
{
	char *p = problems_of(text);
	cr_expect(strstr(p, expected) != NULL, "expected \"%s\" in:\n%s", expected, p);
	free(p);
}

Test(instrument, loads_minimal_instrument)
{
	struct strvec problems = STRVEC_INIT;
	struct instrument *ins = instrument_parse(MINIMAL, strlen(MINIMAL), "t.json", &problems);
	cr_assert_not_null(ins);
	cr_expect_str_eq(ins->id, "mini");
	cr_expect_eq(ins->version, 1);
	cr_expect_eq(ins->n_levels, 2);
	cr_expect_eq(ins->n_domains, 1);
	cr_expect_eq(ins->n_items, 1);
	cr_expect_str_eq(ins->domains[0].items[0].text, "First");
	cr_expect_eq(strlen(ins->hash), 64);
	cr_expect_not_null(instrument_find_item(ins, "A1", NULL));
	cr_expect_null(instrument_find_item(ins, "A2", NULL));
	instrument_free(ins);
	instrument_free(NULL);
}

Test(instrument, rejects_invalid_json_with_line_and_column)
{
	expect_problem("{\"id\": \"x\",\n \"version\": 1,\n  oops}", "t.json:3:");
	expect_problem("{\"id\": \"x\",\n \"version\": 1,\n  oops}", "invalid JSON");
}

Test(instrument, rejects_duplicate_json_keys)
{
	char *t = mutate("\"title\": \"Mini\"", "\"title\": \"Mini\", \"title\": \"Again\"");
	expect_problem(t, "invalid JSON: duplicate object key");
	free(t);
}

Test(instrument, rejects_missing_required_fields)
{
	char *t = mutate("\"version\": 1, ", "");
	expect_problem(t, "t.json: $: missing required field \"version\"");
	free(t);
	t = mutate("\"code\": \"A1\", ", "");
	expect_problem(t, "t.json: $.domains[0].items[0]: missing required field \"code\"");
	free(t);
}

Test(instrument, rejects_duplicate_item_codes)
{
	char *t = mutate("{\"code\": \"A1\", \"text\": \"First\"}",
			 "{\"code\": \"A1\", \"text\": \"First\"}, {\"code\": \"A1\", \"text\": \"Again\"}");
	expect_problem(t, "t.json: $.domains[0].items[1].code: duplicate item code \"A1\" (first at "
			  "$.domains[0].items[0].code)");
	free(t);
}

Test(instrument, rejects_duplicate_domain_codes)
{
	char *t = mutate("]}]}", "]}, {\"code\": \"A\", \"title\": \"Again\", \"items\": [{\"code\": \"B1\", "
				 "\"text\": \"x\"}]}]}");
	expect_problem(t, "t.json: $.domains[1].code: duplicate domain code \"A\"");
	free(t);
}

Test(instrument, rejects_empty_text)
{
	char *t = mutate("\"text\": \"First\"", "\"text\": \"  \"");
	expect_problem(t, "t.json: $.domains[0].items[0].text: empty text");
	free(t);
	t = mutate("\"title\": \"Mini\"", "\"title\": \"\"");
	expect_problem(t, "t.json: $.title: empty text");
	free(t);
}

Test(instrument, rejects_item_without_text)
{
	char *t = mutate(", \"text\": \"First\"", "");
	expect_problem(t, "t.json: $.domains[0].items[0]: an item needs \"text\"");
	free(t);
	t = mutate("\"text\": \"First\"", "\"from\": \"Old way\"");
	expect_problem(t, "needs both \"from\" and \"to\"");
	free(t);
}

Test(instrument, accepts_from_to_items)
{
	char *t = mutate("\"text\": \"First\"", "\"from\": \"Old way\", \"to\": \"New way\"");
	char *p = problems_of(t);
	cr_expect_str_eq(p, "");
	free(p);
	free(t);
}

Test(instrument, rejects_scale_with_fewer_than_two_levels)
{
	char *t = mutate(", {\"value\": 1, \"label\": \"Yes\"}", "");
	expect_problem(t, "t.json: $.scale.levels: a scale needs at least 2 levels, found 1");
	free(t);
}

Test(instrument, rejects_scale_out_of_order_or_duplicated)
{
	char *t = mutate("\"value\": 1", "\"value\": 0");
	expect_problem(t, "t.json: $.scale.levels[1].value: duplicate value 0");
	free(t);
	t = mutate("\"value\": 1", "\"value\": -1");
	expect_problem(t, "levels must be in increasing order of value: -1 follows 0");
	free(t);
}

Test(instrument, rejects_unknown_fields)
{
	char *t = mutate("\"code\": \"A\", ", "\"code\": \"A\", \"colour\": \"red\", ");
	expect_problem(t, "t.json: $.domains[0]: unknown field \"colour\" (allowed: code, title, description, items)");
	free(t);
	t = mutate("\"title\": \"Mini\"", "\"title\": \"Mini\", \"autor\": \"me\"");
	expect_problem(t, "t.json: $: unknown field \"autor\"");
	free(t);
}

Test(instrument, rejects_wrong_types)
{
	char *t = mutate("\"version\": 1", "\"version\": \"1\"");
	expect_problem(t, "t.json: $.version: must be a whole number");
	free(t);
	t = mutate("\"domains\": [", "\"domains\": {\"x\": [");
	t = xrealloc(t, strlen(t) + 2);
	strcat(t, "}");
	expect_problem(t, "t.json: $.domains: must be an array");
	free(t);
}

Test(instrument, rejects_bad_id_subject_and_version)
{
	char *t = mutate("\"mini\"", "\"Mini Grid\"");
	expect_problem(t, "t.json: $.id: \"Mini Grid\" is not a valid id");
	free(t);
	t = mutate("\"team\"", "\"village\"");
	expect_problem(t, "t.json: $.subject: \"village\" is not a subject");
	free(t);
	t = mutate("\"version\": 1", "\"version\": 0");
	expect_problem(t, "t.json: $.version: must be a whole number from 1");
	free(t);
}

Test(instrument, reports_every_problem_at_once)
{
	char *t = mutate("\"title\": \"Mini\"", "\"title\": \"\", \"extra\": 1");
	char *p = problems_of(t);
	cr_expect(strstr(p, "$.title: empty text") != NULL);
	cr_expect(strstr(p, "unknown field \"extra\"") != NULL);
	free(p);
	free(t);
}

Test(instrument, validates_population_check)
{
	char *t = mutate("\"text\": \"First\"", "\"text\": \"First\", \"check\": {\"registered_population\": "
						 "{\"min\": 50000, \"max\": 30000}}");
	expect_problem(t, "$.domains[0].items[0].check.registered_population: max (30000) is below min (50000)");
	free(t);
}

Test(instrument, reports_unreadable_file)
{
	struct strvec problems = STRVEC_INIT;
	cr_expect_null(instrument_load_file("/nonexistent/x.json", &problems));
	cr_assert_eq(problems.n, 1);
	cr_expect_str_eq(problems.v[0], "/nonexistent/x.json: cannot read: No such file or directory");
	strvec_clear(&problems);
}

Test(instrument, refuses_oversized_file)
{
	char *dir = make_temp_dir();
	char *big = xmalloc(INSTRUMENT_MAX_BYTES + 10);
	memset(big, ' ', INSTRUMENT_MAX_BYTES + 9);
	big[INSTRUMENT_MAX_BYTES + 9] = '\0';
	char *path = write_file(dir, "big.json", big);
	struct strvec problems = STRVEC_INIT;
	cr_expect_null(instrument_load_file(path, &problems));
	cr_assert_eq(problems.n, 1);
	cr_expect(strstr(problems.v[0], "larger than the 1048576-byte limit") != NULL, "%s", problems.v[0]);
	strvec_clear(&problems);
	free(path);
	free(big);
	remove_tree(dir);
	free(dir);
}

/* The built-ins, against the structured reading of the frameworks in shared/. */
struct expected_builtin {
	const char *id;
	size_t domains, items;
	const char *subject;
};

static const struct expected_builtin builtins[] = {
	{"pch-development-grid", 6, 29, "team"},
	{"positive-practices", 5, 25, "team"},
	{"engaged-leadership", 2, 11, "organisation"},
	{"relational-leadership", 1, 4, "individual"},
	{"pch-getting-started", 4, 19, "team"},
};

Test(instrument, builtins_have_the_framework_counts)
{
	struct catalog *cat = catalog_new();
	struct strvec problems = STRVEC_INIT;
	cr_assert_eq(catalog_load_builtin(cat, &problems), 0, "%s", problems.n ? problems.v[0] : "");
	cr_assert_eq(catalog_count(cat), 6, "the five frameworks and the team health pulse built from one of them");
	cr_expect_str_eq(catalog_get(cat, 5)->id, "team-health-pulse");
	cr_expect_eq(catalog_get(cat, 5)->n_items, 13);
	for (size_t i = 0; i < 5; i++) {
		const struct instrument *ins = catalog_get(cat, i);
		cr_expect_str_eq(ins->id, builtins[i].id);
		cr_expect_eq(ins->n_domains, builtins[i].domains, "%s domains", ins->id);
		cr_expect_eq(ins->n_items, builtins[i].items, "%s items", ins->id);
		cr_expect_str_eq(ins->subject, builtins[i].subject);
	}
	const struct instrument *grid = catalog_find(cat, "pch-development-grid", 0);
	const struct item *it = instrument_find_item(grid, "6.5", NULL);
	cr_assert_not_null(it);
	const struct instrument *gs = catalog_find(cat, "pch-getting-started", 1);
	it = instrument_find_item(gs, "C4", NULL);
	cr_assert(it && it->has_population_check);
	cr_expect_eq(it->population_min, 30000);
	cr_expect_eq(it->population_max, 50000);
	catalog_free(cat);
	strvec_clear(&problems);
}

/* Every code in shared/frameworks/ID.json must be in the built-in instrument, in the same domain. */
Test(instrument, builtins_match_shared_frameworks)
{
	const char *shared = getenv("CAREGRID_SHARED");
	char *dir = xasprintf("%s/frameworks", shared && *shared ? shared : "../shared");
	DIR *d = opendir(dir);
	if (!d) {
		free(dir);
		cr_skip_test("no ../shared/frameworks beside the repository");
	}
	closedir(d);
	struct catalog *cat = catalog_new();
	struct strvec problems = STRVEC_INIT;
	catalog_load_builtin(cat, &problems);
	for (size_t i = 0; i < 5; i++) {
		char *path = xasprintf("%s/%s.json", dir, builtins[i].id);
		json_error_t jerr;
		json_t *fw = json_load_file(path, 0, &jerr);
		cr_assert_not_null(fw, "%s: %s", path, jerr.text);
		const struct instrument *ins = catalog_find(cat, builtins[i].id, 0);
		cr_assert_not_null(ins);
		cr_expect_str_eq(ins->subject, json_string_value(json_object_get(fw, "subject")));
		json_t *domains = json_object_get(fw, "domains");
		cr_assert_eq(json_array_size(domains), ins->n_domains, "%s", path);
		size_t di;
		json_t *dj;
		json_array_foreach(domains, di, dj) {
			cr_expect_str_eq(ins->domains[di].code, json_string_value(json_object_get(dj, "code")));
			json_t *items = json_object_get(dj, "items");
			cr_assert_eq(json_array_size(items), ins->domains[di].n_items);
			size_t ii;
			json_t *ij;
			json_array_foreach(items, ii, ij)
				cr_expect_str_eq(ins->domains[di].items[ii].code,
						 json_string_value(json_object_get(ij, "code")));
		}
		json_decref(fw);
		free(path);
	}
	catalog_free(cat);
	strvec_clear(&problems);
	free(dir);
}
