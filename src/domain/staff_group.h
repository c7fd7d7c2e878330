/*
 * staff_group.h - the staff groups of a region (a top-level unit), by which survey results are broken
 * down: GP, nurse, pharmacist, ... A new region starts with the default list; its admins may change it.
 */
#ifndef CAREGRID_STAFF_GROUP_H
#define CAREGRID_STAFF_GROUP_H

#include <stdint.h>

#include "domain/audit.h"
#include "lib/error.h"

struct store;

struct staff_group {
	int64_t id;
	const char *code, *name; /* valid during the callback only */
};

/* Adds the default groups to REGION_ID, inside the caller's transaction. */
int staff_groups_seed(struct store *s, int64_t region_id, struct error *err);

typedef int (*staff_group_fn)(void *ctx, const struct staff_group *g);
int staff_groups_each(struct store *s, int64_t region_id, staff_group_fn fn, void *ctx, struct error *err);

/* Audited; CODE as for unit codes, NAME non-blank. */
int staff_group_add(struct store *s, const struct actor *who, int64_t region_id, const char *region_code,
		    const char *code, const char *name, struct error *err);
int staff_group_remove(struct store *s, const struct actor *who, int64_t region_id, const char *region_code,
		       const char *code, struct error *err);

#endif
