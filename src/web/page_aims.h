/*
 * page_aims.h - what the aims' pages share (page_aims.c: the list and the changes posted; page_aim.c: one aim
 * with its driver diagram).
 */
#ifndef CAREGRID_PAGE_AIMS_H
#define CAREGRID_PAGE_AIMS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/aim.h"
#include "lib/buf.h"
#include "web/http.h"

/* The address of the route's unit's aim ID with SUFFIX ("", "/drivers"), in the request's arena. */
const char *aim_path(struct request *req, int64_t id, const char *suffix);
/* A new JSON object of A's own fields. */
json_t *aim_json(const struct aim *a);
/* Field NAME holding several ids (form checkboxes, a JSON array) as "3,7". */
const char *aims_ids_input(struct request *req, const char *name);
/* The same for a change that replaces the ids: NULL when the field was not sent at all (kept), "" when sent
 * empty (a JSON [] or null, or a form's checkboxes all unticked beside its hidden NAME_shown). */
const char *aims_ids_given(struct request *req, const char *name);
/* A select of the unit's measures named FIELD (OPTIONAL: with "none yet"). */
void aims_measure_select(struct buf *b, struct request *req, const char *field, const char *label, bool optional);

#endif
