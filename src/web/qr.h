/*
 * qr.h - a QR code of a link as an inline SVG (libqrencode): for the shared link a facilitator puts on a
 * screen in a staff meeting, or prints.
 */
#ifndef CAREGRID_QR_H
#define CAREGRID_QR_H

#include <stdbool.h>

#include "lib/buf.h"

/* Appends an <svg> of TEXT's QR code (error correction M, a quiet zone of 4 modules) SIZE_PX wide, named
 * LABEL for screen readers. False (nothing written) when TEXT cannot be encoded. */
bool qr_svg(struct buf *b, const char *text, int size_px, const char *label);

#endif
