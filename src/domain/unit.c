/* unit.c - the unit tree and its rules (see unit.h). */
#include "domain/unit.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/staff_group.h"
#include "lib/i18n.h"
#include "lib/buf.h"
#include "lib/csv.h"
#include "lib/sort.h"
#include "lib/text.h"
#include "lib/xalloc.h"
#include "store/store.h"

static char *
dup_or_null(const struct row *r, int col)
{
	return row_null(r, col) ? NULL : xstrdup(row_text(r, col));
}

static int
type_row(void *ctx, const struct row *r)
{
	struct unit_tree *t = ctx;
	size_t cap = t->n_types;
	t->types = xgrow(t->types, sizeof *t->types, t->n_types + 1, &cap);
	t->types[t->n_types++] =
		(struct unit_type){xstrdup(row_text(r, 0)), xstrdup(row_text(r, 1)), (int)row_int(r, 2)};
	return 0;
}

struct load_ctx {
	struct unit_tree *tree;
	size_t cap;
};

static int
unit_row(void *vctx, const struct row *r)
{
	struct load_ctx *c = vctx;
	struct unit_tree *t = c->tree;
	t->v = xgrow(t->v, sizeof *t->v, t->n + 1, &c->cap);
	t->v[t->n++] = (struct unit){
		.id = row_int(r, 0),
		.code = xstrdup(row_text(r, 1)),
		.name = xstrdup(row_text(r, 2)),
		.type = xstrdup(row_text(r, 3)),
		.parent_id = row_null(r, 4) ? 0 : row_int(r, 4),
		.list_size = row_null(r, 5) ? -1 : (long)row_int(r, 5),
		.counted_on = dup_or_null(r, 6),
		.archived_at = dup_or_null(r, 7),
		.share_outside = row_int(r, 8) != 0,
		.ods_code = dup_or_null(r, 9),
	};
	return 0;
}

static int
by_id(const void *a, const void *b)
{
	int64_t x = (*(const struct unit *const *)a)->id, y = (*(const struct unit *const *)b)->id;
	return x < y ? -1 : x > y;
}

static int
by_code(const void *a, const void *b)
{
	return strcmp((*(const struct unit *const *)a)->code, (*(const struct unit *const *)b)->code);
}

/* The names the built-in unit types are given by schema/002_units.sql, marked for translation: a page shows a type
 * in the reader's language while its name is still this one. */
static const char *const builtin_type_names[] __attribute__((unused)) = {
	N_("Region or system"), N_("Locality"),        N_("Primary Care Home or network"),
	N_("GP practice"),      N_("Community trust"), N_("Mental health provider"),
	N_("Local authority"),  N_("Social care"),     N_("Voluntary sector organisation"),
};

int
unit_tree_load(struct store *s, struct unit_tree *tree, struct error *err)
{
	memset(tree, 0, sizeof *tree);
	struct load_ctx c = {tree, 0};
	if (store_exec(s, Q_UNIT_TYPES, NULL, 0, type_row, tree, NULL, err) < 0 ||
	    store_exec(s, Q_UNITS_ALL, NULL, 0, unit_row, &c, NULL, err) < 0) {
		unit_tree_release(tree);
		return -1;
	}
	/* Indexes by id and by code: parents linked and units found in n log n, not n squared (a region of
	 * 100,000 units imports in seconds). */
	tree->by_id = xcalloc(tree->n ? tree->n : 1, sizeof *tree->by_id);
	tree->by_code = xcalloc(tree->n ? tree->n : 1, sizeof *tree->by_code);
	for (size_t i = 0; i < tree->n; i++)
		tree->by_id[i] = tree->by_code[i] = &tree->v[i];
	sort_array(tree->by_id, tree->n, sizeof *tree->by_id, by_id);
	sort_array(tree->by_code, tree->n, sizeof *tree->by_code, by_code);
	for (size_t i = 0; i < tree->n; i++) {
		struct unit *u = &tree->v[i];
		u->parent = u->parent_id ? (struct unit *)unit_by_id(tree, u->parent_id) : NULL;
	}
	return 0;
}

