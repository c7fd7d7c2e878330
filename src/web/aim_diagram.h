/*
 * aim_diagram.h - an aim's driver diagram as server-side SVG, and the same as an outline of nested lists (its
 * text alternative, and what a phone shows); the words for the aims' fixed lists (aim_diagram.c).
 */
#ifndef CAREGRID_AIM_DIAGRAM_H
#define CAREGRID_AIM_DIAGRAM_H

#include "domain/aim.h"
#include "lib/buf.h"
#include "web/http.h"

void aim_diagram_svg(struct buf *b, struct request *req, const struct aim_tree *t);
void aim_diagram_outline(struct buf *b, struct request *req, const struct aim_tree *t);

/* The person's words for an aim's status, an idea's PICK place and status, a measure's kind. */
const char *aim_status_words(const struct request *req, const char *status);
const char *aim_pick_words(const struct request *req, const char *pick);
const char *aim_idea_status_words(const struct request *req, const char *status);
const char *aim_kind_words(const struct request *req, const char *kind);

#endif
