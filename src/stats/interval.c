/*
 * interval.c - Welch's interval for a difference of means (see interval.h).
 * The t quantile is found by bisection on the t distribution function, computed through the regularized
 * incomplete beta function; it equals R's qt(0.975, df), fractional df included.
 */
#include "stats/interval.h"

#include <math.h>

/* The regularized incomplete beta function I_x(a, b) by its continued fraction (Numerical Recipes 6.4). */
static double
incomplete_beta(double x, double a, double b)
{
	if (x <= 0)
		return 0;
	if (x >= 1)
		return 1;
	double front = exp(lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log(1 - x));
	if (x > (a + 1) / (a + b + 2))
		return 1 - incomplete_beta(1 - x, b, a);
	/* Lentz's method. */
	const double tiny = 1e-300;
	double f = 1, c = 1, d = 1 - (a + b) * x / (a + 1);
	if (fabs(d) < tiny)
		d = tiny;
	d = 1 / d;
	f = d;
	for (int m = 1; m <= 300; m++) {
		double num = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
		d = 1 + num * d;
		d = fabs(d) < tiny ? tiny : d;
		c = 1 + num / c;
		c = fabs(c) < tiny ? tiny : c;
		d = 1 / d;
		f *= d * c;
		num = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
		d = 1 + num * d;
		d = fabs(d) < tiny ? tiny : d;
		c = 1 + num / c;
		c = fabs(c) < tiny ? tiny : c;
		d = 1 / d;
		double delta = d * c;
		f *= delta;
		if (fabs(delta - 1) < 1e-15)
			break;
	}
	return front * f / a;
}

/* P(T <= t) for Student's t with DF degrees of freedom, t >= 0. */
static double
t_cdf(double t, double df)
{
	return 1 - 0.5 * incomplete_beta(df / (df + t * t), df / 2, 0.5);
}

double
stats_t975(double df)
{
	/* Bisection on the CDF: slow by numerical standards, a few microseconds here, and exact to 1e-10. */
	double lo = 0, hi = 1000;
	for (int i = 0; i < 100 && hi - lo > 1e-12; i++) {
		double mid = (lo + hi) / 2;
		if (t_cdf(mid, df) < 0.975)
			lo = mid;
		else
			hi = mid;
	}
	return (lo + hi) / 2;
}

struct difference
stats_mean_difference(double mean1, double var1, size_t n1, double mean2, double var2, size_t n2)
{
	struct difference d = {NAN, NAN, NAN, NAN};
	if (n1 == 0 || n2 == 0 || isnan(mean1) || isnan(mean2))
		return d;
	d.diff = mean2 - mean1;
	if (n1 < 2 || n2 < 2 || isnan(var1) || isnan(var2))
		return d;
	double a = var1 / (double)n1, b = var2 / (double)n2;
	double se2 = a + b;
	if (se2 <= 0)
		return d; /* everyone gave the same score both times: no spread to judge by */
	d.df = se2 * se2 / (a * a / (double)(n1 - 1) + b * b / (double)(n2 - 1));
	double half = stats_t975(d.df) * sqrt(se2);
	d.lo = d.diff - half;
	d.hi = d.diff + half;
	return d;
}