void
unit_tree_release(struct unit_tree *tree)
{
	for (size_t i = 0; i < tree->n; i++) {
		struct unit *u = &tree->v[i];
		free(u->code);
		free(u->name);
		free(u->type);
		free(u->counted_on);
		free(u->archived_at);
		free(u->ods_code);
	}
	for (size_t i = 0; i < tree->n_types; i++) {
		free(tree->types[i].code);
		free(tree->types[i].name);
	}
	free(tree->v);
	free(tree->types);
	free(tree->by_id);
	free(tree->by_code);
	memset(tree, 0, sizeof *tree);
}

const struct unit *
unit_by_code(const struct unit_tree *tree, const char *code)
{
	if (!tree->by_code)
		return NULL;
	struct unit key = {.code = (char *)code}, *kp = &key;
	struct unit **hit = tree->n ? bsearch(&kp, tree->by_code, tree->n, sizeof *tree->by_code, by_code) : NULL;
	return hit ? *hit : NULL;
}

const struct unit *
unit_by_id(const struct unit_tree *tree, int64_t id)
{
	if (!tree->by_id)
		return NULL;
	struct unit key = {.id = id}, *kp = &key;
	struct unit **hit = tree->n ? bsearch(&kp, tree->by_id, tree->n, sizeof *tree->by_id, by_id) : NULL;
	return hit ? *hit : NULL;
}

const struct unit_type *
unit_type_by_code(const struct unit_tree *tree, const char *code)
{
	for (size_t i = 0; i < tree->n_types; i++)
		if (strcmp(tree->types[i].code, code) == 0)
			return &tree->types[i];
	return NULL;
}

bool
unit_within(const struct unit *u, const struct unit *ancestor)
{
	for (; u; u = u->parent)
		if (u == ancestor)
			return true;
	return false;
}

const struct unit *
unit_root(const struct unit *u)
{
	while (u->parent)
		u = u->parent;
	return u;
}

long
unit_population(const struct unit_tree *tree, const struct unit *u, size_t *practices)
{
	long sum = 0;
	size_t n = 0;
	for (size_t i = 0; i < tree->n; i++) {
		const struct unit *p = &tree->v[i];
		if (strcmp(p->type, "practice") == 0 && !p->archived_at && p->list_size >= 0 && unit_within(p, u)) {
			sum += p->list_size;
			n++;
		}
	}
	if (practices)
		*practices = n;
	return sum;
}

bool
valid_date(const char *s)
{
	int y, m, d;
	char tail;
	if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || s[4] != '-' || s[7] != '-')
		return false;
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1)
		return false;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= days[m - 1] + (m == 2 && leap);
}

static int
check_code(const char *code, struct error *err)
{
	size_t n = strlen(code);
	if (n == 0 || n > UNIT_CODE_MAX)
		return error_in(err, "code", "a unit code has 1 to %d characters", UNIT_CODE_MAX);
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)code[i]) && !strchr("._-", code[i]))
			return error_in(err, "code", "unit code \"%s\" may hold only letters, digits, '.', '_' and '-'",
					code);
	return 0;
}

static int
check_name(const char *name, struct error *err)
{
	if (text_line_check(N_("a unit's name"), name, UNIT_NAME_MAX, err) < 0) {
		err->field = "name";
		return -1;
	}
	return 0;
}

/* A parent must be active and of a higher tier (a smaller number) than the child. */
static int
check_parent(const struct unit_tree *tree, const struct unit_type *child_type, const struct unit *parent,
	     struct error *err)
{
	if (parent->archived_at)
		return error_in(err, "parent", "unit \"%s\" is archived: choose an active parent", parent->code);
	const struct unit_type *pt = unit_type_by_code(tree, parent->type);
	if (pt && pt->tier >= child_type->tier)
		return error_in(err, "parent",
				"a %s cannot sit under a %s (\"%s\"): choose a parent higher in the tree",
				child_type->name, pt->name, parent->code);
	return 0;
}

