/* test_population_fhir.c - the FHIR Bulk Data reader (domain/population_fhir.c): the fixture tests/data/population/
 * fhir (the golden people but p07, p09 and p13, whose registrations FHIR does not carry; README there) segmented
 * as the canonical reader segments the same people and as the Synthea reader its three; practices from
 * generalPractitioner and from Encounters; and bad input refused with file, line and field. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/population_model.h"
#include "helpers.h"

#define FHIR "tests/data/population/fhir/"

static const struct {
	enum pop_fhir_type type;
	const char *name;
} fixture[] = {{POP_FHIR_ORGANIZATION, "Organization.ndjson"},
	       {POP_FHIR_PATIENT, "1.Patient.ndjson"},
	       {POP_FHIR_ENCOUNTER, "Encounter.ndjson"},
	       {POP_FHIR_CONDITION, "1.Condition.ndjson"},
	       {POP_FHIR_CONDITION, "2.Condition.ndjson"},
	       {POP_FHIR_MEDICATION_REQUEST, "MedicationRequest.ndjson"}};

static void
lists(struct pop_model *m)
{
	struct error err;
	size_t len;
	char *text = read_whole_file("codelists/starter.csv", &len);
	cr_assert(text);
	cr_assert_eq(pop_read_codelists(m, "starter.csv", text, len, &err), 0, "%s", err.msg);
	free(text);
}

/* The canonical golden file at PATH without the lines of p07, p09 and p13. */
static char *
without_three(const char *path, size_t *len)
{
	char *text = read_whole_file(path, len);
	cr_assert(text, "%s", path);
	char *out = malloc(*len + 1), *o = out;
	for (char *p = text, *nl; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl)
			nl = p + strlen(p) - 1;
		if (strncmp(p, "p07,", 4) && strncmp(p, "p09,", 4) && strncmp(p, "p13,", 4)) {
			memcpy(o, p, (size_t)(nl - p + 1));
			o += nl - p + 1;
		}
	}
	*len = (size_t)(o - out);
	free(text);
	return out;
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

Test(population_fhir, agrees_with_canonical_csv_and_synthea_on_the_same_people)
{
	struct pop_model f, c;
	struct pop_fhir st;
	struct error err;
	pop_model_init(&f);
	pop_fhir_init(&st);
	lists(&f);
	for (size_t i = 0; i < sizeof fixture / sizeof *fixture; i++) {
		char path[256];
		size_t len;
		snprintf(path, sizeof path, FHIR "%s", fixture[i].name);
		char *text = read_whole_file(path, &len);
		cr_assert(text, "%s", path);
		cr_assert_eq(pop_read_fhir(&f, &st, fixture[i].type, path, text, len, &err), 0, "%s", err.msg);
		free(text);
	}
	cr_assert_eq(pop_fhir_finish(&f, &st, &err), 0, "%s", err.msg);
	pop_model_init(&c);
	lists(&c);
	size_t len;
	char *text = without_three("tests/data/population/golden/patients.csv", &len);
	cr_assert_eq(pop_read_patients(&c, "patients.csv", text, len, &err), 0, "%s", err.msg);
	free(text);
	text = without_three("tests/data/population/golden/events.csv", &len);
	cr_assert_eq(pop_read_events(&c, "events.csv", text, len, &err), 0, "%s", err.msg);
	free(text);
	cr_assert_eq(f.n_patients, 17);
	cr_assert_eq(f.n_practices, 2, "GOLD1 and GOLD2 only: p01's Encounter at GOLD2 does not move it");
	const int32_t dates[] = {20251201, 20260301};
	struct pop_result rf, rc;
	pop_segment(&f, dates, 2, &rf);
	pop_segment(&c, dates, 2, &rc);
	const char *codes[] = {"GOLD1", "GOLD2"};
	for (int k = 0; k < 2; k++) {
		size_t pf = practice(&f, codes[k]), pc = practice(&c, codes[k]);
		for (size_t d = 0; d < 2; d++)
			for (int s = 0; s < POP_SEGMENTS; s++)
				cr_expect_eq(POP_COUNT(&rf, pf, d, s), POP_COUNT(&rc, pc, d, s), "%s date %zu %s",
					     codes[k], d, population_segment_code(s));
		for (int fr = 0; fr < POP_MOVE_ROWS; fr++)
			for (int to = 0; to < POP_MOVE_COLS; to++)
				cr_expect_eq(POP_MOVE(&rf, pf, 1, fr, to), POP_MOVE(&rc, pc, 1, fr, to),
					     "move %d -> %d", fr, to);
	}
	size_t g2 = practice(&f, "GOLD2");
	const long synthea[POP_SEGMENTS] = {0, 0, 1, 0, 2}; /* test_population.c: Synthea's three people */
	for (int s = 0; s < POP_SEGMENTS; s++)
		cr_expect_eq(POP_COUNT(&rf, g2, 0, s), synthea[s], "GOLD2 as Synthea gives it: %s",
			     population_segment_code(s));
	cr_expect_eq(POP_COUNT(&rf, practice(&f, "GOLD1"), 0, POP_WELL), 3, "p06, p12, p14 well on D");
	pop_result_release(&rf);
	pop_result_release(&rc);
	pop_fhir_release(&st);
	pop_model_release(&f);
	pop_model_release(&c);
}

