/*
 * round_sums.h - one closed round's per-element sums packed into one value (round_summary.sums, migration
 * 021), so that the regional grid reads one row per round instead of one per element. Written by the domain
 * when it summarises a round (region.c) and by the upgrade to 021 from the rows that held them before.
 *
 * The form: a version byte (1), then per element its code's length (one byte), the code, and the number of
 * scores, their sum and the sum of their squares as three 8-byte little-endian values (an integer, two IEEE
 * doubles), so that it reads the same on every machine and backend.
 */
#ifndef CAREGRID_ROUND_SUMS_H
#define CAREGRID_ROUND_SUMS_H

#include <stddef.h>
#include <stdint.h>

#include "lib/buf.h"

#define ROUND_SUMS_CODE_MAX 255

/* Starts B (empty) as a packed value with no elements. */
void round_sums_start(struct buf *b);
/* Adds one element; -1 when CODE is empty or longer than ROUND_SUMS_CODE_MAX (nothing added). */
int round_sums_add(struct buf *b, const char *code, int64_t n, double total, double total_sq);

/* Called for each element, CODE NUL-terminated; a non-zero return stops the walk and is returned. */
typedef int (*round_sums_fn)(void *ctx, const char *code, int64_t n, double total, double total_sq);
/* Walks a packed value: 0 done, -1 when it is not one (wrong version, cut short), else FN's return. */
int round_sums_each(const void *packed, size_t len, round_sums_fn fn, void *ctx);

#endif
