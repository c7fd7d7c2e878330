/* test_disclosure.c - disclosure control on worked figures: NHS Digital's rule on single counts (0, 1-7, the
 * rounding edges), a configured rule, percentages from rounded figures, and tables worked by hand where a hidden
 * cell would be recovered from a total without secondary suppression (one per row, a chain through a column,
 * a line with nothing left to hide but its total). */
#include <criterion/criterion.h>
#include <string.h>

#include "stats/disclosure.h"

static struct disclosure_rule nhs = {DISCLOSURE_THRESHOLD_DEFAULT, DISCLOSURE_BASE_DEFAULT};

static const char *
text(struct disclosed d)
{
	static char buf[32];
	disclosure_text(&d, buf, sizeof buf);
	return buf;
}

Test(disclosure, nhs_rule_on_single_counts)
{
	cr_expect_str_eq(text(disclosure_count(&nhs, 0)), "0", "0 names no one");
	for (long n = 1; n <= 7; n++)
		cr_expect_str_eq(text(disclosure_count(&nhs, n)), "*", "%ld hidden", n);
	cr_expect_str_eq(text(disclosure_count(&nhs, 8)), "10");
	cr_expect_str_eq(text(disclosure_count(&nhs, 12)), "10");
	cr_expect_str_eq(text(disclosure_count(&nhs, 13)), "15");
	cr_expect_str_eq(text(disclosure_count(&nhs, 15)), "15");
	cr_expect_str_eq(text(disclosure_count(&nhs, 1234)), "1235");
	cr_expect_str_eq(text(disclosure_count(&nhs, -3)), "0", "negative read as 0");
	cr_expect_eq(disclosure_count(&nhs, 5).state, DISCLOSED_SMALL);
}

Test(disclosure, configured_rule_and_invalid_rule_falls_back)
{
	struct disclosure_rule r = {10, 10};
	cr_expect_str_eq(text(disclosure_count(&r, 10)), "*");
	cr_expect_str_eq(text(disclosure_count(&r, 11)), "20", "10 would read as a hidden size");
	cr_expect_str_eq(text(disclosure_count(&r, 24)), "20");
	cr_expect_str_eq(text(disclosure_count(&r, 25)), "30", "halves up");
	r = (struct disclosure_rule){6, 5};
	cr_expect_str_eq(text(disclosure_count(&r, 7)), "10", "5 would read as a hidden size");
	r = (struct disclosure_rule){3, 1};
	cr_expect_str_eq(text(disclosure_count(&r, 4)), "4", "base 1: no rounding");
	r = (struct disclosure_rule){3, 100};
	cr_expect_str_eq(text(disclosure_count(&r, 40)), "100", "never rounded down to 0");
	r = (struct disclosure_rule){0, 5};
	cr_expect(!disclosure_rule_valid(&r));
	cr_expect_str_eq(text(disclosure_count(&r, 2)), "*", "a threshold of 0 would show 2: the default instead");
	cr_expect_str_eq(text(disclosure_count(NULL, 6)), "*");
}

Test(disclosure, percentages_from_rounded_figures)
{
	struct disclosed part = disclosure_count(&nhs, 12), whole = disclosure_count(&nhs, 38), small;
	double p = 0;
	cr_assert_eq(disclosure_percent(&part, &whole, &p), 1);
	cr_expect_float_eq(p, 25.0, 1e-12, "10 of 40, not 12 of 38");
	small = disclosure_count(&nhs, 3);
	cr_expect_eq(disclosure_percent(&small, &whole, &p), 0);
	struct disclosed zero = disclosure_count(&nhs, 0);
	cr_expect_eq(disclosure_percent(&zero, &zero, &p), 0);
}

static struct disclosure_table
table(const long *cells, size_t rows, size_t cols)
{
	struct disclosure_table t;
	char err[100];
	cr_assert_eq(disclosure_table(&nhs, cells, rows, cols, &t, err, sizeof err), 0, "%s", err);
	return t;
}

static void
expect_row(const struct disclosure_table *t, size_t i, const char *const *want, const char *total)
{
	for (size_t j = 0; j < t->cols; j++)
		cr_expect_str_eq(text(*disclosure_cell(t, i, j)), want[j], "row %zu col %zu", i, j);
	cr_expect_str_eq(text(t->row_totals[i]), total, "row %zu total", i);
}

