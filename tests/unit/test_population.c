/* test_population.c - the segmentation engine on the 20-patient golden population (tests/data/population/golden,
 * README there gives each person's expected segment and why), the Synthea reader agreeing with the canonical one
 * on the same people, and bad input refused with its file, line and column. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/population_model.h"
#include "helpers.h"

#define GOLDEN "tests/data/population/golden/"

static int
load(struct pop_model *m, int (*read)(struct pop_model *, const char *, const char *, size_t, struct error *),
     const char *path, struct error *err)
{
	size_t len;
	char *text = read_whole_file(path, &len);
	cr_assert(text, "%s", path);
	int rc = read(m, path, text, len, err);
	free(text);
	return rc;
}

static void
golden(struct pop_model *m)
{
	struct error err;
	pop_model_init(m);
	cr_assert_eq(load(m, pop_read_codelists, "codelists/starter.csv", &err), 0, "%s", err.msg);
	cr_assert_eq(load(m, pop_read_patients, GOLDEN "patients.csv", &err), 0, "%s", err.msg);
	cr_assert_eq(load(m, pop_read_events, GOLDEN "events.csv", &err), 0, "%s", err.msg);
}

static size_t
practice(const struct pop_model *m, const char *code)
{
	for (size_t i = 0; i < m->n_practices; i++)
		if (strcmp(m->practices[i], code) == 0)
			return i;
	cr_assert_fail("no practice %s", code);
	return 0;
}

static void
expect_counts(const struct pop_result *r, size_t p, size_t d, const long want[POP_SEGMENTS])
{
	for (int s = 0; s < POP_SEGMENTS; s++)
		cr_expect_eq(POP_COUNT(r, p, d, s), want[s], "practice %zu date %zu %s: %ld, not %ld", p, d,
			     population_segment_code(s), POP_COUNT(r, p, d, s), want[s]);
}

Test(population, golden_counts_at_two_dates_and_the_movement_between)
{
	struct pop_model m;
	golden(&m);
	const int32_t dates[] = {20251201, 20260301};
	struct pop_result r;
	pop_segment(&m, dates, 2, &r);
	size_t g1 = practice(&m, "GOLD1"), g2 = practice(&m, "GOLD2");
	expect_counts(&r, g1, 0, (long[]){2, 3, 2, 3, 4});
	expect_counts(&r, g1, 1, (long[]){2, 3, 2, 4, 2});
	expect_counts(&r, g2, 0, (long[]){0, 0, 1, 0, 2});
	expect_counts(&r, g2, 1, (long[]){0, 0, 1, 0, 2});
	long want[POP_MOVE_ROWS][POP_MOVE_COLS] = {0};
	want[POP_END_OF_LIFE][POP_END_OF_LIFE] = 2;
	want[POP_FRAILTY][POP_FRAILTY] = 3;
	want[POP_COMPLEX][POP_COMPLEX] = 2;
	want[POP_LTC][POP_LTC] = 3;
	want[POP_WELL][POP_WELL] = 1;
	want[POP_WELL][POP_LTC] = 1;
	want[POP_WELL][POP_TO_DIED] = 1;
	want[POP_WELL][POP_TO_LEFT] = 1;
	want[POP_FROM_REGISTERED][POP_WELL] = 1;
	for (int f = 0; f < POP_MOVE_ROWS; f++)
		for (int t = 0; t < POP_MOVE_COLS; t++)
			cr_expect_eq(POP_MOVE(&r, g1, 1, f, t), want[f][t], "move %d -> %d", f, t);
	pop_result_release(&r);
	pop_model_release(&m);
}

Test(population, each_date_alone_gives_what_it_gives_among_others)
{
	struct pop_model m;
	golden(&m);
	const int32_t one[] = {20260301};
	struct pop_result r;
	pop_segment(&m, one, 1, &r);
	expect_counts(&r, practice(&m, "GOLD1"), 0, (long[]){2, 3, 2, 4, 2});
	pop_result_release(&r);
	pop_model_release(&m);
}

Test(population, synthea_agrees_with_canonical_csv_on_the_same_people)
{
	struct pop_model m;
	struct error err;
	pop_model_init(&m);
	cr_assert_eq(load(&m, pop_read_codelists, "codelists/starter.csv", &err), 0, "%s", err.msg);
	size_t len;
	char *text = read_whole_file("tests/data/population/synthea/patients.csv", &len);
	cr_assert_eq(pop_read_synthea_patients(&m, "patients.csv", text, len, "GOLD2", &err), 0, "%s", err.msg);
	free(text);
	text = read_whole_file("tests/data/population/synthea/conditions.csv", &len);
	cr_assert_eq(pop_read_synthea_events(&m, "conditions.csv", text, len, "snomed", &err), 0, "%s", err.msg);
	free(text);
	text = read_whole_file("tests/data/population/synthea/medications.csv", &len);
	cr_assert_eq(pop_read_synthea_events(&m, "medications.csv", text, len, "rxnorm", &err), 0, "%s", err.msg);
	free(text);
	const int32_t dates[] = {20251201, 20260301};
	struct pop_result r;
	pop_segment(&m, dates, 2, &r);
	expect_counts(&r, 0, 0, (long[]){0, 0, 1, 0, 2});
	expect_counts(&r, 0, 1, (long[]){0, 0, 1, 0, 2});
	pop_result_release(&r);
	pop_model_release(&m);
}

/* Reads PATIENTS then EVENTS (both CSV text) with the starter lists; the message of the first refusal. */
static char *
refusal(const char *patients, const char *events)
{
	struct pop_model m;
	struct error err = {0};
	pop_model_init(&m);
	cr_assert_eq(load(&m, pop_read_codelists, "codelists/starter.csv", &err), 0, "%s", err.msg);
	int rc = pop_read_patients(&m, "patients.csv", patients, strlen(patients), &err);
	if (rc == 0 && events)
		rc = pop_read_events(&m, "events.csv", events, strlen(events), &err);
	pop_model_release(&m);
	return rc < 0 ? strdup(err.msg) : strdup("");
}

