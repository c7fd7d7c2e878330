/* test_agreement.c - agreement statistics against hand-worked values and Krippendorff's (2011) worked
 * example: alpha 0.849 (interval), 0.815 (ordinal), 0.743 (nominal) for his 4 observers x 12 units. */
#include <criterion/criterion.h>
#include <math.h>

#include "stats/agreement.h"

#define M NAN

/* Krippendorff 2011, section C: units are rows here, observers A-D columns. */
static const double kripp[12 * 4] = {
	1, 1, M, 1,  2, 2, 3, 2,  3, 3, 3, 3,  3, 3, 3, 3,  2, 2, 2, 2,  1, 2, 3, 4,
	4, 4, 4, 4,  1, 1, 2, 1,  2, 2, 2, 2,  M, 5, 5, 5,  M, M, 1, 1,  M, 3, M, M,
};

Test(agreement, equals_krippendorffs_worked_example)
{
	cr_expect_float_eq(agreement_alpha(kripp, 12, 4, ALPHA_INTERVAL), 0.849, 0.0005);
	cr_expect_float_eq(agreement_alpha(kripp, 12, 4, ALPHA_ORDINAL), 0.815, 0.0005);
	cr_expect_float_eq(agreement_alpha(kripp, 12, 4, ALPHA_NOMINAL), 0.743, 0.0005);
}

Test(agreement, alpha_is_undefined_without_variation_or_pairs)
{
	const double same[] = {2, 2, 2, 2, 2, 2};
	cr_expect(isnan(agreement_alpha(same, 2, 3, ALPHA_INTERVAL)), "all raters equal everywhere");
	const double lonely[] = {1, M, M, 3, M, M};
	cr_expect(isnan(agreement_alpha(lonely, 2, 3, ALPHA_INTERVAL)), "no unit has two values");
	const double none[] = {M, M, M, M};
	cr_expect(isnan(agreement_alpha(none, 2, 2, ALPHA_ORDINAL)), "all don't know");
}

Test(agreement, alpha_is_one_for_perfect_agreement_with_variation)
{
	const double x[] = {0, 0, 0, 4, 4, M, 2, 2, 2};
	cr_expect_float_eq(agreement_alpha(x, 3, 3, ALPHA_INTERVAL), 1.0, 1e-12);
	cr_expect_float_eq(agreement_alpha(x, 3, 3, ALPHA_ORDINAL), 1.0, 1e-12);
}

Test(agreement, item_statistics_by_hand)
{
	/* Scores 1, 2, 2, 3, 4 on a 5-level scale: mean 2.4, median 2, s^2 = (1.96+.16+.16+.36+2.56)/4 = 1.3,
	 * sigma_E^2 = 24/12 = 2, rwg = 1 - 1.3/2 = 0.35. */
	const double x[] = {3, 1, 4, 2, 2};
	struct item_stats st = agreement_item(x, 5, 5);
	cr_expect_eq(st.n, 5);
	cr_expect_float_eq(st.mean, 2.4, 1e-12);
	cr_expect_float_eq(st.median, 2.0, 1e-12);
	cr_expect_float_eq(st.var, 1.3, 1e-12);
	cr_expect_float_eq(st.sd, sqrt(1.3), 1e-12);
	cr_expect_float_eq(st.rwg, 0.35, 1e-12);
	const double even[] = {0, 1, 3, 4};
	cr_expect_float_eq(agreement_item(even, 4, 5).median, 2.0, 1e-12);
}

Test(agreement, rwg_edge_cases)
{
	const double same[] = {3, 3, 3, 3};
	cr_expect_float_eq(agreement_item(same, 4, 5).rwg, 1.0, 1e-12, "all raters equal");
	const double split[] = {0, 4, 0, 4};
	cr_expect_float_eq(agreement_item(split, 4, 5).rwg, 0.0, 1e-12, "s^2 = 5.33 > 2 gives 0");
	const double one[] = {2};
	struct item_stats st = agreement_item(one, 1, 5);
	cr_expect(isnan(st.rwg) && isnan(st.sd), "one rater: undefined");
	cr_expect_float_eq(st.mean, 2.0, 1e-12);
	st = agreement_item(NULL, 0, 5);
	cr_expect(isnan(st.mean) && isnan(st.median), "no scores (all don't know)");
}

Test(agreement, rwg_j_by_hand)
{
	/* Variances 1.3 and 0.5 (and an item with none) on 5 levels: m = 0.9, m/2 = 0.45, J = 2:
	 * 2 * 0.55 / (2 * 0.55 + 0.45) = 1.1 / 1.55. */
	const double v[] = {1.3, NAN, 0.5};
	cr_expect_float_eq(agreement_rwg_j(v, 3, 5), 1.1 / 1.55, 1e-12);
	const double wide[] = {3.0, 2.5};
	cr_expect_float_eq(agreement_rwg_j(wide, 2, 5), 0.0, 1e-12);
	const double none[] = {NAN, NAN};
	cr_expect(isnan(agreement_rwg_j(none, 2, 5)));
}
