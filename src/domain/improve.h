/*
 * improve.h - the improvement work linked to the grid: actions with an owner, a due date and a status,
 * linked to instrument elements; PDSA cycles under an action; and measures (quadruple aim) with their data
 * points, drawn as SPC charts. Every change is checked first and audited.
 */
#ifndef CAREGRID_IMPROVE_H
#define CAREGRID_IMPROVE_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/audit.h"
#include "domain/unit.h"
#include "lib/error.h"
#include "lib/strvec.h"
#include "stats/spc.h"

struct lang;

struct store;
struct catalog;

#define ACTION_TITLE_MAX 200
#define TEXT_MAX 4000
#define OWNER_NAME_MAX 120

extern const char *const action_statuses[];       /* planned, doing, done, dropped; NULL-terminated */
extern const char *const measure_categories[];    /* population_health, patient_experience, cost, staff_wellbeing */
const char *measure_category_name(const char *code); /* "Population health", ... */

struct action {
	int64_t id, unit_id, owner_id, round_id; /* 0: none */
	/* owner_name: the account's name, or the owner's name as typed when they have no account (owner_id 0);
	 * "" when nobody. owner_email: the account's address, "" when none. */
	char title[ACTION_TITLE_MAX + 1];
	char description[TEXT_MAX + 1];
	char owner_email[256], owner_name[256];
	char due_on[11];      /* "" when none */
	char status[10];
	struct strvec elements; /* owned: "instrument code" */
};

struct action_input {
	/* owner: an account's address, or a name as written for someone with none; blank: nobody */
	const char *title, *description, *owner, *due_on, *status;
	const char *elements; /* "pch-development-grid 6.1, positive-practices S.4" (comma or newline separated) */
	int64_t round_id;
};

/* True when A is overdue on day TODAY: due before it and still planned or doing. */
bool action_overdue(const struct action *a, const char *today);

int action_create(struct store *s, const struct catalog *cat, const struct unit_tree *tree, const struct actor *who,
		  const struct unit *unit, const struct action_input *in, int64_t *id_out, struct error *err);
int action_update(struct store *s, const struct catalog *cat, const struct unit_tree *tree, const struct actor *who,
		  const struct unit *unit, const struct action *a, const struct action_input *in, struct error *err);
/* 1 found (release with action_release), 0 not, -1 error. */
int action_get(struct store *s, int64_t id, struct action *out, struct error *err);
void action_release(struct action *a);
typedef int (*action_fn)(void *ctx, const struct action *a);
int actions_each(struct store *s, int64_t unit_id, action_fn fn, void *ctx, struct error *err);

struct pdsa {
	long number;
	const char *plan, *prediction, *measurement, *planned_on; /* valid during the callback only; NULL when none */
	const char *did, *did_on, *study, *studied_on, *act, *act_note, *acted_on;
};
/* A new cycle (numbered after the last). */
int pdsa_add(struct store *s, const struct actor *who, const struct action *a, const char *plan, const char *prediction,
	     const char *measurement, const char *planned_on, struct error *err);
/* Records a stage of cycle NUMBER: STAGE "do", "study" or "act" (ACT_CHOICE adopt|adapt|abandon for "act"). */
int pdsa_record(struct store *s, const struct actor *who, const struct action *a, long number, const char *stage,
		const char *text, const char *on, const char *act_choice, struct error *err);
typedef int (*pdsa_fn)(void *ctx, const struct pdsa *p);
int pdsa_each(struct store *s, int64_t action_id, pdsa_fn fn, void *ctx, struct error *err);

struct measure {
	int64_t id, unit_id;
	char name[201];
	char definition[TEXT_MAX + 1];
	char category[24];
	char direction[8];   /* up, down, neither */
	char unit_label[41];
	bool has_target;
	double target;
	long baseline;       /* 0: none */
	struct strvec elements; /* owned: "instrument code" */
};

/* The largest size of a measure's value, target or baseline: far beyond any count or rate a practice keeps,
 * and small enough that sums, ranges and limits over 10,000 points stay exact enough to draw. Any way in
 * (form, JSON, CSV, the command line) refuses a value beyond it, and "nan", "inf" or "1e999", naming the field. */
#define MEASURE_VALUE_MAX 1e12
/* What a measure's number TEXT is: 0 a number within the bound (*OUT), -1 no number at all ("nan", "inf", "x",
 * ""), -2 a number beyond ±MEASURE_VALUE_MAX ("1e16", and "1e999", which strtod makes infinite). */
