/*
 * population_model.h - the one internal model every population importer reads into, and the segmentation over
 * it (population.h holds the rules' contract). Private to the population module and its tests and fuzz targets.
 *
 * Nothing here keeps a person's words: patient ids are interned only to find a person's index while the files
 * are read, codes are turned into code-list indexes as each event is read (an event whose code is on no list is
 * checked, then dropped), and dates are packed integers YYYYMMDD, so that 5 million events are 16 bytes each.
 */
#ifndef CAREGRID_POPULATION_MODEL_H
#define CAREGRID_POPULATION_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/population.h"
#include "lib/error.h"

/* A date as the integer YYYYMMDD: ordered as the days are, and (D - B) / 10000 is the years completed on D of
 * a person born on B. POP_NEVER: no such date (still registered, alive, still active). */
#define POP_NEVER INT32_MAX

/* A string-keyed table of indexes: open addressing, keys copied into the table's own memory. */
struct pop_map {
	char **keys;
	uint32_t *vals;
	size_t cap, n;
};

/* 1 found (its value in *VAL), 0 not. */
int pop_map_find(const struct pop_map *t, const char *key, uint32_t *val);
/* Adds KEY with *VAL: 1 added, 0 KEY was there (its value into *VAL). */
int pop_map_add(struct pop_map *t, const char *key, uint32_t *val);
void pop_map_release(struct pop_map *t);

enum pop_list_kind { POP_LIST_LTC, POP_LIST_FRAILTY, POP_LIST_END_OF_LIFE, POP_LIST_OTHER };

struct pop_list {
	char *id;      /* owned: "ltc:diabetes", "frailty", ... */
	char *version; /* owned: the list's version, as its file gives it */
	enum pop_list_kind kind;
};

struct pop_patient {
	uint32_t practice;
	int32_t birth, death, from, to; /* YYYYMMDD; death and to POP_NEVER when none */
};

struct pop_event {
	uint32_t patient;
	uint32_t list;
	int32_t start, end; /* end POP_NEVER when still active */
};

/* A code on lists: the first of its (list, next) links. */
struct pop_link {
	uint32_t list, next; /* next: UINT32_MAX ends */
};

struct pop_model {
	struct pop_list *lists;
	size_t n_lists;
	struct pop_map list_ix;
	struct pop_map codes; /* "system\x1fcode" -> index into links */
	struct pop_link *links;
	size_t n_links;

	char **practices; /* owned: practice codes as the input gives them */
	size_t n_practices;
	struct pop_map practice_ix;

	struct pop_patient *patients;
	size_t n_patients;
	struct pop_map patient_ix; /* emptied once the events are read */

	struct pop_event *events;
	size_t n_events, cap_events;

	/* The file being read when it is mapped from disk (population_import.c): the pages read are let go as the
	 * reading moves on (pop_let_go), so a 200 MB events file never sits whole in memory. NULL otherwise. */
	const char *mapped;
	size_t mapped_len;
	const char *let_go; /* up to where the pages of MAPPED have been let go */
};

#define POP_PIECE ((size_t)8 << 20) /* what is read between two lettings go */

/* Lets the kernel drop the pages of M's mapped file before UPTO (nothing when TEXT is not that file, or less
 * than a piece was read since the last time): they are the file's own, read again from disk if touched. */
void pop_let_go(struct pop_model *m, const char *upto);
/* pop_utf8_check over TEXT in pieces ending at line breaks, letting each go once checked (pop_let_go). */
int pop_utf8_check_pieces(struct pop_model *m, const char *text, size_t len, size_t *line, size_t *col);

void pop_model_init(struct pop_model *m);
void pop_model_release(struct pop_model *m);

/* Parses "YYYY-MM-DD" (or, when MONTH_OK, "YYYY-MM": the 1st of that month) into YYYYMMDD; with TIME_OK a
 * trailing "T..." (a FHIR or Synthea instant) is allowed and ignored. false when S is not such a date. */
bool pop_date(const char *s, bool month_ok, bool time_ok, int32_t *out);
/* The date YMD as "YYYY-MM-DD" into OUT. */
void pop_date_text(int32_t ymd, char out[11]);

/* Where a file's first byte that is not UTF-8 sits: 0 when all is, else 1 with *LINE and *COL (from 1). */
int pop_utf8_check(const char *text, size_t len, size_t *line, size_t *col);

/*
 * The readers: each parses the N bytes of TEXT, the file NAME (for messages: "NAME: line L, column C (FIELD):
 * ..."), into M. -1 with ERR at the first problem; M is then to be released, not used.
 */
