/* test_interval.c - the t quantile against R's qt(0.975, df), and Welch's interval worked by hand. */
#include <criterion/criterion.h>
#include <math.h>

#include "stats/interval.h"

Test(interval, t_quantile_matches_r)
{
	/* qt(0.975, df) in R. */
	cr_expect_float_eq(stats_t975(1), 12.706205, 1e-5);
	cr_expect_float_eq(stats_t975(2), 4.302653, 1e-5);
	cr_expect_float_eq(stats_t975(3), 3.182446, 1e-5);
	cr_expect_float_eq(stats_t975(5), 2.570582, 1e-5);
	cr_expect_float_eq(stats_t975(10), 2.228139, 1e-5);
	cr_expect_float_eq(stats_t975(30), 2.042272, 1e-5);
	cr_expect_float_eq(stats_t975(1000), 1.962339, 1e-5);
}

Test(interval, welch_difference_matches_r)
{
	/* x = 1..4: mean 2.5, var 5/3; y = 2..6: mean 4, var 2.5. se^2 = 5/12 + 1/2 = 11/12;
	 * df = (11/12)^2 / ((5/12)^2/3 + (1/2)^2/4) = 0.840278 / 0.120370 = 6.98077. */
	struct difference d = stats_mean_difference(2.5, 5.0 / 3.0, 4, 4.0, 2.5, 5);
	cr_expect_float_eq(d.diff, 1.5, 1e-12);
	cr_expect_float_eq(d.df, 6.98077, 0.0001);
	double half = stats_t975(d.df) * sqrt(11.0 / 12.0);
	cr_expect_float_eq(d.lo, 1.5 - half, 1e-9);
	cr_expect_float_eq(d.hi, 1.5 + half, 1e-9);
	cr_expect(stats_t975(6) > stats_t975(d.df) && stats_t975(d.df) > stats_t975(7), "between qt for 6 and 7 df");
}

Test(interval, undefined_without_enough_data)
{
	struct difference d = stats_mean_difference(2, NAN, 1, 3, 1, 10);
	cr_expect_float_eq(d.diff, 1.0, 1e-12, "one rater: a difference, no interval");
	cr_expect(isnan(d.lo) && isnan(d.hi));
	d = stats_mean_difference(2, 0, 5, 2, 0, 5);
	cr_expect(isnan(d.lo), "no spread at all");
	d = stats_mean_difference(NAN, 0, 0, 2, 1, 5);
	cr_expect(isnan(d.diff));
}
