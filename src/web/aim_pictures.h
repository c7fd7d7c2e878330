/*
 * aim_pictures.h - an aim's other pictures, beside its driver diagram (aim_diagram.h): the PICK chart of its
 * change ideas (effort × impact), each idea's PDSA ramp as rising steps, and the spread matrix of a network's
 * or region's aim (its ideas × the units that adopted it). Each SVG is hidden from screen readers and points
 * to its text alternative, which the same file writes: a numbered list with the picture's numbers.
 */
#ifndef CAREGRID_AIM_PICTURES_H
#define CAREGRID_AIM_PICTURES_H

#include "domain/aim.h"
#include "lib/buf.h"
#include "web/http.h"

/* The four quadrants, each idea a numbered disc in its PICK place (1.. in T's order, never overlapping). */
void aim_pick_svg(struct buf *b, struct request *req, const struct aim_tree *t);
/* The text alternative (id "pick-list"): the ideas numbered as on the chart, with PICK place and status. */
void aim_pick_list(struct buf *b, struct request *req, const struct aim_tree *t);
/* IDEA's ramp: its cycles as rising steps, each with its number, date and Act glyph (web/svg_marks.c). */
void aim_ramp_svg(struct buf *b, struct request *req, const struct aim_tree *t, const struct aim_idea *idea);
/* The ramp in words (id "ramp-N", N the idea's id): each cycle's dates, prediction, result and decision. */
void aim_ramp_list(struct buf *b, struct request *req, const struct aim_tree *t, const struct aim_idea *idea);
/* The spread matrix: a table of T's ideas × its adopting units, each cell that unit's status for the idea. */
void aim_spread_table(struct buf *b, struct request *req, const struct aim_tree *t);

#endif
