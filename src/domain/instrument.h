/*
 * instrument.h - an instrument (a framework a team or a leader is rated on) loaded from its JSON file,
 * validated, and kept read-only in memory. The format is documented in docs/instruments.md.
 *
 * Only instrument_parse builds these structs and it guarantees their invariants: codes present and unique,
 * texts non-empty, a scale of at least two levels with strictly increasing values. Treat them as read-only.
 */
#ifndef CAREGRID_INSTRUMENT_H
#define CAREGRID_INSTRUMENT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "lib/strvec.h"

/* An instrument file larger than this is refused before parsing. */
#define INSTRUMENT_MAX_BYTES (1024 * 1024)

struct level {
	long value;
	const char *label;
	const char *meaning; /* NULL when absent */
};

struct item {
	const char *code;
	const char *title; /* NULL when absent */
	const char *text;  /* NULL for a from -> to item */
	const char *from, *to;
	/* check.registered_population: the population bounds an automated check applies (grid 2.1, C4). */
	bool has_population_check;
	long population_min, population_max;
};

struct domain {
	const char *code;
	const char *title;
	const char *description; /* NULL when absent */
	struct item *items;
	size_t n_items;
};

struct instrument {
	const char *id;
	long version;
	const char *title;
	const char *subtitle, *source, *note; /* NULL when absent */
	const char *subject;                  /* "team", "organisation" or "individual" */
	const char *scale_note;               /* NULL when absent */
	struct level *levels;
	size_t n_levels;
	bool dont_know;
	struct domain *domains;
	size_t n_domains;
	size_t n_items;
	char *origin;          /* owned: where it came from, a path or "built-in:NAME" or "database" */
	char *canonical;       /* owned: compact JSON with sorted keys; what the database stores */
	char hash[65];         /* hex BLAKE2b-256 of canonical without its translations: two texts of one version must
				* agree on everything but their translations, which may be added or mended in place */
	json_t *root;          /* owned reference: every const char * above points into it */
	/* The same instrument in other languages (docs/instruments.md, "Languages"): the same codes, values and
	 * order, other words. A translation's LANG is its language's code, its BASE the English one; it owns its
	 * arrays only (no origin, canonical or root of its own). */
	const char *lang;      /* NULL: English, the instrument as written */
	const struct instrument *base;
	struct instrument **translations;
	size_t n_translations;
};

extern const char *const instrument_subjects[]; /* NULL-terminated */

/*
 * Parses and validates TEXT (LEN bytes). ORIGIN names the source in messages ("instruments/x.json").
 * Returns a new instrument (free with instrument_free), or NULL after appending one line per problem to
 * PROBLEMS, each "ORIGIN: $.json.path: problem" or, for broken JSON, "ORIGIN:LINE:COLUMN: ...".
 */
struct instrument *instrument_parse(const char *text, size_t len, const char *origin,
				    struct strvec *problems);

/* Reads and parses the file at PATH; as instrument_parse, with I/O failures reported the same way. */
struct instrument *instrument_load_file(const char *path, struct strvec *problems);

void instrument_free(struct instrument *ins);

/* The item with CODE, or NULL; *domain_out (if given) is set to its domain. */
const struct item *instrument_find_item(const struct instrument *ins, const char *code,
					const struct domain **domain_out);

/* ITEM's position among all items, counted across domains in order, or (size_t)-1 when there is none. */
size_t instrument_item_index(const struct instrument *ins, const char *code);

/* The level with VALUE, or NULL. */
const struct level *instrument_find_level(const struct instrument *ins, long value);

/* INS in the language LANG ("cy"): its translation, or INS itself when it has none (or LANG is NULL or "en"). */
const struct instrument *instrument_in(const struct instrument *ins, const char *lang);

/* A JSON description for the API and --json output (a new reference): the instrument itself plus the
 * summary counts, "n_domains" and "n_items". */
json_t *instrument_to_json(const struct instrument *ins);
/* The same, in the words of a translation (instrument_in), without the other translations; "language" says
 * which, "languages" lists every one it has. */

#endif
