/* import.c - loading answers from CSV into a round (see import.h). */
#include "domain/import.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "domain/region.h"
#include "domain/round_answers.h"
#include "domain/staff_group.h"
#include "domain/unit.h"
#include "lib/buf.h"
#include "lib/csv.h"
#include "lib/sort.h"
#include "lib/xalloc.h"
#include "store/store.h"

enum { C_RESPONDENT, C_GROUP, C_ITEM, C_SCORE, C_COMMENT, N_COLS };
static const char *const column_names[N_COLS] = {"respondent", "staff_group", "item", "score", "comment"};

struct group_list {
	struct strvec codes, names;
};

static int
add_group(void *ctx, const struct staff_group *g)
{
	struct group_list *l = ctx;
	strvec_push(&l->codes, g->code);
	strvec_push(&l->names, g->name);
	return 0;
}

static void
trim(char *s)
{
	size_t n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	size_t k = 0;
	while (isspace((unsigned char)s[k]))
		k++;
	memmove(s, s + k, n - k + 1);
}

/* Looks KEY up in a "a=b,c=d" map; the value into OUT. */
static bool
map_lookup(const char *map, const char *key, char *out, size_t size)
{
	for (const char *p = map; p && *p;) {
		const char *comma = strchr(p, ','), *end = comma ? comma : p + strlen(p);
		const char *eq = memchr(p, '=', (size_t)(end - p));
		if (eq) {
			char k[256], v[256];
			snprintf(k, sizeof k, "%.*s", (int)(eq - p), p);
			snprintf(v, sizeof v, "%.*s", (int)(end - eq - 1), eq + 1);
			trim(k);
			trim(v);
			if (strcasecmp(k, key) == 0) {
				snprintf(out, size, "%s", v);
				return true;
			}
		}
		p = comma ? comma + 1 : end;
	}
	return false;
}

struct parsed_row {
	size_t line;
	char *respondent, *group, *item, *score_text, *comment; /* owned */
	bool has_score, dont_know;
	long score;
	bool bad;
	bool energy; /* item is "energy:CODE": the energy for change, score 0-2 */
};

/* The score of TEXT: a level value, a level label, a mapped word, "dk"; false when none fits. */
static bool
parse_score(const struct instrument *ins, const char *map, const char *text, struct parsed_row *row)
{
	char mapped[256];
	if (map && map_lookup(map, text, mapped, sizeof mapped))
		text = mapped;
	if (!*text) {
		row->has_score = false;
		return true;
	}
	if (strcasecmp(text, "dk") == 0 || strcasecmp(text, "don't know") == 0 || strcasecmp(text, "dont know") == 0) {
		row->dont_know = true;
		return ins->dont_know;
	}
	char *end;
	long v = strtol(text, &end, 10);
	if (*end == '\0' && instrument_find_level(ins, v)) {
		row->has_score = true;
		row->score = v;
		return true;
	}
	for (size_t l = 0; l < ins->n_levels; l++)
		if (strcasecmp(ins->levels[l].label, text) == 0) {
			row->has_score = true;
			row->score = ins->levels[l].value;
			return true;
		}
	return false;
}

static void
free_rows(struct parsed_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(rows[i].respondent);
		free(rows[i].group);
		free(rows[i].item);
		free(rows[i].score_text);
		free(rows[i].comment);
	}
	free(rows);
}

static int
by_respondent(const void *a, const void *b)
{
	const struct parsed_row *x = a, *y = b;
	int c = strcmp(x->respondent, y->respondent);
	return c ? c : (x->line < y->line ? -1 : x->line > y->line);
}

