/* test_schedule.c - the dates of rounds on a schedule: months kept within the month reached, a series
 * anchored at its first round (no drift after a short month), missed rounds skipped to the first that can
 * still take answers, and the words and values of a schedule. */
#include <criterion/criterion.h>

#include "domain/schedule.h"

Test(schedule, months_stay_within_the_month_reached)
{
	char out[11];
	date_add_months("2027-01-31", 1, out);
	cr_expect_str_eq(out, "2027-02-28");
	date_add_months("2028-01-31", 1, out);
	cr_expect_str_eq(out, "2028-02-29", "a leap year's February");
	date_add_months("2026-11-15", 3, out);
	cr_expect_str_eq(out, "2027-02-15", "across a year");
	date_add_months("2026-12-31", 12, out);
	cr_expect_str_eq(out, "2027-12-31");
	date_add_months("2027-03-31", -1, out);
	cr_expect_str_eq(out, "2027-02-28", "backwards too");
	date_add_months("2027-01-10", -13, out);
	cr_expect_str_eq(out, "2025-12-10");
}

Test(schedule, days)
{
	char out[11];
	date_add_days("2026-12-30", 3, out);
	cr_expect_str_eq(out, "2027-01-02");
	date_add_days("2028-03-01", -1, out);
	cr_expect_str_eq(out, "2028-02-29");
	cr_expect_eq(date_days_between("2026-12-01", "2026-12-08"), 7);
	cr_expect_eq(date_days_between("2026-12-08", "2026-12-01"), -7);
	cr_expect_eq(date_days_between("2026-03-28", "2026-03-30"), 2, "across a clock change, still whole days");
}

Test(schedule, a_series_keeps_its_day_after_a_short_month)
{
	/* Anchored on 31 January: February's round opens on the 28th, March's on the 31st again. */
	long n;
	char opens[11], closes[11];
	schedule_next("2027-01-31", 1, 0, 6, "2027-02-01", &n, opens, closes);
	cr_expect_eq(n, 1);
	cr_expect_str_eq(opens, "2027-02-28");
	cr_expect_str_eq(closes, "2027-03-06");
	schedule_next("2027-01-31", 1, 1, 6, "2027-03-01", &n, opens, closes);
	cr_expect_eq(n, 2);
	cr_expect_str_eq(opens, "2027-03-31");
}

Test(schedule, missed_rounds_are_skipped_to_one_that_can_take_answers)
{
	/* A quarterly series, its server stopped from March to August: May's round (closing 14 May) is gone by; the
	 * next is August's, which is open on 20 August. */
	long n;
	char opens[11], closes[11];
	schedule_next("2027-02-01", 3, 0, 13, "2027-08-10", &n, opens, closes);
	cr_expect_eq(n, 2);
	cr_expect_str_eq(opens, "2027-08-01");
	cr_expect_str_eq(closes, "2027-08-14");
	/* On its last day a round can still take answers: it is not skipped. */
	schedule_next("2027-02-01", 3, 0, 13, "2027-05-14", &n, opens, closes);
	cr_expect_eq(n, 1);
	cr_expect_str_eq(opens, "2027-05-01");
	/* And a round still to come is the next. */
	schedule_next("2027-02-01", 1, 0, 6, "2027-02-20", &n, opens, closes);
	cr_expect_eq(n, 1);
	cr_expect_str_eq(opens, "2027-03-01");
}

Test(schedule, words_and_values)
{
	cr_expect_eq(schedule_parse("monthly"), 1);
	cr_expect_eq(schedule_parse("quarterly"), 3);
	cr_expect_eq(schedule_parse("never"), 0);
	cr_expect_eq(schedule_parse(""), 0);
	cr_expect_eq(schedule_parse(NULL), 0);
	cr_expect_eq(schedule_parse("weekly"), -1);
	cr_expect_eq(schedule_parse("Monthly"), -1);
	cr_expect_str_eq(schedule_words(1), "every month");
	cr_expect_str_eq(schedule_words(3), "every quarter");
}