static int
check_list_size(long list_size, const char *counted_on, struct error *err)
{
	if (list_size < -1)
		return error_in(err, "list_size", "a list size cannot be negative");
	if (list_size >= 0 && (!counted_on || !valid_date(counted_on)))
		return error_in(err, "counted_on", "a list size needs the date it was counted, as YYYY-MM-DD");
	if (list_size > 10000000)
		return error_in(err, "list_size", "a list size of %ld is not believable", list_size);
	return 0;
}

/* Runs WRITE inside a transaction with its audit entry. */
static int
commit_or_rollback(struct store *s, int rc, struct error *err)
{
	return store_finish(s, rc, err);
}

int
unit_create(struct store *s, const struct unit_tree *tree, const struct actor *who, const char *code,
	    const char *name, const char *type, const char *parent_code, long list_size, const char *counted_on,
	    struct error *err)
{
	if (check_code(code, err) < 0 || check_name(name, err) < 0 || check_list_size(list_size, counted_on, err) < 0)
		return -1;
	if (unit_by_code(tree, code))
		return error_of(err, ERROR_CONFLICT, "unit code \"%s\" is taken", code);
	const struct unit_type *ut = unit_type_by_code(tree, type);
	if (!ut)
		return error_in(err, "type", "unknown unit type \"%s\"", type);
	const struct unit *parent = NULL;
	if (parent_code && *parent_code) {
		parent = unit_by_code(tree, parent_code);
		if (!parent)
			return error_in(err, "parent", "unknown parent unit \"%s\"", parent_code);
		if (check_parent(tree, ut, parent, err) < 0)
			return -1;
	}
	if (store_begin(s, err) < 0)
		return -1;
	int64_t id = 0;
	int rc = store_unit_add(s, code, name, type, parent ? parent->code : NULL, list_size,
				list_size >= 0 ? counted_on : NULL, &id, err);
	if (rc == 0) {
		char *detail = xasprintf("created %s \"%s\"%s%s", ut->name, name, parent ? " under " : "",
					 parent ? parent->code : "");
		rc = audit_record(s, who, "unit.create", id, code, detail, err);
		free(detail);
	}
	if (rc == 0 && !parent)
		rc = staff_groups_seed(s, id, err);
	return commit_or_rollback(s, rc, err);
}

static const struct unit *
find_active(const struct unit_tree *tree, const char *code, struct error *err)
{
	const struct unit *u = unit_by_code(tree, code);
	if (!u)
		error_set(err, "no unit \"%s\"", code);
	else if (u->archived_at)
		error_set(err, "unit \"%s\" is archived", code);
	return u && !u->archived_at ? u : NULL;
}

int
unit_rename(struct store *s, const struct unit_tree *tree, const struct actor *who, const char *code,
	    const char *name, struct error *err)
{
	const struct unit *u = find_active(tree, code, err);
	if (!u || check_name(name, err) < 0)
		return -1;
	if (store_begin(s, err) < 0)
		return -1;
	struct param p[] = {PINT(u->id), PTEXT(name)};
	int rc = store_exec(s, Q_UNIT_RENAME, PARAMS(p), NULL, NULL, NULL, err);
	if (rc == 0) {
		char *detail = xasprintf("renamed from \"%s\" to \"%s\"", u->name, name);
		rc = audit_record(s, who, "unit.rename", u->id, code, detail, err);
		free(detail);
	}
	return commit_or_rollback(s, rc, err);
}

int
unit_move(struct store *s, const struct unit_tree *tree, const struct actor *who, const char *code,
	  const char *new_parent_code, struct error *err)
{
	const struct unit *u = find_active(tree, code, err);
	if (!u)
		return -1;
	const struct unit *np = NULL;
	if (new_parent_code && *new_parent_code) {
		np = unit_by_code(tree, new_parent_code);
		if (!np)
			return error_in(err, "parent", "unknown parent unit \"%s\"", new_parent_code);
		if (unit_within(np, u))
			return error_in(err, "parent",
					"\"%s\" cannot move under \"%s\": that unit lies within it (a cycle)",
					code, new_parent_code);
		if (check_parent(tree, unit_type_by_code(tree, u->type), np, err) < 0)
			return -1;
	}
	if (store_begin(s, err) < 0)
		return -1;
	struct param p[] = {PINT(u->id), np ? PINT(np->id) : PNULL};
	int rc = store_exec(s, Q_UNIT_MOVE, PARAMS(p), NULL, NULL, NULL, err);
	if (rc == 0) {
		char *detail = xasprintf("moved from %s to %s", u->parent ? u->parent->code : "the top level",
					 np ? np->code : "the top level");
		rc = audit_record(s, who, "unit.move", u->id, code, detail, err);
		free(detail);
	}
	return commit_or_rollback(s, rc, err);
}

