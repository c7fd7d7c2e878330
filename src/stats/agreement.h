/*
 * agreement.h - how much raters agree, as pure functions over arrays (no I/O).
 *
 *   rwg (James, Demaree & Wolf 1984) for one item rated by several people: 1 - s^2 / sigma_E^2, where s^2
 *   is the sample variance (n - 1) of the scores and sigma_E^2 = (A^2 - 1) / 12 the variance of a uniform
 *   null distribution over A levels. 0 when s^2 > sigma_E^2; undefined with fewer than 2 scores.
 *   rwg(j) for J items: J(1 - m/sigma_E^2) / (J(1 - m/sigma_E^2) + m/sigma_E^2), m the mean of the items'
 *   variances (items with fewer than 2 scores left out); 0 when m > sigma_E^2.
 *   Results equal the R package multilevel (rwg, rwg.j with ranvar = (A^2 - 1) / 12).
 *
 *   Krippendorff's alpha (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability") over a units x
 *   raters matrix with missing values, by the coincidence matrix, with the interval and the ordinal
 *   difference functions. The worked example of that paper is a unit test.
 */
#ifndef CAREGRID_AGREEMENT_H
#define CAREGRID_AGREEMENT_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>

/* A value that is not defined (too few data) is NAN; callers print it as null. */

struct item_stats {
	size_t n;      /* scores present */
	double mean;   /* NAN when n == 0 */
	double median; /* NAN when n == 0 */
	double sd;     /* sample standard deviation; NAN when n < 2 */
	double var;    /* sample variance; NAN when n < 2 */
	double rwg;    /* NAN when n < 2 */
};

/* The null variance of an A-level scale, (A^2 - 1) / 12. */
double agreement_null_variance(int levels);

/* Statistics of the N scores X (missing ones already left out). */
struct item_stats agreement_item(const double *x, size_t n, int levels);

/* rwg(j) over the variances of the items that have them (NAN entries are skipped); NAN when none does. */
double agreement_rwg_j(const double *item_var, size_t n_items, int levels);

enum alpha_metric { ALPHA_INTERVAL, ALPHA_ORDINAL, ALPHA_NOMINAL };

/*
 * Krippendorff's alpha for a matrix of N_UNITS x N_RATERS values in row-major order (unit u, rater r at
 * x[u * n_raters + r]); NAN marks a missing value. Units with fewer than 2 values are left out. NAN when
 * alpha is undefined: fewer than 2 pairable values, or no variation at all in the data.
 */
double agreement_alpha(const double *x, size_t n_units, size_t n_raters, enum alpha_metric metric);

#endif
