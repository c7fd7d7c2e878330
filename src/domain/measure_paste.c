/*
 * measure_paste.c - reading a measure's data points as people paste them (see improve.h): two columns, the
 * period and the number, from a spreadsheet (tab-separated), a CSV with commas or semicolons, with or without
 * a header row of any words ("Week,DNA %"); or the named header date,value[,rebase][,note] that exports and
 * scripts write. The period is read in the few forms that say one day unambiguously; the number as the
 * reader's language writes it. Every problem of every row is named, up to IMPORT_PROBLEMS_MAX.
 */
#include "domain/improve.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/unit.h"
#include "lib/csv.h"
#include "lib/i18n.h"
#include "lib/text.h"
#include "lib/xalloc.h"
#include "store/store.h"

/* Days since 1970-01-01 of Y-M-D (proleptic Gregorian; Howard Hinnant's days_from_civil). */
static long
days_of(long y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

/* OUT as YYYY-MM-DD when Y-M-D is a real day of the years 1000-9999. */
static bool
ymd(char out[11], long y, long m, long d)
{
	if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31)
		return false;
	char t[40];
	snprintf(t, sizeof t, "%04ld-%02ld-%02ld", y, m, d);
	memcpy(out, t, 11);
	return valid_date(out);
}

static void
date_of(long days, char out[11])
{
	days += 719468;
	long era = (days >= 0 ? days : days - 146096) / 146097;
	long doe = days - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	int d = (int)(doy - (153 * mp + 2) / 5 + 1), m = (int)(mp < 10 ? mp + 3 : mp - 9);
	ymd(out, yoe + era * 400 + (m <= 2), m, d);
}

/* The month a word names (1-12) in English, Welsh or Spanish, by its first three letters ("Mar", "March",
 * "marzo", "Maw", "Mawrth"); 0 when none. No two languages give the same three letters to different months. */
static int
month_of(const char *w, size_t len)
{
	static const char *const names[] = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
					    "oct", "nov", "dec", "ion", "chw", "maw", "ebr", "mai", "meh",
					    "gor", "aws", "med", "hyd", "tac", "rha", "ene", "feb", "mar",
					    "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"};
	if (len < 3 || len > 12)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (!isalpha((unsigned char)w[i]) && w[i] != '.')
			return 0;
	for (int i = 0; i < 36; i++)
		if (strncasecmp(w, names[i], 3) == 0)
			return i % 12 + 1;
	return 0;
}

bool
measure_period(const char *text, char out[11])
{
	char t[40];
	int y, m, d, w, n = 0;
	while (isspace((unsigned char)*text))
		text++;
	snprintf(t, sizeof t, "%s", text);
	for (size_t len = strlen(t); len && isspace((unsigned char)t[len - 1]);)
		t[--len] = '\0';
	if (valid_date(t) && strlen(t) == 10) {
		memcpy(out, t, 11);
		return true;
	}
	if (sscanf(t, "%4d-%2d%n", &y, &m, &n) == 2 && !t[n] && n == 7) /* 2026-03: a month */
		return ymd(out, y, m, 1);
	if (sscanf(t, "%2d/%2d/%4d%n", &d, &m, &y, &n) == 3 && !t[n] && y >= 1000) /* 01/03/2026: day first */
		return ymd(out, y, m, d);
	if (sscanf(t, "%4d-W%2d%n", &y, &w, &n) == 2 && !t[n] && y >= 1900 && w >= 1 && w <= 53) {
		/* ISO week: its Monday, counted from the Monday of the week holding 4 January. */
		long jan4 = days_of(y, 1, 4), monday = jan4 - ((jan4 + 3) % 7) + 7L * (w - 1);
		char thursday[11] = "";
		date_of(monday + 3, thursday);
		date_of(monday, out);
		return atoi(thursday) == y; /* week 53 only in the years that have one */
	}
	char *space = strchr(t, ' ');
	if (space && (m = month_of(t, (size_t)(space - t))) && sscanf(space, " %4d%n", &y, &n) == 1 && !space[n] &&
	    y >= 1000)
		return ymd(out, y, m, 1);
	return false;
}