int pop_read_codelists(struct pop_model *m, const char *name, const char *text, size_t n, struct error *err);
int pop_read_patients(struct pop_model *m, const char *name, const char *text, size_t n, struct error *err);
int pop_read_events(struct pop_model *m, const char *name, const char *text, size_t n, struct error *err);
/* Synthea: patients.csv (everyone in PRACTICE, registered from birth), conditions.csv (SNOMED CT) and
 * medications.csv (RxNorm). */
int pop_read_synthea_patients(struct pop_model *m, const char *name, const char *text, size_t n,
			      const char *practice, struct error *err);
int pop_read_synthea_events(struct pop_model *m, const char *name, const char *text, size_t n, const char *system,
			    struct error *err);
/* A code system as the model knows it: "snomed" for SNOMED CT however spelled ("SNOMED", "SNOMED CT",
 * "http://snomed.info/sct", "sct"), "rxnorm" likewise, else the name in lower case; into OUT. */
const char *pop_code_system(const char *s, char *out, size_t size);
/* The index of practice CODE, added when new. */
uint32_t pop_practice_of(struct pop_model *m, const char *code);

/*
 * FHIR Bulk Data NDJSON (population_fhir.c): the resource types read, in the order they must be read (an
 * Organization before the Patient that names it, every Patient before the resources that point at one).
 */
enum pop_fhir_type {
	POP_FHIR_ORGANIZATION,
	POP_FHIR_PATIENT,
	POP_FHIR_ENCOUNTER,
	POP_FHIR_CONDITION,
	POP_FHIR_MEDICATION_REQUEST,
	POP_FHIR_TYPES
};
/* What a FHIR import keeps between its files: organisations' codes, each Patient's line, and the counts of
 * Encounter.serviceProvider for a Patient without a generalPractitioner. */
struct pop_fhir {
	struct pop_map orgs;           /* Organization id -> index into org_codes */
	char **org_codes;              /* owned: each organisation's ODS code (NULL when it has none) */
	size_t n_orgs;
	bool have_orgs;                /* an Organization file was read */
	char **patient_files;          /* owned: the Patient files' names, for a refusal at the end */
	size_t n_patient_files;
	uint32_t *lines, *file_of;     /* per patient: its line, and its file's index in patient_files */
	struct pop_map providers;      /* serviceProvider code -> index into provider_codes */
	char **provider_codes;         /* owned */
	size_t n_providers;
	struct pop_map pairs;          /* "patient\x1fprovider" -> index into pair_counts */
	uint32_t *pair_counts;
	size_t n_pairs;
	uint32_t *best, *best_count;   /* per patient: the most frequent provider (UINT32_MAX none), its count */
	size_t n_best;
};
void pop_fhir_init(struct pop_fhir *f);
void pop_fhir_release(struct pop_fhir *f);
/* The type a file NAME holds: "Patient.ndjson", "1.Patient.ndjson", "Patient.2.ndjson"; -1 for none read. */
int pop_fhir_type_of(const char *name);
/* Reads the NDJSON TEXT of file NAME, holding resources of TYPE, into M. */
int pop_read_fhir(struct pop_model *m, struct pop_fhir *f, enum pop_fhir_type type, const char *name,
		  const char *text, size_t n, struct error *err);
/* Gives each Patient read without a practice its most frequent serviceProvider; refuses one with neither. */
int pop_fhir_finish(struct pop_model *m, struct pop_fhir *f, struct error *err);

/* Adds an event of patient index P for code SYSTEM/CODE if the code is on a list (else nothing). */
void pop_add_event(struct pop_model *m, uint32_t p, const char *system, const char *code, int32_t start,
		   int32_t end);

/* The counts and movements of every practice at N_DATES ascending dates. */
struct pop_result {
	size_t n_practices, n_dates;
	int32_t *dates;  /* owned, YYYYMMDD */
	long *counts;    /* owned: [practice][date][segment] */
	long *moves;     /* owned: [practice][date - 1][POP_MOVE_ROWS][POP_MOVE_COLS], the move into date */
};
#define POP_COUNT(r, p, d, s) ((r)->counts[((p) * (r)->n_dates + (d)) * POP_SEGMENTS + (s)])
#define POP_MOVE(r, p, d, f, t)                                                                               \
	((r)->moves[(((p) * ((r)->n_dates - 1) + (d) - 1) * POP_MOVE_ROWS + (f)) * POP_MOVE_COLS + (t)])

/* Segments everyone in M at the N ascending, distinct DATES, in one pass over the events. */
void pop_segment(struct pop_model *m, const int32_t *dates, size_t n, struct pop_result *out);
void pop_result_release(struct pop_result *r);

#endif
