/* test_retention.c - the dates of the purge: months added to a close at a month's end (31 August plus 6 months
 * is the last of February), the cutoff that says what is due on a day, checked against every close over years
 * (what closed on or before the cutoff is exactly what is due), and the policy's fields and bounds. */
#include <criterion/criterion.h>
#include <string.h>

#include "domain/retention.h"
#include "domain/schedule.h"

Test(retention, months_after_a_close_at_the_end_of_a_month)
{
	struct retention_policy p;
	retention_policy_defaults(&p);
	p.comments_months = 6;
	char out[11];
	retention_comments_on(&p, "2026-08-31", out);
	cr_expect_str_eq(out, "2027-02-28", "31 August + 6 months: the last of February");
	retention_comments_on(&p, "2027-08-31", out);
	cr_expect_str_eq(out, "2028-02-29", "in a leap year");
	p.comments_months = 24;
	retention_comments_on(&p, "2026-12-06", out);
	cr_expect_str_eq(out, "2028-12-06");
	retention_addresses_on(&p, "2026-12-07", out);
	cr_expect_str_eq(out, "2027-01-06", "30 days, across a year");
}

Test(retention, the_cutoff_at_a_month_end_takes_the_whole_month)
{
	char out[11];
	retention_cutoff_months("2027-02-28", 6, out);
	cr_expect_str_eq(out, "2026-08-31", "on the last of February, what closed up to 31 August is due");
	retention_cutoff_months("2027-02-27", 6, out);
	cr_expect_str_eq(out, "2026-08-27");
	retention_cutoff_months("2027-04-30", 1, out);
	cr_expect_str_eq(out, "2027-03-31");
	retention_cutoff_months("2027-03-30", 1, out);
	cr_expect_str_eq(out, "2027-02-28");
	retention_cutoff_days("2027-01-06", 30, out);
	cr_expect_str_eq(out, "2026-12-07");
}

/* For every close day D and every purge day A over four years: D is on or before cutoff(A) exactly when D plus
 * MONTHS is on or before A; so the page's date and the purge agree to the day. */
Test(retention, the_cutoff_agrees_with_the_purge_day_for_every_day)
{
	static const int months[] = {1, 6, 24, 72};
	for (size_t m = 0; m < sizeof months / sizeof *months; m++) {
		char a[11] = "2027-01-01", end[11];
		date_add_days(a, 800, end);
		for (; strcmp(a, end) < 0; date_add_days(a, 1, a)) {
			char cut[11], d[11], lo[11];
			retention_cutoff_months(a, months[m], cut);
			date_add_days(cut, -3, lo);
			date_add_days(cut, 4, d);
			for (char *x = lo; strcmp(x, d) < 0; date_add_days(x, 1, x)) {
				char due[11];
				date_add_months(x, months[m], due);
				bool by_cut = strcmp(x, cut) <= 0, by_due = strcmp(due, a) <= 0;
				cr_assert_eq(by_cut, by_due, "%d months, purge on %s, closed %s: cutoff %s, due %s",
					     months[m], a, x, cut, due);
			}
		}
	}
}

Test(retention, fields_take_whole_numbers_within_bounds)
{
	struct retention_policy p;
	struct error err;
	retention_policy_defaults(&p);
	cr_expect_eq(p.addresses_days, 30);
	cr_expect_eq(p.comments_months, 24);
	cr_expect_eq(p.answers_months, 24);
	cr_expect_eq(p.plans_years, 6);
	cr_expect_eq(p.audit_years, 6);
	cr_expect(p.vacuum_weekly);
	cr_expect_eq(retention_policy_field(&p, "addresses_days", "45", &err), 0);
	cr_expect_eq(p.addresses_days, 45);
	cr_expect_eq(retention_policy_field(&p, "addresses_days", "0", &err), -1);
	cr_expect_str_eq(err.field, "addresses_days");
	cr_expect(strstr(err.msg, "from 1 to 3650"));
	cr_expect_eq(retention_policy_field(&p, "plans_years", "6x", &err), -1, "not a whole number");
	cr_expect_eq(retention_policy_field(&p, "audit_years", "51", &err), -1);
	cr_expect_eq(retention_policy_field(&p, "forever", "1", &err), -1);
	cr_expect_eq(retention_policy_field(&p, "vacuum_weekly", "off", &err), 0);
	cr_expect(!p.vacuum_weekly);
	cr_expect_eq(retention_policy_field(&p, "vacuum_weekly", "maybe", &err), -1);
	cr_expect_eq(p.addresses_days, 45, "a refused value changes nothing");
}

Test(retention, counts_in_words_never_content)
{
	char buf[256];
	struct retention_counts c = {.addresses = 38, .comments = 412, .audit = 1};
	retention_counts_text(&c, buf, sizeof buf);
	cr_expect_str_eq(buf, "412 comments, 38 addresses, 1 audit entry");
	memset(&c, 0, sizeof c);
	retention_counts_text(&c, buf, sizeof buf);
	cr_expect_str_eq(buf, "nothing");
}