static const char org[] = "{\"resourceType\":\"Organization\",\"id\":\"o1\",\"identifier\":[{\"value\":\"P1\"}]}\n";
static const char pat[] = "{\"resourceType\":\"Patient\",\"id\":\"a\",\"birthDate\":\"1950-01-01\","
			  "\"generalPractitioner\":[{\"reference\":\"Organization/o1\"}]}\n";

/* Reads ORG, PATIENTS and CONDITIONS (NULL: skipped), then finishes; the first refusal's message, or "". */
static char *
refusal(const char *patients, const char *encounters, const char *conditions)
{
	struct pop_model m;
	struct pop_fhir f;
	struct error err = {0};
	pop_model_init(&m);
	pop_fhir_init(&f);
	lists(&m);
	int rc = pop_read_fhir(&m, &f, POP_FHIR_ORGANIZATION, "Organization.ndjson", org, strlen(org), &err);
	if (rc == 0)
		rc = pop_read_fhir(&m, &f, POP_FHIR_PATIENT, "Patient.ndjson", patients, strlen(patients), &err);
	if (rc == 0 && encounters)
		rc = pop_read_fhir(&m, &f, POP_FHIR_ENCOUNTER, "Encounter.ndjson", encounters, strlen(encounters),
				   &err);
	if (rc == 0 && conditions)
		rc = pop_read_fhir(&m, &f, POP_FHIR_CONDITION, "Condition.ndjson", conditions, strlen(conditions),
				   &err);
	if (rc == 0)
		rc = pop_fhir_finish(&m, &f, &err);
	pop_fhir_release(&f);
	pop_model_release(&m);
	return rc < 0 ? strdup(err.msg) : strdup("");
}

static void
expect_refusal(const char *patients, const char *encounters, const char *conditions, const char *want,
	       const char *secret)
{
	char *msg = refusal(patients, encounters, conditions);
	cr_expect(strstr(msg, want), "want \"%s\", got \"%s\"", want, msg);
	cr_expect(!secret || !strstr(msg, secret), "the value is not repeated: %s", msg);
	free(msg);
}

#define COND(subject, extra)                                                                                  \
	"{\"resourceType\":\"Condition\",\"subject\":{\"reference\":\"" subject "\"},\"code\":{\"coding\":"       \
	"[{\"system\":\"http://snomed.info/sct\",\"code\":\"44054006\"}]}" extra "}\n"

Test(population_fhir, bad_input_is_refused_with_file_line_and_field)
{
	char *ok = refusal(pat, NULL, COND("Patient/a", ",\"onsetDateTime\":\"2010\""));
	cr_expect_str_eq(ok, "", "a year-only onset is read");
	free(ok);
	expect_refusal("\n{\"resourceType\":\"Patient\",\"id\":\"a\",\"birthDate\":\"1950-0", NULL, NULL,
		       "Patient.ndjson: line 2, column", NULL);
	expect_refusal("[1]\n", NULL, NULL, "Patient.ndjson: line 1, column 1: not a JSON object", NULL);
	expect_refusal("{\"resourceType\":\"Patient\",\"id\":\"a\xe9\"}\n", NULL, NULL,
		       "Patient.ndjson: line 1, character 34: not UTF-8", NULL);
	expect_refusal("{\"resourceType\":\"Patient\",\"birthDate\":\"1950-01-01\"}\n", NULL, NULL,
		       "Patient.ndjson: line 1 (id): no id", NULL);
	expect_refusal("{\"resourceType\":\"Patient\",\"id\":\"a\",\"birthDate\":\"1950-02-30\"}\n", NULL, NULL,
		       "Patient.ndjson: line 1 (birthDate): not a date", "1950-02-30");
	expect_refusal("{\"resourceType\":\"Condition\",\"id\":\"a\"}\n", NULL, NULL,
		       "Patient.ndjson: line 1 (resourceType): not a Patient", NULL);
	expect_refusal(pat, NULL, COND("Patient/zz", ",\"onsetDateTime\":\"2010-01-01\""),
		       "Condition.ndjson: line 1 (subject.reference): a patient not in the Patient file", "zz");
	expect_refusal(pat, NULL, COND("Patient/a", ",\"onsetDateTime\":\"2010-13-01\""),
		       "Condition.ndjson: line 1 (onsetDateTime): not a date", "2010-13");
	expect_refusal(pat, NULL, COND("Patient/a", ""), "Condition.ndjson: line 1 (onsetDateTime): no start", NULL);
	expect_refusal(pat, NULL, COND("Patient/a", ",\"onsetDateTime\":\"2010-01-01\",\"abatementDateTime\":\"x\""),
		       "Condition.ndjson: line 1 (abatementDateTime): not a date", NULL);
	expect_refusal("{\"resourceType\":\"Patient\",\"id\":\"a\",\"birthDate\":\"1950\","
		       "\"generalPractitioner\":[{\"reference\":\"Organization/o9\"}]}\n",
		       NULL, NULL, "Patient.ndjson: line 1 (generalPractitioner): an Organization not in the", "o9");
	expect_refusal("\n\n{\"resourceType\":\"Patient\",\"id\":\"a\",\"birthDate\":\"1950\"}\n", NULL, NULL,
		       "Patient.ndjson: line 3 (generalPractitioner): no practice", NULL);
	char *big = malloc((1 << 20) + 16);
	memset(big, ' ', (1 << 20) + 8);
	strcpy(big + (1 << 20) + 8, "{}\n");
	expect_refusal(big, NULL, NULL, "Patient.ndjson: line 1: longer than 1048576 bytes", NULL);
	free(big);
}

