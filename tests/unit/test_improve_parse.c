/* test_improve_parse.c - the checks of an improvement file (domain/improve_parse.c): a good file is taken with
 * its unit's entry found by its place; each refusal names the path in the file of what was wrong. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "domain/improve_io.h"
#include "lib/text.h"

/* A small file with one aim tree; %s is put in place of the first driver's level. */
static const char good_fmt[] =
	"{\"format\": \"caregrid-export-2\", \"scope\": \"U1\", \"content\": \"improvement\", \"improvement\": ["
	"{\"unit\": \"U0\", \"measures\": [], \"actions\": [], \"aims\": []},"
	"{\"unit\": \"U1\", \"measures\": [{\"ref\": \"m1\", \"name\": \"Falls\", \"definition\": \"Falls a week\","
	" \"category\": \"cost\", \"direction\": \"down\", \"baseline\": %s, \"points\": [{\"period\": \"2026-01-05\","
	" \"value\": %s, \"rebase\": %s, \"note\": null}]}],"
	" \"actions\": [{\"ref\": \"a1\", \"title\": \"Calls\", \"pdsa\": [{\"number\": 1, \"plan\": \"Ring\","
	" \"planned_on\": \"2026-01-05\"}]}],"
	" \"aims\": [{\"ref\": \"aim1\", \"statement\": \"Fewer falls\", \"measure\": \"%s\", \"drivers\": ["
	"{\"ref\": \"d1\", \"level\": %s, \"text\": \"Known\"},"
	"{\"ref\": \"d2\", \"level\": \"secondary\", \"text\": \"Register\", \"primaries\": [{\"driver\": \"%s\","
	" \"strength\": \"weak\"}]}],"
	" \"ideas\": [{\"ref\": \"i1\", \"text\": \"Ring\", \"pick\": \"possible\", \"drivers\": [\"d2\"],"
	" \"ramp\": [{\"action\": \"a1\", \"number\": %s}]}]}]}]}";

struct variant {
	const char *baseline, *value, *rebase, *measure, *level, *primary, *cycle;
};

static int
parse(const struct variant *v, struct error *err, char path[32])
{
	char text[4096];
	snprintf(text, sizeof text, good_fmt, v->baseline, v->value, v->rebase, v->measure, v->level, v->primary,
		 v->cycle);
	json_t *doc, *entry;
	memset(err, 0, sizeof *err);
	int rc = improvement_parse(text, strlen(text), NULL, &doc, &entry, path, err);
	json_decref(doc);
	return rc;
}

static const struct variant good = {"12", "20.5", "false", "m1", "\"primary\"", "d1", "1"};

Test(improve_parse, takes_a_good_file_finding_its_scope_entry)
{
	struct error err;
	char path[32];
	cr_assert_eq(parse(&good, &err, path), 0, "%s", err.msg);
	cr_assert_str_eq(path, "improvement[1]");
}

static void
refused(struct variant v, const char *words)
{
	struct error err;
	char path[32];
	cr_assert_eq(parse(&v, &err, path), -1);
	cr_assert(strstr(err.msg, words), "\"%s\" lacks \"%s\"", err.msg, words);
}

Test(improve_parse, refuses_a_level_of_the_wrong_type_naming_its_path)
{
	struct variant v = good;
	v.level = "5";
	refused(v, "improvement[1].aims[0].drivers[0].level: must be one of primary, secondary");
}

Test(improve_parse, refuses_a_value_beyond_the_measure_bound)
{
	struct variant v = good;
	v.value = "1e13";
	refused(v, "improvement[1].measures[0].points[0].value: must be a number from -1e12 to 1e12");
}

Test(improve_parse, refuses_a_rebase_without_its_reason)
{
	struct variant v = good;
	v.rebase = "true";
	refused(v, "improvement[1].measures[0].points[0].note: a rebase needs its reason");
}

Test(improve_parse, refuses_a_baseline_under_twelve)
{
	struct variant v = good;
	v.baseline = "3";
	refused(v, "improvement[1].measures[0].baseline: must be a whole number from 12 to 1000000000");
}

Test(improve_parse, refuses_a_reference_to_nothing)
{
	struct variant v = good;
	v.measure = "m9";
	refused(v, "improvement[1].aims[0].measure: \"m9\" names nothing in the file");
}

Test(improve_parse, refuses_a_secondary_serving_a_secondary)
{
	struct variant v = good;
	v.primary = "d2";
	refused(v, "improvement[1].aims[0].drivers[1].primaries[0]: \"d2\" is not a primary driver of this aim");
}

Test(improve_parse, refuses_a_ramp_step_naming_a_cycle_not_there)
{
	struct variant v = good;
	v.cycle = "2";
	refused(v, "improvement[1].aims[0].ideas[0].ramp[0].number: \"a1\" has no cycle 2");
}

Test(improve_parse, refuses_what_is_not_json_or_not_an_export)
{
	json_t *doc, *entry;
	char path[32];
	struct error err = {0};
	cr_assert_eq(improvement_parse("{\"a\": ", 6, NULL, &doc, &entry, path, &err), -1);
	cr_assert(strstr(err.msg, "the file is not JSON"), "%s", err.msg);
	cr_assert_null(doc);
	cr_assert_eq(improvement_parse("\"\xff\"", 3, NULL, &doc, &entry, path, &err), -1);
	cr_assert(strstr(err.msg, "the file is not JSON"), "%s", err.msg);
	cr_assert_eq(improvement_parse("{\"format\": \"x\"}", 15, NULL, &doc, &entry, path, &err), -1);
	cr_assert(strstr(err.msg, "not a caregrid export"), "%s", err.msg);
	cr_assert_eq(improvement_parse("[]", (size_t)IMPROVEMENT_FILE_MAX + 1, NULL, &doc, &entry, path, &err), -1);
	cr_assert(strstr(err.msg, "larger than 16 MB"), "%s", err.msg);
}

Test(improve_parse, never_cuts_a_word_of_the_file_inside_a_character)
{
	struct variant v = good;
	v.level = "\"x\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
		  "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9x\xc3\xa9\xc3\xa9\"";
	struct error err;
	char path[32];
	cr_assert_eq(parse(&v, &err, path), -1);
	cr_assert_null(text_problem(err.msg, strlen(err.msg), TEXT_ONE_LINE), "%s", err.msg);
	cr_assert(strstr(err.msg, "is not one of primary, secondary"), "%s", err.msg);
}
