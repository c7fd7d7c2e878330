/* test_catalog.c - versions of an instrument: the latest is listed, old ones stay findable, a changed text
 * under an old version number is refused, and a bad file in a directory is skipped whole. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "domain/catalog.h"
#include "helpers.h"
#include "lib/xalloc.h"

static char *
instrument_text(const char *id, int version, const char *item_text)
{
	return xasprintf(
		"{\"id\": \"%s\", \"version\": %d, \"title\": \"T %s\", \"subject\": \"team\", "
		"\"scale\": {\"levels\": [{\"value\": 1, \"label\": \"Low\"}, {\"value\": 2, \"label\": \"High\"}]}, "
		"\"domains\": [{\"code\": \"D\", \"title\": \"Domain\", \"items\": [{\"code\": \"D1\", \"text\": "
		"\"%s\"}]}]}",
		id, version, id, item_text);
}

static struct instrument *
parse(const char *text)
{
	struct strvec problems = STRVEC_INIT;
	struct instrument *ins = instrument_parse(text, strlen(text), "mem", &problems);
	cr_assert_not_null(ins, "%s", problems.n ? problems.v[0] : "");
	strvec_clear(&problems);
	return ins;
}

Test(catalog, keeps_every_version_and_lists_the_latest)
{
	struct catalog *cat = catalog_new();
	struct strvec problems = STRVEC_INIT;
	char *v1 = instrument_text("pcn-matrix", 1, "Old wording"),
	     *v2 = instrument_text("pcn-matrix", 2, "New wording");
	cr_expect_eq(catalog_add(cat, parse(v2), &problems), 1);
	cr_expect_eq(catalog_add(cat, parse(v1), &problems), 1);
	cr_expect_eq(catalog_count(cat), 1);
	cr_expect_eq(catalog_get(cat, 0)->version, 2);
	cr_expect_str_eq(catalog_find(cat, "pcn-matrix", 1)->domains[0].items[0].text, "Old wording");
	cr_expect_str_eq(catalog_find(cat, "pcn-matrix", 0)->domains[0].items[0].text, "New wording");
	cr_expect_null(catalog_find(cat, "pcn-matrix", 3));
	cr_expect_null(catalog_find(cat, "other", 0));
	free(v1);
	free(v2);
	catalog_free(cat);
	strvec_clear(&problems);
}

Test(catalog, refuses_a_changed_text_under_the_same_version)
{
	struct catalog *cat = catalog_new();
	struct strvec problems = STRVEC_INIT;
	char *a = instrument_text("pcn-matrix", 1, "Wording"), *b = instrument_text("pcn-matrix", 1, "Reworded");
	cr_expect_eq(catalog_add(cat, parse(a), &problems), 1);
	cr_expect_eq(catalog_add(cat, parse(a), &problems), 0, "an identical text is not a conflict");
	cr_expect_eq(problems.n, 0);
	cr_expect_eq(catalog_add(cat, parse(b), &problems), -1);
	cr_assert_eq(problems.n, 1);
	cr_expect(strstr(problems.v[0], "version 1 differs") != NULL, "%s", problems.v[0]);
	cr_expect(strstr(problems.v[0], "new version number") != NULL);
	cr_expect_str_eq(catalog_find(cat, "pcn-matrix", 1)->domains[0].items[0].text, "Wording");
	free(a);
	free(b);
	catalog_free(cat);
	strvec_clear(&problems);
}

Test(catalog, skips_a_bad_file_whole_and_loads_the_rest)
{
	char *dir = make_temp_dir();
	char *good = instrument_text("good-one", 1, "Fine");
	free(write_file(dir, "a-good.json", good));
	free(write_file(dir, "b-bad.json", "{\"id\": \"bad-one\", \"version\": 1"));
	free(write_file(dir, "notes.txt", "not an instrument"));
	struct catalog *cat = catalog_new();
	struct strvec problems = STRVEC_INIT;
	cr_expect_eq(catalog_load_dir(cat, dir, &problems), 1);
	cr_expect_eq(catalog_count(cat), 1);
	cr_expect_not_null(catalog_find(cat, "good-one", 1));
	cr_expect_null(catalog_find(cat, "bad-one", 0));
	cr_assert_eq(problems.n, 1);
	cr_expect(strstr(problems.v[0], "b-bad.json:1:") != NULL, "%s", problems.v[0]);
	free(good);
	catalog_free(cat);
	strvec_clear(&problems);
	remove_tree(dir);
	free(dir);
}

Test(catalog, lists_builtins_first_then_others_by_id)
{
	struct catalog *cat = catalog_new();
	struct strvec problems = STRVEC_INIT;
	char *z = instrument_text("zeta", 1, "z"), *a = instrument_text("alpha", 1, "a");
	catalog_add(cat, parse(z), &problems);
	catalog_load_builtin(cat, &problems);
	catalog_add(cat, parse(a), &problems);
	cr_assert_eq(catalog_count(cat), 8);
	cr_expect_str_eq(catalog_get(cat, 0)->id, "pch-development-grid");
	cr_expect_str_eq(catalog_get(cat, 4)->id, "pch-getting-started");
	cr_expect_str_eq(catalog_get(cat, 5)->id, "team-health-pulse");
	cr_expect_str_eq(catalog_get(cat, 6)->id, "alpha");
	cr_expect_str_eq(catalog_get(cat, 7)->id, "zeta");
	free(z);
	free(a);
	catalog_free(cat);
	strvec_clear(&problems);
}

#include "domain/crosswalk.h"

Test(catalog, the_crosswalk_names_only_elements_that_exist)
{
	struct catalog *cat = catalog_new();
	struct strvec problems = STRVEC_INIT;
	catalog_load_builtin(cat, &problems);
	cr_expect_eq(crosswalk_check(cat, &problems), 0, "%s", problems.n ? problems.v[0] : "");
	struct strvec related = STRVEC_INIT;
	crosswalk_related("pch-development-grid", "6.1", &related);
	bool s4 = false;
	for (size_t i = 0; i < related.n; i++)
		s4 = s4 || strcmp(related.v[i], "positive-practices S.4") == 0;
	cr_expect(s4, "grid 6.1 and 'Evaluate Results' are one concept");
	cr_expect(crosswalk_linked("engaged-leadership", "LP1", "positive-practices", "S.4"));
	cr_expect(!crosswalk_linked("pch-development-grid", "1.1", "pch-development-grid", "6.1"));
	strvec_clear(&related);
	strvec_clear(&problems);
	catalog_free(cat);
}
