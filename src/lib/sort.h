/*
 * sort.h - qsort that may be given an empty array. C leaves qsort(NULL, 0, ...) undefined and UBSan stops
 * on it (a regional grid with no rows did); every sort in caregrid goes through here.
 */
#ifndef CAREGRID_SORT_H
#define CAREGRID_SORT_H

#include <stdlib.h>

static inline void
sort_array(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(base, n, size, cmp);
}

#endif
