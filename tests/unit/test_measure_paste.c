/* test_measure_paste.c - the periods a measure paste reads (domain/measure_paste.c): the forms the label
 * promises, each to one day, and nothing else. */
#include <criterion/criterion.h>
#include <string.h>

#include "domain/improve.h"

static const char *
period(const char *text)
{
	static char out[11];
	return measure_period(text, out) ? out : NULL;
}

Test(measure_paste, a_day_month_or_iso_week_is_read_as_one_day)
{
	cr_expect_str_eq(period("2026-03-01"), "2026-03-01");
	cr_expect_str_eq(period(" 2026-03 "), "2026-03-01", "a month is its first day");
	cr_expect_str_eq(period("01/03/2026"), "2026-03-01", "a day written with slashes is day first");
	cr_expect_str_eq(period("Mar 2026"), "2026-03-01");
	cr_expect_str_eq(period("March 2026"), "2026-03-01");
	cr_expect_str_eq(period("marzo 2026"), "2026-03-01", "a Spanish month name");
	cr_expect_str_eq(period("Mawrth 2026"), "2026-03-01", "a Welsh month name");
	cr_expect_str_eq(period("2026-W10"), "2026-03-02", "an ISO week is its Monday");
	cr_expect_str_eq(period("2026-W01"), "2025-12-29", "week 1 may start in the year before");
	cr_expect_str_eq(period("2020-W53"), "2020-12-28", "2020 has a week 53");
}

Test(measure_paste, what_names_no_single_day_is_refused)
{
	const char *bad[] = {"", "Week", "2026-13", "31/02/2026", "2026-02-30", "2026-W54", "2025-W53",
			     "Marathon 2026x", "03/2026", "2026-3-1", "12.5", "Mar", "2026-W1O", NULL};
	for (int i = 0; bad[i]; i++)
		cr_expect_null(period(bad[i]), "\"%s\" should name no day", bad[i]);
}
