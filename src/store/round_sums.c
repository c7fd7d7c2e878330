/* round_sums.c - one round's per-element sums packed into one value (see round_sums.h). */
#include "store/round_sums.h"

#include <stdlib.h>
#include <string.h>

#include "lib/xalloc.h"
#include "store/store_int.h"

#define ROUND_SUMS_VERSION 1

static void
put_u64(struct buf *b, uint64_t v)
{
	unsigned char le[8];
	for (int i = 0; i < 8; i++)
		le[i] = (unsigned char)(v >> (8 * i));
	buf_add(b, le, sizeof le);
}

static uint64_t
get_u64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static uint64_t
bits_of(double d)
{
	uint64_t v;
	memcpy(&v, &d, sizeof v);
	return v;
}

static double
double_of(uint64_t v)
{
	double d;
	memcpy(&d, &v, sizeof d);
	return d;
}

void
round_sums_start(struct buf *b)
{
	buf_putc(b, (char)ROUND_SUMS_VERSION);
}

int
round_sums_add(struct buf *b, const char *code, int64_t n, double total, double total_sq)
{
	size_t len = strlen(code);
	if (!len || len > ROUND_SUMS_CODE_MAX)
		return -1;
	buf_putc(b, (char)(unsigned char)len);
	buf_add(b, code, len);
	put_u64(b, (uint64_t)n);
	put_u64(b, bits_of(total));
	put_u64(b, bits_of(total_sq));
	return 0;
}

int
round_sums_each(const void *packed, size_t len, round_sums_fn fn, void *ctx)
{
	const unsigned char *p = packed, *end = p + len;
	if (!len || p[0] != ROUND_SUMS_VERSION)
		return -1;
	p++;
	char code[ROUND_SUMS_CODE_MAX + 1];
	while (p < end) {
		size_t cl = p[0];
		if (!cl || (size_t)(end - p) < 1 + cl + 24)
			return -1;
		memcpy(code, p + 1, cl);
		code[cl] = '\0';
		p += 1 + cl;
		int rc = fn(ctx, code, (int64_t)get_u64(p), double_of(get_u64(p + 8)), double_of(get_u64(p + 16)));
		if (rc)
			return rc;
		p += 24;
	}
	return 0;
}

/* The upgrade to 021 (store_int.h): each summarised round's element rows, packed onto its summary row. */
struct upgrade_round {
	int64_t id;
	struct buf packed;
};

struct upgrade {
	struct upgrade_round *v;
	size_t n, cap;
	int bad; /* an element code the form cannot hold */
};

static int
upgrade_row(void *ctx, const struct row *row)
{
	struct upgrade *u = ctx;
	int64_t id = row_int(row, 0);
	if (!u->n || u->v[u->n - 1].id != id) {
		u->v = xgrow(u->v, sizeof *u->v, u->n + 1, &u->cap);
		struct upgrade_round *r = &u->v[u->n++];
		r->id = id;
		buf_init(&r->packed, 0);
		round_sums_start(&r->packed);
	}
	/* No element row: a round without a single score keeps an empty list. */
	if (!row_null(row, 1) && round_sums_add(&u->v[u->n - 1].packed, row_text(row, 1), row_int(row, 2),
						 row->real(row->impl, 3), row->real(row->impl, 4)) < 0)
		u->bad++;
	return 0;
}

int
store_sums_upgrade(struct store *s, struct error *err)
{
	struct upgrade u = {0};
	int rc = s->be->query(s, Q_SUMS_UPGRADE_ROWS, NULL, 0, upgrade_row, &u, NULL, err);
	if (rc >= 0 && u.bad)
		rc = error_set(err, "%s: %d stored sums have an element code longer than %d characters", s->where,
			       u.bad, ROUND_SUMS_CODE_MAX);
	for (size_t i = 0; rc >= 0 && i < u.n; i++) {
		struct param p[] = {PINT(u.v[i].id), PBLOB(u.v[i].packed.data, u.v[i].packed.len)};
		rc = s->be->query(s, Q_SUMS_UPGRADE_SET, PARAMS(p), NULL, NULL, NULL, err);
	}
	for (size_t i = 0; i < u.n; i++)
		buf_release(&u.v[i].packed);
	free(u.v);
	if (rc < 0)
		return -1;
	return s->be->exec_script(s, "DROP TABLE round_item_summary", err);
}