int
unit_archive(struct store *s, const struct unit_tree *tree, const struct actor *who, const char *code,
	     struct error *err)
{
	const struct unit *u = find_active(tree, code, err);
	if (!u)
		return -1;
	size_t active_children = 0;
	for (size_t i = 0; i < tree->n; i++)
		if (tree->v[i].parent == u && !tree->v[i].archived_at)
			active_children++;
	if (active_children)
		return error_set(err, "\"%s\" has active units under it (%zu): archive or move them first", code,
				 active_children);
	if (store_begin(s, err) < 0)
		return -1;
	char now[32];
	store_now(now, sizeof now);
	struct param p[] = {PINT(u->id), PTEXT(now)};
	int rc = store_exec(s, Q_UNIT_ARCHIVE, PARAMS(p), NULL, NULL, NULL, err);
	if (rc == 0)
		rc = audit_record(s, who, "unit.archive", u->id, code, "archived", err);
	return commit_or_rollback(s, rc, err);
}

int
unit_set_list_size(struct store *s, const struct unit_tree *tree, const struct actor *who, const char *code,
		   long list_size, const char *counted_on, struct error *err)
{
	const struct unit *u = find_active(tree, code, err);
	if (!u || check_list_size(list_size, counted_on, err) < 0)
		return -1;
	if (store_begin(s, err) < 0)
		return -1;
	struct param p[] = {PINT(u->id), list_size >= 0 ? PINT(list_size) : PNULL,
			    PTEXT(list_size >= 0 ? counted_on : NULL)};
	int rc = store_exec(s, Q_UNIT_SET_LIST_SIZE, PARAMS(p), NULL, NULL, NULL, err);
	if (rc == 0) {
		char *detail = list_size >= 0 ? xasprintf("list size %ld counted on %s", list_size, counted_on)
					      : xstrdup("list size cleared");
		rc = audit_record(s, who, "unit.list_size", u->id, code, detail, err);
		free(detail);
	}
	return commit_or_rollback(s, rc, err);
}

/* ---- CSV import ---- */

enum { COL_CODE, COL_NAME, COL_TYPE, COL_PARENT, COL_LIST_SIZE, COL_COUNTED_ON, N_COLS };
static const char *const import_columns[N_COLS] = {"code", "name", "type", "parent_code", "list_size", "counted_on"};

struct import_row {
	size_t line;
	char *f[N_COLS]; /* owned; "" when the column is absent */
	long list_size;
	bool inserted;
};

/* The file's rows by code, for lookups in log n: a region of 100,000 rows would take minutes by scanning. */
struct row_index {
	const struct import_row *rows;
	size_t *order; /* owned; row indexes sorted by code, the earlier row first among equal codes */
	size_t n;
};

static _Thread_local const struct import_row *sorting_rows; /* around the one sort below: qsort has no context */

static int
by_row_code(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int c = strcmp(sorting_rows[i].f[COL_CODE], sorting_rows[j].f[COL_CODE]);
	return c ? c : (i < j ? -1 : i > j);
}

static void
row_index_build(struct row_index *x, const struct import_row *rows, size_t n)
{
	x->rows = rows;
	x->n = n;
	x->order = xcalloc(n ? n : 1, sizeof *x->order);
	for (size_t i = 0; i < n; i++)
		x->order[i] = i;
	sorting_rows = rows;
	sort_array(x->order, n, sizeof *x->order, by_row_code);
	sorting_rows = NULL;
}