/* Reads one Patient line and the Encounters; the model is left for the caller to look at and release. */
static void
read_one(struct pop_model *m, const char *patient, const char *encounters)
{
	struct pop_fhir f;
	struct error err;
	pop_model_init(m);
	pop_fhir_init(&f);
	lists(m);
	cr_assert_eq(pop_read_fhir(m, &f, POP_FHIR_PATIENT, "P", patient, strlen(patient), &err), 0, "%s", err.msg);
	cr_assert_eq(pop_read_fhir(m, &f, POP_FHIR_ENCOUNTER, "E", encounters, strlen(encounters), &err), 0, "%s",
		     err.msg);
	cr_assert_eq(pop_fhir_finish(m, &f, &err), 0, "%s", err.msg);
	pop_fhir_release(&f);
}

#define ENC(org) "{\"resourceType\":\"Encounter\",\"subject\":{\"reference\":\"urn:uuid:a\"}," \
		 "\"serviceProvider\":{\"identifier\":{\"value\":\"" org "\"}}}\n"

Test(population_fhir, dates_deaths_names_and_the_most_frequent_provider)
{
	struct pop_model m;
	read_one(&m, "{\"resourceType\":\"Patient\",\"id\":\"a\",\"birthDate\":\"1960\",\"deceasedBoolean\":true}",
		 ENC("ZZ") ENC("BB") ENC("ZZ") ENC("AA") ENC("BB"));
	cr_expect_eq(m.patients[0].birth, 19600101, "a year-only birth date is 1 January");
	cr_expect_eq(m.patients[0].from, 19600101, "registered from birth");
	cr_expect(m.patients[0].death <= 19600101, "deceasedBoolean with no date: dead on every as-of date");
	cr_expect_str_eq(m.practices[m.patients[0].practice], "BB", "two each: the first code in byte order");
	pop_model_release(&m);
	read_one(&m, "{\"resourceType\":\"Patient\",\"id\":\"a\",\"birthDate\":\"1960-12\","
		 "\"deceasedDateTime\":\"2025-11-30T23:00:00+01:00\"}", ENC("AA"));
	cr_expect_eq(m.patients[0].birth, 19601201, "a month-only birth date is the 1st, as in canonical CSV");
	cr_expect_eq(m.patients[0].death, 20251130, "the date of a dateTime, its time and zone ignored");
	pop_model_release(&m);
	cr_expect_eq(pop_fhir_type_of("Patient.ndjson"), POP_FHIR_PATIENT);
	cr_expect_eq(pop_fhir_type_of("1.Patient.ndjson"), POP_FHIR_PATIENT);
	cr_expect_eq(pop_fhir_type_of("Condition.002.ndjson"), POP_FHIR_CONDITION);
	cr_expect_eq(pop_fhir_type_of("1.MedicationRequest.ndjson"), POP_FHIR_MEDICATION_REQUEST);
	cr_expect_eq(pop_fhir_type_of("Observation.ndjson"), -1);
	cr_expect_eq(pop_fhir_type_of("Patient.json"), -1);
	cr_expect_eq(pop_fhir_type_of("MyPatient.ndjson"), -1);
}
