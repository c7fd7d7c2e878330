/*
 * import.h - answers collected on paper or on another survey platform, loaded into a round.
 *
 * The layout is long form, one row per answer: respondent,staff_group,item,score[,comment]. "respondent"
 * groups the rows of one person (a form number: it is not stored); "staff_group" is a group's code or name;
 * "item" an element's code; "score" a level's value or label, "dk" or "don't know", or empty for no answer.
 * Other column names are mapped with COLUMN=NAME pairs, other score words with WORD=VALUE pairs.
 *
 * All or nothing: every row is checked first; one bad row rejects the file with every problem listed by row
 * and column, unless the caller asks to skip bad rows, which are then written out with their reasons.
 */
#ifndef CAREGRID_IMPORT_H
#define CAREGRID_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "domain/audit.h"
#include "domain/instrument.h"
#include "domain/round.h"
#include "lib/buf.h"
#include "lib/strvec.h"

struct store;

struct import_options {
	const char *column_map; /* "respondent=Form,item=Question" or NULL */
	const char *score_map;  /* "Not at all=0,A little=1" or NULL */
	bool skip_bad;          /* keep good rows; bad ones go to BAD_ROWS with a reason column */
	struct buf *bad_rows;   /* CSV of the skipped rows (when skip_bad) */
	/* Called now and then with rows done and rows in all, for a progress bar. May be NULL. */
	void (*progress)(size_t done, size_t total, void *ctx);
	void *progress_ctx;
};

struct import_report {
	size_t rows, responses, answers, skipped_rows;
	/* What a refusal could be mended with, for the edge to say in its own terms (a command's flags, a form's
	 * fields): a column missing under its own name, a score word that is no level. */
	bool column_missing, score_unmapped;
};

/* Imports into round R (of UNIT, whose region's staff groups apply) on instrument INS. -1 with PROBLEMS
 * (one line each, "ORIGIN: row R, column C (name): problem") or ERR; nothing written then. */
int responses_import(struct store *s, const struct actor *who, const struct round *r, const struct unit *unit,
		     const struct instrument *ins, const char *text, size_t len, const char *origin,
		     const struct import_options *opts, struct import_report *rep, struct strvec *problems,
		     struct error *err);

#endif
