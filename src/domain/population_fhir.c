/*
 * population_fhir.c - the FHIR Bulk Data reader of the population model: NDJSON files of Organization, Patient,
 * Encounter, Condition and MedicationRequest resources, one resource per line, each line parsed alone (jansson,
 * with a cap on its size) into the same model as the CSV readers (population_csv.c). A file's name says its type
 * and every line's resourceType must agree. Like the CSV readers, a refusal names the file, line and JSON field
 * and never repeats a value, as a value may be a person's id or birth date.
 */
#include "domain/population_model.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/xalloc.h"

/* A line longer than this is refused: a Patient, Condition or Encounter of a bulk export is a few kilobytes. */
#define FHIR_LINE_MAX (1 << 20)

static const char *const type_names[POP_FHIR_TYPES] = {"Organization", "Patient", "Encounter", "Condition",
							"MedicationRequest"};

/* The line being read: its file and number, for a refusal. */
struct at {
	const char *file;
	size_t line;
};

static int
bad(const struct at *a, const char *field, const char *what, struct error *err)
{
	return error_set(err, "%s: line %zu (%s): %s", a->file, a->line, field, what);
}

void
pop_fhir_init(struct pop_fhir *f)
{
	memset(f, 0, sizeof *f);
}

static void
free_strings(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void
pop_fhir_release(struct pop_fhir *f)
{
	pop_map_release(&f->orgs);
	free_strings(f->org_codes, f->n_orgs);
	free_strings(f->patient_files, f->n_patient_files);
	free(f->lines);
	free(f->file_of);
	pop_map_release(&f->providers);
	free_strings(f->provider_codes, f->n_providers);
	pop_map_release(&f->pairs);
	free(f->pair_counts);
	free(f->best);
	free(f->best_count);
	memset(f, 0, sizeof *f);
}

int
pop_fhir_type_of(const char *name)
{
	size_t n = strlen(name);
	if (n < 7 || strcmp(name + n - 7, ".ndjson") != 0)
		return -1;
	for (int t = 0; t < POP_FHIR_TYPES; t++) {
		size_t k = strlen(type_names[t]);
		for (const char *p = name; (p = strstr(p, type_names[t])) != NULL; p++)
			if ((p == name || p[-1] == '.') && p[k] == '.')
				return t;
	}
	return -1;
}

static const char *
str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* A FHIR date or dateTime: YYYY (1 January, the first day it can be, as a month-only date is the 1st),
 * YYYY-MM, YYYY-MM-DD, or a dateTime whose time is ignored. */
static bool
fhir_date(const char *s, int32_t *out)
{
	if (!s)
		return false;
	char year[8];
	if (strlen(s) == 4) {
		snprintf(year, sizeof year, "%s-01", s);
		s = year;
	}
	return pop_date(s, true, true, out);
}

/* The id REF points at when it is "TYPE/ID", ".../TYPE/ID" or "urn:uuid:ID"; else NULL. */
static const char *
ref_id(const char *ref, const char *type)
{
	if (!ref)
		return NULL;
	if (strncmp(ref, "urn:uuid:", 9) == 0)
		return ref[9] ? ref + 9 : NULL;
	size_t k = strlen(type);
	for (const char *p = ref; (p = strstr(p, type)) != NULL; p++)
		if ((p == ref || p[-1] == '/') && p[k] == '/' && p[k + 1] && !strchr(p + k + 1, '/'))
			return p + k + 1;
	return NULL;
}

/* The patient index of the resource's subject (or patient), refused when it is no Patient read. */
static int
subject(const struct pop_model *m, const struct at *a, const json_t *res, uint32_t *p, struct error *err)
{
	const json_t *s = json_object_get(res, "subject");
	if (!s)
		s = json_object_get(res, "patient");
	const char *id = ref_id(str(s, "reference"), "Patient");
	if (!id)
		return bad(a, "subject.reference", "no Patient reference: write \"Patient/ID\"", err);
	if (!pop_map_find(&m->patient_ix, id, p))
		return bad(a, "subject.reference", "a patient not in the Patient file: every resource's patient must "
			   "be there", err);
	return 0;
}

/* The ODS code in an Organization's identifiers: the NHS ODS system's, else the first with a value. */
static const char *
ods_code(const json_t *ids)
{
	const char *first = NULL;
	size_t i;
	const json_t *id;
	json_array_foreach(ids, i, id) {
		const char *v = str(id, "value"), *sys = str(id, "system");
		if (v && *v && sys && strcmp(sys, "https://fhir.nhs.uk/Id/ods-organization-code") == 0)
			return v;
		if (v && *v && !first)
			first = v;
	}
	return first;
}

/* The organisation code of the Reference R into *CODE (NULL when it gives none). A reference to another type
 * gives none; one to an Organization not in the Organization file is refused when that file was read. */
static int
org_code(struct pop_fhir *f, const struct at *a, const char *field, const json_t *r, const char **code,
	 struct error *err)
{
	*code = NULL;
	const char *type = str(r, "type"), *ref = str(r, "reference");
	if ((type && strcmp(type, "Organization") != 0) || (ref && !ref_id(ref, "Organization") &&
							    strncmp(ref, "urn:uuid:", 9) != 0))
		return 0;
	const char *v = str(json_object_get(r, "identifier"), "value");
	if (v && *v) {
		*code = v;
		return 0;
	}
	uint32_t o;
	const char *id = ref_id(ref, "Organization");
	if (id && pop_map_find(&f->orgs, id, &o))
		*code = f->org_codes[o];
	else if (id && f->have_orgs && strncmp(ref, "urn:uuid:", 9) != 0)
		return bad(a, field, "an Organization not in the Organization file", err);
	return 0;
}

static int
organization(struct pop_fhir *f, const struct at *a, const json_t *res, struct error *err)
{
	const char *id = str(res, "id");
	if (!id || !*id)
		return bad(a, "id", "no id: every Organization needs one", err);
	uint32_t o = (uint32_t)f->n_orgs;
	if (!pop_map_add(&f->orgs, id, &o))
		return bad(a, "id", "this Organization is on an earlier line too", err);
	const char *code = ods_code(json_object_get(res, "identifier"));
	f->org_codes = xrealloc(f->org_codes, (f->n_orgs + 1) * sizeof *f->org_codes);
	f->org_codes[f->n_orgs++] = code ? xstrdup(code) : NULL;
	return 0;
}

/* The practice code of a Patient: its first generalPractitioner that is an Organization with a code. */
static int
general_practitioner(struct pop_fhir *f, const struct at *a, const json_t *res, const char **code,
		     struct error *err)
{
	size_t i;
	const json_t *r;
	*code = NULL;
	json_array_foreach(json_object_get(res, "generalPractitioner"), i, r) {
		if (org_code(f, a, "generalPractitioner", r, code, err) < 0)
			return -1;
		if (*code)
			return 0;
	}
	return 0;
}

static void
grow_patients(struct pop_model *m, struct pop_fhir *f)
{
	if ((m->n_patients & (m->n_patients - 1)) == 0) { /* grown at each power of two */
		size_t cap = m->n_patients ? m->n_patients * 2 : 1;
		m->patients = xrealloc(m->patients, cap * sizeof *m->patients);
		f->lines = xrealloc(f->lines, cap * sizeof *f->lines);
		f->file_of = xrealloc(f->file_of, cap * sizeof *f->file_of);
	}
}

/* A Patient: registered from birth (a bulk export has no registration), in its generalPractitioner's practice,
 * or (known at the end) its most frequent Encounter.serviceProvider's. deceasedBoolean without a date: dead
 * before every as-of date. */
static int
patient(struct pop_model *m, struct pop_fhir *f, const struct at *a, const json_t *res, struct error *err)
{
	const char *id = str(res, "id"), *code;
	struct pop_patient pt = {.death = POP_NEVER, .to = POP_NEVER, .practice = UINT32_MAX};
	if (!id || !*id)
		return bad(a, "id", "no id: every Patient needs one", err);
	if (!fhir_date(str(res, "birthDate"), &pt.birth))
		return bad(a, "birthDate", "not a date: write YYYY-MM-DD, YYYY-MM or YYYY", err);
	const json_t *dead = json_object_get(res, "deceasedDateTime");
	if (dead && !fhir_date(json_string_value(dead), &pt.death))
		return bad(a, "deceasedDateTime", "not a date: write YYYY-MM-DD or a FHIR dateTime", err);
	if (!dead && json_is_true(json_object_get(res, "deceasedBoolean")))
		pt.death = pt.birth;
	pt.from = pt.birth;
	if (general_practitioner(f, a, res, &code, err) < 0)
		return -1;
	uint32_t ix = (uint32_t)m->n_patients;
	if (!pop_map_add(&m->patient_ix, id, &ix))
		return bad(a, "id", "this patient is on an earlier line too: one line per patient", err);
	if (code)
		pt.practice = pop_practice_of(m, code);
	grow_patients(m, f);
	f->lines[m->n_patients] = (uint32_t)a->line;
	m->patients[m->n_patients++] = pt;
	if (!f->n_patient_files || strcmp(f->patient_files[f->n_patient_files - 1], a->file) != 0) {
		f->patient_files = xrealloc(f->patient_files, (f->n_patient_files + 1) * sizeof *f->patient_files);
		f->patient_files[f->n_patient_files++] = xstrdup(a->file);
	}
	f->file_of[m->n_patients - 1] = (uint32_t)f->n_patient_files - 1;
	return 0;
}

/* Counts provider CODE once more for patient P, keeping P's most frequent (a tie: the code first in byte order). */
static void
count_provider(struct pop_fhir *f, uint32_t p, const char *code)
{
	uint32_t pv = (uint32_t)f->n_providers, pair = (uint32_t)f->n_pairs;
	if (pop_map_add(&f->providers, code, &pv)) {
		f->provider_codes = xrealloc(f->provider_codes, (f->n_providers + 1) * sizeof *f->provider_codes);
		f->provider_codes[f->n_providers++] = xstrdup(code);
	}
	char key[32];
	snprintf(key, sizeof key, "%u\x1f%u", (unsigned)p, (unsigned)pv);
	if (pop_map_add(&f->pairs, key, &pair)) {
		f->pair_counts = xrealloc(f->pair_counts, (f->n_pairs + 1) * sizeof *f->pair_counts);
		f->pair_counts[f->n_pairs++] = 0;
	}
	uint32_t c = ++f->pair_counts[pair];
	if (p >= f->n_best) {
		size_t n = (size_t)p + 1 > f->n_best * 2 ? (size_t)p + 1 : f->n_best * 2;
		f->best = xrealloc(f->best, n * sizeof *f->best);
		f->best_count = xrealloc(f->best_count, n * sizeof *f->best_count);
		memset(f->best_count + f->n_best, 0, (n - f->n_best) * sizeof *f->best_count);
		f->n_best = n;
	}
	if (c > f->best_count[p] ||
	    (c == f->best_count[p] && strcmp(code, f->provider_codes[f->best[p]]) < 0)) {
		f->best[p] = pv;
		f->best_count[p] = c;
	}
}

static int
encounter(struct pop_model *m, struct pop_fhir *f, const struct at *a, const json_t *res, struct error *err)
{
	uint32_t p;
	const char *code;
	if (subject(m, a, res, &p, err) < 0 ||
	    org_code(f, a, "serviceProvider", json_object_get(res, "serviceProvider"), &code, err) < 0)
		return -1;
	if (code && *code && m->patients[p].practice == UINT32_MAX)
		count_provider(f, p, code);
	return 0;
}

/* A status that says the resource is not true of the person: entered in error, refuted. */
static bool
void_status(const json_t *res)
{
	const char *st = str(res, "status");
	if (st && strcmp(st, "entered-in-error") == 0)
		return true;
	size_t i;
	const json_t *c;
	json_array_foreach(json_object_get(json_object_get(res, "verificationStatus"), "coding"), i, c) {
		const char *v = str(c, "code");
		if (v && (strcmp(v, "entered-in-error") == 0 || strcmp(v, "refuted") == 0))
			return true;
	}
	return false;
}

/* The events of the codings of CONCEPT (a CodeableConcept) for patient P; refused when it has none. */
static int
codings(struct pop_model *m, const struct at *a, const char *field, const json_t *concept, uint32_t p,
	int32_t start, int32_t end, struct error *err)
{
	size_t i, used = 0;
	const json_t *c;
	json_array_foreach(json_object_get(concept, "coding"), i, c) {
		const char *sys = str(c, "system"), *code = str(c, "code");
		if (!sys || !*sys || !code || !*code)
			continue;
		char s[64];
		pop_add_event(m, p, pop_code_system(sys, s, sizeof s), code, start, end);
		used++;
	}
	return used ? 0 : bad(a, field, "no coding with a system and a code", err);
}

/* The date at FIELD of RES when it is there: 1 found, 0 absent, -1 not a date. */
static int
date_at(const struct at *a, const json_t *res, const char *field, const char *key, int32_t *out, struct error *err)
{
	const json_t *v = json_object_get(res, key);
	if (!v)
		return 0;
	if (!fhir_date(json_string_value(v), out))
		return bad(a, field, "not a date: write YYYY-MM-DD or a FHIR dateTime", err);
	return 1;
}

/* A Condition: from onsetDateTime (or onsetPeriod.start, or recordedDate) to abatementDateTime (or
 * abatementPeriod.end), still active when it has neither. */
static int
condition(struct pop_model *m, const struct at *a, const json_t *res, struct error *err)
{
	uint32_t p;
	if (subject(m, a, res, &p, err) < 0)
		return -1;
	if (void_status(res))
		return 0;
	int32_t start, end = POP_NEVER;
	int rc = date_at(a, res, "onsetDateTime", "onsetDateTime", &start, err);
	if (rc == 0)
		rc = date_at(a, json_object_get(res, "onsetPeriod"), "onsetPeriod.start", "start", &start, err);
	if (rc == 0)
		rc = date_at(a, res, "recordedDate", "recordedDate", &start, err);
	if (rc == 0)
		return bad(a, "onsetDateTime", "no start: give onsetDateTime or recordedDate", err);
	if (rc < 0)
		return -1;
	rc = date_at(a, res, "abatementDateTime", "abatementDateTime", &end, err);
	if (rc == 0)
		rc = date_at(a, json_object_get(res, "abatementPeriod"), "abatementPeriod.end", "end", &end, err);
	if (rc < 0)
		return -1;
	return codings(m, a, "code.coding", json_object_get(res, "code"), p, start, end, err);
}

/* A MedicationRequest: from authoredOn to dispenseRequest.validityPeriod.end, or still active. One that names
 * its medicine by a Medication reference only is passed over: Medication resources are not read. */
static int
medication_request(struct pop_model *m, const struct at *a, const json_t *res, struct error *err)
{
	uint32_t p;
	if (subject(m, a, res, &p, err) < 0)
		return -1;
	if (void_status(res))
		return 0;
	const json_t *concept = json_object_get(res, "medicationCodeableConcept");
	if (!concept) /* FHIR R5: medication.concept */
		concept = json_object_get(json_object_get(res, "medication"), "concept");
	if (!concept)
		return 0;
	int32_t start, end = POP_NEVER;
	int rc = date_at(a, res, "authoredOn", "authoredOn", &start, err);
	if (rc == 0)
		return bad(a, "authoredOn", "no date: every MedicationRequest needs authoredOn", err);
	if (rc < 0)
		return -1;
	const json_t *validity = json_object_get(json_object_get(res, "dispenseRequest"), "validityPeriod");
	if (date_at(a, validity, "dispenseRequest.validityPeriod.end", "end", &end, err) < 0)
		return -1;
	return codings(m, a, "medicationCodeableConcept.coding", concept, p, start, end, err);
}

static int
resource(struct pop_model *m, struct pop_fhir *f, enum pop_fhir_type type, const struct at *a, const json_t *res,
	 struct error *err)
{
	const char *rt = str(res, "resourceType");
	if (!rt || strcmp(rt, type_names[type]) != 0)
		return error_set(err, "%s: line %zu (resourceType): not a %s: the file's name says it holds only %s "
				 "resources", a->file, a->line, type_names[type], type_names[type]);
	switch (type) {
	case POP_FHIR_ORGANIZATION:
		return organization(f, a, res, err);
	case POP_FHIR_PATIENT:
		return patient(m, f, a, res, err);
	case POP_FHIR_ENCOUNTER:
		return encounter(m, f, a, res, err);
	case POP_FHIR_CONDITION:
		return condition(m, a, res, err);
	default:
		return medication_request(m, a, res, err);
	}
}

int
pop_read_fhir(struct pop_model *m, struct pop_fhir *f, enum pop_fhir_type type, const char *name,
	      const char *text, size_t n, struct error *err)
{
	size_t line, col;
	if (pop_utf8_check_pieces(m, text, n, &line, &col))
		return error_set(err, "%s: line %zu, character %zu: not UTF-8 text (save the file as UTF-8)", name,
				 line, col);
	if (type == POP_FHIR_ORGANIZATION)
		f->have_orgs = true;
	struct at a = {name, 0};
	for (const char *p = text, *end = text + n, *nl; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		size_t len = (size_t)(nl - p);
		a.line++;
		pop_let_go(m, p);
		if (len > FHIR_LINE_MAX)
			return error_set(err, "%s: line %zu: longer than %d bytes: each line must be one FHIR resource",
					 name, a.line, FHIR_LINE_MAX);
		size_t sp = 0;
		while (sp < len && (p[sp] == ' ' || p[sp] == '\t' || p[sp] == '\r'))
			sp++;
		if (sp == len)
			continue;
		json_error_t jerr;
		json_t *res = json_loadb(p, len, JSON_REJECT_DUPLICATES, &jerr);
		if (!json_is_object(res)) {
			json_decref(res);
			return error_set(err, "%s: line %zu, column %d: not a JSON object: each line must be one FHIR "
					 "resource", name, a.line, res ? 1 : jerr.column);
		}
		int rc = resource(m, f, type, &a, res, err);
		json_decref(res);
		if (rc < 0)
			return -1;
	}
	return 0;
}

int
pop_fhir_finish(struct pop_model *m, struct pop_fhir *f, struct error *err)
{
	for (size_t p = 0; p < m->n_patients; p++) {
		if (m->patients[p].practice != UINT32_MAX)
			continue;
		if (p >= f->n_best || !f->best_count[p]) {
			struct at a = {f->patient_files[f->file_of[p]], f->lines[p]};
			return bad(&a, "generalPractitioner", "no practice: give the Patient a generalPractitioner "
				   "Organization with an ODS code, or Encounters with a serviceProvider", err);
		}
		m->patients[p].practice = pop_practice_of(m, f->provider_codes[f->best[p]]);
	}
	return 0;
}