/* A paste's column separator: a tab when any line has one (cells copied from a spreadsheet), else a semicolon
 * when one of the first two lines has one (what spreadsheets write where the decimal point is a comma; the
 * second line too, for a header typed with commas over rows pasted with semicolons), else a comma. */
static char
paste_separator(const char *text, size_t len)
{
	if (memchr(text, '\t', len))
		return '\t';
	const char *end = text + len, *p = text;
	for (int line = 0; line < 2 && p < end; line++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p)), *eol = nl ? nl : end;
		if (memchr(p, ';', (size_t)(eol - p)))
			return ';';
		p = nl ? nl + 1 : end;
	}
	return ',';
}

struct paste_reader {
	struct csv_reader csv;
	const char *p, *end;
	char sep;
	size_t line;
};

static void
paste_init(struct paste_reader *r, const char *text, size_t len)
{
	csv_init(&r->csv, text, len);
	r->p = text;
	r->end = text + len;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		r->p += 3;
	r->sep = paste_separator(r->p, (size_t)(r->end - r->p));
	r->line = 0;
}

/* One cell without the spaces and the double quotes around it. */
static void
push_cell(struct strvec *f, const char *p, size_t n)
{
	while (n && isspace((unsigned char)*p))
		p++, n--;
	while (n && isspace((unsigned char)p[n - 1]))
		n--;
	if (n >= 2 && p[0] == '"' && p[n - 1] == '"')
		p++, n -= 2;
	char *cell = strndup(p, n);
	strvec_push(f, cell);
	free(cell);
}

/* As csv_next: a record into F, 1, 0 at the end, -1 for malformed CSV. Tab and semicolon pastes split each
 * line at every separator (a spreadsheet's cells hold no line breaks worth keeping in a data point). */
static int
paste_next(struct paste_reader *r, struct strvec *f, size_t *line, struct error *err)
{
	if (r->sep == ',')
		return csv_next(&r->csv, f, line, err);
	strvec_clear(f);
	while (r->p < r->end) {
		const char *nl = memchr(r->p, '\n', (size_t)(r->end - r->p)), *eol = nl ? nl : r->end;
		const char *start = r->p;
		r->p = nl ? nl + 1 : r->end;
		*line = ++r->line;
		if (strspn(start, " \t\r") >= (size_t)(eol - start))
			continue;
		for (const char *c = start;;) {
			const char *s = memchr(c, r->sep, (size_t)(eol - c));
			push_cell(f, c, (size_t)((s ? s : eol) - c));
			if (!s)
				break;
			c = s + 1;
		}
		return 1;
	}
	return 0;
}

/* Columns of a paste: the named header's, or the first two. */
struct paste_cols {
	int date, value, rebase, note;
	bool named;
};

/* Reads the first record F: a named header (date and value among its words), a header of any other words (the
 * first cell not a period), or the first data row (no header; *DATA set). */
static void
paste_header(const struct strvec *f, size_t line, const char *origin, struct paste_cols *c, bool *data,
	     struct strvec *problems)
{
	static const char *const names[] = {"date", "value", "rebase", "note"};
	char period[11];
	*c = (struct paste_cols){0, 1, -1, -1, false};
	*data = f->n && measure_period(f->v[0], period);
	for (size_t i = 0; !*data && i < f->n; i++)
		if (strcmp(f->v[i], "date") == 0)
			c->named = true;
	if (!c->named)
		return;
	c->date = c->value = -1;
	int *const col[] = {&c->date, &c->value, &c->rebase, &c->note};
	for (size_t i = 0; i < f->n; i++) {
		size_t k = 0;
		while (k < 4 && strcmp(f->v[i], names[k]) != 0)
			k++;
		if (k < 4)
			*col[k] = (int)i;
		else
			strvec_pushf(problems,
				     "%s: row %zu, column %zu: unknown column \"%s\" (date, value, rebase, note)",
				     origin, line, i + 1, f->v[i]);
	}
	if (c->date < 0 || c->value < 0)
		strvec_pushf(problems, "%s: row %zu: the header needs \"date\" and \"value\"", origin, line);
}

