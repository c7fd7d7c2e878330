/*
 * page.h - the frame every HTML page shares: head (title, stylesheet, viewport for phones), header with
 * the site name, navigation and the signed-in person, the message of the last action, breadcrumbs, footer.
 */
#ifndef CAREGRID_PAGE_H
#define CAREGRID_PAGE_H

#include "lib/buf.h"
#include "lib/html.h"

struct item;
struct request;

struct crumb {
	const char *label;
	const char *href; /* NULL for the current page */
};

/* Writes everything up to the opening of <main>. CRUMBS ends with a NULL label; may be NULL. */
void page_begin(struct buf *b, const struct request *req, const char *title, const struct crumb *crumbs);
/* Closes <main> and writes the footer. */
void page_end(struct buf *b);

/* The frame of a page a respondent sees (a survey, a colleague's 360 form): the name, nothing to sign in to
 * or browse, the same skip link and accessibility statement. */
void respondent_page_begin(struct buf *b, const struct request *req, const char *title);
void respondent_page_end(struct buf *b);

/* An item's question as its fieldset's legend (what a screen reader names the group by): its code and its
 * title, or its text when it has no title; a text beside a title follows as a paragraph. */
void page_item_question(struct buf *b, const struct item *it);

/* The hidden field that carries the session's CSRF token in a form. */
void page_csrf_field(struct buf *b, const struct request *req);

#endif
