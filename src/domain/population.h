/*
 * population.h - population segmentation (issue 28, grid element 2.3): a de-identified registered-list extract is
 * read, each person put in exactly one segment at each as-of date by priority rules over coded conditions, and
 * only the aggregates are kept (schema/031_population.sql): counts per practice per segment per date, the
 * movement between consecutive dates, and where they came from. No patient id, birth date or code of a person is
 * stored or logged. The counts kept are exact; disclosure control is applied where they are shown.
 */
#ifndef CAREGRID_POPULATION_H
#define CAREGRID_POPULATION_H

#include <stddef.h>
#include <stdint.h>

#include "lib/error.h"
#include "lib/strvec.h"

struct store;

/* The segments, in priority order (the first that matches wins); the order is also the order of display. */
enum population_segment {
	POP_END_OF_LIFE, /* a counting end_of_life event */
	POP_FRAILTY,     /* 65 or over on the date, and a counting frailty event */
	POP_COMPLEX,     /* 4 or more long-term conditions */
	POP_LTC,         /* 1 to 3 long-term conditions */
	POP_WELL,        /* none of the above: generally well */
	POP_SEGMENTS
};

/* Stable codes, as stored and in CSV: "end_of_life", "frailty", "complex", "ltc", "well". */
const char *population_segment_code(enum population_segment seg);
/* The segment of CODE, or -1. */
int population_segment_from_code(const char *code);
/* The segment's name for people, an English msgid to translate ("End of life", "Frailty", "Complex needs",
 * "Long-term conditions", "Generally well"). */
const char *population_segment_name(enum population_segment seg);
/* Its NAPC Primary Care Home care-model group, an English msgid: "Frailty and end of life" (end of life,
 * frailty), "Complex and long-term conditions" (complex, ltc), "Routine care and access" (well). */
const char *population_segment_care_model(enum population_segment seg);

/* The movement between two as-of dates: CELL[from][to]. Rows 0..POP_SEGMENTS-1 are the segment on the first
 * date, row POP_FROM_REGISTERED those not in the population then; columns 0..POP_SEGMENTS-1 the segment on the
 * second date, POP_TO_DIED and POP_TO_LEFT those no longer in it (dead by then; registration ended). */
#define POP_FROM_REGISTERED POP_SEGMENTS
#define POP_TO_DIED POP_SEGMENTS
#define POP_TO_LEFT (POP_SEGMENTS + 1)
#define POP_MOVE_ROWS (POP_SEGMENTS + 1)
#define POP_MOVE_COLS (POP_SEGMENTS + 2)
struct population_matrix {
	long cell[POP_MOVE_ROWS][POP_MOVE_COLS];
};
/* Stored codes of the extra row and columns: "registered", "died", "left". */
#define POP_CODE_REGISTERED "registered"
#define POP_CODE_DIED "died"
#define POP_CODE_LEFT "left"

/* One stored count: the practice's unit code, the as-of date (YYYY-MM-DD), the segment, the exact count. A
 * non-zero return stops the walk and is returned. */
typedef int (*population_count_fn)(void *ctx, const char *practice_code, const char *as_of,
				   enum population_segment seg, long count);

/*
 * The stored counts of UNIT_ID and every unit under it (a network: its practices), by practice code, then as-of
 * date, then segment (every segment has a row, 0 included); only the date AS_OF when it is not NULL. A network's
 * own total is the sum of its practices' (population_totals). 0, or -1 with ERR.
 */
int population_counts_each(struct store *s, int64_t unit_id, const char *as_of, population_count_fn fn, void *ctx,
			   struct error *err);

/* The counts of UNIT_ID's subtree on AS_OF summed per segment into TOTAL: 1 when there are any, 0 none, -1. */
int population_totals(struct store *s, int64_t unit_id, const char *as_of, long total[POP_SEGMENTS],
		      struct error *err);

/* The as-of dates with counts in UNIT_ID's subtree, ascending, appended to DATES. 0, or -1 with ERR. */
int population_as_of_dates(struct store *s, int64_t unit_id, struct strvec *dates, struct error *err);

/*
 * The movement of UNIT_ID's subtree from FROM to TO (two consecutive as-of dates of an import), summed over its
 * practices, into OUT (zeroed first): 1 when stored, 0 when no import computed that pair, -1 with ERR.
 */
int population_movement(struct store *s, int64_t unit_id, const char *from, const char *to,
			struct population_matrix *out, struct error *err);

/* The input forms an import reads (README "Population"). */
enum population_source {
	POP_SOURCE_CSV,     /* canonical CSV: PATIENTS and EVENTS */
	POP_SOURCE_SYNTHEA, /* Synthea CSV in DIR, everyone in PRACTICE, registered from birth */
	POP_SOURCE_FHIR,    /* FHIR Bulk Data NDJSON in DIR */
};

struct population_request {
	enum population_source source;
	const char *patients, *events; /* POP_SOURCE_CSV */
	const char *dir;               /* POP_SOURCE_SYNTHEA, POP_SOURCE_FHIR */
	const char *practice;          /* POP_SOURCE_SYNTHEA: the practice's unit code or ODS code */
	const char *codelists;         /* a code-list CSV file */
	const char *const *as_of;      /* YYYY-MM-DD, any order, at least one */
	size_t n_as_of;
};

/*
 * Reads REQ's files, segments everyone at every as-of date in one pass over the events, and stores the counts,
 * movements and provenance in one transaction: a practice's earlier rows for the same dates are replaced. Bad
 * input (a missing column, a date that is not a date, a patient in events but not in patients, a file that is
 * not UTF-8, a practice that matches no unit) is refused with the file, line and column, and nothing is stored.
 * Then FN (may be NULL) is called with each count stored, by practice, date and segment. 0, or -1 with ERR.
 */
int population_import(struct store *s, const struct population_request *req, population_count_fn fn, void *ctx,
		      struct error *err);

#endif
