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
 * statements than it holds (a fault of the caller), or ROW has a value of another type. */
int pg_rows_add(struct pg_rows *r, enum query_id q, const struct param *row, int n, struct error *err);
/* Whether any row waits. */
bool pg_rows_waiting(const struct pg_rows *r);
/* Each statement's rows, in the order its first row came, to SEND with one text parameter (an array literal)
 * per column; all are forgotten then, sent or not. The first failure's return (-1, ERR), else 0. */
typedef int (*pg_rows_send_fn)(struct store *s, enum query_id q, const struct param *params, int n_params,
			       struct error *err);
int pg_rows_send(struct pg_rows *r, struct store *s, pg_rows_send_fn send, struct error *err);
/* Forgets every row waiting (the transaction, or its savepoint, is rolled back). */
void pg_rows_drop(struct pg_rows *r);

#endif
