/*
 * page.h - the frame every HTML page shares: head (title, stylesheet, viewport for phones), header with
 * the site name, navigation and the signed-in person, the message of the last action, breadcrumbs, footer.
 */
#ifndef CAREGRID_PAGE_H
#define CAREGRID_PAGE_H

#include "lib/buf.h"
#include "lib/html.h"

struct request;

struct crumb {
	const char *label;
	const char *href; /* NULL for the current page */
};

/* Writes everything up to the opening of <main>. CRUMBS ends with a NULL label; may be NULL. */
void page_begin(struct buf *b, const struct request *req, const char *title, const struct crumb *crumbs);
/* Closes <main> and writes the footer. */
void page_end(struct buf *b);

/* The hidden field that carries the session's CSRF token in a form. */
void page_csrf_field(struct buf *b, const struct request *req);

#endif
