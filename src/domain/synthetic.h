/*
 * synthetic.h - a deterministic synthetic region for benchmarks: N Primary Care Homes under localities,
 * each with R finished rounds on the grid answered by K raters. The same N, R and K always give the same
 * database content, so figures measured on it can be compared.
 */
#ifndef CAREGRID_SYNTHETIC_H
#define CAREGRID_SYNTHETIC_H

#include <stddef.h>

#include "domain/instrument.h"
#include "lib/error.h"

struct store;

struct synthetic_spec {
	size_t units;   /* Primary Care Homes */
	size_t rounds;  /* per unit */
	size_t raters;  /* per round */
	void (*progress)(size_t done, size_t total, void *ctx); /* may be NULL */
	void *progress_ctx;
};

/* Fills an empty database (already migrated) with the region "SYN"; ERR on failure. */
int synthetic_region(struct store *s, const struct instrument *grid, const struct synthetic_spec *spec,
		     struct error *err);

#endif
