/*
 * pg_rows.c - rows gathered per statement as PostgreSQL array literals (see pg_rows.h).
 */
#include "store/pg_rows.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/xalloc.h"

#define ROWS_STATEMENTS 4 /* statements with rows waiting at once */
#define ROWS_COLUMNS 8

/* Who reads the result row of one row (pg_rows_add's FN and CTX). */
struct reader {
	row_fn fn;
	void *ctx;
};

/* The readers of one statement sent, by row place (from 0), until its results are delivered. */
struct pg_rows_sent {
	struct reader *v;
	size_t n;
	struct pg_rows_sent *next;
};

struct rows_of {
	enum query_id q;
	int n_cols;
	size_t n_rows;
	struct buf cols[ROWS_COLUMNS]; /* each column's literal so far, its closing brace still to come */
	struct reader *readers;        /* N_ROWS of them once a row has one, else NULL */
	size_t cap_readers;
};

struct pg_rows {
	struct rows_of of[ROWS_STATEMENTS];
	int n; /* statements in OF, in the order their first row came */
	struct pg_rows_sent *sent; /* owned: the readers of statements sent, results still to come */
};

struct pg_rows *
pg_rows_new(void)
{
	return xcalloc(1, sizeof(struct pg_rows));
}

void
pg_rows_drop(struct pg_rows *r)
{
	for (int i = 0; i < r->n; i++) {
		for (int c = 0; c < r->of[i].n_cols; c++)
			buf_release(&r->of[i].cols[c]);
		free(r->of[i].readers);
	}
	r->n = 0;
}

struct pg_rows_sent *
pg_rows_sent_take(struct pg_rows *r)
{
	struct pg_rows_sent *sent = r->sent;
	r->sent = NULL;
	return sent;
}

void
pg_rows_sent_free(struct pg_rows_sent *sent)
{
	while (sent) {
		struct pg_rows_sent *next = sent->next;
		free(sent->v);
		free(sent);
		sent = next;
	}
}

void
pg_rows_free(struct pg_rows *r)
{
	if (!r)
		return;
	pg_rows_drop(r);
	pg_rows_sent_free(r->sent);
	free(r);
}

bool
pg_rows_waiting(const struct pg_rows *r)
{
	return r->n > 0;
}

/* V as an array element: NULL bare; an integer as digits; text quoted, with its quotes and backslashes escaped
 * (PostgreSQL's array input), so that no value can end its element or the array. */
static int
put_element(struct buf *b, const struct param *v, struct error *err)
{
	switch (v->type) {
	case P_NULL: buf_puts(b, "NULL"); return 0;
	case P_INT: buf_printf(b, "%" PRId64, v->i); return 0;
	case P_TEXT:
		buf_putc(b, '"');
		for (const char *p = v->text; *p; p++) {
			if (*p == '"' || *p == '\\')
				buf_putc(b, '\\');
			buf_putc(b, *p);
		}
		buf_putc(b, '"');
		return 0;
	default: return error_of(err, ERROR_INTERNAL, "internal error: a row's value is neither text nor integer");
	}
}

static struct rows_of *
rows_for(struct pg_rows *r, enum query_id q, int n)
{
	for (int i = 0; i < r->n; i++)
		if (r->of[i].q == q)
			return r->of[i].n_cols == n ? &r->of[i] : NULL;
	if (r->n == ROWS_STATEMENTS || n < 1 || n > ROWS_COLUMNS)
		return NULL;
	struct rows_of *of = &r->of[r->n++];
	*of = (struct rows_of){.q = q, .n_cols = n};
	for (int c = 0; c < n; c++) {
		buf_init(&of->cols[c], 0);
		buf_putc(&of->cols[c], '{');
	}
	return of;
}

/* FN and CTX as the reader of OF's next row (its N_ROWS-th, from 0), the rows before it having none. */
static void
add_reader(struct rows_of *of, row_fn fn, void *ctx)
{
	if (!fn && !of->readers)
		return;
	if (of->n_rows >= of->cap_readers) {
		size_t cap = of->cap_readers ? 2 * of->cap_readers : 64;
		while (cap <= of->n_rows)
			cap *= 2;
		of->readers = xrealloc(of->readers, cap * sizeof *of->readers);
		memset(of->readers + of->cap_readers, 0, (cap - of->cap_readers) * sizeof *of->readers);
		of->cap_readers = cap;
	}
	of->readers[of->n_rows] = (struct reader){fn, ctx};
}

int
pg_rows_add(struct pg_rows *r, enum query_id q, const struct param *row, int n, row_fn fn, void *ctx,
	    struct error *err)
{
	struct rows_of *of = rows_for(r, q, n);
	if (!of)
		return error_of(err, ERROR_INTERNAL, "internal error: rows of %d columns do not fit", n);
	add_reader(of, fn, ctx);
	for (int c = 0; c < n; c++) {
		if (of->n_rows)
			buf_putc(&of->cols[c], ',');
		if (put_element(&of->cols[c], &row[c], err) < 0)
			return -1;
	}
	of->n_rows++;
	return 0;
}

/* A result row to the reader of the row whose place its first column gives; a row of no reader's is left. */
static int
read_row(void *ctx, const struct row *row)
{
	const struct pg_rows_sent *rd = ctx;
	int64_t place = row_int(row, 0);
	if (place >= 1 && (uint64_t)place <= rd->n && rd->v[place - 1].fn)
		rd->v[place - 1].fn(rd->v[place - 1].ctx, row); /* its return stops only its own rows: one */
	return 0;
}

int
pg_rows_send(struct pg_rows *r, struct store *s, pg_rows_send_fn send, struct error *err)
{
	int rc = 0;
	for (int i = 0; i < r->n && rc == 0; i++) {
		struct rows_of *of = &r->of[i];
		struct param params[ROWS_COLUMNS];
		for (int c = 0; c < of->n_cols; c++) {
			buf_putc(&of->cols[c], '}');
			params[c] = PTEXT(of->cols[c].data);
		}
		struct pg_rows_sent *rd = NULL;
		if (of->readers) {
			rd = xcalloc(1, sizeof *rd);
			*rd = (struct pg_rows_sent){of->readers, of->n_rows, r->sent};
			r->sent = rd;
			of->readers = NULL; /* the list owns them now */
		}
		rc = send(s, of->q, params, of->n_cols, rd ? read_row : NULL, rd, err);
	}
	pg_rows_drop(r);
	return rc;
}