/* The first row whose code is CODE, or SIZE_MAX. */
static size_t
row_of(const struct row_index *x, const char *code)
{
	size_t lo = 0, hi = x->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(x->rows[x->order[mid]].f[COL_CODE], code) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < x->n && strcmp(x->rows[x->order[lo]].f[COL_CODE], code) == 0 ? x->order[lo] : SIZE_MAX;
}

static const char *
col_label(int c, char *buf, size_t size, const int *col_pos)
{
	snprintf(buf, size, "column %d (%s)", col_pos[c] + 1, import_columns[c]);
	return buf;
}

/* The header row in FIELDS: each known column's position into COL_POS (-1 when absent); unknown, twice-named and
 * missing required columns are problems. */
static void
read_unit_header(const struct strvec *fields, const char *origin, int col_pos[N_COLS], struct strvec *problems)
{
	for (int c = 0; c < N_COLS; c++)
		col_pos[c] = -1;
	for (size_t i = 0; i < fields->n; i++) {
		int c = 0;
		while (c < N_COLS && strcmp(fields->v[i], import_columns[c]) != 0)
			c++;
		if (c == N_COLS)
			strvec_pushf(problems,
				     "%s: row 1, column %zu: unknown column \"%s\" (the columns are code, name, "
				     "type, parent_code, list_size, counted_on)",
				     origin, i + 1, fields->v[i]);
		else if (col_pos[c] >= 0)
			strvec_pushf(problems, "%s: row 1, column %zu: column \"%s\" appears twice", origin, i + 1,
				     fields->v[i]);
		else
			col_pos[c] = (int)i;
	}
	for (int c = COL_CODE; c <= COL_TYPE; c++)
		if (col_pos[c] < 0)
			strvec_pushf(problems, "%s: row 1: the required column \"%s\" is missing", origin,
				     import_columns[c]);
}

/* Every data row of RD into *ROWS (*N_ROWS); a row whose field count is not the header's is a problem and left
 * out. -1 when the CSV itself is broken (a problem says where). */
static int
read_unit_rows(struct csv_reader *rd, struct strvec *fields, int n_header, const int col_pos[N_COLS],
	       const char *origin, struct import_row **rows, size_t *n_rows, struct strvec *problems)
{
	size_t cap = 0, line;
	struct error cerr;
	int rc;
	while ((rc = csv_next(rd, fields, &line, &cerr)) == 1) {
		if ((int)fields->n != n_header) {
			strvec_pushf(problems, "%s: row %zu: %zu fields where the header has %d", origin, line,
				     fields->n, n_header);
			continue;
		}
		*rows = xgrow(*rows, sizeof **rows, *n_rows + 1, &cap);
		struct import_row *r = &(*rows)[(*n_rows)++];
		memset(r, 0, sizeof *r);
		r->line = line;
		for (int c = 0; c < N_COLS; c++)
			r->f[c] = xstrdup(col_pos[c] >= 0 ? fields->v[col_pos[c]] : "");
	}
	if (rc < 0)
		strvec_pushf(problems, "%s: %s", origin, cerr.msg);
	return rc < 0 ? -1 : 0;
}

/* What checking the rows reads: the file's rows, the units already there, and where problems go. */
struct unit_check {
	const char *origin;
	const int *col_pos;
	struct strvec *problems;
	const struct unit_tree *tree;
	const struct row_index *index;
	struct import_row *rows;
	size_t n_rows;
};

static void __attribute__((format(printf, 4, 5)))
row_problem(const struct unit_check *uc, const struct import_row *r, int c, const char *fmt, ...)
{
	char where[64], m[1200];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(m, sizeof m, fmt, ap);
	va_end(ap);
	strvec_pushf(uc->problems, "%s: row %zu, %s: %s", uc->origin, r->line,
		     col_label(c, where, sizeof where, uc->col_pos), m);
}

/* A problem of row R in column C; the format is extracted for translation (Makefile's po target). */
#define ROW_PROBLEM(c, ...) row_problem(uc, r, c, __VA_ARGS__)