int measure_number(const char *text, double *out);

struct measure_input {
	const char *name, *definition, *category, *direction, *unit_label, *target, *baseline, *elements, *actions;
};

int measure_create(struct store *s, const struct catalog *cat, const struct actor *who, const struct unit *unit,
		   const struct measure_input *in, int64_t *id_out, struct error *err);
int measure_get(struct store *s, int64_t id, struct measure *out, struct error *err);
void measure_release(struct measure *m);
typedef int (*measure_fn)(void *ctx, const struct measure *m);
int measures_each(struct store *s, int64_t unit_id, measure_fn fn, void *ctx, struct error *err);

struct measure_series {
	size_t n;
	char (*period)[11]; /* owned */
	double *value;      /* owned; NAN: missing */
	bool *rebase;       /* owned */
	char **note;        /* owned, each owned; NULL where a point has none: a rebase point's reason */
};
int measure_series_load(struct store *s, int64_t measure_id, struct measure_series *out, struct error *err);
void measure_series_release(struct measure_series *ms);

/* One data point (VALUE "" for a gap). A rebase (new limits from this point, never made by itself) needs
 * its reason in NOTE: refused naming the field "note" without one. */
int measure_point_put(struct store *s, const struct actor *who, const struct measure *m, const char *period,
		      const char *value, bool rebase, const char *note, struct error *err);
/*
 * Data points as people paste them (measure_paste.c): two columns, the period and the number, split by tabs,
 * semicolons or commas, with or without a header row of any words; or the named header
 * date,value[,rebase][,note]. A period is 2026-03-01, 01/03/2026 (day first), 2026-03 or Mar 2026 (a month:
 * its first day) or 2026-W10 (an ISO week: its Monday); a number as NUMBERS writes it (NULL: the machine
 * form), a trailing % allowed. All or nothing; every problem of every row is listed with row and column (up
 * to IMPORT_PROBLEMS_MAX). Returns points stored or -1.
 */
int measure_import_csv(struct store *s, const struct actor *who, const struct measure *m, const char *text, size_t len,
		       const struct lang *numbers, const char *origin, struct strvec *problems, struct error *err);
/* The day a period TEXT names, as above, into OUT (YYYY-MM-DD); false when it names none. */
bool measure_period(const char *text, char out[11]);

/* measure_note.c: the chart and what it is annotated with. */

/* Limits come from the first N points after each rebase and are then frozen; N when a measure sets none. */
#define MEASURE_BASELINE_DEFAULT 12
/* The XmR chart of M over MS: its direction, target, baseline (MEASURE_BASELINE_DEFAULT when none is stored)
 * and rebase points. OUT is released with spc_release. */
void measure_chart(const struct measure *m, const struct measure_series *ms, struct spc_result *out);

/* A free note TEXT (at most 1000 characters) on PERIOD (any form measure_period reads) of M, audited. */
int measure_note_add(struct store *s, const struct actor *who, const struct measure *m, const char *period,
		     const char *text, struct error *err);

/* What a chart is annotated with, in the order the legend numbers them (by day, then kind). */
enum measure_mark_kind { MARK_REBASE, MARK_PDSA, MARK_DONE, MARK_ROUND, MARK_NOTE };
struct measure_mark {
	enum measure_mark_kind kind;
	char day[11];           /* YYYY-MM-DD */
	char act[8];            /* PDSA: adopt, adapt or abandon; "" while the cycle runs (day: when planned) */
	long number;            /* PDSA: the cycle's number within its action */
	size_t order;           /* the order loaded, to break ties */
	char *text;             /* owned: the action's or round's title, the note, a rebase's reason ("" none) */
};
struct measure_marks {
	size_t n;
	struct measure_mark *v; /* owned */
};
/* The marks of M's chart within the dates of MS (none when it has no points): its rebases with their
 * reasons, its notes, the PDSA cycles and the completions of the actions linked to it, and the unit's survey
 * rounds closed before TODAY (YYYY-MM-DD) or closed early. */
int measure_marks_load(struct store *s, const struct measure *m, const struct measure_series *ms, const char *today,
		       struct measure_marks *out, struct error *err);
void measure_marks_release(struct measure_marks *mk);

#endif
