/*
 * agreement.c - rwg, rwg(j) and Krippendorff's alpha (see agreement.h for the definitions and references).
 */
#include "stats/agreement.h"

#include <stdlib.h>
#include <string.h>

#include "lib/xalloc.h"

double
agreement_null_variance(int levels)
{
	return ((double)levels * levels - 1.0) / 12.0;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

struct item_stats
agreement_item(const double *x, size_t n, int levels)
{
	struct item_stats st = {n, NAN, NAN, NAN, NAN, NAN};
	if (n == 0)
		return st;
	double sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += x[i];
	st.mean = sum / (double)n;
	double *sorted = xmalloc(n * sizeof *sorted);
	memcpy(sorted, x, n * sizeof *sorted);
	qsort(sorted, n, sizeof *sorted, cmp_double);
	st.median = n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
	free(sorted);
	if (n < 2)
		return st;
	/* Two passes: the textbook one-pass formula loses precision when scores are nearly equal. */
	double ss = 0;
	for (size_t i = 0; i < n; i++)
		ss += (x[i] - st.mean) * (x[i] - st.mean);
	st.var = ss / (double)(n - 1);
	st.sd = sqrt(st.var);
	double sigma = agreement_null_variance(levels);
	st.rwg = st.var > sigma ? 0.0 : 1.0 - st.var / sigma;
	return st;
}

double
agreement_rwg_j(const double *item_var, size_t n_items, int levels)
{
	double sum = 0;
	size_t j = 0;
	for (size_t i = 0; i < n_items; i++)
		if (!isnan(item_var[i])) {
			sum += item_var[i];
			j++;
		}
	if (j == 0)
		return NAN;
	double ratio = (sum / (double)j) / agreement_null_variance(levels);
	if (ratio > 1.0)
		return 0.0;
	double jr = (double)j * (1.0 - ratio);
	return jr / (jr + ratio);
}

/* The distinct values present, sorted: the categories of the coincidence matrix. */
static size_t
distinct_values(const double *x, size_t n, double **out)
{
	double *v = xmalloc((n ? n : 1) * sizeof *v);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (!isnan(x[i]))
			v[k++] = x[i];
	qsort(v, k, sizeof *v, cmp_double);
	size_t d = 0;
	for (size_t i = 0; i < k; i++)
		if (d == 0 || v[i] != v[d - 1])
			v[d++] = v[i];
	*out = v;
	return d;
}

static size_t
index_of(const double *values, size_t n, double v)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (values[mid] < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

double
agreement_alpha(const double *x, size_t n_units, size_t n_raters, enum alpha_metric metric)
{
	double *values;
	size_t V = distinct_values(x, n_units * n_raters, &values);
	double *o = xcalloc(V ? V * V : 1, sizeof *o); /* the coincidence matrix */
	size_t *count = xcalloc(V ? V : 1, sizeof *count);
	for (size_t u = 0; u < n_units; u++) {
		const double *row = x + u * n_raters;
		size_t m = 0;
		memset(count, 0, V * sizeof *count);
		for (size_t r = 0; r < n_raters; r++)
			if (!isnan(row[r])) {
				count[index_of(values, V, row[r])]++;
				m++;
			}
		if (m < 2)
			continue;
		/* Each ordered pair of values from different raters in the unit, weighted 1 / (m - 1). */
		for (size_t c = 0; c < V; c++)
			for (size_t k = 0; k < V; k++) {
				double pairs = c == k ? (double)count[c] * (count[c] - 1) : (double)count[c] * count[k];
				o[c * V + k] += pairs / (double)(m - 1);
			}
	}
	double *nc = xcalloc(V ? V : 1, sizeof *nc);
	double n = 0;
	for (size_t c = 0; c < V; c++) {
		for (size_t k = 0; k < V; k++)
			nc[c] += o[c * V + k];
		n += nc[c];
	}
	double result = NAN;
	if (n >= 2) {
		double d_o = 0, d_e = 0;
		for (size_t c = 0; c < V; c++)
			for (size_t k = 0; k < V; k++) {
				double delta2;
				if (metric == ALPHA_NOMINAL) {
					delta2 = c == k ? 0.0 : 1.0;
				} else if (metric == ALPHA_INTERVAL) {
					delta2 = (values[c] - values[k]) * (values[c] - values[k]);
				} else {
					/* Ordinal: the sum of the marginals from c to k, less half of the two ends. */
					size_t lo = c < k ? c : k, hi = c < k ? k : c;
					double s = 0;
					for (size_t g = lo; g <= hi; g++)
						s += nc[g];
					s -= (nc[c] + nc[k]) / 2.0;
					delta2 = s * s;
				}
				d_o += o[c * V + k] * delta2;
				d_e += nc[c] * nc[k] * delta2;
			}
		d_o /= n;
		d_e /= n * (n - 1);
		if (d_e > 0)
			result = 1.0 - d_o / d_e;
	}
	free(values);
	free(o);
	free(count);
	free(nc);
	return result;
}
