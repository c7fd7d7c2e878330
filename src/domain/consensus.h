/*
 * consensus.h - what a facilitated session agrees per element (a level, a note, the evidence behind it:
 * links or uploaded files), and an outside coach's calibration rating beside the team's.
 */
#ifndef CAREGRID_CONSENSUS_H
#define CAREGRID_CONSENSUS_H

#include <stddef.h>
#include <stdint.h>

#include "domain/audit.h"
#include "domain/instrument.h"
#include "domain/round.h"
#include "lib/error.h"

struct store;

#define EVIDENCE_MAX_BYTES (5 * 1024 * 1024)
#define NOTE_MAX 4000

/*
 * Records the level KIND ("team" for the consensus, "coach" for calibration) agreed for ITEM_CODE, with a
 * note; LEVEL "" or NULL clears it. The team's consensus needs a round with a consensus session. Audited.
 */
int consensus_record(struct store *s, const struct actor *who, const struct round *r, const char *unit_code,
		     const struct instrument *ins, const char *item_code, const char *kind, const char *level,
		     const char *note, struct error *err);

/* A link (http or https) as evidence for ITEM_CODE. */
int evidence_add_link(struct store *s, const struct actor *who, const struct round *r, const struct instrument *ins,
		      const char *item_code, const char *url, struct error *err);
/*
 * An uploaded file as evidence: at most EVIDENCE_MAX_BYTES, and a PDF, PNG, JPEG, plain text or CSV file
 * whose content matches its type (the first bytes are checked, not just the name).
 */
int evidence_add_file(struct store *s, const struct actor *who, const struct round *r, const struct instrument *ins,
		      const char *item_code, const char *filename, const void *data, size_t len, struct error *err);

struct evidence {
	int64_t id;
	const char *item_code, *url, *filename, *content_type; /* valid during the callback only */
	size_t size;
};
typedef int (*evidence_fn)(void *ctx, const struct evidence *e);
int evidence_each(struct store *s, int64_t round_id, evidence_fn fn, void *ctx, struct error *err);
/* One uploaded file: 1 found (*data, *filename and *content_type malloc'd: free them), 0 not, -1 error. */
int evidence_file(struct store *s, int64_t round_id, int64_t id, char **filename, char **content_type, void **data,
		  size_t *len, struct error *err);

#endif
