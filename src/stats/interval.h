/*
 * interval.h - how sure a change is: the difference of two means with its 95% confidence interval by
 * Welch's t (unequal variances, Welch-Satterthwaite degrees of freedom), as R's t.test(x, y) gives it.
 * Pure functions; no I/O.
 */
#ifndef CAREGRID_INTERVAL_H
#define CAREGRID_INTERVAL_H

#include <stddef.h>

struct difference {
	double diff;    /* mean of the second minus mean of the first; NAN when either has no data */
	double lo, hi;  /* 95% interval; NAN when either side has fewer than 2 values or no spread at all */
	double df;
};

/* The 97.5th percentile of Student's t with DF degrees of freedom (DF >= 1; fractional allowed). */
double stats_t975(double df);

/* From two samples' means, sample variances and sizes. */
struct difference stats_mean_difference(double mean1, double var1, size_t n1, double mean2, double var2, size_t n2);

#endif
