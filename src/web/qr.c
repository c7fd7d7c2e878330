/* qr.c - QR codes as SVG (see qr.h). */
#include "web/qr.h"

#include <qrencode.h>

#include "lib/html.h"

#define QUIET 4 /* modules of white around the code, as the standard asks */

bool
qr_svg(struct buf *b, const char *text, int size_px, const char *label)
{
	QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!q)
		return false;
	int n = q->width, side = n + 2 * QUIET;
	html_printf(
		b,
		"<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"%d\" "
		"height=\"%d\" "
		"role=\"img\" aria-label=\"%s\" shape-rendering=\"crispEdges\"><rect width=\"%d\" height=\"%d\" "
		"fill=\"#fff\"/>"
		"<path fill=\"#000\" d=\"",
		side, side, size_px, size_px, label, side, side);
	/* One horizontal run of dark modules per "M x y h w v1 h-w z": a few hundred runs, not thousands of squares. */
	for (int y = 0; y < n; y++)
		for (int x = 0; x < n;) {
			if (!(q->data[y * n + x] & 1)) {
				x++;
				continue;
			}
			int run = 1;
			while (x + run < n && (q->data[y * n + x + run] & 1))
				run++;
			buf_printf(b, "M%d %dh%dv1h-%dz", x + QUIET, y + QUIET, run, run);
			x += run;
		}
	buf_puts(b, "\"/></svg>");
	QRcode_free(q);
	return true;
}