static void
csv_quote(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"')
			buf_putc(b, '"');
		buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

/* What is wrong with one row: each problem with its column (-1: the row as a whole). */
#define ROW_ISSUES_MAX 6
struct row_issues {
	size_t n;
	int col[ROW_ISSUES_MAX];
	char why[ROW_ISSUES_MAX][300];
	bool score_unmapped; /* a score word no level has: the edge says how it maps one (import_report) */
};

static void __attribute__((format(printf, 3, 4)))
row_issue(struct row_issues *ri, int col, const char *fmt, ...)
{
	if (ri->n == ROW_ISSUES_MAX)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(ri->why[ri->n], sizeof ri->why[ri->n], fmt, ap);
	va_end(ap);
	ri->col[ri->n++] = col;
}

/* A row "energy:TARGET": the round must ask energy for TARGET, and the level be low, some, high or 0-2. */
static void
check_energy_row(struct row_issues *ri, const struct round *r, const struct instrument *ins, struct parsed_row *row)
{
	row->energy = true;
	const char *target = row->item + 7, *e = row->score_text;
	bool known = false;
	if (strcmp(r->energy, "item") == 0)
		known = instrument_find_item(ins, target, NULL) != NULL;
	else if (strcmp(r->energy, "domain") == 0)
		for (size_t d = 0; d < ins->n_domains; d++)
			known = known || strcmp(ins->domains[d].code, target) == 0;
	long lv = strcasecmp(e, "low") == 0 ? 0 : strcasecmp(e, "some") == 0 ? 1 : strcasecmp(e, "high") == 0 ? 2
		  : (strlen(e) == 1 && e[0] >= '0' && e[0] <= '2') ? e[0] - '0' : -1;
	if (!known)
		row_issue(ri, C_ITEM, "this round asks no energy for \"%s\"", target);
	if (lv < 0)
		row_issue(ri, C_SCORE, "energy \"%s\" is not low, some, high or 0-2", e);
	else
		row->score = lv, row->has_score = true;
}

/* An answer row: an element of the instrument, and a level of its scale. */
static void
check_answer_row(struct row_issues *ri, const struct instrument *ins, const struct import_options *opts,
		 struct parsed_row *row)
{
	if (!instrument_find_item(ins, row->item, NULL))
		row_issue(ri, C_ITEM, "\"%s\" is not an element of %s", row->item, ins->id);
	if (!parse_score(ins, opts->score_map, row->score_text, row))
	{
		row_issue(ri, C_SCORE, "\"%s\" is not a level of the scale (give a level's value or label, or map the "
			  "word to a value)", row->score_text);
		ri->score_unmapped = true;
	}
}

/* What every step of one import reads; REP is where it counts. */
struct import_ctx {
	const struct round *r;
	const struct unit *unit;
	const struct instrument *ins;
	const struct import_options *opts;
	const struct group_list *groups;
	const char *origin;
	size_t total; /* lines in the file, for the progress bar */
	struct import_report *rep;
};

/* Finds each column of HEADER (by its name, or the name OPTS's column map gives it) into COL: -1 when absent.
 * Every missing column but the comment's is a problem; one not mapped marks REP (the edge says how to map). */
static void
find_columns(const struct import_options *opts, const struct strvec *header, const char *origin, int col[N_COLS],
	     struct import_report *rep, struct strvec *problems)
{
	for (int c = 0; c < N_COLS; c++) {
		char name[256];
		const char *want = opts->column_map && map_lookup(opts->column_map, column_names[c], name, sizeof name)
					   ? name
					   : column_names[c];
		col[c] = -1;
		for (size_t i = 0; i < header->n; i++)
			if (strcasecmp(header->v[i], want) == 0)
				col[c] = (int)i;
		if (col[c] < 0 && c != C_COMMENT && want != column_names[c]) {
			strvec_pushf(problems, "%s: row 1: no column \"%s\"", origin, want);
		} else if (col[c] < 0 && c != C_COMMENT) {
			strvec_pushf(problems, "%s: row 1: no column \"%s\" (or map another column's name to it)",
				     origin, want);
			rep->column_missing = true;
		}
	}
}

/* ROW's texts from FIELDS (columns COL), owned and trimmed. */
static void
read_row(struct parsed_row *row, const struct strvec *fields, const int col[N_COLS], size_t line)
{
	memset(row, 0, sizeof *row);
	row->line = line;
	const char *v[N_COLS];
	for (int c = 0; c < N_COLS; c++)
		v[c] = col[c] >= 0 && (size_t)col[c] < fields->n ? fields->v[col[c]] : "";
	row->respondent = xstrdup(v[C_RESPONDENT]);
	row->group = xstrdup(v[C_GROUP]);
	row->item = xstrdup(v[C_ITEM]);
	row->score_text = xstrdup(v[C_SCORE]);
	row->comment = v[C_COMMENT][0] ? xstrdup(v[C_COMMENT]) : NULL;
	trim(row->respondent);
	trim(row->group);
	trim(row->item);
	trim(row->score_text);
}

/* Every problem of ROW into RI, not only the first; its staff group becomes the code of the one it names. */
static void
check_row(struct row_issues *ri, struct parsed_row *row, size_t n_fields, size_t n_header, const struct round *r,
	  const struct unit *unit, const struct instrument *ins, const struct import_options *opts,
	  const struct group_list *groups)
{
	if (n_fields < n_header) {
		row_issue(ri, -1, "%zu fields where the header has %zu", n_fields, n_header);
		return;
	}
	if (!*row->respondent)
		row_issue(ri, C_RESPONDENT, "no respondent: give each person's rows one identifier");
	if (strncmp(row->item, "energy:", 7) == 0)
		check_energy_row(ri, r, ins, row);
	else
		check_answer_row(ri, ins, opts, row);
	if (row->comment && strlen(row->comment) > COMMENT_MAX)
		row_issue(ri, C_COMMENT, "the comment is longer than %d characters", COMMENT_MAX);
	size_t k = 0;
	while (k < groups->codes.n && strcasecmp(groups->codes.v[k], row->group) != 0 &&
	       strcasecmp(groups->names.v[k], row->group) != 0)
		k++;
	if (k == groups->codes.n) {
		row_issue(ri, C_GROUP, "\"%s\" is not a staff group of %s", row->group, unit_root(unit)->name);
	} else {
		free(row->group);
		row->group = xstrdup(groups->codes.v[k]);
	}
}

/* A bad row: into the rejects file with its reasons when bad rows are skipped, else each reason a problem. */
static void
report_bad_row(const struct row_issues *ri, const struct strvec *fields, size_t line, const int col[N_COLS],
	       const char *origin, const struct import_options *opts, struct import_report *rep,
	       struct strvec *problems)
{
	if (opts->skip_bad && opts->bad_rows) {
		for (size_t i = 0; i < fields->n; i++) {
			csv_quote(opts->bad_rows, fields->v[i]);
			buf_putc(opts->bad_rows, ',');
		}
		struct buf all = BUF_INIT;
		buf_init(&all, 0);
		for (size_t i = 0; i < ri->n; i++)
			buf_printf(&all, "%s%s", i ? "; " : "", ri->why[i]);
		csv_quote(opts->bad_rows, all.data);
		buf_release(&all);
		buf_putc(opts->bad_rows, '\n');
		rep->skipped_rows++;
		return;
	}
	for (size_t i = 0; i < ri->n; i++)
		if (ri->col[i] >= 0)
			strvec_pushf(problems, "%s: row %zu, column %d (%s): %s", origin, line, col[ri->col[i]] + 1,
				     column_names[ri->col[i]], ri->why[i]);
		else
			strvec_pushf(problems, "%s: row %zu: %s", origin, line, ri->why[i]);
}

/* Puts HEADER, with a "reason" column, before the rejected rows gathered in BAD. */
static void
bad_rows_header(struct buf *bad, const struct strvec *header)
{
	struct buf head = BUF_INIT;
	buf_init(&head, 0);
	for (size_t i = 0; i < header->n; i++) {
		csv_quote(&head, header->v[i]);
		buf_putc(&head, ',');
	}
	buf_puts(&head, "\"reason\"\n");
	buf_add(&head, bad->data, bad->len);
	buf_reset(bad);
	buf_add(bad, head.data, head.len);
	buf_release(&head);
}

/* Per respondent: one staff group, one answer per element. Sorts ROWS by respondent. */
static void
check_respondents(struct parsed_row *rows, size_t n_rows, const int col[N_COLS], const char *origin,
		  struct strvec *problems)
{
	sort_array(rows, n_rows, sizeof *rows, by_respondent);
	for (size_t i = 1; i < n_rows; i++) {
		struct parsed_row *a = &rows[i - 1], *b = &rows[i];
		if (a->bad || b->bad || strcmp(a->respondent, b->respondent) != 0)
			continue;
		if (strcmp(a->group, b->group) != 0)
			strvec_pushf(problems,
				     "%s: row %zu, column %d (staff_group): respondent \"%s\" is in %s on row %zu",
				     origin, b->line, col[C_GROUP] + 1, b->respondent, a->group, a->line);
		for (size_t j = i; j-- > 0 && strcmp(rows[j].respondent, b->respondent) == 0;)
			if (j != i && !rows[j].bad && strcmp(rows[j].item, b->item) == 0) {
				strvec_pushf(
					problems,
					"%s: row %zu, column %d (item): respondent \"%s\" answered %s already on row "
					"%zu",
					origin, b->line, col[C_ITEM] + 1, b->respondent, b->item, rows[j].line);
				break;
			}
	}
}

/* Reads every data row of RD into *ROWS (*N_ROWS), checking each; 0, or -1 when the CSV itself is broken (a
 * problem says where). */
static int
read_rows(struct csv_reader *rd, const struct strvec *header, const int col[N_COLS], const struct import_ctx *ic,
	  struct parsed_row **rows, size_t *n_rows, struct strvec *problems)
{
	struct strvec fields = STRVEC_INIT;
	struct error cerr;
	size_t cap = 0, line, done = 0;
	int got;
	while ((got = csv_next(rd, &fields, &line, &cerr)) == 1) {
		if (ic->opts->progress && ++done % 2000 == 0)
			ic->opts->progress(done, ic->total, ic->opts->progress_ctx);
		*rows = xgrow(*rows, sizeof **rows, *n_rows + 1, &cap);
		struct parsed_row *row = &(*rows)[(*n_rows)++];
		read_row(row, &fields, col, line);
		struct row_issues ri = {0};
		check_row(&ri, row, fields.n, header->n, ic->r, ic->unit, ic->ins, ic->opts, ic->groups);
		if (ri.n) {
			row->bad = true;
			ic->rep->score_unmapped |= ri.score_unmapped;
			report_bad_row(&ri, &fields, line, col, ic->origin, ic->opts, ic->rep, problems);
		}
	}
	strvec_clear(&fields);
	if (got < 0)
		strvec_pushf(problems, "%s: %s", ic->origin, cerr.msg);
	return got < 0 ? -1 : 0;
}

/* The good rows, one response per respondent, in the caller's transaction; counts into REP. */
static int
write_rows(struct store *s, const struct round *r, const struct parsed_row *rows, size_t n_rows,
	   struct import_report *rep, struct error *err)
{
	char day[11];
	today(day);
	int64_t response_id = 0;
	const char *current = NULL; /* the respondent whose response RESPONSE_ID is */
	for (size_t i = 0; i < n_rows; i++) {
		const struct parsed_row *row = &rows[i];
		if (row->bad)
			continue;
		if (!current || strcmp(current, row->respondent) != 0) {
			current = row->respondent;
			/* The form's identifier is not kept: the response gets a key nobody holds. */
			char token[TOKEN_CHARS], key[65];
			token_new(token);
			if (respondent_key(s, token, key, err) < 0)
				return -1;
			struct param p[] = {PINT(r->id), PTEXT(key), PTEXT(row->group), PTEXT(day)};
			if (store_get_int(s, Q_RESPONSE_IMPORT, PARAMS(p), &response_id, err) < 0)
				return -1;
			rep->responses++;
		}
		if (row->energy) {
			struct param e[] = {PINT(response_id), PTEXT(row->item + 7), PINT(row->score)};
			if (store_exec(s, Q_ENERGY_PUT, PARAMS(e), NULL, NULL, NULL, err) < 0)
				return -1;
			continue;
		}
		if (!row->has_score && !row->dont_know && !row->comment)
			continue;
		struct param a[] = {PINT(response_id), PTEXT(row->item), row->has_score ? PINT(row->score) : PNULL,
				    PTEXT(row->comment)};
		if (store_exec(s, Q_ANSWER_PUT, PARAMS(a), NULL, NULL, NULL, err) < 0)
			return -1;
		rep->answers++;
	}
	return 0;
}

/* Writes it all in one transaction, taking the round for paper answers (refused once it has online ones). */
static int
import_transaction(struct store *s, const struct actor *who, const struct import_ctx *ic,
		   const struct parsed_row *rows, size_t n_rows, struct error *err)
{
	const struct round *r = ic->r;
	struct import_report *rep = ic->rep;
	if (store_begin(s, err) < 0)
		return -1;
	int rc = -1;
	if (round_answers_claim(s, r->id, "import", err) < 0 || write_rows(s, r, rows, n_rows, rep, err) < 0)
		goto out;
	rep->rows = n_rows;
	char detail[300];
	snprintf(detail, sizeof detail, "round %lld: %zu responses (%zu answers) imported from %.100s%s",
		 (long long)r->id, rep->responses, rep->answers, ic->origin,
		 rep->skipped_rows ? ", bad rows skipped" : "");
	/* Imported answers join the figures as online ones do: in steps of the minimum (round.h). */
	if (round_count_pending(s, r->id, err) < 0 || round_summary_forget(s, r->id, err) < 0 ||
	    audit_record(s, who, "round.import", r->unit_id, ic->unit->code, detail, err) < 0)
		goto out;
	rc = 0;
out:
	return store_finish(s, rc, err);
}

int
responses_import(struct store *s, const struct actor *who, const struct round *r, const struct unit *unit,
		 const struct instrument *ins, const char *text, size_t len, const char *origin,
		 const struct import_options *opts, struct import_report *rep, struct strvec *problems,
		 struct error *err)
{
	memset(rep, 0, sizeof *rep);
	size_t before = problems->n;
	struct group_list groups = {STRVEC_INIT, STRVEC_INIT};
	struct strvec header = STRVEC_INIT;
	struct parsed_row *rows = NULL;
	size_t n_rows = 0, line;
	int col[N_COLS], rc = -1;
	struct csv_reader rd;
	struct error cerr;
	if (staff_groups_each(s, unit_root(unit)->id, add_group, &groups, err) < 0)
		goto out;

	csv_init(&rd, text, len);
	int got = csv_next(&rd, &header, &line, &cerr);
	if (got <= 0) {
		strvec_pushf(problems, "%s: %s", origin,
			     got < 0 ? cerr.msg : "the file is empty: it needs a header row");
		goto out;
	}
	find_columns(opts, &header, origin, col, rep, problems);
	if (problems->n > before)
		goto out;

	/* A first pass to count rows, for the progress bar. */
	size_t total = 0;
	for (const char *p = text; p < text + len; p++)
		total += *p == '\n';
	const struct import_ctx ic = {r, unit, ins, opts, &groups, origin, total, rep};
	if (read_rows(&rd, &header, col, &ic, &rows, &n_rows, problems) < 0)
		goto out;
	if (opts->skip_bad && opts->bad_rows && rep->skipped_rows)
		bad_rows_header(opts->bad_rows, &header); /* the header of the rejects file goes first */
	check_respondents(rows, n_rows, col, origin, problems);
	import_problems_cap(problems, before);
	if (problems->n > before || import_transaction(s, who, &ic, rows, n_rows, err) < 0)
		goto out;
	if (opts->progress)
		opts->progress(total, total, opts->progress_ctx);
	rc = 0;
out:
	free_rows(rows, n_rows);
	strvec_clear(&header);
	strvec_clear(&groups.codes);
	strvec_clear(&groups.names);
	return rc;
}
