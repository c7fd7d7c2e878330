/*
 * unit.h - organisation units: a tree of region/system > locality > Primary Care Home or network >
 * practice or partner organisation, with types as data (a unit's parent is of a lower tier). The tree is
 * loaded whole (a region of thousands of units is a few hundred kilobytes) and the rules are checked on it
 * before anything is written; each change is written with its audit entry in one transaction.
 */
#ifndef CAREGRID_UNIT_H
#define CAREGRID_UNIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/audit.h"
#include "lib/error.h"
#include "lib/strvec.h"

struct store;

#define UNIT_CODE_MAX 32
#define UNIT_NAME_MAX 200

struct unit_type {
	char *code; /* owned */
	char *name; /* owned */
	int tier;   /* 1 = top */
};

struct unit {
	int64_t id;
	int64_t parent_id; /* 0: top level */
	char *code, *name, *type; /* owned */
	long list_size;           /* -1: not counted */
	char *counted_on;         /* owned; NULL when not counted */
	char *archived_at;        /* owned; NULL while active */
	bool share_outside;       /* its admin lets it be compared, anonymised, outside its own tree */
	char *ods_code;           /* owned; its NHS organisation (ODS) code, NULL when none */
	struct unit *parent;      /* NULL: top level */
};

struct unit_tree {
	struct unit *v; /* owned, ordered by name */
	size_t n;
	struct unit_type *types; /* owned, ordered by tier */
	size_t n_types;
	struct unit **by_code, **by_id; /* owned; v's units sorted by code and by id, for lookups in log n */
};

int unit_tree_load(struct store *s, struct unit_tree *tree, struct error *err);
void unit_tree_release(struct unit_tree *tree);

const struct unit *unit_by_code(const struct unit_tree *tree, const char *code);
const struct unit *unit_by_id(const struct unit_tree *tree, int64_t id);
const struct unit_type *unit_type_by_code(const struct unit_tree *tree, const char *code);
/* True when U is ANCESTOR or lies below it. */
bool unit_within(const struct unit *u, const struct unit *ancestor);
/* The top-level unit above U (U itself when it has no parent). */
const struct unit *unit_root(const struct unit *u);
/* Sum of the list sizes of the active practices at or below U; *practices gets how many were counted. */
long unit_population(const struct unit_tree *tree, const struct unit *u, size_t *practices);

/* Checks: "YYYY-MM-DD" and a real date. */
bool valid_date(const char *s);

/*
 * Changes. Each checks its input against the tree (ERR says what is wrong, in words for the person who
 * typed it), then writes the change and its audit entry in one transaction. TREE is not updated: load it
 * again to see the change.
 */
int unit_create(struct store *s, const struct unit_tree *tree, const struct actor *who, const char *code,
		const char *name, const char *type, const char *parent_code, long list_size, const char *counted_on,
		struct error *err);
int unit_rename(struct store *s, const struct unit_tree *tree, const struct actor *who, const char *code,
		const char *name, struct error *err);
int unit_move(struct store *s, const struct unit_tree *tree, const struct actor *who, const char *code,
	      const char *new_parent_code, struct error *err);
int unit_archive(struct store *s, const struct unit_tree *tree, const struct actor *who, const char *code,
		 struct error *err);
/* An NHS ODS code: 3 to UNIT_ODS_MAX letters and digits, kept in capitals ("A81001"). */
#define UNIT_ODS_MAX 10
/* TEXT checked and put in capitals into OUT: 0, or -1 with ERR naming the field "ods_code". */
int unit_ods_normalise(const char *text, char out[UNIT_ODS_MAX + 1], struct error *err);
/* Sets unit CODE's ODS code to ODS (NULL or "": clears it), audited as unit.ods_code; no two units share one. */
int unit_set_ods_code(struct store *s, const struct unit_tree *tree, const struct actor *who, const char *code,
		      const char *ods, struct error *err);
int unit_set_list_size(struct store *s, const struct unit_tree *tree, const struct actor *who, const char *code,
		       long list_size, const char *counted_on, struct error *err);

/*
 * Imports units from CSV text with the header code,name,type,parent_code,list_size,counted_on (parent_code
 * may name a unit of the database or one earlier in the file). All or nothing: on any bad row nothing is
 * written and PROBLEMS gets one line per problem, "ORIGIN: row R, column C (name): problem". Returns the
 * number of units created, or -1 (problems, or ERR on a storage failure).
 */
/* An import (units, measure points, paper answers) lists at most this many problems; import_problems_cap drops
 * the rest of those pushed since BEFORE and says how many more there were (defined in measure_paste.c). */
#define IMPORT_PROBLEMS_MAX 200
void import_problems_cap(struct strvec *problems, size_t before);
int unit_import_csv(struct store *s, const struct actor *who, const char *text, size_t len, const char *origin,
		    struct strvec *problems, struct error *err);

#endif