/* R's list size and the day it was counted on: R->list_size is set when both are good, else -1. */
static void
check_row_list_size(const struct unit_check *uc, struct import_row *r)
{
	struct error e;
	r->list_size = -1;
	if (*r->f[COL_LIST_SIZE]) {
		char *end;
		long v = strtol(r->f[COL_LIST_SIZE], &end, 10);
		if (*end || end == r->f[COL_LIST_SIZE])
			ROW_PROBLEM(COL_LIST_SIZE, "\"%s\" is not a whole number", r->f[COL_LIST_SIZE]);
		else if (v < 0)
			ROW_PROBLEM(COL_LIST_SIZE, "a list size cannot be negative (%ld)", v);
		else if (check_list_size(v, r->f[COL_COUNTED_ON], &e) < 0)
			ROW_PROBLEM(*r->f[COL_COUNTED_ON] || uc->col_pos[COL_COUNTED_ON] >= 0 ? COL_COUNTED_ON
											      : COL_LIST_SIZE,
				    "%s", e.msg);
		else
			r->list_size = v;
	} else if (*r->f[COL_COUNTED_ON] && !valid_date(r->f[COL_COUNTED_ON])) {
		ROW_PROBLEM(COL_COUNTED_ON, "\"%s\" is not a date as YYYY-MM-DD", r->f[COL_COUNTED_ON]);
	}
}

/* R's parent, of type UT (NULL: unknown): in the database or above or below in the file, a tier above R's, and no
 * cycle through the parents named in the file. */
static void
check_row_parent(const struct unit_check *uc, const struct import_row *r, const struct unit_type *ut)
{
	struct error e;
	const char *pc = r->f[COL_PARENT];
	/* Follow the parents named within the file: a chain that comes back to this row is a cycle. */
	const char *hop = pc;
	for (size_t steps = 0; *hop && steps <= uc->n_rows; steps++) {
		if (strcmp(hop, r->f[COL_CODE]) == 0) {
			ROW_PROBLEM(COL_PARENT, "\"%s\" is its own ancestor through the parents in this file (a cycle)",
				    r->f[COL_CODE]);
			return;
		}
		size_t j = row_of(uc->index, hop);
		hop = j != SIZE_MAX ? uc->rows[j].f[COL_PARENT] : "";
	}
	if (!*pc || !ut)
		return;
	const struct unit *pu = unit_by_code(uc->tree, pc);
	if (pu) {
		if (check_parent(uc->tree, ut, pu, &e) < 0)
			ROW_PROBLEM(COL_PARENT, "%s", e.msg);
		return;
	}
	size_t j = row_of(uc->index, pc);
	if (j == SIZE_MAX) {
		ROW_PROBLEM(COL_PARENT, "unknown parent unit \"%s\"", pc);
	} else {
		const struct unit_type *pt = unit_type_by_code(uc->tree, uc->rows[j].f[COL_TYPE]);
		if (pt && pt->tier >= ut->tier)
			ROW_PROBLEM(COL_PARENT, "a %s cannot sit under a %s (\"%s\")", ut->name, pt->name, pc);
	}
}

/* Row I on its own and against the database and the rows above it. */
static void
check_unit_row(const struct unit_check *uc, size_t i)
{
	struct import_row *r = &uc->rows[i];
	struct error e;
	if (check_code(r->f[COL_CODE], &e) < 0)
		ROW_PROBLEM(COL_CODE, "%s", e.msg);
	else if (unit_by_code(uc->tree, r->f[COL_CODE]))
		ROW_PROBLEM(COL_CODE, "unit code \"%s\" exists already", r->f[COL_CODE]);
	else if (row_of(uc->index, r->f[COL_CODE]) != i)
		ROW_PROBLEM(COL_CODE, "duplicate code \"%s\" (also on row %zu)", r->f[COL_CODE],
			    uc->rows[row_of(uc->index, r->f[COL_CODE])].line);
	if (check_name(r->f[COL_NAME], &e) < 0)
		ROW_PROBLEM(COL_NAME, "%s", e.msg);
	const struct unit_type *ut = unit_type_by_code(uc->tree, r->f[COL_TYPE]);
	if (!ut)
		ROW_PROBLEM(COL_TYPE, "unknown unit type \"%s\"", r->f[COL_TYPE]);
	check_row_list_size(uc, r);
	check_row_parent(uc, r, ut);
}