static const char head[] = "patient_id,practice_code,birth_date,sex,death_date,registered_from,registered_to\n";

Test(population, bad_input_is_refused_with_file_line_and_column)
{
	char *msg = refusal("patient_id,practice_code,birth_date,sex,death_date,registered_from\n", NULL);
	cr_expect(strstr(msg, "patients.csv: line 1: no column \"registered_to\""), "%s", msg);
	free(msg);
	char text[512];
	snprintf(text, sizeof text, "%sa,P,1950-01-01,F,,2000-01-01,\nb,P,1950-02-30,F,,2000-01-01,\n", head);
	msg = refusal(text, NULL);
	cr_expect(strstr(msg, "patients.csv: line 3, column 3 (birth_date): not a date"), "%s", msg);
	cr_expect(!strstr(msg, "1950-02-30"), "the value is not repeated: %s", msg);
	free(msg);
	snprintf(text, sizeof text, "%sa,P,1950-01-01,F,,2000-01-01,\n", head);
	msg = refusal(text, "patient_id,code_system,code,start,end\na,SNOMED,38341003,2010-01-01,\n"
			    "zz,SNOMED,38341003,2010-01-01,\n");
	cr_expect(strstr(msg, "events.csv: line 3, column 1 (patient_id): a patient not in the patients file"), "%s",
		  msg);
	cr_expect(!strstr(msg, "zz"), "the id is not repeated: %s", msg);
	free(msg);
	snprintf(text, sizeof text, "%sa,P,1950-01-01,F,,2000-01-01,\nb,P\xe9,1950-01-01,F,,2000-01-01,\n", head);
	msg = refusal(text, NULL);
	cr_expect(strstr(msg, "patients.csv: line 3, character 4: not UTF-8"), "%s", msg);
	free(msg);
	snprintf(text, sizeof text, "%sa,P,1950-01-01,F,,2000-01-01,\na,P,1950-01-01,F,,2000-01-01,\n", head);
	msg = refusal(text, NULL);
	cr_expect(strstr(msg, "line 3, column 1 (patient_id): this patient is on an earlier line"), "%s", msg);
	free(msg);
}

Test(population, dates_full_month_only_and_instants)
{
	int32_t d;
	cr_expect(pop_date("1960-12", true, false, &d) && d == 19601201, "a month is its 1st");
	cr_expect(!pop_date("1960-12", false, false, &d), "a month where a day is needed");
	cr_expect(pop_date("2024-02-29", false, false, &d) && d == 20240229);
	cr_expect(!pop_date("2025-02-29", false, false, &d));
	cr_expect(!pop_date("2025-1-01", false, false, &d));
	cr_expect(!pop_date("2025-01-01x", false, false, &d));
	cr_expect(pop_date("2019-02-17T05:07:38Z", false, true, &d) && d == 20190217);
	cr_expect((20251201 - 19601201) / 10000 == 65 && (20251130 - 19601201) / 10000 == 64, "years completed");
}
