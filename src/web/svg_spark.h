/*
 * svg_spark.h - the tiniest SPC chart, for a cell of the measure summary's small multiples: the values as a
 * line, the special-cause points as dots coloured as on the full chart, the last segment's mean and process
 * limits, and the target. Its words are the caller's: the chart is an image labelled with them.
 */
#ifndef CAREGRID_SVG_SPARK_H
#define CAREGRID_SVG_SPARK_H

#include <stdbool.h>

#include "lib/buf.h"
#include "stats/spc.h"

#define SVG_SPARK_W 160
#define SVG_SPARK_H 48

/* R drawn SVG_SPARK_W x SVG_SPARK_H, as an image whose title and label are LABEL (its text alternative).
 * Values that are no number or infinite are gaps; any finite ones are drawn, in time linear in R's points. */
void svg_spark_spc(struct buf *b, const struct spc_result *r, bool has_target, double target, const char *label);

#endif
