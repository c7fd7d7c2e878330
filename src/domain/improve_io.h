/*
 * improve_io.h - a unit's improvement work as a file and back (docs/export.md, content "improvement"): its
 * measures (points, rebases with their reasons, notes on periods), actions with their PDSA cycles, and aims
 * with their driver diagrams (drivers, links, change ideas, ramps, measures by kind). References inside the
 * file are the file's own ("m1", "a2", "d3"), numbered in the order written, so that an export of an import
 * reads the same. No person is named: an action's owner and who wrote what stay out (the audit log has them).
 */
#ifndef CAREGRID_IMPROVE_IO_H
#define CAREGRID_IMPROVE_IO_H

#include <jansson.h>
#include <stddef.h>
#include <sys/types.h>

#include "domain/audit.h"
#include "domain/export.h"
#include "lib/strvec.h"

struct catalog;
struct store;

/* What a field of the file is, for the checks of the import (and, for ideas, what the export writes). */
enum io_type { IO_LINE, IO_TEXT, IO_CHOICE, IO_DATE, IO_NUMBER, IO_BOOL, IO_COUNT };
struct io_field {
	const char *name;
	enum io_type type;
	bool required;
	long min, max;              /* IO_LINE, IO_TEXT: max bytes; IO_COUNT: the bounds */
	const char *const *choices; /* IO_CHOICE: NULL-terminated */
	ssize_t offset;             /* idea_fields: where struct aim_idea holds it as a char array; -1 none */
};
/*
 * A change idea's own fields (text, pick, status): the one list the export writes from and the import checks
 * against, terminated by a NULL name. A field added to change_idea is added here (and to the write in
 * improve_import.c, write_idea).
 */
extern const struct io_field idea_fields[];

/* As unit_export_json, with content "improvement": Q's scope and the units below it G may see, each with its
 * measures, actions and aims. 0, or -1 with ERR (storage). *OUT is a new reference. */
int unit_export_improvement(struct store *s, const struct export_request *q, json_t **out, struct error *err);

#define IMPROVEMENT_FILE_MAX (16 * 1024 * 1024)

/*
 * Checks the export TEXT (LEN bytes) and picks out the improvement work of the unit FROM (NULL: the file's
 * scope): 0 with *ENTRY (borrowed from *DOC, a new reference the caller drops) and *PATH its place in the
 * file ("improvement[0]"), every field and every reference inside it checked; or -1 with ERR naming the
 * path of the first problem (aims[2].drivers[0].level: ...). Pure: touches no store.
 */
int improvement_parse(const char *text, size_t len, const char *from, json_t **doc, json_t **entry, char path[32],
		      struct error *err);

/* For the import's files only: O's text NAME (NULL when none or no text); the entry of LIST whose text KEY is
 * REF, or NULL. */
const char *io_text(json_t *o, const char *name);
json_t *io_find(json_t *list, const char *key, const char *ref);
/* S (NULL: "") cut to at most MAX bytes (< 100) between UTF-8 characters, into OUT: a file's words in a message
 * whose format cuts at MAX (%.64s) are never cut inside a character. */
const char *io_shown(char out[100], const char *s, size_t max);

struct improvement_report {
	size_t measures, points, notes, actions, cycles, aims, drivers, ideas, steps;
	struct strvec warnings; /* owned: a parent aim not found above the unit, imported as the unit's own */
};
void improvement_report_release(struct improvement_report *rep);

/*
 * Imports the improvement work of unit FROM of the file TEXT into UNIT (its parents linked, as a tree's),
 * all of it or nothing, in one transaction with one audit line giving the counts. Grid elements are checked
 * against CAT. A parent aim is matched by its statement among the aims of the units above UNIT (the one the
 * file names first); when none matches, the aim is imported as UNIT's own and REP says so. 0, or -1 with ERR.
 */
int improvement_import(struct store *s, const struct catalog *cat, const struct actor *who, const struct unit *unit,
		       const char *text, size_t len, const char *from, struct improvement_report *rep,
		       struct error *err);

#endif