/* The N points (DATES, VALUES, REBASES, NOTES) into measure M in one transaction, audited. */
static int
points_put(struct store *s, const struct actor *who, const struct measure *m, const struct strvec *dates,
	   const double *values, const bool *rebases, char *const *notes, size_t n, const char *origin,
	   struct error *err)
{
	if (store_begin(s, err) < 0)
		return -1;
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		struct param v = isnan(values[i]) ? PNULL : (struct param){.type = P_REAL, .d = values[i]};
		struct param p[] = {PINT(m->id), PTEXT(dates->v[i]), v, PINT(rebases[i]), PTEXT(notes[i])};
		rc = store_exec(s, Q_MEASURE_POINT_PUT, PARAMS(p), NULL, NULL, NULL, err);
	}
	char detail[300];
	snprintf(detail, sizeof detail, "measure %lld: %zu points imported from %.100s", (long long)m->id, n, origin);
	if (rc == 0)
		rc = audit_record(s, who, "measure.import", m->unit_id, m->name, detail, err);
	return store_finish(s, rc, err);
}

/* The points read so far, and what is wrong. */
struct paste_points {
	const char *origin;
	const struct lang *numbers;
	struct strvec dates;
	double *values;
	bool *rebases;
	char **notes;
	size_t n, cv, cr, cn;
};

/* The number of cell TEXT as the reader writes it ("4,1" in Spanish), with a trailing "%" allowed: 0 (*V, NAN
 * for an empty cell: a gap), -1 not a number, -2 out of bounds. */
static int
paste_number(const struct lang *l, const char *text, double *v)
{
	char bare[64], machine[64];
	snprintf(bare, sizeof bare, "%s", text);
	size_t len = strlen(bare);
	if (len && bare[len - 1] == '%')
		bare[--len] = '\0';
	*v = NAN;
	if (!len)
		return 0;
	return measure_number(lang_number(l, bare, machine, sizeof machine), v);
}

/* Checks the row F (LINE) and keeps its point when nothing is wrong with it; every problem is named. */
static void
paste_row(struct paste_points *pp, const struct paste_cols *c, const struct strvec *f, size_t line,
	  struct strvec *problems)
{
	const char *o = pp->origin, *d = (size_t)c->date < f->n ? f->v[c->date] : "";
	const char *vt = (size_t)c->value < f->n ? f->v[c->value] : "";
	size_t before = problems->n, cells = 0;
	for (size_t i = 0; i < f->n; i++)
		cells += *f->v[i] != '\0';
	if (!c->named && f->n > 2 && cells > 2)
		strvec_pushf(problems,
			     "%s: row %zu: %zu columns; a paste has two, the period and the number (a number with a "
			     "decimal comma needs tabs or semicolons between the columns)",
			     o, line, f->n);
	char period[11];
	bool date_ok = measure_period(d, period);
	if (!date_ok)
		strvec_pushf(problems,
			     "%s: row %zu, column %d (date): \"%s\" is not a date or period such as 2026-03-01, "
			     "01/03/2026, 2026-03, Mar 2026 or 2026-W10",
			     o, line, c->date + 1, d);
	double v;
	int number = paste_number(pp->numbers, vt, &v);
	if (number == -1)
		strvec_pushf(problems, "%s: row %zu, column %d (value): \"%s\" is not a number", o, line, c->value + 1,
			     vt);
	else if (number == -2)
		strvec_pushf(problems,
			     "%s: row %zu, column %d (value): the value %s is outside the bound of a measure: "
			     "from -1e12 to 1e12",
			     o, line, c->value + 1, vt);
	for (size_t k = 0; date_ok && k < pp->dates.n; k++)
		if (strcmp(pp->dates.v[k], period) == 0) {
			strvec_pushf(problems, "%s: row %zu, column %d (date): %s appears twice", o, line, c->date + 1,
				     d);
			break;
		}
	const char *rb = c->rebase >= 0 && (size_t)c->rebase < f->n ? f->v[c->rebase] : "";
	if (*rb && strcmp(rb, "0") && strcmp(rb, "1") && strcmp(rb, "yes") && strcmp(rb, "no"))
		strvec_pushf(problems, "%s: row %zu, column %d (rebase): \"%s\" is not 1, 0, yes or no", o, line,
			     c->rebase + 1, rb);
	const char *nt = c->note >= 0 && (size_t)c->note < f->n ? f->v[c->note] : "";
	bool rebase = strcmp(rb, "1") == 0 || strcmp(rb, "yes") == 0;
	if (rebase && c->note < 0)
		strvec_pushf(problems, "%s: row %zu: new limits need their reason: add a note column and say why", o,
			     line);
	else if (rebase && text_blank(nt))
		strvec_pushf(problems, "%s: row %zu, column %d (note): new limits need their reason: say why here", o,
			     line, c->note + 1);
	if (problems->n > before)
		return;
	strvec_push(&pp->dates, period);
	pp->values = xgrow(pp->values, sizeof *pp->values, pp->n + 1, &pp->cv);
	pp->rebases = xgrow(pp->rebases, sizeof *pp->rebases, pp->n + 1, &pp->cr);
	pp->notes = xgrow(pp->notes, sizeof *pp->notes, pp->n + 1, &pp->cn);
	pp->values[pp->n] = v;
	pp->rebases[pp->n] = rebase;
	pp->notes[pp->n] = *nt ? xstrdup(nt) : NULL;
	pp->n++;
}

