/*
 * catalog.h - the instruments a caregrid process knows: the built-in ones compiled into the binary,
 * those in an --instruments directory, and those added to the database. Every version is kept, so that
 * what was stored against an old version can still be read; listings show the latest version of each id.
 *
 * Two texts that claim the same id and version must be identical: a changed instrument needs a new
 * version number, which is what keeps history from being rewritten.
 */
#ifndef CAREGRID_CATALOG_H
#define CAREGRID_CATALOG_H

#include <stddef.h>

#include "domain/instrument.h"
#include "lib/error.h"
#include "lib/strvec.h"

struct catalog;
struct store;

struct catalog *catalog_new(void);
void catalog_free(struct catalog *cat);

/*
 * Adds INS (the catalog takes ownership, also on failure). Returns 1 when added, 0 when an identical
 * text of that id and version was already there (INS is freed), -1 with a line in PROBLEMS when a
 * different text of that id and version was.
 */
int catalog_add(struct catalog *cat, struct instrument *ins, struct strvec *problems);

/* The instruments compiled into the binary. -1 only if one is broken, which the tests rule out. */
int catalog_load_builtin(struct catalog *cat, struct strvec *problems);

/*
 * Every *.json file in DIR, in name order. A bad file is reported in PROBLEMS and skipped whole; the good
 * ones are still loaded. Returns the number of files rejected, or -1 if DIR cannot be read.
 */
int catalog_load_dir(struct catalog *cat, const char *dir, struct strvec *problems);

/*
 * Makes the database and the catalog agree: every version the catalog has that the database lacks is
 * stored, and every version only the database has is loaded. Conflicting texts of one version are
 * reported in PROBLEMS and left as they are in the database. -1 on a storage error (ERR filled).
 */
int catalog_sync_store(struct catalog *cat, struct store *store, struct strvec *problems, struct error *err);

/* The latest version of each id: built-ins first in their fixed order, then the others by id. */
size_t catalog_count(const struct catalog *cat);
const struct instrument *catalog_get(const struct catalog *cat, size_t i);

/* The instrument ID at VERSION, or its latest version when VERSION is 0; NULL when unknown. */
const struct instrument *catalog_find(const struct catalog *cat, const char *id, long version);

/*
 * The registered-population bounds that the instruments' checks set (grid 2.1, characteristic C4): 1 when
 * some item carries one (the first found gives *min and *max, and ITEMS gets "id code" of each item, comma
 * separated), 0 when none does.
 */
int catalog_population_bounds(const struct catalog *cat, long *min, long *max, char *items, size_t size);

#endif