/*
 * Two practices x three segments. Without secondary suppression, practice A's frailty 5 is "*" but its total
 * 5+40+100 = 145 and 40, 100 are shown: 145-40-100 recovers it. The rows first: A's next smallest (40) is
 * hidden with it. Then the columns: column 1 has one hidden cell (A's 5) against a shown total 25, so B's 20
 * goes; column 2 likewise (A's 40 against 80), so B's 40 goes. Row B now has two hidden cells: stable.
 */
Test(disclosure, one_hidden_cell_per_row_is_not_recoverable)
{
	static const long cells[] = {5, 40, 100, 20, 40, 300};
	struct disclosure_table t = table(cells, 2, 3);
	expect_row(&t, 0, (const char *[]){"*", "*", "100"}, "145");
	expect_row(&t, 1, (const char *[]){"*", "*", "300"}, "360");
	cr_expect_eq(disclosure_cell(&t, 0, 0)->state, DISCLOSED_SMALL);
	cr_expect_eq(disclosure_cell(&t, 0, 1)->state, DISCLOSED_SECONDARY);
	cr_expect_str_eq(text(t.col_totals[0]), "25");
	cr_expect_str_eq(text(t.col_totals[1]), "80");
	cr_expect_str_eq(text(t.total), "505");
	disclosure_table_release(&t);
}

/* One column (a single segment): each row's only cell is its total, so a hidden cell hides its row total, and
 * the row totals' column then needs a second hidden total (the smallest other one). */
Test(disclosure, a_line_with_nothing_else_to_hide_hides_its_total)
{
	static const long cells[] = {6, 50, 90};
	struct disclosure_table t = table(cells, 3, 1);
	expect_row(&t, 0, (const char *[]){"*"}, "*");
	expect_row(&t, 1, (const char *[]){"*"}, "*");
	expect_row(&t, 2, (const char *[]){"90"}, "90");
	cr_expect_str_eq(text(t.total), "145");
	disclosure_table_release(&t);
}

/* Nothing small: no suppression at all, totals from the true counts (12+13 = 25, not 10+15). */
Test(disclosure, totals_from_true_counts_then_rounded)
{
	static const long cells[] = {12, 13, 0, 22};
	struct disclosure_table t = table(cells, 2, 2);
	expect_row(&t, 0, (const char *[]){"10", "15"}, "25");
	expect_row(&t, 1, (const char *[]){"0", "20"}, "20");
	cr_expect_str_eq(text(t.col_totals[0]), "10");
	cr_expect_str_eq(text(t.col_totals[1]), "35");
	cr_expect_str_eq(text(t.total), "45", "47 rounded");
	disclosure_table_release(&t);
}

/* A small total is hidden itself (3 + 0 = 3): row 0 then needs nothing more (its total is hidden, so the 0 may
 * show); column 0 hides the 30 beside the 3, and the row totals' column hides the 70 beside the hidden 3. */
Test(disclosure, small_total_hidden_with_a_partner)
{
	static const long cells[] = {3, 0, 30, 40, 50, 60};
	struct disclosure_table t = table(cells, 3, 2);
	expect_row(&t, 0, (const char *[]){"*", "0"}, "*");
	expect_row(&t, 1, (const char *[]){"*", "40"}, "*");
	expect_row(&t, 2, (const char *[]){"50", "60"}, "110");
	cr_expect_str_eq(text(t.col_totals[0]), "85");
	cr_expect_str_eq(text(t.total), "185");
	disclosure_table_release(&t);
}

Test(disclosure, refuses_negative_counts_and_empty_table_is_fine)
{
	static const long bad[] = {4, -1};
	struct disclosure_table t;
	char err[100];
	cr_expect_eq(disclosure_table(&nhs, bad, 1, 2, &t, err, sizeof err), -1);
	cr_expect_str_eq(err, "count at row 1, column 2 is negative");
	cr_assert_eq(disclosure_table(&nhs, NULL, 0, 0, &t, err, sizeof err), 0);
	cr_expect_str_eq(text(t.total), "0");
	disclosure_table_release(&t);
}
