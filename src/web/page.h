/*
 * page.h - the frame every HTML page shares: head (title, stylesheet, viewport for phones), header with
 * the site name and breadcrumbs, and footer.
 */
#ifndef CAREGRID_PAGE_H
#define CAREGRID_PAGE_H

#include "lib/buf.h"
#include "lib/html.h"

struct crumb {
	const char *label;
	const char *href; /* NULL for the current page */
};

/* Writes everything up to the opening of <main>. CRUMBS ends with a NULL label; may be NULL. */
void page_begin(struct buf *b, const char *title, const struct crumb *crumbs);
/* Closes <main> and writes the footer. */
void page_end(struct buf *b);

#endif
