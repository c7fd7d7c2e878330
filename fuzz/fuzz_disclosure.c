/* fuzz_disclosure.c - disclosure control on random tables: the first bytes pick the rule (any threshold and
 * base, valid or not) and the table's shape (0..12 x 0..12), every later pair of bytes is a count (mostly small,
 * so that suppression is common). No crash, and afterwards the promises hold: no shown figure is 1..threshold
 * or off the rounding base, and no line of the table with its totals has exactly one hidden cell while its total
 * is shown (abort otherwise, so the fuzzer reports it). */
#include <stdlib.h>

#include "fuzz.h"
#include "stats/disclosure.h"

static void
check_figure(const struct disclosure_rule *r, const struct disclosed *d)
{
	if (disclosed_hidden(d))
		return;
	if ((d->value >= 1 && d->value <= r->threshold) || d->value % r->base != 0 || d->value < 0)
		abort();
}

/* Cell K of line L (a row when ROW) of the table with its totals as the last row and column. */
static const struct disclosed *
at(const struct disclosure_table *t, int row, size_t l, size_t k)
{
	size_t i = row ? l : k, j = row ? k : l;
	if (i == t->rows && j == t->cols)
		return &t->total;
	if (i == t->rows)
		return &t->col_totals[j];
	if (j == t->cols)
		return &t->row_totals[i];
	return disclosure_cell(t, i, j);
}

static void
check_lines(const struct disclosure_table *t, int row)
{
	size_t lines = row ? t->rows + 1 : t->cols + 1, len = row ? t->cols : t->rows;
	for (size_t l = 0; l < lines; l++) {
		size_t hidden = 0;
		for (size_t k = 0; k < len; k++)
			hidden += disclosed_hidden(at(t, row, l, k));
		if (hidden == 1 && !disclosed_hidden(at(t, row, l, len)))
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 4)
		return 0;
	struct disclosure_rule r = {(int)data[0] - 20, (int)data[1] - 20};
	size_t rows = data[2] % 13, cols = data[3] % 13;
	long cells[13 * 13] = {0};
	for (size_t k = 0; k < rows * cols && 4 + 2 * k + 1 < size; k++)
		cells[k] = data[4 + 2 * k] & 0x80 ? (long)data[4 + 2 * k + 1] * 97 : data[4 + 2 * k + 1] % 16;
	struct disclosure_table t;
	char err[100];
	if (disclosure_table(&r, cells, rows, cols, &t, err, sizeof err) < 0)
		abort(); /* counts here are never negative */
	if (!disclosure_rule_valid(&r))
		disclosure_rule_default(&r);
	for (size_t k = 0; k < rows * cols; k++)
		check_figure(&r, &t.cells[k]);
	for (size_t i = 0; i < rows; i++)
		check_figure(&r, &t.row_totals[i]);
	for (size_t j = 0; j < cols; j++)
		check_figure(&r, &t.col_totals[j]);
	check_figure(&r, &t.total);
	check_lines(&t, 1);
	check_lines(&t, 0);
	disclosure_table_release(&t);
	struct disclosed d = disclosure_count(&r, size > 5 ? (long)data[4] << 8 | data[5] : 0);
	check_figure(&r, &d);
	return 0;
}