#undef ROW_PROBLEM

/* Inserts the checked rows in one transaction, parents before children: passes repeat until every row is in.
 * Tiers strictly increase down the tree, so the rows cannot form a cycle and each pass inserts at least one. */
static int
insert_units(struct store *s, const struct actor *who, const struct unit_check *uc, struct error *err)
{
	if (store_begin(s, err) < 0)
		return -1;
	size_t done = 0;
	while (done < uc->n_rows) {
		size_t before = done;
		for (size_t i = 0; i < uc->n_rows; i++) {
			struct import_row *r = &uc->rows[i];
			if (r->inserted)
				continue;
			const char *pc = r->f[COL_PARENT];
			size_t in_file = *pc ? row_of(uc->index, pc) : SIZE_MAX;
			bool parent_ready = !*pc || unit_by_code(uc->tree, pc) ||
					    (in_file != SIZE_MAX && uc->rows[in_file].inserted);
			if (!parent_ready)
				continue;
			int64_t id;
			if (store_unit_add(s, r->f[COL_CODE], r->f[COL_NAME], r->f[COL_TYPE], *pc ? pc : NULL,
					   r->list_size, r->list_size >= 0 ? r->f[COL_COUNTED_ON] : NULL, &id,
					   err) < 0 ||
			    audit_record(s, who, "unit.import", id, r->f[COL_CODE], uc->origin, err) < 0 ||
			    (!*pc && staff_groups_seed(s, id, err) < 0)) {
				store_rollback(s);
				return -1;
			}
			r->inserted = true;
			done++;
		}
		if (done == before) {
			store_rollback(s);
			return error_set(err, "%s: internal error: rows whose parents never appear", uc->origin);
		}
	}
	return store_commit(s, err);
}

int
unit_import_csv(struct store *s, const struct actor *who, const char *text, size_t len, const char *origin,
		struct strvec *problems, struct error *err)
{
	size_t problems_before = problems->n;
	struct csv_reader rd;
	csv_init(&rd, text, len);
	struct strvec fields = STRVEC_INIT;
	struct import_row *rows = NULL;
	size_t n_rows = 0;
	int col_pos[N_COLS];
	int created = -1;
	struct unit_tree tree = {0};
	struct row_index index = {0};
	size_t line;
	struct error cerr;

	int rc = csv_next(&rd, &fields, &line, &cerr);
	if (rc <= 0) {
		strvec_pushf(problems, "%s: %s", origin,
			     rc < 0 ? cerr.msg : "the file is empty: it needs a header row");
		goto out;
	}
	int n_header = (int)fields.n;
	read_unit_header(&fields, origin, col_pos, problems);
	if (problems->n > problems_before ||
	    read_unit_rows(&rd, &fields, n_header, col_pos, origin, &rows, &n_rows, problems) < 0)
		goto out;
	if (n_rows == 0) {
		strvec_pushf(problems, "%s: no units: the file has a header and no rows", origin);
		goto out;
	}
	if (unit_tree_load(s, &tree, err) < 0)
		goto out;
	row_index_build(&index, rows, n_rows);

	const struct unit_check uc = {origin, col_pos, problems, &tree, &index, rows, n_rows};
	for (size_t i = 0; i < n_rows; i++)
		check_unit_row(&uc, i);
	import_problems_cap(problems, problems_before);
	if (problems->n > problems_before)
		goto out;
	if (insert_units(s, who, &uc, err) == 0)
		created = (int)n_rows;
out:
	for (size_t i = 0; i < n_rows; i++)
		for (int c = 0; c < N_COLS; c++)
			free(rows[i].f[c]);
	free(rows);
	free(index.order);
	strvec_clear(&fields);
	unit_tree_release(&tree);
	return created;
}
