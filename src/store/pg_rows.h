/*
 * pg_rows.h - the rows of store_queue_row, gathered per statement until they are sent as one (pg.c): each
 * column of a statement's rows becomes one PostgreSQL array literal, bound as that statement's parameter of
 * the column's number, so that a batch of submissions pays one statement's start-up and triggers, not one each.
 */
#ifndef CAREGRID_PG_ROWS_H
#define CAREGRID_PG_ROWS_H

#include "lib/error.h"
#include "store/queries.h"
#include "store/store.h"

struct pg_rows;

struct pg_rows *pg_rows_new(void);
void pg_rows_free(struct pg_rows *r);
/* ROW (N values: text, integer or NULL) as one more row of Q: -1 with ERR when Q takes more columns or R more
 * statements than it holds (a fault of the caller), or ROW has a value of another type. FN (may be NULL) reads,
 * with CTX, the statement's result row for this row: the one whose first column is this row's place among Q's
 * rows, from 1 (unnest's WITH ORDINALITY), delivered when the statement's results come (pg.c's flush). */
int pg_rows_add(struct pg_rows *r, enum query_id q, const struct param *row, int n, row_fn fn, void *ctx,
		struct error *err);
/* Whether any row waits. */
bool pg_rows_waiting(const struct pg_rows *r);
/* Each statement's rows, in the order its first row came, to SEND with one text parameter (an array literal)
 * per column, and FN and CTX to hand its result rows to (NULL when none of its rows has a reader); all are
 * forgotten then, sent or not, but the readers of those sent, kept until pg_rows_sent_done. The first
 * failure's return (-1, ERR), else 0. */
typedef int (*pg_rows_send_fn)(struct store *s, enum query_id q, const struct param *params, int n_params,
			       row_fn fn, void *ctx, struct error *err);
int pg_rows_send(struct pg_rows *r, struct store *s, pg_rows_send_fn send, struct error *err);
/* The readers of the statements sent so far, handed over (the flush about to read their results frees them
 * after, so that a reader running statements of its own cannot free them under it); NULL when none. */
struct pg_rows_sent *pg_rows_sent_take(struct pg_rows *r);
void pg_rows_sent_free(struct pg_rows_sent *sent);
/* Forgets every row waiting (the transaction, or its savepoint, is rolled back). */
void pg_rows_drop(struct pg_rows *r);

#endif