void
import_problems_cap(struct strvec *problems, size_t before)
{
	size_t n = problems->n - before;
	if (n <= IMPORT_PROBLEMS_MAX)
		return;
	strvec_truncate(problems, before + IMPORT_PROBLEMS_MAX);
	strvec_pushf(problems, "and %zu more problems: only the first %d are listed", n - IMPORT_PROBLEMS_MAX,
		     IMPORT_PROBLEMS_MAX);
}

int
measure_import_csv(struct store *s, const struct actor *who, const struct measure *m, const char *text, size_t len,
		   const struct lang *numbers, const char *origin, struct strvec *problems, struct error *err)
{
	size_t before = problems->n, line = 0;
	struct paste_reader rd;
	struct strvec f = STRVEC_INIT;
	struct paste_points pp = {.origin = origin, .numbers = numbers};
	struct paste_cols cols;
	struct error cerr;
	bool data;
	int rc = -1, got;
	paste_init(&rd, text, len);
	if ((got = paste_next(&rd, &f, &line, &cerr)) <= 0) {
		strvec_pushf(problems, "%s: nothing to import: paste two columns, the period and the number", origin);
		goto out;
	}
	paste_header(&f, line, origin, &cols, &data, problems);
	if (problems->n > before)
		goto out;
	if (data)
		paste_row(&pp, &cols, &f, line, problems);
	while ((got = paste_next(&rd, &f, &line, &cerr)) == 1)
		paste_row(&pp, &cols, &f, line, problems);
	if (got < 0)
		strvec_pushf(problems, "%s: %s", origin, cerr.msg);
	if (problems->n == before && pp.n == 0)
		strvec_pushf(problems, "%s: a header and no data: paste two columns, the period and the number",
			     origin);
	import_problems_cap(problems, before);
	if (problems->n > before)
		goto out;
	if (points_put(s, who, m, &pp.dates, pp.values, pp.rebases, pp.notes, pp.n, origin, err) == 0)
		rc = (int)pp.n;
out:
	for (size_t i = 0; i < pp.n; i++)
		free(pp.notes[i]);
	free(pp.notes);
	free(pp.values);
	free(pp.rebases);
	strvec_clear(&f);
	strvec_clear(&pp.dates);
	return rc;
}
